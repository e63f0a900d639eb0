/* Reference average pooling and global average pooling. */
#include "index.h"
#include "tables.h"

/* The divisor's factor along one axis: how many of the window's taps fall
 * inside the padded bounds [-pad_lo, in + pad_hi) (count_include_pad) or
 * inside the input [0, in).  Taps past the padded bounds (a ceil-mode
 * overhang) never count. */
static size_t taps_counted(size_t o, size_t stride, size_t kernel, size_t dilation,
                           size_t pad_lo, size_t pad_hi, size_t in, int include_pad)
{
    const ptrdiff_t lo = include_pad ? -(ptrdiff_t)pad_lo : 0;
    const ptrdiff_t hi = (ptrdiff_t)in + (include_pad ? (ptrdiff_t)pad_hi : 0);
    size_t count = 0;
    for (size_t k = 0; k < kernel; k++) {
        const ptrdiff_t i = ref_tap(o, stride, k, dilation, pad_lo);
        count += i >= lo && i < hi;
    }
    return count;
}

void skb_avgpool_f32__reference(const skb_geometry *g, const float *restrict src,
                                float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* the reference needs none */
    for (size_t n = 0; n < g->n; n++)
        for (size_t c = 0; c < g->c; c++)
            for (size_t oy = 0; oy < g->oh; oy++) {
                const size_t rows = taps_counted(oy, g->sh, g->kh, g->dh, g->pad_top,
                                                 g->pad_bottom, g->h, g->count_include_pad);
                for (size_t ox = 0; ox < g->ow; ox++) {
                    float sum = 0.0f;
                    for (size_t ky = 0; ky < g->kh; ky++)
                        for (size_t kx = 0; kx < g->kw; kx++) {
                            const ptrdiff_t iy = ref_tap(oy, g->sh, ky, g->dh, g->pad_top);
                            const ptrdiff_t ix = ref_tap(ox, g->sw, kx, g->dw, g->pad_left);
                            if (ref_inside(iy, g->h) && ref_inside(ix, g->w))
                                sum += src[ref_index(g->layout, g->c, g->h, g->w, n, c,
                                                     (size_t)iy, (size_t)ix)];
                        }
                    const size_t divisor =
                        rows * taps_counted(ox, g->sw, g->kw, g->dw, g->pad_left, g->pad_right,
                                            g->w, g->count_include_pad);
                    dst[ref_index(g->layout, g->c, g->oh, g->ow, n, c, oy, ox)] =
                        ref_canonical(sum / (float)divisor);
                }
            }
}

void skb_global_avgpool_f32__reference(const skb_geometry *g, const float *restrict src,
                                       float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* the reference needs none */
    for (size_t n = 0; n < g->n; n++)
        for (size_t c = 0; c < g->c; c++) {
            float sum = 0.0f;
            for (size_t y = 0; y < g->h; y++)
                for (size_t x = 0; x < g->w; x++)
                    sum += src[ref_index(g->layout, g->c, g->h, g->w, n, c, y, x)];
            dst[n * g->c + c] = ref_canonical(sum / (float)(g->h * g->w));
        }
}
