/* legacy_p.h: private to the fixes layer: what the legacy fixers (session_legacy.c) share with
 * the files that build a member's edits: the member (what is migrated as one, all or nothing;
 * session_legacy.c has the scheme), the references of a toolset or entity name
 * (legacy_refs.c), the edits of constructions and calls (legacy_edits.c) and of legacy-terms
 * (legacy_terms.c). They all ask the file's legacy model (legacy_model_p.h). */
#ifndef DC_FIXES_LEGACY_P_H
#define DC_FIXES_LEGACY_P_H

#include "fixes/legacy_model_p.h"

typedef enum dc_legacy_member_kind { DC_MEMBER_TOOLSET, DC_MEMBER_RECEIVER, DC_MEMBER_TERM } dc_legacy_member_kind;

/* What is migrated as one (session_legacy.c has the scheme). */
typedef struct dc_legacy_member {
    dc_legacy_member_kind kind;
    dc_sv key;        /* toolset / receiver name; empty for a term */
    TSNode scope;     /* DC_MEMBER_TOOLSET: the scope of its binding (dc_legacy_binding_scope); null
                       * when the name is not constructed in a scope around its uses */
    dc_finding *term; /* DC_MEMBER_TERM: its finding */
    dc_applicability app;
    const char *why;
    dc_fix edits;                     /* everything but imports */
    const dc_provider **provs; /* providers its constructions need (arena; rules/providers.yml) */
    uint32_t nprovs, cap_provs;
    bool enums;         /* it may leave Action / App imports unused */
    uint32_t nfindings; /* findings that carry its fix */
} dc_legacy_member;

/* Lowers a member to `app` with `why` (a member is as safe as its least safe part; the first
 * reason for the lowest level is kept). */
void dc_legacy_lower(dc_legacy_member *mb, dc_applicability app, const char *why);

/* An edit of NUL-terminated text, unless the fix has it already (shared edits meet). */
static inline void dc_legacy_add_edit(dc_fix_ctx *ctx, dc_fix *fx, uint32_t s, uint32_t e, const char *text) {
    dc_fix_add_edit_once(ctx->arena, fx, s, e, text, strlen(text));
}

/* ---- references of a toolset or entity name (legacy_refs.c) ------------------------------- */

typedef enum dc_legacy_ref_kind {
    DC_REF_BIND,   /* `name = <construction>`: a binding of the toolset or entity itself */
    DC_REF_CALL,   /* a call the legacy fixers rewrite (its finding in `f`) */
    DC_REF_ENTITY, /* `toolset.get_entity(...)`: the entity's own references count too */
    DC_REF_LEFT,   /* a use reported for a person (execute_action, triggers) */
    DC_REF_UNKNOWN /* a use not followed here */
} dc_legacy_ref_kind;

typedef struct dc_legacy_ref {
    dc_legacy_ref_kind kind;
    TSNode node, call;
    dc_finding *f;    /* DC_REF_CALL: the call's legacy finding */
    const char *what; /* DC_REF_LEFT / DC_REF_UNKNOWN: the use, for a reason */
} dc_legacy_ref;

typedef DC_VEC(dc_legacy_ref) dc_legacy_refs;

/* Every reference of the name `key` (a toolset, or an entity when `entity`) in the file, each
 * classified: its binding, a call the legacy fixers rewrite, an entity, a use left for a person,
 * a use not followed. */
void dc_legacy_refs_of(dc_legacy_model *m, dc_sv key, bool entity, dc_legacy_refs *out);
/* "`<statement>` (line N)" for a reason naming a use. */
const char *dc_legacy_use_text(dc_legacy_model *m, TSNode n);
/* A name node that is not a reference: a property after a dot, a keyword argument's name, an
 * imported name. */
bool dc_legacy_not_a_reference(dc_fix_ctx *ctx, TSNode n);
/* Is `method` one of the legacy trigger methods (never rewritten)? */
bool dc_legacy_is_trigger_method(dc_sv method);

/* ---- edits (legacy_edits.c) --------------------------------------------------------------- */

/* A toolset construction -> the client with its framework's provider (and the provider and
 * client imports the member needs, in mb->provs). */
void dc_legacy_ctor_edits(dc_legacy_model *m, dc_legacy_member *mb, const dc_legacy_ctor *c);
/* A legacy call of the member: a session call through the session planner, or
 * handle_tool_calls through the provider; connection requests' legacy fields follow. */
void dc_legacy_add_call(dc_legacy_model *m, dc_legacy_member *mb, dc_finding *f);
/* Deletes `entity = toolset.get_entity(...)`; false when the statement does more than that. */
bool dc_legacy_delete_binding(dc_legacy_model *m, dc_legacy_member *mb, TSNode call);

/* ---- legacy-terms (legacy_terms.c) -------------------------------------------------------- */

/* The rename (or enum -> string) of one legacy-terms finding, the member's only edit. */
void dc_legacy_build_term(dc_legacy_model *m, dc_legacy_member *mb);

#endif
