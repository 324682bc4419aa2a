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
 *
 * No path is resolved on the way to a write. Every step after the target's directory has been
 * opened (dc_file_open_nofollow: no symbolic link in any component, below the scanned root) is
 * relative to that directory's descriptor: the identity check (fstatat without following), the
 * temp file (openat O_EXCL), the rename (renameat) and the directory fsync. A file or directory
 * swapped for a link to somewhere else after the file was read therefore fails the open or the
 * identity check instead of being written through; only dc_write_atomic, the path-named entry
 * point kept for callers that name a path themselves, resolves a symlink first (realpath).
 *
 * Report files (dc_write_stream_*) share the temp-file machinery: the report is streamed into
 * the temp file and renamed over the target at the end, so a failed or interrupted write leaves
 * the old report whole; a target that is a symbolic link or not a regular file is refused.
 */
#include "apply/write.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <pthread.h>

#include "common/base.h"
#include "common/diag.h"
#include "common/fileio.h"
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

/* Builds ".<base>.dcmigrate-XXXXXX"; dc_create_locked_temp fills in the X's. */
static char *dc_temp_template(const char *base) {
    dc_buf b = DC_BUF_INIT;
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
 * is the work of a run that is going on now, never a leftover of an earlier one. Keyed by name
 * and identity, so a directory recreated under the same name is listed anew (the identity alone
 * would not do: a removed directory's inode number is soon given to a new one). */
static struct {
    pthread_mutex_t lock;
    char *dir; /* the directory as named (dc_wr.dirkey), NULL when nothing is cached */
    dev_t dev;
    ino_t ino;
    DC_VEC(char *) names;
} dc_temp_cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void dc_temp_cache_fill(int dfd, const char *dirkey, const struct stat *dst) {
    for (uint32_t i = 0; i < dc_temp_cache.names.len; i++) free(dc_temp_cache.names.v[i]);
    dc_temp_cache.names.len = 0;
    free(dc_temp_cache.dir);
    dc_temp_cache.dir = NULL;
    /* A descriptor of its own for readdir (closedir closes it): "." opens a new open file
     * description, whose offset readdir may move without disturbing dfd's. */
    int lfd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = lfd >= 0 ? fdopendir(lfd) : NULL;
    if (!d) {
        if (lfd >= 0) (void)close(lfd);
        return; /* not cached: the next write tries again */
    }
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (dc_looks_like_temp(de->d_name)) dc_vec_push(&dc_temp_cache.names, dc_xstrdup(de->d_name));
    closedir(d);
    dc_temp_cache.dir = dc_xstrdup(dirkey);
    dc_temp_cache.dev = dst->st_dev;
    dc_temp_cache.ino = dst->st_ino;
}

/* The note for a removed leftover names it by its full path, which the descriptor knows. */
static void dc_note_removed(int dfd, const char *name, const char *display) {
    char link[64], dir[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", dfd);
    ssize_t n = readlink(link, dir, sizeof dir - 1);
    if (n <= 0) n = 0; /* no /proc: the name alone */
    dir[n] = 0;
    dc_diag(DC_DIAG_NOTE, display, 0, 0, "removed stale temp file %s%s%s, left by an interrupted dcmigrate run", dir,
            n == 0 || strcmp(dir, "/") == 0 ? "" : "/", name);
}

/* Removes the temp files an interrupted dcmigrate left next to `base` in the directory `dfd`
 * (named `dirkey`; see the header comment for why each condition is there). Every failure just
 * keeps the file: a leftover is untidy, a wrongly removed file could be another run's work in
 * progress. */
static void dc_remove_stale_temps(int dfd, const char *dirkey, const char *base, const char *display) {
    struct stat dst;
    if (fstat(dfd, &dst) != 0) return;
    dc_buf prefix = DC_BUF_INIT;
    dc_temp_prefix(&prefix, base);
    uid_t me = geteuid();
    pthread_mutex_lock(&dc_temp_cache.lock);
    if (!dc_temp_cache.dir || strcmp(dc_temp_cache.dir, dirkey) != 0 || dc_temp_cache.dev != dst.st_dev ||
        dc_temp_cache.ino != dst.st_ino)
        dc_temp_cache_fill(dfd, dirkey, &dst);
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
                    dc_note_removed(dfd, name, display);
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
    dc_buf_free(&prefix);
}

/* The six characters mkstemp would choose ([A-Za-z0-9]), from getrandom; should that fail, from
 * the clock, the pid and a counter, which are unique enough for O_EXCL to sort out the rest. */
static void dc_temp_random(char *x) {
    static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static _Atomic unsigned counter;
    unsigned char r[DC_TEMP_RANDOM];
    if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t v = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ ((uint64_t)getpid() << 40) ^
                     (uint64_t)++counter * 0x9E3779B97F4A7C15ull;
        for (int i = 0; i < DC_TEMP_RANDOM; i++) r[i] = (unsigned char)(v >> (8 * i));
    }
    for (int i = 0; i < DC_TEMP_RANDOM; i++) x[i] = set[r[i] % (sizeof set - 1)];
}

/* A new temp file `tmp` (its X's filled in) in the directory `dfd`, created with O_EXCL (never
 * through a link), then flock(LOCK_EX) on it so no cleanup (dc_remove_stale_temps, in this or
 * another process) takes it for a leftover. A cleaner may have locked and unlinked it in the
 * instant before our lock; then the name no longer leads to our file and we start over with a
 * fresh name. Returns the fd or -1 with errno set. */
static int dc_create_locked_temp(int dfd, char *tmp, size_t tlen, mode_t mode) {
    for (int attempt = 0; attempt < 100; attempt++) {
        dc_temp_random(tmp + tlen - DC_TEMP_RANDOM);
        /* O_CLOEXEC: keep the temp fd out of any child a concurrent thread might spawn. */
        int fd = openat(dfd, tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd < 0) {
            if (errno == EEXIST) continue;
            return -1;
        }
        int rc;
        while ((rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR) {
        }
        /* No flock on this filesystem: then no cleaner can lock (so none removes) it either. */
        if (rc != 0) return fd;
        struct stat mine, named;
        if (fstat(fd, &mine) == 0 && fstatat(dfd, tmp, &named, AT_SYMLINK_NOFOLLOW) == 0 &&
            mine.st_dev == named.st_dev && mine.st_ino == named.st_ino)
            return fd;
        (void)close(fd); /* its name is gone (or someone else's now): nothing of ours to unlink */
    }
    errno = EEXIST;
    return -1;
}

/* One write in progress: what the steps of dc_write_atomic_at (or of a stream) share. */
typedef struct dc_wr {
    int dfd;                /* the target's directory */
    char *dirkey;           /* how it was named: "<dirfd>:<path>" (the stale-temp cache's key) */
    const char *base;       /* the target's name in it */
    const char *display;    /* the path in messages */
    char *tmp;              /* the temp file's name in dfd (NULL once renamed or removed) */
    int fd, lockfd;         /* the temp file; a second descriptor that holds its lock */
    struct stat st;         /* the target as found */
    bool exists;            /* a stream's target existed */
    bool direct;            /* a stream to a device in /dev, written as named */
    dc_file_identity before;
    dc_fail_step fail;      /* the test hook */
    sigset_t oldmask;       /* restored once the temp file is gone */
    bool masked;
    int *err;
    int errv;               /* where err points for a stream */
} dc_wr;

/* Opens the directory of `rel` (relative to dirfd, or absolute) into w->dfd without following a
 * link (`beneath`: nor leaving dirfd), or with `follow` as open(2) would; w->base is the last
 * component. 0, or errno. */
static int dc_open_target_dir(dc_wr *w, int dirfd, const char *rel, bool follow, bool beneath) {
    const char *slash = strrchr(rel, '/');
    w->base = slash ? slash + 1 : rel;
    if (!*w->base || strcmp(w->base, ".") == 0 || strcmp(w->base, "..") == 0) return EISDIR;
    char *dir = !slash ? dc_xstrdup(".") : slash == rel ? dc_xstrdup("/") : dc_xstrndup(rel, (size_t)(slash - rel));
    if (follow) w->dfd = openat(dirfd, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    else w->dfd = dc_file_open_nofollow(dirfd, dir, O_RDONLY | O_DIRECTORY, 0, beneath);
    int e = w->dfd < 0 ? errno : 0;
    dc_buf key = DC_BUF_INIT;
    dc_buf_printf(&key, "%d:%s", dirfd, dir);
    w->dirkey = dc_buf_detach(&key);
    free(dir);
    return e;
}

/* The target: still the file that was read (never a link: it was read without following one),
 * a regular file with its owner-write bit. */
static dc_write_status dc_check_target(dc_wr *w, const dc_file_identity *expect) {
    if (fstatat(w->dfd, w->base, &w->st, AT_SYMLINK_NOFOLLOW) != 0) {
        *w->err = errno;
        /* A file that was read (expect given) and is now gone has changed on disk; say so rather
         * than report an I/O error. */
        return expect && *w->err == ENOENT ? DC_WRITE_CHANGED_ON_DISK : DC_WRITE_ERROR;
    }
    if (expect && !dc_identity_matches(&w->st, expect)) return DC_WRITE_CHANGED_ON_DISK;
    /* Renaming a regular file over a FIFO, device, directory or link would replace (or fail on) a
     * thing that is not source code; refuse before creating anything. */
    if (!S_ISREG(w->st.st_mode)) {
        *w->err = S_ISDIR(w->st.st_mode) ? EISDIR : S_ISLNK(w->st.st_mode) ? ELOOP : EINVAL;
        return DC_WRITE_ERROR;
    }
    /* Root would be allowed to write anyway; the mode bit is the user's statement of intent. */
    if (!(w->st.st_mode & S_IWUSR)) return DC_WRITE_READONLY;
    w->before = expect ? *expect : dc_identity_of(&w->st);
    return DC_WRITE_OK;
}

/* The target's owner and mode on the temp file `fd`; false with errno set. */
static bool dc_temp_take_owner_mode(const dc_wr *w, int fd) {
    /* Owner first, then mode: chown clears the set-user-ID and set-group-ID bits, so doing it in
     * the other order would silently drop them. An unprivileged user usually cannot give the
     * file away (EPERM); the group alone may still be settable (the user is a member of it), and
     * keeping the group matters for group-writable shared trees. EINVAL is what a user namespace
     * (container) returns for an owner it cannot map; that is the same "not allowed" case. */
    if (w->st.st_uid != geteuid() || w->st.st_gid != getegid()) {
        if (fchown(fd, w->st.st_uid, w->st.st_gid) != 0) {
            if (errno != EPERM && errno != EINVAL) return false;
            if (fchown(fd, (uid_t)-1, w->st.st_gid) != 0 && errno != EPERM && errno != EINVAL) return false;
        }
    }
    return fchmod(fd, w->st.st_mode & 07777) == 0;
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
    if (!dc_temp_take_owner_mode(w, w->fd)) return false;
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

/* renameat of the temp file over the target, and the directory synced. */
static dc_write_status dc_rename_temp(dc_wr *w) {
    if (w->fail == DC_FAIL_RENAME) errno = EIO;
    if (w->fail == DC_FAIL_RENAME || renameat(w->dfd, w->tmp, w->dfd, w->base) != 0) {
        *w->err = errno;
        return DC_WRITE_ERROR;
    }
    free(w->tmp);
    w->tmp = NULL; /* it is the target now */
    /* Make the rename itself durable, not only the file's data. Best effort: once the rename has
     * happened the new content is visible and the old one is gone, so there is nothing left to
     * roll back; a failure only weakens durability across a power cut, and reporting "not
     * written" for a file that was written would be false. */
    (void)fsync(w->dfd);
    return DC_WRITE_OK;
}

/* The temp file becomes the target, if the target is still what was read. */
static dc_write_status dc_replace_target(dc_wr *w) {
    /* Last look before the rename, to keep the window in which a concurrent edit (an editor
     * saving, a git checkout) could be overwritten as small as we can make it. */
    struct stat now;
    if (fstatat(w->dfd, w->base, &now, AT_SYMLINK_NOFOLLOW) != 0) {
        *w->err = errno;
        return *w->err == ENOENT ? DC_WRITE_CHANGED_ON_DISK : DC_WRITE_ERROR;
    }
    if (!dc_identity_matches(&now, &w->before)) return DC_WRITE_CHANGED_ON_DISK;
    return dc_rename_temp(w);
}

/* From the moment a temp file exists until it has been renamed or unlinked, an interrupt (Ctrl-C,
 * kill, a closing terminal) would kill the process between those steps and leave a
 * ".x.dcmigrate-XXXXXX" file in the user's tree. Blocking the signals defers them: they are
 * delivered when the old mask is restored (dc_temp_end), after the cleanup is done. The mask is
 * per thread, so this does not disturb other threads. SIGKILL cannot be blocked; nothing can
 * help there. Then the temp file is created next to the target, leftovers removed first. */
static bool dc_temp_begin(dc_wr *w, mode_t mode) {
    dc_remove_stale_temps(w->dfd, w->dirkey, w->base, w->display);
    w->tmp = dc_temp_template(w->base);
    dc_recover_block_stops(&w->oldmask); /* SIGINT, SIGTERM, SIGHUP, SIGQUIT (common/recover.h) */
    w->masked = true;
    w->fd = dc_create_locked_temp(w->dfd, w->tmp, strlen(w->tmp), mode);
    if (w->fd >= 0) return true;
    *w->err = errno;
    free(w->tmp);
    w->tmp = NULL; /* nothing was created, so nothing to unlink */
    return false;
}

/* The temp file (if it is still there) and its descriptors gone; the signal mask restored. */
static void dc_temp_end(dc_wr *w) {
    if (w->fd >= 0) (void)close(w->fd);
    w->fd = -1;
    if (w->tmp) (void)unlinkat(w->dfd, w->tmp, 0);
    free(w->tmp);
    w->tmp = NULL;
    if (w->lockfd >= 0) (void)close(w->lockfd);
    w->lockfd = -1;
    if (w->masked) dc_recover_unblock_stops(&w->oldmask);
    w->masked = false;
}

/* Through a temp file next to the target: created, filled, renamed over it; on failure, removed. */
static dc_write_status dc_write_via_temp(dc_wr *w, const char *data, size_t len) {
    dc_write_status status;
    if (!dc_temp_begin(w, 0600)) {
        status = DC_WRITE_ERROR;
    } else if (!dc_fill_temp(w, data, len)) {
        *w->err = errno;
        status = DC_WRITE_ERROR;
    } else {
        status = dc_replace_target(w);
    }
    dc_temp_end(w);
    return status;
}

dc_write_status dc_write_atomic_at(int dirfd, const char *rel, const char *display, const char *data, size_t len,
                                   const dc_file_identity *expect, int *err) {
    int dummy_err;
    dc_wr w = {.dfd = -1, .fd = -1, .lockfd = -1, .fail = dc_fail_step_from_env(), .err = err ? err : &dummy_err};
    w.display = display ? display : rel;
    *w.err = dc_open_target_dir(&w, dirfd, rel, false, dirfd != AT_FDCWD);
    dc_write_status status = DC_WRITE_ERROR;
    if (*w.err) {
        /* The directory of a file that was read is gone, or is a link now: it changed on disk. */
        bool changed = expect && (*w.err == ENOENT || *w.err == ENOTDIR || *w.err == ELOOP || *w.err == EXDEV);
        status = changed ? DC_WRITE_CHANGED_ON_DISK : DC_WRITE_ERROR;
    } else {
        status = dc_check_target(&w, expect);
        if (status == DC_WRITE_OK) status = dc_write_via_temp(&w, data, len);
    }
    if (w.dfd >= 0) (void)close(w.dfd);
    free(w.dirkey);
    return status;
}

dc_write_status dc_write_atomic(const char *path, const char *data, size_t len, const dc_file_identity *expect,
                                int *err) {
    int dummy_err;
    if (!err) err = &dummy_err;
    /* A caller that names a path writes through a symlink to its target: renaming over the link
     * itself would replace it with a regular file. */
    char *real = realpath(path, NULL);
    if (!real) {
        *err = errno;
        return expect && *err == ENOENT ? DC_WRITE_CHANGED_ON_DISK : DC_WRITE_ERROR;
    }
    dc_write_status status = dc_write_atomic_at(AT_FDCWD, real, path, data, len, expect, err);
    free(real);
    return status;
}

/* ---- report files ------------------------------------------------------------------------ */

/* The report target: its directory (a relative path's without following a link, see write.h),
 * and, if it exists, a regular file we may write. */
static dc_write_status dc_stream_target(dc_wr *w, const char *path) {
    /* An absolute path's directories are taken as written; only its last component is not. */
    int e = dc_open_target_dir(w, AT_FDCWD, path, path[0] == '/', false);
    if (e == ELOOP) return DC_WRITE_LINKED_DIR;
    if (e) {
        *w->err = e;
        return DC_WRITE_ERROR;
    }
    if (fstatat(w->dfd, w->base, &w->st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) return DC_WRITE_OK;
        *w->err = errno;
        return DC_WRITE_ERROR;
    }
    if (S_ISLNK(w->st.st_mode)) return DC_WRITE_SYMLINK;
    if (!S_ISREG(w->st.st_mode)) return DC_WRITE_NOT_REGULAR;
    /* What fopen(path, "w") would have refused (a read-only report of another user's), still is. */
    if (faccessat(w->dfd, w->base, W_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW) != 0) {
        *w->err = errno;
        return DC_WRITE_ERROR;
    }
    w->exists = true;
    return DC_WRITE_OK;
}

dc_write_status dc_write_stream_open(dc_write_stream *ws, const char *path, int *err) {
    ws->f = NULL;
    dc_wr *w = dc_xcalloc(1, sizeof *w);
    *w = (dc_wr){.dfd = -1, .fd = -1, .lockfd = -1, .fail = dc_fail_step_from_env(), .display = path};
    w->err = &w->errv;
    ws->w = w;
    /* /dev/null, /dev/stdout (a link to /proc/self/fd/1), /dev/tty: what a user names on purpose
     * and no checkout can plant, so they are opened as named, as fopen always did. */
    if (strncmp(path, "/dev/", 5) == 0) {
        w->direct = true;
        ws->f = fopen(path, "we");
        *err = ws->f ? 0 : errno;
        if (!ws->f) dc_write_stream_abort(ws);
        return *err ? DC_WRITE_ERROR : DC_WRITE_OK;
    }
    dc_write_status status = dc_stream_target(w, path);
    /* A new report gets the mode fopen would give it (0666 less the umask); an old one's is kept. */
    if (status == DC_WRITE_OK && !dc_temp_begin(w, w->exists ? 0600 : 0666)) status = DC_WRITE_ERROR;
    if (status == DC_WRITE_OK) {
        w->lockfd = fcntl(w->fd, F_DUPFD_CLOEXEC, 0);
        ws->f = w->lockfd >= 0 ? fdopen(w->fd, "w") : NULL;
        if (!ws->f) {
            *w->err = errno;
            status = DC_WRITE_ERROR;
        } else {
            w->fd = -1; /* the stream owns it now */
        }
    }
    *err = w->errv;
    if (status != DC_WRITE_OK) dc_write_stream_abort(ws);
    return status;
}

dc_write_status dc_write_stream_commit(dc_write_stream *ws, int *err) {
    dc_wr *w = ws->w;
    bool ok = fflush(ws->f) == 0 && !ferror(ws->f);
    if (w->direct) {
        *err = errno;
        if (fclose(ws->f) != 0 && ok) ok = false, *err = errno;
        ws->f = NULL;
        dc_write_stream_abort(ws);
        if (ok) *err = 0;
        return ok ? DC_WRITE_OK : DC_WRITE_ERROR;
    }
    if (ok && w->fail == DC_FAIL_WRITE) errno = EIO, ok = false;
    if (ok && w->exists) ok = dc_temp_take_owner_mode(w, fileno(ws->f));
    if (ok && w->fail == DC_FAIL_FSYNC) errno = EIO, ok = false;
    if (ok) ok = fsync(fileno(ws->f)) == 0;
    int e = errno;
    /* fclose can report a deferred write error; the stream is gone either way. */
    if (fclose(ws->f) != 0 && ok) ok = false, e = errno;
    ws->f = NULL;
    dc_write_status status = DC_WRITE_ERROR;
    if (!ok) w->errv = e;
    else status = dc_rename_temp(w);
    *err = w->errv;
    dc_write_stream_abort(ws);
    return status;
}

void dc_write_stream_abort(dc_write_stream *ws) {
    dc_wr *w = ws->w;
    if (!w) return;
    if (ws->f) fclose(ws->f);
    ws->f = NULL;
    dc_temp_end(w);
    if (w->dfd >= 0) (void)close(w->dfd);
    free(w->dirkey);
    free(w);
    ws->w = NULL;
}

const char *dc_write_status_str(dc_write_status st) {
    switch (st) {
    case DC_WRITE_OK: return "written";
    case DC_WRITE_CHANGED_ON_DISK: return "file changed on disk since it was read; not written";
    case DC_WRITE_READONLY: return "file is read-only; not written";
    case DC_WRITE_ERROR: return "write failed";
    case DC_WRITE_SYMLINK: return "is a symbolic link";
    case DC_WRITE_LINKED_DIR: return "a directory on its path is a symbolic link";
    case DC_WRITE_NOT_REGULAR: return "not a regular file";
    }
    return "write failed";
}
