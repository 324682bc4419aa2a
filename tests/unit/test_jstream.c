/* The streamed JSON writer (report/jstream.h) must write exactly the bytes of
 * json_dumpf(whole tree, JSON_INDENT(2) | JSON_PRESERVE_ORDER) plus the newline the reports end
 * with: the JSON and SARIF goldens depend on it. Checked on hand-picked documents (empty
 * containers, strings that hold newlines and quotes, non-ASCII keys) and on thousands of random
 * trees, each streamed with containers opened and closed at random or written whole; and a write
 * error must be reported. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "report/jstream.h"

static unsigned long long seed = 88172645463325252ull;
static unsigned rnd(void) { /* xorshift: the same trees on every run */
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return (unsigned)seed;
}

static const char *const strs[] = {"", "a\nb", "tab\t", "q\"b\\s", "\x1b\x01 ctl", "caf\xc3\xa9 \xe2\x82\xac",
                                   "/s/", "\xf0\x9f\x98\x80", "crlf\r\n"};
#define NSTRS (sizeof strs / sizeof *strs)

static json_t *gen(int depth) {
    switch (rnd() % (depth > 3 ? 5u : 7u)) {
    case 0: return json_string(strs[rnd() % NSTRS]);
    case 1: return json_integer((json_int_t)rnd() - 2000000000);
    case 2: return rnd() % 2 ? json_true() : json_null();
    case 3: return json_false();
    case 4: return json_integer(0);
    case 5: {
        json_t *a = json_array();
        for (unsigned i = 0, n = rnd() % 4; i < n; i++) json_array_append_new(a, gen(depth + 1));
        return a;
    }
    default: {
        json_t *o = json_object();
        for (unsigned i = 0, n = rnd() % 4; i < n; i++) {
            char key[32];
            snprintf(key, sizeof key, "%s%u", strs[rnd() % NSTRS], i);
            json_object_set_new(o, key, gen(depth + 1));
        }
        return o;
    }
    }
}

/* Writes `v` through the stream: containers less than `levels` deep are opened and closed
 * (levels < 0: each one at random), deeper ones are dumped whole, as the report writers do. */
static void stream(dc_jw *w, const char *key, json_t *v, int levels) {
    bool split = (json_is_array(v) || json_is_object(v)) && (levels < 0 ? rnd() % 2 : levels > 0);
    int next = levels < 0 ? levels : levels - 1;
    if (!split) {
        dc_jw_put(w, key, json_incref(v));
    } else if (json_is_array(v)) {
        dc_jw_open(w, key, '[');
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) stream(w, NULL, e, next);
        dc_jw_close(w, ']');
    } else {
        dc_jw_open(w, key, '{');
        const char *k;
        json_t *e;
        json_object_foreach(v, k, e) stream(w, k, e, next);
        dc_jw_close(w, '}');
    }
}

/* Both renderings of `root` (a container), compared; the tree is released. */
static bool same_bytes(json_t *root, int levels) {
    char *a = NULL, *b = NULL;
    size_t al = 0, bl = 0;
    FILE *fa = open_memstream(&a, &al), *fb = open_memstream(&b, &bl);
    json_dumpf(root, fa, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', fa);
    dc_jw w;
    dc_jw_init(&w, fb);
    stream(&w, NULL, root, levels);
    bool ok = dc_jw_finish(&w);
    fclose(fa);
    fclose(fb);
    bool same = ok && al == bl && memcmp(a, b, al) == 0;
    if (!same) fprintf(stderr, "--- json_dumpf:\n%s--- streamed:\n%s", a, b);
    free(a);
    free(b);
    json_decref(root);
    return same;
}

DC_TEST(report_shaped_documents) {
    /* the JSON report's shape, streamed as its writer does (root and findings array opened,
     * each finding and the summary dumped whole): empty, then findings with nested fix edits */
    for (int levels = 0; levels <= 3; levels++) {
        CHECK(same_bytes(json_pack("{s:s,s:[],s:{s:i,s:[],s:{}}}", "tool", "dcmigrate", "findings", "summary", "n", 0,
                                   "skipped", "by_rule"),
                         levels));
        CHECK(same_bytes(json_pack("{s:s,s:[{s:s,s:{s:[{s:s},{s:i}]},s:n},{}],s:{s:[]}}", "tool", "dc", "findings",
                                   "message", "line one\nline \"two\"", "fix", "edits", "content", "x = 1\n", "end", 3,
                                   "extra", "summary", "skipped"),
                         levels));
        CHECK(same_bytes(json_pack("[[],{},[[]],{s:{}}]", "caf\xc3\xa9"), levels));
    }
}

DC_TEST(random_trees_stream_to_the_same_bytes) {
    for (int it = 0; it < 3000; it++) {
        json_t *root = rnd() % 2 ? json_object() : json_array();
        for (unsigned i = 0, n = rnd() % 5; i < n; i++) {
            if (json_is_array(root)) {
                json_array_append_new(root, gen(1));
            } else {
                char key[16];
                snprintf(key, sizeof key, "k%u", i);
                json_object_set_new(root, key, gen(1));
            }
        }
        if (!same_bytes(root, -1)) {
            CHECK(!"streamed bytes differ from json_dumpf");
            break;
        }
    }
}

DC_TEST(errors_are_reported) {
    dc_jw w;
    FILE *full = fopen("/dev/full", "w");
    if (full) { /* writes fail with ENOSPC once the buffer is flushed */
        setvbuf(full, NULL, _IONBF, 0);
        dc_jw_init(&w, full);
        dc_jw_open(&w, NULL, '[');
        dc_jw_put(&w, NULL, json_string("x"));
        dc_jw_close(&w, ']');
        CHECK(!dc_jw_finish(&w));
        fclose(full);
    }
    /* a value that could not be built (json_string refuses bad UTF-8) is an error, not a gap */
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    dc_jw_init(&w, mem);
    dc_jw_open(&w, NULL, '{');
    dc_jw_put(&w, "bad", json_string("\xff"));
    dc_jw_close(&w, '}');
    CHECK(!dc_jw_finish(&w));
    fclose(mem);
    free(buf);
}

DC_TEST_MAIN
