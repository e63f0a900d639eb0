/* The f32 vector vocabulary for AVX2 (see f32_scalar.h for the contract). */
#ifndef SKB_SIMD_F32_AVX2_H
#define SKB_SIMD_F32_AVX2_H

#include <immintrin.h>
#include <stddef.h>

#define SKB_ISA_TAG avx2
#define VF_WIDTH 8

typedef __m256 vf;
typedef __m256 vmask;

static inline vf vf_zero(void) { return _mm256_setzero_ps(); }
static inline vf vf_set1(float x) { return _mm256_set1_ps(x); }
static inline vf vf_loadu(const float *p) { return _mm256_loadu_ps(p); }
static inline void vf_storeu(float *p, vf v) { _mm256_storeu_ps(p, v); }

/* Lanes [0, n) set.  Masked-off lanes of VMASKMOV never fault. */
static inline __m256i vf_tail_mask(size_t n)
{
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
static inline vf vf_load_tail(const float *p, size_t n)
{
    return _mm256_maskload_ps(p, vf_tail_mask(n));
}
static inline void vf_store_tail(float *p, vf v, size_t n)
{
    _mm256_maskstore_ps(p, vf_tail_mask(n), v);
}

static inline vf vf_add(vf a, vf b) { return _mm256_add_ps(a, b); }
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

#endif
