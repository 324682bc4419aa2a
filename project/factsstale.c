/* factsstale.c: after --fix wrote files, did it change facts that other files were analysed
 * against (facts.h: dc_facts_note_changes, dc_facts_changes_used)? Only then does the run scan
 * again (cli/project.c dc_project_stale): a fix that keeps what a module exports, or changes a
 * name nobody imports, costs one parse of the files it wrote. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "project/facts.h"
#include "project/facts_p.h"

/* Re-export chains longer than this are not followed back to their users (facts.c stops too). */
#define FS_MAX_HOPS 64

struct dc_facts_changes {
    pthread_mutex_t mu;
    dc_arena arena;
    ff_keys names; /* "file:name", "file:*" (every name of the file) */
    uint8_t *files; /* per file: some name of it changed */
    uint32_t nfiles;
};

dc_facts_changes *dc_facts_changes_new(const dc_facts *f) {
    dc_facts_changes *c = dc_xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->mu, NULL);
    c->nfiles = f ? f->nfiles : 0;
    c->files = dc_xcalloc(c->nfiles ? c->nfiles : 1, 1);
    return c;
}

void dc_facts_changes_free(dc_facts_changes *c) {
    if (!c) return;
    free(c->names.v);
    free(c->files);
    dc_arena_free(&c->arena);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

static void mark(dc_facts_changes *c, uint32_t file, const char *name) {
    char buf[512];
    int n = snprintf(buf, sizeof buf, "%u:%s", file, name);
    if (n <= 0 || (size_t)n >= sizeof buf) n = snprintf(buf, sizeof buf, "%u:*", file);
    ff_key_add(&c->names, &c->arena, buf, (size_t)n);
    c->files[file] = 1;
}

static bool marked(const dc_facts_changes *c, uint32_t file, const char *name) {
    if (!c->files[file]) return false;
    char buf[512];
    int n = snprintf(buf, sizeof buf, "%u:*", file);
    if (ff_key_has(&c->names, buf, (size_t)n)) return true;
    n = snprintf(buf, sizeof buf, "%u:%s", file, name);
    return n > 0 && (size_t)n < sizeof buf && ff_key_has(&c->names, buf, (size_t)n);
}

static bool str_eq(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* Equal facts, lines aside (a fix that only moves a definition changes nothing for importers). */
static bool export_eq(const dc_fact_export *a, const dc_fact_export *b) {
    if (!str_eq(a->name, b->name) || a->kind != b->kind || a->sdk != b->sdk || a->nmembers != b->nmembers ||
        a->nrefs != b->nrefs)
        return false;
    for (uint32_t i = 0; i < a->nmembers; i++)
        if (!str_eq(a->members[i], b->members[i])) return false;
    for (uint32_t i = 0; i < a->nrefs; i++) {
        const dc_fact_ref *x = &a->refs[i], *y = &b->refs[i];
        if (!str_eq(x->spec, y->spec) || !str_eq(x->name, y->name) || !str_eq(x->member, y->member) || x->op != y->op ||
            x->returns != y->returns)
            return false;
    }
    return true;
}

/* Stars, module-level imports (Python's implicit re-exports) and the SDK imports: as before? */
static bool same_shape(const dc_file_facts *old, const dc_file_facts *ff) {
    if (old->imports_sdk != ff->imports_sdk || old->sdk != ff->sdk || old->nstars != ff->nstars || old->nuses != ff->nuses)
        return false;
    for (uint32_t i = 0; i < ff->nstars; i++)
        if (!str_eq(old->stars[i], ff->stars[i])) return false;
    for (uint32_t i = 0; i < ff->nuses; i++) {
        const dc_fact_use *a = &old->uses[i], *b = &ff->uses[i];
        if (!str_eq(a->spec, b->spec) || !str_eq(a->name, b->name) || !str_eq(a->member, b->member) ||
            !str_eq(a->local, b->local))
            return false;
    }
    return true;
}

bool dc_facts_note_changes(const dc_facts *f, uint32_t file, const dc_file_facts *ff, dc_facts_changes *c) {
    if (!f || file >= f->nfiles || file >= c->nfiles || !f->files[file].present) return false;
    const dc_file_facts *old = &f->files[file].ff;
    bool any = false;
    pthread_mutex_lock(&c->mu);
    if (!ff || !same_shape(old, ff)) {
        mark(c, file, "*");
        any = true;
    }
    for (uint32_t i = 0; ff && i < ff->nexports; i++) {
        const dc_fact_export *e = old->nexports ? bsearch(&ff->exports[i], old->exports, old->nexports, sizeof *e, ff_export_cmp) : NULL;
        if (e && export_eq(e, &ff->exports[i])) continue;
        mark(c, file, ff->exports[i].name);
        any = true;
    }
    for (uint32_t i = 0; ff && i < old->nexports; i++) {
        bool kept = false;
        for (uint32_t k = 0; k < ff->nexports && !kept; k++) kept = strcmp(ff->exports[k].name, old->exports[i].name) == 0;
        if (kept) continue;
        mark(c, file, old->exports[i].name);
        any = true;
    }
    pthread_mutex_unlock(&c->mu);
    return any;
}

/* The name a ref reads: its name, else the head of its member (a module's member). */
static const char *ref_name(const dc_fact_ref *r, char *buf, size_t cap) {
    if (*r->name || !r->member) return r->name;
    size_t n = strcspn(r->member, ".(");
    if (n >= cap) n = cap - 1;
    memcpy(buf, r->member, n);
    buf[n] = 0;
    return buf;
}

/* Does export `e` of `file` derive from a changed name? */
static bool derives_changed(const dc_facts *f, const ff_keys *keys, const dc_facts_changes *c, uint32_t file,
                            const dc_fact_export *e) {
    bool py = f->files[file].py;
    for (uint32_t r = 0; r < e->nrefs; r++) {
        const dc_fact_ref *ref = &e->refs[r];
        char buf[256];
        int32_t t = (int32_t)file;
        if (ref->spec) t = ff_spec_may_name(keys, ref->spec, py) ? ff_spec_target(f, file, py, ref->spec) : -1;
        if (t >= 0 && marked(c, (uint32_t)t, ref_name(ref, buf, sizeof buf))) return true;
    }
    return false;
}

/* Names that re-export a changed name change too (to a fixpoint, FS_MAX_HOPS rounds at most). */
static void spread(const dc_facts *f, ff_keys *keys, dc_facts_changes *c) {
    for (int hop = 0; hop < FS_MAX_HOPS; hop++) {
        bool changed = false;
        for (uint32_t i = 0; i < f->nfiles; i++) {
            const ff_file *rec = &f->files[i];
            for (uint32_t k = 0; rec->present && k < rec->ff.nexports + rec->nimplicit; k++) {
                const dc_fact_export *e = k < rec->ff.nexports ? &rec->ff.exports[k] : &rec->implicit[k - rec->ff.nexports];
                if (marked(c, i, e->name) || !derives_changed(f, keys, c, i, e)) continue;
                if (!c->files[i]) ff_key_add_file(keys, &c->arena, f->display[i]);
                mark(c, i, e->name);
                changed = true;
            }
        }
        if (!changed) return;
    }
}

static bool is_fact(dc_fact_kind k) {
    return k != DC_FACT_NONE && k != DC_FACT_WEAK && k != DC_FACT_MODULE && k != DC_FACT_PENDING;
}

static bool changed_file(const dc_facts_changes *c, int32_t file) {
    return file >= 0 && (uint32_t)file < c->nfiles && c->files[file];
}

/* Use `u` of file `i`: a changed name, or an SDK fact taken from a changed module (above). */
static bool use_reaches(const dc_facts *f, const ff_keys *keys, const dc_facts_changes *c, uint32_t i, const dc_fact_use *u) {
    bool py = f->files[i].py;
    dc_fact v = dc_facts_import(f, i, py, u->spec, u->name, false);
    if (v.kind == DC_FACT_MODULE && changed_file(c, v.module) && u->member) {
        if (marked(c, (uint32_t)v.module, u->member) || is_fact(dc_facts_lookup(f, (uint32_t)v.module, u->member).kind))
            return true;
    }
    if (!*u->name || !ff_spec_may_name(keys, u->spec, py)) return false;
    int32_t t = ff_spec_target(f, i, py, u->spec);
    if (!changed_file(c, t)) return false;
    return marked(c, (uint32_t)t, u->name) || is_fact(v.kind);
}

bool dc_facts_changes_used(const dc_facts *f, dc_facts_changes *c) {
    if (!f || !f->resolved) return false;
    ff_keys keys = {0};
    for (uint32_t i = 0; i < c->nfiles; i++)
        if (c->files[i]) ff_key_add_file(&keys, &c->arena, f->display[i]);
    if (!keys.count) return false;
    spread(f, &keys, c);
    /* A use of a changed name; or a use of an SDK fact of a module with any change: importing
     * from a module brings its classes into the file's scope (a namespace: all of its names,
     * analysis/bindings_project.c), and the fixers read them (a legacy class in scope), so a file
     * that takes an SDK object from a changed module is analysed again. Files that take nothing
     * with a fact from it (`import os` for `os.path`) are not. */
    bool used = false;
    for (uint32_t i = 0; i < f->nfiles && !used; i++) {
        const ff_file *rec = &f->files[i];
        /* a file read for its imports only (the prefilter skipped it; the scan analysed it as a
         * consumer) has no uses on record: any import of a changed module counts */
        for (uint32_t k = 0; !rec->present && k < rec->nspecs && !used; k++) {
            if (!ff_spec_may_name(&keys, rec->specs[k], rec->py)) continue;
            int32_t t = ff_spec_target(f, i, rec->py, rec->specs[k]);
            used = t >= 0 && (uint32_t)t < c->nfiles && c->files[t];
        }
        for (uint32_t k = 0; rec->present && k < rec->ff.nuses && !used; k++) used = use_reaches(f, &keys, c, i, &rec->ff.uses[k]);
    }
    free(keys.v);
    return used;
}
