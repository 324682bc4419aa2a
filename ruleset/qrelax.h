/* qrelax.h: rewriting a tree-sitter query so that ts_query_new compiles it cheaply, with the node
 * kinds it drops checked by the engine instead.
 *
 * Why: in tree-sitter (0.20.7, and 0.25: bench/README.md), ts_query_new analyses every pattern
 * step that has children against the grammar's parse table (which parse states can the node start in, can its children follow
 * there). For an expression kind (call, attribute, member_expression, arguments) that walk costs
 * 1-3 ms per step, so the merged queries cost 0.1-0.25 s of CPU per language, on every run, more
 * than scanning a typical repository. A wildcard parent `(_ field: ...)` is not analysed. So every
 * *nested* step that has children, `(T ...)` below a pattern's root, is compiled as `(_ ...)` with
 * a capture `@__kind_T`; the engine drops a match in which a node captured as `@__kind_T` is not
 * of kind T (dc_cquery.capture_kind). The matches that remain are exactly those of the original
 * query: the relaxed pattern accepts a superset of node assignments (the fields, children,
 * anchors and leaf kinds are all still there), and the check removes the ones the dropped kinds
 * would have refused. Measured on the built-in rules: 0.67 s -> 0.18 s of CPU for the four
 * languages.
 *
 * Not relaxed (kept as written): the root of a pattern (the cursor dispatches on it, and a
 * wildcard root would start a match attempt at every node), a step with a quantifier (several
 * nodes per capture in a repetition is where tree-sitter's duplicate-match pruning lives), a step
 * that already has three captures (tree-sitter's limit per step), kinds that are not plain named
 * node kinds of the grammar (supertypes, ERROR, anonymous "tokens"), and anything in a text the
 * reader does not understand: then the text comes back unchanged and compiles (or fails to) as
 * written. Users' rule files are still compiled once as written when loaded (rules.c), so a
 * pattern that cannot match anything is reported there; the relaxation only changes how the
 * merged query is built.
 *
 * Testing knob: DCMIGRATE_EXACT_QUERIES=1 in the environment compiles queries as written
 * (tests/test_perf_invariants.py and the fuzz_analyze target compare both). */
#ifndef DC_QRELAX_H
#define DC_QRELAX_H

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "common/base.h"

/* The prefix of the captures the relaxation adds; the rest of the name is the node kind. */
#define DC_KIND_CAPTURE_PREFIX "__kind_"

/* Appends `text` (len bytes) to `out`, relaxed for grammar `g`. Returns the number of steps
 * relaxed (0: `text` was appended unchanged). */
uint32_t dc_query_relax(const TSLanguage *g, const char *text, size_t len, dc_buf *out);

/* True unless DCMIGRATE_EXACT_QUERIES is set to a non-empty value other than "0". */
bool dc_query_relax_enabled(void);

#endif
