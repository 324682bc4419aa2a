/* common/suggest.h (edit distance, "did you mean") and ruleset/select.h (rule selectors). */
#include <string.h>

#include "check.h"
#include "common/suggest.h"
#include "ruleset/select.h"

DC_TEST(edit_distance) {
    CHECK_EQ_INT(dc_edit_distance("", ""), 0);
    CHECK_EQ_INT(dc_edit_distance("abc", ""), 3);
    CHECK_EQ_INT(dc_edit_distance("", "ab"), 2);
    CHECK_EQ_INT(dc_edit_distance("select", "selct"), 1);     /* a deletion */
    CHECK_EQ_INT(dc_edit_distance("fix", "fxi"), 1);          /* a swap of neighbours is one edit */
    CHECK_EQ_INT(dc_edit_distance("kitten", "sitting"), 3);
    CHECK_EQ_INT(dc_edit_distance("tools-get", "tools-gte"), 1);
    CHECK_EQ_INT(dc_edit_distance("abcd", "dcba"), 3); /* d.., swap bc, ..a */
}

DC_TEST(suggest_only_what_is_close) {
    dc_suggest s = {"selct", NULL, 0};
    const char *names[] = {"select", "ignore", "sdk", "exclude"};
    for (size_t i = 0; i < 4; i++) dc_suggest_offer(&s, names[i]);
    CHECK(s.best && strcmp(s.best, "select") == 0);
    dc_suggest far = {"zzzzzz", NULL, 0};
    for (size_t i = 0; i < 4; i++) dc_suggest_offer(&far, names[i]);
    CHECK(far.best == NULL);
    dc_suggest shortname = {"fx", NULL, 0}; /* short names: one edit at most */
    dc_suggest_offer(&shortname, "fix");
    CHECK(shortname.best && strcmp(shortname.best, "fix") == 0);
    dc_suggest_offer(&shortname, "jobs");
    CHECK(strcmp(shortname.best, "fix") == 0);
    dc_suggest same = {"fix", NULL, 0}; /* the name itself is no suggestion */
    dc_suggest_offer(&same, "fix");
    CHECK(same.best == NULL);
}

DC_TEST(selectors) {
    CHECK(dc_selector_matches("ALL", "tools-get"));
    CHECK(dc_selector_matches("tools-get", "tools-get"));
    CHECK(dc_selector_matches("tools", "tools-get"));
    CHECK(dc_selector_matches("tools-", "tools-execute"));
    CHECK(dc_selector_matches("legacy-get", "legacy-get-tools"));
    CHECK(!dc_selector_matches("tool", "tools-get"));        /* not at a word boundary */
    CHECK(!dc_selector_matches("legacy-g", "legacy-get-tools"));
    CHECK(!dc_selector_matches("toolkit-version", "toolkit-versions"));
    CHECK(dc_selector_matches("toolkit-version", "toolkit-version-env"));
    CHECK(!dc_selector_matches("", "tools-get"));
    CHECK(!dc_selector_matches("all", "tools-get"));          /* ALL is upper case, as ruff's */
}

DC_TEST_MAIN
