/* fix_session.c: tools.get / connect links -> sessions (to be written) */
#include "rewriter/fixers_p.h"

void dc_fixer_tools_get(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) {
    (void)ctx;
    (void)f;
    (void)n;
}

void dc_fixer_connect_link(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) {
    (void)ctx;
    (void)f;
    (void)n;
}
