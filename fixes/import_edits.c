/* import_edits.c: the edits of the import helpers (fixes/imports.h): combining with the edits
 * already in the fix (everything is planned against the original buffer, so two requests can meet
 * at one offset), appending to and removing from comma-separated lists in their own layout, and
 * the extent of a whole statement. */
#include <stdlib.h>

#include "fixes/imports_p.h"

/* ---- combining with the edits already in the fix ------------------------------------------ */

static dc_edit *pending_insertion(dc_fix *fix, uint32_t pos) {
    for (uint32_t i = 0; i < fix->nedits; i++)
        if (fix->edits[i].start == pos && fix->edits[i].end == pos) return &fix->edits[i];
    return NULL;
}

bool dc_imp_inside_pending(const dc_fix *fix, uint32_t pos) {
    for (uint32_t i = 0; i < fix->nedits; i++)
        if (fix->edits[i].start < pos && pos < fix->edits[i].end) return true;
    return false;
}

bool dc_imp_pending_deleted(const dc_fix *fix, uint32_t s, uint32_t e) {
    for (uint32_t i = 0; i < fix->nedits; i++) {
        const dc_edit *d = &fix->edits[i];
        if (d->start < d->end && d->len == 0 && d->start <= s && e <= d->end) return true;
    }
    return false;
}

static void set_edit_text(dc_imp *m, dc_edit *e, const char *text, size_t len) {
    e->text = dc_arena_strndup(m->arena, text, len);
    e->len = (uint32_t)len;
}

void dc_imp_add_deletion(dc_imp *m, uint32_t s, uint32_t e) {
    for (uint32_t i = 0; i < m->fix->nedits; i++)
        if (m->fix->edits[i].start == s && m->fix->edits[i].end == e && m->fix->edits[i].len == 0) return;
    dc_fix_add_edit(m->arena, m->fix, s, e, "", 0);
}

/* Does `hay` contain `seg` followed by something that cannot continue a name? */
static bool has_segment(const char *hay, uint32_t hlen, const char *seg, size_t slen) {
    for (uint32_t i = 0; i + slen <= hlen; i++)
        if (memcmp(hay + i, seg, slen) == 0 && (i + slen == hlen || !dc_imp_ident_byte(hay[i + slen]))) return true;
    return false;
}

/* Text that continues a list after its last item (", b", ",\n    b"), as opposed to a new
 * statement. Both can meet at one offset only when a Python import ends the file without a
 * newline, and then the list's continuation has to come first. */
static bool continues_list(const char *text) { return text[0] == ','; }

static bool is_generated_import_line(const dc_imp *m, dc_sv line);

/* Where the new statements in a pending insertion begin (its length when there are none). */
static uint32_t statements_start(const dc_imp *m, const dc_edit *e) {
    for (uint32_t i = 0; i < e->len; i++) {
        if (e->text[i] != '\n') continue;
        uint32_t k = i > 0 && e->text[i - 1] == '\r' ? i - 1 : i;
        if (is_generated_import_line(m, dc_sv_from(e->text + i + 1, e->len - i - 1))) return k;
    }
    return e->len;
}

/* A name appended to an existing list: a second one at the same place extends the first, with
 * `join` between them. */
static void add_list_insertion(dc_imp *m, uint32_t pos, const char *text, const char *join) {
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
        if (!dc_imp_ident_byte(list.p[i]) && list.p[i] != ',' && list.p[i] != ' ' && list.p[i] != '.') return false;
    return list.len > 0;
}

/* `head names tail` inserted whole (`, { a }` after a default import): a second name joins the
 * braces of the first. */
void dc_imp_add_wrapped(dc_imp *m, uint32_t pos, const char *head, const char *name, const char *tail) {
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

static bool is_generated_import_line(const dc_imp *m, dc_sv line) {
    if (line.len >= 5 && memcmp(line.p, "from ", 5) == 0) return m->python;
    if (line.len >= 7 && memcmp(line.p, "import ", 7) == 0) return true;
    return !m->python && has_segment(line.p, line.len, "require(", 8);
}

/* Merges a new statement into an insertion already planned at the same offset: joins a line
 * for the same module, else goes on the line after the last planned import line, else (the
 * caller's own code is inserted there) in front of it, since imports come first. */
void dc_imp_add_stmt(dc_imp *m, uint32_t pos, const char *full, const dc_imp_stmt *sh) {
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

/* Items are the children in `fieldname` (Python import statements) or every named child that is
 * not a comment (braces); a comma belongs to the item before it. */
void dc_imp_list_build(dc_arena *arena, TSNode container, const char *fieldname, dc_imp_list *l) {
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
                l->v[l->n++] = (dc_imp_item){.node = ch};
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
static bool list_vertical(const dc_imp *m, const dc_imp_list *l) {
    if (!l->n || !l->has_close) return false;
    TSNode last = l->v[l->n - 1].node;
    uint32_t close = dc_imp_start(l->close);
    return dc_imp_blanks_before(m->src, dc_imp_start(last)) && dc_imp_blanks_before(m->src, close) &&
           dc_line_start(m->src, close) > dc_imp_end(last);
}

bool dc_imp_insertion_free(const dc_imp *m, uint32_t pos) {
    return !dc_imp_inside_pending(m->fix, pos) && !dc_range_touches_error(m->tree, pos, pos);
}

/* Before the line ending of the line containing `off`. */
static uint32_t line_content_end(const dc_source *src, uint32_t off) {
    uint32_t e = dc_imp_line_after(src, off);
    if (e > off && src->data[e - 1] == '\n') e--;
    if (e > off && src->data[e - 1] == '\r') e--;
    return e;
}

/* `b  # why` as the last item of a vertical list without a trailing comma: the comma goes
 * after b, the new line after the comment, so the comment stays with b. */
static bool append_after_comment(dc_imp *m, const dc_imp_item *last, dc_sv ind, const char *name) {
    uint32_t after = dc_imp_end(last->node), eol = line_content_end(m->src, after);
    if (!dc_imp_trivia_after(m, after) || dc_imp_line_blank(m->src, after) || eol <= after) return false;
    bool comment = false;
    for (uint32_t i = after; i < eol; i++) comment = comment || (m->src->data[i] != ' ' && m->src->data[i] != '\t');
    if (!comment || !dc_imp_insertion_free(m, after) || !dc_imp_insertion_free(m, eol)) return false;
    add_list_insertion(m, after, ",", "");
    add_list_insertion(m, eol, dc_arena_printf(m->arena, "%s%.*s%s", m->style.newline, (int)ind.len, ind.p, name), ",");
    return true;
}

/* Appends `name` to the list in the list's own layout; false when a pending edit of the fix or
 * an ERROR region is in the way. */
bool dc_imp_list_append(dc_imp *m, const dc_imp_list *l, const char *name) {
    const dc_imp_item *last = &l->v[l->n - 1];
    const char *nl = m->style.newline;
    uint32_t pos;
    char *text;
    if (list_vertical(m, l)) {
        dc_sv ind = dc_line_indent(m->src, dc_imp_start(last->node));
        if (last->has_comma) {
            /* at the start of the closing line, so a comment after the last item stays put */
            pos = dc_line_start(m->src, dc_imp_start(l->close));
            text = dc_arena_printf(m->arena, "%.*s%s,%s", (int)ind.len, ind.p, name, nl);
        } else {
            if (append_after_comment(m, last, ind, name)) return true;
            pos = dc_imp_end(last->node);
            text = dc_arena_printf(m->arena, ",%s%.*s%s", nl, (int)ind.len, ind.p, name);
        }
    } else if (last->has_comma) {
        pos = dc_imp_end(last->comma);
        text = dc_arena_printf(m->arena, " %s,", name);
    } else {
        pos = dc_imp_end(last->node);
        text = dc_arena_printf(m->arena, ", %s", name);
    }
    if (!dc_imp_insertion_free(m, pos)) return false;
    add_list_insertion(m, pos, text, "");
    return true;
}

/* ---- removal planning --------------------------------------------------------------------- */

/* Where a vertical list with a trailing comma takes new lines: the start of the closing line. */
static uint32_t close_line_start(const dc_imp *m, const dc_imp_list *l) {
    return list_vertical(m, l) ? dc_line_start(m->src, dc_imp_start(l->close)) : UINT32_MAX;
}

/* The pending insertion our own merge put after the list's last item, if any (at the end of
 * the file that offset may also hold a new statement, which is not one). */
static dc_edit *list_tail_insertion(dc_imp *m, const dc_imp_list *l) {
    const dc_imp_item *last = &l->v[l->n - 1];
    dc_edit *e = pending_insertion(m->fix, dc_imp_end(last->node));
    if (e && continues_list(e->text)) return e;
    e = last->has_comma ? pending_insertion(m->fix, dc_imp_end(last->comma)) : NULL;
    if (e && e->text[0] == ' ') return e;
    uint32_t cls = close_line_start(m, l);
    return cls != UINT32_MAX ? pending_insertion(m->fix, cls) : NULL;
}

/* The appended names now follow a removed item directly: drop their leading ", ". */
static void strip_leading_separator(dc_imp *m, dc_edit *e) {
    uint32_t i = 0;
    while (i < e->len && strchr(", \t\r\n", e->text[i])) i++;
    set_edit_text(m, e, e->text + i, e->len - i);
}

static bool run_is_vertical(const dc_imp *m, const dc_imp_item *first, const dc_imp_item *last) {
    uint32_t after = last->has_comma ? dc_imp_end(last->comma) : dc_imp_end(last->node);
    return dc_imp_blanks_before(m->src, dc_imp_start(first->node)) && dc_imp_trivia_after(m, after);
}

/* Deletes items[i..j], which are followed by the kept item j+1. */
static void delete_inner_run(dc_imp *m, const dc_imp_list *l, uint32_t i, uint32_t j) {
    const dc_imp_item *a = &l->v[i], *b = &l->v[j];
    if (run_is_vertical(m, a, b))
        dc_imp_add_deletion(m, dc_line_start(m->src, dc_imp_start(a->node)),
                            dc_imp_line_after(m->src, dc_imp_end(b->has_comma ? b->comma : b->node)));
    else
        dc_imp_add_deletion(m, dc_imp_start(a->node), dc_imp_start(l->v[j + 1].node));
}

/* Deletes items[i..n-1] (i >= 1), keeping the separator style of what is left. */
static void delete_tail_run(dc_imp *m, const dc_imp_list *l, uint32_t i, dc_edit *appended) {
    const dc_imp_item *a = &l->v[i], *b = &l->v[l->n - 1], *prev = &l->v[i - 1];
    if (appended) {
        if (appended->start == close_line_start(m, l)) {
            dc_imp_add_deletion(m, dc_line_start(m->src, dc_imp_start(a->node)), appended->start);
        } else {
            dc_imp_add_deletion(m, dc_imp_start(a->node), appended->start);
            strip_leading_separator(m, appended);
        }
        return;
    }
    bool vertical = run_is_vertical(m, a, b);
    if (b->has_comma) {
        if (vertical)
            dc_imp_add_deletion(m, dc_line_start(m->src, dc_imp_start(a->node)), dc_imp_line_after(m->src, dc_imp_end(b->comma)));
        else dc_imp_add_deletion(m, dc_imp_end(prev->comma), dc_imp_end(b->comma));
    } else if (vertical) {
        dc_imp_add_deletion(m, dc_imp_start(prev->comma), dc_imp_end(prev->comma));
        dc_imp_add_deletion(m, dc_line_start(m->src, dc_imp_start(a->node)), dc_imp_line_after(m->src, dc_imp_end(b->node)));
    } else {
        dc_imp_add_deletion(m, dc_imp_start(prev->comma), dc_imp_end(b->node));
    }
}

static void delete_all(dc_imp *m, const dc_imp_list *l, const dc_imp_removal *r, dc_edit *appended) {
    if (appended) {
        /* names a merge appends survive: keep the statement and let them take the list's place */
        const dc_imp_item *first = &l->v[0];
        uint32_t s = dc_imp_start(first->node);
        if (appended->start == close_line_start(m, l)) {
            if (dc_imp_blanks_before(m->src, s)) s = dc_line_start(m->src, s);
        } else {
            strip_leading_separator(m, appended);
        }
        dc_imp_add_deletion(m, s, appended->start);
    } else if (r->whole_start < r->whole_end) {
        dc_imp_add_deletion(m, r->whole_start, r->whole_end);
    }
}

/* Forgets the deletions this module planned earlier inside the statement: the statement is
 * re-planned as a whole so the new edits cannot overlap the old ones. */
static void drop_pending_deletions(dc_imp *m, uint32_t s, uint32_t e) {
    uint32_t k = 0;
    for (uint32_t i = 0; i < m->fix->nedits; i++) {
        dc_edit *d = &m->fix->edits[i];
        if (d->start < d->end && d->len == 0 && s <= d->start && d->end <= e) continue;
        m->fix->edits[k++] = *d;
    }
    m->fix->nedits = k;
}

void dc_imp_plan_removal(dc_imp *m, const dc_imp_removal *r) {
    dc_imp_list l;
    dc_imp_list_build(m->arena, r->container, r->fieldname, &l);
    if (!l.n || r->index >= l.n) return;
    bool *rm = dc_arena_alloc(m->arena, l.n * sizeof *rm);
    bool repl = false;
    uint32_t nrm = 0;
    for (uint32_t i = 0; i < l.n; i++) {
        rm[i] = i == r->index;
        if (!rm[i] && dc_imp_pending_deleted(m->fix, dc_imp_start(l.v[i].node), dc_imp_end(l.v[i].node))) rm[i] = repl = true;
        nrm += rm[i];
    }
    uint32_t s = dc_line_start(m->src, dc_imp_start(r->stmt)), e = dc_imp_line_after(m->src, dc_imp_end(r->stmt));
    if (repl || dc_imp_pending_deleted(m->fix, dc_imp_start(l.v[r->index].node), dc_imp_end(l.v[r->index].node)))
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
void dc_imp_statement_extent(const dc_imp *m, TSNode stmt, uint32_t *s, uint32_t *e) {
    const char *d = m->src->data;
    *s = dc_imp_start(stmt);
    *e = dc_imp_end(stmt);
    if (dc_imp_blanks_before(m->src, *s) && dc_imp_trivia_after(m, *e)) {
        *s = dc_line_start(m->src, *s);
        *e = dc_imp_line_after(m->src, *e);
        return;
    }
    TSNode next = ts_node_next_sibling(stmt), prev = ts_node_prev_sibling(stmt);
    if (dc_node_is(next, ";")) {
        *e = dc_imp_end(next);
    } else if (dc_node_is(prev, ";")) {
        *s = dc_imp_start(prev);
        return;
    }
    if (dc_imp_trivia_after(m, *e)) {
        while (*s > 0 && (d[*s - 1] == ' ' || d[*s - 1] == '\t')) (*s)--;
    } else {
        while (*e < m->src->len && (d[*e] == ' ' || d[*e] == '\t')) (*e)++;
    }
}

