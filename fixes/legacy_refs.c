/* legacy_refs.c: the references of a toolset or entity name in the file, each classified by what
 * becomes of it (see legacy_p.h): a member is safe only when every reference is rewritten, so
 * the first one that is not names the reason. */
#include "fixes/legacy_p.h"
#include "syntax/errors.h"

static dc_finding *finding_at(dc_legacy_model *m, TSNode call, const char *fixer) {
    dc_finding_list *fl = &m->ctx->an->findings;
    for (uint32_t i = 0; i < fl->len; i++) {
        TSNode n;
        if (dc_finding_fixer_is(&fl->v[i], fixer) && dc_finding_capture(&fl->v[i], "match", &n) &&
            dc_node_same(n, call))
            return &fl->v[i];
    }
    return NULL;
}

static const char *const session_methods[] = {"get_tools", "get_actions", "getTools"};

static const char *const handle_methods[] = {"handle_tool_calls", "handle_tool_call", "handleToolCall"};

static const char *const connect_methods[] = {"initiate_connection", "initiateConnection"};

static const char *const execute_methods[] = {"execute_action", "executeAction", "execute"};

static const char *const trigger_methods[] = {
    "create_trigger_listener", "enable_trigger", "disable_trigger", "setupTrigger", "enableTrigger", "disableTrigger"};

static const char *const entity_methods[] = {"get_entity", "getEntity"};

static bool sv_in(dc_sv s, const char *const *set, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (dc_sv_eq_cstr(s, set[i])) return true;
    return false;
}

#define SV_IN(s, set) sv_in((s), (set), sizeof(set) / sizeof *(set))

const char *dc_legacy_use_text(dc_legacy_model *m, TSNode n) {
    TSNode st = dc_statement_of(m->ctx, n);
    return dc_arena_printf(m->ctx->arena, "`%s` (line %u)", dc_legacy_excerpt(m->ctx, ts_node_is_null(st) ? n : st),
                           dc_legacy_line(n));
}

static dc_legacy_ref ref_call(dc_legacy_model *m, TSNode r, TSNode call, const char *fixer) {
    dc_legacy_ref out = {DC_REF_CALL, r, call, finding_at(m, call, fixer), NULL};
    if (!out.f) {
        out.kind = DC_REF_UNKNOWN;
        out.what =
            dc_ruleset_find(m->ctx->rules, fixer)
                ? dc_arena_printf(m->ctx->arena, "%s is not a call dcmigrate could read", dc_legacy_use_text(m, call))
                : dc_arena_printf(m->ctx->arena, "%s is not rewritten in this run (%s is not selected)",
                                  dc_legacy_use_text(m, call), fixer);
    }
    return out;
}

static dc_legacy_ref ref_left(dc_legacy_model *m, TSNode r, TSNode call, const char *by) {
    dc_legacy_ref out = {DC_REF_LEFT, r, call, NULL, NULL};
    out.what = dc_arena_printf(m->ctx->arena, "%s stays for you to migrate (%s)", dc_legacy_use_text(m, call), by);
    return out;
}

/* A method call on the name: what becomes of it. */
static dc_legacy_ref classify_call(dc_legacy_model *m, TSNode r, TSNode call, dc_sv meth, bool entity) {
    if (SV_IN(meth, connect_methods)) return ref_call(m, r, call, "legacy-connection");
    if (SV_IN(meth, execute_methods)) return ref_left(m, r, call, "legacy-execute-action");
    if (SV_IN(meth, trigger_methods)) return ref_left(m, r, call, "a trigger call, which is never rewritten");
    if (!entity) {
        if (SV_IN(meth, session_methods)) return ref_call(m, r, call, "legacy-get-tools");
        if (SV_IN(meth, handle_methods)) return ref_call(m, r, call, "legacy-handle-tool-calls");
        if (SV_IN(meth, entity_methods)) return (dc_legacy_ref){DC_REF_ENTITY, r, call, NULL, NULL};
    }
    dc_legacy_ref out = {DC_REF_UNKNOWN, r, call, NULL, NULL};
    out.what = dc_arena_printf(m->ctx->arena, "%s calls `%.*s`, which has no rewrite", dc_legacy_use_text(m, call),
                               (int)meth.len, meth.p);
    return out;
}

/* Is `v` (unwrapped) a construction of a legacy toolset (or, for an entity, a get_entity)? */
static bool binds_legacy(dc_legacy_model *m, TSNode v, bool entity) {
    while (dc_node_is(v, "parenthesized_expression") || dc_node_is(v, "await") || dc_node_is(v, "await_expression"))
        v = ts_node_named_child(v, 0);
    if (entity) {
        for (uint32_t i = 0; i < m->entities.len; i++)
            if (dc_node_same(m->entities.v[i].call, v)) return true;
        return false;
    }
    for (uint32_t i = 0; i < m->ctors.len; i++)
        if (dc_node_same(m->ctors.v[i].call, v)) return true;
    return false;
}

/* `toolset.client.<...>`: the legacy toolset's own client. `gp` is `toolset.client.<sub>`. */
static dc_legacy_ref classify_client(dc_legacy_model *m, TSNode r, TSNode gp, bool entity) {
    dc_fix_ctx *ctx = m->ctx;
    dc_sv sub = dc_fix_sv(ctx, dc_member_prop(gp));
    TSNode g3 = dc_fix_parent(ctx, gp);
    if (dc_node_is_call(g3) && dc_node_same(dc_field(g3, "function"), gp)) return classify_call(m, r, g3, sub, entity);
    TSNode call = dc_fix_parent(ctx, g3);
    if (dc_node_is_member(g3) && dc_node_same(dc_field(g3, "object"), gp) && dc_node_is_call(call) &&
        dc_node_same(dc_field(call, "function"), g3)) {
        dc_sv m2 = dc_fix_sv(ctx, dc_member_prop(g3));
        if ((dc_sv_eq_cstr(sub, "connectedAccounts") || dc_sv_eq_cstr(sub, "connected_accounts")) &&
            dc_sv_eq_cstr(m2, "initiate"))
            return ref_call(m, r, call, "legacy-connection");
        if (dc_sv_eq_cstr(sub, "triggers")) return ref_left(m, r, call, "a trigger call, which is never rewritten");
        dc_legacy_ref out = {DC_REF_UNKNOWN, r, call, NULL, NULL};
        out.what = dc_arena_printf(ctx->arena, "%s calls `client.%.*s.%.*s`, which has no rewrite",
                                   dc_legacy_use_text(m, call), (int)sub.len, sub.p, (int)m2.len, m2.p);
        return out;
    }
    dc_legacy_ref out = {DC_REF_UNKNOWN, r, gp, NULL, NULL};
    out.what = dc_arena_printf(ctx->arena, "%s uses the toolset's legacy client (`client.%.*s`)",
                               dc_legacy_use_text(m, gp), (int)sub.len, sub.p);
    return out;
}

static dc_legacy_ref classify(dc_legacy_model *m, TSNode r, bool entity) {
    dc_fix_ctx *ctx = m->ctx;
    TSNode p = dc_fix_parent(ctx, r);
    TSNode value = {0};
    bool bound = false;
    if ((dc_node_is(p, "assignment") || dc_node_is(p, "assignment_expression")) &&
        dc_node_same(dc_field(p, "left"), r)) {
        value = dc_field(p, "right");
        bound = true;
    } else if (dc_node_is(p, "variable_declarator") && dc_node_same(dc_field(p, "name"), r)) {
        value = dc_field(p, "value");
        bound = true;
    }
    if (bound) {
        /* `export const toolset = ...`: other modules use it */
        for (TSNode a = dc_fix_parent(ctx, p); !ts_node_is_null(a) && !dc_node_is_function(a); a = dc_fix_parent(ctx, a)) {
            if (!dc_node_is(a, "export_statement")) continue;
            dc_legacy_ref out = {DC_REF_UNKNOWN, r, p, NULL, NULL};
            out.what = dc_arena_printf(m->ctx->arena, "%s exports it to other modules", dc_legacy_use_text(m, p));
            return out;
        }
        if (binds_legacy(m, value, entity)) return (dc_legacy_ref){DC_REF_BIND, r, value, NULL, NULL};
        dc_legacy_ref out = {DC_REF_UNKNOWN, r, p, NULL, NULL};
        out.what = dc_arena_printf(m->ctx->arena, "%s assigns it another value", dc_legacy_use_text(m, p));
        return out;
    }
    if (dc_node_is_member(p) && dc_node_same(dc_field(p, "object"), r)) {
        dc_sv meth = dc_fix_sv(m->ctx, dc_member_prop(p));
        TSNode gp = dc_fix_parent(ctx, p);
        if (dc_node_is_call(gp) && dc_node_same(dc_field(gp, "function"), p))
            return classify_call(m, r, gp, meth, entity);
        if (!entity && dc_sv_eq_cstr(meth, "client") && dc_node_is_member(gp) &&
            dc_node_same(dc_field(gp, "object"), p))
            return classify_client(m, r, gp, entity);
        /* toolset.connectedAccounts.initiate({...}), toolset.triggers.subscribe(...) */
        TSNode call = dc_fix_parent(ctx, gp);
        if (dc_node_is_member(gp) && dc_node_same(dc_field(gp, "object"), p) && dc_node_is_call(call) &&
            dc_node_same(dc_field(call, "function"), gp)) {
            dc_sv sub = dc_fix_sv(m->ctx, dc_member_prop(gp));
            if (dc_sv_eq_cstr(meth, "triggers"))
                return ref_left(m, r, call, "a trigger call, which is never rewritten");
            if (dc_sv_eq_cstr(meth, "connectedAccounts") && dc_sv_eq_cstr(sub, "initiate"))
                return ref_call(m, r, call, "legacy-connection");
        }
    }
    dc_legacy_ref out = {DC_REF_UNKNOWN, r, p, NULL, NULL};
    out.what =
        dc_arena_printf(m->ctx->arena, "%s uses it in a way dcmigrate does not follow", dc_legacy_use_text(m, r));
    return out;
}

typedef struct ref_scan {
    dc_legacy_model *m;
    dc_sv key;
    bool entity;
    dc_legacy_refs *out;
} ref_scan;

/* Name nodes that are not references: a property after a dot, a keyword argument's name, an
 * imported name, a definition's name. */
bool dc_legacy_not_a_reference(dc_fix_ctx *ctx, TSNode n) {
    TSNode p = dc_fix_parent(ctx, n);
    if (dc_node_is_member(p) && dc_node_same(dc_member_prop(p), n)) return true;
    if (dc_node_is(p, "keyword_argument") && dc_node_same(dc_field(p, "name"), n)) return true;
    if (dc_node_is(p, "global_statement") || dc_node_is(p, "nonlocal_statement")) return true;
    for (TSNode a = p; !ts_node_is_null(a); a = dc_fix_parent(ctx, a))
        if (dc_node_is(a, "import_from_statement") || dc_node_is(a, "import_statement")) return true;
    return false;
}

static bool ref_visit(TSNode n, void *vs) {
    ref_scan *s = vs;
    bool dotted = memchr(s->key.p, '.', s->key.len) != NULL;
    bool candidate =
        dotted ? dc_node_is_member(n) : dc_node_is(n, "identifier") || dc_node_is(n, "shorthand_property_identifier");
    if (!candidate) return true;
    if (!dotted && (!dc_sv_eq(dc_fix_sv(s->m->ctx, n), s->key) || dc_legacy_not_a_reference(s->m->ctx, n))) return true;
    if (dotted && !dc_sv_eq(dc_fix_norm(s->m->ctx, n), s->key)) return true;
    if (dc_range_touches_error(s->m->ctx->an->tree, ts_node_start_byte(n), ts_node_end_byte(n))) return true;
    dc_vec_push(s->out, classify(s->m, n, s->entity));
    return true;
}

void dc_legacy_refs_of(dc_legacy_model *m, dc_sv key, bool entity, dc_legacy_refs *out) {
    static const char *const names[] = {"attribute", "member_expression", "identifier", "shorthand_property_identifier",
                                        NULL};
    ref_scan s = {m, key, entity, out};
    if (key.len) dc_fix_walk_kinds(m->ctx, ts_tree_root_node(m->ctx->an->tree), names, ref_visit, &s);
}

bool dc_legacy_is_trigger_method(dc_sv method) { return SV_IN(method, trigger_methods); }
