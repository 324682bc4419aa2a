/* run.c: one dcmigrate run: discover -> load -> (prefilter) -> analyse -> fix loop -> verify ->
 * write / diff -> report records. Each file produces a report fragment that is merged in input
 * order, so output does not depend on scheduling. */
#include "cli/run.h"
#include "analyzer/nodeindex.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/discover.h"
#include "analyzer/prefilter.h"
#include "common/diag.h"
#include "common/diag.h"
#include "rewriter/apply.h"
#include "apply/diff.h"
#include "rewriter/write.h"

static char *line_text(dc_source *s, uint32_t line) {
    uint32_t a = dc_source_line_start(s, line), b = dc_source_line_end(s, line);
    return dc_xstrndup(s->data + a, b - a);
}

/* What the records must carry for this run's reports (report.h, DC_KEEP_*): every requested
 * format, plus the source line for a baseline to read or write. */
static unsigned keep_mask(const dc_options *o) {
    unsigned keep = dc_format_keeps(o->format);
    for (uint32_t i = 0; i < o->outputs.len; i++) keep |= dc_format_keeps(o->outputs.v[i].format);
    if (o->baseline || o->write_baseline) keep |= DC_KEEP_LINE_TEXT;
    return keep;
}

/* A scanned file: its migrated count goes into the total; the entry itself only when a report
 * lists files (DC_KEEP_FILES), so a run over 100,000 files does not keep 100,000 paths. */
static void add_file(dc_run *run, dc_report *frag, const char *path, uint32_t migrated) {
    frag->migrated += migrated;
    if (!(keep_mask(run->opts) & DC_KEEP_FILES)) return;
    dc_rfile rf = {dc_xstrdup(path), migrated};
    dc_vec_push(&frag->files, rf);
}

/* Copies the findings of an analysis into report records (positions computed now, while the
 * source is alive), with only the parts `keep` asks for: the records outlive the file. */
static void add_records(dc_report *frag, dc_analysis *an, unsigned keep) {
    dc_source *s = an->src;
    for (uint32_t i = 0; i < an->findings.len; i++) {
        const dc_finding *f = &an->findings.v[i];
        dc_rfinding r = {0};
        r.path = dc_xstrdup(s->path);
        r.rule = f->rule;
        r.severity = f->severity;
        dc_pos a = dc_source_pos(s, f->range.start), b = dc_source_pos(s, f->range.end);
        r.line = a.line;
        r.col = a.column;
        r.end_line = b.line;
        r.end_col = b.column;
        r.start = f->range.start;
        r.end = f->range.end;
        r.message = dc_xstrdup(f->message);
        if (keep & DC_KEEP_LINE_TEXT) r.line_text = line_text(s, a.line);
        r.low_confidence = f->low_confidence;
        if (f->fix) {
            r.app = f->fix->app;
            /* A manual finding's why is part of its message in most formats (dc_rfinding_message). */
            if ((keep & DC_KEEP_FIX_TEXT) || r.app == DC_APP_MANUAL)
                r.fix_why = f->fix->why ? dc_xstrdup(f->fix->why) : NULL;
            if (keep & DC_KEEP_FIX_TEXT) r.fix_title = f->fix->title ? dc_xstrdup(f->fix->title) : NULL;
            r.nedits = keep & DC_KEEP_EDITS ? f->fix->nedits : 0;
            r.edits = r.nedits ? dc_xcalloc(r.nedits, sizeof *r.edits) : NULL;
            for (uint32_t k = 0; k < r.nedits; k++) {
                const dc_edit *e = &f->fix->edits[k];
                dc_pos ea = dc_source_pos(s, e->start), eb = dc_source_pos(s, e->end);
                r.edits[k] = (dc_redit){e->start, e->end, ea.line, ea.column, eb.line, eb.column,
                                        dc_xstrndup(e->text, e->len)};
            }
        }
        dc_vec_push(&frag->findings, r);
    }
}

static void report_syntax_errors(dc_analysis *an) {
    if (!an->tree || !an->has_syntax_errors) return;
    /* Point at the first error so the user can find it; the rest of the file is still analysed. */
    TSNode root = ts_tree_root_node(an->tree);
    TSTreeCursor c = ts_tree_cursor_new(root);
    TSNode first = root;
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        if (dc_node_is_error(n) || ts_node_is_missing(n)) {
            first = n;
            break;
        }
        if (ts_node_has_error(n) && ts_tree_cursor_goto_first_child(&c)) continue;
        if (!dc_cursor_skip(&c)) break;
    }
    ts_tree_cursor_delete(&c);
    dc_pos p = dc_source_pos(an->src, ts_node_start_byte(first));
    dc_diag(DC_DIAG_NOTE, an->src->path, p.line, p.column,
            "syntax error (%u error node%s); the file is analysed, but no fix is made inside the broken region",
            an->error_nodes, an->error_nodes == 1 ? "" : "s");
}

/* ---- --add-ignore ------------------------------------------------------------------------------ */

static bool in_text_node(TSNode n) {
    for (; !ts_node_is_null(n); n = ts_node_parent(n)) {
        const char *t = ts_node_type(n);
        if (!strcmp(t, "jsx_expression")) return false; /* JS code inside JSX */
        if (!strcmp(t, "string") || !strcmp(t, "template_string") || !strcmp(t, "string_content") ||
            !strcmp(t, "jsx_text") || !strcmp(t, "jsx_element") || !strcmp(t, "jsx_fragment"))
            return true;
    }
    return false;
}

/* Where a suppression comment for `line` can go: at the end of the line (returns true with
 * *at = its end), else alone on the line above (false, *at = the line's start); *ok is false
 * when neither place is code (inside a multi-line string or JSX text). */
static bool ignore_spot(dc_analysis *an, uint32_t line, uint32_t *at, bool *ok) {
    dc_source *s = an->src;
    uint32_t ls = dc_source_line_start(s, line), le = dc_source_line_end(s, line);
    *ok = true;
    if (!an->tree) { /* .env: only whole-line comments exist */
        *at = ls;
        return false;
    }
    TSNode root = ts_tree_root_node(an->tree);
    TSNode end = ts_node_descendant_for_byte_range(root, le > ls ? le - 1 : ls, le > ls ? le - 1 : ls);
    bool comment_here = !strcmp(ts_node_type(end), "comment") && dc_source_pos(s, ts_node_start_byte(end)).line == line;
    if (comment_here || !in_text_node(end)) {
        *at = le;
        return true;
    }
    uint32_t first = ls;
    while (first < le && (s->data[first] == ' ' || s->data[first] == '\t')) first++;
    *ok = !in_text_node(ts_node_descendant_for_byte_range(root, first, first));
    *at = ls;
    return false;
}

/* Builds the file with a `dcmigrate: ignore[...]` comment for every finding, one per line. */
static bool add_ignores(dc_analysis *an, dc_buf *out, uint32_t *added) {
    dc_source *s = an->src;
    const char *mark = dc_lang_family(s->lang) == DC_FAMILY_TS ? "//" : "#";
    dc_arena *a = dc_worker_arena(an->worker);
    dc_fix *fx = dc_fix_new(a, DC_APP_SAFE);
    *added = 0;
    for (uint32_t i = 0; i < an->findings.len;) {
        uint32_t line = dc_source_pos(s, an->findings.v[i].range.start).line;
        dc_buf ids = DC_BUF_INIT;
        uint32_t j = i;
        for (; j < an->findings.len && dc_source_pos(s, an->findings.v[j].range.start).line == line; j++) {
            const char *id = an->findings.v[j].rule->id;
            if (!strstr(dc_buf_cstr(&ids), id)) dc_buf_printf(&ids, "%s%s", ids.len ? ", " : "", id);
        }
        uint32_t at;
        bool ok;
        bool eol = ignore_spot(an, line, &at, &ok);
        if (!ok) {
            dc_diag(DC_DIAG_WARNING, s->path, line, 0, "cannot place a suppression here (inside a string or JSX text)");
        } else if (eol) {
            char *t = dc_arena_printf(a, "  %s dcmigrate: ignore[%s]", mark, ids.p);
            dc_fix_add_edit(a, fx, at, at, t, strlen(t));
            (*added)++;
        } else {
            dc_sv ind = dc_sv_from(s->data + at, 0);
            while (at + ind.len < s->len && (s->data[at + ind.len] == ' ' || s->data[at + ind.len] == '\t')) ind.len++;
            char *t = dc_arena_printf(a, "%.*s%s dcmigrate: ignore[%s]%s", (int)ind.len, ind.p, mark, ids.p,
                                      s->crlf ? "\r\n" : "\n");
            dc_fix_add_edit(a, fx, at, at, t, strlen(t));
            (*added)++;
        }
        dc_buf_free(&ids);
        i = j;
    }
    if (!*added) return false;
    dc_analysis one = *an;
    one.findings.v = &(dc_finding){.fix = fx};
    one.findings.len = 1;
    return dc_fixes_apply(&one, DC_APP_SAFE, out, NULL) == 1;
}

static void process_add_ignore(dc_run *run, dc_worker *w, dc_source *src, dc_report *frag, const dc_analyze_opts *ao) {
    dc_analyze_opts aopts = *ao;
    dc_analysis an;
    dc_analyze(w, run->rules, src, &aopts, &an);
    dc_buf out = DC_BUF_INIT;
    uint32_t added = 0;
    bool changed = add_ignores(&an, &out, &added);
    uint32_t base_errors = an.error_nodes;
    dc_analysis_release(&an);
    if (changed) {
        /* same promise as --fix: verified by re-parsing, written atomically */
        dc_source *next = dc_source_from_bytes(src->path, src->lang, out.p, (uint32_t)out.len);
        dc_analysis check;
        dc_analyze(w, run->rules, next, &aopts, &check);
        bool worse = check.error_nodes > base_errors;
        /* what still shows: suppressions that could not be placed */
        if (!worse) add_records(frag, &check, keep_mask(run->opts));
        dc_analysis_release(&check);
        dc_source_free(next);
        dc_file_identity id = {src->dev, src->ino, src->size, src->mtime};
        int err = 0;
        dc_write_status st = worse ? DC_WRITE_ERROR : dc_write_atomic(src->open_path, out.p, out.len, &id, &err);
        if (worse) {
            dc_diag(DC_DIAG_WARNING, src->path, 0, 0, "adding suppressions would introduce syntax errors; file left unchanged");
        } else if (st != DC_WRITE_OK) {
            dc_diag(DC_DIAG_ERROR, src->path, 0, 0, "%s%s%s", dc_write_status_str(st), err ? ": " : "", err ? strerror(err) : "");
            frag->errors++;
        } else {
            frag->files_changed++;
            frag->suppressions_added += added;
        }
    }
    dc_buf_free(&out);
}

static void process_source(dc_run *run, dc_worker *w, dc_source *src, dc_report *frag) {
    const dc_options *o = run->opts;
    dc_analyze_opts aopts = run->settings ? run->settings->aopts : (dc_analyze_opts){o->profile, NULL, NULL, false};
    dc_fix_opts fopts = run->settings ? run->settings->fopts : (dc_fix_opts){o->auth.v, o->auth.len};
    aopts.whole_tree = o->no_prefilter;
    frag->files_scanned++;
    if (o->add_ignore && !src->from_stdin) {
        add_file(run, frag, src->path, 0);
        process_add_ignore(run, w, src, frag, &aopts);
        return;
    }
    dc_fix_result fr = {0};
    /* dry: compute the fixes and their diff, write nothing (--diff, and the report formats
     * that show proposed fixes) */
    bool dry = o->diff || (run->want_diffs && !o->fix);
    bool fixing = o->fix || dry;
    dc_source *final = src;
    if (fixing) {
        dc_fix_file_keep(w, run->rules, src, &aopts, &fopts, o->unsafe_fixes ? DC_APP_UNSAFE : DC_APP_SAFE, &fr);
        if (fr.rejected) {
            dc_diag(DC_DIAG_WARNING, src->path, 0, 0, "%s", fr.reject_reason);
        }
        if (!fr.converged)
            dc_diag(DC_DIAG_WARNING, src->path, 0, 0, "fixes did not converge after %d passes (rules: %s)",
                    DC_FIX_MAX_PASSES, fr.not_converged_rules);
        if (fr.changed) {
            final = dc_source_from_bytes(src->path, src->lang, fr.data, fr.len);
            bool ok = true;
            if (dry) {
                /* kept even when libgit2 fails (empty): the file would still change */
                dc_diff d;
                dc_diff_compute(&d, src->path, src->data, src->len, fr.data, fr.len, 3);
                dc_vec_push(&frag->diffs, d);
            } else if (src->from_stdin) {
                dc_buf_add(&run->stdin_fixed, fr.data, fr.len);
            } else {
                dc_file_identity id = {src->dev, src->ino, src->size, src->mtime};
                int err = 0;
                /* Test hook (tests/test_fix.py): widen the window between reading and writing so
                 * a test can change the file meanwhile. */
                const char *pause = getenv("DC_TEST_BEFORE_WRITE_SLEEP_MS");
                if (pause) usleep((useconds_t)atoi(pause) * 1000u);
                dc_write_status st = dc_write_atomic(src->open_path, fr.data, fr.len, &id, &err);
                if (st != DC_WRITE_OK) {
                    ok = false;
                    dc_diag(DC_DIAG_ERROR, src->path, 0, 0, "%s%s%s", dc_write_status_str(st), err ? ": " : "",
                            err ? strerror(err) : "");
                    frag->errors++;
                }
            }
            if (ok) {
                frag->files_changed++;
                for (uint32_t i = 0; i < fr.counts.len; i++)
                    dc_report_add_fixed(frag, src->path, fr.counts.v[i].rule, fr.counts.v[i].count);
            } else {
                dc_source_free(final);
                final = src;
            }
        }
    }
    if (fixing && dry) {
        /* --diff reports findings as they are now, with the fixes --fix would make */
        final = final == src ? src : (dc_source_free(final), src);
    }
    /* The fix loop's last analysis is of the final text: the report's analysis when that is
     * what the report describes (the input when nothing changed; the written result). Else it
     * goes first: a worker holds one analysis at a time. */
    dc_analysis an;
    bool kept = fr.have_final && (fr.final_src == src) == (final == src) && dc_fix_take_final(&fr, &an);
    if (!kept) {
        if (dc_fix_take_final(&fr, &an)) dc_analysis_release(&an);
        dc_analyze(w, run->rules, final, &aopts, &an);
        dc_fixes_plan(&an, run->rules, &fopts);
    }
    if (final == src) report_syntax_errors(&an);
    add_file(run, frag, src->path, an.migrated);
    add_records(frag, &an, keep_mask(o));
    dc_analysis_release(&an);
    if (final != src) dc_source_free(final);
    if (src->from_stdin && o->fix && !fr.changed) dc_buf_add(&run->stdin_fixed, src->data, src->len);
    dc_fix_result_free(&fr);
}

static const char *load_reason(dc_load_status st, int err, char *buf, size_t n) {
    switch (st) {
    case DC_LOAD_BINARY: return "binary file (NUL bytes), skipped";
    case DC_LOAD_TOO_LARGE: return "larger than --max-file-size, skipped";
    case DC_LOAD_NOT_REGULAR: return err == EISDIR ? "is a directory, skipped" : "not a regular file, skipped";
    default: snprintf(buf, n, "cannot read: %s", strerror(err)); return buf;
    }
}

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
 * - after a large file, the allocator hands its freed parse memory back (run->trim, cli/heap.h:
 *   jemalloc's purge in the dcmigrate binary, malloc_trim with glibc's malloc), so the next
 *   large file, analysed by the other worker in its own arena, does not add to it. */
#define DC_ANALYSIS_BUDGET (1024u * 1024u)
#define DC_TRIM_AFTER (256u * 1024u)

static pthread_mutex_t budget_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t budget_cv = PTHREAD_COND_INITIALIZER;
static uint64_t budget_bytes;  /* source bytes in analysis (under budget_mu) */
static uint32_t budget_files;  /* files in analysis (under budget_mu) */

/* Files under this size neither wait nor count: at most one per worker is in analysis, a few
 * MB at -j 2, and the other worker keeps going while a large file is analysed. */
#define DC_ANALYSIS_SMALL (96u * 1024u)

static void budget_take(uint32_t size) {
    if (size < DC_ANALYSIS_SMALL) return;
    pthread_mutex_lock(&budget_mu);
    while (budget_files && budget_bytes + size > DC_ANALYSIS_BUDGET) pthread_cond_wait(&budget_cv, &budget_mu);
    budget_bytes += size;
    budget_files++;
    pthread_mutex_unlock(&budget_mu);
}

static void budget_give(uint32_t size) {
    if (size < DC_ANALYSIS_SMALL) return;
    pthread_mutex_lock(&budget_mu);
    budget_bytes -= size;
    budget_files--;
    pthread_cond_broadcast(&budget_cv);
    pthread_mutex_unlock(&budget_mu);
}

void dc_run_file(dc_run *run, dc_worker *w, const dc_file_entry *e, dc_report *frag) {
    char buf[256];
    if (e->lang == DC_LANG_NONE) {
        dc_report_add_skip(frag, e->display, "not a Python, TypeScript, JavaScript or .env file, skipped");
        dc_diag(DC_DIAG_NOTE, e->display, 0, 0, "not a Python, TypeScript, JavaScript or .env file, skipped");
        return;
    }
    dc_load_status st;
    int err;
    dc_source *src = dc_source_load(e->path, e->display, run->opts->max_file_size, &st, &err);
    if (!src) {
        const char *why = load_reason(st, err, buf, sizeof buf);
        if (st == DC_LOAD_ERROR) {
            dc_diag(DC_DIAG_ERROR, e->display, 0, 0, "%s", why);
            frag->errors++;
        } else {
            dc_diag(DC_DIAG_NOTE, e->display, 0, 0, "%s", why);
        }
        dc_report_add_skip(frag, e->display, why);
        return;
    }
    src->lang = e->lang;
    if (run->prefilter && !dc_prefilter_pass(run->prefilter, src->lang, src->data, src->len, dc_worker_match_data(w))) {
        /* read, but nothing any rule looks for is in it: no parse */
        frag->files_scanned++;
        add_file(run, frag, src->path, 0);
        dc_source_free(src);
        return;
    }
    uint32_t size = src->len;
    budget_take(size);
    process_source(run, w, src, frag);
    dc_source_free(src);
    if (size >= DC_TRIM_AFTER) { /* see above: a few ms, for a few files per run */
        if (run->trim)
            run->trim();
#ifdef __GLIBC__
        else
            malloc_trim(0);
#endif
    }
    budget_give(size);
}

static void merge(dc_report *dst, dc_report *src) {
    for (uint32_t i = 0; i < src->findings.len; i++) dc_vec_push(&dst->findings, src->findings.v[i]);
    for (uint32_t i = 0; i < src->files.len; i++) dc_vec_push(&dst->files, src->files.v[i]);
    for (uint32_t i = 0; i < src->skipped.len; i++) dc_vec_push(&dst->skipped, src->skipped.v[i]);
    for (uint32_t i = 0; i < src->fixed.len; i++) dc_vec_push(&dst->fixed, src->fixed.v[i]);
    for (uint32_t i = 0; i < src->diffs.len; i++) dc_vec_push(&dst->diffs, src->diffs.v[i]);
    dst->files_scanned += src->files_scanned;
    dst->migrated += src->migrated;
    dst->files_changed += src->files_changed;
    dst->suppressions_added += src->suppressions_added;
    dst->errors += src->errors;
    dc_vec_free(&src->findings);
    dc_vec_free(&src->files);
    dc_vec_free(&src->skipped);
    dc_vec_free(&src->fixed);
    dc_vec_free(&src->diffs);
}

/* ---- progress -------------------------------------------------------------------------------- */

static double since(const struct timespec *a, const struct timespec *b) {
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void dc_progress_tick(dc_run *run, uint32_t done, uint32_t total) {
    if (!run->progress) return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!run->started.tv_sec && !run->started.tv_nsec) run->started = now;
    /* DC_TEST_PROGRESS_AFTER_MS: the tests' way to see the line without a slow run */
    static double after = -1;
    if (after < 0) {
        const char *t = getenv("DC_TEST_PROGRESS_AFTER_MS");
        after = t ? atof(t) / 1000.0 : 1.0;
    }
    if (since(&run->started, &now) < after || (run->progress_shown && since(&run->last, &now) < 0.1)) return;
    run->last = now;
    run->progress_shown = true;
    fprintf(stderr, "\r\033[Kdcmigrate: %u/%u files", done, total);
    fflush(stderr);
}

void dc_progress_done(dc_run *run) {
    if (run->progress_shown) fputs("\r\033[K", stderr);
    run->progress_shown = false;
}

/* ---- per-root settings: command line + the root's .dcmigrate.yml ------------------------- */

static bool listed(const char *const *v, uint32_t n, const char *id) {
    for (uint32_t i = 0; i < n; i++)
        if (strcmp(v[i], id) == 0) return true;
    return false;
}

static void check_ids(const dc_ruleset *rs, const dc_config *c, char *const *ids, uint32_t n, const char *key,
                      dc_report *report) {
    for (uint32_t i = 0; i < n; i++) {
        if (dc_ruleset_knows(rs, ids[i])) continue;
        dc_diag(DC_DIAG_ERROR, c->path, 0, 0, "unknown rule id `%s` in `%s` (see dcmigrate --list-rules)", ids[i], key);
        report->errors++;
    }
}

/* Flags win: --sdk, --select/--ignore replace the file's; --exclude and --auth-config add to it
 * (the command line's auth mappings are looked up first). */
static void settings_init(dc_root_settings *st, const dc_options *o, const dc_config *c, dc_ruleset *rs,
                          dc_report *report) {
    memset(st, 0, sizeof *st);
    for (uint32_t i = 0; i < o->excludes.len; i++) dc_vec_push(&st->excludes, o->excludes.v[i]);
    for (uint32_t i = 0; i < o->auth.len; i++) dc_vec_push(&st->auth, o->auth.v[i]);
    dc_profile profile = o->profile;
    if (c) {
        for (uint32_t i = 0; i < c->exclude.len; i++) dc_vec_push(&st->excludes, (const char *)c->exclude.v[i]);
        for (uint32_t i = 0; i < c->auth.len; i++) dc_vec_push(&st->auth, c->auth.v[i]);
        if (c->has_sdk && !o->set_profile) profile = c->sdk;
        check_ids(rs, c, c->select.v, c->select.len, "select", report);
        check_ids(rs, c, c->ignore.v, c->ignore.len, "ignore", report);
        uint32_t n = dc_ruleset_count(rs);
        if ((c->has_select || c->has_ignore) && !o->set_select && !o->set_ignore) {
            st->enabled = dc_xcalloc(n ? n : 1, sizeof *st->enabled);
            for (uint32_t i = 0; i < n; i++) {
                const char *id = dc_ruleset_get(rs, i)->id;
                st->enabled[i] = (!c->select.len || listed((const char *const *)c->select.v, c->select.len, id)) &&
                                 !listed((const char *const *)c->ignore.v, c->ignore.len, id);
            }
        }
        if (c->severity.len) {
            st->severity = dc_xmalloc((n ? n : 1) * sizeof *st->severity);
            memset(st->severity, -1, (n ? n : 1) * sizeof *st->severity);
            for (uint32_t k = 0; k < c->severity.len; k++) {
                const dc_rule *r = dc_ruleset_find(rs, c->severity.v[k].rule);
                if (r) st->severity[r->index] = (int8_t)c->severity.v[k].severity;
                else if (!dc_ruleset_knows(rs, c->severity.v[k].rule)) {
                    dc_diag(DC_DIAG_ERROR, c->path, 0, 0, "unknown rule id `%s` in `severity`", c->severity.v[k].rule);
                    report->errors++;
                }
            }
        }
    }
    st->aopts = (dc_analyze_opts){profile, st->enabled, st->severity, false};
    st->fopts = (dc_fix_opts){st->auth.v, st->auth.len};
}

static void settings_free(dc_root_settings *st) {
    dc_vec_free(&st->excludes);
    dc_vec_free(&st->auth);
    free(st->enabled);
    free(st->severity);
}

/* The config that applies to `root`: --config, else the nearest one above it, unless
 * --no-config. Heap path or NULL. */
char *dc_run_config_for(const dc_options *o, const char *root) {
    if (o->no_config) return NULL;
    if (o->config) return dc_xstrdup(o->config);
    return dc_config_find(root);
}

/* ---- the worker pool ------------------------------------------------------------------------
 * Workers take files in input order from an atomic counter; each owns a dc_worker (parser,
 * cursor, PCRE2 match data and JIT stack, arena). Results, with the messages the file produced,
 * go into that file's slot; the main thread merges and prints the slots strictly in input order,
 * so the output is byte-identical to -j 1 whatever the scheduling.
 *
 * Slots are a ring of DC_POOL_WINDOW: file i uses slot i % DC_POOL_WINDOW, and a worker starts
 * file i only once file i - DC_POOL_WINDOW has been merged, so the pool's memory does not grow
 * with the number of files (one slot per file was ~140 bytes: 14 MB per 100,000 files). This
 * cannot deadlock: every file before i was taken by a worker that is not waiting (its index is
 * inside the window), so the file the main thread waits for always finishes. */
#define DC_POOL_WINDOW 1024u

typedef struct slot {
    dc_report frag;
    dc_buf diag;
    bool done;
} slot;

typedef struct pool {
    dc_run *run;
    const dc_file_list *files;
    slot *slots;     /* DC_POOL_WINDOW of them */
    atomic_uint next;
    uint32_t merged; /* files merged by the main thread (under mu) */
    int active; /* workers still running (under mu) */
    pthread_mutex_t mu;
    pthread_cond_t cv;
} pool;

/* SIGINT/SIGTERM: workers finish the file they are on (a write in progress completes or is
 * abandoned whole: dc_write_atomic blocks the signals around its rename) and take no more. */
static volatile sig_atomic_t interrupted;
static void on_signal(int sig) { interrupted = sig; }

int dc_run_interrupted(void) { return interrupted; }

void dc_run_install_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static void run_one(pool *p, dc_worker *w, uint32_t i) {
    slot *sl = &p->slots[i % DC_POOL_WINDOW];
    pthread_mutex_lock(&p->mu);
    while (i >= p->merged + DC_POOL_WINDOW) pthread_cond_wait(&p->cv, &p->mu); /* the ring is full */
    pthread_mutex_unlock(&p->mu);
    dc_report_init(&sl->frag);
    dc_diag_capture_begin(&sl->diag);
    dc_run_file(p->run, w, &p->files->v[i], &sl->frag);
    dc_diag_capture_end();
    pthread_mutex_lock(&p->mu);
    sl->done = true;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

static void *worker_main(void *arg) {
    pool *p = arg;
    dc_worker *w = dc_worker_new();
    while (!interrupted) {
        uint32_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->files->len) break;
        run_one(p, w, i);
    }
    dc_worker_free(w);
    pthread_mutex_lock(&p->mu);
    p->active--;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Waits for file i's slot, prints its messages, merges it and frees the slot for file
 * i + DC_POOL_WINDOW; false when the run was interrupted before file i was started. */
static bool collect(pool *p, dc_report *report, uint32_t i) {
    slot *sl = &p->slots[i % DC_POOL_WINDOW];
    pthread_mutex_lock(&p->mu);
    while (!sl->done && !(interrupted && p->active == 0)) pthread_cond_wait(&p->cv, &p->mu);
    bool done = sl->done;
    pthread_mutex_unlock(&p->mu);
    if (!done) return false;
    if (sl->diag.len) {
        dc_progress_done(p->run);
        fputs(sl->diag.p, stderr);
    }
    dc_buf_free(&sl->diag);
    merge(report, &sl->frag);
    pthread_mutex_lock(&p->mu);
    sl->done = false;
    p->merged = i + 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    dc_progress_tick(p->run, i + 1, p->files->len);
    return true;
}

static void scan_files(dc_run *run, const dc_file_list *files, dc_report *report) {
    if (!files->len) return;
    pool p = {.run = run, .files = files};
    p.slots = dc_xcalloc(DC_POOL_WINDOW, sizeof *p.slots);
    atomic_init(&p.next, 0);
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    int jobs = run->jobs > 0 ? run->jobs : 1;
    if ((uint32_t)jobs > files->len) jobs = (int)files->len;
    pthread_t *th = dc_xcalloc((size_t)jobs, sizeof *th);
    int started = 0;
    p.active = jobs;
    for (int t = 0; t < jobs; t++)
        if (pthread_create(&th[t], NULL, worker_main, &p) == 0) started++;
    pthread_mutex_lock(&p.mu);
    p.active = started;
    pthread_mutex_unlock(&p.mu);
    if (run->progress) clock_gettime(CLOCK_MONOTONIC, &run->started);
    if (!started) { /* no threads to be had: do the work here, merging as it goes */
        dc_worker *w = dc_worker_new();
        for (uint32_t i = 0; i < files->len; i++) {
            if (interrupted) {
                run->not_processed += files->len - i;
                break;
            }
            atomic_store(&p.next, i + 1);
            run_one(&p, w, i);
            collect(&p, report, i);
        }
        dc_worker_free(w);
    }
    for (uint32_t i = 0; started && i < files->len; i++) {
        if (!collect(&p, report, i)) { /* interrupted before this file was started */
            run->not_processed += files->len - i;
            break;
        }
    }
    for (uint32_t k = 0; k < DC_POOL_WINDOW; k++) dc_buf_free(&p.slots[k].diag);
    for (int t = 0; t < started; t++) pthread_join(th[t], NULL);
    free(th);
    free(p.slots);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
}

static void scan_roots(dc_run *run, dc_worker *w, const char *const *roots, size_t nroots, const dc_config *cfg,
                       dc_report *report) {
    const dc_options *o = run->opts;
    dc_root_settings st;
    settings_init(&st, o, cfg, run->rules, report);
    run->settings = &st;
    dc_walk_opts wo = {st.excludes.v, st.excludes.len, o->includes.v, o->includes.len, o->no_ignore,
                       o->no_default_excludes};
    dc_file_list files = {0};
    dc_notice_list notices = {0};
    dc_discover(roots, nroots, &wo, &files, &notices);
    for (uint32_t i = 0; i < notices.len; i++) {
        dc_notice *n = &notices.v[i];
        if (n->level == DC_NOTICE_ERROR) {
            dc_diag(DC_DIAG_ERROR, n->path, 0, 0, "%s", n->message);
            report->errors++;
        } else {
            dc_diag(DC_DIAG_NOTE, n->path, 0, 0, "%s", n->message);
            dc_report_add_skip(report, n->path, n->message);
        }
    }
    scan_files(run, &files, report);
    dc_file_list_free(&files);
    dc_notice_list_free(&notices);
    run->settings = NULL;
    settings_free(&st);
}

/* Loads a root's config; a broken one is reported (once per file, by dc_config_load) and counted
 * here, for every run including the first root's, whose file cli/main.c has already read; the
 * roots are then scanned without it. */
static dc_config *load_config(const char *path, dc_report *report) {
    if (!path) return NULL;
    dc_config *c = dc_config_load(path);
    if (!c) report->errors++;
    return c;
}

int dc_run_all(dc_run *run, dc_report *report) {
    const dc_options *o = run->opts;
    dc_worker *w = dc_worker_new();
    if (o->stdin_filename) {
        char *cp = dc_run_config_for(o, ".");
        dc_config *cfg = load_config(cp, report);
        dc_root_settings st;
        settings_init(&st, o, cfg, run->rules, report);
        run->settings = &st;
        dc_load_status lst;
        int err;
        dc_source *src = dc_source_load_stdin(o->stdin_filename, &lst, &err);
        if (!src) {
            char buf[256];
            const char *why = load_reason(lst, err, buf, sizeof buf);
            dc_diag(DC_DIAG_ERROR, o->stdin_filename, 0, 0, "standard input: %s", why);
            report->errors++;
        } else if (src->lang == DC_LANG_NONE) {
            dc_diag(DC_DIAG_ERROR, o->stdin_filename, 0, 0,
                    "cannot tell the language from --stdin-filename (use .py, .ts, .tsx, .js, ...)");
            report->errors++;
            dc_source_free(src);
        } else {
            dc_report frag;
            dc_report_init(&frag);
            process_source(run, w, src, &frag);
            merge(report, &frag);
            dc_source_free(src);
        }
        run->settings = NULL;
        settings_free(&st);
        dc_config_free(cfg);
        free(cp);
        dc_worker_free(w);
        return 0;
    }
    const char *dot = ".";
    const char *const *roots = o->paths.len ? o->paths.v : &dot;
    size_t nroots = o->paths.len ? o->paths.len : 1;
    /* roots that share a config are scanned together */
    bool *done = dc_xcalloc(nroots, sizeof *done);
    for (size_t i = 0; i < nroots; i++) {
        if (done[i]) continue;
        char *cp = dc_run_config_for(o, roots[i]);
        DC_VEC(const char *) group = {0};
        for (size_t j = i; j < nroots; j++) {
            if (done[j]) continue;
            char *cj = j == i ? NULL : dc_run_config_for(o, roots[j]);
            bool same = j == i || (cp && cj ? strcmp(cp, cj) == 0 : cp == cj);
            free(cj);
            if (!same) continue;
            done[j] = true;
            dc_vec_push(&group, roots[j]);
        }
        dc_config *cfg = load_config(cp, report);
        scan_roots(run, w, group.v, group.len, cfg, report);
        dc_config_free(cfg);
        dc_vec_free(&group);
        free(cp);
    }
    free(done);
    dc_progress_done(run);
    dc_worker_free(w);
    return 0;
}
