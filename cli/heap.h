/* heap.h: the allocator the dcmigrate binary runs on, and giving memory back after a large file.
 *
 * Why jemalloc: tree-sitter (measured with 0.20.7; 0.25 parses the same way) allocates and frees a small block for nearly every stack
 * entry and subtree while parsing, and parsing is half of a run on code that uses the SDK. With
 * glibc's malloc, malloc/free/consolidate took ~10% of the CPU of the dense benchmark corpus;
 * with Debian's jemalloc (libjemalloc-dev, linked into the dcmigrate executable only) the whole
 * run takes ~8% less CPU and wall time, at a lower peak RSS (bench/README.md). Sanitizer builds
 * do not link it (ASan brings its own allocator), nor do the unit tests and fuzz targets;
 * scripts/valgrind tells memcheck to replace jemalloc's functions (--soname-synonyms).
 *
 * Configuration (`malloc_conf` in heap.c, read by jemalloc at start; MALLOC_CONF in the
 * environment still overrides it): two arenas instead of jemalloc's four per core, dirty pages
 * returned after 0.5 s, muzzy ones at once. Measured on the dense corpus with -j 2: peak RSS
 * 47-51 MB instead of 62 MB with jemalloc's defaults, at the same speed within noise (one arena
 * and a smaller thread cache: 49 MB, ~1% slower). */
#ifndef DC_HEAP_H
#define DC_HEAP_H

#include <stdint.h>

/* Hands freed memory back to the system (after a large file; see cli/pool.c's budget). */
void dc_heap_trim(void);
/* The per-file memory budget's measure (common/recover.h dc_recover_set_meter): the bytes the
 * calling thread allocated minus those it freed, from jemalloc's per-thread counters (kept
 * anyway: nothing is added to an allocation). NULL without jemalloc (sanitizer builds), or
 * when the allocator keeps no such counters: no budget then. */
uint64_t (*dc_heap_meter(void))(void);

#endif
