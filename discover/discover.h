/* discover.h: turn the paths on the command line into the sorted list of files to scan.
 *
 * Rules (documented in README "Which files are scanned"):
 *  - Directories are walked recursively. Symbolic links to directories are not followed;
 *    a symlinked file is scanned only when its target lies inside one of the roots (and then
 *    once, under its own name); a link pointing outside is skipped with a notice.
 *  - Default excludes (directory names anywhere): node_modules .git .venv venv dist build .next
 *    __pycache__ (unless --no-default-excludes).
 *  - .gitignore, .git/info/exclude and the global excludes file are respected, as git itself
 *    reports them (discover/gitignore.h), when a root lies inside a git work tree (unless
 *    no_ignore).
 *  - --exclude GLOB: fnmatch(3) without FNM_PATHNAME (so `*` and `**` cross `/`) against the
 *    path relative to its root; a glob with no `/` is also tried against every component.
 *    --include GLOB: when any are given, a discovered file must match one to be scanned.
 *  - Only files with a known language (syntax/lang.h) are listed when walking. A file named
 *    explicitly is always listed (excludes and ignores do not apply to it; with force_exclude the
 *    default excludes and --exclude do, on the path as given, as ruff's --force-exclude); if its language is
 *    unknown it is listed with lang DC_LANG_NONE and the caller reports and skips it.
 *  - FIFOs, sockets and devices are skipped with a notice (never opened, so never block).
 *  - A symlinked file whose target lies in an excluded or ignored place (a default-excluded
 *    directory, an --exclude glob, .gitignore) is skipped with a notice: the target must pass
 *    the same excludes as a path found by walking (--include is about the names selected and
 *    applies to the link's name only).
 *
 * Where to open a file (`dirfd`, `rel`): a tree may change while dcmigrate runs, so a file is
 * opened where discovery saw it and no symbolic link is followed on the way (common/fileio.h,
 * dc_file_open_nofollow): a walked file relative to a descriptor of the directory root it lies
 * under (opened once by discovery and kept by the list: one per directory root), a symlinked
 * file at its target's path in the tree, a file named on the command line at its canonical
 * (realpath) path. A path swapped for a link after discovery then fails to open (ELOOP).
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
    bool force_exclude;          /* excludes apply to files named explicitly too (matched on the path as given) */
} dc_walk_opts;

typedef struct dc_file_entry {
    char *path;     /* the path as found (as given or joined onto the given root) */
    char *display;  /* path shown in reports: like `path` with a leading "./" removed */
    dc_lang lang;
    bool explicit_; /* named on the command line */
    int dirfd;      /* open `rel` relative to this (borrowed from the list), or AT_FDCWD */
    char *rel;      /* below dirfd without a symbolic link; with AT_FDCWD an absolute canonical path */
} dc_file_entry;

/* A DC_VEC of entries (dc_vec_* work on it) plus the root descriptors they borrow. */
typedef struct dc_file_list {
    dc_file_entry *v;
    uint32_t len, cap;
    int *dirfds; /* closed by dc_file_list_free */
    uint32_t ndirfds;
} dc_file_list;

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
