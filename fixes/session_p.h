/* session_p.h: private to the fixes layer: the session planner's uses, groups and plan, and its
 * three steps, read (session_read.c, session_read_legacy.c), plan (session_plan.c) and emit
 * (session_emit.c); fix_session.c has the overview. The legacy fixers take their session calls'
 * rewrites from it (dc_session_attach). All strings are arena-allocated. */
#ifndef DC_SESSION_P_H
#define DC_SESSION_P_H

#include "fixes/fixers_p.h"

/* ---- the session planner (fix_session.c has the overview) ----------------------------------- */

typedef enum dc_use_kind { DC_USE_TOOLS_GET, DC_USE_LINK, DC_USE_TOOLKITS_AUTHORIZE, DC_USE_LEGACY } dc_use_kind;

typedef struct dc_session_kv {
    const char *key;          /* toolkit slug */
    const char *value;        /* source text of the value expression */
    const dc_authfact *from;  /* an auth config the session carries from the map (dc_fix_auth), or NULL: the code's */
} dc_session_kv;

/* One call that needs the user's session, and what it becomes. A reader fills the fields up to
 * `why`; the planner fills the rest. */
typedef struct dc_session_use {
    dc_finding *f;
    dc_use_kind kind;
    TSNode call;                /* the call that is rewritten */
    TSNode recv, user;          /* client and user expression nodes (user may be null, see below) */
    dc_sv client_text;          /* client expression as written (session is created from it) */
    dc_sv user_text;            /* user expression as written, or a literal such as "default" */
    dc_sv client_key, user_key; /* normalised (dc_bindings_normalize), for grouping */
    bool ts;
    /* contributions (arena arrays) */
    const char **toolkits;
    uint32_t ntoolkits, cap_toolkits;
    bool restricts;    /* the call fetched tools for these toolkits only */
    bool unrestricted; /* the call fetched tools without a restriction */
    dc_session_kv *auth;
    uint32_t nauth, cap_auth;
    const dc_authfact *toolkit_from; /* the fact that told the toolkit of the call's auth config, if any */
    /* call rewrite: `<session>.<method>(<call_args>)` */
    const char *method;
    const char *call_args;
    dc_applicability app;
    const char *why;
    /* planner */
    TSNode scope;
    int group;
    /* issue 16: the session is created inside the expression (`client.create(...).tools()`)
     * because no statement before the call runs exactly when it does (session_read.c) */
    bool expr_form;
    bool expr_runs_after; /* ... only because another call of its statement runs before it */
    /* issue 16: the use is one operand of a join of fetched lists (session_flow.c): the index of
     * the join in the plan, or -1 */
    int join;
} dc_session_use;

/* Fetched tool lists joined (`gh + slack`, `[...gh, ...slack]`, `gh.concat(slack)`): one session
 * with the union and one tools() call feed the join (session_flow.c). */
typedef struct dc_session_join {
    TSNode expr;        /* the join expression, replaced by the kept operand */
    TSNode keep;        /* the operand that stays: a fetch call or a variable bound to one */
    dc_fix edits;       /* the deletions of the other operands' statements and the replacement */
    uint32_t first;     /* the use whose call becomes the one tools() call */
} dc_session_join;

typedef struct dc_session_union {
    const char **toolkits; /* arena arrays, like a use's */
    uint32_t ntoolkits, cap_toolkits;
    bool restrict_;
    dc_session_kv *auth;
    uint32_t nauth, cap_auth;
    dc_session_kv *accounts;
    uint32_t naccounts, cap_accounts;
    const char *conflict;
    const char *ambiguous; /* toolkits it covers whose auth config the map has twice, and why */
} dc_session_union;

/* Uses that share one session: same client, user and scope. */
typedef struct dc_session_group {
    uint32_t first, last; /* use indices (first/last in document order) */
    TSNode scope, block, anchor;
    const char *name; /* the session variable */
    TSNode existing;  /* an existing create(...) call to reuse, or null */
    dc_applicability app;
    const char *why;
    dc_fix edits;        /* the shared edits (statement insertion or completion), emitted */
    dc_session_union un; /* what the session holds */
    uint32_t line_start; /* a new session statement goes here: the anchor's line */
} dc_session_group;

/* The file's session plan, kept in the fix context (ctx->session) from the first session
 * finding's fixer to the end of the file's fixers. */
typedef struct dc_session_plan {
    DC_VEC(dc_session_use) uses;
    DC_VEC(dc_session_group) groups;
    DC_VEC(dc_session_join) joins; /* issue 16 (session_flow.c) */
    dc_style style;
    bool emitted; /* the groups' edits are made (session_emit.c) */
    /* by finding (its index in the analysis' findings): its use + 1, 0 for none; so that giving
     * each finding its fix does not scan the uses (45,000 of them in one file took minutes) */
    uint32_t *use_of;
    /* the file's assignment targets, sorted by leading name then start, read once on the first
     * question whether a user is reassigned (session_plan.c) */
    struct dc_assign_target *targets;
    uint32_t ntargets;
    bool have_targets;
    /* the file's `X.create(...)` calls in preorder, read once on the first search for an
     * existing session (session_plan.c: a walk of the scope per group was quadratic) */
    TSNode *creates;
    uint32_t ncreates;
    bool have_creates;
    /* fresh names (fixes/imports.h): each scope's names, read once */
    struct dc_name_cache *names;
    /* the file's identifiers sorted by text then start, read once (session_flow.c) */
    struct dc_ident_ref *idents;
    uint32_t nidents;
    bool have_idents;
} dc_session_plan;

/* ---- read (session_read.c, session_read_legacy.c) ------------------------------------------ */

/* Reads a finding of tools-get or connect-link as a use and adds it to the plan (manual when
 * the code does not determine the rewrite). */
void dc_session_read(dc_fix_ctx *ctx, dc_session_plan *pl, dc_finding *f);
/* Adds a use a reader filled (up to `why`) to the plan, with its scope and what the place of
 * the call allows. */
void dc_session_finish_use(dc_fix_ctx *ctx, dc_session_plan *pl, dc_session_use *u);

/* Legacy (v1/v2) calls that become session calls (toolset.get_tools, initiate_connection, ...):
 * fills `u` for a finding of a legacy rule, returning false when the finding is not such a
 * call (session_read_legacy.c). */
bool dc_session_read_legacy(dc_fix_ctx *ctx, dc_finding *f, dc_session_use *u);

/* What a reader records about a use (session_read.c): */
/* the use is manual, with the first reason given (later reasons do not replace it); */
void dc_use_set_manual(dc_session_use *u, const char *why);
/* the use is at most `app` (unsafe, or manual), with `why` when that lowers it (NULL: no change); */
void dc_use_lower(dc_session_use *u, dc_applicability app, const char *why);
/* the session needs the toolkit `slug` (lower-cased; once); */
void dc_use_add_toolkit(dc_fix_ctx *ctx, dc_session_use *u, const char *slug);
/* the session gets the auth config `value` (source text) for the toolkit `toolkit`. */
void dc_use_add_auth(dc_fix_ctx *ctx, dc_session_use *u, const char *toolkit, const char *value);

/* The toolkit the auth config expression `ac` is for, by the map (dc_fix_auth): its value if it
 * is a plain string, else its text (an explicit entry may name an expression); NULL when the map
 * does not say. A code fact (not an explicit entry) is recorded in u->toolkit_from, for the
 * message (session_read.c). */
const char *dc_use_toolkit_by_map(dc_fix_ctx *ctx, dc_session_use *u, TSNode ac);

/* An auth config expression known only at run time (session_read_auth.c, issue 16 item 13): a
 * parameter, a loop variable, a subscript with a variable key. Refused a toolkit (manual with
 * the reason), except `MAP[toolkit]` of a literal map of known toolkits, which becomes
 * `authorize(toolkit<args>)` on a session carrying the whole map (unsafe). False when `ac` is
 * the same on every run (the caller finds its toolkit). */
bool dc_use_run_time_auth(dc_fix_ctx *ctx, dc_session_use *u, TSNode ac, const char *args);

/* ---- plan (session_plan.c) ------------------------------------------------------------------- */

/* The file's session plan, built on first use from every finding of tools-get, connect-link
 * and the legacy session rules, and kept in the fix context. */
dc_session_plan *dc_session_plan_of(dc_fix_ctx *ctx);

/* The arguments of an existing `create(...)` call that a session plan completes: toolkits, auth
 * configs, connected accounts and (TS) the options object, null nodes where absent. False when
 * the call's shape is not literal enough to complete (*args, a TS options value that is not an
 * object literal). */
typedef struct dc_create_args {
    TSNode toolkits, auth, accounts, opts;
} dc_create_args;
bool dc_session_create_args(dc_fix_ctx *ctx, TSNode call, bool ts, dc_create_args *out);
/* Does the literal dict / object `map` have the key `key` (a string key, or a TS name)? */
bool dc_session_map_has(dc_fix_ctx *ctx, TSNode map, const char *key);

/* ---- the fetched lists (session_flow.c) ------------------------------------------------------ */

/* What the code does with each fetched tool list: a use that relies on specific tools (`tools[0]`,
 * `len(tools)`, a lookup or filter by slug) makes the fetch manual, naming the use; lists joined
 * become one join (pl->joins) whose uses share one session, or manual with that advice. Runs once
 * all uses are read. */
void dc_session_read_flow(dc_fix_ctx *ctx, dc_session_plan *pl);
/* Does the fetched value `v` (the call, or its await) feed a join, and which node is the join? */
TSNode dc_session_join_of(dc_fix_ctx *ctx, TSNode v, bool ts);
/* Is any identifier of `key` (a normalised expression) assigned inside [start, end)
 * (session_plan.c)? */
bool dc_session_reassigned(dc_fix_ctx *ctx, dc_sv key, uint32_t start, uint32_t end);

/* ---- where the session goes (session_place.c) ------------------------------------------------ */

/* Is a loop, in either grammar? */
bool dc_session_is_loop(TSNode n);
/* The group's session hoisted out of the loops whose body holds it when its user and client do
 * not change in them: once before the loop, unsafe when the loop may run zero times. */
void dc_session_hoist(dc_fix_ctx *ctx, dc_session_plan *pl, dc_session_group *g);
/* The base of a new session's variable name: `session` alone in its scope (`several` false) or
 * unrestricted, else named by its toolkits (`github_session`; made fresh and camelCase for TS by
 * the planner). */
const char *dc_session_base_name(dc_fix_ctx *ctx, const dc_session_plan *pl, const dc_session_group *g, bool fetch,
                                 bool several);
/* An existing `create(...)` of the group's scope before its anchor that holds exactly what the
 * group's session needs (g->un, already complete): then g->existing and g->name are set. */
bool dc_session_find_existing(dc_fix_ctx *ctx, dc_session_plan *pl, dc_session_group *g, bool fetch);

/* ---- emit (session_emit.c) ------------------------------------------------------------------- */

/* Gives each of the findings that is a use of the plan its fix: the group's shared statement
 * edits plus the call rewrite, or a manual fix with the reason. */
void dc_session_attach(dc_fix_ctx *ctx, dc_finding **fs, uint32_t n);

#endif
