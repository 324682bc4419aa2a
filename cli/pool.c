/* pool.c: the worker pool, its analysis memory budget and signals (see pool.h).
 *
 * Workers take items in input order from an atomic counter; each owns a dc_worker (parser,
 * cursor, PCRE2 match data and JIT stack, arena). Results, with the messages the item produced,
 * go into that item's slot; the main thread merges and prints the slots strictly in input order.
 *
 * Slots are a ring of DC_POOL_WINDOW: item i uses slot i % DC_POOL_WINDOW, and a worker starts
 * item i only once item i - DC_POOL_WINDOW has been merged, so the pool's memory does not grow
 * with the number of files (one slot per file was ~140 bytes: 14 MB per 100,000 files). This
 * cannot deadlock: every item before i was taken by a worker that is not waiting (its index is
 * inside the window), so the item the main thread waits for always finishes. */
#include "cli/pool.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/diag.h"
#include "common/recover.h"
#include "report/build.h"

/* ---- analysis memory budget -----------------------------------------------------------------
 * Analysing a file takes about 20 times its size at the peak (parse tree, node index, bindings:
 * lib.dom.d.ts, 1.9 MB, alone peaks at 42 MB RSS), and what the run keeps (report records) is a
 * few MB next to it. With -j 2 the peak of a large corpus was whichever large files happened to
 * be analysed at the same time, or one after the other on different workers, whose heaps glibc
 * keeps separately (dense corpus: 56 to 66 MB from run to run, 44 MB with -j 1). Two measures,
 * each worth about half (either alone: 53-64 / 55-59 MB; both: 45-52 MB):
 * - a file is analysed only while the sources in analysis total at most DC_ANALYSIS_BUDGET
 *   bytes, and a larger file runs alone (but for small files), so the peak is one large file,
 *   not one per worker. Small files (DC_ANALYSIS_SMALL; nearly all) never wait nor count, so the
 *   other worker keeps going during the largest files; a worker waits only for files in
 *   analysis, which always finish, so this cannot deadlock;
 * - after a large file, the allocator hands its freed parse memory back (the pool's trim,
 *   cli/heap.h: jemalloc's purge in the dcmigrate binary, malloc_trim with glibc's malloc), so
 *   the next large file, analysed by the other worker in its own arena, does not add to it. */
#define DC_ANALYSIS_BUDGET (1024u * 1024u)
#define DC_TRIM_AFTER (256u * 1024u)
/* Files under this size neither wait nor count: at most one per worker is in analysis, a few
 * MB at -j 2, and the other worker keeps going while a large file is analysed. */
#define DC_ANALYSIS_SMALL (96u * 1024u)

struct dc_budget {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint64_t bytes; /* source bytes in analysis (under mu) */
    uint32_t files; /* files in analysis (under mu) */
    void (*trim)(void);
};

void dc_budget_take(dc_budget *b, uint32_t size) {
    if (size < DC_ANALYSIS_SMALL) return;
    pthread_mutex_lock(&b->mu);
    while (b->files && b->bytes + size > DC_ANALYSIS_BUDGET) pthread_cond_wait(&b->cv, &b->mu);
    b->bytes += size;
    b->files++;
    pthread_mutex_unlock(&b->mu);
}

void dc_budget_give(dc_budget *b, uint32_t size) {
    if (size >= DC_TRIM_AFTER) { /* see above: a few ms, for a few files per run */
        if (b->trim)
            b->trim();
#ifdef __GLIBC__
        else
            malloc_trim(0);
#endif
    }
    if (size < DC_ANALYSIS_SMALL) return;
    pthread_mutex_lock(&b->mu);
    b->bytes -= size;
    b->files--;
    pthread_cond_broadcast(&b->cv);
    pthread_mutex_unlock(&b->mu);
}

/* ---- the pool ------------------------------------------------------------------------------- */
#define DC_POOL_WINDOW 1024u

typedef struct slot {
    dc_report frag;
    dc_buf diag;
    bool done;
    bool abandoned; /* the job gave it up: a stop signal came in the middle of it */
} slot;

typedef struct pool {
    const dc_pool_opts *o;
    uint32_t n;
    slot *slots;     /* DC_POOL_WINDOW of them */
    atomic_uint next;
    uint32_t merged; /* items merged by the main thread (under mu) */
    uint32_t abandoned; /* items the jobs gave up (main thread) */
    int active;      /* workers still running (under mu) */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    dc_budget budget;
} pool;

static void run_one(pool *p, dc_worker *w, uint32_t i) {
    slot *sl = &p->slots[i % DC_POOL_WINDOW];
    pthread_mutex_lock(&p->mu);
    while (i >= p->merged + DC_POOL_WINDOW) pthread_cond_wait(&p->cv, &p->mu); /* the ring is full */
    pthread_mutex_unlock(&p->mu);
    dc_report_init(&sl->frag);
    dc_diag_capture_begin(&sl->diag);
    bool processed = p->o->job(p->o->ctx, w, &p->budget, i, &sl->frag);
    dc_diag_capture_end();
    pthread_mutex_lock(&p->mu);
    sl->abandoned = !processed;
    sl->done = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

static void *worker_main(void *arg) {
    pool *p = arg;
    dc_recover_thread_begin(); /* the alternate stack a crash of this thread's files is handled on */
    dc_worker *w = dc_worker_new();
    while (!dc_recover_interrupted()) {
        uint32_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->n) break;
        run_one(p, w, i);
    }
    dc_worker_free(w);
    dc_recover_thread_end();
    pthread_mutex_lock(&p->mu);
    p->active--;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Waits for item i's slot, prints its messages, merges it and frees the slot for item
 * i + DC_POOL_WINDOW; false when the run was interrupted before item i was started. */
static bool collect(pool *p, dc_report *report, uint32_t i) {
    slot *sl = &p->slots[i % DC_POOL_WINDOW];
    pthread_mutex_lock(&p->mu);
    while (!sl->done && !(dc_recover_interrupted() && p->active == 0)) pthread_cond_wait(&p->cv, &p->mu);
    bool done = sl->done;
    pthread_mutex_unlock(&p->mu);
    if (!done) return false;
    if (sl->diag.len) {
        dc_progress_done(p->o->progress);
        fputs(dc_buf_cstr(&sl->diag), stderr);
    }
    dc_buf_free(&sl->diag);
    p->abandoned += sl->abandoned;
    dc_report_merge(report, &sl->frag);
    pthread_mutex_lock(&p->mu);
    sl->done = false;
    p->merged = i + 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    dc_progress_tick(p->o->progress, i + 1, p->n);
    return true;
}

/* No thread could be started: the items are done here, each merged as soon as it is done. */
static uint32_t run_here(pool *p, dc_report *report) {
    uint32_t left = 0;
    dc_worker *w = dc_worker_new();
    for (uint32_t i = 0; i < p->n; i++) {
        if (dc_recover_interrupted()) {
            left = p->n - i;
            break;
        }
        atomic_store(&p->next, i + 1);
        run_one(p, w, i);
        collect(p, report, i);
    }
    dc_worker_free(w);
    return left + p->abandoned;
}

/* Starts up to o->jobs workers (at most one per item); returns how many started. */
static int start_workers(pool *p, pthread_t **th) {
    int jobs = p->o->jobs > 0 ? p->o->jobs : 1;
    if ((uint32_t)jobs > p->n) jobs = (int)p->n;
    *th = dc_xcalloc((size_t)jobs, sizeof **th);
    int started = 0;
    p->active = jobs;
    for (int t = 0; t < jobs; t++)
        if (pthread_create(&(*th)[t], NULL, worker_main, p) == 0) started++;
    pthread_mutex_lock(&p->mu);
    p->active = started;
    pthread_mutex_unlock(&p->mu);
    return started;
}

uint32_t dc_pool_run(const dc_pool_opts *o, uint32_t n, dc_report *report) {
    if (!n) return 0;
    pool p = {.o = o, .n = n};
    p.slots = dc_xcalloc(DC_POOL_WINDOW, sizeof *p.slots);
    atomic_init(&p.next, 0);
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    pthread_mutex_init(&p.budget.mu, NULL);
    pthread_cond_init(&p.budget.cv, NULL);
    p.budget.trim = o->trim;
    pthread_t *th;
    int started = start_workers(&p, &th);
    dc_progress_start(o->progress);
    uint32_t left = 0;
    if (!started) left = run_here(&p, report);
    for (uint32_t i = 0; started && i < n; i++) {
        if (!collect(&p, report, i)) { /* interrupted before this item was started */
            left = n - i;
            break;
        }
    }
    if (started) left += p.abandoned;
    for (uint32_t k = 0; k < DC_POOL_WINDOW; k++) dc_buf_free(&p.slots[k].diag);
    for (int t = 0; t < started; t++) pthread_join(th[t], NULL);
    free(th);
    free(p.slots);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
    pthread_mutex_destroy(&p.budget.mu);
    pthread_cond_destroy(&p.budget.cv);
    return left;
}

#define DC_FILE_MEMORY_BUDGET (176ull << 20)
#define DC_FILE_MEMORY_PER_BYTE 128ull

uint64_t dc_file_memory_budget(uint32_t size) {
    uint64_t scaled = (uint64_t)size * DC_FILE_MEMORY_PER_BYTE;
    return size <= (2u << 20) || scaled < DC_FILE_MEMORY_BUDGET ? DC_FILE_MEMORY_BUDGET : scaled;
}
