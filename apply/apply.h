/* apply.h: turning fixes into new file contents, and the fixed-point loop around it.
 *
 * dc_fixes_apply (one pass): takes every fix at or above `min` applicability, in order of its
 * first edit; a fix whose edit overlaps an edit already taken, or inserts different text at the
 * same offset as one, is a conflict and is skipped for this pass (it is retried on the next);
 * identical edits from different fixes are applied once (ruff fix/mod.rs, clang-tidy).
 *
 * dc_fix_file (the loop): analyse, plan the fixes (fixes/plan.h), apply, re-parse, verify, repeat
 * until no fix applies, at most DC_FIX_MAX_PASSES passes. Verification (issue 16, items 7 and
 * 14): a pass's output must have no more syntax errors (ERROR/MISSING nodes) than the original,
 * and must not leave a name its edits touch unbound at a use where it was bound before
 * (apply/unbound.h). When it fails, the pass is done again fix group by fix group (a group: the
 * fixes that share an edit, such as one session statement, which land together or not at all),
 * in the order of their first edit, keeping each group whose addition still verifies: the
 * group that breaks the file is rejected, its findings' fixes become manual with the reason,
 * and the file's other fixes still land. With `min` above unsafe, the unsafe fixes the run did
 * not apply are verified the same way once the loop is over (a rerun with --unsafe-fixes would
 * reject them too), so the report never offers a fix that cannot be applied. The rejections of
 * the last pass (the final text's) are in dc_fix_result.rejections. The verification's parse is
 * the next pass's tree, so a file fixed in one pass is parsed twice, not three times. Bytes
 * outside the edited ranges are copied verbatim, so CRLF, BOM, tabs and odd encodings survive. */
#ifndef DC_APPLY_H
#define DC_APPLY_H

#include "analysis/engine.h"
#include "fixes/plan.h"

#define DC_FIX_MAX_PASSES 10

/* Returns the number of fixes applied; `out` receives the new contents (reset first).
 * `applied`, if not NULL, has one flag per finding of `an`. */
uint32_t dc_fixes_apply(const dc_analysis *an, dc_applicability min, dc_buf *out, bool *applied);
/* dc_fixes_apply leaving out the fixes of the findings `skip` flags (NULL: none). */
uint32_t dc_fixes_apply_some(const dc_analysis *an, dc_applicability min, const bool *skip, dc_buf *out,
                             bool *applied);

typedef struct dc_fix_count {
    const dc_rule *rule;
    uint32_t count;
} dc_fix_count;

/* A fix the verification refused: its finding (rule, 1-based line and column in the final text)
 * and why ("it would leave `session` unbound at line 14"). */
typedef struct dc_fix_rejection {
    const dc_rule *rule;
    uint32_t line, column;
    dc_applicability app; /* what the fix was (safe or unsafe) */
    char *why;            /* heap */
} dc_fix_rejection;
/* An unsafe fix the loop applied (with --unsafe-fixes): where its finding was in the text of
 * that pass (the input's for the first pass), and why the fix is unsafe. */
typedef struct dc_fix_unsafe {
    const dc_rule *rule;
    uint32_t line, col;
    char *why; /* heap, or NULL */
} dc_fix_unsafe;

typedef struct dc_fix_result {
    char *data;             /* final contents (heap) when changed, else NULL */
    uint32_t len;
    bool changed;
    uint32_t passes;
    bool converged;         /* false: the pass cap was hit with fixes still applying */
    char *not_converged_rules; /* "rule-a, rule-b" when !converged (heap) */
    bool rejected;          /* (no longer set: a pass that does not verify is done again without the
                             * offending fix group; see rejections) */
    bool pending;           /* the input's analysis needed project facts not known yet (analysis.h):
                             * nothing was planned or changed, and it is to be done again */
    char *reject_reason;    /* heap */
    DC_VEC(dc_fix_count) counts;
    DC_VEC(dc_fix_rejection) rejections; /* the last pass's, in finding order */
    DC_VEC(dc_fix_unsafe) unsafe; /* the unsafe fixes applied, in order (none when rejected) */
    /* dc_fix_file_keep only: the last pass's analysis, of the final text (the input's when
     * nothing changed), left unreleased, with its source (`final_src`, owned by the result when
     * it is not the input). Not kept when a pass was rejected or the loop did not converge. */
    bool have_final;
    dc_analysis final;
    dc_source *final_src;
    bool final_owned;
} dc_fix_result;

void dc_fix_file(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts,
                 const dc_fix_opts *fopts, dc_applicability min, dc_fix_result *res);
/* dc_fix_file, keeping the final analysis (above): a run that reports on the fixed file need not
 * analyse it again. The worker analyses nothing else until it is released (dc_fix_take_final,
 * then dc_analysis_release; or dc_fix_result_free). */
void dc_fix_file_keep(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts,
                      const dc_fix_opts *fopts, dc_applicability min, dc_fix_result *res);
/* Called with the first pass's analysis (of the input, its fixes planned) before the loop lets it
 * go. A dry run (--diff, the reports that show proposed fixes) reports the input as it is, and
 * reads that analysis here instead of analysing the input a second time. */
typedef void (*dc_fix_first_fn)(const dc_analysis *an, void *ctx);
/* dc_fix_file, calling `first` on the first pass's analysis. */
void dc_fix_file_dry(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts,
                     const dc_fix_opts *fopts, dc_applicability min, dc_fix_first_fn first, void *ctx,
                     dc_fix_result *res);
/* A say over which fixes a pass applies (--interactive, cli/interactive.h): `before` sees each
 * pass's planned analysis and may lower a finding's fix to DC_APP_MANUAL so the pass leaves it
 * alone; `after` learns which findings the pass applied (a fix deferred by a conflict comes back
 * in the next pass). */
typedef struct dc_fix_filter {
    void (*before)(dc_analysis *an, void *ctx);
    void (*after)(const dc_analysis *an, const bool *applied, void *ctx);
    void *ctx;
} dc_fix_filter;
/* dc_fix_file_keep with a filter (NULL: none). */
void dc_fix_file_filtered(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts,
                          const dc_fix_opts *fopts, dc_applicability min, const dc_fix_filter *filter,
                          dc_fix_result *res);
/* Moves the kept analysis to *out (the caller releases it); false when there is none. */
bool dc_fix_take_final(dc_fix_result *res, dc_analysis *out);
void dc_fix_result_free(dc_fix_result *res);

#endif
