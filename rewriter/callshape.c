/* callshape.c: reading arguments, string literals and toolkit names out of SDK calls, for the
 * session fixers (see session_p.h). */
#include <ctype.h>
#include <stdlib.h>

#include "rewriter/session_p.h"

void dc_args_read(dc_fix_ctx *ctx, TSNode call, dc_args *out) {
    memset(out, 0, sizeof *out);
    TSNode args = dc_field(call, "arguments");
    if (ts_node_is_null(args)) return;
    uint32_t k = ts_node_named_child_count(args);
    if (!k) return;
    TSNode *mem = dc_arena_alloc(ctx->arena, 3 * (size_t)k * sizeof *mem);
    out->pos = mem;
    out->kw_name = mem + k;
    out->kw_value = mem + 2 * k;
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(args, i);
        const char *t = ts_node_type(c);
        if (dc_node_is_comment(c)) continue;
        if (strcmp(t, "keyword_argument") == 0) {
            out->kw_name[out->nkw] = dc_field(c, "name");
            out->kw_value[out->nkw] = dc_field(c, "value");
            out->nkw++;
        } else if (strcmp(t, "list_splat") == 0 || strcmp(t, "dictionary_splat") == 0 ||
                   strcmp(t, "spread_element") == 0) {
            out->splat = true;
        } else {
            out->pos[out->npos++] = c;
        }
    }
}

TSNode dc_args_kw(const dc_source *src, const dc_args *a, const char *name) {
    for (uint32_t i = 0; i < a->nkw; i++)
        if (dc_sv_eq_cstr(dc_node_sv(src, a->kw_name[i]), name)) return a->kw_value[i];
    TSNode none = {0};
    return none;
}

static dc_sv key_text(const dc_source *src, TSNode key) {
    dc_sv s = dc_node_sv(src, key);
    if (dc_node_is(key, "string") && s.len >= 2) return dc_sv_from(s.p + 1, s.len - 2);
    return s;
}

TSNode dc_object_get(const dc_source *src, TSNode obj, const char *key, bool *has_other_keys_out) {
    TSNode found = {0};
    bool other = false;
    uint32_t k = ts_node_named_child_count(obj);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(obj, i);
        if (dc_node_is_comment(c)) continue;
        if (dc_node_is(c, "pair")) {
            if (dc_sv_eq_cstr(key_text(src, dc_field(c, "key")), key)) found = dc_field(c, "value");
            else other = true;
        } else if (dc_node_is(c, "shorthand_property_identifier")) {
            if (dc_sv_eq_cstr(dc_node_sv(src, c), key)) found = c;
            else other = true;
        } else {
            other = true; /* spread, method, computed key */
        }
    }
    if (has_other_keys_out) *has_other_keys_out = other;
    return found;
}

bool dc_object_keys(const dc_source *src, TSNode obj, dc_buf *out) {
    uint32_t k = ts_node_named_child_count(obj);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(obj, i);
        if (dc_node_is_comment(c)) continue;
        dc_sv name;
        if (dc_node_is(c, "pair")) name = key_text(src, dc_field(c, "key"));
        else if (dc_node_is(c, "shorthand_property_identifier")) name = dc_node_sv(src, c);
        else return false;
        if (out->len) dc_buf_addc(out, ',');
        dc_buf_addsv(out, name);
    }
    return true;
}

bool dc_string_value(dc_arena *a, const dc_source *src, TSNode n, const char **out) {
    if (!dc_node_is(n, "string")) return false;
    uint32_t k = ts_node_child_count(n);
    dc_sv content = {0};
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_child(n, i);
        const char *t = ts_node_type(c);
        if (strcmp(t, "string_start") == 0) {
            dc_sv s = dc_node_sv(src, c);
            for (uint32_t j = 0; j < s.len; j++)
                if (s.p[j] != '"' && s.p[j] != '\'' && s.p[j] != 'r' && s.p[j] != 'R' && s.p[j] != 'u' && s.p[j] != 'U')
                    return false; /* f-strings and bytes are not plain names */
        } else if (strcmp(t, "string_content") == 0 || strcmp(t, "string_fragment") == 0) {
            if (ts_node_named_child_count(c) > 0) return false; /* escapes or interpolation */
            content = dc_node_sv(src, c);
        } else if (strcmp(t, "string_end") == 0 || strcmp(t, "\"") == 0 || strcmp(t, "'") == 0) {
            continue;
        } else {
            return false;
        }
    }
    *out = dc_arena_strndup(a, content.p ? content.p : "", content.len);
    return true;
}

char dc_string_quote(const dc_source *src, TSNode n) {
    dc_sv s = dc_node_sv(src, n);
    for (uint32_t i = 0; i < s.len; i++)
        if (s.p[i] == '"' || s.p[i] == '\'') return s.p[i];
    return 0;
}

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
            if (dc_toolkit_known(ctx->rules, cand.p, cand.len)) hit = cand.p;
            else if (span > 1 && dc_toolkit_known(ctx->rules, under.p, under.len)) hit = under.p;
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
