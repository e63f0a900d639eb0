/* Lane operations built from each ISA's primitives, with no intrinsic of
 * any ISA: included at the end of every f32_<isa>.h.  Needs: vf_loadu/
 * storeu, vf_load_tail/store_tail, vf_zero, vf_deinterleave2/3,
 * vf_canonical_nan, vm_or_nan, vm_none, vf_select_nan.  Routines over whole
 * rows of memory (copies, fills, sums, with their own contracts about what
 * they may touch) are in templates/rows.h. */
#ifndef SKB_SIMD_F32_COMMON_H
#define SKB_SIMD_F32_COMMON_H

/* The first n (1..VF_WIDTH) lanes; touches nothing past p[n-1]. */
static inline vf vf_load_n(const float *p, size_t n)
{
    return n == VF_WIDTH ? vf_loadu(p) : vf_load_tail(p, n);
}
static inline void vf_store_n(float *p, vf v, size_t n)
{
    if (n == VF_WIDTH)
        vf_storeu(p, v);
    else
        vf_store_tail(p, v, n);
}

/* Vector `i` of the span p[0, span): the part of [i*W, (i+1)*W) inside it. */
static inline vf vf_load_span_part(const float *p, size_t span, size_t i)
{
    const size_t start = i * VF_WIDTH;
    if (start >= span)
        return vf_zero();
    const size_t count = span - start < VF_WIDTH ? span - start : VF_WIDTH;
    return vf_load_n(p + start, count);
}

/* Lanes j < n get p[j*stride]; reads only p[0 .. stride*(n-1)].  Strides 2
 * and 3 load whole vectors and deinterleave them in registers. */
static inline vf vf_load_strided(const float *p, size_t stride, size_t n)
{
    const size_t span = stride * (n - 1) + 1;
    switch (stride) {
    case 1:
        return vf_load_n(p, n);
    case 2:
        return vf_deinterleave2(vf_load_span_part(p, span, 0), vf_load_span_part(p, span, 1));
    case 3:
        return vf_deinterleave3(vf_load_span_part(p, span, 0), vf_load_span_part(p, span, 1),
                                vf_load_span_part(p, span, 2));
    default: {
        float lanes[VF_WIDTH] = {0};
        for (size_t j = 0; j < n; j++)
            lanes[j] = p[j * stride];
        return vf_loadu(lanes);
    }
    }
}

/* Lanes j < VF_WIDTH get p[j*stride]; may read up to p[stride*VF_WIDTH - 1],
 * so the caller must know that much is readable. */
static inline vf vf_load_strided_full(const float *p, size_t stride)
{
    switch (stride) {
    case 1:
        return vf_loadu(p);
    case 2:
        return vf_deinterleave2(vf_loadu(p), vf_loadu(p + VF_WIDTH));
    case 3:
        return vf_deinterleave3(vf_loadu(p), vf_loadu(p + VF_WIDTH), vf_loadu(p + 2 * VF_WIDTH));
    default:
        return vf_load_strided(p, stride, VF_WIDTH);
    }
}

/* Any NaN lane becomes the canonical NaN. */
static inline vf vf_canonical(vf v)
{
    return vf_canonical_nan(v, vm_or_nan(vm_none(), v));
}

/* A load kept in its register: a value several adds use is otherwise
 * folded into each of them as a memory operand, and read again for each. */
static inline vf vf_loadu_once(const float *p)
{
    vf x = vf_loadu(p);
    __asm__("" : "+v"(x));
    return x;
}

#ifndef VF_SUM_FIXUP
#define VF_SUM_FIXUP 0
static inline vf vf_sum_fixup(vf s) { return s; }
#endif

/* A sum's first term, and the sum over its divisor with the contract's NaN
 * (the contract starts a sum at +0.0f, so it is never -0.0f).  Where the
 * vocabulary has the fix-up (VF_SUM_FIXUP), the first term alone, and the
 * sum fixed up before the division (its -0.0f and NaN put right; a NaN
 * leaves the division as it came); elsewhere +0.0f plus the first term,
 * and the quotient made canonical. */
static inline vf vf_sum_start(vf x)
{
    return VF_SUM_FIXUP ? x : vf_add(vf_zero(), x);
}
static inline vf vf_mean(vf sum, vf divisor)
{
    return VF_SUM_FIXUP ? vf_div(vf_sum_fixup(sum), divisor) : vf_canonical(vf_div(sum, divisor));
}

/* For running maxima that must remember a NaN without a separate mask:
 * x > m ? x : m, except that a NaN x is taken and a NaN m is kept. */
static inline vf vf_max_first_sticky_nan(vf m, vf x)
{
    return vf_select_nan(vf_max_first(m, x), x);
}

#endif
