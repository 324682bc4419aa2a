/* apply.c: one fix pass (sorted edit list, conflicts, dedupe) and the verified fixed-point loop. */
#include "apply/apply.h"

#include <stdlib.h>

#include "common/text.h"
#include "apply/verify_p.h"

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

static void count_fixed(dc_fix_result *res, const dc_rule *r) {
    for (uint32_t i = 0; i < res->counts.len; i++) {
        if (res->counts.v[i].rule == r) {
            res->counts.v[i].count++;
            return;
        }
    }
    dc_vec_push(&res->counts, ((dc_fix_count){r, 1}));
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

static void fix_loop(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts,
                     const dc_fix_opts *fopts, dc_applicability min, bool keep, dc_fix_first_fn first,
                     void *first_ctx, dc_fix_result *res) {
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
        dc_rejections_clear(res); /* (the last pass's are the final text's) */
        dc_pass_out po;
        uint32_t n = dc_pass_verified(w, &an, min, base_errors, res, &po);
        if (pass == 1 && first) first(&an, first_ctx);
        if (!po.next) { /* nothing applies, or nothing changes */
            dc_pass_probe(w, &an, min, base_errors, res);
            dc_pass_out_free(w, &po, false);
            if (keep) {
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
        for (uint32_t i = 0; i < an.findings.len; i++)
            if (po.applied[i]) count_fixed(res, an.findings.v[i].rule);
        (void)n;
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
    fix_loop(w, rs, src, opts, fopts, min, false, NULL, NULL, res);
}

void dc_fix_file_keep(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts,
                      const dc_fix_opts *fopts, dc_applicability min, dc_fix_result *res) {
    fix_loop(w, rs, src, opts, fopts, min, true, NULL, NULL, res);
}

void dc_fix_file_dry(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts,
                     const dc_fix_opts *fopts, dc_applicability min, dc_fix_first_fn first, void *ctx,
                     dc_fix_result *res) {
    fix_loop(w, rs, src, opts, fopts, min, false, first, ctx, res);
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
    memset(res, 0, sizeof *res);
}
