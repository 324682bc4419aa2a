/* dcaf_results.c: the DCAF pack's rules about Session objects where a dict belongs:
 * dcaf-result-session-object (AgentResult.session), dcaf-session-ctor-args (Session(d)) and
 * dcaf-response-session-dict (Session methods on agent.run()'s plain-dict session). */
#include <string.h>

#include "analysis/dcaf_p.h"

/* ---- dcaf-result-session-object ---- */

static void report_session_value(dcaf_ctx *c, const dc_rule *r, TSNode x) {
    if (!(dcaf_value_kind(c, x) & V_SESSION)) return;
    const char *kv[] = {"value", dcaf_cstr(c, x), NULL};
    dc_finding *f = dcaf_report(c, r, x, kv);
    dc_dcaf_plan *p = dcaf_plan_new(c, f, DC_APP_SAFE, NULL);
    p->title = "pass the session's dict";
    dcaf_plan_edit(c, p, ts_node_end_byte(x), ts_node_end_byte(x), ".to_dict()");
}

void dcaf_rule_result_session_object(dcaf_ctx *c, const dc_rule *r) {
    for (uint32_t i = 0; i < c->calls.len; i++) {
        TSNode call = c->calls.v[i];
        if (!dcaf_calls_sym(c, call, SYM_AGENT_RESULT)) continue;
        TSNode args = dc_field(call, "arguments");
        uint32_t k = ts_node_named_child_count(args), pos = 0;
        for (uint32_t j = 0; j < k; j++) {
            TSNode a = ts_node_named_child(args, j);
            if (dc_node_is(a, "comment")) continue;
            if (dc_node_is(a, "keyword_argument")) {
                if (dc_sv_eq_cstr(dcaf_text(c, dc_field(a, "name")), "session"))
                    report_session_value(c, r, dc_field(a, "value"));
            } else if (pos++ == 3) {
                report_session_value(c, r, a);
            }
        }
    }
    for (uint32_t i = 0; i < c->assigns.len; i++) {
        TSNode as = c->assigns.v[i];
        TSNode l = dc_field(as, "left");
        if (!dc_node_is(as, "assignment") || !dc_node_is(l, "attribute") ||
            !dc_sv_eq_cstr(dcaf_text(c, dc_field(l, "attribute")), "session") ||
            !(dcaf_value_kind(c, dc_field(l, "object")) & V_AGENT_RESULT))
            continue;
        report_session_value(c, r, dc_field(as, "right"));
    }
}
