/* common/text.h (UTF-8, templates, fold-and-cut, id lists, path quoting) and dc_buf's never-NULL promise. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/text.h"

static char *lossy(const char *s) { return dc_utf8_lossy(s); }

DC_TEST(buf_init_is_never_null) {
    dc_buf b = DC_BUF_INIT;
    CHECK(b.p != NULL);
    CHECK_EQ_STR(b.p, "");
    dc_buf_adds(&b, "x");
    CHECK_EQ_STR(b.p, "x");
    dc_buf_free(&b);
    CHECK(b.p != NULL);
    CHECK_EQ_STR(b.p, "");
    char *d = dc_buf_detach(&b); /* an empty buffer still detaches a heap "" */
    CHECK_EQ_STR(d, "");
    free(d);
    CHECK(b.p != NULL);
    dc_buf z = {0}; /* a zeroed one (a calloc'd struct's member) reads as "" and grows */
    CHECK_EQ_STR(dc_buf_cstr(&z), "");
    dc_buf_reset(&z);
    dc_buf_addc(&z, 'y');
    CHECK_EQ_STR(z.p, "y");
    dc_buf_free(&z);
}

DC_TEST(utf8_len_follows_table_3_7) {
    CHECK_EQ_INT(dc_utf8_len("a"), 1);
    CHECK_EQ_INT(dc_utf8_len(""), 1); /* the terminator itself */
    CHECK_EQ_INT(dc_utf8_len("\xC3\xA9"), 2);
    CHECK_EQ_INT(dc_utf8_len("\xE2\x82\xAC"), 3);
    CHECK_EQ_INT(dc_utf8_len("\xF0\x9F\x98\x80"), 4);
    CHECK_EQ_INT(dc_utf8_len("\xC0\x80"), 0);         /* overlong NUL */
    CHECK_EQ_INT(dc_utf8_len("\xC1\xBF"), 0);         /* overlong */
    CHECK_EQ_INT(dc_utf8_len("\xE0\x9F\xBF"), 0);     /* overlong 3-byte */
    CHECK_EQ_INT(dc_utf8_len("\xED\xA0\x80"), 0);     /* surrogate */
    CHECK_EQ_INT(dc_utf8_len("\xF0\x8F\xBF\xBF"), 0); /* overlong 4-byte */
    CHECK_EQ_INT(dc_utf8_len("\xF4\x90\x80\x80"), 0); /* past U+10FFFF */
    CHECK_EQ_INT(dc_utf8_len("\xF5\x80\x80\x80"), 0);
    CHECK_EQ_INT(dc_utf8_len("\x80"), 0);             /* a lone continuation byte */
    CHECK_EQ_INT(dc_utf8_len("\xE2\x82"), 0);         /* cut short by the terminator */
    CHECK_EQ_INT(dc_utf8_len("\xF0\x9F\x98"), 0);
    uint32_t cp = 0;
    CHECK_EQ_INT(dc_utf8_decode("\xE2\x82\xAC", &cp), 3);
    CHECK_EQ_INT(cp, 0x20AC);
    CHECK_EQ_INT(dc_utf8_decode("\xF4\x8F\xBF\xBF", &cp), 4);
    CHECK_EQ_INT(cp, 0x10FFFF);
    CHECK_EQ_INT(dc_utf8_decode("\xC3\xA9", &cp), 2);
    CHECK_EQ_INT(cp, 0xE9);
}

DC_TEST(utf8_lossy_replaces_each_bad_byte) {
    char *s = lossy("caf\xC3\xA9 \xE9t\xE9 \xED\xA0\x80!");
    CHECK_EQ_STR(s, "caf\xC3\xA9 \xEF\xBF\xBDt\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD!");
    free(s);
    s = lossy(NULL);
    CHECK_EQ_STR(s, "");
    free(s);
    s = lossy("ok \xF0\x9F\x98\x80");
    CHECK_EQ_STR(s, "ok \xF0\x9F\x98\x80"); /* well-formed input comes back unchanged */
    free(s);
}

static bool lookup_upper(dc_buf *out, dc_sv name, void *ctx) {
    (*(int *)ctx)++;
    if (dc_sv_eq_cstr(name, "unknown") || dc_sv_eq_cstr(name, "sdk_other")) return false;
    for (uint32_t i = 0; i < name.len; i++) dc_buf_addc(out, (char)(name.p[i] >= 'a' && name.p[i] <= 'z' ? name.p[i] - 32 : name.p[i]));
    return true;
}

static char *expand(const char *text, const char *prefix) {
    dc_buf b = DC_BUF_INIT;
    int calls = 0;
    dc_tmpl_expand(&b, text, prefix, lookup_upper, &calls);
    return dc_buf_detach(&b);
}

DC_TEST(template_expansion) {
    char *s = expand("a {{x}} b {{unknown}} c {{y}}", "");
    CHECK_EQ_STR(s, "a X b {{unknown}} c Y");
    free(s);
    s = expand("{{x}}{{y}}", "");
    CHECK_EQ_STR(s, "XY");
    free(s);
    s = expand("", "");
    CHECK_EQ_STR(s, "");
    free(s);
    s = expand("open {{x and no close", "");
    CHECK_EQ_STR(s, "open {{x and no close");
    free(s);
    s = expand("{{}}", ""); /* an empty name is a name the lookup is asked about */
    CHECK_EQ_STR(s, "");
    free(s);
    /* with a prefix, other placeholders are text; the placeholder starts at the brace pair the
     * prefix follows */
    s = expand("{{recv}}.{{sdk_name}} {{{sdk_class}}} {{sdk_other}}", "sdk_");
    CHECK_EQ_STR(s, "{{recv}}.SDK_NAME {SDK_CLASS} {{sdk_other}}");
    free(s);
    s = expand("{{ {{sdk_name}}", "sdk_");
    CHECK_EQ_STR(s, "{{ SDK_NAME");
    free(s);
    s = expand("{{ {{x}}", ""); /* without a prefix the first `{{` opens, up to the first `}}` */
    CHECK_EQ_STR(s, " {{X");
    free(s);
    /* the iterator: literal, then name */
    const char *p = "ab{{c}}d";
    dc_sv lit, name;
    CHECK(dc_tmpl_next(&p, "", &lit, &name));
    CHECK(dc_sv_eq_cstr(lit, "ab") && dc_sv_eq_cstr(name, "c"));
    CHECK(!dc_tmpl_next(&p, "", &lit, &name));
    CHECK(dc_sv_eq_cstr(lit, "d") && name.len == 0);
    CHECK_EQ_STR(p, "");
}

static char *fold(const char *text, size_t max, dc_fold_cut cut) {
    dc_buf b = DC_BUF_INIT;
    dc_buf_adds(&b, "> "); /* the excerpt counts from where it starts in the buffer */
    dc_text_fold(&b, dc_sv_cstr(text), max, cut);
    return dc_buf_detach(&b);
}

DC_TEST(fold_and_cut) {
    char *s = fold("  a(\n\t  b,\r\n c)  \n", 48, DC_FOLD_CHAR);
    CHECK_EQ_STR(s, "> a( b, c)");
    free(s);
    s = fold("abcdefgh", 4, DC_FOLD_CHAR);
    CHECK_EQ_STR(s, "> abcd...");
    free(s);
    s = fold("abcd efgh", 4, DC_FOLD_CHAR); /* the pending space goes with the cut */
    CHECK_EQ_STR(s, "> abcd...");
    free(s);
    s = fold("abc\xC3\xA9" "fg", 4, DC_FOLD_CHAR); /* never inside a character */
    CHECK_EQ_STR(s, "> abc\xC3\xA9...");
    free(s);
    s = fold("abcd", 4, DC_FOLD_CHAR); /* nothing left to cut */
    CHECK_EQ_STR(s, "> abcd");
    free(s);
    s = fold("abcdefgh", 4, DC_FOLD_TRIM);
    CHECK_EQ_STR(s, "> abcd...");
    free(s);
    s = fold("abcd efgh", 4, DC_FOLD_TRIM); /* the pending space is written before the cut */
    CHECK_EQ_STR(s, "> abcd ...");
    free(s);
    s = fold("ab\xC3\xA9" "fg", 4, DC_FOLD_TRIM); /* the last character before the cut goes */
    CHECK_EQ_STR(s, "> ab...");
    free(s);
    s = fold("abc\xE2\x82\xAC" "fg", 4, DC_FOLD_TRIM); /* ... and a partial one too */
    CHECK_EQ_STR(s, "> abc...");
    free(s);
}

DC_TEST(id_list_dedups_by_exact_id) {
    dc_buf b = DC_BUF_INIT;
    dc_idlist_add(&b, "legacy-handle-tool-calls");
    dc_idlist_add(&b, "handle-tool-calls"); /* a substring of the first: still a new id */
    dc_idlist_add(&b, "legacy-handle-tool-calls");
    dc_idlist_add(&b, "handle-tool-calls");
    dc_idlist_add(&b, "tools");
    dc_idlist_add(&b, "tools-get");
    dc_idlist_add(&b, "tools");
    CHECK_EQ_STR(b.p, "legacy-handle-tool-calls, handle-tool-calls, tools, tools-get");
    dc_buf_free(&b);
}

/* ---- paths and messages for people ------------------------------------------------------------ */

static char *quoted(const char *path) {
    dc_buf b = DC_BUF_INIT;
    dc_text_quote_path(&b, path);
    return dc_buf_detach(&b);
}

static char *escaped(const char *s) {
    dc_buf b = DC_BUF_INIT;
    dc_text_escape_controls(&b, s);
    return dc_buf_detach(&b);
}

DC_TEST(quote_path_leaves_ordinary_paths_alone) {
    const char *plain[] = {"src/app.py", "caf\xC3\xA9/\xE2\x82\xAC.py", "a b,c:d=e%f.py", "x'y.ts", "\xF0\x9F\x98\x80", ""};
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++) {
        char *q = quoted(plain[i]);
        CHECK_EQ_STR(q, plain[i]);
        CHECK(!dc_text_path_needs_quote(plain[i]));
        free(q);
    }
}

DC_TEST(quote_path_as_git_does) {
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"x\n::error file=README.md::pwned.py", "\"x\\n::error file=README.md::pwned.py\""},
        {"e\x1b]0;TITLE\x07.py", "\"e\\033]0;TITLE\\a.py\""},     /* OSC: ESC as octal, BEL as \a */
        {"\a\b\t\n\v\f\r", "\"\\a\\b\\t\\n\\v\\f\\r\""},             /* git's named escapes */
        {"\x01\x1f\x7f", "\"\\001\\037\\177\""},                    /* other C0 and DEL */
        {"c\xC2\x9B" "1m.py", "\"c\\302\\2331m.py\""},              /* C1 CSI: each byte */
        {"\xC2\x80\xC2\x9F\xC2\xA0", "\"\\302\\200\\302\\237\xC2\xA0\""}, /* U+00A0 is not C1 */
        {"latin\xE9.py", "\"latin\\351.py\""},                      /* not UTF-8 */
        {"\xE2\x82", "\"\\342\\202\""},                              /* cut short */
        {"a\"b\\c", "\"a\\\"b\\\\c\""},                              /* the quote and backslash */
        {"\"", "\"\\\"\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *q = quoted(cases[i].in);
        CHECK_EQ_STR(q, cases[i].out);
        CHECK(dc_text_path_needs_quote(cases[i].in));
        free(q);
    }
    dc_buf b = DC_BUF_INIT;
    dc_text_quote_path_prefixed(&b, "a/", "x\ny");
    CHECK_EQ_STR(b.p, "\"a/x\\ny\"");
    dc_buf_reset(&b);
    dc_text_quote_path_prefixed(&b, "b/", "src/ok.py");
    CHECK_EQ_STR(b.p, "b/src/ok.py");
    dc_buf_free(&b);
}

/* C-unquotes what dc_text_quote_path wrote (as git's unquote_c_style): the exact bytes back. */
static size_t unquote(const char *q, unsigned char *out) {
    size_t n = 0;
    if (*q != '"') {
        memcpy(out, q, strlen(q));
        return strlen(q);
    }
    for (q++; *q && *q != '"'; q++) {
        if (*q != '\\') {
            out[n++] = (unsigned char)*q;
            continue;
        }
        q++;
        const char *named = strchr("abtnvfr", *q);
        if (named && *q) out[n++] = (unsigned char)('\a' + (named - "abtnvfr"));
        else if (*q >= '0' && *q <= '3') {
            out[n++] = (unsigned char)((q[0] - '0') * 64 + (q[1] - '0') * 8 + (q[2] - '0'));
            q += 2;
        } else out[n++] = (unsigned char)*q; /* \" and \\ */
    }
    return n;
}

/* Every byte value in every position: the quoted form has no raw control character (C0, DEL,
 * C1) and no byte that is not UTF-8, and gives the exact bytes back. */
DC_TEST(quote_path_round_trips_every_byte) {
    unsigned seed = 12345;
    for (int trial = 0; trial < 20000; trial++) {
        unsigned char raw[12];
        size_t len = 1 + (size_t)(trial % 11);
        for (size_t k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            raw[k] = (unsigned char)(trial < 255 && k == 0 ? (unsigned)trial + 1u : 1u + (seed >> 16) % 255u);
        }
        raw[len] = 0;
        char *q = quoted((const char *)raw);
        for (const char *p = q; *p;) {
            uint32_t cp = 0;
            size_t n = dc_utf8_decode(p, &cp);
            CHECK(n > 0 && cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp <= 0x9F));
            p += n ? n : 1;
        }
        unsigned char back[64];
        size_t n = unquote(q, back);
        CHECK(n == len && memcmp(back, raw, len) == 0);
        free(q);
    }
}

DC_TEST(escape_controls_in_messages) {
    char *s = escaped("say \"hi\" \\ \x1b[31mred\r\n\tcaf\xC3\xA9 \xE9 \xC2\x9B");
    CHECK_EQ_STR(s, "say \"hi\" \\ \\033[31mred\\r\\n\\tcaf\xC3\xA9 \\351 \\302\\233");
    free(s);
    s = escaped("unknown rule id `tools-gte` in `select`");
    CHECK_EQ_STR(s, "unknown rule id `tools-gte` in `select`");
    free(s);
    s = escaped(NULL);
    CHECK_EQ_STR(s, "");
    free(s);
}

DC_TEST(percent_encode_keeps_exact_bytes) {
    dc_buf b = DC_BUF_INIT;
    dc_text_percent_encode(&b, "src/a b#?%:x,y;z@w~.py");
    CHECK_EQ_STR(b.p, "src/a%20b%23%3F%25%3Ax,y;z@w~.py");
    dc_buf_reset(&b);
    dc_text_percent_encode(&b, "caf\xC3\xA9/latin\xE9\n.py");
    CHECK_EQ_STR(b.p, "caf%C3%A9/latin%E9%0A.py");
    dc_buf_free(&b);
}

DC_TEST_MAIN
