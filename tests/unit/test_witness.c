/* Witness ranges (analysis/witness.h): the regex literal reading, the ranges a file gets, and
 * that matching only inside them finds exactly what matching the whole tree finds. */
#include "analysis/engine.h"
#include "analysis/witness.h"
#include "syntax/occ.h"
#include "check.h"

static size_t lit(const char *re, char *out, size_t n) {
    const char *at = NULL;
    size_t len = dc_regex_literal(re, &at);
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

/* The ranges of `code` (one file, `lang`); and matching only there must find what matching the
 * whole tree finds, the same sites in the same order. */
typedef struct ranged {
    dc_byte_range r[64];
    uint32_t nr, nfindings;
    bool narrowed;
} ranged;

static void ranges_of(dc_ruleset *rs, dc_lang lang, const char *path, const char *code, ranged *out, int *dc_failed_) {
    const dc_cquery *cq = dc_ruleset_query(rs, lang);
    CHECK(cq && cq->witness);
    dc_source *src = dc_source_from_bytes(path, lang, code, (uint32_t)strlen(code));
    dc_worker *w = dc_worker_new();
    dc_analyze_opts whole = {0};
    whole.whole_tree = true;
    dc_analysis an;
    dc_analyze(w, rs, src, &whole, &an);
    uint32_t n = an.findings.len;
    CHECK(n >= 1);
    out->nfindings = n;
    dc_range fr[16];
    for (uint32_t i = 0; i < n && i < 16; i++) fr[i] = an.findings.v[i].range;
    dc_byte_range *r = NULL;
    out->nr = 0;
    out->narrowed = cq && cq->witness &&
                    dc_witness_ranges(cq->witness, dc_worker_arena(w), src->data, src->len, ts_tree_root_node(an.tree),
                                      an.bindings, an.profile, dc_worker_match_data(w), &r, &out->nr);
    for (uint32_t i = 0; out->narrowed && i < out->nr && i < 64; i++) out->r[i] = r[i];
    dc_analysis_release(&an);
    dc_analyze_opts ranged_opts = {0};
    dc_analyze(w, rs, src, &ranged_opts, &an);
    CHECK_EQ_INT(an.findings.len, n);
    for (uint32_t i = 0; i < n && i < an.findings.len && i < 16; i++) {
        CHECK_EQ_INT(an.findings.v[i].range.start, fr[i].start);
        CHECK_EQ_INT(an.findings.v[i].range.end, fr[i].end);
    }
    dc_analysis_release(&an);
    dc_worker_free(w);
    dc_source_free(src);
}

static bool in_ranges(const ranged *g, const char *code, const char *needle) {
    const char *p = strstr(code, needle);
    if (!p) return false;
    uint32_t at = (uint32_t)(p - code);
    for (uint32_t i = 0; i < g->nr; i++)
        if (g->r[i].start <= at && at < g->r[i].end) return true;
    return false;
}

DC_TEST(ranges_skip_unrelated_code_and_find_the_same) {
    dc_ruleset *rs = dc_ruleset_new();
    CHECK_EQ_INT(dc_ruleset_load_builtin(rs), 0);
    char *code = make_code();
    ranged g;
    ranges_of(rs, DC_LANG_PYTHON, "t.py", code, &g, dc_failed_);
    CHECK(g.nfindings >= 2); /* toolkit_versions= and tools.get */
    /* the ranges: not the Unrelated class, not tail(); the client line and loud() */
    CHECK(g.narrowed);
    CHECK(!in_ranges(&g, code, "def m20"));
    CHECK(!in_ranges(&g, code, "def tail20"));
    CHECK(!in_ranges(&g, code, "def q10")); /* inside the class that has a use */
    CHECK(in_ranges(&g, code, "dc = Devcaster"));
    CHECK(in_ranges(&g, code, "dc.tools.get"));
    free(code);
    dc_ruleset_free(rs);
}

/* A #eq? / #any-of? value is the whole text of a node, and a client name is an identifier, so
 * each witnesses only where it is not glued to more word characters: `environment`,
 * `get_toolsets` and `http_client` are not `environ`, `get_tools` and the client `client`. */
DC_TEST(glued_words_are_no_witness) {
    dc_ruleset *rs = dc_ruleset_new();
    CHECK_EQ_INT(dc_ruleset_load_builtin(rs), 0);
    dc_buf b = DC_BUF_INIT;
    dc_buf_adds(&b, "import os\nfrom devcaster import Devcaster\n\n");
    for (int i = 0; i < 30; i++)
        dc_buf_printf(&b, "def glued%d(x):\n    return x.environment + x.get_toolsets() + x.execute_actions%d + x.http_client.clients\n", i, i);
    dc_buf_adds(&b, "\nclient = Devcaster(api_key='k', toolkit_versions='latest')\n\n");
    for (int i = 0; i < 30; i++) dc_buf_printf(&b, "def filler%d():\n    return [i * %d for i in range(10)]\n", i, i);
    dc_buf_adds(&b, "\ndef bare(agent):\n    os.environ['DEVCASTER_TOOLKIT_VERSION_GITHUB'] = '1'\n    return agent.get_tools()\n");
    for (int i = 0; i < 30; i++) dc_buf_printf(&b, "def tail%d():\n    return os.getcwd() + '%d'\n", i, i);
    const char *code = dc_buf_cstr(&b);
    ranged g;
    ranges_of(rs, DC_LANG_PYTHON, "t.py", code, &g, dc_failed_);
    CHECK(g.narrowed);
    CHECK(!in_ranges(&g, code, "def glued15"));
    CHECK(!in_ranges(&g, code, "def filler15"));
    CHECK(in_ranges(&g, code, "os.environ["));
    CHECK(in_ranges(&g, code, "client = Devcaster"));
    dc_buf_free(&b);
    dc_ruleset_free(rs);
}

/* TypeScript namespaces (`declare namespace ts { ... }` is all of typescript.d.ts) are entered
 * like classes and blocks: only the declarations that hold a witness are matched. */
DC_TEST(namespaces_are_entered) {
    dc_ruleset *rs = dc_ruleset_new();
    CHECK_EQ_INT(dc_ruleset_load_builtin(rs), 0);
    dc_buf b = DC_BUF_INIT;
    dc_buf_adds(&b, "import { Devcaster } from \"@devcaster/core\";\nconst client = new Devcaster({ apiKey: \"k\" });\n\n");
    for (int k = 0; k < 2; k++) {
        dc_buf_adds(&b, k ? "declare namespace amb {\n" : "namespace plain {\n");
        for (int i = 0; i < 30; i++)
            dc_buf_printf(&b, "  export function quiet%d_%d(x: number): number { return [1, 2, 3].length * x + %d; }\n", k, i, i);
        dc_buf_printf(&b, "  export async function loud%d(user: string) {\n    return await client.tools.get(user, { toolkits: [\"GITHUB\"] });\n  }\n", k);
        for (int i = 30; i < 60; i++)
            dc_buf_printf(&b, "  export function quiet%d_%d(x: number): number { return [1, 2, 3].length * x + %d; }\n", k, i, i);
        dc_buf_adds(&b, "}\n\n");
    }
    const char *code = dc_buf_cstr(&b);
    ranged g;
    ranges_of(rs, DC_LANG_TYPESCRIPT, "t.ts", code, &g, dc_failed_);
    CHECK(g.narrowed);
    CHECK(!in_ranges(&g, code, "function quiet0_10("));
    CHECK(!in_ranges(&g, code, "function quiet0_50("));
    CHECK(!in_ranges(&g, code, "function quiet1_10("));
    CHECK(!in_ranges(&g, code, "function quiet1_50("));
    CHECK(in_ranges(&g, code, "client.tools.get(user"));
    dc_buf_free(&b);
    dc_ruleset_free(rs);
}

DC_TEST(occurrences) {
    dc_occ o = {0};
    dc_occ_find(&o, dc_sv_cstr("aaXaaaXa"), dc_sv_cstr("aa"));
    CHECK_EQ_INT(o.len, 3); /* overlapping ones too: 0, 3, 4 */
    CHECK_EQ_INT(o.v[0], 0);
    CHECK_EQ_INT(o.v[1], 3);
    CHECK_EQ_INT(o.v[2], 4);
    CHECK(dc_occ_within(&o, 2, 0, 2));
    CHECK(!dc_occ_within(&o, 2, 1, 4)); /* [3, 5) is not inside [1, 4) */
    CHECK(dc_occ_within(&o, 2, 1, 5));
    CHECK(!dc_occ_within(&o, 2, 5, 8));
    dc_vec_free(&o);
    dc_occ_find(&o, dc_sv_cstr("abc"), dc_sv_cstr(""));
    CHECK_EQ_INT(o.len, 0);
    dc_vec_free(&o);
}

DC_TEST_MAIN
