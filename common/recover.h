/* recover.h: what one file may not take down with it (issue 14): a crash in its analysis or fix
 * planning, running out of memory (an allocation that fails, or more than the file's memory
 * budget), and what stops a run in the middle of a file (SIGINT, SIGTERM, SIGHUP, SIGQUIT).
 *
 * A recovery point is armed per file, on the thread that processes it (cli/run.c):
 *
 *     dc_recover r;
 *     if (sigsetjmp(r.jb, 1) == 0) {
 *         dc_recover_arm(&r, budget);
 *         ... the file's work ...
 *         dc_recover_disarm(&r);
 *     } else {
 *         ... r.why says what happened; r is disarmed ...
 *     }
 *
 * and an escape jumps back to it from wherever the file's work is:
 *   - a crash (SIGSEGV, SIGBUS, SIGFPE, SIGILL raised by the kernel for a fault of this thread):
 *     the handler runs on an alternate signal stack (a stack overflow has no stack left) and
 *     jumps from there. The thread's library state (the parser, the query cursor) may be half
 *     changed then, so the worker is rebuilt (analysis/engine.h dc_worker_recover) and what it
 *     held is leaked, not freed. Best effort: a crash inside the allocator, or one that
 *     corrupted the heap, can still take the process down later. Sanitizer builds install no
 *     handler, so that ASan and UBSan report the crash as before; a crash on a thread with no
 *     armed point (the report writers, main) keeps the signal's default action;
 *   - an allocation that fails (dc_xmalloc, tree-sitter's allocator: syntax/tsalloc.h) escapes
 *     instead of exiting, when a point is armed;
 *   - the memory budget: the heap the thread holds beyond what it held when the point was armed
 *     (measured by the allocator: dc_recover_set_meter; none without one, e.g. in sanitizer
 *     builds), checked wherever dc_recover_poll is called (every dc_xmalloc, the long loops) and
 *     during parsing (syntax/tsalloc.h cancels the parse);
 *   - an interrupt: the first SIGINT / SIGTERM / SIGHUP / SIGQUIT sets a flag the long loops
 *     poll, so the file in progress is abandoned (nothing of it is written) and no other file
 *     is started; a second one exits at once with 128 + its number (after a write in progress,
 *     if any, has finished: dc_recover_block_stops).
 * No escape happens while the thread holds (dc_recover_hold: a write in progress, whose temp file
 * only its own path removes, or a lock: common/diag.c, the rule queries' and bindings' caches): the budget and interrupts wait for the release, and a failed
 * allocation or a crash there ends the process as it did before recovery points existed.
 *
 * The thread-local current point and the process-wide signal flags are the module's state: a
 * signal handler and tree-sitter's allocator callbacks cannot be handed a parameter. */
#ifndef DC_RECOVER_H
#define DC_RECOVER_H

#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

typedef enum dc_recover_why {
    DC_RECOVER_NONE = 0,
    DC_RECOVER_CRASH,     /* a fault signal; dc_recover.sig says which */
    DC_RECOVER_NOMEM,     /* an allocation failed */
    DC_RECOVER_BUDGET,    /* more than the point's memory budget */
    DC_RECOVER_INTERRUPT, /* the run is being stopped */
} dc_recover_why;

typedef struct dc_recover {
    sigjmp_buf jb;
    dc_recover_why why;
    int sig;      /* DC_RECOVER_CRASH: the signal */
    bool unsafe;  /* escaped from a signal handler or from inside a library (see above) */
    uint64_t base;   /* the meter when armed */
    uint64_t budget; /* heap bytes the thread may hold on top of that (0: no budget) */
    int hold;
    bool committed; /* dc_recover_commit: a stop signal no longer abandons the file */
    bool over;      /* the budget was exceeded once: stays so (a cancelled parse frees its stack) */
    struct dc_recover *prev;
} dc_recover;

/* Arms `r` on this thread, once sigsetjmp(r->jb, 1) has returned 0; `budget` bytes of heap on
 * top of what the thread holds now (0: none). Disarming restores the point armed before. */
void dc_recover_arm(dc_recover *r, uint64_t budget);
void dc_recover_disarm(dc_recover *r);
/* Jumps to the thread's armed point with `why` (`unsafe`: see dc_recover.unsafe); returns only
 * when none is armed, and the caller then does what it did before recovery points existed. */
void dc_recover_escape(dc_recover_why why, bool unsafe);
/* Escapes when the run is being stopped or the budget is exceeded; cheap enough for any loop. */
void dc_recover_poll(void);
/* The same question without escaping, for callbacks inside a library (tree-sitter's allocator). */
bool dc_recover_should_stop(void);
/* The file's fixes are written: from now on a stop signal lets its work finish (its report), so
 * that a file counted as not processed is never one that was changed. */
void dc_recover_commit(void);
/* Defers budget and interrupt escapes on this thread until the matching release (a write in
 * progress; a lock held: an escape would leave it taken, and the run would hang on it). */
void dc_recover_hold(void);
void dc_recover_release(void);

/* The thread's heap in use, in bytes, modulo 2^64 (the budget's measure: only differences count,
 * so a thread that frees what another allocated is no problem); NULL: no budget. */
void dc_recover_set_meter(uint64_t (*live_bytes)(void));

/* Process-wide: the crash handlers (not in sanitizer builds) and the stop signals' handler, and
 * the calling thread's alternate signal stack. Every other thread that arms points calls
 * dc_recover_thread_begin first and dc_recover_thread_end before it exits. */
void dc_recover_install(void);
void dc_recover_thread_begin(void);
void dc_recover_thread_end(void);

/* The stop signal that arrived (SIGINT, SIGTERM, SIGHUP, SIGQUIT), else 0. */
int dc_recover_interrupted(void);
/* Blocks the stop signals in this thread for a write's window (the temp file exists until it is
 * renamed or removed) and holds escapes; the unblock restores `old` and, when a second signal
 * asked to exit meanwhile, exits now. */
void dc_recover_block_stops(sigset_t *old);
void dc_recover_unblock_stops(const sigset_t *old);

#endif
