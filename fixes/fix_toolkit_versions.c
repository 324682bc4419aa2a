/* fix_toolkit_versions.c: removes toolkit_versions= (Python) / toolkitVersions (TS/JS) from a
 * client constructor; sessions manage toolkit versions.
 *
 * The argument goes with its comma (listedit.c). When nothing else is left the call becomes
 * `Devcaster()` / `new Devcaster()` (a TS options object left empty is removed too). The fix is
 * unsafe when the same client also calls `triggers.*`, whose behaviour the pin can affect
 * (sdk-reference.md section 2); when the constructed client is not bound to a name we cannot
 * tell which client the triggers use, so any trigger call on a client in the file makes it
 * unsafe. It is unsafe too while direct `tools.execute` calls run through the client, in this
 * file or in any module that imports it (pin_execs.c, issue 16 item 8). */
#include "fixes/fixers_p.h"

/* The first line of the statement that makes the client (where the project's facts say it is
 * defined), or with `last` the call's last line. */
static uint32_t client_line(dc_fix_ctx *ctx, TSNode call, bool last) {
    if (last) return dc_source_pos(ctx->an->src, ts_node_end_byte(call)).line;
    TSNode st = call;
    for (TSNode p = dc_fix_parent(ctx, st); !ts_node_is_null(p) && !dc_node_is_block(p); p = dc_fix_parent(ctx, p))
        st = p;
    return dc_source_pos(ctx->an->src, ts_node_start_byte(st)).line;
}

void dc_fixer_toolkit_versions(dc_fix_ctx *ctx, dc_finding **fs, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        dc_finding *f = fs[i];
        TSNode item, call;
        if (!dc_finding_capture(f, "match", &item) || !dc_finding_capture(f, "call", &call)) continue;
        TSNode list = dc_fix_parent(ctx, item);
        dc_fix *fix = dc_fix_new(ctx->arena, DC_APP_SAFE);
        fix->title = "remove the toolkit version pin";
        bool ts_object = strcmp(ts_node_type(list), "object") == 0;
        if (ts_object && dc_list_count(list) == 1) {
            /* `new Devcaster({ toolkitVersions })`: the options object goes with it when it was
             * the only argument, else just its contents. */
            TSNode args = dc_fix_parent(ctx, list);
            if (!ts_node_is_null(args) && strcmp(ts_node_type(args), "arguments") == 0 && dc_list_count(args) == 1)
                dc_list_remove_item(ctx->arena, ctx->an->src, fix, args, list);
            else
                dc_list_remove_item(ctx->arena, ctx->an->src, fix, list, item);
        } else {
            dc_list_remove_item(ctx->arena, ctx->an->src, fix, list, item);
        }
        dc_sv bound = dc_bound_name(ctx, call);
        const char *why;
        if (dc_file_uses_member(ctx, bound, "triggers")) {
            fix->app = DC_APP_UNSAFE;
            fix->why = bound.len ? "this client also runs triggers, which still use the pinned toolkit versions"
                                 : "a client in this file runs triggers, which still use the pinned toolkit versions";
        } else if ((why = dc_pin_exec_why(ctx, bound, client_line(ctx, call, false), client_line(ctx, call, true),
                                          false))) {
            fix->app = DC_APP_UNSAFE; /* issue 16 item 8 */
            fix->why = why;
        }
        f->fix = fix;
    }
}
