/* main.c: the dcmigrate command: options, rules, run, report, exit code.
 *
 * Exit codes (ruff/ESLint convention): 0 nothing at or above --fail-on remains; 1 findings
 * remain or --diff has changes; 2 usage, config, rule or I/O error (everything else in the run
 * still happens and is reported). --exit-zero turns 1 into 0. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply/dirty.h"
#include "apply/write.h"
#include "ruleset/prefilter.h"
#include "cli/completions.h"
#include "cli/config.h"
#include "cli/heap.h"
#include "cli/interactive.h"
#include "cli/options.h"
#include "cli/pool.h"
#include "cli/run.h"
#include "cli/settings.h"
#include "common/diag.h"
#include "common/recover.h"
#include "common/text.h"
#include "syntax/tsalloc.h"
#include "report/baseline.h"
#include "ruleset/select.h"

static bool keep_rule(const dc_rule *r, void *ctx) {
    const dc_options *o = ctx;
    bool keep = o->select.len == 0;
    for (uint32_t i = 0; i < o->select.len; i++)
        if (dc_selector_matches(o->select.v[i], r->id)) keep = true;
    for (uint32_t i = 0; i < o->ignore.len; i++)
        if (dc_selector_matches(o->ignore.v[i], r->id)) keep = false;
    return keep;
}

static const char *families_str(const dc_rule *r, char *buf, size_t n) {
    buf[0] = 0;
    if (r->families[DC_FAMILY_PYTHON]) strncat(buf, "python", n - strlen(buf) - 1);
    if (r->families[DC_FAMILY_TS]) strncat(buf, buf[0] ? ",typescript" : "typescript", n - strlen(buf) - 1);
    if (r->families[DC_FAMILY_DOTENV]) strncat(buf, buf[0] ? ",dotenv" : "dotenv", n - strlen(buf) - 1);
    return buf;
}

static const char *fixability(const dc_rule *r) {
    if (r->fix_app == DC_APP_NONE) return "none";
    if (r->fix_app == DC_APP_MANUAL) return "manual";
    return "fix"; /* per-finding: safe, unsafe or manual, decided by the code */
}

static void list_rules(dc_ruleset *rs) {
    printf("%-26s %-26s %-8s %-7s %s\n", "ID", "LANGUAGES", "SEVERITY", "FIX", "SUMMARY");
    for (uint32_t i = 0; i < dc_ruleset_count(rs); i++) {
        const dc_rule *r = dc_ruleset_get(rs, i);
        char langs[64];
        printf("%-26s %-26s %-8s %-7s %s\n", r->id, families_str(r, langs, sizeof langs), dc_severity_name(r->severity),
               fixability(r), r->summary);
    }
}

static int explain(dc_ruleset *rs, const char *id) {
    const dc_rule *r = dc_ruleset_find(rs, id);
    if (!r) {
        dc_buf hint = DC_BUF_INIT;
        dc_selector_hint(&hint, rs, id);
        dc_diag(DC_DIAG_ERROR, NULL, 0, 0, "no rule `%s`%s", id, hint.p);
        dc_buf_free(&hint);
        return 2;
    }
    char langs[64];
    dc_buf note = DC_BUF_INIT;
    dc_expand_profile(&note, r->note, DC_PROFILE_DEVCASTER);
    printf("%s (%s, %s; fix: %s)\n\n%s\n\n%s", r->id, dc_severity_name(r->severity), families_str(r, langs, sizeof langs),
           fixability(r), r->summary, note.p);
    if (note.len && note.p[note.len - 1] != '\n') putchar('\n');
    for (uint32_t i = 0; i < r->nexamples; i++) {
        const dc_example *ex = &r->examples[i];
        const char *lang = ex->family == DC_FAMILY_PYTHON ? "Python" : ex->family == DC_FAMILY_TS ? "TypeScript" : ".env";
        dc_buf b = DC_BUF_INIT, a = DC_BUF_INIT;
        dc_expand_profile(&b, ex->before ? ex->before : "", DC_PROFILE_DEVCASTER);
        dc_expand_profile(&a, ex->after ? ex->after : "", DC_PROFILE_DEVCASTER);
        printf("\nExample (%s), before:\n%s", lang, dc_buf_cstr(&b));
        if (ex->after) printf("\nafter:\n%s", dc_buf_cstr(&a));
        dc_buf_free(&b);
        dc_buf_free(&a);
    }
    if (!r->analyser) /* the DCAF pack is not about the SDK */
        printf("\nThe rule is written for both SDK profiles; names above use the devcaster spelling.\n");
    dc_buf_free(&note);
    return 0;
}

/* The rules from outside the binary: the `rules` directories of the first path's config
 * (relative to the config file, inside its repository: a refused or missing one counts in
 * *config_errors), then --rules DIR (anywhere: the user named it). Returns the other errors
 * reported. */
static uint32_t load_more_rules(dc_ruleset *rs, const dc_options *o, const dc_config *cfg, uint32_t *config_errors) {
    uint32_t errors = cfg ? dc_config_load_rules(cfg, rs, config_errors) : 0;
    for (uint32_t i = 0; i < o->rule_dirs.len; i++) errors += (uint32_t)dc_ruleset_load_dir(rs, o->rule_dirs.v[i], NULL);
    return errors;
}

/* --select / --ignore against the whole set (ruleset/select.h): a selector that names no rule is
 * a usage error, the same for both flags, and stops the run before anything is scanned (a typo in
 * --ignore would otherwise run the rule it meant to switch off, and --fix would apply it). */
static uint32_t check_selectors(const dc_ruleset *rs, const dc_options *o) {
    uint32_t errors = 0;
    dc_buf hint = DC_BUF_INIT;
    for (uint32_t i = 0; i < o->select.len + o->ignore.len; i++) {
        const char *id = i < o->select.len ? o->select.v[i] : o->ignore.v[i - o->select.len];
        if (dc_selector_known(rs, id)) continue;
        dc_buf_reset(&hint);
        dc_selector_hint(&hint, rs, id);
        dc_diag(DC_DIAG_ERROR, NULL, 0, 0, "unknown rule id `%s` in --%s%s", id, i < o->select.len ? "select" : "ignore",
                hint.p);
        errors++;
    }
    dc_buf_free(&hint);
    return errors;
}

/* --baseline / --write-baseline, on the sorted report. */
static void apply_baselines(const dc_options *o, dc_report *report) {
    if (o->baseline && dc_baseline_apply(report, o->baseline) < 0) report->errors++;
    if (o->write_baseline) {
        dc_buf shown = DC_BUF_INIT;
        dc_text_quote_path(&shown, o->write_baseline); /* as every path printed (common/text.h) */
        if (!dc_baseline_write(report, o->write_baseline)) report->errors++;
        else if (!o->quiet)
            fprintf(stderr, "dcmigrate: wrote %u finding%s to the baseline %s\n", report->findings.len,
                    report->findings.len == 1 ? "" : "s", shown.p);
        dc_buf_free(&shown);
    }
}

/* Opens a report file through a temp file next to it (apply/write.h): a symbolic link or a
 * non-regular file there is refused, and the old report stays until the new one is complete.
 * `what` names the report in messages. False after reporting why. */
static bool report_file_open(dc_write_stream *ws, const char *path, const char *what) {
    int err = 0;
    dc_write_status st = dc_write_stream_open(ws, path, &err);
    if (st == DC_WRITE_OK) return true;
    if (st == DC_WRITE_ERROR) dc_diag(DC_DIAG_ERROR, path, 0, 0, "cannot write %s: %s", what, strerror(err));
    else dc_diag(DC_DIAG_ERROR, path, 0, 0, "%s; %s not written", dc_write_status_str(st), what);
    return false;
}

/* The temp file renamed over the report (`ok`: it was written whole), or removed. */
static bool report_file_close(dc_write_stream *ws, bool ok, const char *path, const char *what) {
    int err = errno;
    if (ok && dc_write_stream_commit(ws, &err) == DC_WRITE_OK) return true;
    dc_write_stream_abort(ws);
    dc_diag(DC_DIAG_ERROR, path, 0, 0, "cannot write %s: %s", what, strerror(err));
    return false;
}

/* The report (-o FILE, or standard output; standard error when the fixed source of
 * --stdin-filename --fix owns standard output), then --output-format FMT:FILE's. */
static void write_reports(const dc_options *o, dc_report *report, const dc_run *run, bool color) {
    FILE *out = stdout;
    if (o->stdin_filename && o->fix) {
        fwrite(dc_buf_cstr(&run->stdin_fixed), 1, run->stdin_fixed.len, stdout);
        out = stderr;
    }
    dc_write_stream ws = {0};
    if (o->output) {
        if (report_file_open(&ws, o->output, "report")) out = ws.f;
        else report->errors++, out = stdout; /* the report is not lost */
    }
    dc_output_opts oo = {color && out == stdout, o->quiet, o->statistics, true, o->text_style == 1};
    bool ok = dc_report_write(report, o->format, out, &oo);
    if (!ok && out != ws.f) {
        dc_diag(DC_DIAG_ERROR, "standard output", 0, 0, "cannot write report");
        report->errors++;
    }
    if (out == ws.f && !report_file_close(&ws, ok, o->output, "report")) report->errors++;
    for (uint32_t i = 0; i < o->outputs.len; i++) {
        const dc_output_spec *spec = &o->outputs.v[i];
        char what[64];
        snprintf(what, sizeof what, "%s report", dc_format_name(spec->format));
        dc_output_opts plain = {false, o->quiet, o->statistics, true, spec->full};
        if (!report_file_open(&ws, spec->path, what) ||
            !report_file_close(&ws, dc_report_write(report, spec->format, ws.f, &plain), spec->path, what))
            report->errors++;
    }
}

/* The exit code (see the top of this file); errors are those the report counted, each once. */
static int exit_code(const dc_options *o, const dc_report *report, const dc_run *run) {
    int sig = dc_recover_interrupted();
    if (sig) {
        const char *name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP" : "SIGQUIT";
        fprintf(stderr, "dcmigrate: interrupted by %s; %u file%s not processed%s\n", name,
                run->not_processed, run->not_processed == 1 ? "" : "s",
                o->fix ? " (every file is either as it was or completely fixed)" : "");
        return 128 + sig; /* the shell convention for a run stopped by a signal */
    }
    if (report->errors) return 2;
    if (o->write_baseline) return 0; /* recording today's findings is not a failure */
    if (o->diff) return report->files_changed && !o->exit_zero ? 1 : 0; /* ruff: --diff exits 1 iff it has a diff */
    if (dc_report_count_at_least(report, o->fail_on)) return o->exit_zero ? 0 : 1;
    return 0;
}

/* The run over the files (or standard input) into `report`, which this initialises. */
static void scan_into(dc_run *run, const dc_options *o, dc_ruleset *rs, const dc_configs *configs, uint32_t errors,
                      dc_review *review, dc_report *report) {
    dc_report_init(report);
    report->rules = rs;
    report->fix_mode = o->fix;
    report->diff_mode = o->diff;
    report->fail_on = o->fail_on;
    report->errors = errors;
    *run = (dc_run){.opts = o, .rules = rs, .configs = configs, .trim = dc_heap_trim, .review = review};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    run->jobs = o->jobs ? o->jobs : (cores > 0 ? (int)(cores > 64 ? 64 : cores) : 1);
    dc_progress_init(&run->progress, o->progress == 1 || (o->progress == -1 && isatty(STDERR_FILENO) && !getenv("CI")));
    /* stop signals, crash isolation and the per-file memory budget (common/recover.h) */
    dc_recover_install();
    dc_recover_set_meter(dc_heap_meter());
    dc_prefilter *pf = o->no_prefilter ? NULL : dc_prefilter_build(rs);
    run->prefilter = pf;
    dc_run_all(run, report);
    report->errors += dc_ruleset_compile_errors(rs);
    dc_prefilter_free(pf);
}

/* Everything after the rules are loaded: the run over the files, baselines, reports. `review`:
 * --interactive's accepted fixes, the only ones applied. */
static int run_and_report(dc_options *o, dc_ruleset *rs, const dc_configs *configs, uint32_t errors, bool color,
                          dc_review *review) {
    dc_ruleset_filter(rs, keep_rule, o);
    dc_report report;
    dc_run run;
    scan_into(&run, o, rs, configs, errors, review, &report);
    if (o->write_facts) { /* the facts are the output: no report */
        if (!report.errors && !o->quiet)
            fprintf(stderr, "dcmigrate: wrote the facts of %u file%s (%u name%s with a fact) to %s\n", run.facts.bearing,
                    run.facts.bearing == 1 ? "" : "s", run.facts.exports, run.facts.exports == 1 ? "" : "s", o->write_facts);
        int frc = report.errors ? 2 : dc_recover_interrupted() ? 128 + dc_recover_interrupted() : 0;
        dc_report_free(&report);
        return frc;
    }
    dc_report_sort(&report);
    apply_baselines(o, &report);
    write_reports(o, &report, &run, color);
    int rc = exit_code(o, &report, &run);
    dc_buf_free(&run.stdin_fixed);
    dc_report_free(&report);
    return rc;
}

/* --interactive (cli/interactive.h): a run that fixes nothing gathers the fixes (as the full text
 * format shows them), the user reviews them on the terminal, then the --fix run applies the
 * accepted ones. */
static int run_interactive(dc_options *o, dc_ruleset *rs, const dc_configs *configs, uint32_t errors, bool color) {
    int tty = isatty(STDIN_FILENO) ? STDIN_FILENO : open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (tty < 0) {
        dc_diag(DC_DIAG_ERROR, NULL, 0, 0, "--interactive needs a terminal to ask on");
        return 2;
    }
    dc_ruleset_filter(rs, keep_rule, o);
    dc_options look = *o; /* what the review reads: every fix with its code and diff, no report written */
    look.fix = false;
    look.format = DC_FORMAT_TEXT;
    look.text_style = 1;
    look.outputs.len = 0;
    look.write_baseline = NULL;
    dc_report report;
    dc_run run;
    scan_into(&run, &look, rs, configs, errors, NULL, &report);
    dc_report_sort(&report);
    apply_baselines(&look, &report);
    const char *dot = ".";
    dc_dirty *dirty = o->allow_dirty ? NULL : dc_dirty_new(o->paths.len ? o->paths.v : &dot, o->paths.len ? o->paths.len : 1);
    dc_review *rv = dc_review_ask(&report, o->unsafe_fixes ? DC_APP_UNSAFE : DC_APP_SAFE, tty, stdout, color, dirty);
    dc_dirty_free(dirty);
    dc_report_free(&report);
    if (tty != STDIN_FILENO) close(tty);
    o->fix = true;
    int rc = dc_recover_interrupted() ? 128 + dc_recover_interrupted() : run_and_report(o, rs, configs, errors, color, rv);
    dc_review_free(rv);
    return rc;
}

/* The configs (each file once, cli/settings.h), the rules their first one and the command line
 * add, and the check of every rule id they name. Returns the errors in the configs themselves;
 * the other errors (rule files) are added to *errors. */
static uint32_t load_configs(dc_configs *cs, dc_options *o, dc_ruleset *rs, uint32_t *errors) {
    const char *dot = ".";
    bool one = o->stdin_filename || !o->paths.len; /* standard input, or the current directory */
    uint32_t config_errors =
        dc_settings_load_configs(cs, o, one ? &dot : (const char *const *)o->paths.v, one ? 1 : o->paths.len);
    const dc_config *first = cs->by_root[0]; /* its run-wide settings: `fail_on`, `rules` */
    if (first && first->has_fail_on && !o->set_fail_on) o->fail_on = first->fail_on;
    *errors += load_more_rules(rs, o, first, &config_errors);
    return config_errors + dc_settings_check_ids(cs, rs);
}

/* Colour on `fd`: --color always / never; else (auto) FORCE_COLOR (set, and not 0 or false) turns
 * it on even off a terminal, NO_COLOR (set and not empty) turns it off, and otherwise only a
 * terminal gets it. */
static bool use_color(dc_color_mode mode, int fd) {
    if (mode != DC_COLOR_AUTO) return mode == DC_COLOR_ALWAYS;
    const char *force = getenv("FORCE_COLOR"), *no = getenv("NO_COLOR");
    if (force && strcmp(force, "0") != 0 && strcmp(force, "false") != 0) return true;
    if (force) return false;
    if (no && *no) return false;
    return isatty(fd);
}

/* The report's format when the command line does not give one: DCMIGRATE_OUTPUT_FORMAT (like
 * RUFF_OUTPUT_FORMAT; not with --diff or --statistics, which are text reports of their own), else
 * text; and text's style when nothing said it: full when the report goes to a terminal, concise
 * (one line per finding, for scripts, editors and CI logs) when it goes to a pipe or a file. 0, or
 * 2 after reporting a bad variable. */
static int resolve_format(dc_options *o) {
    const char *env = getenv("DCMIGRATE_OUTPUT_FORMAT");
    if (!o->set_format && !o->diff && !o->statistics && env && *env) {
        int style, f = dc_options_format_from_name(env, &style);
        if (f < 0) {
            dc_diag(DC_DIAG_ERROR, NULL, 0, 0,
                    "DCMIGRATE_OUTPUT_FORMAT=`%s` is not a format (expected full, concise, json, github, sarif, junit, "
                    "markdown or html)",
                    env);
            return 2;
        }
        o->format = (dc_format)f;
        o->text_style = style;
    }
    if (o->format == DC_FORMAT_TEXT && o->text_style < 0)
        o->text_style = !o->output && isatty(o->stdin_filename && o->fix ? STDERR_FILENO : STDOUT_FILENO);
    return 0;
}

int main(int argc, char **argv) {
    dc_tsalloc_install(); /* before anything uses tree-sitter: its allocations count for the file's budget */
    dc_options o;
    int rc = dc_options_parse(&o, argc, argv);
    if (!rc) rc = resolve_format(&o);
    if (rc || o.help || o.version) {
        if (!rc && o.help) dc_options_print_help(stdout);
        else if (!rc) printf("dcmigrate %s\n", DC_VERSION);
        dc_options_free(&o);
        return rc;
    }
    bool color = use_color(o.color, STDOUT_FILENO) && !o.output;
    dc_diag_set_color(use_color(o.color, STDERR_FILENO));

    dc_ruleset *rs = dc_ruleset_new();
    uint32_t errors = (uint32_t)dc_ruleset_load_builtin(rs);
    dc_configs configs;
    uint32_t config_errors = load_configs(&configs, &o, rs, &errors);
    uint32_t selector_errors = check_selectors(rs, &o);
    if (o.completions) {
        dc_completions_print(stdout, o.completions, rs); /* the shell was checked with the options */
        rc = 0;
    } else if (o.list_rules || o.explain) {
        /* still useful with a broken config: it lists the ids a config may name */
        rc = o.list_rules ? (list_rules(rs), 0) : explain(rs, o.explain);
        rc = errors + config_errors + selector_errors ? 2 : rc;
    } else if (selector_errors) {
        rc = 2; /* said above; nothing scanned */
    } else if (config_errors) {
        /* Fail fast in every mode (cli/config.h): a run without the config, or with part of it,
         * would scan excluded directories and apply ignored rules, and --fix would write them. */
        dc_diag(DC_DIAG_ERROR, NULL, 0, 0,
                "stopped before scanning because of the configuration errors above: no file was analysed or "
                "changed (fix the configuration, or run with --no-config)");
        rc = 2;
    } else {
        rc = o.interactive ? run_interactive(&o, rs, &configs, errors, color)
                           : run_and_report(&o, rs, &configs, errors, color, NULL);
    }
    dc_settings_free_configs(&configs);
    dc_ruleset_free(rs);
    dc_options_free(&o);
    return rc;
}
