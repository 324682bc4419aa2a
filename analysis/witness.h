/* witness.h: narrowing a file's query run to the top-level statements that can hold a match.
 *
 * On a file that does use the SDK, most of the code usually does not (a 3,000-line module with
 * one client); running the merged query over all of it costs as much as parsing it. So each
 * pattern of the merged query gets a *witness*: text that every match of the pattern contains
 * inside the span of its root node:
 *   - the values of a positive #eq? / #any-of? on a capture the pattern always captures
 *     (tree-sitter's capture quantifier One or OneOrMore: not optional, not in one branch of an
 *     alternation), since the captured node's text equals one of them; of several such
 *     predicates, the one with the fewest values (then the longest) is taken;
 *   - else, for an entry whose receiver must be a proven client (`client: required`), the
 *     file's client names (bindings), and for a `class:` entry the file's client class names:
 *     an identifier run of the normalised name appears verbatim in any spelling of it.
 * A pattern without a witness (a user rule with only #match?, a `likely` receiver) turns the
 * narrowing off for its language: never unsound, at worst slower.
 *
 * Per file, the witnesses are searched in the source (one PCRE2 JIT scan for the literals, memmem
 * for the few binding names); the top-level statements (children of the root) that contain one,
 * merged when adjacent, are the byte ranges the query cursor runs over. A match lies inside one
 * top-level statement or is rooted at the root node itself, whose matching children are then in
 * range; nodes outside the ranges are skipped by the cursor without descending. Occurrences in
 * comments and strings only widen the ranges. --no-prefilter turns this off as well, and
 * tests/test_perf_invariants.py proves both runs report the same findings on every fixture.
 *
 * Ownership: the dc_witness of a merged query is built with it (ruleset/literals.h
 * dc_witness_build, called by ruleset/compile.c) and freed with it; read-only afterwards,
 * shared by the workers. Ranges go to the caller's arena. */
#ifndef DC_WITNESS_H
#define DC_WITNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/bindings.h"
#include "ruleset/rules.h"
#include "common/base.h"
#include "ruleset/literals.h" /* dc_witness: built with the rules */

typedef struct dc_byte_range {
    uint32_t start, end;
} dc_byte_range;

/* The byte ranges to run the query over, in order; returns false when the whole tree must be
 * matched (no narrowing possible or worthwhile). *n may be 0: nothing can match. */
bool dc_witness_ranges(const dc_witness *w, dc_arena *arena, const char *data, uint32_t len, TSNode root,
                       const dc_bindings *b, dc_profile profile, pcre2_match_data *md, dc_byte_range **out,
                       uint32_t *n);

/* The ranges with the subtrees below the depth cap taken out (syntax/nodeindex.h, the index's
 * cuts), so the query cursor never descends there: in-progress matches pile up with the depth
 * (up to the cursor's match limit, analysis/engine.c), so every node below the cap cost a scan of
 * hundreds of them, 2 MB of nested calls minutes. Cut subtrees closer together than a gap are
 * taken out with what lies between them, the gap doubling until at most DC_WITNESS_MAX_CUTS
 * spans are left: each range is a cursor run from the root. `in` sorted and disjoint; the
 * result goes to `arena`. */
struct dc_node_index;
void dc_witness_exclude_deep(const struct dc_node_index *ix, dc_arena *arena, const dc_byte_range *in, uint32_t nin,
                             dc_byte_range **out, uint32_t *nout);

#endif
