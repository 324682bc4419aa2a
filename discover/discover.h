/* discover.h: turn the paths on the command line into the sorted list of files to scan.
 *
 * Rules (documented in README "Which files are scanned"):
 *  - Directories are walked recursively. Symbolic links to directories are not followed;
 *    a symlinked file is scanned only when its target lies inside one of the roots (and then
 *    once, under its own name); a link pointing outside is skipped with a notice.
 *  - Default excludes (directory names anywhere): node_modules .git .venv venv dist build .next
 *    __pycache__ (unless --no-default-excludes).
 *  - .gitignore, .git/info/exclude and the global excludes file are respected through libgit2
 *    when a root lies inside a git work tree (unless no_ignore).
 *  - --exclude GLOB: fnmatch(3) without FNM_PATHNAME (so `*` and `**` cross `/`) against the
 *    path relative to its root; a glob with no `/` is also tried against every component.
 *    --include GLOB: when any are given, a discovered file must match one to be scanned.
 *  - Only files with a known language (syntax/lang.h) are listed when walking. A file named
 *    explicitly is always listed (excludes and ignores do not apply to it); if its language is
 *    unknown it is listed with lang DC_LANG_NONE and the caller reports and skips it.
 *  - FIFOs, sockets and devices are skipped with a notice (never opened, so never block).
 *
 * Ownership: dc_discover fills `out` and `notices`; release both with dc_file_list_free /
 * dc_notice_list_free. All strings inside are heap-owned by the lists. */
#ifndef DC_DISCOVER_H
#define DC_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

#include "syntax/lang.h"
#include "common/base.h"

typedef struct dc_walk_opts {
    const char *const *excludes;
    size_t nexcludes;
    const char *const *includes;
    size_t nincludes;
    bool no_ignore;              /* do not read .gitignore and friends */
    bool no_default_excludes;    /* walk node_modules, .git, ... too */
} dc_walk_opts;

typedef struct dc_file_entry {
    char *path;     /* path to open (as given or joined onto the given root) */
    char *display;  /* path shown in reports: like `path` with a leading "./" removed */
    dc_lang lang;
    bool explicit_; /* named on the command line */
} dc_file_entry;

typedef DC_VEC(dc_file_entry) dc_file_list;

typedef enum dc_notice_level { DC_NOTICE_INFO = 0, DC_NOTICE_ERROR } dc_notice_level;

typedef struct dc_notice {
    dc_notice_level level;  /* ERROR makes the run exit 2; INFO is a skipped-file notice */
    char *path;
    char *message;          /* e.g. "no such file or directory", "symbolic link points outside the scanned tree" */
} dc_notice;

typedef DC_VEC(dc_notice) dc_notice_list;

/* Returns the number of ERROR notices added. `out` is sorted by display path (byte order) and
 * has no duplicates. */
int dc_discover(const char *const *roots, size_t nroots, const dc_walk_opts *opts, dc_file_list *out,
                dc_notice_list *notices);
void dc_file_list_free(dc_file_list *l);
void dc_notice_list_free(dc_notice_list *l);
void dc_notice_add(dc_notice_list *l, dc_notice_level level, const char *path, const char *fmt, ...)
    DC_PRINTF(4, 5);

/* The glob test used for --exclude/--include, exposed for unit tests. `rel` is relative to
 * the root it was found under. */
bool dc_glob_match(const char *glob, const char *rel);

#endif
