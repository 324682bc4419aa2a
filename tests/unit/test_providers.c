/* test_providers.c: the provider table (rules/providers.yml, ruleset/providers.h): the built-in
 * table loads without errors, and the resolver reaches every entry by its key, its aliases and
 * its package names, and every legacy-only framework as legacy-only. */
#include "ruleset/providers.h"
#include "ruleset/rules.h"
#include "tests/unit/check.h"

static const dc_provider_table *builtin(dc_ruleset **rs) {
    *rs = dc_ruleset_new();
    if (dc_ruleset_load_builtin(*rs) != 0) return NULL;
    return dc_ruleset_providers(*rs);
}

DC_TEST(test_builtin_table_loads) {
    dc_ruleset *rs;
    const dc_provider_table *t = builtin(&rs);
    CHECK(t != NULL);
    if (t) {
        CHECK(t->current.len >= 15);
        CHECK(t->legacy_only[0].len > 0);
    }
    /* the table is data, not a rule */
    CHECK(dc_ruleset_find(rs, "providers") == NULL);
    dc_ruleset_free(rs);
}

DC_TEST(test_every_entry_resolves_to_itself) {
    dc_ruleset *rs;
    const dc_provider_table *t = builtin(&rs);
    for (uint32_t i = 0; t && i < t->current.len; i++) {
        const dc_provider *p = &t->current.v[i], *got;
        for (int ts = 0; ts < 2; ts++) {
            dc_provider_status want = p->pkg[ts] ? DC_PROVIDER_CURRENT : DC_PROVIDER_OTHER_LANG;
            bool legacy = false; /* a framework only in the legacy line of this language */
            for (uint32_t k = 0; k < t->legacy_only[ts].len; k++) legacy |= !strcmp(t->legacy_only[ts].v[k], p->framework);
            if (legacy) want = DC_PROVIDER_LEGACY_ONLY;
            CHECK_EQ_INT(dc_providers_resolve(t, p->framework, ts, &got), want);
            if (want != DC_PROVIDER_LEGACY_ONLY) CHECK(got == p);
            for (uint32_t k = 0; k < p->aliases.len; k++) {
                CHECK_EQ_INT(dc_providers_resolve(t, p->aliases.v[k], ts, &got), want);
                if (want != DC_PROVIDER_LEGACY_ONLY) CHECK(got == p);
            }
            if (p->pkg[ts]) CHECK(p->cls[ts] && strstr(p->cls[ts], "Provider"));
        }
        /* a Python package suffix is how a toolset names its framework (composio_<fw>) */
        if (p->pkg[0]) {
            CHECK_EQ_INT(dc_providers_resolve(t, p->pkg[0], false, &got), DC_PROVIDER_CURRENT);
            CHECK(got == p);
        }
    }
    for (int ts = 0; t && ts < 2; ts++)
        for (uint32_t k = 0; k < t->legacy_only[ts].len; k++) {
            const dc_provider *got;
            CHECK_EQ_INT(dc_providers_resolve(t, t->legacy_only[ts].v[k], ts, &got), DC_PROVIDER_LEGACY_ONLY);
        }
    dc_ruleset_free(rs);
}

DC_TEST(test_known_names) {
    dc_ruleset *rs;
    const dc_provider_table *t = builtin(&rs);
    const dc_provider *p;
    CHECK_EQ_INT(dc_providers_resolve(t, "langchain", false, &p), DC_PROVIDER_CURRENT);
    CHECK(p && !strcmp(p->cls[0], "LangchainProvider"));
    CHECK_EQ_INT(dc_providers_resolve(t, "crewai", false, &p), DC_PROVIDER_CURRENT);
    CHECK(p && !strcmp(p->cls[0], "CrewAIProvider"));
    CHECK_EQ_INT(dc_providers_resolve(t, "llamaindex", true, &p), DC_PROVIDER_CURRENT);
    CHECK(p && !strcmp(p->cls[1], "LlamaindexProvider") && !strcmp(p->cls[0], "LlamaIndexProvider"));
    CHECK_EQ_INT(dc_providers_resolve(t, "vercelai", true, &p), DC_PROVIDER_CURRENT);
    CHECK(p && !strcmp(p->pkg[1], "vercel"));
    CHECK_EQ_INT(dc_providers_resolve(t, "crewai", true, &p), DC_PROVIDER_OTHER_LANG);
    CHECK_EQ_INT(dc_providers_resolve(t, "phidata", false, &p), DC_PROVIDER_LEGACY_ONLY);
    CHECK_EQ_INT(dc_providers_resolve(t, "langgraph", true, &p), DC_PROVIDER_LEGACY_ONLY);
    CHECK_EQ_INT(dc_providers_resolve(t, "langgraph", false, &p), DC_PROVIDER_CURRENT);
    CHECK_EQ_INT(dc_providers_resolve(t, "nosuchframework", false, &p), DC_PROVIDER_UNKNOWN);
    CHECK(p == NULL);
    dc_ruleset_free(rs);
}

DC_TEST(test_bad_tables_are_reported) {
    static const char *const bad[] = {
        "providers: x\n",
        "providers:\n  - framework: a\n",
        "providers:\n  - python: {package: a, class: AProvider}\n",
        "providers:\n  - framework: a\n    python: {package: a}\n",
        "providers:\n  - framework: a\n    colour: red\n    python: {package: a, class: B}\n",
        "legacy_only: [a]\n",
        "nope: 1\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        dc_provider_table t = {0};
        CHECK(dc_providers_load(&t, "bad.yml", bad[i], strlen(bad[i])) > 0);
        dc_providers_free(&t);
    }
    dc_provider_table t = {0};
    const char *good = "providers:\n  - framework: a\n    aliases: [b]\n    python: {package: a, class: AProvider}\n"
                       "legacy_only:\n  typescript: [a]\n";
    CHECK_EQ_INT(dc_providers_load(&t, "good.yml", good, strlen(good)), 0);
    const dc_provider *p;
    CHECK_EQ_INT(dc_providers_resolve(&t, "b", false, &p), DC_PROVIDER_CURRENT);
    CHECK_EQ_INT(dc_providers_resolve(&t, "a", true, &p), DC_PROVIDER_LEGACY_ONLY);
    dc_providers_free(&t);
}

DC_TEST_MAIN
