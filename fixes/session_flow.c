/* session_flow.c: what the code does with each fetched tool list (issue 16, items 2 and 3), read
 * once all uses of the session plan are (session_p.h).
 *
 * After the migration a fetched list holds the session's meta tools, not the tools it named, so:
 *   - code that relies on specific tools of it (`tools[0]`, `len(tools)`, `tools.length`, a
 *     lookup or filter by slug, a loop over it) breaks silently: the fetch is manual, naming that
 *     use;
 *   - two fetched lists joined (`gh + slack`, `[*gh, *slack]`, `[...gh, ...slack]`,
 *     `{...gh, ...slack}`, `gh.concat(slack)`) would send the meta tools twice: where the data
 *     flow is local and provable (each operand is a fetch, or a variable bound once to one and
 *     used only in the join), the join's uses share one session with the union of their
 *     toolkits, the first operand's fetch becomes the one `tools()` call, the other operands'
 *     statements go and the join becomes that first operand; otherwise (`extend`, `+=`, `push`,
 *     `Promise.all`, an operand that is no fetch) the fetches are manual with that advice.
 * The uses of a variable are found by name among the file's identifiers (read once, sorted), from
 * its assignment to the next assignment of that name. */
#include <ctype.h>
#include <stdlib.h>

#include "fixes/render.h"
#include "fixes/session_p.h"

typedef struct dc_ident_ref {
    dc_sv text;
    TSNode node;
} dc_ident_ref;

static int cmp_ident(const void *pa, const void *pb) {
    const dc_ident_ref *a = pa, *b = pb;
    uint32_t n = a->text.len < b->text.len ? a->text.len : b->text.len;
    int c = n ? memcmp(a->text.p, b->text.p, n) : 0;
    if (c || a->text.len != b->text.len) return c ? c : a->text.len < b->text.len ? -1 : 1;
    uint32_t x = ts_node_start_byte(a->node), y = ts_node_start_byte(b->node);
    return x < y ? -1 : x > y;
}

typedef struct ident_scan {
    dc_fix_ctx *ctx;
    DC_VEC(dc_ident_ref) v;
} ident_scan;

static bool scan_ident(TSNode n, void *vs) {
    ident_scan *s = vs;
    dc_vec_push(&s->v, ((dc_ident_ref){dc_fix_sv(s->ctx, n), n}));
    return true;
}

static void read_idents(dc_fix_ctx *ctx, dc_session_plan *pl) {
    static const char *const kinds[] = {"identifier", "shorthand_property_identifier", NULL};
    ident_scan s = {ctx, {0}};
    if (ctx->an->tree) dc_fix_walk_kinds(ctx, ts_tree_root_node(ctx->an->tree), kinds, scan_ident, &s);
    if (s.v.len > 1) qsort(s.v.v, s.v.len, sizeof *s.v.v, cmp_ident);
    pl->idents = dc_arena_alloc(ctx->arena, (s.v.len ? s.v.len : 1) * sizeof *pl->idents);
    if (s.v.len) memcpy(pl->idents, s.v.v, s.v.len * sizeof *s.v.v);
    pl->nidents = s.v.len;
    pl->have_idents = true;
    dc_vec_free(&s.v);
}

/* The index of the first identifier named `name` starting at or after `at`. */
static uint32_t ident_lower(const dc_session_plan *pl, dc_sv name, uint32_t at) {
    uint32_t lo = 0, hi = pl->nidents;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const dc_ident_ref *r = &pl->idents[mid];
        uint32_t n = r->text.len < name.len ? r->text.len : name.len;
        int c = n ? memcmp(r->text.p, name.p, n) : 0;
        if (!c) c = r->text.len < name.len ? -1 : r->text.len > name.len;
        if (!c) c = ts_node_start_byte(r->node) < at ? -1 : 0;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---- what one expression of a fetched list is used for ---------------------------------------- */

typedef enum flow_kind { FLOW_NONE, FLOW_SPECIFIC, FLOW_JOIN, FLOW_JOIN_MANUAL } flow_kind;

typedef struct flow {
    flow_kind kind;
    TSNode at;   /* the use (SPECIFIC, JOIN_MANUAL) or the join expression (JOIN) */
    TSNode from; /* the operand of the join: the expression itself */
} flow;

static TSNode up_parens(dc_fix_ctx *ctx, TSNode *e) {
    TSNode p = dc_fix_parent(ctx, *e);
    while (dc_node_is(p, "parenthesized_expression")) {
        *e = p;
        p = dc_fix_parent(ctx, p);
    }
    return p;
}

static bool name_in(dc_sv s, const char *const *names) {
    for (; *names; names++)
        if (dc_sv_eq_cstr(s, *names)) return true;
    return false;
}

static bool upper_slug(dc_sv s) {
    if (s.len < 3 || !isupper((unsigned char)s.p[0])) return false;
    bool under = false;
    for (uint32_t i = 0; i < s.len; i++) {
        if (!isupper((unsigned char)s.p[i]) && !isdigit((unsigned char)s.p[i]) && s.p[i] != '_') return false;
        under |= s.p[i] == '_';
    }
    return under;
}

static bool is_plus(dc_fix_ctx *ctx, TSNode n) {
    return dc_node_is(n, "binary_operator") && dc_sv_eq_cstr(dc_fix_sv(ctx, dc_field(n, "operator")), "+");
}

static flow classify_py(dc_fix_ctx *ctx, TSNode e) {
    static const char *const fns[] = {"len", "next", "iter", "sorted", "filter", "map", "enumerate", "reversed", NULL};
    static const char *const meths[] = {"index", "count", "pop",    "sort",  "remove",
                                        "get",   "keys",  "values", "items", NULL};
    TSNode p = up_parens(ctx, &e);
    flow f = {FLOW_NONE, p, e};
    if ((dc_node_is(p, "subscript") && dc_node_same(dc_field(p, "value"), e)) ||
        ((dc_node_is(p, "for_statement") || dc_node_is(p, "for_in_clause")) && dc_node_same(dc_field(p, "right"), e)))
        f.kind = FLOW_SPECIFIC;
    else if (dc_node_is(p, "comparison_operator") && !dc_node_same(ts_node_named_child(p, 0), e))
        f.kind = FLOW_SPECIFIC; /* `"GITHUB_X" in tools` */
    else if (dc_node_is(p, "attribute") && dc_node_same(dc_field(p, "object"), e)) {
        dc_sv m = dc_fix_sv(ctx, dc_field(p, "attribute"));
        f.kind = name_in(m, meths) ? FLOW_SPECIFIC : dc_sv_eq_cstr(m, "extend") ? FLOW_JOIN_MANUAL : FLOW_NONE;
    } else if (dc_node_is(p, "argument_list")) {
        TSNode call = dc_fix_parent(ctx, p), fn = dc_field(call, "function");
        if (dc_node_is(fn, "identifier") && name_in(dc_fix_sv(ctx, fn), fns)) f.kind = FLOW_SPECIFIC;
        if (dc_node_is(fn, "attribute") && dc_sv_eq_cstr(dc_fix_sv(ctx, dc_field(fn, "attribute")), "extend"))
            f.kind = FLOW_JOIN_MANUAL;
        f.at = call;
    } else if (dc_node_is(p, "augmented_assignment")) {
        f.kind = FLOW_JOIN_MANUAL; /* `tools += fetched`, `fetched += more` */
    } else if (is_plus(ctx, p)) {
        f.kind = FLOW_JOIN;
        for (TSNode q = p, up = up_parens(ctx, &q); is_plus(ctx, up); q = up, up = up_parens(ctx, &q)) p = up;
        f.at = p;
    } else if (dc_node_is(p, "list_splat") && dc_node_is(dc_fix_parent(ctx, p), "list")) {
        f.kind = FLOW_JOIN;
        f.at = dc_fix_parent(ctx, p);
    }
    return f;
}

static flow classify_ts(dc_fix_ctx *ctx, TSNode e) {
    static const char *const props[] = {"length",  "filter",  "find",   "findIndex", "findLast", "findLastIndex",
                                        "some",    "every",   "map",    "forEach",   "indexOf",  "includes",
                                        "at",      "slice",   "reduce", "sort",      "pop",      "shift",
                                        "flatMap", "entries", "keys",   "values",    "splice",   NULL};
    TSNode p = up_parens(ctx, &e);
    flow f = {FLOW_NONE, p, e};
    if ((dc_node_is(p, "subscript_expression") && dc_node_same(dc_field(p, "object"), e)) ||
        (dc_node_is(p, "for_in_statement") && dc_node_same(dc_field(p, "right"), e))) {
        f.kind = FLOW_SPECIFIC;
    } else if (dc_node_is(p, "binary_expression") && dc_node_same(dc_field(p, "right"), e) &&
               dc_sv_eq_cstr(dc_fix_sv(ctx, dc_field(p, "operator")), "in")) {
        f.kind = FLOW_SPECIFIC;
    } else if (dc_node_is(p, "member_expression") && dc_node_same(dc_field(p, "object"), e)) {
        dc_sv m = dc_fix_sv(ctx, dc_field(p, "property"));
        if (name_in(m, props) || upper_slug(m)) f.kind = FLOW_SPECIFIC;
        if (dc_sv_eq_cstr(m, "concat")) f = (flow){FLOW_JOIN, dc_fix_parent(ctx, p), e};
        if (dc_sv_eq_cstr(m, "push")) f.kind = FLOW_JOIN_MANUAL;
    } else if (dc_node_is(p, "spread_element")) {
        TSNode c = dc_fix_parent(ctx, p);
        if (dc_node_is(c, "array") || dc_node_is(c, "object")) f = (flow){FLOW_JOIN, c, e};
        if (dc_node_is(c, "arguments")) f = (flow){FLOW_JOIN_MANUAL, dc_fix_parent(ctx, c), e}; /* push(...x) */
    } else if (dc_node_is(p, "arguments")) {
        TSNode call = dc_fix_parent(ctx, p), fn = dc_field(call, "function");
        dc_sv fs = dc_fix_sv(ctx, fn);
        if (dc_node_is(fn, "member_expression") && dc_sv_eq_cstr(dc_fix_sv(ctx, dc_field(fn, "property")), "concat"))
            f = (flow){FLOW_JOIN, call, e};
        else if (dc_sv_eq_cstr(fs, "Object.keys") || dc_sv_eq_cstr(fs, "Object.values") ||
                 dc_sv_eq_cstr(fs, "Object.entries"))
            f = (flow){FLOW_SPECIFIC, call, e};
    } else if (dc_node_is(p, "array")) {
        TSNode args = dc_fix_parent(ctx, p), call = dc_fix_parent(ctx, args);
        if (dc_node_is(args, "arguments") && dc_sv_eq_cstr(dc_fix_sv(ctx, dc_field(call, "function")), "Promise.all"))
            f = (flow){FLOW_JOIN_MANUAL, call, e};
    }
    /* a concat chain: the outermost call */
    while (f.kind == FLOW_JOIN && dc_node_is(f.at, "call_expression")) {
        TSNode q = f.at, m = dc_fix_parent(ctx, up_parens(ctx, &q));
        if (!dc_node_is(m, "member_expression") || !dc_sv_eq_cstr(dc_fix_sv(ctx, dc_field(m, "property")), "concat"))
            break;
        TSNode call = dc_fix_parent(ctx, m);
        if (!dc_node_is(call, "call_expression")) break;
        f.at = call;
    }
    return f;
}

static flow classify(dc_fix_ctx *ctx, TSNode e, bool ts) { return ts ? classify_ts(ctx, e) : classify_py(ctx, e); }

/* The fetched value: the call, or its await, out of parentheses. */
static TSNode value_of(dc_fix_ctx *ctx, TSNode call) {
    TSNode v = call;
    for (TSNode p = dc_fix_parent(ctx, v);
         dc_node_is(p, "parenthesized_expression") || dc_node_is(p, "await_expression") || dc_node_is(p, "await");
         p = dc_fix_parent(ctx, v))
        v = p;
    return v;
}

TSNode dc_session_join_of(dc_fix_ctx *ctx, TSNode v, bool ts) {
    flow f = classify(ctx, v, ts);
    return f.kind == FLOW_JOIN ? f.at : (TSNode){0};
}

/* The variable the value is assigned to (`x = v`, `const x = v`, `x = v` in TS), or null. */
static TSNode bound_var(dc_fix_ctx *ctx, TSNode v) {
    TSNode p = dc_fix_parent(ctx, v), name = {0};
    if ((dc_node_is(p, "assignment") || dc_node_is(p, "assignment_expression")) &&
        dc_node_same(dc_field(p, "right"), v))
        name = dc_field(p, "left");
    else if (dc_node_is(p, "variable_declarator") && dc_node_same(dc_field(p, "value"), v))
        name = dc_field(p, "name");
    return dc_node_is(name, "identifier") ? name : (TSNode){0};
}

/* The references of `var` after its binding, to the next assignment of that name in the scope. */
typedef struct refs {
    uint32_t lo, hi; /* pl->idents[lo, hi) */
} refs;

static refs refs_of(dc_fix_ctx *ctx, dc_session_plan *pl, TSNode var, TSNode scope) {
    if (!pl->have_idents) read_idents(ctx, pl);
    dc_sv name = dc_fix_sv(ctx, var);
    uint32_t from = ts_node_end_byte(var), end = ts_node_end_byte(scope);
    refs r = {ident_lower(pl, name, from), 0};
    r.hi = r.lo;
    while (r.hi < pl->nidents && dc_sv_eq(pl->idents[r.hi].text, name) &&
           ts_node_start_byte(pl->idents[r.hi].node) < end) {
        TSNode n = pl->idents[r.hi].node;
        r.hi++; /* a reassignment is the last reference (`tools += more` is one) */
        if (dc_session_reassigned(ctx, name, ts_node_start_byte(n), ts_node_end_byte(n))) break;
    }
    return r;
}

/* ---- per use ------------------------------------------------------------------------------- */

typedef struct join_rec {
    uint32_t use;
    TSNode join, operand; /* operand: the value, or the variable's reference in the join */
    TSNode var;           /* the variable bound to the value, or null */
} join_rec;

typedef DC_VEC(join_rec) join_vec;
typedef DC_VEC(TSNode) node_vec;

static const char *where(dc_fix_ctx *ctx, TSNode n) {
    dc_sv t = dc_fix_sv(ctx, n);
    uint32_t len = t.len, nl = 0;
    while (nl < len && t.p[nl] != '\n') nl++;
    bool cut = nl > 48;
    if (cut) nl = 45;
    return dc_arena_printf(ctx->arena, "`%.*s%s` (line %u)", (int)nl, t.p, cut || nl < len ? "..." : "",
                           dc_source_pos((dc_source *)ctx->an->src, ts_node_start_byte(n)).line);
}

static void flow_manual(dc_fix_ctx *ctx, dc_session_use *u, flow f, const char *refused) {
    if (f.kind == FLOW_SPECIFIC)
        dc_use_set_manual(u, dc_arena_printf(ctx->arena,
                                             "the code relies on specific tools of the fetched list: %s; after the "
                                             "migration the list holds the session's meta tools, so that use breaks: "
                                             "rewrite it, then migrate this call by hand",
                                             where(ctx, f.at)));
    else if (refused)
        dc_use_set_manual(u, dc_arena_printf(ctx->arena,
                                             "the fetched list is joined with another: %s, and %s: two session tool "
                                             "lists would send the meta tools twice; join the tools by hand",
                                             where(ctx, f.at), refused));
    else
        dc_use_set_manual(u, dc_arena_printf(ctx->arena,
                                             "the fetched list is joined with another: %s; two session tool lists "
                                             "would send the meta tools twice: create one session with the union of "
                                             "their toolkits and call tools() once for the joined list",
                                             where(ctx, f.at)));
}

static void read_use_flow(dc_fix_ctx *ctx, dc_session_plan *pl, uint32_t i, join_vec *joins) {
    dc_session_use *u = &pl->uses.v[i];
    if (u->app == DC_APP_MANUAL || !u->method || strcmp(u->method, "tools") != 0) return;
    TSNode v = value_of(ctx, u->call), var = {0};
    flow f = classify(ctx, v, u->ts);
    if (f.kind == FLOW_NONE && !ts_node_is_null(var = bound_var(ctx, v))) {
        refs r = refs_of(ctx, pl, var, u->scope);
        for (uint32_t k = r.lo; k < r.hi && f.kind != FLOW_SPECIFIC; k++) {
            flow g = classify(ctx, pl->idents[k].node, u->ts);
            if (g.kind > f.kind || g.kind == FLOW_SPECIFIC) f = g;
        }
    }
    if (f.kind == FLOW_SPECIFIC || f.kind == FLOW_JOIN_MANUAL) {
        flow_manual(ctx, u, f, NULL);
    } else if (f.kind == FLOW_JOIN) {
        if (u->kind == DC_USE_LEGACY || (u->expr_form && !u->expr_runs_after))
            flow_manual(ctx, u, (flow){FLOW_JOIN_MANUAL, f.at, f.from}, NULL);
        else
            dc_vec_push(joins, ((join_rec){.use = i, .join = f.at, .operand = f.from, .var = var}));
    }
}

/* ---- joins --------------------------------------------------------------------------------- */

/* The operands of a join, in order (flattening `+` chains, spreads and concat chains). */
static void operands(dc_fix_ctx *ctx, TSNode j, node_vec *out) {
    while (dc_node_is(j, "parenthesized_expression")) j = ts_node_named_child(j, 0);
    if (dc_node_is(j, "binary_operator") || dc_node_is(j, "binary_expression")) {
        operands(ctx, dc_field(j, "left"), out);
        operands(ctx, dc_field(j, "right"), out);
    } else if (dc_node_is(j, "list") || dc_node_is(j, "array") || dc_node_is(j, "object")) {
        uint32_t k = ts_node_named_child_count(j);
        for (uint32_t i = 0; i < k; i++) {
            TSNode c = ts_node_named_child(j, i);
            if (dc_node_is_comment(c)) continue;
            dc_vec_push(
                out, (dc_node_is(c, "list_splat") || dc_node_is(c, "spread_element")) ? ts_node_named_child(c, 0) : c);
        }
    } else if (dc_node_is(j, "call_expression")) {
        operands(ctx, dc_field(dc_field(j, "function"), "object"), out);
        TSNode args = dc_field(j, "arguments");
        uint32_t k = ts_node_named_child_count(args);
        for (uint32_t i = 0; i < k; i++)
            if (!dc_node_is_comment(ts_node_named_child(args, i))) dc_vec_push(out, ts_node_named_child(args, i));
    } else {
        dc_vec_push(out, j);
    }
}

static const join_rec *rec_of(const join_vec *recs, TSNode operand) {
    TSNode o = operand;
    for (uint32_t i = 0; i < recs->len; i++) {
        TSNode r = recs->v[i].operand;
        while (dc_node_is(o, "parenthesized_expression")) o = ts_node_named_child(o, 0);
        while (dc_node_is(r, "parenthesized_expression")) r = ts_node_named_child(r, 0);
        if (dc_node_same(r, o)) return &recs->v[i];
    }
    return NULL;
}

/* The statement binding a join's variable operand, deletable as whole lines: the assignment
 * statement alone in its lines (a trailing comment goes with it). False when it is not. */
static bool delete_statement(dc_fix_ctx *ctx, TSNode var, dc_fix *fx) {
    TSNode st = dc_statement_of(ctx, var);
    const char *src = ctx->an->src->data;
    uint32_t len = ctx->an->src->len;
    if (ts_node_is_null(st)) return false;
    if (dc_node_is(st, "expression_statement")) {
        if (ts_node_named_child_count(st) != 1) return false;
    } else if (dc_node_is(st, "lexical_declaration") || dc_node_is(st, "variable_declaration")) {
        if (ts_node_named_child_count(st) != 1) return false;
    } else {
        return false;
    }
    uint32_t s = ts_node_start_byte(st), ls = dc_line_start(ctx->an->src, s), e = ts_node_end_byte(st);
    for (uint32_t k = ls; k < s; k++)
        if (src[k] != ' ' && src[k] != '\t') return false;
    while (e < len && (src[e] == ' ' || src[e] == '\t' || src[e] == ';')) e++;
    if (e < len && (src[e] == '#' || (src[e] == '/' && e + 1 < len && src[e + 1] == '/')))
        while (e < len && src[e] != '\n' && src[e] != '\r') e++;
    if (e < len && src[e] == '\r') e++;
    if (e < len && src[e] == '\n')
        e++;
    else if (e < len)
        return false;
    dc_fix_add_edit(ctx->arena, fx, ls, e, "", 0);
    return true;
}

/* Can the join's uses share one session, the first operand feeding it? */
static const char *join_refused(dc_fix_ctx *ctx, dc_session_plan *pl, const join_rec **ops, uint32_t n) {
    const dc_session_use *a = &pl->uses.v[ops[0]->use];
    uint32_t first = 0;
    for (uint32_t i = 1; i < n; i++)
        if (ops[i]->use < ops[first]->use) first = i;
    const dc_session_use *f0 = &pl->uses.v[ops[first]->use];
    if (f0->expr_form) return "another call of the statement runs before them";
    TSNode block = dc_block_of(ctx, f0->scope, f0->call);
    for (uint32_t i = 0; i < n; i++)
        if (ts_node_is_null(block) || !dc_node_contains(block, pl->uses.v[ops[i]->use].call))
            return "they run on different branches";
    for (uint32_t i = 0; i < n; i++) {
        const dc_session_use *b = &pl->uses.v[ops[i]->use];
        if (b->app == DC_APP_MANUAL) return "one of the fetches cannot be rewritten";
        if (!ts_node_eq(a->scope, b->scope) || !dc_sv_eq(a->client_key, b->client_key) ||
            !dc_sv_eq(a->user_key, b->user_key))
            return "one session cannot serve both (another client, user or function)";
        if (ts_node_is_null(ops[i]->var)) continue;
        /* the variable is bound once, used only in the join */
        if (!pl->have_idents) read_idents(ctx, pl);
        dc_sv name = dc_fix_sv(ctx, ops[i]->var);
        uint32_t k = ident_lower(pl, name, ts_node_start_byte(a->scope)), uses = 0;
        for (; k < pl->nidents && dc_sv_eq(pl->idents[k].text, name) &&
               ts_node_start_byte(pl->idents[k].node) < ts_node_end_byte(a->scope);
             k++)
            uses++;
        if (uses != 2) return "a variable of the join is used elsewhere";
    }
    uint32_t lo = ts_node_start_byte(pl->uses.v[ops[0]->use].call), hi = ts_node_end_byte(ops[0]->join);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t s = ts_node_start_byte(pl->uses.v[ops[i]->use].call);
        if (s < lo) lo = s;
    }
    if (dc_session_reassigned(ctx, a->user_key, lo, hi))
        return "one session cannot serve both (the user changes between them)";
    return NULL;
}

static void plan_join(dc_fix_ctx *ctx, dc_session_plan *pl, const join_vec *recs, TSNode j) {
    node_vec ops = {0};
    operands(ctx, j, &ops);
    const join_rec **mine = dc_arena_alloc(ctx->arena, (ops.len ? ops.len : 1) * sizeof *mine);
    uint32_t n = 0;
    bool other = false;
    for (uint32_t i = 0; i < ops.len; i++) {
        const join_rec *r = rec_of(recs, ops.v[i]);
        if (r && !ts_node_eq(r->join, j)) r = NULL;
        if (r)
            mine[n++] = r;
        else
            other = true;
    }
    dc_vec_free(&ops);
    if (n < 2) return; /* one fetch joined with the code's own tools: nothing doubles */
    const char *why = other ? "the join has other operands" : join_refused(ctx, pl, mine, n);
    dc_session_join sj = {.expr = j, .keep = mine[0]->operand, .first = mine[0]->use};
    for (uint32_t i = 1; !why && i < n; i++)
        if (!ts_node_is_null(mine[i]->var) && !delete_statement(ctx, mine[i]->var, &sj.edits))
            why = "a variable of the join is not bound by a statement of its own";
    if (!ts_node_is_null(mine[0]->var) && !dc_node_same(mine[0]->operand, mine[0]->var)) sj.keep = mine[0]->operand;
    for (uint32_t i = 0; i < n; i++) {
        dc_session_use *u = &pl->uses.v[mine[i]->use];
        if (why) {
            flow_manual(ctx, u, (flow){FLOW_JOIN_MANUAL, j, j}, why);
            continue;
        }
        u->join = (int)pl->joins.len;
        u->expr_form = false; /* the join's session is a statement before the first fetch */
    }
    if (!why) dc_vec_push(&pl->joins, sj);
}

void dc_session_read_flow(dc_fix_ctx *ctx, dc_session_plan *pl) {
    join_vec recs = {0};
    for (uint32_t i = 0; i < pl->uses.len; i++) read_use_flow(ctx, pl, i, &recs);
    for (uint32_t i = 0; i < recs.len; i++) {
        bool seen = false;
        for (uint32_t k = 0; k < i && !seen; k++) seen = ts_node_eq(recs.v[k].join, recs.v[i].join);
        if (!seen) plan_join(ctx, pl, &recs, recs.v[i].join);
    }
    dc_vec_free(&recs);
}
