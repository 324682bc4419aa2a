/* tree.h: the questions every layer above asks of a tree-sitter node, answered once.
 *
 * Owns: node kind tests (one kind, a list of kinds, and the kind families both grammars spell
 * differently: functions, blocks, calls, member accesses, comments), field access with a
 * per-thread field-id cache, a node's text in its source, and the plain cursor walks (preorder
 * over a subtree; skipping to the next subtree). Python and TypeScript/JavaScript nodes go
 * through the same helpers: the kinds differ, the questions do not.
 *
 * Every helper is null-safe where a missing optional child is normal: a null node is of no
 * kind, has no fields and has empty text. Walks that can use a tree's node index go through
 * syntax's nodeindex (dc_node_index_walk); dc_tree_walk here is the cursor walk it falls back
 * to, for subtrees outside any indexed tree. */
#ifndef DC_TREE_H
#define DC_TREE_H

#include <stdbool.h>
#include <tree_sitter/api.h>

#include "syntax/source.h"
#include "common/base.h"

/* ---- kinds ---------------------------------------------------------------------------------- */

/* Is `n` (possibly null) of kind `kind`, as ts_node_type names it? */
bool dc_node_is(TSNode n, const char *kind);
/* Is `n` of one of the kinds of the NULL-terminated list `kinds`? */
bool dc_node_is_any(TSNode n, const char *const *kinds);
/* A function of either grammar: def, lambda, function declaration/expression, arrow function,
 * method, generator: where a name is evaluated and where `await` is allowed. */
bool dc_node_is_function(TSNode n);
/* A statement list: Python block / module, TS statement_block / program. */
bool dc_node_is_block(TSNode n);
/* A call: Python `call`, TS `call_expression`. */
bool dc_node_is_call(TSNode n);
/* `a.b`: Python `attribute`, TS `member_expression`. */
bool dc_node_is_member(TSNode n);
/* A comment node in either grammar (TS also has `html_comment`). */
bool dc_node_is_comment(TSNode n);

/* ---- fields and text ------------------------------------------------------------------------ */

/* The child of `n` in field `field`; a null node when `n` is null, the grammar has no such field,
 * or the child is absent. The name -> id lookup is cached per thread: tree-sitter (0.20.7 and 0.25) finds a
 * field id by comparing the name with every field name of the grammar in turn, and the fixers
 * ask for "function", "arguments", "object" on nearly every call node (1-2% of a run). */
TSNode dc_field(TSNode n, const char *field);
/* Source text of a node, a view into src->data; empty (never a read of nowhere) for a null node
 * and clamped to the source for a node past its end. */
dc_sv dc_node_sv(const dc_source *src, TSNode n);
/* The value of a plain string literal (Python `string` without f/b prefix, escapes or
 * interpolation; TS/JS `string` without escapes), as a view of its content in the source (empty
 * for ""); false for anything else. Names and ids are read this way: a string that needs
 * decoding is not one the code spells out plainly. */
bool dc_node_string(const dc_source *src, TSNode n, dc_sv *out);

/* ---- cursor walks ----------------------------------------------------------------------------- */

/* Moves the cursor to the next node in preorder outside the current node's subtree (its next
 * sibling, else the next sibling of the nearest ancestor that has one); false when there is
 * none, i.e. the walk from the cursor's start node is over. */
static inline bool dc_cursor_skip(TSTreeCursor *c) {
    while (!ts_tree_cursor_goto_next_sibling(c))
        if (!ts_tree_cursor_goto_parent(c)) return false;
    return true;
}

/* Calls fn on every node (named and anonymous) of the subtree at `root` in preorder, through a
 * cursor; fn returns false to stop. */
void dc_tree_walk(TSNode root, bool (*fn)(TSNode n, void *ctx), void *ctx);
/* The same walk calling fn only on nodes whose kind is in `kinds` (NULL-terminated). */
void dc_tree_walk_kinds(TSNode root, const char *const *kinds, bool (*fn)(TSNode n, void *ctx), void *ctx);

/* A preorder walk that tells each node its parent's kind and its field under that parent
 * (tree-sitter has no cheap parent lookup, 0.25 included): visit(ud, n, parent kind, field name or
 * NULL), where returning false skips n's children (it does not stop the walk). `top` itself gets
 * parent "" and field NULL. The index's dc_node_index_visit gives the same calls. */
typedef bool (*dc_node_visit_fn)(void *ud, TSNode n, const char *parent, const char *fieldname);
void dc_tree_visit(TSNode top, dc_node_visit_fn visit, void *ud);

#endif
