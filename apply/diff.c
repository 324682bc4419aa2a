/* diff.c: a file's diff before and after fixing, as hunk records (see diff.h).
 *
 * libgit2 does the diffing; its hunk and line callbacks are recorded as they come. The records
 * are filled in a scratch diff and handed over only when libgit2 succeeds, so a libgit2 error
 * leaves the caller an empty diff, never half of one.
 */
#include "apply/diff.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "common/text.h"

/* libgit2 keeps global state (allocator, thread-local error slots, settings) that must be set
 * up once before use. It is never torn down with git_libgit2_shutdown: shutdown is reference
 * counted across the whole process, so a call here could pull the state out from under another
 * module (or another thread) still using libgit2, and the few bytes it holds are reclaimed at
 * process exit anyway. */
static pthread_once_t dc_git_once = PTHREAD_ONCE_INIT;
static int dc_git_init_rc;

static void dc_git_init(void) { dc_git_init_rc = git_libgit2_init(); }

static int dc_diff_hunk_cb(const git_diff_delta *delta, const git_diff_hunk *hunk, void *payload) {
    (void)delta;
    dc_diff *d = payload;
    /* The header as libgit2 gives it, "@@ -l,s +l,s @@ <function context>\n", so the rendered
     * text is identical to git's (including the function-context part); its newline is the
     * renderer's to add. */
    size_t hlen = hunk->header_len;
    if (hlen && hunk->header[hlen - 1] == '\n') hlen--;
    dc_diff_hunk h = {(uint32_t)hunk->old_start, (uint32_t)hunk->old_lines, (uint32_t)hunk->new_start,
                      (uint32_t)hunk->new_lines, (uint32_t)d->text.len, (uint32_t)hlen, d->lines.len, 0};
    dc_buf_add(&d->text, hunk->header, hlen);
    dc_vec_push(&d->hunks, h);
    return 0;
}

static int dc_diff_line_cb(const git_diff_delta *delta, const git_diff_hunk *hunk, const git_diff_line *line,
                           void *payload) {
    (void)delta;
    (void)hunk;
    dc_diff *d = payload;
    dc_diff_line l = {0, (uint32_t)d->text.len, 0};
    switch (line->origin) {
    case GIT_DIFF_LINE_CONTEXT:
    case GIT_DIFF_LINE_ADDITION:
    case GIT_DIFF_LINE_DELETION:
        l.origin = line->origin; /* libgit2 uses git's characters: ' ', '+', '-' */
        l.len = (uint32_t)line->content_len;
        dc_buf_add(&d->text, line->content, line->content_len);
        break;
    case GIT_DIFF_LINE_CONTEXT_EOFNL:
    case GIT_DIFF_LINE_ADD_EOFNL:
    case GIT_DIFF_LINE_DEL_EOFNL:
        /* libgit2 reports the marker right after the line that lacks its newline. */
        l.origin = DC_DIFF_NO_EOL;
        break;
    default:
        /* File and hunk headers come through the other callbacks; binary lines cannot occur
         * with GIT_DIFF_FORCE_TEXT. */
        return 0;
    }
    if (!d->hunks.len) return 0; /* cannot happen: lines come inside hunks */
    dc_vec_push(&d->lines, l);
    d->hunks.v[d->hunks.len - 1].nlines++;
    return 0;
}

static void dc_diff_init(dc_diff *d, const char *path) {
    memset(d, 0, sizeof *d);
    d->path = dc_xstrdup(path ? path : "");
}

bool dc_diff_compute(dc_diff *out, const char *path, const char *a, size_t alen, const char *b, size_t blen,
                     int context) {
    dc_diff_init(out, path);
    /* Cheap and common (most files need no fix): skip libgit2 altogether. */
    if (alen == blen && (alen == 0 || memcmp(a, b, alen) == 0)) return true;

    pthread_once(&dc_git_once, dc_git_init);
    if (dc_git_init_rc < 0) return false;

    git_diff_options opts;
    if (git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION) != 0) return false;
    opts.context_lines = context < 0 ? 0 : (uint32_t)context;
    /* Source files may hold NULs or odd encodings; libgit2 would otherwise call them binary and
     * produce no hunks, and the user would see nothing for a file that was changed. */
    opts.flags |= GIT_DIFF_FORCE_TEXT;
    /* git turns this on by default (diff.indentHeuristic) and libgit2 does not; without it an
     * ambiguous insertion can slide to a different line than `git diff` shows for the same
     * change, and the reports should read like git's. */
    opts.flags |= GIT_DIFF_INDENT_HEURISTIC;

    /* A NULL buffer means "file does not exist" to libgit2; an empty file is what we mean. */
    if (!a) a = "";
    if (!b) b = "";

    dc_diff scratch;
    dc_diff_init(&scratch, NULL);
    int rc = git_diff_buffers(a, alen, out->path, b, blen, out->path, &opts, NULL, NULL, dc_diff_hunk_cb,
                              dc_diff_line_cb, &scratch);
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
