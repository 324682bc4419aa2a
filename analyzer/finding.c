/* finding.c: fix construction, capture lookup. */
#include "analyzer/finding.h"

dc_fix *dc_fix_new(dc_arena *arena, dc_applicability app) {
    dc_fix *f = dc_arena_alloc(arena, sizeof *f);
    f->app = app;
    return f;
}

void dc_fix_add_edit(dc_arena *arena, dc_fix *fix, uint32_t start, uint32_t end, const char *text, size_t len) {
    if (fix->nedits == fix->cap) {
        uint32_t cap = fix->cap ? fix->cap * 2 : 4;
        dc_edit *e = dc_arena_alloc(arena, cap * sizeof *e);
        if (fix->nedits) memcpy(e, fix->edits, fix->nedits * sizeof *e);
        fix->edits = e;
        fix->cap = cap;
    }
    fix->edits[fix->nedits++] = (dc_edit){start, end, dc_arena_strndup(arena, text, len), (uint32_t)len};
}

bool dc_finding_capture(const dc_finding *f, const char *name, TSNode *out) {
    size_t len = strlen(name);
    for (uint32_t i = 0; i < f->ncaps; i++) {
        uint32_t l;
        const char *s = ts_query_capture_name_for_id(f->query, f->caps[i].index, &l);
        if (l == len && memcmp(s, name, len) == 0) {
            *out = f->caps[i].node;
            return true;
        }
    }
    return false;
}
