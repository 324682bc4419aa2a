/* facts.c: the project's fact table: copies of the files' facts, the resolution worklist and
 * the queries (facts.h says what they mean; facts_p.h how the table is laid out). */
#include "project/facts.h"

#include <stdlib.h>
#include <string.h>

#include "project/facts_p.h"

/* A chain of plain re-exports longer than this is not followed to look for an SDK module. */
#define FF_WEAK_HOPS 64
/* MODULE facts are listed this deep when a namespace's members are themselves modules. */
#define FF_MODULE_DEPTH 2

static const char *const kind_names[DC_FACT_KIND_COUNT] = {
    "none", "client", "factory", "class", "legacy_class", "legacy_enum", "holder", "object", "module", "weak", "pending",
};

const char *dc_fact_kind_name(dc_fact_kind k) { return (unsigned)k < DC_FACT_KIND_COUNT ? kind_names[k] : "none"; }

dc_fact_kind dc_fact_kind_from_name(const char *name) {
    for (int k = 1; k < DC_FACT_KIND_COUNT; k++)
        if (strcmp(kind_names[k], name) == 0) return (dc_fact_kind)k;
    return DC_FACT_NONE;
}

static dc_fact no_fact(void) { return (dc_fact){DC_FACT_NONE, 0, -1, NULL, 0, -1, 0}; }

/* ---- the table ------------------------------------------------------------------------------- */

dc_facts *ff_new(const dc_resolver *r, const char *const *display) {
    dc_facts *f = dc_xcalloc(1, sizeof *f);
    f->r = r;
    dc_arena_init(&f->arena, 64 * 1024);
    pthread_mutex_init(&f->mu, NULL);
    f->nfiles = (uint32_t)dc_resolver_nfiles(r);
    f->files = dc_xcalloc(f->nfiles ? f->nfiles : 1, sizeof *f->files);
    f->display = dc_arena_alloc(&f->arena, (f->nfiles ? f->nfiles : 1) * sizeof *f->display);
    for (uint32_t i = 0; i < f->nfiles; i++)
        f->display[i] = dc_arena_strdup(&f->arena, display ? display[i] : dc_resolver_path(r, i));
    return f;
}

dc_facts *dc_facts_new(const dc_resolver *r, const char *const *display) { return ff_new(r, display); }

void dc_facts_free(dc_facts *f) {
    if (!f) return;
    for (uint32_t i = 0; i < f->nfiles; i++) free(f->files[i].star_users);
    free(f->files);
    dc_vec_free(&f->slots);
    free(f->hash);
    dc_vec_free(&f->deps);
    pthread_mutex_destroy(&f->mu);
    dc_arena_free(&f->arena);
    free(f);
}

const dc_resolver *dc_facts_resolver(const dc_facts *f) { return f->r; }
size_t dc_facts_nfiles(const dc_facts *f) { return f->nfiles; }
const char *dc_facts_display(const dc_facts *f, uint32_t file) { return file < f->nfiles ? f->display[file] : ""; }

bool dc_facts_has(const dc_facts *f, uint32_t file) { return file < f->nfiles && f->files[file].present; }

static const char *ff_str(dc_facts *f, const char *s) { return s ? dc_arena_strdup(&f->arena, s) : NULL; }

static const char *const *ff_strs(dc_facts *f, const char *const *v, uint32_t n) {
    if (!n) return NULL;
    const char **out = dc_arena_alloc(&f->arena, n * sizeof *out);
    for (uint32_t i = 0; i < n; i++) out[i] = ff_str(f, v[i]);
    return out;
}

static void ff_copy_export(dc_facts *f, dc_fact_export *dst, const dc_fact_export *src) {
    *dst = *src;
    dst->name = ff_str(f, src->name);
    dst->members = ff_strs(f, src->members, src->nmembers);
    if (src->nrefs) {
        dc_fact_ref *refs = dc_arena_alloc(&f->arena, src->nrefs * sizeof *refs);
        for (uint32_t k = 0; k < src->nrefs; k++) {
            refs[k] = src->refs[k];
            refs[k].spec = ff_str(f, src->refs[k].spec);
            refs[k].name = ff_str(f, src->refs[k].name);
            refs[k].member = ff_str(f, src->refs[k].member);
        }
        dst->refs = refs;
    }
}

void dc_facts_put(dc_facts *f, uint32_t file, const dc_file_facts *ff) {
    if (!f || file >= f->nfiles || !ff) return;
    pthread_mutex_lock(&f->mu);
    ff_file *rec = &f->files[file];
    if (!rec->present) {
        rec->present = true;
        rec->ff = *ff;
        rec->py = ff->py;
        rec->imports_sdk = ff->imports_sdk;
        dc_fact_export *ex = ff->nexports ? dc_arena_alloc(&f->arena, ff->nexports * sizeof *ex) : NULL;
        for (uint32_t i = 0; i < ff->nexports; i++) ff_copy_export(f, &ex[i], &ff->exports[i]);
        rec->ff.exports = ex;
        rec->ff.stars = ff_strs(f, ff->stars, ff->nstars);
        rec->ff.imports = ff_strs(f, ff->imports, ff->nimports);
        rec->specs = rec->ff.imports;
        rec->nspecs = ff->nimports;
        f->resolved = false;
    }
    pthread_mutex_unlock(&f->mu);
}

void dc_facts_put_imports(dc_facts *f, uint32_t file, const char *const *specs, uint32_t n, bool py) {
    if (!f || file >= f->nfiles) return;
    pthread_mutex_lock(&f->mu);
    ff_file *rec = &f->files[file];
    if (!rec->present && !rec->imports_put) {
        rec->imports_put = true;
        rec->py = py;
        rec->specs = ff_strs(f, specs, n);
        rec->nspecs = n;
    }
    pthread_mutex_unlock(&f->mu);
}

/* ---- slots ----------------------------------------------------------------------------------- */

static uint32_t ff_hash(int32_t file, const char *name) {
    uint32_t h = 2166136261u ^ (uint32_t)file * 16777619u;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) h = (h ^ *p) * 16777619u;
    return h;
}

static void ff_rehash(dc_facts *f) {
    free(f->hash);
    f->hcap = f->hcap ? f->hcap * 2 : 1024;
    f->hash = dc_xcalloc(f->hcap, sizeof *f->hash);
    for (uint32_t i = 0; i < f->slots.len; i++) {
        uint32_t h = ff_hash(f->slots.v[i].file, f->slots.v[i].name) & (f->hcap - 1);
        while (f->hash[h]) h = (h + 1) & (f->hcap - 1);
        f->hash[h] = i + 1;
    }
}

static uint32_t ff_probe(const dc_facts *f, int32_t file, const char *name, uint32_t *at) {
    if (!f->hcap) return FF_NONE;
    uint32_t h = ff_hash(file, name) & (f->hcap - 1);
    while (f->hash[h]) {
        const ff_slot *s = &f->slots.v[f->hash[h] - 1];
        if (s->file == file && strcmp(s->name, name) == 0) return f->hash[h] - 1;
        h = (h + 1) & (f->hcap - 1);
    }
    if (at) *at = h;
    return FF_NONE;
}

uint32_t ff_slot_get(dc_facts *f, int32_t file, const char *name) {
    uint32_t at = 0, i = ff_probe(f, file, name, &at);
    if (i != FF_NONE) return i;
    if ((f->slots.len + 1) * 2 > f->hcap) {
        ff_rehash(f);
        ff_probe(f, file, name, &at);
    }
    ff_slot s = {dc_arena_strdup(&f->arena, name), file, NULL, no_fact(), 0, false};
    dc_vec_push(&f->slots, s);
    f->hash[at] = f->slots.len;
    return f->slots.len - 1;
}

const ff_slot *ff_slot_find(const dc_facts *f, int32_t file, const char *name) {
    uint32_t i = ff_probe(f, file, name, NULL);
    return i == FF_NONE ? NULL : &f->slots.v[i];
}

/* ---- targets --------------------------------------------------------------------------------- */

/* Where `name` of module `spec`, imported in `from`, lives: (*file, *name_out) with *name_out ""
 * for the module object itself. False when the module is not a file of the tree. Python's
 * `from pkg import name` is the submodule unless the package's __init__ exports the name
 * (explicitly, or with a resolved value when the table was read from a file). */
static bool ff_target(const dc_facts *f, uint32_t from, bool py, const char *spec, const char *name, int32_t *file,
                      const char **name_out) {
    if (!spec) {
        *file = (int32_t)from;
        *name_out = name;
        return true;
    }
    *name_out = name;
    if (!py) {
        dc_resolution r = dc_resolve_ts(f->r, from, spec);
        *file = r.file;
        return r.status == DC_RESOLVE_FOUND;
    }
    if (!*name) {
        dc_resolution r = dc_resolve_py(f->r, from, spec);
        *file = r.file;
        return r.status == DC_RESOLVE_FOUND;
    }
    dc_py_name pn = dc_resolve_py_name(f->r, from, spec, name);
    if (pn.kind == DC_PY_NAME_ATTRIBUTE) {
        *file = pn.file;
        return pn.file >= 0;
    }
    if (pn.kind != DC_PY_NAME_SUBMODULE) return false;
    const ff_slot *s = pn.package >= 0 ? ff_slot_find(f, pn.package, name) : NULL;
    if (s && (s->ex || s->val.kind != DC_FACT_NONE || s->weak)) {
        *file = pn.package;
        return true;
    }
    *file = pn.file;
    *name_out = "";
    return pn.file >= 0;
}

/* ---- the worklist ------------------------------------------------------------------------------ */

typedef DC_VEC(uint32_t) ff_queue;

static dc_fact module_fact(int32_t file) {
    dc_fact v = no_fact();
    v.kind = DC_FACT_MODULE;
    v.module = file;
    v.file = file;
    return v;
}

static bool member_in(const dc_fact *v, const char *m, const char *suffix) {
    size_t n = strlen(m), ns = strlen(suffix);
    for (uint32_t i = 0; i < v->nmembers; i++) {
        const char *x = v->members[i];
        if (strlen(x) == n + ns && memcmp(x, m, n) == 0 && memcmp(x + n, suffix, ns) == 0) return true;
    }
    return false;
}

/* `op` then `returns` applied to a value (a member was applied before). */
static dc_fact ff_apply_op(dc_fact v, dc_fact_op op, bool returns, bool py) {
    dc_fact_kind k = v.kind;
    if (op == DC_FACT_OP_CALL) {
        if (k == DC_FACT_FACTORY || (py && (k == DC_FACT_CLASS || k == DC_FACT_LEGACY_CLASS))) k = DC_FACT_CLIENT;
        else if (py && k == DC_FACT_HOLDER) k = DC_FACT_OBJECT;
        else k = DC_FACT_NONE;
    } else if (op == DC_FACT_OP_NEW) {
        if (k == DC_FACT_CLASS || k == DC_FACT_LEGACY_CLASS) k = DC_FACT_CLIENT;
        else if (k == DC_FACT_HOLDER) k = DC_FACT_OBJECT;
        else k = DC_FACT_NONE;
    }
    if (returns) k = k == DC_FACT_CLIENT ? DC_FACT_FACTORY : DC_FACT_NONE;
    if (k != DC_FACT_OBJECT && k != DC_FACT_HOLDER) {
        v.members = NULL;
        v.nmembers = 0;
    }
    if (k != DC_FACT_MODULE) v.module = -1;
    v.kind = k;
    return k == DC_FACT_NONE ? no_fact() : v;
}

/* The first component of a member path ("client" of "client.x", "get()" stays whole). */
static const char *member_head(dc_facts *f, const char *m, const char **rest) {
    const char *dot = strchr(m, '.');
    *rest = dot ? dot + 1 : NULL;
    return dot ? dc_arena_strndup(&f->arena, m, (size_t)(dot - m)) : m;
}

static void ff_set(dc_facts *f, uint32_t si, dc_fact v, ff_queue *q) {
    if (v.kind == DC_FACT_NONE || f->slots.v[si].val.kind != DC_FACT_NONE) return;
    f->slots.v[si].val = v;
    dc_vec_push(q, si);
}

static void ff_wait(dc_facts *f, uint32_t si, ff_dep d, ff_queue *q);

/* A derivation reached value `v`: its member (a module's member waits for that name), op, returns. */
static void ff_derive(dc_facts *f, const ff_dep *d, dc_fact v, ff_queue *q) {
    bool py = f->files[d->file].py;
    if (d->member) {
        const char *rest = NULL, *head = member_head(f, d->member, &rest);
        if (v.kind == DC_FACT_MODULE) {
            ff_dep next = *d;
            next.member = rest;
            ff_wait(f, ff_slot_get(f, v.module, head), next, q);
            return;
        }
        dc_fact m = no_fact();
        if ((v.kind == DC_FACT_OBJECT) && !rest) {
            if (member_in(&v, head, "")) m.kind = DC_FACT_CLIENT;
            else if (member_in(&v, head, "()")) m.kind = DC_FACT_FACTORY;
        }
        m.sdk = v.sdk;
        m.file = v.file;
        m.line = v.line;
        v = m;
    }
    v = ff_apply_op(v, d->op, d->returns, py);
    ff_set(f, ff_slot_get(f, d->file, d->ex->name), v, q);
}

/* Registers `d` as waiting for slot `si`; derives at once when the slot has its value. */
static void ff_wait(dc_facts *f, uint32_t si, ff_dep d, ff_queue *q) {
    if (f->slots.v[si].val.kind != DC_FACT_NONE) {
        ff_derive(f, &d, f->slots.v[si].val, q);
        return;
    }
    d.next = f->slots.v[si].deps;
    dc_vec_push(&f->deps, d);
    f->slots.v[si].deps = f->deps.len;
}

/* Export `ex` of `file`: its own fact, or a wait per ref. */
static void ff_seed_export(dc_facts *f, uint32_t file, const dc_fact_export *ex, ff_queue *q) {
    uint32_t si = ff_slot_get(f, (int32_t)file, ex->name);
    if (ex->kind != DC_FACT_NONE) {
        dc_fact v = {ex->kind, ex->sdk, -1, ex->members, ex->nmembers, (int32_t)file, ex->line};
        ff_set(f, si, v, q);
        return;
    }
    for (uint32_t k = 0; k < ex->nrefs; k++) {
        const dc_fact_ref *r = &ex->refs[k];
        int32_t tf;
        const char *tn;
        if (!ff_target(f, file, f->files[file].py, r->spec, r->name, &tf, &tn)) continue;
        ff_dep d = {(int32_t)file, ex, r->member, r->op, r->returns, 0};
        if (!*tn) {
            ff_derive(f, &d, module_fact(tf), q);
            continue;
        }
        ff_wait(f, ff_slot_get(f, tf, tn), d, q);
    }
}

static void ff_add_star_user(ff_file *t, int32_t user) {
    if (t->nstar_users == t->star_cap) {
        t->star_cap = t->star_cap ? t->star_cap * 2 : 4;
        t->star_users = dc_xrealloc(t->star_users, t->star_cap * sizeof *t->star_users);
    }
    t->star_users[t->nstar_users++] = user;
}

/* The explicit exports first (so that a star never shadows one), then every seed. */
static void ff_seed(dc_facts *f, ff_queue *q) {
    for (uint32_t i = 0; i < f->nfiles; i++) {
        const ff_file *rec = &f->files[i];
        for (uint32_t k = 0; rec->present && k < rec->ff.nexports; k++) {
            uint32_t si = ff_slot_get(f, (int32_t)i, rec->ff.exports[k].name);
            if (!f->slots.v[si].ex) f->slots.v[si].ex = &rec->ff.exports[k];
        }
    }
    for (uint32_t i = 0; i < f->nfiles; i++) {
        ff_file *rec = &f->files[i];
        if (!rec->present) continue;
        for (uint32_t k = 0; k < rec->ff.nstars; k++) {
            int32_t tf;
            const char *tn;
            if (ff_target(f, i, rec->py, rec->ff.stars[k], "", &tf, &tn) && tf != (int32_t)i)
                ff_add_star_user(&f->files[tf], (int32_t)i);
        }
        for (uint32_t k = 0; k < rec->ff.nexports; k++) ff_seed_export(f, i, &rec->ff.exports[k], q);
    }
}

/* A name a star passes on: not the default export, not a local. */
static bool star_passes(const ff_slot *s) { return s->name[0] != '#' && strcmp(s->name, "default") != 0; }

static void ff_propagate(dc_facts *f, ff_queue *q) {
    for (uint32_t qi = 0; qi < q->len; qi++) {
        uint32_t si = q->v[qi];
        dc_fact v = f->slots.v[si].val;
        for (uint32_t d = f->slots.v[si].deps; d; d = f->deps.v[d - 1].next) {
            ff_dep dep = f->deps.v[d - 1];
            ff_derive(f, &dep, v, q);
        }
        f->slots.v[si].deps = 0;
        if (!star_passes(&f->slots.v[si])) continue;
        const ff_file *g = &f->files[f->slots.v[si].file];
        for (uint32_t u = 0; u < g->nstar_users; u++) {
            const char *name = f->slots.v[si].name;
            uint32_t ui = ff_slot_get(f, g->star_users[u], name);
            if (!f->slots.v[ui].ex) ff_set(f, ui, v, q);
        }
    }
}

/* Explicit exports without a value whose plain re-export chain ends in an SDK module. */
static void ff_mark_weak(dc_facts *f) {
    for (uint32_t si = 0; si < f->slots.len; si++) {
        const ff_slot *s = &f->slots.v[si];
        if (!s->ex || s->val.kind != DC_FACT_NONE) continue;
        int32_t file = s->file;
        const dc_fact_export *ex = s->ex;
        for (int hop = 0; hop < FF_WEAK_HOPS; hop++) {
            if (f->files[file].imports_sdk) {
                f->slots.v[si].weak = true;
                break;
            }
            if (!ex || ex->nrefs != 1 || ex->refs[0].member || ex->refs[0].op || ex->refs[0].returns) break;
            int32_t tf;
            const char *tn;
            if (!ff_target(f, (uint32_t)file, f->files[file].py, ex->refs[0].spec, ex->refs[0].name, &tf, &tn) || !*tn)
                break;
            const ff_slot *t = ff_slot_find(f, tf, tn);
            file = tf;
            ex = t ? t->ex : NULL;
        }
    }
}

/* What a resolution computed, cleared for the next (the project phase resolves again after
 * reading re-exporters; the arena keeps the old lists, a few bytes per file and wave). */
static void ff_reset(dc_facts *f) {
    f->slots.len = 0;
    free(f->hash);
    f->hash = NULL;
    f->hcap = 0;
    f->deps.len = 0;
    for (uint32_t i = 0; i < f->nfiles; i++) {
        ff_file *rec = &f->files[i];
        if (rec->present) rec->specs = rec->ff.imports, rec->nspecs = rec->ff.nimports;
        rec->named = NULL;
        rec->nnamed = 0;
        rec->targets = NULL;
        rec->ntargets = 0;
        rec->bearing = false;
    }
    f->resolved = false;
}

void dc_facts_resolve(dc_facts *f) {
    if (!f) return;
    ff_reset(f);
    ff_queue q = {0};
    ff_seed(f, &q);
    ff_propagate(f, &q);
    dc_vec_free(&q);
    ff_mark_weak(f);
    for (uint32_t i = 0; i < f->nfiles; i++) {
        free(f->files[i].star_users);
        f->files[i].star_users = NULL;
        f->files[i].nstar_users = f->files[i].star_cap = 0;
    }
    dc_vec_free(&f->deps);
    ff_finish(f);
}

/* ---- after resolution ------------------------------------------------------------------------ */

/* The value a query sees: the resolved one, or WEAK for a marked slot. */
static dc_fact slot_value(const ff_slot *s) {
    if (s->val.kind != DC_FACT_NONE || !s->weak) return s->val;
    dc_fact w = no_fact();
    w.kind = DC_FACT_WEAK;
    w.file = s->file;
    return w;
}

static int named_cmp(const void *a, const void *b) {
    return strcmp(((const dc_named_fact *)a)->name, ((const dc_named_fact *)b)->name);
}

static int i32_cmp(const void *a, const void *b) {
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

/* The files `rec`'s specs resolve to (a Python spec is tried as a module). */
static void ff_targets(dc_facts *f, uint32_t file, ff_file *rec) {
    if (!rec->nspecs) return;
    int32_t *t = dc_arena_alloc(&f->arena, rec->nspecs * sizeof *t);
    uint32_t n = 0;
    for (uint32_t k = 0; k < rec->nspecs; k++) {
        dc_resolution r = rec->py ? dc_resolve_py(f->r, file, rec->specs[k]) : dc_resolve_ts(f->r, file, rec->specs[k]);
        if (r.status == DC_RESOLVE_FOUND && r.file != (int32_t)file) t[n++] = r.file;
    }
    qsort(t, n, sizeof *t, i32_cmp);
    uint32_t m = 0;
    for (uint32_t k = 0; k < n; k++)
        if (!m || t[m - 1] != t[k]) t[m++] = t[k];
    rec->targets = t;
    rec->ntargets = m;
}

void ff_finish(dc_facts *f) {
    uint32_t *count = dc_xcalloc(f->nfiles ? f->nfiles : 1, sizeof *count);
    for (uint32_t si = 0; si < f->slots.len; si++) {
        const ff_slot *s = &f->slots.v[si];
        if (s->name[0] != '#' && slot_value(s).kind != DC_FACT_NONE) count[s->file]++;
    }
    for (uint32_t i = 0; i < f->nfiles; i++) {
        ff_file *rec = &f->files[i];
        rec->named = count[i] ? dc_arena_alloc(&f->arena, count[i] * sizeof *rec->named) : NULL;
        rec->bearing = rec->imports_sdk;
    }
    for (uint32_t si = 0; si < f->slots.len; si++) {
        const ff_slot *s = &f->slots.v[si];
        if (s->name[0] == '#' || slot_value(s).kind == DC_FACT_NONE) continue;
        ff_file *rec = &f->files[s->file];
        rec->named[rec->nnamed++] = (dc_named_fact){s->name, slot_value(s)};
        rec->bearing = true;
    }
    for (uint32_t i = 0; i < f->nfiles; i++) {
        ff_file *rec = &f->files[i];
        if (rec->nnamed > 1) qsort(rec->named, rec->nnamed, sizeof *rec->named, named_cmp);
        ff_targets(f, i, rec);
    }
    free(count);
    f->resolved = true;
}

/* ---- queries --------------------------------------------------------------------------------- */

dc_fact dc_facts_lookup(const dc_facts *f, uint32_t file, const char *name) {
    if (!f || file >= f->nfiles || !name || name[0] == '#') return no_fact();
    const ff_slot *s = ff_slot_find(f, (int32_t)file, name);
    if (s && slot_value(s).kind != DC_FACT_NONE) return slot_value(s);
    if (!(s && s->ex) && f->files[file].imports_sdk) {
        dc_fact w = no_fact();
        w.kind = DC_FACT_WEAK;
        w.file = (int32_t)file;
        return w;
    }
    return no_fact();
}

dc_fact dc_facts_import(const dc_facts *f, uint32_t from, bool py, const char *spec, const char *name, bool pending) {
    if (!f || from >= f->nfiles || !spec || !*spec) return no_fact();
    int32_t tf;
    const char *tn;
    if (!ff_target(f, from, py, spec, name ? name : "", &tf, &tn) || tf < 0 || tf == (int32_t)from) return no_fact();
    if (pending) {
        dc_fact p = no_fact();
        p.kind = DC_FACT_PENDING;
        p.file = tf;
        return p;
    }
    if (!*tn) return module_fact(tf);
    return dc_facts_lookup(f, (uint32_t)tf, tn);
}

uint32_t dc_facts_exports(const dc_facts *f, uint32_t file, const dc_named_fact **out) {
    *out = NULL;
    if (!f || file >= f->nfiles || !f->resolved) return 0;
    *out = f->files[file].named;
    return f->files[file].nnamed;
}

bool dc_facts_bearing(const dc_facts *f, uint32_t file) {
    return f && file < f->nfiles && f->resolved && f->files[file].bearing;
}

uint32_t dc_facts_import_targets(const dc_facts *f, uint32_t file, const int32_t **out) {
    *out = NULL;
    if (!f || file >= f->nfiles || !f->resolved) return 0;
    *out = f->files[file].targets;
    return f->files[file].ntargets;
}

bool dc_facts_imports_bearing(const dc_facts *f, uint32_t file) {
    const int32_t *t;
    uint32_t n = dc_facts_import_targets(f, file, &t);
    for (uint32_t k = 0; k < n; k++)
        if (f->files[t[k]].bearing) return true;
    return false;
}

bool dc_facts_specs_bearing(const dc_facts *f, uint32_t file, bool py, const char *const *specs, uint32_t n) {
    if (!f || file >= f->nfiles || !f->resolved) return false;
    for (uint32_t k = 0; k < n; k++) {
        dc_resolution r = py ? dc_resolve_py(f->r, file, specs[k]) : dc_resolve_ts(f->r, file, specs[k]);
        if (r.status == DC_RESOLVE_FOUND && r.file != (int32_t)file && f->files[r.file].bearing) return true;
    }
    return false;
}

dc_facts_stats dc_facts_get_stats(const dc_facts *f) {
    dc_facts_stats st = {0};
    if (!f) return st;
    for (uint32_t i = 0; i < f->nfiles; i++) {
        st.files_with_facts += f->files[i].present;
        st.bearing += f->files[i].bearing;
        for (uint32_t k = 0; k < f->files[i].nnamed; k++) {
            if (f->files[i].named[k].fact.kind == DC_FACT_WEAK) st.weak++;
            else st.exports++;
        }
    }
    return st;
}
