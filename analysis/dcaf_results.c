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
    dcaf_plan_edit(c, p, dcaf_end(x), dcaf_end(x), ".to_dict()");
}

void dcaf_rule_result_session_object(dcaf_ctx *c, const dc_rule *r) {
    for (uint32_t i = 0; i < c->calls.len; i++) {
        TSNode call = c->calls.v[i];
        if (!dcaf_calls_sym(c, call, SYM_AGENT_RESULT)) continue;
        TSNode args = dc_field(call, "arguments");
        uint32_t k = dcaf_nkids(args), pos = 0;
        for (uint32_t j = 0; j < k; j++) {
            TSNode a = dcaf_kid(args, j);
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

/* ---- dcaf-session-ctor-args ---- */

static bool fresh_dict(dcaf_ctx *c, TSNode a) {
    if (dc_node_is(a, "dictionary") || dc_node_is(a, "dictionary_comprehension")) return true;
    TSNode fn = dc_field(a, "function");
    return dc_node_is(a, "call") && dc_node_is(fn, "identifier") && dc_sv_eq_cstr(dcaf_text(c, fn), "dict");
}

static bool is_get_call(dcaf_ctx *c, TSNode a) {
    TSNode fn = dc_field(a, "function");
    return dc_node_is(a, "call") && dc_node_is(fn, "attribute") && dc_sv_eq_cstr(dcaf_text(c, dc_field(fn, "attribute")), "get");
}

static void check_ctor(dcaf_ctx *c, const dc_rule *r, TSNode call) {
    TSNode fn = dc_field(call, "function"), args = dc_field(call, "arguments");
    if (!dcaf_is_sym(c, fn, SYM_SESSION) || !dc_node_is(args, "argument_list")) return;
    TSNode items[4];
    uint32_t n = 0, k = dcaf_nkids(args);
    bool fields_only = true;
    for (uint32_t i = 0; i < k; i++) {
        TSNode a = dcaf_kid(args, i);
        if (dc_node_is(a, "comment")) continue;
        if (n < 4) items[n] = a;
        n++;
        dc_sv kw = dc_node_is(a, "keyword_argument") ? dcaf_text(c, dc_field(a, "name")) : (dc_sv){0};
        if (!dc_sv_eq_cstr(kw, "_data") && !dc_sv_eq_cstr(kw, "_modified")) fields_only = false;
    }
    if (!n || fields_only || (n == 1 && fresh_dict(c, items[0]))) return;
    TSNode a = items[0];
    bool kw = dc_node_is(a, "keyword_argument");
    TSNode v = kw ? dc_field(a, "value") : a;
    const char *what;
    if (n > 1 || dc_node_is(a, "list_splat") || dc_node_is(a, "dictionary_splat"))
        what = "does not take a dict of data: its only fields are the private _data and _modified";
    else if (kw)
        what = dc_arena_printf(c->arena, "raises TypeError: Session takes no `%s` keyword", dcaf_cstr(c, dc_field(a, "name")));
    else if (is_get_call(c, a))
        what = "stores whatever `.get()` returns, and Session(None) fails on first use";
    else
        what = "stores the dict itself as its data: changing the session changes the dict";
    const char *kv[] = {"callee", dcaf_cstr(c, fn), "what", what, NULL};
    dc_finding *f = dcaf_report(c, r, fn, kv);
    if (n > 1 || dc_node_is(a, "list_splat") || dc_node_is(a, "dictionary_splat")) {
        dcaf_plan_new(c, f, DC_APP_MANUAL, dc_arena_printf(c->arena, "build it with %s.from_dict(<the data dict>)",
                                                           dcaf_cstr(c, fn)));
        return;
    }
    dc_dcaf_plan *p = dcaf_plan_new(c, f, DC_APP_SAFE, NULL);
    p->title = "use Session.from_dict";
    dcaf_plan_edit(c, p, dcaf_end(fn), dcaf_end(fn), ".from_dict");
    if (kw) dcaf_plan_edit(c, p, ts_node_start_byte(a), ts_node_start_byte(v), "");
}

void dcaf_rule_session_ctor_args(dcaf_ctx *c, const dc_rule *r) {
    for (uint32_t i = 0; i < c->calls.len; i++) check_ctor(c, r, c->calls.v[i]);
}

/* ---- dcaf-response-session-dict ---- */

static const char *const session_only[] = {"set", "has", "delete", "to_dict", "is_modified", "is_empty", NULL};

/* `D.M` with D the dict and M a Session-only member (or get(..., as_type=...)): M's name, else NULL. */
static const char *session_member_on_dict(dcaf_ctx *c, TSNode d) {
    TSNode p = dcaf_parent(d);
    if (!dc_node_is(p, "attribute") || !dcaf_same(dc_field(p, "object"), d)) return NULL;
    dc_sv m = dcaf_text(c, dc_field(p, "attribute"));
    for (int i = 0; session_only[i]; i++)
        if (dc_sv_eq_cstr(m, session_only[i])) return session_only[i];
    TSNode call = dcaf_parent(p);
    if (!dc_sv_eq_cstr(m, "get") || !dc_node_is(call, "call")) return NULL;
    dc_sv args = dcaf_text(c, dc_field(call, "arguments"));
    return memmem(args.p, args.len, "as_type", 7) ? "get(..., as_type=...)" : NULL;
}

typedef struct resp_walk {
    dcaf_ctx *c;
    const dc_rule *r;
} resp_walk;

static bool on_attribute(TSNode n, void *vctx) {
    resp_walk *w = vctx;
    dcaf_ctx *c = w->c;
    if (!dc_sv_eq_cstr(dcaf_text(c, dc_field(n, "attribute")), "session")) return true;
    TSNode obj = dc_field(n, "object");
    uint32_t k = dcaf_value_kind(c, obj);
    const char *m = NULL, *what = NULL, *todo = NULL;
    TSNode at = obj;
    if (k & V_RUN_RESULT) {
        m = session_member_on_dict(c, n);
        what = "is a plain dict on what agent.run() returns: `%s` fails";
        todo = "Session.from_dict(%s.session) gives a Session; or use dict operations";
    } else if (k & V_CHAT_RESULT) {
        what = "does not exist: agent.chat() returns an AgentMessage, whose session is .data.session (a dict)";
        todo = "read %s.data.session (a dict); Session.from_dict(...) of it gives a Session";
        m = "session";
    } else if (dc_node_is(obj, "attribute") && dc_sv_eq_cstr(dcaf_text(c, dc_field(obj, "attribute")), "data") &&
               (dcaf_value_kind(c, dc_field(obj, "object")) & V_CHAT_RESULT)) {
        at = dc_field(obj, "object");
        m = session_member_on_dict(c, n);
        what = "is a plain dict on what agent.chat() returns: `%s` fails";
        todo = "Session.from_dict(%s.data.session) gives a Session; or use dict operations";
    }
    if (!m) return true;
    const char *recv = dcaf_cstr(c, at);
    const char *kv[] = {"expr", dcaf_cstr(c, n), "what", strstr(what, "%s") ? dc_arena_printf(c->arena, what, m) : what,
                        NULL};
    dc_finding *f = dcaf_report(c, w->r, at, kv);
    dcaf_plan_new(c, f, DC_APP_MANUAL, dc_arena_printf(c->arena, todo, recv));
    return true;
}

void dcaf_rule_response_session_dict(dcaf_ctx *c, const dc_rule *r) {
    static const char *const kinds[] = {"attribute", NULL};
    resp_walk w = {c, r};
    dc_tree_walk_kinds(c->root, kinds, on_attribute, &w);
}
