/* Max pooling, NHWC: vectors across channels, one window at a time.
 * Included after an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/window.h"

#include <math.h>

void SKB_VARIANT(skb_maxpool_nhwc_f32)(const skb_geometry *g, const float *restrict src,
                                       float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
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
                size_t c = 0;
                /* Four vectors of channels at a time: four independent
                 * chains, and the tap loops paid once for all four. */
                for (; c + 4 * VF_WIDTH <= C; c += 4 * VF_WIDTH) {
                    vf m0 = vf_set1(-INFINITY), m1 = m0, m2 = m0, m3 = m0;
                    vmask nan0 = vm_none(), nan1 = nan0, nan2 = nan0, nan3 = nan0;
                    const float *row = first + c;
                    for (size_t ky = ky_lo; ky < ky_hi; ky++, row += dy_step) {
                        const float *tap = row;
                        for (size_t kx = kx_lo; kx < kx_hi; kx++, tap += dx_step) {
                            const vf x0 = vf_loadu(tap), x1 = vf_loadu(tap + VF_WIDTH);
                            const vf x2 = vf_loadu(tap + 2 * VF_WIDTH);
                            const vf x3 = vf_loadu(tap + 3 * VF_WIDTH);
                            nan0 = vm_or_nan(nan0, x0);
                            nan1 = vm_or_nan(nan1, x1);
                            nan2 = vm_or_nan(nan2, x2);
                            nan3 = vm_or_nan(nan3, x3);
                            m0 = vf_max_first(m0, x0);
                            m1 = vf_max_first(m1, x1);
                            m2 = vf_max_first(m2, x2);
                            m3 = vf_max_first(m3, x3);
                        }
                    }
                    vf_storeu(out + c, vf_canonical_nan(m0, nan0));
                    vf_storeu(out + c + VF_WIDTH, vf_canonical_nan(m1, nan1));
                    vf_storeu(out + c + 2 * VF_WIDTH, vf_canonical_nan(m2, nan2));
                    vf_storeu(out + c + 3 * VF_WIDTH, vf_canonical_nan(m3, nan3));
                }
                for (; c < C; c += VF_WIDTH) {
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
