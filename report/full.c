/* full.c: the full text format, one block per finding in the style of ruff's default output:
 *
 *   app.py:4:9: warning[tools-get] `dc.tools.get(...)` fetches tools directly; ... [fix]
 *     |
 *   3 | dc = Devcaster()
 *   4 | tools = dc.tools.get(user_id="u1", toolkits=["GITHUB"])
 *     |         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
 *   5 | print(tools)
 *     |
 *     = fix: use a session
 *   4 - tools = dc.tools.get(user_id="u1", toolkits=["GITHUB"])
 *   4 + session = dc.create(user_id="u1", toolkits=["GITHUB"])
 *   5 + tools = session.tools()
 *
 * The first line is the concise line (so grep and editors' error matchers still find it). Then
 * the lines the finding spans with one line of context each side, the span underlined (a span of
 * more than 6 lines shows its first 3 and last 2), what the fix does (`= fix:`, or `= unsafe
 * fix:` and `= why unsafe:`, or `= manual:` with what to do by hand), and the lines the fix
 * removes and adds, numbered as in the file before and after it.
 *
 * Source text is shown as the terminal will draw it: a tab as 4 spaces, East Asian wide
 * characters and emoji as 2 columns, combining marks as none, and control characters and bytes
 * that are not UTF-8 escaped as everywhere else (common/text.h), so the carets stay under the
 * span and no file can send an escape sequence to the terminal. Columns are counted as the
 * reports count them (syntax/source.h: one per code point, one per stray byte). */
#include <stdlib.h>
#include <string.h>

#include "common/text.h"
#include "report/fullwidth_p.h"
#include "report/report.h"

#define MAX_SPAN_LINES 6

typedef struct style {
    const char *bold, *reset, *gutter, *caret, *del, *add, *label;
} style;

static bool in_ranges(const uint32_t (*r)[2], size_t n, uint32_t cp) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < r[mid][0]) hi = mid;
        else if (cp > r[mid][1]) lo = mid + 1;
        else return true;
    }
    return false;
}

/* Terminal columns of a code point, as wcwidth counts them (report/fullwidth_p.h); a terminal
 * may differ on rare characters. */
static unsigned cp_width(uint32_t cp) {
    if (in_ranges(dc_zero_ranges, sizeof dc_zero_ranges / sizeof *dc_zero_ranges, cp)) return 0;
    return in_ranges(dc_wide_ranges, sizeof dc_wide_ranges / sizeof *dc_wide_ranges, cp) ? 2 : 1;
}

/* One source line as shown: its text, and the display column before each of its columns. */
typedef struct shown {
    dc_buf text;
    DC_VEC(uint32_t) at; /* at.v[c - 1]: display columns before column c; one more for the end */
} shown;

static void show_line(shown *sh, const char *p, size_t len) {
    dc_buf_reset(&sh->text);
    sh->at.len = 0;
    uint32_t width = 0;
    char one[8];
    for (size_t i = 0; i < len;) {
        dc_vec_push(&sh->at, width);
        unsigned char c = (unsigned char)p[i];
        /* the column step of syntax/source.c: by the lead byte, continuation bytes checked */
        size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
        for (size_t k = 1; k < n; k++)
            if (i + k >= len || ((unsigned char)p[i + k] & 0xC0) != 0x80) n = 1;
        size_t before = sh->text.len;
        if (c == '\t') {
            dc_buf_adds(&sh->text, "    ");
            width += 4;
        } else {
            memcpy(one, p + i, n);
            one[n] = 0;
            uint32_t cp = 0;
            dc_text_escape_controls(&sh->text, one);
            bool escaped = sh->text.len - before != n || memcmp(sh->text.p + before, one, n) != 0;
            if (escaped || dc_utf8_decode(one, &cp) != n) width += (uint32_t)(sh->text.len - before);
            else width += cp_width(cp);
        }
        i += n;
    }
    dc_vec_push(&sh->at, width);
}

static uint32_t digits(uint32_t n) {
    uint32_t d = 1;
    while (n >= 10) n /= 10, d++;
    return d;
}

/* The carets under columns [from, to) of the line just shown (at least one). */
static void underline(FILE *out, const shown *sh, uint32_t from, uint32_t to, uint32_t w, const style *st) {
    uint32_t last = sh->at.len; /* columns 1 .. at.len (the end) */
    if (from < 1) from = 1;
    if (from > last) from = last;
    if (to > last) to = last;
    uint32_t a = sh->at.v[from - 1], b = to > from ? sh->at.v[to - 1] : a;
    fprintf(out, "%*s %s|%s %*s%s", (int)w, "", st->gutter, st->reset, (int)a, "", st->caret);
    for (uint32_t k = a; k < (b > a ? b : a + 1); k++) fputc('^', out);
    fprintf(out, "%s\n", st->reset);
}

/* The first column of a line that is not blank (a span's middle lines are underlined from it). */
static uint32_t first_text_col(const char *p, size_t len) {
    uint32_t col = 1;
    for (size_t i = 0; i < len && (p[i] == ' ' || p[i] == '\t'); i++) col++;
    return col;
}

/* The snippet: numbered lines, the span's underlined. */
static void write_snippet(FILE *out, const dc_rfinding *f, uint32_t w, const style *st) {
    uint32_t span_end = f->end_line > f->line && f->end_col == 1 ? f->end_line - 1 : f->end_line;
    shown sh = {DC_BUF_INIT, {0}};
    fprintf(out, "%*s %s|%s\n", (int)w, "", st->gutter, st->reset);
    const char *p = f->snippet;
    for (uint32_t line = f->snippet_line;; line++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        size_t shown_len = len && p[len - 1] == '\r' ? len - 1 : len;
        const char *q = p;
        if (line == 1 && shown_len >= 3 && memcmp(q, "\xEF\xBB\xBF", 3) == 0) q += 3, shown_len -= 3; /* a BOM is not a column */
        bool in_span = line >= f->line && line <= span_end;
        bool elided = in_span && span_end - f->line + 1 > MAX_SPAN_LINES && line >= f->line + 3 && line + 2 <= span_end;
        if (elided && line == f->line + 3) fprintf(out, "%*s %s...%s\n", (int)w, "", st->gutter, st->reset);
        if (!elided) {
            show_line(&sh, q, shown_len);
            fprintf(out, "%s%*u |%s%s%s\n", st->gutter, (int)w, line, st->reset, sh.text.len ? " " : "", dc_buf_cstr(&sh.text));
            if (in_span) {
                uint32_t from = line == f->line ? f->col : first_text_col(q, shown_len);
                uint32_t to = line == f->end_line ? f->end_col : sh.at.len;
                underline(out, &sh, from, to, w, st);
            }
        }
        if (!nl) break;
        p = nl + 1;
    }
    fprintf(out, "%*s %s|%s\n", (int)w, "", st->gutter, st->reset);
    dc_buf_free(&sh.text);
    dc_vec_free(&sh.at);
}

/* `= label: text`, the text's control characters escaped. */
static void labelled(FILE *out, uint32_t w, const style *st, const char *label, const char *text) {
    dc_buf b = DC_BUF_INIT;
    dc_text_escape_controls(&b, text);
    fprintf(out, "%*s %s=%s %s%s:%s %s\n", (int)w, "", st->gutter, st->reset, st->label, label, st->reset, dc_buf_cstr(&b));
    dc_buf_free(&b);
}

/* What the fix does, then its lines removed and added. */
static void write_fix(FILE *out, const dc_rfinding *f, uint32_t w, const style *st) {
    if (f->app == DC_APP_SAFE) labelled(out, w, st, "fix", f->fix_title ? f->fix_title : "applied by --fix");
    if (f->app == DC_APP_UNSAFE) {
        labelled(out, w, st, "unsafe fix", f->fix_title ? f->fix_title : "applied by --fix --unsafe-fixes");
        labelled(out, w, st, "why unsafe", f->fix_why ? f->fix_why : "(no reason given)");
    }
    if (f->app == DC_APP_MANUAL) labelled(out, w, st, "manual", f->fix_why ? f->fix_why : "migrate by hand");
    if (!f->fix_preview || f->app == DC_APP_MANUAL) return;
    shown sh = {DC_BUF_INIT, {0}};
    for (const char *p = f->fix_preview; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *end;
        unsigned long n = strtoul(p + 1, &end, 10);
        const char *text = *end == ' ' ? end + 1 : end;
        show_line(&sh, text, len - (size_t)(text - p));
        bool del = *p == '-';
        fprintf(out, "%s%*lu%s %s%c%s%s%s\n", st->gutter, (int)w, n, st->reset, del ? st->del : st->add, del ? '-' : '+',
                sh.text.len ? " " : "", dc_buf_cstr(&sh.text), st->reset);
        p = nl ? nl + 1 : p + len;
    }
    dc_buf_free(&sh.text);
    dc_vec_free(&sh.at);
}

/* The widest line number the block shows. */
static uint32_t gutter_width(const dc_rfinding *f) {
    uint32_t most = f->end_line + 1;
    for (const char *p = f->fix_preview; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : "") {
        unsigned long n = strtoul(p + 1, NULL, 10);
        if (n > most) most = (uint32_t)n;
    }
    return digits(most);
}

void dc_report_full_block(FILE *out, const dc_rfinding *f, const dc_output_opts *o) {
    style st = {"", "", "", "", "", "", ""};
    if (o->color) {
        const char *sev = f->severity == DC_SEV_ERROR ? "\033[1;31m" : f->severity == DC_SEV_WARNING ? "\033[1;33m" : "\033[1;36m";
        st = (style){"\033[1m", "\033[0m", "\033[1;34m", sev, "\033[31m", "\033[32m", "\033[1m"};
    }
    uint32_t w = gutter_width(f);
    if (f->snippet) write_snippet(out, f, w, &st);
    write_fix(out, f, w, &st);
    fputc('\n', out);
}
