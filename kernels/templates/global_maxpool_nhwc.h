/* Global max pooling, NHWC: the output row holds the running maxima; a NaN,
 * once seen, stays (vf_max_first_sticky_nan) and becomes the canonical NaN
 * at the end.  Pixels are c_stride floats apart (a plan's thread may own a
 * range of the channels).  Included after an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/rows.h"

#include <math.h>

void SKB_VARIANT(skb_global_maxpool_nhwc_f32)(const skb_geometry *g, const float *restrict src,
                                              float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    const size_t C = g->c, stride = g->c_stride, plane_size = g->h * g->w;
    for (size_t n = 0; n < g->n; n++) {
        float *maxima = dst + n * C;
        const float *image = src + n * plane_size * stride;
        for (size_t c = 0; c < C; c += VF_WIDTH) {
            const size_t lanes = C - c < VF_WIDTH ? C - c : VF_WIDTH;
            vf_store_n(maxima + c, vf_set1(-INFINITY), lanes);
        }
        for (size_t p = 0; p < plane_size; p++) {
            const float *pixel = image + p * stride;
            for (size_t c = 0; c < C; c += VF_WIDTH) {
                const size_t lanes = C - c < VF_WIDTH ? C - c : VF_WIDTH;
                const vf m = vf_load_n(maxima + c, lanes);
                vf_store_n(maxima + c, vf_max_first_sticky_nan(m, vf_load_n(pixel + c, lanes)),
                           lanes);
            }
        }
        vf_canonicalize(maxima, C);
    }
}
