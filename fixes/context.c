/* context.c: the fix context's lazily built file facts (see context_p.h). */
#include "fixes/context_p.h"

#include <string.h>

#include "syntax/tree.h"

dc_sv dc_fix_sv(dc_fix_ctx *ctx, TSNode n) { return dc_node_sv(ctx->an->src, n); }

const char *dc_fix_text(dc_fix_ctx *ctx, TSNode n) {
    dc_sv s = dc_fix_sv(ctx, n);
    return dc_arena_strndup(ctx->arena, s.p, s.len);
}

dc_sv dc_fix_norm(dc_fix_ctx *ctx, TSNode n) { return dc_bindings_normalize(ctx->arena, dc_fix_sv(ctx, n)); }

const dc_style *dc_fix_style(dc_fix_ctx *ctx) {
    if (!ctx->have_style) {
        ctx->style = dc_style_detect(ctx->an->src);
        ctx->have_style = true;
    }
    return &ctx->style;
}

const dc_node_index *dc_fix_index(dc_fix_ctx *ctx) {
    if (!ctx->an->tree) return NULL;
    /* the bindings' walk built one for this tree already (bindings.c) */
    const dc_bindings *b = ctx->an->bindings;
    if (b && b->nodes && b->nodes->tree == ctx->an->tree) return b->nodes;
    if (!ctx->index) ctx->index = dc_node_index_build(ctx->an->tree, ctx->arena);
    return ctx->index;
}

TSNode dc_fix_parent(dc_fix_ctx *ctx, TSNode n) { return dc_node_index_parent(dc_fix_index(ctx), n); }

void dc_fix_walk(dc_fix_ctx *ctx, TSNode root, bool (*fn)(TSNode n, void *ud), void *ud) {
    dc_node_index_walk(dc_fix_index(ctx), root, fn, ud);
}

void dc_fix_walk_kinds(dc_fix_ctx *ctx, TSNode root, const char *const *kinds, bool (*fn)(TSNode n, void *ud),
                       void *ud) {
    dc_node_index_walk_kinds(dc_fix_index(ctx), root, kinds, fn, ud);
}

void *dc_fix_grow(dc_fix_ctx *ctx, void *v, uint32_t n, uint32_t *cap, size_t elem) {
    if (n < *cap) return v;
    uint32_t nc = *cap ? *cap * 2 : 4;
    void *nv = dc_arena_alloc(ctx->arena, (size_t)nc * elem);
    if (n) memcpy(nv, v, (size_t)n * elem);
    *cap = nc;
    return nv;
}
