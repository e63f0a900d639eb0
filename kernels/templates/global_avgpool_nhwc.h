/* Global average pooling, NHWC: a group of up to eight channel vectors
 * (templates/nhwc_channels.h) summed in registers over every pixel of the
 * plane in position order, from +0.0f, then divided once.  Eight
 * independent sums hide the add's latency; each pixel's group is a short
 * run of whole lines, so the loads stream.  Pixels are c_stride floats
 * apart (a plan's thread may own a range of the channels).  Included after
 * an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/nhwc_channels.h"

#define SKB_GAP_GROUP 8

/* Sums of nv whole vectors at channels at[v] (at v*VF_WIDTH when at is
 * NULL) over `pixels` pixels `stride` floats apart, divided and stored. */
static inline __attribute__((always_inline)) void
skb_gap_nhwc_group(float *out, const float *pixel, const size_t *at, const size_t nv,
                   size_t pixels, size_t stride, vf divisor)
{
    vf s[SKB_GAP_GROUP];
    size_t o[SKB_GAP_GROUP];
    for (size_t v = 0; v < nv; v++) {
        s[v] = vf_zero();
        o[v] = at ? at[v] : v * VF_WIDTH;
    }
    for (size_t p = 0; p < pixels; p++, pixel += stride)
        for (size_t v = 0; v < nv; v++)
            s[v] = vf_add(s[v], vf_loadu(pixel + o[v]));
    for (size_t v = 0; v < nv; v++)
        vf_storeu(out + o[v], vf_canonical(vf_div(s[v], divisor)));
}

void SKB_VARIANT(skb_global_avgpool_nhwc_f32)(const skb_geometry *g, const float *restrict src,
                                              float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    const size_t C = g->c, stride = g->c_stride, plane_size = g->h * g->w;
    const vf divisor = vf_set1((float)plane_size);
    /* Whole groups of eight vectors, then the rest: one to eight vectors,
     * the last ending at channel C (with C >= VF_WIDTH). */
    const size_t group = SKB_GAP_GROUP * VF_WIDTH, whole = C / group * group;
    size_t at[SKB_GAP_GROUP], rest = 0; /* at[0, rest) are set and read */
    if (whole < C && C >= VF_WIDTH)
        for (size_t c = whole; c < C; c += VF_WIDTH)
            at[rest++] = c + VF_WIDTH <= C ? c : C - VF_WIDTH;
    for (size_t n = 0; n < g->n; n++) {
        const float *image = src + n * plane_size * stride;
        float *out = dst + n * C;
        if (C < VF_WIDTH) {
            vf sum = vf_zero();
            for (size_t p = 0; p < plane_size; p++)
                sum = vf_add(sum, vf_load_n(image + p * stride, C));
            vf_store_n(out, vf_canonical(vf_div(sum, divisor)), C);
            continue;
        }
        for (size_t c = 0; c < whole; c += group)
            skb_gap_nhwc_group(out + c, image + c, NULL, SKB_GAP_GROUP, plane_size, stride, divisor);
        /* A constant count in each call, so the loops over v unroll and
         * the sums stay in registers. */
        switch (rest) {
        case 0:
            break;
        case 1:
            skb_gap_nhwc_group(out, image, at, 1, plane_size, stride, divisor);
            break;
        case 2:
            skb_gap_nhwc_group(out, image, at, 2, plane_size, stride, divisor);
            break;
        case 3:
            skb_gap_nhwc_group(out, image, at, 3, plane_size, stride, divisor);
            break;
        case 4:
            skb_gap_nhwc_group(out, image, at, 4, plane_size, stride, divisor);
            break;
        case 5:
            skb_gap_nhwc_group(out, image, at, 5, plane_size, stride, divisor);
            break;
        case 6:
            skb_gap_nhwc_group(out, image, at, 6, plane_size, stride, divisor);
            break;
        case 7:
            skb_gap_nhwc_group(out, image, at, 7, plane_size, stride, divisor);
            break;
        default:
            skb_gap_nhwc_group(out, image, at, 8, plane_size, stride, divisor);
            break;
        }
    }
}
