/* fixers_p.h: private to rewriter/: the fixer functions the registry in fixers.c names, and
 * helpers they share. */
#ifndef DC_FIXERS_P_H
#define DC_FIXERS_P_H

#include "rewriter/fixers.h"

void dc_fixer_toolkit_versions(dc_fix_ctx *ctx, dc_finding **f, uint32_t n);

#endif
