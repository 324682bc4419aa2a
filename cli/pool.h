/* pool.h: the worker pool that runs the per-file pipeline on -j threads, with the analysis
 * memory budget they share, stopped cleanly by SIGINT, SIGTERM, SIGHUP or SIGQUIT
 * (common/recover.h: the first one abandons the files in progress and starts no other).
 *
 * Output does not depend on scheduling: each item (file) gets a fresh report fragment and its
 * messages are captured (common/diag.h); the main thread prints the messages and merges the
 * fragments strictly in input order, so the output is byte-identical to -j 1.
 *
 * A job analyses a file of `size` bytes between dc_budget_take and dc_budget_give (pool.c says
 * why and what it costs): large files are not analysed side by side, and the memory a large one
 * used is handed back to the system afterwards. */
#ifndef DC_POOL_H
#define DC_POOL_H

#include <stdint.h>

#include "analysis/engine.h"
#include "cli/progress.h"
#include "report/report.h"

typedef struct dc_budget dc_budget;

/* Processes item `i` into `frag` (initialised, empty) on worker `w`; false when the item was
 * abandoned because the run is being stopped (frag is then empty). */
typedef bool (*dc_pool_job)(void *ctx, dc_worker *w, dc_budget *budget, uint32_t i, dc_report *frag);

typedef struct dc_pool_opts {
    int jobs;              /* threads (at most one per item; none could be started: the caller's) */
    dc_pool_job job;
    void *ctx;
    dc_progress *progress; /* ticked per merged item, erased before printing messages */
    void (*trim)(void);    /* gives freed memory back (cli/heap.h); NULL: glibc's malloc_trim */
} dc_pool_opts;

/* Runs the job for items 0 .. n-1 and merges their fragments into `report` in order. Returns
 * the number of items not processed (not started, or abandoned) because a stop signal arrived
 * (0 otherwise). */
uint32_t dc_pool_run(const dc_pool_opts *o, uint32_t n, dc_report *report);

/* Waits until a source of `size` bytes may be analysed; dc_budget_give when it is done. */
void dc_budget_take(dc_budget *b, uint32_t size);
void dc_budget_give(dc_budget *b, uint32_t size);

#endif
