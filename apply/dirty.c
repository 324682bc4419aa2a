/* dirty.c: files with uncommitted changes, from `git status` (see dirty.h). */
#include "apply/dirty.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/base.h"
#include "common/diag.h"

extern char **environ;

struct dc_dirty {
    pthread_mutex_t mu;
    bool asked;           /* git was asked (paths is final) */
    DC_VEC(char *) roots;
    DC_VEC(char *) paths; /* absolute, symbolic links resolved in the directory part */
};

/* Runs git with `argv` (argv[0] "git"), its standard output into `out`, standard error
 * discarded. 1 when it exited 0, 0 when it failed, -1 when it could not be started. */
static int run_git(char *const *argv, dc_buf *out) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return 0;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, "git", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return -1;
    }
    char buf[8192];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0) dc_buf_add(out, buf, (size_t)n);
    close(fds[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    if (WIFEXITED(st) && WEXITSTATUS(st) == 127) return -1; /* the shell's "not found", from a wrapper */
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* `path` made absolute with its directory's symbolic links resolved (the file itself need not
 * exist: a deleted file is dirty too); heap, or NULL. */
static char *canonical(const char *path) {
    char *full = realpath(path, NULL);
    if (full) return full;
    const char *slash = strrchr(path, '/');
    char *dir = slash ? dc_xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : dc_xstrdup(".");
    char *rdir = realpath(dir, NULL);
    free(dir);
    if (!rdir) return NULL;
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s/%s", strcmp(rdir, "/") == 0 ? "" : rdir, slash ? slash + 1 : path);
    free(rdir);
    return dc_buf_detach(&b);
}

/* The dirty files of the work tree around one root. -1 when git is missing. */
static int scan_root(dc_dirty *d, const char *root) {
    struct stat sb;
    bool isdir = stat(root, &sb) == 0 && S_ISDIR(sb.st_mode);
    const char *slash = strrchr(root, '/');
    char *dir = isdir ? dc_xstrdup(root) : slash ? dc_xstrndup(root, slash == root ? 1 : (size_t)(slash - root)) : dc_xstrdup(".");
    const char *what = isdir ? "." : slash ? slash + 1 : root;
    dc_buf top = DC_BUF_INIT, st = DC_BUF_INIT;
    char *top_argv[] = {"git", "-C", dir, "rev-parse", "--show-toplevel", NULL};
    int rc = run_git(top_argv, &top);
    char *status_argv[] = {"git", "-C", dir, "status", "--porcelain", "-z", "--untracked-files=all", "--", (char *)what, NULL};
    if (rc == 1) {
        while (top.len && (top.p[top.len - 1] == '\n' || top.p[top.len - 1] == '\r')) top.p[--top.len] = 0;
        rc = run_git(status_argv, &st);
    }
    for (size_t i = 0; rc == 1 && i + 3 < st.len;) {
        const char *e = st.p + i;
        size_t len = strlen(e);
        dc_buf p = DC_BUF_INIT;
        dc_buf_printf(&p, "%s/%s", top.p, e + 3);
        char *c = canonical(p.p);
        if (c) dc_vec_push(&d->paths, c);
        dc_buf_free(&p);
        i += len + 1;
        if (e[0] == 'R' || e[0] == 'C') i += strlen(st.p + i) + 1; /* the rename's source follows */
    }
    dc_buf_free(&top);
    dc_buf_free(&st);
    free(dir);
    return rc;
}

dc_dirty *dc_dirty_new(const char *const *roots, size_t nroots) {
    dc_dirty *d = dc_xcalloc(1, sizeof *d);
    pthread_mutex_init(&d->mu, NULL);
    for (size_t i = 0; i < nroots; i++) dc_vec_push(&d->roots, dc_xstrdup(roots[i]));
    return d;
}

/* Asks git, once. */
static void ask(dc_dirty *d) {
    bool missing = false;
    for (uint32_t i = 0; i < d->roots.len && !missing; i++) missing = scan_root(d, d->roots.v[i]) < 0;
    if (missing)
        dc_diag(DC_DIAG_NOTE, NULL, 0, 0,
                "git is not installed: files with uncommitted changes cannot be told apart, so every file is written as "
                "outside a repository");
    d->asked = true;
}

bool dc_dirty_has(dc_dirty *d, const char *path) {
    if (!d) return false;
    pthread_mutex_lock(&d->mu);
    if (!d->asked) ask(d);
    pthread_mutex_unlock(&d->mu);
    if (!d->paths.len) return false;
    char *c = canonical(path);
    bool found = false;
    for (uint32_t i = 0; c && i < d->paths.len && !found; i++) found = strcmp(d->paths.v[i], c) == 0;
    free(c);
    return found;
}

void dc_dirty_free(dc_dirty *d) {
    if (!d) return;
    for (uint32_t i = 0; i < d->paths.len; i++) free(d->paths.v[i]);
    for (uint32_t i = 0; i < d->roots.len; i++) free(d->roots.v[i]);
    dc_vec_free(&d->paths);
    dc_vec_free(&d->roots);
    pthread_mutex_destroy(&d->mu);
    free(d);
}
