/* errors.h: the ERROR and MISSING nodes tree-sitter leaves in a tree that does not parse.
 *
 * The engine counts them (dc_analysis.error_nodes), the fix loop compares the counts before and
 * after a pass (a pass that adds one is rejected), and the fixes layer never edits a range that
 * touches one. Both walks are cursor loops, not recursion (10,000 nested brackets must not
 * exhaust the stack), and descend only into subtrees that hold an error. */
#ifndef DC_SYNTAX_ERRORS_H
#define DC_SYNTAX_ERRORS_H

#include <stdbool.h>
#include <stdint.h>

#include <tree_sitter/api.h>

/* Counts ERROR and MISSING nodes of a tree (0 for NULL). */
uint32_t dc_tree_error_count(TSTree *tree);
/* The start byte of the first ERROR or MISSING node in document order (the syntax-error note's
 * place); UINT32_MAX when there is none. */
uint32_t dc_tree_first_error(TSTree *tree);
/* True when [start,end) overlaps an ERROR or MISSING node: edits never go there. An insertion
 * (start == end) at the edge of an error region counts as touching it. */
bool dc_range_touches_error(TSTree *tree, uint32_t start, uint32_t end);

#endif
