/* yamlschema.c: see yamlschema.h. */
#include "common/yamlschema.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/diag.h"

/* ---- the document ---------------------------------------------------------------------- */

int dc_yaml_load(dc_yaml *y, const char *origin, const char *data, size_t len, bool with_context) {
    memset(y, 0, sizeof *y);
    y->origin = origin;
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) dc_die("libyaml: cannot initialise parser");
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
    if (!yaml_parser_load(&parser, &y->doc)) {
        bool ctx = with_context && parser.context;
        dc_diag(DC_DIAG_ERROR, origin, (uint32_t)parser.problem_mark.line + 1, (uint32_t)parser.problem_mark.column + 1,
                "invalid YAML: %s%s%s", parser.problem ? parser.problem : "error", ctx ? " " : "",
                ctx ? parser.context : "");
        yaml_parser_delete(&parser);
        return ++y->errors;
    }
    yaml_parser_delete(&parser);
    y->loaded = true;
    /* Checked on the whole document before the schema walk, so no reader ever sees a key twice
     * (a reader may assume one value per key). Other schema errors of such a file show up once
     * the duplicate is fixed. */
    y->errors += dc_yaml_duplicate_keys(&y->doc, origin);
    return y->errors;
}

void dc_yaml_free(dc_yaml *y) {
    if (y->loaded) yaml_document_delete(&y->doc);
    y->loaded = false;
}

yaml_node_t *dc_yaml_root(dc_yaml *y) { return y->loaded ? yaml_document_get_root_node(&y->doc) : NULL; }

static int cmp_key(const void *pa, const void *pb) {
    const yaml_node_t *a = *(yaml_node_t *const *)pa, *b = *(yaml_node_t *const *)pb;
    size_t la = a->data.scalar.length, lb = b->data.scalar.length;
    int c = memcmp(a->data.scalar.value, b->data.scalar.value, la < lb ? la : lb);
    if (c) return c;
    if (la != lb) return la < lb ? -1 : 1;
    return a->start_mark.index < b->start_mark.index ? -1 : a->start_mark.index > b->start_mark.index;
}

typedef struct dup {
    yaml_node_t *key, *first;
} dup;

static int cmp_dup(const void *pa, const void *pb) {
    const dup *a = pa, *b = pb;
    return a->key->start_mark.index < b->key->start_mark.index ? -1 : a->key->start_mark.index > b->key->start_mark.index;
}

int dc_yaml_duplicate_keys(yaml_document_t *doc, const char *origin) {
    DC_VEC(dup) dups = {0};
    DC_VEC(yaml_node_t *) keys = {0};
    /* Every node once, in the order of the node table: an alias is a reference to a node, not a
     * copy, so an aliased mapping is checked once, and a recursive alias cannot loop. Sorting
     * makes a mapping of n keys O(n log n), not O(n^2). */
    for (yaml_node_t *n = doc->nodes.start; n < doc->nodes.top; n++) {
        if (n->type != YAML_MAPPING_NODE) continue;
        keys.len = 0;
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(doc, p->key);
            if (k && k->type == YAML_SCALAR_NODE) dc_vec_push(&keys, k);
        }
        if (keys.len < 2) continue;
        qsort(keys.v, keys.len, sizeof *keys.v, cmp_key);
        for (uint32_t i = 1, first = 0; i < keys.len; i++) {
            yaml_node_t *a = keys.v[first], *b = keys.v[i];
            if (a->data.scalar.length == b->data.scalar.length &&
                memcmp(a->data.scalar.value, b->data.scalar.value, a->data.scalar.length) == 0)
                dc_vec_push(&dups, ((dup){b, a}));
            else
                first = i;
        }
    }
    if (dups.len > 1) qsort(dups.v, dups.len, sizeof *dups.v, cmp_dup);
    for (uint32_t i = 0; i < dups.len; i++) {
        const yaml_node_t *k = dups.v[i].key, *f = dups.v[i].first;
        dc_diag(DC_DIAG_ERROR, origin, dc_yaml_line(k), dc_yaml_col(k), "duplicate key `%.*s` (first given on line %u)",
                (int)k->data.scalar.length, (const char *)k->data.scalar.value, (unsigned)f->start_mark.line + 1);
    }
    int n = (int)dups.len;
    dc_vec_free(&dups);
    dc_vec_free(&keys);
    return n;
}

/* ---- errors ------------------------------------------------------------------------------ */

static void verror(dc_yaml *y, uint32_t line, uint32_t col, const char *fmt, va_list ap) {
    dc_buf msg = DC_BUF_INIT;
    dc_buf_vprintf(&msg, fmt, ap);
    dc_diag(DC_DIAG_ERROR, y->origin, line, col, "%s", msg.p);
    dc_buf_free(&msg);
    y->errors++;
}

void dc_yaml_error(dc_yaml *y, const yaml_node_t *at, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    verror(y, at ? dc_yaml_line(at) : 0, at ? dc_yaml_col(at) : 0, fmt, ap);
    va_end(ap);
}

void dc_yaml_error_at(dc_yaml *y, uint32_t line, uint32_t col, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    verror(y, line, col, fmt, ap);
    va_end(ap);
}

/* ---- typed readers ------------------------------------------------------------------------ */

const char *dc_yaml_str(dc_yaml *y, const yaml_node_t *n, const char *what) {
    if (n && n->type == YAML_SCALAR_NODE) return (const char *)n->data.scalar.value;
    dc_yaml_error(y, n, "`%s` must be a string", what);
    return NULL;
}

bool dc_yaml_is(const yaml_node_t *n, const char *s) {
    return n->type == YAML_SCALAR_NODE && n->data.scalar.length == strlen(s) &&
           memcmp(n->data.scalar.value, s, n->data.scalar.length) == 0;
}

char *dc_yaml_strdup(const yaml_node_t *n) { return dc_xstrndup((const char *)n->data.scalar.value, n->data.scalar.length); }

bool dc_yaml_expect(dc_yaml *y, const yaml_node_t *n, yaml_node_type_t type, const char *msg, const char *what) {
    if (n->type == type) return true;
    dc_yaml_error(y, n, msg, what);
    return false;
}

yaml_node_t *dc_yaml_item(dc_yaml *y, const yaml_node_t *seq, uint32_t i) {
    if (seq->type != YAML_SEQUENCE_NODE || i >= (uint32_t)(seq->data.sequence.items.top - seq->data.sequence.items.start))
        return NULL;
    return yaml_document_get_node(&y->doc, seq->data.sequence.items.start[i]);
}

bool dc_yaml_pair(dc_yaml *y, const yaml_node_t *map, uint32_t i, yaml_node_t **key, yaml_node_t **value) {
    if (map->type != YAML_MAPPING_NODE || i >= (uint32_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start))
        return false;
    const yaml_node_pair_t *p = &map->data.mapping.pairs.start[i];
    *key = yaml_document_get_node(&y->doc, p->key);
    *value = yaml_document_get_node(&y->doc, p->value);
    return true;
}

static void push_string(dc_yaml_strs *out, dc_yaml_marks *at, const yaml_node_t *n) {
    dc_vec_push(out, dc_yaml_strdup(n));
    if (at) {
        dc_yaml_mark m = {dc_yaml_line(n), dc_yaml_col(n)};
        dc_vec_push(at, m);
    }
}

void dc_yaml_strings_at(dc_yaml *y, const yaml_node_t *n, const char *what, const char *msg, unsigned flags,
                        dc_yaml_strs *out, dc_yaml_marks *at) {
    if ((flags & DC_YAML_ONE_IS_LIST) && n->type == YAML_SCALAR_NODE) {
        if (!(flags & DC_YAML_SKIP_EMPTY) || n->data.scalar.length) push_string(out, at, n);
        return;
    }
    if (!dc_yaml_expect(y, n, YAML_SEQUENCE_NODE, msg, what)) return;
    yaml_node_t *it;
    for (uint32_t i = 0; (it = dc_yaml_item(y, n, i)) != NULL; i++) {
        if (!dc_yaml_str(y, it, what)) continue;
        if (!(flags & DC_YAML_SKIP_EMPTY) || it->data.scalar.length) push_string(out, at, it);
    }
}

void dc_yaml_strings(dc_yaml *y, const yaml_node_t *n, const char *what, const char *msg, unsigned flags,
                     dc_yaml_strs *out) {
    dc_yaml_strings_at(y, n, what, msg, flags, out, NULL);
}

/* ---- keyed walk ---------------------------------------------------------------------------- */

static bool key_is(const yaml_node_t *k, const char *name, bool cstr) {
    return cstr ? strcmp((const char *)k->data.scalar.value, name) == 0 : dc_yaml_is(k, name);
}

void dc_yaml_walk(dc_yaml *y, const yaml_node_t *m, const dc_yaml_schema *schema, void *obj) {
    yaml_node_t *k, *v;
    for (uint32_t i = 0; dc_yaml_pair(y, m, i, &k, &v); i++) {
        if (!dc_yaml_str(y, k, "key")) continue;
        const char *key = (const char *)k->data.scalar.value;
        if (schema->value_what && !dc_yaml_str(y, v, schema->value_what[0] ? schema->value_what : key)) continue;
        const dc_yaml_field *f = schema->fields;
        while (f->key && !key_is(k, f->key, schema->cstr_keys)) f++;
        if (f->key)
            f->read(y, k, v, obj);
        else
            dc_yaml_error(y, k, schema->unknown, key);
    }
}
