/* Window geometry shared by every variant: which taps of a window are real,
 * which output positions see only real taps, and the average divisor. */
#ifndef SKB_TEMPLATES_WINDOW_H
#define SKB_TEMPLATES_WINDOW_H

#include "skb.h"

#include <stddef.h>

/* Taps [*lo, *hi) of the window at output o are inside [0, in): tap k reads
 * o*stride - pad + k*dilation.  Empty (lo == hi) if none is. */
static inline void skb_real_taps(size_t o, size_t stride, size_t pad, size_t dilation,
                                 size_t kernel, size_t in, size_t *lo, size_t *hi)
{
    const ptrdiff_t start = (ptrdiff_t)(o * stride) - (ptrdiff_t)pad;
    size_t first = 0, end = 0;
    if (dilation == 1) { /* the common case, without a division */
        first = start < 0 ? (size_t)(-start) : 0;
        end = (ptrdiff_t)in > start ? (size_t)((ptrdiff_t)in - start) : 0;
    } else {
        if (start < 0)
            first = ((size_t)(-start) + dilation - 1) / dilation;
        if ((ptrdiff_t)in > start)
            end = ((size_t)((ptrdiff_t)in - start) + dilation - 1) / dilation;
    }
    if (end > kernel)
        end = kernel;
    if (first > end)
        first = end;
    *lo = first;
    *hi = end;
}

/* Outputs [*lo, *hi) of a row whose tap at offset `offset` (= k*dilation -
 * pad) lands inside [0, in): output o reads o*stride + offset. */
static inline void skb_real_outputs(ptrdiff_t offset, size_t stride, size_t in, size_t out,
                                    size_t *lo, size_t *hi)
{
    size_t first = 0;
    if (offset < 0)
        first = ((size_t)(-offset) + stride - 1) / stride;
    size_t end = 0;
    if ((ptrdiff_t)in > offset)
        end = ((size_t)((ptrdiff_t)in - offset) + stride - 1) / stride;
    if (end > out)
        end = out;
    if (first > end)
        first = end;
    *lo = first;
    *hi = end;
}

/* Outputs [*lo, *hi) whose whole window (all `kernel` taps) is real. */
static inline void skb_full_windows(size_t stride, size_t pad, size_t dilation, size_t kernel,
                                    size_t in, size_t out, size_t *lo, size_t *hi)
{
    size_t lo_first, lo_end, hi_first, hi_end;
    skb_real_outputs(-(ptrdiff_t)pad, stride, in, out, &lo_first, &lo_end);
    skb_real_outputs((ptrdiff_t)((kernel - 1) * dilation) - (ptrdiff_t)pad, stride, in, out,
                     &hi_first, &hi_end);
    *lo = lo_first > hi_first ? lo_first : hi_first;
    *hi = lo_end < hi_end ? lo_end : hi_end;
    if (*lo > *hi)
        *lo = *hi;
}

/* The divisor's factor along one axis for the average window at output o:
 * the number of its taps inside the padded bounds [-pad_lo, in + pad_hi)
 * with count_include_pad, else inside the input [0, in).  With dilation 1
 * this is the window clipped to those bounds (PyTorch); with dilation it
 * counts taps, not the positions between them (oneDNN). */
static inline size_t skb_avg_extent(size_t o, size_t stride, size_t kernel, size_t dilation,
                                    size_t pad_lo, size_t pad_hi, size_t in, bool include_pad)
{
    size_t lo, hi;
    if (include_pad) /* the padded input seen as an input without padding */
        skb_real_taps(o, stride, 0, dilation, kernel, in + pad_lo + pad_hi, &lo, &hi);
    else
        skb_real_taps(o, stride, pad_lo, dilation, kernel, in, &lo, &hi);
    return hi - lo;
}

/* skb_avg_extent along h for output row oy, and along w for column ox. */
static inline size_t skb_avg_rows(const skb_geometry *g, size_t oy)
{
    return skb_avg_extent(oy, g->sh, g->kh, g->dh, g->pad_top, g->pad_bottom, g->h,
                          g->count_include_pad);
}

static inline size_t skb_avg_cols(const skb_geometry *g, size_t ox)
{
    return skb_avg_extent(ox, g->sw, g->kw, g->dw, g->pad_left, g->pad_right, g->w,
                          g->count_include_pad);
}

#endif
