/* verify_p.h: private to apply/: one verified fix pass (apply.h: the syntax and name checks,
 * fix groups, rejections). */
#ifndef DC_APPLY_VERIFY_P_H
#define DC_APPLY_VERIFY_P_H

#include "apply/apply.h"

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
uint32_t dc_pass_verified(dc_worker *w, dc_analysis *an, dc_applicability min, uint32_t base_errors,
                          dc_fix_result *res, dc_pass_out *po);
/* Frees what `po` holds; with `keep_next`, po->next and po->tree stay (the caller took them). */
void dc_pass_out_free(dc_worker *w, dc_pass_out *po, bool keep_next);
/* The unsafe fixes a run at `min` above unsafe did not apply, verified as a pass would (nothing
 * is applied): those that would be rejected become manual and are recorded. */
void dc_pass_probe(dc_worker *w, dc_analysis *an, dc_applicability min, uint32_t base_errors, dc_fix_result *res);
/* Forgets the recorded rejections (a new pass records its own). */
void dc_rejections_clear(dc_fix_result *res);

#endif
