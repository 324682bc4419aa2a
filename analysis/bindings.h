/* bindings.h: per-file facts about the SDK: which names are Devcaster/Composio clients,
 * which SDK and provider packages the file imports, which profile it uses.
 *
 * The facts are flow-insensitive and file-scoped, like most linters' name resolution: a name
 * that is bound to a client anywhere in the file counts as a client everywhere in it. This is
 * deliberately generous for names (`dc`, `self.client`), but receivers that never got a client
 * are not clients, which is what keeps the decoys in sdk-reference.md section 6 quiet.
 *
 * Receiver texts are normalised by dropping whitespace and comments between tokens:
 * "self . client" and "self.client" are the same receiver.
 *
 * What makes a client (Python):
 *   from devcaster import Devcaster [as X]; import devcaster [as m]  -> class names Devcaster/X/m.Devcaster
 *   NAME = Class(...), self.NAME = Class(...), a.b.c = Class(...), NAME: T = Class(...),
 *   with Class(...) as NAME, NAME = other_client (alias), walrus (NAME := Class(...)),
 *   a parameter annotated with a class name (def f(dc: Devcaster)), an attribute annotated in a class
 *   body (client: Devcaster) -> self.client,
 *   a function returning one (def get_client() -> Devcaster, or whose body returns Class(...)) -> "get_client()".
 * (TypeScript/JavaScript):
 *   import { Devcaster [as X] } from "@devcaster/core"; import * as m from ...; const { Devcaster } = require(...);
 *   const m = require("@devcaster/core") -> m.Devcaster;
 *   const/let/var NAME = new Class(...), this.NAME = new Class(...), class field NAME = new Class(...)
 *   (-> this.NAME), NAME = other_client, parameters typed with the class (dc: Devcaster),
 *   constructor parameter properties (private readonly dc: Devcaster -> this.dc),
 *   functions returning one (function getClient(): Devcaster, or `return new Devcaster(...)`) -> "getClient()".
 * Legacy (v1/v2) SDK objects count as clients too, because legacy rules report calls on them:
 *   a toolset class imported from an SDK package (ComposioToolSet, OpenAIToolSet, ...: any name
 *   ending in ToolSet) is a class name, so its instances are clients; `X.get_entity(...)` /
 *   `X.getEntity(...)` (an entity) and `X.create_trigger_listener()` on a client are clients;
 *   the Action / App enums imported from an SDK package are clients (legacy-terms reads them).
 *   `legacy_classes` / `legacy_enums` tell those apart from the current client class.
 *
 * Across files (issue 15; project/facts.h): every import of something that is not an SDK
 * package is recorded (dc_pimport); given a view of the project's facts, a name imported from
 * a project module that the project proves is a client (a factory, the client class, a legacy
 * class or enum, a class with client members, a module whose members are) counts exactly as a
 * local one would. A receiver whose root is imported from a module that only imports the SDK
 * (WEAK), or from a project module whose facts are still being gathered (PENDING), is what
 * dc_bindings_project_use reports, for the engine's call-shape fallback and for the project
 * phase's second look. Classes whose instances have client members (`self.client =
 * Composio()`, a method returning one) are followed to their instances, here and across files.
 * With `exports` set, the file's own exported facts are computed from the same walk
 * (bindings_export.c says which names count): never from the project's facts, so they are a
 * function of the file alone.
 *
 * Ownership: dc_bindings_compute allocates everything from `arena`; the views point into the
 * source buffer or the arena. Nothing to free separately. */
#ifndef DC_BINDINGS_H
#define DC_BINDINGS_H

#include <stdbool.h>
#include <tree_sitter/api.h>

#include "project/facts.h"
#include "ruleset/profile.h"
#include "syntax/source.h"
#include "common/base.h"

typedef struct dc_import {
    dc_sv module;     /* "devcaster", "devcaster_openai", "@devcaster/core", "composio-core", "agents" */
    dc_sv name;       /* imported name ("OpenAIProvider"), or empty for a module import */
    dc_sv local;      /* the local binding name (alias or same as name / module alias) */
    dc_range range;   /* the whole import statement */
} dc_import;

typedef enum dc_pimport_kind {
    DC_PIMPORT_NAMED = 0, /* import { x } / from m import x / const { x } = require(m) */
    DC_PIMPORT_DEFAULT,   /* import x from m (CommonJS interop: the module object when it has no default) */
    DC_PIMPORT_NAMESPACE, /* import * as x / import m as x / import a.b.c / x = importlib.import_module(m) */
    DC_PIMPORT_REQUIRE,   /* const x = require(m), import x = require(m): its default, else the module */
} dc_pimport_kind;

/* An import of a module that is not an SDK package: maybe a module of the project. */
typedef struct dc_pimport {
    dc_sv spec;          /* as written: "./lib/composio", "@/lib/sdk", "app.core.clients", "..deps", "." */
    dc_sv name;          /* NAMED: the imported name */
    dc_sv local;         /* the local spelling ("composio"; "app.core.clients" for `import app.core.clients`) */
    dc_pimport_kind kind;
    bool module_level;   /* binds a module-level name (Python re-exports those) */
    uint32_t line;
} dc_pimport;

typedef struct dc_bindings {
    dc_profile profile;      /* decided for this file: forced, else from imports, else DEVCASTER */
    bool imports_sdk;        /* imports a core SDK module, a provider package or a legacy package of either SDK */
    bool imports_devcaster;  /* any devcaster / devcaster_<fw> / @devcaster/<pkg> import */
    bool imports_composio;   /* any composio / composio_<fw> / @composio/<pkg> / composio-core import */
    bool uses_openai_agents; /* Py `agents` / `from agents import`, TS "@openai/agents" */
    DC_VEC(dc_sv) clients;      /* normalised receiver texts known to be clients */
    DC_VEC(dc_sv) class_names;  /* local spellings of the client class: "Devcaster", "DC", "devcaster.Devcaster" */
    DC_VEC(dc_import) imports;  /* every import of an SDK, provider or legacy package (both profiles) */
    DC_VEC(dc_sv) legacy_classes; /* local names of legacy toolset classes (also in class_names) */
    DC_VEC(dc_sv) legacy_enums;   /* local names of the legacy Action / App enums (also in clients) */
    DC_VEC(dc_pimport) pimports;  /* imports of other modules (project or installed; see above) */
    uint8_t project_sdk;          /* DC_FACT_SDK_* of the facts imported through the project */
    /* The vectors above live in the arena: read them, never dc_vec_push/dc_vec_free them. */
    /* Private to bindings.c: the lookup table behind dc_bindings_is_client (NULL: it scans `clients`). */
    const struct dc_bindings_index *index;
    /* The tree's node index (syntax/nodeindex.h), in the arena: built for the bindings' own
     * walk and kept for the fixers' walks over the same tree. NULL without a tree. */
    const struct dc_node_index *nodes;
} dc_bindings;

/* `forced` is the --sdk choice (AUTO to decide from imports). Never returns NULL. */
dc_bindings *dc_bindings_compute(dc_arena *arena, dc_source *src, TSTree *tree, dc_profile forced);
/* The same, with the project's facts (`view` NULL: file-scoped); with `exports`, also the file's
 * exported facts (in `arena`; exports->done is set). */
dc_bindings *dc_bindings_compute_in(dc_arena *arena, dc_source *src, TSTree *tree, dc_profile forced,
                                    const dc_facts_view *view, dc_file_facts *exports);

typedef enum dc_project_use {
    DC_PROJECT_USE_NONE = 0,
    DC_PROJECT_USE_WEAK,    /* its root is imported from a module that imports the SDK (not proven) */
    DC_PROJECT_USE_PENDING, /* its root is imported from a project module whose facts are not known yet */
} dc_project_use;
/* What the project says about a receiver that is not a client: see the header comment. */
dc_project_use dc_bindings_project_use(const dc_bindings *b, dc_sv receiver);

/* True when `receiver` (raw source text of an expression) names a known client after
 * normalisation. */
bool dc_bindings_is_client(const dc_bindings *b, dc_sv receiver);

/* Normalises an expression's text into `out` (arena): drops whitespace, comments, and a
 * trailing `!` (TS non-null) / `?` of optional chaining, keeps everything else. */
dc_sv dc_bindings_normalize(dc_arena *arena, dc_sv text);

#endif
