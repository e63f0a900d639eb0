/* Average pooling, NCHW: vectors across output columns, as in
 * maxpool_nchw.h.  Inside the row every window has KW real columns, so the
 * divisor is constant along it.  Included after an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/pool_one.h"

/* The windows [lo, hi) of output row `out`, all inside the input row, whose
 * real rows are [ky_lo, ky_hi).  Inlined per stride (see maxpool_nchw.h). */
static inline __attribute__((always_inline)) void
avgpool_nchw_inner(const skb_geometry *g, const float *plane, float *out, size_t oy,
                   size_t ky_lo, size_t ky_hi, size_t lo, size_t hi, vf divisor, size_t stride)
{
    for (size_t ox = lo; ox < hi; ox += VF_WIDTH) {
        const size_t lanes = hi - ox < VF_WIDTH ? hi - ox : VF_WIDTH;
        /* While a later window is inside, whole-vector loads of the taps
         * cannot run past the last element it reads. */
        const bool full = ox + VF_WIDTH < hi;
        vf sum = vf_zero();
        for (size_t ky = ky_lo; ky < ky_hi; ky++) {
            const float *row =
                plane + (oy * g->sh + ky - g->pad_top) * g->w + ox * stride - g->pad_left;
            for (size_t kx = 0; kx < g->kw; kx++)
                sum = vf_add(sum, full ? vf_load_strided_full(row + kx, stride)
                                       : vf_load_strided(row + kx, stride, lanes));
        }
        vf_store_n(out + ox, vf_canonical(vf_div(sum, divisor)), lanes);
    }
}

void SKB_VARIANT(skb_avgpool_nchw_f32)(const skb_geometry *g, const float *restrict src,
                                       float *restrict dst)
{
    size_t inner_lo, inner_hi;
    skb_full_windows(g->sw, g->pad_left, 1, g->kw, g->w, g->ow, &inner_lo, &inner_hi);
    for (size_t plane_index = 0; plane_index < g->n * g->c; plane_index++) {
        const float *plane = src + plane_index * g->h * g->w;
        float *out_plane = dst + plane_index * g->oh * g->ow;
        for (size_t oy = 0; oy < g->oh; oy++) {
            float *out = out_plane + oy * g->ow;
            for (size_t ox = 0; ox < inner_lo; ox++)
                out[ox] = skb_avg_one(plane, g->w, 1, g, oy, ox);
            for (size_t ox = inner_hi; ox < g->ow; ox++)
                out[ox] = skb_avg_one(plane, g->w, 1, g, oy, ox);

            size_t ky_lo, ky_hi;
            skb_real_taps(oy, g->sh, g->pad_top, 1, g->kh, g->h, &ky_lo, &ky_hi);
            const size_t rows = skb_avg_extent(oy, g->sh, g->kh, g->pad_top, g->pad_bottom,
                                               g->h, g->count_include_pad);
            const vf divisor = vf_set1((float)(rows * g->kw));
            switch (g->sw) {
            case 1:
                avgpool_nchw_inner(g, plane, out, oy, ky_lo, ky_hi, inner_lo, inner_hi, divisor, 1);
                break;
            case 2:
                avgpool_nchw_inner(g, plane, out, oy, ky_lo, ky_hi, inner_lo, inner_hi, divisor, 2);
                break;
            default:
                avgpool_nchw_inner(g, plane, out, oy, ky_lo, ky_hi, inner_lo, inner_hi, divisor,
                                   g->sw);
                break;
            }
        }
    }
}
