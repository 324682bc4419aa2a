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

/* The session's configuration items (`toolkits=[...]`, `auth_configs={...}`, ... or the TS
 * `key: value` forms) into parts[0..3); returns how many. */
static uint32_t render_items(const dc_session_use *u, const dc_session_union *un, const dc_style *st, dc_buf *parts) {
    uint32_t nitems = 0;
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
    return nitems;
}

/* The session as an expression, for a use in expression form: `client.create(user_id=uid, ...)`,
 * TS `(await client.create(uid, { ... }))`. */
static char *render_create_expr(dc_fix_ctx *ctx, dc_session_plan *pl, const dc_session_use *u,
                                const dc_session_union *un) {
    dc_buf parts[3] = {DC_BUF_INIT, DC_BUF_INIT, DC_BUF_INIT}, b = DC_BUF_INIT;
    uint32_t nitems = render_items(u, un, &pl->style, parts);
    dc_sv client = u->client_text, user = u->user_text;
    if (!u->ts) {
        dc_buf_printf(&b, "%.*s.create(user_id=%.*s", (int)client.len, client.p, (int)user.len, user.p);
        for (uint32_t i = 0; i < nitems; i++) dc_buf_printf(&b, ", %s", parts[i].p);
        dc_buf_addc(&b, ')');
    } else {
        dc_buf_printf(&b, "(await %.*s.create(%.*s", (int)client.len, client.p, (int)user.len, user.p);
        for (uint32_t i = 0; i < nitems; i++) dc_buf_printf(&b, "%s%s", i ? ", " : ", { ", parts[i].p);
        dc_buf_adds(&b, nitems ? " }))" : "))");
    }
    char *out = dc_arena_strdup(ctx->arena, dc_buf_cstr(&b));
    dc_buf_free(&b);
    for (int i = 0; i < 3; i++) dc_buf_free(&parts[i]);
    return out;
}

/* `session = client.create(user_id=uid, toolkits=[...], auth_configs={...})` or the TS form.
 * Arguments go on one line when the statement fits in 88 columns (black's default), else one
 * per line with a trailing comma, the way black and prettier lay out a call that is too long. */
static void render_create(dc_session_plan *pl, const dc_session_use *u, const char *name, const dc_session_union *un,
                          dc_sv indent, dc_buf *b) {
    const dc_style *st = &pl->style;
    dc_sv client = u->client_text, user = u->user_text;
    const char *items[3];
    dc_buf parts[3] = {DC_BUF_INIT, DC_BUF_INIT, DC_BUF_INIT};
    uint32_t nitems = render_items(u, un, st, parts);
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

/* The shared edits of a group that is not manual: the statement creating its session (none when
 * it reuses an existing one, which is never edited, or creates it in the expression). */
static void emit_group(dc_fix_ctx *ctx, dc_session_plan *pl, int gi) {
    dc_session_group *g = &pl->groups.v[gi];
    const dc_session_use *first = &pl->uses.v[g->first];
    g->edits.app = DC_APP_SAFE;
    if (!ts_node_is_null(g->existing) || first->expr_form) return;
    dc_buf stmt = DC_BUF_INIT;
    dc_sv indent = dc_line_indent(ctx->an->src, ts_node_start_byte(g->anchor));
    render_create(pl, first, g->name, &g->un, indent, &stmt);
    dc_buf_adds(&stmt, pl->style.newline);
    dc_fix_add_edit(ctx->arena, &g->edits, g->line_start, g->line_start, stmt.p, stmt.len);
    dc_buf_free(&stmt);
}

static void copy_edits(dc_fix_ctx *ctx, dc_fix *to, const dc_fix *from) {
    for (uint32_t i = 0; i < from->nedits; i++) {
        const dc_edit *e = &from->edits[i];
        dc_fix_add_edit(ctx->arena, to, e->start, e->end, e->text, e->len);
    }
}

/* The edits of a join (session_flow.c): the other operands' statements go, the join becomes its
 * first operand, and that operand's fetch becomes the one tools() call. */
static void join_edits(dc_fix_ctx *ctx, dc_session_plan *pl, const dc_session_join *j, const char *name, dc_fix *fx) {
    const dc_session_use *k = &pl->uses.v[j->first];
    copy_edits(ctx, fx, &j->edits);
    char *call = dc_arena_printf(ctx->arena, "%s.tools()", name);
    const char *text;
    if (dc_node_contains(j->expr, k->call)) { /* the fetch itself is the operand */
        TSNode v = j->keep;
        while (dc_node_is(v, "parenthesized_expression")) v = ts_node_named_child(v, 0);
        bool awaited = dc_node_is(v, "await_expression");
        text = k->ts && awaited ? dc_arena_printf(ctx->arena, "(await %s)", call) : call;
    } else {
        text = dc_fix_text(ctx, j->keep);
        dc_fix_add_edit(ctx->arena, fx, ts_node_start_byte(k->call), ts_node_end_byte(k->call), call, strlen(call));
    }
    dc_fix_add_edit(ctx->arena, fx, ts_node_start_byte(j->expr), ts_node_end_byte(j->expr), text, strlen(text));
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
    copy_edits(ctx, fx, &g->edits);
    if (u->join >= 0) {
        join_edits(ctx, pl, &pl->joins.v[u->join], g->name, fx);
        return fx;
    }
    const char *session = u->expr_form ? render_create_expr(ctx, pl, u, &g->un) : g->name;
    char *call = dc_arena_printf(ctx->arena, "%s.%s(%s)", session, u->method, u->call_args ? u->call_args : "");
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
