/* config.c: finding and parsing .dcmigrate.yml (libyaml document API, strict keys).
 *
 * Robustness choices:
 * - A key given twice in any mapping is an error (common/yamlschema.h), as in rule files: the
 *   last-one-wins reading libyaml would otherwise allow hides copy-paste mistakes.
 * - The file is opened O_NONBLOCK and must be a regular file: a FIFO or device named
 *   .dcmigrate.yml would otherwise block the run for ever waiting for a writer.
 * - Each config file is loaded once per run (cli/main.c the first path's, cli/run.c the other
 *   paths'), so a broken one is reported once, and its caller counts it as one error: "1 error"
 *   means one broken file, however many problems it has. */
#include "cli/config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "common/diag.h"
#include "common/yamlschema.h"

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

typedef struct cfg_loader {
    yaml_document_t *doc;
    const char *path;
    int errors;
} cfg_loader;

#define CLOC(n) (uint32_t)((n)->start_mark.line + 1), (uint32_t)((n)->start_mark.column + 1)

static void cfg_error(cfg_loader *L, yaml_node_t *n, const char *msg, const char *detail) {
    dc_diag(DC_DIAG_ERROR, L->path, CLOC(n), msg, detail ? detail : "");
    L->errors++;
}

static const char *scalar(cfg_loader *L, yaml_node_t *n, const char *what) {
    if (n && n->type == YAML_SCALAR_NODE) return (const char *)n->data.scalar.value;
    cfg_error(L, n, "`%s` must be a string", what);
    return NULL;
}

/* A list of strings (a single string is accepted as a list of one). */
static void string_list(cfg_loader *L, yaml_node_t *n, const char *what, void *vec) {
    DC_VEC(char *) *v = vec;
    if (n->type == YAML_SCALAR_NODE) {
        dc_vec_push(v, dc_xstrdup((const char *)n->data.scalar.value));
        return;
    }
    if (n->type != YAML_SEQUENCE_NODE) {
        cfg_error(L, n, "`%s` must be a list of strings", what);
        return;
    }
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        const char *s = scalar(L, yaml_document_get_node(L->doc, *it), what);
        if (s) dc_vec_push(v, dc_xstrdup(s));
    }
}

static void mapping(cfg_loader *L, yaml_node_t *n, const char *what, dc_config *c, bool severity) {
    if (n->type != YAML_MAPPING_NODE) {
        cfg_error(L, n, "`%s` must be a mapping", what);
        return;
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = yaml_document_get_node(L->doc, p->key), *vn = yaml_document_get_node(L->doc, p->value);
        const char *k = scalar(L, kn, what), *v = scalar(L, vn, what);
        if (!k || !v) continue;
        if (severity) {
            int sev = dc_severity_from_name(v);
            if (sev < 0) {
                cfg_error(L, vn, "severity must be error, warning or info, not `%s`", v);
                continue;
            }
            dc_severity_override o = {dc_xstrdup(k), (dc_severity)sev};
            dc_vec_push(&c->severity, o);
        } else {
            if (strncmp(k, "ac_", 3) != 0) {
                cfg_error(L, kn, "auth_configs maps auth config ids (ac_...) to toolkits; `%s` is not an auth config id", k);
                continue;
            }
            dc_auth_map_entry e = {dc_xstrdup(k), dc_xstrdup(v)};
            dc_vec_push(&c->auth, e);
        }
    }
}

static void parse_root(cfg_loader *L, yaml_node_t *root, dc_config *c) {
    if (!root) return; /* an empty file is a valid, empty config */
    if (root->type != YAML_MAPPING_NODE) {
        cfg_error(L, root, "the config must be a YAML mapping%s", NULL);
        return;
    }
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = yaml_document_get_node(L->doc, p->key), *vn = yaml_document_get_node(L->doc, p->value);
        const char *k = scalar(L, kn, "key");
        if (!k) continue;
        if (!strcmp(k, "sdk")) {
            const char *v = scalar(L, vn, k);
            int prof = v ? (int)dc_profile_from_name(v) : -1;
            if (v && prof < 0) cfg_error(L, vn, "sdk must be devcaster, composio or auto, not `%s`", v);
            else if (v) c->has_sdk = true, c->sdk = (dc_profile)prof;
        } else if (!strcmp(k, "select")) {
            c->has_select = true;
            string_list(L, vn, k, &c->select);
        } else if (!strcmp(k, "ignore")) {
            c->has_ignore = true;
            string_list(L, vn, k, &c->ignore);
        } else if (!strcmp(k, "exclude")) {
            string_list(L, vn, k, &c->exclude);
        } else if (!strcmp(k, "rules")) {
            string_list(L, vn, k, &c->rules);
        } else if (!strcmp(k, "severity")) {
            mapping(L, vn, k, c, true);
        } else if (!strcmp(k, "auth_configs")) {
            mapping(L, vn, k, c, false);
        } else if (!strcmp(k, "fail_on")) {
            const char *v = scalar(L, vn, k);
            int sev = v ? dc_severity_from_name(v) : -1;
            if (v && sev < 0) cfg_error(L, vn, "fail_on must be error, warning or info, not `%s`", v);
            else if (v) c->has_fail_on = true, c->fail_on = (dc_severity)sev;
        } else {
            cfg_error(L, kn,
                      "unknown key `%s` (expected sdk, select, ignore, severity, exclude, auth_configs, fail_on, rules)",
                      k);
        }
    }
}

/* Opens the config for reading; NULL after reporting why not. */
static FILE *open_config(const char *file) {
    int fd = open(file, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        dc_diag(DC_DIAG_ERROR, file, 0, 0, "cannot read config: %s", strerror(errno));
        if (fd >= 0) close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        dc_diag(DC_DIAG_ERROR, file, 0, 0, "cannot read config: %s",
                S_ISDIR(st.st_mode) ? "it is a directory, not a YAML file" : "not a regular file");
        close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        dc_diag(DC_DIAG_ERROR, file, 0, 0, "cannot read config: %s", strerror(errno));
        close(fd);
    }
    return f;
}

dc_config *dc_config_load(const char *file) {
    FILE *f = open_config(file);
    if (!f) return NULL;
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, f);
    if (!yaml_parser_load(&parser, &doc)) {
        dc_diag(DC_DIAG_ERROR, file, (uint32_t)parser.problem_mark.line + 1, (uint32_t)parser.problem_mark.column + 1,
                "invalid YAML: %s", parser.problem ? parser.problem : "error");
        yaml_parser_delete(&parser);
        fclose(f);
        return NULL;
    }
    if (dc_yaml_duplicate_keys(&doc, file)) {
        yaml_document_delete(&doc);
        yaml_parser_delete(&parser);
        fclose(f);
        return NULL;
    }
    dc_config *c = dc_xcalloc(1, sizeof *c);
    c->path = dc_xstrdup(file);
    char *slash = strrchr(c->path, '/');
    c->dir = slash ? dc_xstrndup(c->path, (size_t)(slash - c->path)) : dc_xstrdup(".");
    if (!c->dir[0]) {
        free(c->dir);
        c->dir = dc_xstrdup("/");
    }
    cfg_loader L = {&doc, file, 0};
    parse_root(&L, yaml_document_get_root_node(&doc), c);
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    fclose(f);
    if (L.errors) {
        dc_config_free(c);
        return NULL;
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
