/* col2im, NHWC: zero the image, then for each (ky, kx) in ascending order
 * add every window's C entries into its pixel, vectors across channels.
 * (Looping over windows first would add a pixel's entries in descending ky
 * order.)  Included after an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/window.h"
#include "templates/rows.h"

void SKB_VARIANT(skb_col2im_nhwc_f32)(const skb_geometry *g, const float *restrict src,
                                      float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    const size_t C = g->c, row_step = g->w * C, window_size = g->kh * g->kw * C;
    for (size_t n = 0; n < g->n; n++) {
        float *image = dst + n * g->h * row_step;
        const float *columns = src + n * g->oh * g->ow * window_size;
        vf_fill_zero(image, g->h * row_step);
        for (size_t ky = 0; ky < g->kh; ky++) {
            size_t oy_lo, oy_hi;
            skb_real_outputs((ptrdiff_t)(ky * g->dh) - (ptrdiff_t)g->pad_top, g->sh, g->h, g->oh,
                             &oy_lo, &oy_hi);
            for (size_t kx = 0; kx < g->kw; kx++) {
                size_t ox_lo, ox_hi;
                skb_real_outputs((ptrdiff_t)(kx * g->dw) - (ptrdiff_t)g->pad_left, g->sw, g->w,
                                 g->ow, &ox_lo, &ox_hi);
                for (size_t oy = oy_lo; oy < oy_hi; oy++) {
                    float *row = image + (oy * g->sh + ky * g->dh - g->pad_top) * row_step;
                    for (size_t ox = ox_lo; ox < ox_hi; ox++)
                        vf_accumulate(row + (ox * g->sw + kx * g->dw - g->pad_left) * C,
                                      columns + (oy * g->ow + ox) * window_size +
                                          (ky * g->kw + kx) * C,
                                      C);
                }
            }
        }
        vf_canonicalize(image, g->h * row_step);
    }
}
