/* github.c: GitHub Actions workflow commands, one annotation per finding:
 *
 *   ::warning file=F,line=L,col=C,endLine=L2,endColumn=C2,title=dcmigrate: RULE::message
 *
 * then one plain summary line. Escaping follows @actions/core's command.ts exactly
 * (escapeData / escapeProperty): the runner splits the command on `::` and the properties on
 * `,` and `=`/`:`, so an unescaped comma or colon in a path would cut the property short, and a
 * raw newline would end the command. Beyond that, the path is quoted as git quotes paths and
 * the message's controls other than CR and LF are escaped (common/text.h): the runner and the
 * terminal showing the log see no escape sequence from the tree. Columns are the report's
 * (1-based code points, end exclusive); GitHub only uses them to place the annotation within
 * the line.
 *
 * GitHub turns only the first 10 errors, 10 warnings and 10 notices of a step into annotations
 * (the rest stay in the log), so the summary line says how many there were and when some kind
 * went over the limit, so a reader of the Checks tab knows the list there is not complete. */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "common/text.h"

/* GitHub's per-step limit for each annotation kind. */
#define DC_GITHUB_ANNOTATION_LIMIT 10

/* escapeData: `%` first in spirit (each byte is looked at once, so `%0A` in the text stays
 * `%250A` and cannot be mistaken for an escaped newline). */
static void esc_percent(dc_buf *b, const char *s, bool prop) {
    for (; *s; s++) {
        switch (*s) {
        case '%': dc_buf_adds(b, "%25"); break;
        case '\r': dc_buf_adds(b, "%0D"); break;
        case '\n': dc_buf_adds(b, "%0A"); break;
        case ':': dc_buf_adds(b, prop ? "%3A" : ":"); break;
        case ',': dc_buf_adds(b, prop ? "%2C" : ","); break;
        default: dc_buf_addc(b, *s); break;
        }
    }
}

/* Text from a hostile tree (a message quoting its source) has its other control characters
 * escaped first (common/text.h), so no ESC or OSC sequence reaches the log or a terminal; CR and
 * LF stay for escapeData, which carries them into a multi-line annotation. */
static void esc_data(dc_buf *b, const char *s) {
    dc_buf safe = DC_BUF_INIT;
    for (const char *p = s; *p;) {
        size_t n = strcspn(p, "\r\n");
        char *part = dc_xstrndup(p, n);
        dc_text_escape_controls(&safe, part);
        free(part);
        p += n;
        if (*p) dc_buf_addc(&safe, *p++);
    }
    esc_percent(b, dc_buf_cstr(&safe), false);
    dc_buf_free(&safe);
}

/* escapeProperty: escapeData plus the two property separators. */
static void esc_prop(dc_buf *b, const char *s) { esc_percent(b, s, true); }

/* The file property: the path quoted as git quotes paths (common/text.h) before escapeProperty,
 * so a name such as `x\n::error file=README.md::...` stays one property of one command. */
static void esc_path(dc_buf *b, const char *path) {
    dc_buf q = DC_BUF_INIT;
    dc_text_quote_path(&q, path);
    esc_prop(b, dc_buf_cstr(&q));
    dc_buf_free(&q);
}

static const char *command_for(dc_severity s) {
    return s == DC_SEV_ERROR ? "error" : s == DC_SEV_WARNING ? "warning" : "notice";
}

static const char *plural(uint32_t n, const char *one, const char *many) { return n == 1 ? one : many; }

static void annotation(dc_buf *b, const dc_rfinding *f) {
    dc_buf_printf(b, "::%s file=", command_for(f->severity));
    esc_path(b, f->path);
    dc_buf_printf(b, ",line=%u", f->line);
    /* A column pair only makes sense on one line: GitHub rejects endColumn across lines. */
    if (f->end_line == f->line) dc_buf_printf(b, ",col=%u,endLine=%u,endColumn=%u", f->col, f->end_line, f->end_col);
    else dc_buf_printf(b, ",endLine=%u", f->end_line);
    dc_buf_adds(b, ",title=");
    dc_buf t = DC_BUF_INIT;
    dc_buf_printf(&t, "dcmigrate: %s", f->rule->id);
    esc_prop(b, dc_buf_cstr(&t));
    dc_buf_free(&t);
    dc_buf_adds(b, "::");
    /* The message carries a manual fix's why (dc_rfinding_message); an annotation is read without
     * the command line at hand, so say how to apply an automatic fix. */
    dc_buf msg = DC_BUF_INIT;
    esc_data(b, dc_rfinding_message(f, &msg));
    dc_buf_free(&msg);
    if (f->app == DC_APP_SAFE) {
        esc_data(b, " (fix with `dcmigrate --fix`)");
    } else if (f->app == DC_APP_UNSAFE) {
        esc_data(b, " (unsafe fix with `dcmigrate --fix --unsafe-fixes`");
        if (f->fix_why) {
            esc_data(b, ": ");
            esc_data(b, f->fix_why);
        }
        esc_data(b, ")");
    }
    dc_buf_addc(b, '\n');
}

bool dc_report_write_github(const dc_report *r, FILE *out) {
    dc_buf b = DC_BUF_INIT;
    uint32_t by_sev[3] = {0}, files = 0;
    for (uint32_t i = 0; i < r->findings.len; i++) {
        const dc_rfinding *f = &r->findings.v[i];
        annotation(&b, f);
        by_sev[f->severity]++;
        /* findings are sorted by path, so a new path starts a new file */
        if (i == 0 || strcmp(f->path, r->findings.v[i - 1].path) != 0) files++;
    }
    uint32_t n = r->findings.len, e = by_sev[DC_SEV_ERROR], w = by_sev[DC_SEV_WARNING], in = by_sev[DC_SEV_INFO];
    if (n == 0) {
        dc_buf_printf(&b, "dcmigrate: no findings in %u %s scanned\n", r->files_scanned,
                      plural(r->files_scanned, "file", "files"));
    } else {
        dc_buf_printf(&b, "dcmigrate: %u %s (%u %s, %u %s, %u %s) in %u %s; see the full list with --format text", n,
                      plural(n, "finding", "findings"), e, plural(e, "error", "errors"), w,
                      plural(w, "warning", "warnings"), in, plural(in, "notice", "notices"), files,
                      plural(files, "file", "files"));
        const uint32_t counts[3] = {e, w, in};
        const char *kinds[3] = {"errors", "warnings", "notices"};
        bool over = false;
        for (int k = 0; k < 3; k++) {
            if (counts[k] <= DC_GITHUB_ANNOTATION_LIMIT) continue;
            if (over) dc_buf_adds(&b, ", ");
            else dc_buf_printf(&b, "; GitHub annotates only the first %u of each kind per step, so not all ",
                               DC_GITHUB_ANNOTATION_LIMIT);
            dc_buf_printf(&b, "%u %s", counts[k], kinds[k]);
            over = true;
        }
        if (over) dc_buf_adds(&b, " are shown as annotations");
        dc_buf_addc(&b, '\n');
    }
    bool ok = fwrite(dc_buf_cstr(&b), 1, b.len, out) == b.len;
    dc_buf_free(&b);
    return ok && !ferror(out);
}
