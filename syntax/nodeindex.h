/* nodeindex.h: a flat preorder index of one tree-sitter tree, so the fixers' many whole-tree and
 * subtree walks are array scans instead of cursor walks.
 *
 * Why: fix planning walks the tree many times per file (triggers, the legacy model, references
 * per toolset and per import, member uses, fresh names). tree-sitter 0.20.7's cursor recomputes
 * positions on every step (ts_tree_cursor_goto_next_sibling / goto_first_child were the top of
 * the profile; 0.25's cursor works the same way), so each walk costs about as much as the first.
 * The index is built once, with one cursor walk, and every later walk over that tree (or any subtree of it) reads the array.
 *
 * Semantics are the cursor's exactly: the same nodes (named and anonymous), in the same order
 * (preorder, document order), with the same field name under the parent, so a walk through the
 * index calls its callback with the same TSNode values in the same order as a cursor walk. That
 * includes the first node of a subtree walk, which a cursor started there reports without its
 * alias (a cursor learns aliases from parents), and so does the index's walk.
 *
 * Ownership: the index belongs to one TSTree and lives in an arena whose contents do not
 * outlive that tree. dc_bindings_compute builds it (its own walk reads it too) and keeps it in
 * dc_bindings.nodes, in the worker arena that dc_analysis_release resets when it deletes the
 * tree; the fixers use that one (dc_fix_index, which builds one in the fix arena when there is
 * none). Every walk checks the index's tree against the node's and falls back to a cursor walk
 * for a node of another tree (or one the index cannot place), so a foreign index can never give
 * a wrong answer. */
#ifndef DC_NODEINDEX_H
#define DC_NODEINDEX_H

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "common/base.h"
#include "syntax/tree.h" /* dc_tree_walk: the walk for trees without an index */

/* Fixed-size chunks, so the index grows in the arena without copying (a file of 2 MiB has
 * several hundred thousand nodes; doubling-and-copying would hold the index twice). 2048 nodes
 * make 56 KiB, which fits the worker arena's blocks. */
#define DC_NIX_CHUNK_BITS 11
#define DC_NIX_CHUNK (1u << DC_NIX_CHUNK_BITS)

/* The depth cap (issue 14): nodes deeper than this many levels below the root are left out of
 * the index, so nothing that reads the tree through it (bindings, findings, fixers) sees them,
 * and a walk from any node up to the root is at most this long. Every per-node question the
 * layers above ask about ancestors (scopes, statements, blocks, imports) then costs at most
 * DC_NIX_MAX_DEPTH steps, whatever the input: nested calls 8,000 deep took 105 s when each of
 * them walked its ancestors. Real code nests far less (the deepest file of the bench corpora,
 * 4,000 files of the Python stdlib, TypeScript, rxjs and zod, reaches 231 levels); a file that
 * nests deeper gets a warning that its findings may be incomplete (analysis/engine.c). */
#define DC_NIX_MAX_DEPTH 1000u

typedef struct dc_nix_chunk {
    /* the TSNode of i, field by field: its tree is the index's, its row and column come from the
     * line table (dc_node_index.lines). 28 bytes a node instead of the 44 of a TSNode array and
     * its neighbours, which were a third of what 2 MB of dense code needs (issue 14) */
    const void *id[DC_NIX_CHUNK];   /* TSNode.id */
    uint32_t start[DC_NIX_CHUNK];   /* TSNode.context[0]: the start byte */
    uint32_t end[DC_NIX_CHUNK];     /* one past the last node of i's subtree */
    uint32_t parent[DC_NIX_CHUNK];  /* position of i's parent (UINT32_MAX for the root) */
    uint32_t line0;                 /* the line table entry of the chunk's first node */
    uint16_t line[DC_NIX_CHUNK];    /* i's entry, minus line0 (a node adds at most one entry) */
    TSSymbol alias[DC_NIX_CHUNK];   /* TSNode.context[3] */
    TSSymbol sym[DC_NIX_CHUNK];     /* ts_node_symbol (aliases resolved, as ts_node_type names them) */
    TSFieldId field[DC_NIX_CHUNK];  /* field of i under its parent (0: none) */
} dc_nix_chunk;

/* A line where indexed nodes start: its row and the byte its column 0 is at. The nodes of one line
 * share an entry (a new entry starts wherever a node's row or line start differs from the entry
 * before), so a node's row and column take 2 bytes instead of 8. */
typedef struct dc_nix_line {
    uint32_t row, start;
} dc_nix_line;

typedef struct dc_node_index {
    const TSTree *tree;
    dc_arena *arena; /* holds the index, and the kind tables walks by kind add lazily */
    uint32_t n, nsym;
    dc_nix_chunk **chunks;
    dc_nix_line *lines;
    uint32_t nlines;
    uint32_t max_depth;    /* the deepest level indexed (the root is level 0) */
    bool truncated;        /* a node at DC_NIX_MAX_DEPTH had children, which were left out */
    uint32_t truncated_at; /* the start byte of the first such node */
    uint32_t *cuts;        /* the positions of those nodes, in preorder (disjoint subtrees) */
    uint32_t ncuts;
    /* the root's children, all and the named ones, once asked for (dc_node_index_top) */
    TSNode *top, *top_named;
    uint32_t ntop, ntop_named;
    bool have_top;
    /* kind sets resolved for walks by kind, keyed by the caller's (static) list of names */
    struct dc_kind_cache {
        const char *const *names;
        bool *has; /* by symbol id */
    } kinds[16];
    uint32_t nkinds;
} dc_node_index;

static inline TSNode dc_nix_node(const dc_node_index *ix, uint32_t i) {
    const dc_nix_chunk *c = ix->chunks[i >> DC_NIX_CHUNK_BITS];
    uint32_t k = i & (DC_NIX_CHUNK - 1);
    const dc_nix_line *l = &ix->lines[c->line0 + c->line[k]];
    /* the column is the start byte minus the line's (modulo 2^32, as it was stored) */
    TSNode n = {{c->start[k], l->row, c->start[k] - l->start, c->alias[k]}, c->id[k], ix->tree};
    return n;
}
static inline uint32_t dc_nix_end(const dc_node_index *ix, uint32_t i) {
    return ix->chunks[i >> DC_NIX_CHUNK_BITS]->end[i & (DC_NIX_CHUNK - 1)];
}
static inline TSSymbol dc_nix_sym(const dc_node_index *ix, uint32_t i) {
    return ix->chunks[i >> DC_NIX_CHUNK_BITS]->sym[i & (DC_NIX_CHUNK - 1)];
}
static inline TSFieldId dc_nix_field(const dc_node_index *ix, uint32_t i) {
    return ix->chunks[i >> DC_NIX_CHUNK_BITS]->field[i & (DC_NIX_CHUNK - 1)];
}
static inline uint32_t dc_nix_parent(const dc_node_index *ix, uint32_t i) {
    return ix->chunks[i >> DC_NIX_CHUNK_BITS]->parent[i & (DC_NIX_CHUNK - 1)];
}

/* Builds the index of the whole tree in `arena` (NULL for a NULL tree). Nothing to free: it
 * lives as long as the arena's contents, which must not outlive the tree (the worker arena is
 * reset together with the tree's release in dc_analysis_release). */
dc_node_index *dc_node_index_build(const TSTree *tree, dc_arena *arena);

/* The position of `n` in the index; false when `n` is not a node of the indexed tree (or lies
 * below the depth cap). */
bool dc_node_index_find(const dc_node_index *ix, TSNode n, uint32_t *pos);

/* The root's children, all (*kids) and the named ones (*named), as a cursor gives them; built on
 * the first call and kept with the index. Import planning reads them for every import it adds
 * or removes and every fresh name it picks: an array of the top-level statements per call was
 * 6 MB for a module of 100,000 statements, 100 fix sites 740 MB (issue 14). */
void dc_node_index_top(const dc_node_index *ix, const TSNode **kids, uint32_t *nkids, const TSNode **named,
                       uint32_t *nnamed);

/* ts_node_parent's answer, without its cost: tree-sitter (0.20.7, and 0.25 through
 * ts_node_child_with_descendant) finds a parent by descending from the root through every earlier
 * sibling on the way (O(depth x siblings) per call, so a walk to the root is quadratic in the depth, and one node of a 100,000-statement module costs
 * a scan of the statements). Through the index: one table lookup. A null node for the root and
 * for a null `n`; ts_node_parent itself for a node the index does not hold (another tree's,
 * `ix` NULL, or below the depth cap). */
TSNode dc_node_index_parent(const dc_node_index *ix, TSNode n);

/* ts_node_descendant_for_byte_range(root, start, end), through the index when `root` is the
 * indexed tree's root: the deepest node with start byte <= start whose end reaches `end` and
 * passes `start`. The node tree-sitter gives (which scans each level's children from the first,
 * O(depth x siblings)), in O(log n + depth); below the depth cap, the deepest indexed one.
 * Through tree-sitter itself for any other root. */
TSNode dc_node_index_descendant(const dc_node_index *ix, TSNode root, uint32_t start, uint32_t end);

/* dc_tree_walk's contract (fn on every node of the subtree at `root`, preorder; fn returns
 * false to stop), through the index when `ix` holds `root`, else through a cursor. */
void dc_node_index_walk(const dc_node_index *ix, TSNode root, bool (*fn)(TSNode n, void *ctx), void *ctx);

/* Calls fn, in preorder, on the nodes of the subtree at `root` whose kind is in `kinds` (a
 * NULL-terminated list of names with static storage: the index caches its symbol table by the
 * list's address); fn returns false to stop. The same calls, in the same order, as a
 * dc_tree_walk whose callback ignores (returns true for) every other kind. Kinds are matched by
 * name, never by one ts_language_symbol_for_name id: aliases give several symbols one name. */
void dc_node_index_walk_kinds(const dc_node_index *ix, TSNode root, const char *const *kinds,
                              bool (*fn)(TSNode n, void *ctx), void *ctx);

/* dc_tree_visit's walk (syntax/tree.h: visit(ud, n, parent type, field name) in preorder,
 * returning false skips n's children) through the index. `top` itself gets parent "" and field
 * NULL, as a cursor started at `top` gives it. Returns false, having visited nothing, when `ix`
 * does not hold `top` (the caller walks with dc_tree_visit then). */
bool dc_node_index_visit(const dc_node_index *ix, TSNode top, dc_node_visit_fn visit, void *ud);

#endif
