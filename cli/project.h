/* project.h: the project phase of one run over one group of files (issue 15): gathering the
 * project's facts (project/facts.h), analysing each file with them, and the files that depend on
 * facts of other files analysed once those are known. cli/project.c's header comment says
 * which files are read for facts and why the phase is interleaved with the scan.
 *
 * How cli/run.c drives it, per group: dc_project_new (the resolver and the table, or the facts
 * file; NULL when the phase is off: standard input, DCMIGRATE_NO_PROJECT), dc_project_gather
 * (a pass of the facts' own, where one is wanted); the pool's job asks
 * dc_project_role what to do with each file and dc_project_prepare for the analysis options,
 * hands a file the prefilter skips to dc_project_skipped, reports an analysis that needed facts
 * not known yet with dc_project_redo, and gives its results to dc_project_hold; then
 * dc_project_settle (resolution, the files re-exporters need, the second pass's list),
 * dc_project_second (the second pass's items), dc_project_merge (every held result, in input
 * order) and dc_project_free.
 *
 * Ownership: a dc_project owns its resolver, its table and everything held; the file list and
 * options are borrowed. */
#ifndef DC_CLI_PROJECT_H
#define DC_CLI_PROJECT_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/engine.h"
#include "cli/authphase.h"
#include "cli/options.h"
#include "discover/discover.h"
#include "project/facts.h"
#include "report/report.h"
#include "ruleset/prefilter.h"

typedef struct dc_project dc_project;

typedef enum dc_project_role {
    DC_ROLE_ANALYSE = 0, /* the scan as always, with the project's facts */
    DC_ROLE_FACTS,       /* only its facts (another shard's file, --write-facts) */
    DC_ROLE_SKIP,        /* nothing (another shard's file, facts read from a file) */
} dc_project_role;

/* NULL when the phase is off; *errors counts a facts file that cannot be read. `pf` is the
 * run's prefilter (NULL: --no-prefilter). */
dc_project *dc_project_new(const dc_options *o, const char *const *roots, size_t nroots, const dc_file_list *files,
                           dc_profile profile, const dc_prefilter *pf, uint32_t *errors);
/* A run that writes files (--fix, --add-ignore) or only the facts gathers them first, in a
 * pass of their own over every file, on `jobs` threads; otherwise nothing happens here. */
void dc_project_gather(dc_project *p, int jobs, void (*trim)(void));
void dc_project_free(dc_project *p);

dc_project_role dc_project_role_of(const dc_project *p, uint32_t file);
/* Points `aopts` at the project for `file`, using `view` (the caller's storage). */
void dc_project_prepare(dc_project *p, uint32_t file, dc_analyze_opts *aopts, dc_facts_view *view);
/* Gathers a file's facts without analysing it: parsed when `parse`, else its imports from the text. */
void dc_project_facts_only(dc_project *p, dc_worker *w, uint32_t file, dc_source *src, bool parse);
/* A file the prefilter skips: true when it must be analysed all the same (it imports a module
 * with facts, which are known: facts from a file, or the second pass); else its imports are
 * noted for later. */
bool dc_project_skipped(dc_project *p, uint32_t file, const dc_source *src);
/* The analysis of `file` needed facts not known yet: its results are dropped, it is done again. */
void dc_project_redo(dc_project *p, uint32_t file);
/* Takes the job's results for `file` (its fragment and captured messages) when they must wait
 * for the merge; false when the phase does not hold results (then the pool merges them). */
bool dc_project_hold(dc_project *p, uint32_t file, dc_report *frag);

/* After the first pass: the facts resolved (re-exporters the scan skipped are read for theirs on
 * `jobs` threads); returns how many files the second pass analyses. */
uint32_t dc_project_settle(dc_project *p, int jobs, void (*trim)(void));
/* The second pass's files (ids, in order). */
const uint32_t *dc_project_second(const dc_project *p);
/* Every held result into `report`, in input order (messages printed as the pool would). */
void dc_project_merge(dc_project *p, dc_report *report, unsigned keep);
/* --write-facts: the table (and the auth configs) to `path`; false after an error message. */
bool dc_project_write(const dc_project *p, const char *path);
/* After a --fix run: did the fixes change facts of a file they wrote (a legacy toolset made a
 * client, an export renamed) that another file uses? Then that file was fixed against facts that
 * are no more, and cli/run.c scans the group again, so that a second --fix changes nothing.
 * Parses only the written files that had facts (project/facts.h: dc_facts_note_changes). */
bool dc_project_stale(dc_project *p, int jobs, void (*trim)(void));
/* What the phase found, for --write-facts's message and bench/run. */
dc_facts_stats dc_project_stats(const dc_project *p);
/* DCMIGRATE_PROJECT_STATS: one line on standard error (bench/run reads it). */
void dc_project_print_stats(const dc_project *p, uint32_t second);
/* The auth configs (cli/authphase.h), after dc_project_new and before dc_project_gather: from the
 * facts file (a broken entry counts in *errors); else read by the pass that reads each file
 * first (dc_project_gather's, or the scan's) and whole once the facts are. */
void dc_project_auth_start(dc_project *p, const dc_ruleset *rs, const dc_fix_opts *fopts, uint32_t *errors);
/* NULL for a NULL project. */
dc_authphase *dc_project_auth(dc_project *p);

#endif
