/* bindings_py.c: the facts Python nodes give the bindings walk (analysis/bindings.h): imports,
 * assignments (also to tuples, in class bodies, walrus), `with ... as`, annotated parameters,
 * functions and properties. */
#include <stdlib.h>
#include <string.h>

#include "analysis/bindings_p.h"

/* Spellings an assignment target is reachable by. A name bound in a Python class body is an
 * attribute of the instances and of the class; `cls.x` is also `self.x`. */
static uint8_t py_targets(dc_bind_walker *w, TSNode left, dc_sv **out) {
    dc_bind_kind k = dc_bind_kind_of(w, left);
    if (!dc_bind_is_target(k)) return 0;
    dc_sv t = dc_bind_norm_node(w, left);
    if (!t.len) return 0;
    dc_sv *ts = dc_bind_targets1(w, t);
    uint8_t n = 1;
    if (k == DC_K_IDENTIFIER && dc_bind_in_class_body(w)) {
        dc_sv cls = dc_bind_top_ctx(w)->name;
        ts[0] = dc_bind_prefix(w->arena, "self.", t);
        ts[1] = dc_bind_prefix(w->arena, "cls.", t);
        n = 2;
        if (cls.len) ts[n++] = dc_bind_dot(w->arena, cls, t);
    } else if (dc_bind_starts(t, "cls.")) {
        ts[n++] = dc_bind_prefix(w->arena, "self.", dc_sv_from(t.p + 4, t.len - 4));
    }
    *out = ts;
    return n;
}

/* ---- Python facts -------------------------------------------------------------------- */

static void py_import(dc_bind_walker *w, TSNode n) {
    TSTreeCursor c = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            if (ts_tree_cursor_current_field_id(&c) != w->f_name || !w->f_name) continue;
            TSNode item = ts_tree_cursor_current_node(&c);
            TSNode mod = item, alias = {0};
            if (dc_bind_kind_of(w, item) == DC_K_ALIASED_IMPORT) {
                mod = dc_bind_field(w, item, w->f_name);
                alias = dc_bind_field(w, item, w->f_alias);
            }
            if (!dc_bind_present(mod)) continue;
            dc_sv module = dc_node_sv(w->src, mod);
            dc_sv local = dc_bind_present(alias) ? dc_node_sv(w->src, alias) : module;
            int sdk;
            dc_bind_pkg k = dc_bind_record_import(w, module, dc_sv_from("", 0), local, n, &sdk, DC_PIMPORT_NAMESPACE);
            if (k != DC_PKG_CORE) continue;
            if (dc_bind_present(alias)) {
                /* `import devcaster.sub as m` binds the submodule, which has no client class. */
                if (memchr(module.p, '.', module.len) == NULL) dc_bind_module_class(w, k, sdk, local);
            } else {
                /* `import devcaster.types` still binds `devcaster`. */
                uint32_t r = 0;
                while (r < module.len && module.p[r] != '.') r++;
                dc_bind_module_class(w, k, sdk, dc_sv_from(module.p, r));
            }
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
}

/* `from .m import a, b as c` / `from . import x`: a relative import is always the project's. */
static void py_import_relative(dc_bind_walker *w, TSNode n, dc_sv module) {
    TSTreeCursor c = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode item = ts_tree_cursor_current_node(&c);
            dc_bind_kind k = dc_bind_kind_of(w, item);
            if (k == DC_K_WILDCARD_IMPORT && dc_bind_module_level(w)) dc_vec_push(&w->stars, module);
            if (ts_tree_cursor_current_field_id(&c) != w->f_name || !w->f_name) continue;
            TSNode name = item, alias = {0};
            if (k == DC_K_ALIASED_IMPORT) {
                name = dc_bind_field(w, item, w->f_name);
                alias = dc_bind_field(w, item, w->f_alias);
            }
            if (!dc_bind_present(name)) continue;
            dc_sv nm = dc_node_sv(w->src, name);
            dc_bind_record_pimport(w, module, nm, dc_bind_present(alias) ? dc_node_sv(w->src, alias) : nm, n,
                                   DC_PIMPORT_NAMED);
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
}

static void py_import_from(dc_bind_walker *w, TSNode n) {
    TSNode mod = dc_bind_field(w, n, w->f_module_name);
    if (!dc_bind_present(mod)) return;
    dc_sv module = dc_node_sv(w->src, mod);
    if (dc_bind_kind_of(w, mod) == DC_K_RELATIVE_IMPORT) {
        py_import_relative(w, n, dc_bind_norm_node(w, mod));
        return;
    }
    TSTreeCursor c = ts_tree_cursor_new(n);
    bool any = false;
    if (ts_tree_cursor_goto_first_child(&c)) {
        do {
            TSNode item = ts_tree_cursor_current_node(&c);
            dc_bind_kind k = dc_bind_kind_of(w, item);
            int sdk;
            if (k == DC_K_WILDCARD_IMPORT) {
                dc_bind_pkg pk = dc_bind_record_import(w, module, dc_sv_cstr("*"), dc_sv_from("", 0), n, &sdk, DC_PIMPORT_NAMED);
                if (pk == DC_PKG_CORE) dc_bind_add_class(w, dc_sv_cstr(dc_bind_sdk_class(sdk)));
                if (pk == DC_PKG_NONE && dc_bind_module_level(w)) dc_vec_push(&w->stars, module);
                any = true;
                continue;
            }
            if (ts_tree_cursor_current_field_id(&c) != w->f_name || !w->f_name) continue;
            TSNode name = item, alias = {0};
            if (k == DC_K_ALIASED_IMPORT) {
                name = dc_bind_field(w, item, w->f_name);
                alias = dc_bind_field(w, item, w->f_alias);
            }
            if (!dc_bind_present(name)) continue;
            dc_sv nm = dc_node_sv(w->src, name);
            dc_sv local = dc_bind_present(alias) ? dc_node_sv(w->src, alias) : nm;
            dc_bind_pkg pk = dc_bind_record_import(w, module, nm, local, n, &sdk, DC_PIMPORT_NAMED);
            dc_bind_named_class(w, pk, sdk, nm, local);
            any = true;
        } while (ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    if (!any) dc_bind_record_import(w, module, dc_sv_from("", 0), dc_sv_from("", 0), n, NULL, DC_PIMPORT_NAMED);
}

/* `m = importlib.import_module("app.clients")`: a namespace import with a literal name. */
static bool py_import_module(dc_bind_walker *w, TSNode left, TSNode right) {
    if (dc_bind_kind_of(w, left) != DC_K_IDENTIFIER || dc_bind_kind_of(w, right) != DC_K_CALL) return false;
    dc_sv fn = dc_bind_norm_node(w, dc_bind_field(w, right, w->f_function));
    if (!dc_sv_eq_cstr(fn, "importlib.import_module") && !dc_sv_eq_cstr(fn, "import_module")) return false;
    TSNode args = dc_bind_field(w, right, w->f_arguments);
    TSNode arg = dc_bind_present(args) ? dc_bind_first_named(args) : (TSNode){0};
    if (!dc_bind_present(arg) || dc_bind_kind_of(w, arg) != DC_K_STRING) return false;
    dc_sv t = dc_node_sv(w->src, arg);
    if (t.len < 3 || (t.p[0] != '"' && t.p[0] != '\'')) return false;
    dc_sv mod = dc_sv_from(t.p + 1, t.len - 2);
    for (uint32_t i = 0; i < mod.len; i++)
        if (!((mod.p[i] >= 'a' && mod.p[i] <= 'z') || (mod.p[i] >= 'A' && mod.p[i] <= 'Z') || (mod.p[i] >= '0' && mod.p[i] <= '9') ||
              mod.p[i] == '_' || mod.p[i] == '.'))
            return false;
    dc_bind_record_pimport(w, mod, dc_sv_from("", 0), dc_node_sv(w->src, left), right, DC_PIMPORT_NAMESPACE);
    return true;
}

static void py_assignment(dc_bind_walker *w, TSNode n) {
    TSNode left = dc_bind_field(w, n, w->f_left), right = dc_bind_field(w, n, w->f_right), type = dc_bind_field(w, n, w->f_type);
    if (!dc_bind_present(left)) return;
    /* `a = b = Devcaster()`: the inner assignment is its own node; `a` gets the same value. */
    for (int guard = 0; dc_bind_present(right) && dc_bind_kind_of(w, right) == DC_K_ASSIGNMENT && guard < 64; guard++)
        right = dc_bind_field(w, right, w->f_right);
    dc_bind_kind lk = dc_bind_kind_of(w, left);
    if ((lk == DC_K_PATTERN_LIST || lk == DC_K_TUPLE_PATTERN) && dc_bind_present(right)) {
        dc_bind_kind rk = dc_bind_kind_of(w, right);
        uint32_t nl = ts_node_named_child_count(left);
        if ((rk == DC_K_EXPRESSION_LIST || rk == DC_K_TUPLE) && ts_node_named_child_count(right) == nl) {
            for (uint32_t i = 0; i < nl; i++) {
                dc_sv *ts;
                uint8_t nt = py_targets(w, ts_node_named_child(left, i), &ts);
                if (nt) dc_bind_cand_value(w, ts, nt, ts_node_named_child(right, i), true);
            }
        }
        return;
    }
    if (dc_bind_module_level(w) && lk == DC_K_IDENTIFIER) dc_bind_define(w, dc_node_sv(w->src, left), n, DC_DEF_VAR);
    if (dc_bind_present(right) && py_import_module(w, left, right)) return;
    dc_sv *ts;
    uint8_t nt = py_targets(w, left, &ts);
    if (!nt) return;
    if (dc_bind_present(type)) dc_bind_cand_type(w, ts, nt, type);
    if (!dc_bind_present(right)) return;
    if (dc_bind_kind_of(w, right) == DC_K_LAMBDA)
        dc_bind_set_pending(w, right, dc_bind_call_receivers(w, ts, nt), nt);
    else
        dc_bind_cand_value(w, ts, nt, right, true);
}

/* Decorated with @property / @cached_property / @functools.cached_property? */
static bool py_is_property(dc_bind_walker *w, uint32_t depth) {
    if (depth == 0 || dc_bind_kind_of(w, w->path.v[depth - 1]) != DC_K_DECORATED_DEFINITION) return false;
    TSNode dd = w->path.v[depth - 1];
    bool prop = false;
    uint32_t nc = ts_node_named_child_count(dd);
    for (uint32_t i = 0; i < nc && !prop; i++) {
        TSNode d = ts_node_named_child(dd, i);
        if (dc_bind_kind_of(w, d) != DC_K_DECORATOR) continue;
        dc_sv t = dc_bind_norm_node(w, d);
        prop = t.len >= 8 && memcmp(t.p + t.len - 8, "property", 8) == 0;
    }
    return prop;
}

static void py_function(dc_bind_walker *w, TSNode n, uint32_t depth) {
    TSNode name = dc_bind_field(w, n, w->f_name);
    if (dc_bind_module_level(w) && dc_bind_present(name)) dc_bind_define(w, dc_node_sv(w->src, name), n, DC_DEF_FUNC);
    dc_sv *recv = NULL;
    uint8_t nrecv = 0;
    if (dc_bind_present(name)) {
        dc_sv nm = dc_node_sv(w->src, name);
        recv = dc_arena_alloc(w->arena, sizeof(dc_sv) * 3);
        if (dc_bind_in_class_body(w)) {
            dc_sv cls = dc_bind_top_ctx(w)->name;
            if (py_is_property(w, depth)) {
                recv[nrecv++] = dc_bind_prefix(w->arena, "self.", nm);
            } else {
                recv[nrecv++] = dc_bind_concat(w->arena, dc_bind_prefix(w->arena, "self.", nm), "()");
                recv[nrecv++] = dc_bind_concat(w->arena, dc_bind_prefix(w->arena, "cls.", nm), "()");
                if (cls.len) recv[nrecv++] = dc_bind_concat(w->arena, dc_bind_dot(w->arena, cls, nm), "()");
            }
        } else {
            recv[nrecv++] = dc_bind_concat(w->arena, nm, "()");
        }
    }
    dc_bind_push_func(w, depth, recv, nrecv);
    TSNode rt = dc_bind_field(w, n, w->f_return_type);
    if (nrecv && dc_bind_present(rt)) dc_bind_cand_type(w, recv, nrecv, rt);
}

/* FastAPI: a parameter defaulting to `Depends(get_client)` is what get_client() returns. */
static void py_depends(dc_bind_walker *w, TSNode n) {
    TSNode id = dc_bind_field(w, n, w->f_name), value = dc_bind_field(w, n, w->f_value);
    if (!dc_bind_present(id) || !dc_bind_present(value) || dc_bind_kind_of(w, value) != DC_K_CALL) return;
    dc_sv fn = dc_bind_norm_node(w, dc_bind_field(w, value, w->f_function));
    if (!dc_sv_eq_cstr(fn, "Depends") && !dc_sv_eq_cstr(fn, "fastapi.Depends")) return;
    TSNode args = dc_bind_field(w, value, w->f_arguments);
    TSNode dep = dc_bind_present(args) ? dc_bind_first_named(args) : (TSNode){0};
    if (dc_bind_present(dep)) dc_bind_cand_call(w, dc_bind_targets1(w, dc_node_sv(w->src, id)), 1, dep);
}

bool dc_bind_visit_py(dc_bind_walker *w, TSNode n, dc_bind_kind k, uint32_t depth) {
    switch (k) {
    case DC_K_IMPORT_STATEMENT: py_import(w, n); return false;
    case DC_K_IMPORT_FROM: py_import_from(w, n); return false;
    case DC_K_ASSIGNMENT: py_assignment(w, n); return true;
    case DC_K_NAMED_EXPRESSION: {
        TSNode name = dc_bind_field(w, n, w->f_name);
        if (dc_bind_present(name))
            dc_bind_cand_value(w, dc_bind_targets1(w, dc_bind_norm_node(w, name)), 1, dc_bind_field(w, n, w->f_value), true);
        return true;
    }
    case DC_K_AS_PATTERN: {
        /* only `with X() as name`: `except E as e` and match patterns bind other things */
        if (depth == 0 || dc_bind_kind_of(w, w->path.v[depth - 1]) != DC_K_WITH_ITEM) return true;
        TSNode alias = dc_bind_field(w, n, w->f_alias), value = dc_bind_first_named(n);
        if (!dc_bind_present(alias) || !dc_bind_present(value) || ts_node_eq(alias, value)) return true;
        TSNode target = dc_bind_first_named(alias);
        dc_sv *ts;
        uint8_t nt = dc_bind_present(target) ? py_targets(w, target, &ts) : 0;
        if (nt) dc_bind_cand_value(w, ts, nt, value, false);
        return true;
    }
    case DC_K_TYPED_PARAMETER: {
        TSNode id = dc_bind_first_named(n);
        if (dc_bind_present(id) && dc_bind_kind_of(w, id) == DC_K_IDENTIFIER)
            dc_bind_cand_type(w, dc_bind_targets1(w, dc_node_sv(w->src, id)), 1, dc_bind_field(w, n, w->f_type));
        return true;
    }
    case DC_K_TYPED_DEFAULT_PARAMETER: {
        TSNode id = dc_bind_field(w, n, w->f_name);
        if (dc_bind_present(id))
            dc_bind_cand_type(w, dc_bind_targets1(w, dc_node_sv(w->src, id)), 1, dc_bind_field(w, n, w->f_type));
        py_depends(w, n);
        return true;
    }
    case DC_K_DEFAULT_PARAMETER: py_depends(w, n); return true;
    case DC_K_ATTRIBUTE:
        if (w->pimports.len) dc_bind_record_access(w, n);
        return true;
    case DC_K_FUNCTION_DEFINITION: py_function(w, n, depth); return true;
    case DC_K_LAMBDA: dc_bind_anon_function(w, n, depth); return true;
    case DC_K_CLASS_DEFINITION:
        if (dc_bind_module_level(w)) dc_bind_define(w, dc_node_sv(w->src, dc_bind_field(w, n, w->f_name)), n, DC_DEF_CLASS);
        dc_bind_push_class(w, depth, dc_bind_field(w, n, w->f_name));
        return true;
    case DC_K_RETURN: dc_bind_returns(w, n); return true;
    case DC_K_STRING:
    case DC_K_COMMENT: return false;
    default: return true;
    }
}

