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
 *
 * Stale temp files. SIGKILL (or a power cut) between mkstemp and rename leaves
 * `.<name>.dcmigrate-XXXXXX` behind, and nothing in that process can prevent it. The next write
 * of <name> removes such leftovers: it is the one moment we know the user wants dcmigrate to
 * touch that directory entry, so we clean only where we are about to write, not when a file is
 * only checked (a read-only run must not modify the tree, not even to delete our own debris).
 * A temp file still being written by another dcmigrate (a second run over the same tree, or
 * another thread of this one) must survive, and its age says nothing (a slow fsync on a big
 * file), so the writer holds flock(LOCK_EX) on its temp file from creation to rename/unlink, and
 * the cleanup removes only what it can lock with LOCK_EX|LOCK_NB. Between mkstemp and that
 * flock a cleaner could lock and unlink a brand-new temp file; the writer therefore re-checks
 * under its lock that the name still leads to its file and starts over with a new name if not.
 * Only regular files owned by our effective uid whose name matches the pattern exactly (six
 * mkstemp characters) are candidates; symlinks are never followed. (A temp file that a run as
 * root had already given to the target's owner is thus left for that owner's next run.) On a filesystem without
 * flock support nothing is ever removed (the writer's lock is best effort for the same reason).
 * The cost is one readdir per directory written to, in the usual walk order (dc_temp_cache).
 */
#include "apply/write.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <pthread.h>

#include "common/base.h"
#include "common/diag.h"
#include "common/recover.h"

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

#define DC_TEMP_RANDOM 6 /* the XXXXXX that mkstemp fills in */

/* ".<base>.dcmigrate-": the temp name without mkstemp's random part. <base> is shortened when
 * needed so the temp name stays within NAME_MAX; otherwise a file with a long (but legal) name
 * could never be fixed. The cut is moved back to a UTF-8 character boundary to keep the name
 * readable in listings if the process is killed with SIGKILL and the temp file is left behind.
 * The stale-file cleanup matches leftovers against this same prefix. */
static void dc_temp_prefix(dc_buf *b, const char *base) {
    static const char suffix[] = ".dcmigrate-";
    size_t blen = strlen(base);
    size_t room = NAME_MAX - 1 - (sizeof suffix - 1) - DC_TEMP_RANDOM; /* 1 for the leading dot */
    if (blen > room) {
        blen = room;
        while (blen > 0 && ((unsigned char)base[blen] & 0xC0) == 0x80) blen--;
    }
    dc_buf_addc(b, '.');
    dc_buf_add(b, base, blen);
    dc_buf_adds(b, suffix);
}

/* Builds "<dir>/.<base>.dcmigrate-XXXXXX" for mkstemp. */
static char *dc_temp_template(const char *dir, const char *base) {
    dc_buf b = DC_BUF_INIT;
    dc_buf_adds(&b, dir);
    if (b.len == 0 || b.p[b.len - 1] != '/') dc_buf_addc(&b, '/');
    dc_temp_prefix(&b, base);
    dc_buf_adds(&b, "XXXXXX");
    return dc_buf_detach(&b);
}

static bool dc_is_temp_random(const char *p) {
    for (int i = 0; i < DC_TEMP_RANDOM; i++, p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))) return false;
    return *p == 0;
}

/* ".<something>.dcmigrate-" + mkstemp's six characters (drawn from [A-Za-z0-9]): a temp file of
 * some target of this directory. */
static bool dc_looks_like_temp(const char *name) {
    static const char mid[] = ".dcmigrate-";
    size_t len = strlen(name), tail = sizeof mid - 1 + DC_TEMP_RANDOM;
    return name[0] == '.' && len > tail + 1 && memcmp(name + len - tail, mid, sizeof mid - 1) == 0 &&
           dc_is_temp_random(name + len - DC_TEMP_RANDOM);
}

/* Listing the directory for every written file would make fixing n files of one directory cost
 * n readdirs of it (quadratic: 3,000 files of one directory cost a second of system time). The
 * last directory's listing is kept instead, reduced to its temp-looking names: files are
 * written roughly in walk order, so consecutive writes mostly share a directory. Only names that
 * already existed when it was listed are candidates, and that is the point: what appears later
 * is the work of a run that is going on now, never a leftover of an earlier one. Keyed by path
 * and identity, so a directory recreated under the same name is listed anew. */
static struct {
    pthread_mutex_t lock;
    char *dir;
    dev_t dev;
    ino_t ino;
    DC_VEC(char *) names;
} dc_temp_cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void dc_temp_cache_fill(int dfd, const char *dir, const struct stat *dst) {
    for (uint32_t i = 0; i < dc_temp_cache.names.len; i++) free(dc_temp_cache.names.v[i]);
    dc_temp_cache.names.len = 0;
    free(dc_temp_cache.dir);
    dc_temp_cache.dir = NULL;
    int lfd = fcntl(dfd, F_DUPFD_CLOEXEC, 0); /* closedir closes the descriptor it is given */
    DIR *d = lfd >= 0 ? fdopendir(lfd) : NULL;
    if (!d) {
        if (lfd >= 0) (void)close(lfd);
        return; /* not cached: the next write tries again */
    }
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (dc_looks_like_temp(de->d_name)) dc_vec_push(&dc_temp_cache.names, dc_xstrdup(de->d_name));
    closedir(d);
    dc_temp_cache.dir = dc_xstrdup(dir);
    dc_temp_cache.dev = dst->st_dev;
    dc_temp_cache.ino = dst->st_ino;
}

/* Removes the temp files an interrupted dcmigrate left next to `base` in `dir` (see the header
 * comment for why each condition is there). Every failure just keeps the file: a leftover is
 * untidy, a wrongly removed file could be another run's work in progress. */
static void dc_remove_stale_temps(const char *dir, const char *base, const char *user_path) {
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct stat dst;
    if (dfd < 0) return;
    if (fstat(dfd, &dst) != 0) {
        (void)close(dfd);
        return;
    }
    dc_buf prefix = DC_BUF_INIT;
    dc_temp_prefix(&prefix, base);
    uid_t me = geteuid();
    pthread_mutex_lock(&dc_temp_cache.lock);
    if (!dc_temp_cache.dir || strcmp(dc_temp_cache.dir, dir) != 0 || dc_temp_cache.dev != dst.st_dev ||
        dc_temp_cache.ino != dst.st_ino)
        dc_temp_cache_fill(dfd, dir, &dst);
    for (uint32_t i = 0; i < dc_temp_cache.names.len;) {
        const char *name = dc_temp_cache.names.v[i];
        bool gone = false;
        struct stat st, fst, now;
        if (strncmp(name, prefix.p, prefix.len) != 0 || !dc_is_temp_random(name + prefix.len)) {
            /* another target's */
        } else if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            gone = errno == ENOENT;
        } else if (S_ISREG(st.st_mode) && st.st_uid == me) {
            /* O_NONBLOCK: should the entry have been swapped for a FIFO since, open must not hang. */
            int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
            if (fd >= 0) {
                bool stale = fstat(fd, &fst) == 0 && fst.st_dev == st.st_dev && fst.st_ino == st.st_ino &&
                             flock(fd, LOCK_EX | LOCK_NB) == 0;
                /* Under our lock, the name must still be the file we locked before it goes. */
                if (stale && fstatat(dfd, name, &now, AT_SYMLINK_NOFOLLOW) == 0 && now.st_dev == fst.st_dev &&
                    now.st_ino == fst.st_ino && unlinkat(dfd, name, 0) == 0) {
                    gone = true;
                    dc_diag(DC_DIAG_NOTE, user_path, 0, 0,
                            "removed stale temp file %s%s%s, left by an interrupted dcmigrate run", dir,
                            strcmp(dir, "/") == 0 ? "" : "/", name);
                }
                (void)close(fd);
            }
        }
        if (gone) {
            free(dc_temp_cache.names.v[i]);
            dc_temp_cache.names.v[i] = dc_temp_cache.names.v[--dc_temp_cache.names.len];
        } else {
            i++;
        }
    }
    pthread_mutex_unlock(&dc_temp_cache.lock);
    (void)close(dfd);
    dc_buf_free(&prefix);
}

/* mkstemp, then flock(LOCK_EX) on the new file so no cleanup (dc_remove_stale_temps, in this or
 * another process) takes it for a leftover. A cleaner may have locked and unlinked it in the
 * instant before our lock; then the name no longer leads to our file and we start over with a
 * fresh name. Returns the fd (the name is in *tmp) or -1 with errno set. */
static int dc_create_locked_temp(char *tmp, size_t tlen) {
    for (int attempt = 0; attempt < 8; attempt++) {
        memcpy(tmp + tlen - DC_TEMP_RANDOM, "XXXXXX", DC_TEMP_RANDOM);
        /* O_CLOEXEC: keep the temp fd out of any child a concurrent thread might spawn. */
        int fd = mkostemp(tmp, O_CLOEXEC);
        if (fd < 0) return -1;
        int rc;
        while ((rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR) {
        }
        /* No flock on this filesystem: then no cleaner can lock (so none removes) it either. */
        if (rc != 0) return fd;
        struct stat mine, named;
        if (fstat(fd, &mine) == 0 && lstat(tmp, &named) == 0 && mine.st_dev == named.st_dev &&
            mine.st_ino == named.st_ino)
            return fd;
        (void)close(fd); /* its name is gone (or someone else's now): nothing of ours to unlink */
    }
    errno = EEXIST;
    return -1;
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

/* One write in progress: what dc_write_atomic's steps share, released by dc_write_atomic. */
typedef struct dc_wr {
    char *real, *dir, *tmp; /* the resolved target, its directory, the temp file (NULL once gone) */
    int fd, lockfd;         /* the temp file; a second descriptor that holds its lock */
    struct stat st;         /* the target as found */
    dc_file_identity before;
    dc_fail_step fail;      /* the test hook */
    int *err;
} dc_wr;

/* The target: resolved, still the file that was read, a regular file with its owner-write bit. */
static dc_write_status dc_check_target(dc_wr *w, const char *path, const dc_file_identity *expect) {
    /* Writing to the resolved path writes through a symlink: renaming over the link itself would
     * replace it with a regular file. */
    w->real = realpath(path, NULL);
    if (!w->real) {
        *w->err = errno;
        /* A file that was read (expect given) and is now gone has changed on disk; say so rather
         * than report an I/O error. */
        return expect && *w->err == ENOENT ? DC_WRITE_CHANGED_ON_DISK : DC_WRITE_ERROR;
    }
    if (lstat(w->real, &w->st) != 0) {
        *w->err = errno;
        return expect && *w->err == ENOENT ? DC_WRITE_CHANGED_ON_DISK : DC_WRITE_ERROR;
    }
    if (expect && !dc_identity_matches(&w->st, expect)) return DC_WRITE_CHANGED_ON_DISK;
    /* Renaming a regular file over a FIFO, device or directory would replace (or fail on) a thing
     * that is not source code; refuse before creating anything. */
    if (!S_ISREG(w->st.st_mode)) {
        *w->err = S_ISDIR(w->st.st_mode) ? EISDIR : EINVAL;
        return DC_WRITE_ERROR;
    }
    /* Root would be allowed to write anyway; the mode bit is the user's statement of intent. */
    if (!(w->st.st_mode & S_IWUSR)) return DC_WRITE_READONLY;
    w->before = expect ? *expect : dc_identity_of(&w->st);
    return DC_WRITE_OK;
}

/* The new content in the temp file, with the target's owner and mode, synced; its descriptor is
 * closed, the lock kept by w->lockfd. False with errno set. */
static bool dc_fill_temp(dc_wr *w, const char *data, size_t len) {
    /* The lock lives as long as one descriptor of this open file does: this one keeps it across
     * the close(fd) below (which is there to catch deferred write errors) until the temp file has
     * been renamed or unlinked. */
    w->lockfd = fcntl(w->fd, F_DUPFD_CLOEXEC, 0);
    if (w->lockfd < 0) return false;
    if (w->fail == DC_FAIL_WRITE) {
        errno = EIO;
        return false;
    }
    if (!dc_write_all(w->fd, data, len)) return false;
    /* Owner first, then mode: chown clears the set-user-ID and set-group-ID bits, so doing it in
     * the other order would silently drop them. An unprivileged user usually cannot give the
     * file away (EPERM); the group alone may still be settable (the user is a member of it), and
     * keeping the group matters for group-writable shared trees. EINVAL is what a user namespace
     * (container) returns for an owner it cannot map; that is the same "not allowed" case. */
    if (w->st.st_uid != geteuid() || w->st.st_gid != getegid()) {
        if (fchown(w->fd, w->st.st_uid, w->st.st_gid) != 0) {
            if (errno != EPERM && errno != EINVAL) return false;
            if (fchown(w->fd, (uid_t)-1, w->st.st_gid) != 0 && errno != EPERM && errno != EINVAL) return false;
        }
    }
    if (fchmod(w->fd, w->st.st_mode & 07777) != 0) return false;
    if (w->fail == DC_FAIL_FSYNC) {
        errno = EIO;
        return false;
    }
    if (fsync(w->fd) != 0) return false;
    /* close() can report a deferred write error (NFS, quotas). Either way the descriptor is gone
     * afterwards (Linux semantics even on EINTR), so it must not be closed again. */
    int rc = close(w->fd);
    w->fd = -1;
    return rc == 0;
}

/* The temp file becomes the target, if the target is still what was read. */
static dc_write_status dc_replace_target(dc_wr *w) {
    /* Last look before the rename, to keep the window in which a concurrent edit (an editor
     * saving, a git checkout) could be overwritten as small as we can make it. */
    struct stat now;
    if (lstat(w->real, &now) != 0) {
        *w->err = errno;
        return *w->err == ENOENT ? DC_WRITE_CHANGED_ON_DISK : DC_WRITE_ERROR;
    }
    if (!dc_identity_matches(&now, &w->before)) return DC_WRITE_CHANGED_ON_DISK;
    if (w->fail == DC_FAIL_RENAME) errno = EIO;
    if (w->fail == DC_FAIL_RENAME || rename(w->tmp, w->real) != 0) {
        *w->err = errno;
        return DC_WRITE_ERROR;
    }
    free(w->tmp);
    w->tmp = NULL; /* it is the target now */
    /* Make the rename itself durable, not only the file's data. */
    dc_fsync_dir(w->dir);
    return DC_WRITE_OK;
}

/* Through a temp file next to the target: created, filled, renamed over it; on failure, removed. */
static dc_write_status dc_write_via_temp(dc_wr *w, const char *path, const char *data, size_t len) {
    const char *slash = strrchr(w->real, '/'); /* realpath output is absolute: always found */
    w->dir = slash == w->real ? dc_xstrdup("/") : dc_xstrndup(w->real, (size_t)(slash - w->real));
    dc_remove_stale_temps(w->dir, slash + 1, path);
    w->tmp = dc_temp_template(w->dir, slash + 1);

    /* From the moment the temp file exists until it has been renamed or unlinked, an interrupt
     * (Ctrl-C, kill, a closing terminal) would kill the process between those steps and leave a
     * ".x.dcmigrate-XXXXXX" file in the user's tree. Blocking the signals here defers them: they
     * are delivered when the old mask is restored below, after the cleanup is done. The mask is
     * per thread, so this does not disturb other threads. SIGKILL cannot be blocked; nothing can
     * help there. */
    sigset_t oldmask;
    dc_recover_block_stops(&oldmask); /* SIGINT, SIGTERM, SIGHUP, SIGQUIT (common/recover.h) */

    dc_write_status status;
    w->fd = dc_create_locked_temp(w->tmp, strlen(w->tmp));
    if (w->fd < 0) {
        *w->err = errno;
        free(w->tmp);
        w->tmp = NULL; /* nothing was created, so nothing to unlink */
        status = DC_WRITE_ERROR;
    } else if (!dc_fill_temp(w, data, len)) {
        *w->err = errno;
        status = DC_WRITE_ERROR;
    } else {
        status = dc_replace_target(w);
    }
    if (w->fd >= 0) {
        (void)close(w->fd);
        w->fd = -1;
    }
    if (w->tmp) {
        (void)unlink(w->tmp);
        free(w->tmp);
        w->tmp = NULL;
    }
    if (w->lockfd >= 0) (void)close(w->lockfd);
    w->lockfd = -1;
    dc_recover_unblock_stops(&oldmask);
    return status;
}

dc_write_status dc_write_atomic(const char *path, const char *data, size_t len, const dc_file_identity *expect,
                                int *err) {
    int dummy_err;
    dc_wr w = {.fd = -1, .lockfd = -1, .fail = dc_fail_step_from_env(), .err = err ? err : &dummy_err};
    *w.err = 0;
    dc_write_status status = dc_check_target(&w, path, expect);
    if (status == DC_WRITE_OK) status = dc_write_via_temp(&w, path, data, len);
    free(w.tmp);
    free(w.dir);
    free(w.real);
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
