/* The rule loader and the engine's predicates: schema errors carry file:line:col, queries and
 * regexes are checked, #eq?/#match?/#any-of?/where work, every built-in rule compiles. */
#include "analyzer/engine.h"
#include "analyzer/rules.h"
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
