/* session_read.c: the first step of the session planner (session_p.h): each finding of
 * tools-get and connect-link becomes a use, with what it contributes to a session and what its
 * call becomes, or a manual use with the reason. Also the finishing every use gets, whoever read
 * it (the legacy session calls are read by session_read_legacy.c): its scope, and whether a
 * session statement can go before it at all. */
#include <ctype.h>
#include <stdlib.h>

#include "common/text.h"
#include "fixes/render.h"
#include "fixes/session_p.h"

/* ---- what a reader records ---------------------------------------------------------------- */

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
    DC_FIX_PUSH(ctx, u->auth, u->nauth, u->cap_auth, ((dc_session_kv){toolkit, value, NULL}));
}

/* What a tools.get call passes that a session cannot carry (issue 16, item 6): the migration
 * guides document `create(user_id, toolkits=, auth_configs=, connected_accounts=)` and a bare
 * `session.tools()`, nothing else, so `search`, `limit`, `scopes`, `modifiers` and TS provider
 * options are dropped, and specific tools become their whole toolkits. The fix is then unsafe,
 * and its reason names every such argument, the same words in Python and TypeScript (advice
 * never invents API the guides do not document). */
typedef struct dropped_args {
    dc_buf names;  /* "search, limit" */
    dc_buf widened; /* tool slugs whose whole toolkit the session gets: "GITHUB_CREATE_ISSUE" */
} dropped_args;

static void drop_arg(dropped_args *d, const char *name) {
    if (d) dc_idlist_add(&d->names, name);
}

/* The unsafe reason for what `d` holds, or NULL when nothing is dropped. */
static const char *dropped_why(dc_fix_ctx *ctx, const dropped_args *d) {
    if (!d->names.len && !d->widened.len) return NULL;
    dc_buf b = DC_BUF_INIT;
    if (d->names.len)
        dc_buf_printf(&b, "the session drops %s (the migration guides give sessions no equivalent)", d->names.p);
    if (d->widened.len)
        dc_buf_printf(&b, "%sthe session gets the whole toolkit%s of %s, not just %s", d->names.len ? "; " : "",
                      strchr(d->widened.p, ',') ? "s" : "", d->widened.p,
                      strchr(d->widened.p, ',') ? "those tools" : "that tool");
    const char *why = dc_arena_strdup(ctx->arena, dc_buf_cstr(&b));
    dc_buf_free(&b);
    return why;
}

/* Toolkits from a list/array of string literals (lower-cased), or tool slugs mapped to their
 * toolkits (`tools=`: inferred and widened, so unsafe, recorded in `d`). */
static bool read_slug_list(dc_fix_ctx *ctx, dc_session_use *u, TSNode list, bool tools, dropped_args *d) {
    if (!dc_node_is(list, "list") && !dc_node_is(list, "array")) {
        dc_use_set_manual(u, tools
                                 ? "the tools are computed at run time: restrict the session to their toolkits by hand"
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
                dc_use_set_manual(
                    u, dc_arena_printf(ctx->arena,
                                       "cannot tell which toolkit the tool %s belongs to: restrict the session by hand",
                                       v));
                return false;
            }
            dc_use_add_toolkit(ctx, u, tk);
            if (d) dc_idlist_add(&d->widened, v);
        } else {
            dc_use_add_toolkit(ctx, u, v);
        }
    }
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

/* One tool slug (Python `slug=`, the TS string argument): the session is restricted to the tool's
 * toolkit, which is inferred, so unsafe; manual with `manual` when the slug does not tell it. */
static void read_one_slug(dc_fix_ctx *ctx, dc_session_use *u, TSNode slug, const char *manual, dropped_args *d) {
    const char *v, *tk;
    if (dc_string_value(ctx->arena, ctx->an->src, slug, &v) && (tk = dc_toolkit_of_tool(ctx, v))) {
        dc_use_add_toolkit(ctx, u, tk);
        u->restricts = true;
        dc_idlist_add(&d->widened, v);
    } else {
        dc_use_set_manual(u, manual);
    }
}

/* Python: tools.get(user_id, *, toolkits=, tools=, slug=, search=, limit=, scopes=, modifiers=). */
static void read_tools_get_py(dc_fix_ctx *ctx, dc_session_use *u, const dc_args *a, dropped_args *d) {
    const dc_source *src = ctx->an->src;
    u->user = a->npos ? a->pos[0] : dc_args_kw(src, a, "user_id");
    TSNode toolkits = dc_args_kw(src, a, "toolkits"), tools = dc_args_kw(src, a, "tools");
    TSNode slug = dc_args_kw(src, a, "slug");
    if (a->npos > 1) dc_use_set_manual(u, "unexpected positional arguments");
    for (uint32_t i = 0; i < a->nkw; i++) {
        dc_sv k = dc_fix_sv(ctx, a->kw_name[i]);
        if (dc_sv_eq_cstr(k, "modifiers") || dc_sv_eq_cstr(k, "limit") || dc_sv_eq_cstr(k, "scopes") ||
            dc_sv_eq_cstr(k, "search"))
            drop_arg(d, dc_arena_strndup(ctx->arena, k.p, k.len));
        else if (!dc_sv_eq_cstr(k, "user_id") && !dc_sv_eq_cstr(k, "toolkits") && !dc_sv_eq_cstr(k, "tools") &&
                 !dc_sv_eq_cstr(k, "slug"))
            dc_use_set_manual(u, dc_arena_printf(ctx->arena, "unknown argument %.*s=", (int)k.len, k.p));
    }
    if (!ts_node_is_null(toolkits)) u->restricts = read_slug_list(ctx, u, toolkits, false, d);
    if (!ts_node_is_null(tools)) u->restricts = read_slug_list(ctx, u, tools, true, d) || u->restricts;
    if (!ts_node_is_null(slug))
        read_one_slug(ctx, u, slug, "cannot tell the toolkit of slug=: restrict the session by hand", d);
}

/* TS options object: { toolkits, tools, search, authConfigIds, limit, scopes }. */
static void read_tools_get_options(dc_fix_ctx *ctx, dc_session_use *u, TSNode opt, dropped_args *d) {
    const dc_source *src = ctx->an->src;
    dc_buf keys = DC_BUF_INIT;
    if (!dc_object_keys(src, opt, &keys)) dc_use_set_manual(u, "the options object is not a plain literal");
    TSNode toolkits = dc_object_get(src, opt, "toolkits", NULL), tools = dc_object_get(src, opt, "tools", NULL);
    if (!ts_node_is_null(toolkits)) u->restricts = read_slug_list(ctx, u, toolkits, false, d);
    if (!ts_node_is_null(tools)) u->restricts = read_slug_list(ctx, u, tools, true, d) || u->restricts;
    /* every other key: search/limit/scopes dropped (named); anything else manual */
    char *save = NULL;
    for (char *k = strtok_r(keys.p, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
        if (!strcmp(k, "toolkits") || !strcmp(k, "tools")) continue;
        if (!strcmp(k, "authConfigIds")) {
            read_auth_config_ids(ctx, u, dc_object_get(src, opt, "authConfigIds", NULL));
            continue;
        }
        if (!strcmp(k, "limit") || !strcmp(k, "scopes") || !strcmp(k, "search"))
            drop_arg(d, dc_arena_strdup(ctx->arena, k));
        else
            dc_use_set_manual(u, dc_arena_printf(ctx->arena, "unknown option `%s`", k));
    }
    dc_buf_free(&keys);
}

/* TS: tools.get(userId, slug | options?). */
static void read_tools_get_ts(dc_fix_ctx *ctx, dc_session_use *u, const dc_args *a, dropped_args *d) {
    u->user = a->npos ? a->pos[0] : (TSNode){0};
    if (a->npos > 3) dc_use_set_manual(u, "unexpected arguments");
    if (a->npos < 2) return;
    TSNode opt = a->pos[1];
    if (dc_node_is(opt, "string"))
        read_one_slug(ctx, u, opt, "cannot tell which toolkit the tool belongs to: restrict the session by hand", d);
    else if (dc_node_is(opt, "object"))
        read_tools_get_options(ctx, u, opt, d);
    else
        dc_use_set_manual(u, "the options are not an object literal: migrate by hand");
    if (a->npos > 2) drop_arg(d, "provider options (modifiers)");
}

static void read_tools_get(dc_fix_ctx *ctx, dc_session_use *u) {
    dc_args a;
    dc_args_read(ctx, u->call, &a);
    u->method = "tools";
    u->call_args = "";
    if (a.splat) {
        dc_use_set_manual(u, "the call passes *args/**kwargs or spreads: migrate it by hand");
        return;
    }
    dropped_args d = {DC_BUF_INIT, DC_BUF_INIT};
    if (!u->ts)
        read_tools_get_py(ctx, u, &a, &d);
    else
        read_tools_get_ts(ctx, u, &a, &d);
    dc_use_lower(u, DC_APP_UNSAFE, dropped_why(ctx, &d));
    dc_buf_free(&d.names);
    dc_buf_free(&d.widened);
    if (!u->restricts && u->app != DC_APP_MANUAL) u->unrestricted = true;
}

const char *dc_use_toolkit_by_map(dc_fix_ctx *ctx, dc_session_use *u, TSNode ac) {
    const dc_authmap *map = dc_fix_auth(ctx);
    const char *value;
    const dc_authfact *f = NULL;
    if (dc_string_value(ctx->arena, ctx->an->src, ac, &value)) f = dc_authmap_toolkit_of(map, value);
    if (!f) f = dc_authmap_toolkit_of(map, dc_fix_text(ctx, ac));
    if (!f) return NULL;
    if (f->kind != DC_AUTHFACT_FLAG && f->kind != DC_AUTHFACT_CONFIG) u->toolkit_from = f;
    return dc_arena_strdup(ctx->arena, f->toolkit);
}

/* Finds the toolkit an auth config expression is for, in the documented order: --auth-config
 * / config mapping and the project's auth config facts, the file's own toolkit->ac mapping
 * (`AUTH_CONFIGS["github"]`), then a toolkit named by it. */
static const char *toolkit_for_auth(dc_fix_ctx *ctx, dc_session_use *u, TSNode ac) {
    const dc_source *src = ctx->an->src;
    const char *value = NULL;
    bool literal = dc_string_value(ctx->arena, src, ac, &value);
    dc_sv text = dc_fix_sv(ctx, ac);
    const char *mapped = dc_use_toolkit_by_map(ctx, u, ac);
    if (mapped) return mapped;
    /* AUTH_CONFIGS["github"] / authConfigs.github / authConfigs["github"] */
    TSNode key = {0};
    if (dc_node_is(ac, "subscript"))
        key = dc_field(ac, "subscript");
    else if (dc_node_is(ac, "subscript_expression"))
        key = dc_field(ac, "index");
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
        dc_use_lower(u, DC_APP_UNSAFE,
                     dc_arena_printf(ctx->arena, "the toolkit `%s` is inferred from the auth config's name", tk));
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

static void read_link(dc_fix_ctx *ctx, dc_session_use *u) {
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
                dc_use_set_manual(
                    u, dc_arena_printf(ctx->arena, "%.*s= has no session equivalent: keep this call or migrate by hand",
                                       (int)k.len, k.p));
            else if (!dc_sv_eq_cstr(k, "user_id") && !dc_sv_eq_cstr(k, "auth_config_id") &&
                     !dc_sv_eq_cstr(k, "callback_url"))
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
                if (other)
                    dc_use_set_manual(
                        u, "allowMultiple/config have no session equivalent: keep this call or migrate by hand");
                dc_buf_adds(&args, ", ");
                dc_buf_addsv(&args, dc_fix_sv(ctx, opt));
            }
        }
    }
    if (ts_node_is_null(ac)) {
        dc_use_set_manual(u, "no auth config argument");
    } else if (u->app != DC_APP_MANUAL && dc_use_run_time_auth(ctx, u, ac, dc_buf_cstr(&args))) {
        /* (its call and auth configs are set, or it is manual) */
    } else if (u->app != DC_APP_MANUAL) {
        const char *tk = toolkit_for_auth(ctx, u, ac);
        if (!tk) {
            dc_use_set_manual(u, no_toolkit_why(ctx, ac));
        } else {
            dc_use_add_toolkit(ctx, u, tk);
            dc_use_add_auth(ctx, u, u->toolkits[u->ntoolkits - 1], dc_fix_text(ctx, ac));
            dc_buf lit = DC_BUF_INIT;
            dc_render_string(&lit, u->toolkits[u->ntoolkits - 1],
                             &(dc_style){.quote = dc_string_quote(src, ac) ? dc_string_quote(src, ac) : '"'});
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

void dc_session_read(dc_fix_ctx *ctx, dc_session_plan *pl, dc_finding *f) {
    dc_session_use u = {0};
    u.f = f;
    u.app = DC_APP_SAFE;
    u.ts = dc_lang_family(ctx->an->src->lang) == DC_FAMILY_TS;
    if (!dc_finding_capture(f, "match", &u.call) || !dc_finding_capture(f, "recv", &u.recv)) return;
    TSNode m = {0};
    dc_sv ns = {0};
    if (dc_finding_capture(f, "_ns", &m)) ns = dc_fix_sv(ctx, m);
    u.client_key = dc_fix_norm(ctx, u.recv);
    if (dc_sv_eq_cstr(ns, "tools")) {
        u.kind = DC_USE_TOOLS_GET;
        read_tools_get(ctx, &u);
    } else if (dc_sv_eq_cstr(ns, "toolkits")) {
        u.kind = DC_USE_TOOLKITS_AUTHORIZE;
        read_toolkits_authorize(ctx, &u);
    } else {
        u.kind = DC_USE_LINK;
        read_link(ctx, &u);
    }
    if (f->low_confidence) dc_use_lower(&u, DC_APP_UNSAFE, "the receiver is not provably a client of the SDK");
    u.client_text = dc_fix_sv(ctx, u.recv);
    if (ts_node_is_null(u.user)) {
        dc_use_set_manual(&u, "no user id argument");
    } else {
        u.user_text = dc_fix_sv(ctx, u.user);
        u.user_key = dc_fix_norm(ctx, u.user);
        /* A user expression with a call in it would run once instead of once per call. */
        if (strchr(dc_arena_strndup(ctx->arena, u.user_key.p, u.user_key.len), '('))
            dc_use_lower(&u, DC_APP_UNSAFE, "the user id expression is a call, now evaluated once for the session");
    }
    dc_session_finish_use(ctx, pl, &u);
}

/* Does a comprehension between `n` and its scope bind the leading name of `key`? Then the user
 * (or client) only exists inside the comprehension and no statement before it can see it. */
static bool bound_by_comprehension(dc_fix_ctx *ctx, TSNode n, dc_sv key) {
    uint32_t kl = 0;
    while (kl < key.len && (isalnum((unsigned char)key.p[kl]) || key.p[kl] == '_')) kl++;
    if (!kl) return false;
    for (TSNode p = dc_fix_parent(ctx, n); !ts_node_is_null(p) && !dc_node_is_function(p); p = dc_fix_parent(ctx, p)) {
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
 * `c ? x : y`, `a && b`, `a ?? b`), or under a clause of a statement whose other clauses a
 * statement before it would also run for (`elif` conditions, TS `else if`, `case` bodies and
 * guards)? The session statement before it would run on all of them. */
static bool conditional_call(dc_fix_ctx *ctx, TSNode n) {
    static const char *const clauses[] = {"elif_clause", "else_clause",    "case_clause",
                                          "switch_case", "switch_default", NULL};
    static const char *const bodies[] = {"if_statement",    "for_statement", "for_in_statement",
                                         "while_statement", "do_statement",  NULL};
    for (TSNode c = n, p = dc_fix_parent(ctx, n);
         !ts_node_is_null(p) && !dc_node_is_block(p) && !dc_node_is_function(p); c = p, p = dc_fix_parent(ctx, p)) {
        if (dc_node_is(p, "conditional_expression") || dc_node_is(p, "boolean_operator") ||
            dc_node_is(p, "ternary_expression") || dc_node_is_any(p, clauses))
            return true;
        /* a body without braces (`if (x) y = await f()`, `for (...) await f()`): its statement is the
         * whole if / loop */
        if (dc_node_is_any(p, bodies) &&
            (dc_node_same(dc_field(p, "body"), c) || dc_node_same(dc_field(p, "consequence"), c)))
            return true;
        if (dc_node_is(p, "binary_expression")) {
            TSNode op = dc_field(p, "operator");
            const char *o = ts_node_is_null(op) ? "" : ts_node_type(op);
            if (!strcmp(o, "&&") || !strcmp(o, "||") || !strcmp(o, "??")) return true;
        }
    }
    return false;
}

/* Is the call in a parameter's default value (evaluated where the function is defined)? */
static bool in_default_parameter(dc_fix_ctx *ctx, TSNode n) {
    static const char *const kinds[] = {"default_parameter",  "typed_default_parameter", "required_parameter",
                                        "optional_parameter", "assignment_pattern",      NULL};
    for (TSNode p = dc_fix_parent(ctx, n); !ts_node_is_null(p) && !dc_node_is_block(p) && !dc_node_is_function(p);
         p = dc_fix_parent(ctx, p))
        if (dc_node_is_any(p, kinds)) return true;
    return false;
}

/* Does another call of the call's statement run before it (`Agent(name=make_name(),
 * tools=client.tools.get(...))`)? A session statement before the statement would run first. */
typedef struct before_scan {
    uint32_t at;
    bool found;
} before_scan;

static bool scan_before(TSNode n, void *vs) {
    before_scan *s = vs;
    if (ts_node_start_byte(n) >= s->at) return false; /* preorder: nothing later starts before */
    if (ts_node_end_byte(n) <= s->at && ts_node_is_named(n)) s->found = true;
    return !s->found;
}

static bool call_runs_before(dc_fix_ctx *ctx, TSNode call) {
    static const char *const kinds[] = {"call", "call_expression", "new_expression", "await_expression", "await", NULL};
    TSNode st = dc_statement_of(ctx, call);
    if (ts_node_is_null(st)) return false;
    before_scan s = {ts_node_start_byte(call), false};
    dc_fix_walk_kinds(ctx, st, kinds, scan_before, &s);
    return s.found;
}

/* Where no statement before the call runs exactly when it does, the session is created inside
 * the expression instead (`client.create(...).tools()`; TS `(await client.create(...)).tools()`),
 * or the use is manual when no such form is valid there. */
static void choose_form(dc_fix_ctx *ctx, dc_session_use *u) {
    bool comp =
        bound_by_comprehension(ctx, u->call, u->user_key) || bound_by_comprehension(ctx, u->call, u->client_key);
    bool lambda = dc_node_is(u->scope, "lambda") || (u->ts && dc_node_is(u->scope, "arrow_function") &&
                                                     !dc_node_is(dc_field(u->scope, "body"), "statement_block"));
    bool deflt = in_default_parameter(ctx, u->call), cond = conditional_call(ctx, u->call);
    if (!dc_finding_fixer_is(u->f, "tools-get") && !dc_finding_fixer_is(u->f, "connect-link")) {
        /* the legacy calls keep their statement form */
        if (comp)
            dc_use_set_manual(
                u, "the user or client is a comprehension variable: create the sessions inside a loop by hand");
        if (cond)
            dc_use_lower(u, DC_APP_UNSAFE,
                         "the call ran only on some paths (a conditional expression); the session is now created on "
                         "all of them");
        if (lambda)
            dc_use_set_manual(
                u, "the call is in a lambda/arrow expression body: there is no statement to put the session before");
        return;
    }
    if (deflt && u->ts) {
        dc_use_set_manual(u,
                          "the call is a parameter's default value, where create() cannot be awaited: migrate by hand");
        return;
    }
    if (comp || lambda || deflt || cond) {
        u->expr_form = true;
    } else if (call_runs_before(ctx, u->call)) {
        u->expr_form = true;
        u->expr_runs_after = true;
    }
}

/* Scope, async context and grouping defaults common to every kind of use. */
void dc_session_finish_use(dc_fix_ctx *ctx, dc_session_plan *pl, dc_session_use *up) {
    dc_session_use u = *up;
    u.scope = dc_scope_of(ctx, u.call);
    u.join = -1;
    if (u.app != DC_APP_MANUAL) choose_form(ctx, &u);
    if (u.ts && u.app != DC_APP_MANUAL) {
        TSNode fn = u.expr_form ? dc_scope_of(ctx, u.call) : u.scope;
        bool root = ts_node_is_null(dc_fix_parent(ctx, fn));
        if (root ? !ts_file_is_module(fn) : !ts_function_is_async(fn))
            dc_use_set_manual(&u, root ? "create() returns a Promise and this CommonJS script cannot await at top level"
                                       : "create() returns a Promise and the enclosing function is not async");
    }
    u.group = -1;
    dc_vec_push(&pl->uses, u);
    pl->use_of[u.f - ctx->an->findings.v] = pl->uses.len;
}
