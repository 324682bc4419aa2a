/* strings.c: string helpers of the fixers (see fixers_p.h). */
#include <ctype.h>

#include "rewriter/fixers_p.h"

char *dc_str_lower(dc_arena *a, dc_sv s) {
    char *l = dc_arena_strndup(a, s.p, s.len);
    for (char *p = l; *p; p++) *p = (char)tolower((unsigned char)*p);
    return l;
}

bool dc_sv_listed(const dc_sv *v, uint32_t n, dc_sv s) {
    for (uint32_t i = 0; i < n; i++)
        if (dc_sv_eq(v[i], s)) return true;
    return false;
}
