/* session_legacy.c: the legacy (v1/v2) SDK -> the current client and sessions. It reads legacy
 * calls as session uses for fix_session.c's planner (dc_session_read_legacy) and is the fixer of
 * the rules legacy-toolset, legacy-get-tools, legacy-handle-tool-calls, legacy-connection,
 * legacy-terms and legacy-execute-action.
 *
 * Every part answers the same questions about the same objects (which toolset a call is on, who
 * its user is, which toolkit an App names), and the fixes must agree on the answers byte for
 * byte: they all ask the file's one legacy model (legacy_model_p.h).
 *
 * Session calls (get_tools, initiate_connection) go through the planner, so one session per user
 * per scope also serves current tools.get / connect-link calls. Everything else is edited here.
 * get_tools is read as a DC_USE_TOOLS_GET use, not DC_USE_LEGACY: the planner restricts a session to
 * its toolkits only for that kind, and `get_tools(apps=[App.GITHUB])` means exactly what
 * `tools.get(toolkits=["GITHUB"])` means. Connections are DC_USE_LEGACY.
 *
 * A call whose rule is not selected (--select) is not rewritten in that run, so a toolset used
 * by it is manual: the finding says which rule to select.
 *
 * All or nothing (the scheme every legacy fix follows):
 *   1. A *member* is what must be migrated as one: a toolset variable with its constructions,
 *      its calls (session calls, handle_tool_calls), its entities (whose get_entity statement
 *      goes when every use of the entity is rewritten) and the request results of its
 *      connections; or, on a current client, one receiver (the client or an entity) with its
 *      legacy calls; or one legacy-terms rename. A member is
 *        safe    when every use of the toolset in the file is rewritten here,
 *        unsafe  when the only uses left are ones dcmigrate reports for a person (execute_action,
 *                trigger listeners), or a rewrite is itself a guess (a toolkit inferred from a
 *                tool slug, a user id evaluated elsewhere),
 *        manual  when the toolset is used in a way not followed here (passed, returned,
 *                exported, an unknown method), naming the first such use.
 *   2. Imports cannot belong to one member: `from composio_openai import ComposioToolSet,
 *      Action, App` serves every toolset and every enum rename of the file, and may only lose a
 *      name when every use of it is gone. So members are applied in *tiers*: the safe tier is
 *      the union of the safe members' edits, the unsafe tier the union of the safe and unsafe
 *      members' edits, each with the import edits (client and provider imports added, legacy
 *      class and Action/App imports removed when unused) computed for exactly that union.
 *   3. Every finding of a member carries its tier's whole edit set (the applier applies
 *      identical edits once), with the member's own applicability and reason. Under --fix only
 *      the safe tier's fixes apply, all together; under --unsafe-fixes a finding of the unsafe
 *      tier carries every safe edit too, so whichever tier's fix the applier takes first, the
 *      file is consistent after the pass, and a fix that loses a conflict is recomputed in the
 *      next pass. Manual members get a fix without edits.
 * The members and tiers cover every legacy finding of the file and depend on nothing the fixers
 * change, so the first legacy fixer of a file builds them (the legacy plan, ctx->legacy) and the
 * others read them. */
#include <ctype.h>
#include <stdlib.h>

#include "common/text.h"
#include "fixes/legacy_model_p.h"
#include "rewriter/imports.h"
#include "rewriter/render.h"
#include "rewriter/session_p.h"
#include "syntax/errors.h"

/* ---- small helpers ------------------------------------------------------------------------ */

/* An expression's parent, looking through parentheses and `await`. */
static TSNode value_parent(TSNode n) {
    TSNode p = ts_node_parent(n);
    while (dc_node_is(p, "parenthesized_expression") || dc_node_is(p, "await_expression") || dc_node_is(p, "await"))
        p = ts_node_parent(p);
    return p;
}

/* An edit of NUL-terminated text, unless the fix has it already (shared edits meet). */
static void add_edit(dc_fix_ctx *ctx, dc_fix *fx, uint32_t s, uint32_t e, const char *text) {
    dc_fix_add_edit_once(ctx->arena, fx, s, e, text, strlen(text));
}

/* ---- frameworks and their providers ------------------------------------------------------- */

typedef struct provider_row {
    const char *fw;     /* framework key */
    const char *py_pkg; /* <sdk>_<py_pkg>, or NULL when there is no Python provider */
    const char *ts_pkg; /* <scope>/<ts_pkg>, or NULL */
    const char *cls;
} provider_row;

/* The current provider packages (sdk-reference.md section 1). */
static const provider_row providers[] = {
    {"openai", "openai", "openai", "OpenAIProvider"},
    {"openai_agents", "openai_agents", "openai-agents", "OpenAIAgentsProvider"},
    {"anthropic", "anthropic", "anthropic", "AnthropicProvider"},
    {"langchain", "langchain", "langchain", "LangchainProvider"},
    {"llamaindex", "llamaindex", "llamaindex", "LlamaIndexProvider"},
    {"crewai", "crewai", NULL, "CrewAIProvider"},
    {"gemini", "gemini", NULL, "GeminiProvider"},
    {"google", "google", NULL, "GoogleProvider"},
    {"vercel", NULL, "vercel", "VercelProvider"},
    {"mastra", NULL, "mastra", "MastraProvider"},
};

/* Legacy spellings of a framework: package suffixes and class-name prefixes, lower-cased. */
static const char *const fw_aliases[][2] = {
    {"claude", "anthropic"},
    {"vercelai", "vercel"},
    {"openaiagents", "openai_agents"},
    {"llama_index", "llamaindex"},
};

static const provider_row *provider_named(const char *fw) {
    for (size_t i = 0; i < sizeof fw_aliases / sizeof fw_aliases[0]; i++)
        if (strcmp(fw, fw_aliases[i][0]) == 0) fw = fw_aliases[i][1];
    for (size_t i = 0; i < sizeof providers / sizeof providers[0]; i++)
        if (strcmp(providers[i].fw, fw) == 0) return &providers[i];
    return NULL;
}

/* ---- the model ---------------------------------------------------------------------------- */
/* ---- the user of a call ----------------------------------------------------------------- */
/* ---- enums, slugs and toolkits ------------------------------------------------------------ */
/* ---- session uses (dc_session_read_legacy) ------------------------------------------------ */

/* ---- members: what is migrated as one ----------------------------------------------------- */

typedef enum member_kind { M_TOOLSET, M_RECEIVER, M_TERM } member_kind;

typedef struct member {
    member_kind kind;
    dc_sv key;        /* toolset / receiver name; empty for a term */
    dc_finding *term; /* M_TERM: its finding */
    dc_applicability app;
    const char *why;
    dc_fix edits;                 /* everything but imports */
    const provider_row **provs; /* providers its constructions need (arena) */
    uint32_t nprovs, cap_provs;
    bool enums;         /* it may leave Action / App imports unused */
    uint32_t nfindings; /* findings that carry its fix */
} member;

/* The file's legacy plan, kept in the fix context (ctx->legacy) for the five legacy fixers. */
typedef struct dc_legacy_plan {
    dc_legacy_model *m; /* the context's */
    DC_VEC(member) members;
    dc_fix tiers[2]; /* [0]: the safe members; [1]: the safe and unsafe ones */
} lplan;

static void lower(member *mb, dc_applicability app, const char *why) {
    if (app >= mb->app) return;
    mb->app = app;
    mb->why = why;
}

static dc_finding *finding_at(dc_legacy_model *m, TSNode call, const char *fixer) {
    dc_finding_list *fl = &m->ctx->an->findings;
    for (uint32_t i = 0; i < fl->len; i++) {
        TSNode n;
        if (dc_finding_fixer_is(&fl->v[i], fixer) && dc_finding_capture(&fl->v[i], "match", &n) && dc_node_same(n, call))
            return &fl->v[i];
    }
    return NULL;
}

/* ---- references of a toolset or entity name ---------------------------------------------- */

typedef enum ref_kind { REF_BIND, REF_CALL, REF_ENTITY, REF_LEFT, REF_UNKNOWN } ref_kind;

typedef struct ref {
    ref_kind kind;
    TSNode node, call;
    dc_finding *f;    /* REF_CALL: the call's legacy finding */
    const char *what; /* REF_LEFT / REF_UNKNOWN: the use, for a reason */
} ref;

typedef DC_VEC(ref) ref_vec;

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

static const char *use_text(dc_legacy_model *m, TSNode n) {
    TSNode st = dc_statement_of(n);
    return dc_arena_printf(m->ctx->arena, "`%s` (line %u)", dc_legacy_excerpt(m->ctx, ts_node_is_null(st) ? n : st),
                           dc_legacy_line(n));
}

static ref ref_call(dc_legacy_model *m, TSNode r, TSNode call, const char *fixer) {
    ref out = {REF_CALL, r, call, finding_at(m, call, fixer), NULL};
    if (!out.f) {
        out.kind = REF_UNKNOWN;
        out.what = dc_ruleset_find(m->ctx->rules, fixer)
                       ? dc_arena_printf(m->ctx->arena, "%s is not a call dcmigrate could read", use_text(m, call))
                       : dc_arena_printf(m->ctx->arena, "%s is not rewritten in this run (%s is not selected)",
                                         use_text(m, call), fixer);
    }
    return out;
}

static ref ref_left(dc_legacy_model *m, TSNode r, TSNode call, const char *by) {
    ref out = {REF_LEFT, r, call, NULL, NULL};
    out.what = dc_arena_printf(m->ctx->arena, "%s stays for you to migrate (%s)", use_text(m, call), by);
    return out;
}

/* A method call on the name: what becomes of it. */
static ref classify_call(dc_legacy_model *m, TSNode r, TSNode call, dc_sv meth, bool entity) {
    if (SV_IN(meth, connect_methods)) return ref_call(m, r, call, "legacy-connection");
    if (SV_IN(meth, execute_methods)) return ref_left(m, r, call, "legacy-execute-action");
    if (SV_IN(meth, trigger_methods)) return ref_left(m, r, call, "a trigger call, which is never rewritten");
    if (!entity) {
        if (SV_IN(meth, session_methods)) return ref_call(m, r, call, "legacy-get-tools");
        if (SV_IN(meth, handle_methods)) return ref_call(m, r, call, "legacy-handle-tool-calls");
        if (SV_IN(meth, entity_methods)) return (ref){REF_ENTITY, r, call, NULL, NULL};
    }
    ref out = {REF_UNKNOWN, r, call, NULL, NULL};
    out.what = dc_arena_printf(m->ctx->arena, "%s calls `%.*s`, which has no rewrite", use_text(m, call), (int)meth.len,
                               meth.p);
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

static ref classify(dc_legacy_model *m, TSNode r, bool entity) {
    TSNode p = ts_node_parent(r);
    TSNode value = {0};
    bool bound = false;
    if ((dc_node_is(p, "assignment") || dc_node_is(p, "assignment_expression")) && dc_node_same(dc_field(p, "left"), r)) {
        value = dc_field(p, "right");
        bound = true;
    } else if (dc_node_is(p, "variable_declarator") && dc_node_same(dc_field(p, "name"), r)) {
        value = dc_field(p, "value");
        bound = true;
    }
    if (bound) {
        /* `export const toolset = ...`: other modules use it */
        for (TSNode a = ts_node_parent(p); !ts_node_is_null(a) && !dc_node_is_function(a); a = ts_node_parent(a)) {
            if (!dc_node_is(a, "export_statement")) continue;
            ref out = {REF_UNKNOWN, r, p, NULL, NULL};
            out.what = dc_arena_printf(m->ctx->arena, "%s exports it to other modules", use_text(m, p));
            return out;
        }
        if (binds_legacy(m, value, entity)) return (ref){REF_BIND, r, value, NULL, NULL};
        ref out = {REF_UNKNOWN, r, p, NULL, NULL};
        out.what = dc_arena_printf(m->ctx->arena, "%s assigns it another value", use_text(m, p));
        return out;
    }
    if (dc_node_is_member(p) && dc_node_same(dc_field(p, "object"), r)) {
        dc_sv meth = dc_fix_sv(m->ctx, dc_member_prop(p));
        TSNode gp = ts_node_parent(p);
        if (dc_node_is_call(gp) && dc_node_same(dc_field(gp, "function"), p)) return classify_call(m, r, gp, meth, entity);
        /* toolset.connectedAccounts.initiate({...}), toolset.triggers.subscribe(...) */
        if (dc_node_is_member(gp) && dc_node_same(dc_field(gp, "object"), p) && dc_node_is_call(ts_node_parent(gp)) &&
            dc_node_same(dc_field(ts_node_parent(gp), "function"), gp)) {
            TSNode call = ts_node_parent(gp);
            dc_sv sub = dc_fix_sv(m->ctx, dc_member_prop(gp));
            if (dc_sv_eq_cstr(meth, "triggers"))
                return ref_left(m, r, call, "a trigger call, which is never rewritten");
            if (dc_sv_eq_cstr(meth, "connectedAccounts") && dc_sv_eq_cstr(sub, "initiate"))
                return ref_call(m, r, call, "legacy-connection");
        }
    }
    ref out = {REF_UNKNOWN, r, p, NULL, NULL};
    out.what = dc_arena_printf(m->ctx->arena, "%s uses it in a way dcmigrate does not follow", use_text(m, r));
    return out;
}

typedef struct ref_scan {
    dc_legacy_model *m;
    dc_sv key;
    bool entity;
    ref_vec *out;
} ref_scan;

/* Name nodes that are not references: a property after a dot, a keyword argument's name, an
 * imported name, a definition's name. */
static bool not_a_reference(TSNode n) {
    TSNode p = ts_node_parent(n);
    if (dc_node_is_member(p) && dc_node_same(dc_member_prop(p), n)) return true;
    if (dc_node_is(p, "keyword_argument") && dc_node_same(dc_field(p, "name"), n)) return true;
    for (TSNode a = p; !ts_node_is_null(a); a = ts_node_parent(a))
        if (dc_node_is(a, "import_from_statement") || dc_node_is(a, "import_statement")) return true;
    return false;
}

static bool ref_visit(TSNode n, void *vs) {
    ref_scan *s = vs;
    bool dotted = memchr(s->key.p, '.', s->key.len) != NULL;
    bool candidate =
        dotted ? dc_node_is_member(n) : dc_node_is(n, "identifier") || dc_node_is(n, "shorthand_property_identifier");
    if (!candidate) return true;
    if (!dotted && (!dc_sv_eq(dc_fix_sv(s->m->ctx, n), s->key) || not_a_reference(n))) return true;
    if (dotted && !dc_sv_eq(dc_fix_norm(s->m->ctx, n), s->key)) return true;
    if (dc_range_touches_error(s->m->ctx->an->tree, ts_node_start_byte(n), ts_node_end_byte(n))) return true;
    dc_vec_push(s->out, classify(s->m, n, s->entity));
    return true;
}

static void refs_of(dc_legacy_model *m, dc_sv key, bool entity, ref_vec *out) {
    static const char *const names[] = {"attribute", "member_expression", "identifier",
                                        "shorthand_property_identifier", NULL};
    ref_scan s = {m, key, entity, out};
    if (key.len) dc_fix_walk_kinds(m->ctx, ts_tree_root_node(m->ctx->an->tree), names, ref_visit, &s);
}

/* ---- constructions: toolset -> client with provider -------------------------------------- */

static const provider_row *ctor_provider(dc_legacy_model *m, const dc_legacy_ctor *c, member *mb) {
    if (!c->fw) return NULL;
    const char *fw = c->fw;
    /* the OpenAI Agents SDK needs the agents provider (sdk-reference.md, "Provider rule") */
    if (!strcmp(fw, "openai") && m->b->uses_openai_agents) fw = "openai_agents";
    const provider_row *p = provider_named(fw);
    if (!p || !(m->ts ? p->ts_pkg : p->py_pkg)) {
        lower(mb, DC_APP_MANUAL,
              dc_arena_printf(m->ctx->arena,
                              "no current %s provider is known for the `%s` toolset: construct the client "
                              "with its provider by hand",
                              m->ts ? "TypeScript" : "Python", fw));
        return NULL;
    }
    return p;
}

static void need_provider(dc_fix_ctx *ctx, member *mb, const provider_row *p) {
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

static TSNode first_item(TSNode list) {
    uint32_t k = ts_node_named_child_count(list);
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_named_child(list, i);
        if (!dc_node_is_comment(c)) return c;
    }
    return (TSNode){0};
}

/* Removes `drop` from the argument list / options object and puts `first` (the provider, may
 * be NULL) in front, in the list's own layout. `empty` replaces the whole list when nothing is
 * left. */
static void rewrite_list(dc_legacy_model *m, dc_fix *fx, TSNode list, const TSNode *drop, uint32_t ndrop, const char *first,
                         const char *empty) {
    dc_fix_ctx *ctx = m->ctx;
    const dc_source *src = ctx->an->src;
    if (ndrop == dc_list_count(list)) {
        add_edit(ctx, fx, ts_node_start_byte(list), ts_node_end_byte(list), empty);
        return;
    }
    for (uint32_t i = 0; i < ndrop; i++) dc_list_remove_item(ctx->arena, src, fx, list, drop[i]);
    if (!first) return;
    TSNode item = first_item(list);
    if (item_on_own_line(src, item)) {
        uint32_t ls = dc_line_start(src, ts_node_start_byte(item));
        dc_sv ind = dc_line_indent(src, ts_node_start_byte(item));
        add_edit(ctx, fx, ls, ls,
                 dc_arena_printf(ctx->arena, "%.*s%s,%s", (int)ind.len, ind.p, first, dc_fix_style(ctx)->newline));
    } else {
        add_edit(ctx, fx, ts_node_start_byte(item), ts_node_start_byte(item),
                 dc_arena_printf(ctx->arena, "%s, ", first));
    }
}

static void ctor_edits_py(dc_legacy_model *m, member *mb, const dc_legacy_ctor *c, const provider_row *p) {
    dc_fix_ctx *ctx = m->ctx;
    TSNode args = dc_field(c->call, "arguments");
    dc_args a;
    dc_args_read(ctx, c->call, &a);
    if (a.splat || a.npos) {
        lower(mb, DC_APP_MANUAL,
              dc_arena_printf(ctx->arena, "%s passes positional or unpacked arguments: migrate it by hand",
                              use_text(m, c->call)));
        return;
    }
    TSNode *drop = dc_arena_alloc(ctx->arena, ((size_t)a.nkw + 1) * sizeof *drop);
    uint32_t ndrop = 0;
    for (uint32_t i = 0; i < a.nkw; i++) {
        dc_sv k = dc_fix_sv(ctx, a.kw_name[i]);
        if (dc_sv_eq_cstr(k, "api_key") || dc_sv_eq_cstr(k, "base_url")) continue;
        if (dc_sv_eq_cstr(k, "entity_id")) {
            drop[ndrop++] = ts_node_parent(a.kw_name[i]);
        } else if (dc_sv_eq_cstr(k, "processors")) {
            lower(mb, DC_APP_MANUAL,
                  "the toolset's processors are modifiers now: rewrite pre/post processors as "
                  "@before_execute / @after_execute modifiers for session.tools(modifiers=[...]) by hand");
        } else {
            lower(mb, DC_APP_MANUAL,
                  dc_arena_printf(ctx->arena,
                                  "%.*s= of the toolset has no equivalent on the %s client: "
                                  "migrate the construction by hand",
                                  (int)k.len, k.p, dc_profile_names_get(ctx->an->profile)->cls));
        }
    }
    const char *prov = p ? dc_arena_printf(ctx->arena, "provider=%s()", p->cls) : NULL;
    rewrite_list(m, &mb->edits, args, drop, ndrop, prov, prov ? dc_arena_printf(ctx->arena, "(%s)", prov) : "()");
}

static void ctor_edits_ts(dc_legacy_model *m, member *mb, const dc_legacy_ctor *c, const provider_row *p) {
    dc_fix_ctx *ctx = m->ctx;
    TSNode args = dc_field(c->call, "arguments");
    const char *prov = p ? dc_arena_printf(ctx->arena, "provider: new %s()", p->cls) : NULL;
    const char *whole = prov ? dc_arena_printf(ctx->arena, "({ %s })", prov) : "()";
    dc_args a;
    dc_args_read(ctx, c->call, &a);
    if (ts_node_is_null(args)) { /* `new OpenAIToolSet` without parentheses */
        add_edit(ctx, &mb->edits, ts_node_end_byte(c->callee), ts_node_end_byte(c->callee), whole);
        return;
    }
    if (a.splat || a.npos > 1 || (a.npos == 1 && !dc_node_is(a.pos[0], "object"))) {
        lower(mb, DC_APP_MANUAL,
              dc_arena_printf(ctx->arena, "%s does not pass one options object: migrate it by hand",
                              use_text(m, c->call)));
        return;
    }
    if (!a.npos) {
        add_edit(ctx, &mb->edits, ts_node_start_byte(args), ts_node_end_byte(args), whole);
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
        lower(mb, DC_APP_MANUAL,
              key.len ? dc_arena_printf(ctx->arena,
                                        "`%.*s` of the toolset has no equivalent on the %s client: migrate the "
                                        "construction by hand",
                                        (int)key.len, key.p, dc_profile_names_get(ctx->an->profile)->cls)
                      : "the toolset's options have spreads or methods: migrate the construction by hand");
    }
    if (ndrop == dc_list_count(obj)) {
        add_edit(ctx, &mb->edits, ts_node_start_byte(args), ts_node_end_byte(args), whole);
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
    if (!dc_sv_eq(dc_fix_sv(s->m->ctx, n), s->cls) || not_a_reference(n)) return true;
    for (uint32_t i = 0; i < s->m->ctors.len; i++)
        if (dc_node_same(s->m->ctors.v[i].callee, n)) return true;
    s->found = n;
    return false;
}

static void ctor_edits(dc_legacy_model *m, member *mb, const dc_legacy_ctor *c) {
    dc_fix_ctx *ctx = m->ctx;
    const provider_row *p = ctor_provider(m, c, mb);
    need_provider(ctx, mb, p);
    add_edit(ctx, &mb->edits, ts_node_start_byte(c->callee), ts_node_end_byte(c->callee),
             dc_profile_names_get(ctx->an->profile)->cls);
    if (m->ts)
        ctor_edits_ts(m, mb, c, p);
    else
        ctor_edits_py(m, mb, c, p);
    class_scan cs = {.m = m, .cls = dc_fix_sv(ctx, c->callee)};
    static const char *const idents[] = {"identifier", "type_identifier", NULL};
    dc_fix_walk_kinds(ctx, ts_tree_root_node(ctx->an->tree), idents, class_visit, &cs);
    if (!ts_node_is_null(cs.found))
        lower(mb, DC_APP_MANUAL,
              dc_arena_printf(ctx->arena,
                              "the class `%.*s` is also used at line %u (not a construction): "
                              "migrate that use first",
                              (int)cs.cls.len, cs.cls.p, dc_legacy_line(cs.found)));
}

/* ---- calls ------------------------------------------------------------------------------- */

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
static void handle_edit(dc_legacy_model *m, member *mb, dc_finding *f) {
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
        lower(mb, DC_APP_MANUAL,
              dc_arena_printf(ctx->arena, "%s does not pass just a response and an entity: migrate it by hand",
                              use_text(m, call)));
        return;
    }
    dc_legacy_who w = dc_legacy_user_of(m, dc_fix_norm(ctx, recv), user, call);
    lower(mb, w.app, w.why);
    /* handleToolCall resolved to output strings; handleToolCalls to tool messages */
    if (m->ts && !dc_node_is(value_parent(call), "expression_statement"))
        lower(mb, DC_APP_UNSAFE,
              "handleToolCalls returns tool messages ({ role: \"tool\", tool_call_id, content }), not "
              "the output strings handleToolCall returned: check the code that reads the result");
    TSNode ts_recv = dc_legacy_toolset_of(m, recv, call);
    const char *r = dc_fix_text(ctx, ts_node_is_null(ts_recv) ? recv : ts_recv), *rs = dc_fix_text(ctx, resp);
    add_edit(
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
    member *mb;
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
        add_edit(ctx, &s->mb->edits, ts_node_start_byte(prop), ts_node_end_byte(prop), fm->new_);
        if (!fm->exact) lower(s->mb, DC_APP_UNSAFE, fm->why);
        /* wait_until_active(client=toolset.client, ...): the session request needs no client */
        TSNode call = ts_node_parent(n);
        if (!m->ts && dc_node_is_call(call) && dc_node_same(dc_field(call, "function"), n)) {
            dc_args a;
            dc_args_read(ctx, call, &a);
            TSNode cl = dc_args_kw(ctx->an->src, &a, "client");
            if (!ts_node_is_null(cl))
                dc_list_remove_item(ctx->arena, ctx->an->src, &s->mb->edits, dc_field(call, "arguments"),
                                    ts_node_parent(cl));
        }
    }
    return true;
}

/* `request = toolset.initiate_connection(...)`: the request's legacy fields in that scope. */
static void result_edits(dc_legacy_model *m, member *mb, TSNode call) {
    dc_sv var = dc_bound_name(m->ctx->arena, m->ctx->an->src, call);
    if (!var.len) return;
    result_scan s = {m, mb, var, ts_node_end_byte(call)};
    static const char *const members[] = {"attribute", "member_expression", NULL};
    dc_fix_walk_kinds(m->ctx, dc_scope_of(call), members, result_visit, &s);
}

static void add_call(dc_legacy_model *m, member *mb, dc_finding *f) {
    dc_fix_ctx *ctx = m->ctx;
    TSNode call;
    if (!dc_finding_capture(f, "match", &call)) return;
    if (dc_finding_fixer_is(f, "legacy-handle-tool-calls")) {
        handle_edit(m, mb, f);
        return;
    }
    const dc_fix *sf = session_fix(ctx, f);
    if (!sf || sf->app == DC_APP_MANUAL) {
        lower(mb, DC_APP_MANUAL,
              dc_arena_printf(ctx->arena, "%s cannot be rewritten: %s", use_text(m, call),
                              sf && sf->why ? sf->why : "it is not a call dcmigrate could read"));
        return;
    }
    dc_fix_copy_edits(ctx->arena, &mb->edits, sf);
    lower(mb, sf->app, sf->why);
    if (dc_finding_fixer_is(f, "legacy-connection")) result_edits(m, mb, call);
}

/* Deletes `entity = toolset.get_entity(...)` (its whole lines when it has them to itself; a
 * Python block it would leave empty gets `pass`). */
static bool delete_binding(dc_legacy_model *m, member *mb, TSNode call) {
    dc_fix_ctx *ctx = m->ctx;
    const dc_source *src = ctx->an->src;
    TSNode st = dc_statement_of(call);
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
    TSNode block = ts_node_parent(st);
    if (dc_node_is(block, "block") && dc_list_count(block) == 1) {
        add_edit(ctx, &mb->edits, s, e, "pass");
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
        add_edit(ctx, &mb->edits, ls, le < src->len ? le + 1 : le, "");
    } else {
        add_edit(ctx, &mb->edits, s, e, "");
    }
    return true;
}

/* ---- building the members ----------------------------------------------------------------- */

/* A toolset name: constructed from a legacy class here, or (in a file that imports a toolset
 * class) a name not constructed from the current client class either. */
static bool is_toolset_key(dc_legacy_model *m, dc_sv key) {
    if (dc_legacy_has_ctor(m, key)) return true;
    return m->b->legacy_classes.len && !dc_sv_listed(m->client_keys.v, m->client_keys.len, key);
}

static int member_get(lplan *pl, member_kind kind, dc_sv key, dc_finding *term, bool create) {
    for (uint32_t i = 0; i < pl->members.len; i++) {
        const member *mb = &pl->members.v[i];
        if (mb->kind == kind && dc_sv_eq(mb->key, key) && mb->term == term) return (int)i;
    }
    if (!create) return -1;
    member mb = {0};
    mb.kind = kind;
    mb.key = key;
    mb.term = term;
    mb.app = DC_APP_SAFE;
    dc_vec_push(&pl->members, mb);
    return (int)pl->members.len - 1;
}

/* The member a finding belongs to, or -1 with the reason. */
static int member_of(lplan *pl, dc_finding *f, const char **why, bool create) {
    dc_legacy_model *m = pl->m;
    TSNode match, recv;
    if (!dc_finding_capture(f, "match", &match)) return -1;
    if (dc_finding_fixer_is(f, "legacy-terms")) return member_get(pl, M_TERM, (dc_sv){0}, f, create);
    if (dc_finding_fixer_is(f, "legacy-toolset")) {
        for (uint32_t i = 0; i < m->ctors.len; i++) {
            if (!dc_node_same(m->ctors.v[i].call, match)) continue;
            if (m->ctors.v[i].key.len) return member_get(pl, M_TOOLSET, m->ctors.v[i].key, NULL, create);
        }
        *why = "the toolset is not assigned to a name (`toolset = ...`), so its uses cannot be followed: assign it, "
               "or construct the client with its provider by hand";
        return -1;
    }
    if (!dc_finding_capture(f, "recv", &recv)) return -1;
    dc_sv key = dc_fix_norm(m->ctx, recv);
    if (dc_legacy_is_entity(m, key)) {
        const dc_legacy_entity *e = dc_legacy_entity_for(m, key, match);
        if (!e) {
            *why = "the entity is bound in several places: cannot tell which toolset and user this call is for";
            return -1;
        }
        if (is_toolset_key(m, e->toolset_key)) return member_get(pl, M_TOOLSET, e->toolset_key, NULL, create);
        return member_get(pl, M_RECEIVER, key, NULL, create);
    }
    return member_get(pl, is_toolset_key(m, key) ? M_TOOLSET : M_RECEIVER, key, NULL, create);
}

typedef struct uses_left {
    const char *left;    /* the first use left for a person (reported elsewhere) */
    const char *unknown; /* the first use not followed */
} uses_left;

/* Does one of the member's edits replace or delete `n` (so the use is gone)? */
static bool covered(const member *mb, TSNode n) {
    for (uint32_t i = 0; i < mb->edits.nedits; i++) {
        const dc_edit *e = &mb->edits.edits[i];
        if (e->end > e->start && e->start <= ts_node_start_byte(n) && ts_node_end_byte(n) <= e->end) return true;
    }
    return false;
}

/* The uses that stay, once the member's edits are known. */
static uses_left uses_staying(const member *mb, const ref_vec *refs) {
    uses_left ul = {0};
    for (uint32_t i = 0; i < refs->len; i++) {
        const ref *r = &refs->v[i];
        if ((r->kind != REF_LEFT && r->kind != REF_UNKNOWN) || covered(mb, r->node)) continue;
        if (r->kind == REF_LEFT && !ul.left) ul.left = r->what;
        if (r->kind == REF_UNKNOWN && !ul.unknown) ul.unknown = r->what;
    }
    return ul;
}

/* An entity's uses: its connection calls are rewritten; when that is all it is used for, its
 * get_entity statements go too. Returns what stays. */
static uses_left entity_uses(dc_legacy_model *m, member *mb, dc_sv key) {
    ref_vec refs = {0};
    refs_of(m, key, true, &refs);
    for (uint32_t i = 0; i < refs.len; i++)
        if (refs.v[i].kind == REF_CALL) add_call(m, mb, refs.v[i].f);
    uses_left ul = uses_staying(mb, &refs);
    dc_vec_free(&refs);
    if (ul.left || ul.unknown) return ul;
    for (uint32_t i = 0; i < m->entities.len; i++) {
        const dc_legacy_entity *e = &m->entities.v[i];
        if (dc_sv_eq(e->key, key) && !delete_binding(m, mb, e->call))
            ul.unknown = dc_arena_printf(m->ctx->arena, "%s does more than bind the entity", use_text(m, e->call));
    }
    return ul;
}

static void build_toolset(lplan *pl, member *mb) {
    dc_legacy_model *m = pl->m;
    if (!dc_legacy_has_ctor(m, mb->key)) {
        lower(mb, DC_APP_MANUAL,
              dc_arena_printf(m->ctx->arena,
                              "`%.*s` is not constructed in this file (a parameter, an alias or a function's "
                              "result): migrate it where it is constructed, then run dcmigrate again",
                              (int)mb->key.len, mb->key.p));
        return;
    }
    mb->enums = true;
    for (uint32_t i = 0; i < m->ctors.len; i++)
        if (dc_sv_eq(m->ctors.v[i].key, mb->key)) ctor_edits(m, mb, &m->ctors.v[i]);
    ref_vec refs = {0};
    refs_of(m, mb->key, false, &refs);
    uses_left eul = {0};
    DC_VEC(dc_sv) done = {0}; /* entities whose uses are in already */
    for (uint32_t i = 0; i < refs.len; i++) {
        ref *r = &refs.v[i];
        if (r->kind == REF_CALL) add_call(m, mb, r->f);
        if (r->kind != REF_ENTITY) continue;
        dc_sv ekey = dc_bound_name(m->ctx->arena, m->ctx->an->src, r->call);
        if (!ekey.len || !dc_legacy_is_entity(m, ekey)) {
            r->kind = REF_UNKNOWN;
            r->what = dc_arena_printf(m->ctx->arena, "%s does not bind the entity to a name", use_text(m, r->call));
            continue;
        }
        if (dc_sv_listed(done.v, done.len, ekey)) continue;
        dc_vec_push(&done, ekey);
        uses_left eu = entity_uses(m, mb, ekey);
        if (!eul.left) eul.left = eu.left;
        if (!eul.unknown) eul.unknown = eu.unknown;
    }
    dc_vec_free(&done);
    uses_left ul = uses_staying(mb, &refs);
    if (!ul.left) ul.left = eul.left;
    if (!ul.unknown) ul.unknown = eul.unknown;
    bool used = false;
    for (uint32_t i = 0; i < refs.len; i++) used |= refs.v[i].kind != REF_BIND;
    dc_vec_free(&refs);
    /* constructed and never used here: some other module imports it from this one */
    if (!used)
        lower(mb, DC_APP_UNSAFE,
              dc_arena_printf(m->ctx->arena,
                              "`%.*s` is not used in this file: code that imports it from here must move to "
                              "the %s client and sessions too",
                              (int)mb->key.len, mb->key.p, dc_profile_names_get(m->ctx->an->profile)->cls));
    if (ul.unknown)
        lower(mb, DC_APP_MANUAL,
              dc_arena_printf(m->ctx->arena, "%s: migrate that use of the toolset first", ul.unknown));
    if (ul.left && mb->app >= DC_APP_UNSAFE) {
        mb->app = DC_APP_UNSAFE;
        mb->why = dc_arena_printf(m->ctx->arena, "%s, and would call the legacy API on the new client", ul.left);
    }
}

/* A current client's (or its entity's) legacy calls: all or nothing per receiver. */
static void build_receiver(lplan *pl, member *mb) {
    dc_legacy_model *m = pl->m;
    if (dc_legacy_is_entity(m, mb->key)) {
        entity_uses(m, mb, mb->key);
        return;
    }
    dc_finding_list *fl = &m->ctx->an->findings;
    for (uint32_t i = 0; i < fl->len; i++) {
        dc_finding *f = &fl->v[i];
        TSNode recv;
        if (!(dc_finding_fixer_is(f, "legacy-get-tools") || dc_finding_fixer_is(f, "legacy-connection") ||
              dc_finding_fixer_is(f, "legacy-handle-tool-calls")))
            continue;
        if (dc_finding_capture(f, "recv", &recv) && dc_sv_eq(dc_fix_norm(m->ctx, recv), mb->key)) add_call(m, mb, f);
    }
}

/* ---- legacy-terms ---------------------------------------------------------------------- */

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
    for (TSNode p = ts_node_parent(n); !ts_node_is_null(p); p = ts_node_parent(p)) {
        TSNode fn = dc_field(p, "function");
        if (!dc_node_is_call(p) || !dc_node_is_member(fn)) continue;
        TSNode obj = dc_field(fn, "object");
        if (SV_IN(dc_fix_sv(m->ctx, dc_member_prop(fn)), trigger_methods) ||
            (dc_node_is_member(obj) && dc_sv_eq_cstr(dc_fix_sv(m->ctx, dc_member_prop(obj)), "triggers")))
            return true;
    }
    return false;
}

static void build_term(lplan *pl, member *mb) {
    dc_legacy_model *m = pl->m;
    dc_fix_ctx *ctx = m->ctx;
    TSNode n;
    bool is_app;
    dc_sv memb;
    if (!dc_finding_capture(mb->term, "match", &n)) return;
    if (in_trigger_call(m, n)) {
        lower(mb, DC_APP_MANUAL, "it is part of a trigger call, which dcmigrate never edits: rename it by hand");
        return;
    }
    if (dc_legacy_enum_member(m, n, &is_app, &memb)) {
        const char *v = is_app ? dc_str_lower(ctx->arena, memb) : dc_arena_strndup(ctx->arena, memb.p, memb.len);
        add_edit(ctx, &mb->edits, ts_node_start_byte(n), ts_node_end_byte(n), dc_legacy_quoted(m, v, 0));
        mb->enums = true;
        TSNode p = ts_node_parent(n);
        if (dc_node_is(p, "comparison_operator") || dc_node_is(p, "binary_expression") ||
            dc_node_is(ts_node_parent(p), "comparison_operator"))
            lower(mb, DC_APP_UNSAFE,
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
        lower(mb, DC_APP_MANUAL,
              "processors are modifiers now: rewrite each pre / post processor as a @before_execute / "
              "@after_execute modifier (they receive the tool, the toolkit and the parameters) and pass "
              "modifiers=[...]");
        return;
    }
    const char *to = renamed(old);
    if (!to) return;
    if (names_key(m, ts_node_parent(n), to)) {
        lower(
            mb, DC_APP_MANUAL,
            dc_arena_printf(ctx->arena, "the call passes both %.*s and %s: keep one by hand", (int)old.len, old.p, to));
        return;
    }
    const char *text = dc_node_is(n, "shorthand_property_identifier")
                           ? dc_arena_printf(ctx->arena, "%s: %.*s", to, (int)old.len, old.p)
                           : to;
    add_edit(ctx, &mb->edits, ts_node_start_byte(name), ts_node_end_byte(name), text);
}

/* ---- tiers: the members' edits plus the imports they leave -------------------------------- */

static void lower_tier(lplan *pl, dc_applicability min, bool toolsets_only, const char *why) {
    for (uint32_t i = 0; i < pl->members.len; i++) {
        member *mb = &pl->members.v[i];
        if (mb->app >= min && (!toolsets_only || mb->kind == M_TOOLSET)) lower(mb, DC_APP_MANUAL, why);
    }
}

static const char *sv_str(dc_fix_ctx *ctx, dc_sv s) { return dc_arena_strndup(ctx->arena, s.p, s.len); }

/* Adds the client and provider imports the tier's constructions need and removes the legacy
 * class and Action / App imports its edits leave unused. False (with members lowered) when an
 * import cannot be planned. */
static bool tier_imports(lplan *pl, dc_applicability min, dc_fix *out, bool toolsets, bool enums) {
    dc_legacy_model *m = pl->m;
    dc_fix_ctx *ctx = m->ctx;
    const dc_profile_names *pn = dc_profile_names_get(ctx->an->profile);
    dc_import_ctx ic = {ctx->arena, ctx->an->src, ctx->an->tree, dc_fix_index(ctx), dc_fix_style(ctx)};
    uint32_t ndel = 0;
    dc_range *del = dc_arena_alloc(ctx->arena, (out->nedits + 1) * sizeof *del);
    for (uint32_t i = 0; i < out->nedits; i++)
        if (out->edits[i].end > out->edits[i].start) del[ndel++] = (dc_range){out->edits[i].start, out->edits[i].end};
    if (toolsets) {
        const char *core = m->ts ? dc_arena_printf(ctx->arena, "%s/core", pn->scope) : pn->name;
        if (!dc_import_ensure(&ic, out, core, pn->cls)) {
            lower_tier(pl, min, true,
                       dc_arena_printf(ctx->arena,
                                       "cannot import `%s` from %s (the name is taken in this file): "
                                       "construct the client by hand",
                                       pn->cls, core));
            return false;
        }
        for (uint32_t i = 0; i < pl->members.len; i++) {
            const member *mb = &pl->members.v[i];
            if (mb->app < min) continue;
            for (uint32_t k = 0; k < mb->nprovs; k++) {
                const provider_row *p = mb->provs[k];
                const char *pkg = m->ts ? dc_arena_printf(ctx->arena, "%s/%s", pn->scope, p->ts_pkg)
                                        : dc_arena_printf(ctx->arena, "%s_%s", pn->name, p->py_pkg);
                if (!dc_import_ensure(&ic, out, pkg, p->cls)) {
                    lower_tier(pl, min, true,
                               dc_arena_printf(ctx->arena,
                                               "cannot import `%s` from %s (the name is taken in "
                                               "this file): construct the client by hand",
                                               p->cls, pkg));
                    return false;
                }
            }
        }
    }
    for (uint32_t i = 0; i < m->b->imports.len; i++) {
        const dc_import *imp = &m->b->imports.v[i];
        bool cls = toolsets && dc_sv_listed(m->b->legacy_classes.v, m->b->legacy_classes.len, imp->local);
        bool en = (toolsets || enums) && dc_sv_listed(m->b->legacy_enums.v, m->b->legacy_enums.len, imp->local);
        if ((cls || en) &&
            !dc_import_remove_if_unused(&ic, out, sv_str(ctx, imp->module), sv_str(ctx, imp->name), del, ndel)) {
            lower_tier(pl, min, false, "the legacy imports are next to syntax errors: fix those first");
            return false;
        }
    }
    return true;
}

static bool tier_build(lplan *pl, int t) {
    dc_applicability min = t == 0 ? DC_APP_SAFE : DC_APP_UNSAFE;
    dc_fix *out = &pl->tiers[t];
    memset(out, 0, sizeof *out);
    out->app = min;
    bool toolsets = false, enums = false;
    for (uint32_t i = 0; i < pl->members.len; i++) {
        member *mb = &pl->members.v[i];
        if (mb->app < min || !mb->edits.nedits) continue;
        if (dc_fix_conflicts_with(out, &mb->edits)) {
            /* two rewrites meet at one place: this one waits for the next pass */
            lower(mb, DC_APP_MANUAL,
                  "overlaps another legacy rewrite in this file: run dcmigrate --fix again after it");
            return false;
        }
        dc_fix_copy_edits(pl->m->ctx->arena, out, &mb->edits);
        toolsets |= mb->kind == M_TOOLSET;
        enums |= mb->enums;
    }
    return !out->nedits || tier_imports(pl, min, out, toolsets, enums);
}

/* Every finding of a tier carries the tier's whole edit set, and each fix is checked edit by
 * edit (fixers.c's comment check walks the children of the statements an edit spans, which in
 * tree-sitter 0.20.7 costs the square of their number), so the work grows with findings x
 * edits x top-level statements squared. Past this budget (about a second) the members that do
 * not fit wait for the next pass of the fix loop, and a member too big on its own is left to a
 * person. Ordinary files stay far below it. */
#define DC_LEGACY_BUDGET (1ull << 26)

static void apply_budget(lplan *pl) {
    uint64_t findings = 0, edits = 0;
    uint64_t k = ts_node_named_child_count(ts_tree_root_node(pl->m->ctx->an->tree));
    uint64_t per = (k < 8 ? 8 : k) * (k < 8 ? 8 : k);
    for (uint32_t i = 0; i < pl->members.len; i++) {
        member *mb = &pl->members.v[i];
        if (mb->app == DC_APP_MANUAL) continue;
        uint64_t f = findings + mb->nfindings, e = edits + mb->edits.nedits;
        if (f * e * per <= DC_LEGACY_BUDGET) {
            findings = f;
            edits = e;
        } else if (!findings) {
            lower(mb, DC_APP_MANUAL,
                  dc_arena_printf(pl->m->ctx->arena,
                                  "too many rewrites (%u findings, %u edits) in this file for one "
                                  "all-or-nothing fix: migrate this by hand",
                                  mb->nfindings, mb->edits.nedits));
        } else {
            lower(mb, DC_APP_MANUAL,
                  "waits for another pass: this file has more legacy rewrites than one fix pass takes "
                  "(dcmigrate --fix does them over several passes; run it again if some remain)");
        }
    }
}

static void plan_build(dc_fix_ctx *ctx, lplan *pl) {
    memset(pl, 0, sizeof *pl);
    pl->m = dc_legacy_model_of(ctx);
    dc_finding_list *fl = &ctx->an->findings;
    for (uint32_t i = 0; i < fl->len; i++) {
        const char *why = NULL;
        if (dc_finding_fixer_is(&fl->v[i], "legacy-execute-action") || !fl->v[i].rule->fixer ||
            strncmp(fl->v[i].rule->fixer, "legacy-", 7) != 0)
            continue;
        int mi = member_of(pl, &fl->v[i], &why, true);
        if (mi >= 0) pl->members.v[mi].nfindings++;
    }
    for (uint32_t i = 0; i < pl->members.len; i++) {
        member *mb = &pl->members.v[i];
        if (mb->kind == M_TOOLSET)
            build_toolset(pl, mb);
        else if (mb->kind == M_RECEIVER)
            build_receiver(pl, mb);
        else
            build_term(pl, mb);
        /* a fix whose own edits collide would never apply: say so instead of offering it */
        for (uint32_t k = 1; k < mb->edits.nedits; k++) {
            dc_fix one = {.edits = &mb->edits.edits[k], .nedits = 1};
            dc_fix before = {.edits = mb->edits.edits, .nedits = k};
            if (dc_fix_conflicts_with(&before, &one))
                lower(mb, DC_APP_MANUAL, "the rewrites of this code overlap each other: migrate it by hand");
        }
        if (!mb->edits.nedits) lower(mb, DC_APP_MANUAL, "dcmigrate has no rewrite for this");
    }
    apply_budget(pl);
    for (int guard = 0; guard < 16; guard++)
        if (tier_build(pl, 0) && tier_build(pl, 1)) break;
}

static void plan_free(lplan *pl) {
    dc_vec_free(&pl->members);
}

static const char *const titles[] = {
    [M_TOOLSET] = "migrate the toolset to the client and sessions",
    [M_RECEIVER] = "migrate the legacy calls to sessions",
    [M_TERM] = "use the current name",
};

static dc_fix *fix_for(lplan *pl, dc_finding *f) {
    dc_fix_ctx *ctx = pl->m->ctx;
    const char *why = "cannot be rewritten";
    int mi = member_of(pl, f, &why, false);
    if (mi < 0 || pl->members.v[mi].app == DC_APP_MANUAL) {
        dc_fix *fx = dc_fix_new(ctx->arena, DC_APP_MANUAL);
        fx->why = mi < 0 ? why : pl->members.v[mi].why;
        return fx;
    }
    const member *mb = &pl->members.v[mi];
    dc_fix *fx = dc_fix_new(ctx->arena, mb->app);
    fx->why = mb->app == DC_APP_SAFE ? NULL : mb->why;
    fx->title = titles[mb->kind];
    /* the tier's edits are shared read-only by all its fixes (cap == nedits: an addition copies) */
    const dc_fix *tier = &pl->tiers[mb->app == DC_APP_SAFE ? 0 : 1];
    fx->edits = tier->edits;
    fx->nedits = fx->cap = tier->nedits;
    return fx;
}

void dc_legacy_plan_free(lplan *pl) {
    if (!pl) return;
    plan_free(pl);
    free(pl);
}

/* The plan covers every legacy finding of the file and depends on nothing the fixers change
 * (the findings, the model, the session plan; session_fix leaves the finding's own fix alone),
 * so the five legacy fixers share one plan per file instead of building it five times. */
static void legacy_fixer(dc_fix_ctx *ctx, dc_finding **fs, uint32_t n) {
    if (!ctx->an->tree || !ctx->an->bindings) return;
    if (!ctx->legacy) {
        ctx->legacy = dc_xmalloc(sizeof *ctx->legacy);
        plan_build(ctx, ctx->legacy);
    }
    lplan *pl = ctx->legacy;
    for (uint32_t i = 0; i < n; i++) fs[i]->fix = fix_for(pl, fs[i]);
}

void dc_fixer_legacy_toolset(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) { legacy_fixer(ctx, f, n); }

void dc_fixer_legacy_get_tools(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) { legacy_fixer(ctx, f, n); }

void dc_fixer_legacy_handle_tool_calls(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) { legacy_fixer(ctx, f, n); }

void dc_fixer_legacy_connection(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) { legacy_fixer(ctx, f, n); }

void dc_fixer_legacy_terms(dc_fix_ctx *ctx, dc_finding **f, uint32_t n) { legacy_fixer(ctx, f, n); }

/* ---- legacy-execute-action: what to do by hand --------------------------------------------- */

typedef struct exec_parts {
    TSNode action, params, user;
} exec_parts;

static void read_execute(dc_legacy_model *m, TSNode call, exec_parts *x) {
    const dc_source *src = m->ctx->an->src;
    dc_args a;
    dc_args_read(m->ctx, call, &a);
    if (!m->ts) {
        x->action = a.npos ? a.pos[0] : dc_args_kw(src, &a, "action");
        x->params = a.npos > 1 ? a.pos[1] : dc_args_kw(src, &a, "params");
        x->user = dc_args_kw(src, &a, "entity_id");
    } else if (a.npos && dc_node_is(a.pos[0], "object")) {
        x->action = dc_object_get(src, a.pos[0], "action", NULL);
        if (ts_node_is_null(x->action)) x->action = dc_object_get(src, a.pos[0], "actionName", NULL);
        x->params = dc_object_get(src, a.pos[0], "params", NULL);
        x->user = dc_object_get(src, a.pos[0], "entityId", NULL);
    }
}

static const char *explain_execute(dc_legacy_model *m, dc_finding *f) {
    dc_fix_ctx *ctx = m->ctx;
    TSNode call, recv;
    if (!dc_finding_capture(f, "match", &call) || !dc_finding_capture(f, "recv", &recv)) return NULL;
    exec_parts x = {0};
    read_execute(m, call, &x);
    const char *slug = ts_node_is_null(x.action) ? NULL : dc_legacy_tool_value(m, x.action);
    const char *tk = slug ? dc_toolkit_of_tool(ctx, slug) : NULL;
    dc_legacy_who w = dc_legacy_user_of(m, dc_fix_norm(ctx, recv), x.user, call);
    TSNode ts_recv = dc_legacy_toolset_of(m, recv, call);
    const char *client = dc_fix_text(ctx, ts_node_is_null(ts_recv) ? recv : ts_recv);
    /* a call to copy must not be cut short: a long argument is elided as a whole */
    const char *params = ts_node_is_null(x.params) ? "{}" : dc_legacy_excerpt(ctx, x.params);
    if (strstr(params, "...")) params = "{...}";
    const char *uid = m->ts && !strcmp(w.text, "userId") ? "userId" : dc_arena_printf(ctx->arena, "userId: %s", w.text);
    dc_buf b = DC_BUF_INIT;
    if (slug)
        dc_buf_adds(&b, slug);
    else if (!ts_node_is_null(x.action))
        dc_buf_printf(&b, "the action named by %s", dc_legacy_excerpt(ctx, x.action));
    else
        dc_buf_adds(&b, "an unknown action");
    if (tk) dc_buf_printf(&b, " (toolkit %s)", tk);
    dc_buf_printf(&b,
                  " for %s: give the agent session.tools() of a session for that user and let it execute the tool, or "
                  "keep a direct call: ",
                  w.text);
    const char *s = slug ? dc_legacy_quoted(m, slug, 0) : ts_node_is_null(x.action) ? "SLUG" : dc_legacy_excerpt(ctx, x.action);
    if (m->ts)
        dc_buf_printf(&b, "await %s.tools.execute(%s, { %s, arguments: %s })", client, s, uid, params);
    else
        dc_buf_printf(&b, "%s.tools.execute(%s, arguments=%s, user_id=%s)", client, s, params, w.text);
    const char *res = dc_arena_strdup(ctx->arena, dc_buf_cstr(&b));
    dc_buf_free(&b);
    return res;
}

void dc_fixer_legacy_execute_action(dc_fix_ctx *ctx, dc_finding **fs, uint32_t n) {
    if (!ctx->an->tree || !ctx->an->bindings) return;
    dc_legacy_model *m = dc_legacy_model_of(ctx);
    for (uint32_t i = 0; i < n; i++) {
        dc_fix *fx = dc_fix_new(ctx->arena, DC_APP_MANUAL);
        fx->title = "migrate the execution by hand";
        fx->why = explain_execute(m, fs[i]);
        fs[i]->fix = fx;
    }
}
