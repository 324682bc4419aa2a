/* dcaf_intercept.c: the DCAF pack's rules about interceptors: dcaf-request-session-reassigned
 * (the agent never reads request.session back, agent.py:719-739) and dcaf-interceptor-no-return
 * (each interceptor's return value replaces the data, interceptors.py:726-734). */
#include <string.h>

#include "analysis/dcaf_p.h"

static const char *fn_name(dcaf_ctx *c, TSNode def) {
    return dc_node_is(def, "lambda") ? "lambda" : dcaf_cstr(c, dc_field(def, "name"));
}

static TSNode first_param(TSNode def) {
    TSNode ps = dc_field(def, "parameters");
    for (uint32_t i = 0; i < dcaf_nkids(ps); i++) {
        TSNode p = dcaf_kid(ps, i);
        if (!dc_node_is(p, "comment")) return p;
    }
    return (TSNode){0};
}

/* ---- dcaf-request-session-reassigned ---- */

void dcaf_rule_request_session_reassigned(dcaf_ctx *c, const dc_rule *r) {
    for (uint32_t i = 0; i < c->assigns.len; i++) {
        TSNode as = c->assigns.v[i], l = dc_field(as, "left");
        if (!dc_node_is(as, "assignment") || !dc_node_is(l, "attribute") ||
            !dc_sv_eq_cstr(dcaf_text(c, dc_field(l, "attribute")), "session"))
            continue;
        TSNode obj = dc_field(l, "object"), def = dcaf_enclosing_def(c, as);
        if (!dc_node_is(obj, "identifier") || ts_node_is_null(def) || !(dcaf_fn_role(c, def, NULL) & F_REQ_INTERCEPTOR))
            continue;
        if (!dc_sv_eq(dcaf_param_name(c, first_param(def)), dcaf_text(c, obj))) continue;
        const char *kv[] = {"param", dcaf_cstr(c, obj), "name", fn_name(c, def), NULL};
        dc_finding *f = dcaf_report(c, r, l, kv);
        dc_sv p = dcaf_text(c, obj);
        dcaf_plan_new(c, f, DC_APP_MANUAL,
                      dc_arena_printf(c->arena, "change it in place: %.*s.session.clear(); %.*s.session.update(<new data>)",
                                      (int)p.len, p.p, (int)p.len, p.p));
    }
}

/* ---- dcaf-interceptor-no-return ---- */

static TSNode last_stmt(TSNode block) {
    for (uint32_t i = dcaf_nkids(block); i-- > 0;) {
        TSNode s = dcaf_kid(block, i);
        if (!dc_node_is(s, "comment")) return s;
    }
    return (TSNode){0};
}

typedef struct break_scan {
    TSNode top;
    bool found;
} break_scan;

static bool find_break(void *vctx, TSNode n, const char *parent, const char *field) {
    break_scan *b = vctx;
    if (!dcaf_same(n, b->top) && (dc_node_is(n, "for_statement") || dc_node_is(n, "while_statement"))) return false;
    if (dc_node_is(n, "break_statement")) b->found = true;
    return !b->found;
}

/* A `break` of this loop (not of a nested loop) in `body`? */
static bool has_break(TSNode body) {
    break_scan b = {body, false};
    dcaf_walk_body(body, find_break, &b);
    return b.found;
}

static bool block_ends(TSNode block);

/* Can control not fall off the end of statement `s`? */
static bool stmt_ends(TSNode s) {
    if (dc_node_is(s, "return_statement") || dc_node_is(s, "raise_statement")) return true;
    if (dc_node_is(s, "if_statement")) {
        if (!block_ends(dc_field(s, "consequence"))) return false;
        bool has_else = false;
        for (uint32_t i = 0; i < dcaf_nkids(s); i++) {
            TSNode ch = dcaf_kid(s, i);
            if (dc_node_is(ch, "elif_clause") && !block_ends(dc_field(ch, "consequence"))) return false;
            if (dc_node_is(ch, "else_clause")) {
                has_else = true;
                if (!block_ends(dc_field(ch, "body"))) return false;
            }
        }
        return has_else;
    }
    if (dc_node_is(s, "try_statement")) {
        bool body = block_ends(dc_field(s, "body")), ok = true;
        for (uint32_t i = 0; i < dcaf_nkids(s); i++) {
            TSNode ch = dcaf_kid(s, i);
            if (dc_node_is(ch, "finally_clause") && block_ends(dcaf_child_of_kind(ch, "block")))
                return true;
            if (dc_node_is(ch, "else_clause")) body = body || block_ends(dc_field(ch, "body"));
            if (dc_node_is(ch, "except_clause") && !block_ends(dcaf_child_of_kind(ch, "block"))) ok = false;
        }
        return body && ok;
    }
    if (dc_node_is(s, "with_statement")) return block_ends(dc_field(s, "body"));
    if (dc_node_is(s, "while_statement"))
        return dc_node_is(dc_field(s, "condition"), "true") && !has_break(dc_field(s, "body"));
    return false;
}

static bool block_ends(TSNode block) {
    TSNode s = last_stmt(block);
    return !ts_node_is_null(s) && stmt_ends(s);
}

typedef struct ret_scan {
    uint32_t returns, bare;
    bool yields;
} ret_scan;

static bool scan_returns(void *vctx, TSNode n, const char *parent, const char *field) {
    ret_scan *s = vctx;
    if (dc_node_is(n, "return_statement")) {
        s->returns++;
        TSNode v = dcaf_kid(n, 0);
        if (ts_node_is_null(v) || dc_node_is(v, "none")) s->bare++;
    }
    if (dc_node_is(n, "yield")) s->yields = true;
    return true;
}

/* The fix: `return <param>` on a new line after the body's last statement (after a comment
 * trailing it on its line), at the body's indentation. */
static void plan_append_return(dcaf_ctx *c, dc_finding *f, TSNode def, dc_sv param) {
    TSNode body = dc_field(def, "body"), last = last_stmt(body);
    if (ts_node_is_null(body) || ts_node_is_null(last)) return; /* no statement to follow (an ERROR body): manual */
    const char *src = c->src->data;
    uint32_t len = (uint32_t)c->src->len, at = dcaf_end(last), ls = ts_node_start_byte(body);
    while (ls > 0 && src[ls - 1] != '\n') ls--;
    uint32_t ie = ls;
    while (ie < len && (src[ie] == ' ' || src[ie] == '\t')) ie++;
    while (at < len && src[at] != '\n') at++;
    const char *nl = "\n";
    if (at > 0 && at < len && src[at - 1] == '\r') {
        at--;
        nl = "\r\n";
    }
    dc_dcaf_plan *p = dcaf_plan_new(c, f, DC_APP_SAFE, NULL);
    p->title = "return the interceptor's argument";
    dcaf_plan_edit(c, p, at, at,
                   dc_arena_printf(c->arena, "%s%.*sreturn %.*s", nl, (int)(ie - ls), src + ls, (int)param.len, param.p));
}

static bool lambda_returns_none(dcaf_ctx *c, TSNode lam) {
    TSNode body = dc_field(lam, "body");
    if (!dc_node_is(body, "call")) return false;
    TSNode fn = dc_field(body, "function");
    dc_sv t = dcaf_text(c, fn);
    if (dc_sv_eq_cstr(t, "print")) return true;
    if (!dc_node_is(fn, "attribute")) return false;
    dc_sv m = dcaf_text(c, dc_field(fn, "attribute"));
    static const char *const none_methods[] = {"add_system_context", "set", "update", "delete", "clear", "append",
                                               "info", "debug", "warning", "error", "exception", NULL};
    for (int i = 0; none_methods[i]; i++)
        if (dc_sv_eq_cstr(m, none_methods[i])) return true;
    return false;
}

static void check_interceptor(dcaf_ctx *c, const dc_rule *r, const dcaf_fn *fn) {
    TSNode def = fn->def;
    const char *kind = (fn->role & F_REQ_INTERCEPTOR) ? "request" : "response";
    if (dc_node_is(def, "lambda")) {
        if (!lambda_returns_none(c, def)) return;
        const char *kv[] = {"kind", kind, "name", "lambda", "what", "returns None (the value of its call)", NULL};
        dc_finding *f = dcaf_report(c, r, def, kv);
        dcaf_plan_new(c, f, DC_APP_MANUAL, "make it a def that changes its argument and returns it");
        return;
    }
    ret_scan s = {0, 0, false};
    if (ts_node_is_null(dc_field(def, "body"))) return; /* (an ERROR region: no body to judge) */
    dcaf_walk_body(dc_field(def, "body"), scan_returns, &s);
    if (s.yields || (!s.bare && block_ends(dc_field(def, "body")))) return;
    dc_sv param = dcaf_param_name(c, first_param(def));
    const char *kv[] = {"kind", kind, "name", fn_name(c, def), "what",
                        s.returns ? "can end without returning its argument" : "returns nothing", NULL};
    dc_finding *f = dcaf_report_range(c, r, ts_node_start_byte(def), dcaf_head_end(def), kv);
    bool one_line = ts_node_start_point(dc_field(def, "body")).row == ts_node_start_point(def).row;
    if (!s.returns && param.len && !one_line) plan_append_return(c, f, def, param);
    else
        dcaf_plan_new(c, f, DC_APP_MANUAL,
                      dc_arena_printf(c->arena, "return %.*s (or raise InterceptorError) on every path", (int)param.len,
                                      param.p));
}

void dcaf_rule_interceptor_no_return(dcaf_ctx *c, const dc_rule *r) {
    for (uint32_t i = 0; i < c->fns.len; i++)
        if (c->fns.v[i].role & (F_REQ_INTERCEPTOR | F_RESP_INTERCEPTOR)) check_interceptor(c, r, &c->fns.v[i]);
}
