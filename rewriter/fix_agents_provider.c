/* fix_agents_provider.c: OpenAI Agents provider import (to be written) */
#include "rewriter/fixers_p.h"

void dc_fixer_openai_agents_provider(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) {
    (void)ctx;
    (void)f;
    (void)n;
}
