/* col2im, NCHW: zero each image plane, then add the column rows into it in
 * ascending (ky, kx) order; each pixel receives at most one entry per
 * (ky, kx), so its sum keeps the contract's order.  Vectors run across
 * output columns at strides 1 and 2.  Included after an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/window.h"
#include "templates/rows.h"

void SKB_VARIANT(skb_col2im_nchw_f32)(const skb_geometry *g, const float *restrict src,
                                      float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    const size_t positions = g->oh * g->ow;
    const float *columns = src;
    for (size_t plane_index = 0; plane_index < g->n * g->c; plane_index++) {
        float *plane = dst + plane_index * g->h * g->w;
        vf_fill_zero(plane, g->h * g->w);
        for (size_t ky = 0; ky < g->kh; ky++)
            for (size_t kx = 0; kx < g->kw; kx++, columns += positions) {
                const ptrdiff_t x_offset = (ptrdiff_t)(kx * g->dw) - (ptrdiff_t)g->pad_left;
                size_t ox_lo, ox_hi;
                skb_real_outputs(x_offset, g->sw, g->w, g->ow, &ox_lo, &ox_hi);
                size_t oy_lo, oy_hi;
                skb_real_outputs((ptrdiff_t)(ky * g->dh) - (ptrdiff_t)g->pad_top, g->sh, g->h,
                                 g->oh, &oy_lo, &oy_hi);
                for (size_t oy = oy_lo; oy < oy_hi && ox_lo < ox_hi; oy++) {
                    float *row = plane + (oy * g->sh + ky * g->dh - g->pad_top) * g->w;
                    float *first = row + (ptrdiff_t)(ox_lo * g->sw) + x_offset;
                    const float *entries = columns + oy * g->ow + ox_lo;
                    if (g->sw == 1) {
                        vf_accumulate(first, entries, ox_hi - ox_lo);
                    } else {
                        size_t j = 0;
                        if (g->sw == 2 && VF_WIDTH > 1) {
                            /* The pixels between get +0.0f, which changes no
                             * sum: one that starts at +0.0f is never -0.0f.
                             * Whole vectors only while a later entry is left,
                             * so the last pixel touched is a real one. */
                            for (; j + VF_WIDTH < ox_hi - ox_lo; j += VF_WIDTH) {
                                vf lo, hi;
                                vf_spread2(vf_loadu(entries + j), &lo, &hi);
                                float *at = first + 2 * j;
                                vf_storeu(at, vf_add(vf_loadu(at), lo));
                                vf_storeu(at + VF_WIDTH, vf_add(vf_loadu(at + VF_WIDTH), hi));
                            }
                        }
                        for (; j < ox_hi - ox_lo; j++)
                            first[j * g->sw] += entries[j];
                    }
                }
            }
        vf_canonicalize(plane, g->h * g->w);
    }
}

/* Stride-2 rows ending in at most this many entries after their whole
 * vectors add them one by one, as the direct path does (callgrind, AVX2:
 * MobileNetV2's 27- and 28-entry rows took 7% more instructions than the
 * direct path with 3 or 4 entries in a partial vector pair; one by one,
 * 8% fewer). */
#define SKB_COL2IM_S2_SCALAR_TAIL 4

/* The rows_s2 path: stride 2 across.  The same sums as the
 * direct path, but each row ends in one partial pair of vectors ending at
 * its last real pixel instead of going one pixel at a time after its last
 * whole vector: short rows (14 entries: less than an AVX-512 vector) were
 * all single pixels. */
void SKB_VARIANT(skb_col2im_nchw_f32_rows_s2)(const skb_geometry *g, const float *restrict src,
                                              float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    const size_t positions = g->oh * g->ow;
    const float *columns = src;
    for (size_t plane_index = 0; plane_index < g->n * g->c; plane_index++) {
        float *plane = dst + plane_index * g->h * g->w;
        vf_fill_zero(plane, g->h * g->w);
        for (size_t ky = 0; ky < g->kh; ky++)
            for (size_t kx = 0; kx < g->kw; kx++, columns += positions) {
                const ptrdiff_t x_offset = (ptrdiff_t)(kx * g->dw) - (ptrdiff_t)g->pad_left;
                size_t ox_lo, ox_hi;
                skb_real_outputs(x_offset, 2, g->w, g->ow, &ox_lo, &ox_hi);
                size_t oy_lo, oy_hi;
                skb_real_outputs((ptrdiff_t)(ky * g->dh) - (ptrdiff_t)g->pad_top, g->sh, g->h,
                                 g->oh, &oy_lo, &oy_hi);
                const size_t count = ox_hi - ox_lo;
                for (size_t oy = oy_lo; oy < oy_hi && ox_lo < ox_hi; oy++) {
                    float *row = plane + (oy * g->sh + ky * g->dh - g->pad_top) * g->w;
                    float *first = row + (ptrdiff_t)(ox_lo * 2) + x_offset;
                    const float *entries = columns + oy * g->ow + ox_lo;
                    /* Pixels between entries get +0.0f, as in the direct
                     * path; the last vector stops at the last entry's pixel. */
                    size_t j = 0;
                    for (; j + VF_WIDTH < count; j += VF_WIDTH) {
                        vf lo, hi;
                        vf_spread2(vf_loadu(entries + j), &lo, &hi);
                        float *at = first + 2 * j;
                        vf_storeu(at, vf_add(vf_loadu(at), lo));
                        vf_storeu(at + VF_WIDTH, vf_add(vf_loadu(at + VF_WIDTH), hi));
                    }
                    if (count - j <= SKB_COL2IM_S2_SCALAR_TAIL) {
                        /* A few entries: cheaper one by one than as an
                         * assembled partial vector (SSE, AVX2). */
                        for (; j < count; j++)
                            first[2 * j] += entries[j];
                        continue;
                    }
                    vf lo, hi;
                    vf_spread2(vf_load_n(entries + j, count - j), &lo, &hi);
                    float *at = first + 2 * j;
                    const size_t pixels = 2 * (count - j) - 1;
                    const size_t low = pixels < VF_WIDTH ? pixels : VF_WIDTH;
                    vf_store_n(at, vf_add(vf_load_n(at, low), lo), low);
                    if (pixels > VF_WIDTH)
                        vf_store_n(at + VF_WIDTH,
                                   vf_add(vf_load_n(at + VF_WIDTH, pixels - VF_WIDTH), hi),
                                   pixels - VF_WIDTH);
                }
            }
        vf_canonicalize(plane, g->h * g->w);
    }
}

#undef SKB_COL2IM_S2_SCALAR_TAIL
