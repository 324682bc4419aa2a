/* The rule loader and the engine's predicates: schema errors carry file:line:col, queries and
 * regexes are checked, #eq?/#match?/#any-of?/where work, every built-in rule compiles. */
#include "analysis/engine.h"
#include "ruleset/rules.h"
#include "check.h"
#include "common/diag.h"

static char last[1024];
static int nmsgs;
static void capture(dc_diag_level level, const char *loc, const char *msg, void *ctx) {
    (void)level;
    (void)ctx;
    snprintf(last, sizeof last, "%s%s", loc, msg);
    nmsgs++;
}

static int load(dc_ruleset *rs, const char *yaml) {
    last[0] = 0;
    nmsgs = 0;
    return dc_ruleset_load_buffer(rs, "r.yml", yaml, strlen(yaml), false);
}

#define HEAD "id: t\nseverity: warning\nmessage: m {{n}}\nnote: n\n"

DC_TEST(builtin_rules_all_compile) {
    dc_diag_set_printer(capture, NULL);
    dc_ruleset *rs = dc_ruleset_new();
    CHECK_EQ_INT(dc_ruleset_load_builtin(rs), 0);
    CHECK(dc_ruleset_count(rs) >= 5);
    CHECK_EQ_INT(dc_ruleset_validate(rs), 0);
    CHECK(dc_ruleset_find(rs, "tools-get") != NULL);
    CHECK(dc_toolkit_known(rs, "github", 6));
    CHECK(!dc_toolkit_known(rs, "githubx", 7));
    if (nmsgs) fprintf(stderr, "unexpected: %s\n", last);
    dc_ruleset_free(rs);
    dc_diag_set_printer(NULL, NULL);
}

DC_TEST(invalid_yaml_has_location) {
    dc_diag_set_printer(capture, NULL);
    dc_ruleset *rs = dc_ruleset_new();
    CHECK(load(rs, "id: t\nseverity: [warning\n") > 0);
    CHECK(strstr(last, "r.yml:") == last);
    CHECK(strstr(last, "invalid YAML") != NULL);
    CHECK_EQ_INT(dc_ruleset_count(rs), 0);
    dc_ruleset_free(rs);
    dc_diag_set_printer(NULL, NULL);
}

DC_TEST(unknown_key_is_an_error_with_line) {
    dc_diag_set_printer(capture, NULL);
    dc_ruleset *rs = dc_ruleset_new();
    CHECK(load(rs, HEAD "colour: red\nmatch:\n  language: python\n  query: ((identifier) @match)\n") > 0);
    CHECK(strstr(last, "r.yml:5:1: unknown key `colour`") != NULL);
    dc_ruleset_free(rs);
    dc_diag_set_printer(NULL, NULL);
}

DC_TEST(class_and_legacy_class_exclude_each_other) {
    dc_diag_set_printer(capture, NULL);
    dc_ruleset *rs = dc_ruleset_new();
    CHECK(load(rs, HEAD "match:\n  language: python\n  class: c\n  legacy_class: c\n"
                       "  query: \"((call function: (identifier) @c) @match)\"\n") > 0);
    CHECK(strstr(last, "r.yml:8:3: a match entry has one of `class` and `legacy_class`") != NULL);
    CHECK_EQ_INT(load(rs, HEAD "match:\n  language: python\n  legacy_class: c\n"
                                "  query: \"((call function: (identifier) @c) @match)\"\n"), 0);
    const dc_rule *r = dc_ruleset_find(rs, "t");
    CHECK(r && r->nentries == 1 && r->entries[0].class_legacy && !strcmp(r->entries[0].class_capture, "c"));
    dc_ruleset_free(rs);
    dc_diag_set_printer(NULL, NULL);
}

/* Any mapping at any depth; each repeat is reported at its own position, in file order; the
 * rule is not loaded. A recursive alias (which libyaml accepts) must not make the check loop. */
DC_TEST(duplicate_keys_are_errors_anywhere) {
    dc_diag_set_printer(capture, NULL);
    dc_ruleset *rs = dc_ruleset_new();
    CHECK_EQ_INT(load(rs, HEAD "match:\n  - language: python\n    query: ((identifier) @match)\n"
                          "    where: {match: a}\n    where: {match: b}\n    where: {match: c}\n"),
                 2);
    CHECK_EQ_INT(nmsgs, 2);
    CHECK(strstr(last, "r.yml:10:5: duplicate key `where` (first given on line 8)") != NULL);
    CHECK_EQ_INT(dc_ruleset_count(rs), 0);
    /* keys that only share a prefix, or differ only by quoting, are told apart / not */
    CHECK_EQ_INT(load(rs, HEAD "\"note\": again\nmatch:\n  language: python\n  query: ((identifier) @match)\n"), 1);
    CHECK(strstr(last, "r.yml:5:1: duplicate key `note` (first given on line 4)") != NULL);
    CHECK_EQ_INT(load(rs, HEAD "match:\n  language: python\n  query: ((identifier) @match)\n"
                          "examples:\n  - {before: a, after: b, language: python}\n"), 0);
    CHECK_EQ_INT(dc_ruleset_count(rs), 1);
    CHECK(load(rs, "id: t\nx: &m {b: *m, b: 2}\n") > 0);
    CHECK(strstr(last, "r.yml:2:15: duplicate key `b` (first given on line 2)") != NULL);
    dc_ruleset_free(rs);
    dc_diag_set_printer(NULL, NULL);
}

DC_TEST(bad_query_reports_its_line) {
    dc_diag_set_printer(capture, NULL);
    dc_ruleset *rs = dc_ruleset_new();
    CHECK(load(rs, HEAD "match:\n  language: python\n  query: |\n    ((call) @match)\n    (no_such_node) @x\n") > 0);
    CHECK(strstr(last, "r.yml:9:") != NULL);
    CHECK(strstr(last, "unknown node type") != NULL);
    dc_ruleset_free(rs);
    dc_diag_set_printer(NULL, NULL);
}

DC_TEST(bad_regex_reports_location) {
    dc_diag_set_printer(capture, NULL);
    dc_ruleset *rs = dc_ruleset_new();
    CHECK(load(rs, HEAD "match:\n  language: python\n  query: ((identifier) @match)\n  where:\n    match: \"(unclosed\"\n") > 0);
    CHECK(strstr(last, "r.yml:9:12") != NULL);
    CHECK(strstr(last, "invalid regular expression") != NULL);
    dc_ruleset_free(rs);
    dc_diag_set_printer(NULL, NULL);
}

DC_TEST(missing_match_capture) {
    dc_diag_set_printer(capture, NULL);
    dc_ruleset *rs = dc_ruleset_new();
    CHECK(load(rs, HEAD "match:\n  language: python\n  query: ((identifier) @x)\n") > 0);
    CHECK(strstr(last, "@match") != NULL);
    dc_ruleset_free(rs);
    dc_diag_set_printer(NULL, NULL);
}

DC_TEST(missing_required_key) {
    dc_diag_set_printer(capture, NULL);
    dc_ruleset *rs = dc_ruleset_new();
    CHECK(load(rs, "id: t\nseverity: warning\nnote: n\nmatch:\n  language: python\n  query: ((identifier) @match)\n") > 0);
    CHECK(strstr(last, "missing `message`") != NULL);
    CHECK(load(rs, "id: Bad_Id\nseverity: loud\nmessage: m\nnote: n\nmatch:\n  language: python\n  query: ((identifier) @match)\n") > 0);
    dc_ruleset_free(rs);
    dc_diag_set_printer(NULL, NULL);
}

/* Runs one rule over a Python snippet and returns the number of findings; the first message
 * is copied to `msg`. */
static uint32_t scan(const char *yaml, const char *code, char *msg, size_t n) {
    dc_ruleset *rs = dc_ruleset_new();
    int errs = load(rs, yaml);
    if (errs) {
        fprintf(stderr, "rule errors: %s\n", last);
        dc_ruleset_free(rs);
        return 999;
    }
    dc_source *src = dc_source_from_bytes("t.py", DC_LANG_PYTHON, code, (uint32_t)strlen(code));
    dc_worker *w = dc_worker_new();
    dc_analyze_opts o = {0};
    dc_analysis an;
    dc_analyze(w, rs, src, &o, &an);
    uint32_t count = an.findings.len;
    if (msg) snprintf(msg, n, "%s", count ? an.findings.v[0].message : "");
    dc_analysis_release(&an);
    dc_worker_free(w);
    dc_source_free(src);
    dc_ruleset_free(rs);
    return count;
}

DC_TEST(predicates_eq_match_anyof_where) {
    dc_diag_set_printer(capture, NULL);
    char msg[256];
    const char *code = "foo()\nbar()\nbaz()\nqux()\n";
    CHECK_EQ_INT(scan(HEAD "match:\n  language: python\n  query: |\n    ((call function: (identifier) @n) @match (#eq? @n \"bar\"))\n",
                      code, msg, sizeof msg), 1);
    CHECK_EQ_STR(msg, "m bar");
    CHECK_EQ_INT(scan(HEAD "match:\n  language: python\n  query: |\n    ((call function: (identifier) @n) @match (#not-eq? @n \"bar\"))\n",
                      code, NULL, 0), 3);
    CHECK_EQ_INT(scan(HEAD "match:\n  language: python\n  query: |\n    ((call function: (identifier) @n) @match (#match? @n \"^ba\"))\n",
                      code, NULL, 0), 2);
    CHECK_EQ_INT(scan(HEAD "match:\n  language: python\n  query: |\n    ((call function: (identifier) @n) @match (#any-of? @n \"foo\" \"qux\"))\n",
                      code, NULL, 0), 2);
    CHECK_EQ_INT(scan(HEAD "match:\n  language: python\n  query: |\n    ((call function: (identifier) @n) @match)\n  where:\n    n: \"z$\"\n",
                      code, NULL, 0), 1);
    CHECK_EQ_INT(scan(HEAD "match:\n  language: python\n  query: |\n    ((call function: (identifier) @n) @match)\n  where:\n    \"!n\": \"^(foo|bar)$\"\n",
                      code, NULL, 0), 2);
    dc_diag_set_printer(NULL, NULL);
}

DC_TEST(profile_placeholders_expand) {
    dc_buf b = DC_BUF_INIT;
    dc_expand_profile(&b, "{{sdk_class}} {{sdk_name}} {{sdk_scope}}/core {{sdk_env}}_X {{other}}", DC_PROFILE_COMPOSIO);
    CHECK_EQ_STR(b.p, "Composio composio @composio/core COMPOSIO_X {{other}}");
    dc_buf_reset(&b);
    dc_expand_profile(&b, "{{sdk_class}}", DC_PROFILE_AUTO);
    CHECK_EQ_STR(b.p, "Devcaster");
    dc_buf_free(&b);
}

/* Start lines of the findings of `rules` over `code` for one profile. */
static uint32_t scan_lines(dc_ruleset *rs, const char *code, dc_profile prof, uint32_t *lines, uint32_t max) {
    dc_source *src = dc_source_from_bytes("t.py", DC_LANG_PYTHON, code, (uint32_t)strlen(code));
    dc_worker *w = dc_worker_new();
    dc_analyze_opts o = {0};
    o.profile = prof;
    dc_analysis an;
    dc_analyze(w, rs, src, &o, &an);
    uint32_t n = an.findings.len < max ? an.findings.len : max;
    for (uint32_t i = 0; i < n; i++) lines[i] = dc_source_pos(src, an.findings.v[i].range.start).line;
    uint32_t count = an.findings.len;
    dc_analysis_release(&an);
    dc_worker_free(w);
    dc_source_free(src);
    return count;
}

/* One query per language serves both profiles: placeholders of #eq?, #any-of?, #match? and
 * `where` are expanded per profile at match time; values without one are shared. */
DC_TEST(profile_placeholders_in_predicates) {
    dc_diag_set_printer(capture, NULL);
    dc_ruleset *rs = dc_ruleset_new();
    CHECK_EQ_INT(load(rs, HEAD "match:\n"
                              "  - language: python\n"
                              "    query: |\n"
                              "      ((call function: (identifier) @n) @match (#eq? @n \"{{sdk_name}}_f\"))\n"
                              "      ((call function: (identifier) @n) @match (#any-of? @n \"x_{{sdk_name}}\" \"zz\"))\n"
                              "      ((call function: (identifier) @n) @match (#match? @n \"^{{sdk_class}}A$\"))\n"
                              "  - language: python\n"
                              "    query: '((call function: (attribute attribute: (identifier) @a)) @match)'\n"
                              "    where:\n"
                              "      a: \"^{{sdk_env}}$\"\n"),
                 0);
    const char *code = "devcaster_f()\ncomposio_f()\nx_devcaster()\nx_composio()\nDevcasterA()\nComposioA()\n"
                       "q.DEVCASTER()\nq.COMPOSIO()\nzz()\n";
    uint32_t lines[16];
    CHECK_EQ_INT(scan_lines(rs, code, DC_PROFILE_DEVCASTER, lines, 16), 5);
    CHECK(lines[0] == 1 && lines[1] == 3 && lines[2] == 5 && lines[3] == 7 && lines[4] == 9);
    const dc_cquery *q = dc_ruleset_query(rs, DC_LANG_PYTHON);
    CHECK_EQ_INT(scan_lines(rs, code, DC_PROFILE_COMPOSIO, lines, 16), 5);
    CHECK(lines[0] == 2 && lines[1] == 4 && lines[2] == 6 && lines[3] == 8 && lines[4] == 9);
    CHECK(dc_ruleset_query(rs, DC_LANG_PYTHON) == q); /* compiled once for both */
    CHECK_EQ_INT(q->npatterns, 4);
    const dc_pred *any = &q->patterns[1].preds[0];
    CHECK(any->op == DC_PRED_ANY_OF && any->nany == 2);
    CHECK(any->any[0].v[DC_PROFILE_DEVCASTER] != any->any[0].v[DC_PROFILE_COMPOSIO]);
    CHECK(any->any[1].v[DC_PROFILE_DEVCASTER] == any->any[1].v[DC_PROFILE_COMPOSIO]); /* "zz": one copy */
    CHECK_EQ_INT(nmsgs, 0);
    dc_ruleset_free(rs);

    /* A regex that is invalid in both spellings is reported once. */
    rs = dc_ruleset_new();
    CHECK(load(rs, HEAD "match:\n  language: python\n  query: ((identifier) @match (#match? @match \"({{sdk_name}}\"))\n") > 0);
    CHECK_EQ_INT(nmsgs, 1);
    CHECK(strstr(last, "invalid regular expression `(devcaster`") != NULL);
    dc_ruleset_free(rs);
    dc_diag_set_printer(NULL, NULL);
}

DC_TEST(catastrophic_regex_is_bounded) {
    /* (a+)+$ against a long run of a's followed by b backtracks exponentially: the PCRE2 match
     * limit must stop it and the match is simply skipped. */
    dc_diag_set_printer(capture, NULL);
    dc_buf code = DC_BUF_INIT;
    dc_buf_adds(&code, "x = \"");
    for (int i = 0; i < 40; i++) dc_buf_addc(&code, 'a');
    dc_buf_adds(&code, "b\"\n");
    uint32_t n = scan(HEAD "match:\n  language: python\n  query: ((string) @match)\n  where:\n    match: \"(a+)+$\"\n", code.p,
                      NULL, 0);
    CHECK_EQ_INT(n, 0);
    dc_buf_free(&code);
    dc_diag_set_printer(NULL, NULL);
}

DC_TEST_MAIN
