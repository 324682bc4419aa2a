/* listedit.c: small tree and edit helpers shared by the fixers: removing an item from a
 * comma-separated list, finding what a constructed value is bound to. */
#include <stdlib.h>

#include "rewriter/fixers_p.h"

static bool is_item(TSNode n) { return ts_node_is_named(n) && !dc_node_is_comment(n); }

uint32_t dc_list_count(TSNode list) {
    uint32_t c = 0, k = ts_node_child_count(list);
    for (uint32_t i = 0; i < k; i++)
        if (is_item(ts_node_child(list, i))) c++;
    return c;
}

/* If `item` sits on lines of its own (only whitespace before it on its first line; after it
 * only an optional comma, whitespace and a comment before the line ends) and does not share a
 * line with its neighbours, returns true and the byte range of those whole lines including the
 * final line ending: deleting whole lines leaves no blank line or stray comma behind. */
static bool own_lines(const dc_source *src, TSNode item, bool have_prev, TSNode prev, uint32_t *start,
                      uint32_t *end) {
    uint32_t s = ts_node_start_byte(item), e = ts_node_end_byte(item);
    uint32_t ls = s;
    while (ls > 0 && src->data[ls - 1] != '\n') {
        if (src->data[ls - 1] != ' ' && src->data[ls - 1] != '\t') return false;
        ls--;
    }
    if (have_prev && ts_node_end_byte(prev) > ls) return false;
    uint32_t p = e;
    while (p < src->len && (src->data[p] == ' ' || src->data[p] == '\t')) p++;
    if (p < src->len && src->data[p] == ',') p++;
    while (p < src->len && (src->data[p] == ' ' || src->data[p] == '\t')) p++;
    if (p < src->len && (src->data[p] == '#' || (src->data[p] == '/' && p + 1 < src->len && src->data[p + 1] == '/')))
        while (p < src->len && src->data[p] != '\n') p++;
    if (p < src->len && src->data[p] == '\r') p++;
    if (p >= src->len || src->data[p] != '\n') return false;
    *start = ls;
    *end = p + 1;
    return true;
}

void dc_list_remove_item(dc_arena *arena, const dc_source *src, dc_fix *fix, TSNode list, TSNode item) {
    uint32_t k = ts_node_child_count(list);
    TSNode prev = {0}, next = {0};
    bool have_prev = false, have_next = false, seen = false;
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_child(list, i);
        if (!is_item(c)) continue;
        if (ts_node_eq(c, item)) {
            seen = true;
            continue;
        }
        if (!seen) {
            prev = c;
            have_prev = true;
        } else if (!have_next) {
            next = c;
            have_next = true;
        }
    }
    uint32_t start, end;
    if ((have_prev || have_next) && own_lines(src, item, have_prev, prev, &start, &end)) {
        /* a multi-line list: the item's lines go, whole */
    } else if (have_next) {
        /* `a, X, b` -> `a, b`: X and everything up to the next item (its comma, the newline
         * and the next item's indentation, which X's own indentation replaces). */
        start = ts_node_start_byte(item);
        end = ts_node_start_byte(next);
    } else if (have_prev) {
        /* last item: from the end of the previous one, which keeps a trailing comma */
        start = ts_node_end_byte(prev);
        end = ts_node_end_byte(item);
    } else {
        /* sole item: everything between the brackets */
        TSNode open = ts_node_child(list, 0), close = ts_node_child(list, k - 1);
        start = k >= 2 ? ts_node_end_byte(open) : ts_node_start_byte(item);
        end = k >= 2 ? ts_node_start_byte(close) : ts_node_end_byte(item);
    }
    dc_fix_add_edit(arena, fix, start, end, "", 0);
}

dc_sv dc_bound_name(dc_arena *arena, const dc_source *src, TSNode value) {
    TSNode p = ts_node_parent(value);
    while (dc_node_is(p, "parenthesized_expression") || dc_node_is(p, "await_expression")) p = ts_node_parent(p);
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
