/* markdown.c: a PR-comment-sized Markdown report for reviewers (GitHub-flavoured Markdown).
 *
 * Layout: title, totals, the migration progress line, a table per rule, the manual sites as a
 * list of `path:line` links with their reasons, the unsafe fixes to review, and collapsible
 * per-file diffs of the proposed fixes. GitHub rejects comments over 65,536 characters, so the
 * whole document is built in memory against a budget (MD_LIMIT) and long sections end in an
 * "... and N more" line instead of being cut mid-way.
 *
 * Escaping: a finding's message, path and fix reason come from the user's code and rule files,
 * so none of them may break the table or inject HTML: text is backslash-escaped, `<` `>` `&`
 * become entities, `code` spans in messages are re-emitted as <code> with every Markdown
 * character as an entity (a `|` inside a code span still splits a GFM table row), and invalid
 * UTF-8 bytes become U+FFFD. Paths are first quoted as git quotes them (common/text.h), as
 * in every other human-readable output.
 *
 * Progress is counted as in the HTML report, by report/rows.h (which says what counts). */
#include "common/text.h"
#include "report/report.h"
#include "report/rows.h"

#include <stdlib.h>
#include <string.h>

#define MD_LIMIT 60000u        /* whole document, bytes; leaves room under GitHub's 65,536 */
#define MD_LIST_MAX 60u        /* items in a list section before "... and N more" */
#define MD_LIST_BUDGET 16000u  /* bytes for one list section */
#define MD_DIFF_MIN_ROOM 1500u /* below this, stop adding diffs rather than show a stub */

/* ---- escaping --------------------------------------------------------------------------- */

/* Copies one character (or U+FFFD for a bad byte / control character: C0, DEL, and C1, which
 * a terminal showing the file may act on); returns bytes consumed. */
static size_t put_utf8(dc_buf *b, const char *p) {
    size_t n = dc_utf8_len(p);
    bool c1 = n == 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] <= 0x9F;
    if (n == 0 || (n == 1 && (unsigned char)*p < 0x20) || *p == 0x7F || c1) {
        dc_buf_adds(b, "\xEF\xBF\xBD");
        return 1;
    }
    dc_buf_add(b, p, n);
    return n;
}

/* Code text kept as it is (a fenced block), tabs included; only bad bytes are replaced. */
static void put_raw(dc_buf *b, const char *p, size_t len) {
    for (size_t k = 0; k < len;) {
        if (p[k] == '\t') {
            dc_buf_addc(b, '\t');
            k++;
        } else {
            k += put_utf8(b, p + k);
        }
    }
}

/* Text inside <code>: no Markdown may apply, and a table row must stay one line. */
static void md_code_text(dc_buf *b, const char *s, size_t n) {
    const char *end = s + n;
    for (const char *p = s; p < end && *p;) {
        const char *ent = NULL;
        switch (*p) {
        case '&': ent = "&amp;"; break;
        case '<': ent = "&lt;"; break;
        case '>': ent = "&gt;"; break;
        case '|': ent = "&#124;"; break;
        case '[': ent = "&#91;"; break;
        case ']': ent = "&#93;"; break;
        case '`': ent = "&#96;"; break;
        case '\\': ent = "&#92;"; break;
        case '*': ent = "&#42;"; break;
        case '_': ent = "&#95;"; break;
        case '~': ent = "&#126;"; break;
        case '\n': case '\r': case '\t': ent = " "; break;
        default: break;
        }
        if (ent) {
            dc_buf_adds(b, ent);
            p++;
        } else {
            p += put_utf8(b, p);
        }
    }
}

static void md_code(dc_buf *b, const char *s) {
    dc_buf_adds(b, "<code>");
    md_code_text(b, s, strlen(s));
    dc_buf_adds(b, "</code>");
}

/* A path shown to the reader: quoted as git quotes paths (common/text.h), like every other
 * output, then escaped as code text. */
static void md_path_text(dc_buf *b, const char *path) {
    dc_buf q = DC_BUF_INIT;
    dc_text_quote_path(&q, path);
    md_code_text(b, q.p, q.len);
    dc_buf_free(&q);
}

/* One character of running text (table cell or list item). */
static size_t md_char(dc_buf *b, const char *p) {
    switch (*p) {
    case '&': dc_buf_adds(b, "&amp;"); return 1;
    case '<': dc_buf_adds(b, "&lt;"); return 1;
    case '>': dc_buf_adds(b, "&gt;"); return 1;
    case '\n': case '\r': case '\t': dc_buf_addc(b, ' '); return 1;
    case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '~': case '#': case '!':
        dc_buf_addc(b, '\\');
        dc_buf_addc(b, *p);
        return 1;
    default: return put_utf8(b, p);
    }
}

/* Message text: `code` spans (how rules quote code) stay code; everything else is escaped. */
static void md_text(dc_buf *b, const char *s, size_t n) {
    const char *end = s + n;
    for (const char *p = s; p < end && *p;) {
        if (*p == '`') {
            const char *close = memchr(p + 1, '`', (size_t)(end - p - 1));
            if (close && close > p + 1) {
                dc_buf_adds(b, "<code>");
                md_code_text(b, p + 1, (size_t)(close - p - 1));
                dc_buf_adds(b, "</code>");
                p = close + 1;
                continue;
            }
        }
        p += md_char(b, p);
    }
}

static void md_texts(dc_buf *b, const char *s) { md_text(b, s, strlen(s)); }

/* A relative link target: percent-encode everything but unreserved characters and `/`. */
static void md_url(dc_buf *b, const char *path) {
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
            dc_buf_addc(b, (char)*p);
        else
            dc_buf_printf(b, "%%%02X", *p);
    }
}

/* ---- counting --------------------------------------------------------------------------- */

typedef struct md_totals {
    uint32_t by_sev[3];
    uint32_t safe, unsafe, manual; /* manual: dc_rows_is_manual */
    uint32_t on_sessions;          /* sites already migrated */
} md_totals;

static md_totals count_totals(const dc_report *r) {
    md_totals t = {{0}, 0, 0, 0, 0};
    for (uint32_t i = 0; i < r->findings.len; i++) {
        const dc_rfinding *f = &r->findings.v[i];
        t.by_sev[f->severity]++;
        if (f->app == DC_APP_SAFE) t.safe++;
        else if (f->app == DC_APP_UNSAFE) t.unsafe++;
        else if (dc_rows_is_manual(f)) t.manual++;
    }
    t.on_sessions += r->migrated;
    return t;
}

/* ---- sections --------------------------------------------------------------------------- */

static void md_progress(dc_buf *b, const md_totals *t) {
    uint32_t done = t->on_sessions + t->safe + t->unsafe, pct = dc_rows_pct_done(done, t->manual);
    dc_buf_printf(b, "**Progress: %u %s migrated or fixable, %u manual (%u%%)**\n\n", done, dc_plural(done, "site", "sites"),
                  t->manual, pct);
}

static void md_totals_table(dc_buf *b, const dc_report *r, const md_totals *t) {
    dc_buf_adds(b, "| Files scanned | Findings | Errors | Warnings | Info | Safe fixes | Unsafe fixes | Manual | "
                   "Already on sessions |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    dc_buf_printf(b, "| %u | %u | %u | %u | %u | %u | %u | %u | %u |\n\n", r->files_scanned, r->findings.len,
                  t->by_sev[DC_SEV_ERROR], t->by_sev[DC_SEV_WARNING], t->by_sev[DC_SEV_INFO], t->safe, t->unsafe,
                  t->manual, t->on_sessions);
}

static void md_header(dc_buf *b, const dc_report *r, const md_totals *t) {
    dc_buf_adds(b, "## dcmigrate report\n\n");
    uint32_t n = r->findings.len;
    dc_buf_printf(b, "%u %s in %u %s scanned", n, dc_plural(n, "finding", "findings"), r->files_scanned,
                  dc_plural(r->files_scanned, "file", "files"));
    if (r->fix_mode) {
        uint32_t fixed = 0;
        for (uint32_t i = 0; i < r->fixed.len; i++) fixed += r->fixed.v[i].count;
        dc_buf_printf(b, " after `--fix` fixed %u in %u %s", fixed, r->files_changed, dc_plural(r->files_changed, "file", "files"));
    }
    if (r->skipped.len) dc_buf_printf(b, "; %u skipped", r->skipped.len);
    if (r->errors) dc_buf_printf(b, "; %u %s (see the run's log)", r->errors, dc_plural(r->errors, "error", "errors"));
    dc_buf_adds(b, ".\n\n");
    md_progress(b, t);
    md_totals_table(b, r, t);
    dc_buf_adds(b, "<sub>Migrated or fixable: sites already on sessions plus findings with a safe or unsafe fix. "
                   "Manual: error and warning findings without an automatic fix.</sub>\n\n");
}

static void md_count_cell(dc_buf *b, uint32_t n, bool dash) {
    if (dash) dc_buf_adds(b, " — |");
    else dc_buf_printf(b, " %u |", n);
}

static void md_rule_table(dc_buf *b, const dc_report *r) {
    dc_rule_row *rows;
    uint32_t n = dc_rows_by_rule(r, &rows);
    if (n == 0) {
        free(rows);
        return;
    }
    dc_buf_adds(b, "### Findings by rule\n\n| Rule | Severity | Findings | Fixable | Manual | What it finds |\n"
                   "|---|---|---:|---:|---:|---|\n");
    for (uint32_t i = 0; i < n; i++) {
        const dc_rule_row *row = &rows[i];
        /* an info rule with nothing to fix or do by hand: a dash says "nothing expected" */
        bool dash = row->rule->severity == DC_SEV_INFO && !row->fixable && !row->manual;
        dc_buf_adds(b, "| ");
        md_code(b, row->rule->id);
        dc_buf_printf(b, " | %s |", dc_severity_name(row->rule->severity));
        dc_buf_printf(b, " %u |", row->n);
        md_count_cell(b, row->fixable, dash);
        md_count_cell(b, row->manual, dash);
        dc_buf_adds(b, " ");
        md_texts(b, row->rule->summary ? row->rule->summary : "");
        dc_buf_adds(b, " |\n");
    }
    dc_buf_adds(b, "\n");
    free(rows);
}

static void md_site(dc_buf *b, const dc_rfinding *f, const char *why_label) {
    dc_buf_adds(b, "- [<code>");
    md_path_text(b, f->path);
    dc_buf_printf(b, ":%u</code>](", f->line);
    md_url(b, f->path);
    dc_buf_printf(b, "#L%u) ", f->line);
    md_code(b, f->rule->id);
    dc_buf_adds(b, ": ");
    md_texts(b, f->message); /* the why follows, labelled */
    if (f->fix_why) {
        dc_buf_printf(b, " — **%s:** ", why_label);
        md_texts(b, f->fix_why);
    } else if (f->app == DC_APP_NONE) {
        dc_buf_adds(b, " — no automatic fix (see `dcmigrate --explain ");
        dc_buf_adds(b, f->rule->id); /* ids are [a-z0-9-]+, checked when rules load */
        dc_buf_adds(b, "`)");
    }
    if (f->low_confidence) dc_buf_adds(b, " _(lower confidence)_");
    dc_buf_adds(b, "\n");
}

typedef bool (*md_pick)(const dc_rfinding *f);

static bool pick_manual(const dc_rfinding *f) { return dc_rows_is_manual(f); }
static bool pick_unsafe(const dc_rfinding *f) { return f->app == DC_APP_UNSAFE; }

static uint32_t count_picked(const dc_report *r, md_pick pick) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < r->findings.len; i++) n += pick(&r->findings.v[i]);
    return n;
}

/* A list of sites, cut at MD_LIST_MAX items or MD_LIST_BUDGET bytes. */
static void md_site_list(dc_buf *b, const dc_report *r, md_pick pick, const char *why_label) {
    size_t start = b->len;
    uint32_t shown = 0, total = count_picked(r, pick);
    for (uint32_t i = 0; i < r->findings.len; i++) {
        const dc_rfinding *f = &r->findings.v[i];
        if (!pick(f)) continue;
        if (shown == MD_LIST_MAX || b->len - start > MD_LIST_BUDGET) break;
        md_site(b, f, why_label);
        shown++;
    }
    if (shown < total)
        dc_buf_printf(b, "- ... and %u more (the full list: `dcmigrate --format json` or `--format html`)\n", total - shown);
    dc_buf_adds(b, "\n");
}

static void md_manual(dc_buf *b, const dc_report *r) {
    uint32_t n = count_picked(r, pick_manual);
    if (n == 0) return;
    dc_buf_printf(b, "### Manual migration (%u)\n\n", n);
    dc_buf_adds(b, "These sites need a person: dcmigrate has no automatic fix for them.\n\n");
    md_site_list(b, r, pick_manual, "manual");
}

static void md_unsafe(dc_buf *b, const dc_report *r) {
    uint32_t n = count_picked(r, pick_unsafe);
    if (n == 0) return;
    dc_buf_printf(b, "<details><summary>Unsafe fixes to review (%u)</summary>\n\n", n);
    dc_buf_adds(b, "Applied only with `dcmigrate --fix --unsafe-fixes`: each changes behaviour in the way its reason says.\n\n");
    md_site_list(b, r, pick_unsafe, "why unsafe");
    dc_buf_adds(b, "</details>\n\n");
}

/* ---- diffs ------------------------------------------------------------------------------ */

/* Changed lines of a unified diff (the ---/+++ headers excluded). */
static void diff_counts(const char *d, uint32_t *add, uint32_t *del) {
    *add = *del = 0;
    for (const char *p = d; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        bool header = len >= 3 && (strncmp(p, "+++", 3) == 0 || strncmp(p, "---", 3) == 0);
        if (!header && *p == '+') (*add)++;
        if (!header && *p == '-') (*del)++;
        p += len + (nl != NULL);
    }
}

/* A fence longer than any backtick run in the text, so the text cannot close it. */
static size_t fence_len(const char *s) {
    size_t best = 0, run = 0;
    for (; *s; s++) {
        run = *s == '`' ? run + 1 : 0;
        if (run > best) best = run;
    }
    return best < 3 ? 3 : best + 1;
}

static void add_fence(dc_buf *b, size_t n) {
    for (size_t i = 0; i < n; i++) dc_buf_addc(b, '`');
}

/* The diff body, whole lines only, up to `room` bytes; says how many lines were left out. */
static void md_diff_body(dc_buf *b, const char *d, size_t room) {
    size_t used = 0;
    uint32_t left = 0;
    for (const char *p = d; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (left || used + len + 1 > room) {
            left++;
        } else {
            put_raw(b, p, len);
            dc_buf_addc(b, '\n');
            used += len + 1;
        }
        p += len + (nl != NULL);
    }
    if (left) dc_buf_printf(b, "... %u more %s (see `dcmigrate --diff`)\n", left, dc_plural(left, "line", "lines"));
}

/* A file's diff as patch text, read up to its first NUL byte (a NUL would end a code block's
 * text anyway; the counts and the budget read the same part). */
static void md_diff(dc_buf *b, const dc_diff *d, size_t room) {
    dc_buf patch = DC_BUF_INIT;
    dc_diff_render(&patch, d);
    const char *text = dc_buf_cstr(&patch);
    uint32_t add, del;
    diff_counts(text, &add, &del);
    dc_buf_adds(b, "<details><summary>");
    dc_buf_adds(b, "<code>");
    md_path_text(b, d->path);
    dc_buf_adds(b, "</code>");
    dc_buf_printf(b, " (%u %s: +%u −%u)</summary>\n\n", add + del, dc_plural(add + del, "line", "lines"), add, del);
    size_t fl = fence_len(text);
    add_fence(b, fl);
    dc_buf_adds(b, "diff\n");
    md_diff_body(b, text, room);
    dc_buf_free(&patch);
    add_fence(b, fl);
    dc_buf_adds(b, "\n\n</details>\n\n");
}

static void md_diffs(dc_buf *b, const dc_report *r) {
    if (r->diffs.len == 0) return;
    dc_buf_printf(b, "### Proposed fixes (%u %s)\n\n", r->diffs.len, dc_plural(r->diffs.len, "file", "files"));
    dc_buf_adds(b, "What `dcmigrate --fix` would change (unsafe fixes only when the run used `--unsafe-fixes`).\n\n");
    uint32_t i = 0;
    for (; i < r->diffs.len; i++) {
        /* keep room for the closing lines of this section and the footer */
        size_t room = b->len + 600 < MD_LIMIT ? MD_LIMIT - b->len - 600 : 0;
        if (room < MD_DIFF_MIN_ROOM) break;
        md_diff(b, &r->diffs.v[i], room - 400);
    }
    if (i < r->diffs.len)
        dc_buf_printf(b, "... and %u more %s: run `dcmigrate --diff` for the full patch.\n\n", r->diffs.len - i,
                      dc_plural(r->diffs.len - i, "file", "files"));
}

bool dc_report_write_markdown(const dc_report *r, FILE *out) {
    dc_buf b = DC_BUF_INIT;
    md_totals t = count_totals(r);
    md_header(&b, r, &t);
    md_rule_table(&b, r);
    md_manual(&b, r);
    md_unsafe(&b, r);
    md_diffs(&b, r);
    dc_buf_adds(&b, "<sub>dcmigrate " DC_VERSION " · `dcmigrate --explain RULE` says how to migrate a site by hand</sub>\n");
    fwrite(dc_buf_cstr(&b), 1, b.len, out);
    dc_buf_free(&b);
    return !ferror(out);
}
