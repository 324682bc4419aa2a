/* tsalloc.h: tree-sitter's allocator, so that a file tree-sitter runs out of memory on, or that
 * exceeds its memory budget while being parsed, does not end the run (common/recover.h).
 *
 * tree-sitter's own allocator (0.20.7 and 0.25's ts_malloc_default) aborts the process when malloc returns NULL. This one
 * escapes to the thread's recovery point instead (marked unsafe: tree-sitter's state is half
 * changed, so the worker is rebuilt), and exits as before when none is armed. Parsing is
 * allocation-bound, so every 32nd allocation asks whether the work should stop (the run is
 * being stopped, or the file is over its memory budget); the answer raises the thread's
 * cancellation flag, which the parser checks every 100 operations (0.25 still
 * honours ts_parser_set_cancellation_flag but deprecates it for ts_parser_parse_with_options'
 * progress callback, removed in 0.26: the pinned runtime makes that a deliberate upgrade), and the parse returns NULL
 * (analysis/engine.c dc_parse then polls, which escapes). The same functions, just a NULL check
 * more than tree-sitter's: nothing is added to parsing's cost but that check and the count. */
#ifndef DC_TSALLOC_H
#define DC_TSALLOC_H

#include <stddef.h>

/* Installs the allocator (ts_set_allocator); call once, before anything uses tree-sitter. */
void dc_tsalloc_install(void);
/* This thread's cancellation flag for ts_parser_set_cancellation_flag, lowered. */
const size_t *dc_tsalloc_cancel_flag(void);

#endif
