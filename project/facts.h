/* facts.h: project facts (issue 15, item 2): what each module of the scanned tree exports that
 * matters to the SDK, resolved across files like a linker's symbol table, so that a client
 * created in one module is a client wherever it is imported.
 *
 * The model. A file's facts (dc_file_facts) are a pure function of that file: computed from its
 * parse tree and binding facts (analysis/bindings.h, dc_bindings_exports) with no knowledge of
 * other files. Each exported name is either
 *   - proven by the file itself: an SDK client (module-level instance), a factory (a function
 *     that returns one, cached or not), the SDK client class or a legacy toolset class or enum
 *     under any name, a "holder" class whose instances have client members (`this.client =
 *     new Composio()`, `self.client = Composio()`, a method returning one), or an object with
 *     client members (an instance of such a class); or
 *   - derived, symbolically, from names the file imports or defines: `export { x as y } from
 *     "m"`, `from .clients import composio` (Python re-exports whatever its module level binds),
 *     `client = get_client()` with get_client imported, `def get(): return client`,
 *     `svc = Service()` with Service imported. Each derivation is a dc_fact_ref: a module (as
 *     written) and a name in it, then `op` (the value itself, called, or constructed), then
 *     optionally a member, and `returns` when the exported name is a function returning that.
 *     `export * from "m"` (and `from m import *`) are star edges.
 * A fact is a fact only when the code proves it: a name alone proves nothing, so a module that
 * exports a database client named `client` has no exported fact, and nothing downstream is one.
 *
 * Resolution (dc_facts_resolve). Module specifiers are resolved with project/resolve.h (the
 * README's "How imports are followed"). Every (file, name) pair is a node; a proven export is
 * known from the start, a derived one depends on the node its ref names, a name a file has
 * through `export *` depends on that name in the star's target. A worklist propagates values
 * from known nodes to their dependents, in file order; each node gets its value once (the
 * first alternative that proves something wins), so the work is linear in the number of
 * nodes and edges however long a re-export chain is, and a name that is only ever reached
 * around a cycle never gets a value: import cycles (normal code: a package's __init__ importing
 * its routes, which import the package) prove nothing by themselves and never hang. What a ref
 * does to the value it reaches: VALUE keeps it; CALL turns a factory into a client (and in
 * Python a class into its instance, as calling constructs); NEW does that for a class; a member
 * of an object or module is that member's fact; `returns` turns a client into a factory.
 * After the values, every explicit export still without one is marked WEAK when its chain of
 * plain re-exports ends in a file that imports the SDK itself: not a proof, but what the
 * "unmistakable call shape" fallback may rely on (analysis/engine.c), as it relies on an SDK
 * import in the same file.
 *
 * Queries. dc_facts_import answers what `import {name} from spec` (TS; "default" for a default
 * import, "" for a namespace) or `from spec import name` / `import spec` (Python, name "") in
 * file `from` binds: the fact, or a MODULE (a namespace, whose exports dc_facts_exports lists),
 * WEAK, or NONE. Python's `from pkg import name` is the submodule pkg/name.py unless
 * pkg/__init__.py itself exports `name` with a fact (resolve.h rule 8).
 *
 * Which files are read for facts, and when: cli/project.c (the project phase) says it; in
 * short, every file the per-file scan parses anyway contributes its facts from that same parse,
 * files that the scan would skip are read for facts only when they import a module that has
 * facts (a re-export chain), and a file whose analysis needed a project fact that was not yet
 * known is analysed again once all are (dc_facts_view.pending).
 *
 * The facts file (--write-facts FILE / --facts FILE, dc_facts_write / dc_facts_read): JSON,
 * versioned, the resolved table, so that CI runners scanning shards of a monorepo share one
 * fact set without reading each other's files:
 *   {"tool": "dcmigrate", "facts_version": 1,
 *    "files": [{"path": "src/lib/composio.ts", "imports_sdk": true, "sdk": ["composio"],
 *               "exports": [{"name": "composio", "kind": "client", "sdk": ["composio"],
 *                            "at": "src/lib/composio.ts:3"},
 *                           {"name": "Service", "kind": "holder", "members": ["client"], ...},
 *                           {"name": "lib", "kind": "module", "module": "src/lib/index.ts"}]}],
 *    "auth_configs": [...]}    (analysis/authfacts.h's facts; written by cli/project.c)
 * Paths are display paths, as discovery lists them; a file of the facts file that the run does
 * not list is ignored, a listed file that the facts file lacks has no facts. Kinds: client,
 * factory, class, legacy_class, legacy_enum, holder, object, module, weak, dcaf.
 *
 * DCAF names (issue 17). Besides the SDK's, a Python module's names bound by its own imports from
 * `dcaf` (`from dcaf.core import Session`, `from dcaf.core import tool as dcaf_tool`,
 * `from dcaf import core`; analysis/dcaf.h dc_dcaf_exports) are proven DCAF facts whose one
 * member is the canonical path; re-exports carry them like any other value (`from .compat import
 * Session` in a package's __init__), a member of a DCAF module fact is that path's member, and
 * calling or constructing one proves nothing. The DCAF pack reads them for a file's imports of
 * project modules (analysis/dcaf_project.c).
 *
 * Ownership: a dc_facts borrows its resolver (which must outlive it) and owns copies of
 * everything put into it (one arena, filled under a lock: dc_facts_put may be called from the
 * pool's workers). After dc_facts_resolve (or dc_facts_read) it is read-only and any number of
 * threads may query it; facts returned point into it until dc_facts_free. */
#ifndef DC_PROJECT_FACTS_H
#define DC_PROJECT_FACTS_H

#include <stdbool.h>
#include <stdint.h>

#include "common/base.h"
#include "project/resolve.h"

typedef enum dc_fact_kind {
    DC_FACT_NONE = 0,
    DC_FACT_CLIENT,       /* an SDK client (or a legacy toolset / entity object) */
    DC_FACT_FACTORY,      /* calling it returns a client */
    DC_FACT_CLASS,        /* the SDK client class */
    DC_FACT_LEGACY_CLASS, /* a legacy toolset class (ComposioToolSet, OpenAIToolSet, ...) */
    DC_FACT_LEGACY_ENUM,  /* the legacy Action / App enum */
    DC_FACT_HOLDER,       /* a class whose instances have the client members `members` */
    DC_FACT_OBJECT,       /* an object whose members `members` are clients */
    DC_FACT_MODULE,       /* a module object: `module` */
    DC_FACT_WEAK,         /* defined in a module that imports the SDK, not proven: the call-shape fallback only */
    DC_FACT_PENDING,      /* a project module whose facts are not known yet (dc_facts_view.pending) */
    DC_FACT_DCAF,         /* a name of the DCAF framework (analysis/dcaf.h): members[0] is its canonical
                           * path ("dcaf.core.Session", or a module: "dcaf.core") */
    DC_FACT_KIND_COUNT
} dc_fact_kind;

/* Which SDK a fact belongs to (bits): decides the profile of a file that imports no SDK package
 * itself but uses a client through the project. */
enum { DC_FACT_SDK_DEVCASTER = 1u, DC_FACT_SDK_COMPOSIO = 2u };

typedef enum dc_fact_op {
    DC_FACT_OP_VALUE = 0, /* the name's value itself */
    DC_FACT_OP_CALL,      /* name(...) */
    DC_FACT_OP_NEW,       /* new name(...) */
} dc_fact_op;

/* A derivation of an exported name from another name (see the header comment). */
typedef struct dc_fact_ref {
    const char *spec;   /* module as written ("./clients", "@/lib/sdk", ".deps", "app.core"); NULL: this file */
    const char *name;   /* the name there; "" the module object itself; "default" */
    const char *member; /* then this member of the result ("client", "get_client()"), or NULL */
    dc_fact_op op;
    bool returns;       /* the exported name is a function that returns the result */
} dc_fact_ref;

typedef struct dc_fact_export {
    const char *name;            /* as importers write it; a TypeScript local is "#name" (never importable) */
    dc_fact_kind kind;           /* proven by the file; NONE: see refs */
    uint8_t sdk;                 /* DC_FACT_SDK_* */
    const char *const *members;  /* HOLDER / OBJECT: "client", "get_client()" */
    uint32_t nmembers;
    const dc_fact_ref *refs;     /* derived: the first that proves something wins */
    uint32_t nrefs;
    uint32_t line;               /* where the name is defined (1-based) */
} dc_fact_export;

/* A name a file imports and may use: `name` of module `spec` ("default"; "" the module itself),
 * then its `member` (NULL: the name itself). Recorded for the project phase's second look:
 * a file whose uses reach a fact must be analysed with the facts (cli/project.c). */
typedef struct dc_fact_use {
    const char *spec;
    const char *name;
    const char *member;
    const char *local; /* Python: the module-level name the import binds, which the module then
                        * exports as any other (a package's __init__ re-exporting); else NULL */
    bool deep;         /* `member`, when it is a module, has names in the file's scope that no use
                        * records (`sub.mm.client` after `from pkg import sub`; factsstale.c) */
} dc_fact_use;

/* A direct `X.tools.execute(...)` call of a file (issue 16, item 8: a toolkit version pin still
 * matters to it), by where X comes from: spec / name / member as a dc_fact_use names an import
 * when X's root is imported, else spec NULL and `name` the root as written (the file's own
 * name). */
typedef struct dc_fact_exec {
    const char *spec;
    const char *name;
    const char *member;
    uint32_t line;
} dc_fact_exec;

/* One file's facts, as the analysis computes them (dc_bindings_exports) before they are put
 * into a table (which copies them). */
typedef struct dc_file_facts {
    bool done;                   /* filled (the fix loop analyses a file several times: the first counts) */
    bool py;                     /* Python's import rules; else TypeScript/JavaScript's */
    bool imports_sdk;            /* the file imports an SDK package */
    uint8_t sdk;                 /* DC_FACT_SDK_* of those imports */
    const dc_fact_export *exports;
    uint32_t nexports;
    const char *const *stars;    /* export * from "m" / from m import *: the modules as written */
    uint32_t nstars;
    const char *const *imports;  /* every module the file imports (specs as written), for the consumer test */
    uint32_t nimports;
    const dc_fact_use *uses;     /* imported names and the members of imported modules it reads */
    uint32_t nuses;
    const dc_fact_exec *execs;   /* its direct tools.execute calls (a text scan: may hold a few that are not) */
    uint32_t nexecs;
} dc_file_facts;

/* A resolved fact. */
typedef struct dc_fact {
    dc_fact_kind kind;
    uint8_t sdk;
    int32_t module;              /* MODULE: the module's file id */
    const char *const *members;  /* HOLDER / OBJECT */
    uint32_t nmembers;
    int32_t file;                /* where it is proven (-1: unknown), and the line */
    uint32_t line;
} dc_fact;

/* One name of a module with its fact (dc_facts_exports). */
typedef struct dc_named_fact {
    const char *name;
    dc_fact fact;
} dc_named_fact;

typedef struct dc_facts dc_facts;

/* How an analysis sees the project (analysis/engine.h dc_analyze_opts.project). */
typedef struct dc_facts_changes dc_facts_changes;
typedef struct dc_facts_view {
    const dc_facts *facts;
    uint32_t file;  /* the analysed file's id */
    bool pending;   /* facts are still being gathered: an import of a project module is PENDING, and an
                     * analysis that needed one is done again later (cli/project.c) */
    dc_facts_changes *changes; /* --fix: a written file's facts, from the analysis of its final text
                                * (dc_analysis.exports), go here (dc_facts_note_changes); or NULL */
} dc_facts_view;

/* `display` are the files' display paths, parallel to the resolver's files (for the facts file
 * and for messages; copied). */
dc_facts *dc_facts_new(const dc_resolver *r, const char *const *display);
void dc_facts_free(dc_facts *f);
const dc_resolver *dc_facts_resolver(const dc_facts *f);
size_t dc_facts_nfiles(const dc_facts *f);
const char *dc_facts_display(const dc_facts *f, uint32_t file);

/* Copies `ff` in as file `file`'s facts unless it has some already (thread-safe). */
void dc_facts_put(dc_facts *f, uint32_t file, const dc_file_facts *ff);
/* The module specifiers a file imports, from a file the scan did not parse (project/importscan.h),
 * unless it has facts already (thread-safe). */
void dc_facts_put_imports(dc_facts *f, uint32_t file, const char *const *specs, uint32_t n, bool py);
bool dc_facts_has(const dc_facts *f, uint32_t file);
/* What --fix changed (factsstale.c). dc_facts_note_changes records the names of `file` whose
 * facts `ff` (the file computed again after it was written; NULL: it could not be) no longer
 * gives as they were put (all of them when its stars or imports changed), lines aside, and says
 * whether there were any; thread-safe. dc_facts_changes_used: does any file use such a name
 * (dc_fact_use), directly or through re-exports? Then its analysis used facts that are no more. */
dc_facts_changes *dc_facts_changes_new(const dc_facts *f);
void dc_facts_changes_free(dc_facts_changes *c);
bool dc_facts_note_changes(const dc_facts *f, uint32_t file, const dc_file_facts *ff, dc_facts_changes *c);
bool dc_facts_changes_used(const dc_facts *f, dc_facts_changes *c);
/* Were `file`'s new facts noted already (then its text need not be parsed again for them)? */
bool dc_facts_changes_noted(const dc_facts_changes *c, uint32_t file);

/* Resolves every name (see the header comment), after the puts; again after more puts. The
 * queries below read the last resolution. */
void dc_facts_resolve(dc_facts *f);

/* What `name` imported from `spec` in file `from` is (see the header comment). With `pending`,
 * a spec that names a project file is PENDING and nothing else is looked up. */
dc_fact dc_facts_import(const dc_facts *f, uint32_t from, bool py, const char *spec, const char *name, bool pending);
/* The fact of `name` in module `file`: resolved, or WEAK, or NONE. */
dc_fact dc_facts_lookup(const dc_facts *f, uint32_t file, const char *name);
/* Module `file`'s importable names that have a fact (sorted by name); returns how many. */
uint32_t dc_facts_exports(const dc_facts *f, uint32_t file, const dc_named_fact **out);
/* Does module `file` matter to a file that imports it: an exported fact, or an SDK import? */
bool dc_facts_bearing(const dc_facts *f, uint32_t file);
/* Does file `file` import a module that matters (its imports as put)? */
bool dc_facts_imports_bearing(const dc_facts *f, uint32_t file);
/* The same test for a file whose imports were not put: these specs, as written, from `file`. */
bool dc_facts_specs_bearing(const dc_facts *f, uint32_t file, bool py, const char *const *specs, uint32_t n);
/* Does a file whose facts were put use (dc_fact_use) a name the project proves is a client, a
 * factory, a class, an enum or an object or class with client members? */
bool dc_facts_uses_facts(const dc_facts *f, uint32_t file);
/* marked[t] = 1 for every file t with among[t] that some file imports (its imports as put). */
void dc_facts_mark_targets(dc_facts *f, const uint8_t *among, uint8_t *marked);

/* Does any name of the table have a fact of kind `k` (after resolution)? */
bool dc_facts_any(const dc_facts *f, dc_fact_kind k);

/* The direct executions (dc_fact_exec) of the project's files other than `file` that go through
 * something `file` proves: a client defined on lines [lo, hi] of it, or a factory, holder or
 * object of it; with `any`, every direct execution of the other files, through whatever client.
 * Appends them to `out` as "path:line" items (", "-separated, the first 8, then "and N more")
 * and returns how many; -1 (nothing appended) when the facts cannot tell, because they were read
 * from a facts file, which does not carry executions. */
int dc_facts_execs_through(const dc_facts *f, uint32_t file, uint32_t lo, uint32_t hi, bool any, dc_buf *out);

/* Counts for bench/run's project line and the tests. */
typedef struct dc_facts_stats {
    uint32_t files_with_facts; /* files put */
    uint32_t exports;          /* names with a resolved fact (not WEAK) */
    uint32_t weak;
    uint32_t bearing;          /* files that matter to their importers */
} dc_facts_stats;
dc_facts_stats dc_facts_get_stats(const dc_facts *f);
void dc_facts_debug_memory(const dc_facts *f);

const char *dc_fact_kind_name(dc_fact_kind k);
dc_fact_kind dc_fact_kind_from_name(const char *name); /* DC_FACT_NONE when unknown */

/* ---- the facts file (factsio.c) ------------------------------------------------------------- */

/* Writes the resolved table; `extra` (a jansson object, may be NULL) gets merged into the
 * document's top level (cli/project.c adds "auth_configs"). False after a dc_diag error. */
struct json_t;
bool dc_facts_write(const dc_facts *f, const char *path, struct json_t *extra);
/* Reads a facts file into a fresh table over this run's files (resolved, read-only). NULL after
 * a dc_diag error (the file and line). `*doc` receives the parsed document (the caller frees it
 * with json_decref) so other parts can read their keys. */
dc_facts *dc_facts_read(const dc_resolver *r, const char *const *display, const char *path, struct json_t **doc);

#endif
