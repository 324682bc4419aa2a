/* tsconfig.c: tsconfig.json / jsconfig.json for import resolution (TS rule 2 in resolve.h):
 * reading, "extends" chains (with loop and depth guards), solution-style "references", and the
 * per-directory choice of the nearest config.
 *
 * Each config file is read once (a tsearch tree by path finds it again), whatever number of
 * directories and extends chains name it. Its effective baseUrl/paths are computed once and
 * finalised once, as rel paths, so a query only matches keys and probes files. */
#include <jansson.h>
#include <search.h>
#include <stdlib.h>
#include <string.h>

#include "common/diag.h"
#include "project/jsonc.h"
#include "project/resolve_p.h"

#define RS_TS_CONSEQUENCE "its paths and baseUrl are not used to resolve imports"
#define RS_CONFIG_DIR "${configDir}"

typedef enum { RS_NEW = 0, RS_VISITING, RS_DONE } rs_visit;

struct rs_tsnode {
    uint32_t root;
    const char *rel, *dir, *display;
    const char *text; /* kept until the extends chain is followed (for the "extends" line) */
    size_t text_len;
    bool broken;      /* unreadable, invalid, or its extends chain is */
    rs_visit state;
    rs_strs extends, refs;
    bool has_paths;   /* "paths" present (an empty object still overrides an inherited one) */
    rs_pat *pats;
    uint32_t npats;
    const char *base_url;
    int32_t eff_paths, eff_base; /* the nodes that set them, after extends, or -1 */
    bool final_done, use_done;
    int32_t use;      /* node whose rs_tsfinal files here use (self or a reference), or -1 */
    rs_tsfinal final;
};

typedef struct rs_tskey {
    uint32_t root;
    const char *rel;
    int32_t node; /* -1: known to be absent */
} rs_tskey;

static int rs_tskey_cmp(const void *a, const void *b) {
    const rs_tskey *x = a, *y = b;
    if (x->root != y->root) return x->root < y->root ? -1 : 1;
    return strcmp(x->rel, y->rel);
}

/* ---- reading one config -------------------------------------------------------------------- */

/* The strings of a JSON string or array of strings (other members ignored, as TS reports them). */
static rs_strs rs_json_strs(dc_arena *a, json_t *v) {
    const char *tmp[64];
    uint32_t n = 0;
    if (json_is_string(v)) tmp[n++] = json_string_value(v);
    size_t i;
    json_t *e;
    if (json_is_array(v))
        json_array_foreach(v, i, e) if (json_is_string(e) && n < 64) tmp[n++] = json_string_value(e);
    return rs_strs_dup(a, tmp, n);
}

static void rs_ts_parse_paths(dc_resolver *r, rs_tsnode *n, json_t *paths) {
    if (!json_is_object(paths)) return;
    n->has_paths = true;
    n->pats = dc_arena_alloc(&r->arena, (json_object_size(paths) + 1) * sizeof *n->pats);
    const char *key;
    json_t *v;
    json_object_foreach(paths, key, v) {
        rs_pat p;
        if (!rs_pat_split(&r->arena, key, &p)) {
            dc_diag(DC_DIAG_WARNING, n->display, dc_jsonc_key_line(n->text, n->text_len, key), 0,
                    "paths key \"%s\" has more than one '*'; ignored", key);
            continue;
        }
        p.targets = rs_json_strs(&r->arena, v);
        n->pats[n->npats++] = p;
    }
}

static void rs_ts_parse(dc_resolver *r, rs_tsnode *n, json_t *j) {
    n->extends = rs_json_strs(&r->arena, json_object_get(j, "extends"));
    json_t *co = json_object_get(j, "compilerOptions");
    if (json_is_object(co)) {
        json_t *bu = json_object_get(co, "baseUrl");
        if (json_is_string(bu)) n->base_url = dc_arena_strdup(&r->arena, json_string_value(bu));
        rs_ts_parse_paths(r, n, json_object_get(co, "paths"));
    }
    json_t *refs = json_object_get(j, "references"), *e;
    const char *tmp[64];
    uint32_t k = 0;
    size_t i;
    if (json_is_array(refs))
        json_array_foreach(refs, i, e) {
            json_t *p = json_object_get(e, "path");
            if (json_is_string(p) && k < 64) tmp[k++] = json_string_value(p);
        }
    n->refs = rs_strs_dup(&r->arena, tmp, k);
}

/* The node of config root/rel, read on first use; -1 when there is no such file. */
static int32_t rs_ts_load(dc_resolver *r, uint32_t root, const char *rel) {
    rs_tskey probe = {root, rel, -1};
    rs_tskey **hit = tfind(&probe, &r->ts_index, rs_tskey_cmp);
    if (hit) return (*hit)->node;
    rs_tskey *key = dc_arena_alloc(&r->arena, sizeof *key);
    *key = (rs_tskey){root, dc_arena_strdup(&r->arena, rel), -1};
    tsearch(key, &r->ts_index, rs_tskey_cmp);
    rs_probe_result pr = rs_probe(r, root, rel);
    if (pr == RS_ABSENT) return -1;
    rs_tsnode *n = dc_arena_alloc(&r->arena, sizeof *n);
    const char *slash = strrchr(key->rel, '/');
    *n = (rs_tsnode){.root = root, .rel = key->rel, .display = rs_display(r, root, rel), .eff_paths = -1,
                     .eff_base = -1, .use = -1, .broken = true};
    n->dir = slash ? dc_arena_strndup(&r->arena, key->rel, (size_t)(slash - key->rel)) : "";
    key->node = (int32_t)r->ts.len;
    dc_vec_push(&r->ts, n);
    char *text;
    size_t len;
    if (pr == RS_PRESENT && rs_read(r, root, rel, &text, &len)) {
        json_t *j = dc_jsonc_load(n->display, text, len, true, RS_TS_CONSEQUENCE);
        n->text = text, n->text_len = len;
        if (j) {
            n->broken = false;
            rs_ts_parse(r, n, j);
            json_decref(j);
        }
    }
    return key->node;
}

/* ---- extends ---------------------------------------------------------------------------------- */

static int32_t rs_ts_load_json(dc_resolver *r, uint32_t root, const char *rel) {
    char p[RS_PATH_MAX];
    int32_t id = rs_ts_load(r, root, rel);
    if (id >= 0 || dc_str_ends_with(rel, ".json")) return id;
    if (snprintf(p, sizeof p, "%s.json", rel) >= (int)sizeof p) return -1;
    return rs_ts_load(r, root, p);
}

/* "extends": "@tsconfig/node20" or "pkg/tsconfig.base.json" through the node_modules
 * directories from the config's directory up to the root. */
static int32_t rs_ts_extends_pkg(dc_resolver *r, const rs_tsnode *n, const char *spec) {
    char dir[RS_PATH_MAX], p[RS_PATH_MAX];
    const char *slash = strchr(spec, '/');
    bool bare = !slash || (spec[0] == '@' && !strchr(slash + 1, '/'));
    snprintf(dir, sizeof dir, "%s", n->dir);
    for (;;) {
        int k = snprintf(p, sizeof p, "%s%snode_modules/%s", dir, *dir ? "/" : "", spec);
        if (k > 0 && (size_t)k < sizeof p - 16) {
            int32_t id = bare ? -1 : rs_ts_load_json(r, n->root, p);
            if (bare) {
                strcat(p, "/tsconfig.json");
                id = rs_ts_load(r, n->root, p);
            }
            if (id >= 0) return id;
        }
        if (!*dir) return -1;
        char *up = strrchr(dir, '/');
        if (up) *up = 0;
        else dir[0] = 0;
    }
}

static int32_t rs_ts_extends_target(dc_resolver *r, const rs_tsnode *n, const char *spec) {
    char p[RS_PATH_MAX];
    const char *real = r->roots[n->root].real;
    if (spec[0] == '/') {
        size_t k = real ? strlen(real) : 0;
        if (!real || strncmp(spec, real, k) != 0 || spec[k] != '/' || !rs_join(p, "", spec + k + 1)) return -1;
        return rs_ts_load_json(r, n->root, p);
    }
    if (spec[0] == '.') return rs_join(p, n->dir, spec) ? rs_ts_load_json(r, n->root, p) : -1;
    return rs_ts_extends_pkg(r, n, spec);
}

static void rs_ts_effective(dc_resolver *r, int32_t id, int depth);

/* Follows one "extends" entry of node `id`; false when it breaks the node. */
static bool rs_ts_follow(dc_resolver *r, int32_t id, const char *spec, int depth) {
    rs_tsnode *n = r->ts.v[id];
    unsigned line = dc_jsonc_key_line(n->text, n->text_len, "extends");
    int32_t b = rs_ts_extends_target(r, n, spec);
    if (b < 0) {
        if (spec[0] == '.' || spec[0] == '/')
            dc_diag(DC_DIAG_WARNING, n->display, line, 0,
                    "extends \"%s\": no such file inside the scanned tree; its settings are not inherited", spec);
        return true; /* a package that is not installed: TypeScript reports it, the rest still applies */
    }
    rs_tsnode *bn = r->ts.v[b];
    if (bn->state == RS_VISITING || depth >= RS_EXTENDS_MAX) {
        dc_diag(DC_DIAG_WARNING, n->display, line, 0, "extends \"%s\": %s; %s", spec,
                bn->state == RS_VISITING ? "the extends chain loops" : "the extends chain is longer than 64",
                RS_TS_CONSEQUENCE);
        return false;
    }
    rs_ts_effective(r, b, depth + 1);
    if (bn->broken) return false;
    if (bn->eff_paths >= 0) n->eff_paths = bn->eff_paths;
    if (bn->eff_base >= 0) n->eff_base = bn->eff_base;
    return true;
}

/* Effective baseUrl/paths of node `id`: later extends entries override earlier ones, the
 * config's own settings override them all. A broken base breaks the config. */
static void rs_ts_effective(dc_resolver *r, int32_t id, int depth) {
    rs_tsnode *n = r->ts.v[id];
    if (n->state != RS_NEW) return;
    n->state = RS_VISITING;
    for (uint32_t i = 0; i < n->extends.n && !n->broken; i++)
        if (!rs_ts_follow(r, id, n->extends.v[i], depth)) n->broken = true;
    if (n->has_paths) n->eff_paths = id;
    if (n->base_url) n->eff_base = id;
    n->state = RS_DONE;
}

/* ---- finalising: rel paths for the queries -------------------------------------------------- */

/* A path setting of node `owner` as a rel path: "${configDir}" is the leaf's directory, an
 * absolute path must lie in the root, anything else is relative to `base`. */
static const char *rs_ts_setting_path(dc_resolver *r, const rs_tsnode *leaf, const char *base, const char *v) {
    char p[RS_PATH_MAX];
    const char *real = r->roots[leaf->root].real;
    bool ok;
    if (strncmp(v, RS_CONFIG_DIR, strlen(RS_CONFIG_DIR)) == 0) {
        ok = rs_join(p, leaf->dir, v + strlen(RS_CONFIG_DIR));
    } else if (v[0] == '/') {
        size_t k = real ? strlen(real) : 0;
        ok = real && strncmp(v, real, k) == 0 && (v[k] == '/' || !v[k]) && rs_join(p, "", v + k);
    } else {
        ok = rs_join(p, base, v);
    }
    return ok ? dc_arena_strdup(&r->arena, p) : NULL;
}

static void rs_ts_finalise(dc_resolver *r, rs_tsnode *n) {
    n->final_done = true;
    n->final.display = n->display;
    if (n->broken) return;
    const rs_tsnode *bn = n->eff_base >= 0 ? r->ts.v[n->eff_base] : NULL;
    const rs_tsnode *pn = n->eff_paths >= 0 ? r->ts.v[n->eff_paths] : NULL;
    if (bn) n->final.base_url = rs_ts_setting_path(r, n, bn->dir, bn->base_url);
    if (!pn || (bn && !n->final.base_url)) return; /* a baseUrl outside the tree takes its paths along */
    const char *base = bn ? n->final.base_url : pn->dir;
    n->final.pats = dc_arena_alloc(&r->arena, (pn->npats + 1) * sizeof *n->final.pats);
    for (uint32_t i = 0; i < pn->npats; i++) {
        rs_pat p = pn->pats[i];
        const char **t = dc_arena_alloc(&r->arena, (p.targets.n + 1) * sizeof *t);
        uint32_t k = 0;
        for (uint32_t j = 0; j < p.targets.n; j++)
            if ((t[k] = rs_ts_setting_path(r, n, base, p.targets.v[j])) != NULL) k++;
        p.targets = (rs_strs){t, k};
        n->final.pats[n->final.npats++] = p;
    }
}

static bool rs_ts_maps(const rs_tsnode *n) { return !n->broken && (n->final.base_url || n->final.npats); }

/* The node a directory whose nearest config is `id` uses: itself when it maps anything, else
 * (a solution-style config) the first of its references that does. */
static int32_t rs_ts_use(dc_resolver *r, int32_t id) {
    rs_tsnode *n = r->ts.v[id];
    if (n->use_done) return n->use;
    n->use_done = true;
    rs_ts_effective(r, id, 0);
    if (!n->final_done) rs_ts_finalise(r, n);
    if (rs_ts_maps(n)) return n->use = id;
    if (n->broken) return -1;
    for (uint32_t i = 0; i < n->refs.n; i++) {
        char p[RS_PATH_MAX];
        if (!rs_join(p, n->dir, n->refs.v[i])) continue;
        if (!dc_str_ends_with(p, ".json") && strlen(p) + 15 < sizeof p) strcat(p, *p ? "/tsconfig.json" : "tsconfig.json");
        int32_t ref = rs_ts_load(r, n->root, p);
        if (ref < 0 || ref == id) continue;
        rs_tsnode *rn = r->ts.v[ref];
        rs_ts_effective(r, ref, 0);
        if (!rn->final_done) rs_ts_finalise(r, rn);
        if (rs_ts_maps(rn)) return n->use = ref;
    }
    return -1;
}

void rs_tsconfig_build(dc_resolver *r) {
    char p[RS_PATH_MAX];
    for (uint32_t i = 0; i < r->dirs.len; i++) {
        rs_dir *d = &r->dirs.v[i];
        if (!r->roots[d->root].has_ts) continue;
        int32_t own = -1;
        static const char *const names[] = {"tsconfig.json", "jsconfig.json"};
        for (int k = 0; k < 2 && own < 0; k++) {
            snprintf(p, sizeof p, "%s%s%s", d->rel, *d->rel ? "/" : "", names[k]);
            own = rs_ts_load(r, d->root, p);
        }
        if (own >= 0) d->ts = rs_ts_use(r, own);
        else d->ts = d->parent >= 0 ? r->dirs.v[d->parent].ts : -1;
    }
    /* The texts were kept only for warnings' line numbers. */
    for (uint32_t i = 0; i < r->ts.len; i++) {
        free((char *)r->ts.v[i]->text);
        r->ts.v[i]->text = NULL, r->ts.v[i]->text_len = 0;
    }
}

const rs_tsfinal *rs_tsconfig_final(const dc_resolver *r, int32_t node) { return &r->ts.v[node]->final; }

static void rs_noop_free(void *p) { (void)p; }

void rs_tsconfig_free(dc_resolver *r) {
    for (uint32_t i = 0; i < r->ts.len; i++) free((char *)r->ts.v[i]->text);
    dc_vec_free(&r->ts);
    if (r->ts_index) tdestroy(r->ts_index, rs_noop_free);
    r->ts_index = NULL;
}
