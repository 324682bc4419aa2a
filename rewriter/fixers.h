/* fixers.h: rewrites that need program state, named by rules (`fix: {fixer: NAME}`), in the
 * spirit of lib2to3's fixers and GritQL's file-level state. fixes/plan.c runs them.
 *
 * A fixer sees all findings of its rule in one file at once, so it can share work between them
 * (one session per user per scope, auth configs collected across calls, an import added once).
 * It attaches a dc_fix to each finding it can fix (dc_fix_new / dc_fix_add_edit from the
 * context's arena), or a fix with DC_APP_MANUAL and `why` when the code does not determine the
 * rewrite. It must never edit inside an ERROR/MISSING region (dc_range_touches_error) or the
 * bytes of a trigger call.
 *
 * Template fixes (`replace:` + `template:`) need no C code: dc_fix_template renders them. */
#ifndef DC_FIXERS_H
#define DC_FIXERS_H

#include "analyzer/engine.h"
#include "fixes/plan.h"

typedef struct dc_fix_ctx {
    dc_arena *arena;
    dc_analysis *an;      /* source, tree, bindings, profile, all findings */
    const dc_fix_opts *opts;
    dc_ruleset *rules;
    /* file-level state shared by fixers (fix_session.c's plan), released after the run */
    void *session_plan;
    /* the rest of it (fixers_p.h: the tree's node index, the legacy plan, how to free the
     * session plan), built on first use by dc_fix_state_of, released after the run. Two
     * pointers, so positional initialisers of six members (engine.c) stay complete. */
    struct dc_fix_state *state;
} dc_fix_ctx;

typedef void (*dc_fixer_fn)(dc_fix_ctx *ctx, dc_finding **findings, uint32_t n);

typedef struct dc_fixer {
    const char *name;
    dc_fixer_fn fn;
} dc_fixer;

/* NULL when no fixer has that name. */
const dc_fixer *dc_fixer_find(const char *name);

#endif
