/* fuzz_fix: the fix pipeline (analyse, apply, re-parse, verify, repeat: dc_fix_file) on mutated
 * fixtures, with the properties dcmigrate promises checked on every input:
 *
 *  1. when the result differs from the input, it has no more tree-sitter ERROR/MISSING nodes
 *     than the input (the verifier's promise, re-checked with a fresh parse);
 *  2. a rejected run changes nothing; built-in fixes converge within DC_FIX_MAX_PASSES passes;
 *  3. idempotence: dc_fix_file on the result changes nothing;
 *  4. every analysis on the way satisfies dcf_check_analysis (ranges in bounds, no applicable
 *     edit in an error region or in a trigger call);
 *  5. the unified diff of input and result can be made (what --diff prints);
 *  6. the analysis the loop keeps for the report (dc_fix_file_keep: the last pass's, of the final
 *     text, on the previous pass's verification tree) is the one a fresh analysis of the result
 *     gives: same findings, ranges, applicability and edits.
 * A violation calls abort() so libFuzzer saves the input.
 *
 * The first input byte picks the language, unsafe fixes and the SDK profile (fuzz_common.h). */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "apply/apply.h"
#include "apply/diff.h"

typedef struct seen {
    const dc_rule *rule;
    dc_range range;
    int app;
    uint32_t nedits, edits_len;
} seen;

/* What a report takes from an analysis, copied out of the worker's arena. */
static seen *remember(const dc_analysis *an, uint32_t *n) {
    *n = an->findings.len;
    seen *v = calloc(*n ? *n : 1, sizeof *v);
    for (uint32_t i = 0; i < *n; i++) {
        const dc_finding *f = &an->findings.v[i];
        v[i] = (seen){f->rule, f->range, f->fix ? (int)f->fix->app : -1, f->fix ? f->fix->nedits : 0, 0};
        for (uint32_t k = 0; f->fix && k < f->fix->nedits; k++) v[i].edits_len += f->fix->edits[k].len;
    }
    return v;
}

/* Was a fix of `rule` rejected by the verification in the loop's last pass (apply.h)? The kept
 * analysis then shows it as manual with the reason, which a fresh analysis, that never tried to
 * apply it, cannot know: only its fix may differ. */
static bool rejected(const dc_fix_result *fr, const dc_rule *rule) {
    for (uint32_t k = 0; fr && k < fr->rejections.len; k++)
        if (fr->rejections.v[k].rule == rule) return true;
    return false;
}

/* `now`: what a fresh analysis of the fix loop's result gives. */
static void same_as_kept(const seen *kept, uint32_t nkept, const seen *now, uint32_t n, const dc_fix_result *fr) {
    if (n != nkept) dcf_fail("kept analysis", "%u findings kept by the fix loop, %u in a fresh analysis", nkept, n);
    for (uint32_t i = 0; i < n; i++) {
        bool fix_same = now[i].app == kept[i].app && now[i].nedits == kept[i].nedits && now[i].edits_len == kept[i].edits_len;
        if (now[i].rule != kept[i].rule || now[i].range.start != kept[i].range.start ||
            now[i].range.end != kept[i].range.end || (!fix_same && !(kept[i].app == DC_APP_MANUAL && rejected(fr, kept[i].rule))))
            dcf_fail("kept analysis", "finding %u (%s) differs between the kept and a fresh analysis", i, now[i].rule->id);
    }
}

static void show(const char *label, const char *data, uint32_t len) {
    fprintf(stderr, "---- %s (%u bytes) ----\n", label, len);
    fwrite(data, 1, len > 4000 ? 4000 : len, stderr);
    fprintf(stderr, "\n---- end %s ----\n", label);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1 || size > (256u << 10)) return 0;
    dc_ruleset *rs = dcf_builtin_rules();
    dc_worker *w = dcf_worker_new();
    dcf_mode m = dcf_mode_from_byte(data[0]);
    dc_applicability min = m.unsafe ? DC_APP_UNSAFE : DC_APP_SAFE;
    dc_analyze_opts opts = dcf_opts(m.profile);
    dc_source *src = dc_source_from_bytes(m.name, m.lang, (const char *)data + 1, (uint32_t)(size - 1));

    /* The analysis the first pass will see, checked on its own; its tree's syntax errors and its
     * findings are kept for the checks below (a parse of the same bytes gives the same tree, so
     * they need no parse of their own). */
    dc_analysis an;
    dcf_analyze(w, rs, src, &opts, NULL, &an);
    dcf_check_analysis(&an, true);
    uint32_t errors_before = dcf_tree_error_count(&an), ninput;
    seen *input = remember(&an, &ninput);
    dc_analysis_release(&an);

    dc_fix_result r1;
    dc_fix_file_keep(w, rs, src, &opts, dcf_fix_opts(), min, &r1);
    uint32_t nkept = 0;
    seen *kept = NULL;
    dc_analysis fin;
    if (dc_fix_take_final(&r1, &fin)) {
        kept = remember(&fin, &nkept);
        dc_analysis_release(&fin);
    } else if (!r1.rejected && r1.converged) {
        dcf_fail("kept analysis", "a converged fix run kept no analysis");
    }
    if (r1.rejected && r1.changed) dcf_fail("rejected", "a rejected fix run still reports a change");
    if (!r1.converged)
        dcf_fail("convergence", "built-in fixes did not converge after %d passes (rules: %s)", DC_FIX_MAX_PASSES,
                 r1.not_converged_rules ? r1.not_converged_rules : "?");
    if (r1.changed) {
        if (!r1.data) dcf_fail("result", "changed but no data");
        dc_buf d = DC_BUF_INIT;
        if (!dc_diff_unified(&d, src->path, src->data, src->len, r1.data, r1.len, 3))
            dcf_fail("diff", "dc_diff_unified failed on a changed file");
        if (d.len == 0) dcf_fail("diff", "empty diff for a changed file");
        dc_buf_free(&d);

        /* a fresh analysis of the result: its own parse re-checks the verifier's promise */
        dc_source *again = dc_source_from_bytes(m.name, m.lang, r1.data, r1.len);
        dc_analysis an2;
        dcf_analyze(w, rs, again, &opts, NULL, &an2);
        uint32_t errors_after = dcf_tree_error_count(&an2);
        if (errors_after > errors_before) {
            show("input", src->data, src->len);
            show("fixed", r1.data, r1.len);
            dcf_fail("syntax", "the fixed file has %u ERROR/MISSING nodes, the input %u", errors_after, errors_before);
        }
        dcf_check_analysis(&an2, true);
        uint32_t nnow;
        seen *now = remember(&an2, &nnow);
        if (kept) same_as_kept(kept, nkept, now, nnow, &r1);
        free(now);
        dc_analysis_release(&an2);
        dc_fix_result r2;
        dc_fix_file(w, rs, again, &opts, dcf_fix_opts(), min, &r2);
        if (r2.changed) {
            show("input", src->data, src->len);
            show("after one --fix", r1.data, r1.len);
            show("after a second --fix", r2.data, r2.len);
            dcf_fail("idempotence", "a second fix run changed the file again");
        }
        dc_fix_result_free(&r2);
        dc_source_free(again);
    }
    if (!r1.changed && kept) same_as_kept(kept, nkept, input, ninput, &r1); /* the input's own analysis, as the report takes it */
    free(input);
    free(kept);
    dc_fix_result_free(&r1);
    dc_source_free(src);
    dc_worker_free(w);
    return 0;
}
