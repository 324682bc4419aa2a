/* authphase.c: the project's auth configs for the fixers (authphase.h). */
#include "cli/authphase.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "cli/pool.h"
#include "common/diag.h"
#include "common/recover.h"

enum { A_READ = 1, A_USED = 2 };

struct dc_authphase {
    const dc_ruleset *rs;
    const dc_fix_opts *fopts; /* the explicit entries */
    const dc_file_list *files;
    dc_authfacts *per;        /* per file */
    uint8_t *state;           /* per file: A_* */
    dc_authfacts loaded;      /* from a facts file */
    dc_authmap map;
    bool whole;
};

dc_authphase *dc_authphase_new(const dc_ruleset *rs, const dc_fix_opts *fopts, const dc_file_list *files) {
    dc_authphase *a = dc_xcalloc(1, sizeof *a);
    a->rs = rs;
    a->fopts = fopts;
    a->files = files;
    a->per = dc_xcalloc(files->len ? files->len : 1, sizeof *a->per);
    a->state = dc_xcalloc(files->len ? files->len : 1, 1);
    return a;
}

void dc_authphase_free(dc_authphase *a) {
    if (!a) return;
    for (uint32_t i = 0; i < a->files->len; i++) dc_authfacts_free(&a->per[i]);
    free(a->per);
    free(a->state);
    dc_authfacts_free(&a->loaded);
    if (a->whole) dc_authmap_free(&a->map);
    free(a);
}

void dc_authphase_read(dc_authphase *a, dc_worker *w, uint32_t file, dc_source *src) {
    if (a->whole || (a->state[file] & A_READ)) return;
    a->state[file] |= A_READ;
    if (!dc_authfacts_candidate(a->rs, src->data, src->len, src->lang)) return;
    /* Under the file's memory budget and a recovery point, as its analysis and its facts parse
     * (cli/project.c parse_for_facts): a 2 MB candidate must not parse without a bound, nor end
     * the run when an allocation fails. A file that escapes has no auth facts (what the abandoned
     * extraction allocated is leaked by design, common/recover.h); its analysis says why. */
    dc_recover r;
    if (sigsetjmp(r.jb, 1) == 0) {
        dc_recover_arm(&r, dc_file_memory_budget(src->len));
        TSTree *t = src->lang == DC_LANG_DOTENV ? NULL : dc_parse(w, src);
        if (t || src->lang == DC_LANG_DOTENV) dc_authfacts_extract(a->rs, src, t, &a->per[file]);
        dc_recover_disarm(&r);
        if (t) dc_worker_tree_delete(w, t);
        return;
    }
    dc_worker_recover(w, r.unsafe); /* deletes the tree, if there was one */
    a->per[file] = (dc_authfacts){0};
}

const dc_authmap *dc_authphase_map(const dc_authphase *a) { return a->whole ? &a->map : NULL; }

void dc_authphase_used(dc_authphase *a, uint32_t file) { a->state[file] |= A_USED; }

void dc_authphase_settle(dc_authphase *a) {
    if (a->whole) return;
    dc_authfacts all = {0};
    for (uint32_t i = 0; i < a->loaded.len; i++) dc_authfacts_add(&all, &a->loaded.v[i]);
    for (uint32_t f = 0; f < a->files->len; f++)
        for (uint32_t i = 0; i < a->per[f].len; i++) dc_authfacts_add(&all, &a->per[f].v[i]);
    dc_fix_authmap(&a->map, a->fopts->auth, a->fopts->nauth, &all, true);
    dc_authfacts_free(&all);
    a->whole = true;
}

bool dc_authphase_redo(const dc_authphase *a, uint32_t file) {
    return a->whole && (a->state[file] & A_USED) && dc_authmap_beyond(&a->map, a->files->v[file].display);
}

/* ---- the facts file's "auth_configs" ---------------------------------------------------------- */

json_t *dc_authphase_json(const dc_authphase *a) {
    json_t *arr = json_array();
    for (uint32_t f = 0; f < a->files->len; f++) {
        for (uint32_t i = 0; i < a->per[f].len; i++) {
            const dc_authfact *x = &a->per[f].v[i];
            json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:i, s:s}", "toolkit", x->toolkit, "auth_config",
                                  x->auth_config, "path", x->path, "line", (json_int_t)x->line, "column",
                                  (json_int_t)x->column, "kind", dc_authfact_kind_name(x->kind));
            if (x->name) json_object_set_new(o, "name", json_string(x->name));
            json_array_append_new(arr, o);
        }
    }
    json_t *doc = json_object();
    json_object_set_new(doc, "auth_configs", arr);
    return doc;
}

/* One entry of "auth_configs"; false when it is not one. */
static bool load_one(dc_authphase *a, json_t *o) {
    const char *tk = NULL, *ac = NULL, *path = NULL, *kind = NULL, *name = NULL;
    json_int_t line = 0, column = 0;
    if (json_unpack(o, "{s:s, s:s, s:s, s:I, s:I, s:s, s?s}", "toolkit", &tk, "auth_config", &ac, "path", &path,
                    "line", &line, "column", &column, "kind", &kind, "name", &name) != 0)
        return false;
    int k = dc_authfact_kind_from_name(kind);
    /* explicit entries are the run's own settings, never a project fact */
    if (k <= DC_AUTHFACT_CONFIG || line < 1 || column < 1 || line > UINT32_MAX || column > UINT32_MAX) return false;
    dc_authfact f = {(char *)tk, (char *)ac, (char *)path, (char *)name, (uint32_t)line, (uint32_t)column,
                     (dc_authfact_kind)k};
    dc_authfacts_add(&a->loaded, &f);
    return true;
}

bool dc_authphase_load(dc_authphase *a, json_t *doc, const char *path) {
    json_t *arr = doc ? json_object_get(doc, "auth_configs") : NULL, *o;
    size_t i;
    bool ok = true;
    if (arr && !json_is_array(arr)) {
        dc_diag(DC_DIAG_ERROR, path, 0, 0, "facts file: \"auth_configs\" is not a list; its auth configs are ignored");
        arr = NULL;
        ok = false;
    }
    json_array_foreach(arr, i, o) {
        if (load_one(a, o)) continue;
        dc_diag(DC_DIAG_ERROR, path, 0, 0, "facts file: auth_configs[%zu] is not an auth config fact; it is ignored",
                i);
        ok = false;
    }
    dc_authphase_settle(a);
    return ok;
}
