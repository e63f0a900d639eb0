/* Where element (n, c, y, x) of a tensor lives, in either layout. */
#ifndef SKB_REFERENCE_INDEX_H
#define SKB_REFERENCE_INDEX_H

#include "skb.h"

#include <string.h>

static inline size_t ref_index(skb_layout layout, size_t c_count, size_t h_count,
                               size_t w_count, size_t n, size_t c, size_t y, size_t x)
{
    if (layout == SKB_LAYOUT_NCHW)
        return ((n * c_count + c) * h_count + y) * w_count + x;
    return ((n * h_count + y) * w_count + x) * c_count + c;
}

/* Where entry (tap (c, ky, kx), window (oy, ox)) of image n's column matrix
 * lives: NCHW rows are taps, NHWC rows are windows (see skb.h). */
static inline size_t ref_column_index(const skb_geometry *g, size_t n, size_t c, size_t ky,
                                      size_t kx, size_t oy, size_t ox)
{
    const size_t positions = g->oh * g->ow, taps = g->c * g->kh * g->kw;
    const size_t position = oy * g->ow + ox;
    const size_t at = g->layout == SKB_LAYOUT_NCHW
                          ? ((c * g->kh + ky) * g->kw + kx) * positions + position
                          : position * taps + (ky * g->kw + kx) * g->c + c;
    return n * taps * positions + at;
}

/* Input row or column of tap k of output position o; may be outside [0, in). */
static inline ptrdiff_t ref_tap(size_t o, size_t stride, size_t k, size_t dilation,
                                size_t pad_lo)
{
    return (ptrdiff_t)(o * stride + k * dilation) - (ptrdiff_t)pad_lo;
}

static inline int ref_inside(ptrdiff_t i, size_t in)
{
    return i >= 0 && (size_t)i < in;
}

/* Any NaN becomes the canonical one (the contract in skb.h). */
static inline float ref_canonical(float v)
{
    if (v != v) {
        const uint32_t bits = SKB_CANONICAL_NAN_BITS;
        memcpy(&v, &bits, sizeof v);
    }
    return v;
}

#endif
