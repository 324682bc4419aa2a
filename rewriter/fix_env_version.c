/* fix_env_version.c: removes DEVCASTER_TOOLKIT_VERSION_* assignments (to be written) */
#include "rewriter/fixers_p.h"

void dc_fixer_toolkit_version_env(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) {
    (void)ctx;
    (void)f;
    (void)n;
}
