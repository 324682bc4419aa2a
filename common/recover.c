/* recover.c: recovery points, the crash and stop-signal handlers (see recover.h). */
#include "common/recover.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#if defined(__SANITIZE_ADDRESS__)
#define DC_RECOVER_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define DC_RECOVER_SANITIZED 1
#endif
#endif

/* The innermost armed point of this thread: what a signal handler and an allocator callback
 * jump to (recover.h says why this is thread-local). */
static _Thread_local dc_recover *current;
/* This thread's alternate signal stack (dc_recover_thread_begin). */
static _Thread_local void *altstack;
/* The heap the calling thread holds (dc_recover_set_meter). */
static uint64_t (*meter)(void);

static volatile sig_atomic_t interrupted;   /* the first stop signal */
static volatile sig_atomic_t exit_pending;  /* a second one came during a write: its exit code */
static atomic_int writes_in_flight;

void dc_recover_set_meter(uint64_t (*live_bytes)(void)) { meter = live_bytes; }

void dc_recover_arm(dc_recover *r, uint64_t budget) {
    r->why = DC_RECOVER_NONE;
    r->sig = 0;
    r->unsafe = false;
    r->hold = 0;
    r->committed = false;
    r->over = false;
    r->budget = meter ? budget : 0;
    r->base = r->budget ? meter() : 0;
    r->prev = current;
    current = r;
}

void dc_recover_disarm(dc_recover *r) {
    if (current == r) current = r->prev;
}

void dc_recover_escape(dc_recover_why why, bool unsafe) {
    dc_recover *r = current;
    if (!r || r->hold) return; /* held: a write's temp file exists, which only its own path removes */
    current = r->prev;
    r->why = why;
    r->unsafe = unsafe;
    siglongjmp(r->jb, 1);
}

static dc_recover_why stop_reason(dc_recover *r) {
    if (!r || r->hold) return DC_RECOVER_NONE;
    if (interrupted && !r->committed) return DC_RECOVER_INTERRUPT;
    if (r->budget && (int64_t)(meter() - r->base) > (int64_t)r->budget) r->over = true;
    return r->over ? DC_RECOVER_BUDGET : DC_RECOVER_NONE;
}

void dc_recover_poll(void) {
    dc_recover_why why = stop_reason(current);
    if (why != DC_RECOVER_NONE) dc_recover_escape(why, false);
}

bool dc_recover_should_stop(void) { return stop_reason(current) != DC_RECOVER_NONE; }

void dc_recover_commit(void) {
    if (current) current->committed = true;
}

void dc_recover_hold(void) {
    if (current) current->hold++;
}

void dc_recover_release(void) {
    if (current && current->hold > 0) current->hold--;
}

/* ---- signals --------------------------------------------------------------------------------- */

static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#ifndef DC_RECOVER_SANITIZED
static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
#endif
#define DC_ALTSTACK_SIZE (64u * 1024u)

static void say(const char *s) {
    ssize_t ignored = write(STDERR_FILENO, s, strlen(s)); /* async-signal-safe, unlike stdio */
    (void)ignored;
}

static void on_stop(int sig) {
    if (!interrupted) {
        interrupted = sig;
        return;
    }
    /* the second one: now, unless a write is between creating its temp file and renaming it */
    if (atomic_load(&writes_in_flight) == 0) {
        say("dcmigrate: interrupted again; exiting now\n");
        _exit(128 + sig);
    }
    exit_pending = 128 + sig;
}

#ifndef DC_RECOVER_SANITIZED
static void on_crash(int sig, siginfo_t *si, void *uc) {
    (void)uc;
    dc_recover *r = current;
    /* only a fault of this thread's own work (si_code > 0: raised by the kernel, not kill(2)) */
    if (r && !r->hold && si->si_code > 0) {
        current = r->prev;
        r->why = DC_RECOVER_CRASH;
        r->sig = sig;
        r->unsafe = true;
        siglongjmp(r->jb, 1);
    }
    /* not ours to recover from: the signal's default action, as if there were no handler */
    signal(sig, SIG_DFL);
    raise(sig);
}
#endif

void dc_recover_thread_begin(void) {
#ifndef DC_RECOVER_SANITIZED
    if (altstack) return;
    altstack = malloc(DC_ALTSTACK_SIZE);
    if (!altstack) return; /* no alternate stack: a stack overflow is not recovered from */
    stack_t ss = {.ss_sp = altstack, .ss_size = DC_ALTSTACK_SIZE, .ss_flags = 0};
    if (sigaltstack(&ss, NULL) != 0) {
        free(altstack);
        altstack = NULL;
    }
#endif
}

void dc_recover_thread_end(void) {
    if (!altstack) return;
    stack_t ss = {.ss_flags = SS_DISABLE};
    (void)sigaltstack(&ss, NULL);
    free(altstack);
    altstack = NULL;
}

void dc_recover_install(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof stop_signals / sizeof *stop_signals; i++) sigaction(stop_signals[i], &sa, NULL);
#ifndef DC_RECOVER_SANITIZED
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_crash;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof crash_signals / sizeof *crash_signals; i++) sigaction(crash_signals[i], &sa, NULL);
    dc_recover_thread_begin();
#endif
}

int dc_recover_interrupted(void) { return interrupted; }

void dc_recover_block_stops(sigset_t *old) {
    sigset_t block;
    sigemptyset(&block);
    for (size_t i = 0; i < sizeof stop_signals / sizeof *stop_signals; i++) sigaddset(&block, stop_signals[i]);
    atomic_fetch_add(&writes_in_flight, 1);
    dc_recover_hold();
    if (pthread_sigmask(SIG_BLOCK, &block, old) != 0) sigemptyset(old);
}

void dc_recover_unblock_stops(const sigset_t *old) {
    dc_recover_release();
    atomic_fetch_sub(&writes_in_flight, 1);
    pthread_sigmask(SIG_SETMASK, old, NULL);
    if (exit_pending && atomic_load(&writes_in_flight) == 0) {
        say("dcmigrate: interrupted again; exiting now\n");
        _exit(exit_pending);
    }
}
