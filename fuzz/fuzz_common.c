/* fuzz_common.c: see fuzz_common.h. */
#include "fuzz_common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/diag.h"
#include "common/text.h"
#include "syntax/errors.h"

void dcf_fail(const char *what, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "\n==dcmigrate-fuzz== INVARIANT VIOLATED: %s: ", what);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    fflush(stderr);
    abort();
}

static void quiet_printer(dc_diag_level level, const char *location, const char *message, void *ctx) {
    (void)level, (void)location, (void)message, (void)ctx;
}

void dcf_quiet(void) {
    const char *v = getenv("DCF_VERBOSE");
    if (!(v && *v && *v != '0')) dc_diag_set_printer(quiet_printer, NULL);
}

dc_ruleset *dcf_builtin_rules(void) {
    static dc_ruleset *rs;
    if (!rs) {
        dcf_quiet();
        rs = dc_ruleset_new();
        int errs = dc_ruleset_load_builtin(rs);
        if (errs) dcf_fail("builtin rules", "%d errors loading the embedded rules", errs);
    }
    return rs;
}

dc_worker *dcf_worker_new(void) { return dc_worker_new(); }

static const dc_auth_map_entry auth[] = {{"ac_123", "github", NULL, 0}, {"ac_slack", "slack", NULL, 0}};

dc_analyze_opts dcf_opts(dc_profile profile) { return (dc_analyze_opts){profile, NULL, NULL, false, NULL, NULL, false}; }

const dc_fix_opts *dcf_fix_opts(void) {
    static const dc_fix_opts fopts = {.auth = auth, .nauth = 2};
    return &fopts;
}

void dcf_analyze(dc_worker *w, dc_ruleset *rs, dc_source *src, const dc_analyze_opts *opts, TSTree *tree,
                 dc_analysis *out) {
    dc_analyze_parsed(w, rs, src, opts, tree, out);
    dc_fixes_plan(out, rs, dcf_fix_opts());
}

dcf_mode dcf_mode_from_byte(uint8_t b) {
    static const struct {
        dc_lang lang;
        const char *name;
    } langs[8] = {
        {DC_LANG_PYTHON, "fuzz.py"},     {DC_LANG_TYPESCRIPT, "fuzz.ts"}, {DC_LANG_TSX, "fuzz.tsx"},
        {DC_LANG_JAVASCRIPT, "fuzz.js"}, {DC_LANG_DOTENV, "fuzz.env"},    {DC_LANG_PYTHON, "fuzz.pyi"},
        {DC_LANG_TYPESCRIPT, "fuzz.mts"}, {DC_LANG_JAVASCRIPT, "fuzz.mjs"},
    };
    dcf_mode m;
    m.lang = langs[b & 7].lang;
    m.name = langs[b & 7].name;
    m.unsafe = (b & 0x08) != 0;
    m.profile = (b & 0x40) ? DC_PROFILE_COMPOSIO : DC_PROFILE_AUTO;
    return m;
}

uint32_t dcf_tree_error_count(const dc_analysis *an) { return an->tree ? dc_tree_error_count(an->tree) : 0; }

void dcf_check_analysis(const dc_analysis *an, bool builtin) {
    dc_source *s = an->src;
    for (uint32_t i = 0; i < an->findings.len; i++) {
        const dc_finding *f = &an->findings.v[i];
        if (!f->rule || !f->message)
            dcf_fail("finding", "finding %u has no rule or message", i);
        if (f->range.start > f->range.end || f->range.end > s->len)
            dcf_fail("finding range", "%s: [%u, %u) outside the %u-byte source", f->rule->id, f->range.start,
                     f->range.end, s->len);
        dc_pos a = dc_source_pos(s, f->range.start), b = dc_source_pos(s, f->range.end);
        if (a.line == 0 || a.column == 0 || b.line < a.line)
            dcf_fail("finding position", "%s: %u:%u .. %u:%u", f->rule->id, a.line, a.column, b.line, b.column);
        (void)dc_source_line_start(s, a.line);
        (void)dc_source_line_end(s, a.line);
        if (!f->fix) continue;
        for (uint32_t k = 0; k < f->fix->nedits; k++) {
            const dc_edit *e = &f->fix->edits[k];
            if (e->start > e->end || e->end > s->len)
                dcf_fail("edit range", "%s: edit [%u, %u) outside the %u-byte source", f->rule->id, e->start, e->end,
                         s->len);
            if (e->len && !e->text) dcf_fail("edit text", "%s: edit with length %u and no text", f->rule->id, e->len);
            (void)dc_source_pos(s, e->start);
            (void)dc_source_pos(s, e->end);
            if (f->fix->app < DC_APP_UNSAFE) continue;
            /* fixers.h: a fix that may be applied never edits inside an ERROR/MISSING region ... */
            if (an->tree && dc_range_touches_error(an->tree, e->start, e->end))
                dcf_fail("edit in error region", "%s: %s edit [%u, %u) touches a syntax error", f->rule->id,
                         dc_applicability_name(f->fix->app), e->start, e->end);
            /* ... nor the bytes of a trigger call (the findings of the two built-in trigger rules) */
            for (uint32_t t = 0; builtin && t < an->findings.len; t++) {
                const dc_finding *tf = &an->findings.v[t];
                if (strcmp(tf->rule->id, "trigger-unsupported") != 0 && strcmp(tf->rule->id, "legacy-trigger-listener") != 0)
                    continue;
                bool hit = e->start == e->end ? (e->start > tf->range.start && e->start < tf->range.end)
                                              : (e->start < tf->range.end && tf->range.start < e->end);
                if (hit)
                    dcf_fail("edit in trigger call", "%s: edit [%u, %u) changes the bytes of the %s finding at [%u, %u)",
                             f->rule->id, e->start, e->end, tf->rule->id, tf->range.start, tf->range.end);
            }
        }
    }
}


static char *temp_dir;
static DC_VEC(char *) temp_files;

static void remove_temp(void) {
    for (uint32_t i = 0; i < temp_files.len; i++) unlink(temp_files.v[i]);
    if (temp_dir) rmdir(temp_dir);
}

const char *dcf_temp_file(const char *name) {
    for (uint32_t i = 0; i < temp_files.len; i++) {
        const char *slash = strrchr(temp_files.v[i], '/');
        if (strcmp(slash + 1, name) == 0) return temp_files.v[i];
    }
    dc_buf b = DC_BUF_INIT;
    if (!temp_dir) {
        /* tmpfs where there is one: rewriting a file on ext4 (truncation) waits for the disk,
         * which made fuzz_config spend 90% of its time asleep */
        const char *tmp = getenv("TMPDIR");
        if (!tmp || !*tmp) tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        dc_buf_printf(&b, "%s/dcf-XXXXXX", tmp);
        temp_dir = dc_buf_detach(&b);
        if (!mkdtemp(temp_dir)) dcf_fail("setup", "cannot make a temporary directory like %s", temp_dir);
        atexit(remove_temp);
    }
    dc_buf_printf(&b, "%s/%s", temp_dir, name);
    char *path = dc_buf_detach(&b);
    dc_vec_push(&temp_files, path); /* kept for the process's life */
    return path;
}

void dcf_write_file(const char *path, const void *data, size_t size) {
    unlink(path);
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) dcf_fail("setup", "cannot write %s", path);
}

DCF_NO_COVERAGE size_t dcf_utf8_next(const char *s, size_t len, size_t i, uint32_t *cp) {
    const unsigned char *p = (const unsigned char *)s + i;
    size_t room = len - i;
    if (p[0] < 0x80) return *cp = p[0], 1;
    size_t n = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC0 ? 2 : 0;
    if (!n || n > room || p[0] > 0xF4) return 0;
    uint32_t c = p[0] & (0x7F >> n);
    for (size_t k = 1; k < n; k++) {
        if ((p[k] & 0xC0) != 0x80) return 0;
        c = c << 6 | (p[k] & 0x3F);
    }
    static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < least[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    *cp = c;
    return n;
}

DCF_NO_COVERAGE bool dcf_utf8_valid(const char *s, size_t len) {
    uint32_t cp;
    for (size_t i = 0, n; i < len; i += n)
        if (!(n = dcf_utf8_next(s, len, i, &cp))) return false;
    return true;
}
