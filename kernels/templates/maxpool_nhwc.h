/* Max pooling, NHWC: vectors across channels, one window at a time, a
 * group of up to four channel vectors per pass over the window's taps
 * (templates/nhwc_channels.h), so the tap loop is paid once per group.
 * Each output row runs first with plain max operations; a row that read a
 * NaN (templates/nan_watch.h) runs again tracking NaN as the lanes still
 * ordered (vo_and_ordered), which AVX-512 narrows in a mask register with
 * the comparison itself.  The tracking costs a third of the speed on
 * L3-resident layers, and it is needed only where a NaN is.  Included
 * after an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/nan_watch.h"
#include "templates/nhwc_channels.h"
#include "templates/window.h"

#include <math.h>

/* The window's rows x cols real taps from `first` (tap (ky, kx) at
 * first + ky*dy + kx*dx), for nv whole vectors at channels at[v], or at
 * v*VF_WIDTH when at is NULL (a whole group: constant offsets); NaN
 * tracked when `tracked` (a constant in every caller). */
static inline __attribute__((always_inline)) void
skb_max_nhwc_group(float *out, const float *first, const size_t *at, const size_t nv,
                   size_t rows, size_t cols, size_t dy, size_t dx, const bool tracked)
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
                if (tracked)
                    ok[v] = vo_and_ordered(ok[v], a);
                m[v] = vf_max_first(m[v], a);
            }
    }
    for (size_t v = 0; v < nv; v++)
        vf_storeu(out + o[v], tracked ? vf_nan_unless_ordered(m[v], ok[v]) : m[v]);
}

/* As above for the first `lanes` < VF_WIDTH channels (C < VF_WIDTH). */
static inline __attribute__((always_inline)) void
skb_max_nhwc_partial(float *out, const float *first, size_t lanes, size_t rows, size_t cols,
                     size_t dy, size_t dx, const bool tracked)
{
    vf m = vf_set1(-INFINITY);
    vord ok = vo_all();
    for (size_t ky = 0; ky < rows; ky++, first += dy) {
        const float *tap = first;
        for (size_t kx = 0; kx < cols; kx++, tap += dx) {
            const vf a = vf_load_n(tap, lanes);
            if (tracked)
                ok = vo_and_ordered(ok, a);
            m = vf_max_first(m, a);
        }
    }
    vf_store_n(out, tracked ? vf_nan_unless_ordered(m, ok) : m, lanes);
}

/* One output pixel: every channel of its window.  `whole` channels come in
 * whole groups; the last group (if any) has nv_last (1..4) vectors at
 * at_last[]. */
static inline __attribute__((always_inline)) void
skb_max_nhwc_pixel(float *out, const float *first, size_t C, size_t whole, size_t nv_last,
                   const size_t *at_last, size_t rows, size_t cols, size_t dy, size_t dx,
                   const bool tracked)
{
    if (C < VF_WIDTH) {
        skb_max_nhwc_partial(out, first, C, rows, cols, dy, dx, tracked);
        return;
    }
    for (size_t c = 0; c < whole; c += SKB_NHWC_GROUP * VF_WIDTH)
        skb_max_nhwc_group(out + c, first + c, NULL, SKB_NHWC_GROUP, rows, cols, dy, dx,
                           tracked);
    /* A constant count in each call, so each loop over v unrolls and the
     * group's vectors stay in registers. */
    switch (nv_last) {
    case 0:
        break;
    case 1:
        skb_max_nhwc_group(out, first, at_last, 1, rows, cols, dy, dx, tracked);
        break;
    case 2:
        skb_max_nhwc_group(out, first, at_last, 2, rows, cols, dy, dx, tracked);
        break;
    case 3:
        skb_max_nhwc_group(out, first, at_last, 3, rows, cols, dy, dx, tracked);
        break;
    default:
        skb_max_nhwc_group(out, first, at_last, 4, rows, cols, dy, dx, tracked);
        break;
    }
}

/* One output row: `row` is its windows' first real input row (ky_lo). */
static inline __attribute__((always_inline)) void
skb_max_nhwc_row(float *out, const float *row, const skb_geometry *g,
                 const skb_nhwc_groups *cg, size_t rows, size_t full_lo, size_t full_hi,
                 const bool tracked)
{
    const size_t C = cg->C, dy = g->dh * g->w * C, dx = g->dw * C;
    for (size_t ox = 0; ox < g->ow; ox++, out += C) {
        size_t cols;
        const float *first = skb_nhwc_window(g, row, ox, full_lo, full_hi, &cols);
        /* The common window widths with their tap loop unrolled. */
        if (cols == 3)
            skb_max_nhwc_pixel(out, first, C, cg->whole, cg->nv_last, cg->at_last, rows, 3, dy,
                               dx, tracked);
        else if (cols == 2)
            skb_max_nhwc_pixel(out, first, C, cg->whole, cg->nv_last, cg->at_last, rows, 2, dy,
                               dx, tracked);
        else
            skb_max_nhwc_pixel(out, first, C, cg->whole, cg->nv_last, cg->at_last, rows, cols,
                               dy, dx, tracked);
    }
}

void SKB_VARIANT(skb_maxpool_nhwc_f32)(const skb_geometry *g, const float *restrict src,
                                       float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    const size_t C = g->c, row_step = g->w * C;
    skb_nhwc_groups cg;
    skb_nhwc_groups_init(&cg, C);
    /* Columns [full_lo, full_hi) see all kw taps. */
    size_t full_lo, full_hi;
    skb_full_windows(g->sw, g->pad_left, g->dw, g->kw, g->w, g->ow, &full_lo, &full_hi);
    skb_nan_watch watch;
    const bool watched = skb_nan_watch_begin(&watch, g->src_elems);
    for (size_t n = 0; n < g->n; n++) {
        const float *image = src + n * g->h * row_step;
        for (size_t oy = 0; oy < g->oh; oy++) {
            size_t ky_lo, ky_hi;
            skb_real_taps(oy, g->sh, g->pad_top, g->dh, g->kh, g->h, &ky_lo, &ky_hi);
            const float *row = image + (oy * g->sh + ky_lo * g->dh - g->pad_top) * row_step;
            float *out = dst + (n * g->oh + oy) * g->ow * C;
            const size_t rows = ky_hi - ky_lo;
            if (watched) {
                skb_max_nhwc_row(out, row, g, &cg, rows, full_lo, full_hi, false);
                if (!skb_nan_watch_raised(&watch))
                    continue;
            }
            skb_max_nhwc_row(out, row, g, &cg, rows, full_lo, full_hi, true);
        }
    }
    skb_nan_watch_end(&watch);
}
