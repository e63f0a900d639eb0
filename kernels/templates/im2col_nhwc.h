/* im2col, NHWC: each output row (one window) is KH*KW runs of C floats,
 * copied or zeroed; at dilation 1 the real taps of a window row are one
 * contiguous run.  The output is written front to back, so short runs are
 * moved in whole vectors whose spill the next run overwrites (short runs
 * are the rule for first layers: 3x3 windows of 3 channels are 9-float
 * rows).  Included after an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/window.h"
#include "templates/rows.h"

/* Runs shorter than two vectors move in 8-float halves where vectors are
 * 16 wide (AVX-512): the first layers' 9- and 21-float runs (3 channels)
 * are then 0.84-0.90x the time (measured); their overlapping 64-byte
 * stores, nearly all split across two cache lines, were slower than twice
 * as many 32-byte ones.  Narrower variants keep their code as it was. */
#if defined(VF_HAS_MOVE8) && VF_WIDTH > 8
#define SKB_IM2COL_HALF_MOVES 1
#else
#define SKB_IM2COL_HALF_MOVES 0
#endif

void SKB_VARIANT(skb_im2col_nhwc_f32)(const skb_geometry *g, const float *restrict src,
                                      float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    const size_t C = g->c, row_step = g->w * C;
    float *out = dst;
    float *const dst_end = dst + g->dst_elems;
    const float *const src_end = src + g->src_elems;
    const size_t run = g->kw * C, whole = (run + VF_WIDTH - 1) / VF_WIDTH * VF_WIDTH;
    size_t full_lo, full_hi;
    skb_full_windows(g->sw, g->pad_left, g->dw, g->kw, g->w, g->ow, &full_lo, &full_hi);
    for (size_t n = 0; n < g->n; n++) {
        const float *image = src + n * g->h * row_step;
        for (size_t oy = 0; oy < g->oh; oy++) {
            size_t ky_lo, ky_hi;
            skb_real_taps(oy, g->sh, g->pad_top, g->dh, g->kh, g->h, &ky_lo, &ky_hi);
            /* A run of windows whose every tap is real, at dilation 1 along
             * rows: KH whole-vector runs each, in a loop with nothing else,
             * up to the last window whose spills stay inside both tensors. */
            size_t run_end = full_lo;
            if (g->dw == 1 && ky_lo == 0 && ky_hi == g->kh && full_lo < full_hi) {
                const size_t first_row = oy * g->sh - g->pad_top;
                run_end = full_hi;
                while (run_end > full_lo) {
                    const float *last = image +
                                        (first_row + (g->kh - 1) * g->dh) * row_step +
                                        ((run_end - 1) * g->sw - g->pad_left) * C;
                    float *last_out = out + ((run_end - 1) * g->kh + g->kh - 1) * run;
                    if ((size_t)(dst_end - last_out) >= whole && (size_t)(src_end - last) >= whole)
                        break;
                    run_end--;
                }
            }
            for (size_t ox = 0; ox < g->ow; ox++) {
                if (ox == full_lo && run_end > full_lo) {
                    const float *column = image + (oy * g->sh - g->pad_top) * row_step +
                                          (ox * g->sw - g->pad_left) * C;
                    const size_t tap_step = g->dh * row_step, column_step = g->sw * C;
                    for (; ox < run_end; ox++, column += column_step) {
                        const float *tap = column;
                        for (size_t ky = 0; ky < g->kh; ky++, out += run, tap += tap_step)
#if SKB_IM2COL_HALF_MOVES
                            if (run < 2 * VF_WIDTH)
                                for (size_t j = 0; j < run; j += 8)
                                    vf_move8(out + j, tap + j);
                            else
#endif
                                for (size_t j = 0; j < run; j += VF_WIDTH)
                                    vf_storeu(out + j, vf_loadu(tap + j));
                    }
                    if (ox == g->ow)
                        break;
                }
                /* Windows whose every column is real, at dilation 1: each
                 * window row is one run of KW*C floats, or zeros.  Runs are
                 * moved in whole vectors when the tensors have room for the
                 * spill, which the next run overwrites. */
                if (g->dw == 1 && ox >= full_lo && ox < full_hi && ky_lo < ky_hi) {
                    const float *column = image + (ox * g->sw - g->pad_left) * C;
                    const float *last =
                        column + (oy * g->sh + (ky_hi - 1) * g->dh - g->pad_top) * row_step;
                    if ((size_t)(dst_end - out) >= (g->kh - 1) * run + whole &&
                        (size_t)(src_end - last) >= whole) {
                        for (size_t ky = 0; ky < g->kh; ky++, out += run) {
                            if (ky < ky_lo || ky >= ky_hi) {
                                for (size_t j = 0; j < run; j += VF_WIDTH)
                                    vf_storeu(out + j, vf_zero());
                                continue;
                            }
                            const float *tap =
                                column + (oy * g->sh + ky * g->dh - g->pad_top) * row_step;
#if SKB_IM2COL_HALF_MOVES
                            if (run < 2 * VF_WIDTH)
                                for (size_t j = 0; j < run; j += 8)
                                    vf_move8(out + j, tap + j);
                            else
#endif
                                for (size_t j = 0; j < run; j += VF_WIDTH)
                                    vf_storeu(out + j, vf_loadu(tap + j));
                        }
                        continue;
                    }
                }
                size_t kx_lo, kx_hi;
                skb_real_taps(ox, g->sw, g->pad_left, g->dw, g->kw, g->w, &kx_lo, &kx_hi);
                for (size_t ky = 0; ky < g->kh; ky++, out += g->kw * C) {
                    if (ky < ky_lo || ky >= ky_hi || kx_lo == kx_hi) {
                        vf_fill_zero_spill(out, g->kw * C, (size_t)(dst_end - out));
                        continue;
                    }
                    const float *tap = image +
                                       (oy * g->sh + ky * g->dh - g->pad_top) * row_step +
                                       (ox * g->sw + kx_lo * g->dw - g->pad_left) * C;
                    vf_fill_zero_spill(out, kx_lo * C, (size_t)(dst_end - out));
                    if (g->dw == 1)
                        vf_copy_strided_spill(out + kx_lo * C, tap, 1, (kx_hi - kx_lo) * C,
                                              (size_t)(dst_end - (out + kx_lo * C)),
                                              (size_t)(src_end - tap));
                    else
                        for (size_t kx = kx_lo; kx < kx_hi; kx++, tap += g->dw * C)
                            vf_copy_strided(out + kx * C, tap, 1, C);
                    vf_fill_zero_spill(out + kx_hi * C, (g->kw - kx_hi) * C,
                                       (size_t)(dst_end - (out + kx_hi * C)));
                }
            }
        }
    }
}

#undef SKB_IM2COL_HALF_MOVES
