/* main.c: the dcmigrate command: options, rules, run, report, exit code.
 *
 * Exit codes (ruff/ESLint convention): 0 nothing at or above --fail-on remains; 1 findings
 * remain or --diff has changes; 2 usage, config, rule or I/O error (everything else in the run
 * still happens and is reported). --exit-zero turns 1 into 0. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "apply/write.h"
#include "ruleset/prefilter.h"
#include "cli/config.h"
#include "cli/heap.h"
#include "cli/options.h"
#include "cli/pool.h"
#include "cli/run.h"
#include "cli/settings.h"
#include "common/diag.h"
#include "common/recover.h"
#include "common/text.h"
#include "syntax/tsalloc.h"
#include "report/baseline.h"

static bool keep_rule(const dc_rule *r, void *ctx) {
    const dc_options *o = ctx;
    bool keep = o->select.len == 0;
    for (uint32_t i = 0; i < o->select.len; i++)
        if (strcmp(o->select.v[i], r->id) == 0) keep = true;
    for (uint32_t i = 0; i < o->ignore.len; i++)
        if (strcmp(o->ignore.v[i], r->id) == 0) keep = false;
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
        fprintf(stderr, "dcmigrate: error: no rule `%s` (see --list-rules)\n", id);
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
    for (uint32_t i = 0; i < r->nowns; i++)
        printf("%sWhere `%s` matches the same call, only this rule reports it.\n", i ? "" : "\n", r->owns[i]);
    for (uint32_t i = 0; i < dc_ruleset_count(rs); i++) {
        const dc_rule *o = dc_ruleset_get(rs, i);
        for (uint32_t k = 0; k < o->nowns; k++)
            if (strcmp(o->owns[k], r->id) == 0)
                printf("\nWhere `%s` matches the same call, only that rule reports it (see --explain %s).\n", o->id, o->id);
    }
    if (!r->analyser) /* the DCAF pack is not about the SDK */
        printf("\nThe rule is written for both SDK profiles; names above use the devcaster spelling.\n");
    dc_buf_free(&note);
    return 0;
}

/* The rules from outside the binary: the `rules` directories of the first path's config
 * (relative to the config file, inside its repository: a refused or missing one counts in
 * *config_errors), then --rules DIR (anywhere: the user named it); then the check of --select /
 * --ignore ids against the whole set. Returns the other errors reported. */
static uint32_t load_more_rules(dc_ruleset *rs, const dc_options *o, const dc_config *cfg, uint32_t *config_errors) {
    uint32_t errors = cfg ? dc_config_load_rules(cfg, rs, config_errors) : 0;
    for (uint32_t i = 0; i < o->rule_dirs.len; i++) errors += (uint32_t)dc_ruleset_load_dir(rs, o->rule_dirs.v[i], NULL);
    for (uint32_t i = 0; i < o->select.len + o->ignore.len; i++) {
        const char *id = i < o->select.len ? o->select.v[i] : o->ignore.v[i - o->select.len];
        if (!dc_ruleset_find(rs, id)) {
            dc_diag(DC_DIAG_ERROR, NULL, 0, 0, "unknown rule id `%s` in --%s (see --list-rules)", id,
                    i < o->select.len ? "select" : "ignore");
            errors++;
        }
    }
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
    dc_output_opts oo = {color && out == stdout, o->quiet, o->statistics, true};
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
        dc_output_opts plain = {false, o->quiet, o->statistics, true};
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

/* Everything after the rules are loaded: the run over the files, baselines, reports. */
static int run_and_report(dc_options *o, dc_ruleset *rs, const dc_configs *configs, uint32_t errors, bool color) {
    dc_ruleset_filter(rs, keep_rule, o);
    dc_report report;
    dc_report_init(&report);
    report.rules = rs;
    report.fix_mode = o->fix;
    report.diff_mode = o->diff;
    report.fail_on = o->fail_on;
    report.errors = errors;
    dc_run run = {.opts = o, .rules = rs, .configs = configs, .trim = dc_heap_trim};
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    run.jobs = o->jobs ? o->jobs : (cores > 0 ? (int)(cores > 64 ? 64 : cores) : 1);
    dc_progress_init(&run.progress, o->progress == 1 || (o->progress == -1 && isatty(STDERR_FILENO) && !getenv("CI")));
    /* stop signals, crash isolation and the per-file memory budget (common/recover.h) */
    dc_recover_install();
    dc_recover_set_meter(dc_heap_meter());
    dc_prefilter *pf = o->no_prefilter ? NULL : dc_prefilter_build(rs);
    run.prefilter = pf;
    dc_run_all(&run, &report);
    report.errors += dc_ruleset_compile_errors(rs);
    dc_prefilter_free(pf);
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

int main(int argc, char **argv) {
    dc_tsalloc_install(); /* before anything uses tree-sitter: its allocations count for the file's budget */
    dc_options o;
    int rc = dc_options_parse(&o, argc, argv);
    if (rc || o.help || o.version) {
        if (!rc && o.help) dc_options_print_help(stdout);
        else if (!rc) printf("dcmigrate %s\n", DC_VERSION);
        dc_options_free(&o);
        return rc;
    }
    const char *no_color = getenv("NO_COLOR");
    bool color = o.color == DC_COLOR_ALWAYS ||
                 (o.color == DC_COLOR_AUTO && !(no_color && *no_color) && !o.output && isatty(STDOUT_FILENO));
    dc_diag_set_color(o.color == DC_COLOR_ALWAYS ||
                      (o.color == DC_COLOR_AUTO && !(no_color && *no_color) && isatty(STDERR_FILENO)));

    dc_ruleset *rs = dc_ruleset_new();
    uint32_t errors = (uint32_t)dc_ruleset_load_builtin(rs);
    dc_configs configs;
    uint32_t config_errors = load_configs(&configs, &o, rs, &errors);
    if (o.list_rules || o.explain) {
        /* still useful with a broken config: it lists the ids a config may name */
        rc = o.list_rules ? (list_rules(rs), 0) : explain(rs, o.explain);
        rc = errors + config_errors ? 2 : rc;
    } else if (config_errors) {
        /* Fail fast in every mode (cli/config.h): a run without the config, or with part of it,
         * would scan excluded directories and apply ignored rules, and --fix would write them. */
        dc_diag(DC_DIAG_ERROR, NULL, 0, 0,
                "stopped before scanning because of the configuration errors above: no file was analysed or "
                "changed (fix the configuration, or run with --no-config)");
        rc = 2;
    } else {
        rc = run_and_report(&o, rs, &configs, errors, color);
    }
    dc_settings_free_configs(&configs);
    dc_ruleset_free(rs);
    dc_options_free(&o);
    return rc;
}
