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

/* An output row's windows at columns [ox_lo, ox_hi), channels [c_lo, c_hi)
 * in whole groups and the last group if `last`; `row` is the windows' first
 * real input row, `out` the row's first output. */
static inline __attribute__((always_inline)) void
skb_avg_nhwc_row(float *out, const float *row, const skb_geometry *g, const skb_nhwc_groups *cg,
                 size_t c_lo, size_t c_hi, bool last, size_t rows, size_t window_rows,
                 size_t full_lo, size_t full_hi, size_t ox_lo, size_t ox_hi)
{
    const size_t C = g->c, dy = g->dh * g->w * C, dx = g->dw * C;
    out += ox_lo * C;
    for (size_t ox = ox_lo; ox < ox_hi; ox++, out += C) {
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
                                 full_hi, 0, g->ow);
                continue;
            }
            for (size_t c_lo = 0; c_lo < cg.whole; c_lo += chunk) {
                const size_t c_hi = c_lo + chunk < cg.whole ? c_lo + chunk : cg.whole;
                skb_avg_nhwc_row(out, row, g, &cg, c_lo, c_hi, c_hi == cg.whole, rows,
                                 window_rows, full_lo, full_hi, 0, g->ow);
            }
        }
    }
}

/* The neighbours_k3 path: windows 3 columns wide at stride 1 without
 * dilation along x share two of their three columns with the next window,
 * so SKB_NHWC_RUN neighbouring windows are summed together, each column of
 * a kernel row loaded once for every window of the run that holds it (6
 * loads for 4 windows where the windows one by one take 12).  Two vectors
 * of channels a pass give eight independent sums. */
#define SKB_NHWC_RUN 4

/* np (2 to SKB_NHWC_RUN) neighbouring windows at channels at[0, nv): rows
 * real rows of 3 real columns each, the first window's first tap at
 * `first`. */
static inline __attribute__((always_inline)) void
skb_avg_nhwc_run_k3(float *out, const float *first, const size_t *at, const size_t nv,
                    const size_t np, size_t rows, size_t dy, size_t C, vf divisor)
{
    vf s[2][SKB_NHWC_RUN];
    for (size_t v = 0; v < nv; v++) {
        vf x[SKB_NHWC_RUN + 2];
        for (size_t j = 0; j < np + 2; j++)
            x[j] = vf_loadu_once(first + j * C + at[v]);
        for (size_t p = 0; p < np; p++)
            s[v][p] = vf_add(vf_add(vf_sum_start(x[p]), x[p + 1]), x[p + 2]);
    }
    for (size_t ky = 1; ky < rows; ky++) {
        first += dy;
        for (size_t v = 0; v < nv; v++) {
            vf x[SKB_NHWC_RUN + 2];
            for (size_t j = 0; j < np + 2; j++)
                x[j] = vf_loadu_once(first + j * C + at[v]);
            for (size_t p = 0; p < np; p++)
                s[v][p] = vf_add(vf_add(vf_add(s[v][p], x[p]), x[p + 1]), x[p + 2]);
        }
    }
    for (size_t v = 0; v < nv; v++)
        for (size_t p = 0; p < np; p++)
            vf_storeu(out + p * C + at[v], vf_mean(s[v][p], divisor));
}

/* A run is inlined, one copy per run length and vector count; under ASan,
 * whose red zones around each copy's arrays made the path's frame 26 KiB,
 * it is a call. */
#if defined(__SANITIZE_ADDRESS__)
#define SKB_NHWC_RUN_INLINE __attribute__((noinline))
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SKB_NHWC_RUN_INLINE __attribute__((noinline))
#endif
#endif
#ifndef SKB_NHWC_RUN_INLINE
#define SKB_NHWC_RUN_INLINE inline __attribute__((always_inline))
#endif

/* One run of np windows, channels [c_lo, c_hi) in whole groups and the last
 * group if `last`. */
static SKB_NHWC_RUN_INLINE void
skb_avg_nhwc_run_k3_channels(float *out, const float *first, const skb_nhwc_groups *cg,
                             size_t c_lo, size_t c_hi, bool last, const size_t np, size_t rows,
                             size_t dy, vf divisor)
{
    const size_t C = cg->C;
    for (size_t c = c_lo; c < c_hi; c += 2 * VF_WIDTH) {
        const size_t at[2] = {c, c + VF_WIDTH};
        skb_avg_nhwc_run_k3(out, first, at, 2, np, rows, dy, C, divisor);
    }
    if (!last)
        return;
    size_t v = 0;
    for (; v + 2 <= cg->nv_last; v += 2)
        skb_avg_nhwc_run_k3(out, first, cg->at_last + v, 2, np, rows, dy, C, divisor);
    if (v < cg->nv_last)
        skb_avg_nhwc_run_k3(out, first, cg->at_last + v, 1, np, rows, dy, C, divisor);
}

/* The windows at output columns [ox_lo, ox_hi), at least two, each with all
 * 3 columns real, in runs; channels as above. */
static inline __attribute__((always_inline)) void
skb_avg_nhwc_runs_k3(float *out, const float *row, const skb_geometry *g,
                     const skb_nhwc_groups *cg, size_t c_lo, size_t c_hi, bool last, size_t rows,
                     size_t ox_lo, size_t ox_hi, vf divisor)
{
    const size_t C = g->c, dy = g->dh * g->w * C;
    for (size_t ox = ox_lo; ox < ox_hi;) {
        /* Runs of four, the last of two or three: five left are 3 + 2. */
        const size_t left = ox_hi - ox;
        const size_t np = left == SKB_NHWC_RUN + 1 ? 3
                          : left < SKB_NHWC_RUN    ? left
                                                   : SKB_NHWC_RUN;
        const float *first = row + (ox - g->pad_left) * C;
        /* A constant run length in each call, so its loops unroll. */
        if (np == SKB_NHWC_RUN)
            skb_avg_nhwc_run_k3_channels(out + ox * C, first, cg, c_lo, c_hi, last, SKB_NHWC_RUN,
                                         rows, dy, divisor);
        else if (np == 3)
            skb_avg_nhwc_run_k3_channels(out + ox * C, first, cg, c_lo, c_hi, last, 3, rows, dy,
                                         divisor);
        else
            skb_avg_nhwc_run_k3_channels(out + ox * C, first, cg, c_lo, c_hi, last, 2, rows, dy,
                                         divisor);
        ox += np;
    }
}

void SKB_VARIANT(skb_avgpool_nhwc_f32_neighbours_k3)(const skb_geometry *g,
                                                     const float *restrict src,
                                                     float *restrict dst, void *restrict workspace)
{
    /* Fewer channels than a vector: one partial vector a window, as the
     * direct path computes it. */
    if (g->c < VF_WIDTH) {
        SKB_VARIANT(skb_avgpool_nhwc_f32)(g, src, dst, workspace);
        return;
    }
    const size_t C = g->c, row_step = g->w * C;
    skb_nhwc_groups cg;
    skb_nhwc_groups_init(&cg, C);
    /* A run's taps of a chunk of the channels fit L1 (path_policy.h), so the
     * next run finds the two columns it shares with this one there. */
    const size_t chunk = skb_nhwc_chunk(g->kh * (SKB_NHWC_RUN + 2));
    /* Columns [full_lo, full_hi) see all 3 taps; fewer than two are left to
     * the windows one by one. */
    size_t full_lo, full_hi;
    skb_full_windows(g->sw, g->pad_left, g->dw, g->kw, g->w, g->ow, &full_lo, &full_hi);
    if (full_hi - full_lo < 2)
        full_hi = full_lo;
    for (size_t n = 0; n < g->n; n++) {
        const float *image = src + n * g->h * row_step;
        for (size_t oy = 0; oy < g->oh; oy++) {
            size_t ky_lo, ky_hi;
            skb_real_taps(oy, g->sh, g->pad_top, g->dh, g->kh, g->h, &ky_lo, &ky_hi);
            const size_t rows = ky_hi - ky_lo, window_rows = skb_avg_rows(g, oy);
            const float *row = image + (oy * g->sh + ky_lo * g->dh - g->pad_top) * row_step;
            float *out = dst + (n * g->oh + oy) * g->ow * C;
            /* A window with all 3 columns real counts 3 of them either way. */
            const vf divisor = vf_set1((float)(window_rows * g->kw));
            for (size_t c_lo = 0; c_lo < cg.whole || c_lo == 0; c_lo += chunk) {
                const size_t c_hi = c_lo + chunk < cg.whole ? c_lo + chunk : cg.whole;
                const bool last = c_hi == cg.whole;
                skb_avg_nhwc_row(out, row, g, &cg, c_lo, c_hi, last, rows, window_rows, full_lo,
                                 full_hi, 0, full_lo);
                if (full_hi > full_lo)
                    skb_avg_nhwc_runs_k3(out, row, g, &cg, c_lo, c_hi, last, rows, full_lo,
                                         full_hi, divisor);
                skb_avg_nhwc_row(out, row, g, &cg, c_lo, c_hi, last, rows, window_rows, full_lo,
                                 full_hi, full_hi, g->ow);
            }
        }
    }
}
