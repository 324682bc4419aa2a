/* fix_env_version.c: removes <SDK>_TOOLKIT_VERSION_<TOOLKIT> assignments (sessions pick toolkit
 * versions themselves) and names the toolkit in each finding's message.
 *
 * The message is finished here because the engine cannot do it: a .env match carries no
 * captures, and a template cannot lower-case the suffix into a toolkit slug.
 *
 * What goes:
 *   - .env: the whole line with its line ending (always safe: nothing else reads the line).
 *   - code: the expression statement that is exactly the assignment (or setdefault call); its
 *     whole line(s) when nothing else is on them, else just the statement and its `;`
 *     separator. A Python block whose statements would all go keeps a `pass` (an empty block
 *     does not parse); the planning is per file so several pins in one block are handled.
 * What stays manual: the assignment is a sub-expression (chained, conditional, lambda, arrow
 * function, anything whose value is used) or the brace-less body of an if/loop, where deleting
 * the statement would make the next statement the body.
 * Unsafe: the value is computed by a call (the call's side effects would go too), or a client in
 * the same file runs triggers, which still read the pinned versions. */
#include <stdlib.h>

#include "fixes/fixers_p.h"

static bool is_space(char c) { return c == ' ' || c == '\t'; }

/* ---- the variable and its toolkit ---------------------------------------------------------- */

/* The variable's name: the @var capture in code; in a .env line, the name after optional
 * indentation and `export`. */
static dc_sv env_var_name(const dc_source *src, const dc_finding *f) {
    TSNode v;
    if (dc_finding_capture(f, "var", &v)) return dc_node_sv(src, v);
    const char *p = src->data + f->range.start, *e = src->data + f->range.end;
    while (p < e && is_space(*p)) p++;
    if (e - p > 6 && memcmp(p, "export", 6) == 0 && is_space(p[6])) {
        p += 6;
        while (p < e && is_space(*p)) p++;
    }
    const char *s = p;
    while (p < e && (*p == '_' || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
        p++;
    return dc_sv_from(s, (size_t)(p - s));
}

/* The lower-cased suffix after `_TOOLKIT_VERSION_` (arena). */
static char *toolkit_of(dc_arena *a, dc_sv var) {
    static const char marker[] = "_TOOLKIT_VERSION_";
    const size_t mlen = sizeof marker - 1;
    for (uint32_t i = 0; i + mlen <= var.len; i++) {
        if (memcmp(var.p + i, marker, mlen) != 0) continue;
        char *t = dc_arena_strndup(a, var.p + i + mlen, var.len - i - mlen);
        for (char *c = t; *c; c++)
            if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
        return t;
    }
    return dc_arena_strndup(a, var.p, var.len);
}

/* Fills the {{var}} / {{toolkit}} placeholders the engine left in the rendered message. A token
 * scan, not dc_tmpl_expand: the message is already rendered and may hold captured code with
 * braces of its own, where the two read `{{` differently; the reports keep this scan's reading. */
static const char *fill_message(dc_arena *a, const char *msg, dc_sv var, const char *toolkit) {
    dc_buf b = DC_BUF_INIT;
    const char *p = msg;
    while (*p) {
        if (strncmp(p, "{{var}}", 7) == 0) {
            dc_buf_addsv(&b, var);
            p += 7;
        } else if (strncmp(p, "{{toolkit}}", 11) == 0) {
            dc_buf_adds(&b, toolkit);
            p += 11;
        } else {
            dc_buf_addc(&b, *p++);
        }
    }
    const char *res = dc_arena_strndup(a, dc_buf_cstr(&b), b.len);
    dc_buf_free(&b);
    return res;
}

/* ---- .env ---------------------------------------------------------------------------------- */

/* True when the value after `=` opens a quote that the line does not close: a multi-line
 * value, whose later lines the line deletion would leave behind as garbage. */
static bool value_continues(const dc_source *src, uint32_t start, uint32_t end) {
    const char *p = memchr(src->data + start, '=', end - start);
    if (!p) return false;
    const char *e = src->data + end;
    p++;
    while (p < e && is_space(*p)) p++;
    if (p >= e || (*p != '"' && *p != '\'' && *p != '`')) return false;
    char q = *p++;
    for (; p < e; p++) {
        if (q == '"' && *p == '\\' && p + 1 < e) p++;
        else if (*p == q) return false;
    }
    return true;
}

static void fix_dotenv(dc_fix_ctx *ctx, dc_finding *f) {
    const dc_source *src = ctx->an->src;
    if (value_continues(src, f->range.start, f->range.end)) {
        f->fix = dc_fix_new(ctx->arena, DC_APP_MANUAL);
        f->fix->why = "the quoted value continues on the next lines; delete the whole assignment by hand";
        return;
    }
    uint32_t s = f->range.start, e = f->range.end;
    while (s > 0 && src->data[s - 1] != '\n') s--; /* the regex starts at ^, but be sure */
    if (e < src->len && src->data[e] == '\r') e++;
    if (e < src->len && src->data[e] == '\n') e++;
    dc_fix *fix = dc_fix_new(ctx->arena, DC_APP_SAFE);
    fix->title = "remove the toolkit version pin";
    dc_fix_add_edit(ctx->arena, fix, s, e, "", 0);
    const char *why = dc_pin_exec_why(ctx, (dc_sv){0}, 0, 0, true);
    if (why) {
        fix->app = DC_APP_UNSAFE;
        fix->why = why;
    }
    f->fix = fix;
}

/* ---- code ---------------------------------------------------------------------------------- */

typedef struct planned {
    dc_finding *f;
    TSNode stmt;
    TSNode block; /* stmt's parent */
    bool pass;    /* replace with `pass` instead of deleting (last statement of a Python block) */
} planned;

static bool is_assignment(TSNode n) {
    return dc_node_is(n, "assignment") || dc_node_is(n, "assignment_expression") ||
           dc_node_is(n, "augmented_assignment_expression") || dc_node_is(n, "augmented_assignment");
}

/* Why the assignment cannot simply be deleted, or NULL when `*stmt` is the statement to delete. */
static const char *classify(dc_fix_ctx *ctx, TSNode match, bool py, TSNode *stmt) {
    TSNode p = dc_fix_parent(ctx, match);
    if (is_assignment(match) && (is_assignment(p) || is_assignment(dc_field(match, "right"))))
        return "it is part of a chained assignment; split it and delete only this target by hand";
    if (!dc_node_is(p, "expression_statement")) {
        for (TSNode a = p; !ts_node_is_null(a); a = dc_fix_parent(ctx, a)) {
            const char *t = ts_node_type(a);
            if (strstr(t, "statement") || strcmp(t, "module") == 0 || strcmp(t, "program") == 0) break;
            if (strcmp(t, "conditional_expression") == 0 || strcmp(t, "ternary_expression") == 0)
                return "it is inside a conditional expression; remove that branch by hand";
            if (strcmp(t, "lambda") == 0) return "it is the body of a lambda; remove the pin where the lambda is used";
            if (strcmp(t, "arrow_function") == 0)
                return "it is the body of an arrow function; remove the pin where the function is used";
        }
        return "its result is used by the surrounding code; remove the pin there by hand";
    }
    if (py) {
        uint32_t items = 0, k = ts_node_named_child_count(p);
        for (uint32_t i = 0; i < k; i++)
            if (!dc_node_is_comment(ts_node_named_child(p, i))) items++;
        if (items != 1) return "its result is used by the surrounding code; remove the pin there by hand";
    } else {
        TSNode c = dc_fix_parent(ctx, p);
        if (!dc_node_is(c, "program") && !dc_node_is(c, "statement_block") && !dc_node_is(c, "switch_case") &&
            !dc_node_is(c, "switch_default"))
            return "it is the brace-less body of an if or a loop; remove it together with that statement by hand";
    }
    *stmt = p;
    return NULL;
}

static bool find_call(TSNode n, void *vfound) {
    const char *t = ts_node_type(n);
    if (strcmp(t, "call") == 0 || strcmp(t, "call_expression") == 0 || strcmp(t, "new_expression") == 0 ||
        strcmp(t, "await") == 0 || strcmp(t, "await_expression") == 0) {
        *(bool *)vfound = true;
        return false;
    }
    return true;
}

/* Does the assigned value (or setdefault's default) run code that deleting would skip? */
static bool value_has_call(TSNode match) {
    bool found = false;
    if (is_assignment(match)) {
        TSNode r = dc_field(match, "right");
        if (!ts_node_is_null(r)) dc_tree_walk(r, find_call, &found);
        return found;
    }
    TSNode args = dc_field(match, "arguments");
    uint32_t k = ts_node_named_child_count(args);
    for (uint32_t i = 1; i < k && !found; i++) dc_tree_walk(ts_node_named_child(args, i), find_call, &found);
    return found;
}

static TSNode sibling(TSNode n, bool next) {
    TSNode s = next ? ts_node_next_named_sibling(n) : ts_node_prev_named_sibling(n);
    while (!ts_node_is_null(s) && dc_node_is_comment(s))
        s = next ? ts_node_next_named_sibling(s) : ts_node_prev_named_sibling(s);
    return s;
}

static bool same_line(const dc_source *src, uint32_t a, uint32_t b) {
    for (uint32_t i = a; i < b; i++)
        if (src->data[i] == '\n') return false;
    return true;
}

/* The bytes deleting `stmt` removes: its whole lines (a trailing comment included, which the
 * comment check then makes unsafe) when nothing else shares them; else the statement and the
 * `;` that separates it from a neighbour on the same line. */
static void stmt_range(const dc_source *src, TSNode stmt, bool py, uint32_t *start, uint32_t *end) {
    uint32_t a = ts_node_start_byte(stmt), b = ts_node_end_byte(stmt);
    const char *d = src->data;
    uint32_t ls = a;
    bool own = true;
    while (ls > 0 && d[ls - 1] != '\n') {
        if (!is_space(d[ls - 1])) own = false;
        ls--;
    }
    uint32_t p = b;
    while (p < src->len && is_space(d[p])) p++;
    if (py && p < src->len && d[p] == ';') {
        p++;
        while (p < src->len && is_space(d[p])) p++;
    }
    if (p < src->len && (d[p] == '#' || (!py && d[p] == '/' && p + 1 < src->len && d[p + 1] == '/')))
        while (p < src->len && d[p] != '\n') p++;
    if (p < src->len && d[p] == '\r') p++;
    if (own && (p >= src->len || d[p] == '\n')) {
        *start = ls;
        *end = p < src->len ? p + 1 : p;
        return;
    }
    TSNode next = sibling(stmt, true), prev = sibling(stmt, false);
    if (!ts_node_is_null(next) && same_line(src, b, ts_node_start_byte(next))) {
        *start = a;
        *end = ts_node_start_byte(next);
    } else if (!ts_node_is_null(prev) && same_line(src, ts_node_end_byte(prev), a)) {
        *start = ts_node_end_byte(prev);
        *end = b;
    } else {
        *start = a;
        *end = b;
    }
}

/* The named children of `block` but comments, by cursor (ts_node_named_child(block, i) starts
 * from the first child every time). */
static uint32_t statement_count(TSNode block) {
    uint32_t items = 0;
    TSTreeCursor c = ts_tree_cursor_new(block);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (ts_node_is_named(k) && !dc_node_is_comment(k)) items++;
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    return items;
}

static int by_block(const void *a, const void *b) {
    const planned *x = *(planned *const *)a, *y = *(planned *const *)b;
    uintptr_t i = (uintptr_t)x->block.id, j = (uintptr_t)y->block.id;
    if (i != j) return i < j ? -1 : 1;
    uint32_t s = ts_node_start_byte(x->stmt), t = ts_node_start_byte(y->stmt);
    return s < t ? -1 : s > t;
}

/* Marks, for each Python block all of whose statements the fixes would delete, its last such
 * statement to become `pass`: then any subset of the fixes leaves the block non-empty. The
 * statements are grouped by block through a sort (pairwise, 45,000 pins in one file took
 * minutes). */
static void plan_pass(planned *pl, uint32_t n) {
    planned **by = dc_xcalloc(n ? n : 1, sizeof *by);
    for (uint32_t i = 0; i < n; i++) by[i] = &pl[i];
    if (n > 1) qsort(by, n, sizeof *by, by_block);
    for (uint32_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && ts_node_eq(by[j]->block, by[i]->block);) j++;
        TSNode block = by[i]->block;
        if (!dc_node_is(block, "block")) continue;
        if (j - i >= statement_count(block)) by[j - 1]->pass = true; /* sorted by start: the last one */
    }
    free(by);
}

void dc_fixer_toolkit_version_env(dc_fix_ctx *ctx, dc_finding **fs, uint32_t n) {
    const dc_source *src = ctx->an->src;
    DC_VEC(planned) plan = {0};
    bool py = src->lang == DC_LANG_PYTHON;
    bool triggers = ctx->an->tree && dc_file_uses_member(ctx, (dc_sv){0}, "triggers");
    for (uint32_t i = 0; i < n; i++) {
        dc_finding *f = fs[i];
        dc_sv var = env_var_name(src, f);
        f->message = fill_message(ctx->arena, f->message, var, toolkit_of(ctx->arena, var));
        if (!ctx->an->tree) {
            fix_dotenv(ctx, f);
            continue;
        }
        TSNode match, stmt = {0};
        if (!dc_finding_capture(f, "match", &match)) continue;
        const char *why = classify(ctx, match, py, &stmt);
        if (why) {
            f->fix = dc_fix_new(ctx->arena, DC_APP_MANUAL);
            f->fix->why = why;
            continue;
        }
        f->fix = dc_fix_new(ctx->arena, DC_APP_SAFE);
        f->fix->title = "remove the toolkit version pin";
        if (value_has_call(match)) {
            f->fix->app = DC_APP_UNSAFE;
            f->fix->why = "the value is computed by a call, which would be removed with the assignment";
        } else if (triggers) {
            f->fix->app = DC_APP_UNSAFE;
            f->fix->why = "a client in this file runs triggers, which still use the pinned toolkit versions";
        } else if ((why = dc_pin_exec_why(ctx, (dc_sv){0}, 0, 0, true))) {
            f->fix->app = DC_APP_UNSAFE; /* an environment pin is every client's (issue 16 item 8) */
            f->fix->why = why;
        }
        dc_vec_push(&plan, ((planned){f, stmt, dc_fix_parent(ctx, stmt), false}));
    }
    if (py) plan_pass(plan.v, plan.len);
    for (uint32_t i = 0; i < plan.len; i++) {
        planned *p = &plan.v[i];
        if (p->pass) {
            dc_fix_add_edit(ctx->arena, p->f->fix, ts_node_start_byte(p->stmt), ts_node_end_byte(p->stmt), "pass", 4);
        } else {
            uint32_t s, e;
            stmt_range(src, p->stmt, py, &s, &e);
            dc_fix_add_edit(ctx->arena, p->f->fix, s, e, "", 0);
        }
    }
    dc_vec_free(&plan);
}
