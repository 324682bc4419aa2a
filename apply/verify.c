/* verify.c: one verified fix pass (apply.h, verify_p.h): apply, parse, check syntax and names;
 * when that fails, fix group by fix group, keeping what verifies. */
#include "apply/verify_p.h"

#include <stdlib.h>

#include "apply/unbound.h"
#include "syntax/errors.h"

void dc_rejections_clear(dc_fix_result *res) {
    for (uint32_t i = 0; i < res->rejections.len; i++) free(res->rejections.v[i].why);
    res->rejections.len = 0;
}

void dc_pass_out_free(dc_worker *w, dc_pass_out *po, bool keep_next) {
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

/* The names the applied fixes touch: every identifier of their inserted and replaced text. */
static void touched_names(const dc_analysis *an, const bool *applied, dc_unbound_names *names) {
    for (uint32_t i = 0; i < an->findings.len; i++) {
        const dc_fix *f = an->findings.v[i].fix;
        for (uint32_t j = 0; applied[i] && j < f->nedits; j++) {
            const dc_edit *e = &f->edits[j];
            dc_unbound_names_add(names, e->text, e->len);
            if (e->end <= an->src->len) dc_unbound_names_add(names, an->src->data + e->start, e->end - e->start);
        }
    }
}

/* Applies the fixes `skip` leaves in and verifies the result; false with *why (heap) when it
 * does not verify (po then holds nothing). */
static bool trial(dc_worker *w, dc_analysis *an, dc_applicability min, const bool *skip, uint32_t base_errors,
                  dc_pass_out *po, char **why) {
    dc_source *cur = an->src;
    if (!po->applied) po->applied = dc_xcalloc(an->findings.len ? an->findings.len : 1, sizeof *po->applied);
    po->n = dc_fixes_apply_some(an, min, skip, &po->out, po->applied);
    if (!po->n || (po->out.len == cur->len && memcmp(po->out.p, cur->data, cur->len) == 0)) return true;
    po->next = dc_source_from_bytes(cur->path, cur->lang, po->out.p, (uint32_t)po->out.len);
    if (!dc_lang_grammar(cur->lang)) return true;
    po->tree = dc_parse(w, po->next);
    uint32_t errs = po->tree ? dc_tree_error_count(po->tree) : UINT32_MAX;
    dc_buf b = DC_BUF_INIT;
    if (errs > base_errors) {
        dc_buf_adds(&b, "it would introduce syntax errors");
    } else if (an->tree) {
        dc_unbound_names names = {0};
        touched_names(an, po->applied, &names);
        dc_unbound_hit hit;
        if (dc_unbound_new(cur, an->tree, po->next, po->tree, &names, &hit)) {
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

typedef struct edit_ref {
    const dc_edit *e;
    uint32_t finding;
} edit_ref;

static int cmp_ref(const void *pa, const void *pb) {
    const edit_ref *a = pa, *b = pb;
    const dc_edit *x = a->e, *y = b->e;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    int c = memcmp(x->text, y->text, x->len);
    if (c) return c;
    return a->finding < b->finding ? -1 : a->finding > b->finding;
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
        uint32_t x = root_of(group, refs.v[k - 1].finding), y = root_of(group, refs.v[k].finding);
        if (x != y) group[x > y ? x : y] = x < y ? x : y;
    }
    for (uint32_t k = 0; k < refs.len; k++) {
        uint32_t r = root_of(group, refs.v[k].finding);
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
                      dc_pass_out *po) {
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
        if (trial(w, an, min, skip, base_errors, &t, &why)) {
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

uint32_t dc_pass_verified(dc_worker *w, dc_analysis *an, dc_applicability min, uint32_t base_errors,
                          dc_fix_result *res, dc_pass_out *po) {
    memset(po, 0, sizeof *po);
    char *why = NULL;
    if (trial(w, an, min, NULL, base_errors, po, &why)) return po->n;
    free(why);
    dc_pass_out_free(w, po, false);
    by_groups(w, an, min, base_errors, res, po);
    return po->n;
}

void dc_pass_probe(dc_worker *w, dc_analysis *an, dc_applicability min, uint32_t base_errors, dc_fix_result *res) {
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
