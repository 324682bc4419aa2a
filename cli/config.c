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
#include "common/text.h"
#include "ruleset/select.h"

/* Cuts the last component off a resolved absolute path ("/a/b" -> "/a", "/a" -> "/"). */
static void path_up(char *p) {
    char *slash = strrchr(p, '/');
    if (slash) *(slash == p ? slash + 1 : slash) = 0;
}

static char *path_join(const char *dir, const char *name) {
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s%s%s", dir, strcmp(dir, "/") == 0 ? "" : "/", name);
    return dc_buf_detach(&b);
}

/* The repository root of `dir` (resolved, absolute): the nearest directory at or above it that
 * holds `.git` (a directory, or the file of a worktree or submodule). Outside git: the current
 * directory when `dir` is under it (a run from a project's top on one of its subdirectories
 * still finds the project's config), else `dir` itself. Heap string. */
static char *repo_root(const char *dir) {
    char *d = dc_xstrdup(dir);
    for (;;) {
        char *git = path_join(d, ".git");
        struct stat st;
        bool found = lstat(git, &st) == 0;
        free(git);
        if (found) return d;
        if (strcmp(d, "/") == 0) break;
        path_up(d);
    }
    free(d);
    char *cwd = realpath(".", NULL);
    if (cwd && dc_file_within(cwd, dir)) return cwd;
    free(cwd);
    return dc_xstrdup(dir);
}

/* `path` resolved, and cut to its directory when it is not one. Heap string or NULL. */
static char *resolved_dir(const char *path) {
    char *abs = realpath(path, NULL);
    struct stat st;
    if (abs && stat(abs, &st) == 0 && !S_ISDIR(st.st_mode)) path_up(abs);
    return abs;
}

char *dc_config_find(const char *path) {
    char *abs = resolved_dir(path);
    if (!abs) return NULL;
    char *stop = repo_root(abs), *found = NULL;
    for (;;) {
        static const char *names[] = {".dcmigrate.yml", ".dcmigrate.yaml"};
        for (int i = 0; i < 2 && !found; i++) {
            char *cand = path_join(abs, names[i]);
            if (access(cand, F_OK) == 0) found = cand;
            else free(cand);
        }
        if (found || strcmp(abs, stop) == 0 || strcmp(abs, "/") == 0) break;
        path_up(abs);
    }
    free(stop);
    free(abs);
    return found;
}

bool dc_config_trusted(const dc_config *c, const char *scanned) {
    uid_t me = geteuid();
    if (c->owner != me && c->owner != 0) {
        dc_diag(DC_DIAG_ERROR, c->path, 0, 0,
                "owned by uid %u, neither you (uid %u) nor root; refused: its owner would decide what dcmigrate "
                "changes (name it with --config to use it, or run with --no-config)",
                (unsigned)c->owner, (unsigned)me);
        return false;
    }
    char *dir = resolved_dir(scanned);
    char *root = dir ? repo_root(dir) : NULL;
    bool inside = root && dc_file_within(root, c->path);
    if (root && !inside) {
        dc_buf shown = DC_BUF_INIT;
        dc_text_quote_path(&shown, root);
        dc_diag(DC_DIAG_ERROR, c->path, 0, 0,
                "a symbolic link out of the repository (%s); refused (name it with --config to use it, or run "
                "with --no-config)",
                shown.p);
        dc_buf_free(&shown);
    }
    free(dir);
    free(root);
    return inside || !root;
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
    int sev = dc_severity_from_name(v);
    if (sev < 0) {
        dc_yaml_error(y, vn, "severity must be error, warning or info, not `%s`", v);
        return;
    }
    dc_severity_override o = {dc_xstrdup(k), (dc_severity)sev, {dc_yaml_line(kn), dc_yaml_col(kn)}};
    dc_vec_push(&c->severity, o);
}

static void add_auth(dc_yaml *y, yaml_node_t *kn, yaml_node_t *vn, const char *k, const char *v, dc_config *c) {
    (void)vn;
    if (strncmp(k, "ac_", 3) != 0) {
        dc_yaml_error(y, kn, "auth_configs maps auth config ids (ac_...) to toolkits; `%s` is not an auth config id", k);
        return;
    }
    /* where it was given, for the messages of the fixes that carry it */
    dc_auth_map_entry e = {dc_xstrdup(k), dc_xstrdup(v), c->shown, (uint32_t)kn->start_mark.line + 1};
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

/* A list of strings (or one), with where each was written when `at` is not NULL. */
static void strings(dc_yaml *y, yaml_node_t *kn, yaml_node_t *vn, dc_yaml_strs *out, dc_yaml_marks *at) {
    dc_yaml_strings_at(y, vn, (const char *)kn->data.scalar.value, "`%s` must be a list of strings",
                       DC_YAML_ONE_IS_LIST, out, at);
}

static void read_select(dc_yaml *y, yaml_node_t *kn, yaml_node_t *vn, void *obj) {
    dc_config *c = obj;
    c->has_select = true;
    strings(y, kn, vn, &c->select, &c->select_at);
}

static void read_ignore(dc_yaml *y, yaml_node_t *kn, yaml_node_t *vn, void *obj) {
    dc_config *c = obj;
    c->has_ignore = true;
    strings(y, kn, vn, &c->ignore, &c->ignore_at);
}

static void read_exclude(dc_yaml *y, yaml_node_t *kn, yaml_node_t *vn, void *obj) {
    strings(y, kn, vn, &((dc_config *)obj)->exclude, NULL);
}

static void read_rules(dc_yaml *y, yaml_node_t *kn, yaml_node_t *vn, void *obj) {
    dc_config *c = obj;
    strings(y, kn, vn, &c->rules, &c->rules_at);
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

/* Reads the file and its owner, or reports why not (a directory gets a hint: it is the
 * commonest mistake). The owner comes from the descriptor that was read, not from a stat of the
 * name that could describe another file. */
static bool read_config(const char *file, dc_buf *data, uid_t *owner) {
    int fd, err = 0;
    struct stat st;
    dc_file_status status = dc_file_open_regular(file, &fd, &st, &err);
    if (status == DC_FILE_OK) {
        status = dc_file_read_fd(fd, 0, data, &err);
        close(fd);
        *owner = st.st_uid;
    }
    if (status == DC_FILE_OK) return true;
    bool dir = status == DC_FILE_NOT_REGULAR && err == EISDIR;
    dc_diag(DC_DIAG_ERROR, file, 0, 0, "cannot read config: %s", dir ? "it is a directory, not a YAML file" : dc_file_strerror(status, err));
    return false;
}

/* `path` as a report shows where an auth config came from: relative to the working directory
 * when it lies below it (a discovered config's path is absolute), so reports do not depend on
 * where the checkout is. Heap string. */
static char *shown_path(const char *path) {
    char *cwd = path[0] == '/' ? realpath(".", NULL) : NULL;
    size_t n = cwd ? strlen(cwd) : 0;
    char *out = cwd && n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/' ? dc_xstrdup(path + n + 1)
                                                                            : dc_xstrdup(path);
    free(cwd);
    return out;
}

/* `dir`: the file's directory as written, for relative `rules` entries (and their messages);
 * `root`: the repository root of where the file really is (repo_root). */
static dc_config *config_new(const char *file) {
    dc_config *c = dc_xcalloc(1, sizeof *c);
    c->path = dc_xstrdup(file);
    char *slash = strrchr(c->path, '/');
    c->dir = slash ? dc_xstrndup(c->path, (size_t)(slash - c->path)) : dc_xstrdup(".");
    if (!c->dir[0]) {
        free(c->dir);
        c->dir = dc_xstrdup("/");
    }
    char *real = resolved_dir(c->path);
    if (!real) real = resolved_dir(c->dir); /* parsed from memory: there may be no such file */
    c->root = real ? repo_root(real) : NULL;
    free(real);
    c->shown = shown_path(c->path);
    return c;
}

dc_config *dc_config_parse(const char *origin, const char *data, size_t len) {
    dc_yaml y;
    dc_config *c = NULL;
    /* the config has always shown libyaml's problem without its context */
    if (dc_yaml_load(&y, origin, data, len, false) == 0) {
        c = config_new(origin);
        yaml_node_t *root = dc_yaml_root(&y);
        /* an empty file is a valid, empty config */
        if (root && root->type != YAML_MAPPING_NODE) dc_yaml_error(&y, root, "the config must be a YAML mapping");
        else if (root) dc_yaml_walk(&y, root, &config_schema, c);
    }
    dc_yaml_free(&y);
    if (c && y.errors) {
        dc_config_free(c);
        c = NULL;
    }
    return c;
}

dc_config *dc_config_load(const char *file) {
    dc_buf data = DC_BUF_INIT;
    uid_t owner = 0;
    dc_config *c = read_config(file, &data, &owner) ? dc_config_parse(file, data.p, data.len) : NULL;
    if (c) c->owner = owner;
    dc_buf_free(&data);
    return c;
}

/* ---- what needs the rule set ------------------------------------------------------------- */

static uint32_t check_list(const dc_config *c, const dc_ruleset *rs, const dc_yaml_strs *ids, const dc_yaml_marks *at,
                           const char *key) {
    uint32_t errors = 0;
    for (uint32_t i = 0; i < ids->len; i++) {
        if (dc_selector_known(rs, ids->v[i])) continue;
        dc_buf hint = DC_BUF_INIT;
        dc_selector_hint(&hint, rs, ids->v[i]);
        dc_diag(DC_DIAG_ERROR, c->path, at->v[i].line, at->v[i].col, "unknown rule id `%s` in `%s`%s", ids->v[i], key,
                hint.p);
        dc_buf_free(&hint);
        errors++;
    }
    return errors;
}

uint32_t dc_config_check_ids(const dc_config *c, const dc_ruleset *rs) {
    uint32_t errors = check_list(c, rs, &c->select, &c->select_at, "select");
    errors += check_list(c, rs, &c->ignore, &c->ignore_at, "ignore");
    for (uint32_t k = 0; k < c->severity.len; k++) {
        const dc_severity_override *o = &c->severity.v[k];
        if (dc_ruleset_knows(rs, o->rule)) continue;
        dc_diag(DC_DIAG_ERROR, c->path, o->at.line, o->at.col, "unknown rule id `%s` in `severity` (see dcmigrate --list-rules)",
                o->rule);
        errors++;
    }
    return errors;
}

uint32_t dc_config_load_rules(const dc_config *c, dc_ruleset *rs, uint32_t *config_errors) {
    uint32_t errors = 0;
    for (uint32_t i = 0; i < c->rules.len; i++) {
        const char *d = c->rules.v[i];
        const dc_yaml_mark at = c->rules_at.v[i];
        char *full = d[0] == '/' ? dc_xstrdup(d) : path_join(c->dir, d);
        struct stat st;
        int err = stat(full, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
        if (err) {
            dc_diag(DC_DIAG_ERROR, c->path, at.line, at.col, "cannot read rules directory `%s`: %s", d, strerror(err));
            (*config_errors)++;
        } else if (!c->root || !dc_file_within(c->root, full)) {
            dc_buf shown = DC_BUF_INIT;
            dc_text_quote_path(&shown, c->root ? c->root : "?");
            dc_diag(DC_DIAG_ERROR, c->path, at.line, at.col,
                    "rule directory `%s` leads out of the repository (%s); refused: only --rules on the command line "
                    "may name rules from elsewhere",
                    d, shown.p);
            dc_buf_free(&shown);
            (*config_errors)++;
        } else {
            errors += (uint32_t)dc_ruleset_load_dir(rs, full, c->root);
        }
        free(full);
    }
    return errors;
}

static void free_strs(void *vec) {
    DC_VEC(char *) *v = vec;
    for (uint32_t i = 0; i < v->len; i++) free(v->v[i]);
    dc_vec_free(v);
}

void dc_config_free(dc_config *c) {
    if (!c) return;
    free(c->path);
    free(c->shown);
    free(c->dir);
    free(c->root);
    dc_vec_free(&c->select_at);
    dc_vec_free(&c->ignore_at);
    dc_vec_free(&c->rules_at);
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
