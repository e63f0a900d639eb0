/* Vocabulary built from each ISA's primitives; included at the end of every
 * f32_<isa>.h.  Needs: vf_loadu/storeu, vf_load_tail/store_tail, vf_zero,
 * vf_deinterleave2/3. */
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

/* Runs shorter than a vector, in halving steps (8, 4, 2, 1 floats): at most
 * four moves, touching nothing past p[n-1]. */
static inline void vf_copy_short(float *dst, const float *src, size_t n)
{
#if VF_WIDTH >= 16
    if (n & 8) {
        _mm256_storeu_ps(dst, _mm256_loadu_ps(src));
        dst += 8;
        src += 8;
    }
#endif
#if VF_WIDTH >= 8
    if (n & 4) {
        _mm_storeu_ps(dst, _mm_loadu_ps(src));
        dst += 4;
        src += 4;
    }
#endif
    if (n & 2) {
        dst[0] = src[0];
        dst[1] = src[1];
        dst += 2;
        src += 2;
    }
    if (n & 1)
        dst[0] = src[0];
}

static inline void vf_accumulate_short(float *acc, const float *x, size_t n)
{
#if VF_WIDTH >= 16
    if (n & 8) {
        _mm256_storeu_ps(acc, _mm256_add_ps(_mm256_loadu_ps(acc), _mm256_loadu_ps(x)));
        acc += 8;
        x += 8;
    }
#endif
#if VF_WIDTH >= 8
    if (n & 4) {
        _mm_storeu_ps(acc, _mm_add_ps(_mm_loadu_ps(acc), _mm_loadu_ps(x)));
        acc += 4;
        x += 4;
    }
#endif
    for (size_t j = 0; j < (n & 3); j++)
        acc[j] = acc[j] + x[j];
}

/* dst[j] = src[j*stride] for j < count, reading nothing past
 * src[stride*(count-1)].  A strided full vector loads whole source vectors
 * only while a later element is still to be read, so it cannot run past
 * the last one. */
static inline void vf_copy_strided(float *dst, const float *src, size_t stride, size_t count)
{
    size_t j = 0;
    if (stride == 1) {
        for (; j + VF_WIDTH <= count; j += VF_WIDTH)
            vf_storeu(dst + j, vf_loadu(src + j));
    } else if (stride <= 3) {
        for (; j + VF_WIDTH < count; j += VF_WIDTH)
            vf_storeu(dst + j, vf_load_strided_full(src + j * stride, stride));
    }
    /* The few floats left: cheaper, for runs this short, than masked or
     * assembled partial vectors. */
    if (stride == 1)
        vf_copy_short(dst + j, src + j, count - j);
    else
        for (; j < count; j++)
            dst[j] = src[j * stride];
}

/* dst[j] = value for j < count. */
static inline void vf_fill(float *dst, size_t count, float value)
{
    const vf v = vf_set1(value);
    size_t j = 0;
    for (; j + VF_WIDTH <= count; j += VF_WIDTH)
        vf_storeu(dst + j, v);
    for (; j < count; j++)
        dst[j] = value;
}

/* As vf_copy_strided, but in whole vectors only when the caller allows it:
 * may write up to a vector past dst[count-1] (dst_room floats are writable
 * from dst) and read up to stride vectors past the last source element
 * (src_room floats are readable from src).  For runs shorter than a few
 * vectors in output written front to back, where whatever spills past a
 * run is overwritten by the runs after it. */
static inline void vf_copy_strided_spill(float *dst, const float *src, size_t stride,
                                         size_t count, size_t dst_room, size_t src_room)
{
    const size_t whole = (count + VF_WIDTH - 1) / VF_WIDTH * VF_WIDTH;
    if (stride > 3 || whole > dst_room || stride * whole > src_room) {
        vf_copy_strided(dst, src, stride, count);
        return;
    }
    if (stride == 1)
        for (size_t j = 0; j < count; j += VF_WIDTH)
            vf_storeu(dst + j, vf_loadu(src + j));
    else
        for (size_t j = 0; j < count; j += VF_WIDTH)
            vf_storeu(dst + j, vf_load_strided_full(src + j * stride, stride));
}

/* dst[j] = +0.0f for j < count; whole vectors when dst_room allows (see
 * vf_copy_strided_spill). */
static inline void vf_fill_zero_spill(float *dst, size_t count, size_t dst_room)
{
    const size_t whole = (count + VF_WIDTH - 1) / VF_WIDTH * VF_WIDTH;
    if (whole > dst_room) {
        for (size_t j = 0; j < count; j++)
            dst[j] = 0.0f;
        return;
    }
    for (size_t j = 0; j < count; j += VF_WIDTH)
        vf_storeu(dst + j, vf_zero());
}

/* dst[j] = +0.0f for j < count. */
static inline void vf_fill_zero(float *dst, size_t count)
{
    const vf zero = vf_zero();
    size_t j = 0;
    for (; j + VF_WIDTH <= count; j += VF_WIDTH)
        vf_storeu(dst + j, zero);
    for (; j < count; j++)
        dst[j] = 0.0f;
}

/* acc[j] = acc[j] + x[j] for j < count. */
static inline void vf_accumulate(float *acc, const float *x, size_t count)
{
    size_t j = 0;
    for (; j + VF_WIDTH <= count; j += VF_WIDTH)
        vf_storeu(acc + j, vf_add(vf_loadu(acc + j), vf_loadu(x + j)));
    vf_accumulate_short(acc + j, x + j, count - j);
}

/* Any NaN lane becomes the canonical NaN. */
static inline vf vf_canonical(vf v)
{
    return vf_canonical_nan(v, vm_or_nan(vm_none(), v));
}

/* p[j] = canonical(p[j]) for j < count. */
static inline void vf_canonicalize(float *p, size_t count)
{
    for (size_t j = 0; j < count; j += VF_WIDTH) {
        const size_t lanes = count - j < VF_WIDTH ? count - j : VF_WIDTH;
        vf_store_n(p + j, vf_canonical(vf_load_n(p + j, lanes)), lanes);
    }
}

/* For running maxima that must remember a NaN without a separate mask:
 * x > m ? x : m, except that a NaN x is taken and a NaN m is kept. */
static inline vf vf_max_first_sticky_nan(vf m, vf x)
{
    return vf_select_nan(vf_max_first(m, x), x);
}

#endif
