/* Global average pooling, NCHW: vectors across channels, each lane adding
 * its own plane in ascending position order (plane_block.h).  Included
 * after an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/plane_block.h"

void SKB_VARIANT(skb_global_avgpool_nchw_f32)(const skb_geometry *g, const float *restrict src,
                                              float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    const size_t plane_size = g->h * g->w;
    const vf divisor = vf_set1((float)plane_size);
    for (size_t n = 0; n < g->n; n++)
        for (size_t c = 0; c < g->c; c += VF_WIDTH) {
            const size_t channels = g->c - c < VF_WIDTH ? g->c - c : VF_WIDTH;
            const float *planes = src + (n * g->c + c) * plane_size;
            vf sum = vf_zero();
            for (size_t p = 0; p < plane_size; p += VF_WIDTH) {
                const size_t positions = plane_size - p < VF_WIDTH ? plane_size - p : VF_WIDTH;
                vf rows[VF_WIDTH];
                skb_load_plane_block(planes, plane_size, channels, p, positions, rows);
                for (size_t j = 0; j < positions; j++)
                    sum = vf_add(sum, rows[j]);
            }
            vf_store_n(dst + n * g->c + c, vf_canonical(vf_div(sum, divisor)), channels);
        }
}
