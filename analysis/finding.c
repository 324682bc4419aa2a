/* finding.c: fix construction and edit-set rules, capture lookup (see finding.h). */
#include "analysis/finding.h"

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

void dc_fix_add_edit_once(dc_arena *arena, dc_fix *fix, uint32_t start, uint32_t end, const char *text, size_t len) {
    for (uint32_t i = 0; i < fix->nedits; i++) {
        const dc_edit *d = &fix->edits[i];
        if (d->start == start && d->end == end && d->len == len && memcmp(d->text, text, len) == 0) return;
    }
    dc_fix_add_edit(arena, fix, start, end, text, len);
}

void dc_fix_copy_edits(dc_arena *arena, dc_fix *to, const dc_fix *from) {
    for (uint32_t i = 0; i < from->nedits; i++) {
        const dc_edit *e = &from->edits[i];
        const char *text = dc_arena_strndup(arena, e->text, e->len);
        dc_fix_add_edit_once(arena, to, e->start, e->end, text, strlen(text));
    }
}

bool dc_edits_conflict(const dc_edit *a, const dc_edit *b) {
    if (a->start == b->start && a->end == b->end && a->len == b->len && memcmp(a->text, b->text, a->len) == 0)
        return false;
    bool ai = a->start == a->end, bi = b->start == b->end;
    if (ai && bi) return a->start == b->start;
    if (ai) return a->start > b->start && a->start < b->end;
    if (bi) return b->start > a->start && b->start < a->end;
    return a->start < b->end && b->start < a->end;
}

bool dc_fix_conflicts_with(const dc_fix *fix, const dc_fix *more) {
    for (uint32_t i = 0; i < more->nedits; i++)
        for (uint32_t j = 0; j < fix->nedits; j++)
            if (dc_edits_conflict(&more->edits[i], &fix->edits[j])) return true;
    return false;
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
