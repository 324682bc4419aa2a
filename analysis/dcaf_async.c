/* dcaf_async.c: dcaf-async-misuse: (A) an `async def` given to DCAF serve()/create_app() (the
 * server calls it synchronously, server.py:938-954); (B) a coroutine of Agent.run / Agent.chat
 * (agent.py:741, 862) that is never awaited, in the contexts where it cannot be awaited later. */
#include <string.h>

#include "analysis/dcaf_p.h"

static bool is_async_def(TSNode def) {
    return dc_node_is(def, "function_definition") && dc_node_is(dcaf_child(def, 0), "async");
}

typedef struct uses {
    dcaf_ctx *c;
    dc_sv name;
    TSNode skip; /* the assignment's own left side */
    bool used, awaited, passed, other;
} uses;

static bool is_field(const char *field, const char *name) { return field && strcmp(field, name) == 0; }

static bool scan_uses(void *vctx, TSNode n, const char *parent, const char *field) {
    uses *u = vctx;
    if (!dc_node_is(n, "identifier") || !dc_sv_eq(dcaf_text(u->c, n), u->name) || dcaf_same(n, u->skip)) return true;
    if ((!strcmp(parent, "attribute") && is_field(field, "attribute")) ||
        (!strcmp(parent, "keyword_argument") && is_field(field, "name")) ||
        (!strcmp(parent, "assignment") && is_field(field, "left"))) /* a member name, a re-binding */
        return true;
    if ((!strcmp(parent, "attribute") && is_field(field, "object")) || (!strcmp(parent, "subscript") && is_field(field, "value")))
        u->used = true;
    else if (!strcmp(parent, "await"))
        u->awaited = true;
    else if (!strcmp(parent, "argument_list") || !strcmp(parent, "keyword_argument")) {
        TSNode p = dcaf_parent(n); /* rare (a matching name passed on): the parent walk is affordable */
        TSNode call = dc_node_is(p, "keyword_argument") ? dcaf_parent(dcaf_parent(p)) : dcaf_parent(p);
        if (dcaf_calls_sym(u->c, call, SYM_FROM_AGENT_RESPONSE)) u->used = true;
        else u->passed = true;
    } else {
        u->other = true; /* returned, stored, compared: it may be awaited elsewhere */
    }
    return true;
}

/* Context 3: `x = A.run(...)` then `x.attr` / `x[k]` / from_agent_response(x), or x never read
 * again; never awaited, passed to another call or used any other way. */
static bool assigned_then_used(dcaf_ctx *c, TSNode as, TSNode def) {
    TSNode l = dc_field(as, "left");
    if (!dc_node_is(l, "identifier")) return false;
    uses u = {c, dcaf_text(c, l), l, false, false, false, false};
    dcaf_walk_body(ts_node_is_null(def) ? c->root : def, scan_uses, &u);
    return !u.awaited && !u.passed && !u.other;
}

/* 0: not a context we report; 1: statement / assignment / return (insert `await `); 2: an
 * attribute's object or a subscript's value (wrap in `(await ...)`). */
static int call_context(dcaf_ctx *c, TSNode call, TSNode def) {
    TSNode p = dcaf_parent(call);
    if (dc_node_is(p, "expression_statement")) return 1;
    if ((dc_node_is(p, "attribute") && dcaf_same(dc_field(p, "object"), call)) ||
        (dc_node_is(p, "subscript") && dcaf_same(dc_field(p, "value"), call)))
        return 2;
    if (dc_node_is(p, "assignment") && dcaf_same(dc_field(p, "right"), call)) return assigned_then_used(c, p, def);
    if (dc_node_is(p, "return_statement") && !ts_node_is_null(def) &&
        (is_async_def(def) || (dcaf_fn_role(c, def, NULL) & F_HANDLER)))
        return 1;
    return 0;
}

static void check_run_call(dcaf_ctx *c, const dc_rule *r, TSNode call) {
    TSNode fn = dc_field(call, "function");
    if (!dc_node_is(fn, "attribute")) return;
    dc_sv m = dcaf_text(c, dc_field(fn, "attribute"));
    if (!dc_sv_eq_cstr(m, "run") && !dc_sv_eq_cstr(m, "chat")) return;
    TSNode recv = dc_field(fn, "object");
    if (!(dcaf_value_kind(c, recv) & V_AGENT)) return;
    TSNode def = dcaf_enclosing_def(c, call);
    bool boundary = dcaf_inside_wall(c, call, def);
    int ctx = call_context(c, call, def);
    if (!ctx) return;
    const char *what = dc_arena_printf(c->arena,
                                       "`%s.%.*s(...)` returns a coroutine (Agent.%.*s is async) that is never awaited",
                                       dcaf_cstr(c, recv), (int)m.len, m.p, (int)m.len, m.p);
    const char *kv[] = {"what", what, NULL};
    dc_finding *f = dcaf_report(c, r, recv, kv);
    if (boundary || ts_node_is_null(def) || !is_async_def(def)) {
        dcaf_plan_new(c, f, DC_APP_MANUAL,
                      "in a script, asyncio.run(...) it; in a function given to serve() no event loop is free "
                      "(see --explain dcaf-async-misuse)");
        return;
    }
    dc_dcaf_plan *p = dcaf_plan_new(c, f, DC_APP_SAFE, NULL);
    p->title = "await the coroutine";
    uint32_t s = ts_node_start_byte(call);
    dcaf_plan_edit(c, p, s, s, ctx == 2 ? "(await " : "await ");
    if (ctx == 2) dcaf_plan_edit(c, p, dcaf_end(call), dcaf_end(call), ")");
}

void dcaf_rule_async_misuse(dcaf_ctx *c, const dc_rule *r) {
    for (uint32_t i = 0; i < c->fns.len; i++) {
        TSNode def = c->fns.v[i].def;
        if (!(c->fns.v[i].role & F_HANDLER) || !is_async_def(def)) continue;
        const char *what = dc_arena_printf(c->arena,
                                           "`%s` is an async function given to serve(): the server calls it without "
                                           "await and replies with the coroutine's repr",
                                           dcaf_cstr(c, dc_field(def, "name")));
        const char *kv[] = {"what", what, NULL};
        dc_finding *f = dcaf_report_range(c, r, ts_node_start_byte(def), dcaf_head_end(def), kv);
        dcaf_plan_new(c, f, DC_APP_MANUAL,
                      "make it a plain `def`; it runs inside the server's event loop, so it cannot await or "
                      "asyncio.run the agent either: run the coroutine on another thread's loop, or serve the Agent "
                      "itself and move the logic into interceptors");
    }
    for (uint32_t i = 0; i < c->calls.len; i++) check_run_call(c, r, c->calls.v[i]);
}
