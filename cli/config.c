/* config.c: finding and parsing .dcmigrate.yml (common/yamlschema: strict keys, located errors).
 *
 * Robustness choices:
 * - A key given twice in any mapping is an error (common/yamlschema.h), as in rule files: the
 *   last-one-wins reading libyaml would otherwise allow hides copy-paste mistakes.
 * - The file must be a regular file, opened without blocking (common/fileio.h): a FIFO or device
 *   named .dcmigrate.yml would otherwise block the run for ever waiting for a writer.
 * - Each config file is loaded once per run (cli/main.c the first path's, cli/run.c the other
 *   paths'), so a broken one is reported once, and its caller counts it as one error: "1 error"
 *   means one broken file, however many problems it has. */
#include "cli/config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/diag.h"
#include "common/fileio.h"

char *dc_config_find(const char *path) {
    char *abs = realpath(path, NULL);
    if (!abs) return NULL;
    struct stat st;
    if (stat(abs, &st) == 0 && !S_ISDIR(st.st_mode)) {
        char *slash = strrchr(abs, '/');
        if (slash) *(slash == abs ? slash + 1 : slash) = 0;
    }
    dc_buf cand = DC_BUF_INIT;
    char *found = NULL;
    for (;;) {
        static const char *names[] = {".dcmigrate.yml", ".dcmigrate.yaml"};
        for (int i = 0; i < 2 && !found; i++) {
            dc_buf_reset(&cand);
            dc_buf_printf(&cand, "%s%s%s", abs, strcmp(abs, "/") == 0 ? "" : "/", names[i]);
            if (access(cand.p, F_OK) == 0) found = dc_xstrdup(cand.p);
        }
        if (found || strcmp(abs, "/") == 0) break;
        char *slash = strrchr(abs, '/');
        if (!slash) break;
        *(slash == abs ? slash + 1 : slash) = 0;
    }
    dc_buf_free(&cand);
    free(abs);
    return found;
}

/* A mapping of strings to strings (`severity`, `auth_configs`): each pair to `add`, which checks
 * the value; a key or value that is not a string is reported (both are looked at). */
static void string_map(dc_yaml *y, const yaml_node_t *n, const char *what, dc_config *c,
                       void (*add)(dc_yaml *y, yaml_node_t *kn, yaml_node_t *vn, const char *k, const char *v, dc_config *c)) {
    if (!dc_yaml_expect(y, n, YAML_MAPPING_NODE, "`%s` must be a mapping", what)) return;
    yaml_node_t *kn, *vn;
    for (uint32_t i = 0; dc_yaml_pair(y, n, i, &kn, &vn); i++) {
        const char *k = dc_yaml_str(y, kn, what), *v = dc_yaml_str(y, vn, what);
        if (k && v) add(y, kn, vn, k, v, c);
    }
}

static void add_severity(dc_yaml *y, yaml_node_t *kn, yaml_node_t *vn, const char *k, const char *v, dc_config *c) {
    (void)kn;
    int sev = dc_severity_from_name(v);
    if (sev < 0) {
        dc_yaml_error(y, vn, "severity must be error, warning or info, not `%s`", v);
        return;
    }
    dc_severity_override o = {dc_xstrdup(k), (dc_severity)sev};
    dc_vec_push(&c->severity, o);
}

static void add_auth(dc_yaml *y, yaml_node_t *kn, yaml_node_t *vn, const char *k, const char *v, dc_config *c) {
    (void)vn;
    if (strncmp(k, "ac_", 3) != 0) {
        dc_yaml_error(y, kn, "auth_configs maps auth config ids (ac_...) to toolkits; `%s` is not an auth config id", k);
        return;
    }
    /* where it was given, for the messages of the fixes that carry it */
    dc_auth_map_entry e = {dc_xstrdup(k), dc_xstrdup(v), c->path, (uint32_t)kn->start_mark.line + 1};
    dc_vec_push(&c->auth, e);
}

/* ---- one reader per key (the schema below) ---- */

static void read_sdk(dc_yaml *y, yaml_node_t *kn, yaml_node_t *vn, void *obj) {
    dc_config *c = obj;
    const char *v = dc_yaml_str(y, vn, (const char *)kn->data.scalar.value);
    int prof = v ? (int)dc_profile_from_name(v) : -1;
    if (v && prof < 0) dc_yaml_error(y, vn, "sdk must be devcaster, composio or auto, not `%s`", v);
    else if (v) c->has_sdk = true, c->sdk = (dc_profile)prof;
}

static void read_fail_on(dc_yaml *y, yaml_node_t *kn, yaml_node_t *vn, void *obj) {
    dc_config *c = obj;
    const char *v = dc_yaml_str(y, vn, (const char *)kn->data.scalar.value);
    int sev = v ? dc_severity_from_name(v) : -1;
    if (v && sev < 0) dc_yaml_error(y, vn, "fail_on must be error, warning or info, not `%s`", v);
    else if (v) c->has_fail_on = true, c->fail_on = (dc_severity)sev;
}

static void strings(dc_yaml *y, yaml_node_t *kn, yaml_node_t *vn, dc_yaml_strs *out) {
    dc_yaml_strings(y, vn, (const char *)kn->data.scalar.value, "`%s` must be a list of strings", DC_YAML_ONE_IS_LIST, out);
}

static void read_select(dc_yaml *y, yaml_node_t *kn, yaml_node_t *vn, void *obj) {
    dc_config *c = obj;
    c->has_select = true;
    strings(y, kn, vn, &c->select);
}

static void read_ignore(dc_yaml *y, yaml_node_t *kn, yaml_node_t *vn, void *obj) {
    dc_config *c = obj;
    c->has_ignore = true;
    strings(y, kn, vn, &c->ignore);
}

static void read_exclude(dc_yaml *y, yaml_node_t *kn, yaml_node_t *vn, void *obj) {
    strings(y, kn, vn, &((dc_config *)obj)->exclude);
}

static void read_rules(dc_yaml *y, yaml_node_t *kn, yaml_node_t *vn, void *obj) {
    strings(y, kn, vn, &((dc_config *)obj)->rules);
}

static void read_severity(dc_yaml *y, yaml_node_t *kn, yaml_node_t *vn, void *obj) {
    string_map(y, vn, (const char *)kn->data.scalar.value, obj, add_severity);
}

static void read_auth(dc_yaml *y, yaml_node_t *kn, yaml_node_t *vn, void *obj) {
    string_map(y, vn, (const char *)kn->data.scalar.value, obj, add_auth);
}

static const dc_yaml_field config_fields[] = {
    {"sdk", read_sdk},           {"select", read_select},   {"ignore", read_ignore},
    {"exclude", read_exclude},   {"rules", read_rules},     {"severity", read_severity},
    {"auth_configs", read_auth}, {"fail_on", read_fail_on}, {NULL, NULL},
};

static const dc_yaml_schema config_schema = {
    config_fields,
    "unknown key `%s` (expected sdk, select, ignore, severity, exclude, auth_configs, fail_on, rules)",
    NULL,
    true, /* keys compared as C strings, as the config always has */
};

/* Reads the file, or reports why not (a directory gets a hint: it is the commonest mistake). */
static bool read_config(const char *file, dc_buf *data) {
    int err = 0;
    dc_file_status st = dc_file_read_regular(file, data, &err);
    if (st == DC_FILE_OK) return true;
    bool dir = st == DC_FILE_NOT_REGULAR && err == EISDIR;
    dc_diag(DC_DIAG_ERROR, file, 0, 0, "cannot read config: %s", dir ? "it is a directory, not a YAML file" : dc_file_strerror(st, err));
    return false;
}

static dc_config *config_new(const char *file) {
    dc_config *c = dc_xcalloc(1, sizeof *c);
    c->path = dc_xstrdup(file);
    char *slash = strrchr(c->path, '/');
    c->dir = slash ? dc_xstrndup(c->path, (size_t)(slash - c->path)) : dc_xstrdup(".");
    if (!c->dir[0]) {
        free(c->dir);
        c->dir = dc_xstrdup("/");
    }
    return c;
}

dc_config *dc_config_load(const char *file) {
    dc_buf data = DC_BUF_INIT;
    if (!read_config(file, &data)) {
        dc_buf_free(&data);
        return NULL;
    }
    dc_yaml y;
    dc_config *c = NULL;
    /* the config has always shown libyaml's problem without its context */
    if (dc_yaml_load(&y, file, data.p, data.len, false) == 0) {
        c = config_new(file);
        yaml_node_t *root = dc_yaml_root(&y);
        /* an empty file is a valid, empty config */
        if (root && root->type != YAML_MAPPING_NODE) dc_yaml_error(&y, root, "the config must be a YAML mapping");
        else if (root) dc_yaml_walk(&y, root, &config_schema, c);
    }
    dc_yaml_free(&y);
    dc_buf_free(&data);
    if (c && y.errors) {
        dc_config_free(c);
        c = NULL;
    }
    return c;
}

static void free_strs(void *vec) {
    DC_VEC(char *) *v = vec;
    for (uint32_t i = 0; i < v->len; i++) free(v->v[i]);
    dc_vec_free(v);
}

void dc_config_free(dc_config *c) {
    if (!c) return;
    free(c->path);
    free(c->dir);
    free_strs(&c->select);
    free_strs(&c->ignore);
    free_strs(&c->exclude);
    free_strs(&c->rules);
    for (uint32_t i = 0; i < c->severity.len; i++) free(c->severity.v[i].rule);
    dc_vec_free(&c->severity);
    for (uint32_t i = 0; i < c->auth.len; i++) {
        free((char *)c->auth.v[i].auth_config);
        free((char *)c->auth.v[i].toolkit);
    }
    dc_vec_free(&c->auth);
    free(c);
}
