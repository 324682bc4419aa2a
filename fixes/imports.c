/* imports.c: adding and removing imports, and picking fresh local names, on the tree-sitter tree.
 *
 * Everything is planned against the ORIGINAL buffer, so two calls in one fix can meet at the
 * same byte. The applier rejects a fix whose own edits insert different text at one offset or
 * overlap, so the helpers here read the edits already in `fix` and combine with them instead:
 *   - an insertion at an offset that already has one is merged into it (a second name joins
 *     the first one's list, a new statement joins the earlier new statement's line or goes on
 *     the next line), and a request already satisfied by a pending edit adds nothing;
 *   - removal treats names whose bytes a pending deletion already covers as removed too and
 *     re-plans the statement, so removing two names, or removing the one a pending merge
 *     appends after, still yields non-overlapping edits.
 * Removal is conservative: anything that might be a use (a string equal to the name in Python,
 * which covers __all__ and quoted annotations; any word match inside an ERROR node) keeps the
 * import, because an unused import is harmless and a missing one is a crash. */
#include "fixes/imports.h"

#include <ctype.h>
#include <stdlib.h>

#include "fixes/imports_p.h"

static void top_build(dc_imp *m) {
    if (m->index) {
        dc_node_index_top(m->index, &m->kids, &m->nkids, &m->named, &m->nnamed);
        return;
    }
    uint32_t n = ts_node_child_count(m->root);
    TSNode *kids = dc_arena_alloc(m->arena, (n ? n : 1) * sizeof *kids);
    TSNode *named = dc_arena_alloc(m->arena, (n ? n : 1) * sizeof *named);
    TSTreeCursor c = ts_tree_cursor_new(m->root);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (m->nkids == n) break; /* cannot happen: the cursor sees the same children */
            kids[m->nkids++] = k;
            if (ts_node_is_named(k)) named[m->nnamed++] = k;
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    m->kids = kids;
    m->named = named;
}

/* Only additions need the file's style; detecting it is a scan of up to 64 KiB. */
static bool imp_init(dc_imp *m, const dc_import_ctx *ctx, dc_fix *fix, bool want_style) {
    memset(m, 0, sizeof *m);
    if (!ctx || !ctx->arena || !ctx->src || !ctx->tree) return false;
    m->arena = ctx->arena;
    m->src = ctx->src;
    m->tree = ctx->tree;
    m->root = ts_tree_root_node(ctx->tree);
    m->index = ctx->index && ctx->index->tree == ctx->tree ? ctx->index : NULL;
    m->fix = fix;
    m->python = dc_lang_family(ctx->src->lang) == DC_FAMILY_PYTHON;
    if (want_style) m->style = ctx->style ? *ctx->style : dc_style_detect(ctx->src);
    top_build(m);
    return true;
}

/* ---- tree and text helpers ---------------------------------------------------------------- */

bool dc_imp_ident_byte(char c) { return isalnum((unsigned char)c) || c == '_' || c == '$' || (unsigned char)c >= 0x80; }

/* Dotted names may be written `a . b`; compare them without the blanks. */
bool dc_imp_eq_nows(dc_sv a, const char *s) {
    uint32_t i = 0;
    for (; i < a.len; i++) {
        char c = a.p[i];
        if (c == ' ' || c == '\t' || c == '\\' || c == '\r' || c == '\n') continue;
        if (*s++ != c) return false;
    }
    return *s == '\0';
}

/* The contents of a JS string literal, between its quotes. */
dc_sv dc_imp_string_inner(const dc_source *src, TSNode str) {
    dc_sv t = dc_node_sv(src, str);
    if (t.len < 2) return dc_sv_from(t.p, 0);
    return dc_sv_from(t.p + 1, t.len - 2);
}

uint32_t dc_imp_line_after(const dc_source *src, uint32_t off) {
    while (off < src->len && src->data[off] != '\n') off++;
    return off < src->len ? off + 1 : src->len;
}

bool dc_imp_blanks_before(const dc_source *src, uint32_t off) {
    for (uint32_t i = dc_line_start(src, off); i < off; i++)
        if (src->data[i] != ' ' && src->data[i] != '\t') return false;
    return true;
}

/* From `off` to the end of its line: only blanks and maybe a line comment. */
bool dc_imp_trivia_after(const dc_imp *m, uint32_t off) {
    const char *d = m->src->data;
    for (uint32_t i = off; i < m->src->len && d[i] != '\n'; i++) {
        if (d[i] == ' ' || d[i] == '\t' || d[i] == '\r') continue;
        if (m->python) return d[i] == '#';
        return d[i] == '/' && i + 1 < m->src->len && d[i + 1] == '/';
    }
    return true;
}

bool dc_imp_line_blank(const dc_source *src, uint32_t ls) {
    for (uint32_t i = ls; i < src->len && src->data[i] != '\n'; i++)
        if (src->data[i] != ' ' && src->data[i] != '\t' && src->data[i] != '\r') return false;
    return true;
}

/* dc_tree_visit (syntax/tree.h), through the tree's index when there is one. */
void dc_imp_walk(const dc_imp *m, TSNode top, dc_node_visit_fn visit, void *ud) {
    if (!dc_node_index_visit(m->index, top, visit, ud)) dc_tree_visit(top, visit, ud);
}

/* A name-like node that can refer to a binding: not a property after a dot, not a keyword
 * argument's name, not an object key (those are property_identifier in TS already). */
static bool is_name_node(TSNode n, bool python, const char *parent, const char *fieldname) {
    const char *t = ts_node_type(n);
    if (python) {
        if (strcmp(t, "identifier") != 0) return false;
        if (fieldname && strcmp(fieldname, "attribute") == 0 && strcmp(parent, "attribute") == 0) return false;
        if (fieldname && strcmp(fieldname, "name") == 0 && strcmp(parent, "keyword_argument") == 0) return false;
        return true;
    }
    if (strcmp(t, "identifier") && strcmp(t, "type_identifier") && strcmp(t, "shorthand_property_identifier") &&
        strcmp(t, "shorthand_property_identifier_pattern"))
        return false;
    return !(fieldname && strcmp(fieldname, "name") == 0 && strcmp(parent, "nested_type_identifier") == 0);
}

/* ---- reference counting ------------------------------------------------------------------- */

typedef struct refscan {
    const dc_imp *m;
    dc_sv name;
    const dc_range *deleted;
    uint32_t ndeleted;
    TSNode skip; /* the statement being edited (CommonJS destructuring) */
    uint32_t count;
    /* Where the name occurs in the source as a substring. Every reference counted below
     * contains it (a name node equal to it, a string or ERROR node holding it), so a subtree
     * without an occurrence is not descended: the walk visits only the occurrences' ancestors
     * instead of every node of the file, once per legacy import and fix tier. */
    dc_occ occ;
} refscan;

static bool in_deleted(const refscan *r, uint32_t s, uint32_t e) {
    for (uint32_t i = 0; i < r->ndeleted; i++)
        if (r->deleted[i].start <= s && e <= r->deleted[i].end) return true;
    return false;
}

bool dc_imp_word_in(dc_sv hay, dc_sv w) {
    for (uint32_t i = 0; i + w.len <= hay.len; i++) {
        if (memcmp(hay.p + i, w.p, w.len) != 0) continue;
        bool left = i == 0 || !dc_imp_ident_byte(hay.p[i - 1]);
        bool right = i + w.len == hay.len || !dc_imp_ident_byte(hay.p[i + w.len]);
        if (left && right) return true;
    }
    return false;
}

static bool is_import_node(TSNode n, bool python) {
    const char *t = ts_node_type(n);
    if (python)
        return !strcmp(t, "import_statement") || !strcmp(t, "import_from_statement") ||
               !strcmp(t, "future_import_statement");
    if (!strcmp(t, "import_statement")) return true;
    /* `export { x } from "y"` names the other module's exports, not ours */
    return !strcmp(t, "export_statement") && !ts_node_is_null(dc_field(n, "source"));
}

static bool ref_visit(void *ud, TSNode n, const char *parent, const char *fieldname) {
    refscan *r = ud;
    const dc_imp *m = r->m;
    if (r->name.len && !dc_occ_within(&r->occ, r->name.len, dc_imp_start(n), dc_imp_end(n))) return false;
    if (is_import_node(n, m->python) || ts_node_eq(n, r->skip)) return false;
    if (in_deleted(r, dc_imp_start(n), dc_imp_end(n))) return false;
    dc_sv t = dc_node_sv(m->src, n);
    if (dc_node_is_error(n)) {
        if (dc_imp_word_in(t, r->name)) r->count++;
        return true;
    }
    if (is_name_node(n, m->python, parent, fieldname)) {
        if (dc_sv_eq(t, r->name)) r->count++;
        return false;
    }
    if (m->python && dc_node_is(n, "string")) {
        /* __all__ = ["name"] and "Name" annotations use the import without an identifier */
        uint32_t q = 0; /* past the prefix letters (f, r, b, u) */
        while (q < t.len && t.p[q] != '"' && t.p[q] != '\'') q++;
        dc_sv in = dc_sv_from(t.p + q, t.len - q);
        if (in.len >= 2 && in.len - 2 == r->name.len && memcmp(in.p + 1, r->name.p, r->name.len) == 0) r->count++;
        if (in.len >= 2 && !strcmp(parent, "type") && dc_imp_word_in(in, r->name)) r->count++;
        return true;
    }
    return true;
}

uint32_t dc_imp_count_refs(const dc_imp *m, dc_sv name, const dc_range *deleted, uint32_t ndeleted, TSNode skip) {
    refscan r = {m, name, deleted, ndeleted, skip, 0, {0}};
    dc_occ_find(&r.occ, dc_sv_from(m->src->data, (uint32_t)m->src->len), name);
    /* (an empty name, from a specifier lost in a syntax error, is in every node: no pruning) */
    if (r.occ.len || !name.len) dc_imp_walk(m, m->root, ref_visit, &r);
    dc_vec_free(&r.occ);
    return r.count;
}

/* ---- new statements: where they go ------------------------------------------------------- */

/* A statement that is only a string: a Python docstring, a JS directive ("use strict"). */
static bool is_string_statement(TSNode n) {
    if (!dc_node_is(n, "expression_statement") || ts_node_named_child_count(n) != 1) return false;
    TSNode s = ts_node_named_child(n, 0);
    return dc_node_is(s, "string") || dc_node_is(s, "concatenated_string");
}

/* PEP 263: a comment on line 1 or 2 matching `coding[:=]`. */
static bool is_coding_comment(const dc_imp *m, TSNode n) {
    if (!dc_node_is(n, "comment") || ts_node_start_point(n).row > 1) return false;
    dc_sv t = dc_node_sv(m->src, n);
    for (uint32_t i = 0; i + 7 <= t.len; i++)
        if (memcmp(t.p + i, "coding", 6) == 0 && (t.p[i + 6] == ':' || t.p[i + 6] == '=')) return true;
    return false;
}

static bool is_shebang(const dc_imp *m, TSNode n) {
    if (dc_node_is(n, "hash_bang_line")) return true;
    dc_sv t = dc_node_sv(m->src, n);
    return dc_node_is(n, "comment") && ts_node_start_point(n).row == 0 && t.len >= 2 && t.p[0] == '#' && t.p[1] == '!';
}

/* The module docstring (Python) or the last directive of the prologue (JS), after leading
 * comments; a null node when there is none. */
static TSNode prologue_end(const dc_imp *m, uint32_t from) {
    TSNode last = {0};
    uint32_t k = dc_imp_top_count(m);
    for (uint32_t j = from; j < k; j++) {
        TSNode n = dc_imp_top_child(m, j);
        if (dc_node_is(n, "comment")) continue;
        if (!is_string_statement(n)) break;
        last = n;
        if (m->python) break;
    }
    return last;
}

/* Where the first import goes in a file that has none: after a shebang / encoding line, then
 * after the module docstring or JS directives ("use strict", "use client"), else after a header
 * comment block that a blank line separates from the code (a comment right above code stays
 * with the code), and after the blank lines that follow. */
static uint32_t header_end(const dc_imp *m) {
    uint32_t pos = m->src->has_bom ? 3 : 0, k = dc_imp_top_count(m), i = 0;
    for (; i < k; i++) {
        TSNode n = dc_imp_top_child(m, i);
        if (!is_shebang(m, n) && !(m->python && is_coding_comment(m, n))) break;
        pos = dc_imp_line_after(m->src, dc_imp_end(n));
    }
    bool header = false;
    TSNode prologue = prologue_end(m, i);
    if (!ts_node_is_null(prologue)) {
        pos = dc_imp_line_after(m->src, dc_imp_end(prologue));
        header = true;
    }
    for (; !header && i < k && dc_node_is(dc_imp_top_child(m, i), "comment"); i++) {
        uint32_t after = dc_imp_line_after(m->src, dc_imp_end(dc_imp_top_child(m, i)));
        if (after < m->src->len && dc_imp_line_blank(m->src, after)) pos = after;
    }
    while (pos < m->src->len && pos > (m->src->has_bom ? 3u : 0u) && dc_imp_line_blank(m->src, pos))
        pos = dc_imp_line_after(m->src, pos);
    return pos;
}

/* An insertion point must not split a node (a multi-line string, a statement continued after a
 * `;`) nor touch an ERROR region or a pending edit. */
static bool insertion_ok(const dc_imp *m, uint32_t pos) {
    if (dc_range_touches_error(m->tree, pos, pos) || dc_imp_inside_pending(m->fix, pos)) return false;
    for (TSNode n = dc_node_index_descendant(m->index, m->root, pos, pos); !ts_node_is_null(n) && !ts_node_eq(n, m->root);
         n = dc_node_index_parent(m->index, n))
        if (dc_imp_start(n) < pos && pos < dc_imp_end(n)) return false;
    return true;
}

bool dc_imp_insert_statement(dc_imp *m, TSNode after, const dc_imp_stmt *sh) {
    const dc_source *src = m->src;
    bool at_top = ts_node_is_null(after);
    uint32_t pos = at_top ? header_end(m) : dc_imp_line_after(src, dc_imp_end(after));
    uint32_t bom = src->has_bom ? 3 : 0;
    bool nl_before = pos == src->len && src->len > bom && src->data[src->len - 1] != '\n';
    /* imports are kept apart from the code they precede, as isort / eslint's import order do */
    bool blank_after = at_top && pos < src->len && !dc_imp_line_blank(src, pos);
    if (!insertion_ok(m, pos)) return false;
    const char *nl = m->style.newline;
    char *full = dc_arena_printf(m->arena, "%s%s%s%s%s%s", nl_before ? nl : "", sh->head, sh->name, sh->tail,
                                 nl_before ? "" : nl, blank_after ? nl : "");
    dc_imp_add_stmt(m, pos, full, sh);
    return true;
}

/* ---- public API --------------------------------------------------------------------------- */

bool dc_import_ensure(const dc_import_ctx *ctx, dc_fix *fix, const char *module, const char *name) {
    dc_imp m;
    if (!fix || !module || !*module || (name && !*name) || !imp_init(&m, ctx, fix, true)) return false;
    switch (dc_lang_family(ctx->src->lang)) {
    case DC_FAMILY_PYTHON: return dc_imp_py_ensure(&m, module, name);
    case DC_FAMILY_TS: return dc_imp_ts_ensure(&m, module, name);
    default: return false;
    }
}

bool dc_import_remove_if_unused(const dc_import_ctx *ctx, dc_fix *fix, const char *module, const char *name,
                                const dc_range *deleted, uint32_t ndeleted) {
    dc_imp m;
    if (!fix || !module || !*module || !imp_init(&m, ctx, fix, false)) return false;
    switch (dc_lang_family(ctx->src->lang)) {
    case DC_FAMILY_PYTHON: return dc_imp_py_remove(&m, module, name, deleted, ndeleted);
    case DC_FAMILY_TS: return dc_imp_ts_remove(&m, module, name, deleted, ndeleted);
    default: return false;
    }
}

/* ---- fresh names -------------------------------------------------------------------------- */

/* Where a fresh name must be free: the enclosing function or class, or the module. */
static bool is_scope(TSNode n, bool python) {
    static const char *const py[] = {"function_definition", "lambda", "class_definition", "module", NULL};
    static const char *const ts[] = {"function_declaration", "function_expression", "function",
                                     "generator_function_declaration", "generator_function", "arrow_function",
                                     "method_definition", "class_static_block", "program", NULL};
    return dc_node_is_any(n, python ? py : ts);
}

typedef struct name_scan {
    const dc_imp *m;
    DC_VEC(dc_sv) names;
} name_scan;

static bool name_visit(void *ud, TSNode n, const char *parent, const char *fieldname) {
    name_scan *s = ud;
    if (is_name_node(n, s->m->python, parent, fieldname)) dc_vec_push(&s->names, dc_node_sv(s->m->src, n));
    return true;
}

static int cmp_name(const void *pa, const void *pb) {
    const dc_sv *a = pa, *b = pb;
    uint32_t n = a->len < b->len ? a->len : b->len;
    int c = n ? memcmp(a->p, b->p, n) : 0;
    return c ? c : a->len < b->len ? -1 : a->len > b->len;
}

/* A scope's names, sorted and unique (arena). */
typedef struct scope_names {
    const void *scope; /* the scope node's id */
    dc_sv *v;
    uint32_t n;
} scope_names;

/* The last few scopes looked in: fresh names are picked group after group, and the groups of a
 * scope come together, so a handful of entries serve a file whatever its number of scopes. */
#define DC_NAME_CACHE_SCOPES 8u

struct dc_name_cache {
    dc_arena *arena;
    scope_names recent[DC_NAME_CACHE_SCOPES];
    uint32_t next; /* the entry to replace */
};

struct dc_name_cache *dc_name_cache_new(dc_arena *arena) {
    struct dc_name_cache *c = dc_arena_alloc(arena, sizeof *c);
    c->arena = arena;
    return c;
}

static const scope_names *names_of(const dc_imp *m, struct dc_name_cache *cache, TSNode scope, scope_names *own) {
    for (uint32_t i = 0; cache && i < DC_NAME_CACHE_SCOPES; i++)
        if (cache->recent[i].scope == scope.id && cache->recent[i].v) return &cache->recent[i];
    name_scan s = {m, {0}};
    dc_imp_walk(m, scope, name_visit, &s);
    if (s.names.len > 1) qsort(s.names.v, s.names.len, sizeof *s.names.v, cmp_name);
    scope_names *out = cache ? &cache->recent[cache->next++ % DC_NAME_CACHE_SCOPES] : own;
    out->scope = scope.id;
    out->v = dc_arena_alloc(m->arena, (s.names.len ? s.names.len : 1) * sizeof *out->v);
    out->n = 0;
    for (uint32_t i = 0; i < s.names.len; i++)
        if (!out->n || cmp_name(&out->v[out->n - 1], &s.names.v[i]) != 0) out->v[out->n++] = s.names.v[i];
    dc_vec_free(&s.names);
    return out;
}

static bool name_free(const scope_names *sn, const char *cand, const char *const *taken, uint32_t ntaken) {
    for (uint32_t i = 0; i < ntaken; i++)
        if (taken[i] && strcmp(taken[i], cand) == 0) return false;
    dc_sv key = dc_sv_cstr(cand);
    return !sn->n || !bsearch(&key, sn->v, sn->n, sizeof *sn->v, cmp_name);
}

const char *dc_fresh_name(const dc_import_ctx *ctx, uint32_t at, const char *base, const char *prefix,
                          const char *const *taken, uint32_t ntaken) {
    dc_imp m;
    dc_fix unused = {0};
    if (!base || !imp_init(&m, ctx, &unused, false)) return base;
    if (at > m.src->len) at = m.src->len;
    TSNode scope = dc_node_index_descendant(m.index, m.root, at, at);
    while (!ts_node_is_null(scope) && !is_scope(scope, m.python)) scope = dc_node_index_parent(m.index, scope);
    if (ts_node_is_null(scope)) scope = m.root;
    /* Every name used in the scope (nested functions included) counts as taken, not only the
     * ones bound there: a name read there may be a global or builtin the new binding would
     * shadow. */
    /* The usual case first: `base` is not in the scope's text at all, so no name node there
     * can equal it, and the scope need not be walked. */
    dc_sv text = dc_node_sv(m.src, scope);
    bool in_taken = false;
    for (uint32_t i = 0; i < ntaken; i++)
        if (taken[i] && strcmp(taken[i], base) == 0) in_taken = true;
    if (!in_taken && !memmem(text.p, text.len, base, strlen(base))) return dc_arena_strdup(m.arena, base);
    scope_names own;
    const scope_names *sn = names_of(&m, ctx->names, scope, &own);
    const char *res = NULL;
    if (name_free(sn, base, taken, ntaken)) res = dc_arena_strdup(m.arena, base);
    char *cand = prefix && !res ? dc_arena_printf(m.arena, "%s_%s", prefix, base) : NULL;
    if (cand && name_free(sn, cand, taken, ntaken)) res = cand;
    for (uint32_t i = 2; !res; i++) {
        cand = dc_arena_printf(m.arena, "%s_%u", base, i);
        if (name_free(sn, cand, taken, ntaken)) res = cand;
    }
    return res;
}
