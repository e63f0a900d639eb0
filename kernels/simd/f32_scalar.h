/* The f32 vector vocabulary at width 1: plain floats.  Kernels written
 * against this vocabulary compile to the scalar variant with this header and
 * to a SIMD variant with f32_sse.h, f32_avx2.h or f32_avx512.h.
 *
 *   vf            a vector of VF_WIDTH floats;  vmask  what says which lanes saw a NaN
 *   vf_loadu/vf_storeu          full vector, unaligned
 *   vf_load_tail/vf_store_tail  the first n < VF_WIDTH lanes; touches no
 *                               memory past p[n-1]
 *   vf_max_first(m, x)          lane-wise x > m ? x : m (ties keep m)
 *   vm_or_nan(acc, x)           acc | (lanes of x that are NaN)
 *   vf_canonical_nan(m, acc)    lanes marked in acc become 0x7FC00000
 *   VF_MAX_FLAGS_NAN            1 where vf_max_first raises a status flag on
 *                               NaN, read by vf_status_* (simd/mxcsr.h); 0
 *                               here: plain C makes no such promise
 */
#ifndef SKB_SIMD_F32_SCALAR_H
#define SKB_SIMD_F32_SCALAR_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SKB_ISA_TAG scalar
#define VF_WIDTH 1

typedef float vf;
typedef int vmask;

static inline vf vf_zero(void) { return 0.0f; }
static inline vf vf_set1(float x) { return x; }
static inline vf vf_loadu(const float *p) { return *p; }
static inline void vf_storeu(float *p, vf v) { *p = v; }
static inline vf vf_load_tail(const float *p, size_t n) { return n ? *p : 0.0f; }
static inline void vf_store_tail(float *p, vf v, size_t n)
{
    if (n)
        *p = v;
}
static inline vf vf_add(vf a, vf b) { return a + b; }
static inline vf vf_mul(vf a, vf b) { return a * b; }
static inline vf vf_div(vf a, vf b) { return a / b; }
static inline vf vf_max_first(vf m, vf x) { return x > m ? x : m; }
static inline vmask vm_none(void) { return 0; }
static inline vmask vm_or_nan(vmask acc, vf x) { return acc | (x != x); }
static inline vf vf_canonical_nan(vf m, vmask acc)
{
    if (!acc)
        return m;
    const uint32_t bits = UINT32_C(0x7FC00000);
    float nan;
    memcpy(&nan, &bits, sizeof nan);
    return nan;
}

static inline vf vf_deinterleave2(vf a, vf b) { (void)b; return a; }
static inline vf vf_deinterleave3(vf a, vf b, vf c) { (void)b; (void)c; return a; }
/* Lanes of x that are NaN replace those of v. */
static inline vf vf_select_nan(vf v, vf x) { return x != x ? x : v; }
/* Transposes a VF_WIDTH x VF_WIDTH block held as rows. */
static inline void vf_transpose(vf *rows) { (void)rows; }

/* Lanes of v to the even lanes of lo:hi, odd lanes +0.0f (at width 1, lo = v). */
static inline void vf_spread2(vf v, vf *lo, vf *hi)
{
    *lo = v;
    *hi = 0.0f;
}

/* Odd lanes of a:b (at width 1, b). */
static inline vf vf_deinterleave2_odd(vf a, vf b) { (void)a; return b; }

/* Lanes in which every value seen so far was ordered (not NaN): the
 * complement of vmask, for kernels that narrow it with one comparison per
 * value. */
typedef int vord;
static inline vord vo_all(void) { return 1; }
static inline vord vo_and_ordered(vord acc, vf x) { return acc & (x == x); }
/* Lanes not ordered in acc become the canonical NaN 0x7FC00000. */
static inline vf vf_nan_unless_ordered(vf m, vord acc) { return vf_canonical_nan(m, !acc); }

/* No status flag to watch (VF_MAX_FLAGS_NAN 0): kernels track NaN per value. */
#define VF_MAX_FLAGS_NAN 0
static inline unsigned vf_status_save(void) { return 0; }
static inline void vf_status_clear(unsigned saved) { (void)saved; }
static inline int vf_status_invalid(void) { return 1; }
static inline void vf_status_restore(unsigned saved) { (void)saved; }

#include "f32_common.h"

#endif
