/* The f32 vector vocabulary for SSE4.1 (see f32_scalar.h for the contract). */
#ifndef SKB_SIMD_F32_SSE_H
#define SKB_SIMD_F32_SSE_H

#include <immintrin.h>
#include <stddef.h>

#include "mxcsr.h"
#include "sse_tail.h"

#define SKB_ISA_TAG sse
#define VF_WIDTH 4

typedef __m128 vf;
typedef __m128 vmask;

static inline vf vf_zero(void) { return _mm_setzero_ps(); }
static inline vf vf_set1(float x) { return _mm_set1_ps(x); }
static inline vf vf_loadu(const float *p) { return _mm_loadu_ps(p); }
static inline void vf_storeu(float *p, vf v) { _mm_storeu_ps(p, v); }

/* SSE has no masked load: tails are assembled from 4- and 8-byte moves. */
static inline vf vf_load_tail(const float *p, size_t n) { return skb_sse_load_tail(p, n); }
static inline void vf_store_tail(float *p, vf v, size_t n) { skb_sse_store_tail(p, v, n); }

static inline vf vf_add(vf a, vf b) { return _mm_add_ps(a, b); }
static inline vf vf_mul(vf a, vf b) { return _mm_mul_ps(a, b); }
static inline vf vf_div(vf a, vf b) { return _mm_div_ps(a, b); }
/* MAXPS returns its second operand unless the first is greater. */
static inline vf vf_max_first(vf m, vf x) { return _mm_max_ps(x, m); }
static inline vmask vm_none(void) { return _mm_setzero_ps(); }
static inline vmask vm_or_nan(vmask acc, vf x) { return _mm_or_ps(acc, _mm_cmpunord_ps(x, x)); }
static inline vf vf_canonical_nan(vf m, vmask acc)
{
    return _mm_blendv_ps(m, _mm_castsi128_ps(_mm_set1_epi32(0x7FC00000)), acc);
}

/* Even lanes of a:b. */
static inline vf vf_deinterleave2(vf a, vf b) { return _mm_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0)); }
/* Lanes 0, 3, 6, 9 of a:b:c. */
static inline vf vf_deinterleave3(vf a, vf b, vf c)
{
    const __m128 a0_a3_b2 = _mm_shuffle_ps(a, b, _MM_SHUFFLE(2, 2, 3, 0));
    const __m128 b2_c1 = _mm_shuffle_ps(b, c, _MM_SHUFFLE(1, 1, 2, 2));
    return _mm_shuffle_ps(a0_a3_b2, b2_c1, _MM_SHUFFLE(2, 0, 1, 0));
}
static inline vf vf_select_nan(vf v, vf x) { return _mm_blendv_ps(v, x, _mm_cmpunord_ps(x, x)); }
static inline void vf_transpose(vf *r) { _MM_TRANSPOSE4_PS(r[0], r[1], r[2], r[3]); }

/* Lanes of v to the even lanes of lo:hi, odd lanes +0.0f. */
static inline void vf_spread2(vf v, vf *lo, vf *hi)
{
    *lo = _mm_unpacklo_ps(v, _mm_setzero_ps());
    *hi = _mm_unpackhi_ps(v, _mm_setzero_ps());
}

/* Odd lanes of a:b. */
static inline vf vf_deinterleave2_odd(vf a, vf b) { return _mm_shuffle_ps(a, b, _MM_SHUFFLE(3, 1, 3, 1)); }

/* Lanes ordered so far (see f32_scalar.h), held inverted (the lanes that
 * saw a NaN): the blend then keeps m in its own register, one copy fewer
 * per vector with SSE's two-operand BLENDVPS. */
typedef __m128 vord;
static inline vord vo_all(void) { return _mm_setzero_ps(); }
static inline vord vo_and_ordered(vord acc, vf x) { return _mm_or_ps(acc, _mm_cmpunord_ps(x, x)); }
static inline vf vf_nan_unless_ordered(vf m, vord acc)
{
    return _mm_blendv_ps(m, _mm_castsi128_ps(_mm_set1_epi32(0x7FC00000)), acc);
}

#include "f32_common.h"

#endif
