/* The owner of what benchmark registrations point at. */
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>

static void out_of_memory(void)
{
    fprintf(stderr, "out of memory while registering benchmarks\n");
    exit(2);
}

void *bench_arena_alloc(bench_arena *arena, size_t bytes)
{
    if (arena->count == arena->capacity) {
        const size_t capacity = arena->capacity ? 2 * arena->capacity : 64;
        void **grown = realloc(arena->blocks, capacity * sizeof *grown);
        if (!grown)
            out_of_memory();
        arena->blocks = grown;
        arena->capacity = capacity;
    }
    void *block = calloc(1, bytes ? bytes : 1);
    if (!block)
        out_of_memory();
    arena->blocks[arena->count++] = block;
    return block;
}

void bench_arena_free(bench_arena *arena)
{
    for (size_t i = 0; i < arena->count; i++)
        free(arena->blocks[i]);
    free(arena->blocks);
    *arena = (bench_arena){0};
}
