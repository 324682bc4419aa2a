/* run.h: a whole dcmigrate run over files or standard input, producing a dc_report. */
#ifndef DC_RUN_H
#define DC_RUN_H

#include "analyzer/discover.h"
#include "analyzer/engine.h"
#include "cli/options.h"
#include "report/report.h"

typedef struct dc_run {
    const dc_options *opts;
    dc_ruleset *rules;
    dc_buf stdin_fixed;        /* --stdin-filename --fix: the fixed source, printed by main */
    const char *cur_open_path; /* path the current file was opened by (for the writer) */
    bool want_diffs;           /* a report format shows proposed fixes: dry-run the fix loop */
} dc_run;

/* Processes every file; findings, skips, fixes and errors go into `report`. */
int dc_run_all(dc_run *run, dc_report *report);
void dc_run_file(dc_run *run, dc_worker *w, const dc_file_entry *e, dc_report *frag);

#endif
