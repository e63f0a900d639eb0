#include "verify.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

float *bench_alloc_floats(size_t count)
{
    /* NULL, not a wrapped small buffer, when the byte count does not fit. */
    if (count > (SIZE_MAX - 63) / sizeof(float))
        return NULL;
    const size_t bytes = (count * sizeof(float) + 63) / 64 * 64;
    return aligned_alloc(64, bytes ? bytes : 64);
}

void bench_fill_input(float *dst, size_t count, uint64_t seed)
{
    uint64_t state = seed * 0x9E3779B97F4A7C15ull + 1;
    for (size_t i = 0; i < count; i++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        dst[i] = (float)(state >> 40) / 8388608.0f - 1.0f;
    }
}

void bench_poison(float *dst, size_t count)
{
    memset(dst, 0xFF, count * sizeof(float));
}

uint64_t bench_hash(const float *data, size_t count)
{
    return XXH3_64bits(data, count * sizeof(float));
}

void bench_run_reference(const skb_geometry *g, const float *src, float *dst)
{
    skb_kernels_for(SKB_ISA_REFERENCE)->fn[g->op][g->layout][SKB_PATH_DIRECT](g, src, dst, NULL);
}

void *bench_alloc_workspace(const skb_layer_plan *plan, bool *ok)
{
    void *w = plan->workspace_bytes ? bench_alloc_floats(plan->workspace_bytes / sizeof(float))
                                    : NULL;
    *ok = !plan->workspace_bytes || w;
    return w;
}

static unsigned float_bits(float f)
{
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    return bits;
}

bool bench_verify(const skb_layer_plan *plan, const float *src, float *dst, void *workspace,
                  uint64_t expected_hash, char *message, size_t message_size)
{
    const skb_geometry *g = &plan->geom;
    bench_poison(dst, g->dst_elems);
    skb_execute(plan, src, dst, workspace);
    const uint64_t got = bench_hash(dst, g->dst_elems);
    if (got == expected_hash)
        return true;
    float *expected = malloc(g->dst_elems * sizeof(float));
    size_t first = g->dst_elems;
    if (expected) {
        bench_run_reference(g, src, expected);
        for (size_t i = 0; i < g->dst_elems && first == g->dst_elems; i++)
            if (memcmp(&expected[i], &dst[i], sizeof(float)) != 0)
                first = i;
    }
    if (first < g->dst_elems)
        snprintf(message, message_size,
                 "output mismatch: XXH3-64 %016llx, expected (reference) %016llx; first "
                 "difference at element %zu of %zu: %.9g (0x%08x), reference %.9g (0x%08x)",
                 (unsigned long long)got, (unsigned long long)expected_hash, first,
                 g->dst_elems, (double)dst[first], float_bits(dst[first]),
                 (double)expected[first], float_bits(expected[first]));
    else
        snprintf(message, message_size,
                 "output mismatch: XXH3-64 %016llx, expected (reference) %016llx",
                 (unsigned long long)got, (unsigned long long)expected_hash);
    free(expected);
    return false;
}
