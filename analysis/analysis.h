/* analysis.h: the analysis of one file (dc_analysis), what the engine (analysis/engine.h)
 * produces and every later stage reads: suppressions (analysis/suppress.h) edit its findings,
 * the fixes layer (fixes/plan.h) gives them fixes, the fix loop applies them, the report copies
 * them out.
 *
 * Ownership: the findings, bindings and rendered text live in the arena of the worker that
 * analysed the file; the tree belongs to the analysis; the source is borrowed and must outlive
 * it. dc_analysis_release (engine.h) frees the tree and findings and resets the worker's arena.
 * It is its own header, not part of engine.h, so that the stages after matching can read an
 * analysis without including the engine that makes it (engine.c calls suppress.c). */
#ifndef DC_ANALYSIS_H
#define DC_ANALYSIS_H

#include <stdbool.h>
#include <stdint.h>

#include <tree_sitter/api.h>

#include "analysis/bindings.h"
#include "analysis/finding.h"
#include "project/facts.h"
#include "ruleset/profile.h"
#include "syntax/source.h"

typedef struct dc_worker dc_worker;

typedef struct dc_analysis {
    dc_source *src;
    TSTree *tree;          /* NULL for dotenv */
    dc_bindings *bindings; /* NULL for dotenv */
    dc_profile profile;
    dc_finding_list findings; /* sorted by range start, then rule id */
    bool has_syntax_errors;
    uint32_t error_nodes;  /* count of ERROR/MISSING nodes, for the fix verifier */
    uint32_t migrated;     /* matches of `progress: true` rules: sites already on sessions */
    bool project_pending;  /* a receiver or class was imported from a project module whose facts were
                            * not known yet (dc_facts_view.pending): the result is not final */
    dc_worker *worker;     /* whose arena holds the findings (dc_worker_arena) */
    bool tree_dropped;     /* the fix loop deleted `tree` to parse a pass's text in its place (apply.c);
                            * `first_error` keeps where the first syntax error was */
    uint32_t first_error;
    const struct dc_facts_view *project; /* the project's facts it was analysed with (NULL: none); the
                                          * fixers read other files' facts through it (issue 16 item 8) */
    dc_file_facts exports; /* dc_analyze_opts.exports: the file's own exported facts (its arena too) */
} dc_analysis;

#endif
