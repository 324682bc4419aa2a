/* fuzz_rules: the rule loader on arbitrary bytes: YAML (libyaml), the schema checks, tree-sitter
 * query compilation for every grammar and profile, PCRE2 regexes (`#match?`, `where`, dotenv
 * `regex`), {{placeholder}} expansion; then, when the rule loads, the rule at work: merged
 * queries, an analysis with fixes of small Python / TypeScript / TSX / JavaScript / .env samples,
 * one fix pass and a short fix loop (user rules may legitimately not converge, so that is not
 * checked here).
 *
 * Seeds: the files rules/ *.yml (scripts/fuzz seeds). A dictionary of schema keys and query syntax is in
 * fuzz/rules.dict. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "apply/apply.h"

static const struct {
    dc_lang lang;
    const char *name, *text;
} samples[] = {
    {DC_LANG_PYTHON, "s.py",
     "from devcaster import Devcaster\n"
     "dc = Devcaster(api_key=\"k\", toolkit_versions=\"latest\")\n"
     "tools = dc.tools.get(user_id=\"u1\", toolkits=[\"GITHUB\"])  # dcmigrate: ignore[x]\n"
     "r = dc.tools.execute(\"GITHUB_CREATE_ISSUE\", {\"a\": 1}, user_id=\"u1\")\n"
     "dc.triggers.create(\"T\", user_id=\"u1\")\n"
     "def f(x: Devcaster):\n    return x.connected_accounts.link(\"u\", \"ac_123\")\n"},
    {DC_LANG_TYPESCRIPT, "s.ts",
     "import { Devcaster } from \"@devcaster/core\";\n"
     "const dc = new Devcaster({ apiKey: \"k\", toolkitVersions: \"latest\" });\n"
     "export async function f(userId: string) {\n"
     "  const tools = await dc.tools.get(userId, { toolkits: [\"GITHUB\"] }); // dcmigrate: ignore\n"
     "  await dc.triggers.create(userId, \"T\", {});\n  return tools as unknown as number;\n}\n"},
    {DC_LANG_TSX, "s.tsx",
     "import { Composio } from \"@composio/core\";\nconst c = new Composio();\n"
     "export const B = () => <button onClick={() => c.connectedAccounts.link(\"u\", \"ac_1\")}>x</button>;\n"},
    {DC_LANG_JAVASCRIPT, "s.js",
     "const { Devcaster } = require(\"@devcaster/core\");\nconst dc = new Devcaster();\n"
     "module.exports = async (u) => dc.tools.get(u, { toolkits: [\"SLACK\"] });\n"},
    {DC_LANG_DOTENV, ".env", "DEVCASTER_API_KEY=k\nDEVCASTER_TOOLKIT_VERSION_GITHUB=20250101\n# c\n"},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > (64u << 10)) return 0;
    dcf_quiet();
    dc_worker *w = dcf_worker_new();
    dc_ruleset *rs = dc_ruleset_new();
    int errs = dc_ruleset_load_buffer(rs, "fuzz.yml", (const char *)data, size, false);
    errs += dc_ruleset_validate(rs);
    if (errs == 0 && dc_ruleset_count(rs) > 0) {
        for (uint32_t i = 0; i < dc_ruleset_count(rs); i++) {
            const dc_rule *r = dc_ruleset_get(rs, i);
            if (!r->id || !r->message) dcf_fail("rule", "a loaded rule lacks id or message");
            dc_buf b = DC_BUF_INIT;
            dc_expand_profile(&b, r->note ? r->note : "", DC_PROFILE_COMPOSIO);
            for (uint32_t k = 0; k < r->nexamples; k++) {
                dc_expand_profile(&b, r->examples[k].before ? r->examples[k].before : "", DC_PROFILE_DEVCASTER);
                dc_expand_profile(&b, r->examples[k].after ? r->examples[k].after : "", DC_PROFILE_DEVCASTER);
            }
            dc_buf_free(&b);
        }
        for (size_t s = 0; s < sizeof samples / sizeof samples[0]; s++) {
            for (int p = DC_PROFILE_AUTO; p < DC_PROFILE_COUNT; p += 2) {
                dc_source *src = dc_source_from_bytes(samples[s].name, samples[s].lang, samples[s].text,
                                                      (uint32_t)strlen(samples[s].text));
                dc_analyze_opts opts = dcf_opts((dc_profile)p);
                dc_analysis an;
                dcf_analyze(w, rs, src, &opts, NULL, &an);
                dcf_check_analysis(&an, false);
                dc_buf out = DC_BUF_INIT;
                (void)dc_fixes_apply(&an, DC_APP_UNSAFE, &out, NULL);
                dc_buf_free(&out);
                dc_analysis_release(&an);
                if (p == DC_PROFILE_AUTO) {
                    dc_fix_result fr;
                    dc_fix_file(w, rs, src, &opts, dcf_fix_opts(), DC_APP_UNSAFE, &fr);
                    dc_fix_result_free(&fr);
                }
                dc_source_free(src);
            }
        }
    }
    dc_ruleset_free(rs);
    dc_worker_free(w);
    return 0;
}
