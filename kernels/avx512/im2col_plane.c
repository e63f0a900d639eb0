/* im2col NCHW, avx512 variant: the plane_rows path, for input planes at
 * most 16 floats wide.
 *
 * An input row fits one vector, so each output row of a (c, ky, kx) block
 * is that row permuted: lane ox takes the row's lane ox*sw + kx*dw -
 * pad_left, zeroed where the tap is padding (one VPERMPS with a zero mask,
 * the indices worked out once per kx).  Output rows at most 8 wide go two
 * to a vector (VPERMT2PS from the two input rows), so a block of 7x7 takes
 * four stores where row by row it took seven, each of a partial vector. */
#include "path_policy.h"
#include "tables.h"
#include "templates/window.h"

#include <immintrin.h>
#include <stdint.h>

/* The input row of output row oy for kernel row ky, or zeros where it is
 * padding. */
static inline __m512 skb_plane_row(const skb_geometry *g, const float *plane, size_t oy, size_t ky,
                                   __mmask16 row_lanes)
{
    const ptrdiff_t y = (ptrdiff_t)(oy * g->sh + ky * g->dh) - (ptrdiff_t)g->pad_top;
    return y >= 0 && (size_t)y < g->h ? _mm512_maskz_loadu_ps(row_lanes, plane + (size_t)y * g->w)
                                      : _mm512_setzero_ps();
}

void skb_im2col_nchw_f32_plane_rows__avx512(const skb_geometry *g, const float *restrict src,
                                            float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    const size_t ow = g->ow, oh = g->oh, kw = g->kw;
    /* Two output rows a vector when both fit. */
    const bool pairs = 2 * ow <= 16;
    /* Per kx (at most SKB_PLANE_ROWS_MAX_KW): the input lane of each output
     * lane (a second row's lanes from the second source) and the lanes
     * whose tap is real. */
    __m512i from[SKB_PLANE_ROWS_MAX_KW];
    __mmask16 real[SKB_PLANE_ROWS_MAX_KW];
    for (size_t kx = 0; kx < kw; kx++) {
        const ptrdiff_t x_offset = (ptrdiff_t)(kx * g->dw) - (ptrdiff_t)g->pad_left;
        size_t lo, hi;
        skb_real_outputs(x_offset, g->sw, g->w, ow, &lo, &hi);
        int32_t lane[16] = {0};
        uint32_t mask = 0;
        for (size_t ox = lo; ox < hi; ox++) {
            const int32_t x = (int32_t)((ptrdiff_t)(ox * g->sw) + x_offset);
            lane[ox] = x;
            mask |= 1u << ox;
            if (pairs) {
                lane[ow + ox] = 16 + x;
                mask |= 1u << (ow + ox);
            }
        }
        from[kx] = _mm512_loadu_si512(lane);
        real[kx] = (__mmask16)mask;
    }
    const __mmask16 row_lanes = (__mmask16)((1u << g->w) - 1u);
    const __mmask16 one_row = (__mmask16)((1u << ow) - 1u);
    const __mmask16 two_rows = (__mmask16)((1u << (pairs ? 2 * ow : ow)) - 1u);
    float *out = dst;
    for (size_t plane_index = 0; plane_index < g->n * g->c; plane_index++) {
        const float *plane = src + plane_index * g->h * g->w;
        for (size_t ky = 0; ky < g->kh; ky++)
            for (size_t kx = 0; kx < kw; kx++) {
                size_t oy = 0;
                for (; pairs && oy + 2 <= oh; oy += 2, out += 2 * ow) {
                    const __m512 a = skb_plane_row(g, plane, oy, ky, row_lanes);
                    const __m512 b = skb_plane_row(g, plane, oy + 1, ky, row_lanes);
                    _mm512_mask_storeu_ps(out, two_rows,
                                          _mm512_maskz_permutex2var_ps(real[kx], a, from[kx], b));
                }
                for (; oy < oh; oy++, out += ow) {
                    const __m512 a = skb_plane_row(g, plane, oy, ky, row_lanes);
                    _mm512_mask_storeu_ps(out, one_row,
                                          _mm512_maskz_permutexvar_ps(real[kx] & one_row,
                                                                      from[kx], a));
                }
            }
    }
}
