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
#include "rewriter/imports.h"

#include <ctype.h>
#include <stdlib.h>

#include "analyzer/engine.h"
#include "analyzer/nodeindex.h"
#include "syntax/tree.h"
#include "rewriter/render.h"
#include "syntax/occ.h"

typedef struct imp {
    dc_arena *arena;
    const dc_source *src;
    TSTree *tree;
    TSNode root;
    const dc_node_index *index; /* may be NULL */
    dc_fix *fix;
    bool python;
    dc_style style;
    /* The root's children, all and named, read once: ts_node_child(root, i) walks from the
     * first child in tree-sitter 0.20.7, so a loop over a module of k statements was O(k^2),
     * run per import for each fix tier (6% of a run on large files). */
    TSNode *kids, *named;
    uint32_t nkids, nnamed;
} imp;

static void top_build(imp *m) {
    uint32_t n = ts_node_child_count(m->root);
    m->kids = dc_arena_alloc(m->arena, (n ? n : 1) * sizeof *m->kids);
    m->named = dc_arena_alloc(m->arena, (n ? n : 1) * sizeof *m->named);
    TSTreeCursor c = ts_tree_cursor_new(m->root);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (m->nkids == n) break; /* cannot happen: the cursor sees the same children */
            m->kids[m->nkids++] = k;
            if (ts_node_is_named(k)) m->named[m->nnamed++] = k;
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
}

static uint32_t top_count(const imp *m) { return m->nkids; }
static uint32_t top_named_count(const imp *m) { return m->nnamed; }
static TSNode top_child(const imp *m, uint32_t i) { return i < m->nkids ? m->kids[i] : (TSNode){0}; }
static TSNode top_named(const imp *m, uint32_t i) { return i < m->nnamed ? m->named[i] : (TSNode){0}; }

/* Only additions need the file's style; detecting it is a scan of up to 64 KiB. */
static bool imp_init(imp *m, const dc_import_ctx *ctx, dc_fix *fix, bool want_style) {
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

static uint32_t nstart(TSNode n) { return ts_node_start_byte(n); }
static uint32_t nend(TSNode n) { return ts_node_end_byte(n); }

static bool is_ident_byte(char c) { return isalnum((unsigned char)c) || c == '_' || c == '$' || (unsigned char)c >= 0x80; }

/* Dotted names may be written `a . b`; compare them without the blanks. */
static bool sv_eq_nows(dc_sv a, const char *s) {
    uint32_t i = 0;
    for (; i < a.len; i++) {
        char c = a.p[i];
        if (c == ' ' || c == '\t' || c == '\\' || c == '\r' || c == '\n') continue;
        if (*s++ != c) return false;
    }
    return *s == '\0';
}

/* The contents of a JS string literal, between its quotes. */
static dc_sv string_inner(const dc_source *src, TSNode str) {
    dc_sv t = dc_node_sv(src, str);
    if (t.len < 2) return dc_sv_from(t.p, 0);
    return dc_sv_from(t.p + 1, t.len - 2);
}

static uint32_t line_after(const dc_source *src, uint32_t off) {
    while (off < src->len && src->data[off] != '\n') off++;
    return off < src->len ? off + 1 : src->len;
}

static bool only_blanks_before(const dc_source *src, uint32_t off) {
    for (uint32_t i = dc_line_start(src, off); i < off; i++)
        if (src->data[i] != ' ' && src->data[i] != '\t') return false;
    return true;
}

/* From `off` to the end of its line: only blanks and maybe a line comment. */
static bool only_trivia_after(const imp *m, uint32_t off) {
    const char *d = m->src->data;
    for (uint32_t i = off; i < m->src->len && d[i] != '\n'; i++) {
        if (d[i] == ' ' || d[i] == '\t' || d[i] == '\r') continue;
        if (m->python) return d[i] == '#';
        return d[i] == '/' && i + 1 < m->src->len && d[i + 1] == '/';
    }
    return true;
}

static bool line_is_blank(const dc_source *src, uint32_t ls) {
    for (uint32_t i = ls; i < src->len && src->data[i] != '\n'; i++)
        if (src->data[i] != ' ' && src->data[i] != '\t' && src->data[i] != '\r') return false;
    return true;
}

/* dc_tree_visit (syntax/tree.h), through the tree's index when there is one. */
static void walk(const imp *m, TSNode top, dc_node_visit_fn visit, void *ud) {
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

/* ---- combining with the edits already in the fix ------------------------------------------ */

static dc_edit *pending_insertion(dc_fix *fix, uint32_t pos) {
    for (uint32_t i = 0; i < fix->nedits; i++)
        if (fix->edits[i].start == pos && fix->edits[i].end == pos) return &fix->edits[i];
    return NULL;
}

static bool strictly_inside_pending(const dc_fix *fix, uint32_t pos) {
    for (uint32_t i = 0; i < fix->nedits; i++)
        if (fix->edits[i].start < pos && pos < fix->edits[i].end) return true;
    return false;
}

static bool covered_by_pending_deletion(const dc_fix *fix, uint32_t s, uint32_t e) {
    for (uint32_t i = 0; i < fix->nedits; i++) {
        const dc_edit *d = &fix->edits[i];
        if (d->start < d->end && d->len == 0 && d->start <= s && e <= d->end) return true;
    }
    return false;
}

static void set_edit_text(imp *m, dc_edit *e, const char *text, size_t len) {
    e->text = dc_arena_strndup(m->arena, text, len);
    e->len = (uint32_t)len;
}

static void add_deletion(imp *m, uint32_t s, uint32_t e) {
    for (uint32_t i = 0; i < m->fix->nedits; i++)
        if (m->fix->edits[i].start == s && m->fix->edits[i].end == e && m->fix->edits[i].len == 0) return;
    dc_fix_add_edit(m->arena, m->fix, s, e, "", 0);
}

/* Does `hay` contain `seg` followed by something that cannot continue a name? */
static bool has_segment(const char *hay, uint32_t hlen, const char *seg, size_t slen) {
    for (uint32_t i = 0; i + slen <= hlen; i++)
        if (memcmp(hay + i, seg, slen) == 0 && (i + slen == hlen || !is_ident_byte(hay[i + slen]))) return true;
    return false;
}

/* Text that continues a list after its last item (", b", ",\n    b"), as opposed to a new
 * statement. Both can meet at one offset only when a Python import ends the file without a
 * newline, and then the list's continuation has to come first. */
static bool continues_list(const char *text) { return text[0] == ','; }

static bool is_generated_import_line(const imp *m, dc_sv line);

/* Where the new statements in a pending insertion begin (its length when there are none). */
static uint32_t statements_start(const imp *m, const dc_edit *e) {
    for (uint32_t i = 0; i < e->len; i++) {
        if (e->text[i] != '\n') continue;
        uint32_t k = i > 0 && e->text[i - 1] == '\r' ? i - 1 : i;
        if (is_generated_import_line(m, dc_sv_from(e->text + i + 1, e->len - i - 1))) return k;
    }
    return e->len;
}

/* A name appended to an existing list: a second one at the same place extends the first, with
 * `join` between them. */
static void add_list_insertion(imp *m, uint32_t pos, const char *text, const char *join) {
    size_t len = strlen(text);
    dc_edit *e = pending_insertion(m->fix, pos);
    if (!e) {
        dc_fix_add_edit(m->arena, m->fix, pos, pos, text, len);
        return;
    }
    if (has_segment(e->text, e->len, text, len)) return;
    /* the list part ends where the first new statement starts */
    uint32_t split = continues_list(text) && continues_list(e->text) ? statements_start(m, e) : e->len;
    if (continues_list(text) && !continues_list(e->text)) split = 0;
    char *joined = dc_arena_printf(m->arena, "%.*s%s%s%s", (int)split, e->text, split ? join : "", text,
                                   e->text + split);
    set_edit_text(m, e, joined, strlen(joined));
}

static bool names_list_has(dc_sv list, const char *name) {
    size_t nl = strlen(name);
    uint32_t i = 0;
    while (i <= list.len) {
        uint32_t j = i;
        while (j < list.len && list.p[j] != ',') j++;
        uint32_t s = i, e = j;
        while (s < e && list.p[s] == ' ') s++;
        while (e > s && list.p[e - 1] == ' ') e--;
        if (e - s == nl && memcmp(list.p + s, name, nl) == 0) return true;
        i = j + 1;
    }
    return false;
}

static bool plain_names(dc_sv list) {
    for (uint32_t i = 0; i < list.len; i++)
        if (!is_ident_byte(list.p[i]) && list.p[i] != ',' && list.p[i] != ' ' && list.p[i] != '.') return false;
    return list.len > 0;
}

/* `head names tail` inserted whole (`, { a }` after a default import): a second name joins the
 * braces of the first. */
static void add_wrapped_insertion(imp *m, uint32_t pos, const char *head, const char *name, const char *tail) {
    dc_edit *e = pending_insertion(m->fix, pos);
    size_t hl = strlen(head), tl = strlen(tail);
    if (e && e->len >= hl + tl && memcmp(e->text, head, hl) == 0 && memcmp(e->text + e->len - tl, tail, tl) == 0) {
        dc_sv names = dc_sv_from(e->text + hl, e->len - hl - tl);
        if (names_list_has(names, name)) return;
        char *t = dc_arena_printf(m->arena, "%.*s, %s%s", (int)(e->len - tl), e->text, name, tail);
        set_edit_text(m, e, t, strlen(t));
        return;
    }
    add_list_insertion(m, pos, dc_arena_printf(m->arena, "%s%s%s", head, name, tail), "");
}

/* A new statement is `head + names + tail` on one line; `mergeable` says whether another name
 * for the same module may join that line. */
typedef struct stmt_shape {
    const char *head, *tail, *name;
    bool mergeable;
} stmt_shape;

static bool is_generated_import_line(const imp *m, dc_sv line) {
    if (line.len >= 5 && memcmp(line.p, "from ", 5) == 0) return m->python;
    if (line.len >= 7 && memcmp(line.p, "import ", 7) == 0) return true;
    return !m->python && has_segment(line.p, line.len, "require(", 8);
}

/* Merges a new statement into an insertion already planned at the same offset: joins a line
 * for the same module, else goes on the line after the last planned import line, else (the
 * caller's own code is inserted there) in front of it, since imports come first. */
static void add_stmt_insertion(imp *m, uint32_t pos, const char *full, const stmt_shape *sh) {
    dc_edit *e = pending_insertion(m->fix, pos);
    if (!e) {
        dc_fix_add_edit(m->arena, m->fix, pos, pos, full, strlen(full));
        return;
    }
    size_t hl = strlen(sh->head), tl = strlen(sh->tail);
    uint32_t last_import_end = UINT32_MAX;
    for (uint32_t i = 0; i <= e->len;) {
        uint32_t eol = i;
        while (eol < e->len && e->text[eol] != '\n') eol++;
        uint32_t ce = eol > i && e->text[eol - 1] == '\r' ? eol - 1 : eol;
        dc_sv line = dc_sv_from(e->text + i, ce - i);
        if (line.len >= hl + tl && memcmp(line.p, sh->head, hl) == 0 &&
            memcmp(line.p + line.len - tl, sh->tail, tl) == 0) {
            dc_sv names = dc_sv_from(line.p + hl, line.len - hl - tl);
            if (names_list_has(names, sh->name)) return;
            if (sh->mergeable && plain_names(names) && !continues_list(line.p)) {
                uint32_t at = ce - (uint32_t)tl;
                char *t = dc_arena_printf(m->arena, "%.*s, %s%s", (int)at, e->text, sh->name, e->text + at);
                set_edit_text(m, e, t, strlen(t));
                return;
            }
        }
        if (is_generated_import_line(m, line)) last_import_end = ce;
        i = eol + 1;
    }
    char *t;
    if (last_import_end != UINT32_MAX)
        t = dc_arena_printf(m->arena, "%.*s%s%s%s%s%s", (int)last_import_end, e->text, m->style.newline, sh->head,
                            sh->name, sh->tail, e->text + last_import_end);
    else if (continues_list(e->text))
        t = dc_arena_printf(m->arena, "%s%s", e->text, full);
    else
        t = dc_arena_printf(m->arena, "%s%s", full, e->text);
    set_edit_text(m, e, t, strlen(t));
}

/* ---- comma-separated lists (import names, braces, destructuring) -------------------------- */

typedef struct list_item {
    TSNode node, comma;
    bool has_comma;
} list_item;

typedef struct node_list {
    list_item *v;
    uint32_t n;
    TSNode close;
    bool has_close;
} node_list;

/* Items are the children in `fieldname` (Python import statements) or every named child that is
 * not a comment (braces); a comma belongs to the item before it. */
static void list_build(dc_arena *arena, TSNode container, const char *fieldname, node_list *l) {
    uint32_t k = ts_node_child_count(container);
    l->v = dc_arena_alloc(arena, (k ? k : 1) * sizeof *l->v);
    l->n = 0;
    l->has_close = false;
    TSTreeCursor c = ts_tree_cursor_new(container);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode ch = ts_tree_cursor_current_node(&c);
            const char *f = ts_tree_cursor_current_field_name(&c);
            const char *t = ts_node_type(ch);
            bool item = fieldname ? (f && strcmp(f, fieldname) == 0)
                                  : (ts_node_is_named(ch) && strcmp(t, "comment") != 0);
            if (item) {
                l->v[l->n++] = (list_item){.node = ch};
            } else if (strcmp(t, ",") == 0 && l->n && !l->v[l->n - 1].has_comma) {
                l->v[l->n - 1].comma = ch;
                l->v[l->n - 1].has_comma = true;
            } else if (strcmp(t, ")") == 0 || strcmp(t, "}") == 0) {
                l->close = ch;
                l->has_close = true;
            }
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
}

/* One item per line, with the closing bracket on a line of its own. */
static bool list_vertical(const imp *m, const node_list *l) {
    if (!l->n || !l->has_close) return false;
    TSNode last = l->v[l->n - 1].node;
    uint32_t close = nstart(l->close);
    return only_blanks_before(m->src, nstart(last)) && only_blanks_before(m->src, close) &&
           dc_line_start(m->src, close) > nend(last);
}

static bool insertion_free(const imp *m, uint32_t pos) {
    return !strictly_inside_pending(m->fix, pos) && !dc_range_touches_error(m->tree, pos, pos);
}

/* Before the line ending of the line containing `off`. */
static uint32_t line_content_end(const dc_source *src, uint32_t off) {
    uint32_t e = line_after(src, off);
    if (e > off && src->data[e - 1] == '\n') e--;
    if (e > off && src->data[e - 1] == '\r') e--;
    return e;
}

/* `b  # why` as the last item of a vertical list without a trailing comma: the comma goes
 * after b, the new line after the comment, so the comment stays with b. */
static bool append_after_comment(imp *m, const list_item *last, dc_sv ind, const char *name) {
    uint32_t after = nend(last->node), eol = line_content_end(m->src, after);
    if (!only_trivia_after(m, after) || line_is_blank(m->src, after) || eol <= after) return false;
    bool comment = false;
    for (uint32_t i = after; i < eol; i++) comment = comment || (m->src->data[i] != ' ' && m->src->data[i] != '\t');
    if (!comment || !insertion_free(m, after) || !insertion_free(m, eol)) return false;
    add_list_insertion(m, after, ",", "");
    add_list_insertion(m, eol, dc_arena_printf(m->arena, "%s%.*s%s", m->style.newline, (int)ind.len, ind.p, name), ",");
    return true;
}

/* Appends `name` to the list in the list's own layout; false when a pending edit of the fix or
 * an ERROR region is in the way. */
static bool list_append(imp *m, const node_list *l, const char *name) {
    const list_item *last = &l->v[l->n - 1];
    const char *nl = m->style.newline;
    uint32_t pos;
    char *text;
    if (list_vertical(m, l)) {
        dc_sv ind = dc_line_indent(m->src, nstart(last->node));
        if (last->has_comma) {
            /* at the start of the closing line, so a comment after the last item stays put */
            pos = dc_line_start(m->src, nstart(l->close));
            text = dc_arena_printf(m->arena, "%.*s%s,%s", (int)ind.len, ind.p, name, nl);
        } else {
            if (append_after_comment(m, last, ind, name)) return true;
            pos = nend(last->node);
            text = dc_arena_printf(m->arena, ",%s%.*s%s", nl, (int)ind.len, ind.p, name);
        }
    } else if (last->has_comma) {
        pos = nend(last->comma);
        text = dc_arena_printf(m->arena, " %s,", name);
    } else {
        pos = nend(last->node);
        text = dc_arena_printf(m->arena, ", %s", name);
    }
    if (!insertion_free(m, pos)) return false;
    add_list_insertion(m, pos, text, "");
    return true;
}

/* ---- removal planning --------------------------------------------------------------------- */

typedef struct removal {
    TSNode stmt;          /* the statement holding the list */
    TSNode container;     /* the list's parent node */
    const char *fieldname;
    uint32_t index;       /* the item to remove */
    uint32_t whole_start, whole_end; /* what goes when every item goes; start == end: keep */
} removal;

/* Where a vertical list with a trailing comma takes new lines: the start of the closing line. */
static uint32_t close_line_start(const imp *m, const node_list *l) {
    return list_vertical(m, l) ? dc_line_start(m->src, nstart(l->close)) : UINT32_MAX;
}

/* The pending insertion our own merge put after the list's last item, if any (at the end of
 * the file that offset may also hold a new statement, which is not one). */
static dc_edit *list_tail_insertion(imp *m, const node_list *l) {
    const list_item *last = &l->v[l->n - 1];
    dc_edit *e = pending_insertion(m->fix, nend(last->node));
    if (e && continues_list(e->text)) return e;
    e = last->has_comma ? pending_insertion(m->fix, nend(last->comma)) : NULL;
    if (e && e->text[0] == ' ') return e;
    uint32_t cls = close_line_start(m, l);
    return cls != UINT32_MAX ? pending_insertion(m->fix, cls) : NULL;
}

/* The appended names now follow a removed item directly: drop their leading ", ". */
static void strip_leading_separator(imp *m, dc_edit *e) {
    uint32_t i = 0;
    while (i < e->len && strchr(", \t\r\n", e->text[i])) i++;
    set_edit_text(m, e, e->text + i, e->len - i);
}

static bool run_is_vertical(const imp *m, const list_item *first, const list_item *last) {
    uint32_t after = last->has_comma ? nend(last->comma) : nend(last->node);
    return only_blanks_before(m->src, nstart(first->node)) && only_trivia_after(m, after);
}

/* Deletes items[i..j], which are followed by the kept item j+1. */
static void delete_inner_run(imp *m, const node_list *l, uint32_t i, uint32_t j) {
    const list_item *a = &l->v[i], *b = &l->v[j];
    if (run_is_vertical(m, a, b))
        add_deletion(m, dc_line_start(m->src, nstart(a->node)), line_after(m->src, nend(b->has_comma ? b->comma : b->node)));
    else
        add_deletion(m, nstart(a->node), nstart(l->v[j + 1].node));
}

/* Deletes items[i..n-1] (i >= 1), keeping the separator style of what is left. */
static void delete_tail_run(imp *m, const node_list *l, uint32_t i, dc_edit *appended) {
    const list_item *a = &l->v[i], *b = &l->v[l->n - 1], *prev = &l->v[i - 1];
    if (appended) {
        if (appended->start == close_line_start(m, l)) {
            add_deletion(m, dc_line_start(m->src, nstart(a->node)), appended->start);
        } else {
            add_deletion(m, nstart(a->node), appended->start);
            strip_leading_separator(m, appended);
        }
        return;
    }
    bool vertical = run_is_vertical(m, a, b);
    if (b->has_comma) {
        if (vertical) add_deletion(m, dc_line_start(m->src, nstart(a->node)), line_after(m->src, nend(b->comma)));
        else add_deletion(m, nend(prev->comma), nend(b->comma));
    } else if (vertical) {
        add_deletion(m, nstart(prev->comma), nend(prev->comma));
        add_deletion(m, dc_line_start(m->src, nstart(a->node)), line_after(m->src, nend(b->node)));
    } else {
        add_deletion(m, nstart(prev->comma), nend(b->node));
    }
}

static void delete_all(imp *m, const node_list *l, const removal *r, dc_edit *appended) {
    if (appended) {
        /* names a merge appends survive: keep the statement and let them take the list's place */
        const list_item *first = &l->v[0];
        uint32_t s = nstart(first->node);
        if (appended->start == close_line_start(m, l)) {
            if (only_blanks_before(m->src, s)) s = dc_line_start(m->src, s);
        } else {
            strip_leading_separator(m, appended);
        }
        add_deletion(m, s, appended->start);
    } else if (r->whole_start < r->whole_end) {
        add_deletion(m, r->whole_start, r->whole_end);
    }
}

/* Forgets the deletions this module planned earlier inside the statement: the statement is
 * re-planned as a whole so the new edits cannot overlap the old ones. */
static void drop_pending_deletions(imp *m, uint32_t s, uint32_t e) {
    uint32_t k = 0;
    for (uint32_t i = 0; i < m->fix->nedits; i++) {
        dc_edit *d = &m->fix->edits[i];
        if (d->start < d->end && d->len == 0 && s <= d->start && d->end <= e) continue;
        m->fix->edits[k++] = *d;
    }
    m->fix->nedits = k;
}

static void plan_removal(imp *m, const removal *r) {
    node_list l;
    list_build(m->arena, r->container, r->fieldname, &l);
    if (!l.n || r->index >= l.n) return;
    bool *rm = dc_arena_alloc(m->arena, l.n * sizeof *rm);
    bool repl = false;
    uint32_t nrm = 0;
    for (uint32_t i = 0; i < l.n; i++) {
        rm[i] = i == r->index;
        if (!rm[i] && covered_by_pending_deletion(m->fix, nstart(l.v[i].node), nend(l.v[i].node))) rm[i] = repl = true;
        nrm += rm[i];
    }
    uint32_t s = dc_line_start(m->src, nstart(r->stmt)), e = line_after(m->src, nend(r->stmt));
    if (repl || covered_by_pending_deletion(m->fix, nstart(l.v[r->index].node), nend(l.v[r->index].node)))
        drop_pending_deletions(m, s, e);
    dc_edit *appended = list_tail_insertion(m, &l);
    if (nrm == l.n) {
        delete_all(m, &l, r, appended);
        return;
    }
    for (uint32_t i = 0; i < l.n;) {
        if (!rm[i]) {
            i++;
            continue;
        }
        uint32_t j = i;
        while (j + 1 < l.n && rm[j + 1]) j++;
        if (j + 1 < l.n) delete_inner_run(m, &l, i, j);
        else delete_tail_run(m, &l, i, appended);
        i = j + 1;
    }
}

/* The bytes a statement occupies: its whole lines when it is alone on them (a trailing comment
 * goes with it), else the statement with a `;` that separates it from its neighbour and the
 * blanks on one side, so `import a; import b` loses `import a; ` and keeps `import b`. */
static void statement_extent(const imp *m, TSNode stmt, uint32_t *s, uint32_t *e) {
    const char *d = m->src->data;
    *s = nstart(stmt);
    *e = nend(stmt);
    if (only_blanks_before(m->src, *s) && only_trivia_after(m, *e)) {
        *s = dc_line_start(m->src, *s);
        *e = line_after(m->src, *e);
        return;
    }
    TSNode next = ts_node_next_sibling(stmt), prev = ts_node_prev_sibling(stmt);
    if (dc_node_is(next, ";")) {
        *e = nend(next);
    } else if (dc_node_is(prev, ";")) {
        *s = nstart(prev);
        return;
    }
    if (only_trivia_after(m, *e)) {
        while (*s > 0 && (d[*s - 1] == ' ' || d[*s - 1] == '\t')) (*s)--;
    } else {
        while (*e < m->src->len && (d[*e] == ' ' || d[*e] == '\t')) (*e)++;
    }
}

/* ---- reference counting ------------------------------------------------------------------- */

typedef struct refscan {
    const imp *m;
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

static bool word_in(dc_sv hay, dc_sv w) {
    for (uint32_t i = 0; i + w.len <= hay.len; i++) {
        if (memcmp(hay.p + i, w.p, w.len) != 0) continue;
        bool left = i == 0 || !is_ident_byte(hay.p[i - 1]);
        bool right = i + w.len == hay.len || !is_ident_byte(hay.p[i + w.len]);
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
    const imp *m = r->m;
    if (r->name.len && !dc_occ_within(&r->occ, r->name.len, nstart(n), nend(n))) return false;
    if (is_import_node(n, m->python) || ts_node_eq(n, r->skip)) return false;
    if (in_deleted(r, nstart(n), nend(n))) return false;
    dc_sv t = dc_node_sv(m->src, n);
    if (dc_node_is_error(n)) {
        if (word_in(t, r->name)) r->count++;
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
        if (in.len >= 2 && !strcmp(parent, "type") && word_in(in, r->name)) r->count++;
        return true;
    }
    return true;
}

static uint32_t count_refs(const imp *m, dc_sv name, const dc_range *deleted, uint32_t ndeleted, TSNode skip) {
    refscan r = {m, name, deleted, ndeleted, skip, 0, {0}};
    dc_occ_find(&r.occ, dc_sv_from(m->src->data, (uint32_t)m->src->len), name);
    /* (an empty name, from a specifier lost in a syntax error, is in every node: no pruning) */
    if (r.occ.len || !name.len) walk(m, m->root, ref_visit, &r);
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
static bool is_coding_comment(const imp *m, TSNode n) {
    if (!dc_node_is(n, "comment") || ts_node_start_point(n).row > 1) return false;
    dc_sv t = dc_node_sv(m->src, n);
    for (uint32_t i = 0; i + 7 <= t.len; i++)
        if (memcmp(t.p + i, "coding", 6) == 0 && (t.p[i + 6] == ':' || t.p[i + 6] == '=')) return true;
    return false;
}

static bool is_shebang(const imp *m, TSNode n) {
    if (dc_node_is(n, "hash_bang_line")) return true;
    dc_sv t = dc_node_sv(m->src, n);
    return dc_node_is(n, "comment") && ts_node_start_point(n).row == 0 && t.len >= 2 && t.p[0] == '#' && t.p[1] == '!';
}

/* The module docstring (Python) or the last directive of the prologue (JS), after leading
 * comments; a null node when there is none. */
static TSNode prologue_end(const imp *m, uint32_t from) {
    TSNode last = {0};
    uint32_t k = top_count(m);
    for (uint32_t j = from; j < k; j++) {
        TSNode n = top_child(m, j);
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
static uint32_t header_end(const imp *m) {
    uint32_t pos = m->src->has_bom ? 3 : 0, k = top_count(m), i = 0;
    for (; i < k; i++) {
        TSNode n = top_child(m, i);
        if (!is_shebang(m, n) && !(m->python && is_coding_comment(m, n))) break;
        pos = line_after(m->src, nend(n));
    }
    bool header = false;
    TSNode prologue = prologue_end(m, i);
    if (!ts_node_is_null(prologue)) {
        pos = line_after(m->src, nend(prologue));
        header = true;
    }
    for (; !header && i < k && dc_node_is(top_child(m, i), "comment"); i++) {
        uint32_t after = line_after(m->src, nend(top_child(m, i)));
        if (after < m->src->len && line_is_blank(m->src, after)) pos = after;
    }
    while (pos < m->src->len && pos > (m->src->has_bom ? 3u : 0u) && line_is_blank(m->src, pos))
        pos = line_after(m->src, pos);
    return pos;
}

/* An insertion point must not split a node (a multi-line string, a statement continued after a
 * `;`) nor touch an ERROR region or a pending edit. */
static bool insertion_ok(const imp *m, uint32_t pos) {
    if (dc_range_touches_error(m->tree, pos, pos) || strictly_inside_pending(m->fix, pos)) return false;
    for (TSNode n = ts_node_descendant_for_byte_range(m->root, pos, pos); !ts_node_is_null(n) && !ts_node_eq(n, m->root);
         n = ts_node_parent(n))
        if (nstart(n) < pos && pos < nend(n)) return false;
    return true;
}

static bool insert_statement(imp *m, TSNode after, const stmt_shape *sh) {
    const dc_source *src = m->src;
    bool at_top = ts_node_is_null(after);
    uint32_t pos = at_top ? header_end(m) : line_after(src, nend(after));
    uint32_t bom = src->has_bom ? 3 : 0;
    bool nl_before = pos == src->len && src->len > bom && src->data[src->len - 1] != '\n';
    /* imports are kept apart from the code they precede, as isort / eslint's import order do */
    bool blank_after = at_top && pos < src->len && !line_is_blank(src, pos);
    if (!insertion_ok(m, pos)) return false;
    const char *nl = m->style.newline;
    char *full = dc_arena_printf(m->arena, "%s%s%s%s%s%s", nl_before ? nl : "", sh->head, sh->name, sh->tail,
                                 nl_before ? "" : nl, blank_after ? nl : "");
    add_stmt_insertion(m, pos, full, sh);
    return true;
}

/* ---- Python ------------------------------------------------------------------------------ */

/* What an import item imports (its dotted name) and the name it binds. */
static void py_item(const imp *m, TSNode item, bool from, dc_sv *imported, dc_sv *bound) {
    if (dc_node_is(item, "aliased_import")) {
        *imported = dc_node_sv(m->src, dc_field(item, "name"));
        *bound = dc_node_sv(m->src, dc_field(item, "alias"));
        return;
    }
    *imported = dc_node_sv(m->src, item);
    *bound = from || !ts_node_named_child_count(item) ? *imported : dc_node_sv(m->src, ts_node_named_child(item, 0));
}

static bool py_module_is(const imp *m, TSNode stmt, const char *module) {
    TSNode mn = dc_field(stmt, "module_name");
    return !ts_node_is_null(mn) && sv_eq_nows(dc_node_sv(m->src, mn), module);
}

static bool py_is_import(TSNode n) { return dc_node_is(n, "import_statement") || dc_node_is(n, "import_from_statement"); }

/* Module-scope imports, also those under a top-level if/try/with (optional imports). */
typedef struct py_imports {
    const imp *m;
    DC_VEC(TSNode) v;
} py_imports;

static bool py_scope_visit(void *ud, TSNode n, const char *parent, const char *fieldname) {
    py_imports *pi = ud;
    /* names imported for type checkers only do not exist at run time */
    if (dc_node_is(n, "if_statement") && word_in(dc_node_sv(pi->m->src, dc_field(n, "condition")), dc_sv_cstr("TYPE_CHECKING")))
        return false;
    if (py_is_import(n)) {
        dc_vec_push(&pi->v, n);
        return false;
    }
    static const char *const blocks[] = {"module", "block", "if_statement", "elif_clause", "else_clause",
                                         "try_statement", "except_clause", "except_group_clause",
                                         "finally_clause", "with_statement", NULL};
    return dc_node_is_any(n, blocks);
}

typedef enum { FOUND_NONE, FOUND_SAME, FOUND_OTHER, FOUND_ERROR } found;

/* Is `bind` already bound at module scope: by this very import (SAME), by something else
 * (OTHER: adding ours would shadow it), or only inside a broken statement (ERROR)? */
static found py_find_binding(const imp *m, const char *module, const char *name, const char *bind) {
    py_imports pi = {m, {0}};
    walk(m, m->root, py_scope_visit, &pi);
    found res = FOUND_NONE;
    for (uint32_t i = 0; i < pi.v.len && res != FOUND_SAME; i++) {
        TSNode st = pi.v.v[i];
        bool from = dc_node_is(st, "import_from_statement");
        node_list l;
        list_build(m->arena, st, "name", &l);
        for (uint32_t j = 0; j < l.n; j++) {
            dc_sv imported, bound;
            py_item(m, l.v[j].node, from, &imported, &bound);
            if (!dc_sv_eq_cstr(bound, bind)) continue;
            if (covered_by_pending_deletion(m->fix, nstart(l.v[j].node), nend(l.v[j].node))) continue;
            bool same = name ? from && py_module_is(m, st, module) && sv_eq_nows(imported, name)
                             : !from && sv_eq_nows(imported, module) && !dc_node_is(l.v[j].node, "aliased_import");
            /* `import a.b` and `import a.c` both bind `a` to the same package */
            bool compatible = !name && !from && !dc_node_is(l.v[j].node, "aliased_import");
            if (same) res = FOUND_SAME;
            else if (!compatible) res = FOUND_OTHER;
        }
        /* a broken import of the module, or one that mentions the name: what it imports is unknown */
        bool mentions = (from && py_module_is(m, st, module)) || word_in(dc_node_sv(m->src, st), dc_sv_cstr(bind));
        if (res != FOUND_SAME && ts_node_has_error(st) && mentions) res = FOUND_ERROR;
    }
    dc_vec_free(&pi.v);
    return res;
}

static bool pattern_binds(const imp *m, TSNode pat, const char *bind) {
    if (dc_node_is(pat, "identifier")) return dc_sv_eq_cstr(dc_node_sv(m->src, pat), bind);
    if (dc_node_is(pat, "attribute") || dc_node_is(pat, "subscript")) return false;
    uint32_t k = ts_node_named_child_count(pat);
    for (uint32_t i = 0; i < k; i++)
        if (pattern_binds(m, ts_node_named_child(pat, i), bind)) return true;
    return false;
}

/* A top-level def / class / assignment of the name: a new import would clash with it. */
static bool py_defines(const imp *m, const char *bind) {
    uint32_t k = top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode n = top_named(m, i);
        if (dc_node_is(n, "decorated_definition")) n = dc_field(n, "definition");
        if (dc_node_is(n, "function_definition") || dc_node_is(n, "class_definition")) {
            if (dc_sv_eq_cstr(dc_node_sv(m->src, dc_field(n, "name")), bind)) return true;
            continue;
        }
        if (!dc_node_is(n, "expression_statement")) continue;
        for (TSNode a = ts_node_named_child(n, 0); dc_node_is(a, "assignment"); a = dc_field(a, "right"))
            if (pattern_binds(m, dc_field(a, "left"), bind)) return true;
    }
    return false;
}

static TSNode py_last_import(const imp *m) {
    TSNode last = {0};
    uint32_t k = top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode n = top_named(m, i);
        if (py_is_import(n) || dc_node_is(n, "future_import_statement")) last = n;
    }
    return last;
}

/* A top-level `from module import ...` that can take one more name. */
static bool py_merge(imp *m, const char *module, const char *name) {
    uint32_t k = top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode st = top_named(m, i);
        if (!dc_node_is(st, "import_from_statement") || !py_module_is(m, st, module) || ts_node_has_error(st)) continue;
        if (covered_by_pending_deletion(m->fix, nstart(st), nend(st))) continue;
        node_list l;
        list_build(m->arena, st, "name", &l);
        if (l.n && list_append(m, &l, name)) return true;
    }
    return false;
}

static bool py_ensure(imp *m, const char *module, const char *name) {
    /* `import a.b` binds `a` */
    const char *bind = name ? name : dc_arena_strndup(m->arena, module, strcspn(module, "."));
    found f = py_find_binding(m, module, name, bind);
    if (f == FOUND_SAME) return true;
    if (f != FOUND_NONE || py_defines(m, bind)) return false;
    if (name && py_merge(m, module, name)) return true;
    stmt_shape sh = {name ? dc_arena_printf(m->arena, "from %s import ", module) : "import ", "", name ? name : module,
                     name != NULL};
    return insert_statement(m, py_last_import(m), &sh);
}

static bool py_remove(imp *m, const char *module, const char *name, const dc_range *deleted, uint32_t ndeleted) {
    uint32_t k = top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode st = top_named(m, i);
        bool from = dc_node_is(st, "import_from_statement");
        if (!(name ? from && py_module_is(m, st, module) : dc_node_is(st, "import_statement"))) continue;
        if (ts_node_has_error(st) && word_in(dc_node_sv(m->src, st), dc_sv_cstr(name ? name : module))) return false;
        node_list l;
        list_build(m->arena, st, "name", &l);
        for (uint32_t j = 0; j < l.n; j++) {
            dc_sv imported, bound;
            py_item(m, l.v[j].node, from, &imported, &bound);
            if (!sv_eq_nows(imported, name ? name : module)) continue;
            if (ts_node_has_error(st) || dc_range_touches_error(m->tree, nstart(st), nend(st))) return false;
            if (count_refs(m, bound, deleted, ndeleted, (TSNode){0})) continue;
            removal r = {st, st, "name", j, 0, 0};
            statement_extent(m, st, &r.whole_start, &r.whole_end);
            plan_removal(m, &r);
        }
    }
    return true;
}

/* ---- TypeScript / JavaScript ------------------------------------------------------------- */

typedef struct ts_file {
    bool cjs, semi, spaced_braces;
    char quote;
    const char *decl_kw; /* const / let / var of the file's requires */
} ts_file;

static bool is_require_call(const imp *m, TSNode n, const char *module) {
    if (!dc_node_is(n, "call_expression")) return false;
    TSNode fn = dc_field(n, "function"), args = dc_field(n, "arguments");
    if (!dc_node_is(fn, "identifier") || !dc_sv_eq_cstr(dc_node_sv(m->src, fn), "require") || ts_node_is_null(args)) return false;
    if (ts_node_named_child_count(args) != 1 || !dc_node_is(ts_node_named_child(args, 0), "string")) return false;
    return !module || dc_sv_eq_cstr(string_inner(m->src, ts_node_named_child(args, 0)), module);
}

/* require("m"), require("m").x, or a declaration whose first declarator is one of those. */
static bool is_require_stmt(const imp *m, TSNode st, const char *module, TSNode *declarator) {
    TSNode v = {0};
    if (dc_node_is(st, "expression_statement")) {
        v = ts_node_named_child(st, 0);
    } else if (dc_node_is(st, "lexical_declaration") || dc_node_is(st, "variable_declaration")) {
        TSNode d = ts_node_named_child(st, 0);
        if (!dc_node_is(d, "variable_declarator")) return false;
        if (declarator) *declarator = d;
        v = dc_field(d, "value");
    } else {
        return false;
    }
    while (dc_node_is(v, "member_expression")) v = dc_field(v, "object");
    return is_require_call(m, v, module);
}

static bool ends_with_semi(TSNode st) {
    uint32_t k = ts_node_child_count(st);
    return k && dc_node_is(ts_node_child(st, k - 1), ";");
}

typedef struct cjs_scan {
    const imp *m;
    bool require, module_exports;
} cjs_scan;

static bool cjs_visit(void *ud, TSNode n, const char *parent, const char *fieldname) {
    cjs_scan *s = ud;
    if (s->require) return false;
    if (is_require_call(s->m, n, NULL)) s->require = true;
    if (dc_node_is(n, "member_expression") && dc_sv_eq_cstr(dc_node_sv(s->m->src, n), "module.exports")) s->module_exports = true;
    return true;
}

/* `{ a }` or `{a}`: from the first non-empty braces of the file's imports. */
static bool braces_spaced(const imp *m, TSNode import_stmt, bool *seen) {
    TSNode clause = ts_node_named_child(import_stmt, 0);
    for (uint32_t j = 0; dc_node_is(clause, "import_clause") && j < ts_node_named_child_count(clause); j++) {
        TSNode ni = ts_node_named_child(clause, j);
        if (!dc_node_is(ni, "named_imports") || !ts_node_named_child_count(ni)) continue;
        *seen = true;
        return strchr(" \t\r\n", m->src->data[nstart(ni) + 1]) != NULL;
    }
    return true;
}

static char require_quote(const imp *m, TSNode declarator) {
    TSNode v = dc_field(declarator, "value");
    while (dc_node_is(v, "member_expression")) v = dc_field(v, "object");
    return m->src->data[nstart(ts_node_named_child(dc_field(v, "arguments"), 0))];
}

/* The file's import conventions: ES or CommonJS, semicolons (the imports' majority, else the
 * other top-level statements'), quotes (the imports', else the requires', else the file's),
 * brace spacing, and the keyword its requires are declared with. */
static ts_file ts_inspect(const imp *m) {
    ts_file tf = {false, true, true, m->style.quote, "const"};
    uint32_t k = top_named_count(m), imports = 0, semis = 0, stmts = 0, stmt_semis = 0;
    bool braces_seen = false;
    char import_q = 0, require_q = 0;
    for (uint32_t i = 0; i < k; i++) {
        TSNode n = top_named(m, i), d = {0};
        if (dc_node_is(n, "import_statement")) {
            imports++;
            semis += ends_with_semi(n);
            if (dc_node_is(dc_field(n, "source"), "string")) import_q = m->src->data[nstart(dc_field(n, "source"))];
            if (!braces_seen) tf.spaced_braces = braces_spaced(m, n, &braces_seen);
        } else if (dc_node_is(n, "expression_statement") || dc_node_is(n, "lexical_declaration") ||
                   dc_node_is(n, "variable_declaration")) {
            stmts++;
            stmt_semis += ends_with_semi(n);
            if (is_require_stmt(m, n, NULL, &d) && !ts_node_is_null(d)) {
                tf.decl_kw = ts_node_type(ts_node_child(n, 0));
                require_q = require_quote(m, d);
            }
        }
    }
    tf.semi = imports ? semis * 2 >= imports : stmt_semis * 2 >= stmts;
    if (!imports) {
        cjs_scan s = {m, false, false};
        walk(m, m->root, cjs_visit, &s);
        tf.cjs = s.require || s.module_exports || dc_str_ends_with(m->src->path ? m->src->path : "", ".cjs");
    }
    if (strcmp(tf.decl_kw, "const") && strcmp(tf.decl_kw, "let") && strcmp(tf.decl_kw, "var")) tf.decl_kw = "const";
    char q = import_q ? import_q : require_q;
    if (q == '\'' || q == '"') tf.quote = q;
    return tf;
}

static bool ts_import_is_type_only(TSNode st) {
    uint32_t k = ts_node_child_count(st);
    for (uint32_t i = 0; i < k; i++)
        if (dc_node_is(ts_node_child(st, i), "type")) return true;
    return false;
}

static TSNode ts_clause(TSNode st) {
    uint32_t k = ts_node_named_child_count(st);
    for (uint32_t i = 0; i < k; i++)
        if (dc_node_is(ts_node_named_child(st, i), "import_clause")) return ts_node_named_child(st, i);
    return (TSNode){0};
}

static TSNode named_child_of_type(TSNode n, const char *type) {
    uint32_t k = ts_node_is_null(n) ? 0 : ts_node_named_child_count(n);
    for (uint32_t i = 0; i < k; i++)
        if (dc_node_is(ts_node_named_child(n, i), type)) return ts_node_named_child(n, i);
    return (TSNode){0};
}

static bool ts_source_is(const imp *m, TSNode st, const char *module) {
    TSNode s = dc_field(st, "source");
    return dc_node_is(s, "string") && dc_sv_eq_cstr(string_inner(m->src, s), module);
}

/* A specifier's imported and bound names; `type` specifiers only bind a type. */
static void ts_spec(const imp *m, TSNode spec, dc_sv *imported, dc_sv *bound, bool *type_only) {
    TSNode alias = dc_field(spec, "alias");
    *imported = dc_node_sv(m->src, dc_field(spec, "name"));
    *bound = ts_node_is_null(alias) ? *imported : dc_node_sv(m->src, alias);
    *type_only = false;
    for (uint32_t i = 0; i < ts_node_child_count(spec); i++)
        if (dc_node_is(ts_node_child(spec, i), "type")) *type_only = true;
}

/* The item of a destructuring pattern and the names it takes and binds. */
static bool pattern_item(const imp *m, TSNode item, dc_sv *key, dc_sv *bound) {
    if (dc_node_is(item, "shorthand_property_identifier_pattern")) {
        *key = *bound = dc_node_sv(m->src, item);
        return true;
    }
    if (dc_node_is(item, "pair_pattern") && dc_node_is(dc_field(item, "value"), "identifier")) {
        *key = dc_node_sv(m->src, dc_field(item, "key"));
        *bound = dc_node_sv(m->src, dc_field(item, "value"));
        return true;
    }
    return false;
}

typedef struct ts_binds {
    const imp *m;
    const char *name;
    bool hit;
} ts_binds;

static bool ts_bind_visit(void *ud, TSNode n, const char *parent, const char *fieldname) {
    ts_binds *b = ud;
    /* in a pattern, `key` names a property and `right` is a default value: neither binds */
    if (fieldname && (!strcmp(fieldname, "right") || !strcmp(fieldname, "key"))) return false;
    if ((dc_node_is(n, "identifier") || dc_node_is(n, "shorthand_property_identifier_pattern")) &&
        dc_sv_eq_cstr(dc_node_sv(b->m->src, n), b->name))
        b->hit = true;
    return !b->hit;
}

/* Does a top-level declaration (plain or exported) bind `name`? */
static bool ts_declares(const imp *m, TSNode n, const char *name) {
    if (dc_node_is(n, "export_statement")) n = dc_field(n, "declaration");
    if (ts_node_is_null(n)) return false;
    if (dc_node_is(n, "lexical_declaration") || dc_node_is(n, "variable_declaration")) {
        uint32_t k = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < k; i++) {
            TSNode d = ts_node_named_child(n, i);
            if (!dc_node_is(d, "variable_declarator")) continue;
            ts_binds b = {m, name, false};
            walk(m, dc_field(d, "name"), ts_bind_visit, &b);
            if (b.hit) return true;
        }
        return false;
    }
    TSNode nm = dc_field(n, "name");
    return !ts_node_is_null(nm) && strstr(ts_node_type(n), "declaration") && dc_sv_eq_cstr(dc_node_sv(m->src, nm), name);
}

static found ts_import_binding(const imp *m, TSNode st, const char *module, const char *name) {
    TSNode clause = ts_clause(st);
    bool same_module = ts_source_is(m, st, module) && !ts_import_is_type_only(st);
    found res = FOUND_NONE;
    TSNode req = named_child_of_type(st, "import_require_clause");
    if (!ts_node_is_null(req) && dc_sv_eq_cstr(dc_node_sv(m->src, named_child_of_type(req, "identifier")), name))
        return FOUND_OTHER;
    for (uint32_t j = 0; !ts_node_is_null(clause) && j < ts_node_named_child_count(clause); j++) {
        TSNode c = ts_node_named_child(clause, j);
        if (dc_node_is(c, "identifier") || dc_node_is(c, "namespace_import")) {
            TSNode id = dc_node_is(c, "identifier") ? c : named_child_of_type(c, "identifier");
            if (dc_sv_eq_cstr(dc_node_sv(m->src, id), name)) return FOUND_OTHER;
            continue;
        }
        for (uint32_t s = 0; s < ts_node_named_child_count(c); s++) {
            dc_sv imported, bound;
            bool type_only;
            TSNode spec = ts_node_named_child(c, s);
            if (!dc_node_is(spec, "import_specifier")) continue;
            ts_spec(m, spec, &imported, &bound, &type_only);
            if (!dc_sv_eq_cstr(bound, name) || covered_by_pending_deletion(m->fix, nstart(spec), nend(spec))) continue;
            if (same_module && !type_only && dc_sv_eq_cstr(imported, name)) return FOUND_SAME;
            res = FOUND_OTHER;
        }
    }
    return res;
}

static found ts_require_binding(const imp *m, TSNode st, const char *module, const char *name) {
    TSNode d = {0};
    if (!is_require_stmt(m, st, NULL, &d) || ts_node_is_null(d)) return FOUND_NONE;
    TSNode pat = dc_field(d, "name");
    if (!dc_node_is(pat, "object_pattern")) return ts_declares(m, st, name) ? FOUND_OTHER : FOUND_NONE;
    bool same_module = is_require_call(m, dc_field(d, "value"), module);
    for (uint32_t i = 0; i < ts_node_named_child_count(pat); i++) {
        TSNode it = ts_node_named_child(pat, i);
        dc_sv key, bound;
        if (!pattern_item(m, it, &key, &bound) || !dc_sv_eq_cstr(bound, name)) continue;
        if (covered_by_pending_deletion(m->fix, nstart(it), nend(it))) continue;
        return same_module && dc_sv_eq_cstr(key, name) ? FOUND_SAME : FOUND_OTHER;
    }
    return ts_declares(m, st, name) ? FOUND_OTHER : FOUND_NONE;
}

static found ts_find_binding(const imp *m, const char *module, const char *name) {
    found res = FOUND_NONE;
    uint32_t k = top_named_count(m);
    for (uint32_t i = 0; i < k && res != FOUND_SAME; i++) {
        TSNode n = top_named(m, i);
        found f = FOUND_NONE;
        if (dc_node_is(n, "import_statement")) f = ts_import_binding(m, n, module, name);
        else if (is_require_stmt(m, n, NULL, NULL)) f = ts_require_binding(m, n, module, name);
        else if (ts_declares(m, n, name)) f = FOUND_OTHER;
        bool mentions = word_in(dc_node_sv(m->src, n), dc_sv_cstr(name)) ||
                        (dc_node_is(n, "import_statement") && ts_source_is(m, n, module));
        if (f != FOUND_SAME && ts_node_has_error(n) && mentions) f = FOUND_ERROR;
        if (f > res || f == FOUND_SAME) res = f;
    }
    return res;
}

static bool ts_merge_es(imp *m, const ts_file *tf, const char *module, const char *name) {
    uint32_t k = top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode st = top_named(m, i);
        if (!dc_node_is(st, "import_statement") || !ts_source_is(m, st, module) || ts_import_is_type_only(st)) continue;
        if (ts_node_has_error(st) || covered_by_pending_deletion(m->fix, nstart(st), nend(st))) continue;
        TSNode clause = ts_clause(st), named = named_child_of_type(clause, "named_imports");
        if (!ts_node_is_null(named)) {
            node_list l;
            list_build(m->arena, named, NULL, &l);
            if (l.n && list_append(m, &l, name)) return true;
            continue;
        }
        /* `import D from "m"` takes braces; `import * as ns` cannot take names */
        TSNode def = named_child_of_type(clause, "identifier");
        if (ts_node_is_null(def) || ts_node_named_child_count(clause) != 1) continue;
        uint32_t pos = nend(def);
        if (!insertion_free(m, pos)) continue;
        const char *sp = tf->spaced_braces ? " " : "";
        add_wrapped_insertion(m, pos, dc_arena_printf(m->arena, ", {%s", sp), name, dc_arena_printf(m->arena, "%s}", sp));
        return true;
    }
    return false;
}

static bool ts_merge_cjs(imp *m, const char *module, const char *name) {
    uint32_t k = top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode st = top_named(m, i), d = {0};
        if (!is_require_stmt(m, st, module, &d) || ts_node_is_null(d) || ts_node_has_error(st)) continue;
        TSNode pat = dc_field(d, "name");
        if (!dc_node_is(pat, "object_pattern") || !is_require_call(m, dc_field(d, "value"), module)) continue;
        if (covered_by_pending_deletion(m->fix, nstart(st), nend(st))) continue;
        node_list l;
        list_build(m->arena, pat, NULL, &l);
        if (l.n && list_append(m, &l, name)) return true;
    }
    return false;
}

static TSNode ts_last_import(const imp *m, bool cjs) {
    TSNode last = {0};
    uint32_t k = top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode n = top_named(m, i);
        if (cjs ? is_require_stmt(m, n, NULL, NULL) : dc_node_is(n, "import_statement")) last = n;
    }
    return last;
}

static char *ts_quoted(imp *m, char quote, const char *module) {
    dc_style st = m->style;
    st.quote = quote;
    dc_buf b = DC_BUF_INIT;
    dc_render_string(&b, module, &st);
    char *s = dc_arena_strdup(m->arena, dc_buf_cstr(&b));
    dc_buf_free(&b);
    return s;
}

static bool ts_has_module(const imp *m, const char *module) {
    uint32_t k = top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode n = top_named(m, i);
        if ((dc_node_is(n, "import_statement") && ts_source_is(m, n, module)) || is_require_stmt(m, n, module, NULL))
            return true;
    }
    return false;
}

static bool ts_ensure(imp *m, const char *module, const char *name) {
    ts_file tf = ts_inspect(m);
    const char *q = ts_quoted(m, tf.quote, module), *semi = tf.semi ? ";" : "", *sp = tf.spaced_braces ? " " : "";
    stmt_shape sh = {"", "", "", true};
    if (!name) {
        if (ts_has_module(m, module)) return true;
        sh.head = tf.cjs ? "require(" : "import ";
        sh.name = q;
        sh.tail = tf.cjs ? dc_arena_printf(m->arena, ")%s", semi) : semi;
        sh.mergeable = false;
        return insert_statement(m, ts_last_import(m, tf.cjs), &sh);
    }
    found f = ts_find_binding(m, module, name);
    if (f == FOUND_SAME) return true;
    if (f != FOUND_NONE) return false;
    if (tf.cjs ? ts_merge_cjs(m, module, name) : ts_merge_es(m, &tf, module, name)) return true;
    sh.name = name;
    if (tf.cjs) {
        sh.head = dc_arena_printf(m->arena, "%s {%s", tf.decl_kw, sp);
        sh.tail = dc_arena_printf(m->arena, "%s} = require(%s)%s", sp, q, semi);
    } else {
        sh.head = dc_arena_printf(m->arena, "import {%s", sp);
        sh.tail = dc_arena_printf(m->arena, "%s} from %s%s", sp, q, semi);
    }
    return insert_statement(m, ts_last_import(m, tf.cjs), &sh);
}

static bool ts_remove_side_effect(imp *m, const char *module) {
    uint32_t k = top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode n = top_named(m, i);
        bool bare = dc_node_is(n, "import_statement") && ts_source_is(m, n, module) && ts_node_is_null(ts_clause(n)) &&
                    ts_node_is_null(named_child_of_type(n, "import_require_clause"));
        bare = bare || (dc_node_is(n, "expression_statement") && is_require_call(m, ts_node_named_child(n, 0), module));
        if (!bare) continue;
        if (ts_node_has_error(n) || dc_range_touches_error(m->tree, nstart(n), nend(n))) return false;
        uint32_t s, e;
        statement_extent(m, n, &s, &e);
        add_deletion(m, s, e);
    }
    return true;
}

static bool ts_remove_es(imp *m, TSNode st, const char *name, const dc_range *deleted, uint32_t ndeleted) {
    TSNode clause = ts_clause(st), named = named_child_of_type(clause, "named_imports");
    if (ts_node_is_null(named)) return true;
    node_list l;
    list_build(m->arena, named, NULL, &l);
    for (uint32_t j = 0; j < l.n; j++) {
        dc_sv imported, bound;
        bool type_only;
        ts_spec(m, l.v[j].node, &imported, &bound, &type_only);
        if (!dc_sv_eq_cstr(imported, name)) continue;
        if (ts_node_has_error(st) || dc_range_touches_error(m->tree, nstart(st), nend(st))) return false;
        if (count_refs(m, bound, deleted, ndeleted, (TSNode){0})) continue;
        removal r = {st, named, NULL, j, 0, 0};
        TSNode def = named_child_of_type(clause, "identifier");
        if (!ts_node_is_null(def) && nend(def) < nstart(named)) {
            /* `import D, { a }` keeps `import D` */
            r.whole_start = nend(def);
            r.whole_end = nend(named);
        } else {
            statement_extent(m, st, &r.whole_start, &r.whole_end);
        }
        plan_removal(m, &r);
    }
    return true;
}

static bool ts_remove_cjs(imp *m, TSNode st, const char *name, const dc_range *deleted, uint32_t ndeleted) {
    TSNode d = {0};
    is_require_stmt(m, st, NULL, &d);
    TSNode pat = dc_field(d, "name");
    if (!dc_node_is(pat, "object_pattern")) return true;
    node_list l;
    list_build(m->arena, pat, NULL, &l);
    for (uint32_t j = 0; j < l.n; j++) {
        dc_sv key, bound;
        if (!pattern_item(m, l.v[j].node, &key, &bound) || !dc_sv_eq_cstr(key, name)) continue;
        if (ts_node_has_error(st) || dc_range_touches_error(m->tree, nstart(st), nend(st))) return false;
        if (count_refs(m, bound, deleted, ndeleted, st)) continue;
        removal r = {st, pat, NULL, j, 0, 0};
        /* with other declarators in the statement, an emptied pattern stays rather than guess */
        if (ts_node_named_child_count(st) == 1) statement_extent(m, st, &r.whole_start, &r.whole_end);
        plan_removal(m, &r);
    }
    return true;
}

static bool ts_remove(imp *m, const char *module, const char *name, const dc_range *deleted, uint32_t ndeleted) {
    if (!name) return ts_remove_side_effect(m, module);
    uint32_t k = top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode st = top_named(m, i), d = {0};
        bool ok = true;
        if (dc_node_is(st, "import_statement") && ts_source_is(m, st, module) && ts_node_has_error(st) &&
            word_in(dc_node_sv(m->src, st), dc_sv_cstr(name)))
            return false;
        if (dc_node_is(st, "import_statement") && ts_source_is(m, st, module) && !ts_import_is_type_only(st))
            ok = ts_remove_es(m, st, name, deleted, ndeleted);
        else if (is_require_stmt(m, st, module, &d) && !ts_node_is_null(d) && is_require_call(m, dc_field(d, "value"), module))
            ok = ts_remove_cjs(m, st, name, deleted, ndeleted);
        if (!ok) return false;
    }
    return true;
}

/* ---- public API --------------------------------------------------------------------------- */

bool dc_import_ensure(const dc_import_ctx *ctx, dc_fix *fix, const char *module, const char *name) {
    imp m;
    if (!fix || !module || !*module || (name && !*name) || !imp_init(&m, ctx, fix, true)) return false;
    switch (dc_lang_family(ctx->src->lang)) {
    case DC_FAMILY_PYTHON: return py_ensure(&m, module, name);
    case DC_FAMILY_TS: return ts_ensure(&m, module, name);
    default: return false;
    }
}

bool dc_import_remove_if_unused(const dc_import_ctx *ctx, dc_fix *fix, const char *module, const char *name,
                                const dc_range *deleted, uint32_t ndeleted) {
    imp m;
    if (!fix || !module || !*module || !imp_init(&m, ctx, fix, false)) return false;
    switch (dc_lang_family(ctx->src->lang)) {
    case DC_FAMILY_PYTHON: return py_remove(&m, module, name, deleted, ndeleted);
    case DC_FAMILY_TS: return ts_remove(&m, module, name, deleted, ndeleted);
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
    const imp *m;
    DC_VEC(dc_sv) names;
} name_scan;

static bool name_visit(void *ud, TSNode n, const char *parent, const char *fieldname) {
    name_scan *s = ud;
    if (is_name_node(n, s->m->python, parent, fieldname)) dc_vec_push(&s->names, dc_node_sv(s->m->src, n));
    return true;
}

static bool name_free(const name_scan *s, const char *cand, const char *const *taken, uint32_t ntaken) {
    for (uint32_t i = 0; i < ntaken; i++)
        if (taken[i] && strcmp(taken[i], cand) == 0) return false;
    for (uint32_t i = 0; i < s->names.len; i++)
        if (dc_sv_eq_cstr(s->names.v[i], cand)) return false;
    return true;
}

const char *dc_fresh_name(const dc_import_ctx *ctx, uint32_t at, const char *base, const char *prefix,
                          const char *const *taken, uint32_t ntaken) {
    imp m;
    dc_fix unused = {0};
    if (!base || !imp_init(&m, ctx, &unused, false)) return base;
    if (at > m.src->len) at = m.src->len;
    TSNode scope = ts_node_descendant_for_byte_range(m.root, at, at);
    while (!ts_node_is_null(scope) && !is_scope(scope, m.python)) scope = ts_node_parent(scope);
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
    name_scan s = {&m, {0}};
    walk(&m, scope, name_visit, &s);
    const char *res = NULL;
    if (name_free(&s, base, taken, ntaken)) res = dc_arena_strdup(m.arena, base);
    char *cand = prefix && !res ? dc_arena_printf(m.arena, "%s_%s", prefix, base) : NULL;
    if (cand && name_free(&s, cand, taken, ntaken)) res = cand;
    for (uint32_t i = 2; !res; i++) {
        cand = dc_arena_printf(m.arena, "%s_%u", base, i);
        if (name_free(&s, cand, taken, ntaken)) res = cand;
    }
    dc_vec_free(&s.names);
    return res;
}
