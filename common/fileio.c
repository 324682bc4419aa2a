/* fileio.c: see fileio.h. */
#include "common/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(SYS_openat2) && __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define DC_HAVE_OPENAT2 1
#endif

#ifndef NAME_MAX
#define NAME_MAX 255
#endif

/* ---- opening without following symbolic links ------------------------------------------- */

/* Whether openat2 works here: a property of the kernel (and of a seccomp filter, which may answer
 * ENOSYS or EPERM for a system call it does not know), the same for every call of the process,
 * so it is probed once by the first call rather than carried by every caller. 0: not known yet;
 * 1: works; -1: use the per-component walk. */
static atomic_int dc_openat2_state;

/* openat (and openat2) report ENOTDIR for a link opened with O_DIRECTORY | O_NOFOLLOW; callers
 * are told what it is: ELOOP when `name` in `dirfd` is a link (one fstatat, on this error path
 * only). Sets errno. */
static void dc_link_errno(int dirfd, const char *name, int e) {
    struct stat st;
    errno = e == ENOTDIR && fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode) ? ELOOP : e;
}

/* One openat(O_NOFOLLOW) per component, from `dirfd` (or "/"). A component that is a symbolic
 * link fails with ELOOP. */
static int dc_open_walk(int dirfd, const char *path, int flags, mode_t mode, bool beneath) {
    int cur = dirfd, owned = -1;
    if (*path == '/') {
        if (beneath) {
            errno = EXDEV;
            return -1;
        }
        cur = owned = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (cur < 0) return -1;
    }
    char comp[NAME_MAX + 1];
    const char *p = path;
    for (;;) {
        while (*p == '/') p++;
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        const char *rest = p + n;
        while (*rest == '/') rest++;
        bool last = *rest == 0;
        if (n > NAME_MAX) {
            errno = ENAMETOOLONG;
            break;
        }
        memcpy(comp, n ? p : ".", n ? n : 1);
        comp[n ? n : 1] = 0;
        if (beneath && strcmp(comp, "..") == 0) {
            errno = EXDEV; /* discovery never makes one; whoever does is not staying below dirfd */
            break;
        }
        int dflags = O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
        int next = last ? openat(cur, comp, flags, mode) : openat(cur, comp, dflags);
        if (next < 0) {
            dc_link_errno(cur, comp, errno);
            break;
        }
        if (owned >= 0) close(owned);
        if (last) return next;
        cur = owned = next;
        p = rest;
    }
    int e = errno;
    if (owned >= 0) close(owned);
    errno = e;
    return -1;
}

static bool dc_openat2_disabled(void) {
    const char *s = getenv("DC_TEST_NO_OPENAT2");
    return s && strcmp(s, "1") == 0;
}

/* The open itself, by openat2 or by the walk. */
static int dc_open_nofollow_1(int dirfd, const char *path, int flags, mode_t mode, bool beneath) {
    if (!(flags & (O_CREAT | O_TMPFILE))) mode = 0; /* openat2 refuses a mode it would not use */
#ifdef DC_HAVE_OPENAT2
    int state = atomic_load_explicit(&dc_openat2_state, memory_order_relaxed);
    if (state == 0) {
        state = dc_openat2_disabled() ? -1 : 1;
        atomic_store_explicit(&dc_openat2_state, state, memory_order_relaxed);
    }
    if (state > 0) {
        uint64_t resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | (beneath ? RESOLVE_BENEATH : 0);
        struct open_how how = {.flags = (uint64_t)(unsigned)flags, .mode = mode, .resolve = resolve};
        int fd = (int)syscall(SYS_openat2, dirfd, *path ? path : ".", &how, sizeof how);
        int e = errno;
        if (fd >= 0 || (e != ENOSYS && e != EPERM)) return fd;
        /* EPERM is also what open() says for a few real reasons (O_NOATIME on another's file):
         * after EPERM, openat2 is given up only when the walk then succeeds. */
        int wfd = dc_open_walk(dirfd, path, flags, mode, beneath);
        if (wfd >= 0 || e == ENOSYS) atomic_store_explicit(&dc_openat2_state, -1, memory_order_relaxed);
        return wfd;
    }
#endif
    return dc_open_walk(dirfd, path, flags, mode, beneath);
}

int dc_file_open_nofollow(int dirfd, const char *path, int flags, mode_t mode, bool beneath) {
    flags |= O_NOFOLLOW | O_CLOEXEC;
    int fd = dc_open_nofollow_1(dirfd, path, flags, mode, beneath);
    if (fd < 0 && (flags & O_DIRECTORY)) dc_link_errno(dirfd, *path ? path : ".", errno);
    return fd;
}

/* ---- regular files ------------------------------------------------------------------------ */

/* The checks after the open (see the header): `*fd` is closed on any status but OK. */
static dc_file_status dc_file_check_regular(int *fd, struct stat *st, int *err) {
    if (*fd < 0) {
        *err = errno;
        return DC_FILE_ERROR;
    }
    dc_file_status status = DC_FILE_OK;
    if (fstat(*fd, st) != 0) {
        *err = errno;
        status = DC_FILE_ERROR;
    } else if (!S_ISREG(st->st_mode)) {
        *err = S_ISDIR(st->st_mode) ? EISDIR : 0;
        status = DC_FILE_NOT_REGULAR;
    }
    if (status != DC_FILE_OK) {
        close(*fd);
        *fd = -1;
        return status;
    }
    int flags = fcntl(*fd, F_GETFL);
    if (flags >= 0) fcntl(*fd, F_SETFL, flags & ~O_NONBLOCK);
    return DC_FILE_OK;
}

dc_file_status dc_file_open_regular(const char *path, int *fd, struct stat *st, int *err) {
    *err = 0;
    *fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    return dc_file_check_regular(fd, st, err);
}

dc_file_status dc_file_open_regular_at(int dirfd, const char *rel, bool beneath, int *fd, struct stat *st, int *err) {
    *err = 0;
    *fd = dc_file_open_nofollow(dirfd, rel, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0, beneath);
    return dc_file_check_regular(fd, st, err);
}

dc_file_status dc_file_read_fd(int fd, uint64_t limit, dc_buf *out, int *err) {
    *err = 0;
    char chunk[65536];
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0) {
            if (errno == EINTR) continue;
            *err = errno;
            return DC_FILE_ERROR;
        }
        if (n == 0) return DC_FILE_OK;
        dc_buf_add(out, chunk, (size_t)n);
        if (limit && out->len > limit) {
            dc_buf_reset(out);
            *err = EFBIG;
            return DC_FILE_TOO_LARGE;
        }
    }
}

dc_file_status dc_file_read_regular(const char *path, dc_buf *out, int *err) {
    int fd;
    struct stat st;
    dc_file_status status = dc_file_open_regular(path, &fd, &st, err);
    if (status != DC_FILE_OK) return status;
    status = dc_file_read_fd(fd, 0, out, err);
    close(fd);
    return status;
}

const char *dc_file_strerror(dc_file_status status, int err) {
    if (status == DC_FILE_NOT_REGULAR) return err == EISDIR ? "it is a directory" : "not a regular file";
    return strerror(err);
}

bool dc_file_within(const char *root, const char *path) {
    char *real = realpath(path, NULL);
    if (!real) return false;
    size_t n = strlen(root);
    /* "/" is the one root that ends in a slash */
    bool in = strcmp(root, "/") == 0 || (strncmp(real, root, n) == 0 && (real[n] == 0 || real[n] == '/'));
    free(real);
    return in;
}
