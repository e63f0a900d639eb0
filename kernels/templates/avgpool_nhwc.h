/* Average pooling, NHWC: vectors across channels, one window at a time, a
 * group of up to four channel vectors per pass over the window's taps
 * (templates/nhwc_channels.h, as in maxpool_nhwc.h), with the common window
 * widths' tap loops unrolled.  Each lane sums its channel's taps in the
 * contract's order, then divides once (vf_sum_start, vf_mean: where the
 * vocabulary can fix a sum up, the first tap is not added to +0.0f).
 * Included after an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/nhwc_channels.h"
#include "templates/window.h"

/* The window's rows x cols real taps from `first` (tap (ky, kx) at
 * first + ky*dy + kx*dx), summed for nv whole vectors at channels at[v], or
 * at v*VF_WIDTH when at is NULL, and divided. */
static inline __attribute__((always_inline)) void
skb_avg_nhwc_group(float *out, const float *first, const size_t *at, const size_t nv,
                   size_t rows, size_t cols, size_t dy, size_t dx, vf divisor)
{
    vf s[SKB_NHWC_GROUP];
    size_t o[SKB_NHWC_GROUP];
    for (size_t v = 0; v < nv; v++) {
        s[v] = vf_zero();
        o[v] = at ? at[v] : v * VF_WIDTH;
    }
    for (size_t ky = 0; ky < rows; ky++, first += dy) {
        const float *tap = first;
        for (size_t kx = 0; kx < cols; kx++, tap += dx)
            for (size_t v = 0; v < nv; v++) {
                const vf x = vf_loadu(tap + o[v]);
                s[v] = ky == 0 && kx == 0 ? vf_sum_start(x) : vf_add(s[v], x);
            }
    }
    for (size_t v = 0; v < nv; v++)
        vf_storeu(out + o[v], vf_mean(s[v], divisor));
}

/* As above for the first `lanes` < VF_WIDTH channels (C < VF_WIDTH). */
static inline __attribute__((always_inline)) void
skb_avg_nhwc_partial(float *out, const float *first, size_t lanes, size_t rows, size_t cols,
                     size_t dy, size_t dx, vf divisor)
{
    vf s = vf_zero();
    for (size_t ky = 0; ky < rows; ky++, first += dy) {
        const float *tap = first;
        for (size_t kx = 0; kx < cols; kx++, tap += dx) {
            const vf x = vf_load_n(tap, lanes);
            s = ky == 0 && kx == 0 ? vf_sum_start(x) : vf_add(s, x);
        }
    }
    vf_store_n(out, vf_mean(s, divisor), lanes);
}

/* One output pixel: its window's whole groups in channels [c_lo, c_hi),
 * and the last group if `last`. */
static inline __attribute__((always_inline)) void
skb_avg_nhwc_pixel(float *out, const float *first, const skb_nhwc_groups *cg, size_t c_lo,
                   size_t c_hi, bool last, size_t rows, size_t cols, size_t dy, size_t dx,
                   vf divisor)
{
    if (cg->C < VF_WIDTH) {
        skb_avg_nhwc_partial(out, first, cg->C, rows, cols, dy, dx, divisor);
        return;
    }
    for (size_t c = c_lo; c < c_hi; c += SKB_NHWC_GROUP * VF_WIDTH)
        skb_avg_nhwc_group(out + c, first + c, NULL, SKB_NHWC_GROUP, rows, cols, dy, dx,
                           divisor);
    if (!last)
        return;
    /* A constant count in each call, so each loop over v unrolls and the
     * group's sums stay in registers. */
    switch (cg->nv_last) {
    case 0:
        break;
    case 1:
        skb_avg_nhwc_group(out, first, cg->at_last, 1, rows, cols, dy, dx, divisor);
        break;
    case 2:
        skb_avg_nhwc_group(out, first, cg->at_last, 2, rows, cols, dy, dx, divisor);
        break;
    case 3:
        skb_avg_nhwc_group(out, first, cg->at_last, 3, rows, cols, dy, dx, divisor);
        break;
    default:
        skb_avg_nhwc_group(out, first, cg->at_last, 4, rows, cols, dy, dx, divisor);
        break;
    }
}

/* One output row's windows, channels [c_lo, c_hi) in whole groups and the
 * last group if `last`; `row` is the windows' first real input row. */
static inline __attribute__((always_inline)) void
skb_avg_nhwc_row(float *out, const float *row, const skb_geometry *g, const skb_nhwc_groups *cg,
                 size_t c_lo, size_t c_hi, bool last, size_t rows, size_t window_rows,
                 size_t full_lo, size_t full_hi)
{
    const size_t C = g->c, dy = g->dh * g->w * C, dx = g->dw * C;
    for (size_t ox = 0; ox < g->ow; ox++, out += C) {
        size_t cols;
        const float *first = skb_nhwc_window(g, row, ox, full_lo, full_hi, &cols);
        const vf divisor = vf_set1((float)(window_rows * skb_avg_cols(g, ox)));
        /* The common window widths with their tap loop unrolled. */
        if (cols == 3)
            skb_avg_nhwc_pixel(out, first, cg, c_lo, c_hi, last, rows, 3, dy, dx, divisor);
        else if (cols == 2)
            skb_avg_nhwc_pixel(out, first, cg, c_lo, c_hi, last, rows, 2, dy, dx, divisor);
        else
            skb_avg_nhwc_pixel(out, first, cg, c_lo, c_hi, last, rows, cols, dy, dx, divisor);
    }
}

void SKB_VARIANT(skb_avgpool_nhwc_f32)(const skb_geometry *g, const float *restrict src,
                                       float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    const size_t C = g->c, row_step = g->w * C;
    skb_nhwc_groups cg;
    skb_nhwc_groups_init(&cg, C);
    const size_t chunk = skb_nhwc_chunk(g->kh * g->kw);
    /* Columns [full_lo, full_hi) see all kw taps. */
    size_t full_lo, full_hi;
    skb_full_windows(g->sw, g->pad_left, g->dw, g->kw, g->w, g->ow, &full_lo, &full_hi);
    for (size_t n = 0; n < g->n; n++) {
        const float *image = src + n * g->h * row_step;
        for (size_t oy = 0; oy < g->oh; oy++) {
            size_t ky_lo, ky_hi;
            skb_real_taps(oy, g->sh, g->pad_top, g->dh, g->kh, g->h, &ky_lo, &ky_hi);
            const size_t rows = ky_hi - ky_lo, window_rows = skb_avg_rows(g, oy);
            const float *row = image + (oy * g->sh + ky_lo * g->dh - g->pad_top) * row_step;
            float *out = dst + (n * g->oh + oy) * g->ow * C;
            /* Every channel at once while a window's fit L1 (the row's
             * code as if there were no chunks), else a chunk at a time,
             * the last group with the last. */
            if (chunk >= cg.whole) {
                skb_avg_nhwc_row(out, row, g, &cg, 0, cg.whole, true, rows, window_rows, full_lo,
                                 full_hi);
                continue;
            }
            for (size_t c_lo = 0; c_lo < cg.whole; c_lo += chunk) {
                const size_t c_hi = c_lo + chunk < cg.whole ? c_lo + chunk : cg.whole;
                skb_avg_nhwc_row(out, row, g, &cg, c_lo, c_hi, c_hi == cg.whole, rows,
                                 window_rows, full_lo, full_hi);
            }
        }
    }
}
