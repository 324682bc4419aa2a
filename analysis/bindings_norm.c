/* bindings_norm.c: receiver texts normalised (analysis/bindings.h dc_bindings_normalize: no
 * whitespace or comments between tokens), and the open-addressing string set the walk and
 * dc_bindings_is_client keep them in. */
#include <stdlib.h>
#include <string.h>

#include "analysis/bindings_p.h"

/* ---- normalisation ------------------------------------------------------------------- */

static bool is_word(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
           c >= 0x80;
}

static bool is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Index just past a comment that starts at i (or a Python line continuation), or i itself. */
static size_t skip_comment(const char *p, size_t i, size_t n, dc_bind_norm_mode mode, char prev_out) {
    if (mode != DC_NORM_TS && p[i] == '#') {
        if (mode == DC_NORM_ANY && prev_out == '.' && i + 1 < n && is_word((unsigned char)p[i + 1])) return i;
        while (i < n && p[i] != '\n') i++;
        return i;
    }
    if (mode != DC_NORM_TS && p[i] == '\\' && i + 1 < n) {
        if (p[i + 1] == '\n') return i + 2;
        if (p[i + 1] == '\r' && i + 2 < n && p[i + 2] == '\n') return i + 3;
    }
    if (mode != DC_NORM_PY && p[i] == '/' && i + 1 < n) {
        if (p[i + 1] == '/') {
            while (i < n && p[i] != '\n') i++;
            return i;
        }
        if (p[i + 1] == '*') {
            i += 2;
            while (i + 1 < n && !(p[i] == '*' && p[i + 1] == '/')) i++;
            return i + 1 < n ? i + 2 : n;
        }
    }
    return i;
}

/* The next byte that is neither whitespace nor comment, at or after i (n when none). */
static size_t next_significant(const char *p, size_t i, size_t n, dc_bind_norm_mode mode) {
    while (i < n) {
        if (is_space((unsigned char)p[i])) {
            i++;
            continue;
        }
        size_t j = skip_comment(p, i, n, mode, 0);
        if (j == i) break;
        i = j;
    }
    return i;
}

/* Writes the normal form of p[0..n) to out (capacity >= n: the form never grows) and returns
 * its length. Whitespace between tokens disappears except where two word characters would
 * merge (`await get_client()` stays two tokens); strings are copied verbatim. */
size_t dc_bind_norm_into(const char *p, size_t n, dc_bind_norm_mode mode, char *out) {
    size_t i = 0, o = 0;
    bool space = false;
    while (i < n) {
        unsigned char c = (unsigned char)p[i];
        if (is_space(c)) {
            space = true;
            i++;
            continue;
        }
        size_t j = skip_comment(p, i, n, mode, o ? out[o - 1] : 0);
        if (j != i) {
            i = j;
            space = true;
            continue;
        }
        if (c == '"' || c == '\'' || (c == '`' && mode != DC_NORM_PY)) {
            size_t q = 1;
            if (mode != DC_NORM_TS && c != '`' && i + 2 < n && p[i + 1] == (char)c && p[i + 2] == (char)c) q = 3;
            memcpy(out + o, p + i, q);
            o += q;
            i += q;
            while (i < n) {
                if (p[i] == '\\' && i + 1 < n) {
                    out[o++] = p[i++];
                    out[o++] = p[i++];
                    continue;
                }
                if (p[i] == (char)c && (q == 1 || (i + 2 < n && p[i + 1] == (char)c && p[i + 2] == (char)c))) {
                    memcpy(out + o, p + i, q);
                    o += q;
                    i += q;
                    break;
                }
                out[o++] = p[i++];
            }
            space = false;
            continue;
        }
        if (c == '!') {
            /* Postfix non-null assertion (`dc!`, `f()!.x`), not `!x` or `!=`. */
            bool postfix = o && (is_word((unsigned char)out[o - 1]) || out[o - 1] == ')' || out[o - 1] == ']');
            size_t k = next_significant(p, i + 1, n, mode);
            if (postfix && !(k < n && p[k] == '=')) {
                i++;
                continue;
            }
        }
        if (c == '?') {
            if (i + 1 < n && p[i + 1] == '.' && !(i + 2 < n && p[i + 2] >= '0' && p[i + 2] <= '9')) {
                size_t k = next_significant(p, i + 2, n, mode);
                if (!(k < n && (p[k] == '[' || p[k] == '('))) out[o++] = '.';
                i += 2;
                space = false;
                continue;
            }
            if (next_significant(p, i + 1, n, mode) >= n) {
                i++;
                continue;
            }
        }
        if (space && o && is_word((unsigned char)out[o - 1]) && is_word(c)) out[o++] = ' ';
        out[o++] = (char)c;
        i++;
        space = false;
    }
    return o;
}

dc_sv dc_bind_norm(dc_arena *a, dc_sv text, dc_bind_norm_mode mode) {
    char *out = dc_arena_alloc(a, (size_t)text.len + 1);
    size_t n = text.len ? dc_bind_norm_into(text.p, text.len, mode, out) : 0;
    out[n] = 0;
    return dc_sv_from(out, n);
}

dc_sv dc_bindings_normalize(dc_arena *arena, dc_sv text) { return dc_bind_norm(arena, text, DC_NORM_ANY); }

static uint32_t sv_hash(dc_sv s) {
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < s.len; i++) h = (h ^ (unsigned char)s.p[i]) * 16777619u;
    return h;
}

bool dc_bind_set_has(const dc_bind_set *s, dc_sv k) {
    if (!s->cap || !k.len) return false;
    uint32_t m = s->cap - 1;
    for (uint32_t h = sv_hash(k) & m; s->slot[h].p; h = (h + 1) & m)
        if (dc_sv_eq(s->slot[h], k)) return true;
    return false;
}

static void svset_insert_slot(dc_bind_set *s, dc_sv k) {
    uint32_t m = s->cap - 1, h = sv_hash(k) & m;
    while (s->slot[h].p) h = (h + 1) & m;
    s->slot[h] = k;
    s->count++;
}

/* True when k was not there yet. Empty keys are never members. */
bool dc_bind_set_add(dc_arena *a, dc_bind_set *s, dc_sv k) {
    if (!k.len || dc_bind_set_has(s, k)) return false;
    if ((s->count + 1) * 2 > s->cap) {
        dc_bind_set old = *s;
        s->cap = old.cap ? old.cap * 2 : 16;
        s->count = 0;
        s->slot = dc_arena_alloc(a, sizeof(dc_sv) * s->cap);
        for (uint32_t i = 0; i < old.cap; i++)
            if (old.slot[i].p) svset_insert_slot(s, old.slot[i]);
    }
    svset_insert_slot(s, k);
    return true;
}

