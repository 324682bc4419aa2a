/* heap.c: see heap.h. */
#include "cli/heap.h"

#ifdef DC_JEMALLOC
#include <jemalloc/jemalloc.h>
#include <stddef.h>

/* jemalloc reads this at its first allocation (the name is its documented hook). */
const char *malloc_conf = "narenas:2,dirty_decay_ms:500,muzzy_decay_ms:0";

void dc_heap_trim(void) {
    /* every arena (MALLCTL_ARENAS_ALL); failure only means nothing was purged */
    (void)mallctl("arena.4096.purge", NULL, NULL, NULL, 0);
}
#else
#ifdef __GLIBC__
#include <malloc.h>
#endif

void dc_heap_trim(void) {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}
#endif
