/* occ.c: see occ.h. */
#include "syntax/occ.h"

#include <string.h>

void dc_occ_find(dc_occ *o, dc_sv hay, dc_sv needle) {
    if (!needle.len) return;
    const char *end = hay.p + hay.len;
    for (const char *p = hay.p; (p = memmem(p, (size_t)(end - p), needle.p, needle.len)) != NULL; p++)
        dc_vec_push(o, (uint32_t)(p - hay.p));
}

bool dc_occ_within(const dc_occ *o, uint32_t nlen, uint32_t start, uint32_t end) {
    uint32_t lo = 0, hi = o->len;
    while (lo < hi) { /* the first occurrence at or after start */
        uint32_t mid = lo + (hi - lo) / 2;
        if (o->v[mid] < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < o->len && (uint64_t)o->v[lo] + nlen <= end;
}
