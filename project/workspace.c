/* workspace.c: package.json and pnpm-workspace.yaml for import resolution (TS rules 3 and 4 in
 * resolve.h): each scanned directory's package (name, entry candidates, exports subpaths),
 * workspace roots and their member tables, and the lookup of a bare specifier in them.
 *
 * Workspace globs are matched with fnmatch(3) against the directories the file list already
 * holds, never by walking the disk: discovery does not descend directory symlinks, so a
 * symlink loop in a workspace cannot make this loop, and a package with no scanned file
 * (nothing to resolve to) is simply not a member. */
#include <fnmatch.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "common/diag.h"
#include "project/jsonc.h"
#include "project/resolve_p.h"

#define RS_PKG_CONSEQUENCE "its name, entry and workspaces are not used to resolve imports"
#define RS_MAX_TARGETS 64

typedef struct rs_strlist {
    const char *v[RS_MAX_TARGETS];
    uint32_t n;
} rs_strlist;

static void rs_strlist_add(rs_strlist *l, const char *s) {
    if (l->n < RS_MAX_TARGETS) l->v[l->n++] = s;
}

/* Conditions followed in an "exports" object, in the object's own key order (rule 4). */
static bool rs_is_condition(const char *k) {
    static const char *const conds[] = {"import", "require", "node", "module", "default", "types", "source"};
    for (size_t i = 0; i < sizeof conds / sizeof conds[0]; i++)
        if (strcmp(k, conds[i]) == 0) return true;
    return false;
}

/* Targets of one exports value: a string, an array of fallbacks, or nested conditions. */
static void rs_exports_targets(json_t *v, rs_strlist *out, int depth) {
    if (depth > 8) return;
    if (json_is_string(v)) rs_strlist_add(out, json_string_value(v));
    size_t i;
    json_t *e;
    const char *k;
    if (json_is_array(v)) json_array_foreach(v, i, e) rs_exports_targets(e, out, depth + 1);
    if (json_is_object(v))
        json_object_foreach(v, k, e) if (rs_is_condition(k)) rs_exports_targets(e, out, depth + 1);
}

static void rs_pkg_subpaths(dc_resolver *r, rs_pkg *pkg, json_t *exports) {
    const char *k;
    json_t *v;
    pkg->subpaths = dc_arena_alloc(&r->arena, (json_object_size(exports) + 1) * sizeof *pkg->subpaths);
    json_object_foreach(exports, k, v) {
        rs_strlist t = {0};
        rs_pat p;
        if (strcmp(k, ".") == 0 || strncmp(k, "./", 2) != 0 || !rs_pat_split(&r->arena, k + 2, &p)) continue;
        rs_exports_targets(v, &t, 0);
        p.targets = rs_strs_dup(&r->arena, t.v, t.n);
        pkg->subpaths[pkg->nsubpaths++] = p;
    }
}

/* "." candidates: exports first, then the classic fields. */
static void rs_pkg_entry_fields(dc_resolver *r, rs_pkg *pkg, json_t *j) {
    rs_strlist t = {0};
    json_t *exports = json_object_get(j, "exports");
    const char *k;
    json_t *v;
    bool subpath_map = false;
    if (json_is_object(exports))
        json_object_foreach(exports, k, v) if (k[0] == '.') subpath_map = true;
    if (subpath_map) {
        rs_exports_targets(json_object_get(exports, "."), &t, 0);
        rs_pkg_subpaths(r, pkg, exports);
    } else {
        rs_exports_targets(exports, &t, 0);
    }
    static const char *const fields[] = {"module", "main", "types", "typings"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        json_t *f = json_object_get(j, fields[i]);
        if (json_is_string(f)) rs_strlist_add(&t, json_string_value(f));
    }
    pkg->entry = rs_strs_dup(&r->arena, t.v, t.n);
}

static void rs_pkg_set_globs(dc_resolver *r, rs_pkg *pkg, const char *display, const rs_strlist *g) {
    pkg->is_ws = true;
    pkg->globs = rs_strs_dup(&r->arena, g->v, g->n);
    pkg->ws_display = display;
}

static void rs_pkg_from_json(dc_resolver *r, rs_pkg *pkg, json_t *j) {
    json_t *name = json_object_get(j, "name"), *ws = json_object_get(j, "workspaces");
    if (json_is_string(name) && *json_string_value(name)) pkg->name = dc_arena_strdup(&r->arena, json_string_value(name));
    rs_pkg_entry_fields(r, pkg, j);
    if (json_is_object(ws)) ws = json_object_get(ws, "packages"); /* yarn classic's {packages: [...]} */
    if (!json_is_array(ws)) return;
    rs_strlist g = {0};
    size_t i;
    json_t *e;
    json_array_foreach(ws, i, e) if (json_is_string(e)) rs_strlist_add(&g, json_string_value(e));
    rs_pkg_set_globs(r, pkg, pkg->display, &g);
}

/* ---- pnpm-workspace.yaml ---------------------------------------------------------------------- */

static void rs_pnpm_globs(yaml_document_t *doc, rs_strlist *g) {
    yaml_node_t *root = yaml_document_get_root_node(doc);
    if (!root || root->type != YAML_MAPPING_NODE) return;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key), *v = yaml_document_get_node(doc, p->value);
        if (!k || k->type != YAML_SCALAR_NODE || strcmp((const char *)k->data.scalar.value, "packages") != 0) continue;
        if (!v || v->type != YAML_SEQUENCE_NODE) return;
        for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
            yaml_node_t *s = yaml_document_get_node(doc, *it);
            if (s && s->type == YAML_SCALAR_NODE) rs_strlist_add(g, (const char *)s->data.scalar.value);
        }
    }
}

static void rs_pnpm_read(dc_resolver *r, rs_pkg *pkg, uint32_t root, const char *rel) {
    char *text;
    size_t len;
    if (rs_probe(r, root, rel) != RS_PRESENT || !rs_read(r, root, rel, &text, &len)) return;
    const char *display = rs_display(r, root, rel);
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        dc_diag(DC_DIAG_WARNING, display, (uint32_t)parser.problem_mark.line + 1, (uint32_t)parser.problem_mark.column + 1,
                "not valid YAML: %s; its workspace packages are not used to resolve imports",
                parser.problem ? parser.problem : "parse error");
    } else {
        rs_strlist g = {0};
        rs_pnpm_globs(&doc, &g);
        /* The strings live in doc: copy before it goes. */
        if (g.n) rs_pkg_set_globs(r, pkg, display, &g);
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    free(text);
}

/* ---- per directory ---------------------------------------------------------------------------- */

static void rs_pkg_read(dc_resolver *r, int32_t dir) {
    rs_dir *d = &r->dirs.v[dir];
    char p[RS_PATH_MAX];
    rs_pkg pkg = {.dir = dir};
    snprintf(p, sizeof p, "%s%spackage.json", d->rel, *d->rel ? "/" : "");
    rs_probe_result pr = rs_probe(r, d->root, p);
    char *text;
    size_t len;
    bool have = false;
    if (pr == RS_PRESENT && rs_read(r, d->root, p, &text, &len)) {
        pkg.display = rs_display(r, d->root, p);
        json_t *j = dc_jsonc_load(pkg.display, text, len, false, RS_PKG_CONSEQUENCE);
        if (j) rs_pkg_from_json(r, &pkg, j), have = true;
        json_decref(j);
        free(text);
    }
    snprintf(p, sizeof p, "%s%spnpm-workspace.yaml", d->rel, *d->rel ? "/" : "");
    rs_pnpm_read(r, &pkg, d->root, p);
    if (!have && !pkg.is_ws) return;
    if (!pkg.display) pkg.display = pkg.ws_display;
    d->pkg = (int32_t)r->pkgs.len;
    dc_vec_push(&r->pkgs, pkg);
}

/* A workspace glob as npm, yarn and pnpm write it, against a directory path relative to the
 * workspace root: "*" stays inside one component, a glob with "**" may cross them. */
static bool rs_glob_match(const char *glob, const char *rel) {
    while (glob[0] == '.' && glob[1] == '/') glob += 2;
    char g[RS_PATH_MAX];
    size_t n = strlen(glob);
    if (n >= sizeof g) return false;
    memcpy(g, glob, n + 1);
    while (n > 1 && g[n - 1] == '/') g[--n] = 0;
    return fnmatch(g, rel, strstr(g, "**") ? 0 : FNM_PATHNAME) == 0;
}

static bool rs_ws_includes(const rs_pkg *ws, const char *rel) {
    bool in = false;
    for (uint32_t i = 0; i < ws->globs.n; i++) {
        const char *g = ws->globs.v[i];
        if (g[0] == '!') {
            if (rs_glob_match(g + 1, rel)) return false;
        } else if (!in && rs_glob_match(g, rel)) {
            in = true;
        }
    }
    return in;
}

static int rs_member_cmp(const void *a, const void *b) {
    const rs_member *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->pkg > y->pkg) - (x->pkg < y->pkg);
}

/* Members of workspace root `w`: named packages in scanned directories below it. */
static void rs_ws_members(dc_resolver *r, uint32_t w) {
    rs_pkg *ws = &r->pkgs.v[w];
    const rs_dir *wd = &r->dirs.v[ws->dir];
    size_t wl = strlen(wd->rel);
    for (uint32_t i = 0; i < r->pkgs.len; i++) {
        const rs_pkg *p = &r->pkgs.v[i];
        const rs_dir *pd = &r->dirs.v[p->dir];
        if (i == w || !p->name || pd->root != wd->root) continue;
        if (wl && (strncmp(pd->rel, wd->rel, wl) != 0 || pd->rel[wl] != '/')) continue;
        if (rs_ws_includes(ws, pd->rel + (wl ? wl + 1 : 0))) dc_vec_push(&ws->members, ((rs_member){p->name, (int32_t)i}));
    }
    if (ws->members.len) qsort(ws->members.v, ws->members.len, sizeof *ws->members.v, rs_member_cmp);
    uint32_t k = 0;
    for (uint32_t i = 0; i < ws->members.len; i++) {
        rs_member m = ws->members.v[i];
        if (k && strcmp(ws->members.v[k - 1].name, m.name) == 0) {
            dc_diag(DC_DIAG_WARNING, r->pkgs.v[m.pkg].display, 0, 0,
                    "workspace package name \"%s\" is also used by %s; imports of it resolve to the latter", m.name,
                    r->pkgs.v[ws->members.v[k - 1].pkg].display);
            continue;
        }
        ws->members.v[k++] = m;
    }
    ws->members.len = k;
    r->stats.workspace_packages += k;
}

void rs_workspace_build(dc_resolver *r) {
    for (uint32_t i = 0; i < r->dirs.len; i++)
        if (r->roots[r->dirs.v[i].root].has_ts) rs_pkg_read(r, (int32_t)i);
    for (uint32_t i = 0; i < r->pkgs.len; i++)
        if (r->pkgs.v[i].is_ws) rs_ws_members(r, i);
    for (uint32_t i = 0; i < r->dirs.len; i++) {
        rs_dir *d = &r->dirs.v[i];
        d->ws = d->pkg >= 0 && r->pkgs.v[d->pkg].is_ws ? d->pkg : d->parent >= 0 ? r->dirs.v[d->parent].ws : -1;
    }
}

/* ---- queries ---------------------------------------------------------------------------------- */

/* "@acme/shared/lib/x" inside package `pkg` (sub = "lib/x"): exports subpath, then the path
 * itself, then under src/ (built output such as dist/ is rarely in the tree). */
static int32_t rs_pkg_subpath(const dc_resolver *r, const rs_pkg *pkg, const char *sub) {
    const rs_dir *d = &r->dirs.v[pkg->dir];
    const rs_pat *best = NULL;
    const char *star = NULL;
    size_t star_len = 0;
    char t[RS_PATH_MAX], p[RS_PATH_MAX];
    for (uint32_t i = 0; i < pkg->nsubpaths; i++) {
        const char *s;
        size_t sl;
        const rs_pat *pat = &pkg->subpaths[i];
        if (!rs_pat_match(pat, sub, &s, &sl)) continue;
        if (!pat->suffix) {
            best = pat, star = s, star_len = sl;
            break;
        }
        if (!best || strlen(pat->prefix) > strlen(best->prefix)) best = pat, star = s, star_len = sl;
    }
    for (uint32_t i = 0; best && i < best->targets.n; i++) {
        int32_t id;
        if (rs_pat_subst(t, best->targets.v[i], star, star_len) && rs_join(p, d->rel, t) &&
            (id = rs_ts_path(r, d->root, p)) >= 0)
            return id;
    }
    int32_t id = rs_join(p, d->rel, sub) ? rs_ts_path(r, d->root, p) : -1;
    if (id >= 0 || snprintf(t, sizeof t, "src/%s", sub) >= (int)sizeof t) return id;
    return rs_join(p, d->rel, t) ? rs_ts_path(r, d->root, p) : -1;
}

static int rs_member_bcmp(const void *key, const void *elem) {
    return strcmp(key, ((const rs_member *)elem)->name);
}

bool rs_workspace_resolve(const dc_resolver *r, int32_t dir, const char *spec, dc_resolution *res) {
    char name[RS_PATH_MAX];
    const char *slash = strchr(spec, '/');
    if (spec[0] == '@' && slash) slash = strchr(slash + 1, '/');
    size_t n = slash ? (size_t)(slash - spec) : strlen(spec);
    if (n >= sizeof name) return false;
    memcpy(name, spec, n);
    name[n] = 0;
    const char *sub = slash && slash[1] ? slash + 1 : NULL;
    for (int32_t w = r->dirs.v[dir].ws; w >= 0;) {
        const rs_pkg *ws = &r->pkgs.v[w];
        /* bsearch with an empty array (NULL base) is undefined behaviour: UBSan stops on it */
        const rs_member *m =
            ws->members.len ? bsearch(name, ws->members.v, ws->members.len, sizeof *ws->members.v, rs_member_bcmp) : NULL;
        if (m) {
            const rs_pkg *pkg = &r->pkgs.v[m->pkg];
            int32_t id = sub ? rs_pkg_subpath(r, pkg, sub) : rs_pkg_entry(r, pkg);
            *res = (dc_resolution){id >= 0 ? DC_RESOLVE_FOUND : DC_RESOLVE_NOT_FOUND, id, DC_VIA_WORKSPACE, ws->ws_display};
            return id >= 0;
        }
        int32_t up = r->dirs.v[ws->dir].parent;
        w = up >= 0 ? r->dirs.v[up].ws : -1;
    }
    return false;
}
