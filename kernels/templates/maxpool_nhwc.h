/* Max pooling, NHWC: vectors across channels, one window at a time.
 * Included after an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/window.h"

#include <math.h>

void SKB_VARIANT(skb_maxpool_nhwc_f32)(const skb_geometry *g, const float *restrict src,
                                       float *restrict dst)
{
    const size_t C = g->c, row_step = g->w * C;
    for (size_t n = 0; n < g->n; n++) {
        const float *image = src + n * g->h * row_step;
        for (size_t oy = 0; oy < g->oh; oy++) {
            size_t ky_lo, ky_hi;
            skb_real_taps(oy, g->sh, g->pad_top, g->dh, g->kh, g->h, &ky_lo, &ky_hi);
            for (size_t ox = 0; ox < g->ow; ox++) {
                size_t kx_lo, kx_hi;
                skb_real_taps(ox, g->sw, g->pad_left, g->dw, g->kw, g->w, &kx_lo, &kx_hi);
                /* Tap (ky, kx) is at first + ky*dy_step + kx*dx_step. */
                const float *first = image +
                                     (oy * g->sh + ky_lo * g->dh - g->pad_top) * row_step +
                                     (ox * g->sw + kx_lo * g->dw - g->pad_left) * C;
                const size_t dy_step = g->dh * row_step, dx_step = g->dw * C;
                float *out = dst + ((n * g->oh + oy) * g->ow + ox) * C;
                for (size_t c = 0; c < C; c += VF_WIDTH) {
                    const size_t lanes = C - c < VF_WIDTH ? C - c : VF_WIDTH;
                    vf m = vf_set1(-INFINITY);
                    vmask nan = vm_none();
                    const float *row = first + c;
                    for (size_t ky = ky_lo; ky < ky_hi; ky++, row += dy_step) {
                        const float *tap = row;
                        for (size_t kx = kx_lo; kx < kx_hi; kx++, tap += dx_step) {
                            const vf x = vf_load_n(tap, lanes);
                            nan = vm_or_nan(nan, x);
                            m = vf_max_first(m, x);
                        }
                    }
                    vf_store_n(out + c, vf_canonical_nan(m, nan), lanes);
                }
            }
        }
    }
}
