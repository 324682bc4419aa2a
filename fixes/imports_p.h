/* imports_p.h: private to the import helpers (fixes/imports.c: the context, text and tree
 * helpers, reference counting, where new statements go, the public API and fresh names;
 * fixes/import_edits.c: combining with the edits already in the fix, comma-separated lists,
 * removal planning; fixes/imports_py.c and fixes/imports_ts.c: the two languages' import
 * statements). See fixes/imports.h for what the helpers promise. */
#ifndef DC_IMPORTS_P_H
#define DC_IMPORTS_P_H

#include <string.h>

#include "analysis/engine.h"
#include "syntax/nodeindex.h"
#include "fixes/imports.h"
#include "fixes/render.h"
#include "syntax/errors.h"
#include "syntax/occ.h"
#include "syntax/tree.h"

typedef struct dc_imp {
    dc_arena *arena;
    const dc_source *src;
    TSTree *tree;
    TSNode root;
    const dc_node_index *index; /* may be NULL */
    dc_fix *fix;
    bool python;
    dc_style style;
    /* The root's children, all and named, read once: ts_node_child(root, i) walks from the
     * first child in tree-sitter (0.20.7 and 0.25's ts_node__child alike), so a loop over a module of k statements was O(k^2),
     * run per import for each fix tier (6% of a run on large files). From the index, which
     * keeps them for the file (dc_node_index_top), when there is one. */
    const TSNode *kids, *named;
    uint32_t nkids, nnamed;
} dc_imp;

static inline uint32_t dc_imp_start(TSNode n) { return ts_node_start_byte(n); }
static inline uint32_t dc_imp_end(TSNode n) { return ts_node_end_byte(n); }
static inline uint32_t dc_imp_top_count(const dc_imp *m) { return m->nkids; }
static inline uint32_t dc_imp_top_named_count(const dc_imp *m) { return m->nnamed; }
static inline TSNode dc_imp_top_child(const dc_imp *m, uint32_t i) { return i < m->nkids ? m->kids[i] : (TSNode){0}; }
static inline TSNode dc_imp_top_named(const dc_imp *m, uint32_t i) { return i < m->nnamed ? m->named[i] : (TSNode){0}; }

/* A new statement is `head + names + tail` on one line; `mergeable` says whether another name
 * for the same module may join that line. */
typedef struct dc_imp_stmt {
    const char *head, *tail, *name;
    bool mergeable;
} dc_imp_stmt;

typedef struct dc_imp_item {
    TSNode node, comma;
    bool has_comma;
} dc_imp_item;

typedef struct dc_imp_list {
    dc_imp_item *v;
    uint32_t n;
    TSNode close;
    bool has_close;
} dc_imp_list;

typedef struct dc_imp_removal {
    TSNode stmt;          /* the statement holding the list */
    TSNode container;     /* the list's parent node */
    const char *fieldname;
    uint32_t index;       /* the item to remove */
    uint32_t whole_start, whole_end; /* what goes when every item goes; start == end: keep */
} dc_imp_removal;

typedef enum { DC_IMP_FOUND_NONE, DC_IMP_FOUND_SAME, DC_IMP_FOUND_OTHER, DC_IMP_FOUND_ERROR } dc_imp_found;

/* ---- imports.c ---------------------------------------------------------------------------- */

/* Text: a byte that can continue a name (any non-ASCII byte counts, the conservative side); a
 * dotted name compared without the blanks it may be written with (`a . b`); a JS string
 * literal's contents; the offset after off's line; only blanks before `off` on its line; only
 * blanks and maybe a line comment after it; a blank line at `ls`; `w` as a whole word. */
bool dc_imp_ident_byte(char c);
bool dc_imp_eq_nows(dc_sv a, const char *s);
dc_sv dc_imp_string_inner(const dc_source *src, TSNode str);
uint32_t dc_imp_line_after(const dc_source *src, uint32_t off);
bool dc_imp_blanks_before(const dc_source *src, uint32_t off);
bool dc_imp_trivia_after(const dc_imp *m, uint32_t off);
bool dc_imp_line_blank(const dc_source *src, uint32_t ls);
bool dc_imp_word_in(dc_sv hay, dc_sv w);
/* dc_tree_visit over `top`, through the file's node index when there is one. */
void dc_imp_walk(const dc_imp *m, TSNode top, dc_node_visit_fn visit, void *ud);
/* References to `name` left in the file outside imports, `skip` and the `deleted` ranges. */
uint32_t dc_imp_count_refs(const dc_imp *m, dc_sv name, const dc_range *deleted, uint32_t ndeleted, TSNode skip);
/* A new statement after `after` (at the top, after any header, when null); false when the spot
 * is not free. */
bool dc_imp_insert_statement(dc_imp *m, TSNode after, const dc_imp_stmt *sh);

/* ---- import_edits.c ------------------------------------------------------------------------ */

/* The fix's pending edits: one strictly around `pos`; a deletion covering [s, e); an insertion
 * point that no pending edit or ERROR region is in the way of. */
bool dc_imp_inside_pending(const dc_fix *fix, uint32_t pos);
bool dc_imp_pending_deleted(const dc_fix *fix, uint32_t s, uint32_t e);
bool dc_imp_insertion_free(const dc_imp *m, uint32_t pos);
/* Edits combined with those already at the same offset (see imports.c's header comment). */
void dc_imp_add_deletion(dc_imp *m, uint32_t s, uint32_t e);
void dc_imp_add_stmt(dc_imp *m, uint32_t pos, const char *full, const dc_imp_stmt *sh);
void dc_imp_add_wrapped(dc_imp *m, uint32_t pos, const char *head, const char *name, const char *tail);
/* Comma-separated lists: the items of `container` (the children in `fieldname`, or every named
 * non-comment child), appending in the list's own layout, removing one item (or the whole
 * statement when it goes last), and the extent of a whole statement with its line. */
void dc_imp_list_build(dc_arena *arena, TSNode container, const char *fieldname, dc_imp_list *l);
bool dc_imp_list_append(dc_imp *m, const dc_imp_list *l, const char *name);
void dc_imp_plan_removal(dc_imp *m, const dc_imp_removal *r);
void dc_imp_statement_extent(const dc_imp *m, TSNode stmt, uint32_t *s, uint32_t *e);

/* ---- imports_py.c -------------------------------------------------------------------------- */

bool dc_imp_py_ensure(dc_imp *m, const char *module, const char *name);
bool dc_imp_py_remove(dc_imp *m, const char *module, const char *name, const dc_range *deleted, uint32_t ndeleted);

/* ---- imports_ts.c -------------------------------------------------------------------------- */

bool dc_imp_ts_ensure(dc_imp *m, const char *module, const char *name);
bool dc_imp_ts_remove(dc_imp *m, const char *module, const char *name, const dc_range *deleted, uint32_t ndeleted);

#endif
