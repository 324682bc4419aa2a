/* fileio.c: see fileio.h. */
#include "common/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

dc_file_status dc_file_open_regular(const char *path, int *fd, struct stat *st, int *err) {
    *err = 0;
    *fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
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
