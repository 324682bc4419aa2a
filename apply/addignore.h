/* addignore.h: --add-ignore, adopting dcmigrate on a codebase as it is: a
 * `dcmigrate: ignore[rule, ...]` comment for every line that has findings, so that from then on
 * only new findings show.
 *
 * The comment goes at the end of the line (`  # dcmigrate: ignore[...]`, `//` in TypeScript and
 * JavaScript), or alone on the line above when the line ends inside a string or JSX text; where
 * neither place is code (a multi-line string), the line is skipped with a warning. The promise
 * is --fix's: the new text is verified by parsing it again (more syntax errors than the file had:
 * it is not to be written), and the caller writes it atomically (apply/write.h).
 *
 * Ownership: the result holds the new text and, when it was verified, the new text's analysis
 * (on the worker, with its source); dc_addignore_free releases both. */
#ifndef DC_ADDIGNORE_H
#define DC_ADDIGNORE_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/engine.h"

typedef struct dc_addignore {
    bool changed;       /* comments were placed: `text` is the new file */
    uint32_t added;     /* how many */
    dc_buf text;
    bool worse;         /* the new text has more syntax errors than the file: leave the file alone */
    bool pending;       /* the analysis needed project facts not known yet: nothing placed (analysis.h) */
    /* The new text's analysis (what still shows: findings whose comment could not be placed), when
     * changed; it reads `checked`. The worker analyses nothing else until dc_addignore_free. */
    bool have_check;
    dc_analysis check;
    dc_source *checked;
} dc_addignore;

/* Analyses `src` (no fixes are planned), places the comments and verifies the result. */
void dc_addignore_file(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts, dc_addignore *out);
void dc_addignore_free(dc_addignore *a);

#endif
