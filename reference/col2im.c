/* Reference col2im: each pixel sums, from +0.0f and in ascending (ky, kx)
 * order, the column entries that im2col copied from it. */
#include "index.h"
#include "tables.h"

/* The output position whose tap k lands on input i, if there is one. */
static int source_position(size_t i, size_t k, size_t stride, size_t dilation, size_t pad_lo,
                           size_t out, size_t *o)
{
    const ptrdiff_t t = (ptrdiff_t)(i + pad_lo) - (ptrdiff_t)(k * dilation);
    if (t < 0 || (size_t)t % stride != 0 || (size_t)t / stride >= out)
        return 0;
    *o = (size_t)t / stride;
    return 1;
}

void skb_col2im_f32__reference(const skb_geometry *g, const float *restrict src,
                               float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* the reference needs none */
    for (size_t n = 0; n < g->n; n++)
        for (size_t c = 0; c < g->c; c++)
            for (size_t y = 0; y < g->h; y++)
                for (size_t x = 0; x < g->w; x++) {
                    float v = 0.0f;
                    for (size_t ky = 0; ky < g->kh; ky++)
                        for (size_t kx = 0; kx < g->kw; kx++) {
                            size_t oy, ox;
                            if (!source_position(y, ky, g->sh, g->dh, g->pad_top, g->oh, &oy) ||
                                !source_position(x, kx, g->sw, g->dw, g->pad_left, g->ow, &ox))
                                continue;
                            v += src[ref_column_index(g, n, c, ky, kx, oy, ox)];
                        }
                    dst[ref_index(g->layout, g->c, g->h, g->w, n, c, y, x)] = ref_canonical(v);
                }
}
