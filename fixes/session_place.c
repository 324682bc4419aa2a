/* session_place.c: where a group's session comes from and goes (issue 16, item 4), for the
 * planner (session_plan.c, session_p.h):
 *   - an existing `create(...)` of the scope is reused only when it holds exactly what the group
 *     needs: the same toolkit restriction, the auth configs and connected accounts the group's
 *     session would get. It is never edited: another use of it would see a toolkit or an auth
 *     config it did not ask for. Otherwise the group gets a session of its own;
 *   - a session whose uses are all inside a loop body, for a user and client the loop does not
 *     change, is created once before the loop (unsafe when the loop may run zero times: the
 *     original made no call then), as far out as that holds;
 *   - a new session is named `session` when it is the only one of its scope, else by its toolkits
 *     (`github_session`, `github_slack_session`; TS `githubSession`). */
#include <ctype.h>
#include <stdlib.h>

#include "fixes/session_p.h"

/* ---- an existing session, reused only when it is exactly the one needed ---------------------- */

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

/* The value of `key` in the literal dict / object `map`, or null. */
static TSNode map_get(dc_fix_ctx *ctx, TSNode map, const char *key) {
    uint32_t k = ts_node_named_child_count(map);
    for (uint32_t j = 0; j < k; j++) {
        TSNode pair = ts_node_named_child(map, j), kn = dc_field(pair, "key");
        const char *v;
        if (ts_node_is_null(kn)) continue;
        if ((dc_string_value(ctx->arena, ctx->an->src, kn, &v) && strcmp(v, key) == 0) ||
            dc_sv_eq_cstr(dc_fix_sv(ctx, kn), key))
            return dc_field(pair, "value");
    }
    return (TSNode){0};
}

/* Does the literal `map` (or, for carried auth configs only, a map the code passes by name) give
 * every item its value? */
static bool map_holds(dc_fix_ctx *ctx, TSNode map, const dc_session_kv *items, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        if (ts_node_is_null(map)) return false;
        if (!dc_node_is(map, "dictionary") && !dc_node_is(map, "object")) {
            if (!items[i].from) return false; /* the code chose that map; ours is no code's */
            continue;
        }
        TSNode v = map_get(ctx, map, items[i].key);
        const char *have, *want;
        if (ts_node_is_null(v)) return false;
        if (dc_sv_eq_cstr(dc_fix_sv(ctx, v), items[i].value)) continue;
        dc_sv w = dc_sv_cstr(items[i].value);
        if (!dc_string_value(ctx->arena, ctx->an->src, v, &have)) return false;
        want = NULL;
        /* a rendered literal: compare the ids, not the quotes */
        if (w.len >= 2 && (w.p[0] == '"' || w.p[0] == '\'') && w.p[w.len - 1] == w.p[0])
            want = dc_arena_strndup(ctx->arena, w.p + 1, w.len - 2);
        if (!want || strcmp(want, have) != 0) return false;
    }
    return true;
}

/* The toolkits of a literal list, lower-cased; false when it is not one. */
static bool toolkit_set(dc_fix_ctx *ctx, TSNode list, const char ***out, uint32_t *n) {
    if (!dc_node_is(list, "list") && !dc_node_is(list, "array")) return false;
    uint32_t k = ts_node_named_child_count(list);
    *out = dc_arena_alloc(ctx->arena, (k ? k : 1) * sizeof **out);
    *n = 0;
    for (uint32_t i = 0; i < k; i++) {
        TSNode e = ts_node_named_child(list, i);
        const char *v;
        if (dc_node_is_comment(e)) continue;
        if (!dc_string_value(ctx->arena, ctx->an->src, e, &v)) return false;
        (*out)[(*n)++] = dc_str_lower(ctx->arena, dc_sv_cstr(v));
    }
    return true;
}

static bool listed(const char *const *v, uint32_t n, const char *s) {
    for (uint32_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0) return true;
    return false;
}

/* Does the existing `create(...)` call hold exactly what the group's session `un` needs, covering
 * the toolkits `need` (its restriction, or the targets of its authorize calls)? */
static bool holds_exactly(dc_fix_ctx *ctx, TSNode call, bool ts, const dc_session_union *un, bool fetch,
                          const char *const *need, uint32_t nneed) {
    dc_create_args ex;
    if (!dc_session_create_args(ctx, call, ts, &ex)) return false;
    if (un->restrict_ || (!fetch && !ts_node_is_null(ex.toolkits))) {
        const char **have;
        uint32_t nhave;
        if (!toolkit_set(ctx, ex.toolkits, &have, &nhave)) return false;
        for (uint32_t i = 0; i < nneed; i++)
            if (!listed(have, nhave, need[i])) return false;
        for (uint32_t i = 0; un->restrict_ && i < nhave; i++)
            if (!listed(un->toolkits, un->ntoolkits, have[i])) return false;
    } else if (fetch && !ts_node_is_null(ex.toolkits)) {
        return false; /* restricted, where the tools were not */
    }
    return map_holds(ctx, ex.auth, un->auth, un->nauth) && map_holds(ctx, ex.accounts, un->accounts, un->naccounts);
}

/* An existing `X = <client>.create(<user>...)` (or sessions.create / tool_router.create /
 * toolRouter.create) in `scope` before `before`: its name, and the call. */
typedef struct existing_scan {
    dc_fix_ctx *ctx;
    const dc_session_use *u;
    uint32_t before;
    TSNode scope, anchor;
    const dc_session_union *un; /* what the group's session must hold, exactly */
    bool fetch;                 /* the group fetches tools */
    const char *const *need;    /* the toolkits it must cover */
    uint32_t nneed;
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
    dc_sv name = dc_bound_name(s->ctx, n);
    if (!name.len || memchr(name.p, '.', name.len)) return true;
    /* only a session visible at the anchor (its block encloses the anchor) for the same user
     * value (the user is not reassigned in between) */
    TSNode b = dc_block_of(s->ctx, s->scope, n);
    if (ts_node_is_null(b) || !dc_node_contains(b, s->anchor)) return true;
    if (dc_session_reassigned(s->ctx, s->u->user_key, ts_node_end_byte(n), s->before)) return true;
    if (!holds_exactly(s->ctx, n, s->u->ts, s->un, s->fetch, s->need, s->nneed)) return true;
    s->call = n;
    s->name = name;
    return true; /* keep looking: the last one before the use wins */
}

static bool collect_create(TSNode n, void *vctx) {
    void **c = vctx;
    dc_fix_ctx *ctx = c[0];
    DC_VEC(TSNode) *out = c[1];
    TSNode fn = dc_field(n, "function");
    if (!dc_node_is(fn, "attribute") && !dc_node_is(fn, "member_expression")) return true;
    if (dc_sv_eq_cstr(dc_fix_sv(ctx, dc_field(fn, dc_node_is(fn, "attribute") ? "attribute" : "property")), "create"))
        dc_vec_push(out, n);
    return true;
}

static void read_creates(dc_fix_ctx *ctx, dc_session_plan *pl) {
    static const char *const calls[] = {"call", "call_expression", NULL};
    DC_VEC(TSNode) v = {0};
    void *c[2] = {ctx, &v};
    if (ctx->an->tree) dc_fix_walk_kinds(ctx, ts_tree_root_node(ctx->an->tree), calls, collect_create, c);
    pl->creates = dc_arena_alloc(ctx->arena, (v.len ? v.len : 1) * sizeof *pl->creates);
    if (v.len) memcpy(pl->creates, v.v, v.len * sizeof *v.v);
    pl->ncreates = v.len;
    pl->have_creates = true;
    dc_vec_free(&v);
}

/* scan_existing over the scope's `create` calls before the anchor, in the order a walk of the
 * scope meets them (preorder keeps start bytes in order). */
static void find_existing(dc_fix_ctx *ctx, dc_session_plan *pl, existing_scan *es) {
    if (!pl->have_creates) read_creates(ctx, pl);
    uint32_t s = ts_node_start_byte(es->scope), lo = 0, hi = pl->ncreates;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ts_node_start_byte(pl->creates[mid]) < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (uint32_t k = lo; k < pl->ncreates && ts_node_start_byte(pl->creates[k]) < es->before; k++)
        if (dc_node_contains(es->scope, pl->creates[k])) (void)scan_existing(pl->creates[k], es);
}

bool dc_session_find_existing(dc_fix_ctx *ctx, dc_session_plan *pl, dc_session_group *g, bool fetch) {
    /* an authorize-only session holds no restriction of its own: it must cover their targets */
    const char **need = (const char **)g->un.toolkits;
    uint32_t nneed = g->un.ntoolkits, cap = 0;
    if (!g->un.restrict_) {
        need = NULL;
        nneed = 0;
        for (uint32_t i = g->first; i <= g->last; i++) {
            const dc_session_use *u = &pl->uses.v[i];
            for (uint32_t k = 0; u->group == (int)(g - pl->groups.v) && k < u->ntoolkits; k++)
                if (!listed(need, nneed, u->toolkits[k])) DC_FIX_PUSH(ctx, need, nneed, cap, u->toolkits[k]);
        }
    }
    existing_scan es = {.need = need,
                        .nneed = nneed,
                        .ctx = ctx,
                        .u = &pl->uses.v[g->first],
                        .before = ts_node_start_byte(g->anchor),
                        .scope = g->scope,
                        .anchor = g->anchor,
                        .un = &g->un,
                        .fetch = fetch};
    find_existing(ctx, pl, &es);
    if (ts_node_is_null(es.call)) return false;
    g->existing = es.call;
    g->name = dc_arena_strndup(ctx->arena, es.name.p, es.name.len);
    return true;
}

/* ---- out of loops ------------------------------------------------------------------------------ */

static TSNode unparen(TSNode n) {
    while (dc_node_is(n, "parenthesized_expression")) n = ts_node_named_child(n, 0);
    return n;
}

static bool nonempty_literal(TSNode n) {
    n = unparen(n);
    if (!dc_node_is(n, "list") && !dc_node_is(n, "tuple") && !dc_node_is(n, "array")) return false;
    uint32_t k = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < k; i++)
        if (!dc_node_is_comment(ts_node_named_child(n, i))) return true;
    return false;
}

/* Does the loop provably run its body at least once? `do ... while`, `while True`, `for (;;)`,
 * a loop over a non-empty literal list, `range(N)` with a literal N >= 1. */
static bool runs_once(dc_fix_ctx *ctx, TSNode loop) {
    if (dc_node_is(loop, "do_statement")) return true;
    TSNode cond = unparen(dc_field(loop, "condition"));
    dc_sv c = dc_fix_sv(ctx, cond);
    if (dc_node_is(loop, "while_statement")) return dc_sv_eq_cstr(c, "True") || dc_sv_eq_cstr(c, "true");
    if (dc_node_is(loop, "for_statement") && dc_lang_family(ctx->an->src->lang) == DC_FAMILY_TS)
        return ts_node_is_null(cond) || dc_sv_eq_cstr(c, ";") || dc_sv_eq_cstr(c, "true;");
    TSNode right = unparen(dc_field(loop, "right"));
    if (nonempty_literal(right)) return true;
    if (!dc_node_is(right, "call") || !dc_sv_eq_cstr(dc_fix_sv(ctx, dc_field(right, "function")), "range"))
        return false;
    TSNode args = dc_field(right, "arguments");
    if (ts_node_named_child_count(args) != 1 || !dc_node_is(ts_node_named_child(args, 0), "integer")) return false;
    dc_sv n = dc_fix_sv(ctx, ts_node_named_child(args, 0));
    return n.len && !(n.len == 1 && n.p[0] == '0');
}

static bool has_call(dc_sv key) { return memchr(key.p, '(', key.len) != NULL; }

void dc_session_hoist(dc_fix_ctx *ctx, dc_session_plan *pl, dc_session_group *g) {
    const dc_session_use *u = &pl->uses.v[g->first];
    if (has_call(u->user_key) || has_call(u->client_key)) return;
    for (;;) {
        TSNode loop = dc_fix_parent(ctx, g->block);
        if (!dc_session_is_loop(loop) || ts_node_eq(loop, g->scope) || !dc_node_contains(g->scope, loop)) return;
        uint32_t s = ts_node_start_byte(loop), e = ts_node_end_byte(loop);
        if (dc_session_reassigned(ctx, u->user_key, s, e) || dc_session_reassigned(ctx, u->client_key, s, e)) return;
        TSNode outer = dc_block_of(ctx, g->scope, loop);
        if (ts_node_is_null(outer)) return;
        g->block = outer;
        g->anchor = dc_statement_in(ctx, outer, loop);
        if (!runs_once(ctx, loop) && g->app == DC_APP_SAFE) {
            g->app = DC_APP_UNSAFE;
            g->why = "the session is created once before the loop, also when the loop runs zero times (the original "
                     "made no call then)";
        }
    }
}

/* ---- names ----------------------------------------------------------------------------------- */

/* The toolkits a session's name says: its restriction, else its authorize targets. */
static uint32_t name_toolkits(const dc_session_plan *pl, const dc_session_group *g, const char **out) {
    uint32_t n = 0;
    if (g->un.restrict_) {
        for (uint32_t i = 0; i < g->un.ntoolkits && n < 4; i++) out[n++] = g->un.toolkits[i];
        return n;
    }
    int gi = (int)(g - pl->groups.v);
    for (uint32_t i = g->first; i <= g->last && n < 4; i++) {
        const dc_session_use *u = &pl->uses.v[i];
        for (uint32_t k = 0; u->group == gi && k < u->ntoolkits && n < 4; k++) {
            bool dup = false;
            for (uint32_t j = 0; j < n && !dup; j++) dup = !strcmp(out[j], u->toolkits[k]);
            if (!dup) out[n++] = u->toolkits[k];
        }
    }
    return n;
}

const char *dc_session_base_name(dc_fix_ctx *ctx, const dc_session_plan *pl, const dc_session_group *g, bool fetch,
                                 bool several) {
    const char *tk[4];
    uint32_t n = name_toolkits(pl, g, tk);
    if (!several || (fetch && !g->un.restrict_) || !n || n > 3) return "session";
    dc_buf b = DC_BUF_INIT;
    for (uint32_t i = 0; i < n; i++) {
        for (const char *p = tk[i]; *p; p++) {
            char c = (char)tolower((unsigned char)*p);
            bool ok = isalnum((unsigned char)c);
            if (ok || (b.len && b.p[b.len - 1] != '_')) dc_buf_addc(&b, ok ? c : '_');
        }
        if (b.len && b.p[b.len - 1] != '_') dc_buf_addc(&b, '_');
    }
    dc_buf_adds(&b, "session");
    /* a readable name, not a list: past 32 characters, the plain one */
    const char *name = isalpha((unsigned char)b.p[0]) && b.len <= 32 ? dc_arena_strdup(ctx->arena, b.p) : "session";
    dc_buf_free(&b);
    return name;
}
