/* bindings_tsexp.c: what a TypeScript / JavaScript module exports, for its exported facts
 * (bindings_export.c): ES `export` statements in all their forms and CommonJS `module.exports`
 * / `exports.x`, each recorded as a public name of a local, a re-export of another module's
 * name, or a star re-export. Only at module level: an `export` inside `declare namespace` or a
 * function is no export of the file. */
#include <string.h>

#include "analysis/bindings_p.h"

static void pubexp(dc_bind_walker *w, dc_sv public_, dc_sv local, dc_sv spec, dc_sv name, TSNode at) {
    if (!public_.len || (!local.len && !spec.len)) return;
    dc_bind_pubexp e = {public_, local, spec, name, ts_node_start_point(at).row + 1};
    dc_vec_push(&w->pubexps, e);
}

static dc_sv quoted(dc_bind_walker *w, TSNode s) {
    if (!dc_bind_present(s)) return dc_sv_from("", 0);
    dc_sv t = dc_node_sv(w->src, s);
    if (dc_bind_kind_of(w, s) != DC_K_STRING || t.len < 2) return t;
    return dc_sv_from(t.p + 1, t.len - 2);
}

static bool has_default_keyword(TSNode n) {
    uint32_t nc = ts_node_child_count(n);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = ts_node_child(n, i);
        if (!ts_node_is_named(c) && strcmp(ts_node_type(c), "default") == 0) return true;
    }
    return false;
}

/* `export const a = ..., b`, `export function f`, `export [default] class C`. */
static void export_declaration(dc_bind_walker *w, TSNode n, TSNode decl, bool deflt) {
    dc_bind_kind k = dc_bind_kind_of(w, decl);
    dc_sv none = dc_sv_from("", 0);
    if (k == DC_K_LEXICAL_DECLARATION || k == DC_K_VARIABLE_DECLARATION) {
        uint32_t nc = ts_node_named_child_count(decl);
        for (uint32_t i = 0; i < nc; i++) {
            TSNode d = ts_node_named_child(decl, i);
            TSNode name = dc_bind_kind_of(w, d) == DC_K_VARIABLE_DECLARATOR ? dc_bind_field(w, d, w->f_name) : (TSNode){0};
            if (dc_bind_present(name) && dc_bind_kind_of(w, name) == DC_K_IDENTIFIER)
                pubexp(w, dc_node_sv(w->src, name), dc_node_sv(w->src, name), none, none, n);
        }
        return;
    }
    TSNode name = dc_bind_field(w, decl, w->f_name);
    if (!dc_bind_present(name)) return;
    dc_sv nm = dc_node_sv(w->src, name);
    pubexp(w, deflt ? dc_sv_cstr("default") : nm, nm, none, none, n);
}

/* `export default <expression>`: an identifier names a local; anything else is the synthetic
 * local "default" (no variable can be called that), a candidate like any assignment. */
static void export_default_value(dc_bind_walker *w, TSNode n, TSNode value) {
    dc_sv none = dc_sv_from("", 0), def = dc_sv_cstr("default");
    if (dc_bind_kind_of(w, value) == DC_K_IDENTIFIER) {
        pubexp(w, def, dc_node_sv(w->src, value), none, none, n);
        return;
    }
    dc_sv *ts = dc_bind_targets1(w, def);
    dc_bind_kind vk = dc_bind_kind_of(w, value);
    if (vk == DC_K_ARROW_FUNCTION || vk == DC_K_FUNCTION_EXPRESSION)
        dc_bind_set_pending(w, value, dc_bind_call_receivers(w, ts, 1), 1);
    else
        dc_bind_cand_value(w, ts, 1, value, true);
    pubexp(w, def, def, none, none, n);
}

/* `export { a, b as c } [from "m"]`. */
static void export_clause(dc_bind_walker *w, TSNode n, TSNode clause, dc_sv spec) {
    uint32_t nc = ts_node_named_child_count(clause);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode sp = ts_node_named_child(clause, i);
        if (dc_bind_kind_of(w, sp) != DC_K_EXPORT_SPECIFIER) continue;
        dc_sv name = quoted(w, dc_bind_field(w, sp, w->f_name)), alias = quoted(w, dc_bind_field(w, sp, w->f_alias));
        if (!name.len) continue;
        dc_sv pub = alias.len ? alias : name;
        if (spec.len) pubexp(w, pub, dc_sv_from("", 0), spec, name, n);
        else pubexp(w, pub, name, spec, dc_sv_from("", 0), n);
    }
}

bool dc_bind_export_ts(dc_bind_walker *w, TSNode n) {
    if (!dc_bind_module_level(w)) return true;
    TSNode decl = dc_bind_field(w, n, w->f_declaration), value = dc_bind_field(w, n, w->f_value);
    dc_sv spec = quoted(w, dc_bind_field(w, n, w->f_source)), none = dc_sv_from("", 0);
    if (dc_bind_present(decl)) {
        export_declaration(w, n, decl, has_default_keyword(n));
        return true;
    }
    if (dc_bind_present(value)) {
        export_default_value(w, n, value);
        return true;
    }
    bool named = false;
    uint32_t nc = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode c = ts_node_named_child(n, i);
        dc_bind_kind k = dc_bind_kind_of(w, c);
        if (k == DC_K_EXPORT_CLAUSE) {
            export_clause(w, n, c, spec);
            named = true;
        } else if (k == DC_K_NAMESPACE_EXPORT && spec.len) {
            pubexp(w, quoted(w, dc_bind_first_named(c)), none, spec, none, n);
            named = true;
        } else if (k == DC_K_IDENTIFIER) { /* export = x */
            pubexp(w, dc_sv_cstr("default"), dc_node_sv(w->src, c), none, none, n);
            named = true;
        }
    }
    if (!named && spec.len) dc_vec_push(&w->stars, spec);
    return false;
}

/* `module.exports = x` (the default: what require() returns), `module.exports = { a, b: c }`,
 * `exports.x = v` / `module.exports.x = v`. `lhs` is the normalised left side. */
void dc_bind_commonjs(dc_bind_walker *w, TSNode n, dc_sv lhs, TSNode right) {
    dc_sv none = dc_sv_from("", 0);
    bool whole = dc_sv_eq_cstr(lhs, "module.exports");
    dc_sv member = dc_bind_starts(lhs, "module.exports.") ? dc_sv_from(lhs.p + 15, lhs.len - 15)
                   : dc_bind_starts(lhs, "exports.")      ? dc_sv_from(lhs.p + 8, lhs.len - 8)
                                                          : none;
    if (!whole && (!member.len || memchr(member.p, '.', member.len))) return;
    bool ident = dc_bind_kind_of(w, right) == DC_K_IDENTIFIER;
    dc_sv local = ident ? dc_node_sv(w->src, right) : lhs;
    if (!whole) {
        pubexp(w, member, local, none, none, n);
        return;
    }
    if (strcmp(ts_node_type(right), "object") != 0) {
        pubexp(w, dc_sv_cstr("default"), local, none, none, n);
        return;
    }
    uint32_t nc = ts_node_named_child_count(right);
    for (uint32_t i = 0; i < nc; i++) {
        TSNode p = ts_node_named_child(right, i);
        const char *t = ts_node_type(p);
        if (strcmp(t, "shorthand_property_identifier") == 0) {
            pubexp(w, dc_node_sv(w->src, p), dc_node_sv(w->src, p), none, none, n);
        } else if (strcmp(t, "pair") == 0) {
            TSNode key = dc_bind_field(w, p, w->f_key), val = dc_bind_field(w, p, w->f_value);
            if (!dc_bind_present(key) || !dc_bind_present(val)) continue;
            /* `b: c` exports the local c; `b: new Sdk()` the value the walk gives `module.exports.b`
             * (a candidate of its own: the object literal itself is no value the walk follows) */
            dc_sv k = quoted(w, key);
            bool id = dc_bind_kind_of(w, val) == DC_K_IDENTIFIER;
            dc_sv v = id ? dc_node_sv(w->src, val) : dc_bind_dot(w->arena, lhs, k);
            if (!id) dc_bind_cand_value(w, dc_bind_targets1(w, v), 1, val, true);
            pubexp(w, k, v, none, none, n);
        }
    }
}
