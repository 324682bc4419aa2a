/* dcaf_dropped.c: dcaf-session-dropped: a served handler that changes its session and then
 * replies in a way that loses the change (dcaf/core/server.py:939-954). Flow-insensitive: "after"
 * means later in the source (design 2.5). */
#include <string.h>

#include "analysis/dcaf_p.h"

static const char *const mutators[] = {"append", "extend", "insert", "remove", "pop", "clear", "update",
                                       "setdefault", "add", "discard", NULL};

typedef struct handler_scan {
    dcaf_ctx *c;
    dc_sv s;                 /* the session parameter's name */
    DC_VEC(dc_sv) copies;    /* names assigned S.get(...) (the stored object itself) */
    uint32_t first_direct;   /* first set/update/delete/clear/[]=/del on S (UINT32_MAX: none) */
    uint32_t first_any;      /* first change of any kind, in place included */
    uint32_t last_direct;
    DC_VEC(TSNode) returns;
} handler_scan;

static bool is_name(handler_scan *h, TSNode n, dc_sv name) {
    return dc_node_is(n, "identifier") && dc_sv_eq(dcaf_text(h->c, n), name);
}

static bool is_copy(handler_scan *h, TSNode n) {
    for (uint32_t i = 0; i < h->copies.len; i++)
        if (is_name(h, n, h->copies.v[i])) return true;
    return false;
}

static void change_at(handler_scan *h, TSNode n, bool direct) {
    uint32_t at = ts_node_start_byte(n);
    if (direct) {
        if (at < h->first_direct) h->first_direct = at;
        if (h->last_direct == UINT32_MAX || at > h->last_direct) h->last_direct = at;
    }
    if (at < h->first_any) h->first_any = at;
}

/* `x = S.get(...)` without a non-builtin as_type: x is the stored object. */
static void note_copy(handler_scan *h, TSNode as) {
    TSNode l = dc_field(as, "left"), r = dc_field(as, "right");
    if (!dc_node_is(l, "identifier") || !dc_node_is(r, "call")) return;
    TSNode fn = dc_field(r, "function");
    if (!dc_node_is(fn, "attribute") || !is_name(h, dc_field(fn, "object"), h->s) ||
        !dc_sv_eq_cstr(dcaf_text(h->c, dc_field(fn, "attribute")), "get"))
        return;
    dc_sv args = dcaf_text(h->c, dc_field(r, "arguments"));
    if (memmem(args.p, args.len, "as_type", 7)) return;
    dc_sv name = dcaf_text(h->c, l);
    dc_vec_push(&h->copies, name);
}

static void scan_node(handler_scan *h, TSNode n) {
    if (dc_node_is(n, "call")) {
        TSNode fn = dc_field(n, "function");
        if (dc_node_is(fn, "attribute")) {
            TSNode obj = dc_field(fn, "object");
            dc_sv m = dcaf_text(h->c, dc_field(fn, "attribute"));
            if (is_name(h, obj, h->s) && (dc_sv_eq_cstr(m, "set") || dc_sv_eq_cstr(m, "update") ||
                                          dc_sv_eq_cstr(m, "delete") || dc_sv_eq_cstr(m, "clear")))
                change_at(h, n, true);
            for (int i = 0; mutators[i]; i++)
                if (dc_sv_eq_cstr(m, mutators[i]) && is_copy(h, obj)) change_at(h, n, false);
        }
    } else if (dc_node_is(n, "assignment") || dc_node_is(n, "augmented_assignment")) {
        TSNode l = dc_field(n, "left");
        if (dc_node_is(l, "subscript") && is_name(h, dc_field(l, "value"), h->s)) change_at(h, n, true);
        else if (dc_node_is(l, "subscript") && is_copy(h, dc_field(l, "value"))) change_at(h, n, false);
        else if (dc_node_is(n, "augmented_assignment") && is_copy(h, l)) change_at(h, n, false);
        if (dc_node_is(n, "assignment")) note_copy(h, n);
    } else if (dc_node_is(n, "delete_statement")) {
        TSNode t = dcaf_kid(n, 0);
        if (dc_node_is(t, "subscript")) change_at(h, n, is_name(h, dc_field(t, "value"), h->s));
    } else if (dc_node_is(n, "return_statement")) {
        dc_vec_push(&h->returns, n);
    }
}

static bool walk(void *vctx, TSNode n, const char *parent, const char *field) {
    if (dcaf_is_named(n)) scan_node(vctx, n);
    return true;
}

static bool is_string_expr(dcaf_ctx *c, TSNode e) {
    while (dc_node_is(e, "parenthesized_expression")) e = dcaf_kid(e, 0);
    if (dc_node_is(e, "string") || dc_node_is(e, "concatenated_string")) return true;
    if (dc_node_is(e, "binary_operator")) {
        dc_sv op = dcaf_text(c, dc_field(e, "operator"));
        if (!dc_sv_eq_cstr(op, "+") && !dc_sv_eq_cstr(op, "%")) return false;
        return is_string_expr(c, dc_field(e, "left")) || is_string_expr(c, dc_field(e, "right"));
    }
    if (dc_node_is(e, "call")) {
        TSNode fn = dc_field(e, "function");
        if (dc_node_is(fn, "identifier")) return dc_sv_eq_cstr(dcaf_text(c, fn), "str");
        if (dc_node_is(fn, "attribute")) {
            dc_sv m = dcaf_text(c, dc_field(fn, "attribute"));
            return dc_node_is(dc_field(fn, "object"), "string") && (dc_sv_eq_cstr(m, "join") || dc_sv_eq_cstr(m, "format"));
        }
    }
    return false;
}

/* The file's spelling of AgentResult, or NULL when it has none (then it is imported). */
static const char *agent_result_spelling(dcaf_ctx *c) {
    for (uint32_t i = 0; i < c->aliases.len; i++) {
        const char *k = c->aliases.v[i].canon;
        dc_sv l = c->aliases.v[i].local;
        if (!strcmp(k, "dcaf.core.AgentResult") || !strcmp(k, "dcaf.core.primitives.AgentResult"))
            return dc_arena_strndup(c->arena, l.p, l.len);
    }
    for (uint32_t i = 0; i < c->aliases.len; i++) {
        dc_sv l = c->aliases.v[i].local;
        if (!strcmp(c->aliases.v[i].canon, "dcaf.core"))
            return dc_arena_printf(c->arena, "%.*s.AgentResult", (int)l.len, l.p);
    }
    return NULL;
}

static void report_return(dcaf_ctx *c, const dc_rule *r, handler_scan *h, TSNode e) {
    bool str = is_string_expr(c, e);
    const char *what = str ? ", then returns a string: the server replies with the text only"
                           : ", then returns a dict: the server keeps only its text/content (a \"session\" key too)";
    const char *kv[] = {"what", what, "session", dc_arena_strndup(c->arena, h->s.p, h->s.len), NULL};
    dc_finding *f = dcaf_report(c, r, e, kv);
    if (!str) {
        dcaf_plan_new(c, f, DC_APP_MANUAL,
                      dc_arena_printf(c->arena, "return AgentResult(text=..., session=%.*s.to_dict())", (int)h->s.len,
                                      h->s.p));
        return;
    }
    const char *ar = agent_result_spelling(c);
    if (!ar && memmem(c->src->data, c->src->len, "AgentResult", 11)) {
        /* the name is spelt in the file but is not DCAF's: importing DCAF's could clash with it */
        dcaf_plan_new(c, f, DC_APP_MANUAL,
                      dc_arena_printf(c->arena, "return dcaf.core's AgentResult(text=..., session=%.*s.to_dict())",
                                      (int)h->s.len, h->s.p));
        return;
    }
    dc_dcaf_plan *p = dcaf_plan_new(c, f, DC_APP_SAFE, NULL);
    p->title = "return an AgentResult carrying the session";
    dc_sv et = dcaf_text(c, e);
    dcaf_plan_edit(c, p, ts_node_start_byte(e), dcaf_end(e),
                   dc_arena_printf(c->arena, "%s(text=%.*s, session=%.*s.to_dict())", ar ? ar : "AgentResult",
                                   (int)et.len, et.p, (int)h->s.len, h->s.p));
    if (!ar) {
        p->import_module = "dcaf.core";
        p->import_name = "AgentResult";
    }
}

/* (b) session=N with N = S.to_dict() taken before a change; (c) only in-place changes and an
 * AgentResult without session=. */
static void check_result(dcaf_ctx *c, const dc_rule *r, handler_scan *h, TSNode call) {
    TSNode args = dc_field(call, "arguments");
    TSNode sess = {0};
    for (uint32_t j = 0; j < dcaf_nkids(args); j++) {
        TSNode a = dcaf_kid(args, j);
        if (dc_node_is(a, "keyword_argument") && dc_sv_eq_cstr(dcaf_text(c, dc_field(a, "name")), "session"))
            sess = dc_field(a, "value");
    }
    const char *kv[] = {"session", dc_arena_strndup(c->arena, h->s.p, h->s.len), "what", "", NULL};
    if (ts_node_is_null(sess)) {
        if (h->first_direct != UINT32_MAX || h->first_any == UINT32_MAX || h->first_any > ts_node_start_byte(call)) return;
        kv[3] = " only in place (is_modified stays False), so the server does not copy it into this AgentResult";
        dc_finding *f = dcaf_report(c, r, call, kv);
        dcaf_plan_new(c, f, DC_APP_MANUAL,
                      dc_arena_printf(c->arena, "%.*s.set(key, value) after changing the value, or pass session=%.*s.to_dict()",
                                      (int)h->s.len, h->s.p, (int)h->s.len, h->s.p));
        return;
    }
    if (!(dcaf_value_kind(c, sess) & V_SNAPSHOT) || !dc_node_is(sess, "identifier")) return;
    if (h->last_direct == UINT32_MAX || h->last_direct > ts_node_start_byte(call)) return;
    /* the snapshot's assignment must come before the last change */
    bool stale = false;
    for (uint32_t i = 0; i < c->vals.len; i++)
        if (dc_sv_eq(c->vals.v[i].name, dcaf_text(c, sess)) && (c->vals.v[i].kind & V_SNAPSHOT) &&
            ts_node_start_byte(c->vals.v[i].node) < h->last_direct && dcaf_scope_id(c, c->vals.v[i].node) == dcaf_scope_id(c, call))
            stale = true;
    if (!stale) return;
    kv[3] = " after taking this snapshot: the reply carries the old data";
    dc_finding *f = dcaf_report(c, r, sess, kv);
    dcaf_plan_new(c, f, DC_APP_MANUAL,
                  dc_arena_printf(c->arena, "take %.*s.to_dict() at the return", (int)h->s.len, h->s.p));
}

static void check_handler(dcaf_ctx *c, const dc_rule *r, TSNode def) {
    TSNode sp = dcaf_handler_session_param(c, def);
    if (ts_node_is_null(sp)) return;
    handler_scan h = {c, dcaf_param_name(c, sp), {0}, UINT32_MAX, UINT32_MAX, UINT32_MAX, {0}};
    if (!h.s.len) return;
    dcaf_walk_body(dc_field(def, "body"), walk, &h);
    for (uint32_t i = 0; i < h.returns.len; i++) {
        TSNode e = dcaf_kid(h.returns.v[i], 0);
        if (ts_node_is_null(e)) continue;
        uint32_t at = ts_node_start_byte(h.returns.v[i]);
        if (h.first_any != UINT32_MAX && h.first_any < at && (is_string_expr(c, e) || dc_node_is(e, "dictionary")))
            report_return(c, r, &h, e);
        else if (dcaf_calls_sym(c, e, SYM_AGENT_RESULT))
            check_result(c, r, &h, e);
    }
    dc_vec_free(&h.copies);
    dc_vec_free(&h.returns);
}

void dcaf_rule_session_dropped(dcaf_ctx *c, const dc_rule *r) {
    for (uint32_t i = 0; i < c->fns.len; i++)
        if ((c->fns.v[i].role & F_HANDLER) && dc_node_is(c->fns.v[i].def, "function_definition"))
            check_handler(c, r, c->fns.v[i].def);
}
