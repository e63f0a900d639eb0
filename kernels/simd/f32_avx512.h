/* The f32 vector vocabulary for AVX-512 F+BW+VL+DQ (see f32_scalar.h for the
 * contract).  Tails use masked loads and stores. */
#ifndef SKB_SIMD_F32_AVX512_H
#define SKB_SIMD_F32_AVX512_H

#include <immintrin.h>
#include <stddef.h>

#include "mxcsr.h"

#define SKB_ISA_TAG avx512
#define VF_WIDTH 16

typedef __m512 vf;
/* NaN tracking without mask registers (their logic ops are slow on some
 * cores): the largest |x| bit pattern seen; a NaN is one above Inf's. */
typedef __m512i vmask;

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
static inline vf vf_mul(vf a, vf b) { return _mm512_mul_ps(a, b); }
static inline vf vf_div(vf a, vf b) { return _mm512_div_ps(a, b); }
/* VMAXPS returns its second operand unless the first is greater. */
static inline vf vf_max_first(vf m, vf x) { return _mm512_max_ps(x, m); }
/* A sum's NaN as the contract's NaN and -0.0f as +0.0f, by one VFIXUPIMMPS
 * (each lane by its class: a NaN takes the first operand, a zero +0.0f,
 * the rest stay), so that a sum may start at its first term rather than
 * at +0.0f plus it (f32_common.h, vf_sum_start and vf_mean). */
#define VF_SUM_FIXUP 1
static inline vf vf_sum_fixup(vf s)
{
    return _mm512_fixupimm_ps(_mm512_castsi512_ps(_mm512_set1_epi32(0x7FC00000)), s,
                              _mm512_set1_epi32(0x11111800), 0);
}
static inline vmask vm_none(void) { return _mm512_setzero_si512(); }
static inline vmask vm_or_nan(vmask acc, vf x)
{
    const __m512i magnitude =
        _mm512_and_si512(_mm512_castps_si512(x), _mm512_set1_epi32(0x7FFFFFFF));
    return _mm512_max_epu32(acc, magnitude);
}
static inline vf vf_canonical_nan(vf m, vmask acc)
{
    const __mmask16 nan = _mm512_cmpgt_epu32_mask(acc, _mm512_set1_epi32(0x7F800000));
    return _mm512_mask_mov_ps(m, nan, _mm512_castsi512_ps(_mm512_set1_epi32(0x7FC00000)));
}

/* Even lanes of a:b. */
static inline vf vf_deinterleave2(vf a, vf b)
{
    const __m512i evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    return _mm512_permutex2var_ps(a, evens, b);
}
/* Lanes 0, 3, ..., 45 of a:b:c: eleven from a:b, then five from c. */
static inline vf vf_deinterleave3(vf a, vf b, vf c)
{
    const __m512i from_ab = _mm512_setr_epi32(0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 0, 0, 0, 0, 0);
    const __m512i with_c = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 17, 20, 23, 26, 29);
    return _mm512_permutex2var_ps(_mm512_permutex2var_ps(a, from_ab, b), with_c, c);
}
static inline vf vf_select_nan(vf v, vf x)
{
    return _mm512_mask_mov_ps(v, _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q), x);
}
static inline void vf_transpose(vf *r)
{
    __m512 t[16], u[16];
    for (int i = 0; i < 8; i++) {
        t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
    /* u[4q + j]: rows 4q..4q+3, columns j, j+4, j+8, j+12 in its four lanes. */
    for (int q = 0; q < 4; q++) {
        u[4 * q + 0] = _mm512_shuffle_ps(t[4 * q], t[4 * q + 2], 0x44);
        u[4 * q + 1] = _mm512_shuffle_ps(t[4 * q], t[4 * q + 2], 0xEE);
        u[4 * q + 2] = _mm512_shuffle_ps(t[4 * q + 1], t[4 * q + 3], 0x44);
        u[4 * q + 3] = _mm512_shuffle_ps(t[4 * q + 1], t[4 * q + 3], 0xEE);
    }
    for (int j = 0; j < 4; j++) {
        const __m512 a = _mm512_shuffle_f32x4(u[j], u[4 + j], 0x88);
        const __m512 b = _mm512_shuffle_f32x4(u[j], u[4 + j], 0xDD);
        const __m512 c = _mm512_shuffle_f32x4(u[8 + j], u[12 + j], 0x88);
        const __m512 d = _mm512_shuffle_f32x4(u[8 + j], u[12 + j], 0xDD);
        r[j] = _mm512_shuffle_f32x4(a, c, 0x88);
        r[j + 8] = _mm512_shuffle_f32x4(a, c, 0xDD);
        r[j + 4] = _mm512_shuffle_f32x4(b, d, 0x88);
        r[j + 12] = _mm512_shuffle_f32x4(b, d, 0xDD);
    }
}

/* Lanes of v to the even lanes of lo:hi, odd lanes +0.0f. */
static inline void vf_spread2(vf v, vf *lo, vf *hi)
{
    const __m512i low = _mm512_setr_epi32(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7);
    const __m512i high = _mm512_setr_epi32(8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15);
    *lo = _mm512_maskz_permutexvar_ps(0x5555, low, v);
    *hi = _mm512_maskz_permutexvar_ps(0x5555, high, v);
}

/* Odd lanes of a:b. */
static inline vf vf_deinterleave2_odd(vf a, vf b)
{
    const __m512i odds = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    return _mm512_permutex2var_ps(a, odds, b);
}

/* Half-vector moves for runs shorter than a vector (templates/rows.h). */
#define VF_HAS_MOVE4 1
static inline void vf_move4(float *dst, const float *src) { _mm_storeu_ps(dst, _mm_loadu_ps(src)); }
static inline void vf_accumulate4(float *acc, const float *x)
{
    _mm_storeu_ps(acc, _mm_add_ps(_mm_loadu_ps(acc), _mm_loadu_ps(x)));
}
#define VF_HAS_MOVE8 1
static inline void vf_move8(float *dst, const float *src)
{
    _mm256_storeu_ps(dst, _mm256_loadu_ps(src));
}
static inline void vf_accumulate8(float *acc, const float *x)
{
    _mm256_storeu_ps(acc, _mm256_add_ps(_mm256_loadu_ps(acc), _mm256_loadu_ps(x)));
}

/* Half vectors, for rows shorter than a vector: overlapping 64-byte stores,
 * nearly all split across two cache lines, are slower on such rows than
 * twice as many 32-byte ones. */
#define VF_HAS_HALF 1
typedef __m256 vh;
static inline vh vh_zero(void) { return _mm256_setzero_ps(); }
static inline void vh_storeu(float *p, vh v) { _mm256_storeu_ps(p, v); }
/* The even floats of p[0, 16), from one whole-vector load. */
static inline vh vh_load_even16(const float *p)
{
    const __m512i evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 0, 0, 0, 0, 0, 0, 0, 0);
    return _mm512_castps512_ps256(_mm512_permutexvar_ps(evens, _mm512_loadu_ps(p)));
}

/* Lanes ordered so far (see f32_scalar.h): a mask register, narrowed by
 * the masked comparison itself, so no mask logic op is needed. */
typedef __mmask16 vord;
static inline vord vo_all(void) { return (__mmask16)0xFFFF; }
static inline vord vo_and_ordered(vord acc, vf x)
{
    return _mm512_mask_cmp_ps_mask(acc, x, x, _CMP_ORD_Q);
}
static inline vf vf_nan_unless_ordered(vf m, vord acc)
{
    return _mm512_mask_mov_ps(_mm512_castsi512_ps(_mm512_set1_epi32(0x7FC00000)), acc, m);
}

#include "f32_common.h"

#endif
