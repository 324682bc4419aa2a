/* authphase.h: the project's auth configs (issue 15 item 4), gathered by the project phase
 * (cli/project.h) for the fixers: every file's facts (analysis/authfacts.h) merged with the
 * explicit entries into the map dc_fix_opts points to.
 *
 * The map must be whole before a session's fixes are planned, but the phase is interleaved with
 * the scan, so a file may be planned before the module or .env that holds an id is read. Two
 * ways out, by whether a plan may be taken back:
 *   - a report or a dry run (--diff) holds its results until the merge: a file is planned with the
 *     explicit entries and its own facts (dc_fix_opts.map NULL), and when it consulted the auth
 *     configs (dc_fix_opts.auth_used) while another file has facts (dc_authmap_beyond), it is
 *     done again in the second pass with the whole map (dc_authphase_redo);
 *   - --fix writes in the first pass, so every file is read for its facts before the scan
 *     (dc_authphase_prepass): only the bytes, and a parse for the few files that pass the
 *     text-only candidate test (dc_authfacts_candidate: 7 of the dense bench corpus's 3983).
 * A file's facts are read once, by whichever pass reads it first, and only when it is a
 * candidate (a parse of its own: a candidate is rare, and the scan's parse is inside the fix
 * loop). With --facts FILE the facts come from that file and the map is whole from the start.
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
/* --fix: every file read for its facts on `jobs` threads, then the map is whole. */
void dc_authphase_prepass(dc_authphase *a, int jobs, uint64_t max_size, void (*trim)(void));
/* A file's facts, if it may have any and they were not read yet. */
void dc_authphase_read(dc_authphase *a, dc_worker *w, uint32_t file, dc_source *src);
/* The whole map, or NULL while it is not (the fixers then use the file's own facts). */
const dc_authmap *dc_authphase_map(const dc_authphase *a);
/* The file's fixes consulted the auth configs before the map was whole. */
void dc_authphase_used(dc_authphase *a, uint32_t file);
/* After the first pass: the map made whole. */
void dc_authphase_settle(dc_authphase *a);
/* Must the file be done again (it consulted the auth configs, and the whole map holds facts of
 * other files)? */
bool dc_authphase_redo(const dc_authphase *a, uint32_t file);
/* The facts as the facts file's "auth_configs" (a new reference: {"auth_configs": [...]}). */
struct json_t *dc_authphase_json(const dc_authphase *a);

#endif
