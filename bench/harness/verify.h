/* Verify-then-time: a variant's output hash must equal the reference's on
 * the same input before it may be timed. */
#ifndef SKB_BENCH_VERIFY_H
#define SKB_BENCH_VERIFY_H

#include "skb.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A buffer of `count` floats on a 64-byte (cache line) boundary, as
 * frameworks allocate tensors; free() releases it.  NULL if out of memory. */
float *bench_alloc_floats(size_t count);

/* Deterministic pseudo-random floats in [-1, 1). */
void bench_fill_input(float *dst, size_t count, uint64_t seed);

/* Fills with 0xFF bytes: a NaN (0xFFFFFFFF) that no kernel computes, so an
 * element a kernel fails to write cannot pass for a right one. */
void bench_poison(float *dst, size_t count);

/* XXH3-64 of `count` floats. */
uint64_t bench_hash(const float *data, size_t count);

/* Poisons dst, executes the plan on src into dst and compares the output's
 * hash with expected_hash.  On a mismatch returns false and writes both
 * hashes and the first differing element (found by running the reference)
 * into message. */
bool bench_verify(const skb_layer_plan *plan, const float *src, float *dst, void *workspace,
                  uint64_t expected_hash, char *message, size_t message_size);

/* The reference kernel of g's op and layout, src into dst. */
void bench_run_reference(const skb_geometry *g, const float *src, float *dst);

/* The plan's workspace (NULL if it needs none); *ok is false if it could
 * not be allocated.  Freed with free(). */
void *bench_alloc_workspace(const skb_layer_plan *plan, bool *ok);

#endif
