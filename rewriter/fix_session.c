/* fix_session.c: direct tools -> sessions. The fixers of `tools-get` and `connect-link` share
 * one plan per file (GritQL-style file-level state, built on the first call and kept in the
 * fix context):
 *
 *   1. Each finding becomes a "use": which client, which user, what it contributes to a session
 *      (toolkits, auth configs, connected accounts) and what its call becomes
 *      (`session.tools()`, `session.authorize("github", ...)`). A use the code does not
 *      determine is manual, with the reason.
 *   2. Uses with the same client and user expression in the same scope (function, or module)
 *      form a group that shares ONE session: `session = client.create(user_id=..., ...)`,
 *      inserted before the statement holding the group's first use, in the innermost block that
 *      holds all of them, with the union of toolkits, auth configs and accounts. A session the
 *      scope already creates for that user is reused (and completed) instead.
 *   3. Every fix of a group carries the same statement edit (the applier deduplicates identical
 *      edits) plus its own call rewrite, so any subset of the group can apply alone and a later
 *      pass still finds and reuses the session. A group is as safe as its least safe use, so
 *      nothing is half-applied.
 *
 * Sharing is refused (each use gets its own session) when the user expression is assigned
 * between the first and last use, since one session would then serve two users. In TypeScript
 * `create` returns a Promise: the session statement is awaited, which needs an async function
 * or an ES module's top level; elsewhere the use is manual. */
#include <ctype.h>
#include <stdlib.h>

#include "rewriter/imports.h"
#include "rewriter/render.h"
#include "rewriter/session_p.h"

/* Uses that share one session: same client, user and scope. */
typedef struct dc_session_group {
    uint32_t first, last; /* use indices (first/last in document order) */
    TSNode scope, block, anchor;
    const char *name;     /* the session variable */
    TSNode existing;      /* an existing create(...) call to reuse, or null */
    dc_applicability app;
    const char *why;
    dc_fix edits;         /* the shared edits (statement insertion or completion) */
} dc_session_group;

/* The file's session plan, kept in the fix context (ctx->session) from the first session
 * finding's fixer to the end of the file's fixers. */
typedef struct dc_session_plan {
    DC_VEC(dc_session_use) uses;
    DC_VEC(dc_session_group) groups;
    dc_style style;
} dc_session_plan;

/* ---- small helpers ------------------------------------------------------------------------ */

static bool ts_function_is_async(TSNode fn) {
    uint32_t k = ts_node_child_count(fn);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_child(fn, i);
        if (!ts_node_is_named(c) && strcmp(ts_node_type(c), "async") == 0) return true;
        if (ts_node_is_named(c)) break; /* `async` comes before the name/parameters */
    }
    return false;
}

/* An ES module may await at its top level; a CommonJS script may not. */
static bool ts_file_is_module(TSNode root) {
    uint32_t k = ts_node_named_child_count(root);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(root, i);
        if (dc_node_is(c, "import_statement") || dc_node_is(c, "export_statement")) return true;
    }
    return false;
}

/* ---- reading each use ------------------------------------------------------------------- */

void dc_use_set_manual(dc_session_use *u, const char *why) {
    if (u->app == DC_APP_MANUAL) return;
    u->app = DC_APP_MANUAL;
    u->why = why;
}

void dc_use_lower(dc_session_use *u, dc_applicability app, const char *why) {
    if (app >= u->app || !why) return;
    u->app = app;
    u->why = why;
}

void dc_use_add_toolkit(dc_fix_ctx *ctx, dc_session_use *u, const char *slug) {
    char *l = dc_str_lower(ctx->arena, dc_sv_cstr(slug));
    for (uint32_t i = 0; i < u->ntoolkits; i++)
        if (strcmp(u->toolkits[i], l) == 0) return;
    DC_FIX_PUSH(ctx, u->toolkits, u->ntoolkits, u->cap_toolkits, l);
}

void dc_use_add_auth(dc_fix_ctx *ctx, dc_session_use *u, const char *toolkit, const char *value) {
    DC_FIX_PUSH(ctx, u->auth, u->nauth, u->cap_auth, ((dc_session_kv){toolkit, value}));
}

/* Toolkits from a list/array of string literals (lower-cased), or tool slugs mapped to their
 * toolkits (`tools=`: inferred, so unsafe). */
static bool read_slug_list(dc_fix_ctx *ctx, dc_session_use *u, TSNode list, bool tools) {
    if (!dc_node_is(list, "list") && !dc_node_is(list, "array")) {
        dc_use_set_manual(u, tools ? "the tools are computed at run time: restrict the session to their toolkits by hand"
                            : "the toolkits are computed at run time: pass them to the session by hand");
        return false;
    }
    uint32_t k = ts_node_named_child_count(list);
    for (uint32_t i = 0; i < k; i++) {
        TSNode e = ts_node_named_child(list, i);
        if (dc_node_is_comment(e)) continue;
        const char *v;
        if (!dc_string_value(ctx->arena, ctx->an->src, e, &v)) {
            dc_use_set_manual(u, "a toolkit or tool is not a plain string: pass it to the session by hand");
            return false;
        }
        if (tools) {
            const char *tk = dc_toolkit_of_tool(ctx, v);
            if (!tk) {
                dc_use_set_manual(u, dc_arena_printf(ctx->arena,
                                              "cannot tell which toolkit the tool %s belongs to: restrict the session by hand", v));
                return false;
            }
            dc_use_add_toolkit(ctx, u, tk);
        } else {
            dc_use_add_toolkit(ctx, u, v);
        }
    }
    if (tools) dc_use_lower(u, DC_APP_UNSAFE, "the session is restricted to the tools' toolkits (inferred from the tool slugs), not to single tools");
    return true;
}

/* TS `authConfigIds: { github: "ac_1" }` on tools.get: the auth configs carry over into the
 * session's authConfigs. Anything but a literal toolkit -> id object is left to a person. */
static void read_auth_config_ids(dc_fix_ctx *ctx, dc_session_use *u, TSNode obj) {
    if (!dc_node_is(obj, "object")) {
        dc_use_set_manual(u, "authConfigIds is not an object literal: add the auth configs to the session by hand");
        return;
    }
    uint32_t k = ts_node_named_child_count(obj);
    for (uint32_t i = 0; i < k; i++) {
        TSNode pair = ts_node_named_child(obj, i);
        if (dc_node_is_comment(pair)) continue;
        if (!dc_node_is(pair, "pair")) {
            dc_use_set_manual(u, "authConfigIds is not a plain toolkit -> id object: add the auth configs by hand");
            return;
        }
        TSNode key = dc_field(pair, "key");
        const char *tk;
        if (!dc_string_value(ctx->arena, ctx->an->src, key, &tk)) {
            dc_sv ks = dc_fix_sv(ctx, key);
            tk = dc_arena_strndup(ctx->arena, ks.p, ks.len);
        }
        /* the session's toolkit restriction comes from `toolkits`, not from auth configs */
        dc_use_add_auth(ctx, u, dc_str_lower(ctx->arena, dc_sv_cstr(tk)), dc_fix_text(ctx, dc_field(pair, "value")));
    }
}

static void read_tools_get(dc_fix_ctx *ctx, dc_session_use *u) {
    const dc_source *src = ctx->an->src;
    dc_args a;
    dc_args_read(ctx, u->call, &a);
    u->method = "tools";
    u->call_args = "";
    if (a.splat) {
        dc_use_set_manual(u, "the call passes *args/**kwargs or spreads: migrate it by hand");
        return;
    }
    if (!u->ts) {
        u->user = a.npos ? a.pos[0] : dc_args_kw(src, &a, "user_id");
        TSNode toolkits = dc_args_kw(src, &a, "toolkits"), tools = dc_args_kw(src, &a, "tools");
        TSNode slug = dc_args_kw(src, &a, "slug");
        if (a.npos > 1) dc_use_set_manual(u, "unexpected positional arguments");
        for (uint32_t i = 0; i < a.nkw; i++) {
            dc_sv k = dc_fix_sv(ctx, a.kw_name[i]);
            if (dc_sv_eq_cstr(k, "modifiers"))
                dc_use_set_manual(u, "modifiers: apply them to the session's tools by hand (session.tools(modifiers=...))");
            else if (dc_sv_eq_cstr(k, "limit") || dc_sv_eq_cstr(k, "scopes"))
                dc_use_lower(u, DC_APP_UNSAFE, "limit=/scopes= have no session equivalent and are dropped");
            else if (!dc_sv_eq_cstr(k, "user_id") && !dc_sv_eq_cstr(k, "toolkits") && !dc_sv_eq_cstr(k, "tools") &&
                     !dc_sv_eq_cstr(k, "search") && !dc_sv_eq_cstr(k, "slug"))
                dc_use_set_manual(u, dc_arena_printf(ctx->arena, "unknown argument %.*s=", (int)k.len, k.p));
        }
        if (!ts_node_is_null(toolkits)) {
            u->restricts = read_slug_list(ctx, u, toolkits, false);
        }
        if (!ts_node_is_null(tools)) {
            u->restricts = read_slug_list(ctx, u, tools, true) || u->restricts;
        }
        if (!ts_node_is_null(slug)) {
            const char *v, *tk;
            if (dc_string_value(ctx->arena, src, slug, &v) && (tk = dc_toolkit_of_tool(ctx, v))) {
                dc_use_add_toolkit(ctx, u, tk);
                u->restricts = true;
                dc_use_lower(u, DC_APP_UNSAFE, "the session is restricted to the tool's toolkit (inferred from its slug), not to one tool");
            } else {
                dc_use_set_manual(u, "cannot tell the toolkit of slug=: restrict the session by hand");
            }
        }
    } else {
        u->user = a.npos ? a.pos[0] : (TSNode){0};
        if (a.npos > 2) dc_use_set_manual(u, "provider options (third argument) have no session equivalent here: migrate by hand");
        if (a.npos >= 2) {
            TSNode opt = a.pos[1];
            const char *v, *tk;
            if (dc_node_is(opt, "string")) {
                if (dc_string_value(ctx->arena, src, opt, &v) && (tk = dc_toolkit_of_tool(ctx, v))) {
                    dc_use_add_toolkit(ctx, u, tk);
                    u->restricts = true;
                    dc_use_lower(u, DC_APP_UNSAFE, "the session is restricted to the tool's toolkit (inferred from its slug), not to one tool");
                } else {
                    dc_use_set_manual(u, "cannot tell which toolkit the tool belongs to: restrict the session by hand");
                }
            } else if (dc_node_is(opt, "object")) {
                dc_buf keys = DC_BUF_INIT;
                if (!dc_object_keys(src, opt, &keys)) dc_use_set_manual(u, "the options object is not a plain literal");
                TSNode toolkits = dc_object_get(src, opt, "toolkits", NULL), tools = dc_object_get(src, opt, "tools", NULL);
                if (!ts_node_is_null(toolkits)) u->restricts = read_slug_list(ctx, u, toolkits, false);
                if (!ts_node_is_null(tools)) u->restricts = read_slug_list(ctx, u, tools, true) || u->restricts;
                /* every other key: search is fine; limit/scopes dropped; anything else manual */
                char *save = NULL;
                for (char *k = strtok_r(keys.p ? keys.p : (char[]){0}, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
                    if (!strcmp(k, "toolkits") || !strcmp(k, "tools") || !strcmp(k, "search")) continue;
                    if (!strcmp(k, "authConfigIds")) {
                        read_auth_config_ids(ctx, u, dc_object_get(src, opt, "authConfigIds", NULL));
                        continue;
                    }
                    if (!strcmp(k, "limit") || !strcmp(k, "scopes"))
                        dc_use_lower(u, DC_APP_UNSAFE, "limit/scopes have no session equivalent and are dropped");
                    else
                        dc_use_set_manual(u, dc_arena_printf(ctx->arena, "unknown option `%s`", k));
                }
                dc_buf_free(&keys);
            } else {
                dc_use_set_manual(u, "the options are not an object literal: migrate by hand");
            }
        }
    }
    if (!u->restricts && u->app != DC_APP_MANUAL) u->unrestricted = true;
}

/* Finds the toolkit an auth config expression is for, in the documented order: --auth-config
 * / config mapping, the file's own toolkit->ac mapping, then a toolkit named by it. */
static const char *toolkit_for_auth(dc_fix_ctx *ctx, dc_session_use *u, TSNode ac) {
    const dc_source *src = ctx->an->src;
    const char *value = NULL;
    bool literal = dc_string_value(ctx->arena, src, ac, &value);
    dc_sv text = dc_fix_sv(ctx, ac);
    for (uint32_t i = 0; i < ctx->opts->nauth; i++) {
        const dc_auth_map_entry *m = &ctx->opts->auth[i];
        if ((literal && strcmp(value, m->auth_config) == 0) || dc_sv_eq_cstr(text, m->auth_config))
            return m->toolkit;
    }
    /* AUTH_CONFIGS["github"] / authConfigs.github / authConfigs["github"] */
    TSNode key = {0};
    if (dc_node_is(ac, "subscript")) key = dc_field(ac, "subscript");
    else if (dc_node_is(ac, "subscript_expression")) key = dc_field(ac, "index");
    else if (dc_node_is(ac, "member_expression")) {
        TSNode obj = dc_field(ac, "object");
        dc_sv on = dc_fix_sv(ctx, obj);
        if (on.len >= 4) {
            const char *tk = dc_toolkit_named_by(ctx, dc_fix_sv(ctx, dc_field(ac, "property")));
            char *lo = dc_str_lower(ctx->arena, on);
            if (tk && (strstr(lo, "authconfig") || strstr(lo, "auth_config"))) return tk;
        }
    }
    if (!ts_node_is_null(key)) {
        const char *k;
        if (dc_string_value(ctx->arena, src, key, &k) && *k) {
            TSNode obj = dc_field(ac, dc_node_is(ac, "subscript") ? "value" : "object");
            char *lo = dc_str_lower(ctx->arena, dc_fix_sv(ctx, obj));
            if (strstr(lo, "authconfig") || strstr(lo, "auth_config")) return dc_str_lower(ctx->arena, dc_sv_cstr(k));
        }
    }
    /* the name or the value names exactly one known toolkit: a guess, so unsafe */
    const char *tk = dc_toolkit_named_by(ctx, literal ? dc_sv_cstr(value) : text);
    if (tk) {
        dc_use_lower(u, DC_APP_UNSAFE, dc_arena_printf(ctx->arena, "the toolkit `%s` is inferred from the auth config's name", tk));
        return tk;
    }
    return NULL;
}

static const char *no_toolkit_why(dc_fix_ctx *ctx, TSNode ac) {
    dc_sv t = dc_fix_sv(ctx, ac);
    const char *value;
    if (dc_string_value(ctx->arena, ctx->an->src, ac, &value)) t = dc_sv_cstr(value);
    return dc_arena_printf(ctx->arena,
                           "cannot tell which toolkit auth config %.*s is for; pass --auth-config %.*s=<toolkit> "
                           "or add it to auth_configs in .dcmigrate.yml",
                           (int)(t.len > 40 ? 40 : t.len), t.p, (int)(t.len > 40 ? 40 : t.len), t.p);
}

static void read_link(dc_fix_ctx *ctx, dc_session_use *u, bool initiate) {
    const dc_source *src = ctx->an->src;
    dc_args a;
    dc_args_read(ctx, u->call, &a);
    u->method = "authorize";
    if (a.splat) {
        dc_use_set_manual(u, "the call passes *args/**kwargs or spreads: migrate it by hand");
        return;
    }
    TSNode ac = {0};
    dc_buf args = DC_BUF_INIT;
    if (!u->ts) {
        u->user = a.npos > 0 ? a.pos[0] : dc_args_kw(src, &a, "user_id");
        ac = a.npos > 1 ? a.pos[1] : dc_args_kw(src, &a, "auth_config_id");
        TSNode cb = a.npos > 2 ? a.pos[2] : dc_args_kw(src, &a, "callback_url");
        for (uint32_t i = 0; i < a.nkw; i++) {
            dc_sv k = dc_fix_sv(ctx, a.kw_name[i]);
            if (dc_sv_eq_cstr(k, "allow_multiple") || dc_sv_eq_cstr(k, "config"))
                dc_use_set_manual(u, dc_arena_printf(ctx->arena, "%.*s= has no session equivalent: keep this call or migrate by hand",
                                              (int)k.len, k.p));
            else if (!dc_sv_eq_cstr(k, "user_id") && !dc_sv_eq_cstr(k, "auth_config_id") && !dc_sv_eq_cstr(k, "callback_url"))
                dc_use_set_manual(u, dc_arena_printf(ctx->arena, "unknown argument %.*s=", (int)k.len, k.p));
        }
        if (a.npos > 3) dc_use_set_manual(u, "unexpected positional arguments");
        if (!ts_node_is_null(cb)) {
            dc_buf_adds(&args, ", callback_url=");
            dc_buf_addsv(&args, dc_fix_sv(ctx, cb));
        }
    } else {
        u->user = a.npos > 0 ? a.pos[0] : (TSNode){0};
        ac = a.npos > 1 ? a.pos[1] : (TSNode){0};
        if (a.npos > 3) dc_use_set_manual(u, "unexpected arguments");
        if (a.npos > 2) {
            TSNode opt = a.pos[2];
            bool other = false;
            if (!dc_node_is(opt, "object")) {
                dc_use_set_manual(u, "the options are not an object literal: migrate by hand");
            } else {
                dc_object_get(src, opt, "callbackUrl", &other);
                if (other) dc_use_set_manual(u, "allowMultiple/config have no session equivalent: keep this call or migrate by hand");
                dc_buf_adds(&args, ", ");
                dc_buf_addsv(&args, dc_fix_sv(ctx, opt));
            }
        }
    }
    (void)initiate;
    if (ts_node_is_null(ac)) {
        dc_use_set_manual(u, "no auth config argument");
    } else if (u->app != DC_APP_MANUAL) {
        const char *tk = toolkit_for_auth(ctx, u, ac);
        if (!tk) {
            dc_use_set_manual(u, no_toolkit_why(ctx, ac));
        } else {
            dc_use_add_toolkit(ctx, u, tk);
            dc_use_add_auth(ctx, u, u->toolkits[u->ntoolkits - 1], dc_fix_text(ctx, ac));
            dc_buf lit = DC_BUF_INIT;
            dc_render_string(&lit, u->toolkits[u->ntoolkits - 1], &(dc_style){.quote = dc_string_quote(src, ac) ? dc_string_quote(src, ac) : '"'});
            u->call_args = dc_arena_printf(ctx->arena, "%s%s", dc_buf_cstr(&lit), dc_buf_cstr(&args));
            dc_buf_free(&lit);
        }
    }
    dc_buf_free(&args);
}

static void read_toolkits_authorize(dc_fix_ctx *ctx, dc_session_use *u) {
    const dc_source *src = ctx->an->src;
    dc_args a;
    dc_args_read(ctx, u->call, &a);
    u->method = "authorize";
    if (a.splat) {
        dc_use_set_manual(u, "the call passes *args/**kwargs or spreads: migrate it by hand");
        return;
    }
    TSNode tk, ac = {0};
    if (!u->ts) {
        u->user = a.npos > 0 ? a.pos[0] : dc_args_kw(src, &a, "user_id");
        tk = a.npos > 1 ? a.pos[1] : dc_args_kw(src, &a, "toolkit");
        for (uint32_t i = 0; i < a.nkw; i++) {
            dc_sv k = dc_fix_sv(ctx, a.kw_name[i]);
            if (!dc_sv_eq_cstr(k, "user_id") && !dc_sv_eq_cstr(k, "toolkit"))
                dc_use_set_manual(u, dc_arena_printf(ctx->arena, "unknown argument %.*s=", (int)k.len, k.p));
        }
    } else {
        u->user = a.npos > 0 ? a.pos[0] : (TSNode){0};
        tk = a.npos > 1 ? a.pos[1] : (TSNode){0};
        ac = a.npos > 2 ? a.pos[2] : (TSNode){0};
    }
    if (ts_node_is_null(tk)) {
        dc_use_set_manual(u, "no toolkit argument");
        return;
    }
    const char *v;
    if (dc_string_value(ctx->arena, src, tk, &v)) {
        dc_use_add_toolkit(ctx, u, v);
        if (!ts_node_is_null(ac)) dc_use_add_auth(ctx, u, u->toolkits[u->ntoolkits - 1], dc_fix_text(ctx, ac));
    } else if (!ts_node_is_null(ac)) {
        dc_use_set_manual(u, "the toolkit is computed at run time: add its auth config to the session by hand");
    }
    u->call_args = dc_fix_text(ctx, tk);
}

/* ---- planning ----------------------------------------------------------------------------- */

static void finish_use(dc_fix_ctx *ctx, dc_session_plan *pl, dc_session_use *up);

static void read_use(dc_fix_ctx *ctx, dc_session_plan *pl, dc_finding *f) {
    dc_session_use u = {0};
    u.f = f;
    u.app = DC_APP_SAFE;
    u.ts = dc_lang_family(ctx->an->src->lang) == DC_FAMILY_TS;
    if (!dc_finding_capture(f, "match", &u.call) || !dc_finding_capture(f, "recv", &u.recv)) return;
    TSNode m = {0};
    dc_sv method = {0}, ns = {0};
    if (dc_finding_capture(f, "_m", &m)) method = dc_fix_sv(ctx, m);
    if (dc_finding_capture(f, "_ns", &m)) ns = dc_fix_sv(ctx, m);
    u.client_key = dc_fix_norm(ctx, (u.recv));
    if (dc_sv_eq_cstr(ns, "tools")) {
        u.kind = DC_USE_TOOLS_GET;
        read_tools_get(ctx, &u);
    } else if (dc_sv_eq_cstr(ns, "toolkits")) {
        u.kind = DC_USE_TOOLKITS_AUTHORIZE;
        read_toolkits_authorize(ctx, &u);
    } else {
        u.kind = DC_USE_LINK;
        read_link(ctx, &u, dc_sv_eq_cstr(method, "initiate"));
    }
    if (f->low_confidence)
        dc_use_lower(&u, DC_APP_UNSAFE, "the receiver is not provably a client of the SDK");
    u.client_text = dc_fix_sv(ctx, u.recv);
    if (ts_node_is_null(u.user)) {
        dc_use_set_manual(&u, "no user id argument");
    } else {
        u.user_text = dc_fix_sv(ctx, u.user);
        u.user_key = dc_fix_norm(ctx, (u.user));
        /* A user expression with a call in it would run once instead of once per call. */
        if (strchr(dc_arena_strndup(ctx->arena, u.user_key.p, u.user_key.len), '('))
            dc_use_lower(&u, DC_APP_UNSAFE, "the user id expression is a call, now evaluated once for the session");
    }
    finish_use(ctx, pl, &u);
}

/* Scope, async context and grouping defaults common to every kind of use. */
/* Does a comprehension between `n` and its scope bind the leading name of `key`? Then the user
 * (or client) only exists inside the comprehension and no statement before it can see it. */
static bool bound_by_comprehension(dc_fix_ctx *ctx, TSNode n, dc_sv key) {
    uint32_t kl = 0;
    while (kl < key.len && (isalnum((unsigned char)key.p[kl]) || key.p[kl] == '_')) kl++;
    if (!kl) return false;
    for (TSNode p = ts_node_parent(n); !ts_node_is_null(p) && !dc_node_is_function(p); p = ts_node_parent(p)) {
        const char *t = ts_node_type(p);
        if (!strstr(t, "comprehension") && strcmp(t, "generator_expression") != 0) continue;
        uint32_t k = ts_node_named_child_count(p);
        for (uint32_t i = 0; i < k; i++) {
            TSNode c = ts_node_named_child(p, i);
            if (!dc_node_is(c, "for_in_clause")) continue;
            dc_sv left = dc_fix_sv(ctx, dc_field(c, "left"));
            for (uint32_t j = 0; j + kl <= left.len; j++)
                if (memcmp(left.p + j, key.p, kl) == 0 && (j == 0 || !isalnum((unsigned char)left.p[j - 1])) &&
                    (j + kl == left.len || !isalnum((unsigned char)left.p[j + kl])))
                    return true;
        }
    }
    return false;
}

/* Is the call evaluated only on some paths of its statement (`x if c else y`, `a and b`,
 * `c ? x : y`, `a && b`, `a ?? b`)? The session statement before it would run on all of them. */
static bool conditional_call(TSNode n) {
    for (TSNode p = ts_node_parent(n); !ts_node_is_null(p) && !dc_node_is_block(p) && !dc_node_is_function(p); p = ts_node_parent(p)) {
        if (dc_node_is(p, "conditional_expression") || dc_node_is(p, "boolean_operator") ||
            dc_node_is(p, "ternary_expression"))
            return true;
        if (dc_node_is(p, "binary_expression")) {
            TSNode op = dc_field(p, "operator");
            const char *o = ts_node_is_null(op) ? "" : ts_node_type(op);
            if (!strcmp(o, "&&") || !strcmp(o, "||") || !strcmp(o, "??")) return true;
        }
    }
    return false;
}

static void finish_use(dc_fix_ctx *ctx, dc_session_plan *pl, dc_session_use *up) {
    dc_session_use u = *up;
    u.scope = dc_scope_of(u.call);
    if (bound_by_comprehension(ctx, u.call, u.user_key) || bound_by_comprehension(ctx, u.call, u.client_key))
        dc_use_set_manual(&u, "the user or client is a comprehension variable: create the sessions inside a loop by hand");
    if (conditional_call(u.call))
        dc_use_lower(&u, DC_APP_UNSAFE, "the call ran only on some paths (a conditional expression); the session is now created on all of them");
    if (dc_node_is(u.scope, "lambda") || (u.ts && dc_node_is(u.scope, "arrow_function") &&
                                          !dc_node_is(dc_field(u.scope, "body"), "statement_block")))
        dc_use_set_manual(&u, "the call is in a lambda/arrow expression body: there is no statement to put the session before");
    if (u.ts && u.app != DC_APP_MANUAL) {
        bool root = ts_node_is_null(ts_node_parent(u.scope));
        if (root ? !ts_file_is_module(u.scope) : !ts_function_is_async(u.scope))
            dc_use_set_manual(&u, root ? "create() returns a Promise and this CommonJS script cannot await at top level"
                                : "create() returns a Promise and the enclosing function is not async");
    }
    u.group = -1;
    dc_vec_push(&pl->uses, u);
}

/* Is any identifier of `key` (a normalised expression) assigned inside [start, end)? */
typedef struct assign_scan {
    dc_fix_ctx *ctx;
    dc_sv key;
    uint32_t start, end;
    bool hit;
} assign_scan;

static bool scan_assign(TSNode n, void *vctx) {
    assign_scan *s = vctx;
    if (ts_node_end_byte(n) <= s->start || ts_node_start_byte(n) >= s->end) return true;
    TSNode target = {0};
    if (dc_node_is(n, "assignment") || dc_node_is(n, "augmented_assignment") || dc_node_is(n, "assignment_expression") ||
        dc_node_is(n, "augmented_assignment_expression"))
        target = dc_field(n, "left");
    else if (dc_node_is(n, "for_statement") || dc_node_is(n, "for_in_statement"))
        target = dc_field(n, "left");
    else if (dc_node_is(n, "variable_declarator"))
        target = dc_field(n, "name");
    /* only a binding that happens inside the range: the header of a loop around the range
     * (`for uid in users:`) binds before it, once per iteration, which is fine */
    if (!ts_node_is_null(target) && ts_node_start_byte(target) >= s->start && ts_node_start_byte(target) < s->end) {
        dc_sv t = dc_fix_norm(s->ctx, (target));
        /* the key's leading name: `uid` of `uid`, `request` of `request.user.id` */
        uint32_t kl = 0;
        while (kl < s->key.len && (isalnum((unsigned char)s->key.p[kl]) || s->key.p[kl] == '_' || s->key.p[kl] == '$')) kl++;
        if (kl && t.len >= kl && memcmp(t.p, s->key.p, kl) == 0 &&
            (t.len == kl || !(isalnum((unsigned char)t.p[kl]) || t.p[kl] == '_')))
            s->hit = true;
    }
    return !s->hit;
}

static bool user_reassigned(dc_fix_ctx *ctx, TSNode scope, dc_sv key, uint32_t start, uint32_t end) {
    assign_scan s = {ctx, key, start, end, false};
    dc_fix_walk(ctx, scope, scan_assign, &s);
    return s.hit;
}

/* An existing `X = <client>.create(<user>...)` (or sessions.create / tool_router.create /
 * toolRouter.create) in `scope` before `before`: its name, and the call. */
typedef struct existing_scan {
    dc_fix_ctx *ctx;
    const dc_session_use *u;
    uint32_t before;
    TSNode scope, anchor;
    TSNode call;
    dc_sv name;
} existing_scan;

static bool scan_existing(TSNode n, void *vctx) {
    existing_scan *s = vctx;
    if (ts_node_start_byte(n) >= s->before) return false;
    if (!dc_node_is(n, "call") && !dc_node_is(n, "call_expression")) return true;
    TSNode fn = dc_field(n, "function");
    if (!dc_node_is(fn, "attribute") && !dc_node_is(fn, "member_expression")) return true;
    dc_sv meth = dc_fix_sv(s->ctx, dc_field(fn, s->u->ts ? "property" : "attribute"));
    if (!dc_sv_eq_cstr(meth, "create")) return true;
    TSNode obj = dc_field(fn, "object");
    dc_sv objn = dc_fix_norm(s->ctx, (obj));
    bool same = dc_sv_eq(objn, s->u->client_key);
    if (!same && (dc_node_is(obj, "attribute") || dc_node_is(obj, "member_expression"))) {
        dc_sv sub = dc_fix_sv(s->ctx, dc_field(obj, s->u->ts ? "property" : "attribute"));
        dc_sv base = dc_fix_norm(s->ctx, (dc_field(obj, "object")));
        same = dc_sv_eq(base, s->u->client_key) &&
               (dc_sv_eq_cstr(sub, "sessions") || dc_sv_eq_cstr(sub, "tool_router") || dc_sv_eq_cstr(sub, "toolRouter"));
    }
    if (!same) return true;
    dc_args a;
    dc_args_read(s->ctx, n, &a);
    TSNode user = a.npos ? a.pos[0] : dc_args_kw(s->ctx->an->src, &a, "user_id");
    if (ts_node_is_null(user) || !dc_sv_eq(dc_fix_norm(s->ctx, (user)), s->u->user_key))
        return true;
    dc_sv name = dc_bound_name(s->ctx->arena, s->ctx->an->src, n);
    if (!name.len || memchr(name.p, '.', name.len)) return true;
    /* only a session visible at the anchor (its block encloses the anchor) for the same user
     * value (the user is not reassigned in between) */
    TSNode b = dc_block_of(s->scope, n);
    if (ts_node_is_null(b) || !dc_node_contains(b, s->anchor)) return true;
    if (user_reassigned(s->ctx, s->scope, s->u->user_key, ts_node_end_byte(n), s->before)) return true;
    s->call = n;
    s->name = name;
    return true; /* keep looking: the last one before the use wins */
}

static bool is_loop(TSNode n) {
    return dc_node_is(n, "for_statement") || dc_node_is(n, "while_statement") || dc_node_is(n, "for_in_statement") ||
           dc_node_is(n, "do_statement") || dc_node_is(n, "async_for_statement");
}

/* The range in which a reassignment of the user would make two uses see different users:
 * from the first use to the last, widened to the whole of any loop that holds one use but not
 * the other (the next iteration runs the loop's start again). */
static void sharing_range(TSNode a, TSNode b, uint32_t *start, uint32_t *end) {
    *start = ts_node_start_byte(a);
    *end = ts_node_end_byte(b);
    for (TSNode p = ts_node_parent(a); !ts_node_is_null(p); p = ts_node_parent(p))
        if (is_loop(p) && !dc_node_contains(p, b) && ts_node_start_byte(p) < *start) *start = ts_node_start_byte(p);
    for (TSNode p = ts_node_parent(b); !ts_node_is_null(p); p = ts_node_parent(p))
        if (is_loop(p) && !dc_node_contains(p, a) && ts_node_end_byte(p) > *end) *end = ts_node_end_byte(p);
}

static void plan_groups(dc_fix_ctx *ctx, dc_session_plan *pl) {
    for (uint32_t i = 0; i < pl->uses.len; i++) {
        dc_session_use *u = &pl->uses.v[i];
        if (u->app == DC_APP_MANUAL || u->group >= 0) continue;
        dc_session_group g = {0};
        g.first = g.last = i;
        g.scope = u->scope;
        g.app = u->app;
        g.why = u->why;
        int gi = (int)pl->groups.len;
        u->group = gi;
        for (uint32_t j = i + 1; j < pl->uses.len; j++) {
            dc_session_use *v = &pl->uses.v[j];
            if (v->app == DC_APP_MANUAL || v->group >= 0 || !ts_node_eq(v->scope, u->scope) ||
                !dc_sv_eq(v->client_key, u->client_key) || !dc_sv_eq(v->user_key, u->user_key))
                continue;
            uint32_t rs, re;
            sharing_range(u->call, v->call, &rs, &re);
            if (user_reassigned(ctx, u->scope, u->user_key, rs, re))
                continue; /* another value of the same expression: its own session */
            v->group = gi;
            g.last = j;
            if (v->app < g.app) {
                g.app = v->app;
                g.why = v->why;
            }
        }
        dc_vec_push(&pl->groups, g);
    }
}

/* ---- rendering ------------------------------------------------------------------------------ */

static bool ident_like(const char *s) {
    if (!isalpha((unsigned char)*s) && *s != '_') return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_') return false;
    return true;
}

typedef struct dc_session_union {
    const char **toolkits; /* arena arrays, like a use's */
    uint32_t ntoolkits, cap_toolkits;
    bool restrict_;
    dc_session_kv *auth;
    uint32_t nauth, cap_auth;
    dc_session_kv *accounts;
    uint32_t naccounts, cap_accounts;
    const char *conflict;
} dc_session_union;

static void union_add_toolkit(dc_fix_ctx *ctx, dc_session_union *un, const char *t) {
    for (uint32_t i = 0; i < un->ntoolkits; i++)
        if (strcmp(un->toolkits[i], t) == 0) return;
    DC_FIX_PUSH(ctx, un->toolkits, un->ntoolkits, un->cap_toolkits, t);
}

/* Connected account choices carry over: `<client>.tools.execute(SLUG, ..., user_id=<user>,
 * connected_account_id=X)` in the group's scope puts {toolkit of SLUG: X} into the session's
 * connected_accounts (the execute call itself stays: it is a manual finding of tools-execute). */
typedef struct account_scan {
    dc_fix_ctx *ctx;
    const dc_session_use *u;
    dc_session_union *un;
} account_scan;

static bool scan_accounts(TSNode n, void *vctx) {
    account_scan *s = vctx;
    dc_fix_ctx *ctx = s->ctx;
    const dc_source *src = ctx->an->src;
    if (!dc_node_is(n, "call") && !dc_node_is(n, "call_expression")) return true;
    TSNode fn = dc_field(n, "function");
    if (!dc_node_is(fn, "attribute") && !dc_node_is(fn, "member_expression")) return true;
    if (!dc_sv_eq_cstr(dc_fix_sv(ctx, dc_field(fn, s->u->ts ? "property" : "attribute")), "execute")) return true;
    TSNode tools = dc_field(fn, "object");
    if (!dc_sv_eq_cstr(dc_fix_sv(ctx, dc_field(tools, s->u->ts ? "property" : "attribute")), "tools")) return true;
    if (!dc_sv_eq(dc_fix_norm(ctx, (dc_field(tools, "object"))), s->u->client_key)) return true;
    dc_args a;
    dc_args_read(ctx, n, &a);
    TSNode slug = a.npos ? a.pos[0] : dc_args_kw(src, &a, "slug"), user = {0}, ca = {0};
    if (!s->u->ts) {
        user = dc_args_kw(src, &a, "user_id");
        ca = dc_args_kw(src, &a, "connected_account_id");
    } else if (a.npos > 1 && dc_node_is(a.pos[1], "object")) {
        user = dc_object_get(src, a.pos[1], "userId", NULL);
        ca = dc_object_get(src, a.pos[1], "connectedAccountId", NULL);
    }
    const char *v, *tk;
    if (ts_node_is_null(ca) || ts_node_is_null(user) ||
        !dc_sv_eq(dc_fix_norm(ctx, (user)), s->u->user_key) ||
        !dc_string_value(ctx->arena, src, slug, &v) || !(tk = dc_toolkit_of_tool(ctx, v)))
        return true;
    const char *val = dc_fix_text(ctx, ca);
    for (uint32_t i = 0; i < s->un->naccounts; i++) {
        if (strcmp(s->un->accounts[i].key, tk) != 0) continue;
        if (strcmp(s->un->accounts[i].value, val) != 0)
            s->un->conflict = dc_arena_printf(ctx->arena, "two different connected accounts for %s in one scope", tk);
        return true;
    }
    DC_FIX_PUSH(ctx, s->un->accounts, s->un->naccounts, s->un->cap_accounts, ((dc_session_kv){tk, val}));
    return true;
}

static void build_union(dc_fix_ctx *ctx, dc_session_plan *pl, int gi, dc_session_union *un) {
    memset(un, 0, sizeof *un);
    bool any_get = false, any_unrestricted = false;
    for (uint32_t i = 0; i < pl->uses.len; i++) {
        dc_session_use *u = &pl->uses.v[i];
        if (u->group != gi) continue;
        if (u->kind == DC_USE_TOOLS_GET) {
            any_get = true;
            if (u->unrestricted) any_unrestricted = true;
        }
        for (uint32_t k = 0; k < u->nauth; k++) {
            bool dup = false;
            for (uint32_t j = 0; j < un->nauth; j++) {
                if (strcmp(un->auth[j].key, u->auth[k].key) != 0) continue;
                dup = true;
                if (strcmp(un->auth[j].value, u->auth[k].value) != 0)
                    un->conflict = dc_arena_printf(ctx->arena, "two different auth configs for %s in one session",
                                                   u->auth[k].key);
            }
            if (!dup) DC_FIX_PUSH(ctx, un->auth, un->nauth, un->cap_auth, u->auth[k]);
        }
    }
    un->restrict_ = any_get && !any_unrestricted;
    for (uint32_t i = 0; i < pl->uses.len; i++) {
        if (pl->uses.v[i].group != gi) continue;
        static const char *const calls[] = {"call", "call_expression", NULL};
        account_scan as = {ctx, &pl->uses.v[i], un};
        dc_fix_walk_kinds(ctx, pl->uses.v[i].scope, calls, scan_accounts, &as);
        break;
    }
    if (un->restrict_) {
        for (uint32_t i = 0; i < pl->uses.len; i++)
            if (pl->uses.v[i].group == gi)
                for (uint32_t k = 0; k < pl->uses.v[i].ntoolkits; k++) union_add_toolkit(ctx, un, pl->uses.v[i].toolkits[k]);
    }
}

static void render_kv_py(dc_buf *b, const dc_session_kv *items, uint32_t n, const dc_style *st) {
    dc_buf_addc(b, '{');
    for (uint32_t i = 0; i < n; i++) {
        if (i) dc_buf_adds(b, ", ");
        dc_render_string(b, items[i].key, st);
        dc_buf_adds(b, ": ");
        dc_buf_adds(b, items[i].value);
    }
    dc_buf_addc(b, '}');
}

static void render_kv_ts(dc_buf *b, const dc_session_kv *items, uint32_t n, const dc_style *st) {
    dc_buf_adds(b, "{ ");
    for (uint32_t i = 0; i < n; i++) {
        if (i) dc_buf_adds(b, ", ");
        if (ident_like(items[i].key)) dc_buf_adds(b, items[i].key);
        else dc_render_string(b, items[i].key, st);
        dc_buf_adds(b, ": ");
        dc_buf_adds(b, items[i].value);
    }
    dc_buf_adds(b, " }");
}

static void render_toolkits(dc_buf *b, const dc_session_union *un, const dc_style *st) {
    dc_buf_addc(b, '[');
    for (uint32_t i = 0; i < un->ntoolkits; i++) {
        if (i) dc_buf_adds(b, ", ");
        dc_render_string(b, un->toolkits[i], st);
    }
    dc_buf_addc(b, ']');
}

/* `session = client.create(user_id=uid, toolkits=[...], auth_configs={...})` or the TS form.
 * Arguments go on one line when the statement fits in 88 columns (black's default), else one
 * per line with a trailing comma, the way black and prettier lay out a call that is too long. */
static void render_create(dc_fix_ctx *ctx, dc_session_plan *pl, const dc_session_use *u, const char *name, const dc_session_union *un, dc_sv indent,
                          dc_buf *b) {
    const dc_style *st = &pl->style;
    dc_sv client = u->client_text, user = u->user_text;
    const char *items[3];
    uint32_t nitems = 0;
    dc_buf parts[3] = {DC_BUF_INIT, DC_BUF_INIT, DC_BUF_INIT};
    if (un->restrict_ && un->ntoolkits) {
        dc_buf_adds(&parts[nitems], u->ts ? "toolkits: " : "toolkits=");
        render_toolkits(&parts[nitems], un, st);
        nitems++;
    }
    if (un->nauth) {
        dc_buf_adds(&parts[nitems], u->ts ? "authConfigs: " : "auth_configs=");
        if (u->ts) render_kv_ts(&parts[nitems], un->auth, un->nauth, st);
        else render_kv_py(&parts[nitems], un->auth, un->nauth, st);
        nitems++;
    }
    if (un->naccounts) {
        dc_buf_adds(&parts[nitems], u->ts ? "connectedAccounts: " : "connected_accounts=");
        if (u->ts) render_kv_ts(&parts[nitems], un->accounts, un->naccounts, st);
        else render_kv_py(&parts[nitems], un->accounts, un->naccounts, st);
        nitems++;
    }
    for (uint32_t i = 0; i < nitems; i++) items[i] = parts[i].p;
    dc_buf one = DC_BUF_INIT;
    if (!u->ts) {
        dc_buf_printf(&one, "%s = %.*s.create(user_id=%.*s", name, (int)client.len, client.p, (int)user.len, user.p);
        for (uint32_t i = 0; i < nitems; i++) dc_buf_printf(&one, ", %s", items[i]);
        dc_buf_addc(&one, ')');
    } else {
        dc_buf_printf(&one, "const %s = await %.*s.create(%.*s", name, (int)client.len, client.p, (int)user.len, user.p);
        if (nitems) {
            dc_buf_adds(&one, ", { ");
            for (uint32_t i = 0; i < nitems; i++) dc_buf_printf(&one, "%s%s", i ? ", " : "", items[i]);
            dc_buf_adds(&one, " }");
        }
        dc_buf_adds(&one, ");");
    }
    bool fits = indent.len + one.len <= 88 && !memchr(one.p, '\n', one.len);
    if (fits || !nitems) {
        dc_buf_addsv(b, indent);
        dc_buf_add(b, one.p, one.len);
    } else if (!u->ts) {
        dc_buf_addsv(b, indent);
        dc_buf_printf(b, "%s = %.*s.create(%s", name, (int)client.len, client.p, st->newline);
        dc_buf_printf(b, "%.*s%s", (int)indent.len, indent.p, st->indent);
        dc_buf_printf(b, "user_id=%.*s,%s", (int)user.len, user.p, st->newline);
        for (uint32_t i = 0; i < nitems; i++)
            dc_buf_printf(b, "%.*s%s%s,%s", (int)indent.len, indent.p, st->indent, items[i], st->newline);
        dc_buf_printf(b, "%.*s)", (int)indent.len, indent.p);
    } else {
        dc_buf_addsv(b, indent);
        dc_buf_printf(b, "const %s = await %.*s.create(%.*s, {%s", name, (int)client.len, client.p, (int)user.len, user.p,
                      st->newline);
        for (uint32_t i = 0; i < nitems; i++)
            dc_buf_printf(b, "%.*s%s%s,%s", (int)indent.len, indent.p, st->indent, items[i], st->newline);
        dc_buf_printf(b, "%.*s});", (int)indent.len, indent.p);
    }
    dc_buf_free(&one);
    for (int i = 0; i < 3; i++) dc_buf_free(&parts[i]);
}

/* Whether the statements of this file end with `;` (TS): look at the anchor statement. */
static bool anchor_ok(dc_fix_ctx *ctx, TSNode anchor, uint32_t *line_start) {
    const dc_source *src = ctx->an->src;
    uint32_t s = ts_node_start_byte(anchor), ls = s;
    while (ls > 0 && src->data[ls - 1] != '\n') {
        if (src->data[ls - 1] != ' ' && src->data[ls - 1] != '\t') return false;
        ls--;
    }
    *line_start = ls;
    return true;
}

static const char *pick_name(dc_fix_ctx *ctx, dc_session_plan *pl, int gi, TSNode scope, uint32_t at) {
    const char **taken = dc_arena_alloc(ctx->arena, ((size_t)gi + 1) * sizeof *taken);
    uint32_t ntaken = 0;
    for (int i = 0; i < gi; i++)
        if (ts_node_eq(pl->groups.v[i].scope, scope) && pl->groups.v[i].name) taken[ntaken++] = pl->groups.v[i].name;
    dc_import_ctx ic = {ctx->arena, ctx->an->src, ctx->an->tree, dc_fix_index(ctx), dc_fix_style(ctx)};
    const char *prefix = dc_profile_names_get(ctx->an->profile)->name;
    const char *name = dc_fresh_name(&ic, at, "session", prefix, taken, ntaken);
    if (dc_lang_family(ctx->an->src->lang) != DC_FAMILY_TS || !strchr(name, '_')) return name;
    /* TS/JS names are camelCase: devcaster_session -> devcasterSession, session_2 -> session2 */
    char *camel = dc_arena_strdup(ctx->arena, name);
    char *o = camel;
    for (const char *p = name; *p; p++) {
        if (*p == '_' && p[1]) {
            p++;
            *o++ = (char)toupper((unsigned char)*p);
        } else {
            *o++ = *p;
        }
    }
    *o = 0;
    return dc_fresh_name(&ic, at, camel, NULL, taken, ntaken);
}

static const char *pl_newline(const dc_source *src) { return src->crlf ? "\r\n" : "\n"; }

/* The last item of a list-like node (arguments, list, object), ignoring comments; null if none. */
static TSNode last_item(TSNode list) {
    TSNode last = {0};
    uint32_t k = ts_node_named_child_count(list);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(list, i);
        if (!dc_node_is_comment(c)) last = c;
    }
    return last;
}

/* Appends `text` (", item" form) to a list-like node: right after its last item, so a trailing
 * comma and the closing bracket's line stay as they were; into an empty one as " item " for
 * objects or "item" otherwise. */
static void append_item(dc_fix_ctx *ctx, dc_fix *fx, TSNode list, const char *item, bool object) {
    TSNode last = last_item(list);
    char *text;
    uint32_t at;
    if (!ts_node_is_null(last)) {
        at = ts_node_end_byte(last);
        const dc_source *src = ctx->an->src;
        bool multiline = dc_source_pos((dc_source *)src, ts_node_start_byte(list)).line !=
                         dc_source_pos((dc_source *)src, ts_node_start_byte(last)).line;
        if (multiline) {
            /* one item per line, as the list already has */
            dc_sv ind = dc_line_indent(src, ts_node_start_byte(last));
            text = dc_arena_printf(ctx->arena, ",%s%.*s%s", pl_newline(src), (int)ind.len, ind.p, item);
        } else {
            text = dc_arena_printf(ctx->arena, ", %s", item);
        }
    } else {
        at = ts_node_end_byte(list) - 1;
        const char *src = ctx->an->src->data;
        uint32_t open = ts_node_start_byte(list) + 1;
        bool spaced = at > open && src[at - 1] == ' ';
        text = object ? dc_arena_printf(ctx->arena, "%s%s ", spaced ? "" : " ", item) : dc_arena_strdup(ctx->arena, item);
    }
    dc_fix_add_edit(ctx->arena, fx, at, at, text, strlen(text));
}

/* Completes an existing `create(...)` the group reuses: missing toolkits (when it restricts to
 * a literal list: every toolkit the group needs, authorize targets included) and auth configs /
 * connected accounts (into its literal dict/object, or as a new argument). False when the
 * existing call is not literal enough to complete safely. */
static bool complete_existing(dc_fix_ctx *ctx, dc_session_plan *pl, int gi, const dc_session_use *u, TSNode call, const dc_session_union *un,
                              dc_fix *fx) {
    const dc_source *src = ctx->an->src;
    const dc_style *st = &pl->style;
    dc_args a;
    dc_args_read(ctx, call, &a);
    if (a.splat) return false;
    TSNode tk = {0}, ac = {0}, ca = {0}, opts = {0};
    if (!u->ts) {
        tk = dc_args_kw(src, &a, "toolkits");
        ac = dc_args_kw(src, &a, "auth_configs");
        ca = dc_args_kw(src, &a, "connected_accounts");
    } else if (a.npos > 1) {
        opts = a.pos[1];
        if (!dc_node_is(opts, "object")) return false;
        tk = dc_object_get(src, opts, "toolkits", NULL);
        ac = dc_object_get(src, opts, "authConfigs", NULL);
        ca = dc_object_get(src, opts, "connectedAccounts", NULL);
    }
    if (!ts_node_is_null(tk)) {
        if (!dc_node_is(tk, "list") && !dc_node_is(tk, "array")) return false;
        for (uint32_t i = 0; i < pl->uses.len; i++) {
            const dc_session_use *v = &pl->uses.v[i];
            if (v->group != gi) continue;
            for (uint32_t t = 0; t < v->ntoolkits; t++) {
                bool have = false;
                uint32_t k = ts_node_named_child_count(tk);
                for (uint32_t j = 0; j < k && !have; j++) {
                    const char *val;
                    if (dc_string_value(ctx->arena, src, ts_node_named_child(tk, j), &val) &&
                        strcasecmp(val, v->toolkits[t]) == 0)
                        have = true;
                }
                for (uint32_t e = 0; e < fx->nedits && !have; e++) /* already added for another use */
                    if (strstr(fx->edits[e].text, v->toolkits[t])) have = true;
                if (have) continue;
                dc_buf lit = DC_BUF_INIT;
                dc_render_string(&lit, v->toolkits[t], st);
                append_item(ctx, fx, tk, lit.p, false);
                dc_buf_free(&lit);
            }
        }
    }
    const struct {
        const dc_session_kv *items;
        uint32_t n;
        TSNode node;
        const char *py, *js;
    } maps[2] = {{un->auth, un->nauth, ac, "auth_configs", "authConfigs"},
                 {un->accounts, un->naccounts, ca, "connected_accounts", "connectedAccounts"}};
    for (int m = 0; m < 2; m++) {
        if (!maps[m].n) continue;
        TSNode node = maps[m].node;
        if (!ts_node_is_null(node)) {
            if (!dc_node_is(node, "dictionary") && !dc_node_is(node, "object")) return false;
            for (uint32_t i = 0; i < maps[m].n; i++) {
                bool have = false;
                uint32_t k = ts_node_named_child_count(node);
                for (uint32_t j = 0; j < k; j++) {
                    TSNode key = dc_field(ts_node_named_child(node, j), "key");
                    const char *v;
                    if (ts_node_is_null(key)) continue;
                    if ((dc_string_value(ctx->arena, src, key, &v) && strcmp(v, maps[m].items[i].key) == 0) ||
                        dc_sv_eq_cstr(dc_fix_sv(ctx, key), maps[m].items[i].key))
                        have = true;
                }
                if (have) continue;
                dc_buf item = DC_BUF_INIT;
                if (u->ts && ident_like(maps[m].items[i].key)) dc_buf_adds(&item, maps[m].items[i].key);
                else dc_render_string(&item, maps[m].items[i].key, st);
                dc_buf_printf(&item, ": %s", maps[m].items[i].value);
                append_item(ctx, fx, node, item.p, true);
                dc_buf_free(&item);
            }
            continue;
        }
        dc_buf item = DC_BUF_INIT;
        if (!u->ts) {
            dc_buf_printf(&item, "%s=", maps[m].py);
            render_kv_py(&item, maps[m].items, maps[m].n, st);
            append_item(ctx, fx, dc_field(call, "arguments"), item.p, false);
        } else if (!ts_node_is_null(opts)) {
            dc_buf_printf(&item, "%s: ", maps[m].js);
            render_kv_ts(&item, maps[m].items, maps[m].n, st);
            append_item(ctx, fx, opts, item.p, true);
        } else {
            dc_buf_printf(&item, "{ %s: ", maps[m].js);
            render_kv_ts(&item, maps[m].items, maps[m].n, st);
            dc_buf_adds(&item, " }");
            append_item(ctx, fx, dc_field(call, "arguments"), item.p, false);
            opts = dc_field(call, "arguments"); /* a second map joins the same new object: refuse */
            if (m == 0 && un->naccounts) {
                dc_buf_free(&item);
                return false;
            }
        }
        dc_buf_free(&item);
    }
    return true;
}

/* Decides each group's session: reuse or insert, and the shared edits. */
static void plan_edits(dc_fix_ctx *ctx, dc_session_plan *pl) {
    const dc_source *src = ctx->an->src;
    for (uint32_t gi = 0; gi < pl->groups.len; gi++) {
        dc_session_group *g = &pl->groups.v[gi];
        const dc_session_use *first = &pl->uses.v[g->first];
        /* the innermost block holding every use, and the statement in it holding the first */
        TSNode block = dc_block_of(g->scope, first->call);
        for (uint32_t i = g->first; i <= g->last && !ts_node_is_null(block); i++) {
            const dc_session_use *u = &pl->uses.v[i];
            if (u->group != (int)gi) continue;
            while (!ts_node_is_null(block) && !dc_node_contains(block, u->call)) block = dc_block_of(g->scope, block);
        }
        if (ts_node_is_null(block)) {
            g->app = DC_APP_MANUAL;
            g->why = "no statement block to put the session in";
            continue;
        }
        g->block = block;
        g->anchor = dc_statement_in(block, first->call);
        for (uint32_t i = g->first; i <= g->last; i++) {
            const dc_session_use *u = &pl->uses.v[i];
            if (u->group != (int)gi) continue;
            for (TSNode p = ts_node_parent(u->call); !ts_node_is_null(p) && !ts_node_eq(p, block); p = ts_node_parent(p)) {
                if (dc_node_is(p, "try_statement") || dc_node_is(p, "except_clause") || dc_node_is(p, "catch_clause") ||
                    dc_node_is(p, "finally_clause")) {
                    if (g->app == DC_APP_SAFE) {
                        g->app = DC_APP_UNSAFE;
                        g->why = "the session is created outside the try statement around a call, so its errors are no "
                                 "longer caught there";
                    }
                    break;
                }
            }
        }
        dc_session_union un;
        build_union(ctx, pl, (int)gi, &un);
        if (un.conflict) {
            g->app = DC_APP_MANUAL;
            g->why = un.conflict;
            continue;
        }
        existing_scan es = {.ctx = ctx, .u = first, .before = ts_node_start_byte(g->anchor), .scope = g->scope,
                            .anchor = g->anchor};
        /* scan_existing acts on calls only (and stops at the first past `before`) */
        static const char *const calls[] = {"call", "call_expression", NULL};
        dc_fix_walk_kinds(ctx, g->scope, calls, scan_existing, &es);
        g->edits.app = DC_APP_SAFE;
        if (!ts_node_is_null(es.call)) {
            g->existing = es.call;
            g->name = dc_arena_strndup(ctx->arena, es.name.p, es.name.len);
            if (!complete_existing(ctx, pl, (int)gi, first, es.call, &un, &g->edits)) {
                g->app = DC_APP_MANUAL;
                g->why = dc_arena_printf(ctx->arena, "reuse the existing session `%s` and add the toolkits/auth configs by hand",
                                         g->name);
            }
            continue;
        }
        uint32_t ls;
        if (!anchor_ok(ctx, g->anchor, &ls)) {
            g->app = DC_APP_MANUAL;
            g->why = "the statement shares its line with another; split it first";
            continue;
        }
        g->name = pick_name(ctx, pl, (int)gi, g->scope, ts_node_start_byte(g->anchor));
        dc_buf stmt = DC_BUF_INIT;
        dc_sv indent = dc_line_indent(src, ts_node_start_byte(g->anchor));
        render_create(ctx, pl, first, g->name, &un, indent, &stmt);
        dc_buf_adds(&stmt, pl->style.newline);
        dc_fix_add_edit(ctx->arena, &g->edits, ls, ls, stmt.p, stmt.len);
        dc_buf_free(&stmt);
    }
}

static dc_session_plan *build_plan(dc_fix_ctx *ctx) {
    dc_session_plan *pl = dc_arena_alloc(ctx->arena, sizeof *pl);
    pl->style = *dc_fix_style(ctx);
    for (uint32_t i = 0; i < ctx->an->findings.len; i++) {
        dc_finding *f = &ctx->an->findings.v[i];
        if (!f->rule->fixer) continue;
        if (strcmp(f->rule->fixer, "tools-get") == 0 || strcmp(f->rule->fixer, "connect-link") == 0) {
            read_use(ctx, pl, f);
        } else {
            dc_session_use u = {0};
            u.f = f;
            u.app = DC_APP_SAFE;
            u.ts = dc_lang_family(ctx->an->src->lang) == DC_FAMILY_TS;
            if (dc_session_read_legacy(ctx, f, &u)) finish_use(ctx, pl, &u);
        }
    }
    plan_groups(ctx, pl);
    plan_edits(ctx, pl);
    return pl;
}

void dc_session_plan_free(dc_session_plan *pl) {
    if (!pl) return;
    dc_vec_free(&pl->uses);
    dc_vec_free(&pl->groups);
}

/* Attaches to each finding of `rule_fixer` its fix: manual with the reason, or the group's
 * shared edits plus its own call rewrite. */
void dc_session_attach(dc_fix_ctx *ctx, dc_finding **fs, uint32_t n) {
    if (!ctx->session) ctx->session = build_plan(ctx);
    dc_session_plan *pl = ctx->session;
    for (uint32_t k = 0; k < n; k++) {
        dc_session_use *u = NULL;
        for (uint32_t i = 0; i < pl->uses.len; i++)
            if (pl->uses.v[i].f == fs[k]) u = &pl->uses.v[i];
        if (!u) continue;
        dc_fix *fx;
        if (u->app == DC_APP_MANUAL || u->group < 0) {
            fx = dc_fix_new(ctx->arena, DC_APP_MANUAL);
            fx->why = u->why ? u->why : "cannot be rewritten";
            fs[k]->fix = fx;
            continue;
        }
        dc_session_group *g = &pl->groups.v[u->group];
        if (g->app == DC_APP_MANUAL) {
            fx = dc_fix_new(ctx->arena, DC_APP_MANUAL);
            fx->why = g->why;
            fs[k]->fix = fx;
            continue;
        }
        fx = dc_fix_new(ctx->arena, g->app);
        fx->why = g->app == DC_APP_SAFE ? NULL : g->why;
        fx->title = u->kind == DC_USE_TOOLS_GET ? "use the user's session tools" : "authorize through the user's session";
        for (uint32_t i = 0; i < g->edits.nedits; i++) {
            const dc_edit *e = &g->edits.edits[i];
            dc_fix_add_edit(ctx->arena, fx, e->start, e->end, e->text, e->len);
        }
        char *call = dc_arena_printf(ctx->arena, "%s.%s(%s)", g->name, u->method, u->call_args ? u->call_args : "");
        dc_fix_add_edit(ctx->arena, fx, ts_node_start_byte(u->call), ts_node_end_byte(u->call), call, strlen(call));
        fs[k]->fix = fx;
    }
}

void dc_fixer_tools_get(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) { dc_session_attach(ctx, f, n); }
void dc_fixer_connect_link(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) { dc_session_attach(ctx, f, n); }
