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
 * The temp file is flock()ed (LOCK_EX) until it is renamed or removed. Before creating it,
 * dc_write_atomic removes stale ".<name>.dcmigrate-XXXXXX" siblings of the target, left by a
 * dcmigrate killed mid-write: only regular files of ours that no one holds locked, each with a
 * note through diag (write.c explains the choice). */
#ifndef DC_WRITE_H
#define DC_WRITE_H

#include <stdbool.h>
#include <stddef.h>
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
    DC_WRITE_ERROR            /* I/O error (ENOSPC, EDQUOT, EACCES, ...): not written */
} dc_write_status;

/* `expect` may be NULL to skip the changed-on-disk check. On non-OK, *err receives errno
 * (0 when not applicable). The caller formats the message with dc_write_status_str. */
dc_write_status dc_write_atomic(const char *path, const char *data, size_t len, const dc_file_identity *expect,
                                int *err);
const char *dc_write_status_str(dc_write_status st);

/* Test hook: when the environment variable DC_TEST_FAIL_WRITE names a step ("write", "fsync",
 * "rename"), that step fails with EIO. Used by the write-error tests; costs one getenv. */

#endif
