/* Reference im2col: copy every tap of every window; padding taps are +0.0f. */
#include "index.h"
#include "tables.h"

void skb_im2col_f32__reference(const skb_geometry *g, const float *restrict src,
                               float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* the reference needs none */
    for (size_t n = 0; n < g->n; n++)
        for (size_t c = 0; c < g->c; c++)
            for (size_t ky = 0; ky < g->kh; ky++)
                for (size_t kx = 0; kx < g->kw; kx++)
                    for (size_t oy = 0; oy < g->oh; oy++)
                        for (size_t ox = 0; ox < g->ow; ox++) {
                            const ptrdiff_t iy = ref_tap(oy, g->sh, ky, g->dh, g->pad_top);
                            const ptrdiff_t ix = ref_tap(ox, g->sw, kx, g->dw, g->pad_left);
                            float v = 0.0f;
                            if (ref_inside(iy, g->h) && ref_inside(ix, g->w))
                                v = src[ref_index(g->layout, g->c, g->h, g->w, n, c,
                                                  (size_t)iy, (size_t)ix)];
                            dst[ref_column_index(g, n, c, ky, kx, oy, ox)] = v;
                        }
}
