/* junit.c: JUnit XML as Jenkins (junit plugin), GitLab (artifacts:reports:junit) and most CI
 * dashboards read it: <testsuites><testsuite name="dcmigrate"> with one <testcase> per finding,
 * classname "dcmigrate.<path>" so the dashboard groups findings by file. Files without findings
 * are simply absent.
 *
 * A finding at or above --fail-on (the severity that makes dcmigrate exit 1) is a <failure>;
 * a finding below it (an info finding with the default --fail-on warning) is a passing test case
 * that carries its text in <system-out>, so the dashboard is red exactly when the gate is.
 *
 * No XML library: the document is write-only and flat, so the only thing that can go wrong is
 * escaping, which xml_escape does in one place: the five special characters, and the removal of
 * characters XML 1.0 forbids (C0 controls, U+FFFE/U+FFFF; bytes that are not UTF-8 become
 * U+FFFD), which would otherwise make the whole report unreadable to the CI server. Paths are
 * quoted as git quotes them (common/text.h), as in the text report. */
#include "report/report.h"

#include <string.h>

#include "common/text.h"

/* XML 1.0 Char production. */
static bool xml_char_ok(uint32_t cp) {
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* Appends s as XML text (attr false) or as a double- or single-quoted attribute value (attr
 * true). In an attribute, tab, LF and CR are written as character references, because a parser
 * normalises literal ones to spaces; in text, CR is, so that a CRLF is not read back as LF. */
static void xml_escape(dc_buf *b, const char *s, bool attr) {
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        uint32_t cp = 0;
        size_t n = dc_utf8_decode((const char *)p, &cp);
        if (n == 0) {
            dc_buf_adds(b, "\xEF\xBF\xBD"); /* not UTF-8: show that something was there */
            p++;
            continue;
        }
        switch (cp) {
        case '&': dc_buf_adds(b, "&amp;"); break;
        case '<': dc_buf_adds(b, "&lt;"); break;
        case '>': dc_buf_adds(b, "&gt;"); break; /* also keeps "]]>" out of text */
        case '"': dc_buf_adds(b, "&quot;"); break;
        case '\'': dc_buf_adds(b, "&apos;"); break;
        case '\r': dc_buf_adds(b, "&#13;"); break;
        case '\t':
        case '\n':
            if (attr) dc_buf_adds(b, cp == '\t' ? "&#9;" : "&#10;");
            else dc_buf_addc(b, (char)cp);
            break;
        default:
            if (xml_char_ok(cp)) dc_buf_add(b, p, n);
            break;
        }
        p += n;
    }
}

static void attr(dc_buf *b, const char *name, const char *value) {
    dc_buf_printf(b, " %s=\"", name);
    xml_escape(b, value, true);
    dc_buf_addc(b, '"');
}

/* "tools-get at line 94", with the column when the same rule fires twice on that line of the
 * file, because dashboards key test cases by (classname, name) and would merge the two. */
static void case_name(dc_buf *b, const dc_report *r, uint32_t first, uint32_t end, uint32_t i) {
    const dc_rfinding *f = &r->findings.v[i];
    bool twice = false;
    for (uint32_t k = first; k < end && !twice; k++)
        twice = k != i && r->findings.v[k].line == f->line && r->findings.v[k].rule == f->rule;
    dc_buf_printf(b, "%s at line %u", f->rule->id, f->line);
    if (twice) dc_buf_printf(b, ", column %u", f->col);
}

static void case_body(dc_buf *b, const dc_rfinding *f, const char *message) {
    dc_buf t = DC_BUF_INIT;
    dc_text_quote_path(&t, f->path);
    dc_buf_printf(&t, ":%u:%u: %s[%s] %s\n", f->line, f->col, dc_severity_name(f->severity), f->rule->id, message);
    if (f->line_text) dc_buf_printf(&t, "%6u | %s\n", f->line, f->line_text);
    if (f->app == DC_APP_SAFE) {
        dc_buf_adds(&t, "fix: dcmigrate --fix\n");
    } else if (f->app == DC_APP_UNSAFE) {
        dc_buf_adds(&t, "fix: dcmigrate --fix --unsafe-fixes");
        if (f->fix_why) dc_buf_printf(&t, " (unsafe: %s)", f->fix_why);
        dc_buf_addc(&t, '\n');
    }
    xml_escape(b, dc_buf_cstr(&t), false);
    dc_buf_free(&t);
}

bool dc_report_write_junit(const dc_report *r, FILE *out) {
    uint32_t n = r->findings.len, failures = dc_report_count_at_least(r, r->fail_on);
    dc_buf b = DC_BUF_INIT;
    dc_buf_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    dc_buf_printf(&b, "<testsuites name=\"dcmigrate\" tests=\"%u\" failures=\"%u\" errors=\"0\">\n", n, failures);
    dc_buf_printf(&b, "  <testsuite name=\"dcmigrate\" tests=\"%u\" failures=\"%u\" errors=\"0\" skipped=\"0\">\n", n,
                  failures);
    uint32_t first = 0, end = 0;
    for (uint32_t i = 0; i < n; i++) {
        const dc_rfinding *f = &r->findings.v[i];
        if (i == end) { /* findings are sorted by path: find where this file's run ends */
            first = i;
            for (end = i + 1; end < n && strcmp(r->findings.v[end].path, f->path) == 0; end++) {}
        }
        dc_buf cls = DC_BUF_INIT, name = DC_BUF_INIT, line = DC_BUF_INIT, msg = DC_BUF_INIT, path = DC_BUF_INIT;
        const char *message = dc_rfinding_message(f, &msg);
        dc_text_quote_path(&path, f->path); /* as every human-readable output shows it */
        dc_buf_printf(&cls, "dcmigrate.%s", path.p);
        case_name(&name, r, first, end, i);
        dc_buf_printf(&line, "%u", f->line);
        dc_buf_adds(&b, "    <testcase");
        attr(&b, "classname", dc_buf_cstr(&cls));
        attr(&b, "name", dc_buf_cstr(&name));
        attr(&b, "file", path.p);
        attr(&b, "line", dc_buf_cstr(&line));
        dc_buf_adds(&b, ">\n");
        if (f->severity >= r->fail_on) {
            dc_buf_adds(&b, "      <failure");
            attr(&b, "message", message);
            attr(&b, "type", dc_severity_name(f->severity));
            dc_buf_addc(&b, '>');
            case_body(&b, f, message);
            dc_buf_adds(&b, "</failure>\n");
        } else {
            dc_buf_adds(&b, "      <system-out>");
            case_body(&b, f, message);
            dc_buf_adds(&b, "</system-out>\n");
        }
        dc_buf_adds(&b, "    </testcase>\n");
        dc_buf_free(&cls);
        dc_buf_free(&name);
        dc_buf_free(&line);
        dc_buf_free(&msg);
        dc_buf_free(&path);
    }
    dc_buf_adds(&b, "  </testsuite>\n</testsuites>\n");
    bool ok = fwrite(dc_buf_cstr(&b), 1, b.len, out) == b.len;
    dc_buf_free(&b);
    return ok && !ferror(out);
}
