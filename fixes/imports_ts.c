/* imports_ts.c: TypeScript / JavaScript imports for the import helpers (fixes/imports.h): ES
 * `import { a } from "m"` and CommonJS `const { a } = require("m")`, finding bindings, merging,
 * adding and removing. */
#include <stdlib.h>

#include "fixes/imports_p.h"

/* ---- TypeScript / JavaScript ------------------------------------------------------------- */

typedef struct ts_file {
    bool cjs, semi, spaced_braces;
    char quote;
    const char *decl_kw; /* const / let / var of the file's requires */
} ts_file;

static bool is_require_call(const dc_imp *m, TSNode n, const char *module) {
    if (!dc_node_is(n, "call_expression")) return false;
    TSNode fn = dc_field(n, "function"), args = dc_field(n, "arguments");
    if (!dc_node_is(fn, "identifier") || !dc_sv_eq_cstr(dc_node_sv(m->src, fn), "require") || ts_node_is_null(args)) return false;
    if (ts_node_named_child_count(args) != 1 || !dc_node_is(ts_node_named_child(args, 0), "string")) return false;
    return !module || dc_sv_eq_cstr(dc_imp_string_inner(m->src, ts_node_named_child(args, 0)), module);
}

/* require("m"), require("m").x, or a declaration whose first declarator is one of those. */
static bool is_require_stmt(const dc_imp *m, TSNode st, const char *module, TSNode *declarator) {
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
    const dc_imp *m;
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
static bool braces_spaced(const dc_imp *m, TSNode import_stmt, bool *seen) {
    TSNode clause = ts_node_named_child(import_stmt, 0);
    for (uint32_t j = 0; dc_node_is(clause, "import_clause") && j < ts_node_named_child_count(clause); j++) {
        TSNode ni = ts_node_named_child(clause, j);
        if (!dc_node_is(ni, "named_imports") || !ts_node_named_child_count(ni)) continue;
        *seen = true;
        return strchr(" \t\r\n", m->src->data[dc_imp_start(ni) + 1]) != NULL;
    }
    return true;
}

static char require_quote(const dc_imp *m, TSNode declarator) {
    TSNode v = dc_field(declarator, "value");
    while (dc_node_is(v, "member_expression")) v = dc_field(v, "object");
    return m->src->data[dc_imp_start(ts_node_named_child(dc_field(v, "arguments"), 0))];
}

/* The file's import conventions: ES or CommonJS, semicolons (the imports' majority, else the
 * other top-level statements'), quotes (the imports', else the requires', else the file's),
 * brace spacing, and the keyword its requires are declared with. */
static ts_file ts_inspect(const dc_imp *m) {
    ts_file tf = {false, true, true, m->style.quote, "const"};
    uint32_t k = dc_imp_top_named_count(m), imports = 0, semis = 0, stmts = 0, stmt_semis = 0;
    bool braces_seen = false;
    char import_q = 0, require_q = 0;
    for (uint32_t i = 0; i < k; i++) {
        TSNode n = dc_imp_top_named(m, i), d = {0};
        if (dc_node_is(n, "import_statement")) {
            imports++;
            semis += ends_with_semi(n);
            if (dc_node_is(dc_field(n, "source"), "string")) import_q = m->src->data[dc_imp_start(dc_field(n, "source"))];
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
        dc_imp_walk(m, m->root, cjs_visit, &s);
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

static bool ts_source_is(const dc_imp *m, TSNode st, const char *module) {
    TSNode s = dc_field(st, "source");
    return dc_node_is(s, "string") && dc_sv_eq_cstr(dc_imp_string_inner(m->src, s), module);
}

/* A specifier's imported and bound names; `type` specifiers only bind a type. */
static void ts_spec(const dc_imp *m, TSNode spec, dc_sv *imported, dc_sv *bound, bool *type_only) {
    TSNode alias = dc_field(spec, "alias");
    *imported = dc_node_sv(m->src, dc_field(spec, "name"));
    *bound = ts_node_is_null(alias) ? *imported : dc_node_sv(m->src, alias);
    *type_only = false;
    for (uint32_t i = 0; i < ts_node_child_count(spec); i++)
        if (dc_node_is(ts_node_child(spec, i), "type")) *type_only = true;
}

/* The item of a destructuring pattern and the names it takes and binds. */
static bool pattern_item(const dc_imp *m, TSNode item, dc_sv *key, dc_sv *bound) {
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
    const dc_imp *m;
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
static bool ts_declares(const dc_imp *m, TSNode n, const char *name) {
    if (dc_node_is(n, "export_statement")) n = dc_field(n, "declaration");
    if (ts_node_is_null(n)) return false;
    if (dc_node_is(n, "lexical_declaration") || dc_node_is(n, "variable_declaration")) {
        uint32_t k = ts_node_named_child_count(n);
        for (uint32_t i = 0; i < k; i++) {
            TSNode d = ts_node_named_child(n, i);
            if (!dc_node_is(d, "variable_declarator")) continue;
            ts_binds b = {m, name, false};
            dc_imp_walk(m, dc_field(d, "name"), ts_bind_visit, &b);
            if (b.hit) return true;
        }
        return false;
    }
    TSNode nm = dc_field(n, "name");
    return !ts_node_is_null(nm) && strstr(ts_node_type(n), "declaration") && dc_sv_eq_cstr(dc_node_sv(m->src, nm), name);
}

static dc_imp_found ts_import_binding(const dc_imp *m, TSNode st, const char *module, const char *name) {
    TSNode clause = ts_clause(st);
    bool same_module = ts_source_is(m, st, module) && !ts_import_is_type_only(st);
    dc_imp_found res = DC_IMP_FOUND_NONE;
    TSNode req = named_child_of_type(st, "import_require_clause");
    if (!ts_node_is_null(req) && dc_sv_eq_cstr(dc_node_sv(m->src, named_child_of_type(req, "identifier")), name))
        return DC_IMP_FOUND_OTHER;
    for (uint32_t j = 0; !ts_node_is_null(clause) && j < ts_node_named_child_count(clause); j++) {
        TSNode c = ts_node_named_child(clause, j);
        if (dc_node_is(c, "identifier") || dc_node_is(c, "namespace_import")) {
            TSNode id = dc_node_is(c, "identifier") ? c : named_child_of_type(c, "identifier");
            if (dc_sv_eq_cstr(dc_node_sv(m->src, id), name)) return DC_IMP_FOUND_OTHER;
            continue;
        }
        for (uint32_t s = 0; s < ts_node_named_child_count(c); s++) {
            dc_sv imported, bound;
            bool type_only;
            TSNode spec = ts_node_named_child(c, s);
            if (!dc_node_is(spec, "import_specifier")) continue;
            ts_spec(m, spec, &imported, &bound, &type_only);
            if (!dc_sv_eq_cstr(bound, name) || dc_imp_pending_deleted(m->fix, dc_imp_start(spec), dc_imp_end(spec))) continue;
            if (same_module && !type_only && dc_sv_eq_cstr(imported, name)) return DC_IMP_FOUND_SAME;
            res = DC_IMP_FOUND_OTHER;
        }
    }
    return res;
}

static dc_imp_found ts_require_binding(const dc_imp *m, TSNode st, const char *module, const char *name) {
    TSNode d = {0};
    if (!is_require_stmt(m, st, NULL, &d) || ts_node_is_null(d)) return DC_IMP_FOUND_NONE;
    TSNode pat = dc_field(d, "name");
    if (!dc_node_is(pat, "object_pattern")) return ts_declares(m, st, name) ? DC_IMP_FOUND_OTHER : DC_IMP_FOUND_NONE;
    bool same_module = is_require_call(m, dc_field(d, "value"), module);
    for (uint32_t i = 0; i < ts_node_named_child_count(pat); i++) {
        TSNode it = ts_node_named_child(pat, i);
        dc_sv key, bound;
        if (!pattern_item(m, it, &key, &bound) || !dc_sv_eq_cstr(bound, name)) continue;
        if (dc_imp_pending_deleted(m->fix, dc_imp_start(it), dc_imp_end(it))) continue;
        return same_module && dc_sv_eq_cstr(key, name) ? DC_IMP_FOUND_SAME : DC_IMP_FOUND_OTHER;
    }
    return ts_declares(m, st, name) ? DC_IMP_FOUND_OTHER : DC_IMP_FOUND_NONE;
}

static dc_imp_found ts_find_binding(const dc_imp *m, const char *module, const char *name) {
    dc_imp_found res = DC_IMP_FOUND_NONE;
    uint32_t k = dc_imp_top_named_count(m);
    for (uint32_t i = 0; i < k && res != DC_IMP_FOUND_SAME; i++) {
        TSNode n = dc_imp_top_named(m, i);
        dc_imp_found f = DC_IMP_FOUND_NONE;
        if (dc_node_is(n, "import_statement")) f = ts_import_binding(m, n, module, name);
        else if (is_require_stmt(m, n, NULL, NULL)) f = ts_require_binding(m, n, module, name);
        else if (ts_declares(m, n, name)) f = DC_IMP_FOUND_OTHER;
        bool mentions = dc_imp_word_in(dc_node_sv(m->src, n), dc_sv_cstr(name)) ||
                        (dc_node_is(n, "import_statement") && ts_source_is(m, n, module));
        if (f != DC_IMP_FOUND_SAME && ts_node_has_error(n) && mentions) f = DC_IMP_FOUND_ERROR;
        if (f > res || f == DC_IMP_FOUND_SAME) res = f;
    }
    return res;
}

static bool ts_merge_es(dc_imp *m, const ts_file *tf, const char *module, const char *name) {
    uint32_t k = dc_imp_top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode st = dc_imp_top_named(m, i);
        if (!dc_node_is(st, "import_statement") || !ts_source_is(m, st, module) || ts_import_is_type_only(st)) continue;
        if (ts_node_has_error(st) || dc_imp_pending_deleted(m->fix, dc_imp_start(st), dc_imp_end(st))) continue;
        TSNode clause = ts_clause(st), named = named_child_of_type(clause, "named_imports");
        if (!ts_node_is_null(named)) {
            dc_imp_list l;
            dc_imp_list_build(m->arena, named, NULL, &l);
            if (l.n && dc_imp_list_append(m, &l, name)) return true;
            continue;
        }
        /* `import D from "m"` takes braces; `import * as ns` cannot take names */
        TSNode def = named_child_of_type(clause, "identifier");
        if (ts_node_is_null(def) || ts_node_named_child_count(clause) != 1) continue;
        uint32_t pos = dc_imp_end(def);
        if (!dc_imp_insertion_free(m, pos)) continue;
        const char *sp = tf->spaced_braces ? " " : "";
        dc_imp_add_wrapped(m, pos, dc_arena_printf(m->arena, ", {%s", sp), name, dc_arena_printf(m->arena, "%s}", sp));
        return true;
    }
    return false;
}

static bool ts_merge_cjs(dc_imp *m, const char *module, const char *name) {
    uint32_t k = dc_imp_top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode st = dc_imp_top_named(m, i), d = {0};
        if (!is_require_stmt(m, st, module, &d) || ts_node_is_null(d) || ts_node_has_error(st)) continue;
        TSNode pat = dc_field(d, "name");
        if (!dc_node_is(pat, "object_pattern") || !is_require_call(m, dc_field(d, "value"), module)) continue;
        if (dc_imp_pending_deleted(m->fix, dc_imp_start(st), dc_imp_end(st))) continue;
        dc_imp_list l;
        dc_imp_list_build(m->arena, pat, NULL, &l);
        if (l.n && dc_imp_list_append(m, &l, name)) return true;
    }
    return false;
}

static TSNode ts_last_import(const dc_imp *m, bool cjs) {
    TSNode last = {0};
    uint32_t k = dc_imp_top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode n = dc_imp_top_named(m, i);
        if (cjs ? is_require_stmt(m, n, NULL, NULL) : dc_node_is(n, "import_statement")) last = n;
    }
    return last;
}

static char *ts_quoted(dc_imp *m, char quote, const char *module) {
    dc_style st = m->style;
    st.quote = quote;
    dc_buf b = DC_BUF_INIT;
    dc_render_string(&b, module, &st);
    char *s = dc_arena_strdup(m->arena, dc_buf_cstr(&b));
    dc_buf_free(&b);
    return s;
}

static bool ts_has_module(const dc_imp *m, const char *module) {
    uint32_t k = dc_imp_top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode n = dc_imp_top_named(m, i);
        if ((dc_node_is(n, "import_statement") && ts_source_is(m, n, module)) || is_require_stmt(m, n, module, NULL))
            return true;
    }
    return false;
}

bool dc_imp_ts_ensure(dc_imp *m, const char *module, const char *name) {
    ts_file tf = ts_inspect(m);
    const char *q = ts_quoted(m, tf.quote, module), *semi = tf.semi ? ";" : "", *sp = tf.spaced_braces ? " " : "";
    dc_imp_stmt sh = {"", "", "", true};
    if (!name) {
        if (ts_has_module(m, module)) return true;
        sh.head = tf.cjs ? "require(" : "import ";
        sh.name = q;
        sh.tail = tf.cjs ? dc_arena_printf(m->arena, ")%s", semi) : semi;
        sh.mergeable = false;
        return dc_imp_insert_statement(m, ts_last_import(m, tf.cjs), &sh);
    }
    dc_imp_found f = ts_find_binding(m, module, name);
    if (f == DC_IMP_FOUND_SAME) return true;
    if (f != DC_IMP_FOUND_NONE) return false;
    if (tf.cjs ? ts_merge_cjs(m, module, name) : ts_merge_es(m, &tf, module, name)) return true;
    sh.name = name;
    if (tf.cjs) {
        sh.head = dc_arena_printf(m->arena, "%s {%s", tf.decl_kw, sp);
        sh.tail = dc_arena_printf(m->arena, "%s} = require(%s)%s", sp, q, semi);
    } else {
        sh.head = dc_arena_printf(m->arena, "import {%s", sp);
        sh.tail = dc_arena_printf(m->arena, "%s} from %s%s", sp, q, semi);
    }
    return dc_imp_insert_statement(m, ts_last_import(m, tf.cjs), &sh);
}

static bool ts_remove_side_effect(dc_imp *m, const char *module) {
    uint32_t k = dc_imp_top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode n = dc_imp_top_named(m, i);
        bool bare = dc_node_is(n, "import_statement") && ts_source_is(m, n, module) && ts_node_is_null(ts_clause(n)) &&
                    ts_node_is_null(named_child_of_type(n, "import_require_clause"));
        bare = bare || (dc_node_is(n, "expression_statement") && is_require_call(m, ts_node_named_child(n, 0), module));
        if (!bare) continue;
        if (ts_node_has_error(n) || dc_range_touches_error(m->tree, dc_imp_start(n), dc_imp_end(n))) return false;
        uint32_t s, e;
        dc_imp_statement_extent(m, n, &s, &e);
        dc_imp_add_deletion(m, s, e);
    }
    return true;
}

static bool ts_remove_es(dc_imp *m, TSNode st, const char *name, const dc_range *deleted, uint32_t ndeleted) {
    TSNode clause = ts_clause(st), named = named_child_of_type(clause, "named_imports");
    if (ts_node_is_null(named)) return true;
    dc_imp_list l;
    dc_imp_list_build(m->arena, named, NULL, &l);
    for (uint32_t j = 0; j < l.n; j++) {
        dc_sv imported, bound;
        bool type_only;
        ts_spec(m, l.v[j].node, &imported, &bound, &type_only);
        if (!dc_sv_eq_cstr(imported, name)) continue;
        if (ts_node_has_error(st) || dc_range_touches_error(m->tree, dc_imp_start(st), dc_imp_end(st))) return false;
        if (dc_imp_count_refs(m, bound, deleted, ndeleted, (TSNode){0})) continue;
        dc_imp_removal r = {st, named, NULL, j, 0, 0};
        TSNode def = named_child_of_type(clause, "identifier");
        if (!ts_node_is_null(def) && dc_imp_end(def) < dc_imp_start(named)) {
            /* `import D, { a }` keeps `import D` */
            r.whole_start = dc_imp_end(def);
            r.whole_end = dc_imp_end(named);
        } else {
            dc_imp_statement_extent(m, st, &r.whole_start, &r.whole_end);
        }
        dc_imp_plan_removal(m, &r);
    }
    return true;
}

static bool ts_remove_cjs(dc_imp *m, TSNode st, const char *name, const dc_range *deleted, uint32_t ndeleted) {
    TSNode d = {0};
    is_require_stmt(m, st, NULL, &d);
    TSNode pat = dc_field(d, "name");
    if (!dc_node_is(pat, "object_pattern")) return true;
    dc_imp_list l;
    dc_imp_list_build(m->arena, pat, NULL, &l);
    for (uint32_t j = 0; j < l.n; j++) {
        dc_sv key, bound;
        if (!pattern_item(m, l.v[j].node, &key, &bound) || !dc_sv_eq_cstr(key, name)) continue;
        if (ts_node_has_error(st) || dc_range_touches_error(m->tree, dc_imp_start(st), dc_imp_end(st))) return false;
        if (dc_imp_count_refs(m, bound, deleted, ndeleted, st)) continue;
        dc_imp_removal r = {st, pat, NULL, j, 0, 0};
        /* with other declarators in the statement, an emptied pattern stays rather than guess */
        if (ts_node_named_child_count(st) == 1) dc_imp_statement_extent(m, st, &r.whole_start, &r.whole_end);
        dc_imp_plan_removal(m, &r);
    }
    return true;
}

bool dc_imp_ts_remove(dc_imp *m, const char *module, const char *name, const dc_range *deleted, uint32_t ndeleted) {
    if (!name) return ts_remove_side_effect(m, module);
    uint32_t k = dc_imp_top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode st = dc_imp_top_named(m, i), d = {0};
        bool ok = true;
        if (dc_node_is(st, "import_statement") && ts_source_is(m, st, module) && ts_node_has_error(st) &&
            dc_imp_word_in(dc_node_sv(m->src, st), dc_sv_cstr(name)))
            return false;
        if (dc_node_is(st, "import_statement") && ts_source_is(m, st, module) && !ts_import_is_type_only(st))
            ok = ts_remove_es(m, st, name, deleted, ndeleted);
        else if (is_require_stmt(m, st, module, &d) && !ts_node_is_null(d) && is_require_call(m, dc_field(d, "value"), module))
            ok = ts_remove_cjs(m, st, name, deleted, ndeleted);
        if (!ok) return false;
    }
    return true;
}

