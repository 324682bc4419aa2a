/* settings.c: the command line merged with a .dcmigrate.yml (see settings.h). */
#include "cli/settings.h"

#include <stdlib.h>
#include <string.h>

#include "common/diag.h"

char *dc_settings_config_path(const dc_options *o, const char *root) {
    if (o->no_config) return NULL;
    if (o->config) return dc_xstrdup(o->config);
    return dc_config_find(root);
}

static bool listed(const char *const *v, uint32_t n, const char *id) {
    for (uint32_t i = 0; i < n; i++)
        if (strcmp(v[i], id) == 0) return true;
    return false;
}

static void check_ids(const dc_ruleset *rs, const dc_config *c, char *const *ids, uint32_t n, const char *key,
                      uint32_t *errors) {
    for (uint32_t i = 0; i < n; i++) {
        if (dc_ruleset_knows(rs, ids[i])) continue;
        dc_diag(DC_DIAG_ERROR, c->path, 0, 0, "unknown rule id `%s` in `%s` (see dcmigrate --list-rules)", ids[i], key);
        (*errors)++;
    }
}

/* The config's select/ignore as a per-rule switch, unless the command line gave its own. */
static void enabled_from(dc_root_settings *st, const dc_options *o, const dc_config *c, const dc_ruleset *rs) {
    if (!(c->has_select || c->has_ignore) || o->set_select || o->set_ignore) return;
    uint32_t n = dc_ruleset_count(rs);
    st->enabled = dc_xcalloc(n ? n : 1, sizeof *st->enabled);
    for (uint32_t i = 0; i < n; i++) {
        const char *id = dc_ruleset_get(rs, i)->id;
        st->enabled[i] = (!c->select.len || listed((const char *const *)c->select.v, c->select.len, id)) &&
                         !listed((const char *const *)c->ignore.v, c->ignore.len, id);
    }
}

/* The config's severity overrides by rule index (-1: the rule's own). */
static void severity_from(dc_root_settings *st, const dc_config *c, const dc_ruleset *rs, uint32_t *errors) {
    if (!c->severity.len) return;
    uint32_t n = dc_ruleset_count(rs);
    st->severity = dc_xmalloc((n ? n : 1) * sizeof *st->severity);
    memset(st->severity, -1, (n ? n : 1) * sizeof *st->severity);
    for (uint32_t k = 0; k < c->severity.len; k++) {
        const dc_rule *r = dc_ruleset_find(rs, c->severity.v[k].rule);
        if (r) {
            st->severity[r->index] = (int8_t)c->severity.v[k].severity;
        } else if (!dc_ruleset_knows(rs, c->severity.v[k].rule)) {
            dc_diag(DC_DIAG_ERROR, c->path, 0, 0, "unknown rule id `%s` in `severity`", c->severity.v[k].rule);
            (*errors)++;
        }
    }
}

void dc_settings_init(dc_root_settings *st, const dc_options *o, const dc_config *c, const dc_ruleset *rs,
                      uint32_t *errors) {
    memset(st, 0, sizeof *st);
    for (uint32_t i = 0; i < o->excludes.len; i++) dc_vec_push(&st->excludes, o->excludes.v[i]);
    for (uint32_t i = 0; i < o->auth.len; i++) dc_vec_push(&st->auth, o->auth.v[i]);
    dc_profile profile = o->profile;
    if (c) {
        for (uint32_t i = 0; i < c->exclude.len; i++) dc_vec_push(&st->excludes, (const char *)c->exclude.v[i]);
        for (uint32_t i = 0; i < c->auth.len; i++) dc_vec_push(&st->auth, c->auth.v[i]);
        if (c->has_sdk && !o->set_profile) profile = c->sdk;
        check_ids(rs, c, c->select.v, c->select.len, "select", errors);
        check_ids(rs, c, c->ignore.v, c->ignore.len, "ignore", errors);
        enabled_from(st, o, c, rs);
        severity_from(st, c, rs, errors);
    }
    st->aopts = (dc_analyze_opts){profile, st->enabled, st->severity, false};
    st->fopts = (dc_fix_opts){.auth = st->auth.v, .nauth = st->auth.len};
}

void dc_settings_free(dc_root_settings *st) {
    dc_vec_free(&st->excludes);
    dc_vec_free(&st->auth);
    free(st->enabled);
    free(st->severity);
}
