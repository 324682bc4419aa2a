/* dcaf_tools.c: the DCAF pack's rules about tools: dcaf-tool-session-param (a tool that expects
 * the framework to inject the Session) and dcaf-v1-tool-decorator (the v1 `dcaf.tools.tool`
 * used without its required schema). */
#include <string.h>

#include "analysis/dcaf_p.h"

/* ---- dcaf-tool-session-param ---- */

/* A JSON scalar the model can supply: str, int, float, bool, Literal[...], optionally Optional. */
static bool scalar_annotation(dcaf_ctx *c, TSNode type) {
    dc_sv t = dcaf_text(c, type);
    char buf[128];
    uint32_t k = 0;
    for (uint32_t i = 0; i < t.len && k + 1 < sizeof buf; i++)
        if (t.p[i] != ' ' && t.p[i] != '"' && t.p[i] != '\'') buf[k++] = t.p[i];
    buf[k] = 0;
    char *s = buf;
    size_t l = strlen(s);
    if (strncmp(s, "Optional[", 9) == 0 && s[l - 1] == ']') {
        s += 9;
        s[strlen(s) - 1] = 0;
    } else if (l > 5 && strcmp(s + l - 5, "|None") == 0) {
        s[l - 5] = 0;
    }
    static const char *const ok[] = {"str", "int", "float", "bool", NULL};
    for (int i = 0; ok[i]; i++)
        if (strcmp(s, ok[i]) == 0) return true;
    return strncmp(s, "Literal[", 8) == 0 || strncmp(s, "typing.Literal[", 15) == 0;
}

static void check_tool_param(dcaf_ctx *c, const dc_rule *r, TSNode def, TSNode p) {
    dc_sv name = dcaf_param_name(c, p);
    TSNode ty = dcaf_param_type(p);
    bool annotated = !ts_node_is_null(ty);
    if (!dcaf_is_session_annotation(c, ty) &&
        !(dc_sv_eq_cstr(name, "session") && (!annotated || !scalar_annotation(c, ty))))
        return;
    TSNode dflt = dcaf_param_default(p);
    const char *what = "is a required argument the model is asked to invent (or the call fails validation)";
    if (dc_node_is(dflt, "none")) what = "always receives None";
    else if (!ts_node_is_null(dflt)) what = "always receives its default, one object shared by every call";
    const char *kv[] = {"param", dc_arena_strndup(c->arena, name.p, name.len), "tool", dcaf_cstr(c, dc_field(def, "name")),
                        "what", what, NULL};
    dc_finding *f = dcaf_report(c, r, p, kv);
    dcaf_plan_new(c, f, DC_APP_MANUAL,
                  "remove the parameter; keep per-conversation state in a custom agent function given to "
                  "serve() (its third argument is the Session) or in interceptors (request.session / "
                  "response.session)");
}

void dcaf_rule_tool_session_param(dcaf_ctx *c, const dc_rule *r) {
    for (uint32_t i = 0; i < c->fns.len; i++) {
        TSNode def = c->fns.v[i].def;
        if (!(c->fns.v[i].role & F_TOOL) || !dc_node_is(def, "function_definition")) continue;
        TSNode ps[32];
        uint32_t n = dcaf_params(def, ps, 32);
        for (uint32_t k = 0; k < n; k++) check_tool_param(c, r, def, ps[k]);
    }
}
