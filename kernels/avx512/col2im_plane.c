/* col2im NCHW, avx512 variant: the plane_rows path, for image planes at
 * most 16 floats wide.
 *
 * The direct path adds each column row into the image plane in memory, a
 * load, an add and a store per (ky, kx) and output row; on small planes the
 * same image row is loaded again right after it was stored at another
 * offset (kx - pad), and the store cannot forward to the shifted load, so
 * every add waits for the store to reach the cache.  Here each image row is
 * one vector in a register: for each (ky, kx) in ascending order, the one
 * output row whose kernel row ky lands on image row y (if any) adds its
 * real entries, placed on their pixels' lanes by one expanding load (lane
 * x = ox*sw + kx*dw - pad_left holds entry ox); the other lanes get +0.0f,
 * which changes no sum (a sum starting at +0.0f is never -0.0f).  Each
 * pixel thus receives its entries in the contract's (ky, kx) order, and the
 * row is stored once.  Rows are independent, so their chains of adds
 * overlap. */
#include "path_policy.h"
#include "tables.h"
#include "templates/window.h"

#include <immintrin.h>
#include <stdint.h>

/* Lanes x0, x0 + s, ..., x0 + (n - 1)s, all below 16. */
static inline __mmask16 spaced_lanes(size_t x0, size_t n, size_t s)
{
    uint32_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= 1u << (x0 + i * s);
    return (__mmask16)m;
}

void skb_col2im_nchw_f32_plane_rows__avx512(const skb_geometry *g, const float *restrict src,
                                            float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    const size_t positions = g->oh * g->ow, kw = g->kw;
    /* Per kx (at most SKB_PLANE_ROWS_MAX_KW): the first real output column
     * and the lanes its row's real entries land on. */
    size_t ox_lo[SKB_PLANE_ROWS_MAX_KW];
    __mmask16 lanes[SKB_PLANE_ROWS_MAX_KW];
    for (size_t kx = 0; kx < kw; kx++) {
        const ptrdiff_t x_offset = (ptrdiff_t)(kx * g->dw) - (ptrdiff_t)g->pad_left;
        size_t lo, hi;
        skb_real_outputs(x_offset, g->sw, g->w, g->ow, &lo, &hi);
        ox_lo[kx] = lo;
        lanes[kx] = lo < hi ? spaced_lanes((size_t)((ptrdiff_t)(lo * g->sw) + x_offset), hi - lo,
                                           g->sw)
                            : 0;
    }
    const __mmask16 row_lanes = (__mmask16)((1u << g->w) - 1u);
    const __m512 nan = _mm512_castsi512_ps(_mm512_set1_epi32(0x7FC00000));
    for (size_t plane_index = 0; plane_index < g->n * g->c; plane_index++) {
        const float *blocks = src + plane_index * g->kh * kw * positions;
        float *plane = dst + plane_index * g->h * g->w;
        for (size_t y = 0; y < g->h; y++) {
            __m512 sum = _mm512_setzero_ps();
            for (size_t ky = 0; ky < g->kh; ky++) {
                /* The output row oy with oy*sh + ky*dh - pad_top = y. */
                const ptrdiff_t at = (ptrdiff_t)(y + g->pad_top) - (ptrdiff_t)(ky * g->dh);
                if (at < 0 || (size_t)at % g->sh != 0 || (size_t)at / g->sh >= g->oh)
                    continue;
                const float *entries = blocks + ky * kw * positions + (size_t)at / g->sh * g->ow;
                for (size_t kx = 0; kx < kw; kx++, entries += positions)
                    sum = _mm512_add_ps(
                        sum, _mm512_maskz_expandloadu_ps(lanes[kx], entries + ox_lo[kx]));
            }
            sum = _mm512_mask_mov_ps(sum, _mm512_cmp_ps_mask(sum, sum, _CMP_UNORD_Q), nan);
            _mm512_mask_storeu_ps(plane + y * g->w, row_lanes, sum);
        }
    }
}
