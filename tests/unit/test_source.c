/* Line/column computation: CRLF, multi-byte UTF-8, BOM, invalid bytes, lines past the end. */
#include "syntax/source.h"
#include "check.h"

static dc_source *mk(const char *s) { return dc_source_from_bytes("t.py", DC_LANG_PYTHON, s, (uint32_t)strlen(s)); }

DC_TEST(lf_positions) {
    dc_source *s = mk("ab\ncd\n\nef");
    dc_pos p = dc_source_pos(s, 0);
    CHECK_EQ_INT(p.line, 1);
    CHECK_EQ_INT(p.column, 1);
    p = dc_source_pos(s, 4); /* 'd' */
    CHECK_EQ_INT(p.line, 2);
    CHECK_EQ_INT(p.column, 2);
    p = dc_source_pos(s, 7); /* 'e' after an empty line */
    CHECK_EQ_INT(p.line, 4);
    CHECK_EQ_INT(p.column, 1);
    CHECK_EQ_INT(dc_source_line_count(s), 4);
    dc_source_free(s);
}

DC_TEST(crlf_positions_and_line_end) {
    dc_source *s = mk("ab\r\ncd\r\n");
    CHECK(s->crlf);
    dc_pos p = dc_source_pos(s, 4); /* 'c' */
    CHECK_EQ_INT(p.line, 2);
    CHECK_EQ_INT(p.column, 1);
    CHECK_EQ_INT(dc_source_line_end(s, 1), 2); /* before the CR */
    CHECK_EQ_INT(dc_source_line_start(s, 2), 4);
    dc_source_free(s);
}

/* Each line's own ending (issue 14): where a fix inserts, its lines end like the line there. */
DC_TEST(line_ending_of_each_line) {
    dc_source *s = mk("a\r\nb\n\nc\r\nd");
    CHECK(s->crlf);
    CHECK(dc_source_crlf_at(s, 0));   /* "a\r\n" */
    CHECK(dc_source_crlf_at(s, 2));   /* its CR */
    CHECK(!dc_source_crlf_at(s, 3));  /* "b\n" */
    CHECK(!dc_source_crlf_at(s, 5));  /* the empty line: its LF */
    CHECK(dc_source_crlf_at(s, 6));   /* "c\r\n" */
    CHECK(dc_source_crlf_at(s, 9));   /* "d", no ending: the line before's */
    CHECK(dc_source_crlf_at(s, 99));  /* past the end: clamped */
    dc_source_free(s);
    s = mk("x = 1");
    CHECK(!dc_source_crlf_at(s, 2)); /* one line without an ending: the file's (LF) */
    dc_source_free(s);
    s = mk("a\nb\r\n");
    CHECK(!s->crlf);
    CHECK(dc_source_crlf_at(s, 2));
    CHECK(dc_source_crlf_at(s, 5)); /* the empty last line: the line before's */
    dc_source_free(s);
}

DC_TEST(utf8_columns_count_code_points) {
    /* "é" is 2 bytes, "€" 3, "😀" 4: x sits after 3 code points */
    dc_source *s = mk("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80x");
    dc_pos p = dc_source_pos(s, 9);
    CHECK_EQ_INT(p.line, 1);
    CHECK_EQ_INT(p.column, 4);
    dc_source_free(s);
}

DC_TEST(bom_is_not_a_column) {
    dc_source *s = mk("\xEF\xBB\xBFx = 1\n");
    CHECK(s->has_bom);
    dc_pos p = dc_source_pos(s, 3);
    CHECK_EQ_INT(p.column, 1);
    p = dc_source_pos(s, 4);
    CHECK_EQ_INT(p.column, 2);
    dc_source_free(s);
}

DC_TEST(invalid_utf8_counts_each_byte) {
    /* a lone continuation byte and a truncated 3-byte lead: one column each */
    dc_source *s = mk("\x80\xE2\x82y");
    dc_pos p = dc_source_pos(s, 3);
    CHECK_EQ_INT(p.column, 4);
    dc_source_free(s);
}

DC_TEST(offset_past_end_is_clamped) {
    dc_source *s = mk("abc");
    dc_pos p = dc_source_pos(s, 100);
    CHECK_EQ_INT(p.line, 1);
    CHECK_EQ_INT(p.column, 4);
    CHECK_EQ_INT(dc_source_line_start(s, 9), 3);
    dc_source_free(s);
}

DC_TEST(binary_sniffing) {
    CHECK(dc_bytes_look_binary("a\0b", 3));
    CHECK(!dc_bytes_look_binary("abc", 3));
}

DC_TEST(language_from_path) {
    CHECK_EQ_INT(dc_lang_from_path("a/b.py"), DC_LANG_PYTHON);
    CHECK_EQ_INT(dc_lang_from_path("x.pyi"), DC_LANG_PYTHON);
    CHECK_EQ_INT(dc_lang_from_path("x.mts"), DC_LANG_TYPESCRIPT);
    CHECK_EQ_INT(dc_lang_from_path("x.cts"), DC_LANG_TYPESCRIPT);
    CHECK_EQ_INT(dc_lang_from_path("x.tsx"), DC_LANG_TSX);
    CHECK_EQ_INT(dc_lang_from_path("x.cjs"), DC_LANG_JAVASCRIPT);
    CHECK_EQ_INT(dc_lang_from_path("x.jsx"), DC_LANG_JAVASCRIPT);
    CHECK_EQ_INT(dc_lang_from_path("dir/.env"), DC_LANG_DOTENV);
    CHECK_EQ_INT(dc_lang_from_path(".env.production"), DC_LANG_DOTENV);
    CHECK_EQ_INT(dc_lang_from_path("foo.env.py"), DC_LANG_PYTHON);
    CHECK_EQ_INT(dc_lang_from_path("config/production.env"), DC_LANG_DOTENV);
    CHECK_EQ_INT(dc_lang_from_path("README.md"), DC_LANG_NONE);
    CHECK_EQ_INT(dc_lang_from_path(".bashrc"), DC_LANG_NONE);
}

DC_TEST_MAIN
