/* interactive.c: the fix review of --interactive (see interactive.h). */
#include "cli/interactive.h"

#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "apply/dirty.h"
#include "common/text.h"

typedef struct accepted {
    char *key;      /* rule id, "\n", message */
    uint32_t count; /* still to apply */
    uint32_t used;  /* taken by the current pass */
} accepted;

typedef struct review_file {
    char *path;
    DC_VEC(accepted) keys;
    DC_VEC(uint32_t) lowered;  /* this pass: findings whose fix the filter held back... */
    DC_VEC(uint8_t) was;       /* ...and their applicability, given back after the pass */
} review_file;

struct dc_review {
    DC_VEC(review_file *) files;
    uint32_t accepted;
};

static char *key_of(const char *rule, const char *text, size_t len) {
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s\n", rule);
    dc_buf_add(&b, text, len);
    return dc_buf_detach(&b);
}

/* A finding's key in the review: its rule and the code it is about (from its snippet). */
static char *record_key(const dc_rfinding *f) {
    size_t n = strlen(f->snippet), at = f->start - f->snippet_start;
    if (at > n) at = n;
    size_t len = f->end - f->start;
    if (len > n - at) len = n - at;
    return key_of(f->rule->id, f->snippet + at, len);
}

/* The same key for a finding of a fix pass. */
static char *finding_key(const dc_analysis *an, const dc_finding *f) {
    return key_of(f->rule->id, an->src->data + f->range.start, f->range.end - f->range.start);
}

static review_file *file_of(dc_review *rv, const char *path, bool add) {
    for (uint32_t i = 0; i < rv->files.len; i++)
        if (strcmp(rv->files.v[i]->path, path) == 0) return rv->files.v[i];
    if (!add) return NULL;
    review_file *f = dc_xcalloc(1, sizeof *f);
    f->path = dc_xstrdup(path);
    dc_vec_push(&rv->files, f);
    return f;
}

static accepted *key_in(review_file *f, const char *key) {
    for (uint32_t i = 0; i < f->keys.len; i++)
        if (strcmp(f->keys.v[i].key, key) == 0) return &f->keys.v[i];
    return NULL;
}

static void accept(dc_review *rv, const dc_rfinding *f) {
    review_file *rf = file_of(rv, f->path, true);
    char *key = record_key(f);
    accepted *a = key_in(rf, key);
    if (a) {
        a->count++;
        free(key);
    } else {
        accepted n = {key, 1, 0};
        dc_vec_push(&rf->keys, n);
    }
    rv->accepted++;
}

/* One key from the terminal, without waiting for Enter when it is one; 0 at the end of input. */
static int read_key(int tty) {
    struct termios old, raw;
    bool term = tcgetattr(tty, &old) == 0;
    if (term) {
        raw = old;
        raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        tcsetattr(tty, TCSANOW, &raw);
    }
    char c = 0;
    ssize_t n;
    do n = read(tty, &c, 1);
    while (n == 1 && (c == '\n' || c == '\r' || c == ' '));
    if (term) tcsetattr(tty, TCSANOW, &old);
    return n == 1 ? (unsigned char)c : 0;
}

/* The answer for one fix: y, n, a or q (the end of input is q). */
static int ask(int tty, FILE *out, const dc_rfinding *f, uint32_t at, uint32_t total, bool color) {
    const char *b = color ? "\033[1m" : "", *r = color ? "\033[0m" : "";
    for (;;) {
        fprintf(out, "%s[%u/%u] Apply this fix? [y]es, [n]o, [a]ll of %s, [q]uit:%s ", b, at, total, f->rule->id, r);
        fflush(out);
        int c = read_key(tty);
        if (!c) c = 'q';
        if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
        if (strchr("ynaq", c)) {
            fprintf(out, "%c\n\n", c);
            return c;
        }
        fprintf(out, "%c: not an answer\n", c);
    }
}

static bool offered(const dc_rfinding *f, dc_applicability min) {
    return (f->app == DC_APP_SAFE || (f->app == DC_APP_UNSAFE && min == DC_APP_UNSAFE)) && f->fix_preview && f->snippet;
}

/* The finding's first line, as the text report prints it (path, position, severity, rule). */
static void headline(FILE *out, const dc_rfinding *f, bool color) {
    dc_buf p = DC_BUF_INIT, m = DC_BUF_INIT;
    dc_text_quote_path(&p, f->path);
    dc_text_escape_controls(&m, f->message);
    fprintf(out, "%s%s:%u:%u:%s %s[%s] %s\n", color ? "\033[1m" : "", p.p, f->line, f->col, color ? "\033[0m" : "",
            dc_severity_name(f->severity), f->rule->id, m.p);
    dc_buf_free(&p);
    dc_buf_free(&m);
}

dc_review *dc_review_ask(const dc_report *report, dc_applicability min, int tty, FILE *out, bool color,
                         dc_dirty *dirty) {
    dc_review *rv = dc_xcalloc(1, sizeof *rv);
    DC_VEC(const char *) all_of = {0}; /* rules answered `a` */
    uint32_t total = 0, at = 0, held = 0;
    bool *ask_about = dc_xcalloc(report->findings.len + 1, sizeof *ask_about);
    for (uint32_t i = 0; i < report->findings.len; i++) {
        const dc_rfinding *f = &report->findings.v[i];
        if (!offered(f, min)) continue;
        if (dc_dirty_has(dirty, f->path)) held++;
        else ask_about[i] = true, total++;
    }
    if (held)
        fprintf(out, "%u fix%s in files with changes git has not committed %s not offered (commit or stash them first, or "
                     "run with --allow-dirty).\n\n",
                held, held == 1 ? "" : "es", held == 1 ? "is" : "are");
    dc_output_opts oo = {color, false, false, true, true};
    bool quit = false;
    for (uint32_t i = 0; i < report->findings.len && !quit; i++) {
        const dc_rfinding *f = &report->findings.v[i];
        if (!ask_about[i]) continue;
        at++;
        bool all = false;
        for (uint32_t k = 0; k < all_of.len && !all; k++) all = all_of.v[k] == f->rule->id;
        if (all) {
            accept(rv, f);
            continue;
        }
        headline(out, f, color);
        dc_report_full_block(out, f, &oo);
        int c = ask(tty, out, f, at, total, color);
        if (c == 'a') dc_vec_push(&all_of, f->rule->id);
        if (c == 'y' || c == 'a') accept(rv, f);
        quit = c == 'q';
    }
    if (!total) fprintf(out, "No fixes to review.\n");
    free(ask_about);
    dc_vec_free(&all_of);
    return rv;
}

uint32_t dc_review_accepted(const dc_review *rv) { return rv->accepted; }

/* Before a pass: every fix without an accepted count left is held back (made manual for the
 * pass, which applies only safe and unsafe fixes). */
static void filter_before(dc_analysis *an, void *ctx) {
    review_file *rf = ctx;
    rf->lowered.len = rf->was.len = 0;
    for (uint32_t k = 0; rf && k < rf->keys.len; k++) rf->keys.v[k].used = 0;
    for (uint32_t i = 0; i < an->findings.len; i++) {
        dc_finding *f = &an->findings.v[i];
        if (!f->fix || f->fix->app < DC_APP_UNSAFE) continue;
        char *key = finding_key(an, f);
        accepted *a = key_in(rf, key);
        free(key);
        if (a && a->used < a->count) {
            a->used++;
            continue;
        }
        dc_vec_push(&rf->lowered, i);
        dc_vec_push(&rf->was, (uint8_t)f->fix->app);
        f->fix->app = DC_APP_MANUAL;
    }
}

/* After a pass: the applied fixes use up their counts; the held-back ones are given back. */
static void filter_after(const dc_analysis *an, const bool *applied, void *ctx) {
    review_file *rf = ctx;
    for (uint32_t i = 0; i < an->findings.len; i++) {
        if (!applied[i]) continue;
        const dc_finding *f = &an->findings.v[i];
        char *key = finding_key(an, f);
        accepted *a = key_in(rf, key);
        free(key);
        if (a && a->count) a->count--;
    }
    for (uint32_t k = 0; k < rf->lowered.len; k++) an->findings.v[rf->lowered.v[k]].fix->app = (dc_applicability)rf->was.v[k];
}

bool dc_review_filter(dc_review *rv, const char *path, dc_fix_filter *out) {
    review_file *rf = file_of(rv, path, false); /* never added to here: workers call this */
    if (rf) *out = (dc_fix_filter){filter_before, filter_after, rf};
    return rf != NULL;
}

void dc_review_free(dc_review *rv) {
    for (uint32_t i = 0; i < rv->files.len; i++) {
        review_file *f = rv->files.v[i];
        for (uint32_t k = 0; k < f->keys.len; k++) free(f->keys.v[k].key);
        dc_vec_free(&f->keys);
        dc_vec_free(&f->lowered);
        dc_vec_free(&f->was);
        free(f->path);
        free(f);
    }
    dc_vec_free(&rv->files);
    free(rv);
}
