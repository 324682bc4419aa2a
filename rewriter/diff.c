/* diff.c: unified diffs of a file before and after fixing (see diff.h).
 *
 * libgit2 does the diffing (git's own xdiff, so hunks and hunk headers match what `git diff`
 * prints); this file only renders libgit2's hunk and line callbacks into git's patch text. The
 * output is collected in a scratch buffer first so that on a libgit2 error the caller's buffer
 * is left exactly as it was.
 */
#include "rewriter/diff.h"

#include <pthread.h>
#include <stdlib.h>

#include <git2.h>

/* libgit2 keeps global state (allocator, thread-local error slots, settings) that must be set
 * up once before use. It is never torn down with git_libgit2_shutdown: shutdown is reference
 * counted across the whole process, so a call here could pull the state out from under another
 * module (or another thread) still using libgit2, and the few bytes it holds are reclaimed at
 * process exit anyway. */
static pthread_once_t dc_git_once = PTHREAD_ONCE_INIT;
static int dc_git_init_rc;

static void dc_git_init(void) { dc_git_init_rc = git_libgit2_init(); }

typedef struct dc_diff_ctx {
    dc_buf body;
    int nhunks;
} dc_diff_ctx;

static int dc_diff_hunk_cb(const git_diff_delta *delta, const git_diff_hunk *hunk, void *payload) {
    dc_diff_ctx *ctx = payload;
    /* The header as libgit2 gives it, "@@ -l,s +l,s @@ <function context>\n", so the text is
     * identical to git's (including the function-context part). */
    dc_buf_add(&ctx->body, hunk->header, hunk->header_len);
    if (hunk->header_len == 0 || hunk->header[hunk->header_len - 1] != '\n') dc_buf_addc(&ctx->body, '\n');
    ctx->nhunks++;
    return 0;
}

static int dc_diff_line_cb(const git_diff_delta *delta, const git_diff_hunk *hunk, const git_diff_line *line,
                           void *payload) {
    dc_diff_ctx *ctx = payload;
    switch (line->origin) {
    case GIT_DIFF_LINE_CONTEXT:
    case GIT_DIFF_LINE_ADDITION:
    case GIT_DIFF_LINE_DELETION:
        dc_buf_addc(&ctx->body, line->origin);
        dc_buf_add(&ctx->body, line->content, line->content_len);
        break;
    case GIT_DIFF_LINE_CONTEXT_EOFNL:
    case GIT_DIFF_LINE_ADD_EOFNL:
    case GIT_DIFF_LINE_DEL_EOFNL:
        /* libgit2 reports the marker right after the line that lacks its newline; that line's
         * content ended without one, so the leading "\n" terminates it, as git prints it. */
        dc_buf_adds(&ctx->body, "\n\\ No newline at end of file\n");
        break;
    default:
        /* File and hunk headers come through the other callbacks; binary lines cannot occur
         * with GIT_DIFF_FORCE_TEXT. */
        break;
    }
    return 0;
}

bool dc_diff_unified(dc_buf *out, const char *path, const char *a, size_t alen, const char *b, size_t blen,
                     int context) {
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

    dc_diff_ctx ctx = {DC_BUF_INIT, 0};
    int rc = git_diff_buffers(a, alen, path, b, blen, path, &opts, NULL, NULL, dc_diff_hunk_cb, dc_diff_line_cb,
                              &ctx);
    if (rc == 0 && ctx.nhunks > 0) {
        dc_buf_printf(out, "--- a/%s\n+++ b/%s\n", path, path);
        dc_buf_add(out, ctx.body.p, ctx.body.len);
    }
    dc_buf_free(&ctx.body);
    return rc == 0;
}
