/* legacy_edits.c: the edits of a legacy member (see legacy_p.h): toolset constructions become
 * the client with its framework's provider, session calls take the session planner's rewrite,
 * handle_tool_calls goes through the provider, connection requests' legacy fields get their new
 * names, and get_entity statements go when nothing uses the entity any more. */
#include "fixes/legacy_p.h"
#include "fixes/session_p.h"

/* An expression's parent, looking through parentheses and `await`. */
static TSNode value_parent(dc_fix_ctx *ctx, TSNode n) {
    TSNode p = dc_fix_parent(ctx, n);
    while (dc_node_is(p, "parenthesized_expression") || dc_node_is(p, "await_expression") || dc_node_is(p, "await"))
        p = dc_fix_parent(ctx, p);
    return p;
}

/* Where a toolset class came from, for a reason: `composio_phidata` / `LangGraphToolSet` from
 * `composio-core`. */
static const char *package_text(dc_legacy_model *m, const dc_legacy_ctor *c) {
    if (!c->imp) return dc_arena_printf(m->ctx->arena, "`%s`", dc_fix_text(m->ctx, c->callee));
    dc_sv mod = c->imp->module, name = c->imp->name;
    if (!m->ts) {
        uint32_t root = 0;
        while (root < mod.len && mod.p[root] != '.') root++;
        return dc_arena_printf(m->ctx->arena, "`%.*s`", (int)root, mod.p);
    }
    return dc_arena_printf(m->ctx->arena, "`%.*s` from `%.*s`", (int)name.len, name.p, (int)mod.len, mod.p);
}

/* The provider of a toolset's framework, from the table in rules/providers.yml (never a guess:
 * a framework without a current provider in this language leaves the construction manual, and
 * the reason says which case it is). */
static const dc_provider *ctor_provider(dc_legacy_model *m, const dc_legacy_ctor *c, dc_legacy_member *mb) {
    if (!c->fw) return NULL;
    dc_fix_ctx *ctx = m->ctx;
    const char *fw = c->fw;
    /* the OpenAI Agents SDK needs the agents provider (sdk-reference.md, "Provider rule") */
    if (!strcmp(fw, "openai") && m->b->uses_openai_agents) fw = "openai_agents";
    const dc_provider *p;
    dc_provider_status st = dc_providers_resolve(dc_ruleset_providers(ctx->rules), fw, m->ts, &p);
    if (st == DC_PROVIDER_CURRENT) return p;
    const char *lang = m->ts ? "TypeScript" : "Python";
    const char *pkg = package_text(m, c);
    const char *why =
        st == DC_PROVIDER_LEGACY_ONLY
            ? dc_arena_printf(ctx->arena,
                              "%s exists only in the legacy (v1/v2) SDK: the current %s SDK has no provider package "
                              "for `%s`; construct the %s client with the provider your framework takes by hand",
                              pkg, lang, fw, dc_profile_names_get(ctx->an->profile)->cls)
        : st == DC_PROVIDER_OTHER_LANG
            ? dc_arena_printf(ctx->arena,
                              "the current `%s` provider (%s) exists for %s only, not %s: construct the %s client "
                              "with the provider your framework takes by hand",
                              fw, p->cls[!m->ts], m->ts ? "Python" : "TypeScript", lang,
                              dc_profile_names_get(ctx->an->profile)->cls)
            : dc_arena_printf(ctx->arena,
                              "the `%s` framework of %s is not in dcmigrate's table of current provider packages "
                              "(rules/providers.yml): construct the %s client with its provider by hand",
                              fw, pkg, dc_profile_names_get(ctx->an->profile)->cls);
    dc_legacy_lower(mb, DC_APP_MANUAL, why);
    return NULL;
}

static void need_provider(dc_fix_ctx *ctx, dc_legacy_member *mb, const dc_provider *p) {
    if (!p) return;
    for (uint32_t i = 0; i < mb->nprovs; i++)
        if (mb->provs[i] == p) return;
    DC_FIX_PUSH(ctx, mb->provs, mb->nprovs, mb->cap_provs, p);
}

/* Is the first item of `list` the first thing on its line (a vertical list)? */
static bool item_on_own_line(const dc_source *src, TSNode item) {
    for (uint32_t i = ts_node_start_byte(item); i > 0 && src->data[i - 1] != '\n'; i--)
        if (src->data[i - 1] != ' ' && src->data[i - 1] != '\t') return false;
    return true;
}

/* Removes `drop` from the argument list / options object and puts `first` (the provider, may
 * be NULL) in front, in the list's own layout. `empty` replaces the whole list when nothing is
 * left. */
static void rewrite_list(dc_legacy_model *m, dc_fix *fx, TSNode list, const TSNode *drop, uint32_t ndrop,
                         const char *first, const char *empty) {
    dc_fix_ctx *ctx = m->ctx;
    const dc_source *src = ctx->an->src;
    if (ndrop == dc_list_count(list)) {
        dc_legacy_add_edit(ctx, fx, ts_node_start_byte(list), ts_node_end_byte(list), empty);
        return;
    }
    for (uint32_t i = 0; i < ndrop; i++) dc_list_remove_item(ctx->arena, src, fx, list, drop[i]);
    if (!first) return;
    TSNode item = dc_list_first(list);
    if (item_on_own_line(src, item)) {
        uint32_t ls = dc_line_start(src, ts_node_start_byte(item));
        dc_sv ind = dc_line_indent(src, ts_node_start_byte(item));
        dc_legacy_add_edit(
            ctx, fx, ls, ls,
            dc_arena_printf(ctx->arena, "%.*s%s,%s", (int)ind.len, ind.p, first, dc_fix_style(ctx)->newline));
    } else {
        dc_legacy_add_edit(ctx, fx, ts_node_start_byte(item), ts_node_start_byte(item),
                           dc_arena_printf(ctx->arena, "%s, ", first));
    }
}

static void ctor_edits_py(dc_legacy_model *m, dc_legacy_member *mb, const dc_legacy_ctor *c,
                          const dc_provider *p) {
    dc_fix_ctx *ctx = m->ctx;
    TSNode args = dc_field(c->call, "arguments");
    dc_args a;
    dc_args_read(ctx, c->call, &a);
    if (a.splat || a.npos) {
        dc_legacy_lower(mb, DC_APP_MANUAL,
                        dc_arena_printf(ctx->arena, "%s passes positional or unpacked arguments: migrate it by hand",
                                        dc_legacy_use_text(m, c->call)));
        return;
    }
    TSNode *drop = dc_arena_alloc(ctx->arena, ((size_t)a.nkw + 1) * sizeof *drop);
    uint32_t ndrop = 0;
    for (uint32_t i = 0; i < a.nkw; i++) {
        dc_sv k = dc_fix_sv(ctx, a.kw_name[i]);
        if (dc_sv_eq_cstr(k, "api_key") || dc_sv_eq_cstr(k, "base_url")) continue;
        if (dc_sv_eq_cstr(k, "entity_id")) {
            drop[ndrop++] = dc_fix_parent(ctx, a.kw_name[i]);
        } else if (dc_sv_eq_cstr(k, "processors")) {
            dc_legacy_lower(mb, DC_APP_MANUAL,
                            "the toolset's processors are modifiers now: rewrite pre/post processors as "
                            "@before_execute / @after_execute modifiers for session.tools(modifiers=[...]) by hand");
        } else {
            dc_legacy_lower(mb, DC_APP_MANUAL,
                            dc_arena_printf(ctx->arena,
                                            "%.*s= of the toolset has no equivalent on the %s client: "
                                            "migrate the construction by hand",
                                            (int)k.len, k.p, dc_profile_names_get(ctx->an->profile)->cls));
        }
    }
    const char *prov = p ? dc_arena_printf(ctx->arena, "provider=%s()", p->cls[0]) : NULL;
    rewrite_list(m, &mb->edits, args, drop, ndrop, prov, prov ? dc_arena_printf(ctx->arena, "(%s)", prov) : "()");
}

static void ctor_edits_ts(dc_legacy_model *m, dc_legacy_member *mb, const dc_legacy_ctor *c,
                          const dc_provider *p) {
    dc_fix_ctx *ctx = m->ctx;
    TSNode args = dc_field(c->call, "arguments");
    const char *prov = p ? dc_arena_printf(ctx->arena, "provider: new %s()", p->cls[1]) : NULL;
    const char *whole = prov ? dc_arena_printf(ctx->arena, "({ %s })", prov) : "()";
    dc_args a;
    dc_args_read(ctx, c->call, &a);
    if (ts_node_is_null(args)) { /* `new OpenAIToolSet` without parentheses */
        dc_legacy_add_edit(ctx, &mb->edits, ts_node_end_byte(c->callee), ts_node_end_byte(c->callee), whole);
        return;
    }
    if (a.splat || a.npos > 1 || (a.npos == 1 && !dc_node_is(a.pos[0], "object"))) {
        dc_legacy_lower(mb, DC_APP_MANUAL,
                        dc_arena_printf(ctx->arena, "%s does not pass one options object: migrate it by hand",
                                        dc_legacy_use_text(m, c->call)));
        return;
    }
    if (!a.npos) {
        dc_legacy_add_edit(ctx, &mb->edits, ts_node_start_byte(args), ts_node_end_byte(args), whole);
        return;
    }
    TSNode obj = a.pos[0];
    uint32_t ndrop = 0, k = ts_node_named_child_count(obj);
    TSNode *drop = dc_arena_alloc(ctx->arena, ((size_t)k + 1) * sizeof *drop);
    for (uint32_t i = 0; i < k; i++) {
        TSNode item = ts_node_named_child(obj, i);
        if (dc_node_is_comment(item)) continue;
        dc_sv key = dc_node_is(item, "pair")                            ? dc_fix_sv(ctx, dc_field(item, "key"))
                    : dc_node_is(item, "shorthand_property_identifier") ? dc_fix_sv(ctx, item)
                                                                        : (dc_sv){0};
        if (dc_sv_eq_cstr(key, "apiKey")) continue;
        if (dc_sv_eq_cstr(key, "entityId")) {
            drop[ndrop++] = item;
            continue;
        }
        dc_legacy_lower(mb, DC_APP_MANUAL,
                        key.len
                            ? dc_arena_printf(ctx->arena,
                                              "`%.*s` of the toolset has no equivalent on the %s client: migrate the "
                                              "construction by hand",
                                              (int)key.len, key.p, dc_profile_names_get(ctx->an->profile)->cls)
                            : "the toolset's options have spreads or methods: migrate the construction by hand");
    }
    if (ndrop == dc_list_count(obj)) {
        dc_legacy_add_edit(ctx, &mb->edits, ts_node_start_byte(args), ts_node_end_byte(args), whole);
        return;
    }
    rewrite_list(m, &mb->edits, obj, drop, ndrop, prov, "{}");
}

/* The legacy class named anywhere but its imports and constructions (a type annotation, an
 * isinstance check, a subclass): the import could not go, so the toolset cannot be migrated. */
typedef struct class_scan {
    dc_legacy_model *m;
    dc_sv cls;
    TSNode found;
} class_scan;

static bool class_visit(TSNode n, void *vs) {
    class_scan *s = vs;
    if (!ts_node_is_null(s->found)) return false;
    if (!dc_node_is(n, "identifier") && !dc_node_is(n, "type_identifier")) return true;
    if (!dc_sv_eq(dc_fix_sv(s->m->ctx, n), s->cls) || dc_legacy_not_a_reference(s->m->ctx, n)) return true;
    for (uint32_t i = 0; i < s->m->ctors.len; i++)
        if (dc_node_same(s->m->ctors.v[i].callee, n)) return true;
    s->found = n;
    return false;
}

void dc_legacy_ctor_edits(dc_legacy_model *m, dc_legacy_member *mb, const dc_legacy_ctor *c) {
    dc_fix_ctx *ctx = m->ctx;
    const dc_provider *p = ctor_provider(m, c, mb);
    need_provider(ctx, mb, p);
    dc_legacy_add_edit(ctx, &mb->edits, ts_node_start_byte(c->callee), ts_node_end_byte(c->callee),
                       dc_profile_names_get(ctx->an->profile)->cls);
    if (m->ts)
        ctor_edits_ts(m, mb, c, p);
    else
        ctor_edits_py(m, mb, c, p);
    class_scan cs = {.m = m, .cls = dc_fix_sv(ctx, c->callee)};
    static const char *const idents[] = {"identifier", "type_identifier", NULL};
    dc_fix_walk_kinds(ctx, ts_tree_root_node(ctx->an->tree), idents, class_visit, &cs);
    if (!ts_node_is_null(cs.found))
        dc_legacy_lower(mb, DC_APP_MANUAL,
                        dc_arena_printf(ctx->arena,
                                        "the class `%.*s` is also used at line %u (not a construction): "
                                        "migrate that use first",
                                        (int)cs.cls.len, cs.cls.p, dc_legacy_line(cs.found)));
}

/* The planner's fix for a session use, without keeping it on the finding (its own fixer
 * attaches the final one). */
static const dc_fix *session_fix(dc_fix_ctx *ctx, dc_finding *f) {
    dc_fix *saved = f->fix;
    f->fix = NULL;
    dc_session_attach(ctx, &f, 1);
    dc_fix *res = f->fix;
    f->fix = saved;
    return res;
}

/* toolset.handle_tool_calls(response, entity_id=u)
 *   -> toolset.provider.handle_tool_calls(user_id=u, response=response) */
static void handle_edit(dc_legacy_model *m, dc_legacy_member *mb, dc_finding *f) {
    dc_fix_ctx *ctx = m->ctx;
    TSNode call, recv, resp = {0}, user = {0};
    if (!dc_finding_capture(f, "match", &call) || !dc_finding_capture(f, "recv", &recv)) return;
    dc_args a;
    dc_args_read(ctx, call, &a);
    bool bad = a.splat || a.npos > (m->ts ? 2u : 1u);
    if (!m->ts) {
        resp = a.npos ? a.pos[0] : dc_args_kw(ctx->an->src, &a, "response");
        user = dc_args_kw(ctx->an->src, &a, "entity_id");
        for (uint32_t i = 0; i < a.nkw; i++) {
            dc_sv k = dc_fix_sv(ctx, a.kw_name[i]);
            bad |= !dc_sv_eq_cstr(k, "response") && !dc_sv_eq_cstr(k, "entity_id");
        }
    } else {
        resp = a.npos ? a.pos[0] : (TSNode){0};
        user = a.npos > 1 ? a.pos[1] : (TSNode){0};
    }
    if (bad || ts_node_is_null(resp)) {
        dc_legacy_lower(mb, DC_APP_MANUAL,
                        dc_arena_printf(ctx->arena,
                                        "%s does not pass just a response and an entity: migrate it by hand",
                                        dc_legacy_use_text(m, call)));
        return;
    }
    dc_legacy_who w = dc_legacy_user_of(m, dc_fix_norm(ctx, recv), user, call);
    dc_legacy_lower(mb, w.app, w.why);
    /* handleToolCall resolved to output strings; handleToolCalls to tool messages */
    if (m->ts && !dc_node_is(value_parent(m->ctx, call), "expression_statement"))
        dc_legacy_lower(mb, DC_APP_UNSAFE,
                        "handleToolCalls returns tool messages ({ role: \"tool\", tool_call_id, content }), not "
                        "the output strings handleToolCall returned: check the code that reads the result");
    TSNode ts_recv = dc_legacy_toolset_of(m, recv, call);
    const char *r = dc_fix_text(ctx, ts_node_is_null(ts_recv) ? recv : ts_recv), *rs = dc_fix_text(ctx, resp);
    dc_legacy_add_edit(
        ctx, &mb->edits, ts_node_start_byte(call), ts_node_end_byte(call),
        m->ts ? dc_arena_printf(ctx->arena, "%s.provider.handleToolCalls(%s, %s)", r, w.text, rs)
              : dc_arena_printf(ctx->arena, "%s.provider.handle_tool_calls(user_id=%s, response=%s)", r, w.text, rs));
}

/* The legacy connection request's fields, and the session request's. */
typedef struct field_map {
    const char *old, *new_;
    bool py, ts, exact; /* exact: the same value; else unsafe with the reason */
    const char *why;
} field_map;

static const field_map request_fields[] = {
    {"redirectUrl", "redirect_url", true, false, true, NULL},
    {"connectedAccountId", "id", true, true, false,
     "the request's connectedAccountId is its id now: check the code that reads it"},
    {"connectionStatus", "status", true, true, false,
     "the request's connectionStatus is its status now: check the values compared"},
    {"wait_until_active", "wait_for_connection", true, false, false,
     "wait_until_active(client=..., timeout=...) is wait_for_connection(timeout=...) now: check the timeout"},
    {"waitUntilActive", "waitForConnection", false, true, false,
     "waitUntilActive(timeout) is waitForConnection(timeout) now: check the timeout's unit"},
};

typedef struct result_scan {
    dc_legacy_model *m;
    dc_legacy_member *mb;
    dc_sv var;
    uint32_t after;
} result_scan;

static bool result_visit(TSNode n, void *vs) {
    result_scan *s = vs;
    dc_legacy_model *m = s->m;
    dc_fix_ctx *ctx = m->ctx;
    if (!dc_node_is_member(n) || ts_node_start_byte(n) < s->after) return true;
    TSNode obj = dc_field(n, "object"), prop = dc_member_prop(n);
    if (!dc_sv_eq(dc_fix_norm(ctx, obj), s->var)) return true;
    dc_sv name = dc_fix_sv(ctx, prop);
    for (size_t i = 0; i < sizeof request_fields / sizeof *request_fields; i++) {
        const field_map *fm = &request_fields[i];
        if (!dc_sv_eq_cstr(name, fm->old) || !(m->ts ? fm->ts : fm->py)) continue;
        dc_legacy_add_edit(ctx, &s->mb->edits, ts_node_start_byte(prop), ts_node_end_byte(prop), fm->new_);
        if (!fm->exact) dc_legacy_lower(s->mb, DC_APP_UNSAFE, fm->why);
        /* wait_until_active(client=toolset.client, ...): the session request needs no client */
        TSNode call = dc_fix_parent(ctx, n);
        if (!m->ts && dc_node_is_call(call) && dc_node_same(dc_field(call, "function"), n)) {
            dc_args a;
            dc_args_read(ctx, call, &a);
            TSNode cl = dc_args_kw(ctx->an->src, &a, "client");
            if (!ts_node_is_null(cl))
                dc_list_remove_item(ctx->arena, ctx->an->src, &s->mb->edits, dc_field(call, "arguments"),
                                    dc_fix_parent(ctx, cl));
        }
    }
    return true;
}

/* `request = toolset.initiate_connection(...)`: the request's legacy fields in that scope. */
static void result_edits(dc_legacy_model *m, dc_legacy_member *mb, TSNode call) {
    dc_sv var = dc_bound_name(m->ctx, call);
    if (!var.len) return;
    result_scan s = {m, mb, var, ts_node_end_byte(call)};
    static const char *const members[] = {"attribute", "member_expression", NULL};
    dc_fix_walk_kinds(m->ctx, dc_scope_of(m->ctx, call), members, result_visit, &s);
}

void dc_legacy_add_call(dc_legacy_model *m, dc_legacy_member *mb, dc_finding *f) {
    dc_fix_ctx *ctx = m->ctx;
    TSNode call;
    if (!dc_finding_capture(f, "match", &call)) return;
    if (dc_finding_fixer_is(f, "legacy-handle-tool-calls")) {
        handle_edit(m, mb, f);
        return;
    }
    const dc_fix *sf = session_fix(ctx, f);
    if (!sf || sf->app == DC_APP_MANUAL) {
        dc_legacy_lower(mb, DC_APP_MANUAL,
                        dc_arena_printf(ctx->arena, "%s cannot be rewritten: %s", dc_legacy_use_text(m, call),
                                        sf && sf->why ? sf->why : "it is not a call dcmigrate could read"));
        return;
    }
    dc_fix_copy_edits(ctx->arena, &mb->edits, sf);
    dc_legacy_lower(mb, sf->app, sf->why);
    if (dc_finding_fixer_is(f, "legacy-connection")) result_edits(m, mb, call);
}

/* Deletes `entity = toolset.get_entity(...)` (its whole lines when it has them to itself; a
 * Python block it would leave empty gets `pass`). */
bool dc_legacy_delete_binding(dc_legacy_model *m, dc_legacy_member *mb, TSNode call) {
    dc_fix_ctx *ctx = m->ctx;
    const dc_source *src = ctx->an->src;
    TSNode st = dc_statement_of(ctx, call);
    if (ts_node_is_null(st)) return false;
    /* the statement must be just the binding */
    TSNode inner = dc_node_is(st, "expression_statement") ? ts_node_named_child(st, 0) : st;
    TSNode value = dc_node_is(inner, "assignment") ? dc_field(inner, "right")
                   : (dc_node_is(inner, "lexical_declaration") || dc_node_is(inner, "variable_declaration")) &&
                           ts_node_named_child_count(inner) == 1
                       ? dc_field(ts_node_named_child(inner, 0), "value")
                       : (TSNode){0};
    while (dc_node_is(value, "await") || dc_node_is(value, "await_expression") ||
           dc_node_is(value, "parenthesized_expression"))
        value = ts_node_named_child(value, 0);
    if (!dc_node_same(value, call)) return false;
    uint32_t s = ts_node_start_byte(st), e = ts_node_end_byte(st);
    TSNode block = dc_fix_parent(ctx, st);
    if (dc_node_is(block, "block") && dc_list_count(block) == 1) {
        dc_legacy_add_edit(ctx, &mb->edits, s, e, "pass");
        return true;
    }
    uint32_t ls = dc_line_start(src, s), le = e;
    while (le < src->len && (src->data[le] == ' ' || src->data[le] == '\t' || src->data[le] == ';')) le++;
    bool own = item_on_own_line(src, st);
    if (le < src->len &&
        (src->data[le] == '#' || (src->data[le] == '/' && le + 1 < src->len && src->data[le + 1] == '/')))
        while (le < src->len && src->data[le] != '\n' && src->data[le] != '\r') le++;
    if (le < src->len && src->data[le] == '\r') le++;
    if (own && (le >= src->len || src->data[le] == '\n')) {
        dc_legacy_add_edit(ctx, &mb->edits, ls, le < src->len ? le + 1 : le, "");
    } else {
        dc_legacy_add_edit(ctx, &mb->edits, s, e, "");
    }
    return true;
}
