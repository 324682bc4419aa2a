/* progress.c: the progress line (see progress.h). */
#include "cli/progress.h"

#include <stdio.h>
#include <stdlib.h>

static double since(const struct timespec *a, const struct timespec *b) {
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void dc_progress_init(dc_progress *p, bool enabled) {
    *p = (dc_progress){.enabled = enabled, .after = 1.0};
    /* DC_TEST_PROGRESS_AFTER_MS: the tests' way to see the line without a slow run */
    const char *t = getenv("DC_TEST_PROGRESS_AFTER_MS");
    if (t) p->after = atof(t) / 1000.0;
}

void dc_progress_start(dc_progress *p) {
    if (p->enabled) clock_gettime(CLOCK_MONOTONIC, &p->started);
}

void dc_progress_tick(dc_progress *p, uint32_t done, uint32_t total) {
    if (!p->enabled) return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!p->started.tv_sec && !p->started.tv_nsec) p->started = now;
    if (since(&p->started, &now) < p->after || (p->shown && since(&p->last, &now) < 0.1)) return;
    p->last = now;
    p->shown = true;
    fprintf(stderr, "\r\033[Kdcmigrate: %u/%u files", done, total);
    fflush(stderr);
}

void dc_progress_done(dc_progress *p) {
    if (p->shown) fputs("\r\033[K", stderr);
    p->shown = false;
}
