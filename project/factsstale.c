/* factsstale.c: after --fix wrote files, did it change facts that other files were analysed
 * against (facts.h: dc_facts_note_changes, dc_facts_changes_used)? Only then does the run scan
 * again (cli/project.c dc_project_stale).
 *
 * How. Each written file's facts are computed again. A file whose facts are what they were
 * (lines aside) changes nothing. The others' new facts go into a second table, `next`, which is
 * then completed with every other file's facts as they are (shared, not copied) and resolved:
 * the table the next round would build. A module has "moved" when a query about it may answer
 * differently in `next`: a name's fact (kind, SDK, members), its SDK import (which makes every
 * name without a fact WEAK), whether it matters to importers, or a module fact whose module
 * moved. The run is scanned again only when an analysis would see a difference: a file's use
 * (dc_fact_use: what its analysis asks the table, bindings_project.c) of a name whose resolved
 * fact differs, or is a moved module; or a file read for its imports only (analysed when it
 * imports a module that matters) that imports a moved module or is now analysed when it was not
 * (or the reverse). So a fix that rewrites a derivation that proves nothing either way (a legacy
 * `tools = toolset.get_tools()` becoming `session.tools()`), moves a client's line, or changes
 * names nobody reads costs one parse of the files it wrote and one resolution, not a second scan
 * of the tree. (Before: any change in a module's facts marked every importer of any fact of
 * it, which on the bench's dense corpus scanned the whole tree twice.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "project/facts.h"
#include "project/facts_p.h"

enum { CH_UNSEEN = 0, CH_SAME, CH_NEW, CH_LOST };

struct dc_facts_changes {
    dc_facts *next;  /* the written files' new facts; then every other file's, shared with the old table */
    uint8_t *files;  /* per file: CH_* (each written by the one job that computed that file's facts) */
    uint32_t nfiles;
};

dc_facts_changes *dc_facts_changes_new(const dc_facts *f) {
    dc_facts_changes *c = dc_xcalloc(1, sizeof *c);
    c->nfiles = f ? f->nfiles : 0;
    c->files = dc_xcalloc(c->nfiles ? c->nfiles : 1, 1);
    if (f) c->next = ff_new(f->r, (const char *const *)f->display);
    return c;
}

void dc_facts_changes_free(dc_facts_changes *c) {
    if (!c) return;
    if (c->next) {
        /* the shared records point into the old table: not ours to free (star_users are) */
        for (uint32_t i = 0; i < c->nfiles; i++)
            if (c->files[i] != CH_NEW) c->next->files[i] = (ff_file){0};
        dc_facts_free(c->next);
    }
    free(c->files);
    free(c);
}

static bool str_eq(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* Equal facts, lines aside. */
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

static bool strs_eq(const char *const *a, uint32_t na, const char *const *b, uint32_t nb) {
    if (na != nb) return false;
    for (uint32_t i = 0; i < na; i++)
        if (!str_eq(a[i], b[i])) return false;
    return true;
}

/* The same facts as put before (`old`'s exports are sorted by name, `ff`'s as computed). */
static bool same_facts(const dc_file_facts *old, const dc_file_facts *ff) {
    if (old->imports_sdk != ff->imports_sdk || old->sdk != ff->sdk || old->nuses != ff->nuses ||
        old->nexports != ff->nexports || !strs_eq(old->stars, old->nstars, ff->stars, ff->nstars) ||
        !strs_eq(old->imports, old->nimports, ff->imports, ff->nimports))
        return false;
    for (uint32_t i = 0; i < ff->nuses; i++) {
        const dc_fact_use *a = &old->uses[i], *b = &ff->uses[i];
        if (!str_eq(a->spec, b->spec) || !str_eq(a->name, b->name) || !str_eq(a->member, b->member) ||
            !str_eq(a->local, b->local) || a->deep != b->deep)
            return false;
    }
    for (uint32_t i = 0; i < ff->nexports; i++) {
        const dc_fact_export *e = old->nexports ? bsearch(&ff->exports[i], old->exports, old->nexports, sizeof *e, ff_export_cmp) : NULL;
        if (!e || !export_eq(e, &ff->exports[i])) return false;
    }
    return true;
}

bool dc_facts_note_changes(const dc_facts *f, uint32_t file, const dc_file_facts *ff, dc_facts_changes *c) {
    if (!f || file >= f->nfiles || file >= c->nfiles || !f->files[file].present) return false;
    if (ff && same_facts(&f->files[file].ff, ff)) {
        c->files[file] = CH_SAME;
        return false;
    }
    if (ff) dc_facts_put(c->next, file, ff); /* (copied: thread-safe) */
    c->files[file] = ff ? CH_NEW : CH_LOST;  /* a file whose facts cannot be computed has none next time */
    return true;
}

bool dc_facts_changes_noted(const dc_facts_changes *c, uint32_t file) {
    return c && file < c->nfiles && c->files[file] != CH_UNSEEN;
}

static bool changed(const dc_facts_changes *c, uint32_t file) { return c->files[file] == CH_NEW || c->files[file] == CH_LOST; }

/* Every file the fixes did not change, as the old table has it. */
static void complete(const dc_facts *f, dc_facts_changes *c) {
    for (uint32_t i = 0; i < c->nfiles; i++) {
        if (changed(c, i)) continue;
        const ff_file *src = &f->files[i];
        ff_file *dst = &c->next->files[i];
        *dst = (ff_file){.present = src->present, .imports_put = src->imports_put, .ff = src->ff, .specs = src->specs,
                         .nspecs = src->nspecs, .py = src->py, .imports_sdk = src->imports_sdk};
    }
    c->next->resolved = false;
}

/* Per module, after both resolutions: `moved` when any query about it may answer differently
 * (to a fixpoint: a module whose module facts name a moved one moved too). */
typedef struct moves {
    const dc_facts *f, *g;
    uint8_t *moved;
    ff_keys keys; /* the moved modules' keys (ff_spec_may_name) */
} moves;

/* How a module fact is compared: by id (within module_same); as a module whose names in the
 * file's scope each have a use of their own (NS: `import * as ns` with `ns.x`, `ns.sub` with
 * `ns.sub.x`, `from pkg import sub` with `sub.x`), so only what seeding it adds besides them
 * counts; or whole (a member of a named import, `sub.mm`, whose names `sub.mm.x` no use records). */
typedef enum cmp_mode { CMP_ID, CMP_NS, CMP_WHOLE } cmp_mode;

static bool fact_same(const moves *m, const dc_fact *a, const dc_fact *b, cmp_mode mode);

/* Does every query about module `t` answer the same in both tables? (`m` NULL: its module facts
 * by id only.) */
static bool module_same(const dc_facts *f, const dc_facts *g, uint32_t t, const moves *m) {
    const ff_file *x = &f->files[t], *y = &g->files[t];
    if (x->imports_sdk != y->imports_sdk || x->bearing != y->bearing || x->nnamed != y->nnamed) return false;
    for (uint32_t k = 0; k < x->nnamed; k++) {
        const dc_fact *a = &x->named[k].fact, *b = &y->named[k].fact;
        if (strcmp(x->named[k].name, y->named[k].name) != 0 || !fact_same(m, a, b, CMP_ID)) return false;
        if (m && a->kind == DC_FACT_MODULE && a->module >= 0 && m->moved[a->module]) return false;
    }
    return true;
}

/* The SDK bits of a module's facts (bindings_project.c: the profile of a file that imports no SDK). */
static uint8_t ns_sdk(const ff_file *x) {
    uint8_t sdk = 0;
    for (uint32_t k = 0; k < x->nnamed; k++)
        if (x->named[k].fact.kind != DC_FACT_MODULE && x->named[k].fact.kind != DC_FACT_WEAK) sdk |= x->named[k].fact.sdk;
    return sdk;
}

/* What a namespace import of `t` seeds (bindings_project.c seed_module) that the uses of its
 * members do not show: the module's root where it matters to importers, the SDK bits of its
 * facts, and its module members, seeded a level deeper (to DC_SEED_MODULE_DEPTH, 2). Its other
 * names are read as `ns.name`, which the analysis records as a use of its own. */
static bool ns_same(const moves *m, uint32_t t, int depth) {
    const ff_file *x = &m->f->files[t], *y = &m->g->files[t];
    if (x->bearing != y->bearing) return false;
    if (depth >= 2) return true; /* (seeded as a root only) */
    if (ns_sdk(x) != ns_sdk(y)) return false;
    uint32_t kx = 0, ky = 0;
    for (;;) { /* the module members, in name order in both */
        while (kx < x->nnamed && x->named[kx].fact.kind != DC_FACT_MODULE) kx++;
        while (ky < y->nnamed && y->named[ky].fact.kind != DC_FACT_MODULE) ky++;
        if (kx == x->nnamed || ky == y->nnamed) return kx == x->nnamed && ky == y->nnamed;
        int32_t mod = x->named[kx].fact.module;
        if (strcmp(x->named[kx].name, y->named[ky].name) != 0 || mod != y->named[ky].fact.module ||
            (mod >= 0 && !ns_same(m, (uint32_t)mod, depth + 1)))
            return false;
        kx++, ky++;
    }
}

/* What the analysis sees of facts `a` and `b`: the same? */
static bool fact_same(const moves *m, const dc_fact *a, const dc_fact *b, cmp_mode mode) {
    if (a->kind != b->kind || a->sdk != b->sdk || !strs_eq(a->members, a->nmembers, b->members, b->nmembers)) return false;
    if (a->kind != DC_FACT_MODULE || mode == CMP_ID) return a->module == b->module;
    if (a->module != b->module || a->module < 0) return a->module == b->module;
    return mode == CMP_NS ? ns_same(m, (uint32_t)a->module, 0) : !m->moved[a->module];
}

/* The modules that moved, and their keys. */
static void find_moves(moves *m, dc_arena *arena) {
    uint32_t n = m->f->nfiles;
    m->moved = dc_xcalloc(n ? n : 1, 1);
    for (uint32_t t = 0; t < n; t++) m->moved[t] = !module_same(m->f, m->g, t, NULL);
    for (bool more = true; more;) {
        more = false;
        for (uint32_t t = 0; t < n; t++)
            if (!m->moved[t] && !module_same(m->f, m->g, t, m)) m->moved[t] = 1, more = true;
    }
    for (uint32_t t = 0; t < n; t++)
        if (m->moved[t]) ff_key_add_file(&m->keys, arena, m->f->display[t]);
}

/* Does use `u` of file `i` see another fact in `g` than in `f`? */
/* A client fact does not say whether the object is a legacy toolset or a current client (both are
 * DC_FACT_CLIENT, without members): what tells them apart is the rest of the module (the class
 * it was built from). So a client whose module moved and gained or lost a legacy toolset class
 * (a legacy toolset migrated in place) counts as changed for its importers, whose legacy uses can now be fixed
 * (tests/projects/rules-through-imports: a second --fix must change nothing). */
static uint32_t legacy_classes(const ff_file *rec) {
    uint32_t n = 0;
    for (uint32_t i = 0; rec->present && i < rec->ff.nexports; i++) n += rec->ff.exports[i].kind == DC_FACT_LEGACY_CLASS;
    return n;
}

static bool client_moved(const moves *m, const dc_fact *a) {
    if (a->kind != DC_FACT_CLIENT || a->file < 0 || !m->moved || !m->moved[a->file]) return false;
    return legacy_classes(&m->f->files[a->file]) != legacy_classes(&m->g->files[a->file]);
}

static bool use_differs(const moves *m, uint32_t i, bool py, const dc_fact_use *u) {
    /* it can only reach a moved module through its spec, or (Python) the submodule it names */
    if (!ff_spec_may_name(&m->keys, u->spec, py) && !(py && *u->name && ff_key_has(&m->keys, u->name, strlen(u->name))))
        return false;
    dc_fact a = dc_facts_import(m->f, i, py, u->spec, u->name, false), b = dc_facts_import(m->g, i, py, u->spec, u->name, false);
    if (!fact_same(m, &a, &b, CMP_NS) || client_moved(m, &a)) return true;
    if (u->member && a.kind == DC_FACT_MODULE) { /* a member of a module */
        dc_fact x = dc_facts_lookup(m->f, (uint32_t)a.module, u->member), y = dc_facts_lookup(m->g, (uint32_t)b.module, u->member);
        if (!fact_same(m, &x, &y, u->deep ? CMP_WHOLE : CMP_NS) || client_moved(m, &x)) return true;
    }
    if (strcmp(u->name, "default") != 0) return false;
    /* CommonJS interop (bindings_project.c): a module without a default export is its own default */
    a = dc_facts_import(m->f, i, py, u->spec, "", false);
    b = dc_facts_import(m->g, i, py, u->spec, "", false);
    return !fact_same(m, &a, &b, CMP_NS);
}

/* Would file `i`'s analysis differ with `next`? */
static bool file_sees(const moves *m, const dc_facts_changes *c, uint32_t i) {
    const ff_file *rec = &m->f->files[i];
    if (c->files[i] == CH_LOST) return false; /* (not analysed next time either) */
    if (rec->present) { /* the uses of its text as it is now */
        const ff_file *now = c->files[i] == CH_NEW ? &c->next->files[i] : rec;
        for (uint32_t k = 0; k < now->ff.nuses; k++)
            if (use_differs(m, i, rec->py, &now->ff.uses[k])) return true;
        return false;
    }
    /* read for its imports only (the prefilter skipped it): analysed when one matters */
    bool before = dc_facts_imports_bearing(m->f, i), after = dc_facts_imports_bearing(m->g, i);
    if (before != after) return true;
    for (uint32_t k = 0; before && k < rec->nspecs; k++) {
        if (!ff_spec_may_name(&m->keys, rec->specs[k], rec->py)) continue;
        int32_t t = ff_spec_target(m->f, i, rec->py, rec->specs[k]);
        if (t >= 0 && m->moved[t]) return true;
    }
    return false;
}

bool dc_facts_changes_used(const dc_facts *f, dc_facts_changes *c) {
    if (!f || !f->resolved || !c->next) return false;
    bool any = false;
    for (uint32_t i = 0; i < c->nfiles && !any; i++) any = changed(c, i);
    if (!any) return false;
    complete(f, c);
    dc_facts_resolve(c->next);
    moves m = {f, c->next, NULL, {0}};
    find_moves(&m, &c->next->arena);
    bool used = false;
    for (uint32_t i = 0; m.keys.count && i < f->nfiles && !used; i++) used = file_sees(&m, c, i);
    free(m.moved);
    free(m.keys.v);
    return used;
}
