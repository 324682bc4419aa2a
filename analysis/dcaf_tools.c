/* dcaf_tools.c: the DCAF pack's rules about tools: dcaf-tool-session-param (a tool that expects
 * the framework to inject the Session) and dcaf-v1-tool-decorator (the v1 `dcaf.tools.tool`
 * used without its required schema). */
#include <string.h>

#include "analysis/dcaf_p.h"

/* ---- dcaf-tool-session-param ---- */

/* A JSON scalar the model can supply: str, int, float, bool, Literal[...], optionally Optional. */
static bool scalar_annotation(dcaf_ctx *c, TSNode type) {
    dc_sv t = dcaf_text(c, type);
    char buf[128];
    uint32_t k = 0;
    for (uint32_t i = 0; i < t.len && k + 1 < sizeof buf; i++)
        if (t.p[i] != ' ' && t.p[i] != '"' && t.p[i] != '\'') buf[k++] = t.p[i];
    buf[k] = 0;
    char *s = buf;
    size_t l = strlen(s);
    if (strncmp(s, "Optional[", 9) == 0 && s[l - 1] == ']') {
        s += 9;
        s[strlen(s) - 1] = 0;
    } else if (l > 5 && strcmp(s + l - 5, "|None") == 0) {
        s[l - 5] = 0;
    }
    static const char *const ok[] = {"str", "int", "float", "bool", NULL};
    for (int i = 0; ok[i]; i++)
        if (strcmp(s, ok[i]) == 0) return true;
    return strncmp(s, "Literal[", 8) == 0 || strncmp(s, "typing.Literal[", 15) == 0;
}

static void check_tool_param(dcaf_ctx *c, const dc_rule *r, TSNode def, TSNode p) {
    dc_sv name = dcaf_param_name(c, p);
    TSNode ty = dcaf_param_type(p);
    bool annotated = !ts_node_is_null(ty);
    if (!dcaf_is_session_annotation(c, ty) &&
        !(dc_sv_eq_cstr(name, "session") && (!annotated || !scalar_annotation(c, ty))))
        return;
    TSNode dflt = dcaf_param_default(p);
    const char *what = "is a required argument the model is asked to invent (or the call fails validation)";
    if (dc_node_is(dflt, "none")) what = "always receives None";
    else if (!ts_node_is_null(dflt)) what = "always receives its default, one object shared by every call";
    const char *kv[] = {"param", dc_arena_strndup(c->arena, name.p, name.len), "tool", dcaf_cstr(c, dc_field(def, "name")),
                        "what", what, NULL};
    dc_finding *f = dcaf_report(c, r, p, kv);
    dcaf_plan_new(c, f, DC_APP_MANUAL,
                  "remove the parameter; keep per-conversation state in a custom agent function given to "
                  "serve() (its third argument is the Session) or in interceptors (request.session / "
                  "response.session)");
}

void dcaf_rule_tool_session_param(dcaf_ctx *c, const dc_rule *r) {
    for (uint32_t i = 0; i < c->fns.len; i++) {
        TSNode def = c->fns.v[i].def;
        if (!(c->fns.v[i].role & F_TOOL) || !dc_node_is(def, "function_definition")) continue;
        TSNode ps[32];
        uint32_t n = dcaf_params(def, ps, 32);
        for (uint32_t k = 0; k < n; k++) check_tool_param(c, r, def, ps[k]);
    }
}

/* ---- dcaf-v1-tool-decorator ---- */

/* Positional arguments / a schema= / a splat: a v1 call the core decorator cannot take. */
static bool needs_v1(dcaf_ctx *c, TSNode call, bool *has_schema) {
    TSNode args = dc_field(call, "arguments");
    *has_schema = false;
    for (uint32_t i = 0; i < dcaf_nkids(args); i++) {
        TSNode a = dcaf_kid(args, i);
        if (dc_node_is(a, "comment")) continue;
        if (!dc_node_is(a, "keyword_argument")) return true;
        if (dc_sv_eq_cstr(dcaf_text(c, dc_field(a, "name")), "schema")) *has_schema = true;
    }
    return false;
}

/* Every use of the local name `x` is `@x`, `@x(...)` or `x(...)` with keyword arguments only. */
static bool uses_core_compatible(dcaf_ctx *c, dc_sv x, TSNode import) {
    bool ok = true;
    for (uint32_t i = 0; i < c->calls.len && ok; i++) {
        TSNode fn = dc_field(c->calls.v[i], "function");
        bool schema;
        if (dc_node_is(fn, "identifier") && dc_sv_eq(dcaf_text(c, fn), x) && needs_v1(c, c->calls.v[i], &schema))
            ok = false;
    }
    (void)import;
    return ok;
}

/* The top-level `from <module> import ...` statement, or null. */
static TSNode top_import_from(dcaf_ctx *c, const char *module) {
    for (uint32_t i = 0; i < dcaf_nkids(c->root); i++) {
        TSNode st = dcaf_kid(c->root, i);
        if (dc_node_is(st, "import_from_statement") && dc_sv_eq_cstr(dcaf_text(c, dc_field(st, "module_name")), module) &&
            ts_node_is_null(dcaf_child_of_kind(st, "wildcard_import")))
            return st;
    }
    return (TSNode){0};
}

/* The item of `st` that binds the local name `x` (dotted_name or aliased_import), or null. */
static TSNode import_item(dcaf_ctx *c, TSNode st, dc_sv x) {
    TSNode mod = dc_field(st, "module_name");
    for (uint32_t i = 0; i < dcaf_nkids(st); i++) {
        TSNode it = dcaf_kid(st, i);
        if (dcaf_same(it, mod)) continue;
        TSNode local = dc_node_is(it, "aliased_import") ? dc_field(it, "alias") : it;
        if (dc_node_is(it, "dotted_name") || dc_node_is(it, "aliased_import"))
            if (dc_sv_eq(dcaf_text(c, local), x)) return it;
    }
    return (TSNode){0};
}

static uint32_t import_items(TSNode st) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < dcaf_nkids(st); i++) {
        TSNode it = dcaf_kid(st, i);
        if (dc_node_is(it, "dotted_name") || dc_node_is(it, "aliased_import")) n++;
    }
    return n - 1; /* the module name is a dotted_name too */
}

/* Removes `st` with its whole line; false when it shares its line with other code. */
static bool remove_statement_line(dcaf_ctx *c, dc_dcaf_plan *p, TSNode st) {
    const char *s = c->src->data;
    uint32_t len = (uint32_t)c->src->len, a = ts_node_start_byte(st), b = dcaf_end(st);
    while (a > 0 && (s[a - 1] == ' ' || s[a - 1] == '\t')) a--;
    if (a > 0 && s[a - 1] != '\n') return false;
    while (b < len && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) b++;
    if (b < len && s[b] != '\n') return false;
    dcaf_plan_edit(c, p, a, b < len ? b + 1 : b, "");
    return true;
}

/* Removes `item` from its import list with one separating comma. */
static void remove_item(dcaf_ctx *c, dc_dcaf_plan *p, TSNode item) {
    TSNode prev = dcaf_prev_named(item), next = dcaf_next_named(item);
    bool prev_is_item = !ts_node_is_null(prev) && !dcaf_same(prev, dc_field(dcaf_parent(item), "module_name"));
    if (prev_is_item) dcaf_plan_edit(c, p, dcaf_end(prev), dcaf_end(item), "");
    else if (!ts_node_is_null(next)) dcaf_plan_edit(c, p, ts_node_start_byte(item), ts_node_start_byte(next), "");
    else dcaf_plan_edit(c, p, ts_node_start_byte(item), dcaf_end(item), ""); /* (broken code: the re-parse judges) */
}

/* The import edits for a v1 `tool` imported by `from dcaf.tools import tool [as x]`. */
static const char *plan_import_swap(dcaf_ctx *c, dc_dcaf_plan *p, dc_sv x) {
    TSNode st = top_import_from(c, "dcaf.tools");
    TSNode item = ts_node_is_null(st) ? st : import_item(c, st, x);
    if (ts_node_is_null(item)) return "import `tool` from dcaf.core instead of dcaf.tools";
    if (!uses_core_compatible(c, x, st))
        return "another use passes a v1 schema positionally, which dcaf.core's tool does not take: give each "
               "tool its schema= or move them to dcaf.core one by one";
    dc_sv it = dcaf_text(c, item);
    TSNode core = top_import_from(c, "dcaf.core");
    bool sole = import_items(st) == 1;
    if (!ts_node_is_null(core)) {
        uint32_t end = 0;
        for (uint32_t i = 0; i < dcaf_nkids(core); i++) {
            TSNode ch = dcaf_kid(core, i);
            if (dc_node_is(ch, "dotted_name") || dc_node_is(ch, "aliased_import")) end = dcaf_end(ch);
        }
        if (!sole) {
            dcaf_plan_edit(c, p, end, end, dc_arena_printf(c->arena, ", %.*s", (int)it.len, it.p));
            remove_item(c, p, item);
            return NULL;
        }
        if (remove_statement_line(c, p, st)) {
            dcaf_plan_edit(c, p, end, end, dc_arena_printf(c->arena, ", %.*s", (int)it.len, it.p));
            return NULL;
        }
    }
    if (sole) { /* no dcaf.core import, or the line holds more (a comment): rewrite the module in place */
        TSNode mod = dc_field(st, "module_name");
        dcaf_plan_edit(c, p, ts_node_start_byte(mod), dcaf_end(mod), "dcaf.core");
    } else {
        remove_item(c, p, item);
        uint32_t at = dcaf_end(st);
        dcaf_plan_edit(c, p, at, at, dc_arena_printf(c->arena, "\nfrom dcaf.core import %.*s", (int)it.len, it.p));
    }
    return NULL;
}

static void check_decorator(dcaf_ctx *c, const dc_rule *r, TSNode deco) {
    TSNode e = dcaf_kid(deco, 0), callee = dc_node_is(e, "call") ? dc_field(e, "function") : e;
    if (!dcaf_is_sym(c, callee, SYM_TOOL_V1)) return;
    bool schema = false;
    if (dc_node_is(e, "call") && (needs_v1(c, e, &schema) || schema)) return;
    const char *kv[] = {"deco", dcaf_cstr(c, callee), NULL};
    dc_finding *f = dcaf_report(c, r, e, kv);
    dc_dcaf_plan *p = dcaf_plan_new(c, f, DC_APP_SAFE, NULL);
    p->title = "use dcaf.core's tool";
    const char *why = NULL;
    if (dc_node_is(callee, "identifier")) {
        why = plan_import_swap(c, p, dcaf_text(c, callee));
    } else {
        dcaf_plan_edit(c, p, ts_node_start_byte(callee), dcaf_end(callee), "dcaf.core.tool");
        p->import_module = "dcaf.core";
    }
    if (why) {
        p->app = DC_APP_MANUAL;
        p->why = why;
        p->nedits = 0;
    }
}

void dcaf_rule_v1_tool_decorator(dcaf_ctx *c, const dc_rule *r) {
    for (uint32_t i = 0; i < c->defs.len; i++) {
        TSNode p = dcaf_parent(c->defs.v[i]);
        if (!dc_node_is(p, "decorated_definition")) continue;
        for (uint32_t k = 0; k < dcaf_nkids(p); k++)
            if (dc_node_is(dcaf_kid(p, k), "decorator")) check_decorator(c, r, dcaf_kid(p, k));
    }
}
