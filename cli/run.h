/* run.h: a whole dcmigrate run over files or standard input, producing a dc_report.
 *
 * The per-file pipeline: load -> (prefilter) -> analyse -> fix loop -> verify -> write or diff ->
 * report records. Paths that share a .dcmigrate.yml are scanned together with the settings it
 * gives (cli/settings.h); files go through the worker pool (cli/pool.h), whose per-file
 * fragments are merged in input order, so the output does not depend on scheduling. */
#ifndef DC_RUN_H
#define DC_RUN_H

#include "analysis/engine.h"
#include "ruleset/prefilter.h"
#include "cli/settings.h"
#include "cli/options.h"
#include "cli/progress.h"
#include "report/report.h"

typedef struct dc_run {
    /* set by the caller */
    const dc_options *opts;
    dc_ruleset *rules;
    const dc_prefilter *prefilter; /* NULL with --no-prefilter */
    const dc_configs *configs;     /* every root's config, loaded (and checked) by main before the
                                    * run: by_root[0] also for standard input */
    int jobs;                      /* worker threads (-j) */
    void (*trim)(void);            /* gives freed memory back (cli/heap.h); NULL: glibc's malloc_trim */
    dc_progress progress;          /* the progress line (enabled by main) */
    /* results besides the report */
    dc_buf stdin_fixed;            /* --stdin-filename --fix: the fixed source, printed by main */
    uint32_t not_processed;        /* files left when SIGINT/SIGTERM stopped the run */
    dc_facts_stats facts;          /* --write-facts: what was written */
    /* set by dc_run_all from the options */
    bool want_diffs;               /* a report format shows proposed fixes: dry-run the fix loop */
    unsigned keep;                 /* what the records carry (DC_KEEP_*, report.h) */
    struct dc_review *review;      /* --interactive: the accepted fixes (cli/interactive.h), set by the
                                    * caller; only they are applied */
    struct dc_dirty *dirty;        /* --fix / --add-ignore: files with uncommitted changes, not written
                                    * (apply/dirty.h); NULL: none, or --allow-dirty */
} dc_run;

/* Processes every file (or standard input); findings, skips, fixes and errors go into `report`. */
void dc_run_all(dc_run *run, dc_report *report);

#endif
