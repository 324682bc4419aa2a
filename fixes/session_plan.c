/* session_plan.c: the second step of the session planner (session_p.h): the file's uses (read by
 * session_read.c and session_read_legacy.c) grouped into sessions, one per client, user and
 * scope unless the user is reassigned between two uses, and each group's session decided:
 * where its statement goes, what it holds, and whether an existing one is reused. Kept in the
 * fix context (ctx->session) for every session fixer of the file. */
#include <ctype.h>
#include <stdlib.h>

#include "fixes/imports.h"
#include "fixes/session_p.h"

/* Is any identifier of `key` (a normalised expression) assigned inside [start, end)? Asked for
 * every pair of uses that might share a session and for every existing session, so the file's
 * assignment targets are read once (a walk of the scope per question was quadratic: 45,000
 * uses in one module took minutes) and kept sorted by their leading name, then start. */
typedef struct dc_assign_target {
    dc_sv norm;     /* the target, normalised */
    dc_sv lead;     /* its leading run of letters, digits and `_` */
    uint32_t start; /* where the target starts */
} dc_assign_target;

static bool ident_byte(char c) { return isalnum((unsigned char)c) || c == '_'; }

static dc_sv lead_of(dc_sv t) {
    uint32_t n = 0;
    while (n < t.len && ident_byte(t.p[n])) n++;
    return dc_sv_from(t.p, n);
}

typedef struct assign_scan {
    dc_fix_ctx *ctx;
    DC_VEC(dc_assign_target) v;
} assign_scan;

static bool scan_assign(TSNode n, void *vctx) {
    assign_scan *s = vctx;
    TSNode target = {0};
    if (dc_node_is(n, "variable_declarator"))
        target = dc_field(n, "name");
    else
        target = dc_field(n, "left"); /* assignments, for loops */
    if (ts_node_is_null(target)) return true;
    dc_sv t = dc_fix_norm(s->ctx, target);
    dc_vec_push(&s->v, ((dc_assign_target){t, lead_of(t), ts_node_start_byte(target)}));
    return true;
}

static int cmp_target(const void *pa, const void *pb) {
    const dc_assign_target *a = pa, *b = pb;
    uint32_t n = a->lead.len < b->lead.len ? a->lead.len : b->lead.len;
    int c = n ? memcmp(a->lead.p, b->lead.p, n) : 0;
    if (c || a->lead.len != b->lead.len) return c ? c : a->lead.len < b->lead.len ? -1 : 1;
    return a->start < b->start ? -1 : a->start > b->start;
}

static void read_targets(dc_fix_ctx *ctx, dc_session_plan *pl) {
    static const char *const kinds[] = {"assignment", "augmented_assignment", "assignment_expression",
                                        "augmented_assignment_expression", "for_statement", "for_in_statement",
                                        "variable_declarator", NULL};
    assign_scan s = {ctx, {0}};
    if (ctx->an->tree) dc_fix_walk_kinds(ctx, ts_tree_root_node(ctx->an->tree), kinds, scan_assign, &s);
    if (s.v.len > 1) qsort(s.v.v, s.v.len, sizeof *s.v.v, cmp_target);
    pl->targets = dc_arena_alloc(ctx->arena, (s.v.len ? s.v.len : 1) * sizeof *pl->targets);
    if (s.v.len) memcpy(pl->targets, s.v.v, s.v.len * sizeof *s.v.v);
    pl->ntargets = s.v.len;
    pl->have_targets = true;
    dc_vec_free(&s.v);
}

/* The original question for one target: does it start with the key's leading name (letters,
 * digits, `_`, `$`) followed by something that cannot continue a Python name? */
static bool target_names(const dc_assign_target *t, dc_sv key, uint32_t kl) {
    return t->norm.len >= kl && memcmp(t->norm.p, key.p, kl) == 0 && (t->norm.len == kl || !ident_byte(t->norm.p[kl]));
}

/* Only a binding that happens inside the range counts: the header of a loop around the range
 * (`for uid in users:`) binds before it, once per iteration, which is fine. Every target in the
 * scope's subtree counts, nested functions included, and every range asked about lies in the
 * scope of its uses, so a target inside the range is one of the scope's. */
static bool user_reassigned(dc_fix_ctx *ctx, dc_sv key, uint32_t start, uint32_t end) {
    dc_session_plan *pl = ctx->session;
    if (!pl->have_targets) read_targets(ctx, pl);
    uint32_t kl = 0;
    bool dollar = false;
    while (kl < key.len && (ident_byte(key.p[kl]) || key.p[kl] == '$')) dollar |= key.p[kl++] == '$';
    if (!kl) return false;
    if (dollar) { /* a JS name with `$`: not a leading run of the sort key, so every target is asked */
        for (uint32_t i = 0; i < pl->ntargets; i++)
            if (pl->targets[i].start >= start && pl->targets[i].start < end && target_names(&pl->targets[i], key, kl))
                return true;
        return false;
    }
    /* without `$`, a target names the key exactly when its leading run is the key's */
    dc_assign_target want = {{0}, dc_sv_from(key.p, kl), start};
    uint32_t lo = 0, hi = pl->ntargets;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (cmp_target(&pl->targets[mid], &want) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < pl->ntargets && dc_sv_eq(pl->targets[lo].lead, want.lead) && pl->targets[lo].start < end;
}

bool dc_session_is_loop(TSNode n) {
    return dc_node_is(n, "for_statement") || dc_node_is(n, "while_statement") || dc_node_is(n, "for_in_statement") ||
           dc_node_is(n, "do_statement") || dc_node_is(n, "async_for_statement");
}

bool dc_session_reassigned(dc_fix_ctx *ctx, dc_sv key, uint32_t start, uint32_t end) {
    return user_reassigned(ctx, key, start, end);
}

/* The range in which a reassignment of the user would make two uses see different users:
 * from the first use to the last, widened to the whole of any loop that holds one use but not
 * the other (the next iteration runs the loop's start again). */
static void sharing_range(dc_fix_ctx *ctx, TSNode a, TSNode b, uint32_t *start, uint32_t *end) {
    *start = ts_node_start_byte(a);
    *end = ts_node_end_byte(b);
    for (TSNode p = dc_fix_parent(ctx, a); !ts_node_is_null(p); p = dc_fix_parent(ctx, p))
        if (dc_session_is_loop(p) && !dc_node_contains(p, b) && ts_node_start_byte(p) < *start)
            *start = ts_node_start_byte(p);
    for (TSNode p = dc_fix_parent(ctx, b); !ts_node_is_null(p); p = dc_fix_parent(ctx, p))
        if (dc_session_is_loop(p) && !dc_node_contains(p, a) && ts_node_end_byte(p) > *end) *end = ts_node_end_byte(p);
}

/* The uses that may share a session (same scope, client and user) next to each other, in file
 * order within each run: one sort, where comparing every use with every later one was quadratic
 * (45,000 uses in one module took minutes). */
static int cmp_sv(dc_sv a, dc_sv b) {
    uint32_t n = a.len < b.len ? a.len : b.len;
    int c = n ? memcmp(a.p, b.p, n) : 0;
    return c ? c : a.len < b.len ? -1 : a.len > b.len;
}

static int cmp_sharing(const void *pa, const void *pb, void *vpl) {
    const dc_session_plan *pl = vpl;
    int a = *(const int *)pa, b = *(const int *)pb;
    const dc_session_use *x = &pl->uses.v[a], *y = &pl->uses.v[b];
    uintptr_t sx = (uintptr_t)x->scope.id, sy = (uintptr_t)y->scope.id;
    if (sx != sy) return sx < sy ? -1 : 1;
    int c = cmp_sv(x->client_key, y->client_key);
    if (!c) c = cmp_sv(x->user_key, y->user_key);
    return c ? c : a < b ? -1 : a > b;
}

/* Past this many later uses of the same user that a reassignment keeps apart from a group's first,
 * the group stops looking (they get sessions of their own, which is correct, only not shared). */
#define DC_SESSION_MAX_MISSES 256u

static bool is_fetch(const dc_session_use *u) { return u->method && strcmp(u->method, "tools") == 0; }

static bool has_toolkit(const dc_session_use *u, const char *t) {
    for (uint32_t i = 0; i < u->ntoolkits; i++)
        if (strcmp(u->toolkits[i], t) == 0) return true;
    return false;
}

/* Does the fetch `f` serve every toolkit of `u`? */
static bool covers(const dc_session_use *f, const dc_session_use *u) {
    if (f->unrestricted) return true;
    for (uint32_t i = 0; i < u->ntoolkits; i++)
        if (!has_toolkit(f, u->toolkits[i])) return false;
    return true;
}

/* What a group holds so far: its fetch (the toolkit set every other fetch must equal), its
 * authorize targets and its auth configs (distinct; arena arrays). */
typedef struct group_state {
    int fetch;
    const char **tk;
    uint32_t ntk, cap_tk;
    dc_session_kv *auth;
    uint32_t nauth, cap_auth;
} group_state;

static bool fetch_covers(const dc_session_use *f, const char *t) { return f->unrestricted || has_toolkit(f, t); }

/* May `v` join the group? Never widen: a fetch joins only a group whose fetches have exactly its
 * toolkit set (identical sets share one session) and whose authorize targets it covers; an
 * authorize call joins a group whose tools cover its toolkit; no two auth configs for a toolkit. */
static bool fits(const dc_session_plan *pl, const group_state *gs, const dc_session_use *v) {
    if (is_fetch(v)) {
        if (gs->fetch >= 0) {
            const dc_session_use *f = &pl->uses.v[gs->fetch];
            if (f->unrestricted != v->unrestricted || !covers(f, v) || !covers(v, f)) return false;
        } else {
            for (uint32_t i = 0; i < gs->ntk; i++)
                if (!fetch_covers(v, gs->tk[i])) return false;
        }
    } else if (gs->fetch >= 0 && !covers(&pl->uses.v[gs->fetch], v)) {
        return false;
    }
    for (uint32_t a = 0; a < gs->nauth; a++)
        for (uint32_t b = 0; b < v->nauth; b++)
            if (!strcmp(gs->auth[a].key, v->auth[b].key) && strcmp(gs->auth[a].value, v->auth[b].value)) return false;
    return true;
}

/* Uses share a session only when the later one runs inside the block that holds the first (the
 * session goes before the first): never across the branches of an if/elif/else, match or switch,
 * nor from inside a loop or try body to after it. */
static bool same_branch(dc_fix_ctx *ctx, const dc_session_use *first, const dc_session_use *v) {
    TSNode b = dc_block_of(ctx, first->scope, first->call);
    return !ts_node_is_null(b) && dc_node_contains(b, v->call);
}

static void group_add(dc_fix_ctx *ctx, dc_session_plan *pl, dc_session_group *g, group_state *gs, int gi,
                      uint32_t j) {
    dc_session_use *v = &pl->uses.v[j];
    v->group = gi;
    if (gs->fetch < 0 && is_fetch(v)) gs->fetch = (int)j;
    for (uint32_t k = 0; !is_fetch(v) && k < v->ntoolkits; k++) {
        bool have = false;
        for (uint32_t i = 0; i < gs->ntk && !have; i++) have = !strcmp(gs->tk[i], v->toolkits[k]);
        if (!have) DC_FIX_PUSH(ctx, gs->tk, gs->ntk, gs->cap_tk, v->toolkits[k]);
    }
    for (uint32_t k = 0; k < v->nauth; k++) {
        bool have = false;
        for (uint32_t i = 0; i < gs->nauth && !have; i++) have = !strcmp(gs->auth[i].key, v->auth[k].key);
        if (!have) DC_FIX_PUSH(ctx, gs->auth, gs->nauth, gs->cap_auth, v->auth[k]);
    }
    if (j < g->first) g->first = j;
    if (j > g->last) g->last = j;
    if (v->app < g->app) {
        g->app = v->app;
        g->why = v->why;
    }
}

/* The later uses of the run that share u's session. */
static void grow_group(dc_fix_ctx *ctx, dc_session_plan *pl, const int *order, uint32_t from, uint32_t i, int gi,
                       group_state *gs) {
    dc_session_use *u = &pl->uses.v[i];
    dc_session_group *g = &pl->groups.v[gi];
    uint32_t misses = 0, n = pl->uses.len;
    for (uint32_t k = from; k < n && misses < DC_SESSION_MAX_MISSES; k++) {
        uint32_t j = (uint32_t)order[k];
        dc_session_use *v = &pl->uses.v[j];
        if (!ts_node_eq(v->scope, u->scope) || !dc_sv_eq(v->client_key, u->client_key) ||
            !dc_sv_eq(v->user_key, u->user_key))
            break; /* the end of the run */
        if (v->app == DC_APP_MANUAL || v->group >= 0 || v->expr_form || v->join >= 0) continue;
        if (!same_branch(ctx, u, v) || !fits(pl, gs, v)) continue;
        uint32_t rs, re;
        sharing_range(ctx, u->call, v->call, &rs, &re);
        if (user_reassigned(ctx, u->user_key, rs, re)) {
            misses++;
            continue; /* another value of the same expression: its own session */
        }
        group_add(ctx, pl, g, gs, gi, j);
    }
}

static void plan_groups(dc_fix_ctx *ctx, dc_session_plan *pl) {
    uint32_t n = pl->uses.len;
    int *order = dc_arena_alloc(ctx->arena, (n ? n : 1) * sizeof *order);
    uint32_t *at = dc_arena_alloc(ctx->arena, (n ? n : 1) * sizeof *at);
    group_state gs = {0};
    for (uint32_t i = 0; i < n; i++) order[i] = (int)i;
    if (n > 1) qsort_r(order, n, sizeof *order, cmp_sharing, pl);
    for (uint32_t k = 0; k < n; k++) at[order[k]] = k;
    for (uint32_t i = 0; i < n; i++) {
        dc_session_use *u = &pl->uses.v[i];
        if (u->app == DC_APP_MANUAL || u->group >= 0) continue;
        dc_session_group g0 = {0};
        g0.first = g0.last = i;
        g0.scope = u->scope;
        g0.app = u->app;
        g0.why = u->why;
        int gi = (int)pl->groups.len;
        dc_vec_push(&pl->groups, g0);
        gs = (group_state){.fetch = -1};
        group_add(ctx, pl, &pl->groups.v[gi], &gs, gi, i);
        if (u->join >= 0) { /* a join's uses: one session, the union (session_flow.c) */
            for (uint32_t j = i + 1; j < n; j++)
                if (pl->uses.v[j].join == u->join) group_add(ctx, pl, &pl->groups.v[gi], &gs, gi, j);
        } else if (!u->expr_form) {
            grow_group(ctx, pl, order, at[i] + 1, i, gi, &gs);
        }
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
 * else the toolkits its uses name (restricted tools, authorize targets). An ambiguous one makes
 * the session unsafe. */
static void carry_auth(dc_fix_ctx *ctx, dc_session_plan *pl, dc_session_group *g) {
    const dc_authmap *map = dc_fix_auth(ctx);
    bool ts = pl->uses.v[g->first].ts, tools = false;
    dc_create_args ex = {0};
    if (!map->toolkits.len) return;
    for (uint32_t i = g->first; i <= g->last; i++)
        tools |= pl->uses.v[i].group == (int)(g - pl->groups.v) && pl->uses.v[i].kind == DC_USE_TOOLS_GET;
    bool all = tools && !g->un.restrict_;
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

/* A scope gets at most this many new sessions; the groups past it are manual. Each new name is
 * checked against the scope's earlier ones, so the names of n sessions cost n^2 (45,000 users in
 * one module took minutes); no real scope comes near. */
#define DC_SESSION_MAX_PER_SCOPE 100u

/* The groups of one scope, chained: prev[gi] is the one before gi with the same scope (-1: none),
 * from one sort (a scan of all earlier groups per group was quadratic). */
static int cmp_scope(const void *pa, const void *pb, void *vpl) {
    const dc_session_plan *pl = vpl;
    int a = *(const int *)pa, b = *(const int *)pb;
    uintptr_t x = (uintptr_t)pl->groups.v[a].scope.id, y = (uintptr_t)pl->groups.v[b].scope.id;
    if (x != y) return x < y ? -1 : 1;
    return a < b ? -1 : a > b;
}

static int *same_scope_prev(dc_fix_ctx *ctx, dc_session_plan *pl, bool **several) {
    uint32_t n = pl->groups.len;
    int *order = dc_arena_alloc(ctx->arena, (n ? n : 1) * sizeof *order);
    int *prev = dc_arena_alloc(ctx->arena, (n ? n : 1) * sizeof *prev);
    *several = dc_arena_alloc(ctx->arena, (n ? n : 1) * sizeof **several);
    for (uint32_t i = 0; i < n; i++) order[i] = (int)i;
    if (n > 1) qsort_r(order, n, sizeof *order, cmp_scope, pl);
    for (uint32_t i = 0; i < n; i++)
        prev[order[i]] = i && ts_node_eq(pl->groups.v[order[i - 1]].scope, pl->groups.v[order[i]].scope) ? order[i - 1]
                                                                                                         : -1;
    /* several statement sessions in one scope: each is named by its toolkits */
    for (uint32_t i = 0, j; i < n; i = j) {
        uint32_t stmts = 0;
        for (j = i; j < n && ts_node_eq(pl->groups.v[order[j]].scope, pl->groups.v[order[i]].scope); j++)
            stmts += !pl->uses.v[pl->groups.v[order[j]].first].expr_form;
        for (uint32_t k = i; k < j; k++) (*several)[order[k]] = stmts > 1;
    }
    return prev;
}

static char *camel_case(dc_fix_ctx *ctx, const char *name) {
    char *camel = dc_arena_strdup(ctx->arena, name), *o = camel;
    for (const char *p = name; *p; p++) {
        if (*p == '_' && p[1]) {
            p++;
            *o++ = (char)toupper((unsigned char)*p);
        } else {
            *o++ = *p;
        }
    }
    *o = 0;
    return camel;
}

/* `named` chains each group to the scope's previous group with a name (-1: none). */
static const char *pick_name(dc_fix_ctx *ctx, dc_session_plan *pl, int gi, const int *named, uint32_t at,
                             const char *base) {
    /* the names of the scope's earlier sessions */
    uint32_t ntaken = 0;
    for (int i = named[gi]; i >= 0; i = named[i]) ntaken++;
    const char **taken = dc_arena_alloc(ctx->arena, ((size_t)ntaken + 1) * sizeof *taken);
    ntaken = 0;
    for (int i = named[gi]; i >= 0; i = named[i]) taken[ntaken++] = pl->groups.v[i].name;
    if (!pl->names) pl->names = dc_name_cache_new(ctx->arena);
    dc_import_ctx ic = {ctx->arena, ctx->an->src, ctx->an->tree, dc_fix_index(ctx), dc_fix_style(ctx), pl->names};
    /* devcaster_session for a plain one; github_session_2, not devcaster_github_session */
    const char *prefix = strcmp(base, "session") == 0 ? dc_profile_names_get(ctx->an->profile)->name : NULL;
    if (dc_lang_family(ctx->an->src->lang) != DC_FAMILY_TS) return dc_fresh_name(&ic, at, base, prefix, taken, ntaken);
    /* TS/JS names are camelCase: devcaster_session -> devcasterSession, slack_session_2 -> slackSession2 */
    for (uint32_t k = 0; k < 64; k++) {
        if (k == 1 && !prefix) continue;
        const char *cand = k == 0   ? base
                           : k == 1 ? dc_arena_printf(ctx->arena, "%s_%s", prefix, base)
                                    : dc_arena_printf(ctx->arena, "%s_%u", base, k);
        char *camel = camel_case(ctx, cand);
        const char *got = dc_fresh_name(&ic, at, camel, NULL, taken, ntaken);
        if (strcmp(got, camel) == 0) return got;
    }
    return dc_fresh_name(&ic, at, camel_case(ctx, base), NULL, taken, ntaken);
}

static bool group_fetches(const dc_session_plan *pl, int gi) {
    const dc_session_group *g = &pl->groups.v[gi];
    for (uint32_t i = g->first; i <= g->last; i++)
        if (pl->uses.v[i].group == gi && pl->uses.v[i].method && !strcmp(pl->uses.v[i].method, "tools")) return true;
    return false;
}

/* Where the group's session statement goes: the innermost block holding every use, out of the
 * loops it need not run in, before the statement holding the first use. False (manual) when
 * there is none. */
static bool place_group(dc_fix_ctx *ctx, dc_session_plan *pl, int gi) {
    dc_session_group *g = &pl->groups.v[gi];
    const dc_session_use *first = &pl->uses.v[g->first];
    TSNode block = dc_block_of(ctx, g->scope, first->call);
    for (uint32_t i = g->first; i <= g->last && !ts_node_is_null(block); i++) {
        const dc_session_use *u = &pl->uses.v[i];
        if (u->group != gi) continue;
        while (!ts_node_is_null(block) && !dc_node_contains(block, u->call)) block = dc_block_of(ctx, g->scope, block);
    }
    if (ts_node_is_null(block)) {
        g->app = DC_APP_MANUAL;
        g->why = "no statement block to put the session in";
        return false;
    }
    g->block = block;
    g->anchor = dc_statement_in(ctx, block, first->call);
    dc_session_hoist(ctx, pl, g);
    for (uint32_t i = g->first; i <= g->last; i++) {
        const dc_session_use *u = &pl->uses.v[i];
        if (u->group != gi) continue;
        for (TSNode p = dc_fix_parent(ctx, u->call); !ts_node_is_null(p) && !ts_node_eq(p, g->block);
             p = dc_fix_parent(ctx, p)) {
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
    return true;
}

/* Decides each group's session: where it goes (place_group), what it holds (the union of the
 * uses' contributions), and whether the scope already creates exactly that one for the user to
 * reuse, else the name of a new one. A use in expression form gets its session in place. The
 * edits follow from these decisions (session_emit.c). */
static void plan_sessions(dc_fix_ctx *ctx, dc_session_plan *pl) {
    bool *several;
    int *prev = same_scope_prev(ctx, pl, &several);
    int *named = dc_arena_alloc(ctx->arena, (pl->groups.len ? pl->groups.len : 1) * sizeof *named);
    uint32_t *nnamed = dc_arena_alloc(ctx->arena, (pl->groups.len ? pl->groups.len : 1) * sizeof *nnamed);
    for (uint32_t gi = 0; gi < pl->groups.len; gi++) {
        dc_session_group *g = &pl->groups.v[gi];
        int pg = prev[gi]; /* decided already: groups go in order */
        named[gi] = pg < 0 ? -1 : pl->groups.v[pg].name ? pg : named[pg];
        nnamed[gi] = pg < 0 ? 0 : nnamed[pg] + (pl->groups.v[pg].name != NULL);
        bool expr = pl->uses.v[g->first].expr_form, fetch = group_fetches(pl, (int)gi);
        if (!expr && !place_group(ctx, pl, (int)gi)) continue;
        build_union(ctx, pl, (int)gi, &g->un);
        if (g->un.conflict) {
            g->app = DC_APP_MANUAL;
            g->why = g->un.conflict;
            continue;
        }
        carry_auth(ctx, pl, g);
        if (expr || dc_session_find_existing(ctx, pl, g, fetch)) continue;
        if (!anchor_ok(ctx, g->anchor, &g->line_start)) {
            g->app = DC_APP_MANUAL;
            g->why = "the statement shares its line with another; split it first";
            continue;
        }
        if (nnamed[gi] >= DC_SESSION_MAX_PER_SCOPE) {
            g->app = DC_APP_MANUAL;
            g->why = "this scope would get more than 100 new sessions; create them by hand";
            continue;
        }
        uint32_t at = ts_node_start_byte(g->anchor);
        g->name = pick_name(ctx, pl, (int)gi, named, at, dc_session_base_name(ctx, pl, g, fetch, several[gi]));
        if (!several[gi] && strcmp(g->name, "session") != 0) { /* `session` is taken: say which one it is */
            const char *tk = dc_session_base_name(ctx, pl, g, fetch, true);
            if (strcmp(tk, "session") != 0) g->name = pick_name(ctx, pl, (int)gi, named, at, tk);
        }
    }
}

/* Session calls nested in each other's arguments (`dc.tools.get(dc.tools.get(...))`): each one's
 * user and arguments hold the text of all inside it, so reading and rewriting every level copies
 * the nest once per level (2 MB of it needed gigabytes). A call holding this many others is
 * manual; below that, a byte of the file is in at most this many rewrites. */
#define DC_SESSION_MAX_NESTED 8u

static bool is_session_finding(const dc_finding *f) {
    return f->rule->fixer && (strcmp(f->rule->fixer, "tools-get") == 0 || strcmp(f->rule->fixer, "connect-link") == 0);
}

/* Marks the session findings that hold DC_SESSION_MAX_NESTED others (findings are sorted by
 * start: those inside one follow it), or more than DC_SESSION_MAX_INSIDE findings of any rule,
 * which bounds this scan too. */
#define DC_SESSION_MAX_INSIDE 4096u

static bool *nested_too_deep(dc_fix_ctx *ctx) {
    const dc_finding_list *fl = &ctx->an->findings;
    bool *deep = dc_arena_alloc(ctx->arena, (fl->len ? fl->len : 1) * sizeof *deep);
    for (uint32_t i = 0; i < fl->len; i++) {
        if (!is_session_finding(&fl->v[i])) continue;
        uint32_t inside = 0, j = i + 1;
        for (; j < fl->len && fl->v[j].range.start < fl->v[i].range.end && j - i <= DC_SESSION_MAX_INSIDE; j++)
            if (is_session_finding(&fl->v[j]) && ++inside >= DC_SESSION_MAX_NESTED) break;
        deep[i] = inside >= DC_SESSION_MAX_NESTED || j - i > DC_SESSION_MAX_INSIDE;
    }
    return deep;
}

dc_session_plan *dc_session_plan_of(dc_fix_ctx *ctx) {
    if (ctx->session) return ctx->session;
    dc_session_plan *pl = dc_arena_alloc(ctx->arena, sizeof *pl);
    ctx->session = pl;
    pl->style = *dc_fix_style(ctx);
    pl->use_of = dc_arena_alloc(ctx->arena, (ctx->an->findings.len ? ctx->an->findings.len : 1) * sizeof *pl->use_of);
    bool *deep = nested_too_deep(ctx);
    for (uint32_t i = 0; i < ctx->an->findings.len; i++) {
        dc_finding *f = &ctx->an->findings.v[i];
        if (!f->rule->fixer) continue;
        if (deep[i]) {
            dc_session_use u = {.f = f, .ts = dc_lang_family(ctx->an->src->lang) == DC_FAMILY_TS};
            (void)dc_finding_capture(f, "match", &u.call);
            u.app = DC_APP_MANUAL;
            u.why = "other SDK calls are nested in its arguments: rewrite them first, then this one";
            dc_session_finish_use(ctx, pl, &u);
        } else if (is_session_finding(f)) {
            dc_session_read(ctx, pl, f);
        } else {
            dc_session_use u = {0};
            u.f = f;
            u.app = DC_APP_SAFE;
            u.ts = dc_lang_family(ctx->an->src->lang) == DC_FAMILY_TS;
            if (dc_session_read_legacy(ctx, f, &u)) dc_session_finish_use(ctx, pl, &u);
        }
    }
    dc_session_read_flow(ctx, pl);
    plan_groups(ctx, pl);
    plan_sessions(ctx, pl);
    return pl;
}

void dc_session_plan_free(dc_session_plan *pl) {
    if (!pl) return;
    dc_vec_free(&pl->uses);
    dc_vec_free(&pl->groups);
    dc_vec_free(&pl->joins);
}
