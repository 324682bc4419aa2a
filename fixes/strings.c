/* strings.c: string helpers of the fixers (see fixers_p.h). */
#include <ctype.h>

#include "rewriter/fixers_p.h"

char *dc_str_lower(dc_arena *a, dc_sv s) {
    char *l = dc_arena_strndup(a, s.p, s.len);
    for (char *p = l; *p; p++) *p = (char)tolower((unsigned char)*p);
    return l;
}
