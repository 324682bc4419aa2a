/* run.c: one dcmigrate run: discover -> load -> (prefilter) -> analyse -> fix loop -> verify ->
 * write / diff -> report records. Each file produces a report fragment that is merged in input
 * order, so output does not depend on scheduling. */
#include "cli/run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/discover.h"
#include "common/diag.h"
#include "rewriter/apply.h"
#include "rewriter/diff.h"
#include "rewriter/write.h"

static char *line_text(dc_source *s, uint32_t line) {
    uint32_t a = dc_source_line_start(s, line), b = dc_source_line_end(s, line);
    return dc_xstrndup(s->data + a, b - a);
}

/* Copies the findings of an analysis into report records (positions computed now, while the
 * source is alive). */
static void add_records(dc_report *frag, dc_analysis *an) {
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
        r.line_text = line_text(s, a.line);
        r.low_confidence = f->low_confidence;
        if (f->fix) {
            r.app = f->fix->app;
            r.fix_why = f->fix->why ? dc_xstrdup(f->fix->why) : NULL;
            r.fix_title = f->fix->title ? dc_xstrdup(f->fix->title) : NULL;
            r.nedits = f->fix->nedits;
            r.edits = dc_xcalloc(r.nedits ? r.nedits : 1, sizeof *r.edits);
            for (uint32_t k = 0; k < r.nedits; k++) {
                const dc_edit *e = &f->fix->edits[k];
                dc_pos ea = dc_source_pos(s, e->start), eb = dc_source_pos(s, e->end);
                r.edits[k] = (dc_redit){e->start, e->end, ea.line, ea.column, eb.line, eb.column,
                                        dc_xstrndup(e->text, e->len)};
            }
            /* A manual finding explains itself in the message, so the reader need not open JSON. */
            if (r.app == DC_APP_MANUAL && f->fix->why) {
                char *m = NULL;
                if (asprintf(&m, "%s (manual: %s)", r.message, f->fix->why) >= 0) {
                    free(r.message);
                    r.message = m;
                }
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
        bool up = false;
        while (!ts_tree_cursor_goto_next_sibling(&c)) {
            if (!ts_tree_cursor_goto_parent(&c)) {
                up = true;
                break;
            }
        }
        if (up) break;
    }
    ts_tree_cursor_delete(&c);
    dc_pos p = dc_source_pos(an->src, ts_node_start_byte(first));
    dc_diag(DC_DIAG_NOTE, an->src->path, p.line, p.column,
            "syntax error (%u error node%s); the file is analysed, but no fix is made inside the broken region",
            an->error_nodes, an->error_nodes == 1 ? "" : "s");
}

static void process_source(dc_run *run, dc_worker *w, dc_source *src, dc_report *frag) {
    const dc_options *o = run->opts;
    dc_analyze_opts aopts = {o->profile, o->auth.v, o->auth.len, true};
    frag->files_scanned++;
    dc_fix_result fr = {0};
    /* dry: compute the fixes and their diff, write nothing (--diff, and the report formats
     * that show proposed fixes) */
    bool dry = o->diff || (run->want_diffs && !o->fix);
    bool fixing = o->fix || dry;
    dc_source *final = src;
    if (fixing) {
        dc_fix_file(w, run->rules, src, &aopts, o->unsafe_fixes ? DC_APP_UNSAFE : DC_APP_SAFE, &fr);
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
                dc_buf d = DC_BUF_INIT;
                dc_diff_unified(&d, src->path, src->data, src->len, fr.data, fr.len, 3);
                dc_rdiff rd = {dc_xstrdup(src->path), dc_buf_detach(&d)};
                dc_vec_push(&frag->diffs, rd);
            } else if (src->from_stdin) {
                dc_buf_add(&run->stdin_fixed, fr.data, fr.len);
            } else {
                dc_file_identity id = {src->dev, src->ino, src->size, src->mtime};
                int err = 0;
                /* Test hook (tests/test_fix.py): widen the window between reading and writing so
                 * a test can change the file meanwhile. */
                const char *pause = getenv("DC_TEST_BEFORE_WRITE_SLEEP_MS");
                if (pause) usleep((useconds_t)atoi(pause) * 1000u);
                dc_write_status st = dc_write_atomic(run->cur_open_path, fr.data, fr.len, &id, &err);
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
    dc_analysis an;
    dc_analyze(w, run->rules, final, &aopts, &an);
    if (final == src) report_syntax_errors(&an);
    dc_rfile rf = {dc_xstrdup(src->path), an.migrated};
    dc_vec_push(&frag->files, rf);
    add_records(frag, &an);
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
    run->cur_open_path = e->path;
    process_source(run, w, src, frag);
    dc_source_free(src);
}

static void merge(dc_report *dst, dc_report *src) {
    for (uint32_t i = 0; i < src->findings.len; i++) dc_vec_push(&dst->findings, src->findings.v[i]);
    for (uint32_t i = 0; i < src->files.len; i++) dc_vec_push(&dst->files, src->files.v[i]);
    for (uint32_t i = 0; i < src->skipped.len; i++) dc_vec_push(&dst->skipped, src->skipped.v[i]);
    for (uint32_t i = 0; i < src->fixed.len; i++) dc_vec_push(&dst->fixed, src->fixed.v[i]);
    for (uint32_t i = 0; i < src->diffs.len; i++) dc_vec_push(&dst->diffs, src->diffs.v[i]);
    dst->files_scanned += src->files_scanned;
    dst->files_changed += src->files_changed;
    dst->errors += src->errors;
    dc_vec_free(&src->findings);
    dc_vec_free(&src->files);
    dc_vec_free(&src->skipped);
    dc_vec_free(&src->fixed);
    dc_vec_free(&src->diffs);
}

int dc_run_all(dc_run *run, dc_report *report) {
    const dc_options *o = run->opts;
    dc_worker *w = dc_worker_new();
    if (o->stdin_filename) {
        dc_load_status st;
        int err;
        dc_source *src = dc_source_load_stdin(o->stdin_filename, &st, &err);
        if (!src) {
            char buf[256];
            const char *why = load_reason(st, err, buf, sizeof buf);
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
        dc_worker_free(w);
        return 0;
    }
    const char *dot = ".";
    const char *const *roots = o->paths.len ? o->paths.v : &dot;
    size_t nroots = o->paths.len ? o->paths.len : 1;
    dc_walk_opts wo = {o->excludes.v, o->excludes.len, o->includes.v, o->includes.len, o->no_ignore,
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
    for (uint32_t i = 0; i < files.len; i++) {
        dc_report frag;
        dc_report_init(&frag);
        dc_run_file(run, w, &files.v[i], &frag);
        merge(report, &frag);
    }
    dc_file_list_free(&files);
    dc_notice_list_free(&notices);
    dc_worker_free(w);
    return 0;
}
