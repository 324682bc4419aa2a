/* facts_p.h: the fact table's internals, shared by facts.c (building, resolving, querying) and
 * factsio.c (the facts file) and factsstale.c (what --fix changed). Not for other modules.
 *
 * Every (file, name) that gets a value, or that a derivation waits for, is a slot, found through
 * one open-addressing hash; a slot holds the name's resolved value and the head of the list of
 * derivations waiting for it. A file's explicit exports are its own sorted array. Strings live
 * in the table's arena, one copy each. (Also read by factsstale.c: what --fix changed.) */
#ifndef DC_PROJECT_FACTS_P_H
#define DC_PROJECT_FACTS_P_H

#include <pthread.h>

#include "project/facts.h"

typedef struct ff_slot {
    const char *name;
    int32_t file;
    dc_fact val;
    uint32_t deps;               /* first waiting derivation + 1 (0: none) */
    bool weak;                   /* no value, but a plain re-export chain ends in an SDK module */
} ff_slot;

/* A derivation waiting for a slot's value: export `ex` of `file`, its ref `ref`, and what is
 * left to apply when the wait was for a module's member (`member`, `op`, `returns`). */
typedef struct ff_dep {
    int32_t file;
    const dc_fact_export *ex;
    const char *member;
    dc_fact_op op;
    bool returns;
    uint32_t next;               /* next derivation of the same slot + 1 */
} ff_dep;

typedef struct ff_file {
    bool present;                /* facts were put */
    bool imports_put;            /* a scan's module list was put (no facts) */
    dc_file_facts ff;            /* the copy (arena) */
    const char *const *specs;    /* the imported modules (ff.imports, or the scan's) */
    uint32_t nspecs;
    bool py;
    bool imports_sdk;
    bool bearing;
    dc_fact_export *implicit;    /* Python imports that re-export a name that may have a fact (arena) */
    uint32_t nimplicit;
    dc_named_fact *named;        /* importable names with a fact, sorted (arena), after resolve */
    uint32_t nnamed;
    int32_t *star_users;         /* files with `export * from` this one (heap, while resolving) */
    uint32_t nstar_users, star_cap;
} ff_file;

/* A set of module keys (facts.c: stems of files a specifier may name), strings in the arena. */
typedef struct ff_keys {
    const char **v; /* open addressing, NULL free */
    uint32_t cap, count;
} ff_keys;

/* A direct execution as a facts file records it (facts.h, dc_facts_execs_through): where, and
 * the fact of its receiver (kind, file, line; NONE when it reaches nothing of the project). */
typedef struct ff_exec {
    const char *path;
    uint32_t line;
    dc_fact via;
} ff_exec;

/* The fact the execution `e` of file `from` reaches (facts.c). */
dc_fact ff_exec_fact(const dc_facts *f, uint32_t from, const dc_fact_exec *e);

struct dc_facts {
    const dc_resolver *r;
    dc_arena arena;
    pthread_mutex_t mu;
    ff_file *files;
    uint32_t nfiles;
    const char **display;        /* arena copies */
    DC_VEC(ff_slot) slots;       /* indices are stable; pointers are not (the vector grows) */
    uint32_t *hash;              /* open addressing: slot index + 1, 0 free */
    uint32_t hcap;               /* a power of two */
    DC_VEC(ff_dep) deps;
    ff_keys bearing_keys;        /* the keys of the files that matter to their importers */
    ff_keys fact_names;          /* every importable name with a fact (not WEAK), and "default" */
    ff_keys interned;            /* the uses' strings, one copy each (a tree repeats them) */
    uint32_t kinds;              /* bit k: some listed name has a fact of kind k (ff_finish) */
    bool resolved;
    bool loaded;      /* read from a facts file (factsio.c) */
    bool execs_known; /* loaded: the file listed the executions (below) */
    DC_VEC(ff_exec) loaded_execs; /* loaded: every direct execution of the tree, resolved when written */
};

#define FF_NONE UINT32_MAX
/* The index of the slot of (file, name), created (with a copy of the name) when absent. */
uint32_t ff_slot_get(dc_facts *f, int32_t file, const char *name);
/* The slot of (file, name), or NULL. */
const ff_slot *ff_slot_find(const dc_facts *f, int32_t file, const char *name);
/* Per-file lists the queries read (named facts, bearing), once the slots hold their values. */
void ff_finish(dc_facts *f);
/* The table over a run's files, empty. */
dc_facts *ff_new(const dc_resolver *r, const char *const *display);

/* Shared by facts.c and factsstale.c: module keys (see facts.c), spec resolution, export order. */
const char *ff_key_add(ff_keys *k, dc_arena *a, const char *p, size_t n);
bool ff_key_has(const ff_keys *k, const char *p, size_t n);
void ff_key_add_file(ff_keys *k, dc_arena *a, const char *path); /* a file's stem (and index/__init__ dir) */
bool ff_spec_may_name(const ff_keys *k, const char *spec, bool py); /* may `spec` name a file keyed in k? */
int32_t ff_spec_target(const dc_facts *f, uint32_t file, bool py, const char *spec); /* the tree file, or -1 */
int ff_export_cmp(const void *a, const void *b);                 /* dc_fact_export by name */

#endif
