/* toolkits.c: which known toolkit (rules/toolkits.txt, dc_toolkit_known) a tool slug belongs to or
 * a name names (see fixers_p.h): sessions are restricted to toolkits, and calls name tools,
 * auth configs and variables. */
#include <ctype.h>

#include "common/text.h"
#include "fixes/fixers_p.h"

const char *dc_toolkit_of_tool(dc_fix_ctx *ctx, const char *slug) {
    size_t n = strlen(slug);
    char *lower = dc_arena_strndup(ctx->arena, slug, n);
    for (size_t i = 0; i < n; i++) lower[i] = (char)tolower((unsigned char)lower[i]);
    /* longest prefix first: GOOGLECALENDAR_... must not be read as google... */
    for (size_t len = n; len > 0; len--) {
        if (lower[len] != '_' && lower[len] != 0) continue;
        if (len == n) continue; /* a tool slug always has an action after the toolkit */
        if (dc_toolkit_known(ctx->rules, lower, len)) return dc_arena_strndup(ctx->arena, lower, len);
    }
    return NULL;
}

const char *dc_toolkit_named_by(dc_fix_ctx *ctx, dc_sv text) {
    char **words;
    uint32_t n = dc_text_words(ctx->arena, text, &words);
    return dc_toolkit_in_words(ctx->rules, ctx->arena, words, n);
}
