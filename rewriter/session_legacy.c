/* session_legacy.c: reading legacy (v1/v2) calls as session uses (to be written for the
 * legacy rules: toolset.get_tools / get_actions / initiate_connection, JS getTools, ...). */
#include "rewriter/session_p.h"

bool dc_session_read_legacy(dc_fix_ctx *ctx, dc_finding *f, use *u) {
    (void)ctx;
    (void)f;
    (void)u;
    return false;
}
