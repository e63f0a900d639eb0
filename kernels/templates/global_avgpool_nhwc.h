/* Global average pooling, NHWC: the output row is the accumulator; each
 * pixel's C values are added into it in position order, vectors across
 * channels, then divided once.  Pixels are c_stride floats apart (a plan's
 * thread may own a range of the channels).  Included after an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/rows.h"

void SKB_VARIANT(skb_global_avgpool_nhwc_f32)(const skb_geometry *g, const float *restrict src,
                                              float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    const size_t C = g->c, stride = g->c_stride, plane_size = g->h * g->w;
    const vf divisor = vf_set1((float)plane_size);
    for (size_t n = 0; n < g->n; n++) {
        float *sums = dst + n * C;
        const float *pixel = src + n * plane_size * stride;
        vf_fill_zero(sums, C);
        for (size_t p = 0; p < plane_size; p++, pixel += stride)
            vf_accumulate(sums, pixel, C);
        for (size_t c = 0; c < C; c += VF_WIDTH) {
            const size_t lanes = C - c < VF_WIDTH ? C - c : VF_WIDTH;
            vf_store_n(sums + c, vf_canonical(vf_div(vf_load_n(sums + c, lanes), divisor)), lanes);
        }
    }
}
