/* names.c: names in the analysed file (see fixers_p.h): the name a constructed value is bound
 * to, and whether a receiver's member is used anywhere. */
#include "fixes/fixers_p.h"
#include "syntax/tree.h"

dc_sv dc_bound_name(dc_fix_ctx *ctx, TSNode value) {
    dc_arena *arena = ctx->arena;
    const dc_source *src = ctx->an->src;
    TSNode p = dc_fix_parent(ctx, value);
    while (dc_node_is(p, "parenthesized_expression") || dc_node_is(p, "await_expression")) p = dc_fix_parent(ctx, p);
    TSNode target = {0};
    bool field = false;
    if (dc_node_is(p, "assignment") || dc_node_is(p, "assignment_expression")) {
        target = dc_field(p, "left");
    } else if (dc_node_is(p, "variable_declarator")) {
        target = dc_field(p, "name");
    } else if (dc_node_is(p, "public_field_definition") || dc_node_is(p, "field_definition")) {
        target = dc_field(p, "name");
        if (ts_node_is_null(target)) target = dc_field(p, "property");
        field = true;
    }
    if (ts_node_is_null(target)) return (dc_sv){0};
    dc_sv name = dc_bindings_normalize(arena, dc_node_sv(src, target));
    if (!field) return name;
    char *s = dc_arena_printf(arena, "this.%.*s", (int)name.len, name.p);
    return dc_sv_cstr(s);
}

typedef struct member_search {
    dc_fix_ctx *ctx;
    dc_sv receiver;
    const char *member;
    bool found;
} member_search;

static bool find_member(TSNode n, void *vctx) {
    member_search *ms = vctx;
    const char *t = ts_node_type(n);
    bool py = strcmp(t, "attribute") == 0, ts = strcmp(t, "member_expression") == 0;
    if (!py && !ts) return true;
    TSNode prop = dc_field(n, py ? "attribute" : "property");
    TSNode obj = dc_field(n, "object");
    if (ts_node_is_null(prop) || ts_node_is_null(obj)) return true;
    if (!dc_sv_eq_cstr(dc_node_sv(ms->ctx->an->src, prop), ms->member)) return true;
    dc_sv recv = dc_node_sv(ms->ctx->an->src, obj);
    if (ms->receiver.len ? dc_sv_eq(dc_bindings_normalize(ms->ctx->arena, recv), ms->receiver)
                         : dc_bindings_is_client(ms->ctx->an->bindings, recv)) {
        ms->found = true;
        return false;
    }
    return true;
}

bool dc_file_uses_member(dc_fix_ctx *ctx, dc_sv receiver, const char *member) {
    if (!ctx->an->tree) return false;
    /* the property's text is the member's: a file without that text has no such use */
    const dc_source *src = ctx->an->src;
    if (!memmem(src->data, src->len, member, strlen(member))) return false;
    static const char *const members[] = {"attribute", "member_expression", NULL};
    member_search ms = {ctx, receiver, member, false};
    dc_fix_walk_kinds(ctx, ts_tree_root_node(ctx->an->tree), members, find_member, &ms);
    return ms.found;
}
