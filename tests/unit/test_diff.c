/* test_diff.c: dc_diff_unified must print exactly what `git diff` prints for the same change
 * (hunk headers, context, "\ No newline at end of file", CR bytes), since users read these
 * diffs next to git's and review tools parse them. Expected texts below were produced with
 * `git diff --no-index` (git 2.39, default settings) and pasted in. The records behind the text
 * (dc_diff_compute, read by the HTML report) are checked at the end. */
#include "apply/diff.h"

#include "tests/unit/check.h"

/* Diffs two NUL-free C strings under path "f" and returns the heap text (caller frees). */
static char *diff_str(const char *a, const char *b, int context, bool *ok) {
    dc_buf out = DC_BUF_INIT;
    *ok = dc_diff_unified(&out, "f", a, strlen(a), b, strlen(b), context);
    return dc_buf_detach(&out);
}

DC_TEST(simple_change) {
    bool ok;
    char *d = diff_str("a\nb\nc\n", "a\nB\nc\n", 3, &ok);
    CHECK(ok);
    CHECK_EQ_STR(d, "--- a/f\n+++ b/f\n"
                    "@@ -1,3 +1,3 @@\n"
                    " a\n"
                    "-b\n"
                    "+B\n"
                    " c\n");
    free(d);
}

DC_TEST(path_is_used_in_headers) {
    dc_buf out = DC_BUF_INIT;
    CHECK(dc_diff_unified(&out, "src/app/main.py", "x\n", 2, "y\n", 2, 3));
    CHECK_EQ_STR(dc_buf_cstr(&out), "--- a/src/app/main.py\n+++ b/src/app/main.py\n"
                                    "@@ -1 +1 @@\n"
                                    "-x\n"
                                    "+y\n");
    dc_buf_free(&out);
}

DC_TEST(addition_at_end_without_newline) {
    bool ok;
    char *d = diff_str("a\nb\n", "a\nb\nc", 3, &ok);
    CHECK(ok);
    CHECK_EQ_STR(d, "--- a/f\n+++ b/f\n"
                    "@@ -1,2 +1,3 @@\n"
                    " a\n"
                    " b\n"
                    "+c\n"
                    "\\ No newline at end of file\n");
    free(d);
}

DC_TEST(newline_removed_at_end) {
    bool ok;
    char *d = diff_str("a\nb\n", "a\nb", 3, &ok);
    CHECK(ok);
    CHECK_EQ_STR(d, "--- a/f\n+++ b/f\n"
                    "@@ -1,2 +1,2 @@\n"
                    " a\n"
                    "-b\n"
                    "+b\n"
                    "\\ No newline at end of file\n");
    free(d);
}

DC_TEST(newline_added_at_end) {
    /* The marker belongs to the old side here: it must come right after "-b", before "+b". */
    bool ok;
    char *d = diff_str("a\nb", "a\nb\nc\n", 3, &ok);
    CHECK(ok);
    CHECK_EQ_STR(d, "--- a/f\n+++ b/f\n"
                    "@@ -1,2 +1,3 @@\n"
                    " a\n"
                    "-b\n"
                    "\\ No newline at end of file\n"
                    "+b\n"
                    "+c\n");
    free(d);
}

DC_TEST(context_line_without_newline) {
    bool ok;
    char *d = diff_str("a\nb\nc", "A\nb\nc", 3, &ok);
    CHECK(ok);
    CHECK_EQ_STR(d, "--- a/f\n+++ b/f\n"
                    "@@ -1,3 +1,3 @@\n"
                    "-a\n"
                    "+A\n"
                    " b\n"
                    " c\n"
                    "\\ No newline at end of file\n");
    free(d);
}

DC_TEST(crlf_preserved_byte_for_byte) {
    bool ok;
    char *d = diff_str("one\r\ntwo\r\nthree\r\n", "one\r\nTWO\r\nthree\r\n", 3, &ok);
    CHECK(ok);
    CHECK_EQ_STR(d, "--- a/f\n+++ b/f\n"
                    "@@ -1,3 +1,3 @@\n"
                    " one\r\n"
                    "-two\r\n"
                    "+TWO\r\n"
                    " three\r\n");
    free(d);
}

DC_TEST(odd_bytes_are_diffed_as_text) {
    /* A NUL would make libgit2 call the buffers binary and print no hunks at all. */
    static const char a[] = "x\0y\nkeep\n";
    static const char b[] = "x\0z\nkeep\n";
    static const char want[] = "--- a/f\n+++ b/f\n"
                               "@@ -1,2 +1,2 @@\n"
                               "-x\0y\n"
                               "+x\0z\n"
                               " keep\n";
    dc_buf out = DC_BUF_INIT;
    CHECK(dc_diff_unified(&out, "f", a, sizeof a - 1, b, sizeof b - 1, 3));
    CHECK_EQ_INT(out.len, sizeof want - 1);
    CHECK(out.len == sizeof want - 1 && memcmp(out.p, want, out.len) == 0);
    dc_buf_free(&out);
}

DC_TEST(equal_inputs_append_nothing) {
    dc_buf out = DC_BUF_INIT;
    dc_buf_adds(&out, "before");
    CHECK(dc_diff_unified(&out, "f", "same\n", 5, "same\n", 5, 3));
    CHECK(dc_diff_unified(&out, "f", "", 0, "", 0, 3));
    CHECK(dc_diff_unified(&out, "f", NULL, 0, NULL, 0, 3));
    CHECK_EQ_STR(dc_buf_cstr(&out), "before");
    dc_buf_free(&out);

    /* Nothing at all: the buffer is not even allocated. */
    dc_buf empty = DC_BUF_INIT;
    CHECK(dc_diff_unified(&empty, "f", "a\nb\n", 4, "a\nb\n", 4, 3));
    CHECK_EQ_INT(empty.len, 0);
    dc_buf_free(&empty);
}

DC_TEST(appends_to_existing_content) {
    dc_buf out = DC_BUF_INIT;
    dc_buf_adds(&out, "header\n");
    CHECK(dc_diff_unified(&out, "f", "x\n", 2, "y\n", 2, 3));
    CHECK_EQ_STR(dc_buf_cstr(&out), "header\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-x\n+y\n");
    dc_buf_free(&out);
}

DC_TEST(empty_side) {
    bool ok;
    char *d = diff_str("", "x\n", 3, &ok);
    CHECK(ok);
    CHECK_EQ_STR(d, "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+x\n");
    free(d);
    d = diff_str("x\n", "", 3, &ok);
    CHECK(ok);
    CHECK_EQ_STR(d, "--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n-x\n");
    free(d);
}

static const char ten[] = "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\n";

DC_TEST(context_parameter_respected) {
    static const char five[] = "l1\nl2\nl3\nl4\nL5\nl6\nl7\nl8\nl9\nl10\n";
    bool ok;
    /* The text after the second "@@" is git's function context: the nearest earlier line that
     * starts with a letter. */
    char *d = diff_str(ten, five, 1, &ok);
    CHECK(ok);
    CHECK_EQ_STR(d, "--- a/f\n+++ b/f\n"
                    "@@ -4,3 +4,3 @@ l3\n"
                    " l4\n"
                    "-l5\n"
                    "+L5\n"
                    " l6\n");
    free(d);

    d = diff_str(ten, five, 0, &ok);
    CHECK(ok);
    CHECK_EQ_STR(d, "--- a/f\n+++ b/f\n"
                    "@@ -5 +5 @@ l4\n"
                    "-l5\n"
                    "+L5\n");
    free(d);

    /* A negative context is treated as 0 rather than wrapping to a huge unsigned value. */
    d = diff_str(ten, five, -1, &ok);
    CHECK(ok);
    CHECK_EQ_STR(d, "--- a/f\n+++ b/f\n@@ -5 +5 @@ l4\n-l5\n+L5\n");
    free(d);
}

DC_TEST(context_decides_hunk_merging) {
    static const char ends[] = "L1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nL10\n";
    bool ok;
    char *d = diff_str(ten, ends, 3, &ok);
    CHECK(ok);
    CHECK_EQ_STR(d, "--- a/f\n+++ b/f\n"
                    "@@ -1,4 +1,4 @@\n"
                    "-l1\n"
                    "+L1\n"
                    " l2\n"
                    " l3\n"
                    " l4\n"
                    "@@ -7,4 +7,4 @@ l6\n"
                    " l7\n"
                    " l8\n"
                    " l9\n"
                    "-l10\n"
                    "+L10\n");
    free(d);

    d = diff_str(ten, ends, 4, &ok);
    CHECK(ok);
    CHECK_EQ_STR(d, "--- a/f\n+++ b/f\n"
                    "@@ -1,10 +1,10 @@\n"
                    "-l1\n"
                    "+L1\n"
                    " l2\n l3\n l4\n l5\n l6\n l7\n l8\n l9\n"
                    "-l10\n"
                    "+L10\n");
    free(d);
}

DC_TEST(matches_git_diff_no_index) {
    /* A realistic edit: two hunks, function context in the second header, and an added last
     * line without a newline. Expected text is `git diff --no-index a b` with the
     * "diff --git"/"index" lines dropped and the a/b names replaced by the path. */
    static const char before[] = "import os\n"
                                 "import sys\n"
                                 "\n"
                                 "\n"
                                 "def load(path):\n"
                                 "    with open(path) as f:\n"
                                 "        data = f.read()\n"
                                 "    return data\n"
                                 "\n"
                                 "\n"
                                 "class Config:\n"
                                 "    def __init__(self, path):\n"
                                 "        self.path = path\n"
                                 "        self.values = {}\n"
                                 "\n"
                                 "    def get(self, key, default=None):\n"
                                 "        return self.values.get(key, default)\n"
                                 "\n"
                                 "    def has(self, key):\n"
                                 "        return self.values.has_key(key)\n"
                                 "\n"
                                 "\n"
                                 "def main():\n"
                                 "    cfg = Config(sys.argv[1])\n"
                                 "    print(cfg.get(\"name\"))\n";
    static const char after[] = "import os\n"
                                "import sys\n"
                                "import json\n"
                                "\n"
                                "\n"
                                "def load(path):\n"
                                "    with open(path) as f:\n"
                                "        data = f.read()\n"
                                "    return data\n"
                                "\n"
                                "\n"
                                "class Config:\n"
                                "    def __init__(self, path):\n"
                                "        self.path = path\n"
                                "        self.values = {}\n"
                                "\n"
                                "    def get(self, key, default=None):\n"
                                "        return self.values.get(key, default)\n"
                                "\n"
                                "    def has(self, key):\n"
                                "        return key in self.values\n"
                                "\n"
                                "\n"
                                "def main():\n"
                                "    cfg = Config(sys.argv[1])\n"
                                "    print(cfg.get(\"name\", \"\"))\n"
                                "    return 0";
    static const char git[] = "--- a/pkg/config.py\n"
                              "+++ b/pkg/config.py\n"
                              "@@ -1,5 +1,6 @@\n"
                              " import os\n"
                              " import sys\n"
                              "+import json\n"
                              " \n"
                              " \n"
                              " def load(path):\n"
                              "@@ -17,9 +18,10 @@ class Config:\n"
                              "         return self.values.get(key, default)\n"
                              " \n"
                              "     def has(self, key):\n"
                              "-        return self.values.has_key(key)\n"
                              "+        return key in self.values\n"
                              " \n"
                              " \n"
                              " def main():\n"
                              "     cfg = Config(sys.argv[1])\n"
                              "-    print(cfg.get(\"name\"))\n"
                              "+    print(cfg.get(\"name\", \"\"))\n"
                              "+    return 0\n"
                              "\\ No newline at end of file\n";
    dc_buf out = DC_BUF_INIT;
    CHECK(dc_diff_unified(&out, "pkg/config.py", before, sizeof before - 1, after, sizeof after - 1, 3));
    CHECK_EQ_STR(dc_buf_cstr(&out), git);
    dc_buf_free(&out);
}

DC_TEST(indent_heuristic_like_git) {
    /* A duplicated line is ambiguous: plain Myers (libgit2's default) shows the second "w();" as
     * added, git's default indent heuristic shows the first one. Found by comparing against git;
     * with the heuristic off the hunk would be "@@ -1,5 +1,6 @@" with "+    w();" second. */
    static const char a[] = "void f(void) {\n"
                            "    w();\n"
                            "    y();\n"
                            "\n"
                            "}\n";
    static const char b[] = "void f(void) {\n"
                            "    w();\n"
                            "    w();\n"
                            "    y();\n"
                            "\n"
                            "}\n";
    bool ok;
    char *d = diff_str(a, b, 3, &ok);
    CHECK(ok);
    CHECK_EQ_STR(d, "--- a/f\n+++ b/f\n"
                    "@@ -1,4 +1,5 @@\n"
                    " void f(void) {\n"
                    "+    w();\n"
                    "     w();\n"
                    "     y();\n"
                    " \n");
    free(d);
}

/* The records: numbers as in the hunk header, one line per origin, the header without its
 * newline, the marker after the line that lacks one. */
DC_TEST(records_of_a_change) {
    dc_diff d;
    CHECK(dc_diff_compute(&d, "p.py", "a\nb\nc\n", 6, "a\nB\nc", 5, 3));
    CHECK_EQ_STR(d.path, "p.py");
    CHECK_EQ_INT(d.hunks.len, 1);
    const dc_diff_hunk *h = &d.hunks.v[0];
    CHECK_EQ_INT(h->old_start, 1);
    CHECK_EQ_INT(h->old_lines, 3);
    CHECK_EQ_INT(h->new_start, 1);
    CHECK_EQ_INT(h->new_lines, 3);
    CHECK(h->header_len == 15 && memcmp(dc_diff_at(&d, h->header_off), "@@ -1,3 +1,3 @@", 15) == 0);
    CHECK_EQ_INT(h->first, 0);
    CHECK_EQ_INT(h->nlines, 6);
    static const char origins[] = " --++\\";
    static const char *texts[] = {"a\n", "b\n", "c\n", "B\n", "c", NULL};
    for (uint32_t i = 0; i < d.lines.len && i < 6; i++) {
        const dc_diff_line *l = &d.lines.v[i];
        CHECK(l->origin == origins[i]);
        if (texts[i]) CHECK(l->len == strlen(texts[i]) && memcmp(dc_diff_at(&d, l->off), texts[i], l->len) == 0);
    }
    dc_buf text = DC_BUF_INIT;
    dc_diff_render(&text, &d);
    CHECK_EQ_STR(dc_buf_cstr(&text), "--- a/p.py\n+++ b/p.py\n@@ -1,3 +1,3 @@\n a\n-b\n-c\n+B\n+c\n"
                                     "\\ No newline at end of file\n");
    dc_buf_free(&text);
    dc_diff_free(&d);
}

DC_TEST(records_of_two_hunks_and_of_no_change) {
    dc_diff d;
    CHECK(dc_diff_compute(&d, "f", ten, sizeof ten - 1, "L1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nL10\n", sizeof ten - 1, 1));
    CHECK_EQ_INT(d.hunks.len, 2);
    if (d.hunks.len == 2) {
        CHECK_EQ_INT(d.hunks.v[1].old_start, 9);
        CHECK_EQ_INT(d.hunks.v[1].new_start, 9);
        CHECK_EQ_INT(d.hunks.v[1].first, d.hunks.v[0].nlines);
        CHECK_EQ_INT(d.hunks.v[0].nlines + d.hunks.v[1].nlines, d.lines.len);
    }
    dc_diff_free(&d);
    CHECK(dc_diff_compute(&d, "f", "same\n", 5, "same\n", 5, 3));
    CHECK_EQ_INT(d.hunks.len, 0);
    CHECK_EQ_INT(d.lines.len, 0);
    dc_buf text = DC_BUF_INIT;
    dc_diff_render(&text, &d);
    CHECK_EQ_INT(text.len, 0);
    dc_diff_free(&d);
}

DC_TEST_MAIN
