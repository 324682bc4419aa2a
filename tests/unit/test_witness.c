/* Witness ranges (analyzer/witness.h): the regex literal reading, the ranges a file gets, and
 * that matching only inside them finds exactly what matching the whole tree finds. */
#include "analyzer/engine.h"
#include "analyzer/witness.h"
#include "check.h"

static size_t lit(const char *re, char *out, size_t n) {
    const char *at = NULL;
    size_t len = dc_witness_regex_literal(re, &at);
    snprintf(out, n, "%.*s", (int)len, len ? at : "");
    return len;
}

DC_TEST(regex_literal) {
    char b[64];
    lit("^(?:DEVCASTER|COMPOSIO)_TOOLKIT_VERSION_[A-Za-z0-9_]+$", b, sizeof b);
    CHECK_EQ_STR(b, "_TOOLKIT_VERSION_");
    lit("^toolkitVersions$", b, sizeof b);
    CHECK_EQ_STR(b, "toolkitVersions");
    lit("abcde?fgh", b, sizeof b); /* the optional e splits the run */
    CHECK_EQ_STR(b, "abcd");
    lit("abe?fghij", b, sizeof b);
    CHECK_EQ_STR(b, "fghij");
    lit("xy+zzzz", b, sizeof b); /* y is required once: "xy", then the run restarts */
    CHECK_EQ_STR(b, "zzzz");
    lit("ab{100}cd", b, sizeof b); /* quantifier bounds are no literal */
    CHECK_EQ_STR(b, "");
    lit("[abcdef]+gh\\.ijk", b, sizeof b);
    CHECK_EQ_STR(b, "ijk");
    CHECK_EQ_INT(lit("^(Action|App)$", b, sizeof b), 0);
    CHECK_EQ_INT(lit("foobar|bazqux", b, sizeof b), 0); /* either may match */
    CHECK_EQ_INT(lit("(?i)foobar", b, sizeof b), 0);    /* caseless: not verbatim */
    CHECK_EQ_INT(lit("\\Qfoo.bar\\E", b, sizeof b), 0);
    CHECK_EQ_INT(lit("ab", b, sizeof b), 0); /* too short to be worth it */
}

/* Unrelated code around the SDK uses, more than the ranges' merge gap (1 KB) of it each time. */
static char *make_code(void) {
    dc_buf b = DC_BUF_INIT;
    dc_buf_adds(&b, "import os\nfrom devcaster import Devcaster\n\nclass Unrelated:\n");
    for (int i = 0; i < 40; i++) dc_buf_printf(&b, "    def m%d(self):\n        return os.path.join('x', 'y%d')\n", i, i);
    dc_buf_adds(&b, "\ndc = Devcaster(api_key='k', toolkit_versions='latest')\n\nclass Service:\n");
    for (int i = 0; i < 40; i++) dc_buf_printf(&b, "    def q%d(self):\n        return [i * %d for i in range(10)]\n", i, i);
    dc_buf_adds(&b, "    def loud(self, user):\n        return dc.tools.get(user_id=user, toolkits=['GITHUB'])\n\n");
    for (int i = 0; i < 40; i++) dc_buf_printf(&b, "def tail%d():\n    return os.getcwd() + '%d'\n", i, i);
    char *s = dc_xstrdup(dc_buf_cstr(&b));
    dc_buf_free(&b);
    return s;
}

DC_TEST(ranges_skip_unrelated_code_and_find_the_same) {
    dc_ruleset *rs = dc_ruleset_new();
    CHECK_EQ_INT(dc_ruleset_load_builtin(rs), 0);
    const dc_cquery *cq = dc_ruleset_query(rs, DC_LANG_PYTHON);
    CHECK(cq && cq->witness);
    char *CODE = make_code();
    dc_source *src = dc_source_from_bytes("t.py", DC_LANG_PYTHON, CODE, (uint32_t)strlen(CODE));
    dc_worker *w = dc_worker_new();
    dc_analyze_opts whole = {0};
    whole.whole_tree = true;
    dc_analysis an;
    dc_analyze(w, rs, src, &whole, &an);
    uint32_t n = an.findings.len;
    CHECK(n >= 2); /* toolkit_versions= and tools.get */
    dc_range fr[16];
    for (uint32_t i = 0; i < n && i < 16; i++) fr[i] = an.findings.v[i].range;

    /* the ranges: not the Unrelated class, not tail(); the client line and loud() */
    dc_byte_range *r = NULL;
    uint32_t nr = 0;
    CHECK(dc_witness_ranges(cq->witness, dc_worker_arena(w), src->data, src->len, ts_tree_root_node(an.tree),
                            an.bindings, an.profile, dc_worker_match_data(w), &r, &nr));
    uint32_t unrelated = (uint32_t)(strstr(CODE, "def m20") - CODE), tail = (uint32_t)(strstr(CODE, "def tail20") - CODE);
    uint32_t quiet = (uint32_t)(strstr(CODE, "def q10") - CODE);
    uint32_t client = (uint32_t)(strstr(CODE, "dc = Devcaster") - CODE), get = (uint32_t)(strstr(CODE, "dc.tools.get") - CODE);
    bool has_client = false, has_get = false;
    for (uint32_t i = 0; i < nr; i++) {
        CHECK(!(r[i].start <= unrelated && unrelated < r[i].end));
        CHECK(!(r[i].start <= tail && tail < r[i].end));
        CHECK(!(r[i].start <= quiet && quiet < r[i].end)); /* inside the class that has a use */
        has_client = has_client || (r[i].start <= client && client < r[i].end);
        has_get = has_get || (r[i].start <= get && get < r[i].end);
    }
    CHECK(has_client);
    CHECK(has_get);
    dc_analysis_release(&an);

    dc_analyze_opts ranged = {0};
    dc_analyze(w, rs, src, &ranged, &an);
    CHECK_EQ_INT(an.findings.len, n);
    for (uint32_t i = 0; i < n && i < an.findings.len && i < 16; i++) {
        CHECK_EQ_INT(an.findings.v[i].range.start, fr[i].start);
        CHECK_EQ_INT(an.findings.v[i].range.end, fr[i].end);
    }
    dc_analysis_release(&an);
    dc_worker_free(w);
    dc_source_free(src);
    free(CODE);
    dc_ruleset_free(rs);
}

DC_TEST_MAIN
