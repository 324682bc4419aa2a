/* fileio.h: reading a file that a user named, without the ways that can go wrong quietly.
 *
 * Owns: opening a path as a regular file and reading a descriptor whole. The open is
 * O_NONBLOCK | O_NOCTTY | O_CLOEXEC followed by fstat + S_ISREG on the open descriptor: a FIFO
 * named like a source, rule or config file would otherwise block the run until a writer came,
 * a terminal would become the controlling one, and a stat before the open could describe a
 * different file than the one read. Once the file is known to be regular, O_NONBLOCK is cleared
 * again (it means nothing for regular files, but the descriptor then reads like any other).
 *
 * Opening without following symbolic links (dc_file_open_nofollow): a tree dcmigrate scans may
 * be changed while it runs by someone who wants it to read or write elsewhere, so files found by
 * discovery are opened at the path discovery saw, refusing a symbolic link in any component
 * (ELOOP) and, relative to a directory descriptor, any way out of that directory (EXDEV). One
 * openat2(RESOLVE_NO_SYMLINKS [| RESOLVE_BENEATH]) call where the kernel has it (Linux 5.6), the
 * same cost as open(); otherwise one openat(O_NOFOLLOW) per component.
 *
 * Callers word the errors themselves (each names its own kind of file); dc_file_strerror gives
 * the common reason text. */
#ifndef DC_FILEIO_H
#define DC_FILEIO_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "common/base.h"

typedef enum dc_file_status {
    DC_FILE_OK = 0,
    DC_FILE_ERROR,       /* open, fstat or read failed: errno in *err */
    DC_FILE_NOT_REGULAR, /* *err is EISDIR for a directory, else 0 */
    DC_FILE_TOO_LARGE,   /* more than the caller's limit: *err is EFBIG */
} dc_file_status;

/* Opens `path` for reading as described above; on DC_FILE_OK *fd is the open descriptor (the
 * caller closes it) and *st its fstat. */
dc_file_status dc_file_open_regular(const char *path, int *fd, struct stat *st, int *err);
/* Opens `path` (open(2) `flags` and `mode`; O_NOFOLLOW and O_CLOEXEC are added) relative to
 * `dirfd` (AT_FDCWD: the current directory; ignored for an absolute path) without following a
 * symbolic link in any component: a link gives ELOOP. With `beneath`, the path must also stay
 * below `dirfd`: an absolute path or a ".." that leaves it gives EXDEV. "" opens `dirfd` itself
 * (".", a new open file description). Returns the descriptor, or -1 with errno set.
 * Test hook: DC_TEST_NO_OPENAT2=1 (read once) takes the per-component path as on old kernels. */
int dc_file_open_nofollow(int dirfd, const char *path, int flags, mode_t mode, bool beneath);
/* dc_file_open_regular for a file found by discovery: `rel` opened by dc_file_open_nofollow. */
dc_file_status dc_file_open_regular_at(int dirfd, const char *rel, bool beneath, int *fd, struct stat *st, int *err);
/* Appends everything `fd` reads until end of file to `out` (retrying EINTR). With `limit`
 * non-zero, stops with DC_FILE_TOO_LARGE (out emptied) as soon as more than `limit` bytes came:
 * a stream gets the same bound as a regular file. */
dc_file_status dc_file_read_fd(int fd, uint64_t limit, dc_buf *out, int *err);
/* Both: the whole regular file at `path` into `out` (no limit). */
dc_file_status dc_file_read_regular(const char *path, dc_buf *out, int *err);
/* The reason to show after "cannot read ...: ": strerror(err), "it is a directory" or "not a
 * regular file". */
const char *dc_file_strerror(dc_file_status status, int err);

/* Whether `path` resolves (realpath: every symbolic link followed) to `root` or to a path
 * under it, compared by whole components (/a/bc is not under /a/b). `root` must itself be a
 * resolved absolute path. False when `path` does not resolve (it does not exist, a loop). Used
 * where a file named by the tree must not lead out of the tree: the rule directories a
 * .dcmigrate.yml names and the rule files in them. */
bool dc_file_within(const char *root, const char *path);

#endif
