/* nodeindex.c: see nodeindex.h. Built with one cursor walk, into arena chunks (struct of
 * arrays, so that the scans by kind read two bytes per node). */
#include "syntax/nodeindex.h"

#include <stdlib.h>
#include <string.h>


typedef struct builder {
    dc_node_index *ix;
    DC_VEC(dc_nix_chunk *) chunks;
} builder;

static uint32_t add(builder *b, TSNode n, TSFieldId field) {
    dc_node_index *ix = b->ix;
    uint32_t i = ix->n++, k = i & (DC_NIX_CHUNK - 1);
    if (k == 0) dc_vec_push(&b->chunks, (dc_nix_chunk *)dc_arena_alloc(ix->arena, sizeof(dc_nix_chunk)));
    dc_nix_chunk *c = b->chunks.v[i >> DC_NIX_CHUNK_BITS];
    c->nodes[k] = n;
    c->end[k] = i + 1;
    c->sym[k] = ts_node_symbol(n);
    c->field[k] = field;
    return i;
}

static void set_end(builder *b, uint32_t i, uint32_t end) {
    b->chunks.v[i >> DC_NIX_CHUNK_BITS]->end[i & (DC_NIX_CHUNK - 1)] = end;
}

dc_node_index *dc_node_index_build(const TSTree *tree, dc_arena *arena) {
    if (!tree || !arena) return NULL;
    dc_node_index *ix = dc_arena_alloc(arena, sizeof *ix);
    ix->tree = tree;
    ix->arena = arena;
    ix->nsym = ts_language_symbol_count(ts_tree_language(tree));
    builder b = {ix, {0}};
    DC_VEC(uint32_t) open = {0}; /* the path from the root to the cursor's node */
    TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
    dc_vec_push(&open, add(&b, ts_tree_cursor_current_node(&c), 0));
    for (;;) {
        if (ts_tree_cursor_goto_first_child(&c)) {
            dc_vec_push(&open, add(&b, ts_tree_cursor_current_node(&c), ts_tree_cursor_current_field_id(&c)));
            continue;
        }
        bool done = false;
        for (;;) {
            /* the cursor's node is finished: its subtree ends here */
            set_end(&b, open.v[--open.len], ix->n);
            if (ts_tree_cursor_goto_next_sibling(&c)) {
                dc_vec_push(&open, add(&b, ts_tree_cursor_current_node(&c), ts_tree_cursor_current_field_id(&c)));
                break;
            }
            if (!ts_tree_cursor_goto_parent(&c)) {
                done = true;
                break;
            }
        }
        if (done) break;
    }
    ts_tree_cursor_delete(&c);
    dc_vec_free(&open);
    ix->chunks = dc_arena_alloc(arena, (b.chunks.len ? b.chunks.len : 1) * sizeof *ix->chunks);
    if (b.chunks.len) memcpy(ix->chunks, b.chunks.v, b.chunks.len * sizeof *ix->chunks);
    dc_vec_free(&b.chunks);
    return ix;
}

bool dc_node_index_find(const dc_node_index *ix, TSNode n, uint32_t *pos) {
    if (!ix || ts_node_is_null(n) || n.tree != ix->tree) return false;
    /* preorder keeps start bytes non-decreasing: the nodes starting where n does are one run */
    uint32_t s = ts_node_start_byte(n), lo = 0, hi = ix->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ts_node_start_byte(dc_nix_node(ix, mid)) < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (uint32_t i = lo; i < ix->n && ts_node_start_byte(dc_nix_node(ix, i)) == s; i++) {
        if (ts_node_eq(dc_nix_node(ix, i), n)) {
            *pos = i;
            return true;
        }
    }
    return false;
}

/* The walk's first node as a cursor started at `n` gives it: a cursor knows a node's alias only
 * from the node's parent, so a cursor started at an aliased node (`property_identifier`, an
 * alias of `identifier` in TS) reports it unaliased. The walks the index replaces did exactly
 * that, and the callbacks must see the same node. */
static TSNode cursor_top(TSNode n) {
    TSTreeCursor c = ts_tree_cursor_new(n);
    TSNode top = ts_tree_cursor_current_node(&c);
    ts_tree_cursor_delete(&c);
    return top;
}

void dc_node_index_walk(const dc_node_index *ix, TSNode root, bool (*fn)(TSNode n, void *ctx), void *ctx) {
    uint32_t at;
    if (!dc_node_index_find(ix, root, &at)) {
        dc_tree_walk(root, fn, ctx);
        return;
    }
    if (!fn(cursor_top(root), ctx)) return;
    for (uint32_t i = at + 1, e = dc_nix_end(ix, at); i < e; i++)
        if (!fn(dc_nix_node(ix, i), ctx)) return;
}

static bool name_in(const char *name, const char *const *names) {
    if (!name) return false;
    /* the first byte first: resolving a kind list compares it with every symbol's name */
    for (uint32_t k = 0; names[k]; k++)
        if (name[0] == names[k][0] && strcmp(name, names[k]) == 0) return true;
    return false;
}

/* The symbol table of `names` for the index's language, cached by the list's address. */
static const bool *kinds_of(dc_node_index *ix, const char *const *names) {
    for (uint32_t i = 0; i < ix->nkinds; i++)
        if (ix->kinds[i].names == names) return ix->kinds[i].has;
    if (ix->nkinds == sizeof ix->kinds / sizeof ix->kinds[0]) return NULL;
    const TSLanguage *lang = ts_tree_language(ix->tree);
    bool *has = dc_arena_alloc(ix->arena, (ix->nsym ? ix->nsym : 1) * sizeof *has);
    for (uint32_t s = 0; s < ix->nsym; s++) has[s] = name_in(ts_language_symbol_name(lang, (TSSymbol)s), names);
    ix->kinds[ix->nkinds].names = names;
    ix->kinds[ix->nkinds].has = has;
    ix->nkinds++;
    return has;
}

void dc_node_index_walk_kinds(const dc_node_index *ix, TSNode root, const char *const *kinds,
                              bool (*fn)(TSNode n, void *ctx), void *ctx) {
    uint32_t at;
    /* the cache is filled lazily; it never changes what a walk visits */
    const bool *has = dc_node_index_find(ix, root, &at) ? kinds_of((dc_node_index *)ix, kinds) : NULL;
    if (!has) {
        dc_tree_walk_kinds(root, kinds, fn, ctx);
        return;
    }
    const TSLanguage *lang = ts_tree_language(ix->tree);
    TSNode top = cursor_top(root);
    if (name_in(ts_node_type(top), kinds) && !fn(top, ctx)) return;
    for (uint32_t i = at + 1, e = dc_nix_end(ix, at); i < e; i++) {
        TSSymbol s = dc_nix_sym(ix, i);
        /* ERROR (and any builtin past the table) by name, as ts_node_type gives it */
        bool wanted = s < ix->nsym ? has[s] : name_in(ts_language_symbol_name(lang, s), kinds);
        if (wanted && !fn(dc_nix_node(ix, i), ctx)) return;
    }
}

bool dc_node_index_visit(const dc_node_index *ix, TSNode top, dc_node_visit_fn visit, void *ud) {
    uint32_t at;
    if (!dc_node_index_find(ix, top, &at)) return false;
    const TSLanguage *lang = ts_tree_language(ix->tree);
    /* the open ancestors of the node being visited, innermost last */
    typedef struct open_node {
        uint32_t end;
        const char *type;
    } open_node;
    DC_VEC(open_node) open = {0};
    for (uint32_t i = at, e = dc_nix_end(ix, at); i < e;) {
        while (open.len && i >= open.v[open.len - 1].end) open.len--;
        const char *parent = "", *fieldname = NULL;
        if (i != at) {
            parent = open.v[open.len - 1].type;
            TSFieldId f = dc_nix_field(ix, i);
            fieldname = f ? ts_language_field_name_for_id(lang, f) : NULL;
        }
        TSNode n = i == at ? cursor_top(top) : dc_nix_node(ix, i);
        uint32_t end = dc_nix_end(ix, i);
        if (visit(ud, n, parent, fieldname) && end > i + 1) {
            dc_vec_push(&open, ((open_node){end, ts_node_type(n)}));
            i++;
        } else {
            i = end;
        }
    }
    dc_vec_free(&open);
    return true;
}
