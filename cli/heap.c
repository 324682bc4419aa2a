/* heap.c: see heap.h. */
#include "cli/heap.h"

#ifdef DC_JEMALLOC
#include <jemalloc/jemalloc.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* jemalloc reads this at its first allocation (the name is its documented hook). */
const char *malloc_conf = "narenas:2,dirty_decay_ms:500,muzzy_decay_ms:0";

void dc_heap_trim(void) {
    /* every arena (MALLCTL_ARENAS_ALL); failure only means nothing was purged */
    (void)mallctl("arena.4096.purge", NULL, NULL, NULL, 0);
}

/* Where jemalloc keeps this thread's counters: looked up once per thread (a per-thread cache:
 * the meter is called on every allocation of a file's work). */
static _Thread_local uint64_t *allocated, *deallocated;

static bool counters(void) {
    size_t n = sizeof allocated;
    if (allocated) return true;
    return mallctl("thread.allocatedp", &allocated, &n, NULL, 0) == 0 &&
           mallctl("thread.deallocatedp", &deallocated, &n, NULL, 0) == 0;
}

static uint64_t thread_live(void) { return counters() ? *allocated - *deallocated : 0; }

uint64_t (*dc_heap_meter(void))(void) { return counters() ? thread_live : NULL; }
#else
#ifdef __GLIBC__
#include <malloc.h>
#endif

void dc_heap_trim(void) {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

uint64_t (*dc_heap_meter(void))(void) { return NULL; }
#endif
