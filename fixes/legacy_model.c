/* legacy_model.c: the legacy SDK objects of one file and the questions asked of them (see
 * legacy_model_p.h). */
#include <stdlib.h>

#include "common/text.h"
#include "fixes/legacy_model_p.h"
#include "fixes/session_p.h"

/* ---- small helpers ------------------------------------------------------------------------ */

uint32_t dc_legacy_line(TSNode n) { return ts_node_start_point(n).row + 1; }

/* A plain string or number literal (the same value wherever it is evaluated). */
static bool is_literal(TSNode n) {
    static const char *const kinds[] = {"string", "integer", "number", "true", "false", "none", "null", NULL};
    if (dc_node_is(n, "string"))
        return ts_node_named_child_count(n) <= 3 && !dc_node_is(ts_node_named_child(n, 1), "interpolation");
    return dc_node_is_any(n, kinds);
}

/* A string literal in the file's quote style (`style`, detected once per model). */
static const char *quoted_in(dc_fix_ctx *ctx, dc_style st, const char *value, char quote) {
    if (quote) st.quote = quote;
    dc_buf b = DC_BUF_INIT;
    dc_render_string(&b, value, &st);
    const char *res = dc_arena_strdup(ctx->arena, dc_buf_cstr(&b));
    dc_buf_free(&b);
    return res;
}

/* Node text folded to one line and cut, for a reason shown in a report. */
const char *dc_legacy_excerpt(dc_fix_ctx *ctx, TSNode n) {
    dc_buf b = DC_BUF_INIT;
    dc_text_fold(&b, dc_fix_sv(ctx, n), 48, DC_FOLD_CHAR);
    const char *res = dc_arena_strdup(ctx->arena, dc_buf_cstr(&b));
    dc_buf_free(&b);
    return res;
}

const char *dc_legacy_quoted(dc_legacy_model *m, const char *value, char quote) {
    return quoted_in(m->ctx, m->style, value, quote);
}

/* ---- building the model ------------------------------------------------------------------ */

static bool is_legacy_class(dc_legacy_model *m, dc_sv normalized) {
    return dc_sv_listed(m->b->legacy_classes.v, m->b->legacy_classes.len, normalized);
}

static const dc_import *import_of_local(dc_legacy_model *m, dc_sv local) {
    for (uint32_t i = 0; i < m->b->imports.len; i++)
        if (dc_sv_eq(m->b->imports.v[i].local, local)) return &m->b->imports.v[i];
    return NULL;
}

/* Python `composio_<fw>` / `devcaster_<fw>` names the framework; otherwise the class does
 * (`OpenAIToolSet` -> openai, `VercelAIToolSet` -> vercelai); `ComposioToolSet` from the core
 * package has none. */
static const char *framework_of(dc_legacy_model *m, const dc_import *imp) {
    dc_arena *a = m->ctx->arena;
    if (!m->ts && imp) {
        for (int i = DC_PROFILE_DEVCASTER; i < DC_PROFILE_COUNT; i++) {
            const char *name = dc_profile_names_get((dc_profile)i)->name;
            size_t nl = strlen(name);
            uint32_t root = 0;
            while (root < imp->module.len && imp->module.p[root] != '.') root++;
            if (root > nl + 1 && memcmp(imp->module.p, name, nl) == 0 && imp->module.p[nl] == '_')
                return dc_str_lower(a, dc_sv_from(imp->module.p + nl + 1, root - nl - 1));
        }
    }
    dc_sv cls = imp ? imp->name : (dc_sv){0};
    if (cls.len <= 7) return NULL;
    dc_sv prefix = dc_sv_from(cls.p, cls.len - 7);
    for (int i = DC_PROFILE_DEVCASTER; i < DC_PROFILE_COUNT; i++)
        if (dc_sv_eq_cstr(prefix, dc_profile_names_get((dc_profile)i)->cls)) return NULL;
    return dc_str_lower(a, prefix);
}

typedef struct global_scan {
    dc_legacy_model *m;
    dc_sv key;
    bool found;
} global_scan;

static bool global_visit(TSNode n, void *vs) {
    global_scan *g = vs;
    for (uint32_t k = 0; k < ts_node_named_child_count(n) && !g->found; k++)
        g->found = dc_sv_eq(dc_fix_sv(g->m->ctx, ts_node_named_child(n, k)), g->key);
    return !g->found;
}

/* Does the Python function `scope` declare `global key` / `nonlocal key`? */
static bool declares_global(dc_legacy_model *m, TSNode scope, dc_sv key) {
    if (m->ts || !dc_node_is_function(scope)) return false;
    static const char *const kinds[] = {"global_statement", "nonlocal_statement", NULL};
    global_scan g = {m, key, false};
    dc_fix_walk_kinds(m->ctx, scope, kinds, global_visit, &g);
    return g.found;
}

static void read_ctor(dc_legacy_model *m, TSNode call, TSNode callee) {
    dc_fix_ctx *ctx = m->ctx;
    dc_legacy_ctor c = {0};
    c.call = call;
    c.callee = callee;
    c.key = dc_bound_name(ctx, call);
    c.imp = import_of_local(m, dc_fix_norm(ctx, callee));
    c.fw = framework_of(m, c.imp);
    c.scope = dc_scope_of(ctx, call);
    c.bind_scope = c.scope;
    if (c.key.len && (memchr(c.key.p, '.', c.key.len) || declares_global(m, c.scope, c.key)))
        c.bind_scope = ts_tree_root_node(ctx->an->tree);
    dc_args a;
    dc_args_read(ctx, call, &a);
    if (!m->ts)
        c.entity_id = dc_args_kw(ctx->an->src, &a, "entity_id");
    else if (a.npos && dc_node_is(a.pos[0], "object"))
        c.entity_id = dc_object_get(ctx->an->src, a.pos[0], "entityId", NULL);
    dc_vec_push(&m->ctors, c);
}

static void read_entity(dc_legacy_model *m, TSNode call, TSNode toolset) {
    dc_fix_ctx *ctx = m->ctx;
    dc_legacy_entity e = {0};
    e.call = call;
    e.toolset = toolset;
    e.toolset_key = dc_fix_norm(ctx, e.toolset);
    e.key = dc_bound_name(ctx, call);
    e.scope = dc_scope_of(ctx, call);
    dc_args a;
    dc_args_read(ctx, call, &a);
    e.id = a.npos ? a.pos[0] : dc_args_kw(ctx->an->src, &a, "id");
    if (e.key.len) dc_vec_push(&m->entities, e);
}

/* Is the class `cls` imported from the legacy JS package (`composio-core` / `devcaster-core`)? */
static bool from_legacy_core(dc_legacy_model *m, dc_sv cls) {
    const dc_import *imp = import_of_local(m, cls);
    if (!imp) return false;
    for (int i = DC_PROFILE_DEVCASTER; i < DC_PROFILE_COUNT; i++) {
        const char *name = dc_profile_names_get((dc_profile)i)->name;
        size_t nl = strlen(name);
        if (imp->module.len >= nl + 5 && memcmp(imp->module.p, name, nl) == 0 &&
            memcmp(imp->module.p + nl, "-core", 5) == 0 && (imp->module.len == nl + 5 || imp->module.p[nl + 5] == '/'))
            return true;
    }
    return false;
}

static bool model_visit(TSNode n, void *vm) {
    dc_legacy_model *m = vm;
    dc_fix_ctx *ctx = m->ctx;
    if (dc_node_is(n, m->ts ? "new_expression" : "call")) {
        TSNode callee = dc_field(n, m->ts ? "constructor" : "function");
        dc_sv cls = ts_node_is_null(callee) ? (dc_sv){0} : dc_fix_norm(ctx, callee);
        if (cls.len && is_legacy_class(m, cls)) {
            read_ctor(m, n, callee);
        } else if (cls.len && dc_sv_listed(m->b->class_names.v, m->b->class_names.len, cls)) {
            dc_sv key = dc_bound_name(ctx, n);
            if (key.len) dc_vec_push(&m->client_keys, key);
            if (key.len && m->ts && from_legacy_core(m, cls)) dc_vec_push(&m->legacy_core_keys, key);
        }
    }
    if (dc_node_is_call(n)) {
        TSNode fn = dc_field(n, "function");
        if (dc_node_is_member(fn)) {
            dc_sv meth = dc_fix_sv(ctx, dc_member_prop(fn));
            TSNode obj = dc_field(fn, "object");
            /* JS `toolset.client.getEntity(id)`: the toolset's own client */
            if (m->ts && dc_node_is_member(obj) && dc_sv_eq_cstr(dc_fix_sv(ctx, dc_member_prop(obj)), "client"))
                obj = dc_field(obj, "object");
            if ((dc_sv_eq_cstr(meth, "get_entity") || dc_sv_eq_cstr(meth, "getEntity")) &&
                dc_bindings_is_client(m->b, dc_fix_sv(ctx, obj)))
                read_entity(m, n, obj);
        }
    }
    return true;
}

dc_legacy_model *dc_legacy_model_of(dc_fix_ctx *ctx) {
    if (ctx->legacy_model) return ctx->legacy_model;
    dc_legacy_model *m = dc_xcalloc(1, sizeof *m);
    ctx->legacy_model = m;
    m->ctx = ctx;
    m->b = ctx->an->bindings;
    m->ts = dc_lang_family(ctx->an->src->lang) == DC_FAMILY_TS;
    m->style = *dc_fix_style(ctx);
    /* model_visit reads constructions and calls only */
    static const char *const calls[] = {"call", "call_expression", "new_expression", NULL};
    if (ctx->an->tree && m->b) dc_fix_walk_kinds(ctx, ts_tree_root_node(ctx->an->tree), calls, model_visit, m);
    return m;
}

void dc_legacy_model_free(dc_legacy_model *m) {
    if (!m) return;
    dc_vec_free(&m->ctors);
    dc_vec_free(&m->entities);
    dc_vec_free(&m->client_keys);
    dc_vec_free(&m->legacy_core_keys);
    free(m);
}

/* ---- questions -------------------------------------------------------------------------- */

bool dc_legacy_has_ctor(dc_legacy_model *m, dc_sv key) {
    for (uint32_t i = 0; i < m->ctors.len; i++)
        if (dc_sv_eq(m->ctors.v[i].key, key)) return true;
    return false;
}

static bool contains(TSNode outer, TSNode n) {
    return ts_node_start_byte(outer) <= ts_node_start_byte(n) && ts_node_end_byte(n) <= ts_node_end_byte(outer);
}

TSNode dc_legacy_binding_scope(dc_legacy_model *m, dc_sv key, TSNode at) {
    TSNode best = {0};
    for (uint32_t i = 0; i < m->ctors.len; i++) {
        const dc_legacy_ctor *c = &m->ctors.v[i];
        if (!dc_sv_eq(c->key, key) || ts_node_is_null(c->bind_scope) || !contains(c->bind_scope, at)) continue;
        if (ts_node_is_null(best) || contains(best, c->bind_scope)) best = c->bind_scope;
    }
    return best;
}

/* Of several bindings of one name, the one that serves `at`: the last in the same scope before
 * it, else the only one; -1 when that is ambiguous. */
static int pick_binding(dc_fix_ctx *ctx, TSNode at, const TSNode *scopes, const TSNode *calls, const bool *eligible,
                        uint32_t n) {
    int best = -1, count = 0, only = -1;
    TSNode scope = dc_scope_of(ctx, at);
    for (uint32_t i = 0; i < n; i++) {
        if (!eligible[i]) continue;
        count++;
        only = (int)i;
        if (dc_node_same(scopes[i], scope) && ts_node_start_byte(calls[i]) < ts_node_start_byte(at)) best = (int)i;
    }
    if (best >= 0) return best;
    return count == 1 ? only : -1;
}

const dc_legacy_entity *dc_legacy_entity_for(dc_legacy_model *m, dc_sv key, TSNode at) {
    uint32_t n = m->entities.len;
    if (!n) return NULL;
    TSNode *scopes = dc_arena_alloc(m->ctx->arena, n * sizeof *scopes),
           *calls = dc_arena_alloc(m->ctx->arena, n * sizeof *calls);
    bool *ok = dc_arena_alloc(m->ctx->arena, n * sizeof *ok);
    for (uint32_t i = 0; i < n; i++) {
        scopes[i] = m->entities.v[i].scope;
        calls[i] = m->entities.v[i].call;
        ok[i] = dc_sv_eq(m->entities.v[i].key, key);
    }
    int k = pick_binding(m->ctx, at, scopes, calls, ok, n);
    return k < 0 ? NULL : &m->entities.v[k];
}

bool dc_legacy_is_get_entity(dc_legacy_model *m, TSNode call) {
    for (uint32_t i = 0; i < m->entities.len; i++)
        if (dc_node_same(m->entities.v[i].call, call)) return true;
    return false;
}

bool dc_legacy_is_entity(dc_legacy_model *m, dc_sv key) {
    for (uint32_t i = 0; i < m->entities.len; i++)
        if (dc_sv_eq(m->entities.v[i].key, key)) return true;
    return false;
}

/* The toolset construction whose entity_id a call at `at` on `key` inherits. */
static const dc_legacy_ctor *ctor_for(dc_legacy_model *m, dc_sv key, TSNode at, bool *ambiguous) {
    uint32_t n = m->ctors.len;
    *ambiguous = false;
    if (!n) return NULL;
    TSNode *scopes = dc_arena_alloc(m->ctx->arena, n * sizeof *scopes),
           *calls = dc_arena_alloc(m->ctx->arena, n * sizeof *calls);
    bool *ok = dc_arena_alloc(m->ctx->arena, n * sizeof *ok);
    uint32_t count = 0;
    for (uint32_t i = 0; i < n; i++) {
        scopes[i] = m->ctors.v[i].scope;
        calls[i] = m->ctors.v[i].call;
        ok[i] = dc_sv_eq(m->ctors.v[i].key, key);
        count += ok[i];
    }
    int k = pick_binding(m->ctx, at, scopes, calls, ok, n);
    if (k < 0 && count > 1) {
        /* several constructions agreeing on the entity are as good as one */
        const dc_legacy_ctor *first = NULL;
        for (uint32_t i = 0; i < n; i++) {
            if (!ok[i]) continue;
            const dc_legacy_ctor *c = &m->ctors.v[i];
            if (!first)
                first = c;
            else if (ts_node_is_null(first->entity_id) != ts_node_is_null(c->entity_id) ||
                     (!ts_node_is_null(c->entity_id) &&
                      !dc_sv_eq(dc_fix_norm(m->ctx, c->entity_id), dc_fix_norm(m->ctx, first->entity_id))))
                *ambiguous = true;
        }
        return *ambiguous ? NULL : first;
    }
    return k < 0 ? NULL : &m->ctors.v[k];
}

static const char *default_user(dc_legacy_model *m) { return dc_legacy_quoted(m, "default", 0); }

static dc_legacy_who who_of_node(dc_legacy_model *m, TSNode n, TSNode at) {
    dc_legacy_who w = {dc_fix_text(m->ctx, n), dc_fix_norm(m->ctx, n), n, DC_APP_SAFE, NULL};
    if (is_literal(n) || dc_node_same(dc_scope_of(m->ctx, n), dc_scope_of(m->ctx, at))) return w;
    /* An id written elsewhere is evaluated where the session is created now: fine for a
     * module-level name or a member, but another function's local is not in scope there. */
    bool module_level = !dc_node_is_function(dc_scope_of(m->ctx, n));
    bool member = !strncmp(w.text, "self.", 5) || !strncmp(w.text, "this.", 5);
    w.app = module_level || member ? DC_APP_UNSAFE : DC_APP_MANUAL;
    w.why =
        module_level || member
            ? dc_arena_printf(m->ctx->arena, "the user id `%s` (line %u) is now evaluated where the session is created",
                              dc_legacy_excerpt(m->ctx, n), dc_legacy_line(n))
            : dc_arena_printf(m->ctx->arena,
                              "the user id `%s` belongs to another function (line %u): pass the user "
                              "where the toolset is used, then run dcmigrate again",
                              dc_legacy_excerpt(m->ctx, n), dc_legacy_line(n));
    return w;
}

static dc_legacy_who who_default(dc_legacy_model *m) {
    const char *d = default_user(m);
    dc_legacy_who w = {0};
    w.text = d;
    w.key = dc_sv_cstr(d);
    w.app = DC_APP_SAFE;
    return w;
}

/* `explicit_user` (entity_id= / entityId / a positional id) if given, else the entity's id, else
 * the constructor's entity_id, else "default". */
dc_legacy_who dc_legacy_user_of(dc_legacy_model *m, dc_sv recv_key, TSNode explicit_user, TSNode at) {
    if (!ts_node_is_null(explicit_user)) return who_of_node(m, explicit_user, at);
    if (dc_legacy_is_entity(m, recv_key)) {
        const dc_legacy_entity *e = dc_legacy_entity_for(m, recv_key, at);
        if (!e) {
            dc_legacy_who w = who_default(m);
            w.app = DC_APP_MANUAL;
            w.why = "the entity is bound in several places: cannot tell which user this call is for";
            return w;
        }
        return ts_node_is_null(e->id) ? who_default(m) : who_of_node(m, e->id, at);
    }
    bool ambiguous;
    const dc_legacy_ctor *c = ctor_for(m, recv_key, at, &ambiguous);
    if (ambiguous) {
        dc_legacy_who w = who_default(m);
        w.app = DC_APP_MANUAL;
        w.why = "the toolset is constructed with different entity ids: pass the user explicitly";
        return w;
    }
    if (c && !ts_node_is_null(c->entity_id)) return who_of_node(m, c->entity_id, at);
    return who_default(m);
}

/* The toolset expression a call on `recv` runs on: the entity's toolset for an entity. */
TSNode dc_legacy_toolset_of(dc_legacy_model *m, TSNode recv, TSNode at) {
    dc_sv key = dc_fix_norm(m->ctx, recv);
    if (dc_legacy_is_entity(m, key)) {
        const dc_legacy_entity *e = dc_legacy_entity_for(m, key, at);
        return e ? e->toolset : (TSNode){0};
    }
    return recv;
}

/* `Action.X` / `App.Y` on the SDK's enums: which enum and the member. */
bool dc_legacy_enum_member(dc_legacy_model *m, TSNode n, bool *is_app, dc_sv *member) {
    if (!dc_node_is_member(n)) return false;
    TSNode obj = dc_field(n, "object");
    if (!dc_node_is(obj, "identifier")) return false;
    dc_sv local = dc_fix_sv(m->ctx, obj);
    if (!dc_sv_listed(m->b->legacy_enums.v, m->b->legacy_enums.len, local)) return false;
    const dc_import *imp = import_of_local(m, local);
    if (!imp) return false;
    *is_app = dc_sv_eq_cstr(imp->name, "App");
    *member = dc_fix_sv(m->ctx, dc_member_prop(n));
    return true;
}

/* A toolkit from App.Y / "github" / "GITHUB" (lower-cased), or NULL. */
const char *dc_legacy_toolkit_value(dc_legacy_model *m, TSNode n) {
    bool is_app;
    dc_sv member;
    const char *v;
    if (dc_legacy_enum_member(m, n, &is_app, &member)) return is_app ? dc_str_lower(m->ctx->arena, member) : NULL;
    if (dc_string_value(m->ctx->arena, m->ctx->an->src, n, &v) && *v) return dc_str_lower(m->ctx->arena, dc_sv_cstr(v));
    return NULL;
}

/* A tool slug from Action.X / "GITHUB_X", or NULL. */
const char *dc_legacy_tool_value(dc_legacy_model *m, TSNode n) {
    bool is_app;
    dc_sv member;
    const char *v;
    if (dc_legacy_enum_member(m, n, &is_app, &member))
        return is_app ? NULL : dc_arena_strndup(m->ctx->arena, member.p, member.len);
    if (dc_string_value(m->ctx->arena, m->ctx->an->src, n, &v) && *v) return v;
    return NULL;
}

/* ---- tools defined in the file ----------------------------------------------------------- */

typedef struct local_scan {
    dc_legacy_model *m;
    dc_sv name;
    bool found;
} local_scan;

static bool local_visit(TSNode n, void *vs) {
    local_scan *s = vs;
    dc_fix_ctx *ctx = s->m->ctx;
    const char *v;
    if (dc_node_is(n, "function_definition")) {
        s->found = dc_sv_eq(dc_fix_sv(ctx, dc_field(n, "name")), s->name);
    } else if (dc_node_is(n, "pair") && dc_sv_eq_cstr(dc_fix_sv(ctx, dc_field(n, "key")), "actionName")) {
        s->found = dc_string_value(ctx->arena, ctx->an->src, dc_field(n, "value"), &v) && dc_sv_eq_cstr(s->name, v);
    }
    return !s->found;
}

bool dc_legacy_local_tool(dc_legacy_model *m, TSNode n) {
    dc_fix_ctx *ctx = m->ctx;
    local_scan s = {m, {0}, false};
    const char *v;
    if (!m->ts && dc_node_is(n, "identifier"))
        s.name = dc_fix_sv(ctx, n);
    else if (m->ts && dc_string_value(ctx->arena, ctx->an->src, n, &v) && *v)
        s.name = dc_sv_cstr(v);
    else
        return false;
    static const char *const py[] = {"function_definition", NULL}, *const ts[] = {"pair", NULL};
    dc_fix_walk_kinds(ctx, ts_tree_root_node(ctx->an->tree), m->ts ? ts : py, local_visit, &s);
    return s.found;
}
