/* plan.h: the fixes layer's entry point: fixes for the findings of a finished analysis.
 *
 * Analysis (analysis/engine.h) finds and never fixes; this plans, for every finding whose rule
 * offers a fix, the dc_fix it carries: a template fix (`replace:` + `template:`), a fixer written
 * in C (`fixer: NAME`, the registry in fixes/fixers.c), or a manual fix with the reason. Every
 * fix then goes through the checks no fixer may skip: no edit in an ERROR/MISSING region or in a
 * trigger call (manual), no deleted comment in a safe fix (unsafe).
 *
 * Its callers: the fix loop (apply/apply.h) on each pass's analysis, and the run on the
 * analysis it reports (whose findings show `[fix]` / `[manual]`). */
#ifndef DC_FIXES_PLAN_H
#define DC_FIXES_PLAN_H

#include <stdint.h>

#include "analysis/analysis.h"
#include "ruleset/rules.h"
#include "fixes/options.h"

/* Gives the findings of `an` their fixes (in the analysis' arena). Call it once per analysis,
 * after dc_analyze and before applying or reporting; `rs` must be the rule set analysed with. */
void dc_fixes_plan(dc_analysis *an, dc_ruleset *rs, const dc_fix_opts *opts);

#endif
