/* diff.h: what fixing changes in a file, as data: the hunks and lines of a unified diff.
 *
 * Computed with git's own diff engine, xdiff (vendor/xdiff), as libgit2's git_diff_buffers
 * computed it (with git's default indent heuristic), so the hunks, their ranges and headers are
 * those `git diff` prints. The records are the diff; dc_diff_render is the one way to turn them
 * into patch text (--diff, the Markdown report), and the HTML report reads them as they are.
 * Rendered:
 *   --- a/<path>
 *   +++ b/<path>
 *   @@ -l,s +l,s @@ <function context>
 *    context / -removed / +added lines, "\ No newline at end of file" where due.
 * A path with a control character (or `"`, `\`, bytes that are not UTF-8) is quoted in the
 * headers as git quotes it (`--- "a/x\ny"`, common/text.h), which `git apply` reads.
 * Lines keep their own line endings byte for byte (a CRLF line shows its CR), and bytes that are
 * not text (NUL, invalid UTF-8) are diffed as text, not called binary.
 *
 * Ownership: a dc_diff owns its path, text and vectors; dc_diff_free releases them. */
#ifndef DC_DIFF_H
#define DC_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/base.h"

/* Origins of a diff line, as git prints them in the first column. */
enum {
    DC_DIFF_CONTEXT = ' ',
    DC_DIFF_ADD = '+',
    DC_DIFF_DEL = '-',
    DC_DIFF_NO_EOL = '\\' /* "\ No newline at end of file": the line before it has no newline */
};

typedef struct dc_diff_line {
    char origin;      /* DC_DIFF_* */
    uint32_t off, len; /* content in dc_diff.text, with its line ending (none for DC_DIFF_NO_EOL) */
} dc_diff_line;

typedef struct dc_diff_hunk {
    uint32_t old_start, old_lines, new_start, new_lines;
    uint32_t header_off, header_len; /* "@@ -l,s +l,s @@ context" in dc_diff.text, no newline */
    uint32_t first, nlines;          /* its lines: dc_diff.lines.v[first .. first + nlines) */
} dc_diff_hunk;

typedef struct dc_diff {
    char *path;                      /* shown in the rendered headers */
    dc_buf text;                     /* hunk headers and line contents */
    DC_VEC(dc_diff_hunk) hunks;      /* none when the two sides are equal */
    DC_VEC(dc_diff_line) lines;
} dc_diff;

/* The bytes at `off` of d->text (a diff whose records hold no bytes may have no buffer at all). */
static inline const char *dc_diff_at(const dc_diff *d, uint32_t off) { return d->text.p ? d->text.p + off : ""; }

/* Diffs `a` against `b` (either may be NULL when its length is 0) with `context` lines of
 * context (3 like git) into *out, which it initialises. False on an xdiff error (out of memory), with *out
 * empty (no hunks) but still to be freed. */
bool dc_diff_compute(dc_diff *out, const char *path, const char *a, size_t alen, const char *b, size_t blen,
                     int context);
/* Appends the patch text (above) to `out`; nothing for a diff without hunks. */
void dc_diff_render(dc_buf *out, const dc_diff *d);
void dc_diff_free(dc_diff *d);

/* dc_diff_compute + dc_diff_render: appends the patch text, or nothing when the buffers are equal
 * or on an xdiff error (then false). */
bool dc_diff_unified(dc_buf *out, const char *path, const char *a, size_t alen, const char *b, size_t blen,
                     int context);

#endif
