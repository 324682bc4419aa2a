/* test_report_model.c: the report model's own logic, apart from any writer: the manual suffix the
 * writers add at write time (dc_rfinding_message), the counting the review reports share
 * (report/rows.h), and how file fragments merge (report/build.h). */
#include "report/build.h"
#include "report/rows.h"

#include "tests/unit/check.h"

static dc_rule tools_get = {.id = "tools-get", .severity = DC_SEV_WARNING};
static dc_rule execute = {.id = "tools-execute", .severity = DC_SEV_WARNING};
static dc_rule triggers = {.id = "trigger-unsupported", .severity = DC_SEV_INFO};

static dc_rfinding finding(const dc_rule *r, dc_applicability app, const char *message, const char *why) {
    dc_rfinding f = {0};
    f.path = dc_xstrdup("a.py");
    f.rule = r;
    f.severity = r->severity;
    f.app = app;
    f.message = dc_xstrdup(message);
    f.fix_why = why ? dc_xstrdup(why) : NULL;
    return f;
}

DC_TEST(manual_suffix_is_added_at_write_time) {
    dc_buf scratch = DC_BUF_INIT;
    dc_rfinding m = finding(&execute, DC_APP_MANUAL, "direct call", "no session executes it");
    CHECK_EQ_STR(dc_rfinding_message(&m, &scratch), "direct call (manual: no session executes it)");
    CHECK_EQ_STR(m.message, "direct call"); /* the record keeps them apart */
    /* only a manual fix's why joins the message */
    dc_rfinding u = finding(&tools_get, DC_APP_UNSAFE, "fetches tools", "toolkit guessed");
    CHECK(dc_rfinding_message(&u, &scratch) == u.message);
    dc_rfinding n = finding(&execute, DC_APP_MANUAL, "no reason given", NULL);
    CHECK(dc_rfinding_message(&n, &scratch) == n.message);
    dc_rfinding_free(&m);
    dc_rfinding_free(&u);
    dc_rfinding_free(&n);
    dc_buf_free(&scratch);
}

DC_TEST(rows_by_rule_most_findings_first) {
    dc_report r;
    dc_report_init(&r);
    dc_rfinding fs[] = {
        finding(&triggers, DC_APP_NONE, "t", NULL),          finding(&tools_get, DC_APP_SAFE, "g", NULL),
        finding(&execute, DC_APP_MANUAL, "e", "why"),        finding(&tools_get, DC_APP_UNSAFE, "g", "w"),
        finding(&execute, DC_APP_NONE, "e", NULL),
    };
    for (size_t i = 0; i < sizeof fs / sizeof *fs; i++) dc_vec_push(&r.findings, fs[i]);
    dc_rule_row *rows;
    uint32_t n = dc_rows_by_rule(&r, &rows);
    CHECK_EQ_INT(n, 3);
    if (n == 3) {
        /* two each, then by id; the info rule's finding is neither fixable nor manual */
        CHECK(rows[0].rule == &execute && rows[0].n == 2 && rows[0].fixable == 0 && rows[0].manual == 2);
        CHECK(rows[1].rule == &tools_get && rows[1].n == 2 && rows[1].fixable == 2 && rows[1].manual == 0);
        CHECK(rows[2].rule == &triggers && rows[2].n == 1 && rows[2].fixable == 0 && rows[2].manual == 0);
    }
    free(rows);
    dc_report_free(&r);
}

DC_TEST(progress_percentage_is_floored) {
    CHECK_EQ_INT(dc_rows_pct_done(0, 0), 100);
    CHECK_EQ_INT(dc_rows_pct_done(995, 5), 99); /* 99.5%: one manual site left is not done */
    CHECK_EQ_INT(dc_rows_pct_done(1, 2), 33);
    CHECK_EQ_INT(dc_rows_pct_done(0, 4), 0);
    CHECK_EQ_STR(dc_plural(1, "file", "files"), "file");
    CHECK_EQ_STR(dc_plural(0, "file", "files"), "files");
}

DC_TEST(fragments_merge_in_order_and_files_kept_only_when_asked) {
    dc_report all, a, b;
    dc_report_init(&all);
    dc_report_init(&a);
    dc_report_init(&b);
    dc_vec_push(&a.findings, finding(&tools_get, DC_APP_SAFE, "first", NULL));
    dc_report_add_file(&a, "a.py", 2, 0);
    a.files_scanned = 1;
    dc_vec_push(&b.findings, finding(&execute, DC_APP_NONE, "second", NULL));
    dc_report_add_file(&b, "b.py", 1, DC_KEEP_FILES);
    b.files_scanned = 1;
    b.errors = 1;
    dc_report_merge(&all, &a);
    dc_report_merge(&all, &b);
    CHECK_EQ_INT(all.findings.len, 2);
    if (all.findings.len == 2) {
        CHECK_EQ_STR(all.findings.v[0].message, "first");
        CHECK_EQ_STR(all.findings.v[1].message, "second");
    }
    CHECK_EQ_INT(all.migrated, 3);        /* always counted */
    CHECK_EQ_INT(all.files.len, 1);       /* listed only with DC_KEEP_FILES */
    CHECK_EQ_INT(all.files_scanned, 2);
    CHECK_EQ_INT(all.errors, 1);
    CHECK_EQ_INT(a.findings.len + b.findings.len, 0); /* the fragments are left empty */
    dc_report_free(&all);
    dc_report_free(&a);
    dc_report_free(&b);
}

DC_TEST_MAIN
