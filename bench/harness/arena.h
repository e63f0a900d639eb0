/* Memory that registered benchmarks point at (their arguments and labels):
 * it must live until the run ends, and its owner frees it all after the
 * run, so that nothing is left for a leak checker to report. */
#ifndef SKB_BENCH_ARENA_H
#define SKB_BENCH_ARENA_H

#include <stddef.h>

typedef struct bench_arena {
    void **blocks;
    size_t count, capacity;
} bench_arena;

/* A zeroed block of `bytes` owned by the arena.  Out of memory is reported
 * and ends the program (exit status 2): a benchmark suite that cannot
 * register its benchmarks has nothing to run. */
void *bench_arena_alloc(bench_arena *arena, size_t bytes);

/* Frees every block; the arena is empty and reusable afterwards. */
void bench_arena_free(bench_arena *arena);

#endif
