/* common/fileio.h: dc_file_within, the check that a path named by the tree stays in the tree. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "common/fileio.h"

DC_TEST(within_compares_resolved_whole_components) {
    char tmpl[] = "/tmp/dc-fileio-XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL);
    if (!dir) return;
    char *root = realpath(dir, NULL);
    char b[512], bc[512], inner[512], out[512], in_link[512], missing[512];
    snprintf(b, sizeof b, "%s/b", root);
    snprintf(bc, sizeof bc, "%s/bc", root);
    snprintf(inner, sizeof inner, "%s/b/x", root);
    snprintf(out, sizeof out, "%s/b/out", root);
    snprintf(in_link, sizeof in_link, "%s/b/in", root);
    snprintf(missing, sizeof missing, "%s/b/missing", root);
    CHECK(mkdir(b, 0700) == 0 && mkdir(bc, 0700) == 0 && mkdir(inner, 0700) == 0);
    CHECK(symlink(bc, out) == 0); /* b/out -> bc: a sibling whose name starts like b */
    CHECK(symlink(inner, in_link) == 0);
    CHECK(dc_file_within(b, b));
    CHECK(dc_file_within(b, inner));
    CHECK(dc_file_within(b, in_link));
    CHECK(!dc_file_within(b, bc));
    CHECK(!dc_file_within(b, out));
    CHECK(!dc_file_within(b, missing)); /* does not resolve */
    CHECK(dc_file_within("/", bc));
    unlink(out);
    unlink(in_link);
    rmdir(inner);
    rmdir(b);
    rmdir(bc);
    rmdir(root);
    free(root);
}

DC_TEST_MAIN
