/* unbound.c: scopes, bindings and uses of one name at a time (see unbound.h). Python and
 * TypeScript/JavaScript differ in what binds and where a binding is seen; the walk that finds
 * occurrences and resolves uses is shared. */
#include "apply/unbound.h"

#include <stdlib.h>
#include <string.h>

#include "syntax/lang.h"
#include "syntax/tree.h"

#define MAX_DEPTH 400

/* ---- names ----------------------------------------------------------------------------------- */

static bool word_byte(unsigned char c) {
    return c == '_' || c == '$' || c >= 0x80 || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

void dc_unbound_names_add(dc_unbound_names *names, const char *p, size_t n) {
    for (size_t i = 0; i < n && names->v.len < DC_UNBOUND_MAX_NAMES;) {
        if (!word_byte((unsigned char)p[i]) || (p[i] >= '0' && p[i] <= '9')) {
            i++;
            continue;
        }
        size_t s = i;
        while (i < n && word_byte((unsigned char)p[i])) i++;
        size_t b = s;
        while (b > 0 && (p[b - 1] == ' ' || p[b - 1] == '\t')) b--;
        if (b > 0 && p[b - 1] == '.') continue; /* a member, not a name */
        bool have = false;
        for (uint32_t k = 0; k < names->v.len && !have; k++)
            have = strlen(names->v.v[k]) == i - s && memcmp(names->v.v[k], p + s, i - s) == 0;
        if (!have) {
            char *c = dc_xmalloc(i - s + 1);
            memcpy(c, p + s, i - s);
            c[i - s] = '\0';
            dc_vec_push(&names->v, c);
        }
    }
}

void dc_unbound_names_free(dc_unbound_names *names) {
    for (uint32_t i = 0; i < names->v.len; i++) free(names->v.v[i]);
    dc_vec_free(&names->v);
    dc_vec_free(&names->before);
}

/* ---- the path from the root to a node --------------------------------------------------------- */

typedef struct path {
    TSNode n[MAX_DEPTH];
    uint32_t len; /* n[len-1] is the node */
} path;

static bool path_to(TSNode root, uint32_t s, uint32_t e, path *p) {
    TSTreeCursor c = ts_tree_cursor_new(root);
    p->len = 0;
    p->n[p->len++] = root;
    bool ok = false;
    for (;;) {
        TSNode cur = ts_tree_cursor_current_node(&c);
        if (ts_node_start_byte(cur) == s && ts_node_end_byte(cur) == e && ts_node_is_named(cur) &&
            ts_node_named_child_count(cur) == 0) {
            ok = true;
            break;
        }
        if (p->len >= MAX_DEPTH || ts_tree_cursor_goto_first_child_for_byte(&c, s) < 0) break;
        TSNode ch = ts_tree_cursor_current_node(&c);
        /* (tree-sitter 0.20.7 stops at a child that ends at the byte, not after it) */
        while (ts_node_end_byte(ch) <= s && ts_node_end_byte(ch) < e && ts_tree_cursor_goto_next_sibling(&c))
            ch = ts_tree_cursor_current_node(&c);
        if (ts_node_start_byte(ch) > s || ts_node_end_byte(ch) < e) break;
        p->n[p->len++] = ch;
    }
    ts_tree_cursor_delete(&c);
    return ok;
}

static TSNode up(const path *p, uint32_t k) { return k < p->len ? p->n[p->len - 1 - k] : (TSNode){0}; }

static bool is_field(TSNode parent, const char *field, TSNode child) {
    return ts_node_eq(dc_field(parent, field), child);
}

/* ---- occurrences ------------------------------------------------------------------------------ */

typedef enum occ_kind { OCC_NONE, OCC_USE, OCC_BIND, OCC_DECL /* global / nonlocal */ } occ_kind;

typedef struct occ {
    occ_kind kind;
    uint32_t start;
    bool hoisted;  /* seen anywhere in its scope (parameters, var, imports, function declarations) */
    TSNode owner;  /* the scope it binds in */
    TSNode dom;    /* Python: the statement list the binding must contain the use in */
} occ;

typedef struct lang_rules {
    bool (*is_scope)(TSNode n);
    bool (*is_function)(TSNode n);
    void (*classify)(const dc_source *src, const path *p, occ *o);
} lang_rules;

/* The nearest ancestor (from k levels up) that `pred` accepts; null when none. */
static TSNode nearest(const path *p, uint32_t k, bool (*pred)(TSNode)) {
    for (; k < p->len; k++)
        if (pred(up(p, k))) return up(p, k);
    return (TSNode){0};
}

/* ---- Python ------------------------------------------------------------------------------------ */

static const char *const py_comprehensions[] = {"list_comprehension", "set_comprehension", "dictionary_comprehension",
                                                "generator_expression", NULL};

static bool py_function(TSNode n) {
    return dc_node_is(n, "function_definition") || dc_node_is(n, "lambda") || dc_node_is_any(n, py_comprehensions);
}
static bool py_scope(TSNode n) { return py_function(n) || dc_node_is(n, "class_definition") || dc_node_is(n, "module"); }
static bool py_block(TSNode n) { return dc_node_is(n, "block") || dc_node_is(n, "module"); }
static bool py_pattern(TSNode n) {
    static const char *const k[] = {"pattern_list", "tuple_pattern", "list_pattern", "list_splat_pattern",
                                    "parenthesized_expression", "tuple", "list", NULL};
    return dc_node_is_any(n, k);
}

static void py_bind(const path *p, occ *o, uint32_t owner_from, bool hoisted) {
    o->kind = OCC_BIND;
    o->hoisted = hoisted;
    o->owner = nearest(p, owner_from, py_scope);
    o->dom = nearest(p, 1, py_block);
}

/* An identifier inside a target pattern (`a, b = ...`, `for k, v in ...`): a binding when the
 * pattern is an assignment's left side or a loop's target. */
static bool py_target(const path *p, uint32_t *at) {
    uint32_t k = 1;
    while (k < p->len && py_pattern(up(p, k))) k++;
    TSNode q = up(p, k), below = up(p, k - 1);
    *at = k;
    if (dc_node_is(q, "assignment")) return is_field(q, "left", below);
    if (dc_node_is(q, "for_statement") || dc_node_is(q, "for_in_clause")) return is_field(q, "left", below);
    return false;
}

static bool py_param_list(TSNode n) { return dc_node_is(n, "parameters") || dc_node_is(n, "lambda_parameters"); }

/* Dotted names: `import a.b` binds a; `from m import x` binds x; the module path binds nothing. */
static void py_dotted(const path *p, occ *o) {
    TSNode id = up(p, 0), d = up(p, 1), g = up(p, 2);
    bool first = ts_node_eq(ts_node_named_child(d, 0), id);
    if (dc_node_is(g, "import_statement")) {
        if (first) py_bind(p, o, 2, false);
    } else if (dc_node_is(g, "import_from_statement")) {
        if (!is_field(g, "module_name", d)) py_bind(p, o, 2, false);
    } else if (dc_node_is(g, "aliased_import") || dc_node_is(g, "relative_import")) {
        /* the alias binds */
    } else if (first) {
        o->kind = OCC_USE;
    }
}

/* straight-line code: one case per node kind an identifier can sit in */
static void py_classify(const dc_source *src, const path *p, occ *o) {
    (void)src;
    TSNode id = up(p, 0), par = up(p, 1);
    const char *t = ts_node_type(par);
    o->kind = OCC_USE;
    uint32_t at;
    if (!strcmp(t, "attribute")) {
        if (is_field(par, "attribute", id)) o->kind = OCC_NONE;
    } else if (!strcmp(t, "keyword_argument")) {
        if (is_field(par, "name", id)) o->kind = OCC_NONE;
    } else if (!strcmp(t, "dotted_name")) {
        o->kind = OCC_NONE;
        py_dotted(p, o);
    } else if (!strcmp(t, "aliased_import")) {
        if (is_field(par, "alias", id)) py_bind(p, o, 2, false);
        else o->kind = OCC_NONE;
    } else if (!strcmp(t, "function_definition") || !strcmp(t, "class_definition")) {
        if (is_field(par, "name", id)) py_bind(p, o, 2, false);
    } else if (py_param_list(par)) {
        py_bind(p, o, 2, true);
    } else if (!strcmp(t, "default_parameter") || !strcmp(t, "typed_default_parameter")) {
        if (is_field(par, "name", id)) py_bind(p, o, 3, true);
    } else if (!strcmp(t, "typed_parameter") || !strcmp(t, "list_splat_pattern") ||
               !strcmp(t, "dictionary_splat_pattern")) {
        TSNode g = up(p, 2);
        if (py_param_list(g)) py_bind(p, o, 3, true);
        else if (dc_node_is(g, "typed_parameter") && py_param_list(up(p, 3))) py_bind(p, o, 4, true);
        else if (py_target(p, &at)) py_bind(p, o, at, false);
    } else if (!strcmp(t, "global_statement") || !strcmp(t, "nonlocal_statement")) {
        o->kind = OCC_DECL;
        o->owner = nearest(p, 2, py_scope);
    } else if (!strcmp(t, "assignment") || !strcmp(t, "for_statement")) {
        if (is_field(par, "left", id)) py_bind(p, o, 2, false);
    } else if (!strcmp(t, "for_in_clause")) {
        if (is_field(par, "left", id)) py_bind(p, o, 2, true);
    } else if (!strcmp(t, "named_expression")) {
        if (is_field(par, "name", id)) py_bind(p, o, 2, false);
    } else if (!strcmp(t, "as_pattern_target") || !strcmp(t, "case_pattern")) {
        py_bind(p, o, 2, false);
    } else if (!strcmp(t, "except_clause") || !strcmp(t, "except_group_clause")) {
        TSNode prev = ts_node_prev_sibling(id);
        if (!ts_node_is_null(prev) && !strcmp(ts_node_type(prev), "as")) py_bind(p, o, 2, false);
    } else if (py_pattern(par)) {
        if (py_target(p, &at)) py_bind(p, o, at, false);
    }
}

/* ---- TypeScript / JavaScript ----------------------------------------------------------------- */

static const char *const ts_functions[] = {"function_declaration", "function_expression", "function",
                                           "generator_function", "generator_function_declaration",
                                           "arrow_function", "method_definition", "class_static_block", NULL};

static bool ts_function(TSNode n) { return dc_node_is_any(n, ts_functions); }
static bool ts_block(TSNode n) {
    static const char *const k[] = {"statement_block", "program", "switch_body", "for_statement", "for_in_statement",
                                    "catch_clause", NULL};
    return dc_node_is_any(n, k);
}
static bool ts_scope(TSNode n) { return ts_block(n) || ts_function(n); }
static bool ts_var_scope(TSNode n) { return ts_function(n) || dc_node_is(n, "program"); }
static bool ts_pattern(TSNode n) {
    static const char *const k[] = {"object_pattern", "array_pattern", "pair_pattern", "rest_pattern",
                                    "assignment_pattern", "object_assignment_pattern", NULL};
    return dc_node_is_any(n, k);
}

static void ts_bind(const path *p, occ *o, TSNode owner, bool hoisted) {
    o->kind = OCC_BIND;
    o->owner = owner;
    o->hoisted = hoisted;
}

/* A declared name (`const x`, a destructured `{ x }`, a parameter, a loop or catch variable):
 * `decl` is the node the patterns lead to, `k` its distance up the path. */
static void ts_declared(const path *p, occ *o, TSNode decl, uint32_t k) {
    TSNode below = up(p, k - 1);
    if (dc_node_is(decl, "variable_declarator")) {
        if (!is_field(decl, "name", below)) return;
        TSNode d = up(p, k + 1);
        if (dc_node_is(d, "variable_declaration")) ts_bind(p, o, nearest(p, k + 1, ts_var_scope), true);
        else ts_bind(p, o, nearest(p, k + 1, ts_block), false);
    } else if (dc_node_is(decl, "required_parameter") || dc_node_is(decl, "optional_parameter")) {
        if (is_field(decl, "pattern", below)) ts_bind(p, o, nearest(p, k + 1, ts_function), true);
    } else if (dc_node_is(decl, "formal_parameters")) {
        ts_bind(p, o, nearest(p, k + 1, ts_function), true);
    } else if (dc_node_is(decl, "arrow_function")) {
        if (is_field(decl, "parameter", below)) ts_bind(p, o, decl, true);
    } else if (dc_node_is(decl, "catch_clause")) {
        if (is_field(decl, "parameter", below)) ts_bind(p, o, decl, true);
    } else if (dc_node_is(decl, "for_in_statement")) {
        TSNode kind = dc_field(decl, "kind");
        if (!is_field(decl, "left", below) || ts_node_is_null(kind)) return;
        bool var = !strcmp(ts_node_type(kind), "var");
        ts_bind(p, o, var ? nearest(p, k + 1, ts_var_scope) : decl, true);
    }
}

/* straight-line code: one case per node kind an identifier can sit in */
static void ts_classify(const dc_source *src, const path *p, occ *o) {
    TSNode id = up(p, 0), par = up(p, 1);
    const char *t = ts_node_type(par), *self = ts_node_type(id);
    o->kind = OCC_USE;
    if (!strcmp(self, "type_identifier")) {
        o->kind = OCC_NONE; /* a type, except a class's own name */
        if ((!strcmp(t, "class_declaration") || !strcmp(t, "abstract_class_declaration")) && is_field(par, "name", id))
            ts_bind(p, o, nearest(p, 2, ts_block), false);
        return;
    }
    if (!strcmp(self, "shorthand_property_identifier")) return; /* `{ session }`: a use */
    if (!strcmp(self, "shorthand_property_identifier_pattern") || ts_pattern(par)) {
        o->kind = OCC_NONE;
        uint32_t k = 1;
        while (k < p->len && ts_pattern(up(p, k))) k++;
        if (dc_node_is(up(p, k), "assignment_expression")) o->kind = OCC_USE; /* ({ a } = obj) */
        else ts_declared(p, o, up(p, k), k);
        if (dc_node_is(par, "pair_pattern") && !is_field(par, "value", id)) o->kind = OCC_NONE;
        if ((dc_node_is(par, "assignment_pattern") || dc_node_is(par, "object_assignment_pattern")) &&
            !is_field(par, "left", id))
            o->kind = OCC_USE; /* a default value */
        return;
    }
    if (!strcmp(t, "variable_declarator") || !strcmp(t, "required_parameter") || !strcmp(t, "optional_parameter") ||
        !strcmp(t, "formal_parameters") || !strcmp(t, "arrow_function") || !strcmp(t, "catch_clause") ||
        !strcmp(t, "for_in_statement")) {
        o->kind = OCC_USE;
        occ d = *o;
        d.kind = OCC_NONE;
        ts_declared(p, &d, par, 1);
        if (d.kind == OCC_BIND) *o = d;
    } else if (!strcmp(t, "function_declaration") || !strcmp(t, "generator_function_declaration")) {
        if (is_field(par, "name", id)) ts_bind(p, o, nearest(p, 2, ts_block), true);
    } else if (!strcmp(t, "function_expression") || !strcmp(t, "function") || !strcmp(t, "generator_function") ||
               !strcmp(t, "class")) {
        if (is_field(par, "name", id)) ts_bind(p, o, par, true);
    } else if (!strcmp(t, "class_declaration") || !strcmp(t, "enum_declaration")) {
        if (is_field(par, "name", id)) ts_bind(p, o, nearest(p, 2, ts_block), false);
    } else if (!strcmp(t, "import_specifier")) {
        TSNode alias = dc_field(par, "alias");
        if (ts_node_is_null(alias) || ts_node_eq(alias, id)) ts_bind(p, o, nearest(p, 2, ts_var_scope), true);
        else o->kind = OCC_NONE;
    } else if (!strcmp(t, "import_clause") || !strcmp(t, "namespace_import") || !strcmp(t, "import_require_clause")) {
        ts_bind(p, o, nearest(p, 2, ts_var_scope), true);
    } else if (!strcmp(t, "export_specifier")) {
        if (is_field(par, "alias", id)) o->kind = OCC_NONE;
    } else if (!strcmp(t, "internal_module") || !strcmp(t, "module")) {
        if (is_field(par, "name", id)) ts_bind(p, o, nearest(p, 2, ts_block), true);
    } else if (strstr(t, "jsx_") && src) {
        dc_sv s = dc_node_sv(src, id); /* <div>: a tag, <Panel>: a component */
        if (!s.len || !(s.p[0] >= 'A' && s.p[0] <= 'Z')) o->kind = OCC_NONE;
    }
}

/* ---- resolving uses ---------------------------------------------------------------------------- */

typedef DC_VEC(occ) occ_vec;

static bool within(TSNode outer, uint32_t at) {
    return !ts_node_is_null(outer) && ts_node_start_byte(outer) <= at && at < ts_node_end_byte(outer);
}

static bool resolves(const lang_rules *lr, bool py, const path *p, const occ_vec *binds, uint32_t at) {
    bool crossed = false;
    for (uint32_t k = 1; k < p->len; k++) {
        TSNode s = up(p, k);
        if (!lr->is_scope(s)) continue;
        if (py && crossed && dc_node_is(s, "class_definition")) continue; /* a class body is not a closure */
        bool declared = false, bound = false;
        for (uint32_t i = 0; i < binds->len && !bound; i++) {
            const occ *b = &binds->v[i];
            if (!ts_node_eq(b->owner, s)) continue;
            if (b->kind == OCC_DECL) declared = true;
            else if (b->hoisted || crossed) bound = true;
            else if (b->start < at && (py ? within(b->dom, at) : true)) bound = true;
        }
        if (bound && !declared) return true;
        if (lr->is_function(s) || declared) crossed = true;
    }
    return false;
}

/* `from m import *` at module level (a cursor over the module's statements: ts_node_named_child(i)
 * walks from the first child, quadratic on a 100,000-line module). */
static bool has_wildcard(TSNode root) {
    TSTreeCursor c = ts_tree_cursor_new(root);
    bool found = false;
    for (bool more = ts_tree_cursor_goto_first_child(&c); more && !found; more = ts_tree_cursor_goto_next_sibling(&c)) {
        TSNode st = ts_tree_cursor_current_node(&c);
        if (!dc_node_is(st, "import_from_statement")) continue;
        uint32_t m = ts_node_named_child_count(st);
        for (uint32_t j = 0; j < m && !found; j++) found = dc_node_is(ts_node_named_child(st, j), "wildcard_import");
    }
    ts_tree_cursor_delete(&c);
    return found;
}

static const lang_rules py_rules = {py_scope, py_function, py_classify};
static const lang_rules ts_rules = {ts_scope, ts_function, ts_classify};

/* Every occurrence of `name` as a whole word, classified; false when there are too many. */
static bool occurrences(const dc_source *src, TSNode root, const lang_rules *lr, const char *name, occ_vec *out,
                        path *p) {
    size_t n = strlen(name);
    uint32_t count = 0;
    for (const char *q = src->data, *end = src->data + src->len; n && (q = memmem(q, (size_t)(end - q), name, n));
         q += n) {
        uint32_t s = (uint32_t)(q - src->data);
        if ((s > 0 && word_byte((unsigned char)q[-1])) || (q + n < end && word_byte((unsigned char)q[n]))) continue;
        if (++count > DC_UNBOUND_MAX_OCC) return false;
        if (!path_to(root, s, s + (uint32_t)n, p)) continue;
        const char *k = ts_node_type(up(p, 0));
        if (strcmp(k, "identifier") && strcmp(k, "shorthand_property_identifier") &&
            strcmp(k, "shorthand_property_identifier_pattern") && strcmp(k, "type_identifier"))
            continue;
        occ o = {.kind = OCC_NONE, .start = s};
        lr->classify(src, p, &o);
        if (o.kind != OCC_NONE) dc_vec_push(out, o);
    }
    return true;
}

/* Whether the text can be checked at all: a language with scopes here, a tree, and no Python
 * `from m import *` (any name may be bound), asked once per text, not once per name. */
static bool checkable(const dc_source *src, TSTree *t) {
    dc_family fam = dc_lang_family(src->lang);
    if (!t || (fam != DC_FAMILY_PYTHON && fam != DC_FAMILY_TS)) return false;
    return fam != DC_FAMILY_PYTHON || !has_wildcard(ts_tree_root_node(t));
}

static bool count_name(const dc_source *src, TSTree *t, const char *name, uint32_t *unbound, bool *bound_somewhere,
                       uint32_t *first) {
    *unbound = 0;
    *bound_somewhere = false;
    *first = UINT32_MAX;
    bool py = dc_lang_family(src->lang) == DC_FAMILY_PYTHON;
    const lang_rules *lr = py ? &py_rules : &ts_rules;
    TSNode root = ts_tree_root_node(t);
    path *p = dc_xmalloc(sizeof *p);
    occ_vec all = {0}, binds = {0};
    bool ok = occurrences(src, root, lr, name, &all, p);
    for (uint32_t i = 0; ok && i < all.len; i++)
        if (all.v[i].kind != OCC_USE) dc_vec_push(&binds, all.v[i]);
    for (uint32_t i = 0; i < binds.len; i++) *bound_somewhere |= binds.v[i].kind == OCC_BIND;
    for (uint32_t i = 0; ok && i < all.len; i++) {
        if (all.v[i].kind != OCC_USE) continue;
        uint32_t s = all.v[i].start;
        if (!path_to(root, s, s + (uint32_t)strlen(name), p) || resolves(lr, py, p, &binds, s)) continue;
        if (!*unbound) *first = s;
        (*unbound)++;
    }
    dc_vec_free(&all);
    dc_vec_free(&binds);
    free(p);
    return ok;
}

bool dc_unbound_count(const dc_source *src, TSTree *t, const char *name, uint32_t *unbound, bool *bound_somewhere,
                      uint32_t *first) {
    *unbound = 0;
    *bound_somewhere = false;
    *first = UINT32_MAX;
    return checkable(src, t) && count_name(src, t, name, unbound, bound_somewhere, first);
}

static uint32_t line_of(const dc_source *src, uint32_t off) {
    uint32_t line = 1;
    for (const char *q = src->data, *end = src->data + (off < src->len ? off : src->len); (q = memchr(q, '\n', (size_t)(end - q)));
         q++)
        line++;
    return line;
}

void dc_unbound_measure(dc_unbound_names *names, const dc_source *src, TSTree *t) {
    names->before.len = 0;
    bool can = checkable(src, t);
    for (uint32_t i = 0; i < names->v.len; i++) {
        dc_unbound_before b = {false, false, 0};
        uint32_t first;
        b.checked = can && count_name(src, t, names->v.v[i], &b.unbound, &b.bound, &first);
        dc_vec_push(&names->before, b);
    }
}

bool dc_unbound_new(const dc_unbound_names *measured, const dc_unbound_names *touched, const dc_source *after,
                    TSTree *ta, dc_unbound_hit *hit) {
    if (!checkable(after, ta)) return false;
    for (uint32_t i = 0; i < touched->v.len; i++) {
        const char *name = touched->v.v[i];
        const dc_unbound_before *b = NULL;
        for (uint32_t k = 0; k < measured->v.len && k < measured->before.len && !b; k++)
            if (strcmp(measured->v.v[k], name) == 0) b = &measured->before.v[k];
        if (!b || !b->checked) continue;
        uint32_t ua, fa;
        bool ba;
        if (!count_name(after, ta, name, &ua, &ba, &fa) || !ua) continue;
        /* a name bound in neither text is a builtin or a global: nothing to say */
        if (!(ba || b->bound) || ua <= b->unbound) continue;
        hit->name = name;
        hit->line = line_of(after, fa);
        return true;
    }
    return false;
}
