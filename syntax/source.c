/* source.c: reading files safely (size limit, binary sniffing, no following of non-regular
 * files; common/fileio.h) and the line table. */
#include "syntax/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/base.h"
#include "common/fileio.h"

bool dc_bytes_look_binary(const char *data, size_t len) {
    size_t n = len < 8192 ? len : 8192;
    return memchr(data, 0, n) != NULL;
}

static void source_sniff(dc_source *s) {
    s->has_bom = s->len >= 3 && (unsigned char)s->data[0] == 0xEF && (unsigned char)s->data[1] == 0xBB &&
                 (unsigned char)s->data[2] == 0xBF;
    const char *nl = memchr(s->data, '\n', s->len);
    s->crlf = nl && nl > s->data && nl[-1] == '\r';
}

dc_source *dc_source_from_bytes(const char *display, dc_lang lang, const char *data, uint32_t len) {
    dc_source *s = dc_xcalloc(1, sizeof *s);
    s->path = dc_xstrdup(display);
    s->dirfd = AT_FDCWD;
    s->data = dc_xmalloc((size_t)len + 1);
    if (len) memcpy(s->data, data, len);
    s->data[len] = 0;
    s->len = len;
    s->lang = lang;
    source_sniff(s);
    return s;
}

/* The bytes in `b` (taken) as a source, unless they look binary. */
static dc_source *source_of(dc_buf *b, const char *display, dc_load_status *status, int *err) {
    if (dc_bytes_look_binary(dc_buf_cstr(b), b->len)) {
        *status = DC_LOAD_BINARY;
        *err = 0;
        dc_buf_free(b);
        return NULL;
    }
    dc_source *s = dc_xcalloc(1, sizeof *s);
    s->path = dc_xstrdup(display);
    s->dirfd = AT_FDCWD;
    s->len = (uint32_t)b->len;
    s->data = dc_buf_detach(b);
    s->lang = dc_lang_from_path(display);
    source_sniff(s);
    *status = DC_LOAD_OK;
    return s;
}

static dc_source *load_fd(int fd, const char *display, uint64_t max_size, dc_load_status *status, int *err) {
    /* A file is capped at 4 GiB by the 32-bit offsets tree-sitter uses; and a stream (stdin,
     * FIFO) gets the same limit as a regular file. */
    uint64_t limit = max_size && max_size < UINT32_MAX - 1 ? max_size : UINT32_MAX - 1;
    dc_buf b = DC_BUF_INIT;
    dc_file_status fs = dc_file_read_fd(fd, limit, &b, err);
    if (fs != DC_FILE_OK) {
        *status = fs == DC_FILE_TOO_LARGE ? DC_LOAD_TOO_LARGE : DC_LOAD_ERROR;
        dc_buf_free(&b);
        return NULL;
    }
    return source_of(&b, display, status, err);
}

/* The open file `fd` (fstat in `st`; closed here) read into a source that remembers where it
 * came from, for the writer. */
static dc_source *load_opened(int fd, const struct stat *st, int dirfd, const char *path, const char *display,
                              uint64_t max_size, dc_load_status *status, int *err) {
    if (max_size && (uint64_t)st->st_size > max_size) {
        *status = DC_LOAD_TOO_LARGE;
        *err = EFBIG;
        close(fd);
        return NULL;
    }
    dc_source *s = load_fd(fd, display, max_size, status, err);
    close(fd);
    if (s) {
        s->open_path = dc_xstrdup(path);
        s->dirfd = dirfd;
        s->dev = st->st_dev;
        s->ino = st->st_ino;
        s->size = st->st_size;
        s->mtime = st->st_mtim;
        s->mode = st->st_mode;
    }
    return s;
}

static dc_load_status load_status_of(dc_file_status fs, int err) {
    if (fs == DC_FILE_NOT_REGULAR) return DC_LOAD_NOT_REGULAR;
    return err == ELOOP || err == EXDEV ? DC_LOAD_LINKED : DC_LOAD_ERROR;
}

dc_source *dc_source_load(const char *path, const char *display, uint64_t max_size, dc_load_status *status,
                          int *err) {
    int fd;
    struct stat st;
    dc_file_status fs = dc_file_open_regular(path, &fd, &st, err);
    if (fs != DC_FILE_OK) {
        *status = fs == DC_FILE_NOT_REGULAR ? DC_LOAD_NOT_REGULAR : DC_LOAD_ERROR;
        return NULL;
    }
    return load_opened(fd, &st, AT_FDCWD, path, display, max_size, status, err);
}

dc_source *dc_source_load_at(int dirfd, const char *rel, const char *display, uint64_t max_size,
                             dc_load_status *status, int *err) {
    int fd;
    struct stat st;
    dc_file_status fs = dc_file_open_regular_at(dirfd, rel, dirfd != AT_FDCWD, &fd, &st, err);
    if (fs != DC_FILE_OK) {
        *status = load_status_of(fs, *err);
        return NULL;
    }
    return load_opened(fd, &st, dirfd, rel, display, max_size, status, err);
}

dc_source *dc_source_load_stdin(const char *display, dc_load_status *status, int *err) {
    *err = 0;
    dc_source *s = load_fd(0, display, 0, status, err);
    if (s) s->from_stdin = true;
    return s;
}

void dc_source_free(dc_source *s) {
    if (!s) return;
    free(s->path);
    free(s->open_path);
    free(s->data);
    free(s->line_starts);
    free(s);
}

static void build_lines(dc_source *s) {
    if (s->line_starts) return;
    uint32_t cap = 64, n = 0;
    uint32_t *ls = dc_xmalloc(cap * sizeof *ls);
    ls[n++] = 0;
    const char *p = s->data, *end = s->data + s->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) break;
        if (n == cap) {
            cap *= 2;
            ls = dc_xrealloc(ls, cap * sizeof *ls);
        }
        ls[n++] = (uint32_t)(nl - s->data) + 1;
        p = nl + 1;
    }
    s->line_starts = ls;
    s->nlines = n;
}

uint32_t dc_source_line_count(dc_source *s) {
    build_lines(s);
    return s->nlines;
}

uint32_t dc_source_line_start(dc_source *s, uint32_t line) {
    build_lines(s);
    if (line == 0) line = 1;
    if (line > s->nlines) return s->len;
    return s->line_starts[line - 1];
}

uint32_t dc_source_line_end(dc_source *s, uint32_t line) {
    build_lines(s);
    uint32_t end = line < s->nlines ? s->line_starts[line] : s->len;
    uint32_t start = dc_source_line_start(s, line);
    if (end > start && s->data[end - 1] == '\n') end--;
    if (end > start && s->data[end - 1] == '\r') end--;
    return end;
}

/* The index of the line holding `byte` (0-based): the last line start <= byte. */
static uint32_t line_index(const dc_source *s, uint32_t byte) {
    uint32_t lo = 0, hi = s->nlines;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->line_starts[mid] <= byte) lo = mid;
        else hi = mid;
    }
    return lo;
}

bool dc_source_crlf_at(dc_source *s, uint32_t byte) {
    build_lines(s);
    if (byte > s->len) byte = s->len;
    uint32_t lo = line_index(s, byte);
    /* the '\n' that ends the line: before the next line's start, or the previous line's */
    uint32_t next = lo + 1 < s->nlines ? s->line_starts[lo + 1] : lo > 0 ? s->line_starts[lo] : 0;
    if (next == 0) return s->crlf;
    return next >= 2 && s->data[next - 2] == '\r';
}

dc_pos dc_source_pos(dc_source *s, uint32_t byte) {
    build_lines(s);
    if (byte > s->len) byte = s->len;
    uint32_t lo = line_index(s, byte);
    uint32_t start = s->line_starts[lo];
    if (lo == 0 && s->has_bom && byte >= 3) start = 3;
    uint32_t col = 1;
    uint32_t i = start;
    if (s->pos_col && s->pos_byte > start && s->pos_byte <= byte) {
        i = s->pos_byte; /* the cached position lies on this line, before `byte`: go on from it */
        col = s->pos_col;
    }
    while (i < byte) {
        /* One column per code point; a byte that does not start a well-formed UTF-8 sequence
         * counts as one column on its own, so positions stay monotonic on odd encodings. The
         * sequence length goes by the lead byte's bit pattern and the continuation bytes only,
         * not by common/text's stricter dc_utf8_len: an overlong or surrogate sequence is one
         * column here, as it always has been in every report, and this loop runs per finding. */
        unsigned char c = (unsigned char)s->data[i];
        uint32_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
        for (uint32_t k = 1; k < n; k++) {
            if (i + k >= s->len || ((unsigned char)s->data[i + k] & 0xC0) != 0x80) {
                n = 1;
                break;
            }
        }
        i += n;
        col++;
    }
    s->pos_byte = i;
    s->pos_col = col;
    return (dc_pos){lo + 1, col};
}
