/* The f32 vector vocabulary for AVX2 (see f32_scalar.h for the contract). */
#ifndef SKB_SIMD_F32_AVX2_H
#define SKB_SIMD_F32_AVX2_H

#include <immintrin.h>
#include <stddef.h>

#include "mxcsr.h"
#include "sse_tail.h"

#define SKB_ISA_TAG avx2
#define VF_WIDTH 8

typedef __m256 vf;
typedef __m256 vmask;

static inline vf vf_zero(void) { return _mm256_setzero_ps(); }
static inline vf vf_set1(float x) { return _mm256_set1_ps(x); }
static inline vf vf_loadu(const float *p) { return _mm256_loadu_ps(p); }
static inline void vf_storeu(float *p, vf v) { _mm256_storeu_ps(p, v); }

/* Tails from a full or partial low half and a partial high half. */
static inline vf vf_load_tail(const float *p, size_t n)
{
    if (n < 4)
        return _mm256_zextps128_ps256(skb_sse_load_tail(p, n));
    return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(p)),
                                skb_sse_load_tail(p + 4, n - 4), 1);
}
static inline void vf_store_tail(float *p, vf v, size_t n)
{
    if (n < 4) {
        skb_sse_store_tail(p, _mm256_castps256_ps128(v), n);
        return;
    }
    _mm_storeu_ps(p, _mm256_castps256_ps128(v));
    skb_sse_store_tail(p + 4, _mm256_extractf128_ps(v, 1), n - 4);
}

static inline vf vf_add(vf a, vf b) { return _mm256_add_ps(a, b); }
static inline vf vf_mul(vf a, vf b) { return _mm256_mul_ps(a, b); }
static inline vf vf_div(vf a, vf b) { return _mm256_div_ps(a, b); }
/* VMAXPS returns its second operand unless the first is greater. */
static inline vf vf_max_first(vf m, vf x) { return _mm256_max_ps(x, m); }
static inline vmask vm_none(void) { return _mm256_setzero_ps(); }
static inline vmask vm_or_nan(vmask acc, vf x)
{
    return _mm256_or_ps(acc, _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
}
static inline vf vf_canonical_nan(vf m, vmask acc)
{
    return _mm256_blendv_ps(m, _mm256_castsi256_ps(_mm256_set1_epi32(0x7FC00000)), acc);
}

/* Even lanes of a:b. */
static inline vf vf_deinterleave2(vf a, vf b)
{
    const __m256 evens = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0)); /* a0 a2 b0 b2 a4 a6 b4 b6 */
    return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(evens), _MM_SHUFFLE(3, 1, 2, 0)));
}
/* Lanes 0, 3, ..., 21 of a:b:c. */
static inline vf vf_deinterleave3(vf a, vf b, vf c)
{
    const __m256 pa = _mm256_permutevar8x32_ps(a, _mm256_setr_epi32(0, 3, 6, 0, 0, 0, 0, 0));
    const __m256 pb = _mm256_permutevar8x32_ps(b, _mm256_setr_epi32(0, 0, 0, 1, 4, 7, 0, 0));
    const __m256 pc = _mm256_permutevar8x32_ps(c, _mm256_setr_epi32(0, 0, 0, 0, 0, 0, 2, 5));
    return _mm256_blend_ps(_mm256_blend_ps(pa, pb, 0x38), pc, 0xC0);
}
static inline vf vf_select_nan(vf v, vf x)
{
    return _mm256_blendv_ps(v, x, _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
}
static inline void vf_transpose(vf *r)
{
    const __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
    const __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
    const __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
    const __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
    const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    const __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    const __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    const __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    r[0] = _mm256_permute2f128_ps(u0, u4, 0x20);
    r[1] = _mm256_permute2f128_ps(u1, u5, 0x20);
    r[2] = _mm256_permute2f128_ps(u2, u6, 0x20);
    r[3] = _mm256_permute2f128_ps(u3, u7, 0x20);
    r[4] = _mm256_permute2f128_ps(u0, u4, 0x31);
    r[5] = _mm256_permute2f128_ps(u1, u5, 0x31);
    r[6] = _mm256_permute2f128_ps(u2, u6, 0x31);
    r[7] = _mm256_permute2f128_ps(u3, u7, 0x31);
}

/* Lanes of v to the even lanes of lo:hi, odd lanes +0.0f. */
static inline void vf_spread2(vf v, vf *lo, vf *hi)
{
    const __m256 a = _mm256_unpacklo_ps(v, _mm256_setzero_ps()); /* v0 0 v1 0 | v4 0 v5 0 */
    const __m256 b = _mm256_unpackhi_ps(v, _mm256_setzero_ps()); /* v2 0 v3 0 | v6 0 v7 0 */
    *lo = _mm256_permute2f128_ps(a, b, 0x20);
    *hi = _mm256_permute2f128_ps(a, b, 0x31);
}

/* Odd lanes of a:b. */
static inline vf vf_deinterleave2_odd(vf a, vf b)
{
    const __m256 odds = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1)); /* a1 a3 b1 b3 a5 a7 b5 b7 */
    return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(odds), _MM_SHUFFLE(3, 1, 2, 0)));
}

/* Half-vector moves for runs shorter than a vector (templates/rows.h). */
#define VF_HAS_MOVE4 1
static inline void vf_move4(float *dst, const float *src) { _mm_storeu_ps(dst, _mm_loadu_ps(src)); }
static inline void vf_accumulate4(float *acc, const float *x)
{
    _mm_storeu_ps(acc, _mm_add_ps(_mm_loadu_ps(acc), _mm_loadu_ps(x)));
}

/* Lanes ordered so far (see f32_scalar.h). */
typedef __m256 vord;
static inline vord vo_all(void) { return _mm256_castsi256_ps(_mm256_set1_epi32(-1)); }
static inline vord vo_and_ordered(vord acc, vf x)
{
    return _mm256_and_ps(acc, _mm256_cmp_ps(x, x, _CMP_ORD_Q));
}
static inline vf vf_nan_unless_ordered(vf m, vord acc)
{
    return _mm256_blendv_ps(_mm256_castsi256_ps(_mm256_set1_epi32(0x7FC00000)), m, acc);
}

#include "f32_common.h"

#endif
