/* session_read_auth.c: auth configs known only at run time (issue 16, item 13; session_p.h).
 *
 * `link(user_id, AUTH_CONFIGS[toolkit])` in a route that serves every toolkit, or `link(user_id,
 * auth_config_id)` with the id a parameter, is not one toolkit's auth config: mapping the
 * expression to one toolkit (an `--auth-config EXPR=github`, a map fact) would turn a route for
 * every toolkit into a route for one. Such an expression is refused a toolkit. Where the toolkit
 * itself is the run-time value, `X[toolkit]` of a literal map X of this file whose keys are known
 * toolkit slugs, the rewrite keeps it variable: `session.authorize(toolkit)` on a session that
 * carries every entry of X (unsafe: a toolkit X lacks used to fail and now authorizes with the
 * default auth config). */
#include <ctype.h>

#include "fixes/session_p.h"

/* Does `n` (a parameter list, a loop target) bind the identifier `name`? */
static bool binds_name(dc_fix_ctx *ctx, TSNode n, dc_sv name) {
    if (ts_node_is_null(n)) return false;
    const char *t = ts_node_type(n);
    if (!strcmp(t, "identifier") || !strcmp(t, "shorthand_property_identifier_pattern"))
        return dc_sv_eq(dc_fix_sv(ctx, n), name);
    /* types and default values bind nothing */
    if (!strcmp(t, "type") || !strcmp(t, "type_annotation") || dc_node_is_call(n) || dc_node_is_member(n)) return false;
    uint32_t k = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(n, i), p = n;
        if ((dc_node_is(p, "default_parameter") || dc_node_is(p, "typed_default_parameter") ||
             dc_node_is(p, "required_parameter") || dc_node_is(p, "optional_parameter") ||
             dc_node_is(p, "assignment_pattern")) &&
            ts_node_eq(dc_field(p, "value"), c))
            continue;
        if (binds_name(ctx, c, name)) return true;
    }
    return false;
}

/* Is `name` a parameter of a function around `at`, or a loop variable of a loop around it? */
static bool run_time_name(dc_fix_ctx *ctx, TSNode at, dc_sv name) {
    for (TSNode p = dc_fix_parent(ctx, at); !ts_node_is_null(p); p = dc_fix_parent(ctx, p)) {
        if (dc_node_is_function(p)) {
            TSNode params = dc_field(p, "parameters");
            if (ts_node_is_null(params)) params = dc_field(p, "parameter");
            if (binds_name(ctx, params, name)) return true;
        } else if (dc_node_is(p, "for_statement") || dc_node_is(p, "for_in_statement")) {
            if (binds_name(ctx, dc_field(p, "left"), name)) return true;
        }
    }
    return false;
}

/* The first identifier of `n` that is a run-time name (not a member's name), or a null node. */
static TSNode run_time_ident(dc_fix_ctx *ctx, TSNode call, TSNode n) {
    if (dc_node_is(n, "identifier")) {
        /* `self.x` / `cls.x`: the object's own settings, not a value of the call */
        dc_sv t = dc_fix_sv(ctx, n);
        if (dc_sv_eq_cstr(t, "self") || dc_sv_eq_cstr(t, "cls")) return (TSNode){0};
        return run_time_name(ctx, call, t) ? n : (TSNode){0};
    }
    uint32_t k = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(n, i);
        if (dc_node_is(n, "attribute") && ts_node_eq(dc_field(n, "attribute"), c)) continue;
        if (dc_node_is(n, "keyword_argument") && ts_node_eq(dc_field(n, "name"), c)) continue;
        TSNode hit = run_time_ident(ctx, call, c);
        if (!ts_node_is_null(hit)) return hit;
    }
    return (TSNode){0};
}

/* X[key] / X["key"]: the map and the key, or false. */
static bool subscript_parts(TSNode ac, TSNode *map, TSNode *key) {
    if (dc_node_is(ac, "subscript")) {
        *map = dc_field(ac, "value");
        *key = dc_field(ac, "subscript");
    } else if (dc_node_is(ac, "subscript_expression")) {
        *map = dc_field(ac, "object");
        *key = dc_field(ac, "index");
    } else {
        return false;
    }
    return !ts_node_is_null(*map) && !ts_node_is_null(*key);
}

/* The text of what makes `ac` a run-time value: a subscript key that is not a literal, or a
 * parameter / loop variable in it; NULL when it is the same on every run. */
static const char *run_time_part(dc_fix_ctx *ctx, TSNode call, TSNode ac) {
    TSNode map, key;
    const char *v;
    if (subscript_parts(ac, &map, &key) && !dc_string_value(ctx->arena, ctx->an->src, key, &v) &&
        !dc_node_is(key, "integer") && !dc_node_is(key, "number"))
        return dc_fix_text(ctx, key);
    TSNode id = run_time_ident(ctx, call, ac);
    return ts_node_is_null(id) ? NULL : dc_fix_text(ctx, id);
}

/* ---- the whole map ---------------------------------------------------------------------------- */

/* The literal a module-level `NAME = {...}` / `const NAME = {...}` binds, or a null node. */
static TSNode module_literal(dc_fix_ctx *ctx, dc_sv name, uint32_t *count) {
    TSNode found = {0};
    *count = 0;
    /* a cursor: ts_node_named_child(i) walks from the first child (quadratic on a long module) */
    TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(ctx->an->tree));
    for (bool more = ts_tree_cursor_goto_first_child(&c); more; more = ts_tree_cursor_goto_next_sibling(&c)) {
        TSNode st = ts_tree_cursor_current_node(&c);
        if (!ts_node_is_named(st)) continue;
        if (dc_node_is(st, "export_statement")) st = dc_field(st, "declaration");
        TSNode a = ts_node_named_child(st, 0), left = {0}, right = {0};
        if (dc_node_is(st, "expression_statement") && dc_node_is(a, "assignment")) {
            left = dc_field(a, "left");
            right = dc_field(a, "right");
        } else if ((dc_node_is(st, "lexical_declaration") || dc_node_is(st, "variable_declaration")) &&
                   dc_node_is(a, "variable_declarator")) {
            left = dc_field(a, "name");
            right = dc_field(a, "value");
        }
        if (ts_node_is_null(left) || !dc_sv_eq(dc_fix_sv(ctx, left), name)) continue;
        (*count)++;
        found = right;
    }
    ts_tree_cursor_delete(&c);
    return found;
}

/* Is the map changed anywhere after it is made (an item set, update/assign)? Then its entries
 * are not all in its literal. A text test: it may say yes to code that does not. */
static bool map_changed(dc_fix_ctx *ctx, dc_sv name) {
    const dc_source *src = ctx->an->src;
    static const char *const forms[] = {"%.*s.update(", "%.*s.setdefault(", "%.*s |=", "Object.assign(%.*s",
                                        "%.*s[", "%.*s.", NULL};
    for (uint32_t i = 0; forms[i]; i++) {
        const char *pat = dc_arena_printf(ctx->arena, forms[i], (int)name.len, name.p);
        for (const char *q = src->data; (q = memmem(q, src->len - (size_t)(q - src->data), pat, strlen(pat)));
             q += strlen(pat)) {
            if (i < 4) return true;
            /* `NAME[...] =` / `NAME.x =`: an assignment after the closing bracket or the member */
            const char *e = q + strlen(pat), *end = src->data + src->len;
            int depth = i == 4 ? 1 : 0;
            while (e < end && (depth > 0 || isalnum((unsigned char)*e) || *e == '_')) {
                if (*e == '[') depth++;
                if (*e == ']') depth--;
                e++;
            }
            while (e < end && *e == ' ') e++;
            if (e + 1 < end && e[0] == '=' && e[1] != '=') return true;
        }
    }
    return false;
}

/* The use carries every entry of the literal map `map` of this file (`X["github"]` for each of
 * its keys, all known lower-case toolkit slugs); false, carrying nothing, when that cannot be
 * proven. */
static bool carry_whole_map(dc_fix_ctx *ctx, dc_session_use *u, TSNode map) {
    if (!dc_node_is(map, "identifier")) return false;
    dc_sv name = dc_fix_sv(ctx, map);
    uint32_t count;
    TSNode lit = module_literal(ctx, name, &count);
    if (count != 1 || !(dc_node_is(lit, "dictionary") || dc_node_is(lit, "object")) || map_changed(ctx, name))
        return false;
    const char **keys = dc_arena_alloc(ctx->arena, (ts_node_named_child_count(lit) + 1) * sizeof *keys);
    uint32_t n = 0, k = ts_node_named_child_count(lit);
    char q = 0;
    for (uint32_t i = 0; i < k; i++) {
        TSNode pair = ts_node_named_child(lit, i);
        if (dc_node_is_comment(pair)) continue;
        const char *key;
        TSNode kn = dc_field(pair, "key");
        if (!dc_node_is(pair, "pair")) return false;
        if (dc_node_is(kn, "property_identifier")) key = dc_fix_text(ctx, kn);
        else if (!dc_string_value(ctx->arena, ctx->an->src, kn, &key)) return false;
        else if (!q) q = dc_string_quote(ctx->an->src, kn);
        const char *tk = dc_toolkit_named_by(ctx, dc_sv_cstr(key));
        if (!tk || strcmp(tk, key) != 0) return false;
        keys[n++] = key;
    }
    if (!n) return false;
    if (!q) q = '"';
    for (uint32_t i = 0; i < n; i++) {
        dc_use_add_toolkit(ctx, u, keys[i]);
        dc_use_add_auth(ctx, u, keys[i],
                        dc_arena_printf(ctx->arena, "%.*s[%c%s%c]", (int)name.len, name.p, q, keys[i], q));
    }
    return true;
}

bool dc_use_run_time_auth(dc_fix_ctx *ctx, dc_session_use *u, TSNode ac, const char *args) {
    const char *part = run_time_part(ctx, u->call, ac);
    if (!part) return false;
    TSNode map, key;
    const char *ac_text = dc_fix_text(ctx, ac);
    if (subscript_parts(ac, &map, &key) && !strcmp(part, dc_fix_text(ctx, key)) && !dc_node_is_call(key) &&
        carry_whole_map(ctx, u, map)) {
        u->call_args = dc_arena_printf(ctx->arena, "%s%s", part, args);
        dc_use_lower(u, DC_APP_UNSAFE,
                     dc_arena_printf(ctx->arena,
                                     "the toolkit is the run-time value `%s`: the session carries every auth config "
                                     "of %s and authorizes `%s`; a toolkit %s lacks used to fail and now authorizes "
                                     "with its default auth config",
                                     part, dc_fix_text(ctx, map), part, dc_fix_text(ctx, map)));
        return true;
    }
    const char *what = strcmp(part, ac_text) == 0
                           ? dc_arena_printf(ctx->arena, "the auth config `%s` is known only at run time", ac_text)
                           : dc_arena_printf(ctx->arena, "the auth config `%s` depends on `%s`, known only at run time",
                                             ac_text, part);
    dc_use_set_manual(u, dc_arena_printf(ctx->arena,
                                         "%s: it is not one toolkit's, so it is not mapped to one (an --auth-config "
                                         "for it would be wrong); give the session every auth config it may be and "
                                         "call session.authorize(toolkit) by hand",
                                         what));
    return true;
}
