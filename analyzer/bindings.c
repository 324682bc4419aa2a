/* bindings.c: which names in one file are Devcaster/Composio clients, and what it imports.
 *
 * One linear walk collects two kinds of facts (over the tree's node index, analyzer/nodeindex.h,
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
#include "analyzer/bindings.h"
#include "analyzer/nodeindex.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A file with a longer reverse-declared alias chain than this is not worth more rounds. */
#define DC_BINDINGS_MAX_ROUNDS 64
/* Value expressions nest (`a or (b if c else await d())`); deeper nesting is not a client. */
#define DC_BINDINGS_MAX_VALUE_DEPTH 8

/* ---- normalisation ------------------------------------------------------------------- */

/* Which comment syntax applies. ANY is for callers that do not know the language: `#` is a
 * comment unless it follows a `.` as a TS private name (`this.#dc`) does. */
typedef enum norm_mode { NORM_ANY, NORM_PY, NORM_TS } norm_mode;

static bool is_word(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
           c >= 0x80;
}

static bool is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Index just past a comment that starts at i (or a Python line continuation), or i itself. */
static size_t skip_comment(const char *p, size_t i, size_t n, norm_mode mode, char prev_out) {
    if (mode != NORM_TS && p[i] == '#') {
        if (mode == NORM_ANY && prev_out == '.' && i + 1 < n && is_word((unsigned char)p[i + 1])) return i;
        while (i < n && p[i] != '\n') i++;
        return i;
    }
    if (mode != NORM_TS && p[i] == '\\' && i + 1 < n) {
        if (p[i + 1] == '\n') return i + 2;
        if (p[i + 1] == '\r' && i + 2 < n && p[i + 2] == '\n') return i + 3;
    }
    if (mode != NORM_PY && p[i] == '/' && i + 1 < n) {
        if (p[i + 1] == '/') {
            while (i < n && p[i] != '\n') i++;
            return i;
        }
        if (p[i + 1] == '*') {
            i += 2;
            while (i + 1 < n && !(p[i] == '*' && p[i + 1] == '/')) i++;
            return i + 1 < n ? i + 2 : n;
        }
    }
    return i;
}

/* The next byte that is neither whitespace nor comment, at or after i (n when none). */
static size_t next_significant(const char *p, size_t i, size_t n, norm_mode mode) {
    while (i < n) {
        if (is_space((unsigned char)p[i])) {
            i++;
            continue;
        }
        size_t j = skip_comment(p, i, n, mode, 0);
        if (j == i) break;
        i = j;
    }
    return i;
}

/* Writes the normal form of p[0..n) to out (capacity >= n: the form never grows) and returns
 * its length. Whitespace between tokens disappears except where two word characters would
 * merge (`await get_client()` stays two tokens); strings are copied verbatim. */
static size_t norm_into(const char *p, size_t n, norm_mode mode, char *out) {
    size_t i = 0, o = 0;
    bool space = false;
    while (i < n) {
        unsigned char c = (unsigned char)p[i];
        if (is_space(c)) {
            space = true;
            i++;
            continue;
        }
        size_t j = skip_comment(p, i, n, mode, o ? out[o - 1] : 0);
        if (j != i) {
            i = j;
            space = true;
            continue;
        }
        if (c == '"' || c == '\'' || (c == '`' && mode != NORM_PY)) {
            size_t q = 1;
            if (mode != NORM_TS && c != '`' && i + 2 < n && p[i + 1] == (char)c && p[i + 2] == (char)c) q = 3;
            memcpy(out + o, p + i, q);
            o += q;
            i += q;
            while (i < n) {
                if (p[i] == '\\' && i + 1 < n) {
                    out[o++] = p[i++];
                    out[o++] = p[i++];
                    continue;
                }
                if (p[i] == (char)c && (q == 1 || (i + 2 < n && p[i + 1] == (char)c && p[i + 2] == (char)c))) {
                    memcpy(out + o, p + i, q);
                    o += q;
                    i += q;
                    break;
                }
                out[o++] = p[i++];
            }
            space = false;
            continue;
        }
        if (c == '!') {
            /* Postfix non-null assertion (`dc!`, `f()!.x`), not `!x` or `!=`. */
            bool postfix = o && (is_word((unsigned char)out[o - 1]) || out[o - 1] == ')' || out[o - 1] == ']');
            size_t k = next_significant(p, i + 1, n, mode);
            if (postfix && !(k < n && p[k] == '=')) {
                i++;
                continue;
            }
        }
        if (c == '?') {
            if (i + 1 < n && p[i + 1] == '.' && !(i + 2 < n && p[i + 2] >= '0' && p[i + 2] <= '9')) {
                size_t k = next_significant(p, i + 2, n, mode);
                if (!(k < n && (p[k] == '[' || p[k] == '('))) out[o++] = '.';
                i += 2;
                space = false;
                continue;
            }
            if (next_significant(p, i + 1, n, mode) >= n) {
                i++;
                continue;
            }
        }
        if (space && o && is_word((unsigned char)out[o - 1]) && is_word(c)) out[o++] = ' ';
        out[o++] = (char)c;
        i++;
        space = false;
    }
    return o;
}

static dc_sv norm_arena(dc_arena *a, dc_sv text, norm_mode mode) {
    char *out = dc_arena_alloc(a, (size_t)text.len + 1);
    size_t n = text.len ? norm_into(text.p, text.len, mode, out) : 0;
    out[n] = 0;
    return dc_sv_from(out, n);
}

dc_sv dc_bindings_normalize(dc_arena *arena, dc_sv text) { return norm_arena(arena, text, NORM_ANY); }

/* ---- a string set (open addressing, arena storage) ----------------------------------- */

typedef struct svset {
    dc_sv *slot; /* p == NULL marks a free slot */
    uint32_t cap, count;
} svset;

static uint32_t sv_hash(dc_sv s) {
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < s.len; i++) h = (h ^ (unsigned char)s.p[i]) * 16777619u;
    return h;
}

static bool svset_has(const svset *s, dc_sv k) {
    if (!s->cap || !k.len) return false;
    uint32_t m = s->cap - 1;
    for (uint32_t h = sv_hash(k) & m; s->slot[h].p; h = (h + 1) & m)
        if (dc_sv_eq(s->slot[h], k)) return true;
    return false;
}

static void svset_insert_slot(svset *s, dc_sv k) {
    uint32_t m = s->cap - 1, h = sv_hash(k) & m;
    while (s->slot[h].p) h = (h + 1) & m;
    s->slot[h] = k;
    s->count++;
}

/* True when k was not there yet. Empty keys are never members. */
static bool svset_add(dc_arena *a, svset *s, dc_sv k) {
    if (!k.len || svset_has(s, k)) return false;
    if ((s->count + 1) * 2 > s->cap) {
        svset old = *s;
        s->cap = old.cap ? old.cap * 2 : 16;
        s->count = 0;
        s->slot = dc_arena_alloc(a, sizeof(dc_sv) * s->cap);
        for (uint32_t i = 0; i < old.cap; i++)
            if (old.slot[i].p) svset_insert_slot(s, old.slot[i]);
    }
    svset_insert_slot(s, k);
    return true;
}

/* What dc_bindings_is_client needs beyond the public vectors. */
struct dc_bindings_index {
    svset clients;
    norm_mode mode;
};

/* ---- node kinds ---------------------------------------------------------------------- */

typedef enum kind {
    K_NONE = 0,
    K_ERROR,
    K_COMMENT,
    K_STRING,
    K_TEMPLATE_STRING,
    K_IDENTIFIER,
    K_IMPORT_STATEMENT,
    K_PAREN,
    K_RETURN,
    /* Python */
    K_IMPORT_FROM,
    K_ALIASED_IMPORT,
    K_WILDCARD_IMPORT,
    K_RELATIVE_IMPORT,
    K_ASSIGNMENT,
    K_NAMED_EXPRESSION,
    K_WITH_ITEM,
    K_AS_PATTERN,
    K_TYPED_PARAMETER,
    K_TYPED_DEFAULT_PARAMETER,
    K_FUNCTION_DEFINITION,
    K_DECORATED_DEFINITION,
    K_DECORATOR,
    K_CLASS_DEFINITION,
    K_LAMBDA,
    K_CALL,
    K_ATTRIBUTE,
    K_SUBSCRIPT,
    K_AWAIT,
    K_BOOLEAN_OPERATOR,
    K_CONDITIONAL_EXPRESSION,
    K_PATTERN_LIST,
    K_TUPLE_PATTERN,
    K_EXPRESSION_LIST,
    K_TUPLE,
    /* TypeScript / JavaScript */
    K_IMPORT_CLAUSE,
    K_NAMED_IMPORTS,
    K_IMPORT_SPECIFIER,
    K_NAMESPACE_IMPORT,
    K_IMPORT_REQUIRE_CLAUSE,
    K_IMPORT_KEYWORD,
    K_VARIABLE_DECLARATOR,
    K_LEXICAL_DECLARATION,
    K_VARIABLE_DECLARATION,
    K_OBJECT_PATTERN,
    K_PAIR_PATTERN,
    K_SHORTHAND_PROPERTY_IDENTIFIER_PATTERN,
    K_OBJECT_ASSIGNMENT_PATTERN,
    K_CALL_EXPRESSION,
    K_NEW_EXPRESSION,
    K_MEMBER_EXPRESSION,
    K_SUBSCRIPT_EXPRESSION,
    K_THIS,
    K_ASSIGNMENT_EXPRESSION,
    K_PUBLIC_FIELD_DEFINITION,
    K_FIELD_DEFINITION,
    K_CLASS_DECLARATION,
    K_CLASS,
    K_ABSTRACT_CLASS_DECLARATION,
    K_METHOD_DEFINITION,
    K_ABSTRACT_METHOD_SIGNATURE,
    K_FUNCTION_DECLARATION,
    K_FUNCTION_SIGNATURE,
    K_FUNCTION_EXPRESSION,
    K_ARROW_FUNCTION,
    K_GENERATOR_FUNCTION_DECLARATION,
    K_GENERATOR_FUNCTION,
    K_REQUIRED_PARAMETER,
    K_OPTIONAL_PARAMETER,
    K_ACCESSIBILITY_MODIFIER,
    K_OVERRIDE_MODIFIER,
    K_AWAIT_EXPRESSION,
    K_NON_NULL_EXPRESSION,
    K_AS_EXPRESSION,
    K_SATISFIES_EXPRESSION,
    K_TYPE_ASSERTION,
    K_BINARY_EXPRESSION,
    K_TERNARY_EXPRESSION,
    K_TYPE_ANNOTATION,
} kind;

typedef struct kind_name {
    const char *name;
    kind k;
} kind_name;

/* Named node types only: anonymous tokens such as the `class` keyword share names with named
 * nodes in some grammars and must not map here. Unsorted; sorted per call (it is tiny). */
static const kind_name kind_names[] = {
    {"comment", K_COMMENT},
    {"string", K_STRING},
    {"template_string", K_TEMPLATE_STRING},
    {"identifier", K_IDENTIFIER},
    {"import_statement", K_IMPORT_STATEMENT},
    {"parenthesized_expression", K_PAREN},
    {"return_statement", K_RETURN},
    {"import_from_statement", K_IMPORT_FROM},
    {"aliased_import", K_ALIASED_IMPORT},
    {"wildcard_import", K_WILDCARD_IMPORT},
    {"relative_import", K_RELATIVE_IMPORT},
    {"assignment", K_ASSIGNMENT},
    {"named_expression", K_NAMED_EXPRESSION},
    {"with_item", K_WITH_ITEM},
    {"as_pattern", K_AS_PATTERN},
    {"typed_parameter", K_TYPED_PARAMETER},
    {"typed_default_parameter", K_TYPED_DEFAULT_PARAMETER},
    {"function_definition", K_FUNCTION_DEFINITION},
    {"decorated_definition", K_DECORATED_DEFINITION},
    {"decorator", K_DECORATOR},
    {"class_definition", K_CLASS_DEFINITION},
    {"lambda", K_LAMBDA},
    {"call", K_CALL},
    {"attribute", K_ATTRIBUTE},
    {"subscript", K_SUBSCRIPT},
    {"await", K_AWAIT},
    {"boolean_operator", K_BOOLEAN_OPERATOR},
    {"conditional_expression", K_CONDITIONAL_EXPRESSION},
    {"pattern_list", K_PATTERN_LIST},
    {"tuple_pattern", K_TUPLE_PATTERN},
    {"expression_list", K_EXPRESSION_LIST},
    {"tuple", K_TUPLE},
    {"import_clause", K_IMPORT_CLAUSE},
    {"named_imports", K_NAMED_IMPORTS},
    {"import_specifier", K_IMPORT_SPECIFIER},
    {"namespace_import", K_NAMESPACE_IMPORT},
    {"import_require_clause", K_IMPORT_REQUIRE_CLAUSE},
    {"import", K_IMPORT_KEYWORD},
    {"variable_declarator", K_VARIABLE_DECLARATOR},
    {"lexical_declaration", K_LEXICAL_DECLARATION},
    {"variable_declaration", K_VARIABLE_DECLARATION},
    {"object_pattern", K_OBJECT_PATTERN},
    {"pair_pattern", K_PAIR_PATTERN},
    {"shorthand_property_identifier_pattern", K_SHORTHAND_PROPERTY_IDENTIFIER_PATTERN},
    {"object_assignment_pattern", K_OBJECT_ASSIGNMENT_PATTERN},
    {"call_expression", K_CALL_EXPRESSION},
    {"new_expression", K_NEW_EXPRESSION},
    {"member_expression", K_MEMBER_EXPRESSION},
    {"subscript_expression", K_SUBSCRIPT_EXPRESSION},
    {"this", K_THIS},
    {"assignment_expression", K_ASSIGNMENT_EXPRESSION},
    {"public_field_definition", K_PUBLIC_FIELD_DEFINITION},
    {"field_definition", K_FIELD_DEFINITION},
    {"class_declaration", K_CLASS_DECLARATION},
    {"class", K_CLASS},
    {"abstract_class_declaration", K_ABSTRACT_CLASS_DECLARATION},
    {"method_definition", K_METHOD_DEFINITION},
    {"abstract_method_signature", K_ABSTRACT_METHOD_SIGNATURE},
    {"function_declaration", K_FUNCTION_DECLARATION},
    {"function_signature", K_FUNCTION_SIGNATURE},
    {"function_expression", K_FUNCTION_EXPRESSION},
    {"arrow_function", K_ARROW_FUNCTION},
    {"generator_function_declaration", K_GENERATOR_FUNCTION_DECLARATION},
    {"generator_function", K_GENERATOR_FUNCTION},
    {"required_parameter", K_REQUIRED_PARAMETER},
    {"optional_parameter", K_OPTIONAL_PARAMETER},
    {"accessibility_modifier", K_ACCESSIBILITY_MODIFIER},
    {"override_modifier", K_OVERRIDE_MODIFIER},
    {"await_expression", K_AWAIT_EXPRESSION},
    {"non_null_expression", K_NON_NULL_EXPRESSION},
    {"as_expression", K_AS_EXPRESSION},
    {"satisfies_expression", K_SATISFIES_EXPRESSION},
    {"type_assertion", K_TYPE_ASSERTION},
    {"binary_expression", K_BINARY_EXPRESSION},
    {"ternary_expression", K_TERNARY_EXPRESSION},
    {"type_annotation", K_TYPE_ANNOTATION},
};

static int kind_name_cmp(const void *a, const void *b) {
    return strcmp(((const kind_name *)a)->name, ((const kind_name *)b)->name);
}

/* ---- walk state ---------------------------------------------------------------------- */

typedef enum atom_kind { ATOM_REF, ATOM_CALL, ATOM_NEW, ATOM_TYPE } atom_kind;

/* One way a value can turn out to be a client. */
typedef struct atom {
    atom_kind kind;
    dc_sv text;     /* normalised expression, callee, or type */
    dc_sv call_key; /* ATOM_CALL: callee + "()", the receiver a client-returning function has */
} atom;

/* "every target is a client when any atom is". */
typedef struct cand {
    dc_sv *targets;
    atom *atoms;
    uint8_t ntargets, natoms;
    bool class_alias_ok; /* `X = Devcaster` makes X a class name (assignments, not returns) */
    bool done;
} cand;

typedef enum ctx_kind { CTX_FUNC, CTX_CLASS } ctx_kind;

/* An enclosing function or class, popped when the walk leaves its depth. */
typedef struct ctx {
    uint32_t depth;
    ctx_kind kind;
    dc_sv name;    /* class name (may be empty) */
    dc_sv *recv;   /* function: receivers its call result is known by; NULL for anonymous */
    uint8_t nrecv;
} ctx;

typedef enum pkg_kind { PKG_NONE, PKG_CORE, PKG_PROVIDER, PKG_AGENTS } pkg_kind;

typedef struct walker {
    dc_arena *arena;
    dc_source *src;
    const TSLanguage *lang;
    bool py;
    norm_mode mode;
    kind *kinds; /* by symbol */
    uint32_t nkinds;
    /* field ids (0 when the grammar lacks the field) */
    TSFieldId f_name, f_alias, f_module_name, f_source, f_left, f_right, f_type, f_value, f_function, f_constructor,
        f_body, f_return_type, f_pattern, f_operator, f_consequence, f_alternative, f_key, f_property, f_arguments,
        f_object;
    DC_VEC(TSNode) path; /* ancestors of the current node, by depth */
    DC_VEC(ctx) ctxs;
    DC_VEC(cand) cands;
    DC_VEC(atom) scratch; /* atoms of the value being collected */
    /* a function value about to be visited and the receivers its assignment gives it */
    TSNode pending_fn;
    dc_sv *pending_recv;
    uint8_t pending_nrecv;
    bool has_pending;
    /* results */
    svset clients_set, classes_set;
    DC_VEC(dc_sv) clients;
    DC_VEC(dc_sv) classes;
    DC_VEC(dc_import) imports;
    DC_VEC(dc_sv) legacy_classes, legacy_enums;
    bool imports_devcaster, imports_composio, uses_agents;
} walker;

static kind kind_of(const walker *w, TSNode n) {
    TSSymbol s = ts_node_symbol(n);
    if (s == DC_TS_ERROR_SYMBOL) return K_ERROR;
    return s < w->nkinds ? w->kinds[s] : K_NONE;
}

static dc_sv node_text(const walker *w, TSNode n) {
    uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (e > w->src->len) e = w->src->len;
    if (s > e) s = e;
    return dc_sv_from(w->src->data + s, e - s);
}

static dc_sv node_norm(walker *w, TSNode n) { return norm_arena(w->arena, node_text(w, n), w->mode); }

static TSNode field(const walker *w, TSNode n, TSFieldId f) {
    if (!f) return (TSNode){0};
    return ts_node_child_by_field_id(n, f);
}

static bool present(TSNode n) { return !ts_node_is_null(n) && !dc_node_is_error(n); }

static TSNode first_named(TSNode n) {
    return ts_node_named_child_count(n) ? ts_node_named_child(n, 0) : (TSNode){0};
}

static dc_sv sv_concat(dc_arena *a, dc_sv x, const char *y) {
    size_t ny = strlen(y);
    char *p = dc_arena_alloc(a, (size_t)x.len + ny + 1);
    if (x.len) memcpy(p, x.p, x.len);
    memcpy(p + x.len, y, ny);
    return dc_sv_from(p, x.len + ny);
}

/* "x.y" */
static dc_sv sv_dot(dc_arena *a, dc_sv x, dc_sv y) {
    return dc_sv_cstr(dc_arena_printf(a, "%.*s.%.*s", (int)x.len, x.p, (int)y.len, y.p));
}

static dc_sv sv_prefix(dc_arena *a, const char *x, dc_sv y) {
    return dc_sv_cstr(dc_arena_printf(a, "%s%.*s", x, (int)y.len, y.p));
}

static const ctx *top_ctx(const walker *w) { return w->ctxs.len ? &w->ctxs.v[w->ctxs.len - 1] : NULL; }

static bool in_class_body(const walker *w) {
    const ctx *c = top_ctx(w);
    return c && c->kind == CTX_CLASS;
}

/* ---- results ------------------------------------------------------------------------- */

static bool add_client(walker *w, dc_sv s) {
    if (!svset_add(w->arena, &w->clients_set, s)) return false;
    dc_vec_push(&w->clients, s);
    return true;
}

static bool add_class(walker *w, dc_sv s) {
    if (!svset_add(w->arena, &w->classes_set, s)) return false;
    dc_vec_push(&w->classes, s);
    return true;
}

static const char *sdk_class(int sdk) {
    return dc_profile_names_get(sdk ? DC_PROFILE_COMPOSIO : DC_PROFILE_DEVCASTER)->cls;
}

static bool sv_starts(dc_sv s, const char *pre) {
    size_t n = strlen(pre);
    return s.len >= n && memcmp(s.p, pre, n) == 0;
}

/* Python module -> package kind; *sdk = 0 devcaster, 1 composio. Provider packages
 * (`devcaster_openai`) and the legacy toolset packages (`composio_openai`) share a spelling. */
static pkg_kind classify_py(dc_sv module, int *sdk) {
    uint32_t n = 0;
    while (n < module.len && module.p[n] != '.') n++;
    dc_sv root = dc_sv_from(module.p, n);
    for (int i = 0; i < 2; i++) {
        const char *name = dc_profile_names_get(i ? DC_PROFILE_COMPOSIO : DC_PROFILE_DEVCASTER)->name;
        size_t nl = strlen(name);
        *sdk = i;
        if (dc_sv_eq_cstr(root, name)) return PKG_CORE;
        if (root.len > nl + 1 && memcmp(root.p, name, nl) == 0 && root.p[nl] == '_') return PKG_PROVIDER;
    }
    if (dc_sv_eq_cstr(root, "agents")) return PKG_AGENTS;
    return PKG_NONE;
}

/* npm specifier -> package kind. The legacy `composio-core` exported the client class too, so
 * it counts as a core package for class names. */
static pkg_kind classify_ts(dc_sv module, int *sdk) {
    for (int i = 0; i < 2; i++) {
        const dc_profile_names *pn = dc_profile_names_get(i ? DC_PROFILE_COMPOSIO : DC_PROFILE_DEVCASTER);
        char buf[64];
        *sdk = i;
        snprintf(buf, sizeof buf, "%s/core", pn->scope);
        if (dc_sv_eq_cstr(module, buf)) return PKG_CORE;
        snprintf(buf, sizeof buf, "%s/core/", pn->scope);
        if (sv_starts(module, buf)) return PKG_CORE;
        snprintf(buf, sizeof buf, "%s-core", pn->name);
        if (dc_sv_eq_cstr(module, buf)) return PKG_CORE;
        snprintf(buf, sizeof buf, "%s-core/", pn->name);
        if (sv_starts(module, buf)) return PKG_CORE;
        snprintf(buf, sizeof buf, "%s/", pn->scope);
        if (sv_starts(module, buf) && module.len > strlen(buf)) return PKG_PROVIDER;
    }
    if (dc_sv_eq_cstr(module, "@openai/agents") || sv_starts(module, "@openai/agents/") ||
        sv_starts(module, "@openai/agents-"))
        return PKG_AGENTS;
    return PKG_NONE;
}

/* Records an import when it names a package we care about; returns its kind. */
static pkg_kind record_import(walker *w, dc_sv module, dc_sv name, dc_sv local, TSNode stmt, int *sdk_out) {
    int sdk = 0;
    pkg_kind k = w->py ? classify_py(module, &sdk) : classify_ts(module, &sdk);
    if (sdk_out) *sdk_out = sdk;
    if (k == PKG_NONE) return k;
    if (k == PKG_AGENTS) {
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
static void module_class(walker *w, pkg_kind k, int sdk, dc_sv local) {
    if (k != PKG_CORE || !local.len) return;
    add_class(w, sv_dot(w->arena, local, dc_sv_cstr(sdk_class(sdk))));
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
static void legacy_name(walker *w, pkg_kind k, dc_sv name, dc_sv local) {
    if (k != PKG_CORE && k != PKG_PROVIDER) return;
    if (is_toolset_class(name)) {
        if (add_class(w, local)) dc_vec_push(&w->legacy_classes, local);
    } else if (dc_sv_eq_cstr(name, "Action") || dc_sv_eq_cstr(name, "App")) {
        if (add_client(w, local)) dc_vec_push(&w->legacy_enums, local);
    }
}

/* `name` imported from a core package under `local`. */
static void named_class(walker *w, pkg_kind k, int sdk, dc_sv name, dc_sv local) {
    if (k == PKG_CORE && dc_sv_eq_cstr(name, sdk_class(sdk))) add_class(w, local.len ? local : name);
    legacy_name(w, k, name, local.len ? local : name);
}

/* ---- candidates ---------------------------------------------------------------------- */

static void push_cand(walker *w, dc_sv *targets, uint8_t ntargets, bool class_alias_ok) {
    if (!w->scratch.len || !ntargets) {
        dc_vec_clear(&w->scratch);
        return;
    }
    uint8_t na = w->scratch.len > 255 ? 255 : (uint8_t)w->scratch.len;
    atom *atoms = dc_arena_alloc(w->arena, sizeof(atom) * na);
    memcpy(atoms, w->scratch.v, sizeof(atom) * na);
    dc_vec_clear(&w->scratch);
    cand c = {targets, atoms, ntargets, na, class_alias_ok, false};
    dc_vec_push(&w->cands, c);
}

static void add_atom(walker *w, atom_kind k, dc_sv text) {
    if (!text.len) return;
    atom a = {k, text, {0}};
    if (k == ATOM_CALL) a.call_key = sv_concat(w->arena, text, "()");
    dc_vec_push(&w->scratch, a);
}

/* The ways `v` can evaluate to a client: itself (an alias), a construction, a call of a
 * client-returning function, or any operand of `or`/`??`/`||`/a conditional. */
static void collect_atoms(walker *w, TSNode v, int depth) {
    if (!present(v) || depth > DC_BINDINGS_MAX_VALUE_DEPTH) return;
    switch (kind_of(w, v)) {
    case K_PAREN:
    case K_AWAIT:
    case K_AWAIT_EXPRESSION:
    case K_NON_NULL_EXPRESSION:
        collect_atoms(w, first_named(v), depth + 1);
        return;
    case K_AS_EXPRESSION:
    case K_SATISFIES_EXPRESSION:
        /* `x as Devcaster` asserts the type, like an annotation does. */
        collect_atoms(w, first_named(v), depth + 1);
        if (ts_node_named_child_count(v) > 1) add_atom(w, ATOM_TYPE, node_norm(w, ts_node_named_child(v, 1)));
        return;
    case K_TYPE_ASSERTION: {
        uint32_t nc = ts_node_named_child_count(v);
        if (nc) collect_atoms(w, ts_node_named_child(v, nc - 1), depth + 1);
        return;
    }
    case K_BOOLEAN_OPERATOR:
    case K_BINARY_EXPRESSION: {
        dc_sv op = node_text(w, field(w, v, w->f_operator));
        /* `a and b` / `a && b` yields b when it yields anything worth calling. */
        if (dc_sv_eq_cstr(op, "or") || dc_sv_eq_cstr(op, "||") || dc_sv_eq_cstr(op, "??"))
            collect_atoms(w, field(w, v, w->f_left), depth + 1);
        if (dc_sv_eq_cstr(op, "or") || dc_sv_eq_cstr(op, "||") || dc_sv_eq_cstr(op, "??") ||
            dc_sv_eq_cstr(op, "and") || dc_sv_eq_cstr(op, "&&"))
            collect_atoms(w, field(w, v, w->f_right), depth + 1);
        return;
    }
    case K_CONDITIONAL_EXPRESSION: {
        /* body if condition else alternative */
        uint32_t nc = ts_node_named_child_count(v);
        if (nc >= 1) collect_atoms(w, ts_node_named_child(v, 0), depth + 1);
        if (nc >= 3) collect_atoms(w, ts_node_named_child(v, 2), depth + 1);
        return;
    }
    case K_TERNARY_EXPRESSION:
        collect_atoms(w, field(w, v, w->f_consequence), depth + 1);
        collect_atoms(w, field(w, v, w->f_alternative), depth + 1);
        return;
    case K_CALL:
    case K_CALL_EXPRESSION: {
        TSNode fn = field(w, v, w->f_function);
        if (present(fn)) add_atom(w, ATOM_CALL, node_norm(w, fn));
        return;
    }
    case K_NEW_EXPRESSION: {
        TSNode fn = field(w, v, w->f_constructor);
        if (present(fn)) add_atom(w, ATOM_NEW, node_norm(w, fn));
        return;
    }
    case K_IDENTIFIER:
    case K_ATTRIBUTE:
    case K_SUBSCRIPT:
    case K_MEMBER_EXPRESSION:
    case K_SUBSCRIPT_EXPRESSION:
    case K_THIS:
        add_atom(w, ATOM_REF, node_norm(w, v));
        return;
    default: return;
    }
}

/* The type node inside an annotation: Python `type` is the type; TS `: T` wraps it. */
static TSNode annotation_type(walker *w, TSNode t) {
    if (present(t) && kind_of(w, t) == K_TYPE_ANNOTATION) return first_named(t);
    return t;
}

static void cand_value(walker *w, dc_sv *targets, uint8_t n, TSNode value, bool class_alias_ok) {
    collect_atoms(w, value, 0);
    push_cand(w, targets, n, class_alias_ok);
}

static void cand_type(walker *w, dc_sv *targets, uint8_t n, TSNode type) {
    type = annotation_type(w, type);
    if (!present(type)) return;
    add_atom(w, ATOM_TYPE, node_norm(w, type));
    push_cand(w, targets, n, false);
}

static dc_sv *targets1(walker *w, dc_sv a) {
    dc_sv *t = dc_arena_alloc(w->arena, sizeof(dc_sv) * 3);
    t[0] = a;
    return t;
}

static bool is_target_kind(kind k) {
    return k == K_IDENTIFIER || k == K_ATTRIBUTE || k == K_SUBSCRIPT || k == K_MEMBER_EXPRESSION ||
           k == K_SUBSCRIPT_EXPRESSION;
}

/* Spellings an assignment target is reachable by. A name bound in a Python class body is an
 * attribute of the instances and of the class; `cls.x` is also `self.x`. */
static uint8_t py_targets(walker *w, TSNode left, dc_sv **out) {
    kind k = kind_of(w, left);
    if (!is_target_kind(k)) return 0;
    dc_sv t = node_norm(w, left);
    if (!t.len) return 0;
    dc_sv *ts = targets1(w, t);
    uint8_t n = 1;
    if (k == K_IDENTIFIER && in_class_body(w)) {
        dc_sv cls = top_ctx(w)->name;
        ts[0] = sv_prefix(w->arena, "self.", t);
        ts[1] = sv_prefix(w->arena, "cls.", t);
        n = 2;
        if (cls.len) ts[n++] = sv_dot(w->arena, cls, t);
    } else if (sv_starts(t, "cls.")) {
        ts[n++] = sv_prefix(w->arena, "self.", dc_sv_from(t.p + 4, t.len - 4));
    }
    *out = ts;
    return n;
}

/* ---- Python facts -------------------------------------------------------------------- */

static void py_import(walker *w, TSNode n) {
    TSTreeCursor c = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            if (ts_tree_cursor_current_field_id(&c) != w->f_name || !w->f_name) continue;
            TSNode item = ts_tree_cursor_current_node(&c);
            TSNode mod = item, alias = {0};
            if (kind_of(w, item) == K_ALIASED_IMPORT) {
                mod = field(w, item, w->f_name);
                alias = field(w, item, w->f_alias);
            }
            if (!present(mod)) continue;
            dc_sv module = node_text(w, mod);
            dc_sv local = present(alias) ? node_text(w, alias) : module;
            int sdk;
            pkg_kind k = record_import(w, module, dc_sv_from("", 0), local, n, &sdk);
            if (k != PKG_CORE) continue;
            if (present(alias)) {
                /* `import devcaster.sub as m` binds the submodule, which has no client class. */
                if (memchr(module.p, '.', module.len) == NULL) module_class(w, k, sdk, local);
            } else {
                /* `import devcaster.types` still binds `devcaster`. */
                uint32_t r = 0;
                while (r < module.len && module.p[r] != '.') r++;
                module_class(w, k, sdk, dc_sv_from(module.p, r));
            }
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
}

static void py_import_from(walker *w, TSNode n) {
    TSNode mod = field(w, n, w->f_module_name);
    if (!present(mod) || kind_of(w, mod) == K_RELATIVE_IMPORT) return;
    dc_sv module = node_text(w, mod);
    TSTreeCursor c = ts_tree_cursor_new(n);
    bool any = false;
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode item = ts_tree_cursor_current_node(&c);
            kind k = kind_of(w, item);
            int sdk;
            if (k == K_WILDCARD_IMPORT) {
                pkg_kind pk = record_import(w, module, dc_sv_cstr("*"), dc_sv_from("", 0), n, &sdk);
                if (pk == PKG_CORE) add_class(w, dc_sv_cstr(sdk_class(sdk)));
                any = true;
                continue;
            }
            if (ts_tree_cursor_current_field_id(&c) != w->f_name || !w->f_name) continue;
            TSNode name = item, alias = {0};
            if (k == K_ALIASED_IMPORT) {
                name = field(w, item, w->f_name);
                alias = field(w, item, w->f_alias);
            }
            if (!present(name)) continue;
            dc_sv nm = node_text(w, name);
            dc_sv local = present(alias) ? node_text(w, alias) : nm;
            pkg_kind pk = record_import(w, module, nm, local, n, &sdk);
            named_class(w, pk, sdk, nm, local);
            any = true;
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    if (!any) record_import(w, module, dc_sv_from("", 0), dc_sv_from("", 0), n, NULL);
}

static void set_pending(walker *w, TSNode fn, dc_sv *recv, uint8_t n) {
    w->pending_fn = fn;
    w->pending_recv = recv;
    w->pending_nrecv = n;
    w->has_pending = true;
}

/* Receivers for calling what `targets` names: `f = lambda: ...` -> "f()". */
static dc_sv *call_receivers(walker *w, dc_sv *targets, uint8_t n) {
    dc_sv *r = dc_arena_alloc(w->arena, sizeof(dc_sv) * (n ? n : 1));
    for (uint8_t i = 0; i < n; i++) r[i] = sv_concat(w->arena, targets[i], "()");
    return r;
}

static void py_assignment(walker *w, TSNode n) {
    TSNode left = field(w, n, w->f_left), right = field(w, n, w->f_right), type = field(w, n, w->f_type);
    if (!present(left)) return;
    /* `a = b = Devcaster()`: the inner assignment is its own node; `a` gets the same value. */
    for (int guard = 0; present(right) && kind_of(w, right) == K_ASSIGNMENT && guard < 64; guard++)
        right = field(w, right, w->f_right);
    kind lk = kind_of(w, left);
    if ((lk == K_PATTERN_LIST || lk == K_TUPLE_PATTERN) && present(right)) {
        kind rk = kind_of(w, right);
        uint32_t nl = ts_node_named_child_count(left);
        if ((rk == K_EXPRESSION_LIST || rk == K_TUPLE) && ts_node_named_child_count(right) == nl) {
            for (uint32_t i = 0; i < nl; i++) {
                dc_sv *ts;
                uint8_t nt = py_targets(w, ts_node_named_child(left, i), &ts);
                if (nt) cand_value(w, ts, nt, ts_node_named_child(right, i), true);
            }
        }
        return;
    }
    dc_sv *ts;
    uint8_t nt = py_targets(w, left, &ts);
    if (!nt) return;
    if (present(type)) cand_type(w, ts, nt, type);
    if (!present(right)) return;
    if (kind_of(w, right) == K_LAMBDA)
        set_pending(w, right, call_receivers(w, ts, nt), nt);
    else
        cand_value(w, ts, nt, right, true);
}

/* Decorated with @property / @cached_property / @functools.cached_property? */
static bool py_is_property(walker *w, uint32_t depth) {
    if (depth == 0 || kind_of(w, w->path.v[depth - 1]) != K_DECORATED_DEFINITION) return false;
    TSNode dd = w->path.v[depth - 1];
    bool prop = false;
    uint32_t nc = ts_node_named_child_count(dd);
    for (uint32_t i = 0; i < nc && !prop; i++) {
        TSNode d = ts_node_named_child(dd, i);
        if (kind_of(w, d) != K_DECORATOR) continue;
        dc_sv t = node_norm(w, d);
        prop = t.len >= 8 && memcmp(t.p + t.len - 8, "property", 8) == 0;
    }
    return prop;
}

static void push_func(walker *w, uint32_t depth, dc_sv *recv, uint8_t nrecv) {
    ctx c = {depth, CTX_FUNC, {0}, recv, nrecv};
    dc_vec_push(&w->ctxs, c);
}

static void push_class(walker *w, uint32_t depth, TSNode name) {
    ctx c = {depth, CTX_CLASS, present(name) ? node_text(w, name) : dc_sv_from("", 0), NULL, 0};
    dc_vec_push(&w->ctxs, c);
}

static void py_function(walker *w, TSNode n, uint32_t depth) {
    TSNode name = field(w, n, w->f_name);
    dc_sv *recv = NULL;
    uint8_t nrecv = 0;
    if (present(name)) {
        dc_sv nm = node_text(w, name);
        recv = dc_arena_alloc(w->arena, sizeof(dc_sv) * 3);
        if (in_class_body(w)) {
            dc_sv cls = top_ctx(w)->name;
            if (py_is_property(w, depth)) {
                recv[nrecv++] = sv_prefix(w->arena, "self.", nm);
            } else {
                recv[nrecv++] = sv_concat(w->arena, sv_prefix(w->arena, "self.", nm), "()");
                recv[nrecv++] = sv_concat(w->arena, sv_prefix(w->arena, "cls.", nm), "()");
                if (cls.len) recv[nrecv++] = sv_concat(w->arena, sv_dot(w->arena, cls, nm), "()");
            }
        } else {
            recv[nrecv++] = sv_concat(w->arena, nm, "()");
        }
    }
    push_func(w, depth, recv, nrecv);
    TSNode rt = field(w, n, w->f_return_type);
    if (nrecv && present(rt)) cand_type(w, recv, nrecv, rt);
}

/* A function node that got its name from an assignment (`f = lambda: ...`, `const f = () =>`). */
static void anon_function(walker *w, TSNode n, uint32_t depth) {
    dc_sv *recv = NULL;
    uint8_t nrecv = 0;
    if (w->has_pending && ts_node_eq(w->pending_fn, n)) {
        recv = w->pending_recv;
        nrecv = w->pending_nrecv;
        w->has_pending = false;
    }
    push_func(w, depth, recv, nrecv);
    if (!nrecv) return;
    TSNode rt = field(w, n, w->f_return_type);
    if (present(rt)) cand_type(w, recv, nrecv, rt);
    TSNode body = field(w, n, w->f_body);
    /* An expression body (lambda, `() => new Devcaster()`) is the return value; a block body
     * is handled by its return statements. */
    if (present(body) && strcmp(ts_node_type(body), "statement_block") != 0) cand_value(w, recv, nrecv, body, false);
}

static void returns(walker *w, TSNode n) {
    const ctx *c = top_ctx(w);
    if (!c || c->kind != CTX_FUNC || !c->nrecv) return;
    TSNode v = first_named(n);
    if (present(v)) cand_value(w, c->recv, c->nrecv, v, false);
}

static bool visit_py(walker *w, TSNode n, kind k, uint32_t depth) {
    switch (k) {
    case K_IMPORT_STATEMENT: py_import(w, n); return false;
    case K_IMPORT_FROM: py_import_from(w, n); return false;
    case K_ASSIGNMENT: py_assignment(w, n); return true;
    case K_NAMED_EXPRESSION: {
        TSNode name = field(w, n, w->f_name);
        if (present(name)) cand_value(w, targets1(w, node_norm(w, name)), 1, field(w, n, w->f_value), true);
        return true;
    }
    case K_AS_PATTERN: {
        /* only `with X() as name`: `except E as e` and match patterns bind other things */
        if (depth == 0 || kind_of(w, w->path.v[depth - 1]) != K_WITH_ITEM) return true;
        TSNode alias = field(w, n, w->f_alias), value = first_named(n);
        if (!present(alias) || !present(value) || ts_node_eq(alias, value)) return true;
        TSNode target = first_named(alias);
        dc_sv *ts;
        uint8_t nt = present(target) ? py_targets(w, target, &ts) : 0;
        if (nt) cand_value(w, ts, nt, value, false);
        return true;
    }
    case K_TYPED_PARAMETER: {
        TSNode id = first_named(n);
        if (present(id) && kind_of(w, id) == K_IDENTIFIER)
            cand_type(w, targets1(w, node_text(w, id)), 1, field(w, n, w->f_type));
        return true;
    }
    case K_TYPED_DEFAULT_PARAMETER: {
        TSNode id = field(w, n, w->f_name);
        if (present(id)) cand_type(w, targets1(w, node_text(w, id)), 1, field(w, n, w->f_type));
        return true;
    }
    case K_FUNCTION_DEFINITION: py_function(w, n, depth); return true;
    case K_LAMBDA: anon_function(w, n, depth); return true;
    case K_CLASS_DEFINITION: push_class(w, depth, field(w, n, w->f_name)); return true;
    case K_RETURN: returns(w, n); return true;
    case K_STRING:
    case K_COMMENT: return false;
    default: return true;
    }
}

/* ---- TypeScript / JavaScript facts --------------------------------------------------- */

/* The module of a string literal node, without its quotes. */
static dc_sv string_value(walker *w, TSNode s) {
    if (!present(s) || kind_of(w, s) != K_STRING) return dc_sv_from("", 0);
    dc_sv t = node_text(w, s);
    if (t.len < 2) return dc_sv_from("", 0);
    return dc_sv_from(t.p + 1, t.len - 2);
}

static void ts_import(walker *w, TSNode n) {
    /* `import m = require("...")` keeps its source inside the clause, so no early return. */
    dc_sv module = string_value(w, field(w, n, w->f_source));
    int sdk;
    bool any = false;
    uint32_t nc = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode cl = ts_node_named_child(n, i);
        kind ck = kind_of(w, cl);
        if (ck == K_IMPORT_REQUIRE_CLAUSE) {
            /* import m = require("...") */
            TSNode id = first_named(cl);
            dc_sv mod2 = string_value(w, field(w, cl, w->f_source));
            if (!present(id) || !mod2.len) continue;
            pkg_kind pk = record_import(w, mod2, dc_sv_from("", 0), node_text(w, id), n, &sdk);
            module_class(w, pk, sdk, node_text(w, id));
            any = true;
            continue;
        }
        if (ck != K_IMPORT_CLAUSE || !module.len) continue;
        uint32_t nn = ts_node_named_child_count(cl);
        for (uint32_t j = 0; j < nn; j++) {
            TSNode part = ts_node_named_child(cl, j);
            kind pk_ = kind_of(w, part);
            if (pk_ == K_IDENTIFIER) { /* default import: with esModuleInterop, the module */
                dc_sv local = node_text(w, part);
                pkg_kind pk = record_import(w, module, dc_sv_cstr("default"), local, n, &sdk);
                module_class(w, pk, sdk, local);
                any = true;
            } else if (pk_ == K_NAMESPACE_IMPORT) {
                TSNode id = first_named(part);
                if (!present(id)) continue;
                dc_sv local = node_text(w, id);
                pkg_kind pk = record_import(w, module, dc_sv_from("", 0), local, n, &sdk);
                module_class(w, pk, sdk, local);
                any = true;
            } else if (pk_ == K_NAMED_IMPORTS) {
                uint32_t ns = ts_node_named_child_count(part);
                for (uint32_t s = 0; s < ns; s++) {
                    TSNode spec = ts_node_named_child(part, s);
                    if (kind_of(w, spec) != K_IMPORT_SPECIFIER) continue;
                    TSNode name = field(w, spec, w->f_name), alias = field(w, spec, w->f_alias);
                    if (!present(name)) continue;
                    dc_sv nm = node_text(w, name);
                    dc_sv local = present(alias) ? node_text(w, alias) : nm;
                    pkg_kind pk = record_import(w, module, nm, local, n, &sdk);
                    named_class(w, pk, sdk, nm, local);
                    any = true;
                }
            }
        }
    }
    if (!any && module.len) record_import(w, module, dc_sv_from("", 0), dc_sv_from("", 0), n, NULL);
}

static TSNode unwrap(walker *w, TSNode v) {
    for (int guard = 0; present(v) && guard < 16; guard++) {
        kind k = kind_of(w, v);
        if (k != K_AWAIT_EXPRESSION && k != K_PAREN && k != K_NON_NULL_EXPRESSION) break;
        v = first_named(v);
    }
    return v;
}

/* The module of `require("m")` / `import("m")`, or empty. */
static dc_sv require_module(walker *w, TSNode v) {
    v = unwrap(w, v);
    if (!present(v) || kind_of(w, v) != K_CALL_EXPRESSION) return dc_sv_from("", 0);
    TSNode fn = field(w, v, w->f_function);
    if (!present(fn)) return dc_sv_from("", 0);
    kind fk = kind_of(w, fn);
    if (!(fk == K_IMPORT_KEYWORD || (fk == K_IDENTIFIER && dc_sv_eq_cstr(node_text(w, fn), "require"))))
        return dc_sv_from("", 0);
    TSNode args = field(w, v, w->f_arguments);
    return present(args) ? string_value(w, first_named(args)) : dc_sv_from("", 0);
}

/* The whole statement for an import's range: the declaration, not just one declarator. */
static TSNode declaration_of(walker *w, TSNode decl, uint32_t depth) {
    if (depth > 0) {
        kind pk = kind_of(w, w->path.v[depth - 1]);
        if (pk == K_LEXICAL_DECLARATION || pk == K_VARIABLE_DECLARATION) return w->path.v[depth - 1];
    }
    return decl;
}

/* const m = require(...); const { A, B: C } = require(...); const A = require(...).A */
static bool ts_require(walker *w, TSNode decl, TSNode name, TSNode value, uint32_t depth) {
    dc_sv module = require_module(w, value);
    dc_sv member = {0};
    if (!module.len) {
        TSNode v = unwrap(w, value);
        if (!present(v) || kind_of(w, v) != K_MEMBER_EXPRESSION) return false;
        module = require_module(w, field(w, v, w->f_object));
        if (!module.len) return false;
        member = node_text(w, field(w, v, w->f_property));
    }
    TSNode stmt = declaration_of(w, decl, depth);
    int sdk;
    kind nk = kind_of(w, name);
    if (nk == K_IDENTIFIER) {
        dc_sv local = node_text(w, name);
        if (member.len) {
            pkg_kind pk = record_import(w, module, member, local, stmt, &sdk);
            named_class(w, pk, sdk, member, local);
        } else {
            pkg_kind pk = record_import(w, module, dc_sv_from("", 0), local, stmt, &sdk);
            module_class(w, pk, sdk, local);
        }
    } else if (nk == K_OBJECT_PATTERN && !member.len) {
        bool any = false;
        uint32_t nc = ts_node_named_child_count(name);
        for (uint32_t i = 0; i < nc; i++) {
            TSNode p = ts_node_named_child(name, i);
            kind pk_ = kind_of(w, p);
            dc_sv nm = {0}, local = {0};
            if (pk_ == K_SHORTHAND_PROPERTY_IDENTIFIER_PATTERN) {
                nm = local = node_text(w, p);
            } else if (pk_ == K_OBJECT_ASSIGNMENT_PATTERN) { /* { Devcaster = Fallback } */
                nm = local = node_text(w, field(w, p, w->f_left));
            } else if (pk_ == K_PAIR_PATTERN) {
                TSNode key = field(w, p, w->f_key), val = field(w, p, w->f_value);
                if (!present(key) || !present(val)) continue;
                if (kind_of(w, val) == K_OBJECT_ASSIGNMENT_PATTERN) val = field(w, val, w->f_left);
                if (kind_of(w, val) != K_IDENTIFIER) continue;
                nm = node_text(w, key);
                local = node_text(w, val);
            } else {
                continue;
            }
            if (!nm.len) continue;
            pkg_kind pk = record_import(w, module, nm, local, stmt, &sdk);
            named_class(w, pk, sdk, nm, local);
            any = true;
        }
        if (!any) record_import(w, module, dc_sv_from("", 0), dc_sv_from("", 0), stmt, NULL);
    } else {
        record_import(w, module, member, dc_sv_from("", 0), stmt, NULL);
    }
    return true;
}

static bool is_function_value(kind k) { return k == K_ARROW_FUNCTION || k == K_FUNCTION_EXPRESSION; }

static void ts_declarator(walker *w, TSNode n, uint32_t depth) {
    TSNode name = field(w, n, w->f_name), value = field(w, n, w->f_value), type = field(w, n, w->f_type);
    if (!present(name)) return;
    if (present(value) && ts_require(w, n, name, value, depth)) return;
    if (kind_of(w, name) != K_IDENTIFIER) return;
    dc_sv *ts = targets1(w, node_text(w, name));
    if (present(type)) cand_type(w, ts, 1, type);
    if (!present(value)) return;
    if (is_function_value(kind_of(w, value)))
        set_pending(w, value, call_receivers(w, ts, 1), 1);
    else
        cand_value(w, ts, 1, value, true);
}

static void ts_assignment(walker *w, TSNode n) {
    TSNode left = field(w, n, w->f_left), right = field(w, n, w->f_right);
    if (!present(left) || !present(right) || !is_target_kind(kind_of(w, left))) return;
    for (int guard = 0; present(right) && kind_of(w, right) == K_ASSIGNMENT_EXPRESSION && guard < 64; guard++)
        right = field(w, right, w->f_right);
    if (!present(right)) return;
    dc_sv *ts = targets1(w, node_norm(w, left));
    if (!ts[0].len) return;
    if (is_function_value(kind_of(w, right)))
        set_pending(w, right, call_receivers(w, ts, 1), 1);
    else
        cand_value(w, ts, 1, right, true);
}

/* Scans a node's direct children for anonymous keywords and modifiers. */
typedef struct ts_mods {
    bool is_static, is_get, is_set, param_property;
} ts_mods;

static ts_mods ts_modifiers(walker *w, TSNode n) {
    ts_mods m = {0};
    uint32_t nc = ts_node_child_count(n);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = ts_node_child(n, i);
        kind k = kind_of(w, c);
        if (k == K_ACCESSIBILITY_MODIFIER || k == K_OVERRIDE_MODIFIER) {
            m.param_property = true;
            continue;
        }
        if (ts_node_is_named(c)) continue;
        const char *t = ts_node_type(c);
        if (strcmp(t, "static") == 0) m.is_static = true;
        else if (strcmp(t, "get") == 0) m.is_get = true;
        else if (strcmp(t, "set") == 0) m.is_set = true;
        else if (strcmp(t, "readonly") == 0) m.param_property = true;
    }
    return m;
}

/* `NAME` as a class member: "this.NAME" (and "Class.NAME" when static). */
static uint8_t member_spellings(walker *w, dc_sv nm, bool is_static, const char *suffix, dc_sv **out) {
    dc_sv *r = dc_arena_alloc(w->arena, sizeof(dc_sv) * 3);
    uint8_t n = 0;
    r[n++] = sv_concat(w->arena, sv_prefix(w->arena, "this.", nm), suffix);
    const ctx *c = top_ctx(w);
    if (is_static && c && c->kind == CTX_CLASS && c->name.len)
        r[n++] = sv_concat(w->arena, sv_dot(w->arena, c->name, nm), suffix);
    *out = r;
    return n;
}

static void ts_field(walker *w, TSNode n, kind k) {
    if (!in_class_body(w)) return;
    TSNode name = field(w, n, k == K_FIELD_DEFINITION ? w->f_property : w->f_name);
    if (!present(name)) return;
    ts_mods m = ts_modifiers(w, n);
    dc_sv *ts;
    uint8_t nt = member_spellings(w, node_text(w, name), m.is_static, "", &ts);
    TSNode type = field(w, n, w->f_type), value = field(w, n, w->f_value);
    if (present(type)) cand_type(w, ts, nt, type);
    if (!present(value)) return;
    if (is_function_value(kind_of(w, value)))
        set_pending(w, value, call_receivers(w, ts, nt), nt);
    else
        cand_value(w, ts, nt, value, true);
}

static void ts_parameter(walker *w, TSNode n) {
    TSNode pat = field(w, n, w->f_pattern), type = field(w, n, w->f_type);
    if (!present(pat) || !present(type) || kind_of(w, pat) != K_IDENTIFIER) return;
    dc_sv nm = node_text(w, pat);
    dc_sv *ts = targets1(w, nm);
    uint8_t nt = 1;
    /* constructor(private readonly dc: Devcaster) also declares this.dc */
    if (ts_modifiers(w, n).param_property) ts[nt++] = sv_prefix(w->arena, "this.", nm);
    cand_type(w, ts, nt, type);
}

static void ts_named_function(walker *w, TSNode n, uint32_t depth) {
    TSNode name = field(w, n, w->f_name);
    dc_sv *recv = NULL;
    uint8_t nrecv = 0;
    if (present(name)) {
        recv = targets1(w, sv_concat(w->arena, node_text(w, name), "()"));
        nrecv = 1;
    }
    push_func(w, depth, recv, nrecv);
    TSNode rt = field(w, n, w->f_return_type);
    if (nrecv && present(rt)) cand_type(w, recv, nrecv, rt);
}

static void ts_method(walker *w, TSNode n, uint32_t depth) {
    dc_sv *recv = NULL;
    uint8_t nrecv = 0;
    TSNode name = field(w, n, w->f_name);
    /* Object-literal methods have no receiver we could name. */
    if (in_class_body(w) && present(name)) {
        ts_mods m = ts_modifiers(w, n);
        if (!m.is_set) nrecv = member_spellings(w, node_text(w, name), m.is_static, m.is_get ? "" : "()", &recv);
    }
    push_func(w, depth, recv, nrecv);
    TSNode rt = field(w, n, w->f_return_type);
    if (nrecv && present(rt)) cand_type(w, recv, nrecv, rt);
}

static bool visit_ts(walker *w, TSNode n, kind k, uint32_t depth) {
    switch (k) {
    case K_IMPORT_STATEMENT: ts_import(w, n); return false;
    case K_VARIABLE_DECLARATOR: ts_declarator(w, n, depth); return true;
    case K_ASSIGNMENT_EXPRESSION: ts_assignment(w, n); return true;
    case K_PUBLIC_FIELD_DEFINITION:
    case K_FIELD_DEFINITION: ts_field(w, n, k); return true;
    case K_REQUIRED_PARAMETER:
    case K_OPTIONAL_PARAMETER: ts_parameter(w, n); return true;
    case K_FUNCTION_DECLARATION:
    case K_FUNCTION_SIGNATURE: ts_named_function(w, n, depth); return true;
    case K_GENERATOR_FUNCTION_DECLARATION:
    case K_GENERATOR_FUNCTION: push_func(w, depth, NULL, 0); return true; /* yields, never returns a client */
    case K_FUNCTION_EXPRESSION:
    case K_ARROW_FUNCTION: anon_function(w, n, depth); return true;
    case K_METHOD_DEFINITION:
    case K_ABSTRACT_METHOD_SIGNATURE: ts_method(w, n, depth); return true;
    case K_CLASS_DECLARATION:
    case K_CLASS:
    case K_ABSTRACT_CLASS_DECLARATION: push_class(w, depth, field(w, n, w->f_name)); return true;
    case K_RETURN: returns(w, n); return true;
    case K_STRING:
    case K_TEMPLATE_STRING:
    case K_COMMENT: return false;
    default: return true;
    }
}

/* ---- resolution ---------------------------------------------------------------------- */

static bool is_null_type(dc_sv t) {
    return dc_sv_eq_cstr(t, "None") || dc_sv_eq_cstr(t, "null") || dc_sv_eq_cstr(t, "undefined");
}

/* Does a (normalised) type spell the client class? Accepts `"Devcaster"`, `Optional[DC]`,
 * `Devcaster | None`, `Promise<Devcaster>`; bare Devcaster/Composio need no import because a
 * client handed in as a parameter is often all a file sees of the SDK. */
static bool type_matches(walker *w, dc_sv t, int depth) {
    if (!t.len || depth > 6) return false;
    if (t.len >= 2 && (t.p[0] == '"' || t.p[0] == '\'') && t.p[t.len - 1] == t.p[0])
        return type_matches(w, norm_arena(w->arena, dc_sv_from(t.p + 1, t.len - 2), w->mode), depth + 1);
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
        }
        return false;
    }
    return svset_has(&w->classes_set, t) || dc_sv_eq_cstr(t, "Devcaster") || dc_sv_eq_cstr(t, "Composio");
}

typedef enum verdict { V_NONE, V_CLIENT, V_CLASS } verdict;

/* `client.get_entity(...)` / `getEntity(...)` (an entity) and `client.create_trigger_listener()`
 * (a trigger listener) return the legacy SDK objects whose methods legacy rules report. */
static bool legacy_object_call(walker *w, dc_sv callee) {
    static const char *const methods[] = {".get_entity", ".getEntity", ".create_trigger_listener"};
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        size_t n = strlen(methods[i]);
        if (callee.len > n && memcmp(callee.p + callee.len - n, methods[i], n) == 0 &&
            svset_has(&w->clients_set, dc_sv_from(callee.p, callee.len - (uint32_t)n)))
            return true;
    }
    return false;
}

static verdict eval_cand(walker *w, const cand *c) {
    verdict v = V_NONE;
    for (uint8_t i = 0; i < c->natoms; i++) {
        const atom *a = &c->atoms[i];
        switch (a->kind) {
        case ATOM_REF:
            if (svset_has(&w->clients_set, a->text)) return V_CLIENT;
            if (c->class_alias_ok && svset_has(&w->classes_set, a->text)) v = V_CLASS;
            break;
        case ATOM_CALL:
            /* Python constructs by calling; TS needs `new`, so its plain calls only count as
             * calls of client-returning functions. */
            if (w->py && svset_has(&w->classes_set, a->text)) return V_CLIENT;
            if (svset_has(&w->clients_set, a->call_key)) return V_CLIENT;
            if (legacy_object_call(w, a->text)) return V_CLIENT;
            break;
        case ATOM_NEW:
            if (svset_has(&w->classes_set, a->text)) return V_CLIENT;
            break;
        case ATOM_TYPE:
            if (type_matches(w, a->text, 0)) return V_CLIENT;
            break;
        }
    }
    return v;
}

static void resolve(walker *w) {
    bool changed = true;
    for (int round = 0; changed && round < DC_BINDINGS_MAX_ROUNDS; round++) {
        changed = false;
        for (uint32_t j = 0; j < w->cands.len; j++) {
            cand *c = &w->cands.v[round % 2 ? w->cands.len - 1 - j : j];
            if (c->done) continue;
            verdict v = eval_cand(w, c);
            if (v == V_NONE) continue;
            /* A class alias could still turn out to be a client alias (`x = a or DC`); a client
             * is final. */
            if (v == V_CLIENT) c->done = true;
            for (uint8_t t = 0; t < c->ntargets; t++)
                changed |= v == V_CLIENT ? add_client(w, c->targets[t]) : add_class(w, c->targets[t]);
        }
    }
}

/* ---- entry points -------------------------------------------------------------------- */

/* The kind of every symbol of a grammar, built once per grammar and process (it was per file:
 * a sort and a search per symbol, ~1% of a run on many small files). Kept until exit. */
typedef struct kind_table {
    const TSLanguage *lang;
    kind *kinds;
    uint32_t n;
} kind_table;

static kind_table kind_tables[8];
static pthread_mutex_t kind_tables_mu = PTHREAD_MUTEX_INITIALIZER;

static void build_kinds(walker *w) {
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
        t->kinds = dc_xcalloc(t->n ? t->n : 1, sizeof(kind));
        for (uint32_t s = 0; s < t->n; s++) {
            if (ts_language_symbol_type(w->lang, (TSSymbol)s) != TSSymbolTypeRegular) continue;
            const char *name = ts_language_symbol_name(w->lang, (TSSymbol)s);
            if (!name) continue;
            kind_name key = {name, K_NONE};
            const kind_name *hit = bsearch(&key, sorted, nk, sizeof sorted[0], kind_name_cmp);
            if (hit) t->kinds[s] = hit->k;
        }
        t->lang = w->lang;
    }
    pthread_mutex_unlock(&kind_tables_mu);
    w->nkinds = t ? t->n : 0;
    w->kinds = t ? t->kinds : NULL;
}

static TSFieldId field_id(const TSLanguage *l, const char *name) {
    return ts_language_field_id_for_name(l, name, (uint32_t)strlen(name));
}

static void init_fields(walker *w) {
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
}

/* The cursor walk, over the node index: the same nodes in the same order at the same depths
 * (a subtree the visit declines is one jump to its end). */
static void walk(walker *w, const dc_node_index *ix) {
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
        kind k = s == DC_TS_ERROR_SYMBOL ? K_ERROR : s < w->nkinds ? w->kinds[s] : K_NONE;
        /* Facts inside a parse error are guesses; skip them rather than misread them. */
        if (k != K_ERROR && ts_node_is_named(n)) descend = w->py ? visit_py(w, n, k, depth) : visit_ts(w, n, k, depth);
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

dc_bindings *dc_bindings_compute(dc_arena *arena, dc_source *src, TSTree *tree, dc_profile forced) {
    dc_bindings *b = dc_arena_alloc(arena, sizeof *b);
    struct dc_bindings_index *idx = dc_arena_alloc(arena, sizeof *idx);
    b->index = idx;
    dc_family fam = src ? dc_lang_family(src->lang) : DC_FAMILY_NONE;
    idx->mode = fam == DC_FAMILY_PYTHON ? NORM_PY : fam == DC_FAMILY_TS ? NORM_TS : NORM_ANY;

    if (src && tree && (fam == DC_FAMILY_PYTHON || fam == DC_FAMILY_TS)) {
        walker w;
        memset(&w, 0, sizeof w);
        w.arena = arena;
        w.src = src;
        w.lang = ts_tree_language(tree);
        w.py = fam == DC_FAMILY_PYTHON;
        w.mode = idx->mode;
        build_kinds(&w);
        init_fields(&w);
        b->nodes = dc_node_index_build(tree, arena);
        walk(&w, b->nodes);
        resolve(&w);
        b->imports_devcaster = w.imports_devcaster;
        b->imports_composio = w.imports_composio;
        b->uses_openai_agents = w.uses_agents;
        DC_VEC_TO_ARENA(arena, b->clients, w.clients);
        DC_VEC_TO_ARENA(arena, b->class_names, w.classes);
        DC_VEC_TO_ARENA(arena, b->imports, w.imports);
        DC_VEC_TO_ARENA(arena, b->legacy_classes, w.legacy_classes);
        DC_VEC_TO_ARENA(arena, b->legacy_enums, w.legacy_enums);
        idx->clients = w.clients_set;
        dc_vec_free(&w.path);
        dc_vec_free(&w.ctxs);
        dc_vec_free(&w.cands);
        dc_vec_free(&w.scratch);
        dc_vec_free(&w.clients);
        dc_vec_free(&w.classes);
        dc_vec_free(&w.imports);
        dc_vec_free(&w.legacy_classes);
        dc_vec_free(&w.legacy_enums);
    }
    b->imports_sdk = b->imports_devcaster || b->imports_composio;
    if (forced != DC_PROFILE_AUTO && (unsigned)forced < DC_PROFILE_COUNT)
        b->profile = forced;
    else
        b->profile = b->imports_composio && !b->imports_devcaster ? DC_PROFILE_COMPOSIO : DC_PROFILE_DEVCASTER;
    return b;
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
        if (sv_starts(s, "await ")) {
            s = dc_sv_from(s.p + 6, s.len - 6);
            continue;
        }
        break;
    }
    return s;
}

bool dc_bindings_is_client(const dc_bindings *b, dc_sv receiver) {
    if (!b || !receiver.len || !receiver.p) return false;
    norm_mode mode = b->index ? b->index->mode : NORM_ANY;
    char stack[256];
    char *buf = receiver.len <= sizeof stack ? stack : dc_xmalloc(receiver.len);
    dc_sv key = strip_receiver(dc_sv_from(buf, norm_into(receiver.p, receiver.len, mode, buf)));
    bool hit = false;
    if (b->index && b->index->clients.cap) {
        hit = svset_has(&b->index->clients, key);
    } else {
        for (uint32_t i = 0; i < b->clients.len && !hit; i++) hit = dc_sv_eq(b->clients.v[i], key);
    }
    if (buf != stack) free(buf);
    return hit;
}
