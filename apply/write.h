/* write.h: the only way dcmigrate changes a file on disk.
 *
 * dc_write_atomic writes `data` to a temp file in the target's directory
 * (".<name>.dcmigrate-XXXXXX"), copies the original's permission bits and (when allowed)
 * owner/group, fsyncs it, re-checks that the target still has the identity it had when it was
 * read, renames it over the target and fsyncs the directory. On any failure the temp file is
 * removed and the target is left untouched. A symlink is written through to its target (the
 * link itself is kept). A target with no owner-write bit is refused as read-only, even for
 * root: dcmigrate does not force.
 *
 * dc_write_atomic_at does the same for a file found by discovery, named as the loader opened it
 * (syntax/source.h: `dirfd`, `open_path`): nothing on the way is resolved, no symbolic link is
 * followed (a link where the file or one of its directories was gives "changed on disk"), and
 * every step after opening the target's directory is relative to that directory's descriptor.
 *
 * dc_write_stream_* write a report (or baseline) file the same way: the caller streams into a
 * temp file next to the target, and commit renames it over the target, so a failed write leaves
 * the old file whole. A target that is a symbolic link (dangling or not) or not a regular file
 * is refused (DC_WRITE_SYMLINK, DC_WRITE_NOT_REGULAR); so is a relative path with a symbolic
 * link among its directories (DC_WRITE_LINKED_DIR: a checkout can plant one), while an absolute
 * path's directories are followed as written. A new file gets the mode fopen would give it, an
 * existing one keeps its mode (and owner, where allowed). A path in /dev (/dev/null,
 * /dev/stdout) is opened as named, without a temp file: no checkout can plant anything there.
 *
 * The temp file is flock()ed (LOCK_EX) until it is renamed or removed. Before creating it,
 * dc_write_atomic removes stale ".<name>.dcmigrate-XXXXXX" siblings of the target, left by a
 * dcmigrate killed mid-write: only regular files of ours that no one holds locked, each with a
 * note through diag (write.c explains the choice). */
#ifndef DC_WRITE_H
#define DC_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

typedef struct dc_file_identity {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
} dc_file_identity;

typedef enum dc_write_status {
    DC_WRITE_OK = 0,
    DC_WRITE_CHANGED_ON_DISK, /* target's identity differs from `expect`: not written */
    DC_WRITE_READONLY,        /* target has no owner-write bit: not written */
    DC_WRITE_ERROR,           /* I/O error (ENOSPC, EDQUOT, EACCES, ...): not written */
    /* report files only (dc_write_stream_open): refused, nothing created */
    DC_WRITE_SYMLINK,         /* the target is a symbolic link */
    DC_WRITE_LINKED_DIR,      /* a directory of a relative target path is a symbolic link */
    DC_WRITE_NOT_REGULAR      /* the target exists and is not a regular file */
} dc_write_status;

/* `expect` may be NULL to skip the changed-on-disk check. On non-OK, *err receives errno
 * (0 when not applicable). The caller formats the message with dc_write_status_str. */
dc_write_status dc_write_atomic(const char *path, const char *data, size_t len, const dc_file_identity *expect,
                                int *err);
/* `rel` relative to the directory `dirfd` (below it), or absolute with dirfd AT_FDCWD; `display`
 * names the file in notes (NULL: rel). */
dc_write_status dc_write_atomic_at(int dirfd, const char *rel, const char *display, const char *data, size_t len,
                                   const dc_file_identity *expect, int *err);
/* The words for a status: "file changed on disk since it was read; not written", ...; for the
 * report-only refusals only what was found ("is a symbolic link"), the caller says what it did. */
const char *dc_write_status_str(dc_write_status st);

/* A report file being written: `f` takes the content. */
typedef struct dc_write_stream {
    FILE *f;
    struct dc_wr *w; /* private (write.c) */
} dc_write_stream;

/* DC_WRITE_OK: ws->f is open on the temp file, and SIGINT/SIGTERM/SIGHUP are blocked in this
 * thread until commit or abort (so no interrupt leaves the temp file behind). Otherwise nothing
 * was created, *err is errno (0 for a refusal). */
dc_write_status dc_write_stream_open(dc_write_stream *ws, const char *path, int *err);
/* Flushes, syncs and renames the temp file over the target: DC_WRITE_OK, or DC_WRITE_ERROR with
 * *err set and the old target untouched. Closes the stream either way. */
dc_write_status dc_write_stream_commit(dc_write_stream *ws, int *err);
/* The temp file removed, the target untouched (a no-op after commit or a failed open). */
void dc_write_stream_abort(dc_write_stream *ws);

/* Test hook: when the environment variable DC_TEST_FAIL_WRITE names a step ("write", "fsync",
 * "rename"), that step fails with EIO. Used by the write-error tests; costs one getenv. */

#endif
