/* toolkits.c: which known toolkit (rules/toolkits.txt, dc_toolkit_known) a tool slug belongs to or
 * a name names (see fixers_p.h): sessions are restricted to toolkits, and calls name tools,
 * auth configs and variables. */
#include <ctype.h>

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

/* Splits an identifier or string into lower-case words at _, -, ., /, non-alphanumerics and
 * camelCase boundaries; `words` has room for text.len + 1 (at most one word per byte). */
static uint32_t split_words(dc_arena *a, dc_sv text, char **words) {
    uint32_t n = 0;
    dc_buf cur = DC_BUF_INIT;
    for (uint32_t i = 0; i <= text.len; i++) {
        char c = i < text.len ? text.p[i] : 0;
        bool alnum = isalnum((unsigned char)c);
        bool boundary = !alnum || (i > 0 && isupper((unsigned char)c) && islower((unsigned char)text.p[i - 1]));
        if (boundary && cur.len) {
            words[n++] = dc_arena_strndup(a, cur.p, cur.len);
            dc_buf_reset(&cur);
        }
        if (alnum) dc_buf_addc(&cur, (char)tolower((unsigned char)c));
    }
    dc_buf_free(&cur);
    return n;
}

const char *dc_toolkit_named_by(dc_fix_ctx *ctx, dc_sv text) {
    char **words = dc_arena_alloc(ctx->arena, ((size_t)text.len + 1) * sizeof *words);
    uint32_t n = split_words(ctx->arena, text, words);
    const char *found = NULL;
    for (uint32_t i = 0; i < n; i++) {
        /* a word on its own, or two or three adjacent words (google_calendar -> googlecalendar,
         * microsoft_teams stays as the slug spells it) */
        for (uint32_t span = 1; span <= 3 && i + span <= n; span++) {
            dc_buf cand = DC_BUF_INIT, under = DC_BUF_INIT;
            for (uint32_t j = i; j < i + span; j++) {
                dc_buf_adds(&cand, words[j]);
                if (j > i) dc_buf_addc(&under, '_');
                dc_buf_adds(&under, words[j]);
            }
            const char *hit = NULL;
            if (dc_toolkit_known(ctx->rules, cand.p, cand.len))
                hit = cand.p;
            else if (span > 1 && dc_toolkit_known(ctx->rules, under.p, under.len))
                hit = under.p;
            if (hit) {
                if (found && strcmp(found, hit) != 0) {
                    dc_buf_free(&cand);
                    dc_buf_free(&under);
                    return NULL; /* names two toolkits: ambiguous */
                }
                found = dc_arena_strdup(ctx->arena, hit);
            }
            dc_buf_free(&cand);
            dc_buf_free(&under);
        }
    }
    return found;
}
