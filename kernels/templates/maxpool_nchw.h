/* Max pooling, NCHW: vectors across output columns.  Windows wholly inside
 * the row are computed VF_WIDTH outputs at a time, each tap loaded with the
 * window stride (deinterleaved in registers); border windows tap by tap.
 * Included after an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/pool_one.h"

/* The windows [lo, hi) of output row `out`, all inside the input row, whose
 * real rows are [ky_lo, ky_hi).  Inlined per stride so that the strided
 * loads of the common strides compile to fixed shuffles. */
static inline __attribute__((always_inline)) void
maxpool_nchw_inner(const skb_geometry *g, const float *plane, float *out, size_t oy,
                   size_t ky_lo, size_t ky_hi, size_t lo, size_t hi, size_t stride)
{
    for (size_t ox = lo; ox < hi; ox += VF_WIDTH) {
        const size_t lanes = hi - ox < VF_WIDTH ? hi - ox : VF_WIDTH;
        /* While a later window is inside, whole-vector loads of the taps
         * cannot run past the last element it reads. */
        const bool full = ox + VF_WIDTH < hi;
        vf m = vf_set1(-INFINITY);
        vmask nan = vm_none();
        for (size_t ky = ky_lo; ky < ky_hi; ky++) {
            const float *row =
                plane + (oy * g->sh + ky * g->dh - g->pad_top) * g->w + ox * stride - g->pad_left;
            for (size_t kx = 0; kx < g->kw; kx++) {
                const float *tap = row + kx * g->dw;
                const vf x = full ? vf_load_strided_full(tap, stride)
                                  : vf_load_strided(tap, stride, lanes);
                nan = vm_or_nan(nan, x);
                m = vf_max_first(m, x);
            }
        }
        vf_store_n(out + ox, vf_canonical_nan(m, nan), lanes);
    }
}

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
            switch (g->sw) {
            case 1:
                maxpool_nchw_inner(g, plane, out, oy, ky_lo, ky_hi, inner_lo, inner_hi, 1);
                break;
            case 2:
                maxpool_nchw_inner(g, plane, out, oy, ky_lo, ky_hi, inner_lo, inner_hi, 2);
                break;
            case 3:
                maxpool_nchw_inner(g, plane, out, oy, ky_lo, ky_hi, inner_lo, inner_hi, 3);
                break;
            default:
                maxpool_nchw_inner(g, plane, out, oy, ky_lo, ky_hi, inner_lo, inner_hi, g->sw);
                break;
            }
        }
    }
}
