/* Small NCHW planes are pooled from a copy (in the plan's workspace) with the
 * padding written out, so that every window is read by one uniform vector loop, with no
 * border cases and no per-row tails of taps.  A padding tap holds a value
 * that cannot change the result: -inf for a max (x > m never takes it), and
 * +0.0f for a sum (a sum that starts at +0.0f is never -0.0f, so adding
 * +0.0f leaves its bits as they were). */
#ifndef SKB_TEMPLATES_PADDED_PLANE_H
#define SKB_TEMPLATES_PADDED_PLANE_H

#include "templates/window.h"

#include "path_policy.h"
#include "templates/rows.h"

#define SKB_PADDED_SLACK (SKB_PADDED_SLACK_VECTORS * VF_WIDTH)

/* buf[r][x] = plane[r - pad_top][x - pad_left] where that is inside the
 * plane, else pad; then the slack, also pad. */
static inline void skb_fill_padded_plane(float *buf, size_t rows, size_t cols,
                                         const float *plane, const skb_geometry *g, float pad)
{
    const size_t left = g->pad_left < cols ? g->pad_left : cols;
    const size_t copied = cols - left < g->w ? cols - left : g->w;
    for (size_t r = 0; r < rows; r++) {
        float *row = buf + r * cols;
        const ptrdiff_t iy = (ptrdiff_t)r - (ptrdiff_t)g->pad_top;
        if (iy < 0 || (size_t)iy >= g->h) {
            vf_fill(row, cols, pad);
            continue;
        }
        vf_fill(row, left, pad);
        vf_copy_strided(row + left, plane + (size_t)iy * g->w, 1, copied);
        vf_fill(row + left + copied, cols - left - copied, pad);
    }
    vf_fill(buf + rows * cols, SKB_PADDED_SLACK, pad);
}

/* While output row oy of a plane is computed, ask for the part of the next
 * plane (next_size floats at next, or nothing if next is NULL) that its
 * row oy will copy: the next plane then streams in behind the work. */
static inline void skb_prefetch_next_plane(const float *next, size_t next_size, size_t oy,
                                           size_t oh)
{
    if (!next)
        return;
    const size_t per_row = (next_size + oh - 1) / oh;
    for (size_t x = oy * per_row; x < (oy + 1) * per_row && x < next_size; x += 16)
        __builtin_prefetch(next + x);
}

/* Whole-vector loads where the stride allows them (the slack covers them),
 * else exactly `lanes` taps. */
static inline __attribute__((always_inline)) vf skb_padded_load(const float *p, size_t stride,
                                                                size_t lanes)
{
    return stride <= 3 ? vf_load_strided_full(p, stride) : vf_load_strided(p, stride, lanes);
}

#endif
