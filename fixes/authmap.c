/* authmap.c: the auth config map a file's fixers read (context_p.h: dc_fix_auth): the run's,
 * when it was built from the whole project's facts, else the explicit entries merged with the
 * analysed file's own facts (a single file, the tests, until a project phase gives one). */
#include <stdio.h>
#include <stdlib.h>

#include "fixes/context_p.h"

const dc_authmap *dc_fix_auth(dc_fix_ctx *ctx) {
    const dc_fix_opts *o = ctx->opts;
    if (o && o->auth_used) *o->auth_used = true;
    if (o && o->map && o->map->project) return o->map;
    if (!ctx->auth_own) {
        dc_authfacts own = {0};
        if (ctx->rules) dc_authfacts_extract(ctx->rules, ctx->an->src, ctx->an->tree, &own);
        ctx->auth_own = dc_xcalloc(1, sizeof *ctx->auth_own);
        dc_fix_authmap(ctx->auth_own, o ? o->auth : NULL, o ? o->nauth : 0, &own, false);
        dc_authfacts_free(&own);
    }
    return ctx->auth_own;
}

void dc_fix_auth_free(dc_fix_ctx *ctx) {
    if (!ctx->auth_own) return;
    dc_authmap_free(ctx->auth_own);
    free(ctx->auth_own);
    ctx->auth_own = NULL;
}

const char *dc_fix_auth_where(dc_fix_ctx *ctx, const dc_authfact *f) {
    char buf[512];
    return dc_arena_strdup(ctx->arena, dc_authfact_where(f, buf, sizeof buf));
}
