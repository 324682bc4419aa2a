/* project.c: the project phase (project.h), interleaved with the scan.
 *
 * Which files are read for facts, and why it is interleaved. A linker's way would read every
 * file's exports first and analyse afterwards, but on a tree where most files use the SDK (the
 * bench's dense corpus: every file does, and half of them are imported by others) that parses
 * most files twice, and parsing is most of the cost. So the facts come from the scan itself:
 *   1. First pass (the pool, in input order). A file the literal prefilter passes is analysed as
 *      always, with its imports of project modules seen as PENDING, and its exported facts are
 *      taken from that same parse (dc_analyze_opts.collect). If its analysis needed one of those
 *      imports (a receiver or class it could not prove is rooted at one: engine.c), its results
 *      are dropped and it is marked for the second pass; nothing was planned or written for it.
 *      A file the prefilter skips is not parsed: its imports are read from its text
 *      (project/importscan.h) while it is in memory anyway.
 *   2. Settling: the facts are resolved (project/facts.h). A skipped file that imports a module
 *      with facts and is itself imported is a possible re-exporter (`export * from "./sdk"` in an
 *      index.ts that names no SDK): it is parsed for its facts alone and the facts resolved
 *      again, wave after wave until no such file is left (a chain of n re-exporters takes n
 *      waves; each file is read at most once).
 *   3. Second pass: the files marked in 1., and every skipped file that imports a module with
 *      facts (the consumers the prefilter could not know about), analysed with the final facts.
 * The result equals the linker's way: every analysis that used a project fact used the final
 * one. A file is parsed once, except a file that needed project facts (twice) and a re-exporter
 * the prefilter skips (once for its facts, once more if it is also a consumer). Results are
 * held and merged in input order at the end, so the report and the messages are those a single
 * pass in input order would give, for any -j.
 *
 * With --facts FILE the facts are known from the start: one pass, nothing held, and a file the
 * prefilter skips is analysed at once when it imports a module with facts. With --shard I/N only
 * the shard's files are analysed; the others, unless the facts come from a file, are read for
 * their facts only. --write-facts reads every file for its facts only. */
#include "cli/project.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/authphase.h"
#include "cli/pool.h"
#include "common/diag.h"
#include "common/recover.h"
#include "project/importscan.h"
#include "report/build.h"

/* Re-exporters of re-exporters that the prefilter skips: a longer chain is not followed. */
#define DC_PROJECT_MAX_WAVES 64

enum { F_ANALYSED = 1, F_REDO = 2, F_TRIVIAL = 4, F_CHANGED = 8 };

/* How the facts are had: from the scan's first pass (1.-3. above), from a pass of their own
 * before the scan (a run that writes files must not write one whose analysis would change once
 * the facts are known; and --write-facts wants nothing else), or from --facts FILE. */
typedef enum dc_project_mode { DC_MODE_INTERLEAVED, DC_MODE_FIRST, DC_MODE_LOADED } dc_project_mode;

struct dc_project {
    const dc_options *o;
    const dc_file_list *files;
    dc_resolver *r;
    dc_facts *facts;
    dc_profile profile;
    dc_project_mode mode;
    bool final;     /* the facts are known (the second pass; after a pass of their own; loaded) */
    bool hold;      /* results wait for dc_project_merge */
    uint8_t *flags; /* per file */
    dc_report **held;
    char **msgs;
    DC_VEC(uint32_t) second_list; /* (the second pass's files) */
    uint32_t waves;
    const dc_prefilter *prefilter; /* NULL: --no-prefilter */
    dc_authphase *auth;            /* the auth configs (cli/authphase.h), from dc_project_auth_start */
    json_t *doc;                   /* the facts file, until the auth configs are read from it */
    dc_facts_changes *changes;     /* --fix: what the written files now export (dc_project_stale) */
};

dc_project *dc_project_new(const dc_options *o, const char *const *roots, size_t nroots, const dc_file_list *files,
                           dc_profile profile, const dc_prefilter *pf, uint32_t *errors) {
    const char *off = getenv("DCMIGRATE_NO_PROJECT");
    if (o->stdin_filename || !files->len || (off && *off && strcmp(off, "0") != 0)) return NULL;
    const char **paths = dc_xcalloc(files->len, sizeof *paths), **display = dc_xcalloc(files->len, sizeof *display);
    for (uint32_t i = 0; i < files->len; i++) {
        paths[i] = files->v[i].path;
        display[i] = files->v[i].display;
    }
    dc_project_input in = {roots, nroots, paths, files->len};
    dc_project *p = dc_xcalloc(1, sizeof *p);
    p->o = o;
    p->files = files;
    p->profile = profile;
    p->prefilter = pf;
    p->r = dc_resolver_new(&in);
    if (o->facts) {
        struct json_t *doc = NULL;
        p->facts = dc_facts_read(p->r, display, o->facts, &doc);
        p->doc = doc; /* its auth configs: dc_project_auth_start */
        p->mode = DC_MODE_LOADED;
        p->final = true;
    } else {
        p->facts = dc_facts_new(p->r, display);
        p->mode = o->fix || o->add_ignore || o->write_facts ? DC_MODE_FIRST : DC_MODE_INTERLEAVED;
        p->hold = p->mode == DC_MODE_INTERLEAVED;
    }
    free(paths);
    free(display);
    if (!p->facts) { /* reported: the run goes on with file-scoped facts */
        (*errors)++;
        dc_resolver_free(p->r);
        free(p);
        return NULL;
    }
    p->flags = dc_xcalloc(files->len, 1);
    if (p->hold) {
        p->held = dc_xcalloc(files->len, sizeof *p->held);
        p->msgs = dc_xcalloc(files->len, sizeof *p->msgs);
    }
    return p;
}

void dc_project_free(dc_project *p) {
    if (!p) return;
    for (uint32_t i = 0; p->held && i < p->files->len; i++) {
        if (p->held[i]) dc_report_free(p->held[i]);
        free(p->held[i]);
        free(p->msgs[i]);
    }
    free(p->held);
    free(p->msgs);
    free(p->flags);
    dc_facts_changes_free(p->changes);
    dc_vec_free(&p->second_list);
    dc_authphase_free(p->auth);
    if (p->doc) json_decref(p->doc);
    dc_facts_free(p->facts);
    dc_resolver_free(p->r);
    free(p);
}

static bool in_shard(const dc_project *p, uint32_t file) {
    return !p->o->shard_count || file % p->o->shard_count == p->o->shard_index - 1;
}

dc_project_role dc_project_role_of(const dc_project *p, uint32_t file) {
    if (p->o->write_facts) return DC_ROLE_SKIP; /* (gathered by dc_project_gather) */
    if (in_shard(p, file)) return DC_ROLE_ANALYSE;
    return p->mode == DC_MODE_INTERLEAVED && !p->final ? DC_ROLE_FACTS : DC_ROLE_SKIP;
}

void dc_project_prepare(dc_project *p, uint32_t file, dc_analyze_opts *aopts, dc_facts_view *view) {
    *view = (dc_facts_view){p->facts, file, !p->final, NULL};
    aopts->project = view;
    aopts->collect = p->final ? NULL : p->facts;
    if (p->changes && dc_facts_has(p->facts, file)) { /* its facts were put: what the fixes make of them */
        view->changes = p->changes;
        aopts->exports = true;
    }
    p->flags[file] |= F_ANALYSED;
}

static bool is_py(const dc_source *src) { return dc_lang_family(src->lang) == DC_FAMILY_PYTHON; }
static bool is_code(const dc_source *src) {
    dc_family f = dc_lang_family(src->lang);
    return f == DC_FAMILY_PYTHON || f == DC_FAMILY_TS;
}

/* Parses `src` and computes its facts (*ff) under a recovery point with the file's memory budget
 * (cli/pool.h), as its analysis has one: without it, the facts pass of its own that --fix makes
 * first parsed 2 MB of nested code with no bound (420-480 MB of RSS, bench/pathological) and an
 * allocation that failed there ended the run. NULL when the parse or the facts escaped (over the
 * budget, out of memory, a crash, a stop): the file has no facts then, and its analysis, which
 * needs at least as much, says why it is skipped. The facts are put in the shared table after
 * the point is disarmed (nothing escapes while the table is changed). */
static TSTree *parse_for_facts(dc_project *p, dc_worker *w, dc_source *src, dc_file_facts *ff) {
    dc_recover r;
    if (sigsetjmp(r.jb, 1) == 0) {
        dc_recover_arm(&r, dc_file_memory_budget(src->len));
        TSTree *t = dc_parse(w, src);
        if (t) dc_bindings_compute_in(dc_worker_arena(w), src, t, p->profile, NULL, ff);
        dc_recover_disarm(&r);
        return t;
    }
    dc_worker_recover(w, r.unsafe); /* deletes the tree, if there was one */
    *ff = (dc_file_facts){0};
    return NULL;
}

void dc_project_facts_only(dc_project *p, dc_worker *w, uint32_t file, dc_source *src, bool parse) {
    if (p->auth) dc_authphase_read(p->auth, w, file, src);
    if (!is_code(src)) return;
    if (!parse) {
        dc_import_specs specs = {0};
        dc_importscan(src->data, src->len, is_py(src), &specs);
        dc_facts_put_imports(p->facts, file, (const char *const *)specs.v, specs.len, is_py(src));
        dc_import_specs_free(&specs);
        return;
    }
    dc_file_facts ff = {0};
    TSTree *t = parse_for_facts(p, w, src, &ff);
    if (!t) return;
    dc_facts_put(p->facts, file, &ff);
    dc_worker_tree_delete(w, t);
    dc_arena_reset(dc_worker_arena(w));
}

bool dc_project_skipped(dc_project *p, uint32_t file, const dc_source *src) {
    if (!is_code(src)) return false;
    if (p->mode == DC_MODE_INTERLEAVED && p->final) return true; /* chosen for the second pass as a consumer */
    dc_import_specs specs = {0};
    dc_importscan(src->data, src->len, is_py(src), &specs);
    bool consumer = false;
    if (!p->final)
        dc_facts_put_imports(p->facts, file, (const char *const *)specs.v, specs.len, is_py(src));
    else
        consumer = dc_facts_specs_bearing(p->facts, file, is_py(src), (const char *const *)specs.v, specs.len);
    dc_import_specs_free(&specs);
    return consumer;
}

void dc_project_redo(dc_project *p, uint32_t file) { p->flags[file] |= F_REDO; }

/* Nothing but "one file scanned, nothing in it": kept as a flag, not as a fragment. */
static bool trivial(const dc_report *f) {
    return f->findings.len == 0 && f->skipped.len == 0 && f->fixed.len == 0 && f->diffs.len == 0 && f->errors == 0 &&
           f->migrated == 0 && f->files_changed == 0 && f->suppressions_added == 0 && f->files_scanned == 1 &&
           (f->files.len == 0 || (f->files.len == 1 && f->files.v[0].migrated == 0));
}

bool dc_project_hold(dc_project *p, uint32_t file, dc_report *frag) {
    if (frag->files_changed) p->flags[file] |= F_CHANGED;
    if (!p->hold) return false;
    dc_buf *cap = dc_diag_capture_current();
    free(p->msgs[file]);
    p->msgs[file] = cap && cap->len ? dc_buf_detach(cap) : NULL;
    if (p->held[file]) {
        dc_report_free(p->held[file]);
        free(p->held[file]);
        p->held[file] = NULL;
    }
    p->flags[file] &= (uint8_t)~F_TRIVIAL;
    if (trivial(frag)) {
        p->flags[file] |= F_TRIVIAL;
        dc_report_free(frag);
    } else if (frag->files_scanned || frag->skipped.len || frag->errors) {
        p->held[file] = dc_xmalloc(sizeof *p->held[file]);
        *p->held[file] = *frag;
    } else {
        dc_report_free(frag);
    }
    dc_report_init(frag);
    return true;
}

/* ---- settling ----------------------------------------------------------------------------- */

typedef struct gather {
    dc_project *p;
    const uint32_t *items;
    uint64_t max_size;
    bool scan; /* a pass of its own over every file: parse only what the prefilter passes */
} gather;

/* The pool's job of a facts-only pass: one file read for its facts (a wave parses a re-exporter;
 * a pass of its own parses what the prefilter passes and reads the others' imports). */
static bool gather_file(void *ctx, dc_worker *w, dc_budget *budget, uint32_t i, dc_report *frag) {
    (void)frag;
    const gather *g = ctx;
    uint32_t file = g->items[i];
    const dc_file_entry *e = &g->p->files->v[file];
    if (e->lang == DC_LANG_NONE) return true;
    dc_load_status st;
    int err;
    dc_source *src = dc_source_load_at(e->dirfd, e->rel, e->display, g->max_size, &st, &err);
    if (!src) return true;
    src->lang = e->lang;
    /* a file with a direct `tools.execute(` names no SDK when its client is imported: it is parsed
     * for its executions all the same (a version pin elsewhere still matters to it; issue 16 item 8) */
    bool parse = !g->scan || !g->p->prefilter ||
                 dc_prefilter_pass(g->p->prefilter, src->lang, src->data, src->len, dc_worker_match_data(w)) ||
                 memmem(src->data, src->len, "execute", 7);
    dc_budget_take(budget, src->len);
    dc_project_facts_only(g->p, w, file, src, parse);
    dc_budget_give(budget, src->len);
    dc_source_free(src);
    return true;
}

static void run_wave(dc_project *p, const uint32_t *items, uint32_t n, int jobs, void (*trim)(void)) {
    gather g = {p, items, p->o->max_file_size, false};
    dc_progress quiet = {0}; /* (a wave is short; the scan's line is the one that shows) */
    dc_pool_opts po = {jobs, gather_file, &g, &quiet, trim};
    dc_report none;
    dc_report_init(&none);
    dc_pool_run(&po, n, &none);
    dc_report_free(&none);
}

typedef DC_VEC(uint32_t) u32_vec;

static void reexporters(dc_project *p, u32_vec *out) {
    uint32_t n = p->files->len;
    uint8_t *consumer = dc_xcalloc(n, 1), *targeted = dc_xcalloc(n, 1);
    bool any = false;
    for (uint32_t i = 0; i < n; i++) {
        /* (any file, whatever its role: another shard's re-exporter carries facts to this one's) */
        consumer[i] = !dc_facts_has(p->facts, i) && dc_facts_imports_bearing(p->facts, i);
        any |= consumer[i];
    }
    if (any) dc_facts_mark_targets(p->facts, consumer, targeted);
    out->len = 0;
    for (uint32_t i = 0; i < n; i++)
        if (targeted[i]) dc_vec_push(out, i);
    free(consumer);
    free(targeted);
}

/* Resolution, and the waves of re-exporters the scan skipped. */
static void resolve_all(dc_project *p, int jobs, void (*trim)(void)) {
    dc_facts_resolve(p->facts);
    u32_vec todo = {0};
    for (int k = 0; k < DC_PROJECT_MAX_WAVES; k++) {
        reexporters(p, &todo);
        if (!todo.len) break;
        run_wave(p, todo.v, todo.len, jobs, trim);
        dc_facts_resolve(p->facts);
        p->waves++;
    }
    dc_vec_free(&todo);
    p->final = true;
}

uint32_t dc_project_settle(dc_project *p, int jobs, void (*trim)(void)) {
    if (p->mode != DC_MODE_INTERLEAVED) return 0;
    resolve_all(p, jobs, trim);
    if (p->auth) dc_authphase_settle(p->auth);
    for (uint32_t i = 0; i < p->files->len; i++) {
        if (dc_project_role_of(p, i) != DC_ROLE_ANALYSE) continue;
        /* (or planned with its own auth configs while another file has some) */
        bool redo = (p->flags[i] & F_REDO) || ((p->flags[i] & F_ANALYSED) && dc_facts_uses_facts(p->facts, i)) ||
                    (p->auth && dc_authphase_redo(p->auth, i));
        bool consumer = !(p->flags[i] & F_ANALYSED) && dc_facts_imports_bearing(p->facts, i);
        if (redo || consumer) dc_vec_push(&p->second_list, i);
    }
    return p->second_list.len;
}

void dc_project_gather(dc_project *p, int jobs, void (*trim)(void)) {
    if (p->mode != DC_MODE_FIRST) return;
    uint32_t *all = dc_xcalloc(p->files->len, sizeof *all);
    for (uint32_t i = 0; i < p->files->len; i++) all[i] = i;
    gather g = {p, all, p->o->max_file_size, true};
    dc_progress quiet = {0};
    dc_pool_opts po = {jobs, gather_file, &g, &quiet, trim};
    dc_report none;
    dc_report_init(&none);
    dc_pool_run(&po, p->files->len, &none);
    dc_report_free(&none);
    free(all);
    resolve_all(p, jobs, trim);
    if (p->auth) dc_authphase_settle(p->auth); /* (every file was read for its auth configs too) */
    if (p->o->fix) p->changes = dc_facts_changes_new(p->facts);
}

const uint32_t *dc_project_second(const dc_project *p) { return p->second_list.v; }

/* dc_project_stale's pool job: a file the fixes wrote, its facts computed again and compared. */
typedef struct restale {
    dc_project *p;
    const uint32_t *items;
    dc_facts_changes *changes;
} restale;

static bool stale_file(void *ctx, dc_worker *w, dc_budget *budget, uint32_t i, dc_report *frag) {
    (void)frag;
    const restale *g = ctx;
    uint32_t file = g->items[i];
    const dc_file_entry *e = &g->p->files->v[file];
    dc_load_status st;
    int err;
    dc_source *src = dc_source_load_at(e->dirfd, e->rel, e->display, g->p->o->max_file_size, &st, &err);
    TSTree *t = NULL;
    dc_file_facts ff = {0};
    if (src) {
        src->lang = e->lang;
        dc_budget_take(budget, src->len);
        t = parse_for_facts(g->p, w, src, &ff);
    }
    dc_facts_note_changes(g->p->facts, file, t ? &ff : NULL, g->changes);
    if (t) dc_worker_tree_delete(w, t);
    dc_arena_reset(dc_worker_arena(w));
    if (src) dc_budget_give(budget, src->len);
    dc_source_free(src);
    return true;
}

bool dc_project_stale(dc_project *p, int jobs, void (*trim)(void)) {
    if (p->mode != DC_MODE_FIRST || !p->o->fix || !p->changes) return false;
    /* a written file's facts were noted from the analysis of its final text (cli/run.c); one whose
     * report did not come from such an analysis is parsed for them here */
    u32_vec items = {0};
    for (uint32_t i = 0; i < p->files->len; i++)
        if ((p->flags[i] & F_CHANGED) && dc_facts_has(p->facts, i) && !dc_facts_changes_noted(p->changes, i))
            dc_vec_push(&items, i);
    if (items.len) {
        restale g = {p, items.v, p->changes};
        dc_progress quiet = {0};
        dc_pool_opts po = {jobs, stale_file, &g, &quiet, trim};
        dc_report none;
        dc_report_init(&none);
        dc_pool_run(&po, items.len, &none);
        dc_report_free(&none);
    }
    dc_vec_free(&items);
    return dc_facts_changes_used(p->facts, p->changes);
}

void dc_project_merge(dc_project *p, dc_report *report, unsigned keep) {
    if (!p->hold) return;
    for (uint32_t i = 0; i < p->files->len; i++) {
        if (p->msgs[i]) fputs(p->msgs[i], stderr);
        if (p->held[i]) {
            dc_report_merge(report, p->held[i]);
            free(p->held[i]);
            p->held[i] = NULL;
        } else if (p->flags[i] & F_TRIVIAL) {
            report->files_scanned++;
            dc_report_add_file(report, p->files->v[i].display, 0, keep);
        }
    }
}

bool dc_project_write(const dc_project *p, const char *path) {
    json_t *extra = p->auth ? dc_authphase_json(p->auth) : NULL;
    bool ok = dc_facts_write(p->facts, path, extra);
    if (extra) json_decref(extra);
    return ok;
}

void dc_project_auth_start(dc_project *p, const dc_ruleset *rs, const dc_fix_opts *fopts, uint32_t *errors) {
    p->auth = dc_authphase_new(rs, fopts, p->files);
    if (!p->doc) return;
    if (!dc_authphase_load(p->auth, p->doc, p->o->facts)) (*errors)++;
    json_decref(p->doc);
    p->doc = NULL;
}

dc_authphase *dc_project_auth(dc_project *p) { return p ? p->auth : NULL; }

dc_facts_stats dc_project_stats(const dc_project *p) { return dc_facts_get_stats(p->facts); }

void dc_project_print_stats(const dc_project *p, uint32_t second) {
    dc_facts_stats st = dc_facts_get_stats(p->facts);
    uint32_t redo = 0;
    for (uint32_t i = 0; i < p->files->len; i++) redo += (p->flags[i] & F_REDO) != 0;
    fprintf(stderr,
            "dcmigrate: project: %u files, %u with facts, %u that matter to importers, %u names with a fact (%u weak), "
            "%u waves, %u analysed again, %u in the second pass\n",
            p->files->len, st.files_with_facts, st.bearing, st.exports, st.weak, p->waves, redo, second);
    if (getenv("DCMIGRATE_PROJECT_STATS")[0] == '2') dc_facts_debug_memory(p->facts);
}
