/* A pixel's C channels (NHWC) as groups of up to four vectors, so that one
 * pass over a window's taps serves a whole group.  With C >= VF_WIDTH every
 * vector is whole: the last one ends at channel C and may overlap the one
 * before it, whose lanes it computes again with the same operations (the
 * same bits), so a channel count that is not a multiple of the width costs
 * one more vector, not a masked tail per tap.  With C < VF_WIDTH the one
 * vector is partial.  Included after an f32_<isa>.h vocabulary. */
#ifndef SKB_TEMPLATES_NHWC_CHANNELS_H
#define SKB_TEMPLATES_NHWC_CHANNELS_H

#include "path_policy.h"
#include "templates/window.h"

#include <stddef.h>

#define SKB_NHWC_GROUP 4

/* The vectors of the group starting at channel c (c < C, C >= VF_WIDTH):
 * their first channels in first[], their count returned. */
static inline size_t skb_nhwc_group(size_t C, size_t c, size_t first[SKB_NHWC_GROUP])
{
    size_t nv = 0;
    for (; nv < SKB_NHWC_GROUP && c < C; nv++, c += VF_WIDTH)
        first[nv] = c + VF_WIDTH <= C ? c : C - VF_WIDTH;
    return nv;
}

/* The channel groups of a pixel: `whole` channels in whole groups of four
 * vectors, then nv_last (0..4) vectors at at_last[0, nv_last), the last
 * ending at channel C; nv_last is 0 when C < VF_WIDTH (one partial vector). */
typedef struct skb_nhwc_groups {
    size_t C, whole, nv_last, at_last[SKB_NHWC_GROUP];
} skb_nhwc_groups;

static inline __attribute__((always_inline)) void skb_nhwc_groups_init(skb_nhwc_groups *cg,
                                                                   size_t C)
{
    /* Member by member: no packed stores in the scalar variant. */
    cg->C = C;
    cg->whole = C / (SKB_NHWC_GROUP * VF_WIDTH) * (SKB_NHWC_GROUP * VF_WIDTH);
    cg->nv_last = cg->whole < C && C >= VF_WIDTH ? skb_nhwc_group(C, cg->whole, cg->at_last) : 0;
}

/* The channels (whole groups, at least one) of a window of `taps` taps
 * that fit SKB_NHWC_WINDOW_CHUNK_BYTES (path_policy.h). */
static inline size_t skb_nhwc_chunk(size_t taps)
{
    const size_t group = SKB_NHWC_GROUP * VF_WIDTH;
    const size_t fit = SKB_NHWC_WINDOW_CHUNK_BYTES / sizeof(float) / taps / group * group;
    return fit > group ? fit : group;
}

/* The window of output column ox along an NHWC row whose windows start at
 * `row` (their first real input row): its first real tap, returned, and
 * how many columns of taps are real.  Columns [full_lo, full_hi) see all
 * kw taps (skb_full_windows). */
static inline __attribute__((always_inline)) const float *
skb_nhwc_window(const skb_geometry *g, const float *row, size_t ox, size_t full_lo,
                size_t full_hi, size_t *cols)
{
    size_t kx_lo = 0, kx_hi = g->kw;
    if (ox < full_lo || ox >= full_hi)
        skb_real_taps(ox, g->sw, g->pad_left, g->dw, g->kw, g->w, &kx_lo, &kx_hi);
    *cols = kx_hi - kx_lo;
    return row + (ox * g->sw + kx_lo * g->dw - g->pad_left) * g->c;
}

#endif
