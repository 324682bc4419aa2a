/* report.c: the report model, and the text and JSON writers. JSON is built with jansson, never
 * by string concatenation, so escaping is always right.
 *
 * Memory rule (issue 7: peak RSS under 64 MB on the benchmark corpora, not growing with the
 * number of files):
 * - Kept until the report is written: one dc_rfinding per finding, one dc_rfile per scanned file
 *   only for the HTML report (its per-directory progress; everything else reads the total),
 *   skipped files, per-file fix counts, and diffs only when a format shows them (markdown, HTML)
 *   or for --diff. They cannot be written as each file finishes: files are merged in input order,
 *   but the report is sorted by path across all roots; --baseline filters it first; one run can
 *   write several reports (--output-format FMT:FILE); summaries, SARIF's artifacts and the
 *   markdown / HTML totals come before the findings; and the exit code counts them.
 * - Records are plain heap copies (report/build.h): no pointer into a file's source, tree or
 *   arena, which are released as soon as the file is done: what stays grows with the findings and
 *   one small entry per file, not with the size of the files.
 * - A record carries only what the requested outputs read (dc_format_keeps in report.h; the
 *   baseline adds the source line): a text report's records hold path, positions and message,
 *   not the source line, fix edits and fix texts that other formats show.
 * - Writers stream: the JSON and SARIF documents go out one finding at a time through
 *   report/jstream.h, byte-identical to dumping one jansson tree; a tree of the whole document
 *   cost about 4.5 KB per finding (138 MB peak on the dense corpus, 18,415 findings, instead of
 *   about 55 MB for text). Only small parts (a summary, the rule list) are built whole.
 * What remains of the peak on the dense corpus is mostly the analysis of its largest file
 * (lib.dom.d.ts, 1.9 MB: about 25 MB of tree-sitter parse state, measured with heaptrack), with
 * a few MB of records; cli/pool.c keeps large files from being analysed side by side. */
#include "report/report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "common/text.h"
#include "report/jsonutil.h"
#include "report/jstream.h"

void dc_report_init(dc_report *r) {
    memset(r, 0, sizeof *r);
    r->fail_on = DC_SEV_WARNING;
}

static const char *format_names[DC_FORMAT_COUNT] = {"text", "json", "github", "sarif", "junit", "markdown", "html"};

const char *dc_format_name(dc_format f) { return (unsigned)f < DC_FORMAT_COUNT ? format_names[f] : "?"; }

int dc_format_from_name(const char *s) {
    for (int i = 0; i < DC_FORMAT_COUNT; i++)
        if (strcmp(s, format_names[i]) == 0) return i;
    return -1;
}

bool dc_format_wants_diffs(dc_format f) { return f == DC_FORMAT_MARKDOWN || f == DC_FORMAT_HTML; }

unsigned dc_format_keeps(dc_format f) {
    switch (f) {
    case DC_FORMAT_TEXT: return 0; /* a manual fix's why, which the message shows, is always kept */
    case DC_FORMAT_JSON: return DC_KEEP_EDITS | DC_KEEP_FIX_TEXT;
    case DC_FORMAT_GITHUB:
    case DC_FORMAT_MARKDOWN: return DC_KEEP_FIX_TEXT;
    case DC_FORMAT_JUNIT: return DC_KEEP_LINE_TEXT | DC_KEEP_FIX_TEXT;
    case DC_FORMAT_SARIF: return DC_KEEP_LINE_TEXT | DC_KEEP_EDITS | DC_KEEP_FIX_TEXT; /* fingerprints, fixes */
    default: return DC_KEEP_ALL; /* HTML (source lines, edits, per-directory progress) */
    }
}

bool dc_report_write(const dc_report *r, dc_format f, FILE *out, const dc_output_opts *o) {
    bool ok;
    switch (f) {
    case DC_FORMAT_JSON: ok = dc_report_write_json(r, out); break;
    case DC_FORMAT_GITHUB: ok = dc_report_write_github(r, out); break;
    case DC_FORMAT_SARIF: ok = dc_report_write_sarif(r, out); break;
    case DC_FORMAT_JUNIT: ok = dc_report_write_junit(r, out); break;
    case DC_FORMAT_MARKDOWN: ok = dc_report_write_markdown(r, out); break;
    case DC_FORMAT_HTML: ok = dc_report_write_html(r, out); break;
    default: ok = dc_report_write_text(r, out, o); break;
    }
    return ok && !ferror(out);
}

char *dc_report_rule_note(const dc_rule *rule) {
    dc_buf b = DC_BUF_INIT;
    dc_expand_profile(&b, rule->note ? rule->note : "", DC_PROFILE_DEVCASTER);
    return dc_buf_detach(&b);
}

const char *dc_rfinding_message(const dc_rfinding *f, dc_buf *scratch) {
    if (f->app != DC_APP_MANUAL || !f->fix_why) return f->message;
    dc_buf_reset(scratch);
    dc_buf_printf(scratch, "%s (manual: %s)", f->message, f->fix_why);
    return scratch->p;
}

const dc_diff *dc_report_diff_for(const dc_report *r, const char *path) {
    for (uint32_t i = 0; i < r->diffs.len; i++)
        if (strcmp(r->diffs.v[i].path, path) == 0) return &r->diffs.v[i];
    return NULL;
}

void dc_rfinding_free(dc_rfinding *f) {
    free(f->path);
    free(f->message);
    free(f->line_text);
    free(f->fix_why);
    free(f->fix_title);
    free(f->snippet);
    free(f->fix_preview);
    for (uint32_t k = 0; k < f->nedits; k++) free(f->edits[k].text);
    free(f->edits);
}

void dc_report_free(dc_report *r) {
    for (uint32_t i = 0; i < r->files.len; i++) free(r->files.v[i].path);
    dc_vec_free(&r->files);
    for (uint32_t i = 0; i < r->findings.len; i++) dc_rfinding_free(&r->findings.v[i]);
    dc_vec_free(&r->findings);
    for (uint32_t i = 0; i < r->skipped.len; i++) {
        free(r->skipped.v[i].path);
        free(r->skipped.v[i].reason);
    }
    dc_vec_free(&r->skipped);
    for (uint32_t i = 0; i < r->fixed.len; i++) free(r->fixed.v[i].path);
    dc_vec_free(&r->fixed);
    for (uint32_t i = 0; i < r->diffs.len; i++) dc_diff_free(&r->diffs.v[i]);
    dc_vec_free(&r->diffs);
}

static int cmp_rf(const void *pa, const void *pb) {
    const dc_rfinding *a = pa, *b = pb;
    int c = strcmp(a->path, b->path);
    if (c) return c;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    c = strcmp(a->rule->id, b->rule->id);
    if (c) return c;
    return a->end < b->end ? -1 : a->end > b->end;
}

void dc_report_sort(dc_report *r) {
    if (r->findings.len > 1) qsort(r->findings.v, r->findings.len, sizeof *r->findings.v, cmp_rf);
}

void dc_report_add_skip(dc_report *r, const char *path, const char *reason) {
    dc_rskip s = {dc_xstrdup(path), dc_xstrdup(reason)};
    dc_vec_push(&r->skipped, s);
}

void dc_report_add_fixed(dc_report *r, const char *path, const dc_rule *rule, uint32_t count) {
    for (uint32_t i = 0; i < r->fixed.len; i++) {
        if (r->fixed.v[i].rule == rule && strcmp(r->fixed.v[i].path, path) == 0) {
            r->fixed.v[i].count += count;
            return;
        }
    }
    dc_rfixed f = {dc_xstrdup(path), rule, count};
    dc_vec_push(&r->fixed, f);
}

uint32_t dc_report_count_at_least(const dc_report *r, dc_severity sev) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < r->findings.len; i++)
        if (r->findings.v[i].severity >= sev) n++;
    return n;
}

/* ---- per-rule statistics (shared by text --statistics and the JSON summary) -------------- */

typedef struct rule_count {
    const dc_rule *rule;
    uint32_t n, fixable;
} rule_count;

static uint32_t count_by_rule(const dc_report *r, rule_count **out) {
    uint32_t nrules = r->rules ? dc_ruleset_count(r->rules) : 0;
    rule_count *c = dc_xcalloc(nrules ? nrules : 1, sizeof *c);
    for (uint32_t i = 0; i < nrules; i++) c[i].rule = dc_ruleset_get(r->rules, i);
    for (uint32_t i = 0; i < r->findings.len; i++) {
        const dc_rfinding *f = &r->findings.v[i];
        if (f->rule->index < nrules && c[f->rule->index].rule == f->rule) {
            c[f->rule->index].n++;
            if (f->app >= DC_APP_UNSAFE) c[f->rule->index].fixable++;
        }
    }
    *out = c;
    return nrules;
}

static uint32_t fixed_total(const dc_report *r) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < r->fixed.len; i++) n += r->fixed.v[i].count;
    return n;
}

/* ---- text ---------------------------------------------------------------------------------- */

/* A path as people read it (common/text.h: quoted as git quotes paths), in `scratch`. */
static const char *shown_path(dc_buf *scratch, const char *path) {
    dc_buf_reset(scratch);
    dc_text_quote_path(scratch, path);
    return scratch->p;
}

static const char *sev_color(dc_severity s) {
    return s == DC_SEV_ERROR ? "\033[1;31m" : s == DC_SEV_WARNING ? "\033[1;33m" : "\033[1;36m";
}

/* A patch in git's colours: headers bold, hunk headers cyan, removed lines red, added green. The
 * colour ends before each line's end, so a CRLF line keeps its CR where `git apply` wants it. */
static void put_colored_diff(FILE *out, const char *patch) {
    for (const char *p = patch; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        const char *c = strncmp(p, "--- ", 4) == 0 || strncmp(p, "+++ ", 4) == 0 ? "\033[1m"
                        : *p == '@'                                            ? "\033[36m"
                        : *p == '-'                                            ? "\033[31m"
                        : *p == '+'                                            ? "\033[32m"
                                                                               : "";
        size_t body = len && p[len - 1] == '\r' ? len - 1 : len;
        fprintf(out, "%s%.*s%s%.*s%s", c, (int)body, p, *c ? "\033[0m" : "", (int)(len - body), p + body, nl ? "\n" : "");
        p += len + (nl != NULL);
    }
}

bool dc_report_write_text(const dc_report *r, FILE *out, const dc_output_opts *o) {
    const char *B = o->color ? "\033[1m" : "", *R = o->color ? "\033[0m" : "", *D = o->color ? "\033[2m" : "";
    if (r->diff_mode) {
        /* --diff: standard output carries only the patch (usable with `git apply`); the summary
         * goes to standard error. fputs: a diff has always ended at a NUL byte here. */
        dc_buf text = DC_BUF_INIT;
        for (uint32_t i = 0; i < r->diffs.len; i++) {
            dc_buf_reset(&text);
            dc_diff_render(&text, &r->diffs.v[i]);
            if (o->color) put_colored_diff(out, dc_buf_cstr(&text));
            else fputs(dc_buf_cstr(&text), out);
        }
        dc_buf_free(&text);
        if (!o->quiet)
            fprintf(stderr, "%u file%s would change, fixing %u of %u finding%s.\n", r->files_changed,
                    r->files_changed == 1 ? "" : "s", fixed_total(r), r->findings.len, r->findings.len == 1 ? "" : "s");
        return !ferror(out);
    }
    dc_buf path = DC_BUF_INIT;
    if (r->fix_mode) {
        for (uint32_t i = 0; i < r->fixed.len; i++)
            fprintf(out, "%sfixed%s %s: %s (%u)\n", D, R, shown_path(&path, r->fixed.v[i].path), r->fixed.v[i].rule->id,
                    r->fixed.v[i].count);
    }
    if (o->statistics) {
        rule_count *c;
        uint32_t n = count_by_rule(r, &c);
        for (uint32_t i = 0; i < n; i++)
            if (c[i].n)
                fprintf(out, "%5u  %-28s %-7s %s\n", c[i].n, c[i].rule->id, dc_severity_name(c[i].rule->severity),
                        c[i].fixable ? "[fixable]" : "");
        free(c);
    } else {
        dc_buf msg = DC_BUF_INIT, shown = DC_BUF_INIT;
        for (uint32_t i = 0; i < r->findings.len; i++) {
            const dc_rfinding *f = &r->findings.v[i];
            dc_buf_reset(&shown);
            dc_text_escape_controls(&shown, o->full ? f->message : dc_rfinding_message(f, &msg));
            fprintf(out, "%s%s:%u:%u:%s %s%s%s[%s] %s", B, shown_path(&path, f->path), f->line, f->col, R,
                    o->color ? sev_color(f->severity) : "", dc_severity_name(f->severity), R, f->rule->id, shown.p);
            if (f->app == DC_APP_SAFE) fprintf(out, " %s[fix]%s", D, R);
            else if (f->app == DC_APP_UNSAFE) fprintf(out, " %s[unsafe fix]%s", D, R);
            else if (f->app == DC_APP_MANUAL) fprintf(out, " %s[manual]%s", D, R);
            fputc('\n', out);
            if (o->full) dc_report_full_block(out, f, o);
        }
        dc_buf_free(&msg);
        dc_buf_free(&shown);
    }
    dc_buf_free(&path);
    if (o->quiet) return !ferror(out);
    uint32_t n = r->findings.len, safe = 0, unsafe = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (r->findings.v[i].app == DC_APP_SAFE) safe++;
        if (r->findings.v[i].app == DC_APP_UNSAFE) unsafe++;
    }
    dc_buf s = DC_BUF_INIT;
    if (r->suppressions_added) {
        dc_buf_printf(&s, "Added %u suppression comment%s in %u file%s; %u finding%s remain%s", r->suppressions_added,
                      r->suppressions_added == 1 ? "" : "s", r->files_changed, r->files_changed == 1 ? "" : "s", n,
                      n == 1 ? "" : "s", n == 1 ? "s" : "");
    } else if (r->fix_mode) {
        dc_buf_printf(&s, "Fixed %u finding%s in %u file%s; %u remaining", fixed_total(r), fixed_total(r) == 1 ? "" : "s",
                      r->files_changed, r->files_changed == 1 ? "" : "s", n);
    } else {
        dc_buf_printf(&s, "Found %u finding%s in %u file%s scanned", n, n == 1 ? "" : "s", r->files_scanned,
                      r->files_scanned == 1 ? "" : "s");
    }
    if (safe) dc_buf_printf(&s, "; %u fixable with --fix", safe);
    if (unsafe) dc_buf_printf(&s, "; %u more with --fix --unsafe-fixes", unsafe);
    if (r->skipped.len) dc_buf_printf(&s, "; %u skipped", r->skipped.len);
    if (r->errors) dc_buf_printf(&s, "; %u error%s", r->errors, r->errors == 1 ? "" : "s");
    dc_buf_adds(&s, ".");
    fprintf(out, "%s%s%s\n", B, s.p, R);
    dc_buf_free(&s);
    return !ferror(out);
}

/* ---- JSON ---------------------------------------------------------------------------------- */

static json_t *edits_json(const dc_rfinding *f) {
    json_t *a = json_array();
    for (uint32_t k = 0; k < f->nedits; k++) {
        const dc_redit *e = &f->edits[k];
        /* content through dc_json_str: an edit that moves bytes which are not UTF-8 would make
         * json_pack fail and the edit vanish from the report */
        json_array_append_new(a, json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:o}", "start_byte", (json_int_t)e->start, "end_byte",
                                           (json_int_t)e->end, "line", (json_int_t)e->line, "column", (json_int_t)e->col,
                                           "end_line", (json_int_t)e->end_line, "end_column", (json_int_t)e->end_col,
                                           "content", dc_json_str(e->text)));
    }
    return a;
}

static json_t *finding_json(const dc_rfinding *f, dc_buf *scratch) {
    json_t *o = json_object();
    json_object_set_new(o, "rule", json_string(f->rule->id));
    json_object_set_new(o, "severity", json_string(dc_severity_name(f->severity)));
    dc_json_set_path(o, f->path);
    json_object_set_new(o, "line", json_integer(f->line));
    json_object_set_new(o, "column", json_integer(f->col));
    json_object_set_new(o, "end_line", json_integer(f->end_line));
    json_object_set_new(o, "end_column", json_integer(f->end_col));
    json_object_set_new(o, "start_byte", json_integer(f->start));
    json_object_set_new(o, "end_byte", json_integer(f->end));
    json_object_set_new(o, "message", dc_json_str(dc_rfinding_message(f, scratch)));
    json_object_set_new(o, "confidence", json_string(f->low_confidence ? "low" : "high"));
    if (f->app == DC_APP_NONE) {
        json_object_set_new(o, "fix", json_null());
    } else {
        json_t *fx = json_object();
        json_object_set_new(fx, "applicability", json_string(dc_applicability_name(f->app)));
        json_object_set_new(fx, "message", f->fix_why ? dc_json_str(f->fix_why) : json_null());
        json_object_set_new(fx, "edits", edits_json(f));
        json_object_set_new(o, "fix", fx);
    }
    return o;
}

static json_t *summary_json(const dc_report *r) {
    json_t *sum = json_object();
    json_object_set_new(sum, "files_scanned", json_integer(r->files_scanned));
    json_object_set_new(sum, "files_skipped", json_integer(r->skipped.len));
    json_t *skipped = json_array();
    for (uint32_t i = 0; i < r->skipped.len; i++) {
        json_t *s = json_object();
        dc_json_set_path(s, r->skipped.v[i].path);
        json_object_set_new(s, "reason", dc_json_str(r->skipped.v[i].reason));
        json_array_append_new(skipped, s);
    }
    json_object_set_new(sum, "skipped", skipped);
    json_object_set_new(sum, "findings", json_integer(r->findings.len));
    rule_count *c;
    uint32_t n = count_by_rule(r, &c), fixable = 0;
    json_t *by_rule = json_object();
    for (uint32_t i = 0; i < n; i++) {
        if (c[i].n) json_object_set_new(by_rule, c[i].rule->id, json_integer(c[i].n));
        fixable += c[i].fixable;
    }
    free(c);
    json_object_set_new(sum, "by_rule", by_rule);
    json_object_set_new(sum, "fixable", json_integer(fixable));
    uint32_t by_sev[3] = {0};
    for (uint32_t i = 0; i < r->findings.len; i++) by_sev[r->findings.v[i].severity]++;
    json_object_set_new(sum, "by_severity",
                        json_pack("{s:I,s:I,s:I}", "error", (json_int_t)by_sev[DC_SEV_ERROR], "warning",
                                  (json_int_t)by_sev[DC_SEV_WARNING], "info", (json_int_t)by_sev[DC_SEV_INFO]));
    if (r->fix_mode) {
        json_object_set_new(sum, "fixed", json_integer(fixed_total(r)));
        json_object_set_new(sum, "files_changed", json_integer(r->files_changed));
    }
    json_object_set_new(sum, "already_migrated", json_integer(r->migrated));
    json_object_set_new(sum, "errors", json_integer(r->errors));
    return sum;
}

/* Streamed (report/jstream.h): one finding object at a time, so the document never exists
 * whole in memory; the bytes are those of dumping the whole tree at once. */
bool dc_report_write_json(const dc_report *r, FILE *out) {
    dc_jw w;
    dc_jw_init(&w, out);
    dc_jw_open(&w, NULL, '{');
    dc_jw_put(&w, "tool", json_string("dcmigrate"));
    dc_jw_put(&w, "version", json_string(DC_VERSION));
    dc_jw_open(&w, "findings", '[');
    dc_buf msg = DC_BUF_INIT;
    for (uint32_t i = 0; i < r->findings.len && !w.err; i++) dc_jw_put(&w, NULL, finding_json(&r->findings.v[i], &msg));
    dc_buf_free(&msg);
    dc_jw_close(&w, ']');
    dc_jw_put(&w, "summary", summary_json(r));
    dc_jw_close(&w, '}');
    return dc_jw_finish(&w);
}
