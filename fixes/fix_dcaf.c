/* fix_dcaf.c: the fixer of the DCAF pack (fixer `dcaf`): turns the plans the analyser attached to
 * its findings (analysis/dcaf.h, dc_finding.detail) into fixes. A safe plan's edits are the
 * whole rewrite, plus at most one import ensured through imports.h; a manual plan carries the
 * advice. The checks every fix goes through (syntax errors, comments, re-parse) are plan.c's and
 * the fix loop's. */
#include "analysis/dcaf.h"
#include "fixes/fixers_p.h"
#include "fixes/imports.h"

static void fix_one(dc_fix_ctx *ctx, dc_finding *f) {
    const dc_dcaf_plan *p = f->detail;
    if (!p || p->app <= DC_APP_MANUAL) {
        f->fix = dc_fix_new(ctx->arena, DC_APP_MANUAL);
        f->fix->why = p ? p->why : NULL;
        return;
    }
    dc_fix *fix = dc_fix_new(ctx->arena, p->app);
    fix->title = p->title;
    for (uint32_t i = 0; i < p->nedits; i++) {
        const dc_dcaf_edit *e = &p->edits[i];
        dc_fix_add_edit(ctx->arena, fix, e->start, e->end, e->text, strlen(e->text));
    }
    if (p->import_module) {
        dc_import_ctx ic = {.arena = ctx->arena, .src = ctx->an->src, .tree = ctx->an->tree, .index = dc_fix_index(ctx),
                            .style = dc_fix_style(ctx)};
        if (!dc_import_ensure(&ic, fix, p->import_module, p->import_name)) {
            fix = dc_fix_new(ctx->arena, DC_APP_MANUAL);
            fix->why = p->import_name ? dc_arena_printf(ctx->arena, "add `from %s import %s` by hand (the imports have "
                                                                    "syntax errors)",
                                                        p->import_module, p->import_name)
                                      : dc_arena_printf(ctx->arena, "add `import %s` by hand (the imports have syntax errors)",
                                                        p->import_module);
        }
    }
    f->fix = fix;
}

void dc_fixer_dcaf(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) fix_one(ctx, f[i]);
}
