/* One fix pass: sorted edits, conflicts (overlap, two insertions at one offset), identical
 * edits deduplicated, applicability threshold, bytes outside edits untouched; and the checks
 * every fix passes through (comment deletion -> unsafe, error region -> manual). */
#include "analysis/engine.h"
#include "check.h"
#include "fixes/plan.h"
#include "apply/apply.h"

typedef struct fake {
    dc_arena arena;
    dc_source *src;
    dc_analysis an;
} fake;

static void fake_init(fake *f, const char *text) {
    dc_arena_init(&f->arena, 4096);
    f->src = dc_source_from_bytes("t.py", DC_LANG_PYTHON, text, (uint32_t)strlen(text));
    memset(&f->an, 0, sizeof f->an);
    f->an.src = f->src;
}

static dc_fix *fake_fix(fake *f, dc_applicability app) {
    dc_finding fd = {0};
    fd.fix = dc_fix_new(&f->arena, app);
    dc_vec_push(&f->an.findings, fd);
    return f->an.findings.v[f->an.findings.len - 1].fix;
}

static void edit(fake *f, dc_fix *fix, uint32_t s, uint32_t e, const char *t) {
    dc_fix_add_edit(&f->arena, fix, s, e, t, strlen(t));
}

static void fake_free(fake *f) {
    dc_vec_free(&f->an.findings);
    dc_source_free(f->src);
    dc_arena_free(&f->arena);
}

DC_TEST(non_overlapping_fixes_all_apply_bytes_kept) {
    fake f;
    fake_init(&f, "aaa\r\nbbb\tccc\xff\n");
    edit(&f, fake_fix(&f, DC_APP_SAFE), 0, 3, "A");
    edit(&f, fake_fix(&f, DC_APP_SAFE), 5, 8, "BBBB");
    dc_buf out = DC_BUF_INIT;
    bool applied[2];
    CHECK_EQ_INT(dc_fixes_apply(&f.an, DC_APP_SAFE, &out, applied), 2);
    CHECK(applied[0] && applied[1]);
    CHECK_EQ_INT(out.len, 13);
    CHECK(memcmp(out.p, "A\r\nBBBB\tccc\xff\n", 13) == 0);
    dc_buf_free(&out);
    fake_free(&f);
}

DC_TEST(overlapping_fix_is_skipped_for_this_pass) {
    fake f;
    fake_init(&f, "0123456789");
    edit(&f, fake_fix(&f, DC_APP_SAFE), 2, 6, "x");
    edit(&f, fake_fix(&f, DC_APP_SAFE), 5, 8, "y"); /* overlaps the first */
    edit(&f, fake_fix(&f, DC_APP_SAFE), 8, 9, "z"); /* adjacent to the second's end: fine */
    dc_buf out = DC_BUF_INIT;
    bool applied[3];
    CHECK_EQ_INT(dc_fixes_apply(&f.an, DC_APP_SAFE, &out, applied), 2);
    CHECK(applied[0] && !applied[1] && applied[2]);
    CHECK_EQ_STR(out.p, "01x67z9");
    dc_buf_free(&out);
    fake_free(&f);
}

DC_TEST(two_different_insertions_at_one_offset_conflict) {
    fake f;
    fake_init(&f, "abc");
    edit(&f, fake_fix(&f, DC_APP_SAFE), 1, 1, "X");
    edit(&f, fake_fix(&f, DC_APP_SAFE), 1, 1, "Y");
    dc_buf out = DC_BUF_INIT;
    CHECK_EQ_INT(dc_fixes_apply(&f.an, DC_APP_SAFE, &out, NULL), 1);
    CHECK_EQ_STR(out.p, "aXbc");
    dc_buf_free(&out);
    fake_free(&f);
}

DC_TEST(identical_edits_are_applied_once) {
    /* two fixes that both add the same import must not add it twice */
    fake f;
    fake_init(&f, "x = 1\n");
    dc_fix *a = fake_fix(&f, DC_APP_SAFE), *b = fake_fix(&f, DC_APP_SAFE);
    edit(&f, a, 0, 0, "import os\n");
    edit(&f, a, 4, 5, "2");
    edit(&f, b, 0, 0, "import os\n");
    dc_buf out = DC_BUF_INIT;
    CHECK_EQ_INT(dc_fixes_apply(&f.an, DC_APP_SAFE, &out, NULL), 2);
    CHECK_EQ_STR(out.p, "import os\nx = 2\n");
    dc_buf_free(&out);
    fake_free(&f);
}

DC_TEST(insertion_inside_a_replaced_range_conflicts) {
    fake f;
    fake_init(&f, "abcdef");
    edit(&f, fake_fix(&f, DC_APP_SAFE), 1, 4, "Z");
    edit(&f, fake_fix(&f, DC_APP_SAFE), 2, 2, "I");
    dc_buf out = DC_BUF_INIT;
    CHECK_EQ_INT(dc_fixes_apply(&f.an, DC_APP_SAFE, &out, NULL), 1);
    CHECK_EQ_STR(out.p, "aZef");
    dc_buf_free(&out);
    fake_free(&f);
}

DC_TEST(a_fix_is_all_or_nothing) {
    /* fixes are taken in order of their first edit: b (0..1 and 5..7) first; a (4..6) overlaps
     * b's second edit and is skipped whole. Then c, whose first edit is fine but whose second
     * overlaps b: none of c applies either. */
    fake f;
    fake_init(&f, "0123456789");
    edit(&f, fake_fix(&f, DC_APP_SAFE), 4, 6, "x");
    dc_fix *b = fake_fix(&f, DC_APP_SAFE);
    edit(&f, b, 0, 1, "A");
    edit(&f, b, 5, 7, "B");
    dc_fix *c = fake_fix(&f, DC_APP_SAFE);
    edit(&f, c, 2, 3, "C");
    edit(&f, c, 6, 8, "D");
    dc_buf out = DC_BUF_INIT;
    bool applied[3];
    CHECK_EQ_INT(dc_fixes_apply(&f.an, DC_APP_SAFE, &out, applied), 1);
    CHECK(!applied[0] && applied[1] && !applied[2]);
    CHECK_EQ_STR(out.p, "A1234B789");
    dc_buf_free(&out);
    fake_free(&f);
}

DC_TEST(applicability_threshold) {
    fake f;
    fake_init(&f, "abc");
    edit(&f, fake_fix(&f, DC_APP_UNSAFE), 0, 1, "A");
    edit(&f, fake_fix(&f, DC_APP_MANUAL), 1, 2, "B");
    edit(&f, fake_fix(&f, DC_APP_SAFE), 2, 3, "C");
    dc_buf out = DC_BUF_INIT;
    CHECK_EQ_INT(dc_fixes_apply(&f.an, DC_APP_SAFE, &out, NULL), 1);
    CHECK_EQ_STR(out.p, "abC");
    CHECK_EQ_INT(dc_fixes_apply(&f.an, DC_APP_UNSAFE, &out, NULL), 2);
    CHECK_EQ_STR(out.p, "AbC"); /* manual fixes never apply */
    dc_buf_free(&out);
    fake_free(&f);
}

DC_TEST(out_of_range_edit_is_refused) {
    fake f;
    fake_init(&f, "abc");
    edit(&f, fake_fix(&f, DC_APP_SAFE), 2, 9, "X");
    dc_buf out = DC_BUF_INIT;
    CHECK_EQ_INT(dc_fixes_apply(&f.an, DC_APP_SAFE, &out, NULL), 0);
    CHECK_EQ_STR(out.p, "abc");
    dc_buf_free(&out);
    fake_free(&f);
}

/* The conflict rule itself (finding.h), which the legacy fixers also use to keep a tier's own
 * edits apart: symmetric, identical edits never conflict, touching ranges do not. */
DC_TEST(edit_conflict_rule) {
    dc_edit rep_a = {2, 6, "x", 1}, rep_b = {5, 8, "y", 1}, rep_c = {6, 8, "z", 1};
    dc_edit ins_in = {4, 4, "i", 1}, ins_edge = {6, 6, "e", 1}, ins_same = {4, 4, "i", 1}, ins_other = {4, 4, "o", 1};
    CHECK(dc_edits_conflict(&rep_a, &rep_b) && dc_edits_conflict(&rep_b, &rep_a));
    CHECK(!dc_edits_conflict(&rep_a, &rep_c) && !dc_edits_conflict(&rep_c, &rep_a));
    CHECK(dc_edits_conflict(&ins_in, &rep_a) && dc_edits_conflict(&rep_a, &ins_in));
    CHECK(!dc_edits_conflict(&ins_edge, &rep_a) && !dc_edits_conflict(&rep_a, &ins_edge));
    CHECK(!dc_edits_conflict(&ins_in, &ins_same));
    CHECK(dc_edits_conflict(&ins_in, &ins_other));
    CHECK(!dc_edits_conflict(&rep_a, &rep_a));
}

/* Shared edits meet in one fix once: dc_fix_add_edit_once and dc_fix_copy_edits. */
DC_TEST(shared_edits_are_added_once) {
    dc_arena a;
    dc_arena_init(&a, 4096);
    dc_fix *fx = dc_fix_new(&a, DC_APP_SAFE), *more = dc_fix_new(&a, DC_APP_SAFE);
    dc_fix_add_edit_once(&a, fx, 1, 2, "x", 1);
    dc_fix_add_edit_once(&a, fx, 1, 2, "x", 1);
    dc_fix_add_edit_once(&a, fx, 1, 2, "y", 1);
    CHECK_EQ_INT(fx->nedits, 2);
    dc_fix_add_edit(&a, more, 1, 2, "x", 1);
    dc_fix_add_edit(&a, more, 3, 3, "z", 1);
    dc_fix_copy_edits(&a, fx, more);
    CHECK_EQ_INT(fx->nedits, 3);
    CHECK(dc_fix_conflicts_with(fx, more)); /* "y" and "x" over the same bytes */
    dc_arena_free(&a);
}

/* A template rule whose fix deletes a comment, and one whose target sits in broken code. */
static const char *RULE =
    "id: drop-arg\nseverity: warning\nmessage: m\nnote: n\n"
    "fix:\n  replace: match\n  template: \"f()\"\n"
    "match:\n  language: python\n  query: |\n    ((call function: (identifier) @n) @match (#eq? @n \"f\"))\n";

static dc_applicability fix_app_for(const char *code, const char **why) {
    dc_ruleset *rs = dc_ruleset_new();
    dc_ruleset_load_buffer(rs, "r.yml", RULE, strlen(RULE), false);
    dc_source *src = dc_source_from_bytes("t.py", DC_LANG_PYTHON, code, (uint32_t)strlen(code));
    dc_worker *w = dc_worker_new();
    dc_analyze_opts o = {0};
    dc_fix_opts fo = {0};
    dc_analysis an;
    dc_analyze(w, rs, src, &o, &an);
    dc_fixes_plan(&an, rs, &fo);
    dc_applicability app = an.findings.len && an.findings.v[0].fix ? an.findings.v[0].fix->app : DC_APP_NONE;
    static char whybuf[256];
    snprintf(whybuf, sizeof whybuf, "%s", an.findings.len && an.findings.v[0].fix && an.findings.v[0].fix->why
                                              ? an.findings.v[0].fix->why : "");
    *why = whybuf;
    dc_analysis_release(&an);
    dc_worker_free(w);
    dc_source_free(src);
    dc_ruleset_free(rs);
    return app;
}

DC_TEST(deleting_a_comment_makes_a_fix_unsafe) {
    const char *why;
    CHECK_EQ_INT(fix_app_for("f(1, 2)\n", &why), DC_APP_SAFE);
    CHECK_EQ_INT(fix_app_for("f(1,  # keep me\n  2)\n", &why), DC_APP_UNSAFE);
    CHECK(strstr(why, "comment") != NULL);
}

DC_TEST(no_fix_inside_a_syntax_error) {
    const char *why;
    CHECK_EQ_INT(fix_app_for("f(1, 2 +)\n", &why), DC_APP_MANUAL);
    CHECK(strstr(why, "syntax error") != NULL);
    /* an error elsewhere in the file does not block the fix */
    CHECK_EQ_INT(fix_app_for("f(1)\n\n\ndef broken(:\n    pass\n", &why), DC_APP_SAFE);
}

DC_TEST_MAIN
