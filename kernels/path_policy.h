/* Internal: the sizes that decide which path a layer takes, in one place,
 * and the workspace each path needs.  Read by kernels/paths.c (the choice)
 * and by the templates (the layout of their workspace). */
#ifndef SKB_PATH_POLICY_H
#define SKB_PATH_POLICY_H

#include "skb.h"

#include <stddef.h>

/* NCHW pooling takes the channel tile while output rows are shorter than
 * this many vectors (shorter rows cannot fill vectors) and the tile of one
 * vector of channels fits this many floats (96 KiB: within L2 with room). */
#define SKB_TILE_MAX_OW_VECTORS 4
#define SKB_TILE_MAX_FLOATS 24576

/* Otherwise the padded copy of a plane, while it (slack included) fits this
 * many floats (64 KiB); wider planes read their rows from the input. */
#define SKB_PADDED_MAX_FLOATS 16384

/* Slack after the padded copy's last row: whole-vector loads of strides up
 * to 3 may read this many vectors past the last tap. */
#define SKB_PADDED_SLACK_VECTORS 3

/* The rows path of max pooling asks for its input this far ahead of the
 * row it computes (32 KiB), so enough loads are in flight to stream planes
 * from DRAM at speed. */
#define SKB_PREFETCH_FLOATS 8192

/* A plan on a pool takes another thread only for this many bytes of input
 * + output per thread (measured on this project's 2-core machines: a pool
 * takes some microseconds to wake, the time of ~100-300 KiB of pooling). */
#define SKB_THREAD_MIN_BYTES ((size_t)1 << 20)

/* The threads g's work is worth by that rule (at least 1). */
static inline size_t skb_threads_worth(const skb_geometry *g)
{
    const size_t floats = SKB_THREAD_MIN_BYTES / sizeof(float);
    const size_t worth = g->src_elems / floats + g->dst_elems / floats;
    return worth > 1 ? worth : 1;
}

/* The padded rows and columns all windows of g span, from (-pad_top,
 * -pad_left). */
static inline size_t skb_span_rows(const skb_geometry *g)
{
    return (g->oh - 1) * g->sh + (g->kh - 1) * g->dh + 1;
}

static inline size_t skb_span_cols(const skb_geometry *g)
{
    return (g->ow - 1) * g->sw + (g->kw - 1) * g->dw + 1;
}

/* Workspace layouts, in floats, for vectors of `lanes` floats; 0 if the
 * count does not fit size_t (checked by the planner before use).
 *   padded copy:  rows*cols + slack, then (average pooling) the column
 *                 extents of every output column plus one vector;
 *   channel tile: rows*cols vectors. */
static inline size_t skb_padded_floats(const skb_geometry *g, size_t lanes, bool column_extents)
{
    size_t plane, total;
    if (__builtin_mul_overflow(skb_span_rows(g), skb_span_cols(g), &plane) ||
        __builtin_add_overflow(plane, SKB_PADDED_SLACK_VECTORS * lanes, &total) ||
        (column_extents && __builtin_add_overflow(total, g->ow + lanes, &total)))
        return 0;
    return total;
}

static inline size_t skb_tile_floats(const skb_geometry *g, size_t lanes)
{
    size_t plane, total;
    if (__builtin_mul_overflow(skb_span_rows(g), skb_span_cols(g), &plane) ||
        __builtin_mul_overflow(plane, lanes, &total))
        return 0;
    return total;
}

#endif
