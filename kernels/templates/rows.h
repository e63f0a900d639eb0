/* Routines over rows of memory, written once against the vocabulary
 * (simd/f32_<isa>.h): copies, fills and sums of `count` floats, each with
 * its own contract about what it may read and write past the run (the
 * *_spill ones may spill whole vectors the caller will overwrite).  Runs
 * shorter than a vector use the half-vector moves an ISA offers
 * (VF_HAS_MOVE8, VF_HAS_MOVE4).  Included by the templates after a
 * vocabulary. */
#ifndef SKB_TEMPLATES_ROWS_H
#define SKB_TEMPLATES_ROWS_H

#include <stddef.h>

/* Runs shorter than a vector, in halving steps (8, 4, 2, 1 floats): at most
 * four moves, touching nothing past p[n-1]. */
static inline void vf_copy_short(float *dst, const float *src, size_t n)
{
#ifdef VF_HAS_MOVE8
    if (n & 8) {
        vf_move8(dst, src);
        dst += 8;
        src += 8;
    }
#endif
#ifdef VF_HAS_MOVE4
    if (n & 4) {
        vf_move4(dst, src);
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
#ifdef VF_HAS_MOVE8
    if (n & 8) {
        vf_accumulate8(acc, x);
        acc += 8;
        x += 8;
    }
#endif
#ifdef VF_HAS_MOVE4
    if (n & 4) {
        vf_accumulate4(acc, x);
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

/* p[j] = canonical(p[j]) for j < count. */
static inline void vf_canonicalize(float *p, size_t count)
{
    for (size_t j = 0; j < count; j += VF_WIDTH) {
        const size_t lanes = count - j < VF_WIDTH ? count - j : VF_WIDTH;
        vf_store_n(p + j, vf_canonical(vf_load_n(p + j, lanes)), lanes);
    }
}

#endif
