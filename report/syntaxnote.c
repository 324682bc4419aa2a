/* syntaxnote.c: locating and printing the syntax-error note (see syntaxnote.h). */
#include "report/syntaxnote.h"

#include "syntax/lang.h"
#include "common/diag.h"
#include "syntax/tree.h"

dc_syntax_note dc_syntax_note_of(const dc_analysis *an) {
    dc_syntax_note n = {false, 0, 0, 0};
    if (!an->tree || !an->has_syntax_errors) return n;
    /* The first error in document order, descending only into subtrees that hold one (a cursor:
     * 10,000 nested brackets must not exhaust the stack). */
    TSNode root = ts_tree_root_node(an->tree);
    TSTreeCursor c = ts_tree_cursor_new(root);
    TSNode first = root;
    for (;;) {
        TSNode x = ts_tree_cursor_current_node(&c);
        if (dc_node_is_error(x) || ts_node_is_missing(x)) {
            first = x;
            break;
        }
        if (ts_node_has_error(x) && ts_tree_cursor_goto_first_child(&c)) continue;
        if (!dc_cursor_skip(&c)) break;
    }
    ts_tree_cursor_delete(&c);
    dc_pos p = dc_source_pos(an->src, ts_node_start_byte(first));
    return (dc_syntax_note){true, p.line, p.column, an->error_nodes};
}

void dc_syntax_note_print(const char *path, const dc_syntax_note *n) {
    if (!n->due) return;
    dc_diag(DC_DIAG_NOTE, path, n->line, n->col,
            "syntax error (%u error node%s); the file is analysed, but no fix is made inside the broken region", n->nodes,
            n->nodes == 1 ? "" : "s");
}
