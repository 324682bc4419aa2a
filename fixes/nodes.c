/* nodes.c: where a node sits, as the fixers ask it beyond syntax/tree.h (see fixers_p.h):
 * the scope a name is evaluated in, the block and the statement that hold a node, and node
 * identity that survives a second lookup of the same node. */
#include "fixes/fixers_p.h"
#include "syntax/tree.h"

TSNode dc_scope_of(dc_fix_ctx *ctx, TSNode n) {
    TSNode p = dc_fix_parent(ctx, n), last = n;
    while (!ts_node_is_null(p)) {
        if (dc_node_is_function(p)) return p;
        last = p;
        p = dc_fix_parent(ctx, p);
    }
    return last;
}

TSNode dc_block_of(dc_fix_ctx *ctx, TSNode scope, TSNode n) {
    TSNode p = dc_fix_parent(ctx, n);
    while (!ts_node_is_null(p)) {
        if (dc_node_is_block(p)) return p;
        if (ts_node_eq(p, scope)) break;
        p = dc_fix_parent(ctx, p);
    }
    TSNode none = {0};
    return none;
}

TSNode dc_statement_in(dc_fix_ctx *ctx, TSNode block, TSNode n) {
    TSNode cur = n, p = dc_fix_parent(ctx, n);
    while (!ts_node_is_null(p) && !ts_node_eq(p, block)) {
        cur = p;
        p = dc_fix_parent(ctx, p);
    }
    return cur;
}

TSNode dc_statement_of(dc_fix_ctx *ctx, TSNode n) {
    TSNode cur = n, p = dc_fix_parent(ctx, n);
    while (!ts_node_is_null(p) && !dc_node_is_block(p)) {
        cur = p;
        p = dc_fix_parent(ctx, p);
    }
    return ts_node_is_null(p) ? (TSNode){0} : cur;
}

bool dc_node_contains(TSNode outer, TSNode inner) {
    return ts_node_start_byte(outer) <= ts_node_start_byte(inner) && ts_node_end_byte(inner) <= ts_node_end_byte(outer);
}

bool dc_node_same(TSNode a, TSNode b) {
    return !ts_node_is_null(a) && !ts_node_is_null(b) && ts_node_start_byte(a) == ts_node_start_byte(b) &&
           ts_node_end_byte(a) == ts_node_end_byte(b) && ts_node_symbol(a) == ts_node_symbol(b);
}

TSNode dc_member_prop(TSNode m) { return dc_field(m, dc_node_is(m, "attribute") ? "attribute" : "property"); }
