/* diag.h: the one place user-facing problems (not findings) are reported: bad paths, invalid
 * rules, config errors, write failures. Like ctags' error(): one function, a swappable printer.
 *
 * Every message carries a location when there is one ("rules/x.yml:12:5: ...") and says what
 * to do where that is not obvious. Printing is all it does: whoever reports an error counts it
 * (the run's dc_report.errors, which makes it exit 2 while the rest of the run goes on), once.
 * Thread-safe (a mutex around the printer). */
#ifndef DC_DIAG_H
#define DC_DIAG_H

#include <stdint.h>

#include "common/base.h"

typedef enum dc_diag_level { DC_DIAG_NOTE = 0, DC_DIAG_WARNING, DC_DIAG_ERROR } dc_diag_level;

typedef void (*dc_diag_printer)(dc_diag_level level, const char *location, const char *message, void *ctx);

/* path may be NULL; line/col 0 means unknown. The path is printed quoted as git quotes paths and
 * the message with its control characters escaped (common/text.h): neither can end the line,
 * start a GitHub workflow command or send an escape sequence to the terminal. */
void dc_diag(dc_diag_level level, const char *path, uint32_t line, uint32_t col, const char *fmt, ...)
    DC_PRINTF(5, 6);
void dc_diag_set_printer(dc_diag_printer p, void *ctx); /* NULL restores the stderr printer */
void dc_diag_set_color(int on);
/* While a worker thread processes one file, its messages are captured into `b` (formatted as
 * they would be printed) so the main thread can print every file's messages in input order:
 * output does not depend on scheduling. */
void dc_diag_capture_begin(dc_buf *b);
void dc_diag_capture_end(void);
/* The buffer this thread's messages are captured into, or NULL: a job that keeps its messages
 * for later (cli/project.c holds a file's until its results are final) takes them from it. */
dc_buf *dc_diag_capture_current(void);

#endif
