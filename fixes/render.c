/* render.c: the file's conventions (newline, indentation unit, quote), guessed cheaply from its
 * bytes, and the appenders that make inserted or moved text follow them.
 *
 * Detection is a byte-level heuristic over at most the first 64 KiB, never a parse: it has to
 * be cheap enough to run for every fixed file, and a wrong guess only costs style, never
 * correctness (the fix loop re-parses every result). */
#include "fixes/render.h"

#include <string.h>

#include "analysis/finding.h"

#define DC_STYLE_SCAN_MAX (64u * 1024u)
#define DC_MAX_STEP 8

static const char *const space_units[DC_MAX_STEP + 1] = {
    "", " ", "  ", "   ", "    ", "     ", "      ", "       ", "        ",
};

/* ---- indentation ------------------------------------------------------------------------ */

typedef struct indent_votes {
    uint32_t tab_lines, space_lines;
    uint32_t step[DC_MAX_STEP + 1]; /* how often a block opened with an indent of N spaces */
} indent_votes;

static bool opens_block(char last, bool python) {
    if (python && last == ':') return true;
    return last == '{' || last == '(' || last == '[';
}

/* The last significant byte of a line, ignoring a trailing `#` (Python) or `//` (JS) comment.
 * Rough on purpose: a `#` or `//` inside a string only makes one vote go missing. */
static char line_last_byte(const char *p, uint32_t len, bool python) {
    uint32_t end = len;
    if (python) {
        const char *h = memchr(p, '#', len);
        if (h) end = (uint32_t)(h - p);
    } else {
        for (const char *q = p; (q = memchr(q, '/', len - (uint32_t)(q - p))) != NULL; q++) {
            if ((uint32_t)(q - p) + 1 < len && q[1] == '/') {
                end = (uint32_t)(q - p);
                break;
            }
        }
    }
    while (end > 0 && (p[end - 1] == ' ' || p[end - 1] == '\t' || p[end - 1] == '\r')) end--;
    return end ? p[end - 1] : '\0';
}

static void count_indents(const char *p, uint32_t n, bool python, indent_votes *v) {
    uint32_t prev_width = 0;
    bool prev_opens = false, prev_tab = false;
    for (uint32_t i = 0; i < n;) {
        const char *nl = memchr(p + i, '\n', n - i);
        uint32_t eol = nl ? (uint32_t)(nl - p) : n;
        uint32_t ws = i;
        while (ws < eol && (p[ws] == ' ' || p[ws] == '\t')) ws++;
        bool blank = ws == eol || (ws + 1 == eol && p[ws] == '\r');
        if (!blank) {
            uint32_t width = ws - i;
            bool tab = width && p[i] == '\t';
            if (width) {
                if (tab) v->tab_lines++;
                else v->space_lines++;
            }
            /* Only the step into a freshly opened block says what one level is; continuation
             * lines aligned under an opening bracket would vote for arbitrary widths. */
            if (prev_opens && !tab && !prev_tab && width > prev_width && width - prev_width <= DC_MAX_STEP)
                v->step[width - prev_width]++;
            prev_width = width;
            prev_tab = tab;
            prev_opens = opens_block(line_last_byte(p + ws, eol - ws, python), python);
        }
        i = eol + 1;
    }
}

static uint32_t gcd_u32(uint32_t a, uint32_t b) {
    while (b) {
        uint32_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* The GCD of the steps that carry real weight (>= 10% of the votes), so a file that nests 4
 * and 8 deep answers 4 while a stray 3-space block does not drag the answer down to 1. */
static uint32_t pick_step(const indent_votes *v) {
    uint32_t total = 0, best = 0, g = 0;
    for (uint32_t s = 1; s <= DC_MAX_STEP; s++) {
        total += v->step[s];
        if (v->step[s] > v->step[best]) best = s;
    }
    if (!total) return 0;
    for (uint32_t s = 1; s <= DC_MAX_STEP; s++)
        if (v->step[s] * 10 >= total) g = gcd_u32(g, s);
    return g >= 2 ? g : best;
}

/* ---- quotes ----------------------------------------------------------------------------- */

/* Skips a string literal opened at p[i]; returns the index after it. Single-quoted strings end
 * at the line end at the latest, so an apostrophe in JSX text costs one line, not the file. */
static uint32_t skip_string(const char *p, uint32_t n, uint32_t i, char q, bool triple) {
    i += triple ? 3 : 1;
    while (i < n) {
        if (p[i] == '\\') {
            i += 2;
            continue;
        }
        if (triple) {
            if (p[i] == q && i + 2 < n && p[i + 1] == q && p[i + 2] == q) return i + 3;
        } else if (p[i] == q || (p[i] == '\n' && q != '`')) {
            return i + 1;
        }
        i++;
    }
    return n;
}

static uint32_t skip_comment(const char *p, uint32_t n, uint32_t i, bool python) {
    if (python || p[i + 1] == '/') {
        while (i < n && p[i] != '\n') i++;
        return i;
    }
    for (i += 2; i + 1 < n; i++)
        if (p[i] == '*' && p[i + 1] == '/') return i + 2;
    return n;
}

/* Counts the openers of ' and " strings outside comments. Python triple-quoted strings do not
 * vote (docstrings are """ whatever quote the code uses), nor do JS template literals. */
static char count_quotes(const char *p, uint32_t n, bool python) {
    uint32_t single = 0, dbl = 0;
    /* the bytes the loop below acts on; everything else is stepped over in a tight loop */
    bool acts[256] = {false};
    acts['\''] = acts['"'] = true;
    acts[python ? '#' : '/'] = true;
    if (!python) acts['`'] = true;
    for (uint32_t i = 0; i < n;) {
        while (i < n && !acts[(unsigned char)p[i]]) i++;
        if (i >= n) break;
        char c = p[i];
        bool comment = python ? c == '#' : (c == '/' && i + 1 < n && (p[i + 1] == '/' || p[i + 1] == '*'));
        if (comment) {
            i = skip_comment(p, n, i, python);
        } else if (c == '\'' || c == '"' || (!python && c == '`')) {
            bool triple = python && i + 2 < n && p[i + 1] == c && p[i + 2] == c;
            if (!triple && c == '\'') single++;
            if (!triple && c == '"') dbl++;
            i = skip_string(p, n, i, c, triple);
        } else {
            i++;
        }
    }
    return single > dbl ? '\'' : '"';
}

dc_style dc_style_detect(const dc_source *src) {
    bool python = src->lang == DC_LANG_PYTHON;
    uint32_t n = src->len < DC_STYLE_SCAN_MAX ? src->len : DC_STYLE_SCAN_MAX;
    dc_style st = {src->crlf ? "\r\n" : "\n", python ? space_units[4] : space_units[2], '"'};
    indent_votes v = {0};
    count_indents(src->data, n, python, &v);
    if (v.tab_lines > v.space_lines) {
        st.indent = "\t";
    } else {
        uint32_t step = pick_step(&v);
        if (step) st.indent = space_units[step];
    }
    st.quote = count_quotes(src->data, n, python);
    return st;
}

/* ---- lines ------------------------------------------------------------------------------ */

uint32_t dc_line_start(const dc_source *src, uint32_t offset) {
    if (offset > src->len) offset = src->len;
    uint32_t i = offset;
    while (i > 0 && src->data[i - 1] != '\n') i--;
    /* The BOM is not part of the first line: text inserted "at the start of line 1" must go
     * after it, or the file would no longer start with its BOM. */
    if (i == 0 && src->has_bom && offset >= 3) i = 3;
    return i;
}

dc_sv dc_line_indent(const dc_source *src, uint32_t offset) {
    uint32_t s = dc_line_start(src, offset), e = s;
    while (e < src->len && (src->data[e] == ' ' || src->data[e] == '\t')) e++;
    return dc_sv_from(src->data + s, e - s);
}

static bool sv_has_prefix(dc_sv s, dc_sv prefix) {
    return s.len >= prefix.len && memcmp(s.p, prefix.p, prefix.len) == 0;
}

void dc_render_reindent(dc_buf *out, dc_sv text, dc_sv from_indent, dc_sv to_indent, const dc_style *style) {
    uint32_t i = 0;
    bool first = true;
    while (i < text.len) {
        uint32_t eol = i;
        while (eol < text.len && text.p[eol] != '\n') eol++;
        uint32_t content_end = eol;
        if (eol < text.len && content_end > i && text.p[content_end - 1] == '\r') content_end--;
        dc_sv line = dc_sv_from(text.p + i, content_end - i);
        if (!first && sv_has_prefix(line, from_indent)) {
            dc_buf_addsv(out, to_indent);
            line.p += from_indent.len;
            line.len -= from_indent.len;
        }
        dc_buf_addsv(out, line);
        if (eol < text.len) dc_buf_adds(out, style->newline);
        first = false;
        i = eol + 1;
    }
}

void dc_render_lines(dc_buf *out, const char *tmpl, dc_sv indent, const dc_style *style) {
    for (const char *p = tmpl; *p; p++) {
        bool nl = *p == '\n' || (p[0] == '\r' && p[1] == '\n');
        if (!nl) {
            dc_buf_addc(out, *p);
            continue;
        }
        if (*p == '\r') p++;
        dc_buf_adds(out, style->newline);
        /* A blank line inside the template gets no indentation (no trailing whitespace); the
         * final newline does, so the text can be inserted in front of an indented statement. */
        bool next_blank = p[1] == '\n' || (p[1] == '\r' && p[2] == '\n');
        if (!next_blank) dc_buf_addsv(out, indent);
    }
}

void dc_render_string(dc_buf *out, const char *value, const dc_style *style) {
    char q = style->quote == '\'' ? '\'' : '"';
    dc_buf_addc(out, q);
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        switch (*p) {
        case '\\': dc_buf_adds(out, "\\\\"); break;
        case '\n': dc_buf_adds(out, "\\n"); break;
        case '\r': dc_buf_adds(out, "\\r"); break;
        case '\t': dc_buf_adds(out, "\\t"); break;
        default:
            if (*p == (unsigned char)q) {
                dc_buf_addc(out, '\\');
                dc_buf_addc(out, (char)*p);
            } else if (*p < 0x20 || *p == 0x7f) {
                /* \xNN means the same in Python and JS; a raw control byte is at best invisible */
                dc_buf_printf(out, "\\x%02x", *p);
            } else {
                dc_buf_addc(out, (char)*p);
            }
        }
    }
    dc_buf_addc(out, q);
}

/* `text` with its newlines made CRLF (`crlf`) or LF, appended to `out`. */
static void convert_newlines(dc_buf *out, const char *text, uint32_t len, bool crlf) {
    for (uint32_t i = 0; i < len; i++) {
        if (!crlf && text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') continue; /* CRLF -> LF */
        if (crlf && text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) dc_buf_add(out, "\r", 1);
        dc_buf_add(out, text + i, 1);
    }
}

void dc_fix_line_endings(dc_arena *arena, dc_source *src, dc_fix *fix) {
    if (!fix) return;
    dc_buf b = DC_BUF_INIT;
    for (uint32_t i = 0; i < fix->nedits; i++) {
        dc_edit *e = &fix->edits[i];
        if (!e->len || !memchr(e->text, '\n', e->len)) continue;
        bool crlf = dc_source_crlf_at(src, e->start);
        if (crlf == src->crlf) continue;
        dc_buf_reset(&b);
        convert_newlines(&b, e->text, e->len, crlf);
        e->text = dc_arena_strndup(arena, b.p ? b.p : "", b.len);
        e->len = (uint32_t)b.len;
    }
    dc_buf_free(&b);
}
