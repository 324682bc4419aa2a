/* run.h: a whole dcmigrate run over files or standard input, producing a dc_report. */
#ifndef DC_RUN_H
#define DC_RUN_H

#include <time.h>

#include "analyzer/discover.h"
#include "analyzer/prefilter.h"
#include "cli/config.h"
#include "analyzer/engine.h"
#include "cli/options.h"
#include "report/report.h"

/* The settings one group of command-line paths runs with: the command line merged with the
 * .dcmigrate.yml that applies to those paths (see cli/config.h for precedence). */
typedef struct dc_root_settings {
    dc_analyze_opts aopts;
    dc_fix_opts fopts;
    DC_VEC(const char *) excludes;
    DC_VEC(dc_auth_map_entry) auth;
    bool *enabled;    /* by rule index, or NULL */
    int8_t *severity; /* by rule index (-1: the rule's own), or NULL */
} dc_root_settings;

typedef struct dc_run {
    const dc_options *opts;
    dc_ruleset *rules;
    dc_buf stdin_fixed;        /* --stdin-filename --fix: the fixed source, printed by main */
    bool want_diffs;           /* a report format shows proposed fixes: dry-run the fix loop */
    const dc_root_settings *settings; /* of the paths being scanned */
    int jobs;                  /* worker threads (-j) */
    uint32_t not_processed;    /* files left when SIGINT/SIGTERM stopped the run */
    const dc_prefilter *prefilter; /* NULL with --no-prefilter */
    void (*trim)(void);        /* gives freed memory back (cli/heap.h); NULL: glibc's malloc_trim */
    /* progress line on standard error */
    bool progress;             /* wanted: --progress, or a terminal (decided by main) */
    bool progress_shown;
    struct timespec started, last;
} dc_run;

/* SIGINT/SIGTERM stop the run cleanly: the signal number once one arrived, else 0. */
void dc_run_install_signals(void);
int dc_run_interrupted(void);

/* The config file that applies to a command-line path (heap), or NULL. */
char *dc_run_config_for(const dc_options *o, const char *root);
/* Progress line: shown only after the run has taken about a second, updated at most ten times a
 * second, erased at the end, so short runs and logs stay clean. */
void dc_progress_tick(dc_run *run, uint32_t done, uint32_t total);
void dc_progress_done(dc_run *run);

/* Processes every file; findings, skips, fixes and errors go into `report`. */
int dc_run_all(dc_run *run, dc_report *report);
void dc_run_file(dc_run *run, dc_worker *w, const dc_file_entry *e, dc_report *frag);

#endif
