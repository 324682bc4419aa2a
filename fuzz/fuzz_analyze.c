/* fuzz_analyze: arbitrary Python / TypeScript / TSX / JavaScript / .env bytes through the
 * analysis with the full built-in rule set and fixers on (dc_analyze, want_fixes), then through
 * what consumes an analysis: positions, one fix pass (dc_fixes_apply), and every report writer
 * (text, JSON, GitHub, SARIF, JUnit, Markdown, HTML) on the findings, written to /dev/null.
 * Invariant besides crashes: the witness-narrowed matching (analyzer/witness.h) finds exactly
 * what matching the whole tree finds.
 *
 * The first input byte picks the language (see fuzz_common.h); the rest is the file. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "report/report.h"
#include "rewriter/apply.h"

static char *line_text(dc_source *s, uint32_t line) {
    uint32_t a = dc_source_line_start(s, line), b = dc_source_line_end(s, line);
    if (b < a) dcf_fail("line table", "line %u ends (%u) before it starts (%u)", line, b, a);
    return dc_xstrndup(s->data + a, b - a);
}

/* The same records cli/run.c builds (add_records), so the writers see real data. */
static void add_records(dc_report *rep, dc_analysis *an) {
    dc_source *s = an->src;
    for (uint32_t i = 0; i < an->findings.len; i++) {
        const dc_finding *f = &an->findings.v[i];
        dc_rfinding r = {0};
        r.path = dc_xstrdup(s->path);
        r.rule = f->rule;
        r.severity = f->severity;
        dc_pos a = dc_source_pos(s, f->range.start), b = dc_source_pos(s, f->range.end);
        r.line = a.line, r.col = a.column, r.end_line = b.line, r.end_col = b.column;
        r.start = f->range.start, r.end = f->range.end;
        r.message = dc_xstrdup(f->message);
        r.line_text = line_text(s, a.line);
        r.low_confidence = f->low_confidence;
        if (f->fix) {
            r.app = f->fix->app;
            r.fix_why = f->fix->why ? dc_xstrdup(f->fix->why) : NULL;
            r.fix_title = f->fix->title ? dc_xstrdup(f->fix->title) : NULL;
            r.nedits = f->fix->nedits;
            r.edits = dc_xcalloc(r.nedits ? r.nedits : 1, sizeof *r.edits);
            for (uint32_t k = 0; k < r.nedits; k++) {
                const dc_edit *e = &f->fix->edits[k];
                dc_pos ea = dc_source_pos(s, e->start), eb = dc_source_pos(s, e->end);
                r.edits[k] = (dc_redit){e->start, e->end, ea.line, ea.column, eb.line, eb.column,
                                        dc_xstrndup(e->text, e->len)};
            }
        }
        dc_vec_push(&rep->findings, r);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1 || size > (1u << 20)) return 0;
    static FILE *devnull;
    if (!devnull) devnull = fopen("/dev/null", "w");
    dc_ruleset *rs = dcf_builtin_rules();
    dc_worker *w = dcf_worker();
    dcf_mode m = dcf_mode_from_byte(data[0]);
    dc_source *src = dc_source_from_bytes(m.name, m.lang, (const char *)data + 1, (uint32_t)(size - 1));
    dc_analyze_opts opts = dcf_opts(m.profile);

    /* The witness ranges (analyzer/witness.h) must not change what is found: analyse the whole
     * tree first, remember the findings, then compare with the narrowed run. */
    dc_analysis an;
    dc_analyze_opts whole = opts;
    whole.whole_tree = true;
    dc_analyze(w, rs, src, &whole, &an);
    uint32_t nwhole = an.findings.len, mwhole = an.migrated;
    dc_finding *fw = dc_xcalloc(nwhole ? nwhole : 1, sizeof *fw);
    if (nwhole) memcpy(fw, an.findings.v, nwhole * sizeof *fw);
    dc_analysis_release(&an);
    dc_analyze(w, rs, src, &opts, &an);
    dcf_check_analysis(&an, true);
    if (an.findings.len != nwhole || an.migrated != mwhole) dcf_fail("witness", "narrowed matching found a different number of sites");
    for (uint32_t i = 0; i < nwhole; i++) {
        const dc_finding *a = &fw[i], *b = &an.findings.v[i];
        if (a->rule != b->rule || a->range.start != b->range.start || a->range.end != b->range.end ||
            a->low_confidence != b->low_confidence)
            dcf_fail("witness", "narrowed matching found different sites");
    }
    free(fw);

    dc_buf out = DC_BUF_INIT;
    bool *applied = dc_xcalloc(an.findings.len ? an.findings.len : 1, sizeof *applied);
    (void)dc_fixes_apply(&an, m.unsafe ? DC_APP_UNSAFE : DC_APP_SAFE, &out, applied);
    free(applied);
    dc_buf_free(&out);

    dc_report rep;
    dc_report_init(&rep);
    rep.rules = rs;
    rep.files_scanned = 1;
    add_records(&rep, &an);
    dc_rfile rf = {dc_xstrdup(src->path), an.migrated};
    dc_vec_push(&rep.files, rf);
    dc_analysis_release(&an);
    dc_report_sort(&rep);
    if (devnull) {
        dc_output_opts oo = {false, false, false, true};
        for (int f = 0; f < DC_FORMAT_COUNT; f++) dc_report_write(&rep, (dc_format)f, devnull, &oo);
        oo.statistics = true;
        dc_report_write(&rep, DC_FORMAT_TEXT, devnull, &oo);
    }
    dc_report_free(&rep);
    dc_source_free(src);
    return 0;
}
