/* yamlschema.h: reading dcmigrate's YAML files (rule files, .dcmigrate.yml) against a strict
 * schema, with every mistake reported as file:line:col through diag.
 *
 * Owns: loading a document from bytes (syntax errors located); the rules every dcmigrate
 * format shares, checked on the whole document before any schema code sees it (duplicate
 * keys); typed readers (string, list of strings, type checks) that report what they refuse; and
 * a keyed walk over a mapping that dispatches each known key to its reader and reports the rest.
 *
 * Duplicate mapping keys. YAML 1.2 says the keys of a mapping are unique, but libyaml keeps every
 * pair, and a loader that walks the pairs would then quietly let the last one win (or worse: a
 * schema walker that fills an array per key overflows it). A key given twice is almost always a
 * mistake (a copy-pasted block, a merge gone wrong), so it is an error at the second occurrence,
 * `file:line:col: duplicate key `X``, in every mapping at any depth. Keys are compared as their
 * scalar text: `1`, `"1"` and `!!str 1` are the same key to dcmigrate's string-only schemas.
 *
 * Every reader that reports an error also counts it in dc_yaml.errors, so a schema walk can go
 * on after a mistake (to report the next one) and the caller decides from the count. */
#ifndef DC_YAMLSCHEMA_H
#define DC_YAMLSCHEMA_H

#include <stdbool.h>
#include <stdint.h>
#include <yaml.h>

#include "common/base.h"

typedef struct dc_yaml {
    yaml_document_t doc;
    const char *origin; /* the file, for messages (borrowed) */
    int errors;         /* errors reported through this document so far */
    bool loaded;        /* doc holds a document to delete */
} dc_yaml;

typedef DC_VEC(char *) dc_yaml_strs;
/* Where a value was written (1-based), for the messages about it that come later (an unknown
 * rule id in the config is found only once every rule is loaded). */
typedef struct dc_yaml_mark {
    uint32_t line, col;
} dc_yaml_mark;
typedef DC_VEC(dc_yaml_mark) dc_yaml_marks;

/* ---- the document ---------------------------------------------------------------------- */

/* Parses `data` into y->doc and checks it for duplicate keys. A syntax error is reported as
 * `invalid YAML: PROBLEM`, followed by libyaml's context ("while parsing a block mapping") when
 * `with_context` (rule files have always shown it, the config never has). Returns the number of
 * errors reported; 0 means the document is ready for the schema walk. Call dc_yaml_free
 * either way. */
int dc_yaml_load(dc_yaml *y, const char *origin, const char *data, size_t len, bool with_context);
void dc_yaml_free(dc_yaml *y);
/* The root node; NULL for an empty document. */
yaml_node_t *dc_yaml_root(dc_yaml *y);

/* Reports every duplicate key of `doc` through diag (error, located in `origin`), in file order.
 * Returns the number reported; the caller must not interpret a document that has any.
 * (dc_yaml_load runs it; exposed for documents loaded otherwise.) */
int dc_yaml_duplicate_keys(yaml_document_t *doc, const char *origin);

/* ---- errors ------------------------------------------------------------------------------ */

/* An error at node `at` (its line:col; 0:0 when NULL), counted. */
void dc_yaml_error(dc_yaml *y, const yaml_node_t *at, const char *fmt, ...) DC_PRINTF(3, 4);
/* An error at an explicit 1-based line:col, counted. */
void dc_yaml_error_at(dc_yaml *y, uint32_t line, uint32_t col, const char *fmt, ...) DC_PRINTF(4, 5);
static inline uint32_t dc_yaml_line(const yaml_node_t *n) { return (uint32_t)n->start_mark.line + 1; }
static inline uint32_t dc_yaml_col(const yaml_node_t *n) { return (uint32_t)n->start_mark.column + 1; }

/* ---- typed readers ------------------------------------------------------------------------ */

/* The text of a string (scalar) node, or NULL after reporting "`what` must be a string". */
const char *dc_yaml_str(dc_yaml *y, const yaml_node_t *n, const char *what);
/* Is `n` the string `s` (exactly, embedded NULs included)? */
bool dc_yaml_is(const yaml_node_t *n, const char *s);
/* A heap copy of a scalar's text. */
char *dc_yaml_strdup(const yaml_node_t *n);
/* Is `n` of `type`? Else reports `msg` (a format whose one %s is `what`) at n and returns false. */
bool dc_yaml_expect(dc_yaml *y, const yaml_node_t *n, yaml_node_type_t type, const char *msg, const char *what);

/* Items of a sequence and pairs of a mapping, by index: NULL / false past the end. */
yaml_node_t *dc_yaml_item(dc_yaml *y, const yaml_node_t *seq, uint32_t i);
bool dc_yaml_pair(dc_yaml *y, const yaml_node_t *map, uint32_t i, yaml_node_t **key, yaml_node_t **value);

enum {
    DC_YAML_ONE_IS_LIST = 1, /* a single string is a list of one */
    DC_YAML_SKIP_EMPTY = 2,  /* an empty string item is left out, silently */
};
/* Appends heap copies of the strings of list `n` to `out`. A list item that is not a string is
 * reported ("`what` must be a string") and skipped. When `n` is not a list (nor, with
 * DC_YAML_ONE_IS_LIST, a string), reports `msg` (one %s: `what`) at n. */
void dc_yaml_strings(dc_yaml *y, const yaml_node_t *n, const char *what, const char *msg, unsigned flags,
                     dc_yaml_strs *out);
/* dc_yaml_strings, also appending to `at` (when not NULL) where each string kept was written:
 * at->v[i] is the place of out->v[i] for the strings this call adds. */
void dc_yaml_strings_at(dc_yaml *y, const yaml_node_t *n, const char *what, const char *msg, unsigned flags,
                        dc_yaml_strs *out, dc_yaml_marks *at);

/* ---- keyed walk ---------------------------------------------------------------------------- */

typedef void (*dc_yaml_read_fn)(dc_yaml *y, yaml_node_t *key, yaml_node_t *value, void *obj);
typedef struct dc_yaml_field {
    const char *key;
    dc_yaml_read_fn read;
} dc_yaml_field;

typedef struct dc_yaml_schema {
    const dc_yaml_field *fields; /* terminated by a NULL key */
    const char *unknown;         /* reported at an unknown key; one %s: the key */
    /* NULL: values may be of any type (the readers check them). Otherwise each value must be a
     * string, reported as "`value_what` must be a string" ("" names the key instead) and the
     * pair skipped. */
    const char *value_what;
    /* Compare keys as C strings, up to an embedded NUL, as the rule file's top level and the
     * config have always done; otherwise compare the whole scalar. */
    bool cstr_keys;
} dc_yaml_schema;

/* For each pair of mapping `m` in order: a key that is not a string is reported ("`key` must be
 * a string") and skipped; so is a value that is not one when the schema says so; a known key
 * calls its reader with `obj`; any other key is reported with schema->unknown. */
void dc_yaml_walk(dc_yaml *y, const yaml_node_t *m, const dc_yaml_schema *schema, void *obj);

#endif
