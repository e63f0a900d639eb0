/* Global average pooling, NCHW: vectors across channels, each lane adding
 * its own plane in ascending position order (plane_block.h).  Each lane's
 * sum is one chain of dependent adds, each waiting for the one before; the
 * scalar variant, whose chains are one float each, sums several channels
 * side by side so that independent chains keep the adder busy (measured:
 * 2.5x on ResNet-50's head).  The vector variants are bound by the
 * transposes instead, and a second group only adds register pressure.
 * Included after an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/plane_block.h"

/* Vectors of channels summed side by side. */
#define SKB_GAP_NCHW_GROUPS (VF_WIDTH == 1 ? 8 : 1)

/* The averages of `channels` (up to groups * VF_WIDTH) planes from
 * `planes` into dst. */
static inline __attribute__((always_inline)) void
skb_gap_nchw_channels(const float *planes, size_t plane_size, size_t channels, float *dst,
                      vf divisor, size_t groups)
{
    vf sums[SKB_GAP_NCHW_GROUPS];
    for (size_t k = 0; k < groups; k++)
        sums[k] = vf_zero();
    for (size_t p = 0; p < plane_size; p += VF_WIDTH) {
        const size_t positions = plane_size - p < VF_WIDTH ? plane_size - p : VF_WIDTH;
        for (size_t k = 0; k < groups; k++) {
            const size_t first = k * VF_WIDTH;
            const size_t lanes = channels - first < VF_WIDTH ? channels - first : VF_WIDTH;
            vf rows[VF_WIDTH];
            skb_load_plane_block(planes + first * plane_size, plane_size, lanes, p, positions,
                                 rows);
            for (size_t j = 0; j < positions; j++)
                sums[k] = vf_add(sums[k], rows[j]);
        }
    }
    for (size_t k = 0; k < groups; k++) {
        const size_t first = k * VF_WIDTH;
        const size_t lanes = channels - first < VF_WIDTH ? channels - first : VF_WIDTH;
        vf_store_n(dst + first, vf_canonical(vf_div(sums[k], divisor)), lanes);
    }
}

void SKB_VARIANT(skb_global_avgpool_nchw_f32)(const skb_geometry *g, const float *restrict src,
                                              float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    const size_t plane_size = g->h * g->w;
    const size_t block = SKB_GAP_NCHW_GROUPS * VF_WIDTH;
    const vf divisor = vf_set1((float)plane_size);
    for (size_t n = 0; n < g->n; n++) {
        const float *planes = src + n * g->c * plane_size;
        float *out = dst + n * g->c;
        size_t c = 0;
        for (; g->c - c >= block; c += block)
            skb_gap_nchw_channels(planes + c * plane_size, plane_size, block, out + c, divisor,
                                  SKB_GAP_NCHW_GROUPS);
        for (; c < g->c; c += VF_WIDTH) {
            const size_t channels = g->c - c < VF_WIDTH ? g->c - c : VF_WIDTH;
            skb_gap_nchw_channels(planes + c * plane_size, plane_size, channels, out + c,
                                  divisor, 1);
        }
    }
}
