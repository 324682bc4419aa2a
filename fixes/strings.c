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
    if (!dc_node_is(n, "string")) return false;
    uint32_t k = ts_node_child_count(n);
    dc_sv content = {0};
    for (uint32_t i = 0; i < k; i++) {
        TSNode c = ts_node_child(n, i);
        const char *t = ts_node_type(c);
        if (strcmp(t, "string_start") == 0) {
            dc_sv s = dc_node_sv(src, c);
            for (uint32_t j = 0; j < s.len; j++)
                if (s.p[j] != '"' && s.p[j] != '\'' && s.p[j] != 'r' && s.p[j] != 'R' && s.p[j] != 'u' && s.p[j] != 'U')
                    return false; /* f-strings and bytes are not plain names */
        } else if (strcmp(t, "string_content") == 0 || strcmp(t, "string_fragment") == 0) {
            if (ts_node_named_child_count(c) > 0) return false; /* escapes or interpolation */
            content = dc_node_sv(src, c);
        } else if (strcmp(t, "string_end") == 0 || strcmp(t, "\"") == 0 || strcmp(t, "'") == 0) {
            continue;
        } else {
            return false;
        }
    }
    *out = dc_arena_strndup(a, content.p ? content.p : "", content.len);
    return true;
}

char dc_string_quote(const dc_source *src, TSNode n) {
    dc_sv s = dc_node_sv(src, n);
    for (uint32_t i = 0; i < s.len; i++)
        if (s.p[i] == '"' || s.p[i] == '\'') return s.p[i];
    return 0;
}
