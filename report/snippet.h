/* snippet.h: what the full text format (report/full.c) shows of a finding, copied out of the
 * source while it is alive (report/build.h): the lines the finding spans with one line of context
 * on each side, and its fix as a small diff: for each group of lines its edits touch, the old
 * lines it removes and the new lines it adds, unchanged lines at either end of a group left out. */
#ifndef DC_SNIPPET_H
#define DC_SNIPPET_H

#include "analysis/finding.h"
#include "report/report.h"
#include "syntax/source.h"

/* Fills r->snippet, r->snippet_line and (for a fix with edits) r->fix_preview; r's positions are
 * set. `fx` may be NULL. */
void dc_snippet_fill(dc_rfinding *r, dc_source *s, const dc_fix *fx);

#endif
