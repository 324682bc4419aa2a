/* base.h: the small value types and growable containers every dcmigrate module uses.
 *
 * Memory rule (stated once, like jq's jv.h): a function that returns a pointer says in its
 * header comment who owns it. Everything allocated from a dc_arena lives until the arena is
 * reset or freed; nothing arena-allocated is ever passed to free(). dc_buf and DC_VEC own their
 * heap storage and are released with dc_buf_free / dc_vec_free.
 *
 * Allocation failure is fatal (dc_xmalloc exits with a message): a codemod that runs out of
 * memory half way through must not limp on and write a truncated file. Inside a file's recovery
 * point (common/recover.h) it gives up that file instead, whose fixes are then not written.
 */
#ifndef DC_BASE_H
#define DC_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__)
#define DC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define DC_NORETURN __attribute__((noreturn))
#else
#define DC_PRINTF(a, b)
#define DC_NORETURN
#endif

/* ---- allocation ---------------------------------------------------------------------- */
void *dc_xmalloc(size_t n);
void *dc_xcalloc(size_t n, size_t size);
void *dc_xrealloc(void *p, size_t n);
char *dc_xstrdup(const char *s);
char *dc_xstrndup(const char *s, size_t n);
DC_NORETURN void dc_die(const char *fmt, ...) DC_PRINTF(1, 2);

/* ---- string views and byte ranges ---------------------------------------------------- */
/* A view into a buffer owned by someone else (usually the source file); not NUL-terminated. */
typedef struct dc_sv {
    const char *p;
    uint32_t len;
} dc_sv;

static inline dc_sv dc_sv_from(const char *p, size_t len) { return (dc_sv){p, (uint32_t)len}; }
static inline dc_sv dc_sv_cstr(const char *s) { return (dc_sv){s, (uint32_t)strlen(s)}; }
static inline bool dc_sv_eq(dc_sv a, dc_sv b) { return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0); }
static inline bool dc_sv_eq_cstr(dc_sv a, const char *s) { return dc_sv_eq(a, dc_sv_cstr(s)); }

/* Half-open byte range [start, end) into a source buffer. */
typedef struct dc_range {
    uint32_t start, end;
} dc_range;

/* ---- arena: per-file and per-run bump allocation ------------------------------------- */
typedef struct dc_arena_block dc_arena_block;
typedef struct dc_arena {
    dc_arena_block *head;
    size_t block_size;
    size_t total; /* bytes handed out since the last reset, for the memory tests */
} dc_arena;

void dc_arena_init(dc_arena *a, size_t block_size);
void *dc_arena_alloc(dc_arena *a, size_t n);   /* 16-byte aligned, zeroed */
char *dc_arena_strndup(dc_arena *a, const char *s, size_t n);
char *dc_arena_strdup(dc_arena *a, const char *s);
char *dc_arena_printf(dc_arena *a, const char *fmt, ...) DC_PRINTF(2, 3);
/* Keeps the first block, frees the rest: a per-file arena is reset between files so peak
 * memory tracks the largest file, not the number of files. */
void dc_arena_reset(dc_arena *a);
void dc_arena_free(dc_arena *a);

/* ---- dc_buf: a growable byte string that is never NULL (git's strbuf) ---------------- */
typedef struct dc_buf {
    char *p; /* always NUL-terminated; points at dc_buf_slop ("") while cap is 0 */
    size_t len, cap;
} dc_buf;

/* The shared empty string of every dc_buf that owns no storage (git's strbuf_slopbuf): a
 * buffer is readable as a C string from its first line on, and cap 0 tells the functions below
 * not to free or write it. A zeroed dc_buf (a member of a calloc'd struct) is accepted too: its
 * first append or dc_buf_free points it here. */
extern char dc_buf_slop[1];
#define DC_BUF_INIT {dc_buf_slop, 0, 0}
void dc_buf_grow(dc_buf *b, size_t extra);
void dc_buf_add(dc_buf *b, const void *data, size_t n);
void dc_buf_addc(dc_buf *b, char c);
void dc_buf_adds(dc_buf *b, const char *s);
void dc_buf_addsv(dc_buf *b, dc_sv sv);
void dc_buf_printf(dc_buf *b, const char *fmt, ...) DC_PRINTF(2, 3);
void dc_buf_vprintf(dc_buf *b, const char *fmt, va_list ap);
void dc_buf_reset(dc_buf *b);
void dc_buf_free(dc_buf *b);
/* Gives the heap string to the caller (free()), leaving b empty (as DC_BUF_INIT). Never NULL. */
char *dc_buf_detach(dc_buf *b);
static inline const char *dc_buf_cstr(const dc_buf *b) { return b->p ? b->p : ""; }

/* ---- DC_VEC: typed growable array (tree-sitter's Array(T)) --------------------------- */
#define DC_VEC(T) struct { T *v; uint32_t len, cap; }
#define dc_vec_reserve(a, n) dc__vec_reserve((void **)&(a)->v, &(a)->cap, sizeof(*(a)->v), (n))
#define dc_vec_push(a, x) (dc_vec_reserve((a), (a)->len + 1), (a)->v[(a)->len++] = (x))
#define dc_vec_free(a) (free((a)->v), (a)->v = NULL, (a)->len = (a)->cap = 0)
#define dc_vec_clear(a) ((a)->len = 0)
void dc__vec_reserve(void **v, uint32_t *cap, size_t elem, uint32_t want);

/* ---- small helpers ------------------------------------------------------------------- */
bool dc_str_starts_with(const char *s, const char *prefix);
bool dc_str_ends_with(const char *s, const char *suffix);

#endif
