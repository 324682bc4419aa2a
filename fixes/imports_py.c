/* imports_py.c: Python import statements for the import helpers (fixes/imports.h): finding a
 * binding at module scope, merging into `from m import a`, adding and removing imports. */
#include <stdlib.h>

#include "fixes/imports_p.h"

/* ---- Python ------------------------------------------------------------------------------ */

/* What an import item imports (its dotted name) and the name it binds. */
static void py_item(const dc_imp *m, TSNode item, bool from, dc_sv *imported, dc_sv *bound) {
    if (dc_node_is(item, "aliased_import")) {
        *imported = dc_node_sv(m->src, dc_field(item, "name"));
        *bound = dc_node_sv(m->src, dc_field(item, "alias"));
        return;
    }
    *imported = dc_node_sv(m->src, item);
    *bound = from || !ts_node_named_child_count(item) ? *imported : dc_node_sv(m->src, ts_node_named_child(item, 0));
}

static bool py_module_is(const dc_imp *m, TSNode stmt, const char *module) {
    TSNode mn = dc_field(stmt, "module_name");
    return !ts_node_is_null(mn) && dc_imp_eq_nows(dc_node_sv(m->src, mn), module);
}

static bool py_is_import(TSNode n) { return dc_node_is(n, "import_statement") || dc_node_is(n, "import_from_statement"); }

/* Module-scope imports, also those under a top-level if/try/with (optional imports). */
typedef struct py_imports {
    const dc_imp *m;
    DC_VEC(TSNode) v;
} py_imports;

static bool py_scope_visit(void *ud, TSNode n, const char *parent, const char *fieldname) {
    py_imports *pi = ud;
    /* names imported for type checkers only do not exist at run time */
    if (dc_node_is(n, "if_statement") &&
        dc_imp_word_in(dc_node_sv(pi->m->src, dc_field(n, "condition")), dc_sv_cstr("TYPE_CHECKING")))
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

/* Is `bind` already bound at module scope: by this very import (SAME), by something else
 * (OTHER: adding ours would shadow it), or only inside a broken statement (ERROR)? */
static dc_imp_found py_find_binding(const dc_imp *m, const char *module, const char *name, const char *bind) {
    py_imports pi = {m, {0}};
    dc_imp_walk(m, m->root, py_scope_visit, &pi);
    dc_imp_found res = DC_IMP_FOUND_NONE;
    for (uint32_t i = 0; i < pi.v.len && res != DC_IMP_FOUND_SAME; i++) {
        TSNode st = pi.v.v[i];
        bool from = dc_node_is(st, "import_from_statement");
        dc_imp_list l;
        dc_imp_list_build(m->arena, st, "name", &l);
        for (uint32_t j = 0; j < l.n; j++) {
            dc_sv imported, bound;
            py_item(m, l.v[j].node, from, &imported, &bound);
            if (!dc_sv_eq_cstr(bound, bind)) continue;
            if (dc_imp_pending_deleted(m->fix, dc_imp_start(l.v[j].node), dc_imp_end(l.v[j].node))) continue;
            bool same = name ? from && py_module_is(m, st, module) && dc_imp_eq_nows(imported, name)
                             : !from && dc_imp_eq_nows(imported, module) && !dc_node_is(l.v[j].node, "aliased_import");
            /* `import a.b` and `import a.c` both bind `a` to the same package */
            bool compatible = !name && !from && !dc_node_is(l.v[j].node, "aliased_import");
            if (same) res = DC_IMP_FOUND_SAME;
            else if (!compatible) res = DC_IMP_FOUND_OTHER;
        }
        /* a broken import of the module, or one that mentions the name: what it imports is unknown */
        bool mentions = (from && py_module_is(m, st, module)) || dc_imp_word_in(dc_node_sv(m->src, st), dc_sv_cstr(bind));
        if (res != DC_IMP_FOUND_SAME && ts_node_has_error(st) && mentions) res = DC_IMP_FOUND_ERROR;
    }
    dc_vec_free(&pi.v);
    return res;
}

static bool pattern_binds(const dc_imp *m, TSNode pat, const char *bind) {
    if (dc_node_is(pat, "identifier")) return dc_sv_eq_cstr(dc_node_sv(m->src, pat), bind);
    if (dc_node_is(pat, "attribute") || dc_node_is(pat, "subscript")) return false;
    uint32_t k = ts_node_named_child_count(pat);
    for (uint32_t i = 0; i < k; i++)
        if (pattern_binds(m, ts_node_named_child(pat, i), bind)) return true;
    return false;
}

/* A top-level def / class / assignment of the name: a new import would clash with it. */
static bool py_defines(const dc_imp *m, const char *bind) {
    uint32_t k = dc_imp_top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode n = dc_imp_top_named(m, i);
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

static TSNode py_last_import(const dc_imp *m) {
    TSNode last = {0};
    uint32_t k = dc_imp_top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode n = dc_imp_top_named(m, i);
        if (py_is_import(n) || dc_node_is(n, "future_import_statement")) last = n;
    }
    return last;
}

/* A top-level `from module import ...` that can take one more name. */
static bool py_merge(dc_imp *m, const char *module, const char *name) {
    uint32_t k = dc_imp_top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode st = dc_imp_top_named(m, i);
        if (!dc_node_is(st, "import_from_statement") || !py_module_is(m, st, module) || ts_node_has_error(st)) continue;
        if (dc_imp_pending_deleted(m->fix, dc_imp_start(st), dc_imp_end(st))) continue;
        dc_imp_list l;
        dc_imp_list_build(m->arena, st, "name", &l);
        if (l.n && dc_imp_list_append(m, &l, name)) return true;
    }
    return false;
}

bool dc_imp_py_ensure(dc_imp *m, const char *module, const char *name) {
    /* `import a.b` binds `a` */
    const char *bind = name ? name : dc_arena_strndup(m->arena, module, strcspn(module, "."));
    dc_imp_found f = py_find_binding(m, module, name, bind);
    if (f == DC_IMP_FOUND_SAME) return true;
    if (f != DC_IMP_FOUND_NONE || py_defines(m, bind)) return false;
    if (name && py_merge(m, module, name)) return true;
    dc_imp_stmt sh = {name ? dc_arena_printf(m->arena, "from %s import ", module) : "import ", "", name ? name : module,
                     name != NULL};
    return dc_imp_insert_statement(m, py_last_import(m), &sh);
}

bool dc_imp_py_remove(dc_imp *m, const char *module, const char *name, const dc_range *deleted, uint32_t ndeleted) {
    uint32_t k = dc_imp_top_named_count(m);
    for (uint32_t i = 0; i < k; i++) {
        TSNode st = dc_imp_top_named(m, i);
        bool from = dc_node_is(st, "import_from_statement");
        if (!(name ? from && py_module_is(m, st, module) : dc_node_is(st, "import_statement"))) continue;
        if (ts_node_has_error(st) && dc_imp_word_in(dc_node_sv(m->src, st), dc_sv_cstr(name ? name : module))) return false;
        dc_imp_list l;
        dc_imp_list_build(m->arena, st, "name", &l);
        for (uint32_t j = 0; j < l.n; j++) {
            dc_sv imported, bound;
            py_item(m, l.v[j].node, from, &imported, &bound);
            if (!dc_imp_eq_nows(imported, name ? name : module)) continue;
            if (ts_node_has_error(st) || dc_range_touches_error(m->tree, dc_imp_start(st), dc_imp_end(st))) return false;
            if (dc_imp_count_refs(m, bound, deleted, ndeleted, (TSNode){0})) continue;
            dc_imp_removal r = {st, st, "name", j, 0, 0};
            dc_imp_statement_extent(m, st, &r.whole_start, &r.whole_end);
            dc_imp_plan_removal(m, &r);
        }
    }
    return true;
}

