/* rows.c: the counting shared by the review reports (see rows.h). */
#include "report/rows.h"

#include <stdlib.h>
#include <string.h>

bool dc_rows_is_manual(const dc_rfinding *f) { return f->severity != DC_SEV_INFO && f->app <= DC_APP_MANUAL; }

static int cmp_rule_row(const void *pa, const void *pb) {
    const dc_rule_row *a = pa, *b = pb;
    if (a->n != b->n) return a->n > b->n ? -1 : 1;
    return strcmp(a->rule->id, b->rule->id);
}

uint32_t dc_rows_by_rule(const dc_report *r, dc_rule_row **out) {
    dc_rule_row *rows = NULL;
    uint32_t n = 0;
    for (uint32_t i = 0; i < r->findings.len; i++) {
        const dc_rfinding *f = &r->findings.v[i];
        uint32_t k = 0;
        while (k < n && rows[k].rule != f->rule) k++;
        if (k == n) {
            rows = dc_xrealloc(rows, (n + 1) * sizeof *rows);
            rows[n++] = (dc_rule_row){f->rule, 0, 0, 0};
        }
        rows[k].n++;
        if (f->app >= DC_APP_UNSAFE) rows[k].fixable++;
        else if (dc_rows_is_manual(f)) rows[k].manual++;
    }
    if (n > 1) qsort(rows, n, sizeof *rows, cmp_rule_row);
    *out = rows;
    return n;
}

uint32_t dc_rows_pct_done(uint32_t done, uint32_t manual) {
    uint32_t total = done + manual;
    return total ? (uint32_t)((uint64_t)done * 100 / total) : 100;
}

const char *dc_plural(uint32_t n, const char *one, const char *many) { return n == 1 ? one : many; }
