/* fuzz_report: every report writer (report/report.h: text, JSON, GitHub, SARIF, JUnit, Markdown,
 * HTML) on a report whose strings are hostile: file paths as a cloned repository can name files
 * (any byte but NUL and, in a component, `/`: newlines, ESC and OSC sequences, bytes that are not
 * UTF-8, `::error`, `<`), messages and fix texts carrying source text, and diffs of hostile
 * bytes; then the baseline (--write-baseline, --baseline) of the same report.
 *
 * Checks besides crashes, leaks and UB:
 *  - every writer reports success;
 *  - JSON and SARIF are documents jansson parses, with one entry per finding; a JSON `path` and
 *    `message` that were UTF-8 come back byte for byte, and a SARIF `uri` percent-decodes to the
 *    path's exact bytes (any path);
 *  - GitHub: one workflow command line per finding and one summary line, so no path or message
 *    can start a command of its own;
 *  - JUnit: only characters XML 1.0 allows, well-formed UTF-8, one <testcase> per finding;
 *  - HTML: well-formed UTF-8, and the marker `<dcf` of the seeds and dictionary never appears
 *    unescaped;
 *  - a baseline written from the report covers every finding of it;
 *  - text, GitHub and Markdown output hold no raw control character (C0 but newline and tab,
 *    DEL, C1; with --color only dcmigrate's own SGR sequences `ESC [ digits ; m`): paths are
 *    quoted as git quotes them and messages escaped (common/text.h); the text report has one
 *    line per finding.
 *
 * Input: fields, each ended by a NUL byte (the last by the end of the input); numbers are
 * decimal text (anything else reads as 0). Header: FLAGS (1 color, 2 quiet, 4 statistics,
 * 8 show_fixes, 16 fix mode, 32 diff mode; /64 % 3: fail_on), MORE_FILES_SCANNED, ERRORS,
 * SUPPRESSIONS_ADDED, FILES_CHANGED. Then records, each a kind field and its fields (an empty
 * path means the previous record's path):
 *   F  path rule severity line col end_line end_col start end message line_text FLAGS(1 low
 *      confidence, /2 % 4 applicability) why title NEDITS, then NEDITS x (start end line col
 *      end_line end_col text)                                        a finding
 *   S  path reason                                                   a skipped file
 *   X  path rule count                                               a fixed count (--fix)
 *   D  path old new                                                  a diff of old -> new
 *   P  path migrated                                                 a scanned file
 * Rules are those of report_rules() that report findings, by index modulo their count. Positions keep
 * the order real records have (1-based, end not before start): hostile strings are the point,
 * not impossible coordinates. Seeds: fuzz/seeds/fuzz_report/ (made by fuzz/seeds/report_seeds.py);
 * dictionary: fuzz/report.dict. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply/diff.h"
#include "fuzz_common.h"
#include "report/baseline.h"
#include "report/report.h"
#include "ruleset/embedded.h"

enum { MAX_FINDINGS = 64, MAX_EDITS = 8, MAX_RECORDS = 256 };

typedef struct reader {
    char *p, *end; /* a NUL-terminated copy of the input */
} reader;

static const char *field(reader *r) {
    if (r->p >= r->end) return "";
    char *f = r->p;
    r->p += strlen(f) + 1;
    return f;
}

static uint32_t num(reader *r) {
    const char *f = field(r);
    uint64_t v = 0;
    for (; *f >= '0' && *f <= '9' && v <= UINT32_MAX; f++) v = v * 10 + (uint64_t)(*f - '0');
    return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* A path field: empty means the previous record's path. */
static const char *path_field(reader *r, const char **last) {
    const char *f = field(r);
    if (*f) *last = f;
    return *last;
}

/* The report's rule set: a few built-in rule files, not all of them. SARIF describes every rule
 * of the set and HTML lists them, the same bytes for every input: with the whole set that was
 * half of each input's time (writing, then parsing the SARIF back). These cover each severity,
 * a manual-only rule, a .env rule and a progress rule. */
static dc_ruleset *report_rules(void) {
    static dc_ruleset *rs;
    static const char *const names[] = {"rules/tools-get.yml", "rules/legacy-toolset.yml", "rules/trigger-unsupported.yml",
                                        "rules/toolkit-version-env.yml", "rules/connect-link.yml",
                                        "rules/already-migrated.yml"};
    if (rs) return rs;
    rs = dc_ruleset_new();
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const dc_embedded_file *f = dc_embedded_files;
        while (f->name && strcmp(f->name, names[i]) != 0) f++;
        if (!f->name || dc_ruleset_load_buffer(rs, f->name, f->data, f->len, true) != 0)
            dcf_fail("setup", "cannot load the built-in rule file %s", names[i]);
    }
    return rs;
}

/* The rules of the set that can have findings (progress rules only count migrated sites). */
static const dc_rule *rule_at(uint32_t i) {
    static const dc_rule **v;
    static uint32_t n;
    if (!v) {
        dc_ruleset *rs = report_rules();
        v = dc_xcalloc(dc_ruleset_count(rs) + 1, sizeof *v);
        for (uint32_t k = 0; k < dc_ruleset_count(rs); k++)
            if (!dc_ruleset_get(rs, k)->progress) v[n++] = dc_ruleset_get(rs, k);
        if (!n) dcf_fail("setup", "no rule of the set reports findings");
    }
    return v[i % n];
}

static char *opt_str(const char *s) { return *s ? dc_xstrdup(s) : NULL; }

/* 1-based (line, col) .. (end_line, end_col), the end not before the start. */
static void positions(reader *r, uint32_t *line, uint32_t *col, uint32_t *end_line, uint32_t *end_col) {
    *line = num(r), *col = num(r), *end_line = num(r), *end_col = num(r);
    if (!*line) *line = 1;
    if (!*col) *col = 1;
    if (*end_line < *line) *end_line = *line;
    if (*end_line == *line && *end_col < *col) *end_col = *col;
}

static void bytes(reader *r, uint32_t *start, uint32_t *end) {
    *start = num(r), *end = num(r);
    if (*end < *start) *end = *start;
}

static void read_finding(reader *r, dc_report *rep, const char **last) {
    dc_rfinding f = {0};
    f.path = dc_xstrdup(path_field(r, last));
    f.rule = rule_at(num(r));
    f.severity = (dc_severity)(num(r) % 3);
    positions(r, &f.line, &f.col, &f.end_line, &f.end_col);
    bytes(r, &f.start, &f.end);
    f.message = dc_xstrdup(field(r));
    f.line_text = dc_xstrdup(field(r));
    uint32_t flags = num(r);
    f.low_confidence = flags & 1;
    f.app = (dc_applicability)((flags / 2) % 4);
    f.fix_why = opt_str(field(r));
    f.fix_title = opt_str(field(r));
    uint32_t n = num(r);
    f.nedits = f.app == DC_APP_NONE ? 0 : n > MAX_EDITS ? MAX_EDITS : n;
    f.edits = dc_xcalloc(f.nedits ? f.nedits : 1, sizeof *f.edits);
    for (uint32_t k = 0; k < f.nedits; k++) {
        dc_redit *e = &f.edits[k];
        bytes(r, &e->start, &e->end);
        positions(r, &e->line, &e->col, &e->end_line, &e->end_col);
        e->text = dc_xstrdup(field(r));
    }
    dc_vec_push(&rep->findings, f);
}

static void read_diff(reader *r, dc_report *rep, const char **last) {
    const char *path = path_field(r, last);
    const char *a = field(r), *b = field(r);
    for (uint32_t i = 0; i < rep->diffs.len; i++)
        if (strcmp(rep->diffs.v[i].path, path) == 0) return; /* a run diffs each file once */
    dc_diff d;
    bool ok = dc_diff_compute(&d, path, a, strlen(a), b, strlen(b), 3);
    if (ok && d.hunks.len) dc_vec_push(&rep->diffs, d); /* a run keeps the diffs of files that change */
    else dc_diff_free(&d);
}

static void read_file(reader *r, dc_report *rep, const char **last) {
    const char *path = path_field(r, last);
    uint32_t migrated = num(r) % 1000;
    for (uint32_t i = 0; i < rep->files.len; i++)
        if (strcmp(rep->files.v[i].path, path) == 0) return; /* each file is scanned once */
    dc_rfile f = {dc_xstrdup(path), migrated};
    dc_vec_push(&rep->files, f);
    rep->migrated += migrated;
}

static int cmp_file(const void *a, const void *b) { return strcmp(((const dc_rfile *)a)->path, ((const dc_rfile *)b)->path); }

/* The report as a run builds it; returns the output options. */
static dc_output_opts read_report(reader *r, dc_report *rep) {
    uint32_t flags = num(r);
    dc_output_opts oo = {flags & 1, (flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0, (flags >> 20) & 1};
    rep->fix_mode = (flags & 16) != 0;
    rep->diff_mode = (flags & 32) != 0;
    rep->fail_on = (dc_severity)((flags / 64) % 3);
    uint32_t more_files = num(r) % 100000;
    rep->errors = num(r) % 1000;
    rep->suppressions_added = num(r) % 1000;
    uint32_t changed = num(r);
    rep->rules = report_rules();
    const char *last = "fuzz.py";
    for (uint32_t n = 0; n < MAX_RECORDS && r->p < r->end; n++) {
        const char *kind = field(r);
        switch (kind[0]) {
        case 'F':
            if (rep->findings.len < MAX_FINDINGS) read_finding(r, rep, &last);
            break;
        case 'S': {
            const char *path = path_field(r, &last);
            dc_report_add_skip(rep, path, field(r));
            break;
        }
        case 'X': {
            const char *path = path_field(r, &last);
            const dc_rule *rule = rule_at(num(r));
            dc_report_add_fixed(rep, path, rule, 1 + num(r) % 1000);
            break;
        }
        case 'D': read_diff(r, rep, &last); break;
        case 'P': read_file(r, rep, &last); break;
        default: break;
        }
    }
    /* every path a finding names was scanned; discovery hands files over sorted */
    for (uint32_t i = 0; i < rep->findings.len; i++) {
        const char *p = rep->findings.v[i].path;
        bool seen = false;
        for (uint32_t k = 0; k < rep->files.len && !seen; k++) seen = strcmp(rep->files.v[k].path, p) == 0;
        if (!seen) {
            dc_rfile f = {dc_xstrdup(p), 0};
            dc_vec_push(&rep->files, f);
        }
    }
    if (rep->files.len > 1) qsort(rep->files.v, rep->files.len, sizeof *rep->files.v, cmp_file);
    rep->files_scanned = rep->files.len + more_files;
    rep->files_changed = changed % (rep->files_scanned + 1);
    dc_report_sort(rep);
    return oo;
}

/* ---- checks ---------------------------------------------------------------------------------- */

static int hexval(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-encoded text (RFC 3986) back to its bytes; NULL when a `%` is not followed by two hex
 * digits. */
static char *pct_decode(const char *s) {
    dc_buf b = DC_BUF_INIT;
    for (const char *p = s; *p; p++) {
        if (*p != '%') {
            dc_buf_addc(&b, *p);
            continue;
        }
        int hi = hexval(p[1]), lo = hi < 0 ? -1 : hexval(p[2]);
        if (lo < 0) {
            dc_buf_free(&b);
            return NULL;
        }
        dc_buf_addc(&b, (char)(hi * 16 + lo));
        p += 2;
    }
    return dc_buf_detach(&b);
}

/* A SARIF artifact URI back to the path's bytes (NULL when it is not one dcmigrate writes). */
static char *uri_path(const char *uri) {
    return pct_decode(strncmp(uri, "file://", 7) == 0 ? uri + 7 : uri);
}

/* A JSON object naming a file: `path` is the name for any UTF-8 name; a name that is not UTF-8
 * also has `raw_path`, which percent-decodes to its exact bytes (and only such a name has it). */
static void check_json_path(const char *what, uint32_t i, json_t *o, const char *want) {
    const char *path = json_string_value(json_object_get(o, "path"));
    json_t *rawj = json_object_get(o, "raw_path");
    if (!path) dcf_fail("json", "%s %u has no path", what, i);
    if (dcf_utf8_valid(want, strlen(want))) {
        if (strcmp(path, want) != 0) dcf_fail("json", "%s %u: the path does not come back byte for byte", what, i);
        if (rawj) dcf_fail("json", "%s %u: a raw_path for a UTF-8 name", what, i);
        return;
    }
    const char *raw = json_string_value(rawj);
    char *back = raw ? pct_decode(raw) : NULL;
    if (!back || strcmp(back, want) != 0)
        dcf_fail("json", "%s %u: raw_path `%s` does not decode to the path's bytes", what, i, raw ? raw : "(none)");
    free(back);
}

static void check_json(const dc_report *rep, const char *out, size_t len) {
    json_error_t err;
    json_t *doc = json_loadb(out, len, 0, &err);
    if (!doc) dcf_fail("json", "not a JSON document: %s at %d:%d", err.text, err.line, err.column);
    json_t *fs = json_object_get(doc, "findings");
    if (!json_is_array(fs) || json_array_size(fs) != rep->findings.len)
        dcf_fail("json", "%zu findings in the document, %u in the report", json_array_size(fs), rep->findings.len);
    dc_buf scratch = DC_BUF_INIT;
    for (uint32_t i = 0; i < rep->findings.len; i++) {
        const dc_rfinding *f = &rep->findings.v[i];
        json_t *o = json_array_get(fs, i);
        const char *msg = json_string_value(json_object_get(o, "message"));
        if (!msg) dcf_fail("json", "finding %u lacks a message", i);
        check_json_path("finding", i, o, f->path);
        const char *want = dc_rfinding_message(f, &scratch);
        if (dcf_utf8_valid(want, strlen(want)) && strcmp(msg, want) != 0)
            dcf_fail("json", "finding %u: the message does not come back byte for byte", i);
    }
    dc_buf_free(&scratch);
    json_t *sk = json_object_get(json_object_get(doc, "summary"), "skipped");
    if (rep->skipped.len && (!json_is_array(sk) || json_array_size(sk) != rep->skipped.len))
        dcf_fail("json", "%zu skipped files in the document, %u in the report", json_array_size(sk), rep->skipped.len);
    for (uint32_t i = 0; i < rep->skipped.len; i++)
        check_json_path("skipped file", i, json_array_get(sk, i), rep->skipped.v[i].path);
    json_decref(doc);
}

static void check_sarif(const dc_report *rep, const char *out, size_t len) {
    json_error_t err;
    json_t *doc = json_loadb(out, len, 0, &err);
    if (!doc) dcf_fail("sarif", "not a JSON document: %s at %d:%d", err.text, err.line, err.column);
    json_t *results = json_object_get(json_array_get(json_object_get(doc, "runs"), 0), "results");
    if (!json_is_array(results) || json_array_size(results) != rep->findings.len)
        dcf_fail("sarif", "%zu results in the document, %u findings in the report", json_array_size(results),
                 rep->findings.len);
    for (uint32_t i = 0; i < rep->findings.len; i++) {
        json_t *loc = json_object_get(json_array_get(json_object_get(json_array_get(results, i), "locations"), 0),
                                      "physicalLocation");
        const char *uri = json_string_value(json_object_get(json_object_get(loc, "artifactLocation"), "uri"));
        char *back = uri ? uri_path(uri) : NULL;
        if (!back || strcmp(back, rep->findings.v[i].path) != 0)
            dcf_fail("sarif", "result %u: the uri `%s` does not decode to the path", i, uri ? uri : "(none)");
        free(back);
    }
    json_decref(doc);
}

DCF_NO_COVERAGE static uint32_t count_lines(const char *s, size_t len, const char *prefix) {
    uint32_t n = 0;
    size_t pl = strlen(prefix);
    for (size_t i = 0; i < len; i++)
        if ((i == 0 || s[i - 1] == '\n') && len - i >= pl && memcmp(s + i, prefix, pl) == 0) n++;
    return n;
}

static void check_github(const dc_report *rep, const char *out, size_t len) {
    uint32_t commands = count_lines(out, len, "::"), lines = count_lines(out, len, "");
    if (commands != rep->findings.len || lines != rep->findings.len + 1)
        dcf_fail("github", "%u workflow commands and %u lines for %u findings", commands, lines, rep->findings.len);
}

/* XML 1.0's Char production, on well-formed UTF-8. */
DCF_NO_COVERAGE static void check_junit(const dc_report *rep, const char *out, size_t len) {
    for (size_t i = 0; i < len;) {
        uint32_t cp = 0;
        size_t n = dcf_utf8_next(out, len, i, &cp);
        if (n == 0) dcf_fail("junit", "byte %zu is not UTF-8", i);
        bool ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
                  cp >= 0x10000;
        if (!ok) dcf_fail("junit", "U+%04X at byte %zu is not an XML character", cp, i);
        i += n;
    }
    uint32_t cases = 0;
    for (const char *p = out; (p = strstr(p, "<testcase ")); p++) cases++;
    if (cases != rep->findings.len) dcf_fail("junit", "%u test cases for %u findings", cases, rep->findings.len);
}

static void check_html(const char *out, size_t len) {
    if (!dcf_utf8_valid(out, len)) dcf_fail("html", "not well-formed UTF-8");
    if (strstr(out, "<dcf")) dcf_fail("html", "a hostile `<dcf` reached the document unescaped");
}

/* Length of the SGR sequence (`ESC [ digits/; m`, what --color writes) at p, or 0. */
static size_t sgr_len(const char *p, size_t room) {
    if (room < 3 || p[0] != 0x1B || p[1] != '[') return 0;
    for (size_t k = 2; k < room; k++) {
        if (p[k] == 'm') return k + 1;
        if (!((p[k] >= '0' && p[k] <= '9') || p[k] == ';')) return 0;
    }
    return 0;
}

/* No C0 control but newline and tab, no DEL, no C1 (as a character or a lone byte); with `sgr`,
 * dcmigrate's own colour sequences are allowed (a hostile name's ESC is escaped before them). */
DCF_NO_COVERAGE static void check_no_controls(const char *what, const char *out, size_t len, bool sgr) {
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)out[i];
        size_t skip = sgr ? sgr_len(out + i, len - i) : 0;
        if (skip) {
            i += skip - 1;
            continue;
        }
        bool c1 = c == 0xC2 && i + 1 < len && (unsigned char)out[i + 1] >= 0x80 && (unsigned char)out[i + 1] <= 0x9F;
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || c1) {
            size_t from = i > 60 ? i - 60 : 0, to = len - i > 20 ? i + 20 : len;
            fprintf(stderr, "==dcmigrate-fuzz== %s output around it: ", what);
            for (size_t k = from; k < to; k++)
                fprintf(stderr, (unsigned char)out[k] < 0x20 || (unsigned char)out[k] >= 0x7F ? "\\x%02x" : "%c", (unsigned char)out[k]);
            fputc('\n', stderr);
            dcf_fail(what, "raw control byte 0x%02X at byte %zu", c1 ? (unsigned char)out[i + 1] : c, i);
        }
    }
}

/* Whether every diff's own lines are free of control bytes (a diff must carry a file's bytes as
 * they are, for `git apply`, so only then is a control byte in the output the writer's doing). */
DCF_NO_COVERAGE static bool diffs_clean(const dc_report *rep) {
    for (uint32_t i = 0; i < rep->diffs.len; i++) {
        const dc_diff *d = &rep->diffs.v[i];
        for (size_t k = 0; k < d->text.len; k++) {
            unsigned char c = (unsigned char)d->text.p[k];
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || c >= 0x80) return false;
        }
    }
    return true;
}

static void check_quoted(const dc_report *rep, dc_format f, const dc_output_opts *oo, const char *out, size_t len) {
    if (f == DC_FORMAT_TEXT && (!rep->diff_mode || diffs_clean(rep))) {
        check_no_controls("text", out, len, oo->color);
        if (!rep->diff_mode && !oo->statistics) {
            uint32_t want = rep->findings.len + (rep->fix_mode ? rep->fixed.len : 0) + (oo->quiet ? 0 : 1);
            uint32_t lines = 0;
            for (size_t i = 0; i < len; i++) lines += out[i] == '\n';
            if (lines != want) dcf_fail("text", "%u lines where %u were due", lines, want);
        }
    }
    if (f == DC_FORMAT_GITHUB) check_no_controls("github", out, len, false);
    if (f == DC_FORMAT_MARKDOWN && diffs_clean(rep)) check_no_controls("markdown", out, len, false);
}

static void write_and_check(const dc_report *rep, dc_format f, const dc_output_opts *oo) {
    char *out = NULL;
    size_t len = 0;
    FILE *ms = open_memstream(&out, &len);
    if (!ms) dcf_fail("setup", "open_memstream failed");
    bool ok = dc_report_write(rep, f, ms, oo);
    if (fclose(ms) != 0) ok = false;
    if (!ok) dcf_fail(dc_format_name(f), "the writer reported a failure");
    switch (f) {
    case DC_FORMAT_JSON: check_json(rep, out, len); break;
    case DC_FORMAT_SARIF: check_sarif(rep, out, len); break;
    case DC_FORMAT_GITHUB: check_github(rep, out, len); break;
    case DC_FORMAT_JUNIT: check_junit(rep, out, len); break;
    case DC_FORMAT_HTML: check_html(out, len); break;
    default: break;
    }
    check_quoted(rep, f, oo, out, len);
    free(out);
}

/* --write-baseline, then --baseline on the same findings: nothing is new. */
static void check_baseline(dc_report *rep) {
    const char *file = dcf_temp_file("baseline.json");
    if (!dc_baseline_write(rep, file)) dcf_fail("baseline", "dc_baseline_write failed");
    uint32_t n = rep->findings.len;
    int removed = dc_baseline_apply(rep, file);
    if (removed != (int)n || rep->findings.len != 0)
        dcf_fail("baseline", "the baseline of %u findings removed %d and left %u", n, removed, rep->findings.len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > (256u << 10)) return 0;
    dcf_quiet();
    reader r;
    r.p = dc_xmalloc(size + 1);
    memcpy(r.p, data, size);
    r.p[size] = '\0';
    r.end = r.p + size;
    char *copy = r.p;
    dc_report rep;
    dc_report_init(&rep);
    dc_output_opts oo = read_report(&r, &rep);
    /* --diff prints its summary on stderr: keep the fuzzer's log readable */
    if (rep.diff_mode) oo.quiet = true;
    for (int f = 0; f < DC_FORMAT_COUNT; f++) write_and_check(&rep, (dc_format)f, &oo);
    check_baseline(&rep);
    dc_report_free(&rep);
    free(copy);
    return 0;
}
