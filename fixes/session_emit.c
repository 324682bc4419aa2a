/* session_emit.c: the last step of the session planner (session_p.h): the text of each group's
 * session (the `create(...)` statement in the file's style, or what an existing one lacks) and
 * each finding's fix: its group's shared edits plus its own call rewrite, or a manual fix with
 * the reason. Everything here follows from the plan's decisions (session_plan.c). */
#include <ctype.h>
#include <stdlib.h>

#include "fixes/render.h"
#include "fixes/session_p.h"

static bool ident_like(const char *s) {
    if (!isalpha((unsigned char)*s) && *s != '_') return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_') return false;
    return true;
}

static void render_kv_py(dc_buf *b, const dc_session_kv *items, uint32_t n, const dc_style *st) {
    dc_buf_addc(b, '{');
    for (uint32_t i = 0; i < n; i++) {
        if (i) dc_buf_adds(b, ", ");
        dc_render_string(b, items[i].key, st);
        dc_buf_adds(b, ": ");
        dc_buf_adds(b, items[i].value);
    }
    dc_buf_addc(b, '}');
}

static void render_kv_ts(dc_buf *b, const dc_session_kv *items, uint32_t n, const dc_style *st) {
    dc_buf_adds(b, "{ ");
    for (uint32_t i = 0; i < n; i++) {
        if (i) dc_buf_adds(b, ", ");
        if (ident_like(items[i].key))
            dc_buf_adds(b, items[i].key);
        else
            dc_render_string(b, items[i].key, st);
        dc_buf_adds(b, ": ");
        dc_buf_adds(b, items[i].value);
    }
    dc_buf_adds(b, " }");
}

static void render_toolkits(dc_buf *b, const dc_session_union *un, const dc_style *st) {
    dc_buf_addc(b, '[');
    for (uint32_t i = 0; i < un->ntoolkits; i++) {
        if (i) dc_buf_adds(b, ", ");
        dc_render_string(b, un->toolkits[i], st);
    }
    dc_buf_addc(b, ']');
}

/* `session = client.create(user_id=uid, toolkits=[...], auth_configs={...})` or the TS form.
 * Arguments go on one line when the statement fits in 88 columns (black's default), else one
 * per line with a trailing comma, the way black and prettier lay out a call that is too long. */
static void render_create(dc_fix_ctx *ctx, dc_session_plan *pl, const dc_session_use *u, const char *name,
                          const dc_session_union *un, dc_sv indent, dc_buf *b) {
    const dc_style *st = &pl->style;
    dc_sv client = u->client_text, user = u->user_text;
    const char *items[3];
    uint32_t nitems = 0;
    dc_buf parts[3] = {DC_BUF_INIT, DC_BUF_INIT, DC_BUF_INIT};
    if (un->restrict_ && un->ntoolkits) {
        dc_buf_adds(&parts[nitems], u->ts ? "toolkits: " : "toolkits=");
        render_toolkits(&parts[nitems], un, st);
        nitems++;
    }
    if (un->nauth) {
        dc_buf_adds(&parts[nitems], u->ts ? "authConfigs: " : "auth_configs=");
        if (u->ts)
            render_kv_ts(&parts[nitems], un->auth, un->nauth, st);
        else
            render_kv_py(&parts[nitems], un->auth, un->nauth, st);
        nitems++;
    }
    if (un->naccounts) {
        dc_buf_adds(&parts[nitems], u->ts ? "connectedAccounts: " : "connected_accounts=");
        if (u->ts)
            render_kv_ts(&parts[nitems], un->accounts, un->naccounts, st);
        else
            render_kv_py(&parts[nitems], un->accounts, un->naccounts, st);
        nitems++;
    }
    for (uint32_t i = 0; i < nitems; i++) items[i] = parts[i].p;
    dc_buf one = DC_BUF_INIT;
    if (!u->ts) {
        dc_buf_printf(&one, "%s = %.*s.create(user_id=%.*s", name, (int)client.len, client.p, (int)user.len, user.p);
        for (uint32_t i = 0; i < nitems; i++) dc_buf_printf(&one, ", %s", items[i]);
        dc_buf_addc(&one, ')');
    } else {
        dc_buf_printf(&one, "const %s = await %.*s.create(%.*s", name, (int)client.len, client.p, (int)user.len,
                      user.p);
        if (nitems) {
            dc_buf_adds(&one, ", { ");
            for (uint32_t i = 0; i < nitems; i++) dc_buf_printf(&one, "%s%s", i ? ", " : "", items[i]);
            dc_buf_adds(&one, " }");
        }
        dc_buf_adds(&one, ");");
    }
    bool fits = indent.len + one.len <= 88 && !memchr(one.p, '\n', one.len);
    if (fits || !nitems) {
        dc_buf_addsv(b, indent);
        dc_buf_add(b, one.p, one.len);
    } else if (!u->ts) {
        dc_buf_addsv(b, indent);
        dc_buf_printf(b, "%s = %.*s.create(%s", name, (int)client.len, client.p, st->newline);
        dc_buf_printf(b, "%.*s%s", (int)indent.len, indent.p, st->indent);
        dc_buf_printf(b, "user_id=%.*s,%s", (int)user.len, user.p, st->newline);
        for (uint32_t i = 0; i < nitems; i++)
            dc_buf_printf(b, "%.*s%s%s,%s", (int)indent.len, indent.p, st->indent, items[i], st->newline);
        dc_buf_printf(b, "%.*s)", (int)indent.len, indent.p);
    } else {
        dc_buf_addsv(b, indent);
        dc_buf_printf(b, "const %s = await %.*s.create(%.*s, {%s", name, (int)client.len, client.p, (int)user.len,
                      user.p, st->newline);
        for (uint32_t i = 0; i < nitems; i++)
            dc_buf_printf(b, "%.*s%s%s,%s", (int)indent.len, indent.p, st->indent, items[i], st->newline);
        dc_buf_printf(b, "%.*s});", (int)indent.len, indent.p);
    }
    dc_buf_free(&one);
    for (int i = 0; i < 3; i++) dc_buf_free(&parts[i]);
}

static const char *pl_newline(const dc_source *src) { return src->crlf ? "\r\n" : "\n"; }

/* Appends `text` (", item" form) to a list-like node: right after its last item, so a trailing
 * comma and the closing bracket's line stay as they were; into an empty one as " item " for
 * objects or "item" otherwise. */
static void append_item(dc_fix_ctx *ctx, dc_fix *fx, TSNode list, const char *item, bool object) {
    TSNode last = dc_list_last(list);
    char *text;
    uint32_t at;
    if (!ts_node_is_null(last)) {
        at = ts_node_end_byte(last);
        const dc_source *src = ctx->an->src;
        bool multiline = dc_source_pos((dc_source *)src, ts_node_start_byte(list)).line !=
                         dc_source_pos((dc_source *)src, ts_node_start_byte(last)).line;
        if (multiline) {
            /* one item per line, as the list already has */
            dc_sv ind = dc_line_indent(src, ts_node_start_byte(last));
            text = dc_arena_printf(ctx->arena, ",%s%.*s%s", pl_newline(src), (int)ind.len, ind.p, item);
        } else {
            text = dc_arena_printf(ctx->arena, ", %s", item);
        }
    } else {
        at = ts_node_end_byte(list) - 1;
        const char *src = ctx->an->src->data;
        uint32_t open = ts_node_start_byte(list) + 1;
        bool spaced = at > open && src[at - 1] == ' ';
        text =
            object ? dc_arena_printf(ctx->arena, "%s%s ", spaced ? "" : " ", item) : dc_arena_strdup(ctx->arena, item);
    }
    dc_fix_add_edit(ctx->arena, fx, at, at, text, strlen(text));
}

/* The toolkits the group needs that the existing call's literal list `tk` lacks (every toolkit,
 * authorize targets included). False when `tk` is not a literal list. */
static bool complete_toolkits(dc_fix_ctx *ctx, dc_session_plan *pl, int gi, TSNode tk, dc_fix *fx) {
    if (!dc_node_is(tk, "list") && !dc_node_is(tk, "array")) return false;
    for (uint32_t i = 0; i < pl->uses.len; i++) {
        const dc_session_use *v = &pl->uses.v[i];
        if (v->group != gi) continue;
        for (uint32_t t = 0; t < v->ntoolkits; t++) {
            bool have = false;
            uint32_t k = ts_node_named_child_count(tk);
            for (uint32_t j = 0; j < k && !have; j++) {
                const char *val;
                if (dc_string_value(ctx->arena, ctx->an->src, ts_node_named_child(tk, j), &val) &&
                    strcasecmp(val, v->toolkits[t]) == 0)
                    have = true;
            }
            for (uint32_t e = 0; e < fx->nedits && !have; e++) /* already added for another use */
                if (strstr(fx->edits[e].text, v->toolkits[t])) have = true;
            if (have) continue;
            dc_buf lit = DC_BUF_INIT;
            dc_render_string(&lit, v->toolkits[t], &pl->style);
            append_item(ctx, fx, tk, lit.p, false);
            dc_buf_free(&lit);
        }
    }
    return true;
}

/* Auth configs or connected accounts the session needs, and where the existing call has them. */
typedef struct session_map {
    const dc_session_kv *items;
    uint32_t n;
    TSNode node;         /* the call's literal dict/object for them, or null */
    const char *py, *js; /* the argument's name */
} session_map;

/* The items the call's literal dict/object lacks. False when it is not a literal. */
static bool complete_map_literal(dc_fix_ctx *ctx, const dc_style *st, bool ts, const session_map *mp, dc_fix *fx) {
    if (!dc_node_is(mp->node, "dictionary") && !dc_node_is(mp->node, "object")) return false;
    for (uint32_t i = 0; i < mp->n; i++) {
        if (dc_session_map_has(ctx, mp->node, mp->items[i].key)) continue;
        dc_buf item = DC_BUF_INIT;
        if (ts && ident_like(mp->items[i].key))
            dc_buf_adds(&item, mp->items[i].key);
        else
            dc_render_string(&item, mp->items[i].key, st);
        dc_buf_printf(&item, ": %s", mp->items[i].value);
        append_item(ctx, fx, mp->node, item.p, true);
        dc_buf_free(&item);
    }
    return true;
}

/* The items as a new argument: a Python keyword argument, a key of the TS options object
 * `*opts`, or a new TS options object (which `*opts` then is). */
static void add_map_argument(dc_fix_ctx *ctx, const dc_style *st, bool ts, TSNode call, TSNode *opts,
                             const session_map *mp, dc_fix *fx) {
    dc_buf item = DC_BUF_INIT;
    if (!ts) {
        dc_buf_printf(&item, "%s=", mp->py);
        render_kv_py(&item, mp->items, mp->n, st);
        append_item(ctx, fx, dc_field(call, "arguments"), item.p, false);
    } else if (!ts_node_is_null(*opts)) {
        dc_buf_printf(&item, "%s: ", mp->js);
        render_kv_ts(&item, mp->items, mp->n, st);
        append_item(ctx, fx, *opts, item.p, true);
    } else {
        dc_buf_printf(&item, "{ %s: ", mp->js);
        render_kv_ts(&item, mp->items, mp->n, st);
        dc_buf_adds(&item, " }");
        append_item(ctx, fx, dc_field(call, "arguments"), item.p, false);
        *opts = dc_field(call, "arguments");
    }
    dc_buf_free(&item);
}

/* Completes an existing `create(...)` the group reuses: missing toolkits (when it restricts to
 * a literal list: every toolkit the group needs, authorize targets included) and auth configs /
 * connected accounts (into its literal dict/object, or as a new argument). False when the
 * existing call is not literal enough to complete safely. */
static bool complete_existing(dc_fix_ctx *ctx, dc_session_plan *pl, int gi, const dc_session_use *u, TSNode call,
                              const dc_session_union *un, dc_fix *fx) {
    dc_create_args ex;
    if (!dc_session_create_args(ctx, call, u->ts, &ex)) return false;
    TSNode tk = ex.toolkits, ac = ex.auth, ca = ex.accounts, opts = ex.opts;
    if (!ts_node_is_null(tk) && !complete_toolkits(ctx, pl, gi, tk, fx)) return false;
    const session_map maps[2] = {{un->auth, un->nauth, ac, "auth_configs", "authConfigs"},
                                 {un->accounts, un->naccounts, ca, "connected_accounts", "connectedAccounts"}};
    for (int m = 0; m < 2; m++) {
        if (!maps[m].n) continue;
        if (!ts_node_is_null(maps[m].node)) {
            if (!complete_map_literal(ctx, &pl->style, u->ts, &maps[m], fx)) return false;
            continue;
        }
        bool new_object = u->ts && ts_node_is_null(opts);
        add_map_argument(ctx, &pl->style, u->ts, call, &opts, &maps[m], fx);
        /* the accounts would join the auth configs' new options object: refuse */
        if (new_object && m == 0 && un->naccounts) return false;
    }
    return true;
}

/* The shared edits of a group that is not manual: the completion of the session it reuses, or
 * the statement creating it. */
static void emit_group(dc_fix_ctx *ctx, dc_session_plan *pl, int gi) {
    dc_session_group *g = &pl->groups.v[gi];
    const dc_session_use *first = &pl->uses.v[g->first];
    g->edits.app = DC_APP_SAFE;
    if (!ts_node_is_null(g->existing)) {
        if (!complete_existing(ctx, pl, gi, first, g->existing, &g->un, &g->edits)) {
            g->app = DC_APP_MANUAL;
            g->why = dc_arena_printf(
                ctx->arena, "reuse the existing session `%s` and add the toolkits/auth configs by hand", g->name);
        }
        return;
    }
    dc_buf stmt = DC_BUF_INIT;
    dc_sv indent = dc_line_indent(ctx->an->src, ts_node_start_byte(g->anchor));
    render_create(ctx, pl, first, g->name, &g->un, indent, &stmt);
    dc_buf_adds(&stmt, pl->style.newline);
    dc_fix_add_edit(ctx->arena, &g->edits, g->line_start, g->line_start, stmt.p, stmt.len);
    dc_buf_free(&stmt);
}

/* A finding's fix: manual with the reason, or its group's shared edits plus its own call
 * rewrite. NULL when the finding is not a use of the plan. */
static dc_fix *fix_of(dc_fix_ctx *ctx, dc_session_plan *pl, const dc_finding *f, dc_session_use **uo) {
    uint32_t k = pl->use_of[f - ctx->an->findings.v];
    *uo = k ? &pl->uses.v[k - 1] : NULL;
    if (!k) return NULL;
    dc_session_use *u = &pl->uses.v[k - 1];
    dc_fix *fx;
    if (u->app == DC_APP_MANUAL || u->group < 0) {
        fx = dc_fix_new(ctx->arena, DC_APP_MANUAL);
        fx->why = u->why ? u->why : "cannot be rewritten";
        return fx;
    }
    dc_session_group *g = &pl->groups.v[u->group];
    if (g->app == DC_APP_MANUAL) {
        fx = dc_fix_new(ctx->arena, DC_APP_MANUAL);
        fx->why = g->why;
        return fx;
    }
    fx = dc_fix_new(ctx->arena, g->app);
    fx->why = g->app == DC_APP_SAFE ? NULL : g->why;
    fx->title = u->kind == DC_USE_TOOLS_GET ? "use the user's session tools" : "authorize through the user's session";
    for (uint32_t i = 0; i < g->edits.nedits; i++) {
        const dc_edit *e = &g->edits.edits[i];
        dc_fix_add_edit(ctx->arena, fx, e->start, e->end, e->text, e->len);
    }
    char *call = dc_arena_printf(ctx->arena, "%s.%s(%s)", g->name, u->method, u->call_args ? u->call_args : "");
    dc_fix_add_edit(ctx->arena, fx, ts_node_start_byte(u->call), ts_node_end_byte(u->call), call, strlen(call));
    return fx;
}

/* What the finding's message says about auth configs the code did not spell out at the call:
 * where the toolkit of its auth config was proven, and what the session carries from where
 * (issue 15: a reviewer must see where an id inserted into the code came from). */
static void note_auth(dc_fix_ctx *ctx, dc_session_plan *pl, const dc_session_use *u, dc_finding *f) {
    dc_buf b = DC_BUF_INIT;
    if (u->toolkit_from)
        dc_buf_printf(&b, "; %s is the %s auth config (%s)", u->toolkit_from->auth_config, u->toolkit_from->toolkit,
                      dc_fix_auth_where(ctx, u->toolkit_from));
    const dc_session_union *un = &pl->groups.v[u->group].un;
    uint32_t n = 0;
    for (uint32_t i = 0; i < un->nauth; i++) {
        const dc_authfact *from = un->auth[i].from;
        if (!from) continue;
        dc_buf_adds(&b, n++ ? ", " : "; auth configs carried into the session: ");
        dc_buf_printf(&b, "%s=%s (%s)", from->toolkit, from->auth_config, dc_fix_auth_where(ctx, from));
    }
    if (b.len) f->message = dc_arena_printf(ctx->arena, "%s%s", f->message, b.p);
    dc_buf_free(&b);
}

void dc_session_attach(dc_fix_ctx *ctx, dc_finding **fs, uint32_t n) {
    dc_session_plan *pl = dc_session_plan_of(ctx);
    if (!pl->emitted) {
        for (uint32_t gi = 0; gi < pl->groups.len; gi++)
            if (pl->groups.v[gi].app != DC_APP_MANUAL) emit_group(ctx, pl, (int)gi);
        pl->emitted = true;
    }
    for (uint32_t k = 0; k < n; k++) {
        dc_session_use *u;
        dc_fix *fx = fix_of(ctx, pl, fs[k], &u);
        if (!fx) continue;
        fs[k]->fix = fx;
        if (fx->app != DC_APP_MANUAL) note_auth(ctx, pl, u, fs[k]);
    }
}
