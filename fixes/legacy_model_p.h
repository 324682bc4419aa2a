/* legacy_model_p.h: private to the fixes layer: the legacy (v1/v2) SDK objects of one file, and
 * the questions every legacy fix asks of them: session_legacy.c's members and tiers, the legacy
 * session calls the session planner reads (dc_session_read_legacy), legacy-execute-action's
 * explanation. They must agree on the answers byte for byte, so they ask one model.
 *
 * The model (built from the tree and the binding facts, bindings.h):
 *   - ctors:    `toolset = ComposioToolSet(...)` / `new OpenAIToolSet({...})`: a construction of
 *               a legacy toolset class, the name it is bound to, its framework and entity_id;
 *   - entities: `entity = toolset.get_entity(id=...)` / `await toolset.getEntity(id)`;
 *   - a call's user: `entity_id=` / `entityId` / the entity's id, else the toolset
 *               constructor's entity_id, else "default" (the legacy SDK's default entity).
 *
 * One owner: the fix context (ctx->legacy_model). dc_legacy_model_of builds it on the first
 * question of an analysis (one walk over the calls) and dc_fixes_plan frees it with the
 * context, so a file's legacy fixers and session planner share one model per fix pass. */
#ifndef DC_FIXES_LEGACY_MODEL_P_H
#define DC_FIXES_LEGACY_MODEL_P_H

#include "fixes/fixers_p.h"

typedef struct dc_legacy_ctor {
    TSNode call, callee;
    dc_sv key;            /* the name it is bound to; empty when it is not bound */
    const char *fw;       /* framework ("openai"), or NULL for the framework-less ComposioToolSet */
    const dc_import *imp; /* the import of its class */
    TSNode entity_id;     /* the entity_id= / entityId value, or null */
    TSNode scope;
    TSNode bind_scope; /* where the name it is bound to lives: its scope, but the whole file for an
                        * attribute (`self.toolset`) or a Python `global` name */
} dc_legacy_ctor;

typedef struct dc_legacy_entity {
    dc_sv key, toolset_key;
    TSNode call, toolset, id, scope;
} dc_legacy_entity;

typedef struct dc_legacy_model {
    dc_fix_ctx *ctx;
    const dc_bindings *b;
    bool ts;
    DC_VEC(dc_legacy_ctor) ctors;
    DC_VEC(dc_legacy_entity) entities;
    DC_VEC(dc_sv) client_keys; /* names bound to a construction of the current client class */
    DC_VEC(dc_sv) legacy_core_keys; /* ... of the client class of JS `composio-core` (legacy v2) */
    dc_style style;
} dc_legacy_model;

typedef struct dc_legacy_who {
    const char *text; /* as it goes into the session / provider call */
    dc_sv key;        /* normalised, for grouping */
    TSNode node;      /* the expression, or null for the literal "default" */
    dc_applicability app;
    const char *why;
} dc_legacy_who;

/* The file's model, built on first use (see above). */
dc_legacy_model *dc_legacy_model_of(dc_fix_ctx *ctx);
void dc_legacy_model_free(dc_legacy_model *m); /* NULL does nothing */

/* Is `call` a get_entity / getEntity call the model read (an entity of a toolset or client)? */
bool dc_legacy_is_get_entity(dc_legacy_model *m, TSNode call);
/* Is `key` (normalised) bound to a toolset construction / a get_entity result in this file? */
bool dc_legacy_has_ctor(dc_legacy_model *m, dc_sv key);
/* The scope of the toolset binding `key` that a use at `at` refers to: the innermost scope,
 * among those where `key` is bound to a construction, that contains `at`; null when none does.
 * One toolset *object* is one (name, scope) pair: the migration's all-or-nothing unit. */
TSNode dc_legacy_binding_scope(dc_legacy_model *m, dc_sv key, TSNode at);
bool dc_legacy_is_entity(dc_legacy_model *m, dc_sv key);
/* The binding of the entity `key` that serves a call at `at`; NULL when that is ambiguous. */
const dc_legacy_entity *dc_legacy_entity_for(dc_legacy_model *m, dc_sv key, TSNode at);
/* The user of a call at `at` on `recv_key`: `explicit_user` if given (entity_id= / entityId /
 * a positional id), else the entity's id, else the constructor's entity_id, else "default";
 * with how far that can be trusted where the session is created. */
dc_legacy_who dc_legacy_user_of(dc_legacy_model *m, dc_sv recv_key, TSNode explicit_user, TSNode at);
/* The toolset expression a call on `recv` runs on: the entity's toolset for an entity; null
 * when the entity's binding is ambiguous. */
TSNode dc_legacy_toolset_of(dc_legacy_model *m, TSNode recv, TSNode at);
/* `Action.X` / `App.Y` on the SDK's enums (under whatever name they were imported as): which
 * enum and the member. */
bool dc_legacy_enum_member(dc_legacy_model *m, TSNode n, bool *is_app, dc_sv *member);
/* A toolkit from App.Y / "github" / "GITHUB" (lower-cased), or NULL. */
const char *dc_legacy_toolkit_value(dc_legacy_model *m, TSNode n);
/* A tool slug from Action.X / "GITHUB_X", or NULL. */
const char *dc_legacy_tool_value(dc_legacy_model *m, TSNode n);

/* Is the action `n` (in actions=[...]) a tool the user defines in this file, not a cloud
 * toolkit's: a Python function of this file (`@action` custom tools), a TS name given to
 * `createAction({ actionName: ... })`? */
bool dc_legacy_local_tool(dc_legacy_model *m, TSNode n);

/* A string literal of `value` in the file's quote style, or in `quote` when not 0. */
const char *dc_legacy_quoted(dc_legacy_model *m, const char *value, char quote);
/* A node's text folded to one line and cut, for a reason shown in a report. */
const char *dc_legacy_excerpt(dc_fix_ctx *ctx, TSNode n);
/* The 1-based line a node starts on. */
uint32_t dc_legacy_line(TSNode n);

#endif
