/* tsalloc.c: see tsalloc.h. */
#include "syntax/tsalloc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <tree_sitter/api.h>

#include "common/base.h"
#include "common/recover.h"

/* The parser of this thread reads it (tsalloc.h: allocator callbacks cannot be handed the
 * parser, so the flag is per thread, like the parser a worker owns). */
static _Thread_local size_t cancel;
static _Thread_local unsigned count;

static void *checked(void *p, size_t n) {
    if (!p && n) {
        dc_recover_escape(DC_RECOVER_NOMEM, true);
        dc_die("out of memory allocating %zu bytes", n);
    }
    if ((++count & 31u) == 0 && dc_recover_should_stop()) cancel = 1;
    return p;
}

static void *ts_malloc(size_t n) { return checked(malloc(n), n); }
static void *ts_calloc(size_t n, size_t size) { return checked(calloc(n, size), n * size); }
static void *ts_realloc(void *p, size_t n) { return checked(realloc(p, n), n); }

void dc_tsalloc_install(void) { ts_set_allocator(ts_malloc, ts_calloc, ts_realloc, free); }

const size_t *dc_tsalloc_cancel_flag(void) {
    cancel = 0;
    return &cancel;
}
