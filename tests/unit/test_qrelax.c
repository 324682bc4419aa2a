/* The query relaxation (ruleset/qrelax.h): the exact text it produces for each kind of step it
 * relaxes or must leave alone, that every relaxed text still compiles, and that the relaxed query
 * plus the engine's kind check (engine.c kinds_hold, re-done here by capture name) finds the same
 * matches as the query as written, on sources where the relaxed query alone finds more. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "syntax/lang.h"
#include "ruleset/qrelax.h"
#include "ruleset/rules.h"
#include "check.h"

/* dc_query_relax of `q` for `lang`, as a malloc'd string; *n: its return value. */
static char *relax(dc_lang lang, const char *q, uint32_t *n) {
    dc_buf b = DC_BUF_INIT;
    *n = dc_query_relax(dc_lang_grammar(lang), q, strlen(q), &b);
    char *s = dc_xstrdup(dc_buf_cstr(&b));
    dc_buf_free(&b);
    return s;
}

static TSQuery *compile(dc_lang lang, const char *q) {
    uint32_t off;
    TSQueryError err;
    TSQuery *tq = ts_query_new(dc_lang_grammar(lang), q, (uint32_t)strlen(q), &off, &err);
    if (!tq) fprintf(stderr, "  ts_query_new error %d at offset %u of: %s\n", (int)err, off, q);
    return tq;
}

static bool compiles(dc_lang lang, const char *q) {
    TSQuery *tq = compile(lang, q);
    if (tq) ts_query_delete(tq);
    return tq != NULL;
}

/* Relaxing `q` gives `want` with `steps` steps relaxed, and `want` compiles. */
#define CHECK_RELAX(lang, q, want, steps)                                                          \
    do {                                                                                           \
        uint32_t n_;                                                                               \
        char *got_ = relax(lang, q, &n_);                                                          \
        CHECK_EQ_STR(got_, want);                                                                  \
        CHECK_EQ_INT(n_, steps);                                                                   \
        CHECK(compiles(lang, got_));                                                               \
        free(got_);                                                                                \
    } while (0)

/* Left exactly as written (return 0). Whether it compiles is not the relaxation's business. */
#define CHECK_KEPT(lang, q)                                                                        \
    do {                                                                                           \
        uint32_t n_;                                                                               \
        char *got_ = relax(lang, q, &n_);                                                          \
        CHECK_EQ_STR(got_, q);                                                                     \
        CHECK_EQ_INT(n_, 0);                                                                       \
        free(got_);                                                                                \
    } while (0)

/* How many captures the first match of `q` over `code` has (-1: no match). */
static int first_match_captures(dc_lang lang, const char *q, const char *code) {
    TSQuery *tq = compile(lang, q);
    if (!tq) return -1;
    TSParser *p = ts_parser_new();
    ts_parser_set_language(p, dc_lang_grammar(lang));
    TSTree *t = ts_parser_parse_string(p, NULL, code, (uint32_t)strlen(code));
    TSQueryCursor *qc = ts_query_cursor_new();
    ts_query_cursor_exec(qc, tq, ts_tree_root_node(t));
    TSQueryMatch m;
    int n = ts_query_cursor_next_match(qc, &m) ? m.capture_count : -1;
    ts_query_cursor_delete(qc);
    ts_tree_delete(t);
    ts_parser_delete(p);
    ts_query_delete(tq);
    return n;
}

#define PY DC_LANG_PYTHON
#define TS DC_LANG_TYPESCRIPT

DC_TEST(fielded_nested_parent_is_relaxed) {
    CHECK_RELAX(PY, "((call function: (attribute object: (_) @o attribute: (identifier) @m)) @c)",
                "((call function: (_ object: (_) @o attribute: (identifier) @m) @__kind_attribute) @c)", 1);
    /* the added capture goes right after the step's ')', before its own captures */
    CHECK_RELAX(PY, "(call function: (attribute object: (_) @o) @f)",
                "(call function: (_ object: (_) @o) @__kind_attribute @f)", 1);
    /* blanks inside the step are copied; the kind may follow blanks */
    CHECK_RELAX(PY, "(call\n  function: ( attribute\n    object: (identifier) @o))",
                "(call\n  function: ( _\n    object: (identifier) @o) @__kind_attribute)", 1);
    /* every level below the root: the inner attribute too (it is in `object:`) */
    CHECK_RELAX(PY, "(call function: (attribute object: (attribute attribute: (identifier) @a)))",
                "(call function: (_ object: (_ attribute: (identifier) @a) @__kind_attribute) @__kind_attribute)", 2);
    /* a bare `_` child counts as a child */
    CHECK_RELAX(PY, "(call arguments: (argument_list _ @x))", "(call arguments: (_ _ @x) @__kind_argument_list)", 1);
    /* a negated field alone is not a child: nothing for the step to be analysed against */
    CHECK_KEPT(PY, "(call function: (attribute !object))");
    /* the TypeScript spelling of the same call */
    CHECK_RELAX(TS,
                "((call_expression function: (member_expression object: (_) @recv property: (property_identifier) @m)) "
                "@match)",
                "((call_expression function: (_ object: (_) @recv property: (property_identifier) @m) "
                "@__kind_member_expression) @match)",
                1);
    CHECK_RELAX(DC_LANG_TSX, "(call_expression function: (member_expression object: (identifier) @o))",
                "(call_expression function: (_ object: (identifier) @o) @__kind_member_expression)", 1);
    CHECK_RELAX(DC_LANG_JAVASCRIPT, "(call_expression function: (member_expression object: (identifier) @o))",
                "(call_expression function: (_ object: (identifier) @o) @__kind_member_expression)", 1);
}

DC_TEST(root_leaf_and_positional_steps_are_kept) {
    CHECK_KEPT(PY, "(attribute object: (identifier) @o attribute: (identifier) @m)");
    CHECK_KEPT(PY, "((attribute object: (identifier) @o) @a)"); /* a root inside a group */
    CHECK_KEPT(PY, "[(call function: (identifier)) (attribute object: (identifier))] @x");
    CHECK_KEPT(PY, "(call function: (identifier) @f arguments: (argument_list))"); /* leaves */
    CHECK_KEPT(PY, "(call (attribute object: (_) @o))");                          /* positional */
    /* a field names only the next step */
    CHECK_KEPT(PY, "(call function: (identifier) (argument_list (string) @s))");
    /* a group in a field: kept (conservative) */
    CHECK_KEPT(PY, "(call function: ((attribute object: (_) @o)))");
    /* several patterns: only the nested one changes */
    CHECK_RELAX(PY, "(call function: (identifier)) @a\n(call function: (attribute object: (_))) @b\n",
                "(call function: (identifier)) @a\n(call function: (_ object: (_)) @__kind_attribute) @b\n", 1);
}

DC_TEST(fielded_alternation_members_are_relaxed) {
    CHECK_RELAX(PY, "(call function: [(attribute object: (_) @o) (subscript value: (_) @v)]) @c",
                "(call function: [(_ object: (_) @o) @__kind_attribute (_ value: (_) @v) @__kind_subscript]) @c", 2);
    CHECK_RELAX(PY, "(call function: [ (identifier) @i (attribute attribute: (identifier) @m) ])",
                "(call function: [ (identifier) @i (_ attribute: (identifier) @m) @__kind_attribute ])", 1);
    /* an unfielded alternation's members are positional */
    CHECK_KEPT(PY, "(call [(attribute object: (_) @o) (subscript value: (_) @v)])");
}

DC_TEST(quantified_and_fully_captured_steps_are_kept) {
    CHECK_KEPT(PY, "(call function: (attribute object: (_) @o)?)");
    CHECK_KEPT(PY, "(call arguments: (argument_list (keyword_argument name: (identifier) @k)*)*)");
    /* the quantified step is kept, its unquantified sibling relaxed */
    CHECK_RELAX(PY, "(call function: (attribute object: (_) @o)? arguments: (argument_list (identifier) @a))",
                "(call function: (attribute object: (_) @o)? arguments: (_ (identifier) @a) @__kind_argument_list)",
                1);
    /* tree-sitter allows three captures per step: two leave room for the kind's */
    CHECK_RELAX(PY, "(call function: (attribute object: (_) @o) @a @b)",
                "(call function: (_ object: (_) @o) @__kind_attribute @a @b)", 1);
    CHECK_KEPT(PY, "(call function: (attribute object: (_) @o) @a @b @d)");
    /* why: tree-sitter compiles a fourth capture on a step and silently drops it (0.20.7 and 0.25:
     * MAX_STEP_CAPTURE_COUNT is 3) */
    CHECK_EQ_INT(first_match_captures(PY, "(call function: (_ object: (_) @o) @__kind_attribute @a @b @d)", "f.g()"), 4);
    CHECK_EQ_INT(first_match_captures(PY, "(call function: (_ object: (_) @o) @__kind_attribute @a @b)", "f.g()"), 4);
}

DC_TEST(supertypes_error_and_unknown_kinds_are_kept) {
    CHECK_KEPT(PY, "(assignment right: (expression (identifier) @x))");
    CHECK_KEPT(PY, "(call function: (primary_expression (identifier) @x))");
    CHECK_KEPT(PY, "(call function: (ERROR (identifier) @x))");
    CHECK_KEPT(PY, "(call function: (_ object: (_) @o))");
    CHECK_KEPT(PY, "(call function: (member_expression object: (_) @o))"); /* not a Python kind */
}

DC_TEST(predicates_strings_and_comments_are_copied) {
    CHECK_RELAX(PY,
                "((call function: (attribute object: (_) @o attribute: (identifier) @m)) @c\n"
                " (#eq? @m \"a(b\") (#match? @o \"^x\\\"(y)[)]\\\\$\") (#not-eq? @o \"(attribute x: (y))\"))",
                "((call function: (_ object: (_) @o attribute: (identifier) @m) @__kind_attribute) @c\n"
                " (#eq? @m \"a(b\") (#match? @o \"^x\\\"(y)[)]\\\\$\") (#not-eq? @o \"(attribute x: (y))\"))",
                1);
    /* a predicate inside the relaxed step */
    CHECK_RELAX(PY, "(call function: (attribute attribute: (identifier) @m (#eq? @m \")\")))",
                "(call function: (_ attribute: (identifier) @m (#eq? @m \")\")) @__kind_attribute)", 1);
    /* comments, parentheses and quotes in them included */
    CHECK_RELAX(PY,
                "; (call function: (attribute \"\n"
                "((call ; why: (\n"
                "  function: (attribute ; ) ]\n"
                "    object: (_) @o)) @c)\n",
                "; (call function: (attribute \"\n"
                "((call ; why: (\n"
                "  function: (_ ; ) ]\n"
                "    object: (_) @o) @__kind_attribute) @c)\n",
                1);
    /* a comment between a predicate's arguments: its ')' and '"' are not syntax (a reader that took
     * the '"' for a string's start rewrote `(attribute` inside the real string below) */
    CHECK_RELAX(PY, "((call function: (attribute attribute: (identifier) @m)) @c (#eq? @m ; a ) or a \"\n \"x\"))",
                "((call function: (_ attribute: (identifier) @m) @__kind_attribute) @c (#eq? @m ; a ) or a \"\n \"x\"))",
                1);
    CHECK_KEPT(PY, "((call function: (identifier) @m) (#eq? @m ; \"\n \")(call function: (attribute object: (_)))(#eq? @m \"\n ; \"\n ))");
    /* an anonymous node in a string, with a parenthesis */
    CHECK_RELAX(PY, "(call function: (attribute object: (_) @o) arguments: (argument_list \"(\" (string) @s))",
                "(call function: (_ object: (_) @o) @__kind_attribute arguments: (_ \"(\" (string) @s) "
                "@__kind_argument_list)",
                2);
}

DC_TEST(malformed_text_comes_back_unchanged) {
    CHECK_KEPT(PY, "(call function: (attribute object: (_) @o)");            /* unclosed */
    CHECK_KEPT(PY, "(call function: (attribute object: (_) @o)))");          /* one ) too many */
    CHECK_KEPT(PY, "(call function: (attribute object: (_) @o (#eq? @o \"x)))"); /* unterminated string */
    CHECK_KEPT(PY, "(call function: (attribute object: (_) @o]))");
    CHECK_KEPT(PY, "(call function: (attribute object: (_) @o (#eq? @o \"x\"");
    CHECK_KEPT(PY, "(call function: (attribute object: {_} @o))");
    CHECK_KEPT(PY, "(");
    CHECK_KEPT(PY, "");
    /* no grammar: nothing to check kinds against */
    uint32_t n;
    dc_buf b = DC_BUF_INIT;
    dc_buf_adds(&b, "kept:");
    const char *q = "(call function: (attribute object: (_)))";
    n = dc_query_relax(NULL, q, strlen(q), &b);
    CHECK_EQ_INT(n, 0);
    CHECK_EQ_STR(dc_buf_cstr(&b), "kept:(call function: (attribute object: (_)))");
    /* appends after what the buffer holds, also when it relaxes */
    n = dc_query_relax(dc_lang_grammar(PY), q, strlen(q), &b);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_STR(dc_buf_cstr(&b), "kept:(call function: (attribute object: (_)))(call function: (_ object: (_)) "
                                  "@__kind_attribute)");
    dc_buf_free(&b);
}

DC_TEST(the_knob) {
    const char *old = getenv("DCMIGRATE_EXACT_QUERIES");
    char *saved = old ? dc_xstrdup(old) : NULL;
    unsetenv("DCMIGRATE_EXACT_QUERIES");
    CHECK(dc_query_relax_enabled());
    setenv("DCMIGRATE_EXACT_QUERIES", "", 1);
    CHECK(dc_query_relax_enabled());
    setenv("DCMIGRATE_EXACT_QUERIES", "0", 1);
    CHECK(dc_query_relax_enabled());
    setenv("DCMIGRATE_EXACT_QUERIES", "1", 1);
    CHECK(!dc_query_relax_enabled());
    if (saved) {
        setenv("DCMIGRATE_EXACT_QUERIES", saved, 1);
        free(saved);
    } else {
        unsetenv("DCMIGRATE_EXACT_QUERIES");
    }
}

/* ---- same matches ---------------------------------------------------------------------------- */

typedef struct {
    char **v;
    uint32_t len, raw;
} match_set;

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Every match of `q` over `code` as "pattern|name=start-end|..." (the added __kind_ captures left
 * out, the others by name since capture ids differ between the two texts), sorted. A match in
 * which a __kind_T capture is not a T node is dropped, as engine.c kinds_hold does; `raw` counts
 * matches before that. */
static match_set run_query(dc_lang lang, const char *q, const char *code) {
    match_set ms = {0};
    const TSLanguage *g = dc_lang_grammar(lang);
    TSQuery *tq = compile(lang, q);
    if (!tq) return ms;
    uint32_t ncap = ts_query_capture_count(tq);
    TSSymbol *kind = calloc(ncap + 1, sizeof *kind);
    size_t plen = strlen(DC_KIND_CAPTURE_PREFIX);
    for (uint32_t c = 0; c < ncap; c++) {
        uint32_t len;
        const char *name = ts_query_capture_name_for_id(tq, c, &len);
        if (len > plen && memcmp(name, DC_KIND_CAPTURE_PREFIX, plen) == 0)
            kind[c] = ts_language_symbol_for_name(g, name + plen, len - (uint32_t)plen, true);
    }
    TSParser *p = ts_parser_new();
    ts_parser_set_language(p, g);
    TSTree *t = ts_parser_parse_string(p, NULL, code, (uint32_t)strlen(code));
    TSQueryCursor *qc = ts_query_cursor_new();
    ts_query_cursor_exec(qc, tq, ts_tree_root_node(t));
    TSQueryMatch m;
    while (ts_query_cursor_next_match(qc, &m)) {
        ms.raw++;
        bool hold = true;
        for (uint16_t i = 0; i < m.capture_count; i++)
            if (kind[m.captures[i].index] && ts_node_symbol(m.captures[i].node) != kind[m.captures[i].index]) hold = false;
        if (!hold) continue;
        char *caps[16];
        uint32_t nc = 0;
        for (uint16_t i = 0; i < m.capture_count && nc < 16; i++) {
            if (kind[m.captures[i].index]) continue;
            uint32_t len;
            const char *name = ts_query_capture_name_for_id(tq, m.captures[i].index, &len);
            dc_buf c = DC_BUF_INIT;
            dc_buf_printf(&c, "%.*s=%u-%u", (int)len, name, ts_node_start_byte(m.captures[i].node),
                          ts_node_end_byte(m.captures[i].node));
            caps[nc++] = dc_buf_detach(&c);
        }
        qsort(caps, nc, sizeof *caps, cmp_str);
        dc_buf one = DC_BUF_INIT;
        dc_buf_printf(&one, "%u", m.pattern_index);
        for (uint32_t i = 0; i < nc; i++) {
            dc_buf_printf(&one, "|%s", caps[i]);
            free(caps[i]);
        }
        ms.v = realloc(ms.v, (ms.len + 1) * sizeof *ms.v);
        ms.v[ms.len++] = dc_buf_detach(&one);
    }
    if (ms.len) qsort(ms.v, ms.len, sizeof *ms.v, cmp_str);
    ts_query_cursor_delete(qc);
    ts_tree_delete(t);
    ts_parser_delete(p);
    free(kind);
    ts_query_delete(tq);
    return ms;
}

static void set_free(match_set *ms) {
    for (uint32_t i = 0; i < ms->len; i++) free(ms->v[i]);
    free(ms->v);
}

/* The exact and the relaxed query find the same matches over `code`; the relaxed one finds
 * `extra` raw matches more, which the kind check removes. `nmatches`: how many there are. */
static void same_matches(int *dc_failed_, dc_lang lang, const char *q, const char *code, uint32_t nmatches,
                         uint32_t extra) {
    uint32_t n;
    char *rq = relax(lang, q, &n);
    CHECK(n > 0);
    match_set exact = run_query(lang, q, code), relaxed = run_query(lang, rq, code);
    CHECK_EQ_INT(exact.raw, exact.len); /* no __kind_ captures as written */
    CHECK_EQ_INT(exact.len, nmatches);
    CHECK_EQ_INT(relaxed.len, exact.len);
    CHECK_EQ_INT(relaxed.raw, exact.raw + extra);
    for (uint32_t i = 0; i < exact.len && i < relaxed.len; i++) CHECK_EQ_STR(relaxed.v[i], exact.v[i]);
    if (*dc_failed_) {
        fprintf(stderr, "  query: %s\n  relaxed: %s\n", q, rq);
        for (uint32_t i = 0; i < exact.len; i++) fprintf(stderr, "  exact   %s\n", exact.v[i]);
        for (uint32_t i = 0; i < relaxed.len; i++) fprintf(stderr, "  relaxed %s\n", relaxed.v[i]);
    }
    set_free(&exact);
    set_free(&relaxed);
    free(rq);
}

DC_TEST(same_matches_python) {
    /* f()() and x[1]() have a call and a subscript as `function:`, each with an identifier child:
     * the relaxed `(_ (identifier) @x)` takes them, the kind check drops them. f.g() matches
     * twice (either identifier), as written too. */
    const char *code = "f.g()\nf()()\nx[1]()\nh()\na.b.c(d)\n";
    same_matches(dc_failed_, PY, "((call function: (attribute (identifier) @x)) @c)", code, 3, 2);
    /* fields only attribute has: nothing extra, same matches */
    same_matches(dc_failed_, PY, "((call function: (attribute object: (_) @o attribute: (identifier) @m)) @c)", code,
                 2, 0);
    /* an alternation: each relaxed member also takes the other member's node (and both take the
     * call of f()()), which the kind check drops */
    same_matches(dc_failed_, PY,
                 "(call function: [(attribute (identifier) @i) (subscript (identifier) @i)] arguments: "
                 "(argument_list) @args)",
                 code, 4, 6);
}

DC_TEST(same_matches_typescript) {
    /* a[0]() has a subscript_expression with an `object:` as its function; j.k`t` a
     * template_string as its `arguments:` */
    const char *code = "a.b();\na[0]();\nc.d.e(f);\ng()();\nnew h.i();\nj.k`t`;\n";
    same_matches(dc_failed_, TS, "((call_expression function: (member_expression object: (identifier) @o)) @c)", code,
                 2, 1);
    same_matches(dc_failed_, TS,
                 "((call_expression function: (member_expression object: (_) @o property: (property_identifier) @p) "
                 "arguments: (arguments (_)? @arg)) @c)",
                 code, 2, 1);
}

/* The built-in rules' own queries, one entry at a time, over code with SDK calls and with shapes
 * that only the relaxed steps take (legacy-terms: a call whose callee is `Action.X` where a list
 * holding `Action.X` is wanted). */
DC_TEST(same_matches_builtin_rules) {
    static const char *py = "from composio import Action, App\nfrom devcaster import Devcaster\n"
                            "dc = Devcaster()\n"
                            "tools = dc.tools.get(user_id='u', toolkits=['GITHUB'], entity_id='e')\n"
                            "dc.tools.execute('GITHUB_STAR', user_id='u', arguments={'a': 1})\n"
                            "foo(x=Action.GITHUB_STAR_REPO())\nfoo(x=[Action.GITHUB_STAR_REPO])\n"
                            "foo(y={'k': App.GITHUB})\nf()()\nx[1](z=(Action.A,))\n";
    static const char *ts = "import { Action, App } from 'composio-core';\n"
                            "import { Devcaster } from '@devcaster/core';\nconst dc = new Devcaster();\n"
                            "const t = await dc.tools.get('u', { toolkits: ['GITHUB'] });\n"
                            "await dc.tools.execute('GITHUB_STAR', { userId: 'u', arguments: {} });\n"
                            "foo({ a: Action.GITHUB_STAR_REPO() });\nfoo({ a: [Action.GITHUB_STAR_REPO] });\n"
                            "foo({ a: App.GITHUB });\ng()();\na[0](`t${u}`);\n";
    dc_ruleset *rs = dc_ruleset_new();
    CHECK_EQ_INT(dc_ruleset_load_builtin(rs), 0);
    uint32_t entries = 0, relaxed_entries = 0, exact_raw = 0, relaxed_raw = 0;
    static const dc_lang langs[] = {DC_LANG_PYTHON, DC_LANG_TYPESCRIPT, DC_LANG_TSX, DC_LANG_JAVASCRIPT};
    for (uint32_t i = 0; i < dc_ruleset_count(rs); i++) {
        const dc_rule *r = dc_ruleset_get(rs, i);
        for (uint32_t k = 0; k < r->nentries; k++) {
            const dc_match_entry *e = &r->entries[k];
            for (size_t l = 0; l < sizeof langs / sizeof *langs; l++) {
                if (!e->query || !e->langs[langs[l]]) continue;
                entries++;
                uint32_t n;
                char *rq = relax(langs[l], e->query, &n);
                if (!n) {
                    free(rq);
                    continue;
                }
                relaxed_entries++;
                const char *code = langs[l] == DC_LANG_PYTHON ? py : ts;
                match_set a = run_query(langs[l], e->query, code), b = run_query(langs[l], rq, code);
                CHECK_EQ_INT(b.len, a.len);
                bool same = a.len == b.len;
                for (uint32_t m = 0; same && m < a.len; m++) same = strcmp(a.v[m], b.v[m]) == 0;
                if (!same) fprintf(stderr, "  rule %s entry %u (%s): different matches\n", r->id, k, dc_lang_name(langs[l]));
                CHECK(same);
                exact_raw += a.raw;
                relaxed_raw += b.raw;
                set_free(&a);
                set_free(&b);
                free(rq);
            }
        }
    }
    CHECK(entries > 40);
    CHECK(relaxed_entries > entries / 2);
    CHECK(relaxed_raw > exact_raw); /* the code above does give the relaxed queries more to drop */
    dc_ruleset_free(rs);
}

DC_TEST_MAIN
