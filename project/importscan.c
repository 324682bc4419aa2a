/* importscan.c: import specifiers from a file's text (importscan.h).
 *
 * TypeScript/JavaScript: every string literal is a candidate; it is an import specifier when
 * the token before it is `from` or `import`, or `(` preceded by `require` or `import`. The
 * quotes are found with memchr, one pass per quote character: literals are far rarer than
 * other bytes, so this costs about what reading the file does. Python: every statement holds
 * the word `import` (`import ...`, `from ... import`), found with strstr, then read from its
 * start (a line's, or after `;` or `:`) with a small tokenizer that follows parentheses and backslash continuations; and `import_module(`.
 * `len` must be the length of a NUL-terminated text (the scan uses strstr). */
#include "project/importscan.h"

#include <stdlib.h>
#include <string.h>

/* A specifier longer than this is no module name. */
#define IS_SPEC_MAX 1024

static bool ident_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' || c >= 0x80;
}

static bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

static void push(dc_import_specs *out, const char *p, size_t n) {
    if (n == 0 || n > IS_SPEC_MAX) return;
    dc_vec_push(out, dc_xstrndup(p, n));
}

/* Does the identifier ending at `end` (exclusive) equal `kw`? */
static bool word_at(const char *d, size_t end, const char *kw) {
    size_t n = strlen(kw);
    if (end < n || memcmp(d + end - n, kw, n) != 0) return false;
    return end == n || !ident_byte((unsigned char)d[end - n - 1]);
}

/* ---- TypeScript / JavaScript ------------------------------------------------------------- */

static bool ts_import_before(const char *d, size_t at) {
    size_t j = at;
    while (j > 0 && blank(d[j - 1])) j--;
    if (j > 0 && d[j - 1] == '(') {
        j--;
        while (j > 0 && blank(d[j - 1])) j--;
        return word_at(d, j, "require") || word_at(d, j, "import");
    }
    return word_at(d, j, "from") || word_at(d, j, "import");
}

static void ts_scan(const char *d, size_t len, dc_import_specs *out) {
    static const char quotes[] = {'"', '\''};
    for (int qi = 0; qi < 2; qi++) {
        const char *p = d, *end = d + len;
        const char *q;
        while (p < end && (q = memchr(p, quotes[qi], (size_t)(end - p))) != NULL) {
            p = q + 1;
            if (!ts_import_before(d, (size_t)(q - d))) continue;
            const char *s = q + 1;
            while (p < end && *p != quotes[qi] && *p != '\n') p++;
            if (p < end && *p == quotes[qi]) {
                push(out, s, (size_t)(p - s));
                p++;
            }
        }
    }
}

/* ---- Python -------------------------------------------------------------------------------- */

/* Blanks (and, inside parentheses, newlines and comments; anywhere, a backslash continuation). */
static size_t py_skip(const char *d, size_t i, size_t n, bool paren) {
    while (i < n) {
        char c = d[i];
        if (c == ' ' || c == '\t' || c == '\f') i++;
        else if (c == '\\' && i + 1 < n && (d[i + 1] == '\n' || d[i + 1] == '\r')) i += 2;
        else if (paren && (c == '\n' || c == '\r')) i++;
        else if (paren && c == '#') {
            while (i < n && d[i] != '\n') i++;
        } else break;
    }
    return i;
}

static size_t py_ident(const char *d, size_t i, size_t n) {
    while (i < n && ident_byte((unsigned char)d[i])) i++;
    return i;
}

/* A dotted name (with leading dots for a relative module): its end. */
static size_t py_dotted(const char *d, size_t i, size_t n) {
    while (i < n && d[i] == '.') i++;
    for (;;) {
        size_t e = py_ident(d, i, n);
        if (e == i || e >= n || d[e] != '.') return e;
        i = e + 1;
    }
}

static bool py_word(const char *d, size_t i, size_t n, const char *kw) {
    size_t k = strlen(kw);
    return i + k <= n && memcmp(d + i, kw, k) == 0 && (i + k == n || !ident_byte((unsigned char)d[i + k]));
}

/* `from M import a, b as c` / `from M import (a, b)`: M, M.a, M.b. */
static void py_from(const char *d, size_t i, size_t n, dc_import_specs *out) {
    size_t ms = py_skip(d, i, n, false), me = py_dotted(d, ms, n);
    if (me == ms) return;
    size_t k = py_skip(d, me, n, false);
    if (!py_word(d, k, n, "import")) return;
    push(out, d + ms, me - ms);
    k = py_skip(d, k + 6, n, false);
    bool paren = k < n && d[k] == '(';
    if (paren) k++;
    for (int guard = 0; guard < 4096; guard++) {
        k = py_skip(d, k, n, paren);
        size_t ne = py_ident(d, k, n);
        if (ne == k) return;
        bool dots = d[me - 1] == '.';
        size_t len = (me - ms) + (dots ? 0 : 1) + (ne - k);
        if (len <= IS_SPEC_MAX) {
            char *s = dc_xmalloc(len + 1);
            memcpy(s, d + ms, me - ms);
            if (!dots) s[me - ms] = '.';
            memcpy(s + (me - ms) + (dots ? 0 : 1), d + k, ne - k);
            s[len] = 0;
            dc_vec_push(out, s);
        }
        k = py_skip(d, ne, n, paren);
        if (py_word(d, k, n, "as")) k = py_ident(d, py_skip(d, k + 2, n, paren), n);
        k = py_skip(d, k, n, paren);
        if (k >= n || d[k] != ',') return;
        k++;
    }
}

/* `import a.b as c, d`: a.b, d. */
static void py_import(const char *d, size_t i, size_t n, dc_import_specs *out) {
    for (int guard = 0; guard < 4096; guard++) {
        size_t s = py_skip(d, i, n, false), e = py_dotted(d, s, n);
        if (e == s) return;
        push(out, d + s, e - s);
        i = py_skip(d, e, n, false);
        if (py_word(d, i, n, "as")) i = py_ident(d, py_skip(d, i + 2, n, false), n);
        i = py_skip(d, i, n, false);
        if (i >= n || d[i] != ',') return;
        i++;
    }
}

/* `import_module("m")`, `importlib.import_module('m')`: `k` is just past `import_module`. */
static void py_import_module(const char *d, size_t n, size_t k, dc_import_specs *out) {
    k = py_skip(d, k, n, false);
    if (k >= n || d[k] != '(') return;
    k = py_skip(d, k + 1, n, true);
    if (k >= n || (d[k] != '"' && d[k] != '\'')) return;
    char quote = d[k];
    size_t s = k + 1, e = s;
    while (e < n && d[e] != quote && d[e] != '\n') e++;
    if (e < n && d[e] == quote) push(out, d + s, e - s);
}

/* The next `needle` at or after `p`, or NULL. strstr is glibc's vectorised search, far faster
 * than its generic memmem; a source's text ends in a NUL (syntax/source.h) and a NUL inside it
 * (past the first 8 KiB, which the binary test reads) is stepped over. */
static const char *find(const char *p, const char *end, const char *needle) {
    while (p < end) {
        const char *q = strstr(p, needle);
        if (q && q < end) return q;
        if (q) return NULL;
        const char *nul = memchr(p, 0, (size_t)(end - p));
        if (!nul) return NULL;
        p = nul + 1;
    }
    return NULL;
}

/* Where the statement holding position `q` starts: after the last `;` or `:` before it on its
 * line, else at the line's start, where a line ending in a backslash continues the one before. */
static size_t statement_start(const char *d, size_t q) {
    size_t ls = q;
    for (;;) {
        while (ls > 0 && d[ls - 1] != '\n') ls--;
        if (ls == 0) break;
        size_t e = ls - 1; /* the newline */
        if (e > 0 && d[e - 1] == '\r') e--;
        if (e == 0 || d[e - 1] != '\\') break;
        ls = e - 1;
    }
    size_t s = ls;
    for (size_t k = ls; k < q; k++)
        if (d[k] == ';' || d[k] == ':') s = k + 1;
    return s;
}

/* Every import statement holds the word `import`: each occurrence is read from its statement's
 * start (`import a, b` or `from m import x`); `import_module("m")` is one too. */
static void py_scan(const char *d, size_t n, dc_import_specs *out) {
    for (const char *p = d, *end = d + n, *q; (q = find(p, end, "import")) != NULL; p = q + 6) {
        size_t at = (size_t)(q - d);
        if (at > 0 && ident_byte((unsigned char)d[at - 1])) continue;
        if (n - at >= 13 && memcmp(q, "import_module", 13) == 0) {
            py_import_module(d, n, at + 13, out);
            continue;
        }
        if (at + 6 < n && ident_byte((unsigned char)d[at + 6])) continue;
        size_t s = py_skip(d, statement_start(d, at), n, false);
        if (s == at) py_import(d, at + 6, n, out);
        else if (py_word(d, s, n, "from")) py_from(d, s + 4, n, out);
    }
}

void dc_importscan(const char *data, size_t len, bool py, dc_import_specs *out) {
    if (!data || !len) return;
    if (py) {
        py_scan(data, len, out);
    } else {
        ts_scan(data, len, out);
    }
}

void dc_import_specs_free(dc_import_specs *s) {
    for (uint32_t i = 0; i < s->len; i++) free(s->v[i]);
    dc_vec_free(s);
}
