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
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/bindings_p.h"
#include "analysis/dcaf.h"

typedef DC_VEC(dc_fact_export) export_vec;
typedef DC_VEC(dc_fact_ref) ref_vec;
typedef DC_VEC(const char *) str_vec;

/* A target of an unresolved candidate, for looking up what derives a name (sorted by name). */
typedef struct target_ix {
    dc_sv name;    /* the target, without the "()" of a function's call receiver */
    uint32_t cand;
    bool returns;  /* it was the call receiver `name()`: the function returns the value */
} target_ix;

/* What the extraction builds once per file, so that each name costs a lookup, not a scan. */
typedef struct export_ctx {
    dc_bind_walker *w;
    target_ix *ix;
    uint32_t nix;
    dc_bind_set emitted; /* export names already added */
    dc_bind_set roots;   /* "x" of every client "x.y": only those can be objects with client members */
    uint8_t sdk;
} export_ctx;

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
static uint32_t object_members(export_ctx *x, dc_sv local, const char ***out) {
    dc_bind_walker *w = x->w;
    *out = NULL;
    if (!dc_bind_set_has(&x->roots, local)) return 0;
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
    if (m.len) {
        *out = dc_arena_alloc(w->arena, m.len * sizeof **out);
        memcpy(*out, m.v, m.len * sizeof **out);
    }
    uint32_t n = m.len;
    dc_vec_free(&m);
    return n;
}

static bool has_call(const dc_bind_walker *w, dc_sv local) {
    char buf[256];
    if (local.len + 2 > sizeof buf) return false;
    memcpy(buf, local.p, local.len);
    memcpy(buf + local.len, "()", 2);
    return dc_bind_set_has(&w->clients_set, dc_sv_from(buf, local.len + 2));
}

/* What the bindings prove `local` is. */
static dc_fact_kind proven(export_ctx *x, dc_sv local, const char ***members, uint32_t *nmembers) {
    dc_bind_walker *w = x->w;
    *members = NULL;
    *nmembers = 0;
    if (dc_bind_set_has(&w->clients_set, local))
        return sv_in(w->legacy_enums.v, w->legacy_enums.len, local) ? DC_FACT_LEGACY_ENUM : DC_FACT_CLIENT;
    if (has_call(w, local)) return DC_FACT_FACTORY;
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
    *nmembers = object_members(x, local, members);
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

static int ix_cmp(const void *a, const void *b) {
    const target_ix *x = a, *y = b;
    uint32_t n = x->name.len < y->name.len ? x->name.len : y->name.len;
    int c = memcmp(x->name.p, y->name.p, n);
    return c ? c : (x->name.len > y->name.len) - (x->name.len < y->name.len);
}

/* The targets of the unresolved candidates, sorted; the roots of dotted clients. */
static void ctx_build(export_ctx *x) {
    dc_bind_walker *w = x->w;
    uint32_t n = 0;
    for (uint32_t i = 0; i < w->cands.len; i++) n += w->cands.v[i].done ? 0 : w->cands.v[i].ntargets;
    x->ix = n ? dc_xmalloc(n * sizeof *x->ix) : NULL;
    for (uint32_t i = 0; i < w->cands.len; i++) {
        const dc_bind_cand *c = &w->cands.v[i];
        for (uint8_t t = 0; !c->done && t < c->ntargets; t++) {
            dc_sv s = c->targets[t];
            bool call = s.len > 2 && s.p[s.len - 2] == '(' && s.p[s.len - 1] == ')';
            x->ix[x->nix++] = (target_ix){call ? dc_sv_from(s.p, s.len - 2) : s, i, call};
        }
    }
    if (x->nix > 1) qsort(x->ix, x->nix, sizeof *x->ix, ix_cmp);
    for (uint32_t i = 0; i < w->clients.len; i++) {
        const char *dot = memchr(w->clients.v[i].p, '.', w->clients.v[i].len);
        if (dot) dc_bind_set_add(w->arena, &x->roots, dc_sv_from(w->clients.v[i].p, (size_t)(dot - w->clients.v[i].p)));
    }
}

/* How `local` is derived: an import that binds it, or its unresolved candidates' atoms. */
static void derived(export_ctx *x, dc_sv local, ref_vec *out) {
    dc_bind_walker *w = x->w;
    for (uint32_t i = 0; i < w->pimports.len; i++) {
        const dc_pimport *p = &w->pimports.v[i];
        if (p->module_level && dc_sv_eq(p->local, local)) import_refs(w, p, dc_sv_from("", 0), DC_FACT_OP_VALUE, false, out);
    }
    uint32_t lo = 0, hi = x->nix;
    target_ix key = {local, 0, false};
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ix_cmp(&x->ix[mid], &key) < 0) lo = mid + 1;
        else hi = mid;
    }
    for (uint32_t i = lo; i < x->nix && dc_sv_eq(x->ix[i].name, local); i++) {
        const dc_bind_cand *c = &w->cands.v[x->ix[i].cand];
        for (uint8_t k = 0; k < c->natoms; k++) atom_ref(w, &c->atoms[k], x->ix[i].returns, out);
    }
}

/* Appends the export `name` for `local` when something proves or derives it. */
static void add_export(export_ctx *x, export_vec *out, const char *name, dc_sv local, uint32_t line) {
    dc_bind_walker *w = x->w;
    if (!dc_bind_set_add(w->arena, &x->emitted, dc_sv_cstr(name))) return; /* defined twice: the first counts */
    dc_fact_export e = {name, DC_FACT_NONE, x->sdk, NULL, 0, NULL, 0, line};
    const char **members;
    e.kind = proven(x, local, &members, &e.nmembers);
    e.members = members;
    if (e.kind == DC_FACT_NONE) {
        ref_vec refs = {0};
        derived(x, local, &refs);
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

/* The module-level import that binds exactly `local`, or NULL. */
static const dc_pimport *import_of_local(const dc_bind_walker *w, dc_sv local) {
    for (uint32_t i = 0; i < w->pimports.len; i++)
        if (w->pimports.v[i].module_level && dc_sv_eq(w->pimports.v[i].local, local)) return &w->pimports.v[i];
    return NULL;
}

/* A TypeScript public name: a re-export, a local's ("#local") value, or an import's (directly:
 * imports have no entries of their own). */
static void public_export(dc_bind_walker *w, export_vec *out, const dc_bind_pubexp *pe, uint8_t sdk) {
    ref_vec refs = {0};
    const dc_pimport *imp = pe->spec.len ? NULL : import_of_local(w, pe->local);
    if (pe->spec.len) {
        push_ref(w, &refs, cstr(w, pe->spec), cstr(w, pe->name), dc_sv_from("", 0), DC_FACT_OP_VALUE, false);
    } else if (imp) {
        import_refs(w, imp, dc_sv_from("", 0), DC_FACT_OP_VALUE, false, &refs);
    } else {
        const char *l = local_name(w, pe->local);
        bool known = false;
        for (uint32_t k = 0; k < out->len && !known; k++) known = strcmp(out->v[k].name, l) == 0;
        if (known) push_ref(w, &refs, NULL, l, dc_sv_from("", 0), DC_FACT_OP_VALUE, false);
    }
    if (refs.len) {
        dc_fact_ref *r = dc_arena_alloc(w->arena, refs.len * sizeof *r);
        memcpy(r, refs.v, refs.len * sizeof *r);
        dc_fact_export e = {cstr(w, pe->public_), DC_FACT_NONE, sdk, NULL, 0, r, refs.len, pe->line};
        dc_vec_push(out, e);
    }
    dc_vec_free(&refs);
}

/* Every module-level name (TypeScript: as a "#" local), then TypeScript's public names. The
 * SDK's classes and enums a Python module imports are module-level names too. */
static void collect(export_ctx *x, export_vec *out) {
    dc_bind_walker *w = x->w;
    for (uint32_t i = 0; w->py && i < w->classes.len; i++)
        if (!memchr(w->classes.v[i].p, '.', w->classes.v[i].len)) add_export(x, out, cstr(w, w->classes.v[i]), w->classes.v[i], 0);
    for (uint32_t i = 0; w->py && i < w->legacy_enums.len; i++)
        add_export(x, out, cstr(w, w->legacy_enums.v[i]), w->legacy_enums.v[i], 0);
    /* a TypeScript module exports only what it says it does: without export statements, nothing */
    bool exports = w->py || w->pubexps.len;
    for (uint32_t i = 0; exports && i < w->modnames.len; i++)
        add_export(x, out, local_name(w, w->modnames.v[i].name), w->modnames.v[i].name, w->modnames.v[i].line);
    for (uint32_t i = 0; i < w->pubexps.len; i++) {
        const dc_bind_pubexp *pe = &w->pubexps.v[i];
        if (!pe->spec.len && !import_of_local(w, pe->local)) add_export(x, out, local_name(w, pe->local), pe->local, pe->line);
    }
    for (uint32_t i = 0; i < w->pubexps.len; i++) public_export(w, out, &w->pubexps.v[i], x->sdk);
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
    /* re-exports import too (`export * from "./m"`, `export { x } from "./m"`) */
    for (uint32_t i = 0; i < w->stars.len; i++) dc_vec_push(out, cstr(w, w->stars.v[i]));
    for (uint32_t i = 0; i < w->pubexps.len; i++)
        if (w->pubexps.v[i].spec.len) dc_vec_push(out, cstr(w, w->pubexps.v[i].spec));
}

typedef DC_VEC(dc_fact_use) use_vec;

static void push_use(dc_bind_walker *w, use_vec *out, const dc_pimport *p, dc_sv name, dc_sv member, bool deep,
                     bool read) {
    /* a Python module-level import binds a name the module exports (dc_fact_use.local); a member
     * read from it (`c.Session` of `import app.compat as c`) binds nothing: `c` is the module */
    bool binds = w->py && !read && p->module_level && !member.len && !memchr(p->local.p, '.', p->local.len);
    dc_fact_use u = {cstr(w, p->spec), cstr(w, name), member.len ? cstr(w, member) : NULL, binds ? cstr(w, p->local) : NULL, deep};
    dc_vec_push(out, u);
}

/* What the file may use of its imports: each imported name, and each member read from one. */
static void uses(dc_bind_walker *w, use_vec *out) {
    dc_sv none = dc_sv_from("", 0), def = dc_sv_cstr("default");
    for (uint32_t i = 0; i < w->pimports.len; i++) {
        const dc_pimport *p = &w->pimports.v[i];
        if (p->kind == DC_PIMPORT_NAMED) push_use(w, out, p, p->name, none, false, false);
        else if (p->kind != DC_PIMPORT_NAMESPACE) push_use(w, out, p, def, none, false, false);
        else if (!w->py || p->module_level) push_use(w, out, p, none, none, false, false); /* `import a.b as m`, `import * as m` */
    }
    for (uint32_t i = 0; i < w->accesses.len; i++) {
        const dc_pimport *p = &w->pimports.v[w->accesses.v[i].pimport];
        dc_sv m = w->accesses.v[i].member, m2 = w->accesses.v[i].member2;
        if (m2.len) { /* `ns.sub.x`: x of the module's member sub (`sub.a.x` of a named import: not kept) */
            if (p->kind != DC_PIMPORT_NAMED) push_use(w, out, p, m, m2, false, true);
        } else if (p->kind == DC_PIMPORT_NAMED) {
            push_use(w, out, p, p->name, m, true, true); /* `sub.mm`: mm's own names are not recorded */
        } else {
            push_use(w, out, p, m, none, false, true); /* a module's member (and CommonJS's exports) */
        }
    }
}

/* A Python module's DCAF names (analysis/dcaf.h): a proof, so they replace a name's derivations
 * (`agent_tool = core.tool` derives from `dcaf`, which no project file is), never an SDK fact. */
static void dcaf_names(export_ctx *x, TSNode root, export_vec *out) {
    const dc_fact_export *d;
    uint32_t n = x->w->py ? dc_dcaf_exports(x->w->src, root, x->w->arena, &d) : 0;
    for (uint32_t i = 0; i < n; i++) {
        if (dc_bind_set_add(x->w->arena, &x->emitted, dc_sv_cstr(d[i].name))) {
            dc_vec_push(out, d[i]);
            continue;
        }
        for (uint32_t k = 0; k < out->len; k++)
            if (strcmp(out->v[k].name, d[i].name) == 0 && out->v[k].kind == DC_FACT_NONE) out->v[k] = d[i];
    }
}

/* ---- direct executions (issue 16, item 8) --------------------------------------------------- */

typedef DC_VEC(dc_fact_exec) exec_vec;

static bool word_char(char c) { return c == '_' || c == '$' || isalnum((unsigned char)c) || (unsigned char)c >= 0x80; }

static const char *skip_back_spaces(const char *p, const char *start) {
    while (p > start && (p[-1] == ' ' || p[-1] == '\t')) p--;
    return p;
}

/* The receiver chain that ends at `end` (`self.client`, `get_client()`, `lib.composio`): its
 * start. Words, dots and empty calls `()`. */
static const char *chain_start(const char *end, const char *start) {
    const char *p = end;
    for (;;) {
        if (p - 2 >= start && p[-1] == ')' && p[-2] == '(') p -= 2;
        const char *w = p;
        while (w > start && word_char(w[-1])) w--;
        if (w == p) return p;
        p = w;
        if (p > start && p[-1] == '.') p--;
        else return p;
    }
}

/* Where the chain [s, e) comes from, as a dc_fact_exec (see facts.h). */
static dc_fact_exec exec_of(dc_bind_walker *w, const char *s, const char *e, uint32_t line) {
    size_t root = 0;
    while (s + root < e && word_char(s[root])) root++;
    for (uint32_t i = 0; i < w->pimports.len; i++) {
        const dc_pimport *p = &w->pimports.v[i];
        if (!p->local.len || (size_t)(e - s) < p->local.len || memcmp(s, p->local.p, p->local.len) != 0) continue;
        const char *after = s + p->local.len;
        if (after < e && *after != '.' && *after != '(') continue;
        dc_sv m = {0};
        if (after < e && *after == '.') {
            const char *ms = after + 1, *me = ms;
            while (me < e && word_char(*me)) me++;
            m = dc_sv_from(ms, (size_t)(me - ms));
        }
        const char *spec = cstr(w, p->spec), *member = m.len ? cstr(w, m) : NULL;
        if (p->kind == DC_PIMPORT_NAMED) return (dc_fact_exec){spec, cstr(w, p->name), member, line};
        if (p->kind == DC_PIMPORT_NAMESPACE) return (dc_fact_exec){spec, member ? member : "", NULL, line};
        return (dc_fact_exec){spec, member ? member : "default", NULL, line};
    }
    return (dc_fact_exec){NULL, cstr(w, dc_sv_from(s, root)), NULL, line};
}

/* Every `X.tools.execute(` of the file's text (comments and strings included: a text scan errs
 * towards more executions, which only makes a pin's removal more careful). */
static void exec_calls(dc_bind_walker *w, exec_vec *out) {
    const char *d = w->src->data, *end = d + w->src->len, *counted = d;
    uint32_t line = 1;
    for (const char *q = d; (q = memmem(q, (size_t)(end - q), "execute", 7)); q += 7) {
        const char *a = q + 7;
        while (a < end && (*a == ' ' || *a == '\t')) a++;
        if (a >= end || *a != '(') continue;
        const char *b = skip_back_spaces(q, d);
        if (b == d || b[-1] != '.') continue;
        b = skip_back_spaces(b - 1, d);
        if (b - d < 5 || memcmp(b - 5, "tools", 5) != 0 || (b - 5 > d && word_char(b[-6]))) continue;
        b = skip_back_spaces(b - 5, d);
        if (b == d || b[-1] != '.') continue;
        const char *ce = skip_back_spaces(b - 1, d), *cs = chain_start(ce, d);
        if (cs == ce) continue;
        for (; counted < q; counted++) line += *counted == '\n';
        dc_vec_push(out, exec_of(w, cs, ce, line));
    }
}

/* A vector's `n` items of `size` bytes copied into the arena (the facts outlive the vectors);
 * NULL when there are none. */
static void *to_arena(dc_arena *a, const void *v, uint32_t n, size_t size) {
    if (!n) return NULL;
    void *p = dc_arena_alloc(a, n * size);
    memcpy(p, v, n * size);
    return p;
}

void dc_bind_exports(dc_bind_walker *w, TSNode root, dc_file_facts *out) {
    uint8_t sdk = (uint8_t)((w->imports_devcaster ? DC_FACT_SDK_DEVCASTER : 0) | (w->imports_composio ? DC_FACT_SDK_COMPOSIO : 0));
    export_vec ex = {0};
    export_ctx x = {w, NULL, 0, {0}, {0}, sdk};
    ctx_build(&x);
    collect(&x, &ex);
    dcaf_names(&x, root, &ex);
    free(x.ix);
    str_vec specs = {0};
    import_specs(w, &specs);
    use_vec us = {0};
    uses(w, &us);
    memset(out, 0, sizeof *out);
    out->done = true;
    out->py = w->py;
    out->imports_sdk = w->imports_devcaster || w->imports_composio;
    out->sdk = sdk;
    out->exports = to_arena(w->arena, ex.v, ex.len, sizeof *ex.v);
    out->nexports = ex.len;
    const char **stars = w->stars.len ? dc_arena_alloc(w->arena, w->stars.len * sizeof *stars) : NULL;
    for (uint32_t i = 0; i < w->stars.len; i++) stars[i] = cstr(w, w->stars.v[i]);
    out->stars = stars;
    out->nstars = w->stars.len;
    out->imports = to_arena(w->arena, specs.v, specs.len, sizeof *specs.v);
    out->nimports = specs.len;
    exec_vec xs = {0};
    exec_calls(w, &xs);
    out->execs = to_arena(w->arena, xs.v, xs.len, sizeof *xs.v);
    out->nexecs = xs.len;
    dc_vec_free(&xs);
    out->uses = to_arena(w->arena, us.v, us.len, sizeof *us.v);
    out->nuses = us.len;
    dc_vec_free(&ex);
    dc_vec_free(&specs);
    dc_vec_free(&us);
}
