/* pin_execs.c: the direct executions a toolkit version pin still matters to (issue 16, item 8;
 * fixers_p.h). Removing `toolkit_versions` / `toolkitVersions` / `*_TOOLKIT_VERSION_*` moves
 * every direct `tools.execute` call through that client (any client, for an environment pin)
 * to the latest toolkit version; sessions version their own tools, direct calls do not. So the
 * removal is unsafe while such a call remains, in this file or, through the project's facts, in
 * any module that imports the client (project/facts.h: dc_facts_execs_through). */
#include "fixes/fixers_p.h"

typedef struct exec_search {
    dc_fix_ctx *ctx;
    dc_sv client; /* normalised; empty: any client */
    dc_buf *lines;
    uint32_t n;
} exec_search;

static bool find_exec(TSNode n, void *vctx) {
    exec_search *es = vctx;
    const dc_source *src = es->ctx->an->src;
    TSNode fn = dc_field(n, "function");
    if (!dc_node_is_member(fn)) return true;
    bool py = dc_node_is(fn, "attribute");
    TSNode method = dc_field(fn, py ? "attribute" : "property"), ns = dc_field(fn, "object");
    if (!dc_sv_eq_cstr(dc_node_sv(src, method), "execute") || !dc_node_is_member(ns)) return true;
    if (!dc_sv_eq_cstr(dc_node_sv(src, dc_field(ns, py ? "attribute" : "property")), "tools")) return true;
    dc_sv recv = dc_node_sv(src, dc_field(ns, "object"));
    bool through = es->client.len ? dc_sv_eq(dc_bindings_normalize(es->ctx->arena, recv), es->client)
                                  : dc_bindings_is_client(es->ctx->an->bindings, recv);
    if (!through) return true;
    if (es->n++ < 8)
        dc_buf_printf(es->lines, "%s%s:%u", es->lines->len ? ", " : "", es->ctx->an->src->path,
                      dc_source_pos(es->ctx->an->src, ts_node_start_byte(n)).line);
    return true;
}

const char *dc_pin_exec_why(dc_fix_ctx *ctx, dc_sv client, uint32_t lo, uint32_t hi, bool any) {
    dc_analysis *an = ctx->an;
    dc_buf lines = DC_BUF_INIT;
    exec_search es = {ctx, any ? (dc_sv){0} : client, &lines, 0};
    const dc_source *src = an->src;
    if (an->tree && memmem(src->data, src->len, "execute", 7)) {
        static const char *const calls[] = {"call", "call_expression", NULL};
        dc_fix_walk_kinds(ctx, ts_tree_root_node(an->tree), calls, find_exec, &es);
    }
    int others = 0;
    const dc_facts_view *view = an->project;
    if (view && view->facts) {
        if (view->pending) an->project_pending = true; /* the other files' calls are not all known yet */
        dc_buf more = DC_BUF_INIT;
        others = dc_facts_execs_through(view->facts, view->file, lo, hi, any, &more);
        if (others > 0) dc_buf_printf(&lines, "%s%s", lines.len ? ", " : "", more.p);
        dc_buf_free(&more);
    }
    const char *why = NULL;
    if (es.n || others > 0)
        why = dc_arena_printf(ctx->arena,
                              "direct tools.execute calls still run through %s (%s%s): without the pin they move to "
                              "the latest toolkit version",
                              any ? "the SDK" : "this client", lines.p, es.n > 8 ? ", ..." : "");
    else if (others < 0)
        why = "the project's facts come from a facts file, which does not say whether other modules execute tools "
              "directly through this client";
    dc_buf_free(&lines);
    return why;
}
