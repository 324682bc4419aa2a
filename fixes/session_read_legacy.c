/* session_read_legacy.c: the legacy session calls read as session uses, for the session planner
 * (session_p.h): toolset.get_tools / get_actions / getTools as DC_USE_TOOLS_GET uses (a session
 * restricted to their apps or actions' toolkits), initiate_connection / initiateConnection /
 * connectedAccounts.initiate as DC_USE_LEGACY uses (session.authorize). The user, toolset and
 * toolkits come from the file's legacy model (legacy_model_p.h), which the legacy fixers ask
 * too, so both sides agree on them. */
#include <stdlib.h>

#include "fixes/legacy_model_p.h"
#include "fixes/render.h"
#include "fixes/session_p.h"

/* actions=[...] (tools: each slug's toolkit, inferred, so unsafe) or apps=[...] (toolkits). */
static bool read_list(dc_legacy_model *m, dc_session_use *u, TSNode list, bool tools) {
    dc_fix_ctx *ctx = m->ctx;
    if (!dc_node_is(list, "list") && !dc_node_is(list, "array") && !dc_node_is(list, "tuple")) {
        dc_use_set_manual(u,
                          tools ? "the actions are computed at run time: restrict the session to their toolkits by hand"
                                : "the apps are computed at run time: pass them to the session as toolkits by hand");
        return false;
    }
    uint32_t k = ts_node_named_child_count(list);
    for (uint32_t i = 0; i < k; i++) {
        TSNode e = ts_node_named_child(list, i);
        if (dc_node_is_comment(e)) continue;
        if (!tools) {
            const char *tk = dc_legacy_toolkit_value(m, e);
            if (!tk) {
                dc_use_set_manual(u, dc_arena_printf(ctx->arena,
                                                     "the app `%s` is not an App member or a plain string: "
                                                     "pass it to the session by hand",
                                                     dc_legacy_excerpt(ctx, e)));
                return false;
            }
            dc_use_add_toolkit(ctx, u, tk);
            continue;
        }
        if (dc_legacy_local_tool(m, e)) {
            /* a custom tool of the user's is not a cloud toolkit: never a session's toolkit */
            dc_use_set_manual(u, dc_arena_printf(ctx->arena,
                                                 "the action `%s` is a tool defined in this file, not a cloud "
                                                 "toolkit's: a session serves cloud toolkits, so give the agent this "
                                                 "tool next to session.tools() by hand",
                                                 dc_legacy_excerpt(ctx, e)));
            return false;
        }
        const char *slug = dc_legacy_tool_value(m, e), *tk = slug ? dc_toolkit_of_tool(ctx, slug) : NULL;
        if (!tk) {
            dc_use_set_manual(u, slug ? dc_arena_printf(ctx->arena,
                                                        "cannot tell which toolkit the action %s belongs to: "
                                                        "restrict the session by hand",
                                                        slug)
                                      : dc_arena_printf(ctx->arena,
                                                        "the action `%s` is not an Action member or a plain string",
                                                        dc_legacy_excerpt(ctx, e)));
            return false;
        }
        dc_use_add_toolkit(ctx, u, tk);
    }
    if (tools)
        dc_use_lower(
            u, DC_APP_UNSAFE,
            "the session is restricted to the actions' toolkits (inferred from the tool slugs), not to single tools");
    return true;
}

/* The toolkit an integration id (auth config) is for, in connect-link's order: --auth-config
 * / the config file and the project's auth config facts, the file's own toolkit->id mapping (AUTH_CONFIGS["github"],
 * authConfigs.github), then a name or value naming exactly one known toolkit (a guess). */
static const char *toolkit_of_integration(dc_legacy_model *m, dc_session_use *u, TSNode ac) {
    dc_fix_ctx *ctx = m->ctx;
    const char *value = NULL;
    bool literal = dc_string_value(ctx->arena, ctx->an->src, ac, &value);
    dc_sv text = dc_fix_sv(ctx, ac);
    const char *mapped = dc_use_toolkit_by_map(ctx, u, ac);
    if (mapped) return mapped;
    TSNode obj = {0}, key = {0};
    if (dc_node_is(ac, "subscript"))
        obj = dc_field(ac, "value"), key = dc_field(ac, "subscript");
    else if (dc_node_is(ac, "subscript_expression"))
        obj = dc_field(ac, "object"), key = dc_field(ac, "index");
    else if (dc_node_is(ac, "member_expression"))
        obj = dc_field(ac, "object");
    if (!ts_node_is_null(obj)) {
        char *lo = dc_str_lower(ctx->arena, dc_fix_sv(ctx, obj));
        bool table = strstr(lo, "authconfig") || strstr(lo, "auth_config") || strstr(lo, "integration");
        const char *k;
        if (table && !ts_node_is_null(key) && dc_string_value(ctx->arena, ctx->an->src, key, &k) && *k)
            return dc_str_lower(ctx->arena, dc_sv_cstr(k));
        if (table && dc_node_is(ac, "member_expression")) {
            const char *tk = dc_toolkit_named_by(ctx, dc_fix_sv(ctx, dc_field(ac, "property")));
            if (tk) return tk;
        }
    }
    const char *tk = dc_toolkit_named_by(ctx, literal ? dc_sv_cstr(value) : text);
    if (tk)
        dc_use_lower(u, DC_APP_UNSAFE,
                     dc_arena_printf(ctx->arena, "the toolkit `%s` is inferred from the integration id's name", tk));
    return tk;
}

/* Python keyword arguments a legacy session call may take, and what becomes of them. */
typedef struct kw_rule {
    const char *name;
    const char *role;     /* "user", "apps", "actions", "app", "integration", "callback", or NULL: drop */
    dc_applicability app; /* for a dropped argument: UNSAFE (no equivalent) or MANUAL */
    const char *why;
} kw_rule;

static const kw_rule get_tools_kws[] = {
    {"actions", "actions", DC_APP_SAFE, NULL},
    {"apps", "apps", DC_APP_SAFE, NULL},
    {"entity_id", "user", DC_APP_SAFE, NULL},
    {"tags", NULL, DC_APP_UNSAFE, "tags= has no session equivalent and is dropped"},
    {"check_connected_accounts", NULL, DC_APP_UNSAFE,
     "check_connected_accounts= has no session equivalent and is dropped"},
    {"processors", NULL, DC_APP_MANUAL,
     "processors= are modifiers now: rewrite them as @before_execute / @after_execute modifiers and pass "
     "session.tools(modifiers=[...])"},
};

static const kw_rule connection_kws[] = {
    {"app", "app", DC_APP_SAFE, NULL},
    {"app_name", "app", DC_APP_SAFE, NULL},
    {"integration_id", "integration", DC_APP_SAFE, NULL},
    {"entity_id", "user", DC_APP_SAFE, NULL},
    {"redirect_url", "callback", DC_APP_SAFE, NULL},
};

/* JS option keys, same idea. */
static const kw_rule get_tools_keys[] = {
    {"actions", "actions", DC_APP_SAFE, NULL},
    {"apps", "apps", DC_APP_SAFE, NULL},
    {"tags", NULL, DC_APP_UNSAFE, "tags have no session equivalent and are dropped"},
    {"useCase", NULL, DC_APP_UNSAFE,
     "useCase has no session equivalent (the agent searches tools itself) and is dropped"},
    {"usecaseLimit", NULL, DC_APP_UNSAFE, "usecaseLimit has no session equivalent and is dropped"},
    {"filterByAvailableApps", NULL, DC_APP_UNSAFE, "filterByAvailableApps has no session equivalent and is dropped"},
};

static const kw_rule connection_keys[] = {
    {"appName", "app", DC_APP_SAFE, NULL},          {"integrationId", "integration", DC_APP_SAFE, NULL},
    {"entityId", "user", DC_APP_SAFE, NULL},        {"redirectUri", "callback", DC_APP_SAFE, NULL},
    {"redirectUrl", "callback", DC_APP_SAFE, NULL},
};

typedef struct roles {
    TSNode user, apps, actions, app, integration, callback;
} roles;

static void assign_role(roles *r, const char *role, TSNode v) {
    if (!role) return;
    if (!strcmp(role, "user"))
        r->user = v;
    else if (!strcmp(role, "apps"))
        r->apps = v;
    else if (!strcmp(role, "actions"))
        r->actions = v;
    else if (!strcmp(role, "app"))
        r->app = v;
    else if (!strcmp(role, "integration"))
        r->integration = v;
    else if (!strcmp(role, "callback"))
        r->callback = v;
}

/* Sorts a call's named arguments (Python keywords, or the keys of a JS options object) into
 * roles by the table; anything else makes the use manual. */
static void read_named(dc_legacy_model *m, dc_session_use *u, dc_sv name, TSNode value, const kw_rule *tab, size_t n,
                       roles *r) {
    for (size_t i = 0; i < n; i++) {
        if (!dc_sv_eq_cstr(name, tab[i].name)) continue;
        if (tab[i].role)
            assign_role(r, tab[i].role, value);
        else if (tab[i].app == DC_APP_MANUAL)
            dc_use_set_manual(u, tab[i].why);
        else
            dc_use_lower(u, tab[i].app, tab[i].why);
        return;
    }
    dc_use_set_manual(u, dc_arena_printf(m->ctx->arena, "%.*s has no session equivalent: migrate this call by hand",
                                         (int)name.len, name.p));
}

static void read_py_kws(dc_legacy_model *m, dc_session_use *u, const dc_args *a, const kw_rule *tab, size_t n,
                        roles *r) {
    for (uint32_t i = 0; i < a->nkw; i++) read_named(m, u, dc_fix_sv(m->ctx, a->kw_name[i]), a->kw_value[i], tab, n, r);
}

static void read_ts_object(dc_legacy_model *m, dc_session_use *u, TSNode obj, const kw_rule *tab, size_t n, roles *r) {
    uint32_t k = ts_node_named_child_count(obj);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(obj, i);
        if (dc_node_is_comment(c)) continue;
        if (dc_node_is(c, "pair")) {
            TSNode key = dc_field(c, "key");
            const char *ks;
            dc_sv name =
                dc_string_value(m->ctx->arena, m->ctx->an->src, key, &ks) ? dc_sv_cstr(ks) : dc_fix_sv(m->ctx, key);
            read_named(m, u, name, dc_field(c, "value"), tab, n, r);
        } else if (dc_node_is(c, "shorthand_property_identifier")) {
            read_named(m, u, dc_fix_sv(m->ctx, c), c, tab, n, r);
        } else {
            dc_use_set_manual(u, "the options object has spreads or methods: migrate this call by hand");
        }
    }
}

static void read_get_tools(dc_legacy_model *m, dc_session_use *u, roles *r) {
    dc_args a;
    dc_args_read(m->ctx, u->call, &a);
    u->kind = DC_USE_TOOLS_GET;
    u->method = "tools";
    u->call_args = "";
    if (a.splat) {
        dc_use_set_manual(u, "the call passes *args/**kwargs or spreads: migrate it by hand");
        return;
    }
    if (!m->ts) {
        /* get_tools(actions=None, apps=None, tags=None, entity_id=None) */
        static const char *const order[] = {"actions", "apps", "tags", "entity_id"};
        if (a.npos > 4) dc_use_set_manual(u, "unexpected positional arguments");
        for (uint32_t i = 0; i < a.npos && i < 4; i++)
            read_named(m, u, dc_sv_cstr(order[i]), a.pos[i], get_tools_kws,
                       sizeof get_tools_kws / sizeof *get_tools_kws, r);
        read_py_kws(m, u, &a, get_tools_kws, sizeof get_tools_kws / sizeof *get_tools_kws, r);
    } else {
        /* getTools({ actions | apps | tags | useCase }, entityId?) */
        if (a.npos > 2) dc_use_set_manual(u, "unexpected arguments");
        if (a.npos >= 1) {
            if (dc_node_is(a.pos[0], "object"))
                read_ts_object(m, u, a.pos[0], get_tools_keys, sizeof get_tools_keys / sizeof *get_tools_keys, r);
            else
                dc_use_set_manual(u, "the filters are not an object literal: migrate by hand");
        }
        if (a.npos >= 2) r->user = a.pos[1];
    }
    /* in source order, so the session lists the toolkits as the call did */
    bool apps_first = ts_node_is_null(r->actions) ||
                      (!ts_node_is_null(r->apps) && ts_node_start_byte(r->apps) < ts_node_start_byte(r->actions));
    for (int pass = 0; pass < 2; pass++) {
        bool apps = (pass == 0) == apps_first;
        TSNode list = apps ? r->apps : r->actions;
        if (!ts_node_is_null(list)) u->restricts = read_list(m, u, list, !apps) || u->restricts;
    }
    if (!u->restricts && u->app != DC_APP_MANUAL) u->unrestricted = true;
}

/* The connection request's options: `, callback_url=X` / `, { callbackUrl: X }`. */
static const char *callback_args(dc_legacy_model *m, TSNode cb) {
    if (ts_node_is_null(cb)) return "";
    const char *v = dc_fix_text(m->ctx, cb);
    if (!m->ts) return dc_arena_printf(m->ctx->arena, ", callback_url=%s", v);
    if (dc_node_is(cb, "identifier") && !strcmp(v, "callbackUrl")) return ", { callbackUrl }";
    return dc_arena_printf(m->ctx->arena, ", { callbackUrl: %s }", v);
}

static void read_connection(dc_legacy_model *m, dc_session_use *u, roles *r, bool entity_call) {
    dc_fix_ctx *ctx = m->ctx;
    const dc_source *src = ctx->an->src;
    dc_args a;
    dc_args_read(m->ctx, u->call, &a);
    u->kind = DC_USE_LEGACY;
    u->method = "authorize";
    if (a.splat) {
        dc_use_set_manual(u, "the call passes *args/**kwargs or spreads: migrate it by hand");
        return;
    }
    if (!m->ts) {
        if (entity_call && a.npos >= 1) r->app = a.pos[0]; /* entity.initiate_connection(app_name, ...) */
        if (a.npos > (entity_call ? 1u : 0u)) dc_use_set_manual(u, "unexpected positional arguments");
        read_py_kws(m, u, &a, connection_kws, sizeof connection_kws / sizeof *connection_kws, r);
    } else if (a.npos == 1 && dc_node_is(a.pos[0], "object")) {
        read_ts_object(m, u, a.pos[0], connection_keys, sizeof connection_keys / sizeof *connection_keys, r);
    } else {
        dc_use_set_manual(u, "the options are not one object literal: migrate this call by hand");
    }
    if (entity_call && !ts_node_is_null(r->user))
        dc_use_set_manual(u, "an entity's connection names another user: migrate by hand");
    if (u->app == DC_APP_MANUAL) return;
    const char *tk = NULL;
    if (!ts_node_is_null(r->app)) {
        tk = dc_legacy_toolkit_value(m, r->app);
        if (!tk) {
            dc_use_set_manual(u, dc_arena_printf(ctx->arena,
                                                 "the app `%s` is computed at run time: authorize its toolkit by hand",
                                                 dc_legacy_excerpt(ctx, r->app)));
            return;
        }
    } else if (!ts_node_is_null(r->integration)) {
        tk = toolkit_of_integration(m, u, r->integration);
        const char *id;
        if (!tk && dc_string_value(ctx->arena, src, r->integration, &id)) {
            dc_use_set_manual(
                u, dc_arena_printf(ctx->arena,
                                   "cannot tell which toolkit integration %s is for; pass --auth-config %s=<toolkit> "
                                   "or add it to auth_configs in .dcmigrate.yml",
                                   id, id));
            return;
        }
        if (!tk) {
            dc_use_set_manual(u,
                              dc_arena_printf(ctx->arena,
                                              "cannot tell which toolkit the integration `%s` is for: pass appName / "
                                              "app_name, or authorize the toolkit by hand",
                                              dc_legacy_excerpt(ctx, r->integration)));
            return;
        }
    } else {
        dc_use_set_manual(u, "no app and no integration id: cannot tell which toolkit to authorize");
        return;
    }
    dc_use_add_toolkit(ctx, u, tk);
    const char *slug = u->toolkits[u->ntoolkits - 1];
    if (!ts_node_is_null(r->integration)) dc_use_add_auth(ctx, u, slug, dc_fix_text(ctx, r->integration));
    char q = dc_node_is(r->app, "string") ? dc_string_quote(src, r->app) : 0;
    u->call_args = dc_arena_printf(ctx->arena, "%s%s", dc_legacy_quoted(m, slug, q), callback_args(m, r->callback));
}

static bool is_session_finding(const dc_finding *f) {
    return dc_finding_fixer_is(f, "legacy-get-tools") || dc_finding_fixer_is(f, "legacy-connection");
}

bool dc_session_read_legacy(dc_fix_ctx *ctx, dc_finding *f, dc_session_use *u) {
    bool get = dc_finding_fixer_is(f, "legacy-get-tools");
    TSNode call, recv;
    if (!is_session_finding(f) || !dc_finding_capture(f, "match", &call) || !dc_finding_capture(f, "recv", &recv))
        return false;
    dc_legacy_model *mp = dc_legacy_model_of(ctx);
    u->call = call;
    roles r = {0};
    bool entity_call = dc_legacy_is_entity(mp, dc_fix_norm(ctx, recv));
    if (get)
        read_get_tools(mp, u, &r);
    else
        read_connection(mp, u, &r, entity_call);
    u->recv = dc_legacy_toolset_of(mp, recv, call);
    if (ts_node_is_null(u->recv)) {
        dc_use_set_manual(u,
                          "the entity is bound in several places: cannot tell which toolset and user this call is for");
        u->recv = recv;
    }
    u->client_text = dc_fix_sv(ctx, u->recv);
    u->client_key = dc_fix_norm(ctx, u->recv);
    dc_legacy_who w = dc_legacy_user_of(mp, dc_fix_norm(ctx, recv), r.user, call);
    if (w.app == DC_APP_MANUAL)
        dc_use_set_manual(u, w.why);
    else
        dc_use_lower(u, w.app, w.why);
    u->user = w.node;
    u->user_text = dc_sv_cstr(w.text);
    u->user_key = w.key;
    return true;
}
