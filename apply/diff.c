/* diff.c: a file's diff before and after fixing, as hunk records (see diff.h).
 *
 * git's own diff engine, xdiff (vendor/xdiff: the copy libgit2 1.5.1 ships), does the diffing,
 * called as libgit2's git_diff_buffers called it (diff_xdiff.c there), which dcmigrate used until
 * the binary became self-contained (libgit2 cannot be linked statically as Debian builds it; the
 * README's "Dependencies" says why xdiff rather than a diff of our own): the same flags, the same
 * function-context lines, the same hunk header clean-up, so the output is unchanged byte for
 * byte. Its hunk and line records are filled in a scratch diff and handed over only when xdiff
 * succeeds, so an error leaves the caller an empty diff, never half of one.
 */
#include "apply/diff.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <xdiff.h>

#include "common/text.h"

/* libgit2's git_diff_hunk.header holds 128 bytes with its NUL: a longer header was cut there. */
#define DC_DIFF_HEADER_MAX 127

/* libgit2's git_utf8_valid_buf_length (util/utf8.c): the prefix made of sequences whose lead
 * byte announces a length that the continuation bytes fill (a loose check: overlong forms pass),
 * which libgit2 cuts a hunk header to. */
static size_t dc_diff_utf8_prefix(const unsigned char *s, size_t n) {
    size_t off = 0;
    while (off < n) {
        unsigned char c = s[off];
        size_t len = c < 0x80 ? 1 : c < 0xC0 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF8 ? 4 : 0;
        if (!len || len > n - off) break;
        for (size_t i = 1; i < len; i++)
            if ((s[off + i] & 0xC0) != 0x80) return off;
        off += len;
    }
    return off;
}

/* The function context of a hunk header: libgit2's default driver (diff_driver.c
 * diff_context_find + diff_context_line__simple): the line without trailing white space, when
 * it starts with an ASCII letter, '_' or '$', cut to the room xdiff gives. */
static long dc_diff_find_func(const char *line, long len, char *out, long size, void *priv) {
    (void)priv;
    while (len > 0 && (line[len - 1] == ' ' || (line[len - 1] >= '\t' && line[len - 1] <= '\r'))) len--;
    if (len <= 0) return -1;
    char c = line[0];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '$')) return -1;
    if (size > len) size = len;
    memcpy(out, line, (size_t)size);
    return size;
}

/* "@@ -l[,s] +l[,s] @@" -> its four numbers (a count left out is 1), as libgit2 parses it. */
static const char *dc_diff_scan(const char *p, const char *end, uint32_t *v) {
    while (p < end && !(*p >= '0' && *p <= '9')) p++;
    uint32_t n = 0;
    for (; p < end && *p >= '0' && *p <= '9'; p++) n = n * 10 + (uint32_t)(*p - '0');
    *v = n;
    return p;
}

static void dc_diff_parse_header(dc_diff_hunk *h, const char *p, const char *end) {
    p = dc_diff_scan(p, end, &h->old_start);
    h->old_lines = 1;
    if (p < end && *p == ',') p = dc_diff_scan(p, end, &h->old_lines);
    p = dc_diff_scan(p, end, &h->new_start);
    h->new_lines = 1;
    if (p < end && *p == ',') dc_diff_scan(p, end, &h->new_lines);
}

static void dc_diff_hunk_rec(dc_diff *d, const char *hdr, size_t hlen) {
    dc_diff_hunk h = {0};
    dc_diff_parse_header(&h, hdr, hdr + hlen);
    if (hlen > DC_DIFF_HEADER_MAX) hlen = DC_DIFF_HEADER_MAX;
    /* libgit2 cut the header at invalid UTF-8 (a function line's bytes) and put the newline
     * back; the records keep it without its newline, which the renderer adds. */
    size_t valid = dc_diff_utf8_prefix((const unsigned char *)hdr, hlen);
    if (valid < hlen) hlen = valid;
    else if (hlen && hdr[hlen - 1] == '\n') hlen--;
    h.header_off = (uint32_t)d->text.len;
    h.header_len = (uint32_t)hlen;
    h.first = d->lines.len;
    dc_buf_add(&d->text, hdr, hlen);
    dc_vec_push(&d->hunks, h);
}

static void dc_diff_line_rec(dc_diff *d, char origin, const char *p, size_t len) {
    if (!d->hunks.len) return; /* cannot happen: lines come inside hunks */
    dc_diff_line l = {origin, (uint32_t)d->text.len, origin == DC_DIFF_NO_EOL ? 0 : (uint32_t)len};
    if (origin != DC_DIFF_NO_EOL) dc_buf_add(&d->text, p, len);
    dc_vec_push(&d->lines, l);
    d->hunks.v[d->hunks.len - 1].nlines++;
}

/* xdiff's output: one buffer for a hunk header, two for a line (its origin, its content), three
 * for a line that lacks its newline (then "\n\ No newline at end of file\n"). */
static int dc_diff_out(void *priv, mmbuffer_t *bufs, int n) {
    dc_diff *d = priv;
    if (n == 1) {
        dc_diff_hunk_rec(d, bufs[0].ptr, (size_t)bufs[0].size);
        return 0;
    }
    if (n < 2 || n > 3) return -1;
    char o = bufs[0].ptr[0];
    dc_diff_line_rec(d, o == '+' ? DC_DIFF_ADD : o == '-' ? DC_DIFF_DEL : DC_DIFF_CONTEXT, bufs[1].ptr,
                     (size_t)bufs[1].size);
    /* the marker comes right after the line that lacks the newline */
    if (n == 3) dc_diff_line_rec(d, DC_DIFF_NO_EOL, NULL, 0);
    return 0;
}

static void dc_diff_init(dc_diff *d, const char *path) {
    memset(d, 0, sizeof *d);
    d->path = dc_xstrdup(path ? path : "");
}

bool dc_diff_compute(dc_diff *out, const char *path, const char *a, size_t alen, const char *b, size_t blen,
                     int context) {
    dc_diff_init(out, path);
    /* Cheap and common (most files need no fix): skip xdiff altogether. */
    if (alen == blen && (alen == 0 || memcmp(a, b, alen) == 0)) return true;
    if (alen > (size_t)(LONG_MAX / 2) || blen > (size_t)(LONG_MAX / 2)) return false;

    /* git's default diff.indentHeuristic, which libgit2 left off unless asked (dcmigrate asked):
     * without it an ambiguous insertion can slide to a different line than `git diff` shows.
     * No binary detection: source files with NULs or odd encodings are diffed as text (libgit2's
     * GIT_DIFF_FORCE_TEXT), so a changed file always shows its change. */
    xpparam_t xpp;
    memset(&xpp, 0, sizeof xpp);
    xpp.flags = XDF_INDENT_HEURISTIC;
    xdemitconf_t xecfg;
    memset(&xecfg, 0, sizeof xecfg);
    xecfg.ctxlen = context < 0 ? 0 : context;
    xecfg.flags = XDL_EMIT_FUNCNAMES;
    xecfg.find_func = dc_diff_find_func;

    dc_diff scratch;
    dc_diff_init(&scratch, NULL);
    xdemitcb_t ecb = {&scratch, NULL, dc_diff_out};
    mmfile_t ma = {(char *)(a ? a : ""), (long)alen}, mb = {(char *)(b ? b : ""), (long)blen};
    int rc = xdl_diff(&ma, &mb, &xpp, &xecfg, &ecb);
    if (rc == 0) {
        free(scratch.path);
        scratch.path = out->path;
        *out = scratch;
    } else {
        dc_diff_free(&scratch);
    }
    return rc == 0;
}

void dc_diff_render(dc_buf *out, const dc_diff *d) {
    if (!d->hunks.len) return;
    /* quoted as git quotes them (common/text.h), which `git apply` reads back */
    dc_buf_adds(out, "--- ");
    dc_text_quote_path_prefixed(out, "a/", d->path);
    dc_buf_adds(out, "\n+++ ");
    dc_text_quote_path_prefixed(out, "b/", d->path);
    dc_buf_addc(out, '\n');
    for (uint32_t h = 0; h < d->hunks.len; h++) {
        const dc_diff_hunk *hk = &d->hunks.v[h];
        dc_buf_add(out, dc_diff_at(d, hk->header_off), hk->header_len);
        dc_buf_addc(out, '\n');
        for (uint32_t i = hk->first; i < hk->first + hk->nlines; i++) {
            const dc_diff_line *l = &d->lines.v[i];
            if (l->origin == DC_DIFF_NO_EOL) {
                /* the leading newline ends the line before, which had none, as git prints it */
                dc_buf_adds(out, "\n\\ No newline at end of file\n");
                continue;
            }
            dc_buf_addc(out, l->origin);
            dc_buf_add(out, dc_diff_at(d, l->off), l->len);
        }
    }
}

void dc_diff_free(dc_diff *d) {
    free(d->path);
    dc_buf_free(&d->text);
    dc_vec_free(&d->hunks);
    dc_vec_free(&d->lines);
    memset(d, 0, sizeof *d);
}

bool dc_diff_unified(dc_buf *out, const char *path, const char *a, size_t alen, const char *b, size_t blen,
                     int context) {
    dc_diff d;
    bool ok = dc_diff_compute(&d, path, a, alen, b, blen, context);
    dc_diff_render(out, &d);
    dc_diff_free(&d);
    return ok;
}
