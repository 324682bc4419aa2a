/* bindings_export.c: one file's exported facts (project/facts.h) from its bindings walk, before
 * the project's facts are seeded, so they depend on this file alone.
 *
 * Which names: Python exports every module-level name (assignments, functions, classes and
 * module-level imports: `from .clients import composio` in a package's __init__ is how a package
 * re-exports); TypeScript/JavaScript the names its `export` statements, `module.exports` and
 * `exports.x` give, each naming a module-level local ("#name" entries, which importers never
 * see) or re-exporting another module's name. What a name is: proven when the bindings say so
 * (a client, a factory `name()`, the client class, a legacy toolset class or enum, a class with
 * client members, an object with client members `name.x`); else derived from the atoms of its
 * unresolved candidates that start at an import or at another module-level name (facts.h's
 * dc_fact_ref). A name that is neither is not exported at all: nothing proves it. */
#include <stdlib.h>
#include <string.h>

#include "analysis/bindings_p.h"

typedef DC_VEC(dc_fact_export) export_vec;
typedef DC_VEC(dc_fact_ref) ref_vec;
typedef DC_VEC(const char *) str_vec;

static const char *cstr(dc_bind_walker *w, dc_sv s) { return dc_arena_strndup(w->arena, s.p ? s.p : "", s.len); }

static bool sv_in(const dc_sv *v, uint32_t n, dc_sv s) {
    for (uint32_t i = 0; i < n; i++)
        if (dc_sv_eq(v[i], s)) return true;
    return false;
}

static bool is_modname(const dc_bind_walker *w, dc_sv s) {
    for (uint32_t i = 0; i < w->modnames.len; i++)
        if (dc_sv_eq(w->modnames.v[i].name, s)) return true;
    return false;
}

/* The members of `local` that are clients: "local.x" and "local.f()" one level down. */
static uint32_t object_members(dc_bind_walker *w, dc_sv local, const char ***out) {
    str_vec m = {0};
    for (uint32_t i = 0; i < w->clients.len; i++) {
        dc_sv c = w->clients.v[i];
        if (c.len <= local.len + 1 || memcmp(c.p, local.p, local.len) != 0 || c.p[local.len] != '.') continue;
        dc_sv rest = dc_sv_from(c.p + local.len + 1, c.len - local.len - 1);
        bool plain = true;
        for (uint32_t k = 0; k < rest.len && plain; k++)
            plain = rest.p[k] != '.' && rest.p[k] != '[' && (rest.p[k] != '(' || k + 2 == rest.len);
        if (plain) dc_vec_push(&m, cstr(w, rest));
    }
    *out = NULL;
    if (m.len) {
        *out = dc_arena_alloc(w->arena, m.len * sizeof **out);
        memcpy(*out, m.v, m.len * sizeof **out);
    }
    uint32_t n = m.len;
    dc_vec_free(&m);
    return n;
}

/* What the bindings prove `local` is. */
static dc_fact_kind proven(dc_bind_walker *w, dc_sv local, const char ***members, uint32_t *nmembers) {
    *members = NULL;
    *nmembers = 0;
    if (dc_bind_set_has(&w->clients_set, local))
        return sv_in(w->legacy_enums.v, w->legacy_enums.len, local) ? DC_FACT_LEGACY_ENUM : DC_FACT_CLIENT;
    if (dc_bind_set_has(&w->clients_set, dc_bind_concat(w->arena, local, "()"))) return DC_FACT_FACTORY;
    if (dc_bind_set_has(&w->classes_set, local))
        return sv_in(w->legacy_classes.v, w->legacy_classes.len, local) ? DC_FACT_LEGACY_CLASS : DC_FACT_CLASS;
    for (uint32_t i = 0; i < w->holders.len; i++) {
        const dc_bind_holder *h = &w->holders.v[i];
        if (!dc_sv_eq(h->cls, local)) continue;
        const char **m = dc_arena_alloc(w->arena, (h->nmembers ? h->nmembers : 1) * sizeof *m);
        for (uint32_t k = 0; k < h->nmembers; k++) m[k] = cstr(w, h->members[k]);
        *members = m;
        *nmembers = h->nmembers;
        return DC_FACT_HOLDER;
    }
    *nmembers = object_members(w, local, members);
    return *nmembers ? DC_FACT_OBJECT : DC_FACT_NONE;
}

/* The import whose local spelling starts `text` (at a component boundary), longest first. */
static const dc_pimport *import_of(const dc_bind_walker *w, dc_sv text) {
    const dc_pimport *best = NULL;
    for (uint32_t i = 0; i < w->pimports.len; i++) {
        const dc_pimport *p = &w->pimports.v[i];
        dc_sv l = p->local;
        if (text.len < l.len || memcmp(text.p, l.p, l.len) != 0) continue;
        if (text.len > l.len && text.p[l.len] != '.') continue;
        if (!best || l.len > best->local.len) best = p;
    }
    return best;
}

static void push_ref(dc_bind_walker *w, ref_vec *out, const char *spec, const char *name, dc_sv member, dc_fact_op op,
                     bool returns) {
    dc_fact_ref r = {spec, name, member.len ? cstr(w, member) : NULL, op, returns};
    dc_vec_push(out, r);
}

/* The ref(s) of an import whose local is followed by `.member`. */
static void import_refs(dc_bind_walker *w, const dc_pimport *p, dc_sv member, dc_fact_op op, bool returns,
                        ref_vec *out) {
    const char *spec = cstr(w, p->spec);
    switch (p->kind) {
    case DC_PIMPORT_NAMED: push_ref(w, out, spec, cstr(w, p->name), member, op, returns); break;
    case DC_PIMPORT_NAMESPACE: {
        if (!member.len) {
            push_ref(w, out, spec, "", member, op, returns);
            break;
        }
        dc_sv head = dc_bind_root(member);
        dc_sv rest = head.len < member.len ? dc_sv_from(member.p + head.len + 1, member.len - head.len - 1) : dc_sv_from("", 0);
        push_ref(w, out, spec, cstr(w, head), rest, op, returns);
        break;
    }
    default: /* a default import or require(): the default, else the module object */
        push_ref(w, out, spec, "default", member, op, returns);
        push_ref(w, out, spec, "", member, op, returns);
        break;
    }
}

/* An atom that starts at an import or at another module-level name, as a ref. */
static void atom_ref(dc_bind_walker *w, const dc_bind_atom *a, bool returns, ref_vec *out) {
    if (a->kind == DC_ATOM_TYPE) return;
    dc_fact_op op = a->kind == DC_ATOM_CALL ? DC_FACT_OP_CALL : a->kind == DC_ATOM_NEW ? DC_FACT_OP_NEW : DC_FACT_OP_VALUE;
    dc_sv t = a->text;
    for (uint32_t k = 0; k < t.len; k++)
        if (t.p[k] == '(' || t.p[k] == '[' || t.p[k] == '?') return; /* calls inside: not followed */
    const dc_pimport *p = import_of(w, t);
    if (p) {
        dc_sv member = t.len > p->local.len ? dc_sv_from(t.p + p->local.len + 1, t.len - p->local.len - 1) : dc_sv_from("", 0);
        import_refs(w, p, member, op, returns, out);
        return;
    }
    dc_sv root = dc_bind_root(t);
    if (!is_modname(w, root)) return;
    dc_sv member = t.len > root.len ? dc_sv_from(t.p + root.len + 1, t.len - root.len - 1) : dc_sv_from("", 0);
    const char *name = w->py ? cstr(w, root) : dc_arena_printf(w->arena, "#%.*s", (int)root.len, root.p);
    push_ref(w, out, NULL, name, member, op, returns);
}

/* How `local` is derived: an import that binds it, or its unresolved candidates' atoms. */
static void derived(dc_bind_walker *w, dc_sv local, ref_vec *out) {
    for (uint32_t i = 0; i < w->pimports.len; i++) {
        const dc_pimport *p = &w->pimports.v[i];
        if (p->module_level && dc_sv_eq(p->local, local)) import_refs(w, p, dc_sv_from("", 0), DC_FACT_OP_VALUE, false, out);
    }
    dc_sv call = dc_bind_concat(w->arena, local, "()");
    for (uint32_t i = 0; i < w->cands.len; i++) {
        const dc_bind_cand *c = &w->cands.v[i];
        if (c->done) continue;
        for (uint8_t t = 0; t < c->ntargets; t++) {
            bool returns = dc_sv_eq(c->targets[t], call);
            if (!returns && !dc_sv_eq(c->targets[t], local)) continue;
            for (uint8_t k = 0; k < c->natoms; k++) atom_ref(w, &c->atoms[k], returns, out);
        }
    }
}

/* Appends the export `name` for `local` when something proves or derives it. */
static void add_export(dc_bind_walker *w, export_vec *out, const char *name, dc_sv local, uint32_t line, uint8_t sdk) {
    for (uint32_t i = 0; i < out->len; i++)
        if (strcmp(out->v[i].name, name) == 0) return; /* defined twice: the first counts */
    dc_fact_export e = {name, DC_FACT_NONE, sdk, NULL, 0, NULL, 0, line};
    const char **members;
    e.kind = proven(w, local, &members, &e.nmembers);
    e.members = members;
    if (e.kind == DC_FACT_NONE) {
        ref_vec refs = {0};
        derived(w, local, &refs);
        if (!refs.len) return;
        dc_fact_ref *r = dc_arena_alloc(w->arena, refs.len * sizeof *r);
        memcpy(r, refs.v, refs.len * sizeof *r);
        e.refs = r;
        e.nrefs = refs.len;
        dc_vec_free(&refs);
    }
    dc_vec_push(out, e);
}

static const char *local_name(dc_bind_walker *w, dc_sv local) {
    return w->py ? cstr(w, local) : dc_arena_printf(w->arena, "#%.*s", (int)local.len, local.p);
}

/* Every module-level name (TypeScript: as a "#" local), then TypeScript's public names. The
 * SDK's classes and enums a Python module imports are module-level names too. */
static void collect(dc_bind_walker *w, export_vec *out, uint8_t sdk) {
    for (uint32_t i = 0; w->py && i < w->classes.len; i++)
        if (!memchr(w->classes.v[i].p, '.', w->classes.v[i].len)) add_export(w, out, cstr(w, w->classes.v[i]), w->classes.v[i], 0, sdk);
    for (uint32_t i = 0; w->py && i < w->legacy_enums.len; i++)
        add_export(w, out, cstr(w, w->legacy_enums.v[i]), w->legacy_enums.v[i], 0, sdk);
    for (uint32_t i = 0; i < w->modnames.len; i++)
        add_export(w, out, local_name(w, w->modnames.v[i].name), w->modnames.v[i].name, w->modnames.v[i].line, sdk);
    for (uint32_t i = 0; i < w->pimports.len; i++) {
        const dc_pimport *p = &w->pimports.v[i];
        if (p->module_level && !memchr(p->local.p, '.', p->local.len))
            add_export(w, out, local_name(w, p->local), p->local, p->line, sdk);
    }
    for (uint32_t i = 0; i < w->pubexps.len; i++) {
        const dc_bind_pubexp *pe = &w->pubexps.v[i];
        if (pe->spec.len) continue;
        add_export(w, out, local_name(w, pe->local), pe->local, pe->line, sdk);
    }
    for (uint32_t i = 0; i < w->pubexps.len; i++) {
        const dc_bind_pubexp *pe = &w->pubexps.v[i];
        dc_fact_ref *r = dc_arena_alloc(w->arena, sizeof *r);
        if (pe->spec.len) {
            *r = (dc_fact_ref){cstr(w, pe->spec), cstr(w, pe->name), NULL, DC_FACT_OP_VALUE, false};
        } else {
            const char *l = local_name(w, pe->local);
            bool known = false;
            for (uint32_t k = 0; k < out->len && !known; k++) known = strcmp(out->v[k].name, l) == 0;
            if (!known) continue;
            *r = (dc_fact_ref){NULL, l, NULL, DC_FACT_OP_VALUE, false};
        }
        dc_fact_export e = {cstr(w, pe->public_), DC_FACT_NONE, sdk, NULL, 0, r, 1, pe->line};
        dc_vec_push(out, e);
    }
}

/* The modules the file imports, as the consumer test resolves them: Python's `from pkg import
 * x` may import the submodule pkg.x. */
static void import_specs(dc_bind_walker *w, str_vec *out) {
    for (uint32_t i = 0; i < w->pimports.len; i++) {
        const dc_pimport *p = &w->pimports.v[i];
        dc_vec_push(out, cstr(w, p->spec));
        if (w->py && p->kind == DC_PIMPORT_NAMED && p->name.len) {
            bool dots = p->spec.p[p->spec.len - 1] == '.';
            dc_vec_push(out, dc_arena_printf(w->arena, "%.*s%s%.*s", (int)p->spec.len, p->spec.p, dots ? "" : ".",
                                             (int)p->name.len, p->name.p));
        }
    }
}

void dc_bind_exports(dc_bind_walker *w, dc_file_facts *out) {
    uint8_t sdk = (uint8_t)((w->imports_devcaster ? DC_FACT_SDK_DEVCASTER : 0) | (w->imports_composio ? DC_FACT_SDK_COMPOSIO : 0));
    export_vec ex = {0};
    collect(w, &ex, sdk);
    str_vec specs = {0};
    import_specs(w, &specs);
    memset(out, 0, sizeof *out);
    out->done = true;
    out->py = w->py;
    out->imports_sdk = w->imports_devcaster || w->imports_composio;
    out->sdk = sdk;
    if (ex.len) {
        dc_fact_export *e = dc_arena_alloc(w->arena, ex.len * sizeof *e);
        memcpy(e, ex.v, ex.len * sizeof *e);
        out->exports = e;
        out->nexports = ex.len;
    }
    const char **stars = w->stars.len ? dc_arena_alloc(w->arena, w->stars.len * sizeof *stars) : NULL;
    for (uint32_t i = 0; i < w->stars.len; i++) stars[i] = cstr(w, w->stars.v[i]);
    out->stars = stars;
    out->nstars = w->stars.len;
    if (specs.len) {
        const char **s = dc_arena_alloc(w->arena, specs.len * sizeof *s);
        memcpy(s, specs.v, specs.len * sizeof *s);
        out->imports = s;
        out->nimports = specs.len;
    }
    dc_vec_free(&ex);
    dc_vec_free(&specs);
}
