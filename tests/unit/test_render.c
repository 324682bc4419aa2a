/* Style detection (newline, indentation unit, quotes), line helpers, re-indentation of moved
 * text, multi-line templates and string literals. */
#include <stdlib.h>

#include "fixes/render.h"
#include "check.h"

static dc_source *py(const char *s) { return dc_source_from_bytes("t.py", DC_LANG_PYTHON, s, (uint32_t)strlen(s)); }
static dc_source *ts(const char *s) { return dc_source_from_bytes("t.ts", DC_LANG_TYPESCRIPT, s, (uint32_t)strlen(s)); }

static const dc_style LF4 = {"\n", "    ", '"'};
static const dc_style CRLF4 = {"\r\n", "    ", '"'};

/* ---- style detection ------------------------------------------------------------------- */

DC_TEST(style_defaults) {
    dc_source *s = py("x = 1\n");
    dc_style st = dc_style_detect(s);
    CHECK_EQ_STR(st.newline, "\n");
    CHECK_EQ_STR(st.indent, "    ");
    CHECK_EQ_INT(st.quote, '"');
    dc_source_free(s);

    s = ts("const x = 1;\n");
    st = dc_style_detect(s);
    CHECK_EQ_STR(st.indent, "  ");
    CHECK_EQ_INT(st.quote, '"');
    dc_source_free(s);

    s = py("");
    st = dc_style_detect(s);
    CHECK_EQ_STR(st.newline, "\n");
    CHECK_EQ_STR(st.indent, "    ");
    dc_source_free(s);
}

DC_TEST(style_newline_is_the_first_line_ending) {
    dc_source *s = py("x = 1\r\ny = 2\n");
    CHECK_EQ_STR(dc_style_detect(s).newline, "\r\n");
    dc_source_free(s);
    s = py("x = 1\ny = 2\r\n");
    CHECK_EQ_STR(dc_style_detect(s).newline, "\n");
    dc_source_free(s);
}

DC_TEST(style_indent_unit) {
    dc_source *s = py("def f():\n  if x:\n    return 1\n  return 2\n");
    CHECK_EQ_STR(dc_style_detect(s).indent, "  ");
    dc_source_free(s);

    s = py("def f():\n\tif x:\n\t\treturn 1\n\treturn 2\n");
    CHECK_EQ_STR(dc_style_detect(s).indent, "\t");
    dc_source_free(s);

    s = ts("function f() {\n    if (x) {\n        return 1;\n    }\n}\n");
    CHECK_EQ_STR(dc_style_detect(s).indent, "    ");
    dc_source_free(s);

    s = ts("function f() {\r\n  return g(\r\n    1,\r\n  );\r\n}\r\n");
    CHECK_EQ_STR(dc_style_detect(s).indent, "  ");
    dc_source_free(s);

    /* blocks that open 8 deep as often as 4 deep still mean a unit of 4 */
    s = py("class A:\n    def f(self):\n        pass\n\nclass B:\n        x = 1\n");
    CHECK_EQ_STR(dc_style_detect(s).indent, "    ");
    dc_source_free(s);

    /* continuation lines aligned under a bracket do not vote */
    s = py("def f():\n    return g(a,\n             b)\n\ndef h():\n    pass\n");
    CHECK_EQ_STR(dc_style_detect(s).indent, "    ");
    dc_source_free(s);

    /* a CRLF file with 2-space Python: the CR is not indentation and ':' still ends the line */
    s = py("if x:  # note\r\n  y = 1\r\n");
    CHECK_EQ_STR(dc_style_detect(s).indent, "  ");
    dc_source_free(s);
}

DC_TEST(style_scans_only_the_first_64k) {
    /* tab-indented blocks only after 64 KiB of flat code: not seen */
    dc_buf b = DC_BUF_INIT;
    while (b.len < 70 * 1024) dc_buf_adds(&b, "x = 1\n");
    for (int i = 0; i < 50; i++) dc_buf_adds(&b, "if x:\n\ty = 2\n");
    dc_source *s = py(dc_buf_cstr(&b));
    CHECK_EQ_STR(dc_style_detect(s).indent, "    ");
    dc_source_free(s);
    /* the same blocks before the limit are */
    dc_buf_reset(&b);
    for (int i = 0; i < 50; i++) dc_buf_adds(&b, "if x:\n\ty = 2\n");
    s = py(dc_buf_cstr(&b));
    CHECK_EQ_STR(dc_style_detect(s).indent, "\t");
    dc_source_free(s);
    dc_buf_free(&b);
}

DC_TEST(style_quotes) {
    dc_source *s = py("a = 'x'\nb = 'y'\nc = \"z\"\n");
    CHECK_EQ_INT(dc_style_detect(s).quote, '\'');
    dc_source_free(s);

    /* docstrings use """ whatever the code uses; they do not vote */
    s = py("\"\"\"Module.\"\"\"\ndef f():\n    \"\"\"Doc.\"\"\"\n    return 'x'\n");
    CHECK_EQ_INT(dc_style_detect(s).quote, '\'');
    dc_source_free(s);

    /* quotes inside comments and inside other strings do not vote */
    s = py("# don't \"quote\" me\nx = 'it\"s'\n");
    CHECK_EQ_INT(dc_style_detect(s).quote, '\'');
    dc_source_free(s);

    s = ts("// it's 'here' and 'there'\n/* 'x' 'y' */\nconst a = \"m\";\nconst t = `'q'`;\n");
    CHECK_EQ_INT(dc_style_detect(s).quote, '"');
    dc_source_free(s);

    s = ts("import x from 'x';\nconst a = 'it\\'s';\nconst b = \"b\";\n");
    CHECK_EQ_INT(dc_style_detect(s).quote, '\'');
    dc_source_free(s);
}

/* ---- lines ----------------------------------------------------------------------------- */

DC_TEST(line_start_and_indent) {
    const char *text = "def f():\n    x = 1\n\t\ty = 2\n   \nz";
    dc_source *s = py(text);
    uint32_t x = (uint32_t)(strchr(text, 'x') - text);
    CHECK_EQ_INT(dc_line_start(s, x), 9);
    dc_sv ind = dc_line_indent(s, x);
    CHECK_EQ_INT(ind.len, 4);
    CHECK(ind.p == s->data + 9);
    ind = dc_line_indent(s, (uint32_t)(strchr(text, 'y') - text));
    CHECK(dc_sv_eq_cstr(ind, "\t\t"));
    /* a blank line is all indentation */
    CHECK(dc_sv_eq_cstr(dc_line_indent(s, (uint32_t)(strstr(text, "   \n") - text) + 1), "   "));
    CHECK_EQ_INT(dc_line_start(s, 0), 0);
    CHECK_EQ_INT(dc_line_start(s, 3), 0);
    /* the offset of a newline belongs to the line it ends; past the end is clamped */
    CHECK_EQ_INT(dc_line_start(s, 8), 0);
    CHECK_EQ_INT(dc_line_start(s, 9999), (uint32_t)(strrchr(text, 'z') - text));
    CHECK_EQ_INT(dc_line_indent(s, 0).len, 0);
    dc_source_free(s);
}

DC_TEST(line_start_skips_the_bom) {
    dc_source *s = py("\xEF\xBB\xBF    x = 1\ny\n");
    CHECK_EQ_INT(dc_line_start(s, 8), 3);
    CHECK(dc_sv_eq_cstr(dc_line_indent(s, 8), "    "));
    CHECK_EQ_INT(dc_line_start(s, 13), 13);
    dc_source_free(s);
}

/* ---- reindent -------------------------------------------------------------------------- */

static const char *reindent(dc_buf *b, const char *text, const char *from, const char *to, const dc_style *st) {
    dc_buf_reset(b);
    dc_render_reindent(b, dc_sv_cstr(text), dc_sv_cstr(from), dc_sv_cstr(to), st);
    return dc_buf_cstr(b);
}

DC_TEST(reindent_nested_block) {
    dc_buf b = DC_BUF_INIT;
    /* an `if` captured at 4 spaces, moved into a block at 8 */
    CHECK_EQ_STR(reindent(&b, "if a:\n        b()\n        if c:\n            d()\n    e()", "    ", "        ", &LF4),
                 "if a:\n            b()\n            if c:\n                d()\n        e()");
    /* and back out to the top level */
    CHECK_EQ_STR(reindent(&b, "if a:\n        b()\n    e()", "    ", "", &LF4), "if a:\n    b()\ne()");
    /* tabs to spaces */
    CHECK_EQ_STR(reindent(&b, "f(\n\t\tx)", "\t", "    ", &LF4), "f(\n    \tx)");
    /* one line: nothing to do */
    CHECK_EQ_STR(reindent(&b, "x = 1", "    ", "        ", &LF4), "x = 1");
    CHECK_EQ_STR(reindent(&b, "", "    ", "        ", &LF4), "");
    dc_buf_free(&b);
}

DC_TEST(reindent_converts_line_endings) {
    dc_buf b = DC_BUF_INIT;
    CHECK_EQ_STR(reindent(&b, "if a:\n    b()\n", "", "  ", &CRLF4), "if a:\r\n      b()\r\n");
    CHECK_EQ_STR(reindent(&b, "if a:\r\n    b()\r\nc()", "", "", &LF4), "if a:\n    b()\nc()");
    dc_buf_free(&b);
}

DC_TEST(reindent_leaves_less_indented_lines_alone) {
    dc_buf b = DC_BUF_INIT;
    /* the body of a multi-line string at column 0 keeps its value */
    CHECK_EQ_STR(reindent(&b, "x = \"\"\"\nraw text\n  two\n\"\"\"\n    y()", "    ", "        ", &LF4),
                 "x = \"\"\"\nraw text\n  two\n\"\"\"\n        y()");
    /* a blank line stays empty (no trailing whitespace) */
    CHECK_EQ_STR(reindent(&b, "a()\n\n    b()", "    ", "  ", &LF4), "a()\n\n  b()");
    dc_buf_free(&b);
}

/* ---- render_lines ---------------------------------------------------------------------- */

DC_TEST(render_lines_indents_after_newlines) {
    dc_buf b = DC_BUF_INIT;
    dc_render_lines(&b, "session = c.create(uid)\ntools = session.tools()\n", dc_sv_cstr("    "), &LF4);
    CHECK_EQ_STR(dc_buf_cstr(&b), "session = c.create(uid)\n    tools = session.tools()\n    ");
    dc_buf_reset(&b);
    /* blank template lines get no trailing whitespace; CRLF files get CRLF */
    dc_render_lines(&b, "a\n\nb", dc_sv_cstr("\t"), &CRLF4);
    CHECK_EQ_STR(dc_buf_cstr(&b), "a\r\n\r\n\tb");
    dc_buf_reset(&b);
    dc_render_lines(&b, "one line", dc_sv_cstr("  "), &LF4);
    CHECK_EQ_STR(dc_buf_cstr(&b), "one line");
    dc_buf_free(&b);
}

/* ---- render_string --------------------------------------------------------------------- */

DC_TEST(render_string_escapes_for_the_quote_style) {
    dc_style dq = LF4, sq = LF4;
    sq.quote = '\'';
    dc_buf b = DC_BUF_INIT;
    dc_render_string(&b, "he said \"it's\"\n", &dq);
    CHECK_EQ_STR(dc_buf_cstr(&b), "\"he said \\\"it's\\\"\\n\"");
    dc_buf_reset(&b);
    dc_render_string(&b, "he said \"it's\"\n", &sq);
    CHECK_EQ_STR(dc_buf_cstr(&b), "'he said \"it\\'s\"\\n'");
    dc_buf_reset(&b);
    dc_render_string(&b, "C:\\dir\ttab\rcr\x01", &sq);
    CHECK_EQ_STR(dc_buf_cstr(&b), "'C:\\\\dir\\ttab\\rcr\\x01'");
    dc_buf_reset(&b);
    dc_render_string(&b, "", &dq);
    CHECK_EQ_STR(dc_buf_cstr(&b), "\"\"");
    dc_buf_reset(&b);
    /* UTF-8 passes through */
    dc_render_string(&b, "caf\xC3\xA9", &dq);
    CHECK_EQ_STR(dc_buf_cstr(&b), "\"caf\xC3\xA9\"");
    dc_buf_free(&b);
}

DC_TEST_MAIN
