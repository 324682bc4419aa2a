/* fix_tools_execute.c: explains each direct tools.execute call: a manual fix (no edits) whose
 * `why` says which tool, for which user, and what the call pins.
 *
 * There is no mechanical rewrite: with sessions the agent decides what to execute (through the
 * <SDK>_MULTI_EXECUTE_TOOL meta tool), and a deterministic call may legitimately stay. So the fix
 * only gathers, from the call itself, what a person needs to migrate it by hand: the tool slug
 * (first positional argument or slug=) and its toolkit (the longest known prefix, for the
 * session's toolkits and connected accounts), the user (user_id= / userId), the version pins to
 * drop (version, dangerously_skip_version_check) and the connected account that moves to the
 * session. A meta tool slug (<SDK>_*) gets a different explanation: it belongs to the agent. */
#include "common/text.h"
#include "fixes/fixers_p.h"

/* Node text with whitespace runs folded to one space, cut at about 48 bytes: a `why` is one
 * line of a report, not a copy of the call. */
static void add_folded(dc_buf *b, dc_sv t) { dc_text_fold(b, t, 48, DC_FOLD_CHAR); }

/* The contents of a plain string literal (no interpolation, no escapes), else an empty view. */
static dc_sv plain_string(const dc_source *src, TSNode n) {
    if (dc_node_is(n, "string") && ts_node_named_child_count(n) == 3 &&
        dc_node_is(ts_node_named_child(n, 1), "string_content"))
        return dc_node_sv(src, ts_node_named_child(n, 1)); /* Python: start, content, end */
    if (dc_node_is(n, "string") && ts_node_named_child_count(n) == 1 &&
        dc_node_is(ts_node_named_child(n, 0), "string_fragment"))
        return dc_node_sv(src, ts_node_named_child(n, 0)); /* TypeScript / JavaScript */
    return (dc_sv){0};
}

/* A TS object key's name (identifier or quoted). */
static dc_sv key_name(const dc_source *src, TSNode key) {
    dc_sv s = plain_string(src, key);
    return s.len ? s : dc_node_sv(src, key);
}

typedef struct exec_args {
    TSNode slug, user;
    DC_VEC(TSNode) pins; /* version / skip-check arguments, as written */
    TSNode account, account_value;
} exec_args;

static void add_pin(exec_args *x, TSNode n) { dc_vec_push(&x->pins, n); }

/* Python: execute(slug, arguments, *, user_id=, version=, connected_account_id=, ...). */
static void read_python(const dc_source *src, TSNode args, exec_args *x) {
    uint32_t k = ts_node_named_child_count(args), positional = 0;
    for (uint32_t i = 0; i < k; i++) {
        TSNode a = ts_node_named_child(args, i);
        if (dc_node_is_comment(a) || dc_node_is(a, "list_splat") || dc_node_is(a, "dictionary_splat")) continue;
        if (!dc_node_is(a, "keyword_argument")) {
            if (positional++ == 0) x->slug = a;
            continue;
        }
        TSNode name = dc_field(a, "name"), value = dc_field(a, "value");
        dc_sv kw = dc_node_sv(src, name);
        if (dc_sv_eq_cstr(kw, "slug")) x->slug = value;
        else if (dc_sv_eq_cstr(kw, "user_id")) x->user = value;
        else if (dc_sv_eq_cstr(kw, "version") || dc_sv_eq_cstr(kw, "dangerously_skip_version_check")) add_pin(x, a);
        else if (dc_sv_eq_cstr(kw, "connected_account_id")) {
            x->account = a;
            x->account_value = value;
        }
    }
}

/* TypeScript: execute(slug, { userId, arguments, version, connectedAccountId, ... }). */
static void read_ts(const dc_source *src, TSNode args, exec_args *x) {
    uint32_t k = ts_node_named_child_count(args), positional = 0;
    for (uint32_t i = 0; i < k; i++) {
        TSNode a = ts_node_named_child(args, i);
        if (dc_node_is_comment(a)) continue;
        uint32_t at = positional++;
        if (at == 0 && !dc_node_is(a, "spread_element")) x->slug = a;
        if (at != 1 || !dc_node_is(a, "object")) continue;
        uint32_t np = ts_node_named_child_count(a);
        for (uint32_t j = 0; j < np; j++) {
            TSNode p = ts_node_named_child(a, j), value = p;
            dc_sv key;
            if (dc_node_is(p, "pair")) {
                key = key_name(src, dc_field(p, "key"));
                value = dc_field(p, "value");
            } else if (dc_node_is(p, "shorthand_property_identifier")) {
                key = dc_node_sv(src, p);
            } else {
                continue;
            }
            if (dc_sv_eq_cstr(key, "userId")) x->user = value;
            else if (dc_sv_eq_cstr(key, "version") || dc_sv_eq_cstr(key, "dangerouslySkipVersionCheck")) add_pin(x, p);
            else if (dc_sv_eq_cstr(key, "connectedAccountId")) {
                x->account = p;
                x->account_value = value;
            }
        }
    }
}

static const char *explain(dc_fix_ctx *ctx, TSNode call) {
    const dc_source *src = ctx->an->src;
    bool py = src->lang == DC_LANG_PYTHON;
    exec_args x = {0};
    TSNode args = dc_field(call, "arguments");
    if (dc_node_is(args, "argument_list")) read_python(src, args, &x);
    else if (dc_node_is(args, "arguments")) read_ts(src, args, &x);

    const dc_profile_names *pn = dc_profile_names_get(ctx->an->profile);
    dc_sv slug = ts_node_is_null(x.slug) ? (dc_sv){0} : plain_string(src, x.slug);
    size_t envlen = strlen(pn->env);
    bool meta = slug.len > envlen && memcmp(slug.p, pn->env, envlen) == 0 && slug.p[envlen] == '_';
    const char *toolkit =
        slug.len && !meta ? dc_toolkit_of_tool(ctx, dc_arena_strndup(ctx->arena, slug.p, slug.len)) : NULL;

    dc_buf w = DC_BUF_INIT, user = DC_BUF_INIT;
    if (ts_node_is_null(x.user)) dc_buf_adds(&user, "an unknown user");
    else add_folded(&user, dc_node_sv(src, x.user));

    if (slug.len) dc_buf_addsv(&w, slug);
    else if (!ts_node_is_null(x.slug)) {
        dc_buf_adds(&w, "the tool named by ");
        add_folded(&w, dc_node_sv(src, x.slug));
    } else {
        dc_buf_adds(&w, "an unknown tool");
    }
    if (meta)
        dc_buf_printf(
            &w, " is a meta tool: it belongs to the agent, which gets it from session.tools() of a session for %s",
            dc_buf_cstr(&user));
    else if (toolkit)
        dc_buf_printf(&w, " (toolkit %s) for %s", toolkit, dc_buf_cstr(&user));
    else
        dc_buf_printf(&w, " for %s", dc_buf_cstr(&user));

    if (x.pins.len) {
        dc_buf_adds(&w, x.pins.len == 1 ? "; drop the pin " : "; drop the pins ");
        for (uint32_t i = 0; i < x.pins.len; i++) {
            if (i) dc_buf_adds(&w, " and ");
            add_folded(&w, dc_node_sv(src, x.pins.v[i]));
        }
    }
    if (!ts_node_is_null(x.account)) {
        dc_buf_adds(&w, "; move ");
        add_folded(&w, dc_node_sv(src, x.account));
        dc_buf_adds(&w, py ? " to the session's connected_accounts" : " to the session's connectedAccounts");
        if (toolkit) {
            dc_buf_printf(&w, py ? "={\"%s\": " : ": { %s: ", toolkit);
            add_folded(&w, dc_node_sv(src, x.account_value));
            dc_buf_adds(&w, py ? "}" : " }");
        }
    }
    const char *res = dc_arena_strndup(ctx->arena, dc_buf_cstr(&w), w.len);
    dc_buf_free(&w);
    dc_buf_free(&user);
    dc_vec_free(&x.pins);
    return res;
}

void dc_fixer_tools_execute(dc_fix_ctx *ctx, dc_finding **fs, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        TSNode call;
        if (!dc_finding_capture(fs[i], "match", &call)) continue;
        dc_fix *fix = dc_fix_new(ctx->arena, DC_APP_MANUAL);
        fix->title = "migrate the direct execution by hand";
        fix->why = explain(ctx, call);
        fs[i]->fix = fix;
    }
}
