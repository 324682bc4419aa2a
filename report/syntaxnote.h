/* syntaxnote.h: the note that points at a file's first syntax error:
 *   path:L:C: note: syntax error (N error nodes); the file is analysed, but no fix is made inside
 *   the broken region
 * A note, not an error: syntax errors do not change the exit code, because the TypeScript grammar
 * leaves ERROR nodes on some valid modern syntax (README).
 *
 * Two steps, so a caller can find the place while the file's tree is alive and print the note
 * later, after the messages that come before it (the fix loop's). */
#ifndef DC_SYNTAXNOTE_H
#define DC_SYNTAXNOTE_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/analysis.h"

typedef struct dc_syntax_note {
    bool due;            /* the file has a syntax error */
    uint32_t line, col;  /* of its first ERROR or MISSING node */
    uint32_t nodes;      /* ERROR and MISSING nodes in the file */
} dc_syntax_note;

dc_syntax_note dc_syntax_note_of(const dc_analysis *an);
/* Prints the note through diag when it is due. */
void dc_syntax_note_print(const char *path, const dc_syntax_note *n);

#endif
