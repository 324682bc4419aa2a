/* context_p.h: private to the fixes layer: the fix context, which owns all per-file fix state.
 *
 * dc_fixes_plan (plan.c) makes one context per analysis, runs every rule's fixer with it, and
 * releases it after the last one. What fixers share within a file lives here, typed, each part
 * built on first use by the module that owns its type and kept for the file's other fixers:
 *   - the style of the source (quotes, newline, indentation: render.h), detected once because
 *     detecting it scans up to 64 KiB;
 *   - a node index of the tree, when the bindings did not build one (nodeindex.h);
 *   - the session plan (session_plan.c: tools-get, connect-link and the legacy session calls);
 *   - the legacy model (legacy_model.c: the legacy SDK objects of the file, which the session
 *     planner and the legacy fixers ask about);
 *   - the legacy plan (session_legacy.c: its members and tiers, shared by five legacy fixers);
 *   - the auth config map, when the run gave none for the whole project (authmap.c: the
 *     explicit entries merged with this file's own facts; heap, freed by dc_fix_auth_free).
 * Everything is in the analysis' arena or freed by the release in plan.c, the one module that
 * knows every part, so no part needs a free function pointer. */
#ifndef DC_FIXES_CONTEXT_P_H
#define DC_FIXES_CONTEXT_P_H

#include <stdbool.h>

#include "analysis/analysis.h"
#include "syntax/nodeindex.h"
#include "ruleset/rules.h"
#include "fixes/options.h"
#include "fixes/render.h"

struct dc_session_plan;
struct dc_legacy_model;
struct dc_legacy_plan;

typedef struct dc_fix_ctx {
    dc_arena *arena; /* the analysis' arena: fixes and everything they point to */
    dc_analysis *an; /* source, tree, bindings, profile, all findings */
    const dc_fix_opts *opts;
    dc_ruleset *rules;
    /* ---- per-file state, built on first use (see above) ---- */
    const dc_node_index *index; /* of an->tree, when the bindings have none (arena) */
    dc_style style;             /* valid when have_style */
    bool have_style;
    struct dc_session_plan *session;
    struct dc_legacy_model *legacy_model;
    struct dc_legacy_plan *legacy;
    dc_authmap *auth_own;
} dc_fix_ctx;

/* A node's text in the analysed source (a view; empty for a null node), an arena copy of it, and
 * its normalised form (dc_bindings_normalize: how the binding facts compare expressions). */
dc_sv dc_fix_sv(dc_fix_ctx *ctx, TSNode n);
const char *dc_fix_text(dc_fix_ctx *ctx, TSNode n);
dc_sv dc_fix_norm(dc_fix_ctx *ctx, TSNode n);

/* The auth configs the fixers know (authmap.c): the run's project map, else the explicit
 * entries merged with this file's own facts, built on first use. Never NULL. */
const dc_authmap *dc_fix_auth(dc_fix_ctx *ctx);
void dc_fix_auth_free(dc_fix_ctx *ctx);
/* Where a fact comes from ("src/config.py:3", "--auth-config"), an arena copy. */
const char *dc_fix_auth_where(dc_fix_ctx *ctx, const dc_authfact *f);

/* Makes room for one more element in an arena array `v` of `n` elements and `*cap` capacity,
 * doubling it; returns the (possibly moved) array. The fixers' per-file lists (a session's
 * toolkits, a member's providers) have no fixed limit: a fixed array would silently drop what
 * does not fit, and the arena frees them with the analysis. */
void *dc_fix_grow(dc_fix_ctx *ctx, void *v, uint32_t n, uint32_t *cap, size_t elem);
#define DC_FIX_PUSH(ctx, arr, n, cap, value)                                                                           \
    do {                                                                                                               \
        if ((n) == (cap)) (arr) = dc_fix_grow((ctx), (arr), (n), &(cap), sizeof *(arr));                               \
        (arr)[(n)++] = (value);                                                                                        \
    } while (0)

/* dc_style_detect of the analysed source, detected once per file. */
const dc_style *dc_fix_style(dc_fix_ctx *ctx);
/* The node index of the analysis' tree (NULL without a tree), built on first use. */
const dc_node_index *dc_fix_index(dc_fix_ctx *ctx);
/* ts_node_parent through the index (dc_node_index_parent): one lookup instead of tree-sitter's
 * descent from the root. Every fixer asks for parents this way; a null node for the root and
 * for a null `n`. */
TSNode dc_fix_parent(dc_fix_ctx *ctx, TSNode n);
/* dc_tree_walk through the index (root must be a node of ctx->an->tree for the fast path). */
void dc_fix_walk(dc_fix_ctx *ctx, TSNode root, bool (*fn)(TSNode n, void *ud), void *ud);
/* Only the nodes whose kind is in `kinds` (static, NULL-terminated): dc_node_index_walk_kinds. */
void dc_fix_walk_kinds(dc_fix_ctx *ctx, TSNode root, const char *const *kinds, bool (*fn)(TSNode n, void *ud),
                       void *ud);

#endif
