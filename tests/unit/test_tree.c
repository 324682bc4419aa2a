/* syntax/tree.h: kind tests, dc_field (and its per-thread cache), node text, cursor walks. */
#include <stdlib.h>

#include "syntax/lang.h"
#include "syntax/nodeindex.h"
#include "check.h"
#include "parsed.h"
#include "syntax/tree.h"

typedef struct kinds_seen {
    dc_buf names;
    int stop_after;
} kinds_seen;

static bool record(TSNode n, void *vctx) {
    kinds_seen *k = vctx;
    dc_buf_printf(&k->names, "%s%s", k->names.len ? " " : "", ts_node_type(n));
    return --k->stop_after != 0;
}

DC_TEST(kinds_python) {
    parsed p = parse(DC_LANG_PYTHON, "def f(x):\n    return g(x.y, lambda: 1)\n# c\n");
    TSNode root = ts_tree_root_node(p.tree);
    TSNode fn = ts_node_named_child(root, 0);
    CHECK(dc_node_is(fn, "function_definition"));
    CHECK(!dc_node_is((TSNode){0}, "function_definition")); /* null-safe */
    CHECK(dc_node_is_function(fn));
    CHECK(dc_node_is_block(root));
    TSNode body = dc_field(fn, "body");
    CHECK(dc_node_is_block(body));
    CHECK(dc_node_is_comment(ts_node_named_child(root, 1)));
    CHECK(!dc_node_is_comment((TSNode){0}));
    TSNode call = ts_node_named_child(ts_node_named_child(body, 0), 0);
    CHECK(dc_node_is_call(call));
    TSNode args = dc_field(call, "arguments");
    CHECK(dc_node_is_member(ts_node_named_child(args, 0)));
    CHECK(dc_node_is_function(ts_node_named_child(args, 1))); /* lambda */
    static const char *const any[] = {"lambda", "attribute", NULL};
    CHECK(dc_node_is_any(ts_node_named_child(args, 0), any));
    CHECK(!dc_node_is_any(call, any));
    CHECK(!dc_node_is_any((TSNode){0}, any));
    CHECK(dc_sv_eq_cstr(dc_node_sv(p.src, dc_field(fn, "name")), "f"));
    CHECK(dc_sv_eq_cstr(dc_node_sv(p.src, dc_field(call, "function")), "g"));
    /* unknown field, absent field, null node: all null, text empty */
    CHECK(ts_node_is_null(dc_field(fn, "no_such_field")));
    CHECK(ts_node_is_null(dc_field(fn, "return_type")));
    CHECK(ts_node_is_null(dc_field((TSNode){0}, "name")));
    CHECK_EQ_INT(dc_node_sv(p.src, (TSNode){0}).len, 0);
    /* a name longer than the cache's slots still works */
    CHECK(ts_node_is_null(dc_field(fn, "a_field_name_longer_than_the_cache_slot")));
    release(&p);
}

DC_TEST(kinds_typescript_and_field_cache_per_language) {
    parsed py = parse(DC_LANG_PYTHON, "f(a)\n");
    parsed ts = parse(DC_LANG_TYPESCRIPT, "// c\nconst h = async () => { o.m(1); };\n");
    TSNode root = ts_tree_root_node(ts.tree);
    CHECK(dc_node_is_block(root));
    CHECK(dc_node_is_comment(ts_node_named_child(root, 0)));
    TSNode decl = ts_node_named_child(ts_node_named_child(root, 1), 0);
    TSNode arrow = dc_field(decl, "value");
    CHECK(dc_node_is_function(arrow));
    TSNode body = dc_field(arrow, "body");
    CHECK(dc_node_is_block(body));
    TSNode call = ts_node_named_child(ts_node_named_child(body, 0), 0);
    CHECK(dc_node_is_call(call));
    CHECK(dc_node_is_member(dc_field(call, "function")));
    /* the same field name in two grammars: the cache is keyed by language too */
    TSNode pycall = ts_node_named_child(ts_node_named_child(ts_tree_root_node(py.tree), 0), 0);
    for (int i = 0; i < 3; i++) {
        CHECK(dc_sv_eq_cstr(dc_node_sv(py.src, dc_field(pycall, "arguments")), "(a)"));
        CHECK(dc_sv_eq_cstr(dc_node_sv(ts.src, dc_field(call, "arguments")), "(1)"));
    }
    release(&py);
    release(&ts);
}

DC_TEST(walks) {
    parsed p = parse(DC_LANG_PYTHON, "a = b(c)\n");
    TSNode root = ts_tree_root_node(p.tree);
    kinds_seen k = {DC_BUF_INIT, -1};
    dc_tree_walk(root, record, &k);
    CHECK_EQ_STR(k.names.p, "module expression_statement assignment identifier = call identifier argument_list ( "
                            "identifier )");
    dc_buf_reset(&k.names);
    k.stop_after = 3; /* fn returning false stops the walk */
    dc_tree_walk(root, record, &k);
    CHECK_EQ_STR(k.names.p, "module expression_statement assignment");
    dc_buf_reset(&k.names);
    k.stop_after = -1;
    static const char *const ids[] = {"identifier", "call", NULL};
    dc_tree_walk_kinds(root, ids, record, &k);
    CHECK_EQ_STR(k.names.p, "identifier call identifier identifier");
    /* a subtree walk stays inside the subtree; dc_cursor_skip ends it */
    dc_buf_reset(&k.names);
    TSNode call = dc_field(ts_node_named_child(ts_node_named_child(root, 0), 0), "right");
    dc_tree_walk(call, record, &k);
    CHECK_EQ_STR(k.names.p, "call identifier argument_list ( identifier )");
    TSTreeCursor c = ts_tree_cursor_new(call);
    CHECK(ts_tree_cursor_goto_first_child(&c));
    CHECK(dc_cursor_skip(&c));
    CHECK(dc_node_is(ts_tree_cursor_current_node(&c), "argument_list"));
    CHECK(!dc_cursor_skip(&c));
    ts_tree_cursor_delete(&c);
    dc_buf_free(&k.names);
    release(&p);
}

typedef struct visit_log {
    dc_buf b;
} visit_log;

/* Skips the children of calls, records the rest with parent kind and field. */
static bool log_visit(void *ud, TSNode n, const char *parent, const char *fieldname) {
    visit_log *l = ud;
    dc_buf_printf(&l->b, "%s<%s.%s>%u ", ts_node_type(n), parent, fieldname ? fieldname : "-", ts_node_start_byte(n));
    return !dc_node_is(n, "call");
}

DC_TEST(visit_matches_the_index) {
    parsed p = parse(DC_LANG_PYTHON, "x = f(a, b=1)\nclass C:\n    def m(self): return self.y\n");
    visit_log cur = {DC_BUF_INIT}, ix = {DC_BUF_INIT};
    dc_tree_visit(ts_tree_root_node(p.tree), log_visit, &cur);
    dc_arena a;
    dc_arena_init(&a, 0);
    dc_node_index *index = dc_node_index_build(p.tree, &a);
    CHECK(dc_node_index_visit(index, ts_tree_root_node(p.tree), log_visit, &ix));
    CHECK_EQ_STR(cur.b.p, ix.b.p);
    CHECK(strstr(cur.b.p, "module<.->0 expression_statement<module.->0 assignment<expression_statement.->0 "
                          "identifier<assignment.left>0 =<assignment.->2 call<assignment.right>4 class_definition") == cur.b.p);
    dc_buf_free(&cur.b);
    dc_buf_free(&ix.b);
    dc_arena_free(&a);
    release(&p);
}

DC_TEST_MAIN
