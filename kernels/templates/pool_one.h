/* One pooling output computed tap by tap: the border windows of the vector
 * kernels.  Plain C with the contract's operation order. */
#ifndef SKB_TEMPLATES_POOL_ONE_H
#define SKB_TEMPLATES_POOL_ONE_H

#include "templates/window.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

static inline float skb_canonical_nan(void)
{
    const uint32_t bits = SKB_CANONICAL_NAN_BITS;
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

/* plane points at element (n, c, 0, 0); y_step and x_step are the element
 * strides of a row and a column (NCHW: W and 1; NHWC: W*C and C). */
static inline float skb_max_one(const float *plane, size_t y_step, size_t x_step,
                                const skb_geometry *g, size_t oy, size_t ox)
{
    size_t ky_lo, ky_hi, kx_lo, kx_hi;
    skb_real_taps(oy, g->sh, g->pad_top, g->dh, g->kh, g->h, &ky_lo, &ky_hi);
    skb_real_taps(ox, g->sw, g->pad_left, g->dw, g->kw, g->w, &kx_lo, &kx_hi);
    float m = -INFINITY;
    int saw_nan = 0;
    for (size_t ky = ky_lo; ky < ky_hi; ky++) {
        const size_t iy = oy * g->sh + ky * g->dh - g->pad_top;
        for (size_t kx = kx_lo; kx < kx_hi; kx++) {
            const size_t ix = ox * g->sw + kx * g->dw - g->pad_left;
            const float x = plane[iy * y_step + ix * x_step];
            saw_nan |= isnan(x);
            m = x > m ? x : m;
        }
    }
    return saw_nan ? skb_canonical_nan() : m;
}

static inline float skb_avg_one(const float *plane, size_t y_step, size_t x_step,
                                const skb_geometry *g, size_t oy, size_t ox)
{
    size_t ky_lo, ky_hi, kx_lo, kx_hi;
    skb_real_taps(oy, g->sh, g->pad_top, g->dh, g->kh, g->h, &ky_lo, &ky_hi);
    skb_real_taps(ox, g->sw, g->pad_left, g->dw, g->kw, g->w, &kx_lo, &kx_hi);
    float sum = 0.0f;
    for (size_t ky = ky_lo; ky < ky_hi; ky++) {
        const size_t iy = oy * g->sh + ky * g->dh - g->pad_top;
        for (size_t kx = kx_lo; kx < kx_hi; kx++)
            sum += plane[iy * y_step + (ox * g->sw + kx * g->dw - g->pad_left) * x_step];
    }
    const size_t divisor = skb_avg_rows(g, oy) * skb_avg_cols(g, ox);
    const float mean = sum / (float)divisor;
    return mean != mean ? skb_canonical_nan() : mean;
}

#endif
