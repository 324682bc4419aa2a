/* nodeindex.c: see nodeindex.h. Built with one cursor walk, into arena chunks (struct of
 * arrays, so that the scans by kind read two bytes per node). */
#include "syntax/nodeindex.h"

#include <stdlib.h>
#include <string.h>

#include "common/recover.h"

/* Walks poll every this many nodes: a stop signal then abandons a file within milliseconds
 * wherever its fixers are (common/recover.h). */
#define DC_NIX_POLL 4095u


typedef struct builder {
    dc_node_index *ix;
    DC_VEC(dc_nix_chunk *) chunks;
    DC_VEC(uint32_t) cuts;
    DC_VEC(dc_nix_line) lines;
} builder;

static uint32_t add(builder *b, TSNode n, TSFieldId field, uint32_t parent) {
    dc_node_index *ix = b->ix;
    uint32_t i = ix->n++, k = i & (DC_NIX_CHUNK - 1);
    if (k == 0) dc_vec_push(&b->chunks, (dc_nix_chunk *)dc_arena_alloc(ix->arena, sizeof(dc_nix_chunk)));
    dc_nix_chunk *c = b->chunks.v[i >> DC_NIX_CHUNK_BITS];
    c->id[k] = n.id;
    c->start[k] = n.context[0];
    uint32_t line_start = n.context[0] - n.context[2];
    if (!b->lines.len || b->lines.v[b->lines.len - 1].row != n.context[1] ||
        b->lines.v[b->lines.len - 1].start != line_start)
        dc_vec_push(&b->lines, ((dc_nix_line){n.context[1], line_start}));
    if (k == 0) c->line0 = b->lines.len - 1;
    c->line[k] = (uint16_t)(b->lines.len - 1 - c->line0);
    c->alias[k] = (TSSymbol)n.context[3];
    c->end[k] = i + 1;
    c->parent[k] = parent;
    c->sym[k] = ts_node_symbol(n);
    c->field[k] = field;
    return i;
}

static void set_end(builder *b, uint32_t i, uint32_t end) {
    b->chunks.v[i >> DC_NIX_CHUNK_BITS]->end[i & (DC_NIX_CHUNK - 1)] = end;
}

/* One cursor walk in preorder; `open` is the path from the root to the cursor's node, so its
 * top is the parent of the node added next and its length the level below. */
static void build_nodes(builder *b, TSNode root) {
    dc_node_index *ix = b->ix;
    DC_VEC(uint32_t) open = {0};
    TSTreeCursor c = ts_tree_cursor_new(root);
    dc_vec_push(&open, add(b, ts_tree_cursor_current_node(&c), 0, UINT32_MAX));
    for (;;) {
        /* the cursor's node is at level open.len - 1: below the cap, its children stay out */
        bool capped = open.len > DC_NIX_MAX_DEPTH;
        if (!capped && ts_tree_cursor_goto_first_child(&c)) {
            uint32_t parent = open.v[open.len - 1];
            dc_vec_push(&open, add(b, ts_tree_cursor_current_node(&c), ts_tree_cursor_current_field_id(&c), parent));
            if (open.len - 1 > ix->max_depth) ix->max_depth = open.len - 1;
            continue;
        }
        if (capped && ts_node_child_count(ts_tree_cursor_current_node(&c)) > 0) {
            if (!ix->truncated) ix->truncated_at = ts_node_start_byte(ts_tree_cursor_current_node(&c));
            ix->truncated = true;
            dc_vec_push(&b->cuts, open.v[open.len - 1]);
        }
        bool done = false;
        for (;;) {
            /* the cursor's node is finished: its subtree ends here */
            set_end(b, open.v[--open.len], ix->n);
            if (ts_tree_cursor_goto_next_sibling(&c)) {
                uint32_t parent = open.v[open.len - 1];
                dc_vec_push(&open, add(b, ts_tree_cursor_current_node(&c), ts_tree_cursor_current_field_id(&c), parent));
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
}

dc_node_index *dc_node_index_build(const TSTree *tree, dc_arena *arena) {
    if (!tree || !arena) return NULL;
    dc_node_index *ix = dc_arena_alloc(arena, sizeof *ix);
    ix->tree = tree;
    ix->arena = arena;
    ix->nsym = ts_language_symbol_count(ts_tree_language(tree));
    builder b = {ix, {0}, {0}, {0}};
    build_nodes(&b, ts_tree_root_node(tree));
    ix->ncuts = b.cuts.len;
    ix->cuts = dc_arena_alloc(arena, (b.cuts.len ? b.cuts.len : 1) * sizeof *ix->cuts);
    if (b.cuts.len) memcpy(ix->cuts, b.cuts.v, b.cuts.len * sizeof *ix->cuts);
    dc_vec_free(&b.cuts);
    ix->chunks = dc_arena_alloc(arena, (b.chunks.len ? b.chunks.len : 1) * sizeof *ix->chunks);
    if (b.chunks.len) memcpy(ix->chunks, b.chunks.v, b.chunks.len * sizeof *ix->chunks);
    dc_vec_free(&b.chunks);
    ix->nlines = b.lines.len;
    ix->lines = dc_arena_alloc(arena, (b.lines.len ? b.lines.len : 1) * sizeof *ix->lines);
    if (b.lines.len) memcpy(ix->lines, b.lines.v, b.lines.len * sizeof *ix->lines);
    dc_vec_free(&b.lines);
    return ix;
}

/* The first position in [lo, hi) whose node starts at or after `s` (after: `strict`). */
static uint32_t start_bound(const dc_node_index *ix, uint32_t lo, uint32_t hi, uint32_t s, bool strict) {
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2, m = ts_node_start_byte(dc_nix_node(ix, mid));
        if (m < s || (strict && m == s))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool same_node(const dc_node_index *ix, uint32_t i, TSNode n, uint32_t *pos) {
    if (dc_nix_node(ix, i).id != n.id) return false;
    *pos = i;
    return true;
}

bool dc_node_index_find(const dc_node_index *ix, TSNode n, uint32_t *pos) {
    if (!ix || ts_node_is_null(n) || n.tree != ix->tree) return false;
    /* Preorder keeps start bytes non-decreasing: the nodes starting where n does are one run,
     * each holding the next (a chain like `a.b.c.d`, at most the depth cap long), so their end
     * bytes do not increase: a binary search by end finds n's place in the run. Zero-width nodes
     * can break that order; then the run is scanned. */
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    uint32_t lo = start_bound(ix, 0, ix->n, s, false), hi = start_bound(ix, lo, ix->n, s, true);
    uint32_t a = lo, b = hi;
    while (a < b) {
        uint32_t mid = a + (b - a) / 2;
        if (ts_node_end_byte(dc_nix_node(ix, mid)) > e)
            a = mid + 1;
        else
            b = mid;
    }
    for (uint32_t i = a; i < hi && ts_node_end_byte(dc_nix_node(ix, i)) == e; i++)
        if (same_node(ix, i, n, pos)) return true;
    for (uint32_t i = lo; i < hi; i++)
        if (same_node(ix, i, n, pos)) return true;
    return false;
}

void dc_node_index_top(const dc_node_index *cix, const TSNode **kids, uint32_t *nkids, const TSNode **named,
                       uint32_t *nnamed) {
    dc_node_index *ix = (dc_node_index *)cix; /* a cache, like the kind tables: filled once */
    if (!ix->have_top) {
        uint32_t n = 0;
        for (uint32_t i = 1; i < ix->n; i = dc_nix_end(ix, i)) n++;
        ix->top = dc_arena_alloc(ix->arena, (n ? n : 1) * sizeof *ix->top);
        ix->top_named = dc_arena_alloc(ix->arena, (n ? n : 1) * sizeof *ix->top_named);
        for (uint32_t i = 1; i < ix->n; i = dc_nix_end(ix, i)) {
            TSNode k = dc_nix_node(ix, i);
            ix->top[ix->ntop++] = k;
            if (ts_node_is_named(k)) ix->top_named[ix->ntop_named++] = k;
        }
        ix->have_top = true;
    }
    *kids = ix->top;
    *nkids = ix->ntop;
    *named = ix->top_named;
    *nnamed = ix->ntop_named;
}

TSNode dc_node_index_parent(const dc_node_index *ix, TSNode n) {
    if (ts_node_is_null(n)) return n;
    uint32_t at;
    if (!dc_node_index_find(ix, n, &at)) return ts_node_parent(n);
    uint32_t p = dc_nix_parent(ix, at);
    return p == UINT32_MAX ? (TSNode){0} : dc_nix_node(ix, p);
}

TSNode dc_node_index_descendant(const dc_node_index *ix, TSNode root, uint32_t start, uint32_t end) {
    uint32_t at;
    if (!dc_node_index_find(ix, root, &at) || at != 0) return ts_node_descendant_for_byte_range(root, start, end);
    /* preorder keeps start bytes non-decreasing: the last node starting at or before `start` */
    uint32_t lo = 0, hi = ix->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ts_node_start_byte(dc_nix_node(ix, mid)) <= start)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0) return root;
    /* The nodes that qualify nest (two siblings cannot both pass `start`), and the deepest one
     * holds every later node that starts at or before `start`: it is the first qualifying
     * ancestor of that last node. */
    for (uint32_t i = lo - 1; i != UINT32_MAX; i = dc_nix_parent(ix, i)) {
        uint32_t e = ts_node_end_byte(dc_nix_node(ix, i));
        if (e >= end && e > start) return i == 0 ? root : dc_nix_node(ix, i);
    }
    return root;
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
    for (uint32_t i = at + 1, e = dc_nix_end(ix, at); i < e; i++) {
        if ((i & DC_NIX_POLL) == 0) dc_recover_poll();
        if (!fn(dc_nix_node(ix, i), ctx)) return;
    }
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
        if ((i & DC_NIX_POLL) == 0) dc_recover_poll();
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
    for (uint32_t i = at, e = dc_nix_end(ix, at), polled = 0; i < e;) {
        if ((++polled & DC_NIX_POLL) == 0) dc_recover_poll();
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
