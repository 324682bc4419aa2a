/* fixers_p.h: private to rewriter/: the fixer functions the registry in fixers.c names, and
 * tree/edit helpers they share. */
#ifndef DC_FIXERS_P_H
#define DC_FIXERS_P_H

#include "rewriter/fixers.h"
#include "analyzer/nodeindex.h"
#include "rewriter/render.h"
#include "syntax/tree.h"

void dc_fixer_toolkit_versions(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);      /* fix_toolkit_versions.c */
void dc_fixer_toolkit_version_env(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);   /* fix_env_version.c */
void dc_fixer_tools_execute(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);         /* fix_tools_execute.c */
void dc_fixer_openai_agents_provider(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);/* fix_agents_provider.c */
void dc_fixer_tools_get(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);             /* fix_session.c */
void dc_fixer_connect_link(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);          /* fix_session.c */
/* the legacy (v1/v2) rules: session_legacy.c */
void dc_fixer_legacy_toolset(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);
void dc_fixer_legacy_get_tools(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);
void dc_fixer_legacy_handle_tool_calls(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);
void dc_fixer_legacy_connection(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);
void dc_fixer_legacy_terms(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);
void dc_fixer_legacy_execute_action(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);

/* ---- file-level state of one dc_fixers_run (fixers.c) ---------------------------------- */

typedef struct dc_fix_state {
    const dc_node_index *index;          /* of ctx->an->tree when the bindings have none (arena) */
    void (*session_plan_free)(void *);   /* frees ctx->session_plan (fix_session.c) */
    void *legacy_plan;                   /* session_legacy.c's plan: one per file, not per rule */
    void (*legacy_plan_free)(void *);
    dc_style style; /* dc_fix_style's: detecting it scans up to 64 KiB of the file */
    bool have_style;
} dc_fix_state;

/* The context's state, created on first use; dc_fixers_run frees it and everything in it. */
dc_fix_state *dc_fix_state_of(dc_fix_ctx *ctx);
/* dc_style_detect of the analysed source, detected once per run. */
const dc_style *dc_fix_style(dc_fix_ctx *ctx);
/* The node index of the analysis' tree (NULL without a tree), built on first use. */
const dc_node_index *dc_fix_index(dc_fix_ctx *ctx);
/* dc_tree_walk through the index (root must be a node of ctx->an->tree for the fast path). */
void dc_fix_walk(dc_fix_ctx *ctx, TSNode root, bool (*fn)(TSNode n, void *ud), void *ud);
/* Only the nodes whose kind is in `kinds` (static, NULL-terminated): dc_node_index_walk_kinds. */
void dc_fix_walk_kinds(dc_fix_ctx *ctx, TSNode root, const char *const *kinds, bool (*fn)(TSNode n, void *ud),
                       void *ud);

/* ---- helpers (listedit.c) ------------------------------------------------------------- */

/* Adds edits removing `item` from the comma-separated `list` (argument_list, arguments,
 * object, dictionary, list, array) together with one separating comma, so that
 * `f(a, b, c)` minus b is `f(a, c)`, minus c is `f(a, b)`, minus a is `f(b, c)`, and a sole
 * item leaves `f()` (whitespace and newlines between the brackets go too). In a multi-line list
 * an item on lines of its own goes with those whole lines (its trailing comment too, which makes
 * the fix unsafe by the comment rule). Comments are never counted as items. */
void dc_list_remove_item(dc_arena *arena, const dc_source *src, dc_fix *fix, TSNode list, TSNode item);

/* Number of items (named, non-comment children) of a list node. */
uint32_t dc_list_count(TSNode list);

/* The normalised name a constructed value is bound to: `dc = Devcaster()` -> "dc",
 * `self.client = ...` -> "self.client", TS `const dc = new Devcaster()` -> "dc",
 * class field `private dc = new Devcaster()` -> "this.dc", `this.dc = ...` -> "this.dc".
 * Empty view when the value is not directly assigned. */
dc_sv dc_bound_name(dc_arena *arena, const dc_source *src, TSNode value);

/* True when the file calls `<receiver>.<member>.<anything>(...)`, with the receiver's
 * normalised text equal to `receiver` (or, when `receiver` is empty, any provable client). */
bool dc_file_uses_member(dc_fix_ctx *ctx, dc_sv receiver, const char *member);

#endif
