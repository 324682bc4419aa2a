/* bindings_ts.c: the facts TypeScript / JavaScript nodes give the bindings walk
 * (analysis/bindings.h): ES imports, require(), declarations and assignments, class fields and
 * parameter properties, typed parameters, functions and methods. */
#include <stdlib.h>
#include <string.h>

#include "analysis/bindings_p.h"

/* ---- TypeScript / JavaScript facts --------------------------------------------------- */

/* The module of a string literal node, without its quotes. */
static dc_sv string_value(dc_bind_walker *w, TSNode s) {
    if (!dc_bind_present(s) || dc_bind_kind_of(w, s) != DC_K_STRING) return dc_sv_from("", 0);
    dc_sv t = dc_node_sv(w->src, s);
    if (t.len < 2) return dc_sv_from("", 0);
    return dc_sv_from(t.p + 1, t.len - 2);
}

static void ts_import(dc_bind_walker *w, TSNode n) {
    /* `import m = require("...")` keeps its source inside the clause, so no early return. */
    dc_sv module = string_value(w, dc_bind_field(w, n, w->f_source));
    int sdk;
    bool any = false;
    uint32_t nc = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode cl = ts_node_named_child(n, i);
        dc_bind_kind ck = dc_bind_kind_of(w, cl);
        if (ck == DC_K_IMPORT_REQUIRE_CLAUSE) {
            /* import m = require("...") */
            TSNode id = dc_bind_first_named(cl);
            dc_sv mod2 = string_value(w, dc_bind_field(w, cl, w->f_source));
            if (!dc_bind_present(id) || !mod2.len) continue;
            dc_bind_pkg pk = dc_bind_record_import(w, mod2, dc_sv_from("", 0), dc_node_sv(w->src, id), n, &sdk, DC_PIMPORT_REQUIRE);
            dc_bind_module_class(w, pk, sdk, dc_node_sv(w->src, id));
            any = true;
            continue;
        }
        if (ck != DC_K_IMPORT_CLAUSE || !module.len) continue;
        uint32_t nn = ts_node_named_child_count(cl);
        for (uint32_t j = 0; j < nn; j++) {
            TSNode part = ts_node_named_child(cl, j);
            dc_bind_kind pk_ = dc_bind_kind_of(w, part);
            if (pk_ == DC_K_IDENTIFIER) { /* default import: with esModuleInterop, the module */
                dc_sv local = dc_node_sv(w->src, part);
                dc_bind_pkg pk = dc_bind_record_import(w, module, dc_sv_cstr("default"), local, n, &sdk, DC_PIMPORT_DEFAULT);
                dc_bind_module_class(w, pk, sdk, local);
                any = true;
            } else if (pk_ == DC_K_NAMESPACE_IMPORT) {
                TSNode id = dc_bind_first_named(part);
                if (!dc_bind_present(id)) continue;
                dc_sv local = dc_node_sv(w->src, id);
                dc_bind_pkg pk = dc_bind_record_import(w, module, dc_sv_from("", 0), local, n, &sdk, DC_PIMPORT_NAMESPACE);
                dc_bind_module_class(w, pk, sdk, local);
                any = true;
            } else if (pk_ == DC_K_NAMED_IMPORTS) {
                uint32_t ns = ts_node_named_child_count(part);
                for (uint32_t s = 0; s < ns; s++) {
                    TSNode spec = ts_node_named_child(part, s);
                    if (dc_bind_kind_of(w, spec) != DC_K_IMPORT_SPECIFIER) continue;
                    TSNode name = dc_bind_field(w, spec, w->f_name), alias = dc_bind_field(w, spec, w->f_alias);
                    if (!dc_bind_present(name)) continue;
                    dc_sv nm = dc_node_sv(w->src, name);
                    dc_sv local = dc_bind_present(alias) ? dc_node_sv(w->src, alias) : nm;
                    dc_bind_pkg pk = dc_bind_record_import(w, module, nm, local, n, &sdk, DC_PIMPORT_NAMED);
                    dc_bind_named_class(w, pk, sdk, nm, local);
                    any = true;
                }
            }
        }
    }
    if (!any && module.len) dc_bind_record_import(w, module, dc_sv_from("", 0), dc_sv_from("", 0), n, NULL, DC_PIMPORT_NAMED);
}

static TSNode unwrap(dc_bind_walker *w, TSNode v) {
    for (int guard = 0; dc_bind_present(v) && guard < 16; guard++) {
        dc_bind_kind k = dc_bind_kind_of(w, v);
        if (k != DC_K_AWAIT_EXPRESSION && k != DC_K_PAREN && k != DC_K_NON_NULL_EXPRESSION) break;
        v = dc_bind_first_named(v);
    }
    return v;
}

/* The module of `require("m")` / `import("m")`, or empty. */
static dc_sv require_module(dc_bind_walker *w, TSNode v) {
    v = unwrap(w, v);
    if (!dc_bind_present(v) || dc_bind_kind_of(w, v) != DC_K_CALL_EXPRESSION) return dc_sv_from("", 0);
    TSNode fn = dc_bind_field(w, v, w->f_function);
    if (!dc_bind_present(fn)) return dc_sv_from("", 0);
    dc_bind_kind fk = dc_bind_kind_of(w, fn);
    if (!(fk == DC_K_IMPORT_KEYWORD || (fk == DC_K_IDENTIFIER && dc_sv_eq_cstr(dc_node_sv(w->src, fn), "require"))))
        return dc_sv_from("", 0);
    TSNode args = dc_bind_field(w, v, w->f_arguments);
    return dc_bind_present(args) ? string_value(w, dc_bind_first_named(args)) : dc_sv_from("", 0);
}

/* `import("m")` (a namespace object), not `require("m")`. */
static bool dynamic_import(dc_bind_walker *w, TSNode v) {
    v = unwrap(w, v);
    TSNode fn = dc_bind_present(v) ? dc_bind_field(w, v, w->f_function) : (TSNode){0};
    return dc_bind_present(fn) && dc_bind_kind_of(w, fn) == DC_K_IMPORT_KEYWORD;
}

/* The whole statement for an import's range: the declaration, not just one declarator. */
static TSNode declaration_of(dc_bind_walker *w, TSNode decl, uint32_t depth) {
    if (depth > 0) {
        dc_bind_kind pk = dc_bind_kind_of(w, w->path.v[depth - 1]);
        if (pk == DC_K_LEXICAL_DECLARATION || pk == DC_K_VARIABLE_DECLARATION) return w->path.v[depth - 1];
    }
    return decl;
}

/* const m = require(...); const { A, B: C } = require(...); const A = require(...).A */
static bool ts_require(dc_bind_walker *w, TSNode decl, TSNode name, TSNode value, uint32_t depth) {
    dc_sv module = require_module(w, value);
    dc_sv member = {0};
    if (!module.len) {
        TSNode v = unwrap(w, value);
        if (!dc_bind_present(v) || dc_bind_kind_of(w, v) != DC_K_MEMBER_EXPRESSION) return false;
        module = require_module(w, dc_bind_field(w, v, w->f_object));
        if (!module.len) return false;
        member = dc_node_sv(w->src, dc_bind_field(w, v, w->f_property));
    }
    TSNode stmt = declaration_of(w, decl, depth);
    int sdk;
    dc_bind_kind nk = dc_bind_kind_of(w, name);
    if (nk == DC_K_IDENTIFIER) {
        dc_sv local = dc_node_sv(w->src, name);
        if (member.len) {
            dc_bind_pkg pk = dc_bind_record_import(w, module, member, local, stmt, &sdk, DC_PIMPORT_NAMED);
            dc_bind_named_class(w, pk, sdk, member, local);
        } else {
            dc_bind_pkg pk = dc_bind_record_import(w, module, dc_sv_from("", 0), local, stmt, &sdk,
                                                   dynamic_import(w, value) ? DC_PIMPORT_NAMESPACE : DC_PIMPORT_REQUIRE);
            dc_bind_module_class(w, pk, sdk, local);
        }
    } else if (nk == DC_K_OBJECT_PATTERN && !member.len) {
        bool any = false;
        uint32_t nc = ts_node_named_child_count(name);
        for (uint32_t i = 0; i < nc; i++) {
            TSNode p = ts_node_named_child(name, i);
            dc_bind_kind pk_ = dc_bind_kind_of(w, p);
            dc_sv nm = {0}, local = {0};
            if (pk_ == DC_K_SHORTHAND_PROPERTY_IDENTIFIER_PATTERN) {
                nm = local = dc_node_sv(w->src, p);
            } else if (pk_ == DC_K_OBJECT_ASSIGNMENT_PATTERN) { /* { Devcaster = Fallback } */
                nm = local = dc_node_sv(w->src, dc_bind_field(w, p, w->f_left));
            } else if (pk_ == DC_K_PAIR_PATTERN) {
                TSNode key = dc_bind_field(w, p, w->f_key), val = dc_bind_field(w, p, w->f_value);
                if (!dc_bind_present(key) || !dc_bind_present(val)) continue;
                if (dc_bind_kind_of(w, val) == DC_K_OBJECT_ASSIGNMENT_PATTERN) val = dc_bind_field(w, val, w->f_left);
                if (dc_bind_kind_of(w, val) != DC_K_IDENTIFIER) continue;
                nm = dc_node_sv(w->src, key);
                local = dc_node_sv(w->src, val);
            } else {
                continue;
            }
            if (!nm.len) continue;
            dc_bind_pkg pk = dc_bind_record_import(w, module, nm, local, stmt, &sdk, DC_PIMPORT_NAMED);
            dc_bind_named_class(w, pk, sdk, nm, local);
            any = true;
        }
        if (!any) dc_bind_record_import(w, module, dc_sv_from("", 0), dc_sv_from("", 0), stmt, NULL, DC_PIMPORT_NAMED);
    } else {
        dc_bind_record_import(w, module, member, dc_sv_from("", 0), stmt, NULL, DC_PIMPORT_NAMED);
    }
    return true;
}

static bool is_function_value(dc_bind_kind k) { return k == DC_K_ARROW_FUNCTION || k == DC_K_FUNCTION_EXPRESSION; }

static void ts_declarator(dc_bind_walker *w, TSNode n, uint32_t depth) {
    TSNode name = dc_bind_field(w, n, w->f_name), value = dc_bind_field(w, n, w->f_value), type = dc_bind_field(w, n, w->f_type);
    if (!dc_bind_present(name)) return;
    if (dc_bind_present(value) && ts_require(w, n, name, value, depth)) return;
    if (dc_bind_kind_of(w, name) != DC_K_IDENTIFIER) return;
    if (dc_bind_module_level(w)) dc_bind_define(w, dc_node_sv(w->src, name), n, DC_DEF_VAR);
    dc_sv *ts = dc_bind_targets1(w, dc_node_sv(w->src, name));
    if (dc_bind_present(type)) dc_bind_cand_type(w, ts, 1, type);
    if (!dc_bind_present(value)) return;
    if (is_function_value(dc_bind_kind_of(w, value)))
        dc_bind_set_pending(w, value, dc_bind_call_receivers(w, ts, 1), 1);
    else
        dc_bind_cand_value(w, ts, 1, value, true);
}

static void ts_assignment(dc_bind_walker *w, TSNode n) {
    TSNode left = dc_bind_field(w, n, w->f_left), right = dc_bind_field(w, n, w->f_right);
    if (!dc_bind_present(left) || !dc_bind_present(right) || !dc_bind_is_target(dc_bind_kind_of(w, left))) return;
    for (int guard = 0; dc_bind_present(right) && dc_bind_kind_of(w, right) == DC_K_ASSIGNMENT_EXPRESSION && guard < 64; guard++)
        right = dc_bind_field(w, right, w->f_right);
    if (!dc_bind_present(right)) return;
    dc_sv *ts = dc_bind_targets1(w, dc_bind_norm_node(w, left));
    if (!ts[0].len) return;
    if (dc_bind_module_level(w)) dc_bind_commonjs(w, n, ts[0], right);
    if (is_function_value(dc_bind_kind_of(w, right)))
        dc_bind_set_pending(w, right, dc_bind_call_receivers(w, ts, 1), 1);
    else
        dc_bind_cand_value(w, ts, 1, right, true);
}

/* Scans a node's direct children for anonymous keywords and modifiers. */
typedef struct ts_mods {
    bool is_static, is_get, is_set, param_property;
} ts_mods;

static ts_mods ts_modifiers(dc_bind_walker *w, TSNode n) {
    ts_mods m = {0};
    uint32_t nc = ts_node_child_count(n);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = ts_node_child(n, i);
        dc_bind_kind k = dc_bind_kind_of(w, c);
        if (k == DC_K_ACCESSIBILITY_MODIFIER || k == DC_K_OVERRIDE_MODIFIER) {
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
static uint8_t member_spellings(dc_bind_walker *w, dc_sv nm, bool is_static, const char *suffix, dc_sv **out) {
    dc_sv *r = dc_arena_alloc(w->arena, sizeof(dc_sv) * 3);
    uint8_t n = 0;
    r[n++] = dc_bind_concat(w->arena, dc_bind_prefix(w->arena, "this.", nm), suffix);
    const dc_bind_ctx *c = dc_bind_top_ctx(w);
    if (is_static && c && c->kind == DC_CTX_CLASS && c->name.len)
        r[n++] = dc_bind_concat(w->arena, dc_bind_dot(w->arena, c->name, nm), suffix);
    *out = r;
    return n;
}

static void ts_field(dc_bind_walker *w, TSNode n, dc_bind_kind k) {
    if (!dc_bind_in_class_body(w)) return;
    TSNode name = dc_bind_field(w, n, k == DC_K_FIELD_DEFINITION ? w->f_property : w->f_name);
    if (!dc_bind_present(name)) return;
    ts_mods m = ts_modifiers(w, n);
    dc_sv *ts;
    uint8_t nt = member_spellings(w, dc_node_sv(w->src, name), m.is_static, "", &ts);
    TSNode type = dc_bind_field(w, n, w->f_type), value = dc_bind_field(w, n, w->f_value);
    if (dc_bind_present(type)) dc_bind_cand_type(w, ts, nt, type);
    if (!dc_bind_present(value)) return;
    if (is_function_value(dc_bind_kind_of(w, value)))
        dc_bind_set_pending(w, value, dc_bind_call_receivers(w, ts, nt), nt);
    else
        dc_bind_cand_value(w, ts, nt, value, true);
}

static void ts_parameter(dc_bind_walker *w, TSNode n) {
    TSNode pat = dc_bind_field(w, n, w->f_pattern), type = dc_bind_field(w, n, w->f_type);
    if (!dc_bind_present(pat) || !dc_bind_present(type) || dc_bind_kind_of(w, pat) != DC_K_IDENTIFIER) return;
    dc_sv nm = dc_node_sv(w->src, pat);
    dc_sv *ts = dc_bind_targets1(w, nm);
    uint8_t nt = 1;
    /* constructor(private readonly dc: Devcaster) also declares this.dc */
    if (ts_modifiers(w, n).param_property) ts[nt++] = dc_bind_prefix(w->arena, "this.", nm);
    dc_bind_cand_type(w, ts, nt, type);
}

static void ts_named_function(dc_bind_walker *w, TSNode n, uint32_t depth) {
    TSNode name = dc_bind_field(w, n, w->f_name);
    if (dc_bind_module_level(w) && dc_bind_present(name)) dc_bind_define(w, dc_node_sv(w->src, name), n, DC_DEF_FUNC);
    dc_sv *recv = NULL;
    uint8_t nrecv = 0;
    if (dc_bind_present(name)) {
        recv = dc_bind_targets1(w, dc_bind_concat(w->arena, dc_node_sv(w->src, name), "()"));
        nrecv = 1;
    }
    dc_bind_push_func(w, depth, recv, nrecv);
    TSNode rt = dc_bind_field(w, n, w->f_return_type);
    if (nrecv && dc_bind_present(rt)) dc_bind_cand_type(w, recv, nrecv, rt);
}

static void ts_method(dc_bind_walker *w, TSNode n, uint32_t depth) {
    dc_sv *recv = NULL;
    uint8_t nrecv = 0;
    TSNode name = dc_bind_field(w, n, w->f_name);
    /* Object-literal methods have no receiver we could name. */
    if (dc_bind_in_class_body(w) && dc_bind_present(name)) {
        ts_mods m = ts_modifiers(w, n);
        if (!m.is_set) nrecv = member_spellings(w, dc_node_sv(w->src, name), m.is_static, m.is_get ? "" : "()", &recv);
    }
    dc_bind_push_func(w, depth, recv, nrecv);
    TSNode rt = dc_bind_field(w, n, w->f_return_type);
    if (nrecv && dc_bind_present(rt)) dc_bind_cand_type(w, recv, nrecv, rt);
}

bool dc_bind_visit_ts(dc_bind_walker *w, TSNode n, dc_bind_kind k, uint32_t depth) {
    switch (k) {
    case DC_K_IMPORT_STATEMENT: ts_import(w, n); return false;
    case DC_K_VARIABLE_DECLARATOR: ts_declarator(w, n, depth); return true;
    case DC_K_ASSIGNMENT_EXPRESSION: ts_assignment(w, n); return true;
    case DC_K_PUBLIC_FIELD_DEFINITION:
    case DC_K_FIELD_DEFINITION: ts_field(w, n, k); return true;
    case DC_K_REQUIRED_PARAMETER:
    case DC_K_OPTIONAL_PARAMETER: ts_parameter(w, n); return true;
    case DC_K_FUNCTION_DECLARATION:
    case DC_K_FUNCTION_SIGNATURE: ts_named_function(w, n, depth); return true;
    case DC_K_GENERATOR_FUNCTION_DECLARATION:
    case DC_K_GENERATOR_FUNCTION: dc_bind_push_func(w, depth, NULL, 0); return true; /* yields, never returns a client */
    case DC_K_FUNCTION_EXPRESSION:
    case DC_K_ARROW_FUNCTION: dc_bind_anon_function(w, n, depth); return true;
    case DC_K_METHOD_DEFINITION:
    case DC_K_ABSTRACT_METHOD_SIGNATURE: ts_method(w, n, depth); return true;
    case DC_K_CLASS_DECLARATION:
    case DC_K_CLASS:
    case DC_K_ABSTRACT_CLASS_DECLARATION:
        if (dc_bind_module_level(w) && k != DC_K_CLASS)
            dc_bind_define(w, dc_node_sv(w->src, dc_bind_field(w, n, w->f_name)), n, DC_DEF_CLASS);
        dc_bind_push_class(w, depth, dc_bind_field(w, n, w->f_name));
        return true;
    case DC_K_EXPORT_STATEMENT: return dc_bind_export_ts(w, n);
    case DC_K_MEMBER_EXPRESSION:
        if (w->pimports.len) dc_bind_record_access(w, n);
        return true;
    case DC_K_RETURN: dc_bind_returns(w, n); return true;
    case DC_K_STRING:
    case DC_K_TEMPLATE_STRING:
    case DC_K_COMMENT: return false;
    default: return true;
    }
}

