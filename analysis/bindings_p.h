/* bindings_p.h: private to the bindings walk (analysis/bindings.c: the walk, results,
 * candidates, function/class context, resolution and the entry points;
 * analysis/bindings_norm.c: receiver normalisation and the string set; analysis/bindings_py.c and
 * analysis/bindings_ts.c: the facts each grammar's nodes give). analysis/bindings.h says what the
 * walk finds; analysis/bindings.c's header comment says how. */
#ifndef DC_BINDINGS_P_H
#define DC_BINDINGS_P_H

#include <stdint.h>
#include <string.h>

#include "analysis/bindings.h"
#include "project/facts.h"
#include "syntax/lang.h"
#include "syntax/tree.h"

/* Which comment syntax applies. ANY is for callers that do not know the language: `#` is a
 * comment unless it follows a `.` as a TS private name (`this.#dc`) does. */
typedef enum dc_bind_norm_mode { DC_NORM_ANY, DC_NORM_PY, DC_NORM_TS } dc_bind_norm_mode;

/* A string set (open addressing, arena storage). */
typedef struct dc_bind_set {
    dc_sv *slot; /* p == NULL marks a free slot */
    uint32_t cap, count;
} dc_bind_set;

/* The node kinds the walk tells apart: a table by grammar symbol (analysis/bindings.c) makes
 * each test an array read instead of a string compare. */
typedef enum dc_bind_kind {
    DC_K_NONE = 0,
    DC_K_ERROR,
    DC_K_COMMENT,
    DC_K_STRING,
    DC_K_TEMPLATE_STRING,
    DC_K_IDENTIFIER,
    DC_K_IMPORT_STATEMENT,
    DC_K_PAREN,
    DC_K_RETURN,
    /* Python */
    DC_K_IMPORT_FROM,
    DC_K_ALIASED_IMPORT,
    DC_K_WILDCARD_IMPORT,
    DC_K_RELATIVE_IMPORT,
    DC_K_ASSIGNMENT,
    DC_K_NAMED_EXPRESSION,
    DC_K_WITH_ITEM,
    DC_K_AS_PATTERN,
    DC_K_TYPED_PARAMETER,
    DC_K_TYPED_DEFAULT_PARAMETER,
    DC_K_FUNCTION_DEFINITION,
    DC_K_DECORATED_DEFINITION,
    DC_K_DECORATOR,
    DC_K_CLASS_DEFINITION,
    DC_K_LAMBDA,
    DC_K_CALL,
    DC_K_ATTRIBUTE,
    DC_K_SUBSCRIPT,
    DC_K_AWAIT,
    DC_K_BOOLEAN_OPERATOR,
    DC_K_CONDITIONAL_EXPRESSION,
    DC_K_PATTERN_LIST,
    DC_K_TUPLE_PATTERN,
    DC_K_EXPRESSION_LIST,
    DC_K_TUPLE,
    /* TypeScript / JavaScript */
    DC_K_IMPORT_CLAUSE,
    DC_K_NAMED_IMPORTS,
    DC_K_IMPORT_SPECIFIER,
    DC_K_NAMESPACE_IMPORT,
    DC_K_IMPORT_REQUIRE_CLAUSE,
    DC_K_IMPORT_KEYWORD,
    DC_K_VARIABLE_DECLARATOR,
    DC_K_LEXICAL_DECLARATION,
    DC_K_VARIABLE_DECLARATION,
    DC_K_OBJECT_PATTERN,
    DC_K_PAIR_PATTERN,
    DC_K_SHORTHAND_PROPERTY_IDENTIFIER_PATTERN,
    DC_K_OBJECT_ASSIGNMENT_PATTERN,
    DC_K_CALL_EXPRESSION,
    DC_K_NEW_EXPRESSION,
    DC_K_MEMBER_EXPRESSION,
    DC_K_SUBSCRIPT_EXPRESSION,
    DC_K_THIS,
    DC_K_ASSIGNMENT_EXPRESSION,
    DC_K_PUBLIC_FIELD_DEFINITION,
    DC_K_FIELD_DEFINITION,
    DC_K_CLASS_DECLARATION,
    DC_K_CLASS,
    DC_K_ABSTRACT_CLASS_DECLARATION,
    DC_K_METHOD_DEFINITION,
    DC_K_ABSTRACT_METHOD_SIGNATURE,
    DC_K_FUNCTION_DECLARATION,
    DC_K_FUNCTION_SIGNATURE,
    DC_K_FUNCTION_EXPRESSION,
    DC_K_ARROW_FUNCTION,
    DC_K_GENERATOR_FUNCTION_DECLARATION,
    DC_K_GENERATOR_FUNCTION,
    DC_K_REQUIRED_PARAMETER,
    DC_K_OPTIONAL_PARAMETER,
    DC_K_ACCESSIBILITY_MODIFIER,
    DC_K_OVERRIDE_MODIFIER,
    DC_K_AWAIT_EXPRESSION,
    DC_K_NON_NULL_EXPRESSION,
    DC_K_AS_EXPRESSION,
    DC_K_SATISFIES_EXPRESSION,
    DC_K_TYPE_ASSERTION,
    DC_K_BINARY_EXPRESSION,
    DC_K_TERNARY_EXPRESSION,
    DC_K_TYPE_ANNOTATION,
    DC_K_EXPORT_STATEMENT,
    DC_K_EXPORT_CLAUSE,
    DC_K_EXPORT_SPECIFIER,
    DC_K_NAMESPACE_EXPORT,
    DC_K_DEFAULT_PARAMETER,
} dc_bind_kind;

/* ---- walk state ---------------------------------------------------------------------- */

typedef enum dc_bind_atom_kind { DC_ATOM_REF, DC_ATOM_CALL, DC_ATOM_NEW, DC_ATOM_TYPE } dc_bind_atom_kind;

/* One way a value can turn out to be a client. */
typedef struct dc_bind_atom {
    dc_bind_atom_kind kind;
    dc_sv text;     /* normalised expression, callee, or type */
    dc_sv call_key; /* DC_ATOM_CALL: callee + "()", the receiver a client-returning function has */
} dc_bind_atom;

/* "every target is a client when any atom is". */
typedef struct dc_bind_cand {
    dc_sv *targets;
    dc_bind_atom *atoms;
    dc_sv cls;           /* the class whose body holds it (its `this.x` / `self.x` are members), or empty */
    uint8_t ntargets, natoms;
    bool class_alias_ok; /* `X = Devcaster` makes X a class name (assignments, not returns) */
    bool done;
    bool client;         /* done, and its targets are clients */
} dc_bind_cand;

/* What a module-level name is, for the file's exported facts (bindings_export.c). */
typedef enum dc_bind_def { DC_DEF_VAR, DC_DEF_FUNC, DC_DEF_CLASS } dc_bind_def;

typedef struct dc_bind_modname {
    dc_sv name;
    uint32_t line;
    dc_bind_def def;
} dc_bind_modname;

/* A TypeScript export: `public` names `local` of this file, or `name` of module `spec` (a
 * re-export; `name` empty: the module object, `export * as ns`). */
typedef struct dc_bind_pubexp {
    dc_sv public_, local, spec, name;
    uint32_t line;
} dc_bind_pubexp;

/* A client member of a class: `member` ("client", "get_client()") of instances of `cls`. */
typedef struct dc_bind_member {
    dc_sv cls, member;
} dc_bind_member;

/* A member read from an imported name (`clients.composio`, `ns.get_client`): pimport index;
 * `member2`, when not empty, a member of that member (`ns.sub.client`). */
typedef struct dc_bind_access {
    uint32_t pimport;
    dc_sv member, member2;
} dc_bind_access;

/* A class whose instances have client members (imported through the project, or defined here). */
typedef struct dc_bind_holder {
    dc_sv cls;
    const dc_sv *members;
    uint32_t nmembers;
} dc_bind_holder;

typedef enum dc_bind_ctx_kind { DC_CTX_FUNC, DC_CTX_CLASS } dc_bind_ctx_kind;

/* An enclosing function or class, popped when the walk leaves its depth. */
typedef struct dc_bind_ctx {
    uint32_t depth;
    dc_bind_ctx_kind kind;
    dc_sv name;    /* class name (may be empty) */
    dc_sv *recv;   /* function: receivers its call result is known by; NULL for anonymous */
    uint8_t nrecv;
} dc_bind_ctx;

typedef enum dc_bind_pkg { DC_PKG_NONE, DC_PKG_CORE, DC_PKG_PROVIDER, DC_PKG_AGENTS } dc_bind_pkg;

typedef struct dc_bind_walker {
    dc_arena *arena;
    dc_source *src;
    const TSLanguage *lang;
    bool py;
    dc_bind_norm_mode mode;
    dc_bind_kind *kinds; /* by symbol */
    uint32_t nkinds;
    /* field ids (0 when the grammar lacks the field) */
    TSFieldId f_name, f_alias, f_module_name, f_source, f_left, f_right, f_type, f_value, f_function, f_constructor,
        f_body, f_return_type, f_pattern, f_operator, f_consequence, f_alternative, f_key, f_property, f_arguments,
        f_object, f_declaration, f_attribute;
    DC_VEC(TSNode) path; /* ancestors of the current node, by depth */
    DC_VEC(dc_bind_ctx) ctxs;
    DC_VEC(dc_bind_cand) cands;
    DC_VEC(dc_bind_atom) scratch; /* atoms of the value being collected */
    /* a function value about to be visited and the receivers its assignment gives it */
    TSNode pending_fn;
    dc_sv *pending_recv;
    uint8_t pending_nrecv;
    bool has_pending;
    /* project facts (bindings_project.c, bindings_export.c) */
    DC_VEC(dc_pimport) pimports;
    DC_VEC(dc_bind_modname) modnames;
    DC_VEC(dc_bind_pubexp) pubexps;
    DC_VEC(dc_sv) stars;
    DC_VEC(dc_bind_member) members;
    DC_VEC(dc_bind_holder) holders;
    DC_VEC(dc_bind_access) accesses;
    dc_bind_set access_set;            /* "index:member", so each access is recorded once */
    dc_bind_set weak_set, pending_set; /* receiver roots (see dc_bindings_project_use) */
    uint8_t project_sdk;
    /* results */
    dc_bind_set clients_set, classes_set;
    DC_VEC(dc_sv) clients;
    DC_VEC(dc_sv) classes;
    DC_VEC(dc_import) imports;
    DC_VEC(dc_sv) legacy_classes, legacy_enums;
    bool imports_devcaster, imports_composio, uses_agents;
} dc_bind_walker;

/* ---- node access ------------------------------------------------------------------------- */

static inline dc_bind_kind dc_bind_kind_of(const dc_bind_walker *w, TSNode n) {
    TSSymbol s = ts_node_symbol(n);
    if (s == DC_TS_ERROR_SYMBOL) return DC_K_ERROR;
    return s < w->nkinds ? w->kinds[s] : DC_K_NONE;
}

/* A field by the id the walker looked up once per file (0 when the grammar lacks it). */
static inline TSNode dc_bind_field(const dc_bind_walker *w, TSNode n, TSFieldId f) {
    if (!f) return (TSNode){0};
    return ts_node_child_by_field_id(n, f);
}

/* Facts inside a parse error are guesses: an ERROR node counts as absent. */
static inline bool dc_bind_present(TSNode n) { return !ts_node_is_null(n) && !dc_node_is_error(n); }

static inline TSNode dc_bind_first_named(TSNode n) {
    return ts_node_named_child_count(n) ? ts_node_named_child(n, 0) : (TSNode){0};
}

static inline const dc_bind_ctx *dc_bind_top_ctx(const dc_bind_walker *w) {
    return w->ctxs.len ? &w->ctxs.v[w->ctxs.len - 1] : NULL;
}

static inline bool dc_bind_in_class_body(const dc_bind_walker *w) {
    const dc_bind_ctx *c = dc_bind_top_ctx(w);
    return c && c->kind == DC_CTX_CLASS;
}

/* At module level: outside every function and class (blocks and `if` do not count). */
static inline bool dc_bind_module_level(const dc_bind_walker *w) { return w->ctxs.len == 0; }

/* The innermost enclosing class's name, or empty. */
static inline dc_sv dc_bind_enclosing_class(const dc_bind_walker *w) {
    for (uint32_t i = w->ctxs.len; i > 0; i--)
        if (w->ctxs.v[i - 1].kind == DC_CTX_CLASS) return w->ctxs.v[i - 1].name;
    return dc_sv_from("", 0);
}

/* ---- bindings_norm.c ----------------------------------------------------------------------- */

/* Normalised text (see dc_bindings_normalize) in the arena, and into a caller's buffer of at
 * least n + 1 bytes (returns the length). */
dc_sv dc_bind_norm(dc_arena *a, dc_sv text, dc_bind_norm_mode mode);
size_t dc_bind_norm_into(const char *p, size_t n, dc_bind_norm_mode mode, char *out);
/* The set: true when k was not there yet (empty keys are never members); membership. */
bool dc_bind_set_add(dc_arena *a, dc_bind_set *s, dc_sv k);
bool dc_bind_set_has(const dc_bind_set *s, dc_sv k);

/* ---- bindings.c ------------------------------------------------------------------------------ */

/* A node's normalised text; "x" + y, "x.y", x + "y" in the arena; does s start with pre? */
dc_sv dc_bind_norm_node(dc_bind_walker *w, TSNode n);
dc_sv dc_bind_concat(dc_arena *a, dc_sv x, const char *y);
dc_sv dc_bind_dot(dc_arena *a, dc_sv x, dc_sv y);
dc_sv dc_bind_prefix(dc_arena *a, const char *x, dc_sv y);
bool dc_bind_starts(dc_sv s, const char *pre);
/* Results: a client class spelling; the SDK's class name (sdk 0 devcaster, 1 composio); an
 * import of a package we care about (returns its kind); the class names it brings. */
bool dc_bind_add_class(dc_bind_walker *w, dc_sv s);
const char *dc_bind_sdk_class(int sdk);
dc_bind_pkg dc_bind_record_import(dc_bind_walker *w, dc_sv module, dc_sv name, dc_sv local, TSNode stmt, int *sdk_out,
                                  dc_pimport_kind pk);
/* An import of a module that is not an SDK package (Python's relative ones go here directly). */
void dc_bind_record_pimport(dc_bind_walker *w, dc_sv module, dc_sv name, dc_sv local, TSNode stmt, dc_pimport_kind kind);
void dc_bind_module_class(dc_bind_walker *w, dc_bind_pkg k, int sdk, dc_sv local);
void dc_bind_named_class(dc_bind_walker *w, dc_bind_pkg k, int sdk, dc_sv name, dc_sv local);
/* Candidates "targets := value" (or ": type"); a one-target list with room for three
 * spellings; a node kind that can be an assignment target. */
void dc_bind_cand_value(dc_bind_walker *w, dc_sv *targets, uint8_t n, TSNode value, bool class_alias_ok);
void dc_bind_cand_type(dc_bind_walker *w, dc_sv *targets, uint8_t n, TSNode type);
/* "targets := callee(...)": FastAPI's `x = Depends(get_client)` is `x = get_client()`. */
void dc_bind_cand_call(dc_bind_walker *w, dc_sv *targets, uint8_t n, TSNode callee);
dc_sv *dc_bind_targets1(dc_bind_walker *w, dc_sv a);
bool dc_bind_is_target(dc_bind_kind k);
/* The enclosing functions and classes: a function value whose receivers an assignment gave
 * (`f = lambda: ...` -> "f()"), entering a function or class, a function without a name of its
 * own, and a `return` (whose value the function's receivers get). */
void dc_bind_set_pending(dc_bind_walker *w, TSNode fn, dc_sv *recv, uint8_t n);
dc_sv *dc_bind_call_receivers(dc_bind_walker *w, dc_sv *targets, uint8_t n);
void dc_bind_push_func(dc_bind_walker *w, uint32_t depth, dc_sv *recv, uint8_t nrecv);
void dc_bind_push_class(dc_bind_walker *w, uint32_t depth, TSNode name);
void dc_bind_anon_function(dc_bind_walker *w, TSNode n, uint32_t depth);
void dc_bind_returns(dc_bind_walker *w, TSNode n);

/* A module-level name defined at node `n` (its line is the definition's). */
void dc_bind_define(dc_bind_walker *w, dc_sv name, TSNode n, dc_bind_def def);
/* The text of a normalised receiver up to its first `.`, `(`, `[` or `?`: "dc" of "dc.client". */
dc_sv dc_bind_root(dc_sv s);
bool dc_bind_add_client(dc_bind_walker *w, dc_sv s);

/* ---- bindings_project.c --------------------------------------------------------------------- */

/* Seeds the sets with what the project says the file's imports are (before resolution); true
 * when that added a client, class or class with client members. */
bool dc_bind_seed_project(dc_bind_walker *w, const dc_facts_view *view);
/* Classes with client members defined in this file, and their instances (after resolution);
 * true when that added clients. */
bool dc_bind_local_holders(dc_bind_walker *w);
/* `obj.member` (node `n`, an attribute or member expression) where obj is an imported name: recorded for the file's uses (facts.h dc_fact_use). */
void dc_bind_record_access(dc_bind_walker *w, TSNode n);
/* The file's exported facts (bindings_export.c), into the arena. */
void dc_bind_exports(dc_bind_walker *w, dc_file_facts *out);

/* ---- bindings_tsexp.c ------------------------------------------------------------------------ */

/* An `export` statement's names; returns whether to descend into it. */
bool dc_bind_export_ts(dc_bind_walker *w, TSNode n);
/* An assignment to `module.exports` / `exports.x` (`lhs` normalised). */
void dc_bind_commonjs(dc_bind_walker *w, TSNode n, dc_sv lhs, TSNode right);

/* ---- bindings_py.c / bindings_ts.c --------------------------------------------------------- */

/* The facts of one named node; returns whether to descend into it. */
bool dc_bind_visit_py(dc_bind_walker *w, TSNode n, dc_bind_kind k, uint32_t depth);
bool dc_bind_visit_ts(dc_bind_walker *w, TSNode n, dc_bind_kind k, uint32_t depth);

#endif
