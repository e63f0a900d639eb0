/* col2im: which taps along one axis land on an image position, in the
 * contract's ascending order (templates/col2im_nhwc.h and the avx512
 * segments path). */
#ifndef SKB_TEMPLATES_COL2IM_AXIS_H
#define SKB_TEMPLATES_COL2IM_AXIS_H

#include <stddef.h>

static inline size_t skb_col2im_gcd(size_t a, size_t b)
{
    while (b) {
        const size_t r = a % b;
        a = b;
        b = r;
    }
    return a;
}

/* The taps along one axis that land on image position pos, ascending:
 * k = first + i*(stride/gcd(stride, dilation)) for i < count, the first
 * from output *out_first, each later one dilation/gcd outputs earlier.
 * count is 0 if no tap does. */
static inline void skb_col2im_axis_taps(size_t pos, size_t pad, size_t stride, size_t dilation,
                                        size_t kernel, size_t out, size_t *first, size_t *count,
                                        size_t *out_first)
{
    *first = *count = *out_first = 0;
    const size_t reach = pos + pad; /* tap k comes from output (reach - k*dilation) / stride */
    size_t k_end = reach / dilation + 1, k_lo = 0;
    if (k_end > kernel)
        k_end = kernel;
    const size_t reach_max = (out - 1) * stride;
    if (reach > reach_max)
        k_lo = (reach - reach_max + dilation - 1) / dilation;
    const size_t step = stride / skb_col2im_gcd(stride, dilation);
    for (size_t k = k_lo; k < k_end && k < k_lo + stride; k++)
        if ((reach - k * dilation) % stride == 0) {
            *first = k;
            *count = (k_end - k + step - 1) / step;
            *out_first = (reach - k * dilation) / stride;
            return;
        }
}

#endif
