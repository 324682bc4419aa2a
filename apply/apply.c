/* apply.c: one fix pass (sorted edit list, conflicts, dedupe), its verification (syntax, names,
 * fix groups: apply.h), and the verified fixed-point loop. */
#include "apply/apply.h"

#include <stdlib.h>

#include "common/text.h"
#include "apply/unbound.h"
#include "syntax/errors.h"

typedef struct edit_ref {
    const dc_edit *e;
    uint32_t fix; /* index of the finding whose fix it belongs to */
} edit_ref;

static int cmp_edit(const void *pa, const void *pb) {
    const edit_ref *a = pa, *b = pb;
    if (a->e->start != b->e->start) return a->e->start < b->e->start ? -1 : 1;
    if (a->e->end != b->e->end) return a->e->end < b->e->end ? -1 : 1;
    return a->fix < b->fix ? -1 : a->fix > b->fix;
}

static bool same_edit(const dc_edit *a, const dc_edit *b) {
    return a->start == b->start && a->end == b->end && a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/* Does `e` conflict with an already accepted edit (dc_edits_conflict)? */
static bool conflicts(const dc_edit *e, const edit_ref *acc, uint32_t nacc) {
    for (uint32_t i = 0; i < nacc; i++)
        if (dc_edits_conflict(e, acc[i].e)) return true;
    return false;
}

static int cmp_fix_order(const void *pa, const void *pb, void *ctx);

uint32_t dc_fixes_apply(const dc_analysis *an, dc_applicability min, dc_buf *out, bool *applied) {
    return dc_fixes_apply_some(an, min, NULL, out, applied);
}

/* Is the finding's fix one a pass at `min` takes? */
static bool eligible(const dc_analysis *an, uint32_t i, dc_applicability min) {
    const dc_fix *f = an->findings.v[i].fix;
    return f && f->app >= min && f->app >= DC_APP_UNSAFE && f->nedits;
}

uint32_t dc_fixes_apply_some(const dc_analysis *an, dc_applicability min, const bool *skip, dc_buf *out,
                             bool *applied) {
    dc_buf_reset(out);
    uint32_t n = an->findings.len;
    /* fixes in order of their first edit, then finding order */
    DC_VEC(uint32_t) order = {0};
    for (uint32_t i = 0; i < n; i++) {
        if (applied) applied[i] = false;
        if (eligible(an, i, min) && !(skip && skip[i])) dc_vec_push(&order, i);
    }
    if (order.len > 1) qsort_r(order.v, order.len, sizeof *order.v, cmp_fix_order, (void *)an);
    DC_VEC(edit_ref) acc = {0};
    uint32_t napplied = 0;
    for (uint32_t k = 0; k < order.len; k++) {
        const dc_fix *f = an->findings.v[order.v[k]].fix;
        bool bad = false;
        for (uint32_t j = 0; j < f->nedits && !bad; j++) {
            const dc_edit *e = &f->edits[j];
            if (e->start > e->end || e->end > an->src->len) bad = true;
            else if (conflicts(e, acc.v, acc.len)) bad = true;
            /* edits of one fix must not conflict with each other either */
            for (uint32_t i = 0; i < j && !bad; i++)
                if (dc_edits_conflict(e, &f->edits[i])) bad = true;
        }
        if (bad) continue;
        for (uint32_t j = 0; j < f->nedits; j++) dc_vec_push(&acc, ((edit_ref){&f->edits[j], order.v[k]}));
        if (applied) applied[order.v[k]] = true;
        napplied++;
    }
    if (acc.len > 1) qsort(acc.v, acc.len, sizeof *acc.v, cmp_edit);
    uint32_t pos = 0;
    const dc_edit *prev = NULL;
    for (uint32_t i = 0; i < acc.len; i++) {
        const dc_edit *e = acc.v[i].e;
        if (prev && same_edit(prev, e)) continue;
        dc_buf_add(out, an->src->data + pos, e->start - pos);
        dc_buf_add(out, e->text, e->len);
        pos = e->end;
        prev = e;
    }
    dc_buf_add(out, an->src->data + pos, an->src->len - pos);
    dc_vec_free(&acc);
    dc_vec_free(&order);
    return napplied;
}

static int cmp_fix_order(const void *pa, const void *pb, void *ctx) {
    const dc_analysis *an = ctx;
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    const dc_fix *fa = an->findings.v[a].fix, *fb = an->findings.v[b].fix;
    uint32_t sa = UINT32_MAX, sb = UINT32_MAX;
    for (uint32_t i = 0; i < fa->nedits; i++)
        if (fa->edits[i].start < sa) sa = fa->edits[i].start;
    for (uint32_t i = 0; i < fb->nedits; i++)
        if (fb->edits[i].start < sb) sb = fb->edits[i].start;
    if (sa != sb) return sa < sb ? -1 : 1;
    return a < b ? -1 : a > b;
}

/* ---- a verified pass (apply.h: syntax, names, fix groups, rejections) --------------------------- */

/* What a pass produced. */
typedef struct dc_pass_out {
    dc_buf out;       /* the new text */
    bool *applied;    /* per finding of the pass's analysis (heap) */
    uint32_t n;       /* fixes applied; 0, or the text unchanged: nothing to write */
    dc_source *next;  /* the new text as a source, when it changed */
    TSTree *tree;     /* its verified parse (NULL without a grammar) */
} dc_pass_out;

/* One pass over `an` at `min`, verified, groups that do not verify left out (apply.h); their
 * findings' fixes become manual and each is recorded in res->rejections. `po` is filled (free
 * it with dc_pass_out_free). Returns po->n. */
static uint32_t dc_pass_verified(dc_worker *w, dc_analysis *an, dc_applicability min, uint32_t base_errors,
                          dc_fix_result *res, dc_pass_out *po);
/* Frees what `po` holds; with `keep_next`, po->next and po->tree stay (the caller took them). */
static void dc_pass_out_free(dc_worker *w, dc_pass_out *po, bool keep_next);
/* The unsafe fixes a run at `min` above unsafe did not apply, verified as a pass would (nothing
 * is applied): those that would be rejected become manual and are recorded. */
static void dc_pass_probe(dc_worker *w, dc_analysis *an, dc_applicability min, uint32_t base_errors, dc_fix_result *res);
/* Forgets the recorded rejections (a new pass records its own). */
static void dc_rejections_clear(dc_fix_result *res);

static void dc_rejections_clear(dc_fix_result *res) {
    for (uint32_t i = 0; i < res->rejections.len; i++) free(res->rejections.v[i].why);
    res->rejections.len = 0;
}

static void dc_pass_out_free(dc_worker *w, dc_pass_out *po, bool keep_next) {
    dc_buf_free(&po->out);
    free(po->applied);
    if (!keep_next) {
        dc_worker_tree_delete(w, po->tree);
        dc_source_free(po->next);
    }
    memset(po, 0, sizeof *po);
}

/* ---- where a use in the new text was in the old one ------------------------------------------ */

typedef struct edit_at {
    const dc_edit *e;
} edit_at;

static int cmp_at(const void *pa, const void *pb) {
    const dc_edit *a = ((const edit_at *)pa)->e, *b = ((const edit_at *)pb)->e;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    return a->end < b->end ? -1 : a->end > b->end;
}

/* The old text's offset of `off` in the new one: before an edit, as is; inside inserted text,
 * the edit's start. The applied edits are sorted and identical ones counted once, as the
 * applier does. */
static uint32_t old_offset(const dc_analysis *an, const bool *applied, uint32_t off) {
    DC_VEC(edit_at) v = {0};
    for (uint32_t i = 0; i < an->findings.len; i++) {
        const dc_fix *f = an->findings.v[i].fix;
        for (uint32_t j = 0; applied[i] && j < f->nedits; j++) dc_vec_push(&v, ((edit_at){&f->edits[j]}));
    }
    if (v.len > 1) qsort(v.v, v.len, sizeof *v.v, cmp_at);
    int64_t delta = 0; /* new - old, after the edits so far */
    int64_t res = -1;
    const dc_edit *prev = NULL;
    for (uint32_t i = 0; i < v.len && res < 0; i++) {
        const dc_edit *e = v.v[i].e;
        if (prev && prev->start == e->start && prev->end == e->end && prev->len == e->len &&
            !memcmp(prev->text, e->text, e->len))
            continue;
        prev = e;
        int64_t new_start = (int64_t)e->start + delta;
        if ((int64_t)off < new_start) break;
        if ((int64_t)off < new_start + e->len) res = e->start;
        else delta += (int64_t)e->len - (int64_t)(e->end - e->start);
    }
    dc_vec_free(&v);
    return res >= 0 ? (uint32_t)res : (uint32_t)((int64_t)off - delta);
}

/* ---- one trial ---------------------------------------------------------------------------------- */

/* The names the fixes `take` flags touch: every identifier of their inserted and replaced text. */
static void touched_names(const dc_analysis *an, const bool *take, dc_unbound_names *names) {
    for (uint32_t i = 0; i < an->findings.len; i++) {
        const dc_fix *f = an->findings.v[i].fix;
        for (uint32_t j = 0; take[i] && f && j < f->nedits; j++) {
            const dc_edit *e = &f->edits[j];
            dc_unbound_names_add(names, e->text, e->len);
            if (e->end <= an->src->len) dc_unbound_names_add(names, an->src->data + e->start, e->end - e->start);
        }
    }
}

/* What every trial of a pass shares: the names measured in the text before it. */
typedef struct pass_check {
    dc_unbound_names measured;
    bool measured_done;
} pass_check;

/* Measures the names of the fixes a pass at `min` may apply, while the tree is there. */
static void measure(dc_analysis *an, dc_applicability min, pass_check *pc) {
    if (pc->measured_done || !an->tree) return;
    bool *take = dc_xcalloc(an->findings.len ? an->findings.len : 1, sizeof *take);
    for (uint32_t i = 0; i < an->findings.len; i++) take[i] = eligible(an, i, min);
    touched_names(an, take, &pc->measured);
    free(take);
    dc_unbound_measure(&pc->measured, an->src, an->tree);
    pc->measured_done = true;
}

/* The analysis' tree goes before a new text is parsed: one tree at a time fits the file's memory
 * budget, two do not (100,000 lines: tests/test_hardening_robust.py). Where its first syntax
 * error was stays for the report (report/syntaxnote.h). */
static void drop_tree(dc_worker *w, dc_analysis *an) {
    if (!an->tree) return;
    an->first_error = dc_tree_first_error(an->tree);
    dc_worker_tree_delete(w, an->tree);
    an->tree = NULL;
    an->tree_dropped = true;
}

/* Applies the fixes `skip` leaves in and verifies the result; false with *why (heap) when it
 * does not verify (po then holds nothing). */
static bool trial(dc_worker *w, dc_analysis *an, dc_applicability min, const bool *skip, uint32_t base_errors,
                  pass_check *pc, dc_pass_out *po, char **why) {
    dc_source *cur = an->src;
    if (!po->applied) po->applied = dc_xcalloc(an->findings.len ? an->findings.len : 1, sizeof *po->applied);
    po->n = dc_fixes_apply_some(an, min, skip, &po->out, po->applied);
    if (!po->n || (po->out.len == cur->len && memcmp(po->out.p, cur->data, cur->len) == 0)) return true;
    po->next = dc_source_from_bytes(cur->path, cur->lang, po->out.p, (uint32_t)po->out.len);
    if (!dc_lang_grammar(cur->lang)) return true;
    measure(an, min, pc);
    drop_tree(w, an);
    po->tree = dc_parse(w, po->next);
    uint32_t errs = po->tree ? dc_tree_error_count(po->tree) : UINT32_MAX;
    dc_buf b = DC_BUF_INIT;
    if (errs > base_errors) {
        dc_buf_adds(&b, "it would introduce syntax errors");
    } else if (pc->measured_done) {
        dc_unbound_names names = {0};
        touched_names(an, po->applied, &names);
        dc_unbound_hit hit;
        if (dc_unbound_new(&pc->measured, &names, po->next, po->tree, &hit)) {
            uint32_t at = dc_source_line_start(po->next, hit.line);
            dc_pos pos = dc_source_pos(cur, old_offset(an, po->applied, at));
            dc_buf_printf(&b, "it would leave `%s` unbound where it is used (line %u)", hit.name, pos.line);
        }
        dc_unbound_names_free(&names);
    }
    if (!b.len) return true;
    *why = dc_buf_detach(&b);
    dc_worker_tree_delete(w, po->tree);
    dc_source_free(po->next);
    po->tree = NULL;
    po->next = NULL;
    po->n = 0;
    return false;
}

/* ---- fix groups --------------------------------------------------------------------------------- */


static int cmp_ref(const void *pa, const void *pb) {
    const edit_ref *a = pa, *b = pb;
    const dc_edit *x = a->e, *y = b->e;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    int c = memcmp(x->text, y->text, x->len);
    if (c) return c;
    return a->fix < b->fix ? -1 : a->fix > b->fix;
}

static uint32_t root_of(uint32_t *parent, uint32_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
}

/* group[i]: the group of finding i (its lowest finding index), for the findings in `take`;
 * first[i]: the group's first edit. Fixes that share an edit are one group. */
static void make_groups(const dc_analysis *an, const bool *take, uint32_t *group, uint32_t *first) {
    uint32_t n = an->findings.len;
    DC_VEC(edit_ref) refs = {0};
    for (uint32_t i = 0; i < n; i++) {
        group[i] = i;
        first[i] = UINT32_MAX;
        const dc_fix *f = an->findings.v[i].fix;
        for (uint32_t j = 0; take[i] && j < f->nedits; j++) dc_vec_push(&refs, ((edit_ref){&f->edits[j], i}));
    }
    if (refs.len > 1) qsort(refs.v, refs.len, sizeof *refs.v, cmp_ref);
    for (uint32_t k = 1; k < refs.len; k++) {
        const dc_edit *a = refs.v[k - 1].e, *b = refs.v[k].e;
        if (a->start != b->start || a->end != b->end || a->len != b->len || memcmp(a->text, b->text, a->len)) continue;
        uint32_t x = root_of(group, refs.v[k - 1].fix), y = root_of(group, refs.v[k].fix);
        if (x != y) group[x > y ? x : y] = x < y ? x : y;
    }
    for (uint32_t k = 0; k < refs.len; k++) {
        uint32_t r = root_of(group, refs.v[k].fix);
        if (refs.v[k].e->start < first[r]) first[r] = refs.v[k].e->start;
    }
    for (uint32_t i = 0; i < n; i++) group[i] = root_of(group, i);
    dc_vec_free(&refs);
}

/* The group's findings become manual, each recorded. */
static void reject(dc_analysis *an, const uint32_t *group, uint32_t g, const char *why, dc_fix_result *res) {
    dc_arena *arena = dc_worker_arena(an->worker);
    for (uint32_t i = 0; i < an->findings.len; i++) {
        dc_finding *f = &an->findings.v[i];
        if (group[i] != g || !f->fix) continue;
        dc_pos pos = dc_source_pos(an->src, f->range.start);
        dc_fix_rejection r = {f->rule, pos.line, pos.column, f->fix->app, dc_xstrdup(why)};
        dc_vec_push(&res->rejections, r);
        f->fix->app = DC_APP_MANUAL;
        f->fix->why = dc_arena_printf(arena, "verification rejected the fix: %s; migrate by hand", why);
    }
}

typedef struct group_at {
    uint32_t group, first;
} group_at;

static int cmp_group(const void *pa, const void *pb) {
    const group_at *a = pa, *b = pb;
    if (a->first != b->first) return a->first < b->first ? -1 : 1;
    return a->group < b->group ? -1 : a->group > b->group;
}

/* The pass again, group by group in the order of their first edit: each group stays when the
 * text with it (and the groups kept before it) verifies. `po` gets the last text that did. */
static void by_groups(dc_worker *w, dc_analysis *an, dc_applicability min, uint32_t base_errors, dc_fix_result *res,
                      pass_check *pc, dc_pass_out *po) {
    uint32_t n = an->findings.len;
    bool *skip = dc_xcalloc(n ? n : 1, sizeof *skip);
    uint32_t *group = dc_xcalloc(n ? n : 1, sizeof *group), *first = dc_xcalloc(n ? n : 1, sizeof *first);
    for (uint32_t i = 0; i < n; i++) {
        const dc_fix *f = an->findings.v[i].fix;
        skip[i] = f && f->app >= min && f->app >= DC_APP_UNSAFE && f->nedits;
    }
    make_groups(an, skip, group, first);
    DC_VEC(group_at) order = {0};
    for (uint32_t i = 0; i < n; i++)
        if (skip[i] && group[i] == i) dc_vec_push(&order, ((group_at){i, first[i]}));
    if (order.len > 1) qsort(order.v, order.len, sizeof *order.v, cmp_group);
    for (uint32_t k = 0; k < order.len; k++) {
        uint32_t g = order.v[k].group;
        for (uint32_t i = 0; i < n; i++)
            if (group[i] == g) skip[i] = false;
        dc_pass_out t = {0};
        char *why = NULL;
        if (trial(w, an, min, skip, base_errors, pc, &t, &why)) {
            dc_pass_out_free(w, po, false);
            *po = t;
            continue;
        }
        dc_pass_out_free(w, &t, false);
        for (uint32_t i = 0; i < n; i++)
            if (group[i] == g) skip[i] = true;
        reject(an, group, g, why, res);
        free(why);
    }
    if (!po->applied) po->applied = dc_xcalloc(n ? n : 1, sizeof *po->applied); /* (nothing verified) */
    dc_vec_free(&order);
    free(skip);
    free(group);
    free(first);
}

static uint32_t dc_pass_verified(dc_worker *w, dc_analysis *an, dc_applicability min, uint32_t base_errors,
                                 dc_fix_result *res, dc_pass_out *po) {
    memset(po, 0, sizeof *po);
    pass_check pc;
    memset(&pc, 0, sizeof pc);
    char *why = NULL;
    if (!trial(w, an, min, NULL, base_errors, &pc, po, &why)) {
        free(why);
        dc_pass_out_free(w, po, false);
        by_groups(w, an, min, base_errors, res, &pc, po);
    }
    dc_unbound_names_free(&pc.measured);
    return po->n;
}

static void dc_pass_probe(dc_worker *w, dc_analysis *an, dc_applicability min, uint32_t base_errors, dc_fix_result *res) {
    if (min <= DC_APP_UNSAFE) return;
    bool any = false;
    for (uint32_t i = 0; i < an->findings.len && !any; i++) {
        const dc_fix *f = an->findings.v[i].fix;
        any = f && f->app == DC_APP_UNSAFE && f->nedits;
    }
    if (!any) return;
    dc_pass_out po;
    dc_pass_verified(w, an, DC_APP_UNSAFE, base_errors, res, &po);
    dc_pass_out_free(w, &po, false);
}

static void count_fixed(dc_fix_result *res, const dc_rule *r) {
    for (uint32_t i = 0; i < res->counts.len; i++) {
        if (res->counts.v[i].rule == r) {
            res->counts.v[i].count++;
            return;
        }
    }
    dc_vec_push(&res->counts, ((dc_fix_count){r, 1}));
}

/* The pass's applied fixes counted by rule, and its unsafe ones listed with their reasons. */
static void record_applied(dc_fix_result *res, const dc_analysis *an, const bool *applied) {
    for (uint32_t i = 0; i < an->findings.len; i++) {
        const dc_finding *f = &an->findings.v[i];
        if (!applied[i]) continue;
        count_fixed(res, f->rule);
        if (f->fix->app != DC_APP_UNSAFE) continue;
        dc_pos p = dc_source_pos(an->src, f->range.start);
        dc_fix_unsafe u = {f->rule, p.line, p.column, f->fix->why ? dc_xstrdup(f->fix->why) : NULL};
        dc_vec_push(&res->unsafe, u);
    }
}

static void unsafe_clear(dc_fix_result *res) {
    for (uint32_t i = 0; i < res->unsafe.len; i++) free(res->unsafe.v[i].why);
    res->unsafe.len = 0;
}

/* The pass cap was hit with fixes still applying: which rules keep going. */
static void not_converged(dc_fix_result *res, const dc_analysis *an, const bool *applied) {
    res->converged = false;
    dc_buf names = DC_BUF_INIT;
    for (uint32_t i = 0; i < an->findings.len; i++)
        if (applied[i]) dc_idlist_add(&names, an->findings.v[i].rule->id);
    res->not_converged_rules = dc_buf_detach(&names);
}

/* Hands the final text `cur` over to the result (or frees it), once the loop is over. */
static void finish(dc_fix_result *res, dc_source *src, dc_source *cur) {
    if (res->rejected) {
        res->counts.len = 0;
        unsafe_clear(res);
    } else if (cur != src) {
        res->changed = cur->len != src->len || memcmp(cur->data, src->data, src->len) != 0;
        if (res->changed && res->have_final) { /* the kept analysis still reads cur */
            res->data = dc_xmalloc(cur->len + 1);
            memcpy(res->data, cur->data, cur->len);
            res->data[cur->len] = '\0';
            res->len = cur->len;
        } else if (res->changed) {
            res->data = cur->data;
            res->len = cur->len;
            cur->data = NULL;
        }
    }
    if (res->have_final) {
        res->final_src = cur; /* the final analysis reads it */
        res->final_owned = cur != src;
    } else if (cur != src) {
        dc_source_free(cur);
    }
}

/* How a loop is run: keep the final analysis, the dry run's first-pass hook, the filter. */
typedef struct loop_mode {
    bool keep;
    dc_fix_first_fn first;
    void *first_ctx;
    const dc_fix_filter *filter;
} loop_mode;

static void fix_loop(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts,
                     const dc_fix_opts *fopts, dc_applicability min, const loop_mode *mode, dc_fix_result *res) {
    const dc_fix_filter *filter = mode->filter;
    memset(res, 0, sizeof *res);
    res->converged = true;
    dc_source *cur = src;
    uint32_t base_errors = 0;
    TSTree *verified = NULL; /* the previous pass's verification parse of `cur` */
    for (uint32_t pass = 1;; pass++) {
        dc_analysis an;
        dc_analyze_parsed(w, rs, cur, opts, verified, &an);
        verified = NULL;
        if (!(pass == 1 && an.project_pending)) dc_fixes_plan(&an, rs, fopts);
        /* analysed again once the project's facts are known (a fixer may need them too: issue 16 item 8) */
        if (pass == 1 && an.project_pending) {
            res->pending = true;
            dc_analysis_release(&an);
            break;
        }
        if (pass == 1) base_errors = an.error_nodes;
        if (filter) filter->before(&an, filter->ctx);
        dc_rejections_clear(res); /* (the last pass's are the final text's) */
        dc_pass_out po;
        dc_pass_verified(w, &an, min, base_errors, res, &po);
        if (filter) filter->after(&an, po.applied, filter->ctx);
        if (!po.next) dc_pass_probe(w, &an, min, base_errors, res); /* the last pass: what a rerun could apply */
        if (pass == 1 && mode->first) mode->first(&an, mode->first_ctx);
        if (!po.next) { /* nothing applies, or nothing changes */
            dc_pass_out_free(w, &po, false);
            if (mode->keep) {
                res->have_final = true;
                res->final = an;
            } else {
                dc_analysis_release(&an);
            }
            break;
        }
        if (pass > DC_FIX_MAX_PASSES) { /* fixes still apply after the cap */
            not_converged(res, &an, po.applied);
            dc_pass_out_free(w, &po, false);
            dc_analysis_release(&an);
            break;
        }
        record_applied(res, &an, po.applied);
        dc_analysis_release(&an);
        if (cur != src) dc_source_free(cur);
        cur = po.next;
        verified = po.tree;
        dc_pass_out_free(w, &po, true);
        res->passes = pass;
    }
    dc_worker_tree_delete(w, verified);
    finish(res, src, cur);
}

void dc_fix_file(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts,
                 const dc_fix_opts *fopts, dc_applicability min, dc_fix_result *res) {
    loop_mode m = {false, NULL, NULL, NULL};
    fix_loop(w, rs, src, opts, fopts, min, &m, res);
}

void dc_fix_file_keep(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts,
                      const dc_fix_opts *fopts, dc_applicability min, dc_fix_result *res) {
    loop_mode m = {true, NULL, NULL, NULL};
    fix_loop(w, rs, src, opts, fopts, min, &m, res);
}

void dc_fix_file_filtered(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts,
                          const dc_fix_opts *fopts, dc_applicability min, const dc_fix_filter *filter,
                          dc_fix_result *res) {
    loop_mode m = {true, NULL, NULL, filter};
    fix_loop(w, rs, src, opts, fopts, min, &m, res);
}

void dc_fix_file_dry(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts,
                     const dc_fix_opts *fopts, dc_applicability min, dc_fix_first_fn first, void *ctx,
                     dc_fix_result *res) {
    loop_mode m = {false, first, ctx, NULL};
    fix_loop(w, rs, src, opts, fopts, min, &m, res);
}

bool dc_fix_take_final(dc_fix_result *res, dc_analysis *out) {
    if (!res->have_final) return false;
    *out = res->final;
    res->have_final = false;
    memset(&res->final, 0, sizeof res->final);
    return true;
}

void dc_fix_result_free(dc_fix_result *res) {
    if (res->have_final) dc_analysis_release(&res->final);
    if (res->final_owned) dc_source_free(res->final_src);
    free(res->data);
    free(res->not_converged_rules);
    free(res->reject_reason);
    dc_rejections_clear(res);
    dc_vec_free(&res->rejections);
    dc_vec_free(&res->counts);
    unsafe_clear(res);
    dc_vec_free(&res->unsafe);
    memset(res, 0, sizeof *res);
}
