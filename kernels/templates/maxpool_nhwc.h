/* Max pooling, NHWC: vectors across channels, one window at a time, a
 * group of up to four channel vectors per pass over the window's taps
 * (templates/nhwc_channels.h), so the tap loop is paid once per group.
 * NaN is tracked as the lanes still ordered (vo_and_ordered), which
 * AVX-512 narrows in a mask register with the comparison itself.  Included
 * after an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/nhwc_channels.h"
#include "templates/window.h"

#include <math.h>

/* The window's rows x cols real taps from `first` (tap (ky, kx) at
 * first + ky*dy + kx*dx), for nv whole vectors at channels at[v], or at
 * v*VF_WIDTH when at is NULL (a whole group: constant offsets). */
static inline __attribute__((always_inline)) void
skb_max_nhwc_group(float *out, const float *first, const size_t *at, const size_t nv,
                   size_t rows, size_t cols, size_t dy, size_t dx)
{
    vf m[SKB_NHWC_GROUP];
    vord ok[SKB_NHWC_GROUP];
    size_t o[SKB_NHWC_GROUP];
    for (size_t v = 0; v < nv; v++) {
        m[v] = vf_set1(-INFINITY);
        ok[v] = vo_all();
        o[v] = at ? at[v] : v * VF_WIDTH;
    }
    for (size_t ky = 0; ky < rows; ky++, first += dy) {
        const float *tap = first;
        for (size_t kx = 0; kx < cols; kx++, tap += dx)
            for (size_t v = 0; v < nv; v++) {
                const vf a = vf_loadu(tap + o[v]);
                ok[v] = vo_and_ordered(ok[v], a);
                m[v] = vf_max_first(m[v], a);
            }
    }
    for (size_t v = 0; v < nv; v++)
        vf_storeu(out + o[v], vf_nan_unless_ordered(m[v], ok[v]));
}

/* As above for the first `lanes` < VF_WIDTH channels (C < VF_WIDTH). */
static inline void skb_max_nhwc_partial(float *out, const float *first, size_t lanes, size_t rows,
                                        size_t cols, size_t dy, size_t dx)
{
    vf m = vf_set1(-INFINITY);
    vord ok = vo_all();
    for (size_t ky = 0; ky < rows; ky++, first += dy) {
        const float *tap = first;
        for (size_t kx = 0; kx < cols; kx++, tap += dx) {
            const vf a = vf_load_n(tap, lanes);
            ok = vo_and_ordered(ok, a);
            m = vf_max_first(m, a);
        }
    }
    vf_store_n(out, vf_nan_unless_ordered(m, ok), lanes);
}

/* One output pixel: every channel of its window.  `whole` channels come in
 * whole groups; the last group (if any) has nv_last (1..4) vectors at
 * at_last[]. */
static inline __attribute__((always_inline)) void
skb_max_nhwc_pixel(float *out, const float *first, size_t C, size_t whole, size_t nv_last,
                   const size_t *at_last, size_t rows, size_t cols, size_t dy, size_t dx)
{
    if (C < VF_WIDTH) {
        skb_max_nhwc_partial(out, first, C, rows, cols, dy, dx);
        return;
    }
    for (size_t c = 0; c < whole; c += SKB_NHWC_GROUP * VF_WIDTH)
        skb_max_nhwc_group(out + c, first + c, NULL, SKB_NHWC_GROUP, rows, cols, dy, dx);
    /* A constant count in each call, so each loop over v unrolls and the
     * group's vectors stay in registers. */
    switch (nv_last) {
    case 0:
        break;
    case 1:
        skb_max_nhwc_group(out, first, at_last, 1, rows, cols, dy, dx);
        break;
    case 2:
        skb_max_nhwc_group(out, first, at_last, 2, rows, cols, dy, dx);
        break;
    case 3:
        skb_max_nhwc_group(out, first, at_last, 3, rows, cols, dy, dx);
        break;
    default:
        skb_max_nhwc_group(out, first, at_last, 4, rows, cols, dy, dx);
        break;
    }
}

void SKB_VARIANT(skb_maxpool_nhwc_f32)(const skb_geometry *g, const float *restrict src,
                                       float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    const size_t C = g->c, row_step = g->w * C;
    const size_t dy = g->dh * row_step, dx = g->dw * C;
    /* Whole groups of four vectors, then the rest: one to four vectors, the
     * last ending at channel C. */
    const size_t whole = C / (SKB_NHWC_GROUP * VF_WIDTH) * (SKB_NHWC_GROUP * VF_WIDTH);
    size_t at_last[SKB_NHWC_GROUP]; /* at_last[0, nv_last) are set and read */
    const size_t nv_last = whole < C && C >= VF_WIDTH ? skb_nhwc_group(C, whole, at_last) : 0;
    /* Columns [full_lo, full_hi) see all kw taps. */
    size_t full_lo, full_hi;
    skb_full_windows(g->sw, g->pad_left, g->dw, g->kw, g->w, g->ow, &full_lo, &full_hi);
    for (size_t n = 0; n < g->n; n++) {
        const float *image = src + n * g->h * row_step;
        for (size_t oy = 0; oy < g->oh; oy++) {
            size_t ky_lo, ky_hi;
            skb_real_taps(oy, g->sh, g->pad_top, g->dh, g->kh, g->h, &ky_lo, &ky_hi);
            const float *row = image + (oy * g->sh + ky_lo * g->dh - g->pad_top) * row_step;
            float *out = dst + (n * g->oh + oy) * g->ow * C;
            for (size_t ox = 0; ox < g->ow; ox++, out += C) {
                size_t kx_lo = 0, kx_hi = g->kw;
                if (ox < full_lo || ox >= full_hi)
                    skb_real_taps(ox, g->sw, g->pad_left, g->dw, g->kw, g->w, &kx_lo, &kx_hi);
                const float *first = row + (ox * g->sw + kx_lo * g->dw - g->pad_left) * C;
                const size_t rows = ky_hi - ky_lo, cols = kx_hi - kx_lo;
                /* The common window widths with their tap loop unrolled. */
                if (cols == 3)
                    skb_max_nhwc_pixel(out, first, C, whole, nv_last, at_last, rows, 3, dy, dx);
                else if (cols == 2)
                    skb_max_nhwc_pixel(out, first, C, whole, nv_last, at_last, rows, 2, dy, dx);
                else
                    skb_max_nhwc_pixel(out, first, C, whole, nv_last, at_last, rows, cols, dy,
                                       dx);
            }
        }
    }
}
