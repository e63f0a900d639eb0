/* im2col, NCHW: each (c, ky, kx, oy) row segment is zeros where the tap is
 * padding and a strided copy of an input row where it is real.  The output
 * is written front to back, so short rows (small planes) are moved in whole
 * vectors whose spill the next segment overwrites.  Included after an
 * f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/window.h"

void SKB_VARIANT(skb_im2col_nchw_f32)(const skb_geometry *g, const float *restrict src,
                                      float *restrict dst)
{
    float *out = dst;
    float *const dst_end = dst + g->dst_elems;
    const float *const src_end = src + g->src_elems;
    for (size_t plane_index = 0; plane_index < g->n * g->c; plane_index++) {
        const float *plane = src + plane_index * g->h * g->w;
        for (size_t ky = 0; ky < g->kh; ky++)
            for (size_t kx = 0; kx < g->kw; kx++) {
                const ptrdiff_t x_offset = (ptrdiff_t)(kx * g->dw) - (ptrdiff_t)g->pad_left;
                size_t ox_lo, ox_hi;
                skb_real_outputs(x_offset, g->sw, g->w, g->ow, &ox_lo, &ox_hi);
                for (size_t oy = 0; oy < g->oh; oy++, out += g->ow) {
                    const ptrdiff_t iy = (ptrdiff_t)(oy * g->sh + ky * g->dh) -
                                         (ptrdiff_t)g->pad_top;
                    if (iy < 0 || (size_t)iy >= g->h || ox_lo == ox_hi) {
                        vf_fill_zero_spill(out, g->ow, (size_t)(dst_end - out));
                        continue;
                    }
                    const float *row = plane + (size_t)iy * g->w;
                    const float *first = row + (ptrdiff_t)(ox_lo * g->sw) + x_offset;
                    vf_fill_zero_spill(out, ox_lo, (size_t)(dst_end - out));
                    vf_copy_strided_spill(out + ox_lo, first, g->sw, ox_hi - ox_lo,
                                          (size_t)(dst_end - (out + ox_lo)),
                                          (size_t)(src_end - first));
                    vf_fill_zero_spill(out + ox_hi, g->ow - ox_hi,
                                       (size_t)(dst_end - (out + ox_hi)));
                }
            }
    }
}
