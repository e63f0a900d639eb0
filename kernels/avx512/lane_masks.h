/* 8-lane masks for the avx512 variant's own paths (masked loads and stores
 * of AVX-512VL). */
#ifndef SKB_AVX512_LANE_MASKS_H
#define SKB_AVX512_LANE_MASKS_H

#include <immintrin.h>
#include <stddef.h>

/* Lanes [lo, hi) of an 8-lane mask, the bounds clamped to [0, 8]; none if
 * the range is empty. */
static inline __mmask8 lanes_between(ptrdiff_t lo, ptrdiff_t hi)
{
    lo = lo < 0 ? 0 : lo > 8 ? 8 : lo;
    hi = hi < 0 ? 0 : hi > 8 ? 8 : hi;
    return lo < hi ? (__mmask8)(((1u << hi) - 1u) & ~((1u << lo) - 1u)) : 0;
}

#endif
