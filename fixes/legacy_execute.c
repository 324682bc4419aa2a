/* legacy_execute.c: legacy-execute-action, what to do by hand: execute_action / executeAction
 * / entity.execute have no mechanical rewrite (sessions execute through the agent), so the
 * manual fix says which tool, for which user, and the direct call that would replace it. The
 * user and toolset come from the legacy model, as in every legacy fix. */
#include "fixes/legacy_model_p.h"
#include "fixes/session_p.h"

typedef struct exec_parts {
    TSNode action, params, user;
} exec_parts;

static void read_execute(dc_legacy_model *m, TSNode call, exec_parts *x) {
    const dc_source *src = m->ctx->an->src;
    dc_args a;
    dc_args_read(m->ctx, call, &a);
    if (!m->ts) {
        x->action = a.npos ? a.pos[0] : dc_args_kw(src, &a, "action");
        x->params = a.npos > 1 ? a.pos[1] : dc_args_kw(src, &a, "params");
        x->user = dc_args_kw(src, &a, "entity_id");
    } else if (a.npos && dc_node_is(a.pos[0], "object")) {
        x->action = dc_object_get(src, a.pos[0], "action", NULL);
        if (ts_node_is_null(x->action)) x->action = dc_object_get(src, a.pos[0], "actionName", NULL);
        x->params = dc_object_get(src, a.pos[0], "params", NULL);
        x->user = dc_object_get(src, a.pos[0], "entityId", NULL);
    }
}

static const char *explain_execute(dc_legacy_model *m, dc_finding *f) {
    dc_fix_ctx *ctx = m->ctx;
    TSNode call, recv;
    if (!dc_finding_capture(f, "match", &call) || !dc_finding_capture(f, "recv", &recv)) return NULL;
    exec_parts x = {0};
    read_execute(m, call, &x);
    const char *slug = ts_node_is_null(x.action) ? NULL : dc_legacy_tool_value(m, x.action);
    const char *tk = slug ? dc_toolkit_of_tool(ctx, slug) : NULL;
    dc_legacy_who w = dc_legacy_user_of(m, dc_fix_norm(ctx, recv), x.user, call);
    TSNode ts_recv = dc_legacy_toolset_of(m, recv, call);
    const char *client = dc_fix_text(ctx, ts_node_is_null(ts_recv) ? recv : ts_recv);
    /* a call to copy must not be cut short: a long argument is elided as a whole */
    const char *params = ts_node_is_null(x.params) ? "{}" : dc_legacy_excerpt(ctx, x.params);
    if (strstr(params, "...")) params = "{...}";
    const char *uid = m->ts && !strcmp(w.text, "userId") ? "userId" : dc_arena_printf(ctx->arena, "userId: %s", w.text);
    dc_buf b = DC_BUF_INIT;
    if (slug)
        dc_buf_adds(&b, slug);
    else if (!ts_node_is_null(x.action))
        dc_buf_printf(&b, "the action named by %s", dc_legacy_excerpt(ctx, x.action));
    else
        dc_buf_adds(&b, "an unknown action");
    if (tk) dc_buf_printf(&b, " (toolkit %s)", tk);
    dc_buf_printf(&b,
                  " for %s: give the agent session.tools() of a session for that user and let it execute the tool, or "
                  "keep a direct call: ",
                  w.text);
    const char *s = slug                        ? dc_legacy_quoted(m, slug, 0)
                    : ts_node_is_null(x.action) ? "SLUG"
                                                : dc_legacy_excerpt(ctx, x.action);
    if (m->ts)
        dc_buf_printf(&b, "await %s.tools.execute(%s, { %s, arguments: %s })", client, s, uid, params);
    else
        dc_buf_printf(&b, "%s.tools.execute(%s, arguments=%s, user_id=%s)", client, s, params, w.text);
    const char *res = dc_arena_strdup(ctx->arena, dc_buf_cstr(&b));
    dc_buf_free(&b);
    return res;
}

void dc_fixer_legacy_execute_action(dc_fix_ctx *ctx, dc_finding **fs, uint32_t n) {
    if (!ctx->an->tree || !ctx->an->bindings) return;
    dc_legacy_model *m = dc_legacy_model_of(ctx);
    for (uint32_t i = 0; i < n; i++) {
        dc_fix *fx = dc_fix_new(ctx->arena, DC_APP_MANUAL);
        fx->title = "migrate the execution by hand";
        fx->why = explain_execute(m, fs[i]);
        fs[i]->fix = fx;
    }
}
