/* legacy_terms.c: legacy-terms, the legacy vocabulary on SDK calls and enums: entity_id ->
 * user_id, integration_id -> auth_config_id, actions= -> tools=, apps= -> toolkits= (and the
 * TS spellings), Action.X / App.Y -> their string values. Each finding is a member of its own
 * (see legacy_p.h), applied in the tiers with the toolsets so Action / App imports go when the
 * last use does. */
#include "fixes/legacy_p.h"

static const char *const renames[][2] = {
    {"entity_id", "user_id"}, {"integration_id", "auth_config_id"}, {"actions", "tools"}, {"apps", "toolkits"},
    {"entityId", "userId"},   {"integrationId", "authConfigId"},
};

static const char *renamed(dc_sv name) {
    for (size_t i = 0; i < sizeof renames / sizeof *renames; i++)
        if (dc_sv_eq_cstr(name, renames[i][0])) return renames[i][1];
    return NULL;
}

/* Does the argument list / options object already name `key`? */
static bool names_key(dc_legacy_model *m, TSNode list, const char *key) {
    uint32_t k = ts_node_named_child_count(list);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(list, i);
        TSNode name = dc_node_is(c, "keyword_argument")                ? dc_field(c, "name")
                      : dc_node_is(c, "pair")                          ? dc_field(c, "key")
                      : dc_node_is(c, "shorthand_property_identifier") ? c
                                                                       : (TSNode){0};
        if (!ts_node_is_null(name) && dc_sv_eq_cstr(dc_fix_sv(m->ctx, name), key)) return true;
    }
    return false;
}

/* Inside a trigger call (never edited: fixers.c would turn the whole tier manual)? */
static bool in_trigger_call(dc_legacy_model *m, TSNode n) {
    for (TSNode p = dc_fix_parent(m->ctx, n); !ts_node_is_null(p); p = dc_fix_parent(m->ctx, p)) {
        TSNode fn = dc_field(p, "function");
        if (!dc_node_is_call(p) || !dc_node_is_member(fn)) continue;
        TSNode obj = dc_field(fn, "object");
        if (dc_legacy_is_trigger_method(dc_fix_sv(m->ctx, dc_member_prop(fn))) ||
            (dc_node_is_member(obj) && dc_sv_eq_cstr(dc_fix_sv(m->ctx, dc_member_prop(obj)), "triggers")))
            return true;
    }
    return false;
}

/* `client.apps.list()` / `toolset.client.integrations.create({...})`: the legacy JS client's
 * namespaces, which became toolkits and auth configs with other methods and arguments. */
static void namespace_advice(dc_legacy_model *m, dc_legacy_member *mb, TSNode call) {
    dc_fix_ctx *ctx = m->ctx;
    TSNode fn = dc_field(call, "function"), nsn = dc_field(fn, "object"), client = dc_field(nsn, "object");
    if (dc_node_is_member(client) && dc_sv_eq_cstr(dc_fix_sv(ctx, dc_member_prop(client)), "client"))
        client = dc_field(client, "object");
    const char *c = dc_legacy_excerpt(ctx, client);
    dc_sv ns = dc_fix_sv(ctx, dc_member_prop(nsn)), meth = dc_fix_sv(ctx, dc_member_prop(fn));
    bool apps = dc_sv_eq_cstr(ns, "apps");
    dc_legacy_lower(
        mb, DC_APP_MANUAL,
        apps ? dc_arena_printf(ctx->arena,
                               "`apps.%.*s(...)`: apps are toolkits now, with other methods and arguments "
                               "(`%s.toolkits.get()` lists them, `%s.toolkits.get(\"github\")` gets one): migrate "
                               "it by hand",
                               (int)meth.len, meth.p, c, c)
             : dc_arena_printf(ctx->arena,
                               "`integrations.%.*s(...)`: integrations are auth configs now, with other methods and "
                               "arguments (`%s.authConfigs.list({ toolkit })`, `.get(id)`, `.create(toolkit, "
                               "{...})`): migrate it by hand",
                               (int)meth.len, meth.p, c));
}

void dc_legacy_build_term(dc_legacy_model *m, dc_legacy_member *mb) {
    dc_fix_ctx *ctx = m->ctx;
    TSNode n;
    bool is_app;
    dc_sv memb;
    if (!dc_finding_capture(mb->term, "match", &n)) return;
    if (in_trigger_call(m, n)) {
        dc_legacy_lower(mb, DC_APP_MANUAL,
                        "it is part of a trigger call, which dcmigrate never edits: rename it by hand");
        return;
    }
    if (dc_node_is_call(n) && dc_sv_eq_cstr(dc_fix_sv(ctx, dc_member_prop(dc_field(n, "function"))),
                                              m->ts ? "getEntity" : "get_entity")) {
        dc_legacy_lower(mb, DC_APP_MANUAL,
                        m->ts ? "entities are users now, with no entity object: create a session for the user "
                                "(`await client.create(userId)`) and use `session.tools()` / "
                                "`session.authorize(toolkit)` where the entity was used"
                              : "entities are users now, with no entity object: create a session for the user "
                                "(`client.create(user_id=...)`) and use `session.tools()` / "
                                "`session.authorize(toolkit)` where the entity was used");
        return;
    }
    if (dc_node_is_call(n)) {
        namespace_advice(m, mb, n);
        return;
    }
    if (dc_legacy_enum_member(m, n, &is_app, &memb)) {
        const char *v = is_app ? dc_str_lower(ctx->arena, memb) : dc_arena_strndup(ctx->arena, memb.p, memb.len);
        dc_legacy_add_edit(ctx, &mb->edits, ts_node_start_byte(n), ts_node_end_byte(n), dc_legacy_quoted(m, v, 0));
        mb->enums = true;
        TSNode p = dc_fix_parent(ctx, n);
        if (dc_node_is(p, "comparison_operator") || dc_node_is(p, "binary_expression") ||
            dc_node_is(dc_fix_parent(ctx, p), "comparison_operator"))
            dc_legacy_lower(mb, DC_APP_UNSAFE,
                            dc_arena_printf(ctx->arena,
                                            "`%s` is compared with something: it is a string now, check "
                                            "what it is compared with",
                                            dc_legacy_excerpt(ctx, n)));
        return;
    }
    TSNode name = dc_node_is(n, "keyword_argument") ? dc_field(n, "name")
                  : dc_node_is(n, "pair")           ? dc_field(n, "key")
                                                    : n;
    dc_sv old = dc_fix_sv(ctx, name);
    if (dc_sv_eq_cstr(old, "processors")) {
        dc_legacy_lower(mb, DC_APP_MANUAL,
                        "processors are modifiers now: rewrite each pre / post processor as a @before_execute / "
                        "@after_execute modifier (they receive the tool, the toolkit and the parameters) and pass "
                        "modifiers=[...]");
        return;
    }
    const char *to = renamed(old);
    if (!to) return;
    if (names_key(m, dc_fix_parent(ctx, n), to)) {
        dc_legacy_lower(
            mb, DC_APP_MANUAL,
            dc_arena_printf(ctx->arena, "the call passes both %.*s and %s: keep one by hand", (int)old.len, old.p, to));
        return;
    }
    const char *text = dc_node_is(n, "shorthand_property_identifier")
                           ? dc_arena_printf(ctx->arena, "%s: %.*s", to, (int)old.len, old.p)
                           : to;
    dc_legacy_add_edit(ctx, &mb->edits, ts_node_start_byte(name), ts_node_end_byte(name), text);
}
