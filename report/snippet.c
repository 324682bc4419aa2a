/* snippet.c: source lines and fix previews for the full text format (see snippet.h). */
#include "report/snippet.h"

#include <string.h>

/* The last line a range ending at `end` (exclusive, after `start`) touches: a range that ends
 * right after a newline does not touch the next line. */
static uint32_t last_line(dc_source *s, uint32_t start, uint32_t end) {
    return dc_source_pos(s, end > start ? end - 1 : start).line;
}

static void fill_lines(dc_rfinding *r, dc_source *s) {
    uint32_t n = dc_source_line_count(s);
    uint32_t first = r->line > 1 ? r->line - 1 : 1;
    uint32_t span_last = last_line(s, r->start, r->end), last = span_last + 1;
    if (last > n) last = n;
    if (last > span_last && dc_source_line_start(s, last) >= s->len) last--; /* the "line" after the final newline */
    if (last < first) last = first;
    uint32_t a = dc_source_line_start(s, first), b = dc_source_line_end(s, last);
    r->snippet = dc_xstrndup(s->data + a, b > a ? b - a : 0);
    r->snippet_line = first;
    r->snippet_start = a;
}

/* The lines of text[0..len) (endings dropped, CR too), as views. */
typedef DC_VEC(dc_sv) sv_list;
static void split_lines(sv_list *out, const char *text, size_t len) {
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        size_t l = e - i;
        if (l && text[i + l - 1] == '\r') l--;
        dc_vec_push(out, ((dc_sv){text + i, (uint32_t)l}));
        i = e + 1;
    }
}

static bool sv_eq(dc_sv a, dc_sv b) { return a.len == b.len && memcmp(a.p, b.p, a.len) == 0; }

/* One group of edits, lines [la, lb] of the source: old and new lines, the unchanged ones at
 * either end left out, into `out`; *delta (new minus old line numbers so far) is updated. */
static void preview_group(dc_buf *out, dc_source *s, const dc_fix *fx, uint32_t e0, uint32_t e1, uint32_t la,
                          uint32_t lb, int64_t *delta) {
    uint32_t a = dc_source_line_start(s, la);
    uint32_t b = lb < dc_source_line_count(s) ? dc_source_line_start(s, lb + 1) : s->len;
    dc_buf nw = DC_BUF_INIT;
    uint32_t at = a;
    for (uint32_t k = e0; k < e1; k++) {
        const dc_edit *e = &fx->edits[k];
        if (e->start > at) dc_buf_add(&nw, s->data + at, e->start - at);
        dc_buf_add(&nw, e->text, e->len);
        if (e->end > at) at = e->end;
    }
    if (b > at) dc_buf_add(&nw, s->data + at, b - at);
    sv_list ol = {0}, nl = {0};
    split_lines(&ol, s->data + a, b - a);
    split_lines(&nl, nw.p ? nw.p : "", nw.len);
    uint32_t pre = 0, post = 0;
    while (pre < ol.len && pre < nl.len && sv_eq(ol.v[pre], nl.v[pre])) pre++;
    while (post < ol.len - pre && post < nl.len - pre && sv_eq(ol.v[ol.len - 1 - post], nl.v[nl.len - 1 - post])) post++;
    for (uint32_t i = pre; i + post < ol.len; i++)
        dc_buf_printf(out, "-%u %.*s\n", la + i, (int)ol.v[i].len, ol.v[i].p);
    for (uint32_t i = pre; i + post < nl.len; i++)
        dc_buf_printf(out, "+%lld %.*s\n", (long long)(la + i + *delta), (int)nl.v[i].len, nl.v[i].p);
    *delta += (int64_t)nl.len - (int64_t)ol.len;
    dc_vec_free(&ol);
    dc_vec_free(&nl);
    dc_buf_free(&nw);
}

/* The fix's edits (sorted, not overlapping) in groups of the lines they touch. */
static char *preview(dc_source *s, const dc_fix *fx) {
    dc_buf out = DC_BUF_INIT;
    int64_t delta = 0;
    for (uint32_t k = 0; k < fx->nedits;) {
        uint32_t la = dc_source_pos(s, fx->edits[k].start).line;
        uint32_t lb = last_line(s, fx->edits[k].start, fx->edits[k].end);
        uint32_t j = k + 1;
        for (; j < fx->nedits && dc_source_pos(s, fx->edits[j].start).line <= lb; j++) {
            uint32_t l = last_line(s, fx->edits[j].start, fx->edits[j].end);
            if (l > lb) lb = l;
        }
        preview_group(&out, s, fx, k, j, la, lb, &delta);
        k = j;
    }
    return out.len ? dc_buf_detach(&out) : (dc_buf_free(&out), NULL);
}

void dc_snippet_fill(dc_rfinding *r, dc_source *s, const dc_fix *fx) {
    fill_lines(r, s);
    if (fx && fx->nedits && fx->app != DC_APP_MANUAL) r->fix_preview = preview(s, fx);
}
