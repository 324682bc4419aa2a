/* base.c: allocation, arena, dc_buf, vector growth. See base.h for the ownership rules. */
#include "common/base.h"

#include <stdio.h>
#include <stdlib.h>

#include "common/recover.h"

DC_NORETURN void dc_die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("dcmigrate: fatal: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

/* Every allocation of ours is where a file's work can be over its memory budget (checked on
 * every 64th, and on any large one) or find its allocation failed: inside a file's recovery
 * point that file is given up (common/recover.h); outside one, out of memory is fatal, as the
 * memory rule in base.h says. The counter is per thread, like the recovery points it serves. */
static _Thread_local unsigned allocations;

static void *checked(void *p, size_t n) {
    if (!p) {
        dc_recover_escape(DC_RECOVER_NOMEM, false);
        dc_die("out of memory allocating %zu bytes", n);
    }
    if ((++allocations & 63u) == 0 || n >= (1u << 20)) dc_recover_poll();
    return p;
}

void *dc_xmalloc(size_t n) { return checked(malloc(n ? n : 1), n); }

void *dc_xcalloc(size_t n, size_t size) { return checked(calloc(n ? n : 1, size ? size : 1), n * size); }

void *dc_xrealloc(void *p, size_t n) { return checked(realloc(p, n ? n : 1), n); }

char *dc_xstrndup(const char *s, size_t n) {
    char *p = dc_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *dc_xstrdup(const char *s) { return dc_xstrndup(s, strlen(s)); }

/* ---- arena ---------------------------------------------------------------------------- */
struct dc_arena_block {
    dc_arena_block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

void dc_arena_init(dc_arena *a, size_t block_size) {
    a->head = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
    a->total = 0;
}

void *dc_arena_alloc(dc_arena *a, size_t n) {
    size_t need = (n + 15) & ~(size_t)15;
    if (need == 0) need = 16;
    dc_arena_block *b = a->head;
    if (!b || b->size - b->used < need) {
        size_t size = need > a->block_size ? need : a->block_size;
        dc_arena_block *nb = dc_xmalloc(sizeof(*nb) + size);
        nb->used = 0;
        nb->size = size;
        /* A large one-off allocation goes behind the current block so the current block's
         * free space is not wasted. */
        if (b && need > a->block_size) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += need;
    a->total += need;
    memset(p, 0, n);
    return p;
}

char *dc_arena_strndup(dc_arena *a, const char *s, size_t n) {
    char *p = dc_arena_alloc(a, n + 1);
    if (n) memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *dc_arena_strdup(dc_arena *a, const char *s) { return dc_arena_strndup(a, s, strlen(s)); }

char *dc_arena_printf(dc_arena *a, const char *fmt, ...) {
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = dc_arena_alloc(a, (size_t)(n < 0 ? 0 : n) + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

void dc_arena_reset(dc_arena *a) {
    dc_arena_block *b = a->head, *keep = NULL;
    while (b) {
        dc_arena_block *next = b->next;
        if (!keep && b->size == a->block_size) {
            keep = b;
        } else {
            free(b);
        }
        b = next;
    }
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    a->head = keep;
    a->total = 0;
}

void dc_arena_free(dc_arena *a) {
    dc_arena_block *b = a->head;
    while (b) {
        dc_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}

/* ---- dc_buf --------------------------------------------------------------------------- */
char dc_buf_slop[1];

void dc_buf_grow(dc_buf *b, size_t extra) {
    if (!b->p) b->p = dc_buf_slop;
    if (b->len + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    char *np = b->cap ? dc_xrealloc(b->p, cap) : dc_xmalloc(cap);
    if (!b->cap) np[0] = 0;
    b->p = np;
    b->cap = cap;
}

void dc_buf_add(dc_buf *b, const void *data, size_t n) {
    dc_buf_grow(b, n);
    if (n) memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = 0;
}

void dc_buf_addc(dc_buf *b, char c) { dc_buf_add(b, &c, 1); }
void dc_buf_adds(dc_buf *b, const char *s) { dc_buf_add(b, s, strlen(s)); }
void dc_buf_addsv(dc_buf *b, dc_sv sv) { dc_buf_add(b, sv.p, sv.len); }

void dc_buf_vprintf(dc_buf *b, const char *fmt, va_list ap) {
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    if (n > 0) {
        dc_buf_grow(b, (size_t)n);
        vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap2);
        b->len += (size_t)n;
    }
    va_end(ap2);
}

void dc_buf_printf(dc_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    dc_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void dc_buf_reset(dc_buf *b) {
    b->len = 0;
    if (b->cap) b->p[0] = 0;
}

void dc_buf_free(dc_buf *b) {
    if (b->cap) free(b->p);
    b->p = dc_buf_slop;
    b->len = b->cap = 0;
}

char *dc_buf_detach(dc_buf *b) {
    char *p = b->cap ? b->p : dc_xstrdup("");
    b->p = dc_buf_slop;
    b->len = b->cap = 0;
    return p;
}

void dc__vec_reserve(void **v, uint32_t *cap, size_t elem, uint32_t want) {
    if (want <= *cap) return;
    uint32_t nc = *cap ? *cap : 8;
    while (nc < want) nc *= 2;
    *v = dc_xrealloc(*v, (size_t)nc * elem);
    *cap = nc;
}

bool dc_str_starts_with(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

bool dc_str_ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}
