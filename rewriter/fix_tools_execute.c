/* fix_tools_execute.c: explains direct executions (to be written) */
#include "rewriter/fixers_p.h"

void dc_fixer_tools_execute(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) {
    (void)ctx;
    (void)f;
    (void)n;
}
