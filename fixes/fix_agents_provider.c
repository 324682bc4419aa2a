/* fix_agents_provider.c: in a file that uses the OpenAI Agents SDK, moves the provider import
 * from the plain OpenAI package to the agents one (sdk-reference.md section 5, "Provider rule"):
 *
 *   from devcaster_openai import OpenAIProvider
 *     -> from devcaster_openai_agents import OpenAIAgentsProvider
 *   import { OpenAIProvider } from "@devcaster/openai"
 *     -> import { OpenAIAgentsProvider } from "@devcaster/openai-agents"
 *   const { OpenAIProvider } = require("@devcaster/openai")
 *     -> const { OpenAIAgentsProvider } = require("@devcaster/openai-agents")
 *
 * and renames every reference to the local name in the file. An alias (`as P`, `{ OpenAIProvider:
 * P }`) is kept, so only the imported name changes and no reference has to.
 *
 * The rule only reports files whose text imports the Agents SDK (a regex that skips strings and
 * comments); the parser's view (bindings->uses_openai_agents) is checked again here, and a
 * disagreement makes the fix manual rather than rewriting a file that may want the plain provider.
 * Otherwise this file decides how far the rewrite can be trusted:
 *   safe    every reference constructs the class without arguments as the client's provider
 *           (`Devcaster(provider=OpenAIProvider())`, `new Devcaster({ provider: new OpenAIProvider() })`),
 *           the one place where the two providers are interchangeable;
 *   unsafe  any other reference (subclassed, a type, constructor arguments, passed elsewhere,
 *           re-exported, rebound, named in a string such as __all__): the rename is still
 *           consistent, but the agents provider is a different class there;
 *   manual  the import statement also brings other names from the plain package (they have no
 *           agents counterpart, so the statement must be split by a person), another import in
 *           the file binds the same name, or the new name is already taken in the file.
 *
 * Renaming is file-scoped and by name, like the binding facts (bindings.h): a local that shadows
 * the import is renamed with it, which keeps the file consistent. Property names (`x.OpenAIProvider`,
 * keyword argument names, object keys) are not references and are left alone; shorthand
 * properties keep their key (`{ OpenAIProvider }` -> `{ OpenAIProvider: OpenAIAgentsProvider }`). */
#include "fixes/fixers_p.h"

#define PLAIN_CLASS "OpenAIProvider"
#define AGENTS_CLASS "OpenAIAgentsProvider"

static bool is_field(TSNode parent, const char *name, TSNode n) {
    TSNode f = dc_field(parent, name);
    return !ts_node_is_null(f) && ts_node_eq(f, n);
}

static bool is_client_class(dc_fix_ctx *ctx, TSNode n) {
    if (ts_node_is_null(n)) return false;
    dc_sv t = dc_bindings_normalize(ctx->arena, dc_node_sv(ctx->an->src, n));
    const dc_bindings *b = ctx->an->bindings;
    for (uint32_t i = 0; i < b->class_names.len; i++)
        if (dc_sv_eq(t, b->class_names.v[i])) return true;
    return false;
}

/* The shape tests below climb several levels from a reference (`new OpenAIProvider()` as a
 * statement of its own reaches the root after two), so every step goes through dc_fix_parent,
 * which stops at the root with a null node (tree-sitter's ts_node_parent of a null node
 * dereferences its NULL tree, in 0.20.7 as in 0.25: this fixer's SIGSEGV of issue 14). */
static bool has_ancestor(dc_fix_ctx *ctx, TSNode n, const char *const *types, size_t ntypes) {
    for (TSNode p = dc_fix_parent(ctx, n); !ts_node_is_null(p); p = dc_fix_parent(ctx, p))
        for (size_t i = 0; i < ntypes; i++)
            if (dc_node_is(p, types[i])) return true;
    return false;
}

/* ---- how a reference uses the class ------------------------------------------------------ */

/* NULL when `id` is `Client(provider=OpenAIProvider())` or `Client(OpenAIProvider())` (the
 * provider is the client's only positional parameter); else what the reference does. */
static const char *py_use(dc_fix_ctx *ctx, TSNode id) {
    TSNode p = dc_fix_parent(ctx, id);
    if (dc_node_is(p, "call") && is_field(p, "function", id)) {
        TSNode args = dc_field(p, "arguments");
        if (!dc_node_is(args, "argument_list") || dc_list_count(args) != 0) return "constructed with arguments";
        TSNode at = dc_fix_parent(ctx, p), list = at;
        if (dc_node_is(at, "keyword_argument")) {
            if (!dc_sv_eq_cstr(dc_node_sv(ctx->an->src, dc_field(at, "name")), "provider"))
                return "passed as an argument other than `provider`";
            list = dc_fix_parent(ctx, at);
        } else if (!dc_node_is(at, "argument_list") || !ts_node_eq(dc_list_first(at), p)) {
            return "constructed outside the client's `provider` argument";
        }
        TSNode call = dc_fix_parent(ctx, list);
        if (dc_node_is(list, "argument_list") && dc_node_is(call, "call") &&
            is_client_class(ctx, dc_field(call, "function")))
            return NULL;
        return "constructed outside the client's `provider` argument";
    }
    if (dc_node_is(p, "argument_list") && dc_node_is(dc_fix_parent(ctx, p), "class_definition")) return "subclassed";
    static const char *const types[] = {"type"};
    if (has_ancestor(ctx, id, types, 1)) return "used as a type";
    return "referenced other than as the client's provider";
}

static bool is_provider_key(dc_sv k) {
    return dc_sv_eq_cstr(k, "provider") || dc_sv_eq_cstr(k, "\"provider\"") || dc_sv_eq_cstr(k, "'provider'");
}

/* NULL when `id` is `new Client({ provider: new OpenAIProvider() })`; else what it does. */
static const char *ts_use(dc_fix_ctx *ctx, TSNode id) {
    TSNode p = dc_fix_parent(ctx, id);
    if (dc_node_is(id, "type_identifier")) return "used as a type";
    if (dc_node_is(p, "new_expression") && is_field(p, "constructor", id)) {
        TSNode args = dc_field(p, "arguments");
        if (!ts_node_is_null(args) && dc_list_count(args) != 0) return "constructed with arguments";
        TSNode pair = dc_fix_parent(ctx, p);
        TSNode obj = dc_fix_parent(ctx, pair), list = dc_fix_parent(ctx, obj), outer = dc_fix_parent(ctx, list);
        if (dc_node_is(pair, "pair") && is_field(pair, "value", p) &&
            is_provider_key(dc_node_sv(ctx->an->src, dc_field(pair, "key"))) && dc_node_is(obj, "object") &&
            dc_node_is(list, "arguments") && ts_node_eq(dc_list_first(list), obj) &&
            dc_node_is(outer, "new_expression") && is_client_class(ctx, dc_field(outer, "constructor")))
            return NULL;
        return "constructed outside the client's `provider` option";
    }
    /* `extends X` is an extends_clause in TypeScript, a bare class_heritage in JavaScript. */
    if (dc_node_is(p, "extends_clause") || dc_node_is(p, "class_heritage")) return "subclassed";
    if (dc_node_is(p, "export_specifier")) return "re-exported";
    static const char *const types[] = {"type_annotation", "type_arguments", "type_query", "implements_clause"};
    if (has_ancestor(ctx, id, types, sizeof types / sizeof types[0])) return "used as a type";
    return "referenced other than as the client's provider";
}

/* ---- the scan over the file --------------------------------------------------------------- */

typedef struct scan {
    dc_fix_ctx *ctx;
    bool py;
    dc_sv local;          /* the name references use */
    bool rename;          /* local is the imported name itself, so references change too */
    uint32_t own_start;   /* the import statement being rewritten: its own names are not references */
    uint32_t own_end;
    dc_fix *fix;
    const char *unsafe;   /* first reason the rewrite is unsafe, what follows from it, and where */
    const char *unsafe_then;
    uint32_t unsafe_at;
    uint32_t unsafe_count;
    bool other_import;    /* another import binds the same name */
    uint32_t other_at;
    bool taken;           /* the new name already occurs in the file */
} scan;

#define NOT_DROP_IN AGENTS_CLASS " is not a drop-in replacement there"

static void note_unsafe(scan *s, const char *why, const char *then, TSNode at) {
    if (!why) return;
    if (s->unsafe_count++) return;
    s->unsafe = why;
    s->unsafe_then = then;
    s->unsafe_at = ts_node_start_byte(at);
}

static void replace(scan *s, TSNode n, const char *text) {
    dc_fix_add_edit(s->ctx->arena, s->fix, ts_node_start_byte(n), ts_node_end_byte(n), text, strlen(text));
}

/* A Python string whose whole content is the name, such as an `__all__` entry: the rename
 * reaches strings only there, where the string names a binding of this module. */
static bool py_string_names(const dc_source *src, TSNode str, dc_sv name) {
    dc_sv t = dc_node_sv(src, str);
    return t.len == name.len + 2 && (t.p[0] == '"' || t.p[0] == '\'') && t.p[t.len - 1] == t.p[0] &&
           memcmp(t.p + 1, name.p, name.len) == 0;
}

static bool py_in_dunder_all(dc_fix_ctx *ctx, TSNode str) {
    const dc_source *src = ctx->an->src;
    TSNode list = dc_fix_parent(ctx, str), stmt = dc_fix_parent(ctx, list);
    if (!dc_node_is(list, "list") && !dc_node_is(list, "tuple")) return false;
    if (!dc_node_is(stmt, "assignment") && !dc_node_is(stmt, "augmented_assignment")) return false;
    return dc_sv_eq_cstr(dc_node_sv(src, dc_field(stmt, "left")), "__all__");
}

/* Where another import statement mentions the name: not at all, only as another module's name
 * or path (`import { OpenAIProvider as Q } from "./x"`, `export { OpenAIProvider } from "./x"`),
 * which neither binds nor references ours, or as a local binding of its own. */
typedef enum import_role { NOT_IMPORT, IMPORT_OTHER_NAME, IMPORT_BINDS } import_role;

static import_role py_import_role(dc_fix_ctx *ctx, TSNode n) {
    TSNode p = dc_fix_parent(ctx, n), gp = dc_fix_parent(ctx, p);
    if (dc_node_is(p, "aliased_import")) return is_field(p, "alias", n) ? IMPORT_BINDS : IMPORT_OTHER_NAME;
    if (!dc_node_is(p, "dotted_name")) return IMPORT_OTHER_NAME;
    if (dc_node_is(gp, "aliased_import")) return IMPORT_OTHER_NAME;
    if (dc_node_is(gp, "import_from_statement") || dc_node_is(gp, "future_import_statement")) {
        /* `from m import OpenAIProvider` binds it; `from OpenAIProvider import x` does not */
        if (is_field(gp, "module_name", p)) return IMPORT_OTHER_NAME;
        return ts_node_named_child_count(p) == 1 ? IMPORT_BINDS : IMPORT_OTHER_NAME;
    }
    /* `import OpenAIProvider.sub` binds its first component */
    return ts_node_eq(ts_node_named_child(p, 0), n) ? IMPORT_BINDS : IMPORT_OTHER_NAME;
}

static import_role ts_import_role(dc_fix_ctx *ctx, TSNode n) {
    TSNode p = dc_fix_parent(ctx, n);
    if (dc_node_is(p, "import_specifier"))
        return is_field(p, "alias", n) || ts_node_is_null(dc_field(p, "alias")) ? IMPORT_BINDS : IMPORT_OTHER_NAME;
    if (dc_node_is(p, "import_clause") || dc_node_is(p, "namespace_import")) return IMPORT_BINDS;
    return IMPORT_OTHER_NAME;
}

static import_role import_role_of(const scan *s, TSNode n) {
    for (TSNode p = dc_fix_parent(s->ctx, n); !ts_node_is_null(p); p = dc_fix_parent(s->ctx, p)) {
        const char *t = ts_node_type(p);
        if (s->py && (strcmp(t, "import_statement") == 0 || strcmp(t, "import_from_statement") == 0 ||
                      strcmp(t, "future_import_statement") == 0))
            return py_import_role(s->ctx, n);
        if (!s->py && strcmp(t, "import_statement") == 0) return ts_import_role(s->ctx, n);
        if (!s->py && strcmp(t, "export_statement") == 0 && !ts_node_is_null(dc_field(p, "source")))
            return IMPORT_OTHER_NAME;
    }
    return NOT_IMPORT;
}

static bool visit(TSNode n, void *vctx) {
    scan *s = vctx;
    const char *t = ts_node_type(n);
    uint32_t start = ts_node_start_byte(n);
    if (start >= s->own_start && ts_node_end_byte(n) <= s->own_end) return true;
    const dc_source *src = s->ctx->an->src;
    if (s->py && s->rename && strcmp(t, "string") == 0 && py_string_names(src, n, s->local)) {
        if (py_in_dunder_all(s->ctx, n)) {
            /* keep the quote character: replace what is between the quotes */
            dc_fix_add_edit(s->ctx->arena, s->fix, start + 1, ts_node_end_byte(n) - 1, AGENTS_CLASS,
                            strlen(AGENTS_CLASS));
            note_unsafe(s, "exported through `__all__`", "modules importing it by its old name must change too", n);
        } else {
            note_unsafe(s, "named in a string", "the fix leaves strings alone, so check what the string is for", n);
        }
        return true;
    }
    bool ident = strcmp(t, "identifier") == 0 || (!s->py && strcmp(t, "type_identifier") == 0);
    bool shorthand = !s->py && (strcmp(t, "shorthand_property_identifier") == 0 ||
                                strcmp(t, "shorthand_property_identifier_pattern") == 0);
    if (!ident && !shorthand) return true;
    dc_sv text = dc_node_sv(src, n);
    bool is_local = dc_sv_eq(text, s->local), is_new = dc_sv_eq_cstr(text, AGENTS_CLASS);
    if (!is_local && !is_new) return true;
    TSNode p = dc_fix_parent(s->ctx, n);
    if (s->py) {
        /* keyword names and attribute names are not references to the import */
        if (dc_node_is(p, "keyword_argument") && is_field(p, "name", n)) return true;
        if (dc_node_is(p, "attribute") && is_field(p, "attribute", n)) return true;
    } else if (dc_node_is(p, "export_specifier") && is_field(p, "alias", n)) {
        return true; /* `export { X as OpenAIProvider }` names an export, not the import */
    }
    import_role role = import_role_of(s, n);
    if (is_new && role != IMPORT_OTHER_NAME) s->taken = true;
    if (!is_local) return true;
    if (role == IMPORT_BINDS) {
        if (!s->other_import) s->other_at = start;
        s->other_import = true;
    }
    if (role != NOT_IMPORT) return true;
    if (shorthand) {
        /* `{ OpenAIProvider }`: the key stays, only the value is the class */
        if (s->rename) replace(s, n, PLAIN_CLASS ": " AGENTS_CLASS);
        bool in_object = strcmp(t, "shorthand_property_identifier") == 0;
        note_unsafe(s, in_object ? "passed in an object" : "rebound by destructuring", NOT_DROP_IN, n);
        return true;
    }
    if (!s->py && dc_node_is(p, "export_specifier") && ts_node_is_null(dc_field(p, "alias"))) {
        /* `export { OpenAIProvider }` keeps exporting the name its importers use */
        if (s->rename) replace(s, n, AGENTS_CLASS " as " PLAIN_CLASS);
        note_unsafe(s, "re-exported", "its importers get " AGENTS_CLASS " under the old name", n);
        return true;
    }
    if (s->rename) replace(s, n, AGENTS_CLASS);
    note_unsafe(s, s->py ? py_use(s->ctx, n) : ts_use(s->ctx, n), NOT_DROP_IN, n);
    return true;
}

/* ---- the import statement ----------------------------------------------------------------- */

/* Appends the names other than `self` that `stmt` imports (`Foo`, `* as ns`, a default import). */
static void other_names(dc_fix_ctx *ctx, TSNode stmt, TSNode self, bool py, dc_buf *out) {
    const dc_source *src = ctx->an->src;
    TSNode holder = stmt; /* the node whose children are the imported names */
    if (!py) {
        if (dc_node_is(stmt, "import_statement")) {
            TSNode clause = dc_list_first(stmt);
            uint32_t k = ts_node_named_child_count(clause);
            for (uint32_t i = 0; i < k; i++) {
                TSNode c = ts_node_named_child(clause, i);
                if (dc_node_is(c, "named_imports")) holder = c;
                else if (!dc_node_is_comment(c)) {
                    dc_sv t = dc_node_sv(src, c);
                    dc_buf_printf(out, "%s`%.*s`", out->len ? ", " : "", (int)t.len, t.p);
                }
            }
        } else {
            holder = dc_fix_parent(ctx, self); /* the object_pattern of a require */
        }
    }
    /* A cursor, for the field names: tree-sitter 0.20.7's ts_node_field_name_for_child returned
     * NULL for the second and later children of a repeated field (`import A, Foo`); the cursor
     * is right with 0.25 too, so it stays. */
    TSTreeCursor c = ts_tree_cursor_new(holder);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode n = ts_tree_cursor_current_node(&c);
            if (ts_node_eq(n, self) || !ts_node_is_named(n) || dc_node_is_comment(n)) continue;
            if (py) {
                const char *f = ts_tree_cursor_current_field_name(&c);
                if (!f || strcmp(f, "name") != 0) continue;
            }
            dc_sv t = dc_node_sv(src, n);
            dc_buf_printf(out, "%s`%.*s`", out->len ? ", " : "", (int)t.len, t.p);
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
}

static TSNode import_statement_of(dc_fix_ctx *ctx, TSNode n) {
    for (TSNode p = dc_fix_parent(ctx, n); !ts_node_is_null(p); p = dc_fix_parent(ctx, p)) {
        const char *t = ts_node_type(p);
        if (strcmp(t, "import_from_statement") == 0 || strcmp(t, "import_statement") == 0 ||
            strcmp(t, "lexical_declaration") == 0 || strcmp(t, "variable_declaration") == 0)
            return p;
    }
    return (TSNode){0};
}

static void fix_one(dc_fix_ctx *ctx, dc_finding *f) {
    TSNode match, name, pkg;
    if (!dc_finding_capture(f, "match", &match) || !dc_finding_capture(f, "_name", &name) ||
        !dc_finding_capture(f, "pkg", &pkg))
        return;
    TSNode stmt = import_statement_of(ctx, match);
    if (ts_node_is_null(stmt)) return;
    const dc_source *src = ctx->an->src;
    bool py = ctx->an->src->lang == DC_LANG_PYTHON;
    dc_sv pkg_text = dc_node_sv(src, pkg);
    /* devcaster_openai -> devcaster_openai_agents, @devcaster/openai -> @devcaster/openai-agents */
    const char *new_pkg =
        dc_arena_printf(ctx->arena, "%.*s%s", (int)pkg_text.len, pkg_text.p, py ? "_agents" : "-agents");

    dc_fix *fix = dc_fix_new(ctx->arena, DC_APP_SAFE);
    fix->title = dc_arena_printf(ctx->arena, "import " AGENTS_CLASS " from %s", new_pkg);
    f->fix = fix;

    if (!ctx->an->bindings->uses_openai_agents) {
        /* The rule's regex saw an Agents SDK import the parser did not (in a string the regex
         * could not tell from code, say): leave the decision to a person. */
        fix->app = DC_APP_MANUAL;
        fix->why = "the Agents SDK import this rule saw is not an import statement to the parser (text in a "
                   "string?); if the file does not use the OpenAI Agents SDK, keep the plain provider";
        return;
    }

    dc_buf others = DC_BUF_INIT;
    other_names(ctx, stmt, match, py, &others);
    if (others.len) {
        fix->app = DC_APP_MANUAL;
        fix->why = dc_arena_printf(ctx->arena,
                                   "the same import also brings %s, which %s does not have: import " AGENTS_CLASS
                                   " from %s in a statement of its own",
                                   others.p, new_pkg, new_pkg);
        dc_buf_free(&others);
        return;
    }
    dc_buf_free(&others);

    /* The import itself: the package, and the imported name (the alias, if any, stays). */
    scan s = {.ctx = ctx, .py = py, .fix = fix};
    s.own_start = ts_node_start_byte(stmt);
    s.own_end = ts_node_end_byte(stmt);
    TSNode alias = {0};
    if (dc_node_is(match, "aliased_import") || dc_node_is(match, "import_specifier")) alias = dc_field(match, "alias");
    else if (dc_node_is(match, "pair_pattern")) alias = dc_field(match, "value");
    s.rename = ts_node_is_null(alias);
    s.local = s.rename ? dc_sv_cstr(PLAIN_CLASS) : dc_node_sv(src, alias);
    if (!s.rename && !dc_node_is(alias, "identifier")) {
        /* `{ OpenAIProvider: { nested } }`: no single local name to follow */
        fix->app = DC_APP_MANUAL;
        fix->why = "the class is destructured further, so its uses can not be followed";
        return;
    }
    replace(&s, pkg, new_pkg);
    /* `OpenAIProvider as OpenAIAgentsProvider` would become a redundant self-alias */
    bool self_alias = !s.rename && dc_sv_eq_cstr(s.local, AGENTS_CLASS) && !dc_node_is(match, "pair_pattern");
    replace(&s, self_alias ? match : name, AGENTS_CLASS);

    dc_fix_walk(ctx, ts_tree_root_node(ctx->an->tree), visit, &s);
    if (s.other_import) {
        fix->app = DC_APP_MANUAL;
        fix->why = dc_arena_printf(ctx->arena, "another import binds `%.*s` too (line %u); rename by hand",
                                   (int)s.local.len, s.local.p, dc_source_pos(ctx->an->src, s.other_at).line);
    } else if (s.rename && s.taken) {
        fix->app = DC_APP_MANUAL;
        fix->why = "the file already uses the name " AGENTS_CLASS "; remove the old import and rename its uses by hand";
    } else if (s.unsafe) {
        fix->app = DC_APP_UNSAFE;
        fix->why = dc_arena_printf(ctx->arena, "`%.*s` is %s at line %u; %s", (int)s.local.len, s.local.p, s.unsafe,
                                   dc_source_pos(ctx->an->src, s.unsafe_at).line, s.unsafe_then);
        if (s.unsafe_count > 1)
            fix->why = dc_arena_printf(ctx->arena, "%s; %u more use%s to check", fix->why, s.unsafe_count - 1,
                                       s.unsafe_count > 2 ? "s" : "");
    }
    if (fix->app == DC_APP_MANUAL) fix->nedits = 0; /* nothing of a partial rewrite is offered */
}

void dc_fixer_openai_agents_provider(dc_fix_ctx *ctx, dc_finding **fs, uint32_t n) {
    if (!ctx->an->tree || !ctx->an->bindings) return;
    for (uint32_t i = 0; i < n; i++) fix_one(ctx, fs[i]);
}
