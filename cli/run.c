/* run.c: one dcmigrate run (see run.h): the roots grouped by the config that applies to them,
 * the files of each group discovered and put through the pool, and the per-file pipeline. */
#include "cli/run.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

#include "discover/discover.h"
#include "apply/addignore.h"
#include "apply/diff.h"
#include "apply/dirty.h"
#include "cli/interactive.h"
#include "cli/pool.h"
#include "cli/project.h"
#include "cli/settings.h"
#include "common/diag.h"
#include "common/recover.h"
#include "report/build.h"
#include "report/syntaxnote.h"
#include "apply/apply.h"
#include "apply/write.h"

/* What the records must carry for this run's reports (report.h, DC_KEEP_*): every requested
 * format, plus the source line for a baseline to read or write. */
static unsigned keep_mask(const dc_options *o) {
    const unsigned full = DC_KEEP_SNIPPET | DC_KEEP_FIX_TEXT; /* the full text style */
    unsigned keep = dc_format_keeps(o->format) | (o->format == DC_FORMAT_TEXT && o->text_style == 1 ? full : 0);
    for (uint32_t i = 0; i < o->outputs.len; i++)
        keep |= dc_format_keeps(o->outputs.v[i].format) | (o->outputs.v[i].full ? full : 0);
    if (o->baseline || o->write_baseline) keep |= DC_KEEP_LINE_TEXT;
    return keep;
}

static bool wants_diffs(const dc_options *o) {
    bool want = dc_format_wants_diffs(o->format);
    for (uint32_t i = 0; i < o->outputs.len; i++) want |= dc_format_wants_diffs(o->outputs.v[i].format);
    return want;
}

/* Test hooks (tests/test_hardening_fs.py): a variable naming a FILE makes the run create FILE
 * at that point and wait until the test removes it (at most a minute), so the test changes the
 * tree at exactly that moment rather than hoping a sleep is long enough. Unset: one getenv. */
static void test_pause(const char *var) {
    const char *f = getenv(var);
    if (!f || !*f) return;
    int fd = open(f, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0) close(fd);
    struct timespec tick = {0, 10 * 1000 * 1000};
    for (int i = 0; i < 6000 && access(f, F_OK) == 0; i++) nanosleep(&tick, NULL);
}

/* ---- the per-file pipeline ------------------------------------------------------------------ */

/* Replaces the file atomically (apply/write.h); false after reporting why it was not. No escape
 * from the file's recovery point happens during the write (common/recover.h): its temp file is
 * removed on every path but that one. */
static bool write_file(const dc_run *run, const dc_source *src, const char *data, size_t len, dc_report *frag) {
    if (dc_dirty_has(run->dirty, src->path)) {
        dc_diag(DC_DIAG_ERROR, src->path, 0, 0,
                "has changes git has not committed; not written (commit or stash them first, or run with --allow-dirty)");
        frag->errors++;
        return false;
    }
    dc_file_identity id = {src->dev, src->ino, src->size, src->mtime};
    int err = 0;
    dc_recover_hold();
    dc_write_status st = dc_write_atomic_at(src->dirfd, src->open_path, src->path, data, len, &id, &err);
    dc_recover_release();
    if (st == DC_WRITE_OK) return true;
    dc_diag(DC_DIAG_ERROR, src->path, 0, 0, "%s%s%s", dc_write_status_str(st), err ? ": " : "", err ? strerror(err) : "");
    frag->errors++;
    return false;
}

/* --add-ignore: the comments placed, verified and written; what still shows is reported. False
 * when the analysis needed project facts not known yet (nothing is placed). */
static bool add_ignore(dc_run *run, dc_worker *w, dc_source *src, const dc_analyze_opts *aopts, dc_report *frag) {
    dc_addignore a;
    dc_addignore_file(w, run->rules, src, aopts, &a);
    bool pending = a.pending;
    if (a.changed && a.worse) {
        dc_diag(DC_DIAG_WARNING, src->path, 0, 0, "adding suppressions would introduce syntax errors; file left unchanged");
    } else if (a.changed) {
        /* what still shows: suppressions that could not be placed */
        dc_report_add_analysis(frag, &a.check, run->keep);
        if (write_file(run, src, a.text.p, a.text.len, frag)) {
            frag->files_changed++;
            frag->suppressions_added += a.added;
        }
    }
    dc_addignore_free(&a);
    return !pending;
}

static dc_applicability fix_min(const dc_options *o) { return o->unsafe_fixes ? DC_APP_UNSAFE : DC_APP_SAFE; }

/* What the fix loop has to say about the file. */
static void fix_warnings(const dc_source *src, const dc_fix_result *fr) {
    if (fr->rejected) dc_diag(DC_DIAG_WARNING, src->path, 0, 0, "%s", fr->reject_reason);
    for (uint32_t i = 0; i < fr->rejections.len; i++) {
        const dc_fix_rejection *r = &fr->rejections.v[i];
        dc_diag(DC_DIAG_WARNING, src->path, r->line, r->column, "%sfix of %s rejected: %s; %s",
                r->app == DC_APP_UNSAFE ? "unsafe " : "", r->rule->id, r->why,
                r->app == DC_APP_UNSAFE ? "--unsafe-fixes would not apply it" : "the file's other fixes still apply");
    }
    if (!fr->converged)
        dc_diag(DC_DIAG_WARNING, src->path, 0, 0, "fixes did not converge after %d passes (rules: %s)",
                DC_FIX_MAX_PASSES, fr->not_converged_rules);
}

/* A file the fixes change (or would change): counted, with its fixes per rule. */
static void count_fixed(dc_report *frag, const dc_source *src, const dc_fix_result *fr) {
    frag->files_changed++;
    for (uint32_t i = 0; i < fr->counts.len; i++)
        dc_report_add_fixed(frag, src->path, fr->counts.v[i].rule, fr->counts.v[i].count);
}

/* --fix --unsafe-fixes: each unsafe fix written is said on standard error with its reason, as a
 * note (like the other things a run has to say that are not findings: the report on standard
 * output stays what the format says, and with --stdin-filename standard output is the source). */
static void unsafe_applied(const dc_source *src, const dc_fix_result *fr) {
    for (uint32_t i = 0; i < fr->unsafe.len; i++) {
        const dc_fix_unsafe *u = &fr->unsafe.v[i];
        dc_diag(DC_DIAG_NOTE, src->path, u->line, u->col, "applied unsafe fix [%s]: %s", u->rule->id,
                u->why ? u->why : "(no reason given)");
    }
}

/* --fix: the fix loop on `src`, its result printed (--stdin-filename) or written. True when the
 * file now holds the fixed text, which is then what the report describes. */
static bool fix_file(dc_run *run, const dc_fix_opts *fo, dc_worker *w, dc_source *src, const dc_analyze_opts *aopts,
                     dc_fix_result *fr, dc_report *frag) {
    dc_fix_filter filter;
    if (!run->review) dc_fix_file_keep(w, run->rules, src, aopts, fo, fix_min(run->opts), fr);
    else if (dc_review_filter(run->review, src->path, &filter))
        dc_fix_file_filtered(w, run->rules, src, aopts, fo, fix_min(run->opts), &filter, fr);
    else return false; /* nothing accepted in this file */
    fix_warnings(src, fr);
    if (!fr->changed) return false;
    if (src->from_stdin) {
        dc_buf_add(&run->stdin_fixed, fr->data, fr->len);
    } else {
        /* Test hook (tests/test_fix.py): widen the window between reading and writing so a test
         * can change the file meanwhile. */
        const char *pause = getenv("DC_TEST_BEFORE_WRITE_SLEEP_MS");
        if (pause) usleep((useconds_t)atoi(pause) * 1000u);
        test_pause("DC_TEST_BEFORE_WRITE"); /* between reading and writing, without a sleep */
        if (!write_file(run, src, fr->data, fr->len, frag)) return false;
        dc_recover_commit(); /* written: a stop signal now lets the file's report finish */
    }
    count_fixed(frag, src, fr);
    unsafe_applied(src, fr);
    return true;
}

/* A dry run's report of the input, taken from the fix loop's first analysis (dc_fix_file_dry). */
typedef struct dry_report {
    dc_report *frag;
    unsigned keep;
    dc_syntax_note note; /* printed after the fix loop's own messages */
    uint32_t migrated;
} dry_report;

static void dry_first(const dc_analysis *an, void *ctx) {
    dry_report *d = ctx;
    d->note = dc_syntax_note_of(an);
    d->migrated = an->migrated;
    dc_report_add_analysis(d->frag, an, d->keep);
}

/* --diff, and the reports that show proposed fixes: the fix loop runs and writes nothing; its
 * result is kept as a diff, and the report describes the input with the fixes it would get.
 * False when the analysis needed project facts not known yet. */
static bool dry_run(dc_run *run, const dc_fix_opts *fo, dc_worker *w, dc_source *src, const dc_analyze_opts *aopts,
                    dc_report *frag) {
    dry_report d = {frag, run->keep, {false, 0, 0, 0}, 0};
    dc_fix_result fr;
    dc_fix_file_dry(w, run->rules, src, aopts, fo, fix_min(run->opts), dry_first, &d, &fr);
    if (fr.pending) {
        dc_fix_result_free(&fr);
        return false;
    }
    fix_warnings(src, &fr);
    if (fr.changed) {
        /* kept even when the diff fails (then empty): the file would still change */
        dc_diff diff;
        dc_diff_compute(&diff, src->path, src->data, src->len, fr.data, fr.len, 3);
        dc_vec_push(&frag->diffs, diff);
        count_fixed(frag, src, &fr);
    }
    dc_syntax_note_print(src->path, &d.note);
    dc_report_add_file(frag, src->path, d.migrated, run->keep);
    dc_fix_result_free(&fr);
    return true;
}

/* The report's part: the records of the analysis of the file as it now is (`fixed`: the fixed
 * text), which is the fix loop's last one when that is of the same text (a worker holds one
 * analysis at a time, so an unused one goes first); and the syntax-error note when the report
 * describes the input. False when the analysis needed project facts not known yet. */
static bool report_source(dc_run *run, const dc_fix_opts *fo, dc_worker *w, dc_source *src, bool fixed,
                          const dc_analyze_opts *aopts, dc_fix_result *fr, dc_report *frag) {
    dc_analysis an;
    bool kept = fr->have_final && (fr->final_src != src) == fixed && dc_fix_take_final(fr, &an);
    dc_source *now = src;
    if (!kept) {
        if (dc_fix_take_final(fr, &an)) dc_analysis_release(&an);
        if (fixed) now = dc_source_from_bytes(src->path, src->lang, fr->data, fr->len);
        dc_analyze(w, run->rules, now, aopts, &an);
        if (an.project_pending) {
            dc_analysis_release(&an);
            if (now != src) dc_source_free(now);
            return false;
        }
        dc_fixes_plan(&an, run->rules, fo);
        if (an.project_pending) { /* a fixer needed facts not known yet (fixes/plan.h) */
            dc_analysis_release(&an);
            if (now != src) dc_source_free(now);
            return false;
        }
    }
    if (!fixed) {
        dc_syntax_note note = dc_syntax_note_of(&an);
        dc_syntax_note_print(src->path, &note);
    } else if (aopts->project && aopts->project->changes && an.exports.done) {
        /* what the written text exports (cli/project.h dc_project_stale) */
        dc_facts_note_changes(aopts->project->facts, aopts->project->file, &an.exports, aopts->project->changes);
    }
    dc_report_add_file(frag, src->path, an.migrated, run->keep);
    dc_report_add_analysis(frag, &an, run->keep);
    dc_analysis_release(&an);
    if (now != src) dc_source_free(now);
    return true;
}

/* The file through the pipeline with `aopts` (the settings' options, the project's added) and
 * `fo` (the settings' fix options, with the project's auth configs). False when its analysis
 * needed project facts not known yet: nothing was written, and what `frag` got is to be dropped
 * (cli/project.h). */
static bool process_source(dc_run *run, const dc_fix_opts *fo, dc_worker *w, dc_source *src, dc_analyze_opts aopts,
                           dc_report *frag) {
    const dc_options *o = run->opts;
    aopts.whole_tree = o->no_prefilter;
    frag->files_scanned++;
    if (o->add_ignore && !src->from_stdin) {
        dc_report_add_file(frag, src->path, 0, run->keep);
        return add_ignore(run, w, src, &aopts, frag);
    }
    if (o->diff || (run->want_diffs && !o->fix)) return dry_run(run, fo, w, src, &aopts, frag);
    dc_fix_result fr = {0};
    bool fixed = o->fix && fix_file(run, fo, w, src, &aopts, &fr, frag);
    bool done = !fr.pending && report_source(run, fo, w, src, fixed, &aopts, &fr, frag);
    if (done && src->from_stdin && o->fix && !fr.changed) dc_buf_add(&run->stdin_fixed, src->data, src->len);
    dc_fix_result_free(&fr);
    return done;
}

static const char *load_reason(dc_load_status st, int err, char *buf, size_t n) {
    switch (st) {
    case DC_LOAD_BINARY: return "binary file (NUL bytes), skipped";
    case DC_LOAD_TOO_LARGE: return "larger than --max-file-size, skipped";
    case DC_LOAD_NOT_REGULAR: return err == EISDIR ? "is a directory, skipped" : "not a regular file, skipped";
    case DC_LOAD_LINKED:
        return "replaced by a symbolic link since it was found (the file or a directory on its path); not read";
    default: snprintf(buf, n, "cannot read: %s", strerror(err)); return buf;
    }
}

/* A file not analysed: an error when it could not be read (or was swapped for a link) and when
 * the user named it on the command line (the run did not do what was asked: exit 2), otherwise a
 * note, as for anything else discovery passes over. */
static void skip_file(const dc_file_entry *e, const char *why, bool error, dc_report *frag) {
    if (error || e->explicit_) {
        dc_diag(DC_DIAG_ERROR, e->display, 0, 0, "%s", why);
        frag->errors++;
    } else {
        dc_diag(DC_DIAG_NOTE, e->display, 0, 0, "%s", why);
    }
    dc_report_add_skip(frag, e->display, why);
}

/* After an escape from the file's work (common/recover.h): the worker is made usable again, what
 * the file had put in the report goes, and the user hears why. False when the file was abandoned
 * because the run is being stopped (it counts as not processed). Over the budget is a warning, as
 * over --max-file-size, but an error for a file named on the command line (`named`). */
static bool file_failed(dc_run *run, dc_worker *w, const dc_source *src, bool named, const dc_recover *r,
                        dc_report *frag) {
    bool written = run->opts->fix && frag->files_changed;
    dc_worker_recover(w, r->unsafe);
    dc_report_free(frag);
    dc_report_init(frag);
    if (r->why == DC_RECOVER_INTERRUPT) return false;
    const char *after = written ? " (after its fixes were written)" : "";
    const char *why;
    if (r->why == DC_RECOVER_CRASH) {
        why = "internal error, skipped";
        dc_diag(DC_DIAG_ERROR, src->path, 0, 0,
                "internal error (signal %d, %s) while analysing this file%s; it was skipped and the run went on "
                "(please report it with this file)",
                r->sig, strsignal(r->sig), after);
        frag->errors++;
    } else if (r->why == DC_RECOVER_NOMEM) {
        why = "out of memory, skipped";
        dc_diag(DC_DIAG_ERROR, src->path, 0, 0, "out of memory while analysing this file%s; it was skipped", after);
        frag->errors++;
    } else {
        why = "needs more memory than the per-file budget, skipped";
        dc_diag(named ? DC_DIAG_ERROR : DC_DIAG_WARNING, src->path, 0, 0,
                "analysing this file needs more than %llu MB of memory (deeply nested or very dense code)%s; "
                "it was skipped",
                (unsigned long long)(r->budget >> 20), after);
        if (named) frag->errors++;
    }
    dc_report_add_skip(frag, src->path, why);
    return true;
}

/* What the pool's job reads: the group's settings and files, its project phase (cli/project.h;
 * NULL: file-scoped facts), and for the second pass the files to do. */
typedef struct scan {
    dc_run *run;
    const dc_root_settings *st;
    const dc_file_list *files;
    dc_project *proj;
    const uint32_t *items; /* NULL: item i is file i */
} scan;

/* A loaded file (`src`, which this frees) through the prefilter (and the project's consumer test)
 * and the pipeline, inside a recovery point (common/recover.h): a crash, running out of memory
 * or a stop signal in the middle of it gives up this file, not the run. False when it was
 * abandoned because the run is being stopped. */
static bool scan_source(const scan *sc, dc_worker *w, dc_budget *budget, uint32_t file, dc_source *src, bool named,
                        dc_report *frag) {
    dc_run *run = sc->run;
    dc_authphase *auth = dc_project_auth(sc->proj);
    if (auth) dc_authphase_read(auth, w, file, src); /* a constants module or .env: whatever the prefilter says */
    bool pass = !run->prefilter || dc_prefilter_pass(run->prefilter, src->lang, src->data, src->len, dc_worker_match_data(w));
    if (!pass && sc->proj) pass = dc_project_skipped(sc->proj, file, src);
    if (!pass) {
        /* read, but nothing any rule looks for is in it: no parse */
        frag->files_scanned++;
        dc_report_add_file(frag, src->path, 0, run->keep);
        dc_source_free(src);
        return true;
    }
    dc_analyze_opts aopts = sc->st->aopts;
    dc_facts_view view;
    if (sc->proj) dc_project_prepare(sc->proj, file, &aopts, &view);
    /* the project's auth configs once they are whole; until then the file's own, noting the use */
    bool auth_used = false;
    dc_fix_opts fo = sc->st->fopts;
    fo.map = auth ? dc_authphase_map(auth) : NULL;
    fo.auth_used = &auth_used;
    uint32_t size = src->len;
    dc_budget_take(budget, size);
    bool processed = true;
    dc_recover r;
    if (sigsetjmp(r.jb, 1) == 0) {
        dc_recover_arm(&r, dc_file_memory_budget(size));
        bool done = process_source(run, &fo, w, src, aopts, frag);
        dc_recover_disarm(&r);
        if (done && auth_used && auth && !fo.map) dc_authphase_used(auth, file);
        if (!done) {
            /* needs facts of other files: dropped here, done again in the second pass */
            dc_report_free(frag);
            dc_report_init(frag);
            dc_buf *cap = dc_diag_capture_current();
            if (cap) dc_buf_reset(cap);
            dc_project_redo(sc->proj, file);
        }
    } else {
        processed = file_failed(run, w, src, named, &r, frag);
    }
    if (!r.unsafe) dc_source_free(src); /* after a crash, the heap is not touched more than needed */
    dc_budget_give(budget, size);
    return processed;
}

/* The pool's job (cli/pool.h): one discovered file through the pipeline (scan_source), or read
 * for its facts only (another shard's file, while they are gathered: cli/project.h). */
static bool run_file(void *ctx, dc_worker *w, dc_budget *budget, uint32_t i, dc_report *frag) {
    const scan *sc = ctx;
    dc_run *run = sc->run;
    uint32_t file = sc->items ? sc->items[i] : i;
    const dc_file_entry *e = &sc->files->v[file];
    dc_project_role role = sc->proj ? dc_project_role_of(sc->proj, file) : DC_ROLE_ANALYSE;
    if (role == DC_ROLE_SKIP) return true;
    bool processed = true;
    if (e->lang == DC_LANG_NONE) {
        if (role != DC_ROLE_FACTS)
            skip_file(e, "not a Python, TypeScript, JavaScript or .env file, skipped", false, frag);
    } else {
        dc_load_status st;
        int err;
        char buf[256];
        dc_source *src = dc_source_load_at(e->dirfd, e->rel, e->display, run->opts->max_file_size, &st, &err);
        if (src) src->lang = e->lang;
        if (src && role == DC_ROLE_FACTS) {
            bool parse = !run->prefilter ||
                         dc_prefilter_pass(run->prefilter, src->lang, src->data, src->len, dc_worker_match_data(w));
            dc_budget_take(budget, src->len);
            dc_project_facts_only(sc->proj, w, file, src, parse);
            dc_budget_give(budget, src->len);
            dc_source_free(src);
        } else if (src) {
            processed = scan_source(sc, w, budget, file, src, e->explicit_, frag);
        } else if (role != DC_ROLE_FACTS) {
            skip_file(e, load_reason(st, err, buf, sizeof buf), st == DC_LOAD_ERROR || st == DC_LOAD_LINKED, frag);
        }
    }
    if (sc->proj) dc_project_hold(sc->proj, file, frag);
    return processed;
}

/* ---- roots and standard input --------------------------------------------------------------- */

/* The group's files through the pool; with a project phase (cli/project.h), its second pass and
 * the merge of the held results. True when --fix changed the facts other files were fixed
 * against (dc_project_stale): the group is to be scanned again. */
static bool scan_group(dc_run *run, const dc_root_settings *st, const dc_file_list *files, const char *const *roots,
                       size_t nroots, dc_report *report) {
    const dc_options *o = run->opts;
    dc_project *proj = dc_project_new(o, roots, nroots, files, st->aopts.profile, run->prefilter, &report->errors);
    if (proj) dc_project_auth_start(proj, run->rules, &st->fopts, &report->errors);
    if (proj) dc_project_gather(proj, run->jobs, run->trim);
    scan sc = {run, st, files, proj, NULL};
    dc_pool_opts po = {run->jobs, run_file, &sc, &run->progress, run->trim};
    run->not_processed += dc_pool_run(&po, files->len, report);
    bool again = false;
    if (proj && !dc_recover_interrupted()) {
        uint32_t n = dc_project_settle(proj, run->jobs, run->trim);
        if (getenv("DCMIGRATE_PROJECT_STATS")) dc_project_print_stats(proj, n);
        sc.items = dc_project_second(proj);
        if (n) run->not_processed += dc_pool_run(&po, n, report);
        if (o->write_facts) {
            if (dc_project_write(proj, o->write_facts)) run->facts = dc_project_stats(proj);
            else report->errors++;
        }
        again = dc_project_stale(proj, run->jobs, run->trim);
    }
    if (proj) dc_project_merge(proj, report, run->keep); /* interrupted too: what was done is reported */
    dc_project_free(proj);
    return again;
}

/* A later round's report replaces an earlier one's, except for what the earlier one wrote: its
 * fixes, its count of files changed (a file changed in both rounds counts once) and its errors. */
static void keep_writes(dc_report *into, dc_report *earlier, const dc_report *later) {
    uint32_t both = 0;
    for (uint32_t i = 0; i < earlier->fixed.len; i++) {
        bool seen = false;
        for (uint32_t k = 0; k < i && !seen; k++) seen = strcmp(earlier->fixed.v[k].path, earlier->fixed.v[i].path) == 0;
        for (uint32_t k = 0; k < later->fixed.len && !seen; k++)
            if (strcmp(later->fixed.v[k].path, earlier->fixed.v[i].path) == 0) both++, seen = true;
        dc_vec_push(&into->fixed, earlier->fixed.v[i]);
    }
    earlier->fixed.len = 0;
    into->files_changed += earlier->files_changed - both;
    into->errors += earlier->errors;
    dc_report_free(earlier);
}

/* The group, scanned again while --fix changes facts (at most DC_FIX_ROUNDS times). */
#define DC_FIX_ROUNDS 3
static void scan_files(dc_run *run, const dc_root_settings *st, const dc_file_list *files, const char *const *roots,
                       size_t nroots, dc_report *report) {
    dc_report prev, cur;
    dc_report_init(&cur);
    bool again = scan_group(run, st, files, roots, nroots, &cur);
    for (int round = 1; again && round < DC_FIX_ROUNDS && !dc_recover_interrupted(); round++) {
        prev = cur;
        dc_report_init(&cur);
        again = scan_group(run, st, files, roots, nroots, &cur);
        keep_writes(report, &prev, &cur);
    }
    dc_report_merge(report, &cur);
}

static void scan_roots(dc_run *run, const char *const *roots, size_t nroots, const dc_config *cfg, dc_report *report) {
    const dc_options *o = run->opts;
    dc_root_settings st;
    dc_settings_init(&st, o, cfg, run->rules);
    dc_walk_opts wo = {st.excludes.v, st.excludes.len, o->includes.v, o->includes.len, o->no_ignore,
                       o->no_default_excludes, o->force_exclude};
    dc_file_list files = {0};
    dc_notice_list notices = {0};
    dc_discover(roots, nroots, &wo, &files, &notices);
    test_pause("DC_TEST_AFTER_DISCOVERY"); /* between discovery and loading */
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
    scan_files(run, &st, &files, roots, nroots, report);
    dc_file_list_free(&files);
    dc_notice_list_free(&notices);
    dc_settings_free(&st);
}

/* --stdin-filename: one source, with the settings of the current directory's config. */
static void scan_stdin(dc_run *run, dc_report *report) {
    const dc_options *o = run->opts;
    dc_root_settings st;
    dc_settings_init(&st, o, run->configs->by_root[0], run->rules);
    dc_load_status lst;
    int err;
    dc_source *src = dc_source_load_stdin(o->stdin_filename, &lst, &err);
    if (!src) {
        char buf[256];
        dc_diag(DC_DIAG_ERROR, o->stdin_filename, 0, 0, "standard input: %s", load_reason(lst, err, buf, sizeof buf));
        report->errors++;
    } else if (src->lang == DC_LANG_NONE) {
        dc_diag(DC_DIAG_ERROR, o->stdin_filename, 0, 0,
                "cannot tell the language from --stdin-filename (use .py, .ts, .tsx, .js, ...)");
        report->errors++;
        dc_source_free(src);
    } else {
        dc_worker *w = dc_worker_new();
        dc_report frag;
        dc_report_init(&frag);
        process_source(run, &st.fopts, w, src, st.aopts, &frag);
        dc_report_merge(report, &frag);
        dc_source_free(src);
        dc_worker_free(w);
    }
    dc_settings_free(&st);
}

/* --fix and --add-ignore: the files with uncommitted changes, which are not written (apply/dirty.h),
 * unless --allow-dirty. */
static void dirty_files(dc_run *run, const char *const *roots, size_t nroots) {
    const dc_options *o = run->opts;
    if ((o->fix || o->add_ignore) && !o->allow_dirty) run->dirty = dc_dirty_new(roots, nroots);
}

void dc_run_all(dc_run *run, dc_report *report) {
    const dc_options *o = run->opts;
    run->keep = keep_mask(o);
    run->want_diffs = wants_diffs(o);
    if (o->stdin_filename) {
        scan_stdin(run, report);
        return;
    }
    const char *dot = ".";
    const char *const *roots = o->paths.len ? o->paths.v : &dot;
    size_t nroots = o->paths.len ? o->paths.len : 1;
    dirty_files(run, roots, nroots);
    /* Roots that share a config (main loaded each file once) are scanned together. */
    bool *done = dc_xcalloc(nroots, sizeof *done);
    for (size_t i = 0; i < nroots; i++) {
        if (done[i]) continue;
        const dc_config *cfg = run->configs->by_root[i];
        DC_VEC(const char *) group = {0};
        for (size_t j = i; j < nroots; j++) {
            if (done[j] || run->configs->by_root[j] != cfg) continue;
            done[j] = true;
            dc_vec_push(&group, roots[j]);
        }
        scan_roots(run, group.v, group.len, cfg, report);
        dc_vec_free(&group);
    }
    free(done);
    dc_dirty_free(run->dirty);
    run->dirty = NULL;
    dc_progress_done(&run->progress);
}
