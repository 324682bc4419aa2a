/* select.c: rule selectors (see select.h). */
#include "ruleset/select.h"

#include <string.h>

#include "common/suggest.h"

bool dc_selector_matches(const char *selector, const char *id) {
    if (strcmp(selector, "ALL") == 0) return true;
    size_t n = strlen(selector);
    if (!n || strncmp(selector, id, n) != 0) return false;
    return id[n] == 0 || selector[n - 1] == '-' || id[n] == '-';
}

bool dc_selector_known(const dc_ruleset *rs, const char *selector) {
    if (dc_ruleset_knows(rs, selector)) return true;
    for (uint32_t i = 0; i < dc_ruleset_count(rs); i++)
        if (dc_selector_matches(selector, dc_ruleset_get(rs, i)->id)) return true;
    return false;
}

void dc_selector_hint(dc_buf *out, const dc_ruleset *rs, const char *selector) {
    dc_suggest s = {selector, NULL, 0};
    for (uint32_t i = 0; i < dc_ruleset_count(rs); i++) dc_suggest_offer(&s, dc_ruleset_get(rs, i)->id);
    dc_suggest_offer(&s, "ALL");
    if (s.best) dc_buf_printf(out, " (did you mean `%s`?)", s.best);
    else dc_buf_adds(out, " (see --list-rules)");
}
