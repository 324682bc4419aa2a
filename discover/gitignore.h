/* gitignore.h: which paths below a root git ignores, asked of git itself.
 *
 * Why the git binary, not a library: dcmigrate asked libgit2 (git_ignore_path_is_ignored), but
 * libgit2 cannot be linked statically as Debian builds it (Kerberos, TLS, SSH), and the release
 * binary depends on the C library only. A tree whose .gitignore matters is a git work tree, and
 * a machine with a work tree has git; git's answer is .gitignore semantics exactly (nested
 * .gitignore files, .git/info/exclude, core.excludesFile, negations, parent directories).
 *
 * How: one `git -C ROOT ls-files -z --others --ignored --exclude-standard --directory` per root:
 * every ignored path below the root, a wholly ignored directory once as "dir/" (git does not list
 * what is inside it). A check is then a binary search per leading directory and for the path.
 * Not listed, so not ignored: files git tracks (git never ignores a tracked file; libgit2's
 * pattern-only check called them ignored) and what lies inside a nested repository.
 * The repository is found by looking for a `.git` entry in the root and its parents before git
 * is run, so a tree outside any repository costs no process. The environment variables that
 * point git at another repository (GIT_DIR, GIT_INDEX_FILE, ...: set while a git hook runs) are
 * removed for the child: the rules are those of the repository the root is in, as before.
 * An ignored root lists itself ("./"): the user named it, so it is scanned without ignore rules.
 *
 * Ownership: dc_gitignore_close frees what dc_gitignore_open made. */
#ifndef DC_GITIGNORE_H
#define DC_GITIGNORE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/base.h"

typedef struct dc_gitignore {
    bool active;   /* false: no ignore rules apply under this root */
    char *blob;    /* git's output; `paths` point into it */
    char **paths;  /* sorted; a directory ends in '/' */
    size_t npaths;
} dc_gitignore;

/* The ignore rules of the work tree `root_real` (a canonical directory path) lies in.
 * 0: ready (active or not: outside a work tree, or the root itself ignored); -1: git failed or
 * could not be run inside a work tree (*err: a heap message to report; no rules apply). */
int dc_gitignore_open(dc_gitignore *g, const char *root_real, char **err);
/* Whether `rel` (relative to the root, no trailing '/') is ignored, or lies in an ignored
 * directory; `is_dir` says `rel` is a directory. `scratch` is working space. */
bool dc_gitignore_match(const dc_gitignore *g, const char *rel, bool is_dir, dc_buf *scratch);
void dc_gitignore_close(dc_gitignore *g);

#endif
