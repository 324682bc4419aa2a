/* query_cache.c: compiled tree-sitter queries kept across fuzz_rules' inputs (linked into the
 * libFuzzer build of fuzz_rules only).
 *
 * Why: compiling queries (ts_query_new's pattern analysis) was ~90% of fuzz_rules' time, and
 * most mutations of a rule file leave its queries as they were (they touch the message, the id,
 * the YAML around them), so the same texts were compiled again for every input, for every
 * grammar and profile. A query is immutable once made (dcmigrate never disables patterns or
 * captures), so one compiled from the same bytes for the same grammar can be shared; what runs
 * on it, dcmigrate's code, runs on every input as before. ts_query_new lives in the system's
 * uninstrumented libtree-sitter, so compiling a text twice found nothing the first compile did
 * not.
 *
 * How: this file defines ts_query_new and ts_query_delete, which the executable's calls bind to
 * instead of the shared library's (symbol interposition); the real functions come from
 * dlsym(RTLD_NEXT). Failures are cached too (with their error offset and kind): most mutated
 * queries do not compile. A cached query is deleted only when it leaves the cache (least recently
 * used first, and only once every caller that got it has deleted it), never by a caller. The cache is reachable from a global, so LeakSanitizer does not
 * call it a leak; an input that adds an entry ends with more mallocs than frees, which libFuzzer
 * answers with one more run of the input (then all hits, balanced), not a heap scan. */
#include <dlfcn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#include "fuzz_common.h"

enum { CACHE_SLOTS = 512, CACHE_TEXT_BYTES = 8u << 20 };

typedef struct entry {
    const TSLanguage *lang;
    char *text;
    uint32_t len, error_offset;
    TSQueryError error_type;
    TSQuery *query; /* NULL: the text does not compile */
    uint32_t refs;  /* callers that have it and have not deleted it: not evicted while > 0 */
    uint64_t hash, used;
} entry;

static entry cache[CACHE_SLOTS];
static uint32_t nused;
static size_t text_bytes;
static uint64_t clock_;

typedef TSQuery *(*query_new_fn)(const TSLanguage *, const char *, uint32_t, uint32_t *, TSQueryError *);
typedef void (*query_delete_fn)(TSQuery *);

static query_new_fn real_new(void) {
    static query_new_fn f;
    if (!f) f = (query_new_fn)dlsym(RTLD_NEXT, "ts_query_new");
    if (!f) dcf_fail("query cache", "dlsym(ts_query_new) failed");
    return f;
}

static query_delete_fn real_delete(void) {
    static query_delete_fn f;
    if (!f) f = (query_delete_fn)dlsym(RTLD_NEXT, "ts_query_delete");
    if (!f) dcf_fail("query cache", "dlsym(ts_query_delete) failed");
    return f;
}

static uint64_t hash_of(const TSLanguage *lang, const char *s, uint32_t len) {
    uint64_t h = 1469598103934665603ull ^ (uint64_t)(uintptr_t)lang;
    for (uint32_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static void evict(entry *e) {
    if (e->query) real_delete()(e->query);
    text_bytes -= e->len;
    free(e->text);
    memset(e, 0, sizeof *e);
    nused--;
}

/* A free slot, making room first (the least recently used entry no caller holds) when the cache
 * is full; NULL when every entry is held. */
static entry *free_slot(uint32_t len) {
    while (nused && (nused == CACHE_SLOTS || text_bytes + len > CACHE_TEXT_BYTES)) {
        entry *old = NULL;
        for (uint32_t i = 0; i < CACHE_SLOTS; i++)
            if (cache[i].text && !cache[i].refs && (!old || cache[i].used < old->used)) old = &cache[i];
        if (!old) return NULL;
        evict(old);
    }
    for (uint32_t i = 0; i < CACHE_SLOTS; i++)
        if (!cache[i].text) return &cache[i];
    return NULL;
}

/* DCF_QUERY_CACHE=0 turns the cache off, to compare or to rule it out. */
static bool cache_on(void) {
    static int on = -1;
    if (on < 0) {
        const char *v = getenv("DCF_QUERY_CACHE");
        on = !(v && strcmp(v, "0") == 0);
    }
    return on;
}

TSQuery *ts_query_new(const TSLanguage *lang, const char *source, uint32_t len, uint32_t *error_offset,
                      TSQueryError *error_type) {
    if (!cache_on()) return real_new()(lang, source, len, error_offset, error_type);
    uint64_t h = hash_of(lang, source, len);
    for (uint32_t i = 0; i < CACHE_SLOTS; i++) {
        entry *e = &cache[i];
        if (e->text && e->hash == h && e->lang == lang && e->len == len && memcmp(e->text, source, len) == 0) {
            e->used = ++clock_;
            if (e->query) e->refs++;
            *error_offset = e->error_offset;
            *error_type = e->error_type;
            return e->query;
        }
    }
    TSQuery *q = real_new()(lang, source, len, error_offset, error_type);
    entry *e = len < CACHE_TEXT_BYTES ? free_slot(len) : NULL;
    if (!e) return q; /* not cached: the caller's ts_query_delete deletes it */
    e->lang = lang;
    e->text = malloc(len ? len : 1);
    if (!e->text) return q;
    memcpy(e->text, source, len);
    e->len = len;
    e->error_offset = *error_offset;
    e->error_type = *error_type;
    e->query = q;
    e->refs = q ? 1 : 0;
    e->hash = h;
    e->used = ++clock_;
    text_bytes += len;
    nused++;
    return q;
}

void ts_query_delete(TSQuery *q) {
    if (!q) return;
    for (uint32_t i = 0; i < CACHE_SLOTS; i++) {
        if (cache[i].query != q) continue;
        if (!cache[i].refs) dcf_fail("query cache", "a cached query deleted more often than made");
        cache[i].refs--; /* deleted when it leaves the cache */
        return;
    }
    real_delete()(q);
}
