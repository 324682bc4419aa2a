/* discover.c: turns the roots named on the command line into the sorted, de-duplicated list of
 * files to scan, plus notices for what was skipped and why (rules in discover.h).
 *
 * The walk is opendir/readdir with d_type, so a tree of regular files and directories costs no
 * stat at all; lstat is only called where the file system reports DT_UNKNOWN, and stat/realpath
 * only for symbolic links. Directory symlinks are never followed, which is also what rules out
 * directory cycles without keeping a visited set.
 *
 * Choices beyond discover.h:
 *  - .gitignore is only honoured inside a git work tree, asked of git itself (discover/
 *    gitignore.h), exactly as git sees it (nested .gitignore files, .git/info/exclude,
 *    core.excludesFile). A plain directory that happens to contain a .gitignore is walked
 *    without it: outside a repository nothing defines which rules apply (no info/exclude, no
 *    config), and guessing would differ from git.
 *  - A directory named on the command line is scanned even when it is itself ignored or would
 *    be excluded: filters are matched against paths relative to the root, and git also
 *    checks the parent directories of a path, so for an ignored root the ignore rules are
 *    dropped rather than hiding everything the user asked for.
 *  - Name filters (language, --include, --exclude, .gitignore) are applied before a walked
 *    entry's type is looked at, so notices (FIFO, dangling link, link outside the tree) are
 *    only given for names that would otherwise have been scanned. A FIFO called "pipe" or a
 *    dangling link called "lib" is as uninteresting as a README.
 *  - A symlink to a directory is skipped silently (it is never followed; its target, when it
 *    is inside the tree, is reached through its real name anyway).
 *  - A root that is a symlink to a directory is followed: the user named it.
 *  - A glob with a trailing '/' has it removed, and a leading "**" followed by a slash may also
 *    match nothing, so the gitignore spellings of "directory generated" and "test_*.py at any
 *    depth" work as people expect.
 *  - Duplicates (the same real file reached twice: overlapping roots, in-tree symlinks) keep
 *    the smallest display path; the explicit_ flag survives if any copy was explicit.
 *  - Notices use strerror text with the first letter lower-cased ("no such file or
 *    directory"), to read like the fixed messages.
 *  - Directories below a root are opened relative to the root's descriptor without following a
 *    link (dc_file_open_nofollow), the same call the loader makes for files: as cheap as open()
 *    by path, and a directory swapped for a link mid-walk is not walked.
 *  - A symlink's target is checked against the excludes relative to the directory root it lies
 *    under (the one being walked when it is under several). Its .gitignore check uses that
 *    root's repository, opened for the occasion when it is not the one being walked (links
 *    across roots are rare).
 */
#include "discover/discover.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fileio.h"
#include "discover/gitignore.h"

static const char *const dc_default_excludes[] = {
    "node_modules", ".git", ".venv", "venv", "dist", "build", ".next", "__pycache__",
};

/* A file found before de-duplication; `real` is its canonical path (the dedupe key). */
typedef struct dc_candidate {
    dc_file_entry e;
    char *real;
} dc_candidate;
typedef DC_VEC(dc_candidate) dc_candidate_list;

typedef struct dc_root_info {
    int err;     /* errno of stat(), 0 when it exists */
    mode_t mode;
    char *real;  /* realpath of the root, NULL when it could not be resolved */
    int fd;      /* a directory root's descriptor (given to the file list), else -1 */
    int open_err;/* errno of a directory root's open */
} dc_root_info;

/* The ignore rules under one root (inactive: none apply). */
typedef dc_gitignore dc_ignore;

typedef struct dc_walker {
    const dc_walk_opts *opts;
    dc_notice_list *notices;
    int errors;
    dc_candidate_list cands;
    const dc_root_info *roots;
    size_t nroots;

    /* Per root being walked. */
    size_t root;          /* its index */
    const char *root_real;
    int root_fd;
    dc_ignore ig;
    size_t rel_off;       /* where the root-relative part of `path` starts */
    dc_buf path;          /* root as given, joined with the current relative path */
    dc_buf scratch;
} dc_walker;

typedef struct dc_dirent {
    char *name;
    unsigned char type; /* DT_* as readdir reported it; DT_UNKNOWN is resolved by lstat later */
} dc_dirent;
typedef DC_VEC(dc_dirent) dc_dirent_list;

/* ---- notices and lists ---------------------------------------------------------------- */

void dc_notice_add(dc_notice_list *l, dc_notice_level level, const char *path, const char *fmt, ...) {
    dc_buf b = DC_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    dc_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    dc_notice n = {level, dc_xstrdup(path ? path : ""), dc_buf_detach(&b)};
    dc_vec_push(l, n);
}

void dc_notice_list_free(dc_notice_list *l) {
    for (uint32_t i = 0; i < l->len; i++) {
        free(l->v[i].path);
        free(l->v[i].message);
    }
    dc_vec_free(l);
}

void dc_file_list_free(dc_file_list *l) {
    for (uint32_t i = 0; i < l->len; i++) {
        free(l->v[i].path);
        free(l->v[i].display);
        free(l->v[i].rel);
    }
    dc_vec_free(l);
    for (uint32_t i = 0; i < l->ndirfds; i++) close(l->dirfds[i]);
    free(l->dirfds);
    l->dirfds = NULL;
    l->ndirfds = 0;
}

/* strerror_r because discovery may run while worker threads are alive. The project is built
 * with _GNU_SOURCE, so this is the GNU variant, which returns the message (possibly a static
 * string rather than buf). Lower-cased to match our own messages. */
static void dc_errstr(int err, char *buf, size_t n) {
    const char *s = strerror_r(err, buf, n);
    if (s != buf) snprintf(buf, n, "%s", s ? s : "unknown error");
    buf[0] = (char)tolower((unsigned char)buf[0]);
}

static void dc_notice_errno(dc_walker *w, dc_notice_level level, const char *display, const char *what,
                            int err) {
    char msg[256];
    dc_errstr(err, msg, sizeof msg);
    if (what)
        dc_notice_add(w->notices, level, display, "%s: %s", what, msg);
    else
        dc_notice_add(w->notices, level, display, "%s", msg);
    if (level == DC_NOTICE_ERROR) w->errors++;
}

/* ---- paths and globs ------------------------------------------------------------------ */

static const char *dc_skip_dot_slash(const char *s) {
    while (s[0] == '.' && s[1] == '/') {
        s += 2;
        while (*s == '/') s++;
    }
    return s;
}

/* The display form: runs of '/' collapsed and leading "./" removed, so the roots "." and "./"
 * give plain relative paths and "src/" + "a.py" does not show as "src//a.py". */
static char *dc_display_of(const char *path) {
    char *d = dc_xmalloc(strlen(path) + 1);
    size_t n = 0;
    for (const char *p = path; *p; p++) {
        if (*p == '/' && n && d[n - 1] == '/') continue;
        d[n++] = *p;
    }
    d[n] = 0;
    const char *s = dc_skip_dot_slash(d);
    if (!*s) s = ".";
    if (s != d) memmove(d, s, strlen(s) + 1);
    return d;
}

static bool dc_fnmatch_components(const char *glob, const char *rel) {
    char small[256];
    for (const char *p = rel;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n) {
            char *c = n < sizeof small ? small : dc_xmalloc(n + 1);
            memcpy(c, p, n);
            c[n] = 0;
            bool m = fnmatch(glob, c, 0) == 0;
            if (c != small) free(c);
            if (m) return true;
        }
        if (!slash) return false;
        p = slash + 1;
    }
}

static bool dc_glob_match_1(const char *glob, const char *rel) {
    if (fnmatch(glob, rel, 0) == 0) return true;
    /* "**" + "/x" in gitignore also matches x at the top; fnmatch needs the slash, so try
     * without the prefix as well. */
    if (glob[0] == '*' && glob[1] == '*' && glob[2] == '/' && dc_glob_match_1(glob + 3, rel)) return true;
    if (strchr(glob, '/') || !strchr(rel, '/')) return false;
    return dc_fnmatch_components(glob, rel);
}

bool dc_glob_match(const char *glob, const char *rel) {
    glob = dc_skip_dot_slash(glob);
    rel = dc_skip_dot_slash(rel);
    size_t n = strlen(glob);
    if (n == 0 || glob[n - 1] != '/') return dc_glob_match_1(glob, rel);
    /* `generated/` is how people write "the directory generated"; with the slash kept it
     * could never match, since relative paths carry no trailing slash. */
    while (n && glob[n - 1] == '/') n--;
    if (n == 0) return false;
    char *g = dc_xstrndup(glob, n);
    bool m = dc_glob_match_1(g, rel);
    free(g);
    return m;
}

static bool dc_any_glob(const char *const *globs, size_t n, const char *rel) {
    for (size_t i = 0; i < n; i++)
        if (dc_glob_match(globs[i], rel)) return true;
    return false;
}

static bool dc_is_default_excluded(const char *name) {
    for (size_t i = 0; i < sizeof dc_default_excludes / sizeof dc_default_excludes[0]; i++)
        if (strcmp(name, dc_default_excludes[i]) == 0) return true;
    return false;
}

/* True when `real` is one of the roots or lies below one: the test for following a file link. */
static bool dc_inside_roots(const dc_walker *w, const char *real) {
    for (size_t i = 0; i < w->nroots; i++) {
        const char *r = w->roots[i].real;
        if (!r) continue;
        size_t n = strlen(r);
        if (strncmp(real, r, n) != 0) continue;
        if (real[n] == 0 || real[n] == '/' || (n && r[n - 1] == '/')) return true;
    }
    return false;
}

/* ---- git ignore ----------------------------------------------------------------------- */

static bool dc_git_ignored_in(dc_walker *w, const dc_ignore *ig, const char *rel, bool is_dir) {
    return dc_gitignore_match(ig, rel, is_dir, &w->scratch);
}

static bool dc_git_ignored(dc_walker *w, const char *rel, bool is_dir) {
    return dc_git_ignored_in(w, &w->ig, rel, is_dir);
}

static void dc_root_repo_close(dc_ignore *ig) { dc_gitignore_close(ig); }

/* The ignore rules for the root at `root_real` into `ig`; rules that cannot be read are
 * reported under `display` (NULL: silently, it is reported where that root is walked). */
static void dc_root_repo_open(dc_walker *w, dc_ignore *ig, const char *display, const char *root_real) {
    dc_root_repo_close(ig);
    if (w->opts->no_ignore || !root_real) return;
    char *err = NULL;
    if (dc_gitignore_open(ig, root_real, &err) < 0 && display)
        dc_notice_add(w->notices, DC_NOTICE_INFO, display, "cannot open the git repository, .gitignore not applied: %s",
                      err);
    free(err);
}

/* ---- the walk ------------------------------------------------------------------------- */

/* `real` and `rel` are taken; `dirfd` and `rel` say where the loader opens it (discover.h). */
static void dc_add_candidate(dc_walker *w, const char *path, dc_lang lang, bool explicit_, char *real, int dirfd,
                             char *rel) {
    dc_candidate c = {{dc_xstrdup(path), dc_display_of(path), lang, explicit_, dirfd, rel}, real};
    if (!c.real) c.real = dc_xstrdup(c.e.display);
    dc_vec_push(&w->cands, c);
}

/* The directory root a link's target `real` lies under (the one being walked, if it does), with
 * the target's path below it in *rel; -1 when it is under none (then it is a file named on the
 * command line itself). */
static long dc_root_of(const dc_walker *w, const char *real, const char **rel) {
    for (size_t k = 0; k <= w->nroots; k++) {
        size_t i = k == 0 ? w->root : k - 1;
        const dc_root_info *r = &w->roots[i];
        if ((k > 0 && i == w->root) || r->fd < 0 || !r->real) continue;
        size_t n = strlen(r->real);
        if (strncmp(real, r->real, n) != 0) continue;
        const char *rest = real + n;
        if (*rest == '/') rest++;
        else if (!(n && r->real[n - 1] == '/')) continue;
        if (!*rest) continue;
        *rel = rest;
        return (long)i;
    }
    return -1;
}

/* Whether `rel` is excluded where a walk would have met it: default excludes and --exclude on each
 * directory on the way, --exclude on the file itself (.gitignore is the caller's business). */
static bool dc_path_excluded(const dc_walk_opts *o, const char *rel) {
    for (const char *p = rel, *slash; (slash = strchr(p, '/')) != NULL; p = slash + 1) {
        char *name = dc_xstrndup(p, (size_t)(slash - p)), *dir = dc_xstrndup(rel, (size_t)(slash - rel));
        bool ex = (!o->no_default_excludes && dc_is_default_excluded(name)) ||
                  dc_any_glob(o->excludes, o->nexcludes, dir);
        free(name);
        free(dir);
        if (ex) return true;
    }
    return dc_any_glob(o->excludes, o->nexcludes, rel);
}

/* Whether a link's target `rel` below root `i` is excluded or ignored where a walk would have met
 * it: default excludes and --exclude on each directory on the way, --exclude and .gitignore on
 * the file (git checks the parent directories itself). */
static bool dc_target_excluded(dc_walker *w, size_t i, const char *rel) {
    if (dc_path_excluded(w->opts, rel)) return true;
    if (i == w->root) return dc_git_ignored(w, rel, false);
    dc_ignore other = {0};
    dc_root_repo_open(w, &other, NULL, w->roots[i].real);
    bool ignored = dc_git_ignored_in(w, &other, rel, false);
    dc_root_repo_close(&other);
    return ignored;
}

/* The walked file's canonical path without a realpath() call: no directory symlink is ever
 * descended, so below the root's realpath the relative part is already canonical. */
static char *dc_real_below_root(const dc_walker *w, const char *rel) {
    if (!w->root_real) return NULL;
    dc_buf b = DC_BUF_INIT;
    dc_buf_adds(&b, w->root_real);
    if (b.len == 0 || b.p[b.len - 1] != '/') dc_buf_addc(&b, '/');
    dc_buf_adds(&b, rel);
    return dc_buf_detach(&b);
}

static unsigned char dc_dt_from_mode(mode_t m) {
    if (S_ISREG(m)) return DT_REG;
    if (S_ISDIR(m)) return DT_DIR;
    if (S_ISLNK(m)) return DT_LNK;
    if (S_ISFIFO(m)) return DT_FIFO;
    if (S_ISSOCK(m)) return DT_SOCK;
    if (S_ISCHR(m)) return DT_CHR;
    if (S_ISBLK(m)) return DT_BLK;
    return DT_UNKNOWN;
}

static int dc_dirent_cmp(const void *a, const void *b) {
    return strcmp(((const dc_dirent *)a)->name, ((const dc_dirent *)b)->name);
}

static void dc_walk_dir(dc_walker *w, bool is_root);

/* Everything a walked non-directory must pass before its type matters (see the header note on
 * why notices come after these). Cheapest test first: the language is a string compare, the
 * ignore check a binary search per directory level. */
static bool dc_name_wanted(dc_walker *w, const char *name, const char *rel) {
    if (dc_lang_from_path(name) == DC_LANG_NONE) return false;
    if (w->opts->nincludes && !dc_any_glob(w->opts->includes, w->opts->nincludes, rel)) return false;
    if (dc_any_glob(w->opts->excludes, w->opts->nexcludes, rel)) return false;
    return !dc_git_ignored(w, rel, false);
}

static void dc_walk_symlink(dc_walker *w, const char *name) {
    const char *rel = w->path.p + w->rel_off;
    if (!dc_name_wanted(w, name, rel)) return;
    struct stat st;
    if (stat(w->path.p, &st) != 0) {
        int err = errno;
        char *disp = dc_display_of(w->path.p);
        dc_notice_errno(w, DC_NOTICE_INFO, disp, "cannot follow symbolic link, skipped", err);
        free(disp);
        return;
    }
    if (S_ISDIR(st.st_mode)) return;
    if (!S_ISREG(st.st_mode)) {
        char *disp = dc_display_of(w->path.p);
        dc_notice_add(w->notices, DC_NOTICE_INFO, disp, "not a regular file, skipped");
        free(disp);
        return;
    }
    char *real = realpath(w->path.p, NULL);
    if (!real) {
        int err = errno;
        char *disp = dc_display_of(w->path.p);
        dc_notice_errno(w, DC_NOTICE_INFO, disp, "cannot follow symbolic link, skipped", err);
        free(disp);
        return;
    }
    const char *trel = NULL;
    long i = dc_inside_roots(w, real) ? dc_root_of(w, real, &trel) : -2;
    if (i == -2 || (i >= 0 && dc_target_excluded(w, (size_t)i, trel))) {
        char *disp = dc_display_of(w->path.p);
        dc_notice_add(w->notices, DC_NOTICE_INFO, disp, "%s",
                      i == -2 ? "symbolic link points outside the scanned tree, skipped"
                              : "symbolic link points to an excluded or ignored path, skipped");
        free(disp);
        free(real);
        return;
    }
    /* Opened at its target, so the link itself is never followed after this. */
    char *open_rel = dc_xstrdup(i >= 0 ? trel : real);
    dc_add_candidate(w, w->path.p, dc_lang_from_path(name), false, real, i >= 0 ? w->roots[i].fd : AT_FDCWD, open_rel);
}

static void dc_walk_entry(dc_walker *w, const dc_dirent *de) {
    size_t save = w->path.len;
    if (save && w->path.p[save - 1] != '/') dc_buf_addc(&w->path, '/');
    dc_buf_adds(&w->path, de->name);
    const char *rel = w->path.p + w->rel_off;

    unsigned char type = de->type;
    if (type == DT_UNKNOWN) {
        struct stat st;
        if (lstat(w->path.p, &st) != 0) {
            /* Gone since readdir: not worth a notice. Anything else means we cannot tell what
             * it is, which may hide a source file. */
            int err = errno;
            if (err != ENOENT) {
                char *disp = dc_display_of(w->path.p);
                dc_notice_errno(w, DC_NOTICE_ERROR, disp, "cannot stat", err);
                free(disp);
            }
            goto done;
        }
        type = dc_dt_from_mode(st.st_mode);
    }

    switch (type) {
    case DT_DIR:
        if (!w->opts->no_default_excludes && dc_is_default_excluded(de->name)) break;
        if (dc_any_glob(w->opts->excludes, w->opts->nexcludes, rel)) break;
        if (dc_git_ignored(w, rel, true)) break;
        dc_walk_dir(w, false);
        break;
    case DT_REG:
        if (!dc_name_wanted(w, de->name, rel)) break;
        dc_add_candidate(w, w->path.p, dc_lang_from_path(de->name), false, dc_real_below_root(w, rel), w->root_fd,
                         dc_xstrdup(rel));
        break;
    case DT_LNK:
        dc_walk_symlink(w, de->name);
        break;
    case DT_FIFO:
    case DT_SOCK:
    case DT_CHR:
    case DT_BLK:
        if (dc_name_wanted(w, de->name, rel)) {
            char *disp = dc_display_of(w->path.p);
            dc_notice_add(w->notices, DC_NOTICE_INFO, disp, "not a regular file, skipped");
            free(disp);
        }
        break;
    default:
        break;
    }
done:
    w->path.len = save;
    w->path.p[save] = 0;
}

/* Reads the whole directory and closes it before descending, so open descriptors do not grow
 * with depth; names are sorted so notices come out in a stable order. */
static void dc_walk_dir(dc_walker *w, bool is_root) {
    /* No link followed below the root: a directory swapped for a symlink after readdir must
     * not be walked. The root's descriptor was opened following a link the user named. */
    int fd = is_root ? openat(w->root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                     : dc_file_open_nofollow(w->root_fd, w->path.p + w->rel_off, O_RDONLY | O_DIRECTORY, 0, true);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        int err = errno;
        if (fd >= 0) close(fd);
        char *disp = dc_display_of(w->path.p);
        dc_notice_errno(w, DC_NOTICE_ERROR, disp, "cannot read directory", err);
        free(disp);
        return;
    }
    dc_dirent_list ents = {0};
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(d);
        if (!e) {
            int err = errno;
            if (err) {
                char *disp = dc_display_of(w->path.p);
                dc_notice_errno(w, DC_NOTICE_ERROR, disp, "cannot read directory", err);
                free(disp);
            }
            break;
        }
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        dc_dirent de = {dc_xstrdup(e->d_name), e->d_type};
        dc_vec_push(&ents, de);
    }
    closedir(d);
    if (ents.len) qsort(ents.v, ents.len, sizeof ents.v[0], dc_dirent_cmp);
    for (uint32_t i = 0; i < ents.len; i++) {
        dc_walk_entry(w, &ents.v[i]);
        free(ents.v[i].name);
    }
    dc_vec_free(&ents);
}

/* ---- roots and the final list --------------------------------------------------------- */

static void dc_walk_root(dc_walker *w, size_t i, const char *root, const dc_root_info *ri) {
    char *disp = dc_display_of(root);
    if (ri->err) {
        /* The spelled-out message for ENOENT is the documented one; keep it exact. */
        if (ri->err == ENOENT) {
            dc_notice_add(w->notices, DC_NOTICE_ERROR, disp, "no such file or directory");
            w->errors++;
        } else {
            dc_notice_errno(w, DC_NOTICE_ERROR, disp, NULL, ri->err);
        }
    } else if (S_ISREG(ri->mode) && w->opts->force_exclude && dc_path_excluded(w->opts, disp)) {
        /* --force-exclude: a named file the excludes cover is left out as a walked one would be
         * (silently), matched on the path as given; pre-commit names files from the repo root. */
    } else if (S_ISREG(ri->mode)) {
        /* At its canonical path: a link the user named is followed here, and only here. */
        dc_add_candidate(w, root, dc_lang_from_path(root), true, ri->real ? dc_xstrdup(ri->real) : NULL, AT_FDCWD,
                         dc_xstrdup(ri->real ? ri->real : root));
    } else if (S_ISDIR(ri->mode) && ri->fd < 0) {
        dc_notice_errno(w, DC_NOTICE_ERROR, disp, "cannot read directory", ri->open_err);
    } else if (S_ISDIR(ri->mode)) {
        w->root = i;
        w->root_real = ri->real;
        w->root_fd = ri->fd;
        dc_root_repo_open(w, &w->ig, disp, ri->real);
        size_t n = strlen(root);
        w->rel_off = n + (n && root[n - 1] == '/' ? 0 : 1);
        dc_buf_reset(&w->path);
        dc_buf_adds(&w->path, root);
        dc_walk_dir(w, true);
        dc_root_repo_close(&w->ig);
        w->root_real = NULL;
        w->root_fd = -1;
    } else {
        /* Named on the command line, so not scanning it is an error (exit 2), not a note. */
        dc_notice_add(w->notices, DC_NOTICE_ERROR, disp, "not a regular file, skipped");
        w->errors++;
    }
    free(disp);
}

static int dc_cand_cmp_real(const void *a, const void *b) {
    const dc_candidate *x = a, *y = b;
    int c = strcmp(x->real, y->real);
    return c ? c : strcmp(x->e.display, y->e.display);
}

static int dc_entry_cmp_display(const void *a, const void *b) {
    return strcmp(((const dc_file_entry *)a)->display, ((const dc_file_entry *)b)->display);
}

static void dc_entry_free(dc_file_entry *e) {
    free(e->path);
    free(e->display);
    free(e->rel);
}

/* One entry per real file (the smallest display wins), then display order. */
static void dc_emit(dc_walker *w, dc_file_list *out) {
    dc_candidate_list *c = &w->cands;
    if (c->len) qsort(c->v, c->len, sizeof c->v[0], dc_cand_cmp_real);
    dc_file_list kept = {0};
    for (uint32_t i = 0; i < c->len; i++) {
        if (i > 0 && strcmp(c->v[i].real, c->v[i - 1].real) == 0) {
            kept.v[kept.len - 1].explicit_ |= c->v[i].e.explicit_;
            dc_entry_free(&c->v[i].e);
        } else {
            dc_vec_push(&kept, c->v[i].e);
        }
    }
    for (uint32_t i = 0; i < c->len; i++) free(c->v[i].real);
    dc_vec_free(c);
    if (kept.len) qsort(kept.v, kept.len, sizeof kept.v[0], dc_entry_cmp_display);
    for (uint32_t i = 0; i < kept.len; i++) {
        /* Same display, different real path can only come from a file replaced mid-walk;
         * the contract is still "no duplicates". */
        if (out->len && strcmp(out->v[out->len - 1].display, kept.v[i].display) == 0) {
            out->v[out->len - 1].explicit_ |= kept.v[i].explicit_;
            dc_entry_free(&kept.v[i]);
            continue;
        }
        dc_vec_push(out, kept.v[i]);
    }
    dc_vec_free(&kept);
}

int dc_discover(const char *const *roots, size_t nroots, const dc_walk_opts *opts, dc_file_list *out,
                dc_notice_list *notices) {
    static const dc_walk_opts no_opts;
    dc_walker w = {0};
    w.opts = opts ? opts : &no_opts;
    w.notices = notices;

    /* All roots are resolved before any walk: "inside the scanned tree" for a symlink means
     * inside any root, including ones walked later. */
    dc_root_info *ri = dc_xcalloc(nroots ? nroots : 1, sizeof *ri);
    for (size_t i = 0; i < nroots; i++) {
        struct stat st;
        ri[i].fd = -1;
        if (stat(roots[i], &st) != 0) {
            ri[i].err = errno;
            continue;
        }
        ri[i].mode = st.st_mode;
        ri[i].real = realpath(roots[i], NULL);
        /* Held until the list is freed: every file below is opened relative to it. */
        if (S_ISDIR(st.st_mode) && (ri[i].fd = open(roots[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
            ri[i].open_err = errno;
    }
    w.roots = ri;
    w.nroots = nroots;
    w.root_fd = -1;

    for (size_t i = 0; i < nroots; i++) dc_walk_root(&w, i, roots[i], &ri[i]);
    dc_emit(&w, out);

    for (size_t i = 0; i < nroots; i++) {
        free(ri[i].real);
        if (ri[i].fd < 0) continue;
        out->dirfds = dc_xrealloc(out->dirfds, (out->ndirfds + 1) * sizeof *out->dirfds);
        out->dirfds[out->ndirfds++] = ri[i].fd;
    }
    free(ri);
    dc_buf_free(&w.path);
    dc_buf_free(&w.scratch);
    dc_root_repo_close(&w.ig);
    return w.errors;
}
