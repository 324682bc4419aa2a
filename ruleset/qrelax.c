/* qrelax.c: see qrelax.h. A small reader of tree-sitter's query syntax (0.20.7 and 0.25: nodes, groups,
 * alternations, strings, fields, negated fields, anchors, quantifiers, captures, predicates,
 * comments) that copies the text through, turning the kinds of nested parent steps into `_`.
 * Written here because tree-sitter exposes no query syntax tree and no library parses its query
 * language; the reader only has to find step boundaries, and anything it is unsure of returns
 * the text unchanged, so a misreading costs speed, never a match. */
#include "ruleset/qrelax.h"

#include <stdlib.h>
#include <string.h>

typedef struct rx {
    const TSLanguage *g;
    const char *s;
    size_t n, i;
    dc_buf *out;
    uint32_t relaxed;
    bool bad;
} rx;

static bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.' || c == '?' || c == '!' || c == '#' || c == ':';
}

static bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/* Copies whitespace and ; comments. */
static void copy_blank(rx *r) {
    while (r->i < r->n) {
        char c = r->s[r->i];
        if (space(c)) {
            dc_buf_addc(r->out, c);
            r->i++;
        } else if (c == ';') {
            while (r->i < r->n && r->s[r->i] != '\n') dc_buf_addc(r->out, r->s[r->i++]);
        } else {
            break;
        }
    }
}

/* Position after the blanks and comments at `i`, without copying. */
static size_t skip_blank(const rx *r, size_t i) {
    while (i < r->n) {
        if (space(r->s[i])) {
            i++;
        } else if (r->s[i] == ';') {
            while (i < r->n && r->s[i] != '\n') i++;
        } else {
            break;
        }
    }
    return i;
}

static void copy_string(rx *r) {
    dc_buf_addc(r->out, r->s[r->i++]);
    while (r->i < r->n) {
        char c = r->s[r->i++];
        dc_buf_addc(r->out, c);
        if (c == '\\' && r->i < r->n) {
            dc_buf_addc(r->out, r->s[r->i++]);
        } else if (c == '"') {
            return;
        }
    }
    r->bad = true; /* unterminated */
}

static void items(rx *r, int depth, char closer, bool fielded, bool *has_child);

/* A predicate `(#name args...)`: copied through its closing parenthesis. */
static void copy_predicate(rx *r) {
    int nest = 0;
    while (r->i < r->n) {
        char c = r->s[r->i];
        if (c == '"') {
            copy_string(r);
            if (r->bad) return;
            continue;
        }
        if (c == ';') { /* tree-sitter allows comments between arguments; a '"' or ')' in one is text */
            copy_blank(r);
            continue;
        }
        dc_buf_addc(r->out, c);
        r->i++;
        if (c == '(') nest++;
        if (c == ')' && --nest == 0) return;
    }
    r->bad = true;
}

/* After a node's ')': is a quantifier next, and how many captures follow? */
static void suffix(const rx *r, bool *quantified, int *ncaps) {
    size_t j = skip_blank(r, r->i);
    *quantified = j < r->n && (r->s[j] == '*' || r->s[j] == '+' || r->s[j] == '?');
    *ncaps = 0;
    for (;;) {
        j = skip_blank(r, j);
        if (j >= r->n || r->s[j] != '@') return;
        (*ncaps)++;
        j++;
        while (j < r->n && name_char(r->s[j])) j++;
    }
}

/* The symbol of a plain named node kind that may be relaxed, else 0. */
static TSSymbol relaxable(const rx *r, const char *kind, size_t len) {
    if (len == 1 && kind[0] == '_') return 0;
    if (len == 5 && memcmp(kind, "ERROR", 5) == 0) return 0;
    for (size_t k = 0; k < len; k++) {
        char c = kind[k];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return 0;
    }
    TSSymbol sym = ts_language_symbol_for_name(r->g, kind, (uint32_t)len, true);
    if (!sym || ts_language_symbol_type(r->g, sym) != TSSymbolTypeRegular) return 0;
    return sym;
}

/* At '(': a group, a predicate or a node step. *is_step: it (or, for a group, something in it)
 * is a step, so the enclosing node has children. */
static void paren(rx *r, int depth, bool field, bool *is_step) {
    size_t j = skip_blank(r, r->i + 1);
    if (j >= r->n) {
        r->bad = true;
        return;
    }
    char c = r->s[j];
    if (c == '#') {
        copy_predicate(r);
        return;
    }
    dc_buf_addc(r->out, '(');
    r->i++;
    if (c == '(' || c == '[' || c == '"' || c == '.') { /* a group of sibling steps */
        items(r, depth, ')', false, is_step);
        if (r->bad) return;
        dc_buf_addc(r->out, ')');
        r->i++;
        return;
    }
    copy_blank(r);
    size_t k0 = r->i;
    while (r->i < r->n && name_char(r->s[r->i]) && r->s[r->i] != ':') r->i++;
    if (r->i == k0) {
        r->bad = true;
        return;
    }
    size_t kind_at = r->out->len, klen = r->i - k0;
    dc_buf_add(r->out, r->s + k0, klen);
    bool kids = false;
    items(r, depth + 1, ')', false, &kids);
    if (r->bad) return;
    dc_buf_addc(r->out, ')');
    r->i++;
    *is_step = true;
    bool quantified;
    int ncaps;
    suffix(r, &quantified, &ncaps);
    if (depth < 2 || !field || !kids || quantified || ncaps >= 3) return;
    if (!relaxable(r, r->s + k0, klen)) return;
    /* `(kind` -> `(_`, and the kind check as a capture right after the ')'. */
    char *p = r->out->p;
    memmove(p + kind_at + 1, p + kind_at + klen, r->out->len - kind_at - klen);
    p[kind_at] = '_';
    r->out->len -= klen - 1;
    r->out->p[r->out->len] = '\0';
    dc_buf_adds(r->out, " @" DC_KIND_CAPTURE_PREFIX);
    dc_buf_add(r->out, r->s + k0, klen);
    r->relaxed++;
}

/* Steps, fields, anchors, quantifiers and captures up to `closer` (0: the end of the text). */
static void items(rx *r, int depth, char closer, bool fielded, bool *has_child) {
    bool field = false; /* the last item was `name:` */
    for (;;) {
        bool was_field = field || fielded;
        field = false;
        copy_blank(r);
        if (r->bad) return;
        if (r->i >= r->n) {
            if (closer) r->bad = true;
            return;
        }
        char c = r->s[r->i];
        if (c == closer) return;
        if (c == ')' || c == ']') {
            r->bad = true;
            return;
        }
        if (c == '(') {
            bool step = false;
            paren(r, depth, was_field, &step);
            if (step) *has_child = true;
        } else if (c == '[') {
            dc_buf_addc(r->out, '[');
            r->i++;
            bool any = false;
            items(r, depth, ']', was_field, &any); /* `field: [A B]`: A and B are in the field */
            if (r->bad) return;
            dc_buf_addc(r->out, ']');
            r->i++;
            *has_child = true;
        } else if (c == '"') {
            copy_string(r);
            *has_child = true;
        } else if (c == '@') {
            dc_buf_addc(r->out, c);
            r->i++;
            while (r->i < r->n && name_char(r->s[r->i])) dc_buf_addc(r->out, r->s[r->i++]);
        } else if (c == '*' || c == '+' || c == '?' || c == '.' || c == '!') {
            dc_buf_addc(r->out, c);
            r->i++;
        } else if (name_char(c)) {
            size_t k0 = r->i;
            while (r->i < r->n && name_char(r->s[r->i])) r->i++;
            dc_buf_add(r->out, r->s + k0, r->i - k0);
            /* `field:` and `!field` are not steps; a bare `_` is (any node). */
            if (r->i - k0 == 1 && r->s[k0] == '_') *has_child = true;
            field = r->s[r->i - 1] == ':';
        } else {
            r->bad = true;
            return;
        }
    }
}

uint32_t dc_query_relax(const TSLanguage *g, const char *text, size_t len, dc_buf *out) {
    size_t start = out->len;
    rx r = {.g = g, .s = text, .n = len, .out = out};
    bool any = false;
    if (g) items(&r, 1, 0, false, &any);
    if (!g || r.bad || !r.relaxed) {
        out->len = start;
        if (out->p && out->cap) out->p[start] = '\0';
        dc_buf_add(out, text, len);
        return 0;
    }
    return r.relaxed;
}

bool dc_query_relax_enabled(void) {
    const char *e = getenv("DCMIGRATE_EXACT_QUERIES");
    return !(e && *e && strcmp(e, "0") != 0);
}
