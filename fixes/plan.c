/* plan.c: the run of the fixers over one analysis, and the checks every fix goes through before
 * anyone may apply it (see plan.h). */
#include "fixes/plan.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/engine.h"
#include "common/base.h"
#include "common/recover.h"
#include "syntax/nodeindex.h"
#include "fixes/legacy_model_p.h"
#include "fixes/fixers_p.h"
#include "syntax/errors.h"
#include "syntax/occ.h"

/* Does [start,end) contain a comment whose text the replacement does not keep? Descends only
 * into children that overlap the range (a cursor jump per level, not a scan of every child of
 * the root), so the check stays cheap on large files. */
static bool comment_kept(const char *src, TSNode c, const dc_edit *e) {
    uint32_t s = ts_node_start_byte(c), len = ts_node_end_byte(c) - s;
    if (!e->text || e->len < len) return false;
    for (uint32_t i = 0; i + len <= e->len; i++)
        if (memcmp(e->text + i, src + s, len) == 0) return true;
    return false;
}

static bool deletes_comment(dc_fix_ctx *ctx, const char *src, uint32_t start, uint32_t end, const dc_edit *e) {
    /* only the smallest node spanning the range can hold a comment inside it */
    TSNode top = dc_node_index_descendant(dc_fix_index(ctx), ts_tree_root_node(ctx->an->tree), start,
                                          end > start ? end - 1 : start);
    while (!ts_node_is_null(dc_fix_parent(ctx, top)) && (ts_node_start_byte(top) > start || ts_node_end_byte(top) < end))
        top = dc_fix_parent(ctx, top);
    TSTreeCursor c = ts_tree_cursor_new(top);
    bool hit = false;
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        uint32_t s = ts_node_start_byte(n), en = ts_node_end_byte(n);
        bool overlaps = s < end && en > start;
        if (overlaps && s >= start && en <= end && dc_node_is_comment(n) && !comment_kept(src, n, e)) {
            hit = true;
            break;
        }
        if (overlaps && ts_tree_cursor_goto_first_child(&c)) continue;
        if (!dc_cursor_skip(&c)) break;
    }
    ts_tree_cursor_delete(&c);
    return hit;
}

/* ---- trigger calls are never edited --------------------------------------------------------- */

typedef DC_VEC(dc_range) range_vec;

static bool is_trigger_call(const dc_source *src, TSNode n) {
    if (!dc_node_is_call(n)) return false;
    TSNode fn = dc_field(n, "function");
    bool py = dc_node_is(fn, "attribute");
    if (!py && !dc_node_is(fn, "member_expression")) return false;
    TSNode method = dc_field(fn, py ? "attribute" : "property");
    dc_sv m = dc_node_sv(src, method);
    /* legacy trigger APIs (sdk-reference.md section 4) */
    if (dc_sv_eq_cstr(m, "create_trigger_listener") || dc_sv_eq_cstr(m, "enable_trigger") ||
        dc_sv_eq_cstr(m, "disable_trigger") || dc_sv_eq_cstr(m, "setupTrigger") || dc_sv_eq_cstr(m, "enableTrigger"))
        return true;
    /* anything.triggers.method(...) */
    TSNode obj = dc_field(fn, "object");
    if (!dc_node_is_member(obj)) return false;
    TSNode ns = dc_field(obj, py ? "attribute" : "property");
    return dc_sv_eq_cstr(dc_node_sv(src, ns), "triggers");
}

typedef struct trigger_scan {
    dc_fix_ctx *ctx;
    const dc_source *src;
    range_vec *out;
    dc_occ rigger; /* where "rigger" (of trigger, Trigger) occurs: a trigger call holds one */
} trigger_scan;

static bool collect_trigger(TSNode n, void *vctx) {
    trigger_scan *t = vctx;
    if (!dc_occ_within(&t->rigger, 6, ts_node_start_byte(n), ts_node_end_byte(n))) return true;
    if (is_trigger_call(t->src, n)) {
        TSNode p = dc_fix_parent(t->ctx, n);
        /* a decorator (`@listener.callback(...)`) guards the whole decorated function header */
        dc_range r = {ts_node_start_byte(n), ts_node_end_byte(n)};
        if (dc_node_is(p, "decorator")) r.start = ts_node_start_byte(p);
        dc_vec_push(t->out, r);
    }
    return true;
}

static bool touches_trigger(const range_vec *tr, const dc_edit *e) {
    for (uint32_t i = 0; i < tr->len; i++) {
        const dc_range *r = &tr->v[i];
        if (e->start == e->end ? (e->start > r->start && e->start < r->end) : (e->start < r->end && r->start < e->end))
            return true;
    }
    return false;
}

static void check_fix(dc_fix_ctx *ctx, dc_finding *f, const range_vec *triggers) {
    dc_fix *fix = f->fix;
    if (!fix || fix->app <= DC_APP_MANUAL) return;
    for (uint32_t i = 0; i < fix->nedits; i++) {
        if (touches_trigger(triggers, &fix->edits[i])) {
            fix->app = DC_APP_MANUAL;
            fix->why = "the rewrite would touch a trigger call, and triggers are never edited; migrate by hand";
            return;
        }
    }
    for (uint32_t i = 0; i < fix->nedits; i++) {
        const dc_edit *e = &fix->edits[i];
        if (dc_range_touches_error(ctx->an->tree, e->start, e->end)) {
            fix->app = DC_APP_MANUAL;
            fix->why = "the code around it has syntax errors; fix those first";
            return;
        }
    }
    if (fix->app == DC_APP_SAFE && ctx->an->tree) {
        for (uint32_t i = 0; i < fix->nedits; i++) {
            const dc_edit *e = &fix->edits[i];
            if (e->end > e->start && deletes_comment(ctx, ctx->an->src->data, e->start, e->end, e)) {
                fix->app = DC_APP_UNSAFE;
                fix->why = "the fix would delete a comment";
                break;
            }
        }
    }
}

/* Test hook (tests/test_hardening_robust.py): DC_TEST_FIXER_FAULT=KIND:NAME makes fix planning
 * fail on files whose path ends in NAME, the way a broken fixer would, to show that the run goes
 * on (common/recover.h). KIND: `segv` writes through a null pointer; `stack` recurses without
 * end (a stack overflow); `nomem` fails as an allocation that returned NULL does; `budget`
 * allocates until the file's memory budget is exceeded (512 MB at most); `hang` loops as a long
 * walk does, polling for stop signals; `spin` loops without polling. Unset: nothing happens. */
static volatile uintptr_t null_address; /* not a constant the compiler could turn into a trap */

static volatile unsigned no_limit = UINT32_MAX;

static unsigned recurse(unsigned n) {
    volatile char frame[1024];
    frame[0] = (char)n;
    return n >= no_limit ? 0 : recurse(n + 1) + frame[0];
}

static void test_fault(const dc_fix_ctx *ctx) {
    const char *spec = getenv("DC_TEST_FIXER_FAULT"), *colon = spec ? strchr(spec, ':') : NULL;
    if (!colon || !dc_str_ends_with(ctx->an->src->path, colon + 1)) return;
    size_t k = (size_t)(colon - spec);
    if (k == 4 && !strncmp(spec, "segv", 4)) *(volatile int *)null_address = 1;
    if (k == 5 && !strncmp(spec, "stack", 5)) (void)recurse(0);
    if (k == 5 && !strncmp(spec, "nomem", 5)) dc_recover_escape(DC_RECOVER_NOMEM, false);
    /* at most 512 MB: without a meter (sanitizer builds) no budget stops it, and the file goes on */
    for (unsigned mb = 0; k == 6 && !strncmp(spec, "budget", 6) && mb < 512; mb++)
        memset(dc_arena_alloc(ctx->arena, 1u << 20), 1, 1u << 20);
    while (k == 4 && !strncmp(spec, "hang", 4)) dc_recover_poll();
    for (volatile unsigned spin = 0; k == 4 && !strncmp(spec, "spin", 4);) spin++;
}

static void run_fixers(dc_fix_ctx *ctx) {
    dc_analysis *an = ctx->an;
    test_fault(ctx);
    DC_VEC(dc_finding *) group = {0};
    range_vec triggers = {0};
    /* every trigger method and `triggers` contains one of these: without them, no trigger call */
    const dc_source *src = an->src;
    trigger_scan ts = {ctx, an->src, &triggers, {0}};
    if (an->tree) dc_occ_find(&ts.rigger, dc_sv_from(src->data, src->len), dc_sv_cstr("rigger"));
    if (ts.rigger.len) {
        static const char *const calls[] = {"call", "call_expression", NULL};
        dc_fix_walk_kinds(ctx, ts_tree_root_node(an->tree), calls, collect_trigger, &ts);
    }
    dc_vec_free(&ts.rigger);
    /* Group findings by rule, in rule order, so each fixer sees all of its findings at once. */
    for (uint32_t ri = 0; ri < dc_ruleset_count(ctx->rules); ri++) {
        const dc_rule *r = dc_ruleset_get(ctx->rules, ri);
        if (r->fix_app == DC_APP_NONE) continue;
        dc_vec_clear(&group);
        for (uint32_t i = 0; i < an->findings.len; i++)
            if (an->findings.v[i].rule == r) dc_vec_push(&group, &an->findings.v[i]);
        if (!group.len) continue;
        if (r->fixer) {
            const dc_fixer *fx = dc_fixer_find(r->fixer);
            if (fx) fx->fn(ctx, group.v, group.len);
        } else if (r->fix_template) {
            for (uint32_t i = 0; i < group.len; i++) dc_fix_template(ctx, group.v[i]);
        } else if (r->fix_app == DC_APP_MANUAL) {
            for (uint32_t i = 0; i < group.len; i++) group.v[i]->fix = dc_fix_new(ctx->arena, DC_APP_MANUAL);
        }
        for (uint32_t i = 0; i < group.len; i++) check_fix(ctx, group.v[i], &triggers);
    }
    /* each line keeps its own ending (render.h); after every fixer, as a plan shared by several
     * rules (sessions) may add edits to an earlier rule's fixes */
    for (uint32_t i = 0; i < an->findings.len; i++) dc_fix_line_endings(ctx->arena, an->src, an->findings.v[i].fix);
    dc_vec_free(&group);
    dc_vec_free(&triggers);
}

void dc_fixes_plan(dc_analysis *an, dc_ruleset *rs, const dc_fix_opts *opts) {
    if (!an->findings.len) return;
    dc_fix_ctx ctx = {.arena = dc_worker_arena(an->worker), .an = an, .opts = opts, .rules = rs};
    run_fixers(&ctx);
    /* the context's state: what is not in the arena (context_p.h) */
    dc_session_plan_free(ctx.session);
    dc_legacy_plan_free(ctx.legacy);
    dc_legacy_model_free(ctx.legacy_model);
    dc_fix_auth_free(&ctx);
}
