/* Average pooling, NHWC: vectors across channels, one window at a time.
 * Included after an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/window.h"

void SKB_VARIANT(skb_avgpool_nhwc_f32)(const skb_geometry *g, const float *restrict src,
                                       float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    const size_t C = g->c, row_step = g->w * C;
    for (size_t n = 0; n < g->n; n++) {
        const float *image = src + n * g->h * row_step;
        for (size_t oy = 0; oy < g->oh; oy++) {
            size_t ky_lo, ky_hi;
            skb_real_taps(oy, g->sh, g->pad_top, g->dh, g->kh, g->h, &ky_lo, &ky_hi);
            const size_t rows = skb_avg_rows(g, oy);
            for (size_t ox = 0; ox < g->ow; ox++) {
                size_t kx_lo, kx_hi;
                skb_real_taps(ox, g->sw, g->pad_left, g->dw, g->kw, g->w, &kx_lo, &kx_hi);
                const size_t cols = skb_avg_cols(g, ox);
                const vf divisor = vf_set1((float)(rows * cols));
                /* Tap (ky, kx) is at first + ky*dy_step + kx*dx_step. */
                const float *first = image +
                                     (oy * g->sh + ky_lo * g->dh - g->pad_top) * row_step +
                                     (ox * g->sw + kx_lo * g->dw - g->pad_left) * C;
                const size_t dy_step = g->dh * row_step, dx_step = g->dw * C;
                float *out = dst + ((n * g->oh + oy) * g->ow + ox) * C;
                size_t c = 0;
                /* Four vectors of channels at a time (see maxpool_nhwc.h). */
                for (; c + 4 * VF_WIDTH <= C; c += 4 * VF_WIDTH) {
                    vf s0 = vf_zero(), s1 = s0, s2 = s0, s3 = s0;
                    const float *row = first + c;
                    for (size_t ky = ky_lo; ky < ky_hi; ky++, row += dy_step) {
                        const float *tap = row;
                        for (size_t kx = kx_lo; kx < kx_hi; kx++, tap += dx_step) {
                            s0 = vf_add(s0, vf_loadu(tap));
                            s1 = vf_add(s1, vf_loadu(tap + VF_WIDTH));
                            s2 = vf_add(s2, vf_loadu(tap + 2 * VF_WIDTH));
                            s3 = vf_add(s3, vf_loadu(tap + 3 * VF_WIDTH));
                        }
                    }
                    vf_storeu(out + c, vf_canonical(vf_div(s0, divisor)));
                    vf_storeu(out + c + VF_WIDTH, vf_canonical(vf_div(s1, divisor)));
                    vf_storeu(out + c + 2 * VF_WIDTH, vf_canonical(vf_div(s2, divisor)));
                    vf_storeu(out + c + 3 * VF_WIDTH, vf_canonical(vf_div(s3, divisor)));
                }
                for (; c < C; c += VF_WIDTH) {
                    const size_t lanes = C - c < VF_WIDTH ? C - c : VF_WIDTH;
                    vf sum = vf_zero();
                    const float *row = first + c;
                    for (size_t ky = ky_lo; ky < ky_hi; ky++, row += dy_step) {
                        const float *tap = row;
                        for (size_t kx = kx_lo; kx < kx_hi; kx++, tap += dx_step)
                            sum = vf_add(sum, vf_load_n(tap, lanes));
                    }
                    vf_store_n(out + c, vf_canonical(vf_div(sum, divisor)), lanes);
                }
            }
        }
    }
}
