/* settings.c: the command line merged with a .dcmigrate.yml (see settings.h). */
#include "cli/settings.h"

#include <stdlib.h>
#include <string.h>

#include "ruleset/select.h"

char *dc_settings_config_path(const dc_options *o, const char *root) {
    if (o->no_config) return NULL;
    if (o->config) return dc_xstrdup(o->config);
    return dc_config_find(root);
}

static bool listed(const char *const *v, uint32_t n, const char *id) {
    for (uint32_t i = 0; i < n; i++)
        if (dc_selector_matches(v[i], id)) return true;
    return false;
}

/* One command-line root's config: the one already loaded from the same file, or loaded now
 * (and, when discovered rather than named with --config, checked for trust). NULL: none, or a
 * broken or refused one, reported and counted in *errors once per file. */
static dc_config *config_for(dc_configs *cs, const dc_options *o, const char *root, uint32_t *errors) {
    char *path = dc_settings_config_path(o, root);
    if (!path) return NULL;
    for (uint32_t i = 0; i < cs->files.len; i++) {
        if (strcmp(cs->files.v[i], path) == 0) {
            free(path);
            return cs->loaded.v[i];
        }
    }
    dc_config *c = dc_config_load(path);
    if (c && !o->config && !dc_config_trusted(c, root)) {
        dc_config_free(c);
        c = NULL;
    }
    *errors += c ? 0 : 1;
    dc_vec_push(&cs->files, path);
    dc_vec_push(&cs->loaded, c);
    return c;
}

uint32_t dc_settings_load_configs(dc_configs *cs, const dc_options *o, const char *const *roots, size_t nroots) {
    memset(cs, 0, sizeof *cs);
    uint32_t errors = 0;
    cs->by_root = dc_xcalloc(nroots ? nroots : 1, sizeof *cs->by_root);
    cs->nroots = nroots;
    for (size_t i = 0; i < nroots; i++) cs->by_root[i] = config_for(cs, o, roots[i], &errors);
    return errors;
}

uint32_t dc_settings_check_ids(const dc_configs *cs, const dc_ruleset *rs) {
    uint32_t errors = 0;
    for (uint32_t i = 0; i < cs->loaded.len; i++)
        if (cs->loaded.v[i]) errors += dc_config_check_ids(cs->loaded.v[i], rs);
    return errors;
}

void dc_settings_free_configs(dc_configs *cs) {
    for (uint32_t i = 0; i < cs->loaded.len; i++) {
        dc_config_free(cs->loaded.v[i]);
        free(cs->files.v[i]);
    }
    dc_vec_free(&cs->loaded);
    dc_vec_free(&cs->files);
    free(cs->by_root);
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

/* The config's severity overrides by rule index (-1: the rule's own). Every id is known
 * (dc_settings_check_ids ran before the scan); one the command line filtered out is left out. */
static void severity_from(dc_root_settings *st, const dc_config *c, const dc_ruleset *rs) {
    if (!c->severity.len) return;
    uint32_t n = dc_ruleset_count(rs);
    st->severity = dc_xmalloc((n ? n : 1) * sizeof *st->severity);
    memset(st->severity, -1, (n ? n : 1) * sizeof *st->severity);
    for (uint32_t k = 0; k < c->severity.len; k++) {
        const dc_rule *r = dc_ruleset_find(rs, c->severity.v[k].rule);
        if (r) st->severity[r->index] = (int8_t)c->severity.v[k].severity;
    }
}

void dc_settings_init(dc_root_settings *st, const dc_options *o, const dc_config *c, const dc_ruleset *rs) {
    memset(st, 0, sizeof *st);
    for (uint32_t i = 0; i < o->excludes.len; i++) dc_vec_push(&st->excludes, o->excludes.v[i]);
    for (uint32_t i = 0; i < o->auth.len; i++) dc_vec_push(&st->auth, o->auth.v[i]);
    dc_profile profile = o->profile;
    if (c) {
        for (uint32_t i = 0; i < c->exclude.len; i++) dc_vec_push(&st->excludes, (const char *)c->exclude.v[i]);
        for (uint32_t i = 0; i < c->auth.len; i++) dc_vec_push(&st->auth, c->auth.v[i]);
        if (c->has_sdk && !o->set_profile) profile = c->sdk;
        enabled_from(st, o, c, rs);
        severity_from(st, c, rs);
    }
    st->aopts = (dc_analyze_opts){profile, st->enabled, st->severity, false, NULL, NULL, false};
    st->fopts = (dc_fix_opts){.auth = st->auth.v, .nauth = st->auth.len};
}

void dc_settings_free(dc_root_settings *st) {
    dc_vec_free(&st->excludes);
    dc_vec_free(&st->auth);
    free(st->enabled);
    free(st->severity);
}
