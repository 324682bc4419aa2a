/* dcaf_iter.c: dcaf-session-iteration: a DCAF Session has no __iter__ (session.py:428-450), so
 * `for k in session` / list(session) raise KeyError: 0; items() is a live iterator (session.py:355),
 * so changing the session's size while iterating it raises RuntimeError. */
#include <string.h>

#include "analysis/dcaf_p.h"

static const char *const iter_builtins[] = {"list", "tuple", "set", "frozenset", "sorted", "enumerate", "iter", "reversed",
                                            "any", "all", "min", "max", "sum", NULL};

static bool same_text(dcaf_ctx *c, TSNode a, TSNode b) { return dc_sv_eq(dcaf_text(c, a), dcaf_text(c, b)); }

/* Is `st` directly followed in its block by break / return / raise? */
static bool then_leaves(TSNode st) {
    TSNode n = dcaf_next_named(st);
    while (dc_node_is(n, "comment")) n = dcaf_next_named(n);
    return dc_node_is(n, "break_statement") || dc_node_is(n, "return_statement") || dc_node_is(n, "raise_statement");
}

typedef struct size_scan {
    dcaf_ctx *c;
    TSNode s;      /* the session expression */
    dc_sv key;     /* the loop's first target name (empty when none) */
    bool changes;
    DC_VEC(TSNode) stmts; /* statements (children of a block) around the current node, outermost first */
} size_scan;

static bool key_is_loop_key(size_scan *z, TSNode k) { return z->key.len && dc_sv_eq(dcaf_text(z->c, k), z->key); }

static bool changes_size(size_scan *z, TSNode n) {
    dcaf_ctx *c = z->c;
    if (dc_node_is(n, "call")) {
        TSNode fn = dc_field(n, "function");
        if (!dc_node_is(fn, "attribute") || !same_text(c, dc_field(fn, "object"), z->s)) return false;
        dc_sv m = dcaf_text(c, dc_field(fn, "attribute"));
        TSNode args = dc_field(n, "arguments"), a0 = dcaf_kid(args, 0);
        if (dc_sv_eq_cstr(m, "delete") || dc_sv_eq_cstr(m, "clear")) return true;
        if (dc_sv_eq_cstr(m, "set")) return !key_is_loop_key(z, a0);
        if (dc_sv_eq_cstr(m, "update")) {
            if (!dc_node_is(a0, "dictionary")) return true;
            for (uint32_t i = 0; i < dcaf_nkids(a0); i++) {
                TSNode pr = dcaf_kid(a0, i);
                if (!dc_node_is(pr, "pair") || !key_is_loop_key(z, dc_field(pr, "key"))) return true;
            }
        }
        return false;
    }
    if (dc_node_is(n, "assignment")) {
        TSNode l = dc_field(n, "left");
        return dc_node_is(l, "subscript") && same_text(c, dc_field(l, "value"), z->s) &&
               !key_is_loop_key(z, dc_field(l, "subscript"));
    }
    if (dc_node_is(n, "delete_statement")) {
        TSNode t = dcaf_kid(n, 0);
        return dc_node_is(t, "subscript") && same_text(c, dc_field(t, "value"), z->s);
    }
    return false;
}

static bool scan_size(void *vctx, TSNode n, const char *parent, const char *field) {
    size_scan *z = vctx;
    if (z->changes) return false;
    while (z->stmts.len && !dcaf_contains(z->stmts.v[z->stmts.len - 1], n)) z->stmts.len--;
    if (!strcmp(parent, "block")) dc_vec_push(&z->stmts, n);
    if (dcaf_is_named(n) && changes_size(z, n)) {
        TSNode st = z->stmts.len ? z->stmts.v[z->stmts.len - 1] : n;
        if (!then_leaves(st)) z->changes = true;
        return false;
    }
    return true;
}

static bool body_changes_size(dcaf_ctx *c, TSNode loop, TSNode s) {
    TSNode left = dc_field(loop, "left"), k = left;
    if (dc_node_is(left, "pattern_list") || dc_node_is(left, "tuple_pattern")) k = dcaf_kid(left, 0);
    size_scan z = {c, s, dc_node_is(k, "identifier") ? dcaf_text(c, k) : (dc_sv){0}, false, {0}};
    dcaf_walk_body(dc_field(loop, "body"), scan_size, &z);
    dc_vec_free(&z.stmts);
    return z.changes;
}

static void report(dcaf_ctx *c, const dc_rule *r, TSNode it, const char *what, const char *before, const char *after) {
    const char *kv[] = {"value", dcaf_cstr(c, it), "what", what, NULL};
    dc_finding *f = dcaf_report(c, r, it, kv);
    dc_dcaf_plan *p = dcaf_plan_new(c, f, DC_APP_SAFE, NULL);
    p->title = after[0] == ')' ? "iterate over a copy" : "iterate over the session's keys or items";
    if (before[0]) dcaf_plan_edit(c, p, ts_node_start_byte(it), ts_node_start_byte(it), before);
    dcaf_plan_edit(c, p, dcaf_end(it), dcaf_end(it), after);
}

/* (a) the session itself iterated; `loop` is the for statement / clause when there is one. */
static void iterated_session(dcaf_ctx *c, const dc_rule *r, TSNode s, TSNode loop) {
    TSNode left = ts_node_is_null(loop) ? loop : dc_field(loop, "left");
    bool pair = (dc_node_is(left, "pattern_list") || dc_node_is(left, "tuple_pattern")) &&
                dcaf_nkids(left) == 2;
    const char *what = "a DCAF Session has no __iter__: iterating it raises KeyError: 0";
    if (!pair) {
        report(c, r, s, what, "", ".keys()");
        return;
    }
    bool copy = dc_node_is(loop, "for_statement") && body_changes_size(c, loop, s);
    report(c, r, s, what, copy ? "list(" : "", copy ? ".items())" : ".items()");
}

static void check_loop(dcaf_ctx *c, const dc_rule *r, TSNode loop) {
    TSNode right = dc_field(loop, "right");
    if (dcaf_value_kind(c, right) & V_SESSION) {
        iterated_session(c, r, right, loop);
        return;
    }
    /* (b) for ... in S.items(): with a size change in the body */
    TSNode fn = dc_field(right, "function");
    if (!dc_node_is(loop, "for_statement") || !dc_node_is(right, "call") || !dc_node_is(fn, "attribute") ||
        !dc_sv_eq_cstr(dcaf_text(c, dc_field(fn, "attribute")), "items"))
        return;
    TSNode s = dc_field(fn, "object");
    if (!(dcaf_value_kind(c, s) & V_SESSION) || !body_changes_size(c, loop, s)) return;
    report(c, r, right, "items() is a live view of the session: changing its size in the loop raises RuntimeError",
           "list(", ")");
}

static void check_call(dcaf_ctx *c, const dc_rule *r, TSNode call) {
    TSNode fn = dc_field(call, "function"), args = dc_field(call, "arguments");
    if (!dc_node_is(args, "argument_list")) return;
    dc_sv name = dc_node_is(fn, "identifier") ? dcaf_text(c, fn) : (dc_sv){0};
    bool single = false, any = dc_sv_eq_cstr(name, "zip");
    for (int i = 0; iter_builtins[i]; i++) single |= dc_sv_eq_cstr(name, iter_builtins[i]);
    if (dc_node_is(fn, "attribute") && dc_sv_eq_cstr(dcaf_text(c, dc_field(fn, "attribute")), "join")) single = true;
    uint32_t n = dcaf_nkids(args);
    for (uint32_t i = 0; i < n; i++) {
        TSNode a = dcaf_kid(args, i);
        if ((any || (single && i == 0)) && (dcaf_value_kind(c, a) & V_SESSION))
            report(c, r, a, "a DCAF Session has no __iter__: iterating it raises KeyError: 0", "", ".keys()");
    }
}

static bool visit(TSNode n, void *vctx) {
    void **ud = vctx;
    dcaf_ctx *c = ud[0];
    const dc_rule *r = ud[1];
    if (dc_node_is(n, "for_statement") || dc_node_is(n, "for_in_clause")) check_loop(c, r, n);
    else if (dc_node_is(n, "call")) check_call(c, r, n);
    else if (dc_node_is(n, "list_splat") && (dcaf_value_kind(c, dcaf_kid(n, 0)) & V_SESSION))
        report(c, r, dcaf_kid(n, 0), "a DCAF Session has no __iter__: unpacking it raises KeyError: 0", "",
               ".keys()");
    return true;
}

void dcaf_rule_session_iteration(dcaf_ctx *c, const dc_rule *r) {
    static const char *const kinds[] = {"for_statement", "for_in_clause", "call", "list_splat", NULL};
    const void *ud[2] = {c, r};
    dc_tree_walk_kinds(c->root, kinds, visit, (void *)ud);
}
