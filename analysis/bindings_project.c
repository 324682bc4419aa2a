/* bindings_project.c: the project's facts in one file's bindings (bindings.h, "Across files"):
 * what each import of a project module is, seeded into the walk's sets before resolution, and
 * the classes whose instances have client members. */
#include <stdlib.h>
#include <string.h>

#include "analysis/bindings_p.h"

/* Namespace members that are themselves modules are listed this deep (`ns.sub.client`). */
#define DC_SEED_MODULE_DEPTH 2

static void seed_root(dc_bind_walker *w, dc_sv local, bool pending) {
    dc_sv root = dc_bind_root(local);
    if (!root.len) return;
    dc_bind_set_add(w->arena, pending ? &w->pending_set : &w->weak_set, root);
}

static dc_sv arena_sv(dc_bind_walker *w, const char *s) { return dc_sv_cstr(dc_arena_strdup(w->arena, s)); }

static bool seed_holder(dc_bind_walker *w, dc_sv local, const dc_fact *v) {
    dc_sv *m = dc_arena_alloc(w->arena, (v->nmembers ? v->nmembers : 1) * sizeof *m);
    for (uint32_t i = 0; i < v->nmembers; i++) m[i] = arena_sv(w, v->members[i]);
    dc_bind_holder h = {local, m, v->nmembers};
    dc_vec_push(&w->holders, h);
    /* and the class's own (static) members, `Services.client`: a class's instance member read
     * from the class itself is undefined, so no working code reads one that is not static */
    for (uint32_t i = 0; i < v->nmembers; i++)
        if (!strchr(v->members[i], '(')) dc_bind_add_client(w, dc_bind_dot(w->arena, local, m[i]));
    return true;
}

static bool seed_fact(dc_bind_walker *w, dc_sv local, const dc_fact *v, const dc_facts_view *view, int depth);

/* A namespace: each member with a fact is seeded as `local.member`. */
static bool seed_module(dc_bind_walker *w, dc_sv local, int32_t module, const dc_facts_view *view, int depth) {
    if (dc_facts_bearing(view->facts, (uint32_t)module)) seed_root(w, local, false);
    if (depth >= DC_SEED_MODULE_DEPTH) return false;
    const dc_named_fact *nf;
    uint32_t n = dc_facts_exports(view->facts, (uint32_t)module, &nf);
    bool added = false;
    for (uint32_t i = 0; i < n; i++) {
        if (nf[i].fact.kind == DC_FACT_WEAK) continue;
        added |= seed_fact(w, dc_bind_dot(w->arena, local, dc_sv_cstr(nf[i].name)), &nf[i].fact, view, depth + 1);
    }
    return added;
}

static bool seed_fact(dc_bind_walker *w, dc_sv local, const dc_fact *v, const dc_facts_view *view, int depth) {
    bool added = false;
    switch (v->kind) {
    case DC_FACT_CLIENT: added = dc_bind_add_client(w, local); break;
    case DC_FACT_FACTORY: added = dc_bind_add_client(w, dc_bind_concat(w->arena, local, "()")); break;
    case DC_FACT_CLASS: added = dc_bind_add_class(w, local); break;
    case DC_FACT_LEGACY_CLASS:
        added = dc_bind_add_class(w, local);
        if (added) dc_vec_push(&w->legacy_classes, local);
        break;
    case DC_FACT_LEGACY_ENUM:
        added = dc_bind_add_client(w, local);
        if (added) dc_vec_push(&w->legacy_enums, local);
        break;
    case DC_FACT_HOLDER: added = seed_holder(w, local, v); break;
    case DC_FACT_OBJECT:
        for (uint32_t i = 0; i < v->nmembers; i++)
            added |= dc_bind_add_client(w, dc_bind_dot(w->arena, local, dc_sv_cstr(v->members[i])));
        break;
    case DC_FACT_MODULE: return seed_module(w, local, v->module, view, depth);
    case DC_FACT_WEAK: seed_root(w, local, false); return false;
    case DC_FACT_PENDING: seed_root(w, local, true); return false;
    default: return false;
    }
    w->project_sdk |= v->sdk;
    return added;
}

bool dc_bind_seed_project(dc_bind_walker *w, const dc_facts_view *view) {
    bool added = false;
    for (uint32_t i = 0; i < w->pimports.len; i++) {
        const dc_pimport *p = &w->pimports.v[i];
        const char *spec = dc_arena_strndup(w->arena, p->spec.p, p->spec.len);
        const char *name = p->kind == DC_PIMPORT_NAMED       ? dc_arena_strndup(w->arena, p->name.p, p->name.len)
                           : p->kind == DC_PIMPORT_NAMESPACE ? ""
                                                             : "default";
        dc_fact v = dc_facts_import(view->facts, view->file, w->py, spec, name, view->pending);
        /* CommonJS interop: a module without a default export is its own default */
        if ((v.kind == DC_FACT_NONE || v.kind == DC_FACT_WEAK) &&
            (p->kind == DC_PIMPORT_DEFAULT || p->kind == DC_PIMPORT_REQUIRE)) {
            dc_fact m = dc_facts_import(view->facts, view->file, w->py, spec, "", false);
            if (v.kind == DC_FACT_WEAK && m.kind == DC_FACT_MODULE) seed_fact(w, p->local, &v, view, 0); /* (either) */
            if (v.kind == DC_FACT_NONE || m.kind == DC_FACT_MODULE) v = m;
        }
        added |= seed_fact(w, p->local, &v, view, 0);
    }
    return added;
}

static bool name_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' || c >= 0x80;
}

static void record_access(dc_bind_walker *w, uint32_t i, dc_sv m, dc_sv m2) {
    char key[260];
    if (m.len > 120 || m2.len > 120) return;
    memcpy(key, &i, sizeof i);
    memcpy(key + sizeof i, m.p, m.len);
    size_t n = sizeof i + m.len;
    if (m2.len) {
        key[n++] = '\x01';
        memcpy(key + n, m2.p, m2.len);
        n += m2.len;
    }
    dc_sv k = dc_sv_from(key, n);
    if (dc_bind_set_has(&w->access_set, k)) return;
    dc_bind_set_add(w->arena, &w->access_set, dc_sv_from(dc_arena_strndup(w->arena, key, k.len), k.len));
    dc_bind_access a = {i, m, m2};
    dc_vec_push(&w->accesses, a);
}

/* Attribute nodes are everywhere, so the node's own text is looked at first: only one that
 * starts with an imported name (and a non-name byte) has its fields read. `ns.sub.x` is
 * recorded as `sub` and as `sub.x` (its inner node as `sub`): a namespace's module members' own
 * names are in the file's scope too (seed_module), and the project phase compares them
 * (project/factsstale.c). */
void dc_bind_record_access(dc_bind_walker *w, TSNode n) {
    uint32_t start = ts_node_start_byte(n);
    const char *p = w->src->data + start;
    size_t avail = w->src->len > start ? w->src->len - start : 0;
    TSFieldId fm = w->py ? w->f_attribute : w->f_property;
    for (uint32_t i = 0; i < w->pimports.len; i++) {
        dc_sv l = w->pimports.v[i].local;
        if (avail <= l.len || memcmp(p, l.p, l.len) != 0 || name_byte((unsigned char)p[l.len])) continue;
        TSNode obj = dc_bind_field(w, n, w->f_object);
        TSNode member = dc_bind_field(w, n, fm);
        if (!dc_bind_present(obj) || !dc_bind_present(member)) continue;
        dc_sv m = dc_node_sv(w->src, member);
        if (dc_sv_eq(dc_node_sv(w->src, obj), l)) {
            record_access(w, i, m, dc_sv_from("", 0));
            return;
        }
        TSNode inner = dc_bind_field(w, obj, w->f_object), im = dc_bind_field(w, obj, fm);
        if (!dc_bind_present(inner) || !dc_bind_present(im) || !dc_sv_eq(dc_node_sv(w->src, inner), l)) continue;
        record_access(w, i, dc_node_sv(w->src, im), m);
        return;
    }
}

/* ---- classes with client members ---------------------------------------------------------- */

static bool has_member(const dc_bind_walker *w, dc_sv cls, dc_sv m) {
    for (uint32_t i = 0; i < w->members.len; i++)
        if (dc_sv_eq(w->members.v[i].cls, cls) && dc_sv_eq(w->members.v[i].member, m)) return true;
    return false;
}

static dc_bind_holder *find_holder(dc_bind_walker *w, dc_sv cls) {
    for (uint32_t i = 0; i < w->holders.len; i++)
        if (dc_sv_eq(w->holders.v[i].cls, cls)) return &w->holders.v[i];
    return NULL;
}

/* The client members of the file's classes: `this.x` / `self.x` (and `self.f()`) targets of
 * resolved candidates inside a class. */
static void collect_members(dc_bind_walker *w) {
    for (uint32_t i = 0; i < w->cands.len; i++) {
        const dc_bind_cand *c = &w->cands.v[i];
        if (!c->client || !c->cls.len) continue;
        for (uint8_t t = 0; t < c->ntargets; t++) {
            dc_sv s = c->targets[t];
            if (!dc_bind_starts(s, w->py ? "self." : "this.")) continue;
            dc_sv m = dc_sv_from(s.p + 5, s.len - 5);
            if (!m.len || has_member(w, c->cls, m)) continue;
            dc_bind_member bm = {c->cls, m};
            dc_vec_push(&w->members, bm);
        }
    }
}

bool dc_bind_local_holders(dc_bind_walker *w) {
    collect_members(w);
    bool added = false;
    for (uint32_t i = 0; i < w->members.len; i++) {
        dc_sv cls = w->members.v[i].cls;
        bool first = true;
        for (uint32_t k = 0; k < i && first; k++) first = !dc_sv_eq(w->members.v[k].cls, cls);
        if (!first) continue;
        uint32_t n = 0;
        for (uint32_t k = i; k < w->members.len; k++) n += dc_sv_eq(w->members.v[k].cls, cls);
        dc_bind_holder *old = find_holder(w, cls);
        if (old && old->nmembers == n) continue; /* (a second call: only a class that gained members) */
        dc_sv *m = dc_arena_alloc(w->arena, n * sizeof *m);
        n = 0;
        for (uint32_t k = i; k < w->members.len; k++)
            if (dc_sv_eq(w->members.v[k].cls, cls)) m[n++] = w->members.v[k].member;
        dc_bind_holder h = {cls, m, n};
        if (old) *old = h;
        else dc_vec_push(&w->holders, h);
        added = true;
    }
    return added;
}
