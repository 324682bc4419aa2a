/* dcaf_project.c: the DCAF pack across files (issue 17): a module's own DCAF names as project
 * facts (dc_dcaf_exports, project/facts.h "DCAF names"), and the spellings a file has through
 * its imports of project modules (dcaf_project_import).
 *
 * A fact is a fact only when code proves it: a project module's name is a DCAF name when the
 * module binds it with an import from `dcaf` (any alias, `from dcaf import core`, a module-level
 * `tool = core.tool`), or re-exports such a name from another project module (resolved by the
 * project phase, cycles included: a name only ever reached around a cycle proves nothing).
 * Never by its spelling: a module's own `Session` class, SQLAlchemy's `Session` or LangChain's
 * `tool` re-exported are nothing. */
#include <string.h>

#include "analysis/dcaf_p.h"

/* Namespace members that are themselves modules are followed this deep (`pkg.compat.Session`). */
#define DCAF_MODULE_DEPTH 2

static dc_sv dotted_local(dcaf_ctx *c, dc_sv prefix, const char *name) {
    if (!prefix.len) return dc_sv_cstr(dc_arena_strdup(c->arena, name));
    return dc_sv_cstr(dc_arena_printf(c->arena, "%.*s.%s", (int)prefix.len, prefix.p, name));
}

/* The DCAF names of project module `module`, spelt `prefix.name` (just `name` for a star import). */
static void alias_module(dcaf_ctx *c, dc_sv prefix, int32_t module, TSNode at, int depth, bool *any) {
    if (module < 0) return;
    const dc_named_fact *nf;
    uint32_t n = dc_facts_exports(c->view->facts, (uint32_t)module, &nf);
    for (uint32_t i = 0; i < n; i++) {
        const dc_fact *v = &nf[i].fact;
        if (v->kind == DC_FACT_DCAF && v->nmembers) {
            dcaf_add_alias(c, dotted_local(c, prefix, nf[i].name), v->members[0], at);
            *any = true;
        } else if (v->kind == DC_FACT_MODULE && prefix.len && depth < DCAF_MODULE_DEPTH) {
            alias_module(c, dotted_local(c, prefix, nf[i].name), v->module, at, depth + 1, any);
        }
    }
}

void dcaf_project_import(dcaf_ctx *c, const char *spec, const char *name, dc_sv local, TSNode at, bool *any) {
    if (!c->view || !c->view->facts || c->view->pending) return;
    dc_fact v = dc_facts_import(c->view->facts, c->view->file, true, spec, name, false);
    if (v.kind == DC_FACT_DCAF && v.nmembers && local.len) {
        dcaf_add_alias(c, local, v.members[0], at);
        *any = true;
    } else if (v.kind == DC_FACT_MODULE) {
        alias_module(c, local, v.module, at, 0, any);
    }
}

/* ---- a module's own DCAF names ---- */

/* Module-level `X = <dotted>`: X is what the dotted name is when that is DCAF's, else X is
 * rebound to something else (`Session = None` in an `except ImportError:`) and is not. */
static void module_assignments(dcaf_ctx *c) {
    uint32_t k = dcaf_nkids(c->root);
    for (uint32_t i = 0; i < k; i++) {
        TSNode st = dcaf_kid(c->root, i);
        TSNode as = dc_node_is(st, "expression_statement") ? dcaf_kid(st, 0) : (TSNode){0};
        if (!dc_node_is(as, "assignment")) continue;
        TSNode l = dc_field(as, "left"), r = dc_field(as, "right");
        if (!dc_node_is(l, "identifier")) continue;
        const char *canon = dc_node_is(r, "identifier") || dc_node_is(r, "attribute") ? dcaf_canon(c, r) : NULL;
        if (canon && dcaf_is_dcaf_path(dc_sv_cstr(canon))) {
            dcaf_add_alias(c, dcaf_text(c, l), canon, as);
        } else {
            dc_sv name = dcaf_text(c, l);
            for (uint32_t a = 0; a < c->aliases.len; a++)
                if (dc_sv_eq(c->aliases.v[a].local, name)) c->aliases.v[a].canon = "";
        }
    }
}

uint32_t dc_dcaf_exports(const dc_source *src, TSNode root, dc_arena *arena, const dc_fact_export **out) {
    *out = NULL;
    if (ts_node_is_null(root) || !memmem(src->data, src->len, "dcaf", 4)) return 0;
    dcaf_ctx c = {.src = src, .arena = arena, .root = root};
    uint32_t n = 0;
    if (dcaf_read_imports(&c, true)) {
        dcaf_drop_rebound(&c);
        module_assignments(&c);
        dc_fact_export *ex = dc_arena_alloc(arena, c.aliases.len * sizeof *ex);
        for (uint32_t i = c.aliases.len; i-- > 0;) { /* the last binding of a name counts */
            const dcaf_alias *a = &c.aliases.v[i];
            bool seen = false;
            for (uint32_t j = i + 1; j < c.aliases.len && !seen; j++) seen = dc_sv_eq(c.aliases.v[j].local, a->local);
            if (seen || memchr(a->local.p, '.', a->local.len) || !dcaf_is_dcaf_path(dc_sv_cstr(a->canon))) continue;
            const char **path = dc_arena_alloc(arena, sizeof *path);
            path[0] = a->canon;
            ex[n++] = (dc_fact_export){dc_arena_strndup(arena, a->local.p, a->local.len), DC_FACT_DCAF, 0, path, 1,
                                       NULL, 0, a->line};
        }
        *out = ex;
    }
    dcaf_facts_free(&c);
    return n;
}
