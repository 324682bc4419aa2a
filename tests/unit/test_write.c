/* test_write.c: dc_write_atomic is the only code that changes users' files, so these tests pin
 * down that it never loses data: every refusal and every injected I/O failure must leave the
 * original byte-identical with no temp file behind, and a successful write must keep the
 * file's mode, owner and symlinks. Each test works in its own mkdtemp directory under /tmp. */
#include "apply/write.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <pthread.h>

#include "common/base.h"
#include "common/diag.h"
#include "tests/unit/check.h"

/* ---- helpers ---------------------------------------------------------------------------- */

static char *make_tmpdir(void) {
    char tmpl[] = "/tmp/dc-test-write-XXXXXX";
    if (!mkdtemp(tmpl)) dc_die("mkdtemp: %s", strerror(errno));
    return dc_xstrdup(tmpl);
}

static char *join(const char *dir, const char *name) {
    dc_buf b = DC_BUF_INIT;
    dc_buf_printf(&b, "%s/%s", dir, name);
    return dc_buf_detach(&b);
}

static void rm_tree(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
                char *p = join(path, e->d_name);
                rm_tree(p);
                free(p);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

static void put_file(const char *path, const void *data, size_t len, mode_t mode) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) dc_die("open %s: %s", path, strerror(errno));
    if (len && write(fd, data, len) != (ssize_t)len) dc_die("write %s", path);
    if (close(fd) != 0) dc_die("close %s", path);
    if (chmod(path, mode) != 0) dc_die("chmod %s", path);
}

/* Whole file into a heap buffer (caller frees); NULL if it cannot be read. */
static char *get_file(const char *path, size_t *len) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return NULL;
    dc_buf b = DC_BUF_INIT;
    char tmp[65536];
    ssize_t n;
    while ((n = read(fd, tmp, sizeof tmp)) > 0) dc_buf_add(&b, tmp, (size_t)n);
    close(fd);
    *len = b.len;
    return dc_buf_detach(&b);
}

static bool file_is(const char *path, const void *data, size_t len) {
    size_t n;
    char *p = get_file(path, &n);
    bool ok = p && n == len && (len == 0 || memcmp(p, data, len) == 0);
    free(p);
    return ok;
}

static int count_entries(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) n++;
    closedir(d);
    return n;
}

static bool has_temp_file(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return false;
    bool found = false;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strstr(e->d_name, ".dcmigrate-")) found = true;
    closedir(d);
    return found;
}

static dc_file_identity identity_of(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) dc_die("stat %s", path);
    return (dc_file_identity){st.st_dev, st.st_ino, st.st_size, st.st_mtim};
}

static mode_t mode_of(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) return (mode_t)-1;
    return st.st_mode & 07777;
}

static void set_mtime(const char *path, time_t sec) {
    struct timespec ts[2] = {{sec, 0}, {sec, 0}};
    if (utimensat(AT_FDCWD, path, ts, 0) != 0) dc_die("utimensat %s", path);
}

/* ---- successful writes ------------------------------------------------------------------ */

static void check_replace_keeps_mode(int *dc_failed_, mode_t mode) {
    char *dir = make_tmpdir();
    char *f = join(dir, "code.py");
    put_file(f, "old\n", 4, mode);
    dc_file_identity id = identity_of(f);
    int err = -1;
    CHECK_EQ_INT(dc_write_atomic(f, "new content\n", 12, &id, &err), DC_WRITE_OK);
    CHECK_EQ_INT(err, 0);
    CHECK(file_is(f, "new content\n", 12));
    CHECK_EQ_INT(mode_of(f), mode);
    CHECK_EQ_INT(count_entries(dir), 1);
    CHECK(!has_temp_file(dir));
    rm_tree(dir);
    free(f);
    free(dir);
}

DC_TEST(replace_keeps_mode_0640) { check_replace_keeps_mode(dc_failed_, 0640); }
DC_TEST(replace_keeps_mode_0755) { check_replace_keeps_mode(dc_failed_, 0755); }
DC_TEST(replace_keeps_mode_0600) { check_replace_keeps_mode(dc_failed_, 0600); }

DC_TEST(replace_without_expect) {
    char *dir = make_tmpdir();
    char *f = join(dir, "a.js");
    put_file(f, "x", 1, 0644);
    int err = -1;
    CHECK_EQ_INT(dc_write_atomic(f, "yy", 2, NULL, &err), DC_WRITE_OK);
    CHECK(file_is(f, "yy", 2));
    /* err may be NULL. */
    CHECK_EQ_INT(dc_write_atomic(f, "zzz", 3, NULL, NULL), DC_WRITE_OK);
    CHECK(file_is(f, "zzz", 3));
    CHECK(!has_temp_file(dir));
    rm_tree(dir);
    free(f);
    free(dir);
}

DC_TEST(replace_keeps_owner_and_setgid) {
    /* Only root can hand a file to another owner; elsewhere this is covered by the EPERM path. */
    if (geteuid() != 0) return;
    char *dir = make_tmpdir();
    char *f = join(dir, "tool.sh");
    put_file(f, "#!/bin/sh\n", 10, 0755);
    CHECK_EQ_INT(chown(f, 1234, 2345), 0);
    /* chown clears S_ISGID, so set it afterwards; the writer must restore it after its own
     * fchown too, or the bit is silently lost. */
    CHECK_EQ_INT(chmod(f, 02755), 0);
    dc_file_identity id = identity_of(f);
    int err = -1;
    CHECK_EQ_INT(dc_write_atomic(f, "#!/bin/sh\nexit 0\n", 17, &id, &err), DC_WRITE_OK);
    struct stat st;
    CHECK_EQ_INT(stat(f, &st), 0);
    CHECK_EQ_INT(st.st_uid, 1234);
    CHECK_EQ_INT(st.st_gid, 2345);
    CHECK_EQ_INT(st.st_mode & 07777, 02755);
    CHECK(file_is(f, "#!/bin/sh\nexit 0\n", 17));
    rm_tree(dir);
    free(f);
    free(dir);
}

DC_TEST(exact_bytes_binary_crlf_bom) {
    static const char data[] = "\xEF\xBB\xBF"
                               "line one\r\n"
                               "line\0two\r\n"
                               "\xFF\xFE\x80 tail\r"
                               "no newline";
    char *dir = make_tmpdir();
    char *f = join(dir, "bytes.txt");
    put_file(f, "\n", 1, 0644);
    int err = -1;
    CHECK_EQ_INT(dc_write_atomic(f, data, sizeof data - 1, NULL, &err), DC_WRITE_OK);
    CHECK(file_is(f, data, sizeof data - 1));
    rm_tree(dir);
    free(f);
    free(dir);
}

DC_TEST(large_and_empty_content) {
    char *dir = make_tmpdir();
    char *f = join(dir, "big.ts");
    put_file(f, "seed", 4, 0644);
    size_t n = 5u * 1024 * 1024 + 17;
    char *big = dc_xmalloc(n);
    for (size_t i = 0; i < n; i++) big[i] = (char)(i * 131 + (i >> 9));
    int err = -1;
    CHECK_EQ_INT(dc_write_atomic(f, big, n, NULL, &err), DC_WRITE_OK);
    CHECK(file_is(f, big, n));
    free(big);

    CHECK_EQ_INT(dc_write_atomic(f, "", 0, NULL, &err), DC_WRITE_OK);
    CHECK(file_is(f, "", 0));
    CHECK_EQ_INT(count_entries(dir), 1);
    rm_tree(dir);
    free(f);
    free(dir);
}

DC_TEST(long_file_name) {
    /* A 255-byte name is legal, but ".<name>.dcmigrate-XXXXXX" is not: the temp name must be
     * shortened rather than the write refused. */
    char *dir = make_tmpdir();
    char name[256];
    memset(name, 'n', 255);
    name[255] = 0;
    char *f = join(dir, name);
    put_file(f, "a", 1, 0644);
    int err = -1;
    CHECK_EQ_INT(dc_write_atomic(f, "b", 1, NULL, &err), DC_WRITE_OK);
    CHECK_EQ_INT(err, 0);
    CHECK(file_is(f, "b", 1));
    CHECK_EQ_INT(count_entries(dir), 1);
    rm_tree(dir);
    free(f);
    free(dir);
}

DC_TEST(symlink_written_through) {
    char *dir = make_tmpdir();
    char *sub = join(dir, "real");
    CHECK_EQ_INT(mkdir(sub, 0755), 0);
    char *target = join(sub, "target.py");
    char *link = join(dir, "link.py");
    put_file(target, "before\n", 7, 0640);
    CHECK_EQ_INT(symlink("real/target.py", link), 0);

    dc_file_identity id = identity_of(link); /* stat follows the link, as a reader's would */
    int err = -1;
    CHECK_EQ_INT(dc_write_atomic(link, "after\n", 6, &id, &err), DC_WRITE_OK);

    struct stat st;
    CHECK_EQ_INT(lstat(link, &st), 0);
    CHECK(S_ISLNK(st.st_mode));
    char buf[64] = {0};
    CHECK_EQ_INT(readlink(link, buf, sizeof buf - 1), 14);
    CHECK_EQ_STR(buf, "real/target.py");
    CHECK(file_is(target, "after\n", 6));
    CHECK_EQ_INT(mode_of(target), 0640);
    CHECK_EQ_INT(count_entries(dir), 2);
    CHECK_EQ_INT(count_entries(sub), 1);
    rm_tree(dir);
    free(link);
    free(target);
    free(sub);
    free(dir);
}

static bool blocked(int sig) {
    sigset_t cur;
    pthread_sigmask(SIG_SETMASK, NULL, &cur);
    return sigismember(&cur, sig) == 1;
}

DC_TEST(signal_mask_restored) {
    char *dir = make_tmpdir();
    char *f = join(dir, "m.py");
    put_file(f, "a", 1, 0644);
    sigset_t sigs, saved;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);

    /* Unblocked before: unblocked after, on success and on a failure path. */
    pthread_sigmask(SIG_UNBLOCK, &sigs, &saved);
    CHECK_EQ_INT(dc_write_atomic(f, "b", 1, NULL, NULL), DC_WRITE_OK);
    CHECK(!blocked(SIGINT) && !blocked(SIGTERM));
    setenv("DC_TEST_FAIL_WRITE", "fsync", 1);
    CHECK_EQ_INT(dc_write_atomic(f, "c", 1, NULL, NULL), DC_WRITE_ERROR);
    unsetenv("DC_TEST_FAIL_WRITE");
    CHECK(!blocked(SIGINT) && !blocked(SIGTERM));
    CHECK_EQ_INT(dc_write_atomic(f, "d", 1, NULL, NULL), DC_WRITE_OK);

    /* Blocked by the caller before: still blocked after (restored, not blindly unblocked). */
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    CHECK_EQ_INT(dc_write_atomic(f, "e", 1, NULL, NULL), DC_WRITE_OK);
    CHECK(blocked(SIGINT) && blocked(SIGTERM));

    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    CHECK(file_is(f, "e", 1));
    rm_tree(dir);
    free(f);
    free(dir);
}

/* ---- refusals: the target must be untouched --------------------------------------------- */

DC_TEST(changed_on_disk_mtime) {
    char *dir = make_tmpdir();
    char *f = join(dir, "c.py");
    put_file(f, "aaaa\n", 5, 0644);
    set_mtime(f, 1500000000);
    dc_file_identity id = identity_of(f);

    /* Same size, same inode: only the mtime tells the edit apart. */
    int fd = open(f, O_WRONLY | O_TRUNC);
    CHECK(fd >= 0);
    CHECK_EQ_INT(write(fd, "bbbb\n", 5), 5);
    close(fd);
    set_mtime(f, 1600000000);

    int err = -1;
    CHECK_EQ_INT(dc_write_atomic(f, "fixed\n", 6, &id, &err), DC_WRITE_CHANGED_ON_DISK);
    CHECK_EQ_INT(err, 0);
    CHECK(file_is(f, "bbbb\n", 5));
    CHECK_EQ_INT(count_entries(dir), 1);

    /* With a fresh identity the same write goes through. */
    id = identity_of(f);
    CHECK_EQ_INT(dc_write_atomic(f, "fixed\n", 6, &id, &err), DC_WRITE_OK);
    CHECK(file_is(f, "fixed\n", 6));
    rm_tree(dir);
    free(f);
    free(dir);
}

DC_TEST(changed_on_disk_size_and_inode) {
    char *dir = make_tmpdir();
    char *f = join(dir, "c.py");
    put_file(f, "aaaa\n", 5, 0644);
    set_mtime(f, 1500000000);
    dc_file_identity id = identity_of(f);

    /* Size differs, mtime forced back to the original. */
    put_file(f, "aaaaaa\n", 7, 0644);
    set_mtime(f, 1500000000);
    int err = -1;
    CHECK_EQ_INT(dc_write_atomic(f, "x", 1, &id, &err), DC_WRITE_CHANGED_ON_DISK);
    CHECK(file_is(f, "aaaaaa\n", 7));

    /* Replaced by another file (new inode) with identical size and mtime, as an editor's own
     * atomic save would do. */
    id = identity_of(f);
    char *other = join(dir, "other");
    put_file(other, "AAAAAA\n", 7, 0644);
    set_mtime(other, 1500000000);
    CHECK_EQ_INT(rename(other, f), 0);
    CHECK_EQ_INT(dc_write_atomic(f, "x", 1, &id, &err), DC_WRITE_CHANGED_ON_DISK);
    CHECK(file_is(f, "AAAAAA\n", 7));
    CHECK_EQ_INT(count_entries(dir), 1);
    rm_tree(dir);
    free(other);
    free(f);
    free(dir);
}

DC_TEST(vanished_file) {
    char *dir = make_tmpdir();
    char *f = join(dir, "gone.py");
    put_file(f, "a", 1, 0644);
    dc_file_identity id = identity_of(f);
    CHECK_EQ_INT(unlink(f), 0);
    int err = -1;
    /* Read earlier, gone now: it changed on disk, and it must not be recreated. */
    CHECK_EQ_INT(dc_write_atomic(f, "b", 1, &id, &err), DC_WRITE_CHANGED_ON_DISK);
    CHECK_EQ_INT(count_entries(dir), 0);
    /* Without an identity it is an I/O error, and still nothing is created. */
    CHECK_EQ_INT(dc_write_atomic(f, "b", 1, NULL, &err), DC_WRITE_ERROR);
    CHECK_EQ_INT(err, ENOENT);
    CHECK_EQ_INT(count_entries(dir), 0);
    rm_tree(dir);
    free(f);
    free(dir);
}

DC_TEST(readonly_refused) {
    char *dir = make_tmpdir();
    char *f = join(dir, "ro.py");
    put_file(f, "keep me\n", 8, 0444);
    dc_file_identity id = identity_of(f);
    int err = -1;
    /* Root could write it; the mode bit still says no. */
    CHECK_EQ_INT(dc_write_atomic(f, "changed\n", 8, &id, &err), DC_WRITE_READONLY);
    CHECK_EQ_INT(err, 0);
    CHECK(file_is(f, "keep me\n", 8));
    CHECK_EQ_INT(mode_of(f), 0444);
    CHECK_EQ_INT(count_entries(dir), 1);

    /* Group/other write bits do not count: the owner-write bit is what matters. */
    CHECK_EQ_INT(chmod(f, 0466), 0);
    CHECK_EQ_INT(dc_write_atomic(f, "changed\n", 8, NULL, &err), DC_WRITE_READONLY);
    CHECK(file_is(f, "keep me\n", 8));
    rm_tree(dir);
    free(f);
    free(dir);
}

DC_TEST(not_a_regular_file) {
    char *dir = make_tmpdir();
    char *sub = join(dir, "d");
    CHECK_EQ_INT(mkdir(sub, 0755), 0);
    int err = -1;
    CHECK_EQ_INT(dc_write_atomic(sub, "x", 1, NULL, &err), DC_WRITE_ERROR);
    CHECK_EQ_INT(err, EISDIR);
    struct stat st;
    CHECK_EQ_INT(lstat(sub, &st), 0);
    CHECK(S_ISDIR(st.st_mode));
    CHECK_EQ_INT(count_entries(dir), 1);
    rm_tree(dir);
    free(sub);
    free(dir);
}

/* ---- injected I/O failures -------------------------------------------------------------- */

static void check_injected_failure(int *dc_failed_, const char *step) {
    static const char orig[] = "original\r\ncontent\0with nul\n";
    char *dir = make_tmpdir();
    char *f = join(dir, "victim.py");
    put_file(f, orig, sizeof orig - 1, 0640);
    set_mtime(f, 1500000000);
    dc_file_identity id = identity_of(f);

    setenv("DC_TEST_FAIL_WRITE", step, 1);
    int err = -1;
    dc_write_status st = dc_write_atomic(f, "replacement\n", 12, &id, &err);
    unsetenv("DC_TEST_FAIL_WRITE");

    CHECK_EQ_INT(st, DC_WRITE_ERROR);
    CHECK_EQ_INT(err, EIO);
    CHECK(file_is(f, orig, sizeof orig - 1));
    CHECK_EQ_INT(mode_of(f), 0640);
    dc_file_identity now = identity_of(f);
    CHECK(now.ino == id.ino && now.size == id.size && now.mtime.tv_sec == id.mtime.tv_sec &&
          now.mtime.tv_nsec == id.mtime.tv_nsec);
    CHECK(!has_temp_file(dir));
    CHECK_EQ_INT(count_entries(dir), 1);

    /* The hook is read per call: with it unset the same write succeeds. */
    CHECK_EQ_INT(dc_write_atomic(f, "replacement\n", 12, &id, &err), DC_WRITE_OK);
    CHECK(file_is(f, "replacement\n", 12));
    rm_tree(dir);
    free(f);
    free(dir);
}

DC_TEST(fail_write_keeps_original) { check_injected_failure(dc_failed_, "write"); }
DC_TEST(fail_fsync_keeps_original) { check_injected_failure(dc_failed_, "fsync"); }
DC_TEST(fail_rename_keeps_original) { check_injected_failure(dc_failed_, "rename"); }

DC_TEST(unknown_hook_value_ignored) {
    char *dir = make_tmpdir();
    char *f = join(dir, "h.py");
    put_file(f, "a", 1, 0644);
    setenv("DC_TEST_FAIL_WRITE", "bogus", 1);
    CHECK_EQ_INT(dc_write_atomic(f, "b", 1, NULL, NULL), DC_WRITE_OK);
    unsetenv("DC_TEST_FAIL_WRITE");
    CHECK(file_is(f, "b", 1));
    rm_tree(dir);
    free(f);
    free(dir);
}

/* ---- stale temp files --------------------------------------------------------------------- */

static bool exists(const char *path) {
    struct stat st;
    return lstat(path, &st) == 0;
}

static void count_removal_notes(dc_diag_level level, const char *location, const char *message, void *ctx) {
    if (level == DC_DIAG_NOTE && strstr(message, "removed stale temp file ")) ++*(int *)ctx;
}

/* Only a leftover of the target itself goes: a regular file of ours, with exactly mkstemp's six
 * random characters, that no one holds locked. Everything else that looks like one stays. */
DC_TEST(stale_temp_removed_only_when_ours_and_unlocked) {
    char *dir = make_tmpdir();
    char *f = join(dir, "s.py");
    put_file(f, "old\n", 4, 0644);
    const char *stale_names[] = {".s.py.dcmigrate-Ab12Cd", ".s.py.dcmigrate-000000"};
    const char *kept_names[] = {".s.py.dcmigrate-Ab12C",    /* five random characters */
                                ".s.py.dcmigrate-Ab12Cd7",  /* seven */
                                ".s.py.dcmigrate-Ab-2Cd",   /* not mkstemp's alphabet */
                                ".t.py.dcmigrate-Ab12Cd",   /* another file's */
                                ".s.pyc.dcmigrate-Ab12Cd",  /* another file's, same start */
                                "s.py.dcmigrate-Ab12Cd"};   /* no leading dot */
    char *paths[8];
    int n = 0;
    for (size_t i = 0; i < sizeof stale_names / sizeof *stale_names; i++) {
        paths[n] = join(dir, stale_names[i]);
        put_file(paths[n++], "partial", 7, 0600);
    }
    for (size_t i = 0; i < sizeof kept_names / sizeof *kept_names; i++) {
        paths[n] = join(dir, kept_names[i]);
        put_file(paths[n++], "partial", 7, 0600);
    }
    /* a live writer's temp file (its lock is on another open file description, as in another
     * thread or process), a symlink and a directory under a matching name */
    char *locked = join(dir, ".s.py.dcmigrate-LoCkEd");
    put_file(locked, "in progress", 11, 0600);
    int lfd = open(locked, O_RDONLY);
    CHECK(lfd >= 0);
    CHECK_EQ_INT(flock(lfd, LOCK_EX), 0);
    char *link = join(dir, ".s.py.dcmigrate-SyMlNk");
    CHECK_EQ_INT(symlink("s.py", link), 0);
    char *sub = join(dir, ".s.py.dcmigrate-DiReCt");
    CHECK_EQ_INT(mkdir(sub, 0700), 0);

    int notes = 0;
    dc_diag_set_printer(count_removal_notes, &notes);
    CHECK_EQ_INT(dc_write_atomic(f, "new\n", 4, NULL, NULL), DC_WRITE_OK);
    CHECK_EQ_INT(notes, 2);
    CHECK(file_is(f, "new\n", 4));
    CHECK(!exists(paths[0]));
    CHECK(!exists(paths[1]));
    for (int i = 2; i < n; i++) CHECK(exists(paths[i]));
    CHECK(file_is(locked, "in progress", 11));
    CHECK(exists(link) && exists(sub));
    CHECK_EQ_INT(count_entries(dir), 1 + (n - 2) + 3);

    /* once its writer is gone, the next write removes it too */
    close(lfd);
    CHECK_EQ_INT(dc_write_atomic(f, "newer\n", 6, NULL, NULL), DC_WRITE_OK);
    dc_diag_set_printer(NULL, NULL);
    CHECK_EQ_INT(notes, 3);
    CHECK(!exists(locked));
    CHECK(exists(link) && exists(sub));
    rm_tree(dir);
    for (int i = 0; i < n; i++) free(paths[i]);
    free(locked);
    free(link);
    free(sub);
    free(f);
    free(dir);
}

/* Directory listings are cached (write.c, dc_temp_cache): a write in another directory and back
 * must list the first one again, or a leftover planted meanwhile would be missed. */
DC_TEST(stale_temp_found_after_switching_directories) {
    char *a = make_tmpdir(), *b = make_tmpdir();
    char *fa = join(a, "a.py"), *fb = join(b, "b.py"), *stale = join(a, ".a.py.dcmigrate-Xy34Zw");
    put_file(fa, "1", 1, 0644);
    put_file(fb, "1", 1, 0644);
    CHECK_EQ_INT(dc_write_atomic(fa, "2", 1, NULL, NULL), DC_WRITE_OK);
    CHECK_EQ_INT(dc_write_atomic(fb, "2", 1, NULL, NULL), DC_WRITE_OK);
    put_file(stale, "partial", 7, 0600);
    CHECK_EQ_INT(dc_write_atomic(fa, "3", 1, NULL, NULL), DC_WRITE_OK);
    CHECK(!exists(stale));
    CHECK_EQ_INT(count_entries(a), 1);
    rm_tree(a);
    rm_tree(b);
    free(stale);
    free(fa);
    free(fb);
    free(a);
    free(b);
}

/* The name of a file too long for ".<name>.dcmigrate-XXXXXX" is cut in the temp name; the
 * cleanup must find leftovers under the cut name as well. */
DC_TEST(stale_temp_of_long_name_removed) {
    char *dir = make_tmpdir();
    char name[256];
    memset(name, 'n', 250);
    memcpy(name + 250, ".py", 4);
    char *f = join(dir, name);
    put_file(f, "a", 1, 0644);
    dc_buf tn = DC_BUF_INIT;
    dc_buf_addc(&tn, '.');
    dc_buf_add(&tn, name, 237);
    dc_buf_adds(&tn, ".dcmigrate-Ab12Cd");
    CHECK_EQ_INT((int)tn.len, 255);
    char *stale = join(dir, tn.p);
    put_file(stale, "partial", 7, 0600);
    CHECK_EQ_INT(dc_write_atomic(f, "b", 1, NULL, NULL), DC_WRITE_OK);
    CHECK(!exists(stale));
    CHECK_EQ_INT(count_entries(dir), 1);
    rm_tree(dir);
    dc_buf_free(&tn);
    free(stale);
    free(f);
    free(dir);
}

DC_TEST(status_strings) {
    CHECK_EQ_STR(dc_write_status_str(DC_WRITE_OK), "written");
    CHECK_EQ_STR(dc_write_status_str(DC_WRITE_CHANGED_ON_DISK), "file changed on disk since it was read; not written");
    CHECK_EQ_STR(dc_write_status_str(DC_WRITE_READONLY), "file is read-only; not written");
    CHECK_EQ_STR(dc_write_status_str(DC_WRITE_ERROR), "write failed");
}

/* ---- dc_write_atomic_at: nothing on the way is resolved (issue 14, item 1) ---------------- */

DC_TEST(at_writes_below_the_directory) {
    char *dir = make_tmpdir(), *sub = join(dir, "src"), *f = join(dir, "src/a.py");
    CHECK_EQ_INT(mkdir(sub, 0755), 0);
    put_file(f, "old\n", 4, 0640);
    dc_file_identity id = identity_of(f);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    int err = -1;
    CHECK_EQ_INT(dc_write_atomic_at(dfd, "src/a.py", "src/a.py", "new\n", 4, &id, &err), DC_WRITE_OK);
    CHECK(file_is(f, "new\n", 4));
    CHECK_EQ_INT(mode_of(f), 0640);
    CHECK(!has_temp_file(sub));
    /* a way out of the directory is refused, even to a file that exists */
    CHECK_EQ_INT(dc_write_atomic_at(dfd, "../x.py", NULL, "x", 1, NULL, &err), DC_WRITE_ERROR);
    CHECK_EQ_INT(err, EXDEV);
    close(dfd);
    rm_tree(dir);
    free(f);
    free(sub);
    free(dir);
}

/* The file, or its directory, swapped for a link to an identical copy elsewhere after it was
 * read: "changed on disk", and the copy keeps its bytes. */
DC_TEST(at_refuses_links_where_the_file_was) {
    char *dir = make_tmpdir(), *out = make_tmpdir();
    char *sub = join(dir, "src"), *f = join(dir, "src/a.py"), *moved = join(dir, "src.moved");
    char *victim = join(out, "a.py");
    CHECK_EQ_INT(mkdir(sub, 0755), 0);
    put_file(f, "same\n", 5, 0644);
    put_file(victim, "same\n", 5, 0644);
    dc_file_identity id = identity_of(f), vid = identity_of(victim);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    int err = -1;
    CHECK_EQ_INT(unlink(f), 0);
    CHECK_EQ_INT(symlink(victim, f), 0);
    CHECK_EQ_INT(dc_write_atomic_at(dfd, "src/a.py", NULL, "new\n", 4, &id, &err), DC_WRITE_CHANGED_ON_DISK);
    CHECK_EQ_INT(dc_write_atomic_at(dfd, "src/a.py", NULL, "new\n", 4, &vid, &err), DC_WRITE_CHANGED_ON_DISK);
    CHECK_EQ_INT(dc_write_atomic_at(dfd, "src/a.py", NULL, "new\n", 4, NULL, &err), DC_WRITE_ERROR);
    CHECK_EQ_INT(err, ELOOP);
    CHECK_EQ_INT(rename(sub, moved), 0);
    CHECK_EQ_INT(symlink(out, sub), 0);
    CHECK_EQ_INT(dc_write_atomic_at(dfd, "src/a.py", NULL, "new\n", 4, &vid, &err), DC_WRITE_CHANGED_ON_DISK);
    CHECK_EQ_INT(err, ELOOP);
    CHECK(file_is(victim, "same\n", 5));
    CHECK(!has_temp_file(out));
    close(dfd);
    rm_tree(dir);
    rm_tree(out);
    free(victim);
    free(moved);
    free(f);
    free(sub);
    free(out);
    free(dir);
}

/* ---- report files (issue 14, item 2) ------------------------------------------------------ */

static dc_write_status stream_write(const char *path, const char *text, int *err) {
    dc_write_stream ws;
    dc_write_status st = dc_write_stream_open(&ws, path, err);
    if (st != DC_WRITE_OK) return st;
    fputs(text, ws.f);
    return dc_write_stream_commit(&ws, err);
}

DC_TEST(stream_refuses_links_and_non_regular_files) {
    char *dir = make_tmpdir(), *victim = join(dir, "victim"), *link = join(dir, "r.json");
    char *dangling = join(dir, "d.json"), *fifo = join(dir, "f.json"), *sub = join(dir, "sub.json");
    put_file(victim, "precious", 8, 0644);
    CHECK_EQ_INT(symlink(victim, link), 0);
    CHECK_EQ_INT(symlink("nowhere", dangling), 0);
    CHECK_EQ_INT(mkfifo(fifo, 0644), 0);
    CHECK_EQ_INT(mkdir(sub, 0755), 0);
    int err = -1;
    CHECK_EQ_INT(stream_write(link, "x", &err), DC_WRITE_SYMLINK);
    CHECK_EQ_INT(stream_write(dangling, "x", &err), DC_WRITE_SYMLINK);
    CHECK_EQ_INT(stream_write(fifo, "x", &err), DC_WRITE_NOT_REGULAR);
    CHECK_EQ_INT(stream_write(sub, "x", &err), DC_WRITE_NOT_REGULAR);
    CHECK(file_is(victim, "precious", 8));
    CHECK_EQ_INT(count_entries(dir), 5);
    CHECK_EQ_STR(dc_write_status_str(DC_WRITE_SYMLINK), "is a symbolic link");
    rm_tree(dir);
    free(sub);
    free(fifo);
    free(dangling);
    free(link);
    free(victim);
    free(dir);
}

DC_TEST(stream_failure_keeps_the_old_report) {
    char *dir = make_tmpdir(), *f = join(dir, "r.json");
    put_file(f, "old", 3, 0640);
    int err = -1;
    const char *steps[] = {"write", "fsync", "rename"};
    for (int i = 0; i < 3; i++) {
        setenv("DC_TEST_FAIL_WRITE", steps[i], 1);
        CHECK_EQ_INT(stream_write(f, "new", &err), DC_WRITE_ERROR);
        CHECK_EQ_INT(err, EIO);
        unsetenv("DC_TEST_FAIL_WRITE");
        CHECK(file_is(f, "old", 3));
        CHECK(!has_temp_file(dir));
    }
    /* an abandoned stream leaves nothing either */
    dc_write_stream ws;
    CHECK_EQ_INT(dc_write_stream_open(&ws, f, &err), DC_WRITE_OK);
    fputs("half", ws.f);
    dc_write_stream_abort(&ws);
    CHECK(file_is(f, "old", 3));
    CHECK_EQ_INT(count_entries(dir), 1);
    CHECK_EQ_INT(stream_write(f, "new", &err), DC_WRITE_OK);
    CHECK(file_is(f, "new", 3));
    CHECK_EQ_INT(mode_of(f), 0640);
    CHECK_EQ_INT(count_entries(dir), 1);
    CHECK_EQ_INT(stream_write("/dev/null", "discarded", &err), DC_WRITE_OK);
    rm_tree(dir);
    free(f);
    free(dir);
}

DC_TEST_MAIN
