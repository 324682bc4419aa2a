/* fuzz_analyze: arbitrary Python / TypeScript / TSX / JavaScript / .env bytes through the
 * analysis with the full built-in rule set and fixers on (dc_analyze, then dc_fixes_plan), then through
 * what consumes an analysis: positions, one fix pass (dc_fixes_apply), and every report writer
 * (text, JSON, GitHub, SARIF, JUnit, Markdown, HTML) on the findings, written to /dev/null.
 * Invariants besides crashes: the witness-narrowed matching (analysis/witness.h) finds exactly
 * what matching the whole tree finds; and the merged queries as written (DCMIGRATE_EXACT_QUERIES=1,
 * a second rule set compiled that way at start-up) find exactly what the relaxed ones
 * (ruleset/qrelax.h) find, findings, messages and fixes alike. That holds even where the relaxed
 * query reaches the query cursor's match limit, since the engine then re-matches the file with the
 * query as written (engine.c); the check is skipped only when the run as written reaches the limit
 * itself (which in-progress matches tree-sitter sacrifices then depends on the byte ranges, and the
 * user was told the file's findings may be incomplete).
 *
 * The first input byte picks the language (see fuzz_common.h); the rest is the file. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "common/diag.h"
#include "fuzz_common.h"
#include "report/report.h"
#include "apply/apply.h"

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

/* A finding of the exact-query run, copied out of the worker's arena (the relaxed runs reuse it).
 * `rule` belongs to the other rule set: compare ids. */
typedef struct kept {
    const dc_rule *rule;
    dc_severity severity;
    dc_range range;
    bool low_confidence, has_fix;
    char *message, *why, *title;
    dc_applicability app;
    uint32_t nedits;
    dc_edit *edits; /* text malloc'd */
} kept;

static char *dup_or_null(const char *s) { return s ? dc_xstrdup(s) : NULL; }
static bool same_str(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* Equal texts once the exact run's path prefix is taken out: a message may name the file a fact
 * came from (an auth config's `file:line`), and the exact run analyses "exact/<name>". */
static bool same_text(const char *a, const char *b) {
    if (same_str(a, b)) return true;
    if (!a || !b) return false;
    static const char pre[] = "exact/";
    while (*a && *b) {
        if (strncmp(a, pre, sizeof pre - 1) == 0) a += sizeof pre - 1;
        if (strncmp(b, pre, sizeof pre - 1) == 0) b += sizeof pre - 1;
        if (*a != *b) return false;
        if (*a) a++, b++;
    }
    return *a == *b;
}

static kept *keep_findings(const dc_analysis *an) {
    kept *k = dc_xcalloc(an->findings.len ? an->findings.len : 1, sizeof *k);
    for (uint32_t i = 0; i < an->findings.len; i++) {
        const dc_finding *f = &an->findings.v[i];
        k[i] = (kept){f->rule, f->severity, f->range, f->low_confidence, f->fix != NULL, dc_xstrdup(f->message),
                      NULL, NULL, DC_APP_NONE, 0, NULL};
        if (!f->fix) continue;
        k[i].why = dup_or_null(f->fix->why);
        k[i].title = dup_or_null(f->fix->title);
        k[i].app = f->fix->app;
        k[i].nedits = f->fix->nedits;
        k[i].edits = dc_xcalloc(f->fix->nedits ? f->fix->nedits : 1, sizeof *k[i].edits);
        for (uint32_t e = 0; e < f->fix->nedits; e++) {
            const dc_edit *d = &f->fix->edits[e];
            char *t = dc_xmalloc((size_t)d->len + 1); /* not strndup: the text may hold NUL bytes of the input */
            if (d->len) memcpy(t, d->text, d->len);
            t[d->len] = '\0';
            k[i].edits[e] = *d;
            k[i].edits[e].text = t;
        }
    }
    return k;
}

static void free_kept(kept *k, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        free(k[i].message);
        free(k[i].why);
        free(k[i].title);
        for (uint32_t e = 0; e < k[i].nedits; e++) free((char *)k[i].edits[e].text);
        free(k[i].edits);
    }
    free(k);
}

static bool same_finding(const kept *k, const dc_finding *f) {
    if (strcmp(k->rule->id, f->rule->id) != 0 || k->severity != f->severity || k->range.start != f->range.start ||
        k->range.end != f->range.end || k->low_confidence != f->low_confidence || !same_text(k->message, f->message) ||
        k->has_fix != (f->fix != NULL))
        return false;
    if (!f->fix) return true;
    if (k->app != f->fix->app || k->nedits != f->fix->nedits || !same_text(k->why, f->fix->why) ||
        !same_text(k->title, f->fix->title))
        return false;
    for (uint32_t e = 0; e < k->nedits; e++) {
        const dc_edit *a = &k->edits[e], *b = &f->fix->edits[e];
        if (a->start != b->start || a->end != b->end || a->len != b->len || (a->len && memcmp(a->text, b->text, a->len)))
            return false;
    }
    return true;
}

/* The built-in rules with every merged query compiled as written. The compile is lazy (the first
 * dc_ruleset_query of a language), so it is forced here, while the variable is set; the relaxed
 * set is compiled first, without it. */
static dc_ruleset *exact_rules(void) {
    static dc_ruleset *rs;
    if (rs) return rs;
    dc_ruleset *relaxed = dcf_builtin_rules();
    for (int l = 0; l < DC_LANG_COUNT; l++) (void)dc_ruleset_query(relaxed, (dc_lang)l);
    const char *old = getenv("DCMIGRATE_EXACT_QUERIES");
    char *saved = old ? dc_xstrdup(old) : NULL;
    setenv("DCMIGRATE_EXACT_QUERIES", "1", 1);
    rs = dc_ruleset_new();
    int errs = dc_ruleset_load_builtin(rs);
    if (errs) dcf_fail("builtin rules", "%d errors loading the embedded rules", errs);
    for (int l = 0; l < DC_LANG_COUNT; l++) (void)dc_ruleset_query(rs, (dc_lang)l);
    if (saved) setenv("DCMIGRATE_EXACT_QUERIES", saved, 1);
    else unsetenv("DCMIGRATE_EXACT_QUERIES");
    free(saved);
    return rs;
}

/* Whether the analysis since the last reset hit the query cursor's match limit: engine.c says so
 * with a warning (once per file path and query, so each input's runs use paths of their own). */
static bool hit_match_limit;
static void limit_printer(dc_diag_level level, const char *location, const char *message, void *ctx) {
    (void)ctx;
    if (strstr(message, "too many rule matches in progress")) hit_match_limit = true;
    const char *v = getenv("DCF_VERBOSE");
    if (v && *v && *v != '0') fprintf(stderr, "%s: %s: %s\n", location ? location : "", level == DC_DIAG_ERROR ? "error" : "warning", message);
}

/* What consumes an analysis: one fix pass, and every report writer (to /dev/null), after the
 * analysis is released (the report must not read its arena). The writers run only when there is
 * something to report: without findings or migrated sites their output does not depend on the
 * input (half of the inputs), and writing it, the SARIF rule descriptors above all, was a third
 * of the time. fuzz_report feeds the writers hostile records directly. */
static void consume(dc_ruleset *rs, const dc_source *src, dc_analysis *an, bool unsafe) {
    static FILE *devnull;
    if (!devnull) devnull = fopen("/dev/null", "w");
    dc_buf out = DC_BUF_INIT;
    bool *applied = dc_xcalloc(an->findings.len ? an->findings.len : 1, sizeof *applied);
    (void)dc_fixes_apply(an, unsafe ? DC_APP_UNSAFE : DC_APP_SAFE, &out, applied);
    free(applied);
    dc_buf_free(&out);

    dc_report rep;
    dc_report_init(&rep);
    rep.rules = rs;
    rep.files_scanned = 1;
    add_records(&rep, an);
    dc_rfile rf = {dc_xstrdup(src->path), an->migrated};
    dc_vec_push(&rep.files, rf);
    rep.migrated = an->migrated;
    dc_analysis_release(an);
    dc_report_sort(&rep);
    if (devnull && (rep.findings.len || rep.migrated)) {
        dc_output_opts oo = {false, false, false, true, false};
        /* SARIF describes every rule of rep.rules, the same ~40 descriptors for every input (half
         * of the writers' time): here it gets no rule set and so describes only the rules of the
         * findings (sarif.c's rule_slot); fuzz_report covers the writer with a rule set */
        dc_report without_rules = rep;
        without_rules.rules = NULL;
        for (int f = 0; f < DC_FORMAT_COUNT; f++)
            dc_report_write(f == DC_FORMAT_SARIF ? &without_rules : &rep, (dc_format)f, devnull, &oo);
        oo.statistics = true;
        dc_report_write(&rep, DC_FORMAT_TEXT, devnull, &oo);
    }
    dc_report_free(&rep);
}

/* libFuzzer calls this once, before the first input and outside its -timeout: the merged queries
 * (relaxed and exact, four languages) are compiled here, not in the first input's time. That is
 * ~1 s of CPU, ~2 s with the ASan-built tree-sitter runtime, and on a loaded machine with five
 * targets side by side the first input timed out (20 s wall) on it. fuzz/replay.c does not call
 * it: there the first input compiles them, lazily, as before. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    (void)exact_rules();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1 || size > (1u << 20)) return 0;
    dc_ruleset *rs = dcf_builtin_rules();
    dc_ruleset *exact = exact_rules();
    dc_diag_set_printer(limit_printer, NULL);
    dc_worker *w = dcf_worker_new();
    dcf_mode m = dcf_mode_from_byte(data[0]);
    dc_source *src = dc_source_from_bytes(m.name, m.lang, (const char *)data + 1, (uint32_t)(size - 1));
    /* one parse for the three analyses below: the same bytes give the same tree */
    TSTree *tree = dc_parse(w, src);
    dc_analyze_opts opts = dcf_opts(m.profile), whole = opts;
    whole.whole_tree = true;

    /* The queries as written, first, over the whole tree: what they find, copied out of the
     * arena. The path differs from the relaxed runs', so each run's match-limit warning is its own
     * (a narrowed run matches within the whole run's tree, so it cannot hit the limit alone). */
    dc_buf epath = DC_BUF_INIT;
    dc_buf_printf(&epath, "exact/%s", m.name);
    dc_source *esrc = dc_source_from_bytes(epath.p, m.lang, (const char *)data + 1, (uint32_t)(size - 1));
    dc_buf_free(&epath);
    dc_analysis ex;
    hit_match_limit = false;
    dcf_analyze(w, exact, esrc, &whole, tree ? ts_tree_copy(tree) : NULL, &ex);
    bool exact_limit = hit_match_limit;
    uint32_t nexact = ex.findings.len, mexact = ex.migrated;
    kept *fe = keep_findings(&ex);
    dc_analysis_release(&ex);
    dc_source_free(esrc);
    hit_match_limit = false;

    /* The witness ranges (analysis/witness.h) must not change what is found: analyse the whole
     * tree first, remember the findings, then compare with the narrowed run. */
    dc_analysis an;
    dcf_analyze(w, rs, src, &whole, tree ? ts_tree_copy(tree) : NULL, &an);
    uint32_t nwhole = an.findings.len, mwhole = an.migrated;
    dc_finding *fw = dc_xcalloc(nwhole ? nwhole : 1, sizeof *fw);
    if (nwhole) memcpy(fw, an.findings.v, nwhole * sizeof *fw);
    dc_analysis_release(&an);
    dcf_analyze(w, rs, src, &opts, tree, &an);
    dcf_check_analysis(&an, true);
    if (an.findings.len != nwhole || an.migrated != mwhole) dcf_fail("witness", "narrowed matching found a different number of sites");
    for (uint32_t i = 0; i < nwhole; i++) {
        const dc_finding *a = &fw[i], *b = &an.findings.v[i];
        if (a->rule != b->rule || a->range.start != b->range.start || a->range.end != b->range.end ||
            a->low_confidence != b->low_confidence)
            dcf_fail("witness", "narrowed matching found different sites");
    }
    free(fw);

    /* The relaxed queries and their kind checks (ruleset/qrelax.h), narrowed (the default run),
     * find what the queries as written find in the whole tree. */
    if (!exact_limit) {
        if (an.findings.len != nexact || an.migrated != mexact)
            dcf_fail("relaxed queries", "%u findings (%u migrated) with the relaxed queries, %u (%u) as written",
                     an.findings.len, an.migrated, nexact, mexact);
        for (uint32_t i = 0; i < nexact; i++)
            if (!same_finding(&fe[i], &an.findings.v[i]))
                dcf_fail("relaxed queries", "finding %u (%s at %u-%u as written) differs with the relaxed queries", i,
                         fe[i].rule->id, fe[i].range.start, fe[i].range.end);
    }
    free_kept(fe, nexact);

    consume(rs, src, &an, m.unsafe);
    dc_source_free(src);
    dc_worker_free(w);
    return 0;
}
