/* html.c: one self-contained HTML report for reviewers (report/html_assets.h has its CSS and JS).
 *
 * The page: a header with totals and the overall progress; a chart of the migration per
 * directory; a table per rule; the findings grouped by file, each with its code excerpt and the
 * part of its file's proposed diff that touches it, side by side, and the manual notes. Filters
 * (rule, severity, fix kind) are a few lines of inline JS; without JS everything is shown.
 *
 * Nothing is fetched: no external stylesheet, script, font or image, so the file can be mailed,
 * attached to a CI run or opened offline. Every piece of text from the run (paths, messages,
 * code, diff lines, rule notes) goes through h_esc: & < > " ' become entities and invalid UTF-8
 * bytes and control characters become U+FFFD, so a finding cannot inject markup.
 *
 * Progress is counted as in the Markdown report, by report/rows.h (which says what counts).
 *
 * Directories for the chart: the longest directory prefix shared by every scanned file is
 * dropped (a run on examples/app groups by backend/, web/, ... not by examples/), then each file
 * counts for the first remaining directory, or for "top-level files" when it has none. */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "common/text.h"
#include "report/html_assets.h"
#include "report/rows.h"

#define H_MAX_GROUPS 40u       /* chart rows; the smallest directories beyond merge into one row */
#define H_MAX_HUNKS 3u         /* diff hunks shown next to one finding */
#define H_MAX_HUNK_LINES 60u   /* lines of one hunk shown next to one finding */
#define H_MAX_FILE_DIFF 400u   /* lines of a whole-file diff */

/* ---- escaping --------------------------------------------------------------------------- */

/* Escapes one character at p (before `end`) into b; returns the bytes consumed (at least 1). A
 * sequence that runs past `end` is not one: a diff row is a range of a buffer that holds more. */
static size_t h_char(dc_buf *b, const char *p, const char *end) {
    const char *ent = NULL;
    switch (*p) {
    case '&': ent = "&amp;"; break;
    case '<': ent = "&lt;"; break;
    case '>': ent = "&gt;"; break;
    case '"': ent = "&quot;"; break;
    case '\'': ent = "&#39;"; break;
    case '\t': case '\n': dc_buf_addc(b, *p); return 1;
    case '\r': return 1;
    default: break;
    }
    if (ent) {
        dc_buf_adds(b, ent);
        return 1;
    }
    size_t n = dc_utf8_len(p);
    if (n > (size_t)(end - p)) n = 0;
    if (n == 0 || (n == 1 && ((unsigned char)*p < 0x20 || *p == 0x7F))) {
        dc_buf_adds(b, "\xEF\xBF\xBD");
        return 1;
    }
    dc_buf_add(b, p, n);
    return n;
}

static void h_esc(dc_buf *b, const char *s, size_t n) {
    const char *end = s + n;
    for (const char *p = s; p < end && *p;) p += h_char(b, p, end);
}

static void h_escs(dc_buf *b, const char *s) { h_esc(b, s ? s : "", s ? strlen(s) : 0); }

/* Message text: `code` spans (how rules quote code) become <code>; the rest is escaped. */
static void h_msg(dc_buf *b, const char *s, size_t n) {
    const char *end = s + n;
    for (const char *p = s; p < end && *p;) {
        const char *close = *p == '`' ? memchr(p + 1, '`', (size_t)(end - p - 1)) : NULL;
        if (close && close > p + 1) {
            dc_buf_adds(b, "<code>");
            h_esc(b, p + 1, (size_t)(close - p - 1));
            dc_buf_adds(b, "</code>");
            p = close + 1;
        } else {
            p += h_char(b, p, end);
        }
    }
}

/* ---- counting --------------------------------------------------------------------------- */

typedef struct h_counts {
    uint32_t on_sessions, fixable, manual;
} h_counts;

static void count_finding(h_counts *c, const dc_rfinding *f) {
    if (f->app >= DC_APP_UNSAFE) c->fixable++;
    else if (dc_rows_is_manual(f)) c->manual++;
}

static uint32_t pct_done(const h_counts *c) { return dc_rows_pct_done(c->on_sessions + c->fixable, c->manual); }

/* ---- directory groups ------------------------------------------------------------------- */

typedef struct h_group {
    char *name; /* "backend/", or "" for the files directly in the common directory */
    uint32_t files;
    h_counts c;
} h_group;

typedef DC_VEC(h_group) h_groups;

/* Length of the directory prefix ("a/b/") shared by every path, cut at a '/'. */
static size_t common_dir_len(const dc_report *r) {
    if (r->files.len == 0) return 0;
    const char *first = r->files.v[0].path;
    const char *slash = strrchr(first, '/');
    size_t len = slash ? (size_t)(slash - first) + 1 : 0;
    for (uint32_t i = 1; i < r->files.len && len; i++) {
        const char *p = r->files.v[i].path;
        size_t k = 0;
        while (k < len && p[k] == first[k]) k++;
        while (k > 0 && first[k - 1] != '/') k--;
        if (k < len) len = k;
    }
    return len;
}

static h_group *group_for(h_groups *g, const char *path, size_t plen) {
    const char *rest = strlen(path) >= plen ? path + plen : path;
    const char *slash = strchr(rest, '/');
    size_t n = slash ? (size_t)(slash - rest) + 1 : 0;
    for (uint32_t i = 0; i < g->len; i++)
        if (strlen(g->v[i].name) == n && strncmp(g->v[i].name, rest, n) == 0) return &g->v[i];
    h_group ng = {dc_xstrndup(rest, n), 0, {0, 0, 0}};
    dc_vec_push(g, ng);
    return &g->v[g->len - 1];
}

static int cmp_group_name(const void *pa, const void *pb) {
    const h_group *a = pa, *b = pb;
    /* top-level files last: they read as the remainder */
    if (!*a->name || !*b->name) return !*a->name - !*b->name;
    return strcmp(a->name, b->name);
}

static uint32_t group_total(const h_group *g) { return g->c.on_sessions + g->c.fixable + g->c.manual; }

static int cmp_group_size(const void *pa, const void *pb) {
    uint32_t a = group_total(pa), b = group_total(pb);
    return a != b ? (a > b ? -1 : 1) : cmp_group_name(pa, pb);
}

/* Keeps the biggest H_MAX_GROUPS - 1 directories and merges the rest into one row. */
static void cap_groups(h_groups *g) {
    if (g->len <= H_MAX_GROUPS) return;
    qsort(g->v, g->len, sizeof *g->v, cmp_group_size);
    h_group *rest = &g->v[H_MAX_GROUPS - 1];
    uint32_t merged = g->len - (H_MAX_GROUPS - 1);
    for (uint32_t i = H_MAX_GROUPS; i < g->len; i++) {
        rest->files += g->v[i].files;
        rest->c.on_sessions += g->v[i].c.on_sessions;
        rest->c.fixable += g->v[i].c.fixable;
        rest->c.manual += g->v[i].c.manual;
        free(g->v[i].name);
    }
    free(rest->name);
    char label[64];
    snprintf(label, sizeof label, "(%u other directories)", merged);
    rest->name = dc_xstrdup(label);
    g->len = H_MAX_GROUPS;
}

static void build_groups(const dc_report *r, h_groups *g, size_t *plen) {
    *plen = common_dir_len(r);
    for (uint32_t i = 0; i < r->files.len; i++) {
        h_group *x = group_for(g, r->files.v[i].path, *plen);
        x->files++;
        x->c.on_sessions += r->files.v[i].migrated;
    }
    for (uint32_t i = 0; i < r->findings.len; i++)
        count_finding(&group_for(g, r->findings.v[i].path, *plen)->c, &r->findings.v[i]);
    cap_groups(g);
    if (g->len > 1) qsort(g->v, g->len, sizeof *g->v, cmp_group_name);
}

static void free_groups(h_groups *g) {
    for (uint32_t i = 0; i < g->len; i++) free(g->v[i].name);
    dc_vec_free(g);
}

/* ---- page parts --------------------------------------------------------------------------- */

static void h_card(dc_buf *b, const char *cls, uint32_t n, const char *label) {
    dc_buf_printf(b, "<div class=\"card %s\"><span class=\"num\">%u</span><span class=\"lbl\">%s</span></div>\n", cls, n,
                  label);
}

static void h_seg(dc_buf *b, const char *cls, uint32_t n, uint32_t total) {
    if (n == 0 || total == 0) return;
    dc_buf_printf(b, "<span class=\"seg %s\" style=\"width:%.2f%%\"></span>", cls, 100.0 * n / total);
}

/* A stacked bar with its numbers spelled out for screen readers (the label) and everyone (cval). */
static void h_bar(dc_buf *b, const char *name, const h_counts *c, bool big) {
    uint32_t total = c->on_sessions + c->fixable + c->manual;
    dc_buf_printf(b, "<div class=\"bar%s\" role=\"img\" aria-label=\"", big ? " big" : "");
    h_escs(b, name);
    dc_buf_printf(b, ": %u already on sessions, %u fixable, %u manual\">", c->on_sessions, c->fixable, c->manual);
    h_seg(b, "s-done", c->on_sessions, total);
    h_seg(b, "s-fix", c->fixable, total);
    h_seg(b, "s-man", c->manual, total);
    dc_buf_adds(b, "</div>");
}

static void h_bar_values(dc_buf *b, const h_counts *c) {
    uint32_t total = c->on_sessions + c->fixable + c->manual;
    if (total == 0) {
        dc_buf_adds(b, "<div class=\"cval\">nothing to migrate</div>\n");
        return;
    }
    dc_buf_printf(b, "<div class=\"cval\"><strong>%u%%</strong> ", pct_done(c));
    if (c->on_sessions) dc_buf_printf(b, "%u on sessions · ", c->on_sessions);
    dc_buf_printf(b, "%u fixable · %u manual</div>\n", c->fixable, c->manual);
}

static void h_head(dc_buf *b, const dc_report *r) {
    dc_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"generator\" content=\"dcmigrate " DC_VERSION "\">\n");
    dc_buf_printf(b, "<title>dcmigrate report: %u %s</title>\n", r->findings.len,
                  dc_plural(r->findings.len, "finding", "findings"));
    dc_buf_printf(b, "<script>%s</script>\n<style>\n%s</style>\n</head>\n<body>\n", dc_html_head_js, dc_html_css);
}

static void h_header(dc_buf *b, const dc_report *r, const h_counts *all) {
    uint32_t sev[3] = {0}, safe = 0, unsafe = 0;
    for (uint32_t i = 0; i < r->findings.len; i++) {
        sev[r->findings.v[i].severity]++;
        safe += r->findings.v[i].app == DC_APP_SAFE;
        unsafe += r->findings.v[i].app == DC_APP_UNSAFE;
    }
    dc_buf_adds(b, "<header class=\"top\"><div class=\"wrap\">\n<h1>dcmigrate report</h1>\n<p class=\"sub\">");
    dc_buf_printf(b, "%u %s in %u %s scanned", r->findings.len, dc_plural(r->findings.len, "finding", "findings"),
                  r->files_scanned, dc_plural(r->files_scanned, "file", "files"));
    if (r->fix_mode) {
        uint32_t fixed = 0;
        for (uint32_t i = 0; i < r->fixed.len; i++) fixed += r->fixed.v[i].count;
        dc_buf_printf(b, " after <code>--fix</code> fixed %u in %u %s", fixed, r->files_changed,
                      dc_plural(r->files_changed, "file", "files"));
    }
    if (r->skipped.len) dc_buf_printf(b, " · %u skipped", r->skipped.len);
    if (r->errors) dc_buf_printf(b, " · %u %s (see the run's log)", r->errors, dc_plural(r->errors, "error", "errors"));
    dc_buf_adds(b, " · dcmigrate " DC_VERSION "</p>\n<div class=\"cards\" id=\"totals\">\n");
    h_card(b, "", r->files_scanned, "files scanned");
    h_card(b, "", r->findings.len, "findings");
    h_card(b, "", sev[DC_SEV_ERROR], "errors");
    h_card(b, "", sev[DC_SEV_WARNING], "warnings");
    h_card(b, "", sev[DC_SEV_INFO], "info");
    h_card(b, "c-fix", safe, "safe fixes");
    h_card(b, "c-fix", unsafe, "unsafe fixes");
    h_card(b, "c-man", all->manual, "manual");
    h_card(b, "c-done", all->on_sessions, "already on sessions");
    dc_buf_adds(b, "</div>\n<div class=\"overall\" id=\"overall\"><span class=\"lbl\">Progress</span>");
    h_bar(b, "All files", all, true);
    h_bar_values(b, all);
    dc_buf_adds(b, "</div>\n</div></header>\n");
}

static void h_legend(dc_buf *b) {
    dc_buf_adds(b, "<ul class=\"legend\"><li><span class=\"sw s-done\"></span>Already on sessions</li>"
                   "<li><span class=\"sw s-fix\"></span>Fixable (safe or unsafe fix)</li>"
                   "<li><span class=\"sw s-man\"></span>Manual</li></ul>\n");
}

static void h_chart(dc_buf *b, const dc_report *r) {
    h_groups g = {0};
    size_t plen;
    build_groups(r, &g, &plen);
    dc_buf_adds(b, "<section class=\"panel\" id=\"progress\">\n<h2>Migration progress by directory</h2>\n"
                   "<p class=\"note-line\">");
    if (plen) {
        dc_buf_adds(b, "Directories under <code>");
        h_esc(b, r->files.v[0].path, plen);
        dc_buf_adds(b, "</code>. ");
    }
    dc_buf_adds(b, "Migrated or fixable: sites already on sessions plus findings with a safe or unsafe fix. "
                   "Manual: error and warning findings without an automatic fix. Info findings are not counted.</p>\n");
    h_legend(b);
    dc_buf_adds(b, "<div class=\"chart\" id=\"progress-chart\">\n");
    for (uint32_t i = 0; i < g.len; i++) {
        const char *name = *g.v[i].name ? g.v[i].name : "top-level files";
        dc_buf_adds(b, "<div class=\"crow\"><div class=\"clabel\"><code>");
        h_escs(b, name);
        dc_buf_printf(b, "</code><span class=\"files\">%u %s</span></div>", g.v[i].files,
                      dc_plural(g.v[i].files, "file", "files"));
        h_bar(b, name, &g.v[i].c, false);
        h_bar_values(b, &g.v[i].c);
        dc_buf_adds(b, "</div>\n");
    }
    if (g.len == 0) dc_buf_adds(b, "<p class=\"empty\">No files scanned.</p>\n");
    dc_buf_adds(b, "</div>\n</section>\n");
    free_groups(&g);
}

static void h_num_cell(dc_buf *b, uint32_t n, bool dash) {
    if (dash) dc_buf_adds(b, "<td class=\"n muted\">—</td>");
    else dc_buf_printf(b, "<td class=\"n\">%u</td>", n);
}

static void h_rules(dc_buf *b, const dc_rule_row *rows, uint32_t n) {
    dc_buf_adds(b, "<section class=\"panel\" id=\"rules\">\n<h2>Findings by rule</h2>\n");
    if (n == 0) {
        dc_buf_adds(b, "<p class=\"empty\">No findings.</p>\n</section>\n");
        return;
    }
    dc_buf_adds(b, "<table class=\"rules\"><thead><tr><th>Rule</th><th>Severity</th><th class=\"n\">Findings</th>"
                   "<th class=\"n\">Fixable</th><th class=\"n\">Manual</th><th>What it finds</th></tr></thead><tbody>\n");
    for (uint32_t i = 0; i < n; i++) {
        const dc_rule *rule = rows[i].rule;
        /* an info rule with nothing to fix or do by hand: a dash says "nothing expected" */
        bool dash = rule->severity == DC_SEV_INFO && !rows[i].fixable && !rows[i].manual;
        dc_buf_adds(b, "<tr id=\"rule-");
        h_escs(b, rule->id);
        dc_buf_adds(b, "\"><td><a class=\"rule\" href=\"#findings\" data-filter-rule=\"");
        h_escs(b, rule->id);
        dc_buf_adds(b, "\">");
        h_escs(b, rule->id);
        dc_buf_printf(b, "</a></td><td><span class=\"sev sev-%s\">%s</span></td><td class=\"n\">%u</td>",
                      dc_severity_name(rule->severity), dc_severity_name(rule->severity), rows[i].n);
        h_num_cell(b, rows[i].fixable, dash);
        h_num_cell(b, rows[i].manual, dash);
        dc_buf_adds(b, "<td>");
        h_msg(b, rule->summary ? rule->summary : "", rule->summary ? strlen(rule->summary) : 0);
        dc_buf_adds(b, "</td></tr>\n");
    }
    dc_buf_adds(b, "</tbody></table>\n</section>\n");
}

static const char *fix_kind(const dc_rfinding *f) {
    switch (f->app) {
    case DC_APP_SAFE: return "safe";
    case DC_APP_UNSAFE: return "unsafe";
    case DC_APP_MANUAL: return "manual";
    default: return "none";
    }
}

static void h_filters(dc_buf *b, const dc_report *r, const dc_rule_row *rows, uint32_t n) {
    uint32_t sev[3] = {0}, kinds[4] = {0};
    for (uint32_t i = 0; i < r->findings.len; i++) {
        sev[r->findings.v[i].severity]++;
        kinds[r->findings.v[i].app]++;
    }
    dc_buf_adds(b, "<form class=\"filters\" id=\"filters\" aria-label=\"Filter findings\">\n"
                   "<label><span class=\"fl\">Rule</span><select id=\"filter-rule\">");
    dc_buf_printf(b, "<option value=\"\">All rules (%u)</option>", r->findings.len);
    for (uint32_t i = 0; i < n; i++) {
        dc_buf_adds(b, "<option value=\"");
        h_escs(b, rows[i].rule->id);
        dc_buf_adds(b, "\">");
        h_escs(b, rows[i].rule->id);
        dc_buf_printf(b, " (%u)</option>", rows[i].n);
    }
    dc_buf_adds(b, "</select></label>\n<fieldset><legend>Severity</legend>");
    for (int s = DC_SEV_ERROR; s >= DC_SEV_INFO; s--)
        dc_buf_printf(b, "<label><input type=\"checkbox\" name=\"severity\" value=\"%s\" checked> %s (%u)</label>",
                      dc_severity_name((dc_severity)s), dc_severity_name((dc_severity)s), sev[s]);
    dc_buf_adds(b, "</fieldset>\n<label><span class=\"fl\">Fix</span><select id=\"filter-fix\">"
                   "<option value=\"\">Any</option>");
    static const char *labels[4] = {"no fix", "manual", "unsafe fix", "safe fix"};
    static const char *values[4] = {"none", "manual", "unsafe", "safe"};
    for (int k = 3; k >= 0; k--)
        dc_buf_printf(b, "<option value=\"%s\">%s (%u)</option>", values[k], labels[k], kinds[k]);
    dc_buf_printf(b, "</select></label>\n<button type=\"reset\">Reset</button>\n"
                     "<span class=\"count\" id=\"filter-count\" aria-live=\"polite\">%u of %u findings shown</span>\n"
                     "</form>\n<noscript><p class=\"note-line\">Filters need JavaScript; every finding is shown.</p>"
                     "</noscript>\n",
                  r->findings.len, r->findings.len);
}

/* ---- diffs ------------------------------------------------------------------------------
 * A file's proposed diff comes as hunk records (apply/diff.h). The page shows it up to its first
 * NUL byte, as it did when diffs were C strings (a NUL after the first 8 KiB, which the binary
 * check reads, can reach a diff): h_view_of finds that point once per file, and no row after it
 * is shown. */

typedef struct h_view {
    const dc_diff *d;
    uint32_t nhunks; /* hunks shown: d->hunks.v[0 .. nhunks) */
    uint32_t nlines; /* lines shown: d->lines.v[0 .. nlines) */
} h_view;

static size_t upto_nul(const char *p, size_t len) {
    const char *z = memchr(p, 0, len);
    return z ? (size_t)(z - p) : len;
}

static h_view h_view_of(const dc_diff *d) {
    if (!d) return (h_view){NULL, 0, 0};
    for (uint32_t h = 0; h < d->hunks.len; h++) {
        const dc_diff_hunk *hk = &d->hunks.v[h];
        if (upto_nul(dc_diff_at(d, hk->header_off), hk->header_len) < hk->header_len) return (h_view){d, h + 1, hk->first};
        for (uint32_t i = hk->first; i < hk->first + hk->nlines; i++)
            if (upto_nul(dc_diff_at(d, d->lines.v[i].off), d->lines.v[i].len) < d->lines.v[i].len)
                return (h_view){d, h + 1, i + 1};
    }
    return (h_view){d, d->hunks.len, d->lines.len};
}

/* One row as the page shows it: `kind` is the first column of the patch text ('@' for a hunk
 * header, else the line's origin); the text follows it, without line ending, cut at a NUL. */
typedef struct h_row {
    char kind;
    const char *text; /* after the kind character; the whole header for '@' */
    size_t len;
} h_row;

static h_row h_header_row(const h_view *v, uint32_t h) {
    const dc_diff_hunk *hk = &v->d->hunks.v[h];
    const char *t = dc_diff_at(v->d, hk->header_off);
    return (h_row){'@', t, upto_nul(t, hk->header_len)};
}

static h_row h_line_row(const h_view *v, uint32_t i) {
    const dc_diff_line *l = &v->d->lines.v[i];
    if (l->origin == DC_DIFF_NO_EOL) return (h_row){'\\', " No newline at end of file", 26};
    const char *t = dc_diff_at(v->d, l->off);
    size_t len = upto_nul(t, l->len);
    if (len && t[len - 1] == '\n') len--;
    return (h_row){l->origin, t, len};
}

/* Lines of hunk h that the page shows: [*from, *to). */
static void h_hunk_lines(const h_view *v, uint32_t h, uint32_t *from, uint32_t *to) {
    const dc_diff_hunk *hk = &v->d->hunks.v[h];
    *from = hk->first;
    *to = hk->first + hk->nlines < v->nlines ? hk->first + hk->nlines : v->nlines;
    if (*to < *from) *to = *from;
}

/* A row whose patch text starts like a file header ("--- ", "+++ "): the page has always left
 * these out of its rows and counts, a deleted line that reads "-- x" included. */
static bool h_header_like(const h_row *r) {
    return (r->kind == '-' && r->len >= 3 && memcmp(r->text, "-- ", 3) == 0) ||
           (r->kind == '+' && r->len >= 3 && memcmp(r->text, "++ ", 3) == 0);
}

/* Does hunk h change (delete, or insert before) an old line within [lo, hi]? */
static bool hunk_touches(const h_view *v, uint32_t h, uint32_t lo, uint32_t hi) {
    uint32_t old = v->d->hunks.v[h].old_start, from, to;
    h_hunk_lines(v, h, &from, &to);
    for (uint32_t i = from; i < to; i++) {
        char o = v->d->lines.v[i].origin;
        if ((o == '-' || o == '+') && old >= lo && old <= hi) return true;
        if (o == ' ' || o == '-') old++;
    }
    return false;
}

static bool hunk_for_finding(const h_view *v, uint32_t h, const dc_rfinding *f) {
    if (hunk_touches(v, h, f->line, f->end_line)) return true;
    for (uint32_t k = 0; k < f->nedits; k++)
        if (hunk_touches(v, h, f->edits[k].line, f->edits[k].end_line)) return true;
    return false;
}

static const char *next_line(const char *p) {
    const char *nl = strchr(p, '\n');
    return nl ? nl + 1 : p + strlen(p);
}

static void h_line_no(dc_buf *b, uint32_t n, bool show) {
    if (show) dc_buf_printf(b, "<span class=\"n\">%u</span>", n);
    else dc_buf_adds(b, "<span class=\"n\"></span>");
}

/* One diff row as a grid row: old number, new number, text. */
static void h_diff_line(dc_buf *b, const h_row *r, uint32_t *old, uint32_t *nw) {
    char k = r->kind;
    const char *cls = k == '+' ? "add" : k == '-' ? "del" : k == '@' ? "hunk" : k == '\\' ? "meta" : "ctx";
    dc_buf_printf(b, "<div class=\"dl %s\">", cls);
    h_line_no(b, *old, k == ' ' || k == '-');
    h_line_no(b, *nw, k == ' ' || k == '+');
    dc_buf_adds(b, "<span class=\"t\">");
    if (k != '@') dc_buf_addc(b, k); /* ' ', '+', '-', '\\' are all shown as they are */
    h_esc(b, r->text, r->len);
    dc_buf_adds(b, "</span></div>");
    if (k == ' ' || k == '-') (*old)++;
    if (k == ' ' || k == '+') (*nw)++;
}

/* Shows one row, or counts it among those left out once max_rows are shown. */
static void h_diff_row(dc_buf *b, const h_row *r, uint32_t *old, uint32_t *nw, uint32_t max_rows, uint32_t *shown,
                       uint32_t *left) {
    if (*shown == max_rows) {
        (*left)++;
        return;
    }
    h_diff_line(b, r, old, nw);
    (*shown)++;
}

/* Shows hunks [from, to) of the view, at most max_rows rows (hunk headers count). */
static void h_diff_hunks(dc_buf *b, const h_view *v, uint32_t from, uint32_t to, uint32_t max_rows) {
    uint32_t old = 0, nw = 0, shown = 0, left = 0;
    for (uint32_t h = from; h < to && h < v->nhunks; h++) {
        old = v->d->hunks.v[h].old_start;
        nw = v->d->hunks.v[h].new_start;
        h_row hr = h_header_row(v, h);
        h_diff_row(b, &hr, &old, &nw, max_rows, &shown, &left);
        uint32_t lf, lt;
        h_hunk_lines(v, h, &lf, &lt);
        for (uint32_t i = lf; i < lt; i++) {
            h_row r = h_line_row(v, i);
            if (!h_header_like(&r)) h_diff_row(b, &r, &old, &nw, max_rows, &shown, &left);
        }
    }
    if (left) dc_buf_printf(b, "<div class=\"more\">… %u more %s</div>", left, dc_plural(left, "line", "lines"));
}

static uint32_t diff_changed_lines(const h_view *v) {
    uint32_t n = 0;
    for (uint32_t h = 0; h < v->nhunks; h++) {
        uint32_t lf, lt;
        h_hunk_lines(v, h, &lf, &lt);
        for (uint32_t i = lf; i < lt; i++) {
            h_row r = h_line_row(v, i);
            n += (r.kind == '+' || r.kind == '-') && !h_header_like(&r);
        }
    }
    return n;
}

/* ---- findings ----------------------------------------------------------------------------- */

/* Byte offset in `s` of 1-based code point column `col` (the end of s when past it). */
static size_t col_offset(const char *s, uint32_t col) {
    size_t off = 0;
    for (uint32_t c = 1; c < col && s[off]; c++) {
        size_t n = dc_utf8_len(s + off);
        off += n ? n : 1;
    }
    return off;
}

static void h_excerpt(dc_buf *b, const dc_rfinding *f) {
    const char *t = f->line_text ? f->line_text : "";
    size_t a = col_offset(t, f->col), e = f->end_line == f->line ? col_offset(t, f->end_col) : strlen(t);
    if (e < a) e = a;
    dc_buf_adds(b, "<figure class=\"pane excerpt\"><figcaption>Code</figcaption><div class=\"code one\">");
    dc_buf_printf(b, "<div class=\"dl\"><span class=\"n\">%u</span><span class=\"t\">", f->line);
    h_esc(b, t, a);
    dc_buf_adds(b, "<mark>");
    h_esc(b, t + a, e - a);
    dc_buf_adds(b, "</mark>");
    h_esc(b, t + e, strlen(t + e));
    dc_buf_adds(b, "</span></div>");
    if (f->end_line > f->line)
        dc_buf_printf(b, "<div class=\"more\">… the site continues to line %u</div>", f->end_line);
    dc_buf_adds(b, "</div></figure>\n");
}

/* The fix's own edits, for a fix that is not in the proposed diff (unsafe without
 * --unsafe-fixes, or one that did not apply). */
static void h_edits(dc_buf *b, const dc_rfinding *f) {
    if (f->nedits == 0 || f->app < DC_APP_UNSAFE) return;
    dc_buf_adds(b, "<div class=\"code\">");
    for (uint32_t k = 0; k < f->nedits; k++) {
        const dc_redit *e = &f->edits[k];
        const char *what = e->start == e->end ? "insert at" : *e->text ? "replace" : "delete";
        dc_buf_printf(b, "<div class=\"dl hunk\"><span class=\"n\"></span><span class=\"n\"></span><span class=\"t\">"
                         "%s %u:%u", what, e->line, e->col);
        if (e->start != e->end) dc_buf_printf(b, "–%u:%u", e->end_line, e->end_col);
        dc_buf_adds(b, *e->text && e->start != e->end ? " with</span></div>" : "</span></div>");
        for (const char *p = e->text; *p; p = next_line(p)) {
            const char *nl = next_line(p);
            size_t len = (size_t)(nl - p) - (nl[-1] == '\n');
            dc_buf_adds(b, "<div class=\"dl add\"><span class=\"n\"></span><span class=\"n\"></span><span class=\"t\">+");
            h_esc(b, p, len);
            dc_buf_adds(b, "</span></div>");
        }
    }
    dc_buf_adds(b, "</div>");
}

static void h_no_diff(dc_buf *b, const dc_rfinding *f) {
    dc_buf_adds(b, "<div class=\"nodiff\"><p>");
    switch (f->app) {
    case DC_APP_SAFE:
        dc_buf_adds(b, "Safe fix, not in this run's diff (it overlaps another fix or a syntax error); "
                       "<code>dcmigrate --fix</code> proposes:");
        break;
    case DC_APP_UNSAFE:
        dc_buf_adds(b, "Unsafe fix, not applied by default: <code>dcmigrate --fix --unsafe-fixes</code> would make it:");
        break;
    case DC_APP_MANUAL: dc_buf_adds(b, "No automatic change: this site is migrated by hand."); break;
    default:
        dc_buf_adds(b, f->severity == DC_SEV_INFO ? "Informational: nothing to change."
                                                  : "No automatic fix: migrate this site by hand (see the rule's note).");
        break;
    }
    dc_buf_adds(b, "</p>");
    h_edits(b, f);
    dc_buf_adds(b, "</div>");
}

static void h_finding_diff(dc_buf *b, const dc_rfinding *f, const h_view *v) {
    dc_buf_adds(b, "<figure class=\"pane diff\"><figcaption>Proposed change</figcaption>");
    uint32_t shown = 0;
    for (uint32_t i = 0; i < v->nhunks && shown < H_MAX_HUNKS; i++) {
        if (!hunk_for_finding(v, i, f)) continue;
        dc_buf_adds(b, "<div class=\"code\">");
        h_diff_hunks(b, v, i, i + 1, H_MAX_HUNK_LINES);
        dc_buf_adds(b, "</div>");
        shown++;
    }
    if (!shown) h_no_diff(b, f);
    dc_buf_adds(b, "</figure>\n");
}

static void h_notes(dc_buf *b, const dc_rfinding *f) {
    if (f->fix_why && (f->app == DC_APP_MANUAL || f->app == DC_APP_UNSAFE)) {
        dc_buf_printf(b, "<div class=\"why why-%s\"><strong>%s:</strong> ", fix_kind(f),
                      f->app == DC_APP_MANUAL ? "Manual" : "Why unsafe");
        h_msg(b, f->fix_why, strlen(f->fix_why));
        dc_buf_adds(b, "</div>\n");
    }
    if (f->app == DC_APP_SAFE || !f->rule->note || !*f->rule->note) return;
    char *note = dc_report_rule_note(f->rule);
    dc_buf_adds(b, "<details class=\"rulenote\"><summary>How to migrate <code>");
    h_escs(b, f->rule->id);
    dc_buf_adds(b, "</code> by hand</summary><pre>");
    h_escs(b, note);
    dc_buf_adds(b, "</pre></details>\n");
    free(note);
}

static void h_finding(dc_buf *b, const dc_rfinding *f, uint32_t idx, const h_view *v) {
    const char *sev = dc_severity_name(f->severity);
    static const char *fix_labels[4] = {"no fix", "manual", "unsafe fix", "safe fix"};
    dc_buf_printf(b, "<article class=\"finding sev-l-%s\" id=\"f%u\" data-rule=\"", sev, idx + 1);
    h_escs(b, f->rule->id);
    dc_buf_printf(b, "\" data-severity=\"%s\" data-fix=\"%s\">\n<div class=\"fhead\">", sev, fix_kind(f));
    dc_buf_printf(b, "<span class=\"sev sev-%s\">%s</span><a class=\"rule\" href=\"#rule-", sev, sev);
    h_escs(b, f->rule->id);
    dc_buf_adds(b, "\" data-filter-rule=\"");
    h_escs(b, f->rule->id);
    dc_buf_adds(b, "\" title=\"Show only this rule\">");
    h_escs(b, f->rule->id);
    dc_buf_printf(b, "</a><a class=\"loc\" href=\"#f%u\">", idx + 1);
    h_escs(b, f->path);
    dc_buf_printf(b, ":%u:%u</a><span class=\"fix fix-%s\">%s</span>", f->line, f->col, fix_kind(f), fix_labels[f->app]);
    if (f->low_confidence) dc_buf_adds(b, "<span class=\"lowconf\">lower confidence</span>");
    dc_buf_adds(b, "</div>\n<p class=\"msg\">");
    h_msg(b, f->message, strlen(f->message)); /* the why is shown apart, by h_notes */
    dc_buf_adds(b, "</p>\n<div class=\"pair\">\n");
    h_excerpt(b, f);
    h_finding_diff(b, f, v);
    dc_buf_adds(b, "</div>\n");
    h_notes(b, f);
    dc_buf_adds(b, "</article>\n");
}

static void h_file_diff(dc_buf *b, const h_view *v) {
    uint32_t n = diff_changed_lines(v);
    dc_buf_printf(b, "<details class=\"filediff\"><summary>Whole proposed diff of this file (%u changed %s)</summary>"
                     "<div class=\"code\">", n, dc_plural(n, "line", "lines"));
    h_diff_hunks(b, v, 0, v->nhunks, H_MAX_FILE_DIFF);
    dc_buf_adds(b, "</div></details>\n");
}

/* Findings of one file: [from, to) of the sorted findings. */
static void h_file(dc_buf *b, const dc_report *r, uint32_t from, uint32_t to) {
    const char *path = r->findings.v[from].path;
    const dc_diff *diff = dc_report_diff_for(r, path);
    h_view v = h_view_of(diff);
    dc_buf_adds(b, "<section class=\"file\">\n<h3><code>");
    h_escs(b, path);
    dc_buf_printf(b, "</code><span class=\"muted\">%u %s", to - from, dc_plural(to - from, "finding", "findings"));
    if (diff) dc_buf_adds(b, " · has proposed fixes");
    dc_buf_adds(b, "</span></h3>\n");
    if (diff) h_file_diff(b, &v);
    for (uint32_t i = from; i < to; i++) h_finding(b, &r->findings.v[i], i, &v);
    dc_buf_adds(b, "</section>\n");
}

static void h_findings(dc_buf *b, const dc_report *r, const dc_rule_row *rows, uint32_t n) {
    dc_buf_adds(b, "<section id=\"findings\">\n<h2>Findings</h2>\n");
    if (r->findings.len == 0) {
        dc_buf_adds(b, "<p class=\"empty\">No findings: nothing left to migrate in the scanned files.</p>\n</section>\n");
        return;
    }
    h_filters(b, r, rows, n);
    for (uint32_t i = 0; i < r->findings.len;) {
        uint32_t j = i + 1;
        while (j < r->findings.len && strcmp(r->findings.v[j].path, r->findings.v[i].path) == 0) j++;
        h_file(b, r, i, j);
        i = j;
    }
    dc_buf_adds(b, "</section>\n");
}

static void h_skipped(dc_buf *b, const dc_report *r) {
    if (r->skipped.len == 0) return;
    dc_buf_printf(b, "<section class=\"panel\" id=\"skipped\"><details><summary>%u %s skipped</summary><ul>",
                  r->skipped.len, dc_plural(r->skipped.len, "file", "files"));
    for (uint32_t i = 0; i < r->skipped.len; i++) {
        dc_buf_adds(b, "<li><code>");
        h_escs(b, r->skipped.v[i].path);
        dc_buf_adds(b, "</code>: ");
        h_escs(b, r->skipped.v[i].reason);
        dc_buf_adds(b, "</li>");
    }
    dc_buf_adds(b, "</ul></details></section>\n");
}

bool dc_report_write_html(const dc_report *r, FILE *out) {
    dc_buf b = DC_BUF_INIT;
    h_counts all = {0, 0, 0};
    all.on_sessions += r->migrated;
    for (uint32_t i = 0; i < r->findings.len; i++) count_finding(&all, &r->findings.v[i]);
    dc_rule_row *rows;
    uint32_t nrows = dc_rows_by_rule(r, &rows);

    h_head(&b, r);
    h_header(&b, r, &all);
    dc_buf_adds(&b, "<main class=\"wrap\">\n");
    h_chart(&b, r);
    h_rules(&b, rows, nrows);
    h_skipped(&b, r);
    h_findings(&b, r, rows, nrows);
    dc_buf_adds(&b, "</main>\n<footer class=\"wrap\">Generated by dcmigrate " DC_VERSION
                    ". <code>dcmigrate --fix</code> applies the safe fixes; <code>dcmigrate --explain RULE</code> "
                    "explains a rule.</footer>\n");
    dc_buf_printf(&b, "<script>\n%s</script>\n</body>\n</html>\n", dc_html_js);
    free(rows);
    fwrite(dc_buf_cstr(&b), 1, b.len, out);
    dc_buf_free(&b);
    return !ferror(out);
}
