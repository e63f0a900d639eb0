/* Loads and stores of the first n < 4 floats of a 128-bit vector, built
 * from 4- and 8-byte moves: they touch no byte past p[n-1].  Used by the
 * SSE vocabulary and for AVX2 tails (VMASKMOVPS is slow to store on some
 * CPUs, and some emulators fault on its masked-off lanes). */
#ifndef SKB_SIMD_SSE_TAIL_H
#define SKB_SIMD_SSE_TAIL_H

#include <immintrin.h>
#include <stddef.h>

/* Two floats into the low lanes; MOVQ has no alignment requirement (and the
 * intrinsic uses an unaligned type, unlike _mm_load_sd's double). */
static inline __m128 skb_sse_load_pair(const float *p)
{
    return _mm_castsi128_ps(_mm_loadl_epi64((const __m128i *)(const void *)p));
}

static inline __m128 skb_sse_load_tail(const float *p, size_t n)
{
    switch (n) {
    case 1:
        return _mm_load_ss(p);
    case 2:
        return skb_sse_load_pair(p);
    case 3:
        return _mm_movelh_ps(skb_sse_load_pair(p), _mm_load_ss(p + 2));
    default:
        return _mm_setzero_ps();
    }
}

static inline void skb_sse_store_tail(float *p, __m128 v, size_t n)
{
    if (n & 2) {
        _mm_storel_epi64((__m128i *)(void *)p, _mm_castps_si128(v));
        p += 2;
        v = _mm_movehl_ps(v, v);
    }
    if (n & 1)
        _mm_store_ss(p, v);
}

#endif
