/* dcaf_facts.c: the DCAF pack's per-file facts (dcaf_p.h): symbol spellings from the imports,
 * what names hold, and which functions are served handlers, tools and interceptors. */
#include <string.h>

#include "analysis/dcaf_p.h"
#include "common/text.h"

static const char *const sym_paths[SYM_COUNT][3] = {
    [SYM_SESSION] = {"dcaf.core.Session", "dcaf.core.session.Session", NULL},
    [SYM_AGENT] = {"dcaf.core.Agent", "dcaf.core.agent.Agent", NULL},
    [SYM_AGENT_RESULT] = {"dcaf.core.AgentResult", "dcaf.core.primitives.AgentResult", NULL},
    [SYM_FROM_AGENT_RESPONSE] = {"dcaf.core.from_agent_response", "dcaf.core.primitives.from_agent_response", NULL},
    [SYM_LLM_REQUEST] = {"dcaf.core.LLMRequest", "dcaf.core.interceptors.LLMRequest", NULL},
    [SYM_LLM_RESPONSE] = {"dcaf.core.LLMResponse", "dcaf.core.interceptors.LLMResponse", NULL},
    [SYM_SERVE] = {"dcaf.core.serve", "dcaf.core.server.serve", NULL},
    [SYM_CREATE_APP] = {"dcaf.core.create_app", "dcaf.core.server.create_app", NULL},
    [SYM_TOOL] = {"dcaf.core.tool", "dcaf.core.tools.tool", NULL},
    [SYM_CREATE_TOOL] = {"dcaf.core.tools.create_tool", NULL, NULL},
    [SYM_TOOL_V1] = {"dcaf.tools.tool", NULL, NULL},
    [SYM_CREATE_TOOL_V1] = {"dcaf.tools.create_tool", NULL, NULL},
};

/* ---- text helpers ---- */

dc_sv dcaf_text(dcaf_ctx *c, TSNode n) { return dc_node_sv(c->src, n); }

const char *dcaf_cstr(dcaf_ctx *c, TSNode n) {
    dc_buf b = DC_BUF_INIT;
    dc_text_fold(&b, dcaf_text(c, n), 60, DC_FOLD_TRIM);
    const char *s = dc_arena_strndup(c->arena, b.p, b.len);
    dc_buf_free(&b);
    return s;
}

/* `t` without whitespace, comments and (for string annotations) its quotes. */
static dc_sv squeeze(dcaf_ctx *c, dc_sv t) {
    char *o = dc_arena_alloc(c->arena, t.len + 1);
    uint32_t k = 0;
    for (uint32_t i = 0; i < t.len; i++) {
        char ch = t.p[i];
        if (ch == '#')
            while (i < t.len && t.p[i] != '\n') i++;
        else if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\\' && ch != '"' && ch != '\'')
            o[k++] = ch;
    }
    return dc_sv_from(o, k);
}

TSNode dcaf_child_of_kind(TSNode n, const char *kind) {
    uint32_t k = dcaf_nkids(n);
    for (uint32_t i = 0; i < k; i++) {
        TSNode ch = dcaf_kid(n, i);
        if (dc_node_is(ch, kind)) return ch;
    }
    return (TSNode){0};
}

/* ---- symbols ---- */

static const char *lookup_alias(dcaf_ctx *c, dc_sv local) {
    for (uint32_t i = c->aliases.len; i-- > 0;)
        if (dc_sv_eq(c->aliases.v[i].local, local)) return c->aliases.v[i].canon;
    return NULL;
}

/* A dotted text resolved through the aliases: its longest aliased prefix (a whole component;
 * only the first one unless a project module's members were aliased, `c.Session`) -> canonical
 * path, rest appended. */
static const char *canon_text(dcaf_ctx *c, dc_sv t) {
    uint32_t dot = 0;
    while (dot < t.len && t.p[dot] != '.') dot++;
    uint32_t end = c->dotted ? t.len : dot;
    for (;;) {
        const char *head = lookup_alias(c, dc_sv_from(t.p, end));
        if (head) {
            if (end == t.len) return head;
            return dc_arena_printf(c->arena, "%s%.*s", head, (int)(t.len - end), t.p + end);
        }
        if (end <= dot) return NULL;
        do end--;
        while (end > dot && t.p[end] != '.');
    }
}

const char *dcaf_canon(dcaf_ctx *c, TSNode n) {
    if (!dc_node_is(n, "identifier") && !dc_node_is(n, "attribute") && !dc_node_is(n, "string") &&
        !dc_node_is(n, "type"))
        return NULL;
    if (dcaf_end(n) - ts_node_start_byte(n) > 256) return NULL; /* no symbol is spelt that long */
    return canon_text(c, squeeze(c, dcaf_text(c, n)));
}

const char *dcaf_canon_text(dcaf_ctx *c, dc_sv dotted) { return canon_text(c, dotted); }

static bool canon_is(const char *canon, dcaf_sym s) {
    if (!canon) return false;
    for (int i = 0; i < 3 && sym_paths[s][i]; i++)
        if (strcmp(canon, sym_paths[s][i]) == 0) return true;
    return false;
}

bool dcaf_is_sym(dcaf_ctx *c, TSNode n, dcaf_sym s) { return canon_is(dcaf_canon(c, n), s); }

bool dcaf_calls_sym(dcaf_ctx *c, TSNode call, dcaf_sym s) {
    return dc_node_is(call, "call") && dcaf_is_sym(c, dc_field(call, "function"), s);
}

void dcaf_add_alias(dcaf_ctx *c, dc_sv local, const char *canon, TSNode at) {
    dcaf_alias a = {local, canon, ts_node_start_point(at).row + 1};
    c->dotted |= memchr(local.p, '.', local.len) != NULL;
    dc_vec_push(&c->aliases, a);
}

static bool under(dc_sv m, const char *pkg) {
    size_t l = strlen(pkg);
    return m.len >= l && memcmp(m.p, pkg, l) == 0 && (m.len == l || m.p[l] == '.');
}

bool dcaf_is_dcaf_path(dc_sv m) { return under(m, "dcaf"); }

/* Modules whose names the rules resolve besides DCAF's (stdlib types, pydantic). */
static bool is_tracked_module(dc_sv m) {
    static const char *const mods[] = {"dcaf", "dataclasses", "datetime", "uuid", "decimal", "enum", "pydantic", "os",
                                       "typing", NULL};
    for (int i = 0; mods[i]; i++)
        if (under(m, mods[i])) return true;
    return false;
}

/* `import a.b.c` binds a -> "a"; `import a.b as x` binds x -> "a.b"; a project module's DCAF
 * names are spelt `x.Name` / `a.b.Name` (dcaf_project.c). */
static void read_import(dcaf_ctx *c, TSNode st, bool *any) {
    uint32_t k = dcaf_nkids(st);
    for (uint32_t i = 0; i < k; i++) {
        TSNode it = dcaf_kid(st, i);
        bool aliased = dc_node_is(it, "aliased_import");
        TSNode name = aliased ? dc_field(it, "name") : it;
        if (!dc_node_is(name, "dotted_name")) continue;
        dc_sv m = squeeze(c, dcaf_text(c, name));
        if (!is_tracked_module(m)) {
            dc_sv local = aliased ? dcaf_text(c, dc_field(it, "alias")) : m;
            if (local.len) dcaf_project_import(c, dc_arena_strndup(c->arena, m.p, m.len), "", local, st, any);
            continue;
        }
        *any |= dcaf_is_dcaf_path(m);
        if (aliased) {
            dcaf_add_alias(c, dcaf_text(c, dc_field(it, "alias")), dc_arena_strndup(c->arena, m.p, m.len), st);
        } else {
            uint32_t head = 0;
            while (head < m.len && m.p[head] != '.') head++;
            dcaf_add_alias(c, dc_sv_from(m.p, head), dc_arena_strndup(c->arena, m.p, head), st);
        }
    }
}

/* `from M import X [as Y]`; from a project module (relative or not), the DCAF names it proves. */
static void read_import_from(dcaf_ctx *c, TSNode st, bool *any) {
    TSNode mod = dc_field(st, "module_name");
    bool dotted = dc_node_is(mod, "dotted_name");
    if (!dotted && !dc_node_is(mod, "relative_import")) return;
    dc_sv m = squeeze(c, dcaf_text(c, mod));
    bool tracked = dotted && is_tracked_module(m);
    if (!tracked && !c->view) return;
    const char *spec = dc_arena_strndup(c->arena, m.p, m.len);
    *any |= tracked && dcaf_is_dcaf_path(m);
    uint32_t k = dcaf_nkids(st);
    for (uint32_t i = 0; i < k; i++) {
        TSNode it = dcaf_kid(st, i);
        if (dcaf_same(it, mod)) continue;
        if (!tracked && dc_node_is(it, "wildcard_import")) dcaf_project_import(c, spec, "", dc_sv_from("", 0), st, any);
        TSNode name = dc_node_is(it, "aliased_import") ? dc_field(it, "name") : it;
        if (!dc_node_is(name, "dotted_name")) continue;
        dc_sv nm = dcaf_text(c, name);
        dc_sv local = dc_node_is(it, "aliased_import") ? dcaf_text(c, dc_field(it, "alias")) : nm;
        if (!local.len) continue;
        if (tracked)
            dcaf_add_alias(c, local, dc_arena_printf(c->arena, "%s.%.*s", spec, (int)nm.len, nm.p), st);
        else
            dcaf_project_import(c, spec, dc_arena_strndup(c->arena, nm.p, nm.len), local, st, any);
    }
}

/* A name bound by a top-level class or def is the file's own, whatever it imports. */
void dcaf_drop_rebound(dcaf_ctx *c) {
    uint32_t k = dcaf_nkids(c->root);
    for (uint32_t i = 0; i < k; i++) {
        TSNode st = dcaf_kid(c->root, i);
        if (dc_node_is(st, "decorated_definition")) st = dc_field(st, "definition");
        if (!dc_node_is(st, "class_definition") && !dc_node_is(st, "function_definition")) continue;
        dc_sv name = dcaf_text(c, dc_field(st, "name"));
        for (uint32_t a = 0; a < c->aliases.len; a++)
            if (dc_sv_eq(c->aliases.v[a].local, name)) c->aliases.v[a].canon = "";
    }
}

/* ---- scopes ---- */

TSNode dcaf_enclosing_def(dcaf_ctx *c, TSNode n) {
    TSNode best = {0};
    uint32_t s = ts_node_start_byte(n);
    for (uint32_t i = 0; i < c->defs.len; i++) { /* preorder: the last one around n is the innermost */
        TSNode d = c->defs.v[i];
        if (ts_node_start_byte(d) > s) break;
        if (dcaf_contains(d, n) && !dcaf_same(d, n)) best = d;
    }
    return best;
}

uint32_t dcaf_scope_id(dcaf_ctx *c, TSNode n) {
    TSNode d = dcaf_enclosing_def(c, n);
    return ts_node_is_null(d) ? 0 : ts_node_start_byte(d) + 1;
}

bool dcaf_inside_wall(dcaf_ctx *c, TSNode n, TSNode def) {
    for (uint32_t i = 0; i < c->walls.len; i++) {
        TSNode w = c->walls.v[i];
        if (dcaf_contains(w, n) && (ts_node_is_null(def) || ts_node_start_byte(w) > ts_node_start_byte(def))) return true;
    }
    return false;
}

#define SCOPE_FILE UINT32_MAX /* self.x */

static dcaf_val *find_val(dcaf_ctx *c, uint32_t scope, dc_sv name) {
    for (uint32_t i = 0; i < c->vals.len; i++)
        if (c->vals.v[i].scope == scope && dc_sv_eq(c->vals.v[i].name, name)) return &c->vals.v[i];
    return NULL;
}

static void bind(dcaf_ctx *c, uint32_t scope, dc_sv name, uint32_t kind, TSNode at) {
    dcaf_val *v = find_val(c, scope, name);
    if (v) {
        v->kind |= kind;
        return;
    }
    dcaf_val nv = {scope, name, kind, at};
    dc_vec_push(&c->vals, nv);
}

static uint32_t lookup_name(dcaf_ctx *c, TSNode at, dc_sv name) {
    TSNode d = dcaf_enclosing_def(c, at);
    for (;;) {
        uint32_t scope = ts_node_is_null(d) ? 0 : ts_node_start_byte(d) + 1;
        dcaf_val *v = find_val(c, scope, name);
        if (v) return v->kind;
        if (ts_node_is_null(d)) return 0;
        d = dcaf_enclosing_def(c, d);
    }
}

/* ---- parameters ---- */

uint32_t dcaf_params(TSNode def, TSNode *out, uint32_t max) {
    TSNode ps = dc_field(def, "parameters");
    uint32_t k = dcaf_nkids(ps), n = 0;
    for (uint32_t i = 0; i < k && n < max; i++) {
        TSNode p = dcaf_kid(ps, i);
        if (!dc_node_is(p, "comment")) out[n++] = p;
    }
    return n;
}

dc_sv dcaf_param_name(dcaf_ctx *c, TSNode p) {
    if (dc_node_is(p, "identifier")) return dcaf_text(c, p);
    if (dc_node_is(p, "default_parameter") || dc_node_is(p, "typed_default_parameter"))
        return dcaf_text(c, dc_field(p, "name"));
    if (dc_node_is(p, "typed_parameter")) {
        TSNode id = dcaf_child_of_kind(p, "identifier");
        if (!ts_node_is_null(id)) return dcaf_text(c, id);
    }
    return (dc_sv){0};
}

TSNode dcaf_param_type(TSNode p) {
    if (dc_node_is(p, "typed_parameter") || dc_node_is(p, "typed_default_parameter")) return dc_field(p, "type");
    return (TSNode){0};
}

TSNode dcaf_param_default(TSNode p) {
    if (dc_node_is(p, "default_parameter") || dc_node_is(p, "typed_default_parameter")) return dc_field(p, "value");
    return (TSNode){0};
}

/* `Optional[X]`, `typing.Optional[X]`, `Union[X, None]`, `X | None`, `None | X` -> X. */
static dc_sv strip_optional(dc_sv t) {
    static const char *const pre[] = {"Optional[", "typing.Optional[", "Union[", "typing.Union[", NULL};
    for (int i = 0; pre[i]; i++) {
        size_t l = strlen(pre[i]);
        if (t.len > l && memcmp(t.p, pre[i], l) == 0 && t.p[t.len - 1] == ']') {
            dc_sv in = dc_sv_from(t.p + l, t.len - l - 1);
            if (i >= 2) {
                if (in.len > 5 && memcmp(in.p + in.len - 5, ",None", 5) == 0) return dc_sv_from(in.p, in.len - 5);
                if (in.len > 5 && memcmp(in.p, "None,", 5) == 0) return dc_sv_from(in.p + 5, in.len - 5);
                return t;
            }
            return in;
        }
    }
    if (t.len > 5 && memcmp(t.p + t.len - 5, "|None", 5) == 0) return dc_sv_from(t.p, t.len - 5);
    if (t.len > 5 && memcmp(t.p, "None|", 5) == 0) return dc_sv_from(t.p + 5, t.len - 5);
    return t;
}

static bool annotation_is(dcaf_ctx *c, TSNode type, dcaf_sym s) {
    if (ts_node_is_null(type) || dcaf_end(type) - ts_node_start_byte(type) > 256) return false;
    dc_sv t = strip_optional(squeeze(c, dcaf_text(c, type)));
    return canon_is(canon_text(c, t), s);
}

bool dcaf_is_session_annotation(dcaf_ctx *c, TSNode type) { return annotation_is(c, type, SYM_SESSION); }

TSNode dcaf_handler_session_param(dcaf_ctx *c, TSNode def) {
    TSNode ps[32];
    uint32_t n = dcaf_params(def, ps, 32), pos = 0;
    for (uint32_t i = 0; i < n; i++)
        if (dc_sv_eq_cstr(dcaf_param_name(c, ps[i]), "session")) return ps[i];
    if (n < 3) return (TSNode){0};
    for (uint32_t i = 0; i < n; i++) {
        if (dc_node_is(ps[i], "positional_separator")) continue;
        if (dc_node_is(ps[i], "keyword_separator") || dc_node_is(ps[i], "list_splat_pattern") ||
            dc_node_is(ps[i], "dictionary_splat_pattern"))
            break;
        if (pos++ == 2) return ps[i];
    }
    return (TSNode){0};
}

/* ---- functions and their roles ---- */

static bool in_class_body(TSNode def) {
    TSNode p = dcaf_parent(def);
    if (dc_node_is(p, "decorated_definition")) p = dcaf_parent(p);
    return dc_node_is(p, "block") && dc_node_is(dcaf_parent(p), "class_definition");
}

TSNode dcaf_find_def(dcaf_ctx *c, dc_sv name) {
    for (uint32_t i = 0; i < c->defs.len; i++)
        if (dc_sv_eq(dcaf_text(c, dc_field(c->defs.v[i], "name")), name) && !in_class_body(c->defs.v[i]))
            return c->defs.v[i];
    return (TSNode){0};
}

static void add_role(dcaf_ctx *c, TSNode def, uint32_t role, bool registered) {
    for (uint32_t i = 0; i < c->fns.len; i++) {
        if (dcaf_same(c->fns.v[i].def, def)) {
            c->fns.v[i].role |= role;
            c->fns.v[i].registered |= registered;
            return;
        }
    }
    dcaf_fn f = {def, role, registered};
    dc_vec_push(&c->fns, f);
}

/* Is the identifier `id` a parameter or an assigned name of a def around it (not the module's
 * function of that name)? */
static bool shadowed(dcaf_ctx *c, TSNode id) {
    dc_sv name = dcaf_text(c, id);
    for (TSNode d = dcaf_enclosing_def(c, id); !ts_node_is_null(d); d = dcaf_enclosing_def(c, d)) {
        TSNode ps[32];
        uint32_t n = dcaf_params(d, ps, 32), scope = ts_node_start_byte(d) + 1;
        for (uint32_t i = 0; i < n; i++)
            if (dc_sv_eq(dcaf_param_name(c, ps[i]), name)) return true;
        for (uint32_t i = 0; i < c->assigns.len; i++) {
            TSNode l = dc_field(c->assigns.v[i], "left");
            if (dc_node_is(l, "identifier") && dc_sv_eq(dcaf_text(c, l), name) && dcaf_scope_id(c, c->assigns.v[i]) == scope)
                return true;
        }
    }
    return false;
}

static void role_by_name(dcaf_ctx *c, TSNode name, uint32_t role, bool registered) {
    if (dc_node_is(name, "lambda") && registered) {
        add_role(c, name, role, true);
        return;
    }
    if (!dc_node_is(name, "identifier") || shadowed(c, name)) return;
    TSNode d = dcaf_find_def(c, dcaf_text(c, name));
    if (!ts_node_is_null(d)) add_role(c, d, role, registered);
}

uint32_t dcaf_fn_role(dcaf_ctx *c, TSNode def, bool *registered) {
    for (uint32_t i = 0; i < c->fns.len; i++) {
        if (dcaf_same(c->fns.v[i].def, def)) {
            if (registered) *registered = c->fns.v[i].registered;
            return c->fns.v[i].role;
        }
    }
    if (registered) *registered = false;
    return 0;
}

/* First positional argument, or the keyword argument `kw`. */
static TSNode first_arg(dcaf_ctx *c, TSNode call, const char *kw) {
    TSNode args = dc_field(call, "arguments");
    uint32_t k = dcaf_nkids(args);
    for (uint32_t i = 0; i < k; i++) {
        TSNode a = dcaf_kid(args, i);
        if (dc_node_is(a, "keyword_argument")) {
            if (kw && dc_sv_eq_cstr(dcaf_text(c, dc_field(a, "name")), kw)) return dc_field(a, "value");
        } else if (i == 0 && !dc_node_is(a, "comment")) {
            return a;
        }
    }
    return (TSNode){0};
}

static void interceptor_arg(dcaf_ctx *c, TSNode call, const char *kw, uint32_t role) {
    TSNode args = dc_field(call, "arguments");
    uint32_t k = dcaf_nkids(args);
    for (uint32_t i = 0; i < k; i++) {
        TSNode a = dcaf_kid(args, i);
        if (!dc_node_is(a, "keyword_argument") || !dc_sv_eq_cstr(dcaf_text(c, dc_field(a, "name")), kw)) continue;
        TSNode v = dc_field(a, "value");
        if (dc_node_is(v, "list") || dc_node_is(v, "tuple")) {
            for (uint32_t j = 0; j < dcaf_nkids(v); j++)
                role_by_name(c, dcaf_kid(v, j), role, true);
        } else {
            role_by_name(c, v, role, true);
        }
    }
}

static void roles_from_call(dcaf_ctx *c, TSNode call) {
    TSNode fn = dc_field(call, "function");
    if (dcaf_calls_sym(c, call, SYM_SERVE) || dcaf_calls_sym(c, call, SYM_CREATE_APP)) {
        role_by_name(c, first_arg(c, call, "agent"), F_HANDLER, true);
    } else if (dcaf_calls_sym(c, call, SYM_CREATE_TOOL) || dcaf_calls_sym(c, call, SYM_CREATE_TOOL_V1) ||
               dcaf_calls_sym(c, call, SYM_TOOL) || dcaf_calls_sym(c, call, SYM_TOOL_V1)) {
        role_by_name(c, first_arg(c, call, "func"), F_TOOL, true);
    } else if (dc_node_is(fn, "call") && (dcaf_calls_sym(c, fn, SYM_TOOL) || dcaf_calls_sym(c, fn, SYM_TOOL_V1))) {
        role_by_name(c, first_arg(c, call, NULL), F_TOOL, true); /* tool(...)(f) */
    } else if (dcaf_calls_sym(c, call, SYM_AGENT)) {
        interceptor_arg(c, call, "request_interceptors", F_REQ_INTERCEPTOR);
        interceptor_arg(c, call, "response_interceptors", F_RESP_INTERCEPTOR);
    }
}

static bool is_tool_decorator(dcaf_ctx *c, TSNode deco) {
    TSNode e = dcaf_kid(deco, 0);
    if (dc_node_is(e, "call")) e = dc_field(e, "function");
    return dcaf_is_sym(c, e, SYM_TOOL) || dcaf_is_sym(c, e, SYM_TOOL_V1);
}

static void roles_from_def(dcaf_ctx *c, TSNode def) {
    TSNode p = dcaf_parent(def);
    if (dc_node_is(p, "decorated_definition")) {
        for (uint32_t i = 0; i < dcaf_nkids(p); i++) {
            TSNode d = dcaf_kid(p, i);
            if (dc_node_is(d, "decorator") && is_tool_decorator(c, d)) add_role(c, def, F_TOOL, true);
        }
    }
    TSNode ps[1];
    if (!dcaf_params(def, ps, 1)) return;
    TSNode ty = dcaf_param_type(ps[0]), ret = dc_field(def, "return_type");
    if (annotation_is(c, ty, SYM_LLM_REQUEST) && annotation_is(c, ret, SYM_LLM_REQUEST))
        add_role(c, def, F_REQ_INTERCEPTOR, false);
    if (annotation_is(c, ty, SYM_LLM_RESPONSE) && annotation_is(c, ret, SYM_LLM_RESPONSE))
        add_role(c, def, F_RESP_INTERCEPTOR, false);
}

/* ---- values ---- */

static bool returns_agent(dcaf_ctx *c, TSNode def) {
    if (annotation_is(c, dc_field(def, "return_type"), SYM_AGENT)) return true;
    return false;
}

/* `A.run(...)` / `A.chat(...)` with A an agent: V_RUN_RESULT / V_CHAT_RESULT, else 0. */
static uint32_t run_call_kind(dcaf_ctx *c, TSNode call) {
    if (!dc_node_is(call, "call")) return 0;
    TSNode fn = dc_field(call, "function");
    if (!dc_node_is(fn, "attribute") || !(dcaf_value_kind(c, dc_field(fn, "object")) & V_AGENT)) return 0;
    dc_sv m = dcaf_text(c, dc_field(fn, "attribute"));
    return dc_sv_eq_cstr(m, "run") ? V_RUN_RESULT : dc_sv_eq_cstr(m, "chat") ? V_CHAT_RESULT : 0;
}

static uint32_t call_kind(dcaf_ctx *c, TSNode n) {
    TSNode fn = dc_field(n, "function");
    if (dcaf_is_sym(c, fn, SYM_SESSION)) return V_SESSION;
    if (dcaf_is_sym(c, fn, SYM_AGENT)) return V_AGENT;
    if (dcaf_is_sym(c, fn, SYM_AGENT_RESULT)) return V_AGENT_RESULT;
    if (dc_node_is(fn, "attribute")) {
        dc_sv m = dcaf_text(c, dc_field(fn, "attribute"));
        TSNode obj = dc_field(fn, "object");
        if (dc_sv_eq_cstr(m, "from_dict") && dcaf_is_sym(c, obj, SYM_SESSION)) return V_SESSION;
        if (dc_sv_eq_cstr(m, "to_dict") && (dcaf_value_kind(c, obj) & V_SESSION)) return V_SNAPSHOT;
        if (dc_sv_eq_cstr(m, "run") && dc_sv_eq_cstr(dcaf_text(c, obj), "asyncio")) {
            TSNode a = first_arg(c, n, NULL);
            return run_call_kind(c, a);
        }
    }
    if (dc_node_is(fn, "identifier")) {
        TSNode d = dcaf_find_def(c, dcaf_text(c, fn));
        if (!ts_node_is_null(d) && returns_agent(c, d)) return V_AGENT;
    }
    return 0;
}

uint32_t dcaf_value_kind(dcaf_ctx *c, TSNode n) {
    while (dc_node_is(n, "parenthesized_expression")) n = dcaf_kid(n, 0);
    if (dc_node_is(n, "identifier")) return lookup_name(c, n, dcaf_text(c, n));
    if (dc_node_is(n, "attribute")) {
        TSNode obj = dc_field(n, "object");
        if (dc_sv_eq_cstr(dcaf_text(c, dc_field(n, "attribute")), "session") &&
            (dcaf_value_kind(c, obj) & (V_REQ_PARAM | V_RESP_PARAM)))
            return V_SESSION;
        if (dc_node_is(obj, "identifier") && dc_sv_eq_cstr(dcaf_text(c, obj), "self")) {
            dcaf_val *v = find_val(c, SCOPE_FILE, squeeze(c, dcaf_text(c, n)));
            return v ? v->kind : 0;
        }
        return 0;
    }
    if (dc_node_is(n, "call")) return call_kind(c, n);
    if (dc_node_is(n, "await")) return run_call_kind(c, dcaf_kid(n, 0));
    return 0;
}

static void bind_params(dcaf_ctx *c, TSNode def) {
    bool reg = false;
    uint32_t role = dcaf_fn_role(c, def, &reg);
    TSNode ps[32], sp = {0};
    uint32_t n = dcaf_params(def, ps, 32), scope = ts_node_start_byte(def) + 1;
    if (role & F_HANDLER) sp = dcaf_handler_session_param(c, def);
    for (uint32_t i = 0; i < n; i++) {
        dc_sv name = dcaf_param_name(c, ps[i]);
        if (!name.len) continue;
        TSNode ty = dcaf_param_type(ps[i]);
        uint32_t k = 0;
        if (annotation_is(c, ty, SYM_SESSION)) k |= V_SESSION;
        if (annotation_is(c, ty, SYM_AGENT)) k |= V_AGENT;
        if (annotation_is(c, ty, SYM_LLM_REQUEST)) k |= V_REQ_PARAM;
        if (annotation_is(c, ty, SYM_LLM_RESPONSE)) k |= V_RESP_PARAM;
        if (!ts_node_is_null(sp) && dcaf_same(sp, ps[i])) k |= V_SESSION;
        if ((role & F_TOOL) && dc_sv_eq_cstr(name, "session")) k |= V_SESSION;
        if (i == 0 && (role & F_REQ_INTERCEPTOR)) k |= V_REQ_PARAM;
        if (i == 0 && (role & F_RESP_INTERCEPTOR)) k |= V_RESP_PARAM;
        bind(c, scope, name, k, ps[i]);
    }
}

static void bind_lambda(dcaf_ctx *c, const dcaf_fn *f) {
    /* a registered lambda's parameter: its scope is the enclosing def's (lambdas are not scopes) */
    TSNode ps = dc_field(f->def, "parameters");
    TSNode p = dcaf_kid(ps, 0);
    if (!dc_node_is(p, "identifier")) return;
    uint32_t k = (f->role & F_REQ_INTERCEPTOR) ? V_REQ_PARAM : V_RESP_PARAM;
    bind(c, dcaf_scope_id(c, f->def), dcaf_text(c, p), k, p);
}

static void bind_assignment(dcaf_ctx *c, TSNode as) {
    TSNode l = dc_field(as, "left"), r = dc_field(as, "right");
    if (dc_node_is(as, "named_expression")) {
        l = dc_field(as, "name");
        r = dc_field(as, "value");
    }
    if (ts_node_is_null(r)) return;
    uint32_t k = dc_node_is(as, "augmented_assignment") ? 0 : dcaf_value_kind(c, r);
    if (dc_node_is(l, "identifier")) {
        bind(c, dcaf_scope_id(c, as), dcaf_text(c, l), k, l);
    } else if (dc_node_is(l, "attribute") && dc_sv_eq_cstr(dcaf_text(c, dc_field(l, "object")), "self")) {
        bind(c, SCOPE_FILE, squeeze(c, dcaf_text(c, l)), k, l);
    }
}

/* ---- building ---- */

static bool collect(TSNode n, void *vctx) {
    dcaf_ctx *c = vctx;
    const char *k = ts_node_type(n);
    if (!strcmp(k, "call")) dc_vec_push(&c->calls, n);
    else if (!strcmp(k, "function_definition")) dc_vec_push(&c->defs, n);
    else if (!strcmp(k, "assignment") || !strcmp(k, "augmented_assignment") || !strcmp(k, "named_expression"))
        dc_vec_push(&c->assigns, n);
    else if (!strcmp(k, "class_definition")) dc_vec_push(&c->classes, n);
    else if (!strcmp(k, "lambda") || !strcmp(k, "generator_expression") || !strcmp(k, "list_comprehension") ||
             !strcmp(k, "set_comprehension") || !strcmp(k, "dictionary_comprehension"))
        dc_vec_push(&c->walls, n);
    return true;
}

typedef struct imp_walk {
    dcaf_ctx *c;
    bool any;
} imp_walk;

static bool on_import(TSNode n, void *vctx) {
    imp_walk *w = vctx;
    if (dc_node_is(n, "import_statement")) read_import(w->c, n, &w->any);
    else read_import_from(w->c, n, &w->any);
    return true;
}

/* The imports of the statements under `n` that run when the module does (module level, and in
 * its if / try / with blocks), not those in a def or class. */
static void module_imports(dcaf_ctx *c, TSNode n, int depth, bool *any) {
    uint32_t k = dcaf_nkids(n);
    for (uint32_t i = 0; i < k && depth < 16; i++) {
        TSNode st = dcaf_kid(n, i);
        if (dc_node_is(st, "import_statement")) read_import(c, st, any);
        else if (dc_node_is(st, "import_from_statement")) read_import_from(c, st, any);
        else if (dc_node_is(st, "if_statement") || dc_node_is(st, "try_statement") || dc_node_is(st, "with_statement") ||
                 dc_node_is(st, "block") || dc_node_is(st, "else_clause") || dc_node_is(st, "elif_clause") ||
                 dc_node_is(st, "except_clause") || dc_node_is(st, "finally_clause"))
            module_imports(c, st, depth + 1, any);
    }
}

bool dcaf_read_imports(dcaf_ctx *c, bool module_level) {
    static const char *const kinds[] = {"import_statement", "import_from_statement", NULL};
    imp_walk iw = {c, false};
    if (module_level) module_imports(c, c->root, 0, &iw.any);
    else dc_tree_walk_kinds(c->root, kinds, on_import, &iw);
    return iw.any;
}

bool dcaf_facts_build(dcaf_ctx *c) {
    if (!dcaf_read_imports(c, false)) return false;
    dcaf_drop_rebound(c);
    dc_tree_walk(c->root, collect, c);
    for (uint32_t i = 0; i < c->calls.len; i++) roles_from_call(c, c->calls.v[i]);
    for (uint32_t i = 0; i < c->defs.len; i++) roles_from_def(c, c->defs.v[i]);
    for (uint32_t i = 0; i < c->defs.len; i++) bind_params(c, c->defs.v[i]);
    for (uint32_t i = 0; i < c->fns.len; i++)
        if (dc_node_is(c->fns.v[i].def, "lambda")) bind_lambda(c, &c->fns.v[i]);
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t i = 0; i < c->assigns.len; i++) bind_assignment(c, c->assigns.v[i]);
    return true;
}

void dcaf_facts_free(dcaf_ctx *c) {
    dc_vec_free(&c->aliases);
    dc_vec_free(&c->vals);
    dc_vec_free(&c->fns);
    dc_vec_free(&c->calls);
    dc_vec_free(&c->defs);
    dc_vec_free(&c->assigns);
    dc_vec_free(&c->classes);
    dc_vec_free(&c->walls);
}
