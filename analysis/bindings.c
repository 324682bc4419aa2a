/* bindings.c: which names in one file are Devcaster/Composio clients, and what it imports.
 *
 * One linear walk collects two kinds of facts (over the tree's node index, syntax/nodeindex.h,
 * which is built here with one cursor walk and kept in dc_bindings.nodes, because the fixers
 * walk the same tree many more times):
 *   - imports, which are final as soon as they are seen (they fix the class-name spellings,
 *     the profile and the flags);
 *   - candidates "targets := value", where the value is a small list of atoms (a reference,
 *     a call, a `new`, a type annotation). Assignments, annotations, `with ... as`, walrus,
 *     parameters, and returns (whose targets are the function's call receivers) all reduce to
 *     this one shape.
 * Candidates are then resolved against the client and class-name sets until nothing changes,
 * because Python and TypeScript both let an alias or a helper function appear before the
 * binding it refers to. Rounds alternate direction so a chain written in either order settles
 * in a couple of rounds; the round count is bounded regardless.
 *
 * Everything the caller sees is arena memory (bindings.h: nothing to free separately), so
 * the heap vectors used while walking are copied into the arena at the end and freed. */
#include "analysis/bindings.h"
#include "syntax/nodeindex.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/bindings_p.h"
#include "common/recover.h"

/* A file with a longer reverse-declared alias chain than this is not worth more rounds. */
#define DC_BINDINGS_MAX_ROUNDS 64
/* Value expressions nest (`a or (b if c else await d())`); deeper nesting is not a client. */
#define DC_BINDINGS_MAX_VALUE_DEPTH 8

/* What dc_bindings_is_client needs beyond the public vectors. */
struct dc_bindings_index {
    dc_bind_set clients;
    dc_bind_set weak, pending; /* receiver roots (dc_bindings_project_use) */
    dc_bind_norm_mode mode;
};

typedef struct kind_name {
    const char *name;
    dc_bind_kind k;
} kind_name;

/* Named node types only: anonymous tokens such as the `class` keyword share names with named
 * nodes in some grammars and must not map here. Unsorted; sorted per call (it is tiny). */
static const kind_name kind_names[] = {
    {"comment", DC_K_COMMENT},
    {"string", DC_K_STRING},
    {"template_string", DC_K_TEMPLATE_STRING},
    {"identifier", DC_K_IDENTIFIER},
    {"import_statement", DC_K_IMPORT_STATEMENT},
    {"parenthesized_expression", DC_K_PAREN},
    {"return_statement", DC_K_RETURN},
    {"import_from_statement", DC_K_IMPORT_FROM},
    {"aliased_import", DC_K_ALIASED_IMPORT},
    {"wildcard_import", DC_K_WILDCARD_IMPORT},
    {"relative_import", DC_K_RELATIVE_IMPORT},
    {"assignment", DC_K_ASSIGNMENT},
    {"named_expression", DC_K_NAMED_EXPRESSION},
    {"with_item", DC_K_WITH_ITEM},
    {"as_pattern", DC_K_AS_PATTERN},
    {"typed_parameter", DC_K_TYPED_PARAMETER},
    {"typed_default_parameter", DC_K_TYPED_DEFAULT_PARAMETER},
    {"function_definition", DC_K_FUNCTION_DEFINITION},
    {"decorated_definition", DC_K_DECORATED_DEFINITION},
    {"decorator", DC_K_DECORATOR},
    {"class_definition", DC_K_CLASS_DEFINITION},
    {"lambda", DC_K_LAMBDA},
    {"call", DC_K_CALL},
    {"attribute", DC_K_ATTRIBUTE},
    {"subscript", DC_K_SUBSCRIPT},
    {"await", DC_K_AWAIT},
    {"boolean_operator", DC_K_BOOLEAN_OPERATOR},
    {"conditional_expression", DC_K_CONDITIONAL_EXPRESSION},
    {"pattern_list", DC_K_PATTERN_LIST},
    {"tuple_pattern", DC_K_TUPLE_PATTERN},
    {"expression_list", DC_K_EXPRESSION_LIST},
    {"tuple", DC_K_TUPLE},
    {"import_clause", DC_K_IMPORT_CLAUSE},
    {"named_imports", DC_K_NAMED_IMPORTS},
    {"import_specifier", DC_K_IMPORT_SPECIFIER},
    {"namespace_import", DC_K_NAMESPACE_IMPORT},
    {"import_require_clause", DC_K_IMPORT_REQUIRE_CLAUSE},
    {"import", DC_K_IMPORT_KEYWORD},
    {"variable_declarator", DC_K_VARIABLE_DECLARATOR},
    {"lexical_declaration", DC_K_LEXICAL_DECLARATION},
    {"variable_declaration", DC_K_VARIABLE_DECLARATION},
    {"object_pattern", DC_K_OBJECT_PATTERN},
    {"pair_pattern", DC_K_PAIR_PATTERN},
    {"shorthand_property_identifier_pattern", DC_K_SHORTHAND_PROPERTY_IDENTIFIER_PATTERN},
    {"object_assignment_pattern", DC_K_OBJECT_ASSIGNMENT_PATTERN},
    {"call_expression", DC_K_CALL_EXPRESSION},
    {"new_expression", DC_K_NEW_EXPRESSION},
    {"member_expression", DC_K_MEMBER_EXPRESSION},
    {"subscript_expression", DC_K_SUBSCRIPT_EXPRESSION},
    {"this", DC_K_THIS},
    {"assignment_expression", DC_K_ASSIGNMENT_EXPRESSION},
    {"public_field_definition", DC_K_PUBLIC_FIELD_DEFINITION},
    {"field_definition", DC_K_FIELD_DEFINITION},
    {"class_declaration", DC_K_CLASS_DECLARATION},
    {"class", DC_K_CLASS},
    {"abstract_class_declaration", DC_K_ABSTRACT_CLASS_DECLARATION},
    {"method_definition", DC_K_METHOD_DEFINITION},
    {"abstract_method_signature", DC_K_ABSTRACT_METHOD_SIGNATURE},
    {"function_declaration", DC_K_FUNCTION_DECLARATION},
    {"function_signature", DC_K_FUNCTION_SIGNATURE},
    {"function_expression", DC_K_FUNCTION_EXPRESSION},
    {"arrow_function", DC_K_ARROW_FUNCTION},
    {"generator_function_declaration", DC_K_GENERATOR_FUNCTION_DECLARATION},
    {"generator_function", DC_K_GENERATOR_FUNCTION},
    {"required_parameter", DC_K_REQUIRED_PARAMETER},
    {"optional_parameter", DC_K_OPTIONAL_PARAMETER},
    {"accessibility_modifier", DC_K_ACCESSIBILITY_MODIFIER},
    {"override_modifier", DC_K_OVERRIDE_MODIFIER},
    {"await_expression", DC_K_AWAIT_EXPRESSION},
    {"non_null_expression", DC_K_NON_NULL_EXPRESSION},
    {"as_expression", DC_K_AS_EXPRESSION},
    {"satisfies_expression", DC_K_SATISFIES_EXPRESSION},
    {"type_assertion", DC_K_TYPE_ASSERTION},
    {"binary_expression", DC_K_BINARY_EXPRESSION},
    {"ternary_expression", DC_K_TERNARY_EXPRESSION},
    {"type_annotation", DC_K_TYPE_ANNOTATION},
    {"export_statement", DC_K_EXPORT_STATEMENT},
    {"export_clause", DC_K_EXPORT_CLAUSE},
    {"export_specifier", DC_K_EXPORT_SPECIFIER},
    {"namespace_export", DC_K_NAMESPACE_EXPORT},
    {"default_parameter", DC_K_DEFAULT_PARAMETER},
};

static int kind_name_cmp(const void *a, const void *b) {
    return strcmp(((const kind_name *)a)->name, ((const kind_name *)b)->name);
}

dc_sv dc_bind_norm_node(dc_bind_walker *w, TSNode n) { return dc_bind_norm(w->arena, dc_node_sv(w->src, n), w->mode); }

dc_sv dc_bind_concat(dc_arena *a, dc_sv x, const char *y) {
    size_t ny = strlen(y);
    char *p = dc_arena_alloc(a, (size_t)x.len + ny + 1);
    if (x.len) memcpy(p, x.p, x.len);
    memcpy(p + x.len, y, ny);
    return dc_sv_from(p, x.len + ny);
}

/* "x.y" */
dc_sv dc_bind_dot(dc_arena *a, dc_sv x, dc_sv y) {
    return dc_sv_cstr(dc_arena_printf(a, "%.*s.%.*s", (int)x.len, x.p, (int)y.len, y.p));
}

dc_sv dc_bind_prefix(dc_arena *a, const char *x, dc_sv y) {
    return dc_sv_cstr(dc_arena_printf(a, "%s%.*s", x, (int)y.len, y.p));
}

/* ---- results ------------------------------------------------------------------------- */

bool dc_bind_add_client(dc_bind_walker *w, dc_sv s) {
    if (!dc_bind_set_add(w->arena, &w->clients_set, s)) return false;
    dc_vec_push(&w->clients, s);
    return true;
}
#define add_client dc_bind_add_client

void dc_bind_define(dc_bind_walker *w, dc_sv name, TSNode n, dc_bind_def def) {
    if (!name.len) return;
    dc_bind_modname m = {name, ts_node_start_point(n).row + 1, def};
    dc_vec_push(&w->modnames, m);
}

dc_sv dc_bind_root(dc_sv s) {
    uint32_t n = 0;
    while (n < s.len && s.p[n] != '.' && s.p[n] != '(' && s.p[n] != '[' && s.p[n] != '?') n++;
    return dc_sv_from(s.p, n);
}

bool dc_bind_add_class(dc_bind_walker *w, dc_sv s) {
    if (!dc_bind_set_add(w->arena, &w->classes_set, s)) return false;
    dc_vec_push(&w->classes, s);
    return true;
}

const char *dc_bind_sdk_class(int sdk) {
    return dc_profile_names_get(sdk ? DC_PROFILE_COMPOSIO : DC_PROFILE_DEVCASTER)->cls;
}

bool dc_bind_starts(dc_sv s, const char *pre) {
    size_t n = strlen(pre);
    return s.len >= n && memcmp(s.p, pre, n) == 0;
}

/* Python module -> package kind; *sdk = 0 devcaster, 1 composio. Provider packages
 * (`devcaster_openai`) and the legacy toolset packages (`composio_openai`) share a spelling. */
static dc_bind_pkg classify_py(dc_sv module, int *sdk) {
    uint32_t n = 0;
    while (n < module.len && module.p[n] != '.') n++;
    dc_sv root = dc_sv_from(module.p, n);
    for (int i = 0; i < 2; i++) {
        const char *name = dc_profile_names_get(i ? DC_PROFILE_COMPOSIO : DC_PROFILE_DEVCASTER)->name;
        size_t nl = strlen(name);
        *sdk = i;
        if (dc_sv_eq_cstr(root, name)) return DC_PKG_CORE;
        if (root.len > nl + 1 && memcmp(root.p, name, nl) == 0 && root.p[nl] == '_') return DC_PKG_PROVIDER;
    }
    if (dc_sv_eq_cstr(root, "agents")) return DC_PKG_AGENTS;
    return DC_PKG_NONE;
}

/* npm specifier -> package kind. The legacy `composio-core` exported the client class too, so
 * it counts as a core package for class names. */
static dc_bind_pkg classify_ts(dc_sv module, int *sdk) {
    for (int i = 0; i < 2; i++) {
        const dc_profile_names *pn = dc_profile_names_get(i ? DC_PROFILE_COMPOSIO : DC_PROFILE_DEVCASTER);
        char buf[64];
        *sdk = i;
        snprintf(buf, sizeof buf, "%s/core", pn->scope);
        if (dc_sv_eq_cstr(module, buf)) return DC_PKG_CORE;
        snprintf(buf, sizeof buf, "%s/core/", pn->scope);
        if (dc_bind_starts(module, buf)) return DC_PKG_CORE;
        snprintf(buf, sizeof buf, "%s-core", pn->name);
        if (dc_sv_eq_cstr(module, buf)) return DC_PKG_CORE;
        snprintf(buf, sizeof buf, "%s-core/", pn->name);
        if (dc_bind_starts(module, buf)) return DC_PKG_CORE;
        snprintf(buf, sizeof buf, "%s/", pn->scope);
        if (dc_bind_starts(module, buf) && module.len > strlen(buf)) return DC_PKG_PROVIDER;
    }
    if (dc_sv_eq_cstr(module, "@openai/agents") || dc_bind_starts(module, "@openai/agents/") ||
        dc_bind_starts(module, "@openai/agents-"))
        return DC_PKG_AGENTS;
    return DC_PKG_NONE;
}

void dc_bind_record_pimport(dc_bind_walker *w, dc_sv module, dc_sv name, dc_sv local, TSNode stmt, dc_pimport_kind kind) {
    if (!module.len || !local.len) return;
    dc_pimport p = {module, name, local, kind, dc_bind_module_level(w), ts_node_start_point(stmt).row + 1};
    dc_vec_push(&w->pimports, p);
}

/* Records an import when it names a package we care about; returns its kind. Any other
 * import is recorded as a possible project import of kind `pk`. */
dc_bind_pkg dc_bind_record_import(dc_bind_walker *w, dc_sv module, dc_sv name, dc_sv local, TSNode stmt, int *sdk_out,
                                  dc_pimport_kind pk) {
    int sdk = 0;
    dc_bind_pkg k = w->py ? classify_py(module, &sdk) : classify_ts(module, &sdk);
    if (sdk_out) *sdk_out = sdk;
    if (k == DC_PKG_NONE) dc_bind_record_pimport(w, module, name, local, stmt, pk);
    if (k == DC_PKG_NONE) return k;
    if (k == DC_PKG_AGENTS) {
        w->uses_agents = true;
    } else if (sdk) {
        w->imports_composio = true;
    } else {
        w->imports_devcaster = true;
    }
    dc_import imp = {module, name, local, {ts_node_start_byte(stmt), ts_node_end_byte(stmt)}};
    dc_vec_push(&w->imports, imp);
    return k;
}

/* `local` binds the module object of a core package: `local.Devcaster` is the class. */
void dc_bind_module_class(dc_bind_walker *w, dc_bind_pkg k, int sdk, dc_sv local) {
    if (k != DC_PKG_CORE || !local.len) return;
    dc_bind_add_class(w, dc_bind_dot(w->arena, local, dc_sv_cstr(dc_bind_sdk_class(sdk))));
}

/* A legacy (v1/v2) toolset class: ComposioToolSet, OpenAIToolSet, LangchainToolSet, ... */
static bool is_toolset_class(dc_sv name) {
    return name.len > 7 && (memcmp(name.p + name.len - 7, "ToolSet", 7) == 0 ||
                            memcmp(name.p + name.len - 7, "Toolset", 7) == 0);
}

/* Legacy facts of a name imported from an SDK package (core, provider or legacy plugin
 * package): a toolset class constructs clients like the client class does, so legacy rules
 * can require a toolset as their receiver; the Action / App enums are SDK objects whose members
 * legacy-terms rewrites, so they count as clients (receivers) too. */
static void legacy_name(dc_bind_walker *w, dc_bind_pkg k, dc_sv name, dc_sv local) {
    if (k != DC_PKG_CORE && k != DC_PKG_PROVIDER) return;
    if (is_toolset_class(name)) {
        if (dc_bind_add_class(w, local)) dc_vec_push(&w->legacy_classes, local);
    } else if (dc_sv_eq_cstr(name, "Action") || dc_sv_eq_cstr(name, "App")) {
        if (add_client(w, local)) dc_vec_push(&w->legacy_enums, local);
    }
}

/* `name` imported from a core package under `local`. */
void dc_bind_named_class(dc_bind_walker *w, dc_bind_pkg k, int sdk, dc_sv name, dc_sv local) {
    if (k == DC_PKG_CORE && dc_sv_eq_cstr(name, dc_bind_sdk_class(sdk))) dc_bind_add_class(w, local.len ? local : name);
    legacy_name(w, k, name, local.len ? local : name);
}

/* ---- candidates ---------------------------------------------------------------------- */

static void push_cand(dc_bind_walker *w, dc_sv *targets, uint8_t ntargets, bool class_alias_ok) {
    if (!w->scratch.len || !ntargets) {
        dc_vec_clear(&w->scratch);
        return;
    }
    uint8_t na = w->scratch.len > 255 ? 255 : (uint8_t)w->scratch.len;
    dc_bind_atom *atoms = dc_arena_alloc(w->arena, sizeof(dc_bind_atom) * na);
    memcpy(atoms, w->scratch.v, sizeof(dc_bind_atom) * na);
    dc_vec_clear(&w->scratch);
    dc_bind_cand c = {targets, atoms, dc_bind_enclosing_class(w), ntargets, na, class_alias_ok, false, false};
    dc_vec_push(&w->cands, c);
}

static void add_atom(dc_bind_walker *w, dc_bind_atom_kind k, dc_sv text) {
    if (!text.len) return;
    dc_bind_atom a = {k, text, {0}};
    if (k == DC_ATOM_CALL) a.call_key = dc_bind_concat(w->arena, text, "()");
    dc_vec_push(&w->scratch, a);
}

/* The ways `v` can evaluate to a client: itself (an alias), a construction, a call of a
 * client-returning function, or any operand of `or`/`??`/`||`/a conditional. */
static void collect_atoms(dc_bind_walker *w, TSNode v, int depth) {
    if (!dc_bind_present(v) || depth > DC_BINDINGS_MAX_VALUE_DEPTH) return;
    switch (dc_bind_kind_of(w, v)) {
    case DC_K_PAREN:
    case DC_K_AWAIT:
    case DC_K_AWAIT_EXPRESSION:
    case DC_K_NON_NULL_EXPRESSION:
        collect_atoms(w, dc_bind_first_named(v), depth + 1);
        return;
    case DC_K_AS_EXPRESSION:
    case DC_K_SATISFIES_EXPRESSION:
        /* `x as Devcaster` asserts the type, like an annotation does. */
        collect_atoms(w, dc_bind_first_named(v), depth + 1);
        if (ts_node_named_child_count(v) > 1) add_atom(w, DC_ATOM_TYPE, dc_bind_norm_node(w, ts_node_named_child(v, 1)));
        return;
    case DC_K_TYPE_ASSERTION: {
        uint32_t nc = ts_node_named_child_count(v);
        if (nc) collect_atoms(w, ts_node_named_child(v, nc - 1), depth + 1);
        return;
    }
    case DC_K_BOOLEAN_OPERATOR:
    case DC_K_BINARY_EXPRESSION: {
        dc_sv op = dc_node_sv(w->src, dc_bind_field(w, v, w->f_operator));
        /* `a and b` / `a && b` yields b when it yields anything worth calling. */
        if (dc_sv_eq_cstr(op, "or") || dc_sv_eq_cstr(op, "||") || dc_sv_eq_cstr(op, "??"))
            collect_atoms(w, dc_bind_field(w, v, w->f_left), depth + 1);
        if (dc_sv_eq_cstr(op, "or") || dc_sv_eq_cstr(op, "||") || dc_sv_eq_cstr(op, "??") ||
            dc_sv_eq_cstr(op, "and") || dc_sv_eq_cstr(op, "&&"))
            collect_atoms(w, dc_bind_field(w, v, w->f_right), depth + 1);
        return;
    }
    case DC_K_CONDITIONAL_EXPRESSION: {
        /* body if condition else alternative */
        uint32_t nc = ts_node_named_child_count(v);
        if (nc >= 1) collect_atoms(w, ts_node_named_child(v, 0), depth + 1);
        if (nc >= 3) collect_atoms(w, ts_node_named_child(v, 2), depth + 1);
        return;
    }
    case DC_K_TERNARY_EXPRESSION:
        collect_atoms(w, dc_bind_field(w, v, w->f_consequence), depth + 1);
        collect_atoms(w, dc_bind_field(w, v, w->f_alternative), depth + 1);
        return;
    case DC_K_CALL:
    case DC_K_CALL_EXPRESSION: {
        TSNode fn = dc_bind_field(w, v, w->f_function);
        if (dc_bind_present(fn)) add_atom(w, DC_ATOM_CALL, dc_bind_norm_node(w, fn));
        return;
    }
    case DC_K_NEW_EXPRESSION: {
        TSNode fn = dc_bind_field(w, v, w->f_constructor);
        if (dc_bind_present(fn)) add_atom(w, DC_ATOM_NEW, dc_bind_norm_node(w, fn));
        return;
    }
    case DC_K_IDENTIFIER:
    case DC_K_ATTRIBUTE:
    case DC_K_SUBSCRIPT:
    case DC_K_MEMBER_EXPRESSION:
    case DC_K_SUBSCRIPT_EXPRESSION:
    case DC_K_THIS:
        add_atom(w, DC_ATOM_REF, dc_bind_norm_node(w, v));
        return;
    default: return;
    }
}

/* The type node inside an annotation: Python `type` is the type; TS `: T` wraps it. */
static TSNode annotation_type(dc_bind_walker *w, TSNode t) {
    if (dc_bind_present(t) && dc_bind_kind_of(w, t) == DC_K_TYPE_ANNOTATION) return dc_bind_first_named(t);
    return t;
}

void dc_bind_cand_value(dc_bind_walker *w, dc_sv *targets, uint8_t n, TSNode value, bool class_alias_ok) {
    collect_atoms(w, value, 0);
    push_cand(w, targets, n, class_alias_ok);
}

void dc_bind_cand_call(dc_bind_walker *w, dc_sv *targets, uint8_t n, TSNode callee) {
    if (!dc_bind_present(callee)) return;
    add_atom(w, DC_ATOM_CALL, dc_bind_norm_node(w, callee));
    push_cand(w, targets, n, false);
}

void dc_bind_cand_type(dc_bind_walker *w, dc_sv *targets, uint8_t n, TSNode type) {
    type = annotation_type(w, type);
    if (!dc_bind_present(type)) return;
    add_atom(w, DC_ATOM_TYPE, dc_bind_norm_node(w, type));
    push_cand(w, targets, n, false);
}

dc_sv *dc_bind_targets1(dc_bind_walker *w, dc_sv a) {
    dc_sv *t = dc_arena_alloc(w->arena, sizeof(dc_sv) * 3);
    t[0] = a;
    return t;
}

bool dc_bind_is_target(dc_bind_kind k) {
    return k == DC_K_IDENTIFIER || k == DC_K_ATTRIBUTE || k == DC_K_SUBSCRIPT || k == DC_K_MEMBER_EXPRESSION ||
           k == DC_K_SUBSCRIPT_EXPRESSION;
}

/* ---- functions and classes --------------------------------------------------------- */

void dc_bind_set_pending(dc_bind_walker *w, TSNode fn, dc_sv *recv, uint8_t n) {
    w->pending_fn = fn;
    w->pending_recv = recv;
    w->pending_nrecv = n;
    w->has_pending = true;
}

/* Receivers for calling what `targets` names: `f = lambda: ...` -> "f()". */
dc_sv *dc_bind_call_receivers(dc_bind_walker *w, dc_sv *targets, uint8_t n) {
    dc_sv *r = dc_arena_alloc(w->arena, sizeof(dc_sv) * (n ? n : 1));
    for (uint8_t i = 0; i < n; i++) r[i] = dc_bind_concat(w->arena, targets[i], "()");
    return r;
}

void dc_bind_push_func(dc_bind_walker *w, uint32_t depth, dc_sv *recv, uint8_t nrecv) {
    dc_bind_ctx c = {depth, DC_CTX_FUNC, {0}, recv, nrecv};
    dc_vec_push(&w->ctxs, c);
}

void dc_bind_push_class(dc_bind_walker *w, uint32_t depth, TSNode name) {
    dc_bind_ctx c = {depth, DC_CTX_CLASS, dc_bind_present(name) ? dc_node_sv(w->src, name) : dc_sv_from("", 0), NULL, 0};
    dc_vec_push(&w->ctxs, c);
}

/* A function node that got its name from an assignment (`f = lambda: ...`, `const f = () =>`). */
void dc_bind_anon_function(dc_bind_walker *w, TSNode n, uint32_t depth) {
    dc_sv *recv = NULL;
    uint8_t nrecv = 0;
    if (w->has_pending && ts_node_eq(w->pending_fn, n)) {
        recv = w->pending_recv;
        nrecv = w->pending_nrecv;
        w->has_pending = false;
    }
    dc_bind_push_func(w, depth, recv, nrecv);
    if (!nrecv) return;
    TSNode rt = dc_bind_field(w, n, w->f_return_type);
    if (dc_bind_present(rt)) dc_bind_cand_type(w, recv, nrecv, rt);
    TSNode body = dc_bind_field(w, n, w->f_body);
    /* An expression body (lambda, `() => new Devcaster()`) is the return value; a block body
     * is handled by its return statements. */
    if (dc_bind_present(body) && strcmp(ts_node_type(body), "statement_block") != 0)
        dc_bind_cand_value(w, recv, nrecv, body, false);
}

void dc_bind_returns(dc_bind_walker *w, TSNode n) {
    const dc_bind_ctx *c = dc_bind_top_ctx(w);
    if (!c || c->kind != DC_CTX_FUNC || !c->nrecv) return;
    TSNode v = dc_bind_first_named(n);
    if (dc_bind_present(v)) dc_bind_cand_value(w, c->recv, c->nrecv, v, false);
}

/* ---- resolution ---------------------------------------------------------------------- */

static bool is_null_type(dc_sv t) {
    return dc_sv_eq_cstr(t, "None") || dc_sv_eq_cstr(t, "null") || dc_sv_eq_cstr(t, "undefined");
}

/* The first top-level comma-separated part of a type's arguments. */
static dc_sv first_type_arg(dc_sv t) {
    int nest = 0;
    for (uint32_t i = 0; i < t.len; i++) {
        char c = t.p[i];
        if (c == '[' || c == '<' || c == '(' || c == '{') nest++;
        else if (c == ']' || c == '>' || c == ')' || c == '}') nest--;
        else if (c == ',' && nest == 0) return dc_sv_from(t.p, i);
    }
    return t;
}

/* Does a (normalised) type spell the client class? Accepts `"Devcaster"`, `Optional[DC]`,
 * `Devcaster | None`, `Promise<Devcaster>`; bare Devcaster/Composio need no import because a
 * client handed in as a parameter is often all a file sees of the SDK. */
static bool type_matches(dc_bind_walker *w, dc_sv t, int depth) {
    if (!t.len || depth > 6) return false;
    if (t.len >= 2 && (t.p[0] == '"' || t.p[0] == '\'') && t.p[t.len - 1] == t.p[0])
        return type_matches(w, dc_bind_norm(w->arena, dc_sv_from(t.p + 1, t.len - 2), w->mode), depth + 1);
    /* top-level union */
    int nest = 0, parts = 0, matched = 0;
    uint32_t start = 0;
    bool split = false;
    for (uint32_t i = 0; i <= t.len; i++) {
        char c = i < t.len ? t.p[i] : '|';
        if (c == '[' || c == '<' || c == '(' || c == '{') nest++;
        else if (c == ']' || c == '>' || c == ')' || c == '}') nest--;
        else if (c == '|' && nest == 0) {
            if (i < t.len) split = true;
            if (split) {
                dc_sv part = dc_sv_from(t.p + start, i - start);
                if (!is_null_type(part)) {
                    parts++;
                    matched += type_matches(w, part, depth + 1);
                }
            }
            start = i + 1;
        }
    }
    if (split) return parts > 0 && matched == parts;
    /* Optional[T], typing.Optional[T], Promise<T> */
    if (t.p[t.len - 1] == ']' || t.p[t.len - 1] == '>') {
        const char *open = memchr(t.p, t.p[t.len - 1] == ']' ? '[' : '<', t.len);
        if (open) {
            dc_sv head = dc_sv_from(t.p, (size_t)(open - t.p));
            dc_sv inner = dc_sv_from(open + 1, t.len - (uint32_t)(open - t.p) - 2);
            bool optional = head.len >= 8 && memcmp(head.p + head.len - 8, "Optional", 8) == 0 &&
                            (head.len == 8 || head.p[head.len - 9] == '.');
            if (optional || dc_sv_eq_cstr(head, "Promise")) return type_matches(w, inner, depth + 1);
            /* FastAPI's `Annotated[Composio, Depends(get_composio)]`: the type is the first argument. */
            bool annotated = head.len >= 9 && memcmp(head.p + head.len - 9, "Annotated", 9) == 0 &&
                             (head.len == 9 || head.p[head.len - 10] == '.');
            if (annotated) return type_matches(w, first_type_arg(inner), depth + 1);
        }
        return false;
    }
    return dc_bind_set_has(&w->classes_set, t) || dc_sv_eq_cstr(t, "Devcaster") || dc_sv_eq_cstr(t, "Composio");
}

typedef enum verdict { V_NONE, V_CLIENT, V_CLASS, V_OBJECT } verdict;

/* `client.get_entity(...)` / `getEntity(...)` (an entity; JS also through a toolset's own client,
 * `toolset.client.getEntity(...)`) and `client.create_trigger_listener()` (a trigger listener)
 * return the legacy SDK objects whose methods legacy rules report. */
static bool legacy_object_call(dc_bind_walker *w, dc_sv callee) {
    static const char *const methods[] = {".get_entity", ".getEntity", ".client.getEntity", ".create_trigger_listener"};
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        size_t n = strlen(methods[i]);
        if (callee.len > n && memcmp(callee.p + callee.len - n, methods[i], n) == 0 &&
            dc_bind_set_has(&w->clients_set, dc_sv_from(callee.p, callee.len - (uint32_t)n)))
            return true;
    }
    return false;
}

/* The class with client members that `callee` constructs, or NULL. */
static const dc_bind_holder *holder_of(const dc_bind_walker *w, dc_sv callee) {
    for (uint32_t i = 0; i < w->holders.len; i++)
        if (dc_sv_eq(w->holders.v[i].cls, callee)) return &w->holders.v[i];
    return NULL;
}

static verdict eval_cand(dc_bind_walker *w, const dc_bind_cand *c, const dc_bind_holder **holder) {
    verdict v = V_NONE;
    for (uint8_t i = 0; i < c->natoms; i++) {
        const dc_bind_atom *a = &c->atoms[i];
        switch (a->kind) {
        case DC_ATOM_REF:
            if (dc_bind_set_has(&w->clients_set, a->text)) return V_CLIENT;
            if (c->class_alias_ok && dc_bind_set_has(&w->classes_set, a->text)) v = V_CLASS;
            break;
        case DC_ATOM_CALL:
            /* Python constructs by calling; TS needs `new`, so its plain calls only count as
             * calls of client-returning functions. */
            if (w->py && dc_bind_set_has(&w->classes_set, a->text)) return V_CLIENT;
            if (dc_bind_set_has(&w->clients_set, a->call_key)) return V_CLIENT;
            if (legacy_object_call(w, a->text)) return V_CLIENT;
            if (w->py && w->holders.len && (*holder = holder_of(w, a->text))) return V_OBJECT;
            break;
        case DC_ATOM_NEW:
            if (dc_bind_set_has(&w->classes_set, a->text)) return V_CLIENT;
            if (w->holders.len && (*holder = holder_of(w, a->text))) return V_OBJECT;
            break;
        case DC_ATOM_TYPE:
            if (type_matches(w, a->text, 0)) return V_CLIENT;
            break;
        }
    }
    return v;
}

/* The targets of an instance of a class with client members get those members. */
static bool add_members(dc_bind_walker *w, const dc_bind_cand *c, const dc_bind_holder *h) {
    bool changed = false;
    for (uint8_t t = 0; t < c->ntargets; t++)
        for (uint32_t m = 0; m < h->nmembers; m++)
            changed |= add_client(w, dc_bind_dot(w->arena, c->targets[t], h->members[m]));
    return changed;
}

static void resolve(dc_bind_walker *w) {
    bool changed = true;
    for (int round = 0; changed && round < DC_BINDINGS_MAX_ROUNDS; round++) {
        changed = false;
        for (uint32_t j = 0; j < w->cands.len; j++) {
            dc_bind_cand *c = &w->cands.v[round % 2 ? w->cands.len - 1 - j : j];
            if (c->done) continue;
            const dc_bind_holder *h = NULL;
            verdict v = eval_cand(w, c, &h);
            if (v == V_NONE) continue;
            if (v == V_OBJECT) {
                c->done = true;
                changed |= add_members(w, c, h);
                continue;
            }
            /* A class alias could still turn out to be a client alias (`x = a or DC`); a client
             * is final. */
            if (v == V_CLIENT) c->done = c->client = true;
            for (uint8_t t = 0; t < c->ntargets; t++)
                changed |= v == V_CLIENT ? add_client(w, c->targets[t]) : dc_bind_add_class(w, c->targets[t]);
        }
    }
}

/* ---- entry points -------------------------------------------------------------------- */

/* The kind of every symbol of a grammar, built once per grammar and process (it was per file:
 * a sort and a search per symbol, ~1% of a run on many small files). Kept until exit. */
typedef struct kind_table {
    const TSLanguage *lang;
    dc_bind_kind *kinds;
    uint32_t n;
} kind_table;

static kind_table kind_tables[8];
static pthread_mutex_t kind_tables_mu = PTHREAD_MUTEX_INITIALIZER;

static void build_kinds(dc_bind_walker *w) {
    dc_recover_hold(); /* no escape while the lock is held: it would stay taken (common/recover.h) */
    pthread_mutex_lock(&kind_tables_mu);
    kind_table *t = NULL;
    for (size_t i = 0; i < sizeof kind_tables / sizeof kind_tables[0] && !t; i++)
        if (kind_tables[i].lang == w->lang || !kind_tables[i].lang) t = &kind_tables[i];
    if (t && !t->lang) {
        kind_name sorted[sizeof kind_names / sizeof kind_names[0]];
        size_t nk = sizeof kind_names / sizeof kind_names[0];
        memcpy(sorted, kind_names, sizeof sorted);
        qsort(sorted, nk, sizeof sorted[0], kind_name_cmp);
        t->n = ts_language_symbol_count(w->lang);
        t->kinds = dc_xcalloc(t->n ? t->n : 1, sizeof(dc_bind_kind));
        for (uint32_t s = 0; s < t->n; s++) {
            if (ts_language_symbol_type(w->lang, (TSSymbol)s) != TSSymbolTypeRegular) continue;
            const char *name = ts_language_symbol_name(w->lang, (TSSymbol)s);
            if (!name) continue;
            kind_name key = {name, DC_K_NONE};
            const kind_name *hit = bsearch(&key, sorted, nk, sizeof sorted[0], kind_name_cmp);
            if (hit) t->kinds[s] = hit->k;
        }
        t->lang = w->lang;
    }
    pthread_mutex_unlock(&kind_tables_mu);
    dc_recover_release();
    w->nkinds = t ? t->n : 0;
    w->kinds = t ? t->kinds : NULL;
}

static TSFieldId field_id(const TSLanguage *l, const char *name) {
    return ts_language_field_id_for_name(l, name, (uint32_t)strlen(name));
}

static void init_fields(dc_bind_walker *w) {
    const TSLanguage *l = w->lang;
    w->f_name = field_id(l, "name");
    w->f_alias = field_id(l, "alias");
    w->f_module_name = field_id(l, "module_name");
    w->f_source = field_id(l, "source");
    w->f_left = field_id(l, "left");
    w->f_right = field_id(l, "right");
    w->f_type = field_id(l, "type");
    w->f_value = field_id(l, "value");
    w->f_function = field_id(l, "function");
    w->f_constructor = field_id(l, "constructor");
    w->f_body = field_id(l, "body");
    w->f_return_type = field_id(l, "return_type");
    w->f_pattern = field_id(l, "pattern");
    w->f_operator = field_id(l, "operator");
    w->f_consequence = field_id(l, "consequence");
    w->f_alternative = field_id(l, "alternative");
    w->f_key = field_id(l, "key");
    w->f_property = field_id(l, "property");
    w->f_arguments = field_id(l, "arguments");
    w->f_object = field_id(l, "object");
    w->f_declaration = field_id(l, "declaration");
    w->f_attribute = field_id(l, "attribute");
}

/* The cursor walk, over the node index: the same nodes in the same order at the same depths
 * (a subtree the visit declines is one jump to its end). */
static void walk(dc_bind_walker *w, const dc_node_index *ix) {
    DC_VEC(uint32_t) ends = {0}; /* subtree ends of the nodes the walk is inside */
    uint32_t depth = 0;
    for (uint32_t i = 0; i < ix->n;) {
        TSNode n = dc_nix_node(ix, i);
        while (w->ctxs.len && w->ctxs.v[w->ctxs.len - 1].depth >= depth) w->ctxs.len--;
        dc_vec_reserve(&w->path, depth + 1);
        w->path.v[depth] = n;
        w->path.len = depth + 1;
        bool descend = false;
        TSSymbol s = dc_nix_sym(ix, i);
        dc_bind_kind k = s == DC_TS_ERROR_SYMBOL ? DC_K_ERROR : s < w->nkinds ? w->kinds[s] : DC_K_NONE;
        /* Facts inside a parse error are guesses; skip them rather than misread them. */
        if (k != DC_K_ERROR && ts_node_is_named(n))
            descend = w->py ? dc_bind_visit_py(w, n, k, depth) : dc_bind_visit_ts(w, n, k, depth);
        uint32_t end = dc_nix_end(ix, i);
        if (descend && end > i + 1) {
            dc_vec_push(&ends, end);
            depth++;
            i++;
            continue;
        }
        i = end;
        while (ends.len && i >= ends.v[ends.len - 1]) {
            ends.len--;
            depth--;
        }
    }
    dc_vec_free(&ends);
}

/* Moves a heap vector's contents into the arena (bindings own nothing on the heap). */
#define DC_VEC_TO_ARENA(arena, dst, src)                                                         \
    do {                                                                                         \
        (dst).len = (dst).cap = (src).len;                                                       \
        (dst).v = (src).len ? dc_arena_alloc((arena), sizeof(*(src).v) * (src).len) : NULL;      \
        if ((src).len) memcpy((dst).v, (src).v, sizeof(*(src).v) * (src).len);                   \
    } while (0)

/* The walk's results into the bindings (arena), its heap vectors freed. */
static void finish(dc_bind_walker *w, dc_bindings *b, struct dc_bindings_index *idx) {
    dc_arena *arena = w->arena;
    b->imports_devcaster = w->imports_devcaster;
    b->imports_composio = w->imports_composio;
    b->uses_openai_agents = w->uses_agents;
    b->project_sdk = w->project_sdk;
    DC_VEC_TO_ARENA(arena, b->clients, w->clients);
    DC_VEC_TO_ARENA(arena, b->class_names, w->classes);
    DC_VEC_TO_ARENA(arena, b->imports, w->imports);
    DC_VEC_TO_ARENA(arena, b->legacy_classes, w->legacy_classes);
    DC_VEC_TO_ARENA(arena, b->legacy_enums, w->legacy_enums);
    DC_VEC_TO_ARENA(arena, b->pimports, w->pimports);
    idx->clients = w->clients_set;
    idx->weak = w->weak_set;
    idx->pending = w->pending_set;
    dc_vec_free(&w->path);
    dc_vec_free(&w->ctxs);
    dc_vec_free(&w->cands);
    dc_vec_free(&w->scratch);
    dc_vec_free(&w->clients);
    dc_vec_free(&w->classes);
    dc_vec_free(&w->imports);
    dc_vec_free(&w->legacy_classes);
    dc_vec_free(&w->legacy_enums);
    dc_vec_free(&w->pimports);
    dc_vec_free(&w->modnames);
    dc_vec_free(&w->pubexps);
    dc_vec_free(&w->stars);
    dc_vec_free(&w->members);
    dc_vec_free(&w->holders);
    dc_vec_free(&w->accesses);
}

/* The walk, then the facts: the project's (seeded first, so that the file's own aliases of an
 * imported client resolve with the rest), the file's own, then instances of the file's own
 * classes with client members (known only once those members are). The exported facts are
 * computed before anything is seeded: they must not depend on other files. */
static void compute(dc_bind_walker *w, dc_bindings *b, struct dc_bindings_index *idx, TSTree *tree,
                    const dc_facts_view *view, dc_file_facts *exports) {
    build_kinds(w);
    init_fields(w);
    b->nodes = dc_node_index_build(tree, w->arena);
    walk(w, b->nodes);
    bool exported = exports && !exports->done;
    if (exported) {
        resolve(w);
        if (dc_bind_local_holders(w)) resolve(w);
        dc_bind_exports(w, exports);
    }
    bool seeded = view && view->facts && dc_bind_seed_project(w, view);
    if (exported && !seeded) {
        finish(w, b, idx); /* resolved above, and the project added nothing */
        return;
    }
    if (seeded)
        for (uint32_t i = 0; i < w->cands.len; i++) w->cands.v[i].done = false;
    resolve(w);
    if (dc_bind_local_holders(w)) resolve(w);
    finish(w, b, idx);
}

dc_bindings *dc_bindings_compute_in(dc_arena *arena, dc_source *src, TSTree *tree, dc_profile forced,
                                    const dc_facts_view *view, dc_file_facts *exports) {
    dc_bindings *b = dc_arena_alloc(arena, sizeof *b);
    struct dc_bindings_index *idx = dc_arena_alloc(arena, sizeof *idx);
    b->index = idx;
    dc_family fam = src ? dc_lang_family(src->lang) : DC_FAMILY_NONE;
    idx->mode = fam == DC_FAMILY_PYTHON ? DC_NORM_PY : fam == DC_FAMILY_TS ? DC_NORM_TS : DC_NORM_ANY;

    if (src && tree && (fam == DC_FAMILY_PYTHON || fam == DC_FAMILY_TS)) {
        dc_bind_walker w;
        memset(&w, 0, sizeof w);
        w.arena = arena;
        w.src = src;
        w.lang = ts_tree_language(tree);
        w.py = fam == DC_FAMILY_PYTHON;
        w.mode = idx->mode;
        compute(&w, b, idx, tree, view, exports);
    }
    b->imports_sdk = b->imports_devcaster || b->imports_composio;
    bool composio = b->imports_composio && !b->imports_devcaster;
    /* a file that imports no SDK package is of the SDK whose clients it imports */
    if (!b->imports_sdk && b->project_sdk) composio = b->project_sdk == DC_FACT_SDK_COMPOSIO;
    if (forced != DC_PROFILE_AUTO && (unsigned)forced < DC_PROFILE_COUNT)
        b->profile = forced;
    else
        b->profile = composio ? DC_PROFILE_COMPOSIO : DC_PROFILE_DEVCASTER;
    return b;
}

dc_bindings *dc_bindings_compute(dc_arena *arena, dc_source *src, TSTree *tree, dc_profile forced) {
    return dc_bindings_compute_in(arena, src, tree, forced, NULL, NULL);
}

/* Strips what a receiver may carry around the client itself: `(dc)`, `await get_client()`. */
static dc_sv strip_receiver(dc_sv s) {
    for (int guard = 0; guard < 8; guard++) {
        if (s.len >= 2 && s.p[0] == '(' && s.p[s.len - 1] == ')') {
            int nest = 0;
            bool wraps = true;
            for (uint32_t i = 0; i < s.len - 1 && wraps; i++) {
                if (s.p[i] == '(') nest++;
                else if (s.p[i] == ')' && --nest == 0) wraps = false;
            }
            if (wraps) {
                s = dc_sv_from(s.p + 1, s.len - 2);
                continue;
            }
        }
        if (dc_bind_starts(s, "await ")) {
            s = dc_sv_from(s.p + 6, s.len - 6);
            continue;
        }
        break;
    }
    return s;
}

dc_project_use dc_bindings_project_use(const dc_bindings *b, dc_sv receiver) {
    if (!b || !b->index || !receiver.len || (!b->index->weak.count && !b->index->pending.count)) return DC_PROJECT_USE_NONE;
    char stack[256];
    char *buf = receiver.len <= sizeof stack ? stack : dc_xmalloc(receiver.len);
    dc_sv key = strip_receiver(dc_sv_from(buf, dc_bind_norm_into(receiver.p, receiver.len, b->index->mode, buf)));
    dc_sv root = dc_bind_root(key);
    dc_project_use use = dc_bind_set_has(&b->index->pending, root) ? DC_PROJECT_USE_PENDING
                         : dc_bind_set_has(&b->index->weak, root) ? DC_PROJECT_USE_WEAK
                                                                  : DC_PROJECT_USE_NONE;
    if (buf != stack) free(buf);
    return use;
}

bool dc_bindings_is_client(const dc_bindings *b, dc_sv receiver) {
    if (!b || !receiver.len || !receiver.p) return false;
    dc_bind_norm_mode mode = b->index ? b->index->mode : DC_NORM_ANY;
    char stack[256];
    char *buf = receiver.len <= sizeof stack ? stack : dc_xmalloc(receiver.len);
    dc_sv key = strip_receiver(dc_sv_from(buf, dc_bind_norm_into(receiver.p, receiver.len, mode, buf)));
    bool hit = false;
    if (b->index && b->index->clients.cap) {
        hit = dc_bind_set_has(&b->index->clients, key);
    } else {
        for (uint32_t i = 0; i < b->clients.len && !hit; i++) hit = dc_sv_eq(b->clients.v[i], key);
    }
    if (buf != stack) free(buf);
    return hit;
}
