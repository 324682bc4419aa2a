/* text.c: see text.h. */
#include "common/text.h"

#include <stdlib.h>
#include <string.h>

/* ---- UTF-8 --------------------------------------------------------------------------------- */

size_t dc_utf8_decode(const char *s, uint32_t *cp) {
    const unsigned char *p = (const unsigned char *)s;
    unsigned char c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    /* Each later byte is read only when the one before it passed, so a sequence cut short by
     * the terminator stops at the NUL. The allowed range of the second byte excludes overlongs
     * (E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and code points past U+10FFFF (F4 90..). */
    if (c >= 0xC2 && c <= 0xDF) {
        if ((p[1] & 0xC0) != 0x80) return 0;
        *cp = (uint32_t)(c & 0x1F) << 6 | (p[1] & 0x3F);
        return 2;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        if (p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80) return 0;
        *cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        if (p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
        *cp = (uint32_t)(c & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 | (uint32_t)(p[2] & 0x3F) << 6 |
              (p[3] & 0x3F);
        return 4;
    }
    return 0;
}

size_t dc_utf8_len(const char *p) {
    uint32_t cp;
    return dc_utf8_decode(p, &cp);
}

char *dc_utf8_lossy(const char *s) {
    dc_buf b = DC_BUF_INIT;
    for (const char *p = s ? s : ""; *p;) {
        size_t n = dc_utf8_len(p);
        if (n) {
            dc_buf_add(&b, p, n);
            p += n;
        } else {
            dc_buf_adds(&b, "\xEF\xBF\xBD");
            p++;
        }
    }
    return dc_buf_detach(&b);
}

/* ---- `{{name}}` templates ------------------------------------------------------------------ */

bool dc_tmpl_next(const char **p, const char *prefix, dc_sv *lit, dc_sv *name) {
    const char *s = *p;
    size_t plen = strlen(prefix);
    *name = dc_sv_from(s, 0);
    /* the first `{{` that the prefix follows: "{{{sdk_name}}" has its placeholder at the second
     * brace, as a plain search for "{{sdk_" finds it */
    const char *open = strstr(s, "{{");
    while (open && strncmp(open + 2, prefix, plen) != 0) open = strstr(open + 1, "{{");
    const char *close = open ? strstr(open + 2, "}}") : NULL;
    if (!close) {
        *lit = dc_sv_cstr(s);
        *p = s + lit->len;
        return false;
    }
    *lit = dc_sv_from(s, (size_t)(open - s));
    *name = dc_sv_from(open + 2, (size_t)(close - open - 2));
    *p = close + 2;
    return true;
}

void dc_tmpl_expand(dc_buf *out, const char *text, const char *prefix, dc_tmpl_lookup lookup, void *ctx) {
    const char *p = text;
    dc_sv lit, name;
    for (;;) {
        bool more = dc_tmpl_next(&p, prefix, &lit, &name);
        dc_buf_addsv(out, lit);
        if (!more) break;
        if (!lookup(out, name, ctx)) {
            dc_buf_adds(out, "{{");
            dc_buf_addsv(out, name);
            dc_buf_adds(out, "}}");
        }
    }
}

/* ---- one-line excerpts ----------------------------------------------------------------------- */

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static bool is_cont(char c) { return ((unsigned char)c & 0xC0) == 0x80; }

void dc_text_fold(dc_buf *out, dc_sv t, size_t max, dc_fold_cut cut) {
    size_t start = out->len;
    bool space = false;
    for (uint32_t i = 0; i < t.len; i++) {
        char c = t.p[i];
        if (is_blank(c)) {
            space = true;
            continue;
        }
        if (cut == DC_FOLD_CHAR && out->len - start >= max && !is_cont(c)) {
            dc_buf_adds(out, "...");
            return;
        }
        if (space && out->len > start) dc_buf_addc(out, ' ');
        space = false;
        if (cut == DC_FOLD_TRIM && out->len - start >= max) {
            while (out->len > start && is_cont(out->p[out->len - 1])) out->len--;
            if (out->len > start && ((unsigned char)out->p[out->len - 1] & 0xC0) == 0xC0) out->len--;
            dc_buf_adds(out, "...");
            return;
        }
        dc_buf_addc(out, c);
    }
}

/* ---- words of a name ------------------------------------------------------------------------ */

static bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

uint32_t dc_text_words(dc_arena *a, dc_sv text, char ***words) {
    char **w = dc_arena_alloc(a, ((size_t)text.len + 1) * sizeof *w); /* at most a word per byte */
    uint32_t n = 0, start = 0, len = 0;
    for (uint32_t i = 0; i <= text.len; i++) {
        char c = i < text.len ? text.p[i] : 0;
        bool alnum = is_alnum(c);
        bool upper = c >= 'A' && c <= 'Z';
        bool boundary = !alnum || (len && upper && text.p[i - 1] >= 'a' && text.p[i - 1] <= 'z');
        if (boundary && len) {
            char *word = dc_arena_strndup(a, text.p + start, len);
            for (char *p = word; *p; p++)
                if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
            w[n++] = word;
            len = 0;
        }
        if (alnum) {
            if (!len) start = i;
            len++;
        }
    }
    *words = w;
    return n;
}

/* ---- paths and messages for people ---------------------------------------------------------- */

/* The escape of one control byte, as git's quote_c_style writes it. */
static void put_escape(dc_buf *out, unsigned char c) {
    static const char named[] = "abtnvfr"; /* \a (7) .. \r (13) */
    if (c >= '\a' && c <= '\r') {
        dc_buf_addc(out, '\\');
        dc_buf_addc(out, named[c - '\a']);
    } else {
        dc_buf_printf(out, "\\%03o", (unsigned)c);
    }
}

/* How many bytes at p are escaped (each as put_escape writes it), or 0 when the character at p
 * is printed as it is: C0 controls and DEL, the two bytes of a C1 control, a byte that does not
 * start well-formed UTF-8. */
static size_t escaped_len(const char *p) {
    unsigned char c = (unsigned char)*p;
    if (c < 0x20 || c == 0x7F) return 1;
    if (c < 0x80) return 0;
    uint32_t cp;
    size_t n = dc_utf8_decode(p, &cp);
    if (n == 0) return 1;
    return cp <= 0x9F ? n : 0; /* U+0080..U+009F: the C1 controls (CSI is U+009B) */
}

/* Appends the text at s up to its NUL: escapes where escaped_len says, `"` and `\` too when
 * `quoting`, everything else as it is. */
static void put_escaped(dc_buf *out, const char *s, bool quoting) {
    for (const char *p = s; *p;) {
        size_t n = escaped_len(p);
        if (n) {
            for (size_t k = 0; k < n; k++) put_escape(out, (unsigned char)p[k]);
            p += n;
        } else if (quoting && (*p == '"' || *p == '\\')) {
            dc_buf_addc(out, '\\');
            dc_buf_addc(out, *p++);
        } else {
            size_t len = *(const unsigned char *)p < 0x80 ? 1 : dc_utf8_len(p);
            dc_buf_add(out, p, len);
            p += len;
        }
    }
}

bool dc_text_path_needs_quote(const char *path) {
    for (const char *p = path; *p;) {
        if (*p == '"' || *p == '\\' || escaped_len(p)) return true;
        p += *(const unsigned char *)p < 0x80 ? 1 : dc_utf8_len(p);
    }
    return false;
}

void dc_text_quote_path_prefixed(dc_buf *out, const char *prefix, const char *path) {
    if (!dc_text_path_needs_quote(path)) {
        dc_buf_adds(out, prefix);
        dc_buf_adds(out, path);
        return;
    }
    dc_buf_addc(out, '"');
    put_escaped(out, prefix, true);
    put_escaped(out, path, true);
    dc_buf_addc(out, '"');
}

void dc_text_quote_path(dc_buf *out, const char *path) { dc_text_quote_path_prefixed(out, "", path); }

void dc_text_escape_controls(dc_buf *out, const char *s) { put_escaped(out, s ? s : "", false); }

void dc_text_percent_encode(dc_buf *out, const char *s) {
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("-._~!$&'()*+,;=@/", c)) {
            dc_buf_addc(out, (char)c);
        } else {
            dc_buf_addc(out, '%');
            dc_buf_addc(out, hex[c >> 4]);
            dc_buf_addc(out, hex[c & 15]);
        }
    }
}

/* ---- id lists -------------------------------------------------------------------------------- */

void dc_idlist_add(dc_buf *list, const char *id) {
    size_t n = strlen(id);
    const char *p = dc_buf_cstr(list), *end = p + list->len;
    while (p < end) {
        const char *sep = strstr(p, ", ");
        size_t len = sep ? (size_t)(sep - p) : (size_t)(end - p);
        if (len == n && memcmp(p, id, n) == 0) return;
        if (!sep) break;
        p = sep + 2;
    }
    if (list->len) dc_buf_adds(list, ", ");
    dc_buf_adds(list, id);
}
