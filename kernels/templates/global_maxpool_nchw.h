/* Global max pooling, NCHW: vectors across channels, each lane scanning its
 * own plane in ascending position order (plane_block.h).  Each lane's max is
 * one chain of dependent steps, so the scalar variant, whose chains are one
 * float each, scans several channels side by side (as in
 * global_avgpool_nchw.h).  Included after an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/plane_block.h"

#include <math.h>

#define SKB_GMP_NCHW_GROUPS (VF_WIDTH == 1 ? 8 : 1)

/* The maxima of `channels` (up to groups * VF_WIDTH) planes from `planes`
 * into dst. */
static inline __attribute__((always_inline)) void
skb_gmp_nchw_channels(const float *planes, size_t plane_size, size_t channels, float *dst,
                      size_t groups)
{
    vf m[SKB_GMP_NCHW_GROUPS];
    vmask nan[SKB_GMP_NCHW_GROUPS];
    for (size_t k = 0; k < groups; k++) {
        m[k] = vf_set1(-INFINITY);
        nan[k] = vm_none();
    }
    for (size_t p = 0; p < plane_size; p += VF_WIDTH) {
        const size_t positions = plane_size - p < VF_WIDTH ? plane_size - p : VF_WIDTH;
        for (size_t k = 0; k < groups; k++) {
            const size_t first = k * VF_WIDTH;
            const size_t lanes = channels - first < VF_WIDTH ? channels - first : VF_WIDTH;
            vf rows[VF_WIDTH];
            skb_load_plane_block(planes + first * plane_size, plane_size, lanes, p, positions,
                                 rows);
            for (size_t j = 0; j < positions; j++) {
                nan[k] = vm_or_nan(nan[k], rows[j]);
                m[k] = vf_max_first(m[k], rows[j]);
            }
        }
    }
    for (size_t k = 0; k < groups; k++) {
        const size_t first = k * VF_WIDTH;
        const size_t lanes = channels - first < VF_WIDTH ? channels - first : VF_WIDTH;
        vf_store_n(dst + first, vf_canonical_nan(m[k], nan[k]), lanes);
    }
}

void SKB_VARIANT(skb_global_maxpool_nchw_f32)(const skb_geometry *g, const float *restrict src,
                                              float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    const size_t plane_size = g->h * g->w;
    const size_t block = SKB_GMP_NCHW_GROUPS * VF_WIDTH;
    for (size_t n = 0; n < g->n; n++) {
        const float *planes = src + n * g->c * plane_size;
        float *out = dst + n * g->c;
        size_t c = 0;
        for (; g->c - c >= block; c += block)
            skb_gmp_nchw_channels(planes + c * plane_size, plane_size, block, out + c,
                                  SKB_GMP_NCHW_GROUPS);
        for (; c < g->c; c += VF_WIDTH) {
            const size_t channels = g->c - c < VF_WIDTH ? g->c - c : VF_WIDTH;
            skb_gmp_nchw_channels(planes + c * plane_size, plane_size, channels, out + c, 1);
        }
    }
}
