/* diag.c: locked reporting of errors and warnings to stderr. The path of a location is quoted
 * and the message's control characters escaped (common/text.h), here, once, for every caller. */
#include "common/diag.h"

#include <pthread.h>
#include <stdio.h>

#include "common/text.h"
#include "common/recover.h"

static pthread_mutex_t diag_lock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local dc_buf *capture;
static int use_color;
static dc_diag_printer printer;
static void *printer_ctx;

static void format_line(dc_buf *b, dc_diag_level level, const char *location, const char *message) {
    static const char *names[] = {"note", "warning", "error"};
    static const char *colors[] = {"\033[36m", "\033[33m", "\033[31m"};
    if (use_color)
        dc_buf_printf(b, "dcmigrate: \033[1m%s%s\033[0m: %s%s\n", colors[level], names[level], location, message);
    else
        dc_buf_printf(b, "dcmigrate: %s: %s%s\n", names[level], location, message);
}

static void stderr_printer(dc_diag_level level, const char *location, const char *message, void *ctx) {
    dc_buf b = DC_BUF_INIT;
    (void)ctx;
    format_line(&b, level, location, message);
    fputs(dc_buf_cstr(&b), stderr);
    dc_buf_free(&b);
}

void dc_diag_capture_begin(dc_buf *b) { capture = b; }
void dc_diag_capture_end(void) { capture = NULL; }
dc_buf *dc_diag_capture_current(void) { return capture; }

void dc_diag_set_printer(dc_diag_printer p, void *ctx) {
    pthread_mutex_lock(&diag_lock);
    printer = p;
    printer_ctx = ctx;
    pthread_mutex_unlock(&diag_lock);
}

void dc_diag_set_color(int on) { use_color = on; }

void dc_diag(dc_diag_level level, const char *path, uint32_t line, uint32_t col, const char *fmt, ...) {
    dc_buf loc = DC_BUF_INIT, raw = DC_BUF_INIT, msg = DC_BUF_INIT;
    if (path) {
        dc_text_quote_path(&loc, path);
        if (line) dc_buf_printf(&loc, ":%u", line);
        if (line && col) dc_buf_printf(&loc, ":%u", col);
        dc_buf_adds(&loc, ": ");
    }
    va_list ap;
    va_start(ap, fmt);
    dc_buf_vprintf(&raw, fmt, ap);
    va_end(ap);
    /* A message can quote what a hostile tree holds (a config value, a rule's pattern, a path
     * inside the text): no control character of it reaches the terminal or the CI log. */
    dc_text_escape_controls(&msg, dc_buf_cstr(&raw));
    dc_buf_free(&raw);
    /* no escape from a file's recovery point while the lock is held (the printers allocate):
     * the lock would stay taken and the run hang at its next message (common/recover.h) */
    dc_recover_hold();
    pthread_mutex_lock(&diag_lock);
    if (capture && !printer)
        format_line(capture, level, dc_buf_cstr(&loc), dc_buf_cstr(&msg));
    else
        (printer ? printer : stderr_printer)(level, dc_buf_cstr(&loc), dc_buf_cstr(&msg), printer_ctx);
    pthread_mutex_unlock(&diag_lock);
    dc_recover_release();
    dc_buf_free(&loc);
    dc_buf_free(&msg);
}
