/* authphase.h: the project's auth configs (issue 15 item 4), gathered by the project phase
 * (cli/project.h) for the fixers: every file's facts (analysis/authfacts.h) merged with the
 * explicit entries into the map dc_fix_opts points to.
 *
 * The map must be whole before a session's fixes are planned. How, by the project phase's mode:
 *   - a run that writes (--fix, --add-ignore) or only gathers facts (--write-facts) reads every
 *     file in a pass of its own before the scan (dc_project_gather), which reads each file's auth
 *     configs too: the map is whole before the first plan;
 *   - --facts FILE: the auth configs are that file's "auth_configs" (dc_authphase_load);
 *   - a report or a dry run (--diff) is interleaved with the scan and holds its results until the
 *     merge: a file is planned with the explicit entries and its own facts (dc_fix_opts.map
 *     NULL), and when it consulted the auth configs (dc_fix_opts.auth_used) while another file
 *     has facts (dc_authmap_beyond), it is done again in the second pass with the whole map
 *     (dc_authphase_redo).
 * A file's facts are read once, by whichever pass reads it first, and only when it passes the
 * text-only candidate test (dc_authfacts_candidate: 7 of the dense bench corpus's 3983 files),
 * with a parse of its own (a candidate is rare, and the scan's parse is inside the fix loop).
 *
 * Ownership: a dc_authphase owns its facts and map; the rules, the explicit entries and the file
 * list are borrowed and must outlive it. Read and used may be called from the pool's workers
 * (each file is on one worker at a time); everything else from the main thread. */
#ifndef DC_CLI_AUTHPHASE_H
#define DC_CLI_AUTHPHASE_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/authfacts.h"
#include "analysis/engine.h"
#include "discover/discover.h"
#include "fixes/options.h"

struct json_t;
typedef struct dc_authphase dc_authphase;

dc_authphase *dc_authphase_new(const dc_ruleset *rs, const dc_fix_opts *fopts, const dc_file_list *files);
void dc_authphase_free(dc_authphase *a);

/* The auth configs of a facts file (--facts: its "auth_configs"); the map is then whole.
 * False after a dc_diag error naming the file. */
bool dc_authphase_load(dc_authphase *a, struct json_t *doc, const char *path);
/* A file's facts, if it may have any and they were not read yet. */
void dc_authphase_read(dc_authphase *a, dc_worker *w, uint32_t file, dc_source *src);
/* The whole map, or NULL while it is not (the fixers then use the file's own facts). */
const dc_authmap *dc_authphase_map(const dc_authphase *a);
/* The file's fixes consulted the auth configs before the map was whole. */
void dc_authphase_used(dc_authphase *a, uint32_t file);
/* Once every file was read (after the first pass, or the pass of its own): the map made whole.
 * Again: nothing. */
void dc_authphase_settle(dc_authphase *a);
/* Must the file be done again (it consulted the auth configs, and the whole map holds facts of
 * other files)? */
bool dc_authphase_redo(const dc_authphase *a, uint32_t file);
/* The facts as the facts file's "auth_configs" (a new reference: {"auth_configs": [...]}). */
struct json_t *dc_authphase_json(const dc_authphase *a);

#endif
