/*
 * git-xdiff.h: the glue xdiff expects from its host (git or libgit2), written for dcmigrate.
 * libgit2's own version (src/libgit2/xdiff/git-xdiff.h at v1.5.1) maps these to libgit2's
 * allocator and regexp; dcmigrate uses the C library's and no regular expressions (xdiff needs
 * them only for -I<regex> and funcname patterns, which dcmigrate never sets).
 */
#ifndef INCLUDE_git_xdiff_h__
#define INCLUDE_git_xdiff_h__

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define xdl_malloc(x) malloc(x)
#define xdl_free(ptr) free(ptr)
#define xdl_realloc(ptr, x) realloc(ptr, x)

#define XDL_BUG(msg) abort()

typedef struct xdl_regex_unused { int unused; } xdl_regex_t;
typedef struct xdl_regmatch_unused { long rm_so, rm_eo; } xdl_regmatch_t;

static inline int xdl_regexec_buf(const xdl_regex_t *preg, const char *buf, size_t size, size_t nmatch,
                                  xdl_regmatch_t pmatch[], int eflags) {
    (void)preg; (void)buf; (void)size; (void)nmatch; (void)pmatch; (void)eflags;
    abort();
}

#endif
