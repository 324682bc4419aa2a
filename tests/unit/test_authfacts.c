/* Auth config facts (analysis/authfacts.h): what one file proves about which toolkit an auth
 * config id is for, what it must not be read as proving (decoys), and the merged map's
 * precedence, ambiguity and determinism. */
#include <dirent.h>
#include <sys/stat.h>

#include "analysis/authfacts.h"
#include "analysis/engine.h"
#include "check.h"

/* The facts of `code` as "toolkit=id@line:KIND(name)" joined by "; ". */
static char *facts_of(dc_ruleset *rs, dc_lang lang, const char *path, const char *code, int *dc_failed_) {
    dc_source *src = dc_source_from_bytes(path, lang, code, (uint32_t)strlen(code));
    dc_worker *w = dc_worker_new();
    TSTree *tree = lang == DC_LANG_DOTENV ? NULL : dc_parse(w, src);
    dc_authfacts fs = {0};
    dc_authfacts_extract(rs, src, tree, &fs);
    /* the text-only test never misses a file with a fact */
    if (fs.len) CHECK(dc_authfacts_candidate(rs, code, strlen(code), lang));
    dc_buf b = DC_BUF_INIT;
    for (uint32_t i = 0; i < fs.len; i++) {
        const dc_authfact *f = &fs.v[i];
        dc_buf_printf(&b, "%s%s=%s@%u:%s", i ? "; " : "", f->toolkit, f->auth_config, f->line,
                      dc_authfact_kind_name(f->kind));
        if (f->name) dc_buf_printf(&b, "(%s)", f->name);
        CHECK_EQ_STR(f->path, path);
    }
    dc_authfacts_free(&fs);
    if (tree) ts_tree_delete(tree);
    dc_worker_free(w);
    dc_source_free(src);
    return dc_buf_detach(&b);
}

static dc_ruleset *rules(void) {
    dc_ruleset *rs = dc_ruleset_new();
    if (dc_ruleset_load_builtin(rs) != 0) abort();
    return rs;
}

#define EXPECT_FACTS(rs, lang, path, code, want)                                                                       \
    do {                                                                                                               \
        char *got_ = facts_of(rs, lang, path, code, dc_failed_);                                                                   \
        CHECK_EQ_STR(got_, want);                                                                                      \
        free(got_);                                                                                                    \
    } while (0)

DC_TEST(python_names_maps_and_calls) {
    dc_ruleset *rs = rules();
    EXPECT_FACTS(rs, DC_LANG_PYTHON, "c.py",
                 "import os\n"
                 "GITHUB_AUTH_CONFIG_ID = \"ac_gh1\"\n"                                 /* 2 NAME */
                 "slack_ac_id: str = 'ac_sl1'\n"                                        /* 3 NAME (typed) */
                 "AUTH_CONFIGS = {\"gmail\": \"ac_gm1\", \"default\": \"ac_d\"}\n"      /* 4 MAP_KEY; default: no toolkit */
                 "AUTH_CONFIGS[\"notion\"] = \"ac_no1\"\n"                              /* 5 MAP_KEY */
                 "LINEAR = os.getenv(\"LINEAR_AUTH_CONFIG_ID\", \"ac_li1\")\n"          /* 6 NAME (env var) */
                 "os.environ.setdefault(\"JIRA_AUTH_CONFIG_ID\", \"ac_ji1\")\n"         /* 7 NAME */
                 "ASANA = os.getenv(\"ASANA_AUTH_CONFIG_ID\") or \"ac_as1\"\n"          /* 8 NAME */
                 "s = dc.create(user_id=u, auth_configs={\"trello\": \"ac_tr1\"})\n"    /* 9 MAP_KEY */
                 "ts.initiate_connection(app_name=App.ZOOM, integration_id=\"ac_zo1\")\n" /* 10 TOOLKIT */
                 "e.initiate_connection(\"figma\", integration_id=\"ac_fi1\")\n"         /* 11 TOOLKIT */
                 "class Settings:\n"
                 "    hubspot_auth_config_id = \"ac_hu1\"\n",                           /* 13 NAME */
                 "github=ac_gh1@2:NAME(GITHUB_AUTH_CONFIG_ID); slack=ac_sl1@3:NAME(slack_ac_id); "
                 "gmail=ac_gm1@4:MAP_KEY(AUTH_CONFIGS); notion=ac_no1@5:MAP_KEY(AUTH_CONFIGS); "
                 "linear=ac_li1@6:NAME(LINEAR_AUTH_CONFIG_ID); jira=ac_ji1@7:NAME(JIRA_AUTH_CONFIG_ID); "
                 "asana=ac_as1@8:NAME(ASANA_AUTH_CONFIG_ID); trello=ac_tr1@9:MAP_KEY(auth_configs); "
                 "zoom=ac_zo1@10:TOOLKIT(integration_id); figma=ac_fi1@11:TOOLKIT(integration_id); "
                 "hubspot=ac_hu1@13:NAME(hubspot_auth_config_id)");
    dc_ruleset_free(rs);
}

DC_TEST(typescript_names_maps_and_calls) {
    dc_ruleset *rs = rules();
    EXPECT_FACTS(rs, DC_LANG_TYPESCRIPT, "c.ts",
                 "export const GITHUB_AUTH_CONFIG_ID = \"ac_gh1\";\n"                    /* 1 NAME */
                 "const authConfigs = { slack: 'ac_sl1', gmail: \"ac_gm1\" } as const;\n" /* 2 MAP_KEY x2 */
                 "await c.toolkits.authorize(userId, \"notion\", \"ac_no1\");\n"         /* 3 TOOLKIT */
                 "const cfg = [{ toolkit: \"linear\", authConfigId: \"ac_li1\" }];\n"    /* 4 TOOLKIT */
                 "const jira = process.env.JIRA_AUTH_CONFIG_ID ?? \"ac_ji1\";\n"         /* 5 NAME */
                 "t.initiateConnection({ appName: \"zoom\", integrationId: \"ac_zo1\" });\n" /* 6 TOOLKIT */
                 "class S { private asanaAuthConfigId = \"ac_as1\"; }\n"                 /* 7 NAME */
                 "const byToolkit = { figma: { authConfigId: \"ac_fi1\" } };\n"          /* 8 MAP_KEY */
                 "const s = await c.create(u, { authConfigs: { trello: \"ac_tr1\" } });\n", /* 9 MAP_KEY */
                 "github=ac_gh1@1:NAME(GITHUB_AUTH_CONFIG_ID); slack=ac_sl1@2:MAP_KEY(authConfigs); "
                 "gmail=ac_gm1@2:MAP_KEY(authConfigs); notion=ac_no1@3:TOOLKIT; "
                 "linear=ac_li1@4:TOOLKIT(authConfigId); jira=ac_ji1@5:NAME(JIRA_AUTH_CONFIG_ID); "
                 "zoom=ac_zo1@6:TOOLKIT(integrationId); asana=ac_as1@7:NAME(asanaAuthConfigId); "
                 "figma=ac_fi1@8:MAP_KEY(authConfigId); trello=ac_tr1@9:MAP_KEY(authConfigs)");
    dc_ruleset_free(rs);
}

/* An `ac_` string is a fact only where the code proves the toolkit. */
DC_TEST(decoys_are_no_facts) {
    dc_ruleset *rs = rules();
    EXPECT_FACTS(rs, DC_LANG_PYTHON, "d.py",
                 "\"\"\"GITHUB_AUTH_CONFIG_ID = \"ac_doc\" in a docstring\"\"\"\n"
                 "# GITHUB_AUTH_CONFIG_ID = \"ac_comment\"\n"
                 "HVAC_MODE = \"ac_cool\"\n"                /* names no toolkit, says no auth config */
                 "GITHUB_CACHE_KEY = \"ac_github\"\n"       /* names github, says no auth config */
                 "PRIMARY_AUTH_CONFIG_ID = \"ac_p1\"\n"     /* says auth config, names no toolkit */
                 "GITHUB_SLACK_AUTH_CONFIG = \"ac_gs\"\n"   /* names two toolkits */
                 "CACHE = {\"github\": \"ac_c1\"}\n"        /* a map that is not of auth configs */
                 "AUTH_CONFIGS = {\"primary\": \"ac_p2\"}\n" /* a key that is no toolkit */
                 "GITHUB_AUTH_CONFIG_ID = \"ac_your_github_config\"\n" /* placeholders */
                 "SLACK_AUTH_CONFIG_ID = \"ac_xxxx\"\n"
                 "GMAIL_AUTH_CONFIG_ID = f\"ac_{x}\"\n"     /* not a plain string */
                 "NOTION_AUTH_CONFIG_ID = \"ac_a b\"\n"     /* not an id */
                 "dc.connected_accounts.link(user_id, \"ac_github_config\")\n" /* the call names no toolkit */
                 "x = \"ac_github_config\"\n",
                 "");
    EXPECT_FACTS(rs, DC_LANG_TYPESCRIPT, "d.ts",
                 "// const GITHUB_AUTH_CONFIG_ID = \"ac_comment\";\n"
                 "const GITHUB_AUTH_CONFIG_ID = `ac_${x}`;\n"
                 "const github = \"ac_gh\";\n"
                 "await c.connectedAccounts.link(userId, \"ac_gh2\");\n"
                 "await c.toolkits.authorize(userId, toolkit, \"ac_gh3\");\n"
                 "const m = { github: \"ac_gh4\" };\n",
                 "");
    dc_ruleset_free(rs);
}

DC_TEST(dotenv_lines) {
    dc_ruleset *rs = rules();
    EXPECT_FACTS(rs, DC_LANG_DOTENV, ".env",
                 "# GITHUB_AUTH_CONFIG_ID=ac_commented\n"
                 "GITHUB_AUTH_CONFIG_ID=ac_gh1\n"
                 "export SLACK_AUTH_CONFIG_ID = \"ac_sl1\" # quoted\n"
                 "GMAIL_AUTH_CONFIG_ID='ac_gm1'\r\n"
                 "HVAC=ac_cool\n"
                 "NOTION_AUTH_CONFIG_ID=ac_xxx\n"
                 "DEVCASTER_API_KEY=ac_not_an_auth_config_name\n"
                 "LINEAR_AUTH_CONFIG_ID=",
                 "github=ac_gh1@2:ENV(GITHUB_AUTH_CONFIG_ID); slack=ac_sl1@3:ENV(SLACK_AUTH_CONFIG_ID); "
                 "gmail=ac_gm1@4:ENV(GMAIL_AUTH_CONFIG_ID)");
    dc_ruleset_free(rs);
}

static void add(dc_authfacts *fs, const char *tk, const char *ac, const char *path, uint32_t line,
                dc_authfact_kind kind) {
    dc_authfact f = {(char *)tk, (char *)ac, (char *)path, NULL, line, 1, kind};
    dc_authfacts_add(fs, &f);
}

DC_TEST(map_precedence_ambiguity_and_lookup) {
    dc_authfacts fs = {0};
    add(&fs, "slack", "ac_s2", "b.py", 9, DC_AUTHFACT_NAME);
    add(&fs, "github", "ac_g2", "z.py", 3, DC_AUTHFACT_NAME);
    add(&fs, "github", "ac_g1", "a.py", 5, DC_AUTHFACT_NAME);
    add(&fs, "github", "ac_g1", ".env", 1, DC_AUTHFACT_ENV); /* the same id again: not ambiguous */
    add(&fs, "slack", "ac_s1", NULL, 0, DC_AUTHFACT_FLAG);  /* explicit: wins over b.py */
    add(&fs, "gmail", "ac_m1", ".dcmigrate.yml", 2, DC_AUTHFACT_CONFIG);
    add(&fs, "gmail", "ac_m2", NULL, 0, DC_AUTHFACT_FLAG); /* the command line above the config */
    add(&fs, "notion", "NOTION_ID", NULL, 0, DC_AUTHFACT_FLAG); /* an expression's text: no session value */
    add(&fs, "zoom", "ac_g1", "c.py", 1, DC_AUTHFACT_NAME);    /* one id, two toolkits */
    dc_authmap m;
    dc_authmap_build(&m, &fs, true);
    CHECK(m.project);
    CHECK_EQ_INT(m.toolkits.len, 4);
    const dc_authmap_toolkit *g = dc_authmap_find(&m, "github");
    CHECK(g && g->fact && g->other);
    if (g && g->other) {
        char a[64], b[64];
        CHECK_EQ_STR(g->fact->auth_config, "ac_g1");
        CHECK_EQ_STR(dc_authfact_where(g->fact, a, sizeof a), ".env:1"); /* sorts first of the two */
        CHECK_EQ_STR(g->other->auth_config, "ac_g2");
        CHECK_EQ_STR(dc_authfact_where(g->other, b, sizeof b), "z.py:3");
    }
    const dc_authmap_toolkit *s = dc_authmap_find(&m, "slack");
    CHECK(s && !s->other && !strcmp(s->fact->auth_config, "ac_s1"));
    const dc_authmap_toolkit *gm = dc_authmap_find(&m, "gmail");
    CHECK(gm && !gm->other && !strcmp(gm->fact->auth_config, "ac_m2"));
    CHECK(!dc_authmap_find(&m, "notion"));
    CHECK(dc_authmap_find(&m, "trello") == NULL);
    const dc_authfact *f = dc_authmap_toolkit_of(&m, "NOTION_ID");
    CHECK(f && !strcmp(f->toolkit, "notion"));
    CHECK(dc_authmap_toolkit_of(&m, "ac_g1") == NULL); /* github and zoom */
    f = dc_authmap_toolkit_of(&m, "ac_s2");
    CHECK(f && !strcmp(f->toolkit, "slack"));
    f = dc_authmap_toolkit_of(&m, "ac_m1");
    CHECK(f && f->kind == DC_AUTHFACT_CONFIG);
    CHECK(dc_authmap_toolkit_of(&m, "ac_none") == NULL);
    CHECK(dc_authmap_beyond(&m, "a.py")); /* b.py, z.py, .env, c.py */
    dc_authfacts one = {0};
    add(&one, "github", "ac_g1", "a.py", 5, DC_AUTHFACT_NAME);
    add(&one, "slack", "ac_s1", NULL, 0, DC_AUTHFACT_FLAG);
    dc_authmap m1;
    dc_authmap_build(&m1, &one, false);
    CHECK(!dc_authmap_beyond(&m1, "a.py")); /* its own facts and the command line's */
    CHECK(dc_authmap_beyond(&m1, "b.py"));
    dc_authmap_free(&m1);
    dc_authfacts_free(&one);
    /* the same facts in another order make the same map */
    dc_authfacts rev = {0};
    for (uint32_t i = fs.len; i-- > 0;) dc_authfacts_add(&rev, &fs.v[i]);
    dc_authmap m2;
    dc_authmap_build(&m2, &rev, false);
    CHECK_EQ_INT(m2.toolkits.len, m.toolkits.len);
    for (uint32_t i = 0; i < m.toolkits.len && i < m2.toolkits.len; i++) {
        CHECK_EQ_STR(m2.toolkits.v[i].toolkit, m.toolkits.v[i].toolkit);
        CHECK_EQ_STR(m2.toolkits.v[i].fact->auth_config, m.toolkits.v[i].fact->auth_config);
        CHECK(!m2.toolkits.v[i].other == !m.toolkits.v[i].other);
    }
    dc_authmap_free(&m);
    dc_authmap_free(&m2);
    dc_authfacts_free(&fs);
    dc_authfacts_free(&rev);
}

/* The candidate test's promise over every fixture of the suite: a file with a fact is a
 * candidate. (How many candidates have none is what it costs the project phase.) */
static void walk(dc_ruleset *rs, dc_worker *w, const char *dir, uint32_t *files, uint32_t *cands, int *dc_failed_) {
    DIR *dp = opendir(dir);
    if (!dp) return;
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (de->d_name[0] == '.' && strncmp(de->d_name, ".env", 4) != 0) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        struct stat st;
        if (stat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            walk(rs, w, path, files, cands, dc_failed_);
            continue;
        }
        dc_lang lang = dc_lang_from_path(path);
        if (!lang) continue;
        dc_load_status ls;
        int err;
        dc_source *src = dc_source_load(path, path, 0, &ls, &err);
        if (!src) continue;
        TSTree *tree = lang == DC_LANG_DOTENV ? NULL : dc_parse(w, src);
        dc_authfacts fs = {0};
        dc_authfacts_extract(rs, src, tree, &fs);
        bool cand = dc_authfacts_candidate(rs, src->data, src->len, lang);
        if (fs.len && !cand) fprintf(stderr, "missed candidate: %s\n", path);
        CHECK(!fs.len || cand);
        *files += fs.len > 0;
        *cands += cand;
        dc_authfacts_free(&fs);
        if (tree) ts_tree_delete(tree);
        dc_source_free(src);
    }
    closedir(dp);
}

DC_TEST(candidates_cover_every_fixture_with_a_fact) {
    dc_ruleset *rs = rules();
    dc_worker *w = dc_worker_new();
    uint32_t files = 0, cands = 0;
    walk(rs, w, "fixtures", &files, &cands, dc_failed_);
    walk(rs, w, "../examples", &files, &cands, dc_failed_);
    CHECK(files >= 12); /* the pos_fix_auth_* fixtures and the example */
    CHECK(cands >= files);
    dc_worker_free(w);
    dc_ruleset_free(rs);
}

DC_TEST(kind_names_round_trip) {
    for (int k = 0; k < DC_AUTHFACT_KIND_COUNT; k++)
        CHECK_EQ_INT(dc_authfact_kind_from_name(dc_authfact_kind_name((dc_authfact_kind)k)), k);
    CHECK_EQ_INT(dc_authfact_kind_from_name("nope"), -1);
    CHECK(dc_authfacts_may_have("x = 'ac_1'", 10));
    CHECK(!dc_authfacts_may_have("nothing here", 12));
}

DC_TEST_MAIN
