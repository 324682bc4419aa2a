/* source.h: one input file in memory, and byte offset -> line/column.
 *
 * Ownership: dc_source_load* return a heap object the caller releases with dc_source_free.
 * `data` is owned by the source and NUL-terminated (a NUL inside the file is kept; len is the
 * real length). Everything else that points into a file (string views, ranges, tree-sitter
 * nodes) borrows from `data` and must not outlive the source.
 *
 * Columns are 1-based and count Unicode code points (SARIF columnKind "unicodeCodePoints");
 * a UTF-8 BOM is not a column; invalid UTF-8 bytes count one column each; CRLF ends a line at
 * the LF, and the CR is never a column anyone reports. */
#ifndef DC_SOURCE_H
#define DC_SOURCE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "syntax/lang.h"

typedef enum dc_load_status {
    DC_LOAD_OK = 0,
    DC_LOAD_ERROR,     /* could not open/read: errno in `err` */
    DC_LOAD_BINARY,    /* a NUL byte in the first 8 KiB, or not text by our heuristics */
    DC_LOAD_TOO_LARGE, /* larger than the size limit */
    DC_LOAD_NOT_REGULAR,
    DC_LOAD_LINKED     /* dc_source_load_at: a symbolic link on the path (ELOOP) or a way out (EXDEV) */
} dc_load_status;

typedef struct dc_source {
    char *path;     /* display path, as the user will see it in reports */
    char *open_path;/* the path it was read from (the writer writes there); NULL for stdin/bytes */
    int dirfd;      /* open_path is relative to it (borrowed from the file list; AT_FDCWD: as is) */
    char *data;     /* file bytes + NUL */
    uint32_t len;
    dc_lang lang;
    bool has_bom;   /* starts with EF BB BF */
    bool crlf;      /* the first line ending is CRLF: inserted lines use it */
    /* identity at read time, so --fix can refuse to write a file that changed meanwhile */
    bool from_stdin;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    mode_t mode;
    /* lazily built line-start table */
    uint32_t *line_starts;
    uint32_t nlines;
    /* the last position dc_source_pos counted (byte, its column; 0: none), where the next one
     * on the same line continues counting: findings come in order, and counting each one's column
     * from its line's start was quadratic on a long line (50,000 findings on one 2 MB line) */
    uint32_t pos_byte, pos_col;
} dc_source;

typedef struct dc_pos {
    uint32_t line;   /* 1-based */
    uint32_t column; /* 1-based, code points */
} dc_pos;

/* Reads `path` (display name `display`, may equal path). On failure returns NULL and sets
 * *status and *err (errno). max_size 0 means no limit. */
dc_source *dc_source_load(const char *path, const char *display, uint64_t max_size, dc_load_status *status,
                          int *err);
/* Reads a file found by discovery where discovery found it (discover.h: `dirfd`, `rel`): no
 * symbolic link is followed on the way, and with a directory descriptor the file must lie below
 * it (common/fileio.h). A path changed into a link since gives DC_LOAD_LINKED. */
dc_source *dc_source_load_at(int dirfd, const char *rel, const char *display, uint64_t max_size,
                             dc_load_status *status, int *err);
/* Reads standard input entirely; `display` names the file (for language and reports). */
dc_source *dc_source_load_stdin(const char *display, dc_load_status *status, int *err);
/* Wraps bytes (copied) as a source; used by tests, fuzzers and the fix loop. */
dc_source *dc_source_from_bytes(const char *display, dc_lang lang, const char *data, uint32_t len);
void dc_source_free(dc_source *s);

/* True when the bytes look binary: a NUL in the first 8 KiB. */
bool dc_bytes_look_binary(const char *data, size_t len);

/* Whether the line holding `byte` ends in CRLF; for a last line with no ending, the line before
 * it (a file of one such line: s->crlf). What a fix inserts at `byte` ends its lines the same way
 * (apply/apply.c), so a file that mixes endings keeps each line's own (issue 14). */
bool dc_source_crlf_at(dc_source *s, uint32_t byte);
dc_pos dc_source_pos(dc_source *s, uint32_t byte);
/* Byte offsets of the start of `line` (1-based) and of its end (before CR/LF). */
uint32_t dc_source_line_start(dc_source *s, uint32_t line);
uint32_t dc_source_line_end(dc_source *s, uint32_t line);
uint32_t dc_source_line_count(dc_source *s);

#endif
