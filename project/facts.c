/* facts.c: the project's fact table: copies of the files' facts, the resolution worklist and
 * the queries (facts.h says what they mean; facts_p.h how the table is laid out). */
#include "project/facts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "project/facts_p.h"

/* A chain of plain re-exports longer than this is not followed to look for an SDK module. */
#define FF_WEAK_HOPS 64
/* MODULE facts are listed this deep when a namespace's members are themselves modules. */
#define FF_MODULE_DEPTH 2

static const char *const kind_names[DC_FACT_KIND_COUNT] = {
    "none", "client", "factory", "class", "legacy_class", "legacy_enum", "holder", "object", "module", "weak", "pending",
    "dcaf",
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
    dc_vec_free(&f->loaded_execs);
    free(f->bearing_keys.v);
    free(f->fact_names.v);
    free(f->interned.v);
    pthread_mutex_destroy(&f->mu);
    dc_arena_free(&f->arena);
    free(f);
}

const dc_resolver *dc_facts_resolver(const dc_facts *f) { return f->r; }
size_t dc_facts_nfiles(const dc_facts *f) { return f->nfiles; }
const char *dc_facts_display(const dc_facts *f, uint32_t file) { return file < f->nfiles ? f->display[file] : ""; }

bool dc_facts_has(const dc_facts *f, uint32_t file) { return file < f->nfiles && f->files[file].present; }

/* One copy of each string (a tree repeats its module and member names thousands of times). */
static const char *ff_str(dc_facts *f, const char *s) { return s ? ff_key_add(&f->interned, &f->arena, s, strlen(s)) : NULL; }

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

int ff_export_cmp(const void *a, const void *b) {
    return strcmp(((const dc_fact_export *)a)->name, ((const dc_fact_export *)b)->name);
}

/* The file's explicit export (or viable implicit re-export) of `name`, or NULL. */
static const dc_fact_export *ff_explicit(const dc_facts *f, int32_t file, const char *name) {
    const ff_file *rec = &f->files[file];
    dc_fact_export key = {.name = name};
    const dc_fact_export *e = rec->ff.nexports ? bsearch(&key, rec->ff.exports, rec->ff.nexports, sizeof key, ff_export_cmp) : NULL;
    for (uint32_t k = 0; !e && k < rec->nimplicit; k++)
        if (strcmp(rec->implicit[k].name, name) == 0) e = &rec->implicit[k];
    return e;
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
        if (ff->nexports > 1) qsort(ex, ff->nexports, sizeof *ex, ff_export_cmp);
        rec->ff.exports = ex;
        rec->ff.stars = ff_strs(f, ff->stars, ff->nstars);
        rec->ff.imports = ff_strs(f, ff->imports, ff->nimports);
        dc_fact_use *uses = ff->nuses ? dc_arena_alloc(&f->arena, ff->nuses * sizeof *uses) : NULL;
        for (uint32_t i = 0; i < ff->nuses; i++) {
            const dc_fact_use *u = &ff->uses[i];
            uses[i].spec = ff_str(f, u->spec);
            uses[i].name = ff_str(f, u->name);
            uses[i].member = ff_str(f, u->member);
            uses[i].local = ff_str(f, u->local);
            uses[i].deep = u->deep;
        }
        rec->ff.uses = uses;
        dc_fact_exec *execs = ff->nexecs ? dc_arena_alloc(&f->arena, ff->nexecs * sizeof *execs) : NULL;
        for (uint32_t i = 0; i < ff->nexecs; i++) {
            const dc_fact_exec *e = &ff->execs[i];
            execs[i] = (dc_fact_exec){ff_str(f, e->spec), ff_str(f, e->name), ff_str(f, e->member), e->line};
        }
        rec->ff.execs = execs;
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
    ff_slot s = {ff_str(f, name), file, no_fact(), 0, false};
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
    if (pn.package >= 0 && (ff_explicit(f, pn.package, name) || (s && (s->val.kind != DC_FACT_NONE || s->weak)))) {
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
    if (k != DC_FACT_OBJECT && k != DC_FACT_HOLDER && k != DC_FACT_DCAF) {
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
        if (v.kind == DC_FACT_DCAF && v.nmembers) { /* a DCAF module's member: its path, one deeper */
            const char **path = dc_arena_alloc(&f->arena, sizeof *path);
            path[0] = dc_arena_printf(&f->arena, "%s.%s", v.members[0], d->member);
            m.kind = DC_FACT_DCAF;
            m.members = path;
            m.nmembers = 1;
        }
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
/* The name a ref's value comes from (the module's member for a module ref); NULL: the module
 * object itself, which is always a value. */
static const char *ref_key(const dc_fact_ref *r, size_t *n) {
    if (*r->name) {
        *n = strlen(r->name);
        return r->name;
    }
    if (!r->member) return NULL;
    const char *dot = strchr(r->member, '.');
    *n = dot ? (size_t)(dot - r->member) : strlen(r->member);
    return r->member;
}

static bool ref_viable(const ff_keys *v, const dc_fact_ref *r) {
    size_t n;
    const char *k = ref_key(r, &n);
    return !k || ff_key_has(v, k, n);
}

/* A module-object ref right after a "default" ref to the same module is CommonJS interop (a
 * default import or require(): the default, else the module object): void when `tf` has a default. */
static bool commonjs_default(const dc_facts *f, const dc_fact_export *ex, uint32_t k, int32_t tf) {
    if (!k) return false;
    const dc_fact_ref *p = &ex->refs[k - 1], *r = &ex->refs[k];
    if (strcmp(p->name, "default") != 0 || !p->spec || !r->spec || strcmp(p->spec, r->spec) != 0) return false;
    return ff_explicit(f, tf, "default") != NULL;
}

static void ff_seed_export(dc_facts *f, uint32_t file, const dc_fact_export *ex, const ff_keys *viable, ff_queue *q) {
    if (ex->kind != DC_FACT_NONE) {
        dc_fact v = {ex->kind, ex->sdk, -1, ex->members, ex->nmembers, (int32_t)file, ex->line};
        ff_set(f, ff_slot_get(f, (int32_t)file, ex->name), v, q);
        return;
    }
    if (!ff_key_has(viable, ex->name, strlen(ex->name))) return;
    for (uint32_t k = 0; k < ex->nrefs; k++) {
        const dc_fact_ref *r = &ex->refs[k];
        if (!ref_viable(viable, r)) continue;
        int32_t tf;
        const char *tn;
        if (!ff_target(f, file, f->files[file].py, r->spec, r->name, &tf, &tn)) continue;
        ff_dep d = {(int32_t)file, ex, r->member, r->op, r->returns, 0};
        if (!*tn && commonjs_default(f, ex, k, tf)) continue;
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

/* The names that can get a value, by name alone (a superset: which file holds a name is not
 * looked at): every proven export's, then, repeatedly, a derived export's with a ref from a name
 * that can, and a Python implicit re-export's (a module-level import) of such a name. Nothing
 * else can ever prove anything, so it gets no slot and no wait: on a tree of SDK files that
 * import each other (the bench's dense corpus), `log = logging.getLogger(...)` and a thousand
 * `from os import path` cost nothing here. */
static void ff_viable(dc_facts *f, ff_keys *v) {
    for (uint32_t i = 0; i < f->nfiles; i++)
        for (uint32_t k = 0; f->files[i].present && k < f->files[i].ff.nexports; k++)
            if (f->files[i].ff.exports[k].kind != DC_FACT_NONE)
                ff_key_add(v, &f->arena, f->files[i].ff.exports[k].name, strlen(f->files[i].ff.exports[k].name));
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t i = 0; i < f->nfiles; i++) {
            const ff_file *rec = &f->files[i];
            for (uint32_t k = 0; rec->present && k < rec->ff.nexports; k++) {
                const dc_fact_export *e = &rec->ff.exports[k];
                if (e->kind != DC_FACT_NONE || ff_key_has(v, e->name, strlen(e->name))) continue;
                for (uint32_t r = 0; r < e->nrefs; r++) {
                    if (!ref_viable(v, &e->refs[r])) continue;
                    ff_key_add(v, &f->arena, e->name, strlen(e->name));
                    changed = true;
                    break;
                }
            }
            for (uint32_t k = 0; rec->present && rec->py && k < rec->ff.nuses; k++) {
                const dc_fact_use *u = &rec->ff.uses[k];
                if (!u->local || u->member || !*u->name || ff_key_has(v, u->local, strlen(u->local))) continue;
                if (!ff_key_has(v, u->name, strlen(u->name))) continue;
                ff_key_add(v, &f->arena, u->local, strlen(u->local));
                changed = true;
            }
        }
    }
}

/* The viable implicit re-exports of a Python file, as exports of their own (arena). */
static void ff_implicit(dc_facts *f, ff_file *rec, const ff_keys *v) {
    uint32_t n = 0;
    for (uint32_t k = 0; rec->py && k < rec->ff.nuses; k++) {
        const dc_fact_use *u = &rec->ff.uses[k];
        n += u->local && !u->member && *u->name && ff_key_has(v, u->name, strlen(u->name));
    }
    rec->implicit = n ? dc_arena_alloc(&f->arena, n * sizeof *rec->implicit) : NULL;
    rec->nimplicit = 0;
    for (uint32_t k = 0; n && k < rec->ff.nuses; k++) {
        const dc_fact_use *u = &rec->ff.uses[k];
        if (!u->local || u->member || !*u->name || !ff_key_has(v, u->name, strlen(u->name))) continue;
        dc_fact_ref *r = dc_arena_alloc(&f->arena, sizeof *r);
        *r = (dc_fact_ref){u->spec, u->name, NULL, DC_FACT_OP_VALUE, false};
        rec->implicit[rec->nimplicit++] = (dc_fact_export){u->local, DC_FACT_NONE, 0, NULL, 0, r, 1, 0};
    }
}

/* The viable implicit re-exports, then every seed. */
static void ff_seed(dc_facts *f, ff_queue *q) {
    ff_keys viable = {0};
    ff_viable(f, &viable);
    for (uint32_t i = 0; i < f->nfiles; i++)
        if (f->files[i].present) ff_implicit(f, &f->files[i], &viable);
    for (uint32_t i = 0; i < f->nfiles; i++) {
        ff_file *rec = &f->files[i];
        if (!rec->present) continue;
        for (uint32_t k = 0; k < rec->ff.nstars; k++) {
            int32_t tf;
            const char *tn;
            if (ff_target(f, i, rec->py, rec->ff.stars[k], "", &tf, &tn) && tf != (int32_t)i)
                ff_add_star_user(&f->files[tf], (int32_t)i);
        }
        for (uint32_t k = 0; k < rec->ff.nexports; k++) ff_seed_export(f, i, &rec->ff.exports[k], &viable, q);
        for (uint32_t k = 0; k < rec->nimplicit; k++) ff_seed_export(f, i, &rec->implicit[k], &viable, q);
    }
    free(viable.v);
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
            if (ff_explicit(f, g->star_users[u], name)) continue; /* an explicit export shadows a star */
            ff_set(f, ff_slot_get(f, g->star_users[u], name), v, q);
        }
    }
}

/* Does a plain re-export chain from `ex` of `file` end in a module that imports the SDK? */
static bool ff_chain_weak(const dc_facts *f, int32_t file, const dc_fact_export *ex) {
    for (int hop = 0; hop < FF_WEAK_HOPS; hop++) {
        if (f->files[file].imports_sdk) return true;
        if (!ex || ex->nrefs != 1 || ex->refs[0].member || ex->refs[0].op || ex->refs[0].returns) return false;
        int32_t tf;
        const char *tn;
        if (!ff_target(f, (uint32_t)file, f->files[file].py, ex->refs[0].spec, ex->refs[0].name, &tf, &tn) || !*tn)
            return false;
        const ff_slot *t = ff_slot_find(f, tf, tn);
        if (t && t->val.kind != DC_FACT_NONE) return false;
        file = tf;
        ex = ff_explicit(f, tf, tn);
    }
    return false;
}

/* Explicit exports without a value, of modules that do not import the SDK themselves (for those,
 * every name without a value is WEAK anyway: dc_facts_lookup), whose chain ends in one that does. */
static void ff_mark_weak(dc_facts *f) {
    for (uint32_t i = 0; i < f->nfiles; i++) {
        const ff_file *rec = &f->files[i];
        if (!rec->present || rec->imports_sdk) continue;
        for (uint32_t k = 0; k < rec->ff.nexports; k++) {
            const dc_fact_export *e = &rec->ff.exports[k];
            const ff_slot *s = ff_slot_find(f, (int32_t)i, e->name);
            if ((s && s->val.kind != DC_FACT_NONE) || !ff_chain_weak(f, (int32_t)i, e)) continue;
            f->slots.v[ff_slot_get(f, (int32_t)i, e->name)].weak = true;
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
        rec->bearing = false;
    }
    free(f->bearing_keys.v);
    memset(&f->bearing_keys, 0, sizeof f->bearing_keys);
    free(f->fact_names.v);
    memset(&f->fact_names, 0, sizeof f->fact_names);
    f->kinds = 0;
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

/* Listed as a module's name: importable, with a fact; WEAK only where the lookup would not say
 * so anyway (a module that imports the SDK makes every name of its own WEAK). */
static bool listed(const dc_facts *f, const ff_slot *s) {
    dc_fact_kind k = slot_value(s).kind;
    return s->name[0] != '#' && k != DC_FACT_NONE && !(k == DC_FACT_WEAK && f->files[s->file].imports_sdk);
}

static int named_cmp(const void *a, const void *b) {
    return strcmp(((const dc_named_fact *)a)->name, ((const dc_named_fact *)b)->name);
}

/* ---- which imports can name a file: module keys ------------------------------------------
 * Resolving every import of every file (a tree's worth, most of them `import os`) to find the
 * few that name a module with facts costs more than the scan itself; a file can only be named
 * by a specifier whose last component is its stem (`./lib/composio`, `app.core.clients`), or
 * its directory's name for an index / __init__ file. So a specifier is resolved only when its
 * key is one of the wanted files' stems, or when it has no key that could say (`.`, `..`, a bare
 * TypeScript specifier, which a workspace package or a `paths` entry may map anywhere). */

static uint32_t key_hash(const char *p, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 16777619u;
    return h;
}

const char *ff_key_add(ff_keys *k, dc_arena *a, const char *p, size_t n) {
    if (!n) return "";
    if ((k->count + 1) * 2 > k->cap) {
        uint32_t old = k->cap;
        const char **ov = k->v;
        k->cap = k->cap ? k->cap * 2 : 64;
        k->v = dc_xcalloc(k->cap, sizeof *k->v);
        k->count = 0;
        for (uint32_t i = 0; i < old; i++)
            if (ov[i]) ff_key_add(k, a, ov[i], strlen(ov[i]));
        free(ov);
    }
    uint32_t h = key_hash(p, n) & (k->cap - 1);
    while (k->v[h]) {
        if (strlen(k->v[h]) == n && memcmp(k->v[h], p, n) == 0) return k->v[h];
        h = (h + 1) & (k->cap - 1);
    }
    k->v[h] = dc_arena_strndup(a, p, n);
    k->count++;
    return k->v[h];
}

bool ff_key_has(const ff_keys *k, const char *p, size_t n) {
    if (!k->cap) return false;
    uint32_t h = key_hash(p, n) & (k->cap - 1);
    while (k->v[h]) {
        if (strlen(k->v[h]) == n && memcmp(k->v[h], p, n) == 0) return true;
        h = (h + 1) & (k->cap - 1);
    }
    return false;
}

/* A file's stem, and for an index / __init__ file its directory's name too. */
void ff_key_add_file(ff_keys *k, dc_arena *a, const char *path) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    ff_key_add(k, a, base, n);
    if ((n == 5 && memcmp(base, "index", 5) == 0) || (n == 8 && memcmp(base, "__init__", 8) == 0)) {
        const char *dir_end = base > path ? base - 1 : NULL, *dir = dir_end;
        while (dir && dir > path && dir[-1] != '/') dir--;
        if (dir_end && dir_end > dir) ff_key_add(k, a, dir, (size_t)(dir_end - dir));
    }
}

/* Whether `spec` may name a file whose key is in `k` (see above). */
bool ff_spec_may_name(const ff_keys *k, const char *spec, bool py) {
    size_t n = strlen(spec);
    if (py) {
        const char *dot = strrchr(spec, '.');
        if (!dot) return ff_key_has(k, spec, n);
        return dot[1] == 0 || ff_key_has(k, dot + 1, n - (size_t)(dot + 1 - spec));
    }
    if (spec[0] != '.' && spec[0] != '/') return true;
    const char *slash = strrchr(spec, '/'), *last = slash ? slash + 1 : spec;
    size_t ln = strlen(last);
    if (!ln || strcmp(last, ".") == 0 || strcmp(last, "..") == 0) return true;
    static const char *const exts[] = {".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs", ".mts", ".cts"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t el = strlen(exts[i]);
        if (ln > el && memcmp(last + ln - el, exts[i], el) == 0 && ff_key_has(k, last, ln - el)) return true;
    }
    return ff_key_has(k, last, ln);
}

/* The tree file `spec` names from `file`, or -1. */
int32_t ff_spec_target(const dc_facts *f, uint32_t file, bool py, const char *spec) {
    dc_resolution r = py ? dc_resolve_py(f->r, file, spec) : dc_resolve_ts(f->r, file, spec);
    return r.status == DC_RESOLVE_FOUND && r.file != (int32_t)file ? r.file : -1;
}

void ff_finish(dc_facts *f) {
    uint32_t *count = dc_xcalloc(f->nfiles ? f->nfiles : 1, sizeof *count);
    for (uint32_t si = 0; si < f->slots.len; si++) {
        const ff_slot *s = &f->slots.v[si];
        if (listed(f, s)) count[s->file]++;
    }
    for (uint32_t i = 0; i < f->nfiles; i++) {
        ff_file *rec = &f->files[i];
        rec->named = count[i] ? dc_arena_alloc(&f->arena, count[i] * sizeof *rec->named) : NULL;
        rec->bearing = rec->imports_sdk;
    }
    for (uint32_t si = 0; si < f->slots.len; si++) {
        const ff_slot *s = &f->slots.v[si];
        if (!listed(f, s)) continue;
        ff_file *rec = &f->files[s->file];
        rec->named[rec->nnamed++] = (dc_named_fact){s->name, slot_value(s)};
        rec->bearing = true;
        f->kinds |= 1u << slot_value(s).kind;
        if (slot_value(s).kind != DC_FACT_WEAK) ff_key_add(&f->fact_names, &f->arena, s->name, strlen(s->name));
    }
    for (uint32_t i = 0; i < f->nfiles; i++) {
        ff_file *rec = &f->files[i];
        if (rec->nnamed > 1) qsort(rec->named, rec->nnamed, sizeof *rec->named, named_cmp);
        if (rec->bearing) ff_key_add_file(&f->bearing_keys, &f->arena, f->display[i]);
    }
    free(count);
    f->resolved = true;
}

/* ---- queries --------------------------------------------------------------------------------- */

dc_fact dc_facts_lookup(const dc_facts *f, uint32_t file, const char *name) {
    if (!f || file >= f->nfiles || !name || name[0] == '#') return no_fact();
    const ff_slot *s = ff_slot_find(f, (int32_t)file, name);
    if (s && slot_value(s).kind != DC_FACT_NONE) return slot_value(s);
    if (f->files[file].imports_sdk) {
        dc_fact w = no_fact();
        w.kind = DC_FACT_WEAK;
        w.file = (int32_t)file;
        return w;
    }
    return no_fact();
}

bool dc_facts_any(const dc_facts *f, dc_fact_kind k) { return f && f->resolved && (f->kinds >> k) & 1u; }

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

static bool specs_bearing(const dc_facts *f, uint32_t file, bool py, const char *const *specs, uint32_t n) {
    for (uint32_t k = 0; k < n; k++) {
        if (!ff_spec_may_name(&f->bearing_keys, specs[k], py)) continue;
        int32_t t = ff_spec_target(f, file, py, specs[k]);
        if (t >= 0 && f->files[t].bearing) return true;
    }
    return false;
}

bool dc_facts_imports_bearing(const dc_facts *f, uint32_t file) {
    if (!f || file >= f->nfiles || !f->resolved) return false;
    const ff_file *rec = &f->files[file];
    return specs_bearing(f, file, rec->py, rec->specs, rec->nspecs);
}

bool dc_facts_specs_bearing(const dc_facts *f, uint32_t file, bool py, const char *const *specs, uint32_t n) {
    return f && file < f->nfiles && f->resolved && specs_bearing(f, file, py, specs, n);
}

/* What a use reaches (the module's member for a module). */
static dc_fact use_fact(const dc_facts *f, uint32_t file, bool py, const dc_fact_use *u) {
    dc_fact v = dc_facts_import(f, file, py, u->spec, u->name, false);
    if (!u->member) return v;
    if (v.kind == DC_FACT_MODULE) return dc_facts_lookup(f, (uint32_t)v.module, u->member);
    return (dc_fact){DC_FACT_NONE, 0, -1, NULL, 0, -1, 0};
}

static bool is_value_fact(dc_fact_kind k) {
    return k != DC_FACT_NONE && k != DC_FACT_WEAK && k != DC_FACT_MODULE && k != DC_FACT_PENDING;
}

/* `from m import *` (Python): every name of m with a fact is the file's, used or not. */
static bool star_uses_facts(const dc_facts *f, uint32_t file, const char *spec) {
    dc_fact m = dc_facts_import(f, file, true, spec, "", false);
    if (m.kind != DC_FACT_MODULE || m.module < 0) return false;
    const ff_file *t = &f->files[m.module];
    for (uint32_t k = 0; k < t->nnamed; k++)
        if (is_value_fact(t->named[k].fact.kind)) return true;
    return false;
}

bool dc_facts_uses_facts(const dc_facts *f, uint32_t file) {
    if (!f || file >= f->nfiles || !f->resolved || !f->fact_names.count) return false;
    const ff_file *rec = &f->files[file];
    for (uint32_t i = 0; rec->py && i < rec->ff.nstars; i++)
        if (star_uses_facts(f, file, rec->ff.stars[i])) return true;
    for (uint32_t i = 0; i < rec->ff.nuses; i++) {
        const dc_fact_use *u = &rec->ff.uses[i];
        const char *last = u->member ? u->member : u->name;
        if (!*last || !ff_key_has(&f->fact_names, last, strlen(last))) continue; /* no name like it has a fact */
        if (is_value_fact(use_fact(f, file, rec->py, u).kind)) return true;
    }
    return false;
}

void dc_facts_mark_targets(dc_facts *f, const uint8_t *among, uint8_t *marked) {
    ff_keys keys = {0};
    for (uint32_t i = 0; i < f->nfiles; i++)
        if (among[i]) ff_key_add_file(&keys, &f->arena, f->display[i]);
    for (uint32_t i = 0; keys.count && i < f->nfiles; i++) {
        const ff_file *rec = &f->files[i];
        for (uint32_t k = 0; k < rec->nspecs; k++) {
            if (!ff_spec_may_name(&keys, rec->specs[k], rec->py)) continue;
            int32_t t = ff_spec_target(f, i, rec->py, rec->specs[k]);
            if (t >= 0 && among[t]) marked[t] = 1;
        }
    }
    free(keys.v);
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

void dc_facts_debug_memory(const dc_facts *f) {
    uint64_t nex = 0, nref = 0, nuse = 0, nspec = 0;
    for (uint32_t i = 0; i < f->nfiles; i++) {
        nex += f->files[i].ff.nexports;
        nuse += f->files[i].ff.nuses;
        nspec += f->files[i].nspecs;
        for (uint32_t k = 0; k < f->files[i].ff.nexports; k++) nref += f->files[i].ff.exports[k].nrefs;
    }
    fprintf(stderr, "facts memory: arena %zu KB, slots %u (cap %u), hash %u, deps cap %u, exports %llu, refs %llu, uses %llu, specs %llu\n",
            f->arena.total / 1024, f->slots.len, f->slots.cap, f->hcap, f->deps.cap, (unsigned long long)nex, (unsigned long long)nref,
            (unsigned long long)nuse, (unsigned long long)nspec);
}

/* ---- direct executions (issue 16, item 8) --------------------------------------------------- */

dc_fact ff_exec_fact(const dc_facts *f, uint32_t from, const dc_fact_exec *e) {
    if (!e->spec) return no_fact();
    dc_fact v = dc_facts_import(f, from, f->files[from].py, e->spec, e->name, false);
    if (v.kind == DC_FACT_MODULE && e->member && v.module >= 0) v = dc_facts_lookup(f, (uint32_t)v.module, e->member);
    return v;
}

/* Does an execution whose receiver is `v` go through something `file` proves (see facts.h)? */
static bool exec_through(dc_fact v, uint32_t file, uint32_t lo, uint32_t hi) {
    if (v.file != (int32_t)file) return false;
    if (v.kind == DC_FACT_CLIENT) return v.line >= lo && v.line <= hi;
    return v.kind == DC_FACT_FACTORY || v.kind == DC_FACT_HOLDER || v.kind == DC_FACT_OBJECT;
}

static void list_exec(dc_buf *out, int *n, const char *path, uint32_t line) {
    if (*n < 8) dc_buf_printf(out, "%s%s:%u", out->len ? ", " : "", path, line);
    (*n)++;
}

int dc_facts_execs_through(const dc_facts *f, uint32_t file, uint32_t lo, uint32_t hi, bool any, dc_buf *out) {
    if (!f || (f->loaded && !f->execs_known)) return -1;
    int n = 0;
    for (uint32_t k = 0; f->loaded && k < f->loaded_execs.len; k++) {
        const ff_exec *x = &f->loaded_execs.v[k];
        if (strcmp(x->path, f->display[file]) != 0 && (any || exec_through(x->via, file, lo, hi)))
            list_exec(out, &n, x->path, x->line);
    }
    for (uint32_t i = 0; !f->loaded && i < f->nfiles; i++) {
        const ff_file *rec = &f->files[i];
        if (i == file || !rec->present) continue;
        for (uint32_t k = 0; k < rec->ff.nexecs; k++) {
            const dc_fact_exec *e = &rec->ff.execs[k];
            if (any || exec_through(ff_exec_fact(f, i, e), file, lo, hi)) list_exec(out, &n, f->display[i], e->line);
        }
    }
    if (n > 8) dc_buf_printf(out, " and %d more", n - 8);
    return n;
}
