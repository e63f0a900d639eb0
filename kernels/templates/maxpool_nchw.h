/* Max pooling, NCHW: vectors across output columns.  Windows wholly inside
 * the row are computed VF_WIDTH outputs at a time, each tap loaded with the
 * window stride (deinterleaved in registers); border windows tap by tap.
 * Included after an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/pool_one.h"

void SKB_VARIANT(skb_maxpool_nchw_f32)(const skb_geometry *g, const float *restrict src,
                                       float *restrict dst)
{
    size_t inner_lo, inner_hi;
    skb_full_windows(g->sw, g->pad_left, g->dw, g->kw, g->w, g->ow, &inner_lo, &inner_hi);
    for (size_t plane_index = 0; plane_index < g->n * g->c; plane_index++) {
        const float *plane = src + plane_index * g->h * g->w;
        float *out_plane = dst + plane_index * g->oh * g->ow;
        for (size_t oy = 0; oy < g->oh; oy++) {
            float *out = out_plane + oy * g->ow;
            for (size_t ox = 0; ox < inner_lo; ox++)
                out[ox] = skb_max_one(plane, g->w, 1, g, oy, ox);
            for (size_t ox = inner_hi; ox < g->ow; ox++)
                out[ox] = skb_max_one(plane, g->w, 1, g, oy, ox);

            size_t ky_lo, ky_hi;
            skb_real_taps(oy, g->sh, g->pad_top, g->dh, g->kh, g->h, &ky_lo, &ky_hi);
            for (size_t ox = inner_lo; ox < inner_hi; ox += VF_WIDTH) {
                const size_t lanes = inner_hi - ox < VF_WIDTH ? inner_hi - ox : VF_WIDTH;
                vf m = vf_set1(-INFINITY);
                vmask nan = vm_none();
                for (size_t ky = ky_lo; ky < ky_hi; ky++) {
                    const float *row = plane + (oy * g->sh + ky * g->dh - g->pad_top) * g->w +
                                       ox * g->sw - g->pad_left;
                    for (size_t kx = 0; kx < g->kw; kx++) {
                        const vf x = vf_load_strided(row + kx * g->dw, g->sw, lanes);
                        nan = vm_or_nan(nan, x);
                        m = vf_max_first(m, x);
                    }
                }
                vf_store_n(out + ox, vf_canonical_nan(m, nan), lanes);
            }
        }
    }
}
