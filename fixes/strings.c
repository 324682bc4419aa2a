/* strings.c: strings as the fixers read them (see fixers_p.h): the value and quote of a plain
 * string literal, a lower-cased copy, a name among names. */
#include <ctype.h>

#include "fixes/fixers_p.h"
#include "syntax/tree.h"

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

bool dc_string_value(dc_arena *a, const dc_source *src, TSNode n, const char **out) {
    dc_sv v;
    if (!dc_node_string(src, n, &v)) return false;
    *out = dc_arena_strndup(a, v.p, v.len);
    return true;
}

char dc_string_quote(const dc_source *src, TSNode n) {
    dc_sv s = dc_node_sv(src, n);
    for (uint32_t i = 0; i < s.len; i++)
        if (s.p[i] == '"' || s.p[i] == '\'') return s.p[i];
    return 0;
}
