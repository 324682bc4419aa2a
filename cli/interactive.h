/* interactive.h: --interactive, a review of the fixes one by one before they are written (like
 * ast-grep's --interactive): each fix is shown as the full text format shows it (the source, the
 * lines it removes and adds, why an unsafe fix is unsafe) and the user answers with one key: y
 * apply it, n skip it, a apply it and every other fix of the same rule without asking, q stop
 * asking (the fixes accepted so far are applied, the rest are not). The accepted fixes are then
 * applied by the ordinary --fix run (cli/run.c), verified and written the same way, through a
 * fix-loop filter (apply/apply.h) that lets only them through.
 *
 * A fix is known across the two runs by its rule and the code its finding is about (the bytes
 * of the finding's range), counted per file: of several fixes with the same rule and code in one
 * file, as many are applied as were accepted, in file order (they make the same change). A fix
 * that only appears once accepted ones are applied, or whose code an accepted fix changed, was not
 * reviewed as it is and is not applied.
 *
 * Ownership: dc_review_free releases the review; the per-file filters point into it. */
#ifndef DC_INTERACTIVE_H
#define DC_INTERACTIVE_H

#include <stdbool.h>
#include <stdio.h>

#include "apply/apply.h"
#include "apply/dirty.h"
#include "report/report.h"

typedef struct dc_review dc_review;

/* Asks about each finding of `report` (sorted, its records with DC_KEEP_SNIPPET and
 * DC_KEEP_FIX_TEXT) whose fix is at or above `min`, reading keys from the terminal `tty` and
 * writing to `out`. The fixes in files with uncommitted changes (`dirty`, apply/dirty.h; NULL:
 * none) are not offered, as --fix would not write them; how many is said. Never NULL. */
dc_review *dc_review_ask(const dc_report *report, dc_applicability min, int tty, FILE *out, bool color,
                         dc_dirty *dirty);
/* How many fixes were accepted. */
uint32_t dc_review_accepted(const dc_review *rv);
/* The fix-loop filter for the file `path`; false when nothing was accepted in it (then it is not
 * to be fixed at all). Safe from the workers: a file's filter is used by one worker at a time. */
bool dc_review_filter(dc_review *rv, const char *path, dc_fix_filter *out);
void dc_review_free(dc_review *rv);

#endif
