/* Global max pooling, NHWC: a group of up to eight channel vectors
 * (templates/nhwc_channels.h) whose running maxima stay in registers over
 * every pixel of the plane in position order (ties keep the first), with
 * the lanes still free of NaN narrowed per pixel (vo_and_ordered); a lane
 * that saw a NaN ends as the canonical NaN.  Pixels are c_stride floats
 * apart (a plan's thread may own a range of the channels).  Included after
 * an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/nhwc_channels.h"

#include <math.h>

#define SKB_GMP_GROUP 8

/* Maxima of nv whole vectors at channels at[v] (at v*VF_WIDTH when at is
 * NULL) over `pixels` pixels `stride` floats apart, stored. */
static inline __attribute__((always_inline)) void
skb_gmp_nhwc_group(float *out, const float *pixel, const size_t *at, const size_t nv,
                   size_t pixels, size_t stride)
{
    vf m[SKB_GMP_GROUP];
    vord ok[SKB_GMP_GROUP];
    size_t o[SKB_GMP_GROUP];
    for (size_t v = 0; v < nv; v++) {
        m[v] = vf_set1(-INFINITY);
        ok[v] = vo_all();
        o[v] = at ? at[v] : v * VF_WIDTH;
    }
    for (size_t p = 0; p < pixels; p++, pixel += stride)
        for (size_t v = 0; v < nv; v++) {
            const vf x = vf_loadu(pixel + o[v]);
            ok[v] = vo_and_ordered(ok[v], x);
            m[v] = vf_max_first(m[v], x);
        }
    for (size_t v = 0; v < nv; v++)
        vf_storeu(out + o[v], vf_nan_unless_ordered(m[v], ok[v]));
}

void SKB_VARIANT(skb_global_maxpool_nhwc_f32)(const skb_geometry *g, const float *restrict src,
                                              float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    const size_t C = g->c, stride = g->c_stride, plane_size = g->h * g->w;
    /* Whole groups of eight vectors, then the rest: one to eight vectors,
     * the last ending at channel C (with C >= VF_WIDTH). */
    const size_t group = SKB_GMP_GROUP * VF_WIDTH, whole = C / group * group;
    size_t at[SKB_GMP_GROUP], rest = 0; /* at[0, rest) are set and read */
    if (whole < C && C >= VF_WIDTH)
        for (size_t c = whole; c < C; c += VF_WIDTH)
            at[rest++] = c + VF_WIDTH <= C ? c : C - VF_WIDTH;
    for (size_t n = 0; n < g->n; n++) {
        const float *image = src + n * plane_size * stride;
        float *out = dst + n * C;
        if (C < VF_WIDTH) {
            vf m = vf_set1(-INFINITY);
            vord ok = vo_all();
            for (size_t p = 0; p < plane_size; p++) {
                const vf x = vf_load_n(image + p * stride, C);
                ok = vo_and_ordered(ok, x);
                m = vf_max_first(m, x);
            }
            vf_store_n(out, vf_nan_unless_ordered(m, ok), C);
            continue;
        }
        for (size_t c = 0; c < whole; c += group)
            skb_gmp_nhwc_group(out + c, image + c, NULL, SKB_GMP_GROUP, plane_size, stride);
        /* A constant count in each call, so the loops over v unroll and
         * the maxima stay in registers. */
        switch (rest) {
        case 0:
            break;
        case 1:
            skb_gmp_nhwc_group(out, image, at, 1, plane_size, stride);
            break;
        case 2:
            skb_gmp_nhwc_group(out, image, at, 2, plane_size, stride);
            break;
        case 3:
            skb_gmp_nhwc_group(out, image, at, 3, plane_size, stride);
            break;
        case 4:
            skb_gmp_nhwc_group(out, image, at, 4, plane_size, stride);
            break;
        case 5:
            skb_gmp_nhwc_group(out, image, at, 5, plane_size, stride);
            break;
        case 6:
            skb_gmp_nhwc_group(out, image, at, 6, plane_size, stride);
            break;
        case 7:
            skb_gmp_nhwc_group(out, image, at, 7, plane_size, stride);
            break;
        default:
            skb_gmp_nhwc_group(out, image, at, 8, plane_size, stride);
            break;
        }
    }
}
