/* diff.h: unified diffs of a file before and after fixing, for --diff and the reports.
 *
 * Implemented on libgit2's git_diff_buffers (Myers diff, the same output git prints) rather
 * than a hand-written LCS. Output format:
 *   --- a/<path>
 *   +++ b/<path>
 *   @@ -l,s +l,s @@
 *    context / -removed / +added lines, "\ No newline at end of file" where due.
 * Lines keep their own line endings byte for byte (a CRLF line shows its CR).
 * Appends nothing when the buffers are equal. Returns false (and appends nothing) on a libgit2
 * error. `context` is the number of context lines (3 like git). */
#ifndef DC_DIFF_H
#define DC_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "common/base.h"

bool dc_diff_unified(dc_buf *out, const char *path, const char *a, size_t alen, const char *b, size_t blen,
                     int context);

#endif
