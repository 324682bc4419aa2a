/* build.c: report records from analyses, and fragments merged into the run's report (see
 * build.h). */
#include "report/build.h"

#include <stdlib.h>

#include "report/snippet.h"

static char *line_text(dc_source *s, uint32_t line) {
    uint32_t a = dc_source_line_start(s, line), b = dc_source_line_end(s, line);
    return dc_xstrndup(s->data + a, b - a);
}

/* The fix part of a record: applicability, and what `keep` asks for of the rest. */
static void add_fix(dc_rfinding *r, dc_source *s, const dc_fix *fx, unsigned keep) {
    r->app = fx->app;
    /* A manual fix's why is part of its message in most formats (dc_rfinding_message). */
    if ((keep & DC_KEEP_FIX_TEXT) || r->app == DC_APP_MANUAL) r->fix_why = fx->why ? dc_xstrdup(fx->why) : NULL;
    if (keep & DC_KEEP_FIX_TEXT) r->fix_title = fx->title ? dc_xstrdup(fx->title) : NULL;
    r->nedits = keep & DC_KEEP_EDITS ? fx->nedits : 0;
    r->edits = r->nedits ? dc_xcalloc(r->nedits, sizeof *r->edits) : NULL;
    for (uint32_t k = 0; k < r->nedits; k++) {
        const dc_edit *e = &fx->edits[k];
        dc_pos ea = dc_source_pos(s, e->start), eb = dc_source_pos(s, e->end);
        r->edits[k] = (dc_redit){e->start, e->end, ea.line, ea.column, eb.line, eb.column, dc_xstrndup(e->text, e->len)};
    }
}

void dc_report_add_analysis(dc_report *frag, const dc_analysis *an, unsigned keep) {
    dc_source *s = an->src;
    for (uint32_t i = 0; i < an->findings.len; i++) {
        const dc_finding *f = &an->findings.v[i];
        dc_rfinding r = {0};
        r.path = dc_xstrdup(s->path);
        r.rule = f->rule;
        r.severity = f->severity;
        dc_pos a = dc_source_pos(s, f->range.start), b = dc_source_pos(s, f->range.end);
        r.line = a.line;
        r.col = a.column;
        r.end_line = b.line;
        r.end_col = b.column;
        r.start = f->range.start;
        r.end = f->range.end;
        r.message = dc_xstrdup(f->message);
        if (keep & DC_KEEP_LINE_TEXT) r.line_text = line_text(s, a.line);
        r.low_confidence = f->low_confidence;
        if (f->fix) add_fix(&r, s, f->fix, keep);
        if (keep & DC_KEEP_SNIPPET) dc_snippet_fill(&r, s, f->fix);
        dc_vec_push(&frag->findings, r);
    }
}

void dc_report_add_file(dc_report *frag, const char *path, uint32_t migrated, unsigned keep) {
    frag->migrated += migrated;
    if (!(keep & DC_KEEP_FILES)) return;
    dc_rfile rf = {dc_xstrdup(path), migrated};
    dc_vec_push(&frag->files, rf);
}

void dc_report_merge(dc_report *dst, dc_report *src) {
    for (uint32_t i = 0; i < src->findings.len; i++) dc_vec_push(&dst->findings, src->findings.v[i]);
    for (uint32_t i = 0; i < src->files.len; i++) dc_vec_push(&dst->files, src->files.v[i]);
    for (uint32_t i = 0; i < src->skipped.len; i++) dc_vec_push(&dst->skipped, src->skipped.v[i]);
    for (uint32_t i = 0; i < src->fixed.len; i++) dc_vec_push(&dst->fixed, src->fixed.v[i]);
    for (uint32_t i = 0; i < src->diffs.len; i++) dc_vec_push(&dst->diffs, src->diffs.v[i]);
    dst->files_scanned += src->files_scanned;
    dst->migrated += src->migrated;
    dst->files_changed += src->files_changed;
    dst->suppressions_added += src->suppressions_added;
    dst->errors += src->errors;
    dc_vec_free(&src->findings);
    dc_vec_free(&src->files);
    dc_vec_free(&src->skipped);
    dc_vec_free(&src->fixed);
    dc_vec_free(&src->diffs);
}
