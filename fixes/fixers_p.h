/* fixers_p.h: private to the fixes layer: rewrites that need program state, named by rules
 * (`fix: {fixer: NAME}`), in the spirit of lib2to3's fixers and GritQL's file-level state.
 * fixes/plan.c runs them, with a fix context (fixes/context_p.h) per file.
 *
 * A fixer sees all findings of its rule in one file at once, so it can share work between them
 * (one session per user per scope, auth configs collected across calls, an import added once).
 * It attaches a dc_fix to each finding it can fix (dc_fix_new / dc_fix_add_edit from the
 * context's arena), or a fix with DC_APP_MANUAL and `why` when the code does not determine the
 * rewrite. It must never edit inside an ERROR/MISSING region (dc_range_touches_error) or the
 * bytes of a trigger call.
 *
 * Template fixes (`replace:` + `template:`) need no C code: dc_fix_template renders them.
 *
 * Here: the registry (fixers.c) and the fixer functions it names, and tree/edit helpers the
 * fixers share. */
#ifndef DC_FIXERS_P_H
#define DC_FIXERS_P_H

#include "analysis/engine.h"
#include "syntax/nodeindex.h"
#include "fixes/context_p.h"
#include "fixes/render.h"
#include "syntax/tree.h"

typedef void (*dc_fixer_fn)(dc_fix_ctx *ctx, dc_finding **findings, uint32_t n);

typedef struct dc_fixer {
    const char *name;
    dc_fixer_fn fn;
} dc_fixer;

/* NULL when no fixer has that name. */
const dc_fixer *dc_fixer_find(const char *name);

void dc_fixer_toolkit_versions(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);       /* fix_toolkit_versions.c */
void dc_fixer_toolkit_version_env(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);    /* fix_env_version.c */
void dc_fixer_tools_execute(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);          /* fix_tools_execute.c */
void dc_fixer_openai_agents_provider(dc_fix_ctx *ctx, dc_finding **f, uint32_t n); /* fix_agents_provider.c */
void dc_fixer_tools_get(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);              /* fix_session.c */
void dc_fixer_connect_link(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);           /* fix_session.c */
/* the legacy (v1/v2) rules: session_legacy.c, but legacy-execute-action (legacy_execute.c) */
void dc_fixer_legacy_toolset(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);
void dc_fixer_legacy_get_tools(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);
void dc_fixer_legacy_handle_tool_calls(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);
void dc_fixer_legacy_connection(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);
void dc_fixer_legacy_terms(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);
void dc_fixer_legacy_execute_action(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);
/* the DCAF pack: plans made by analysis/dcaf*.c (fix_dcaf.c) */
void dc_fixer_dcaf(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);

/* Is the finding's rule fixed by the fixer `name` (fixers.c)? */
bool dc_finding_fixer_is(const dc_finding *f, const char *name);

/* A template fix (`replace:` + `template:`) for one finding (fixers.c). */
void dc_fix_template(dc_fix_ctx *ctx, dc_finding *f);

/* The per-file state two fixer modules keep in the fix context (context_p.h); dc_fixes_plan
 * frees it after the last fixer. NULL does nothing. */
void dc_session_plan_free(struct dc_session_plan *pl); /* session_plan.c */
void dc_legacy_plan_free(struct dc_legacy_plan *pl);   /* session_legacy.c */

/* ---- list edits (listedit.c) ----------------------------------------------------------------- */

/* Adds edits removing `item` from the comma-separated `list` (argument_list, arguments,
 * object, dictionary, list, array) together with one separating comma, so that
 * `f(a, b, c)` minus b is `f(a, c)`, minus c is `f(a, b)`, minus a is `f(b, c)`, and a sole
 * item leaves `f()` (whitespace and newlines between the brackets go too). In a multi-line list
 * an item on lines of its own goes with those whole lines (its trailing comment too, which makes
 * the fix unsafe by the comment rule). Comments are never counted as items. */
void dc_list_remove_item(dc_arena *arena, const dc_source *src, dc_fix *fix, TSNode list, TSNode item);

/* Number of items (named, non-comment children) of a list node. */
uint32_t dc_list_count(TSNode list);
/* The first / last item of a list-like node (arguments, list, object, an import clause), or a
 * null node when it has none. */
TSNode dc_list_first(TSNode list);
TSNode dc_list_last(TSNode list);

/* ---- names a value is bound to, member uses (names.c) ----------------------------------------- */

/* The normalised name a constructed value is bound to: `dc = Devcaster()` -> "dc",
 * `self.client = ...` -> "self.client", TS `const dc = new Devcaster()` -> "dc",
 * class field `private dc = new Devcaster()` -> "this.dc", `this.dc = ...` -> "this.dc".
 * Empty view when the value is not directly assigned. */
dc_sv dc_bound_name(dc_fix_ctx *ctx, TSNode value);

/* True when the file has `<receiver>.<member>` (a property access, called or not), with the
 * receiver's normalised text equal to `receiver` (or, when `receiver` is empty, any provable
 * client). */
bool dc_file_uses_member(dc_fix_ctx *ctx, dc_sv receiver, const char *member);
/* Why removing a toolkit version pin is unsafe because direct executions remain (pin_execs.c,
 * issue 16 item 8): this file's `X.tools.execute(...)` calls through `client` (normalised; empty:
 * any client) and other files' calls through what lines [lo, hi] of this file define (every
 * call, with `any`: an environment pin), named `path:line`; NULL when there are none. Marks the
 * analysis pending while the project's facts are still being gathered. */
const char *dc_pin_exec_why(dc_fix_ctx *ctx, dc_sv client, uint32_t lo, uint32_t hi, bool any);

/* ---- call shapes: arguments and option objects (callshape.c) ---------------------------------- */

/* Arguments most calls fit in: their nodes live in the dc_args itself, a longer call's in the
 * arena (a call read per scanned create / execute call would otherwise fill the arena). */
#define DC_ARGS_INLINE 8

/* A call's arguments. Points into itself: read it where it is used, do not copy it. */
typedef struct dc_args {
    TSNode *pos; /* positional arguments (Python), or call arguments (TS) */
    uint32_t npos;
    TSNode *kw_name; /* Python keyword arguments */
    TSNode *kw_value;
    uint32_t nkw;
    bool splat; /* *args / **kwargs / ...spread: the shape is not fully known */
    TSNode inline_nodes[3 * DC_ARGS_INLINE];
} dc_args;

/* The arguments of a call node (Python `call` or TS `call_expression` / `new_expression`), all
 * of them. */
void dc_args_read(dc_fix_ctx *ctx, TSNode call, dc_args *out);
/* Python keyword argument value by name; null node when absent. */
TSNode dc_args_kw(const dc_source *src, const dc_args *a, const char *name);
/* TS object literal property value by key (`key: v`, shorthand `key` returns the identifier);
 * null node when absent. `has_other_keys_out` (may be NULL): whether the object has any other
 * item (another key, a spread, a method). */
TSNode dc_object_get(const dc_source *src, TSNode obj, const char *key, bool *has_other_keys_out);
/* Names of all keys of a TS object literal, comma-separated into `out`; false on spread or
 * computed keys. */
bool dc_object_keys(const dc_source *src, TSNode obj, dc_buf *out);

/* ---- where a node sits (nodes.c) ---------------------------------------------------------- */

/* The enclosing function, or the root: where a name in `n` is evaluated (`n` itself when it
 * is the root). */
TSNode dc_scope_of(dc_fix_ctx *ctx, TSNode n);
/* The innermost block (dc_node_is_block), within `scope`, that contains `n`; null if none. */
TSNode dc_block_of(dc_fix_ctx *ctx, TSNode scope, TSNode n);
/* The statement (a direct child of `block`) that contains `n`. */
TSNode dc_statement_in(dc_fix_ctx *ctx, TSNode block, TSNode n);
/* The statement (a direct child of any block) holding `n`; null outside every block. */
TSNode dc_statement_of(dc_fix_ctx *ctx, TSNode n);
/* Does `outer`'s byte range hold `inner`'s? */
bool dc_node_contains(TSNode outer, TSNode inner);
/* The same node (range and kind), both non-null: what ts_node_eq says only for one lookup. */
bool dc_node_same(TSNode a, TSNode b);
/* The property of `a.b` in either grammar. */
TSNode dc_member_prop(TSNode member);

/* ---- strings (strings.c) -------------------------------------------------------------------- */

/* Value of a plain string literal (no interpolation, no escapes, no prefix other than r/u).
 * Returns false when the node is not such a literal. */
bool dc_string_value(dc_arena *a, const dc_source *src, TSNode n, const char **out);
/* The quote character a string literal node uses ('"' or '\''), or 0. */
char dc_string_quote(const dc_source *src, TSNode n);
/* An arena copy of `s`, lower-cased, up to its first NUL. */
char *dc_str_lower(dc_arena *a, dc_sv s);
/* Is `s` one of v[0..n)? */
bool dc_sv_listed(const dc_sv *v, uint32_t n, dc_sv s);

/* ---- toolkit slugs (toolkits.c) --------------------------------------------------------------- */

/* The known toolkit a tool slug belongs to: the longest known slug t with SLUG starting with
 * upper(t) + "_". NULL when none. */
const char *dc_toolkit_of_tool(dc_fix_ctx *ctx, const char *tool_slug);
/* The one known toolkit an identifier or string names ("ac_github_config",
 * "GITHUB_AUTH_CONFIG_ID", "googleCalendarAuth"): exactly one known slug among its words (and
 * adjacent word pairs). NULL when none or several. */
const char *dc_toolkit_named_by(dc_fix_ctx *ctx, dc_sv text);

#endif
