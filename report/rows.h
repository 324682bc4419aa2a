/* rows.h: how the review reports (report/markdown.c, report/html.c) count findings, so the PR
 * comment and the HTML page can never disagree about a number.
 *
 * Progress: migrated-or-fixable = sites already on sessions + findings with a safe or unsafe
 * fix; manual = findings whose fix is manual or absent, except info findings (informational,
 * nothing to migrate). The percentage is floored, so 99.6% with a manual site left never reads
 * as done. */
#ifndef DC_ROWS_H
#define DC_ROWS_H

#include <stdbool.h>
#include <stdint.h>

#include "report/report.h"

/* One row of a "findings by rule" table. */
typedef struct dc_rule_row {
    const dc_rule *rule;
    uint32_t n, fixable, manual;
} dc_rule_row;

/* A finding a person must migrate (see the header comment). */
bool dc_rows_is_manual(const dc_rfinding *f);
/* Rows for the rules that have findings, most findings first, then by id. Keyed by rule pointer,
 * not rule->index, so it holds for findings of rules outside r->rules too. *out is heap (free
 * it, also when 0 rows are returned). */
uint32_t dc_rows_by_rule(const dc_report *r, dc_rule_row **out);
/* Percentage of `done` in done + manual, floored; 100 when both are 0. */
uint32_t dc_rows_pct_done(uint32_t done, uint32_t manual);
/* `one` when n is 1, else `many`. */
const char *dc_plural(uint32_t n, const char *one, const char *many);

#endif
