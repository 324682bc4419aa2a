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

/* The heap one file's analysis and fixes may hold (common/recover.h): the budget of the recovery
 * point armed around its work (cli/run.c; cli/project.c around a parse for facts alone). A file
 * that needs more is skipped with a warning, like one over --max-file-size. With the rest of the process (binary,
 * rule queries: ~19 MB of RSS), a stopped file peaks at the budget plus that, 192-197 MiB of RSS
 * for the inputs of bench/pathological: under 200 MB for any input under 2 MB (issue 14). What a
 * file needs grows with its nodes: tree-sitter's tree takes ~60-90 bytes a node (0.20.7) and its
 * parse of 2 MB of deeply nested code alone 150-450 MB, the node index 28 bytes a node (syntax/
 * nodeindex.h). 2 MB of plain dense Python (bench/pathological py-dense-functions: a function
 * every 42 bytes, ~2.5 million nodes) needs ~170 MB by this measure (jemalloc's count of what
 * was allocated: 171 MiB of RSS for the process), the largest real file of the bench corpora
 * (lib.dom.d.ts, 1.9 MB) about 30 MB. A file over 2 MiB is analysed only when the user raised
 * --max-file-size for it: its budget grows with it (128 bytes per byte). */
uint64_t dc_file_memory_budget(uint32_t size);

#endif
