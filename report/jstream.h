/* jstream.h: one JSON document written piece by piece, every value encoded by jansson.
 *
 * Why: a report with tens of thousands of findings built as one json_t tree costs several KB of
 * heap per finding (issue 7: 138 MB peak on the dense corpus) only to be dumped and freed. The
 * writers instead build one small json_t (a finding, the summary), dump it and free it.
 *
 * The bytes are exactly what json_dumpf(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) gives for
 * the whole tree: the writer emits jansson's layout between values (`,`, newline, two spaces per
 * level, `[]`/`{}` when empty) and dumps each value with the same flags, indenting every line
 * of it by its depth. That re-indentation is exact because a newline inside a dumped value can
 * only be layout: jansson escapes newlines in strings as `\n`. Keys go through jansson too.
 *
 * Use: open the root with dc_jw_open(w, NULL, '{'), then dc_jw_put / dc_jw_open / dc_jw_close
 * (key NULL inside arrays), then dc_jw_finish. */
#ifndef DC_JSTREAM_H
#define DC_JSTREAM_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct dc_jw {
    FILE *out;
    uint32_t depth; /* containers open */
    bool first;     /* nothing written yet in the innermost open container */
    bool err;       /* a value failed to encode or a write failed */
} dc_jw;

void dc_jw_init(dc_jw *w, FILE *out);
/* Opens an object ('{') or array ('[') as the member `key` (NULL: an array element or the root). */
void dc_jw_open(dc_jw *w, const char *key, char bracket);
/* Closes the innermost container; `bracket` is '}' or ']'. */
void dc_jw_close(dc_jw *w, char bracket);
/* Writes `value` as the member `key` (NULL: an array element) and releases it (the reference is
 * stolen, as with json_object_set_new). A NULL value (allocation failure) is an error. */
void dc_jw_put(dc_jw *w, const char *key, json_t *value);
/* Ends the document with a newline, as the writers always did; false on any error. */
bool dc_jw_finish(dc_jw *w);

#endif
