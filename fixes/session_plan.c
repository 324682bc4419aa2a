/* session_plan.c: the second step of the session planner (session_p.h): the file's uses (read by
 * session_read.c and session_read_legacy.c) grouped into sessions, one per client, user and
 * scope unless the user is reassigned between two uses, and each group's session decided:
 * where its statement goes, what it holds, and whether an existing one is reused. Kept in the
 * fix context (ctx->session) for every session fixer of the file. */
#include <ctype.h>
#include <stdlib.h>

#include "fixes/imports.h"
#include "fixes/session_p.h"

/* Is any identifier of `key` (a normalised expression) assigned inside [start, end)? */
typedef struct assign_scan {
    dc_fix_ctx *ctx;
    dc_sv key;
    uint32_t start, end;
    bool hit;
} assign_scan;

static bool scan_assign(TSNode n, void *vctx) {
    assign_scan *s = vctx;
    if (ts_node_end_byte(n) <= s->start || ts_node_start_byte(n) >= s->end) return true;
    TSNode target = {0};
    if (dc_node_is(n, "assignment") || dc_node_is(n, "augmented_assignment") ||
        dc_node_is(n, "assignment_expression") || dc_node_is(n, "augmented_assignment_expression"))
        target = dc_field(n, "left");
    else if (dc_node_is(n, "for_statement") || dc_node_is(n, "for_in_statement"))
        target = dc_field(n, "left");
    else if (dc_node_is(n, "variable_declarator"))
        target = dc_field(n, "name");
    /* only a binding that happens inside the range: the header of a loop around the range
     * (`for uid in users:`) binds before it, once per iteration, which is fine */
    if (!ts_node_is_null(target) && ts_node_start_byte(target) >= s->start && ts_node_start_byte(target) < s->end) {
        dc_sv t = dc_fix_norm(s->ctx, target);
        /* the key's leading name: `uid` of `uid`, `request` of `request.user.id` */
        uint32_t kl = 0;
        while (kl < s->key.len && (isalnum((unsigned char)s->key.p[kl]) || s->key.p[kl] == '_' || s->key.p[kl] == '$'))
            kl++;
        if (kl && t.len >= kl && memcmp(t.p, s->key.p, kl) == 0 &&
            (t.len == kl || !(isalnum((unsigned char)t.p[kl]) || t.p[kl] == '_')))
            s->hit = true;
    }
    return !s->hit;
}

static bool user_reassigned(dc_fix_ctx *ctx, TSNode scope, dc_sv key, uint32_t start, uint32_t end) {
    assign_scan s = {ctx, key, start, end, false};
    dc_fix_walk(ctx, scope, scan_assign, &s);
    return s.hit;
}

/* An existing `X = <client>.create(<user>...)` (or sessions.create / tool_router.create /
 * toolRouter.create) in `scope` before `before`: its name, and the call. */
typedef struct existing_scan {
    dc_fix_ctx *ctx;
    const dc_session_use *u;
    uint32_t before;
    TSNode scope, anchor;
    TSNode call;
    dc_sv name;
} existing_scan;

static bool scan_existing(TSNode n, void *vctx) {
    existing_scan *s = vctx;
    if (ts_node_start_byte(n) >= s->before) return false;
    if (!dc_node_is(n, "call") && !dc_node_is(n, "call_expression")) return true;
    TSNode fn = dc_field(n, "function");
    if (!dc_node_is(fn, "attribute") && !dc_node_is(fn, "member_expression")) return true;
    dc_sv meth = dc_fix_sv(s->ctx, dc_field(fn, s->u->ts ? "property" : "attribute"));
    if (!dc_sv_eq_cstr(meth, "create")) return true;
    TSNode obj = dc_field(fn, "object");
    dc_sv objn = dc_fix_norm(s->ctx, obj);
    bool same = dc_sv_eq(objn, s->u->client_key);
    if (!same && (dc_node_is(obj, "attribute") || dc_node_is(obj, "member_expression"))) {
        dc_sv sub = dc_fix_sv(s->ctx, dc_field(obj, s->u->ts ? "property" : "attribute"));
        dc_sv base = dc_fix_norm(s->ctx, dc_field(obj, "object"));
        same =
            dc_sv_eq(base, s->u->client_key) &&
            (dc_sv_eq_cstr(sub, "sessions") || dc_sv_eq_cstr(sub, "tool_router") || dc_sv_eq_cstr(sub, "toolRouter"));
    }
    if (!same) return true;
    dc_args a;
    dc_args_read(s->ctx, n, &a);
    TSNode user = a.npos ? a.pos[0] : dc_args_kw(s->ctx->an->src, &a, "user_id");
    if (ts_node_is_null(user) || !dc_sv_eq(dc_fix_norm(s->ctx, user), s->u->user_key)) return true;
    dc_sv name = dc_bound_name(s->ctx->arena, s->ctx->an->src, n);
    if (!name.len || memchr(name.p, '.', name.len)) return true;
    /* only a session visible at the anchor (its block encloses the anchor) for the same user
     * value (the user is not reassigned in between) */
    TSNode b = dc_block_of(s->scope, n);
    if (ts_node_is_null(b) || !dc_node_contains(b, s->anchor)) return true;
    if (user_reassigned(s->ctx, s->scope, s->u->user_key, ts_node_end_byte(n), s->before)) return true;
    s->call = n;
    s->name = name;
    return true; /* keep looking: the last one before the use wins */
}

static bool is_loop(TSNode n) {
    return dc_node_is(n, "for_statement") || dc_node_is(n, "while_statement") || dc_node_is(n, "for_in_statement") ||
           dc_node_is(n, "do_statement") || dc_node_is(n, "async_for_statement");
}

/* The range in which a reassignment of the user would make two uses see different users:
 * from the first use to the last, widened to the whole of any loop that holds one use but not
 * the other (the next iteration runs the loop's start again). */
static void sharing_range(TSNode a, TSNode b, uint32_t *start, uint32_t *end) {
    *start = ts_node_start_byte(a);
    *end = ts_node_end_byte(b);
    for (TSNode p = ts_node_parent(a); !ts_node_is_null(p); p = ts_node_parent(p))
        if (is_loop(p) && !dc_node_contains(p, b) && ts_node_start_byte(p) < *start) *start = ts_node_start_byte(p);
    for (TSNode p = ts_node_parent(b); !ts_node_is_null(p); p = ts_node_parent(p))
        if (is_loop(p) && !dc_node_contains(p, a) && ts_node_end_byte(p) > *end) *end = ts_node_end_byte(p);
}

static void plan_groups(dc_fix_ctx *ctx, dc_session_plan *pl) {
    for (uint32_t i = 0; i < pl->uses.len; i++) {
        dc_session_use *u = &pl->uses.v[i];
        if (u->app == DC_APP_MANUAL || u->group >= 0) continue;
        dc_session_group g = {0};
        g.first = g.last = i;
        g.scope = u->scope;
        g.app = u->app;
        g.why = u->why;
        int gi = (int)pl->groups.len;
        u->group = gi;
        for (uint32_t j = i + 1; j < pl->uses.len; j++) {
            dc_session_use *v = &pl->uses.v[j];
            if (v->app == DC_APP_MANUAL || v->group >= 0 || !ts_node_eq(v->scope, u->scope) ||
                !dc_sv_eq(v->client_key, u->client_key) || !dc_sv_eq(v->user_key, u->user_key))
                continue;
            uint32_t rs, re;
            sharing_range(u->call, v->call, &rs, &re);
            if (user_reassigned(ctx, u->scope, u->user_key, rs, re))
                continue; /* another value of the same expression: its own session */
            v->group = gi;
            g.last = j;
            if (v->app < g.app) {
                g.app = v->app;
                g.why = v->why;
            }
        }
        dc_vec_push(&pl->groups, g);
    }
}

static void union_add_toolkit(dc_fix_ctx *ctx, dc_session_union *un, const char *t) {
    for (uint32_t i = 0; i < un->ntoolkits; i++)
        if (strcmp(un->toolkits[i], t) == 0) return;
    DC_FIX_PUSH(ctx, un->toolkits, un->ntoolkits, un->cap_toolkits, t);
}

/* Connected account choices carry over: `<client>.tools.execute(SLUG, ..., user_id=<user>,
 * connected_account_id=X)` in the group's scope puts {toolkit of SLUG: X} into the session's
 * connected_accounts (the execute call itself stays: it is a manual finding of tools-execute). */
typedef struct account_scan {
    dc_fix_ctx *ctx;
    const dc_session_use *u;
    dc_session_union *un;
} account_scan;

static bool scan_accounts(TSNode n, void *vctx) {
    account_scan *s = vctx;
    dc_fix_ctx *ctx = s->ctx;
    const dc_source *src = ctx->an->src;
    if (!dc_node_is(n, "call") && !dc_node_is(n, "call_expression")) return true;
    TSNode fn = dc_field(n, "function");
    if (!dc_node_is(fn, "attribute") && !dc_node_is(fn, "member_expression")) return true;
    if (!dc_sv_eq_cstr(dc_fix_sv(ctx, dc_field(fn, s->u->ts ? "property" : "attribute")), "execute")) return true;
    TSNode tools = dc_field(fn, "object");
    if (!dc_sv_eq_cstr(dc_fix_sv(ctx, dc_field(tools, s->u->ts ? "property" : "attribute")), "tools")) return true;
    if (!dc_sv_eq(dc_fix_norm(ctx, dc_field(tools, "object")), s->u->client_key)) return true;
    dc_args a;
    dc_args_read(ctx, n, &a);
    TSNode slug = a.npos ? a.pos[0] : dc_args_kw(src, &a, "slug"), user = {0}, ca = {0};
    if (!s->u->ts) {
        user = dc_args_kw(src, &a, "user_id");
        ca = dc_args_kw(src, &a, "connected_account_id");
    } else if (a.npos > 1 && dc_node_is(a.pos[1], "object")) {
        user = dc_object_get(src, a.pos[1], "userId", NULL);
        ca = dc_object_get(src, a.pos[1], "connectedAccountId", NULL);
    }
    const char *v, *tk;
    if (ts_node_is_null(ca) || ts_node_is_null(user) || !dc_sv_eq(dc_fix_norm(ctx, user), s->u->user_key) ||
        !dc_string_value(ctx->arena, src, slug, &v) || !(tk = dc_toolkit_of_tool(ctx, v)))
        return true;
    const char *val = dc_fix_text(ctx, ca);
    for (uint32_t i = 0; i < s->un->naccounts; i++) {
        if (strcmp(s->un->accounts[i].key, tk) != 0) continue;
        if (strcmp(s->un->accounts[i].value, val) != 0)
            s->un->conflict = dc_arena_printf(ctx->arena, "two different connected accounts for %s in one scope", tk);
        return true;
    }
    DC_FIX_PUSH(ctx, s->un->accounts, s->un->naccounts, s->un->cap_accounts, ((dc_session_kv){tk, val, NULL}));
    return true;
}

static void build_union(dc_fix_ctx *ctx, dc_session_plan *pl, int gi, dc_session_union *un) {
    memset(un, 0, sizeof *un);
    bool any_get = false, any_unrestricted = false;
    for (uint32_t i = 0; i < pl->uses.len; i++) {
        dc_session_use *u = &pl->uses.v[i];
        if (u->group != gi) continue;
        if (u->kind == DC_USE_TOOLS_GET) {
            any_get = true;
            if (u->unrestricted) any_unrestricted = true;
        }
        for (uint32_t k = 0; k < u->nauth; k++) {
            bool dup = false;
            for (uint32_t j = 0; j < un->nauth; j++) {
                if (strcmp(un->auth[j].key, u->auth[k].key) != 0) continue;
                dup = true;
                if (strcmp(un->auth[j].value, u->auth[k].value) != 0)
                    un->conflict =
                        dc_arena_printf(ctx->arena, "two different auth configs for %s in one session", u->auth[k].key);
            }
            if (!dup) DC_FIX_PUSH(ctx, un->auth, un->nauth, un->cap_auth, u->auth[k]);
        }
    }
    un->restrict_ = any_get && !any_unrestricted;
    for (uint32_t i = 0; i < pl->uses.len; i++) {
        if (pl->uses.v[i].group != gi) continue;
        static const char *const calls[] = {"call", "call_expression", NULL};
        account_scan as = {ctx, &pl->uses.v[i], un};
        dc_fix_walk_kinds(ctx, pl->uses.v[i].scope, calls, scan_accounts, &as);
        break;
    }
    if (un->restrict_) {
        for (uint32_t i = 0; i < pl->uses.len; i++)
            if (pl->uses.v[i].group == gi)
                for (uint32_t k = 0; k < pl->uses.v[i].ntoolkits; k++)
                    union_add_toolkit(ctx, un, pl->uses.v[i].toolkits[k]);
    }
}

/* ---- auth configs the session carries -------------------------------------------------------- */

bool dc_session_create_args(dc_fix_ctx *ctx, TSNode call, bool ts, dc_create_args *out) {
    const dc_source *src = ctx->an->src;
    dc_args a;
    dc_args_read(ctx, call, &a);
    memset(out, 0, sizeof *out);
    if (a.splat) return false;
    if (!ts) {
        out->toolkits = dc_args_kw(src, &a, "toolkits");
        out->auth = dc_args_kw(src, &a, "auth_configs");
        out->accounts = dc_args_kw(src, &a, "connected_accounts");
    } else if (a.npos > 1) {
        out->opts = a.pos[1];
        if (!dc_node_is(out->opts, "object")) return false;
        out->toolkits = dc_object_get(src, out->opts, "toolkits", NULL);
        out->auth = dc_object_get(src, out->opts, "authConfigs", NULL);
        out->accounts = dc_object_get(src, out->opts, "connectedAccounts", NULL);
    }
    return true;
}

bool dc_session_map_has(dc_fix_ctx *ctx, TSNode map, const char *key) {
    uint32_t k = ts_node_named_child_count(map);
    for (uint32_t j = 0; j < k; j++) {
        TSNode kn = dc_field(ts_node_named_child(map, j), "key");
        const char *v;
        if (ts_node_is_null(kn)) continue;
        if ((dc_string_value(ctx->arena, ctx->an->src, kn, &v) && strcmp(v, key) == 0) ||
            dc_sv_eq_cstr(dc_fix_sv(ctx, kn), key))
            return true;
    }
    return false;
}

/* The map's auth config for toolkit `e` into the session, unless the code gives the session one
 * for it already (a use's own, or the existing call's literal `have`); an ambiguous toolkit is
 * left out, and said: a guessed id would replace the user's consent screen as surely as none. */
static void carry_one(dc_fix_ctx *ctx, dc_session_plan *pl, dc_session_group *g, const dc_authmap_toolkit *e,
                      TSNode have, bool ts) {
    dc_session_union *un = &g->un;
    for (uint32_t j = 0; j < un->nauth; j++)
        if (strcmp(un->auth[j].key, e->toolkit) == 0) return;
    if (!ts_node_is_null(have) && dc_session_map_has(ctx, have, e->toolkit)) return;
    if (e->other) {
        const char *why = dc_arena_printf(
            ctx->arena, "%s has two auth configs, %s (%s) and %s (%s): the session leaves it out; add the right one to %s",
            e->toolkit, e->fact->auth_config, dc_fix_auth_where(ctx, e->fact), e->other->auth_config,
            dc_fix_auth_where(ctx, e->other), ts ? "authConfigs" : "auth_configs");
        un->ambiguous = un->ambiguous ? dc_arena_printf(ctx->arena, "%s; %s", un->ambiguous, why) : why;
        return;
    }
    dc_buf lit = DC_BUF_INIT;
    dc_render_string(&lit, e->fact->auth_config, &pl->style);
    dc_session_kv kv = {e->toolkit, dc_arena_strdup(ctx->arena, lit.p), e->fact};
    DC_FIX_PUSH(ctx, un->auth, un->nauth, un->cap_auth, kv);
    dc_buf_free(&lit);
}

static void carry_named(dc_fix_ctx *ctx, dc_session_plan *pl, dc_session_group *g, const char *toolkit, TSNode have,
                        bool ts) {
    const dc_authmap_toolkit *e = dc_authmap_find(dc_fix_auth(ctx), toolkit);
    if (e) carry_one(ctx, pl, g, e, have, ts);
}

/* The auth configs a group's session carries from the map: one for each toolkit it covers, which
 * are every toolkit the map knows when it serves tools unrestricted (the agent may use any),
 * else the toolkits its uses name (restricted tools, authorize targets), with those of an
 * existing session it completes. An ambiguous one makes the session unsafe. */
static void carry_auth(dc_fix_ctx *ctx, dc_session_plan *pl, dc_session_group *g) {
    const dc_authmap *map = dc_fix_auth(ctx);
    bool ts = pl->uses.v[g->first].ts, tools = false;
    dc_create_args ex = {0};
    if (!map->toolkits.len) return;
    for (uint32_t i = g->first; i <= g->last; i++)
        tools |= pl->uses.v[i].group == (int)(g - pl->groups.v) && pl->uses.v[i].kind == DC_USE_TOOLS_GET;
    bool all = tools && !g->un.restrict_;
    if (!ts_node_is_null(g->existing)) {
        if (!dc_session_create_args(ctx, g->existing, ts, &ex)) return; /* manual anyway (session_emit.c) */
        /* a session given its auth configs as a value keeps them: the code chose them */
        if (!ts_node_is_null(ex.auth) && !dc_node_is(ex.auth, "dictionary") && !dc_node_is(ex.auth, "object")) return;
        all = all || (tools && ts_node_is_null(ex.toolkits));
        uint32_t k = dc_node_is(ex.toolkits, "list") || dc_node_is(ex.toolkits, "array")
                         ? ts_node_named_child_count(ex.toolkits) : 0;
        for (uint32_t i = 0; i < k && !all; i++) {
            const char *v;
            if (dc_string_value(ctx->arena, ctx->an->src, ts_node_named_child(ex.toolkits, i), &v))
                carry_named(ctx, pl, g, dc_str_lower(ctx->arena, dc_sv_cstr(v)), ex.auth, ts);
        }
    }
    for (uint32_t i = 0; all && i < map->toolkits.len; i++) carry_one(ctx, pl, g, &map->toolkits.v[i], ex.auth, ts);
    for (uint32_t i = g->first; !all && i <= g->last; i++) {
        const dc_session_use *u = &pl->uses.v[i];
        for (uint32_t k = 0; u->group == (int)(g - pl->groups.v) && k < u->ntoolkits; k++)
            carry_named(ctx, pl, g, u->toolkits[k], ex.auth, ts);
    }
    if (!g->un.ambiguous || g->app == DC_APP_MANUAL) return;
    g->why = g->app == DC_APP_UNSAFE && g->why ? dc_arena_printf(ctx->arena, "%s; %s", g->why, g->un.ambiguous)
                                                : g->un.ambiguous;
    g->app = DC_APP_UNSAFE;
}

/* Is the anchor statement the first thing on its line? Then the session statement goes at that
 * line's start (`*line_start`), in the anchor's indentation. */
static bool anchor_ok(dc_fix_ctx *ctx, TSNode anchor, uint32_t *line_start) {
    const dc_source *src = ctx->an->src;
    uint32_t s = ts_node_start_byte(anchor), ls = s;
    while (ls > 0 && src->data[ls - 1] != '\n') {
        if (src->data[ls - 1] != ' ' && src->data[ls - 1] != '\t') return false;
        ls--;
    }
    *line_start = ls;
    return true;
}

static const char *pick_name(dc_fix_ctx *ctx, dc_session_plan *pl, int gi, TSNode scope, uint32_t at) {
    /* the names of the scope's earlier sessions (counted first: an array per group sized by all
     * earlier groups would be quadratic in a file with many sessions) */
    uint32_t ntaken = 0;
    for (int i = 0; i < gi; i++) ntaken += ts_node_eq(pl->groups.v[i].scope, scope) && pl->groups.v[i].name;
    const char **taken = dc_arena_alloc(ctx->arena, ((size_t)ntaken + 1) * sizeof *taken);
    ntaken = 0;
    for (int i = 0; i < gi; i++)
        if (ts_node_eq(pl->groups.v[i].scope, scope) && pl->groups.v[i].name) taken[ntaken++] = pl->groups.v[i].name;
    dc_import_ctx ic = {ctx->arena, ctx->an->src, ctx->an->tree, dc_fix_index(ctx), dc_fix_style(ctx)};
    const char *prefix = dc_profile_names_get(ctx->an->profile)->name;
    const char *name = dc_fresh_name(&ic, at, "session", prefix, taken, ntaken);
    if (dc_lang_family(ctx->an->src->lang) != DC_FAMILY_TS || !strchr(name, '_')) return name;
    /* TS/JS names are camelCase: devcaster_session -> devcasterSession, session_2 -> session2 */
    char *camel = dc_arena_strdup(ctx->arena, name);
    char *o = camel;
    for (const char *p = name; *p; p++) {
        if (*p == '_' && p[1]) {
            p++;
            *o++ = (char)toupper((unsigned char)*p);
        } else {
            *o++ = *p;
        }
    }
    *o = 0;
    return dc_fresh_name(&ic, at, camel, NULL, taken, ntaken);
}

/* Decides each group's session: where it goes (the innermost block holding every use, before the
 * statement holding the first), what it holds (the union of the uses' contributions), and
 * whether the scope already creates one for that user to reuse, else the name of a new one. The
 * edits follow from these decisions (session_emit.c). */
static void plan_sessions(dc_fix_ctx *ctx, dc_session_plan *pl) {
    for (uint32_t gi = 0; gi < pl->groups.len; gi++) {
        dc_session_group *g = &pl->groups.v[gi];
        const dc_session_use *first = &pl->uses.v[g->first];
        /* the innermost block holding every use, and the statement in it holding the first */
        TSNode block = dc_block_of(g->scope, first->call);
        for (uint32_t i = g->first; i <= g->last && !ts_node_is_null(block); i++) {
            const dc_session_use *u = &pl->uses.v[i];
            if (u->group != (int)gi) continue;
            while (!ts_node_is_null(block) && !dc_node_contains(block, u->call)) block = dc_block_of(g->scope, block);
        }
        if (ts_node_is_null(block)) {
            g->app = DC_APP_MANUAL;
            g->why = "no statement block to put the session in";
            continue;
        }
        g->block = block;
        g->anchor = dc_statement_in(block, first->call);
        for (uint32_t i = g->first; i <= g->last; i++) {
            const dc_session_use *u = &pl->uses.v[i];
            if (u->group != (int)gi) continue;
            for (TSNode p = ts_node_parent(u->call); !ts_node_is_null(p) && !ts_node_eq(p, block);
                 p = ts_node_parent(p)) {
                if (dc_node_is(p, "try_statement") || dc_node_is(p, "except_clause") || dc_node_is(p, "catch_clause") ||
                    dc_node_is(p, "finally_clause")) {
                    if (g->app == DC_APP_SAFE) {
                        g->app = DC_APP_UNSAFE;
                        g->why = "the session is created outside the try statement around a call, so its errors are no "
                                 "longer caught there";
                    }
                    break;
                }
            }
        }
        build_union(ctx, pl, (int)gi, &g->un);
        if (g->un.conflict) {
            g->app = DC_APP_MANUAL;
            g->why = g->un.conflict;
            continue;
        }
        existing_scan es = {
            .ctx = ctx, .u = first, .before = ts_node_start_byte(g->anchor), .scope = g->scope, .anchor = g->anchor};
        /* scan_existing acts on calls only (and stops at the first past `before`) */
        static const char *const calls[] = {"call", "call_expression", NULL};
        dc_fix_walk_kinds(ctx, g->scope, calls, scan_existing, &es);
        if (!ts_node_is_null(es.call)) {
            g->existing = es.call;
            g->name = dc_arena_strndup(ctx->arena, es.name.p, es.name.len);
            carry_auth(ctx, pl, g);
            continue;
        }
        carry_auth(ctx, pl, g);
        if (!anchor_ok(ctx, g->anchor, &g->line_start)) {
            g->app = DC_APP_MANUAL;
            g->why = "the statement shares its line with another; split it first";
            continue;
        }
        g->name = pick_name(ctx, pl, (int)gi, g->scope, ts_node_start_byte(g->anchor));
    }
}

dc_session_plan *dc_session_plan_of(dc_fix_ctx *ctx) {
    if (ctx->session) return ctx->session;
    dc_session_plan *pl = dc_arena_alloc(ctx->arena, sizeof *pl);
    ctx->session = pl;
    pl->style = *dc_fix_style(ctx);
    for (uint32_t i = 0; i < ctx->an->findings.len; i++) {
        dc_finding *f = &ctx->an->findings.v[i];
        if (!f->rule->fixer) continue;
        if (strcmp(f->rule->fixer, "tools-get") == 0 || strcmp(f->rule->fixer, "connect-link") == 0) {
            dc_session_read(ctx, pl, f);
        } else {
            dc_session_use u = {0};
            u.f = f;
            u.app = DC_APP_SAFE;
            u.ts = dc_lang_family(ctx->an->src->lang) == DC_FAMILY_TS;
            if (dc_session_read_legacy(ctx, f, &u)) dc_session_finish_use(ctx, pl, &u);
        }
    }
    plan_groups(ctx, pl);
    plan_sessions(ctx, pl);
    return pl;
}

void dc_session_plan_free(dc_session_plan *pl) {
    if (!pl) return;
    dc_vec_free(&pl->uses);
    dc_vec_free(&pl->groups);
}
