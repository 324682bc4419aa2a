/* gitignore.c: see gitignore.h. */
#include "discover/gitignore.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Variables that would make git read another repository than the one the root lies in. */
static const char *const dc_git_env_drop[] = {
    "GIT_DIR=", "GIT_WORK_TREE=", "GIT_INDEX_FILE=", "GIT_COMMON_DIR=", "GIT_OBJECT_DIRECTORY=",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES=", "GIT_NAMESPACE=", "GIT_PREFIX=", "GIT_CEILING_DIRECTORIES=",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM=",
};

/* Whether `dir` or one of its parents holds a `.git` (a directory, or a file for worktrees and
 * submodules): without one there is no work tree and git need not be asked. */
static bool dc_has_git_above(const char *dir) {
    dc_buf b = DC_BUF_INIT;
    char *d = dc_xstrdup(dir);
    bool found = false;
    for (;;) {
        size_t n = strlen(d);
        while (n > 1 && d[n - 1] == '/') d[--n] = 0;
        dc_buf_reset(&b);
        dc_buf_adds(&b, d);
        dc_buf_adds(&b, n && d[n - 1] == '/' ? ".git" : "/.git");
        struct stat st;
        if (lstat(dc_buf_cstr(&b), &st) == 0) {
            found = true;
            break;
        }
        char *slash = strrchr(d, '/');
        if (!slash || n <= 1) break; /* relative path exhausted, or "/" done */
        slash[slash == d ? 1 : 0] = 0; /* the parent; "/x" -> "/" */
    }
    free(d);
    dc_buf_free(&b);
    return found;
}

static char **dc_git_env(void) {
    size_t n = 0;
    while (environ[n]) n++;
    char **env = dc_xcalloc(n + 2, sizeof *env);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool drop = false;
        for (size_t j = 0; j < sizeof dc_git_env_drop / sizeof dc_git_env_drop[0]; j++)
            if (strncmp(environ[i], dc_git_env_drop[j], strlen(dc_git_env_drop[j])) == 0) drop = true;
        if (!drop) env[k++] = environ[i];
    }
    env[k] = NULL;
    return env;
}

static void dc_read_all(int fd, dc_buf *out) {
    char chunk[16384];
    for (;;) {
        ssize_t r = read(fd, chunk, sizeof chunk);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        dc_buf_add(out, chunk, (size_t)r);
    }
}

/* Runs git ls-files in `root`: its exit status (-1: could not run), stdout in `out`, stderr's
 * first line in `errline`. */
static int dc_git_ls_ignored(const char *root, dc_buf *out, dc_buf *errline) {
    char *argv[] = {"git", "-C", (char *)root, "ls-files", "-z", "--others", "--ignored",
                    "--exclude-standard", "--directory", NULL};
    int pout[2];
    FILE *errf = tmpfile();
    if (!errf || pipe2(pout, O_CLOEXEC) != 0) {
        if (errf) fclose(errf);
        dc_buf_adds(errline, strerror(errno));
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, pout[1], 1);
    posix_spawn_file_actions_adddup2(&fa, fileno(errf), 2);
    char **env = dc_git_env();
    pid_t pid;
    int rc = posix_spawnp(&pid, "git", &fa, NULL, argv, env);
    free(env);
    posix_spawn_file_actions_destroy(&fa);
    close(pout[1]);
    int status = -1;
    if (rc != 0) {
        dc_buf_printf(errline, "cannot run git: %s", strerror(rc));
    } else {
        dc_read_all(pout[0], out);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        dc_buf e = DC_BUF_INIT;
        rewind(errf);
        dc_read_all(fileno(errf), &e);
        size_t n = 0;
        while (n < e.len && e.p[n] != '\n') n++;
        dc_buf_add(errline, e.p ? e.p : "", n);
        dc_buf_free(&e);
    }
    close(pout[0]);
    fclose(errf);
    return status;
}

static int dc_cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int dc_gitignore_open(dc_gitignore *g, const char *root_real, char **err) {
    memset(g, 0, sizeof *g);
    *err = NULL;
    if (!root_real || !dc_has_git_above(root_real)) return 0;
    dc_buf out = DC_BUF_INIT, errline = DC_BUF_INIT;
    int status = dc_git_ls_ignored(root_real, &out, &errline);
    const char *e = dc_buf_cstr(&errline);
    if (status != 0) {
        /* a `.git` that is no work tree (inside .git itself, a bare repository): no rules, as
         * libgit2 had none for a repository without a work directory */
        bool quiet = status > 0 && (strstr(e, "not a git repository") || strstr(e, "must be run in a work tree"));
        if (!quiet) *err = dc_xstrdup(*e ? e : "git ls-files failed");
        dc_buf_free(&out);
        dc_buf_free(&errline);
        return quiet ? 0 : -1;
    }
    dc_buf_free(&errline);
    dc_buf_addc(&out, 0);
    g->blob = dc_buf_detach(&out);
    size_t cap = 0;
    for (char *p = g->blob; *p; p += strlen(p) + 1) {
        if (strcmp(p, "./") == 0) { /* the root itself is ignored */
            dc_gitignore_close(g);
            return 0;
        }
        if (g->npaths == cap) {
            cap = cap ? cap * 2 : 16;
            g->paths = dc_xrealloc(g->paths, cap * sizeof *g->paths);
        }
        g->paths[g->npaths++] = p;
    }
    if (g->npaths) qsort(g->paths, g->npaths, sizeof *g->paths, dc_cmp_str);
    g->active = true;
    return 0;
}

static bool dc_gitignore_has(const dc_gitignore *g, const char *s) {
    return g->npaths && bsearch(&s, g->paths, g->npaths, sizeof *g->paths, dc_cmp_str) != NULL;
}

bool dc_gitignore_match(const dc_gitignore *g, const char *rel, bool is_dir, dc_buf *scratch) {
    if (!g->active || !g->npaths) return false;
    dc_buf_reset(scratch);
    for (const char *p = rel; *p; p++) {
        dc_buf_addc(scratch, *p);
        if (*p == '/' && dc_gitignore_has(g, dc_buf_cstr(scratch))) return true;
    }
    if (is_dir) dc_buf_addc(scratch, '/');
    return dc_gitignore_has(g, dc_buf_cstr(scratch));
}

void dc_gitignore_close(dc_gitignore *g) {
    free(g->blob);
    free(g->paths);
    memset(g, 0, sizeof *g);
}
