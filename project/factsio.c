/* factsio.c: the facts file (facts.h): the resolved table as JSON, written by --write-facts and
 * read back by --facts, so that shards of one tree share the facts of the whole tree.
 *
 * Only what the queries read is written: per file that matters to its importers, whether it
 * imports the SDK and its importable names with their facts. A file's path is its display path;
 * reading maps each path to the file of this run that has it, so a runner that lists fewer files
 * (a shard, a partial checkout) keeps the facts of the files it has and ignores the rest. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "common/diag.h"
#include "project/facts.h"
#include "project/facts_p.h"

#define DC_FACTS_VERSION 1

static json_t *sdk_list(uint8_t sdk) {
    json_t *a = json_array();
    if (sdk & DC_FACT_SDK_DEVCASTER) json_array_append_new(a, json_string("devcaster"));
    if (sdk & DC_FACT_SDK_COMPOSIO) json_array_append_new(a, json_string("composio"));
    return a;
}

static json_t *fact_json(const dc_facts *f, const dc_named_fact *nf) {
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(nf->name));
    json_object_set_new(o, "kind", json_string(dc_fact_kind_name(nf->fact.kind)));
    if (nf->fact.sdk) json_object_set_new(o, "sdk", sdk_list(nf->fact.sdk));
    if (nf->fact.nmembers) {
        json_t *m = json_array();
        for (uint32_t i = 0; i < nf->fact.nmembers; i++) json_array_append_new(m, json_string(nf->fact.members[i]));
        json_object_set_new(o, "members", m);
    }
    if (nf->fact.kind == DC_FACT_MODULE && nf->fact.module >= 0)
        json_object_set_new(o, "module", json_string(dc_facts_display(f, (uint32_t)nf->fact.module)));
    if (nf->fact.file >= 0 && nf->fact.line)
        json_object_set_new(o, "at", json_sprintf("%s:%u", dc_facts_display(f, (uint32_t)nf->fact.file), nf->fact.line));
    return o;
}

/* Every direct execution of the tree (issue 16, item 8), with the fact its receiver reaches, so
 * that a run reading the facts knows what a toolkit version pin still matters to. */
static json_t *execs_json(const dc_facts *f) {
    json_t *a = json_array();
    for (uint32_t i = 0; i < f->nfiles; i++) {
        const ff_file *rec = &f->files[i];
        for (uint32_t k = 0; rec->present && k < rec->ff.nexecs; k++) {
            dc_fact v = ff_exec_fact(f, i, &rec->ff.execs[k]);
            json_t *o = json_object();
            json_object_set_new(o, "path", json_string(f->display[i]));
            json_object_set_new(o, "line", json_integer(rec->ff.execs[k].line));
            if (v.kind != DC_FACT_NONE && v.file >= 0) {
                json_object_set_new(o, "kind", json_string(dc_fact_kind_name(v.kind)));
                json_object_set_new(o, "at", json_sprintf("%s:%u", dc_facts_display(f, (uint32_t)v.file), v.line));
            }
            json_array_append_new(a, o);
        }
    }
    return a;
}

bool dc_facts_write(const dc_facts *f, const char *path, json_t *extra) {
    json_t *doc = json_object();
    json_object_set_new(doc, "tool", json_string("dcmigrate"));
    json_object_set_new(doc, "facts_version", json_integer(DC_FACTS_VERSION));
    json_t *files = json_array();
    for (uint32_t i = 0; i < f->nfiles; i++) {
        const ff_file *rec = &f->files[i];
        if (!rec->bearing) continue;
        json_t *o = json_object();
        json_object_set_new(o, "path", json_string(f->display[i]));
        json_object_set_new(o, "imports_sdk", json_boolean(rec->imports_sdk));
        if (rec->ff.sdk) json_object_set_new(o, "sdk", sdk_list(rec->ff.sdk));
        json_t *ex = json_array();
        for (uint32_t k = 0; k < rec->nnamed; k++) json_array_append_new(ex, fact_json(f, &rec->named[k]));
        json_object_set_new(o, "exports", ex);
        json_array_append_new(files, o);
    }
    json_object_set_new(doc, "files", files);
    json_object_set_new(doc, "executions", execs_json(f));
    if (extra) json_object_update(doc, extra);
    int rc = json_dump_file(doc, path, JSON_INDENT(1) | JSON_SORT_KEYS);
    json_decref(doc);
    if (rc != 0) dc_diag(DC_DIAG_ERROR, path, 0, 0, "cannot write the facts file");
    return rc == 0;
}

/* ---- reading ---------------------------------------------------------------------------------- */

static int display_cmp(const void *a, const void *b, void *ctx) {
    const char *const *d = ctx;
    return strcmp(d[*(const uint32_t *)a], d[*(const uint32_t *)b]);
}

typedef struct by_path {
    uint32_t *order; /* file ids sorted by display path */
    uint32_t n;
    const char *const *display;
} by_path;

static int32_t find_path(const by_path *bp, const char *path) {
    uint32_t lo = 0, hi = bp->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = strcmp(bp->display[bp->order[mid]], path);
        if (c == 0) return (int32_t)bp->order[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

static uint8_t sdk_bits(json_t *a) {
    uint8_t b = 0;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        const char *s = json_string_value(v);
        if (s && strcmp(s, "devcaster") == 0) b |= DC_FACT_SDK_DEVCASTER;
        if (s && strcmp(s, "composio") == 0) b |= DC_FACT_SDK_COMPOSIO;
    }
    return b;
}

/* "path:line" -> file id and line (-1 / 0 when the file is not listed). */
static void read_at(const by_path *bp, dc_facts *f, const char *at, dc_fact *v) {
    const char *colon = at ? strrchr(at, ':') : NULL;
    if (!colon) return;
    char *path = dc_arena_strndup(&f->arena, at, (size_t)(colon - at));
    v->file = find_path(bp, path);
    v->line = v->file >= 0 ? (uint32_t)strtoul(colon + 1, NULL, 10) : 0;
}

/* One export of a listed file; false (with a message) when it is malformed. */
static bool read_export(dc_facts *f, const by_path *bp, int32_t file, json_t *o, const char *path) {
    const char *name = json_string_value(json_object_get(o, "name"));
    const char *kind = json_string_value(json_object_get(o, "kind"));
    dc_fact v = {dc_fact_kind_from_name(kind ? kind : ""), 0, -1, NULL, 0, -1, 0};
    if (!name || !*name || v.kind == DC_FACT_NONE || v.kind == DC_FACT_PENDING) {
        dc_diag(DC_DIAG_WARNING, path, 0, 0, "an export of %s has no name or an unknown kind; ignored", f->display[file]);
        return false;
    }
    v.sdk = sdk_bits(json_object_get(o, "sdk"));
    json_t *members = json_object_get(o, "members");
    if (json_array_size(members)) {
        const char **m = dc_arena_alloc(&f->arena, json_array_size(members) * sizeof *m);
        size_t i;
        json_t *x;
        json_array_foreach(members, i, x) {
            if (json_string_value(x)) m[v.nmembers++] = dc_arena_strdup(&f->arena, json_string_value(x));
        }
        v.members = m;
    }
    if (v.kind == DC_FACT_MODULE) {
        const char *mod = json_string_value(json_object_get(o, "module"));
        v.module = find_path(bp, mod ? mod : "");
        if (v.module < 0) return true; /* a module this run does not list: nothing to see there */
    }
    read_at(bp, f, json_string_value(json_object_get(o, "at")), &v);
    uint32_t si = ff_slot_get(f, file, name);
    if (f->slots.v[si].val.kind == DC_FACT_NONE) f->slots.v[si].val = v;
    return true;
}

static void read_execs(dc_facts *f, const by_path *bp, json_t *execs) {
    f->execs_known = json_is_array(execs);
    size_t i;
    json_t *o;
    json_array_foreach(execs, i, o) {
        const char *p = json_string_value(json_object_get(o, "path"));
        const char *kind = json_string_value(json_object_get(o, "kind"));
        if (!p) continue;
        ff_exec x = {dc_arena_strdup(&f->arena, p), (uint32_t)json_integer_value(json_object_get(o, "line")),
                     {dc_fact_kind_from_name(kind ? kind : ""), 0, -1, NULL, 0, -1, 0}};
        read_at(bp, f, json_string_value(json_object_get(o, "at")), &x.via);
        dc_vec_push(&f->loaded_execs, x);
    }
}

static bool read_files(dc_facts *f, const by_path *bp, json_t *files, const char *path) {
    if (!json_is_array(files)) {
        dc_diag(DC_DIAG_ERROR, path, 0, 0, "not a dcmigrate facts file (no \"files\" list)");
        return false;
    }
    size_t i;
    json_t *o;
    json_array_foreach(files, i, o) {
        const char *p = json_string_value(json_object_get(o, "path"));
        int32_t file = p ? find_path(bp, p) : -1;
        if (file < 0) continue;
        ff_file *rec = &f->files[file];
        rec->present = true;
        rec->imports_sdk = json_is_true(json_object_get(o, "imports_sdk"));
        rec->ff.sdk = sdk_bits(json_object_get(o, "sdk"));
        size_t k;
        json_t *ex;
        json_array_foreach(json_object_get(o, "exports"), k, ex) read_export(f, bp, file, ex, path);
    }
    return true;
}

dc_facts *dc_facts_read(const dc_resolver *r, const char *const *display, const char *path, json_t **doc_out) {
    *doc_out = NULL;
    json_error_t err;
    json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (!doc) {
        dc_diag(DC_DIAG_ERROR, path, (uint32_t)(err.line > 0 ? err.line : 0), (uint32_t)(err.column > 0 ? err.column : 0),
                "cannot read the facts file: %s", err.text);
        return NULL;
    }
    json_t *ver = json_object_get(doc, "facts_version");
    if (!json_is_integer(ver) || json_integer_value(ver) != DC_FACTS_VERSION) {
        dc_diag(DC_DIAG_ERROR, path, 0, 0, "facts file version %lld is not the version this dcmigrate writes (%d): write it again with --write-facts",
                json_is_integer(ver) ? (long long)json_integer_value(ver) : -1LL, DC_FACTS_VERSION);
        json_decref(doc);
        return NULL;
    }
    dc_facts *f = ff_new(r, display);
    f->loaded = true;
    by_path bp = {dc_xcalloc(f->nfiles ? f->nfiles : 1, sizeof(uint32_t)), f->nfiles, f->display};
    for (uint32_t i = 0; i < f->nfiles; i++) bp.order[i] = i;
    qsort_r(bp.order, f->nfiles, sizeof *bp.order, display_cmp, (void *)f->display);
    bool ok = read_files(f, &bp, json_object_get(doc, "files"), path);
    read_execs(f, &bp, json_object_get(doc, "executions"));
    free(bp.order);
    if (!ok) {
        json_decref(doc);
        dc_facts_free(f);
        return NULL;
    }
    ff_finish(f);
    *doc_out = doc;
    return f;
}
