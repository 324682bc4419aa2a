/* engine.h: analysing one file: parse, compute SDK binding facts, run the merged rule query
 * in one cursor pass, evaluate predicates and client constraints, render messages, apply the
 * file's suppressions and the configured severities. It plans no fixes: the fixes layer does
 * that on the finished analysis (fixes/plan.h), so analysis never calls up into it.
 *
 * A dc_worker owns everything that must not be shared between threads: the TSParser, the
 * query cursor, PCRE2 match data and JIT stack, and the per-file arena. Compiled rules are
 * shared read-only (dc_ruleset_query is thread-safe).
 *
 * Ownership: dc_analyze fills a dc_analysis whose findings, bindings and rendered text live in
 * the worker's arena and whose tree belongs to the analysis. dc_analysis_release frees the
 * tree and findings and resets the arena: call it before analysing the next file. The source
 * is borrowed and must outlive the analysis. */
#ifndef DC_ENGINE_H
#define DC_ENGINE_H

#include <tree_sitter/api.h>

#include "analysis/analysis.h"
#include "project/facts.h"
#include "ruleset/rules.h"

typedef struct dc_analyze_opts {
    dc_profile profile;              /* --sdk; AUTO decides per file */
    const bool *rule_enabled;        /* by rule index; NULL: every rule of the set (config select/ignore) */
    const int8_t *severity;          /* by rule index, -1 keeps the rule's; NULL: none (config severity) */
    bool whole_tree;                 /* --no-prefilter: match the whole tree, no witness ranges (witness.h) */
    const dc_facts_view *project;    /* the project's facts (project/facts.h); NULL: file-scoped facts */
    dc_facts *collect;               /* while the facts are gathered: the file's exported facts go here
                                      * (dc_facts_put, file project->file), from its first analysis */
    bool exports;                    /* the file's exported facts into dc_analysis.exports (--fix: what the
                                      * fixed text exports, cli/project.c) */
} dc_analyze_opts;

dc_worker *dc_worker_new(void);
void dc_worker_free(dc_worker *w);
dc_arena *dc_worker_arena(dc_worker *w);
/* The worker's PCRE2 match data (PCRE2 state is per thread), e.g. for the prefilter. */
pcre2_match_data *dc_worker_match_data(dc_worker *w);
/* A parser for `lang`, owned by the worker (for the fix verifier's re-parse). */
TSParser *dc_worker_parser(dc_worker *w, dc_lang lang);

void dc_analyze(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts, dc_analysis *out);
/* dc_analyze on a tree already parsed from `src` with dc_parse (the fix loop's verification
 * parse is the next pass's tree); takes ownership of `tree` (NULL: parse here). */
void dc_analyze_parsed(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts, TSTree *tree,
                       dc_analysis *out);
/* Parses `src` as dc_analyze does (a BOM left out by included ranges); the caller owns the tree
 * and deletes it with dc_worker_tree_delete. NULL for a language without a grammar. A parse
 * cancelled by the run being stopped or by the file's memory budget escapes to the thread's
 * recovery point (common/recover.h). */
TSTree *dc_parse(dc_worker *w, const dc_source *src);
void dc_worker_tree_delete(dc_worker *w, TSTree *t);
/* After an escape from a file's work (common/recover.h): the trees it left are deleted and the
 * arena reset; `unsafe` (a crash, or an escape from inside tree-sitter): the parser, cursor
 * and arena are replaced by new ones instead, the old ones leaked. */
void dc_worker_recover(dc_worker *w, bool unsafe);
void dc_analysis_release(dc_analysis *a);

#endif
