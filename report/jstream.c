/* jstream.c: see jstream.h for why and for the byte-for-byte contract with json_dumpf. */
#include "report/jstream.h"

#include <stdlib.h>
#include <string.h>

#define DC_JW_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY)

void dc_jw_init(dc_jw *w, FILE *out) {
    memset(w, 0, sizeof *w);
    w->out = out;
    w->first = true;
}

static void put_indent(dc_jw *w, uint32_t depth) {
    static const char spaces[] = "                                                                ";
    size_t n = 2u * depth;
    while (n) {
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        if (fwrite(spaces, 1, k, w->out) != k) w->err = true;
        n -= k;
    }
}

typedef struct indent_ctx {
    dc_jw *w;
    uint32_t depth;
} indent_ctx;

/* json_dump_callback sink: passes the dump through, indenting each new line by the depth the
 * value sits at (jansson indents nested lines relative to the value it was given). */
static int indent_sink(const char *buf, size_t size, void *data) {
    indent_ctx *c = data;
    const char *p = buf, *end = buf + size;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
        if (fwrite(p, 1, n, c->w->out) != n) return -1;
        if (nl) put_indent(c->w, c->depth);
        if (c->w->err) return -1;
        p += n;
    }
    return 0;
}

/* The value is dumped to memory first and then written line by line: jansson hands its sink
 * every token separately, and a stdio call per token was most of the cost of a large report. */
static void dump_at_depth(dc_jw *w, const json_t *v) {
    indent_ctx c = {w, w->depth};
    char *s = v ? json_dumps(v, DC_JW_FLAGS) : NULL;
    if (!s || indent_sink(s, strlen(s), &c) != 0) w->err = true;
    free(s);
}

/* What jansson writes before a member or element: a comma after the previous one, then a new
 * line indented to the current depth; then the key and ": ". */
static void begin_item(dc_jw *w, const char *key) {
    if (w->depth) {
        if (!w->first && fputc(',', w->out) == EOF) w->err = true;
        if (fputc('\n', w->out) == EOF) w->err = true;
        put_indent(w, w->depth);
    }
    w->first = false;
    if (key) {
        json_t *k = json_string(key);
        dump_at_depth(w, k);
        json_decref(k);
        if (fputs(": ", w->out) == EOF) w->err = true;
    }
}

void dc_jw_open(dc_jw *w, const char *key, char bracket) {
    begin_item(w, key);
    if (fputc(bracket, w->out) == EOF) w->err = true;
    w->depth++;
    w->first = true;
}

void dc_jw_close(dc_jw *w, char bracket) {
    w->depth--;
    if (!w->first) { /* jansson writes an empty container as `[]` / `{}` */
        if (fputc('\n', w->out) == EOF) w->err = true;
        put_indent(w, w->depth);
    }
    if (fputc(bracket, w->out) == EOF) w->err = true;
    w->first = false;
}

void dc_jw_put(dc_jw *w, const char *key, json_t *value) {
    begin_item(w, key);
    dump_at_depth(w, value);
    json_decref(value);
}

bool dc_jw_finish(dc_jw *w) {
    if (fputc('\n', w->out) == EOF) w->err = true;
    return !w->err && !ferror(w->out);
}
