/* report.h: the run's results, decoupled from per-file analysis memory, and the writers.
 *
 * The pipeline turns each file's findings into dc_rfinding records (heap copies: path, rule,
 * 1-based positions, message, fix edits) as soon as the file is done, so the per-file arena
 * and tree can be released; memory grows with the number of findings, not of files.
 *
 * Output contract (README "Output"): text lines `path:line:col: severity[rule-id] message`,
 * sorted by path then position, then a summary line; JSON one document
 * {tool, version, findings[], summary{}} with 1-based line/column (code points, end exclusive)
 * plus byte offsets. Ownership: dc_report_free releases everything added to a report. */
#ifndef DC_REPORT_H
#define DC_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "analysis/finding.h"
#include "apply/diff.h"
#include "ruleset/rules.h"
#include "common/base.h"

typedef struct dc_redit {
    uint32_t start, end;           /* bytes */
    uint32_t line, col, end_line, end_col;
    char *text;
} dc_redit;

typedef struct dc_rfinding {
    char *path;
    const dc_rule *rule;
    dc_severity severity;
    uint32_t line, col, end_line, end_col; /* 1-based; end exclusive */
    uint32_t start, end;                   /* bytes */
    char *message;     /* without the manual suffix: see dc_rfinding_message */
    char *line_text;   /* the source line the finding starts on (no line ending) */
    bool low_confidence;
    dc_applicability app; /* DC_APP_NONE: no fix */
    char *fix_why;     /* kept for a manual fix whatever the formats (its message shows it) */
    char *fix_title;
    dc_redit *edits;
    uint32_t nedits;
    /* DC_KEEP_SNIPPET (the full text format, report/snippet.h): the source lines around the
     * finding, and its fix as the lines it removes and adds */
    char *snippet;          /* lines snippet_line.. (no line ending after the last), or NULL */
    uint32_t snippet_line;
    uint32_t snippet_start; /* the byte offset of the snippet in the file */
    char *fix_preview;      /* "-N text\n" / "+N text\n" lines (N: old / new line number), or NULL */
} dc_rfinding;

typedef struct dc_rskip {
    char *path;
    char *reason;
} dc_rskip;

/* Per scanned file: what the HTML report's progress chart needs. */
typedef struct dc_rfile {
    char *path;
    uint32_t migrated; /* sites already on sessions (matches of `progress: true` rules) */
} dc_rfile;

typedef struct dc_rfixed {
    char *path;
    const dc_rule *rule;
    uint32_t count;
} dc_rfixed;

typedef enum dc_format {
    DC_FORMAT_TEXT = 0,
    DC_FORMAT_JSON,
    DC_FORMAT_GITHUB,   /* GitHub Actions workflow commands (report/github.c) */
    DC_FORMAT_SARIF,    /* SARIF 2.1.0 (report/sarif.c) */
    DC_FORMAT_JUNIT,    /* JUnit XML (report/junit.c) */
    DC_FORMAT_MARKDOWN, /* PR-comment report (report/markdown.c) */
    DC_FORMAT_HTML,     /* self-contained reviewer report (report/html.c) */
    DC_FORMAT_COUNT
} dc_format;

const char *dc_format_name(dc_format f);
int dc_format_from_name(const char *s); /* -1 if unknown */
/* Formats that show the proposed fixes as diffs need the fix loop to run in dry mode. */
bool dc_format_wants_diffs(dc_format f);

/* The parts of a dc_rfinding that not every consumer reads. Records live until the end of the
 * run (see report.c), so the run keeps only what the requested formats (and the baseline, which
 * reads line_text) need: a text report does not hold every fix's edits. Always kept: path, rule,
 * severity, positions, message, confidence, applicability. A dropped part is NULL / 0. */
enum {
    DC_KEEP_LINE_TEXT = 1u << 0, /* line_text */
    DC_KEEP_EDITS = 1u << 1,     /* edits, nedits */
    DC_KEEP_FIX_TEXT = 1u << 2,  /* fix_why, fix_title */
    DC_KEEP_FILES = 1u << 3,     /* dc_report.files: one entry per scanned file (HTML's directories) */
    DC_KEEP_SNIPPET = 1u << 4,   /* snippet, fix_preview (the full text format) */
    DC_KEEP_ALL = DC_KEEP_LINE_TEXT | DC_KEEP_EDITS | DC_KEEP_FIX_TEXT | DC_KEEP_FILES
};
/* What the writer of `f` reads: keep this in step with the writers. (Text in the full style also
 * reads DC_KEEP_SNIPPET | DC_KEEP_FIX_TEXT.) */
unsigned dc_format_keeps(dc_format f);

typedef struct dc_report {
    DC_VEC(dc_rfinding) findings;
    DC_VEC(dc_rfile) files;  /* only with DC_KEEP_FILES */
    uint32_t migrated;       /* sites already on sessions, over all files */
    DC_VEC(dc_rskip) skipped;
    DC_VEC(dc_rfixed) fixed;
    DC_VEC(dc_diff) diffs;   /* of the files fixing would change (dry runs: --diff, markdown, HTML) */
    uint32_t files_scanned;
    uint32_t files_changed;  /* written by --fix, or that --diff would change */
    uint32_t suppressions_added; /* --add-ignore */
    uint32_t errors;         /* I/O, config, rule errors (exit 2) */
    bool fix_mode, diff_mode;
    dc_severity fail_on;
    const dc_ruleset *rules;
} dc_report;

typedef struct dc_output_opts {
    bool color;
    bool quiet;        /* text: only findings, no summary line */
    bool statistics;   /* text: per-rule counts instead of findings */
    bool show_fixes;   /* text: mention applicability */
    bool full;         /* text: the full style (report/full.c): source, span, fix */
} dc_output_opts;

void dc_report_init(dc_report *r);
void dc_report_free(dc_report *r);
/* Frees what one record owns (the report frees all of its records itself). */
void dc_rfinding_free(dc_rfinding *f);
/* Sorts findings by path, then position, then rule id; stable for equal keys. */
void dc_report_sort(dc_report *r);
void dc_report_add_skip(dc_report *r, const char *path, const char *reason);
void dc_report_add_fixed(dc_report *r, const char *path, const dc_rule *rule, uint32_t count);
uint32_t dc_report_count_at_least(const dc_report *r, dc_severity sev);

/* Every writer returns false on a write error. The report is sorted (dc_report_sort) first. */
bool dc_report_write(const dc_report *r, dc_format f, FILE *out, const dc_output_opts *o);
bool dc_report_write_text(const dc_report *r, FILE *out, const dc_output_opts *o);
bool dc_report_write_json(const dc_report *r, FILE *out);
bool dc_report_write_github(const dc_report *r, FILE *out);
bool dc_report_write_sarif(const dc_report *r, FILE *out);
bool dc_report_write_junit(const dc_report *r, FILE *out);
bool dc_report_write_markdown(const dc_report *r, FILE *out);
bool dc_report_write_html(const dc_report *r, FILE *out);

/* The text writer's full style (report/full.c): what follows a finding's line. */
void dc_report_full_block(FILE *out, const dc_rfinding *f, const dc_output_opts *o);

/* The message as the text, JSON, SARIF, JUnit and GitHub reports show it: a manual finding
 * explains itself, "message (manual: why)", so the reader need not look elsewhere. Returns
 * f->message, or that text built in `scratch`. (Markdown and HTML show the why apart.) */
const char *dc_rfinding_message(const dc_rfinding *f, dc_buf *scratch);

/* Shared by writers: the rule's note with {{sdk_*}} expanded for the devcaster profile (heap). */
char *dc_report_rule_note(const dc_rule *rule);
/* The diff of one path, or NULL. */
const dc_diff *dc_report_diff_for(const dc_report *r, const char *path);

#endif
