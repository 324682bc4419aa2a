/* dirty.h: which files have changes git has not committed, so that --fix and --add-ignore leave
 * them alone (cargo fix's convention: a fix mixed into uncommitted work cannot be reviewed or
 * undone on its own; --allow-dirty overrides).
 *
 * Asks the git binary (`git status --porcelain -z --untracked-files=all`), once per command-line
 * root, before anything is written; behind this header so that it could as well ask libgit2.
 * Dirty means modified, staged, added, renamed, deleted or untracked; a file git ignores, a file
 * outside any work tree, and every file when git is not installed, are not dirty (the run
 * proceeds, and says so once when git is missing).
 *
 * Ownership: dc_dirty_free releases the set. */
#ifndef DC_DIRTY_H
#define DC_DIRTY_H

#include <stdbool.h>
#include <stddef.h>

typedef struct dc_dirty dc_dirty;

/* The dirty files under `roots` (files or directories; the strings are copied). git is asked on
 * first use (the first dc_dirty_has), so a run that writes nothing never runs it and the time
 * git takes is not spent before the files are read; when git cannot be run at all, that is said
 * once (a note) and every file is clean. Never NULL. */
dc_dirty *dc_dirty_new(const char *const *roots, size_t nroots);
/* Whether `path` (as the run names it: relative to the current directory, or absolute) is one
 * of them. NULL: none is. Safe from any thread. */
bool dc_dirty_has(dc_dirty *d, const char *path);
void dc_dirty_free(dc_dirty *d);

#endif
