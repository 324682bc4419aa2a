/* The node index (syntax/nodeindex.h) must be a drop-in for the cursor walks it replaces:
 * every walk through it is compared, node by node, with a TSTreeCursor walk over the same
 * subtree (the reference implementations below are the walks the fixers used before), on
 * hand-written sources and on every source file under tests/fixtures. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/bindings.h"
#include "syntax/nodeindex.h"
#include "check.h"

typedef DC_VEC(TSNode) node_vec;

/* ---- reference walks (cursor) ------------------------------------------------------------- */

static void ref_preorder(TSNode root, node_vec *out) {
    TSTreeCursor c = ts_tree_cursor_new(root);
    for (;;) {
        dc_vec_push(out, ts_tree_cursor_current_node(&c));
        if (ts_tree_cursor_goto_first_child(&c)) continue;
        bool done = false;
        while (!ts_tree_cursor_goto_next_sibling(&c)) {
            if (!ts_tree_cursor_goto_parent(&c)) {
                done = true;
                break;
            }
        }
        if (done) break;
    }
    ts_tree_cursor_delete(&c);
}

/* imports.c's walk before the index: parent type from a stack, field name from the cursor,
 * children skipped when the visit says so. */
typedef struct visit_rec {
    TSNode n;
    const char *parent, *field;
} visit_rec;
typedef DC_VEC(visit_rec) rec_vec;

static bool skip_calls(TSNode n) {
    const char *t = ts_node_type(n);
    return strcmp(t, "call") == 0 || strcmp(t, "call_expression") == 0 || strcmp(t, "string") == 0;
}

static void ref_visit(TSNode top, rec_vec *out) {
    TSTreeCursor c = ts_tree_cursor_new(top);
    DC_VEC(const char *) parents = {0};
    dc_vec_push(&parents, "");
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        dc_vec_push(out, ((visit_rec){n, parents.v[parents.len - 1], ts_tree_cursor_current_field_name(&c)}));
        if (!skip_calls(n) && ts_tree_cursor_goto_first_child(&c)) {
            dc_vec_push(&parents, ts_node_type(n));
            continue;
        }
        bool done = false;
        while (!ts_tree_cursor_goto_next_sibling(&c)) {
            if (!ts_tree_cursor_goto_parent(&c)) {
                done = true;
                break;
            }
            parents.len--;
        }
        if (done) break;
    }
    dc_vec_free(&parents);
    ts_tree_cursor_delete(&c);
}

/* ---- callbacks -------------------------------------------------------------------------------- */

typedef struct collect {
    node_vec v;
    uint32_t stop_after; /* 0: never stop */
} collect;

static bool collect_fn(TSNode n, void *ud) {
    collect *c = ud;
    dc_vec_push(&c->v, n);
    return !(c->stop_after && c->v.len >= c->stop_after);
}

static bool visit_fn(void *ud, TSNode n, const char *parent, const char *field) {
    dc_vec_push((rec_vec *)ud, ((visit_rec){n, parent, field}));
    return !skip_calls(n);
}

static bool same_nodes(const node_vec *a, const node_vec *b) {
    if (a->len != b->len) return false;
    for (uint32_t i = 0; i < a->len; i++)
        if (!ts_node_eq(a->v[i], b->v[i]) || memcmp(a->v[i].context, b->v[i].context, sizeof a->v[i].context) != 0)
            return false;
    return true;
}

static bool same_str(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

static const char *const kinds[] = {"identifier", "call", "call_expression", "ERROR", NULL};

static bool kind_wanted(TSNode n) {
    for (uint32_t k = 0; kinds[k]; k++)
        if (strcmp(ts_node_type(n), kinds[k]) == 0) return true;
    return false;
}

/* Every property of the index against the cursor, for one tree. Returns false on a mismatch
 * (and says where). */
static bool check_tree(const char *what, TSTree *tree, dc_arena *arena) {
    dc_node_index *ix = dc_node_index_build(tree, arena);
    node_vec all = {0};
    ref_preorder(ts_tree_root_node(tree), &all);
    bool ok = ix && ix->n == all.len;
    for (uint32_t i = 0; ok && i < all.len; i++) {
        TSNode n = dc_nix_node(ix, i);
        /* order, identity (the whole TSNode: the index rebuilds its start, row, column and alias
         * from its tables), and the kind names the walks by kind rely on */
        ok = ts_node_eq(n, all.v[i]) && memcmp(n.context, all.v[i].context, sizeof n.context) == 0 &&
             strcmp(ts_node_type(n), ts_language_symbol_name(ts_tree_language(tree), dc_nix_sym(ix, i))) == 0;
        uint32_t at = UINT32_MAX;
        ok = ok && dc_node_index_find(ix, n, &at) && at == i;
        if (!ok) fprintf(stderr, "%s: node %u differs\n", what, i);
    }
    /* parents as tree-sitter gives them; but for zero-width nodes, where tree-sitter 0.20.7's
     * ts_node_parent descends into the preceding sibling that ends where they start */
    for (uint32_t i = 0; ok && i < all.len; i++) {
        TSNode n = all.v[i];
        if (ts_node_start_byte(n) == ts_node_end_byte(n)) continue;
        TSNode want = ts_node_parent(n), got = dc_node_index_parent(ix, n);
        ok = ts_node_is_null(want) ? ts_node_is_null(got) : ts_node_eq(want, got);
        if (!ok) fprintf(stderr, "%s: parent of node %u (%s) differs\n", what, i, ts_node_type(n));
    }
    /* the root's children, all and named, as a cursor gives them */
    const TSNode *kids, *named;
    uint32_t nkids, nnamed, tk = 0, kn = 0;
    dc_node_index_top(ix, &kids, &nkids, &named, &nnamed);
    TSTreeCursor tc = ts_tree_cursor_new(ts_tree_root_node(tree));
    if (ts_tree_cursor_goto_first_child(&tc)) {
        do {
            TSNode c = ts_tree_cursor_current_node(&tc);
            ok = ok && tk < nkids && ts_node_eq(kids[tk++], c);
            if (ts_node_is_named(c)) ok = ok && kn < nnamed && ts_node_eq(named[kn++], c);
        } while (ts_tree_cursor_goto_next_sibling(&tc));
    }
    ts_tree_cursor_delete(&tc);
    ok = ok && tk == nkids && kn == nnamed;
    if (!ok) fprintf(stderr, "%s: the root's children differ\n", what);
    /* the deepest node over a point and over short ranges, at every byte (a sample when large) */
    TSNode top = ts_tree_root_node(tree);
    uint32_t len = ts_node_end_byte(top) + 2, bstep = len > 4000 ? len / 2000 : 1;
    for (uint32_t b = 0; ok && b < len; b += bstep) {
        for (uint32_t w = 0; ok && w < 4; w += 3) {
            TSNode want = ts_node_descendant_for_byte_range(top, b, b + w);
            TSNode got = dc_node_index_descendant(ix, top, b, b + w);
            ok = ts_node_eq(want, got);
            if (!ok) fprintf(stderr, "%s: descendant at %u..%u: %s, want %s\n", what, b, b + w, ts_node_type(got),
                             ts_node_type(want));
        }
    }
    /* every subtree: walk, walk by kind (with and without an early stop), visit with skips */
    uint32_t step = all.len > 3000 ? all.len / 1500 : 1; /* large fixtures: a sample of subtrees */
    for (uint32_t i = 0; ok && i < all.len; i += step) {
        TSNode root = all.v[i];
        node_vec want = {0}, want_k = {0};
        ref_preorder(root, &want);
        for (uint32_t k = 0; k < want.len; k++)
            if (kind_wanted(want.v[k])) dc_vec_push(&want_k, want.v[k]);
        collect got = {{0}, 0}, got_k = {{0}, 0}, got_stop = {{0}, 2}, got_fallback = {{0}, 0};
        dc_node_index_walk(ix, root, collect_fn, &got);
        dc_node_index_walk_kinds(ix, root, kinds, collect_fn, &got_k);
        dc_node_index_walk_kinds(ix, root, kinds, collect_fn, &got_stop);
        dc_node_index_walk_kinds(NULL, root, kinds, collect_fn, &got_fallback);
        ok = same_nodes(&got.v, &want) && same_nodes(&got_k.v, &want_k) && same_nodes(&got_fallback.v, &want_k) &&
             got_stop.v.len == (want_k.len < 2 ? want_k.len : 2);
        rec_vec rv = {0}, gv = {0};
        ref_visit(root, &rv);
        ok = ok && dc_node_index_visit(ix, root, visit_fn, &gv) && rv.len == gv.len;
        for (uint32_t k = 0; ok && k < rv.len; k++)
            ok = ts_node_eq(rv.v[k].n, gv.v[k].n) && same_str(rv.v[k].parent, gv.v[k].parent) &&
                 same_str(rv.v[k].field, gv.v[k].field);
        if (!ok) {
            fprintf(stderr, "%s: subtree at node %u (%s) differs: walk %d kinds %d fallback %d stop %d visit %u/%u\n",
                    what, i, ts_node_type(root), same_nodes(&got.v, &want), same_nodes(&got_k.v, &want_k),
                    same_nodes(&got_fallback.v, &want_k), (int)got_stop.v.len, rv.len, gv.len);
            fprintf(stderr, "  want_k %u got_k %u first %s/%s\n", want_k.len, got_k.v.len,
                    want_k.len ? ts_node_type(want_k.v[0]) : "-", got_k.v.len ? ts_node_type(got_k.v.v[0]) : "-");
            for (uint32_t k = 0; k < rv.len && k < gv.len; k++)
                fprintf(stderr, "  %s %s/%s | %s %s/%s\n", ts_node_type(rv.v[k].n), rv.v[k].parent,
                        rv.v[k].field ? rv.v[k].field : "-", ts_node_type(gv.v[k].n), gv.v[k].parent,
                        gv.v[k].field ? gv.v[k].field : "-");
        }
        dc_vec_free(&want);
        dc_vec_free(&want_k);
        dc_vec_free(&got.v);
        dc_vec_free(&got_k.v);
        dc_vec_free(&got_stop.v);
        dc_vec_free(&got_fallback.v);
        dc_vec_free(&rv);
        dc_vec_free(&gv);
    }
    dc_vec_free(&all);
    return ok;
}

static TSTree *parse(dc_lang lang, const char *text, uint32_t len) {
    TSParser *p = ts_parser_new();
    ts_parser_set_language(p, dc_lang_grammar(lang));
    TSTree *t = ts_parser_parse_string(p, NULL, text, len);
    ts_parser_delete(p);
    return t;
}

static bool check_source(const char *what, dc_lang lang, const char *text, uint32_t len) {
    dc_arena arena;
    dc_arena_init(&arena, 4096);
    TSTree *t = parse(lang, text, len);
    bool ok = check_tree(what, t, &arena);
    ts_tree_delete(t);
    dc_arena_free(&arena);
    return ok;
}

DC_TEST(matches_cursor_walks_on_handwritten_sources) {
    static const char py[] = "import os\nfrom devcaster import Devcaster as D\n\n"
                             "class A(B):\n    x: int = 1\n    def f(self, a, *b, k=2, **kw):\n"
                             "        return D(api_key=os.environ['K']).tools.get(user_id=a, toolkits=[\"x\"])\n"
                             "print(f\"{A().f(1)!r}\", 'x' 'y', lambda q: q[1:2])\n";
    static const char ts[] = "import { Devcaster } from '@devcaster/core';\nconst dc = new Devcaster({ apiKey: 'k' });\n"
                             "export class C<T> { private d = dc; async m(x: T): Promise<void> {\n"
                             "  const { a, b: [c] } = await this.d.tools.get('u', { toolkits: ['x'] }); } }\n"
                             "label: for (const k of [1, 2]) { if (k) continue label; }\n";
    static const char tsx[] = "const A = () => <div a={1}>{x.y(2)}<b/></div>;\n";
    static const char js[] = "#!/usr/bin/env node\n'use strict';\nconst { x } = require('y');\nx?.z(`t${1}`);\n";
    static const char broken_py[] = "def f(:\n    x = dc.tools.get(\nclass\n";
    static const char broken_ts[] = "const x = dc.tools.get('u', {;\nfunction (\n";
    /* rows and columns (rebuilt from the index's line table): CRLF, blank lines, multi-byte
     * characters, a token spanning lines, several nodes on a line after it */
    static const char lines_py[] = "x = 1\r\n\r\n\r\ny = '\xc3\xa9\xc3\xa9' + f('''a\nb\n''', \"\xe2\x82\xac\"); "
                                   "z = g(\n\t1, [2,\n 3])\n";
    CHECK(check_source("py", DC_LANG_PYTHON, py, sizeof py - 1));
    CHECK(check_source("lines_py", DC_LANG_PYTHON, lines_py, sizeof lines_py - 1));
    CHECK(check_source("ts", DC_LANG_TYPESCRIPT, ts, sizeof ts - 1));
    CHECK(check_source("tsx", DC_LANG_TSX, tsx, sizeof tsx - 1));
    CHECK(check_source("js", DC_LANG_JAVASCRIPT, js, sizeof js - 1));
    CHECK(check_source("broken py", DC_LANG_PYTHON, broken_py, sizeof broken_py - 1));
    CHECK(check_source("broken ts", DC_LANG_TYPESCRIPT, broken_ts, sizeof broken_ts - 1));
    CHECK(check_source("empty", DC_LANG_PYTHON, "", 0));
}

/* A node of another tree is never looked up in the index: the walk falls back to its own
 * cursor, so it still visits that tree's nodes. */
DC_TEST(foreign_tree_falls_back_to_the_cursor) {
    static const char a[] = "x = f(1)\n", b[] = "y = g(2, 3)\n";
    dc_arena arena;
    dc_arena_init(&arena, 4096);
    TSTree *ta = parse(DC_LANG_PYTHON, a, sizeof a - 1), *tb = parse(DC_LANG_PYTHON, b, sizeof b - 1);
    dc_node_index *ix = dc_node_index_build(ta, &arena);
    uint32_t at;
    CHECK(!dc_node_index_find(ix, ts_tree_root_node(tb), &at));
    node_vec want = {0};
    ref_preorder(ts_tree_root_node(tb), &want);
    collect got = {{0}, 0};
    dc_node_index_walk(ix, ts_tree_root_node(tb), collect_fn, &got);
    CHECK(same_nodes(&got.v, &want));
    rec_vec gv = {0};
    CHECK(!dc_node_index_visit(ix, ts_tree_root_node(tb), visit_fn, &gv));
    CHECK_EQ_INT(gv.len, 0);
    CHECK(dc_node_index_build(NULL, &arena) == NULL);
    dc_vec_free(&want);
    dc_vec_free(&got.v);
    dc_vec_free(&gv);
    ts_tree_delete(ta);
    ts_tree_delete(tb);
    dc_arena_free(&arena);
}

/* More than one chunk: indices past DC_NIX_CHUNK address the right nodes. */
DC_TEST(many_chunks) {
    dc_buf b = DC_BUF_INIT;
    for (int i = 0; i < 3000; i++) dc_buf_printf(&b, "v%d = f(a, b[%d])\n", i, i);
    CHECK(check_source("large", DC_LANG_PYTHON, b.p, (uint32_t)b.len));
    dc_buf_free(&b);
}

/* Below the depth cap nothing is indexed: the index says where it was cut, walks and parents of
 * the indexed nodes still agree with tree-sitter, and a node below the cap is not found (its
 * parent comes from tree-sitter). */
DC_TEST(depth_cap) {
    dc_buf b = DC_BUF_INIT;
    dc_buf_adds(&b, "x = 1\nv = ");
    for (int i = 0; i < 2000; i++) dc_buf_adds(&b, "[");
    for (int i = 0; i < 2000; i++) dc_buf_adds(&b, "]");
    dc_buf_adds(&b, "\n");
    dc_arena arena;
    dc_arena_init(&arena, 4096);
    TSTree *t = parse(DC_LANG_PYTHON, b.p, (uint32_t)b.len);
    dc_node_index *ix = dc_node_index_build(t, &arena);
    CHECK(ix->truncated);
    CHECK_EQ_INT(ix->max_depth, DC_NIX_MAX_DEPTH);
    /* a list at level 1000 is cut after its `[`: its children are not indexed */
    TSNode n = ts_tree_root_node(t);
    for (uint32_t level = 0; level < DC_NIX_MAX_DEPTH + 5; level++) {
        uint32_t at;
        CHECK(dc_node_index_find(ix, n, &at) == (level <= DC_NIX_MAX_DEPTH));
        if (level) CHECK(ts_node_eq(dc_node_index_parent(ix, n), ts_node_parent(n)));
        n = ts_node_named_child_count(n) ? ts_node_named_child(n, ts_node_named_child_count(n) - 1) : n;
    }
    CHECK(ix->truncated_at > 10 && ix->truncated_at < 11 + 2000);
    ts_tree_delete(t);
    dc_arena_free(&arena);
    dc_buf_free(&b);
}

/* The bindings keep the index of the tree they were computed from, for the fixers. */
DC_TEST(bindings_keep_the_index) {
    static const char py[] = "from devcaster import Devcaster\ndc = Devcaster()\ndc.tools.get(user_id='u')\n";
    dc_arena arena;
    dc_arena_init(&arena, 4096);
    dc_source *src = dc_source_from_bytes("t.py", DC_LANG_PYTHON, py, sizeof py - 1);
    TSTree *t = parse(DC_LANG_PYTHON, py, sizeof py - 1);
    dc_bindings *bd = dc_bindings_compute(&arena, src, t, DC_PROFILE_AUTO);
    CHECK(bd->nodes && bd->nodes->tree == t);
    CHECK(dc_bindings_is_client(bd, dc_sv_cstr("dc")));
    node_vec want = {0};
    ref_preorder(ts_tree_root_node(t), &want);
    CHECK(bd->nodes && bd->nodes->n == want.len);
    dc_vec_free(&want);
    ts_tree_delete(t);
    dc_source_free(src);
    dc_arena_free(&arena);
}

/* Every source file of the fixtures, as a broad sample of both grammars' node kinds, fields
 * and aliases. */
static void scan_dir(const char *dir, uint32_t *files, bool *ok) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            scan_dir(path, files, ok);
            continue;
        }
        dc_lang lang = dc_lang_from_path(path);
        if (!dc_lang_grammar(lang)) continue;
        dc_load_status status;
        int err;
        dc_source *src = dc_source_load(path, path, 0, &status, &err);
        if (!src) continue;
        if (!check_source(path, lang, src->data, src->len)) *ok = false;
        (*files)++;
        dc_source_free(src);
    }
    closedir(d);
}

DC_TEST(matches_cursor_walks_on_every_fixture) {
    uint32_t files = 0;
    bool ok = true;
    scan_dir("fixtures", &files, &ok);
    CHECK(ok);
    CHECK(files > 100); /* the fixtures were found (ctest runs this from tests/) */
}

DC_TEST_MAIN
