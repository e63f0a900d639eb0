/* The f32 vector vocabulary for AVX-512 F+BW+VL+DQ (see f32_scalar.h for the
 * contract).  Tails use masked loads and stores. */
#ifndef SKB_SIMD_F32_AVX512_H
#define SKB_SIMD_F32_AVX512_H

#include <immintrin.h>
#include <stddef.h>

#define SKB_ISA_TAG avx512
#define VF_WIDTH 16

typedef __m512 vf;
typedef __mmask16 vmask;

static inline vf vf_zero(void) { return _mm512_setzero_ps(); }
static inline vf vf_set1(float x) { return _mm512_set1_ps(x); }
static inline vf vf_loadu(const float *p) { return _mm512_loadu_ps(p); }
static inline void vf_storeu(float *p, vf v) { _mm512_storeu_ps(p, v); }
static inline __mmask16 vf_tail_mask(size_t n) { return (__mmask16)((1u << n) - 1u); }
static inline vf vf_load_tail(const float *p, size_t n)
{
    return _mm512_maskz_loadu_ps(vf_tail_mask(n), p);
}
static inline void vf_store_tail(float *p, vf v, size_t n)
{
    _mm512_mask_storeu_ps(p, vf_tail_mask(n), v);
}

static inline vf vf_add(vf a, vf b) { return _mm512_add_ps(a, b); }
static inline vf vf_div(vf a, vf b) { return _mm512_div_ps(a, b); }
/* VMAXPS returns its second operand unless the first is greater. */
static inline vf vf_max_first(vf m, vf x) { return _mm512_max_ps(x, m); }
static inline vmask vm_none(void) { return 0; }
static inline vmask vm_or_nan(vmask acc, vf x)
{
    return acc | _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q);
}
static inline vf vf_canonical_nan(vf m, vmask acc)
{
    return _mm512_mask_mov_ps(m, acc, _mm512_castsi512_ps(_mm512_set1_epi32(0x7FC00000)));
}

#endif
