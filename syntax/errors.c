/* errors.c: counting and locating ERROR / MISSING nodes (see errors.h). */
#include "syntax/errors.h"

#include "syntax/lang.h"
#include "syntax/nodeindex.h"

uint32_t dc_tree_error_count(TSTree *tree) {
    if (!tree) return 0;
    /* A cursor, not recursion: 10,000 nested brackets must not exhaust the stack. */
    TSNode root = ts_tree_root_node(tree);
    if (!ts_node_has_error(root)) return 0;
    TSTreeCursor c = ts_tree_cursor_new(root);
    uint32_t count = 0;
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        if (dc_node_is_error(n) || ts_node_is_missing(n)) count++;
        if (ts_node_has_error(n) && ts_tree_cursor_goto_first_child(&c)) continue;
        if (!dc_cursor_skip(&c)) break;
    }
    ts_tree_cursor_delete(&c);
    return count;
}

uint32_t dc_tree_first_error(TSTree *tree) {
    if (!tree || !ts_node_has_error(ts_tree_root_node(tree))) return UINT32_MAX;
    TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
    uint32_t at = UINT32_MAX;
    for (;;) {
        TSNode x = ts_tree_cursor_current_node(&c);
        if (dc_node_is_error(x) || ts_node_is_missing(x)) {
            at = ts_node_start_byte(x);
            break;
        }
        if (ts_node_has_error(x) && ts_tree_cursor_goto_first_child(&c)) continue;
        if (!dc_cursor_skip(&c)) break;
    }
    ts_tree_cursor_delete(&c);
    return at;
}

bool dc_range_touches_error(TSTree *tree, uint32_t start, uint32_t end) {
    if (!tree) return false;
    TSNode root = ts_tree_root_node(tree);
    if (!ts_node_has_error(root)) return false;
    TSTreeCursor c = ts_tree_cursor_new(root);
    bool hit = false;
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
        /* An insertion at the edge of an error region counts as touching it. */
        bool overlaps = start < e + (start == end ? 1 : 0) && s < end + (start == end ? 1 : 0);
        if (overlaps && (dc_node_is_error(n) || ts_node_is_missing(n))) {
            hit = true;
            break;
        }
        if (overlaps && ts_node_has_error(n) && ts_tree_cursor_goto_first_child(&c)) continue;
        if (!dc_cursor_skip(&c)) break;
    }
    ts_tree_cursor_delete(&c);
    return hit;
}
