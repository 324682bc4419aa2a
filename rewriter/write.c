/* write.c: atomic replacement of a user's file (see write.h).
 *
 * This is the only code in dcmigrate that modifies users' files, so it is written to fail
 * closed: every step before the final rename happens on a private temp file, and any failure
 * (or a target that changed under us) removes the temp file and leaves the target exactly as it
 * was. The rename is the single point where the new content becomes visible, and it is atomic,
 * so a crash or power cut leaves either the old file or the new one, never a mixture.
 *
 * Known cost of replacing by rename: the target gets a new inode, so other hard links to it keep
 * the old content, and ACLs/extended attributes are not copied (mode and owner are).
 */
#include "rewriter/write.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pthread.h>

#include "common/base.h"

#ifndef NAME_MAX
#define NAME_MAX 255
#endif

/* Which step the DC_TEST_FAIL_WRITE hook makes fail. */
typedef enum dc_fail_step { DC_FAIL_NONE, DC_FAIL_WRITE, DC_FAIL_FSYNC, DC_FAIL_RENAME } dc_fail_step;

static dc_fail_step dc_fail_step_from_env(void) {
    const char *s = getenv("DC_TEST_FAIL_WRITE");
    if (!s) return DC_FAIL_NONE;
    if (strcmp(s, "write") == 0) return DC_FAIL_WRITE;
    if (strcmp(s, "fsync") == 0) return DC_FAIL_FSYNC;
    if (strcmp(s, "rename") == 0) return DC_FAIL_RENAME;
    return DC_FAIL_NONE;
}

static bool dc_identity_matches(const struct stat *st, const dc_file_identity *id) {
    return st->st_dev == id->dev && st->st_ino == id->ino && st->st_size == id->size &&
           st->st_mtim.tv_sec == id->mtime.tv_sec && st->st_mtim.tv_nsec == id->mtime.tv_nsec;
}

static dc_file_identity dc_identity_of(const struct stat *st) {
    return (dc_file_identity){st->st_dev, st->st_ino, st->st_size, st->st_mtim};
}

static bool dc_write_all(int fd, const char *data, size_t len) {
    size_t off = 0;
    while (off < len) {
        /* Cap each request: write() with more than SSIZE_MAX bytes is implementation-defined. */
        size_t chunk = len - off;
        if (chunk > ((size_t)1 << 30)) chunk = (size_t)1 << 30;
        ssize_t n = write(fd, data + off, chunk);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (n == 0) {
            /* No progress and no errno: retrying could spin forever, so call it an I/O error. */
            errno = EIO;
            return false;
        }
        off += (size_t)n;
    }
    return true;
}

/* Builds "<dir>/.<base>.dcmigrate-XXXXXX" for mkstemp. <base> is shortened when needed so the
 * temp name stays within NAME_MAX; otherwise a file with a long (but legal) name could never be
 * fixed. The cut is moved back to a UTF-8 character boundary to keep the name readable in
 * listings if the process is killed with SIGKILL and the temp file is left behind. */
static char *dc_temp_template(const char *dir, const char *base) {
    static const char suffix[] = ".dcmigrate-XXXXXX";
    size_t blen = strlen(base);
    size_t room = NAME_MAX - 1 - (sizeof suffix - 1); /* 1 for the leading dot */
    if (blen > room) {
        blen = room;
        while (blen > 0 && ((unsigned char)base[blen] & 0xC0) == 0x80) blen--;
    }
    dc_buf b = DC_BUF_INIT;
    dc_buf_adds(&b, dir);
    if (b.len == 0 || b.p[b.len - 1] != '/') dc_buf_addc(&b, '/');
    dc_buf_addc(&b, '.');
    dc_buf_add(&b, base, blen);
    dc_buf_adds(&b, suffix);
    return dc_buf_detach(&b);
}

/* Best effort: once the rename has happened the new content is visible and the old one is gone,
 * so there is nothing left to roll back. A failure to sync the directory only weakens
 * durability across a power cut (the rename may be lost, leaving the old content), and
 * reporting "not written" for a file that was written would be false, so errors are ignored. */
static void dc_fsync_dir(const char *dir) {
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return;
    (void)fsync(dfd);
    (void)close(dfd);
}

dc_write_status dc_write_atomic(const char *path, const char *data, size_t len, const dc_file_identity *expect,
                                int *err) {
    int dummy_err;
    if (!err) err = &dummy_err;
    *err = 0;
    dc_fail_step fail = dc_fail_step_from_env();

    /* Writing to the resolved path writes through a symlink: renaming over the link itself would
     * replace it with a regular file. */
    char *real = realpath(path, NULL);
    if (!real) {
        int e = errno;
        /* A file that was read (expect given) and is now gone has changed on disk; say so rather
         * than report an I/O error. */
        if (expect && e == ENOENT) {
            *err = e;
            return DC_WRITE_CHANGED_ON_DISK;
        }
        *err = e;
        return DC_WRITE_ERROR;
    }

    dc_write_status status = DC_WRITE_ERROR;
    char *dir = NULL, *tmp = NULL;
    int fd = -1;
    bool masked = false;
    sigset_t oldmask;

    struct stat st;
    if (lstat(real, &st) != 0) {
        *err = errno;
        status = (expect && *err == ENOENT) ? DC_WRITE_CHANGED_ON_DISK : DC_WRITE_ERROR;
        goto out;
    }
    if (expect && !dc_identity_matches(&st, expect)) {
        status = DC_WRITE_CHANGED_ON_DISK;
        goto out;
    }
    /* Renaming a regular file over a FIFO, device or directory would replace (or fail on) a thing
     * that is not source code; refuse before creating anything. */
    if (!S_ISREG(st.st_mode)) {
        *err = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        status = DC_WRITE_ERROR;
        goto out;
    }
    /* Root would be allowed to write anyway; the mode bit is the user's statement of intent. */
    if (!(st.st_mode & S_IWUSR)) {
        status = DC_WRITE_READONLY;
        goto out;
    }
    dc_file_identity before = expect ? *expect : dc_identity_of(&st);

    const char *slash = strrchr(real, '/'); /* realpath output is absolute: always found */
    dir = slash == real ? dc_xstrdup("/") : dc_xstrndup(real, (size_t)(slash - real));
    tmp = dc_temp_template(dir, slash + 1);

    /* From the moment the temp file exists until it has been renamed or unlinked, an interrupt
     * (Ctrl-C, kill, a closing terminal) would kill the process between those steps and leave a
     * ".x.dcmigrate-XXXXXX" file in the user's tree. Blocking the signals here defers them: they
     * are delivered when the old mask is restored below, after the cleanup is done. The mask is
     * per thread, so this does not disturb other threads. SIGKILL cannot be blocked; nothing can
     * help there. */
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    masked = pthread_sigmask(SIG_BLOCK, &block, &oldmask) == 0;

    fd = mkstemp(tmp);
    if (fd < 0) {
        *err = errno;
        free(tmp);
        tmp = NULL; /* nothing was created, so nothing to unlink */
        goto out;
    }
    /* Keep the temp fd out of any child a concurrent thread might spawn. */
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);

    if (fail == DC_FAIL_WRITE) {
        errno = EIO;
        goto fail_errno;
    }
    if (!dc_write_all(fd, data, len)) goto fail_errno;

    /* Owner first, then mode: chown clears the set-user-ID and set-group-ID bits, so doing it in
     * the other order would silently drop them. An unprivileged user usually cannot give the
     * file away (EPERM); the group alone may still be settable (the user is a member of it), and
     * keeping the group matters for group-writable shared trees. EINVAL is what a user namespace
     * (container) returns for an owner it cannot map; that is the same "not allowed" case. */
    if (st.st_uid != geteuid() || st.st_gid != getegid()) {
        if (fchown(fd, st.st_uid, st.st_gid) != 0) {
            if (errno != EPERM && errno != EINVAL) goto fail_errno;
            if (fchown(fd, (uid_t)-1, st.st_gid) != 0 && errno != EPERM && errno != EINVAL) goto fail_errno;
        }
    }
    if (fchmod(fd, st.st_mode & 07777) != 0) goto fail_errno;

    if (fail == DC_FAIL_FSYNC) {
        errno = EIO;
        goto fail_errno;
    }
    if (fsync(fd) != 0) goto fail_errno;

    /* close() can report a deferred write error (NFS, quotas). Either way the descriptor is gone
     * afterwards (Linux semantics even on EINTR), so it must not be closed again. */
    {
        int rc = close(fd);
        fd = -1;
        if (rc != 0) goto fail_errno;
    }

    /* Last look before the rename, to keep the window in which a concurrent edit (an editor
     * saving, a git checkout) could be overwritten as small as we can make it. */
    {
        struct stat now;
        if (lstat(real, &now) != 0) {
            *err = errno;
            status = *err == ENOENT ? DC_WRITE_CHANGED_ON_DISK : DC_WRITE_ERROR;
            goto fail_cleanup;
        }
        if (!dc_identity_matches(&now, &before)) {
            status = DC_WRITE_CHANGED_ON_DISK;
            goto fail_cleanup;
        }
    }

    if (fail == DC_FAIL_RENAME) {
        errno = EIO;
        goto fail_errno;
    }
    if (rename(tmp, real) != 0) goto fail_errno;
    free(tmp);
    tmp = NULL; /* it is the target now */

    /* Make the rename itself durable, not only the file's data. */
    dc_fsync_dir(dir);
    status = DC_WRITE_OK;
    goto out;

fail_errno:
    *err = errno;
    status = DC_WRITE_ERROR;
fail_cleanup:
    if (fd >= 0) {
        (void)close(fd);
        fd = -1;
    }
    if (tmp) {
        (void)unlink(tmp);
        free(tmp);
        tmp = NULL;
    }
out:
    if (masked) pthread_sigmask(SIG_SETMASK, &oldmask, NULL);
    free(tmp);
    free(dir);
    free(real);
    return status;
}

const char *dc_write_status_str(dc_write_status st) {
    switch (st) {
    case DC_WRITE_OK: return "written";
    case DC_WRITE_CHANGED_ON_DISK: return "file changed on disk since it was read; not written";
    case DC_WRITE_READONLY: return "file is read-only; not written";
    case DC_WRITE_ERROR: return "write failed";
    }
    return "write failed";
}
