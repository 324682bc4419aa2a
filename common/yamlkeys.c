/* yamlkeys.c: see yamlkeys.h. */
#include "common/yamlkeys.h"

#include <stdlib.h>
#include <string.h>

#include "common/diag.h"

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
        dc_diag(DC_DIAG_ERROR, origin, (uint32_t)k->start_mark.line + 1, (uint32_t)k->start_mark.column + 1,
                "duplicate key `%.*s` (first given on line %u)", (int)k->data.scalar.length,
                (const char *)k->data.scalar.value, (unsigned)f->start_mark.line + 1);
    }
    int n = (int)dups.len;
    dc_vec_free(&dups);
    dc_vec_free(&keys);
    return n;
}
