/* suggest.c: the closest name by edit distance (see suggest.h). */
#include "common/suggest.h"

#include <stdlib.h>
#include <string.h>

#include "common/base.h"

size_t dc_edit_distance(const char *a, const char *b) {
    size_t n = strlen(a), m = strlen(b);
    /* three rows of the optimal-string-alignment table: the one before last, the last, this one */
    size_t *rows = dc_xcalloc(3 * (m + 1), sizeof *rows);
    size_t *pp = rows, *p = rows + m + 1, *c = rows + 2 * (m + 1);
    for (size_t j = 0; j <= m; j++) p[j] = j;
    for (size_t i = 1; i <= n; i++) {
        c[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t best = p[j - 1] + cost;
            if (p[j] + 1 < best) best = p[j] + 1;
            if (c[j - 1] + 1 < best) best = c[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < best)
                best = pp[j - 2] + 1;
            c[j] = best;
        }
        size_t *t = pp;
        pp = p, p = c, c = t;
    }
    size_t d = p[m];
    free(rows);
    return d;
}

void dc_suggest_offer(dc_suggest *s, const char *candidate) {
    size_t len = strlen(s->typed);
    size_t limit = len / 3 < 1 ? 1 : len / 3 > 3 ? 3 : len / 3;
    size_t d = dc_edit_distance(s->typed, candidate);
    if (d == 0 || d > limit) return;
    if (!s->best || d < s->dist) s->best = candidate, s->dist = d;
}
