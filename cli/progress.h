/* progress.h: the progress line on standard error ("dcmigrate: 1234/5000 files").
 *
 * Shown only once the run has taken about a second (DC_TEST_PROGRESS_AFTER_MS changes that, so
 * the tests can see it without a slow run), updated at most ten times a second, erased before
 * any other message and at the end, so short runs and logs stay clean. Used by the main thread
 * only (the pool ticks it as it merges files in input order). */
#ifndef DC_PROGRESS_H
#define DC_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

typedef struct dc_progress {
    bool enabled;    /* --progress, or a terminal (decided by main) */
    bool shown;      /* the line is on the screen now */
    double after;    /* seconds before it first shows */
    struct timespec started, last;
} dc_progress;

void dc_progress_init(dc_progress *p, bool enabled);
/* A scan starts: the line's delay counts from now. */
void dc_progress_start(dc_progress *p);
void dc_progress_tick(dc_progress *p, uint32_t done, uint32_t total);
/* Erases the line if it is shown (before other output, and at the end). */
void dc_progress_done(dc_progress *p);

#endif
