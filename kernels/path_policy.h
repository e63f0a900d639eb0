/* Internal: the sizes that decide which path a layer takes, in one place,
 * and the workspace each path needs.  Read by kernels/paths.c (the choice)
 * and by the templates (the layout of their workspace). */
#ifndef SKB_PATH_POLICY_H
#define SKB_PATH_POLICY_H

#include "skb.h"

#include <stddef.h>
#include <stdint.h>

/* NCHW pooling takes the channel tile while output rows are shorter than
 * this many vectors (shorter rows cannot fill vectors) and the tile of one
 * vector of channels fits this many floats (96 KiB: within L2 with room). */
#define SKB_TILE_MAX_OW_VECTORS 4
#define SKB_TILE_MAX_FLOATS 24576

/* Max pooling's stride-2 rows spill past short rows (no padding) while
 * output rows are longer than this many half vectors. */
#define SKB_SPILL_MIN_OW_HALVES 1

/* Otherwise the padded copy of a plane, while it (slack included) fits this
 * many floats (64 KiB); wider planes read their rows from the input.  Max
 * pooling's rows path streams its input with prefetches, and wins once the
 * copy no longer fits L1 beside the rows it is made from: 32 KiB (measured:
 * ResNet-50's 112x112 3x3/2 pool 0.71x the padded copy's time with AVX-512,
 * 0.88-0.95x with SSE and AVX2; 90x90 0.75-0.95x; 71x71, 21 KiB, still
 * faster padded). */
#define SKB_PADDED_MAX_FLOATS 16384
#define SKB_PADDED_MAX_FLOATS_MAXPOOL 8192

/* Slack after the padded copy's last row: whole-vector loads of strides up
 * to 3 may read this many vectors past the last tap. */
#define SKB_PADDED_SLACK_VECTORS 3

/* The rows paths of max pooling ask for their input this far ahead of the
 * row they compute (32 KiB), so enough loads are in flight to stream planes
 * from DRAM at speed, once the input holds SKB_PREFETCH_MIN_FLOATS (8 MiB).
 * Below that the requests only cost.  Measured on an AMD EPYC Zen 5 (probe,
 * one process, interleaved; 2x2/2 pools of 148- and 224-wide planes, the
 * spilling rows and the others), the time without them over the time with
 * them: inputs of 0.4 to 6.4 MB 0.62-0.93x with AVX2 and AVX-512,
 * 0.84-0.96x with SSE; 12.8 MB 0.90-0.93x with AVX-512 but 1.5-1.7x with
 * AVX2 and SSE; 16.6 and 38.5 MB 1.3-2.9x (once 0.95x). */
#define SKB_PREFETCH_FLOATS 8192
#define SKB_PREFETCH_MIN_FLOATS (2u << 20)

/* Max kernels leave NaN to the status flag (templates/nan_watch.h) from this
 * many input floats a call: reading and writing the status costs about as
 * much as tracking NaN in about a thousand values. */
#define SKB_NAN_WATCH_MIN_FLOATS 1024

/* NHWC average pooling walks an output row pixel by pixel over a chunk of
 * the channels at a time, the chunk sized so one window's taps of it fit
 * this many bytes (half a 32 KiB L1d, a third of a 48 KiB one): the next
 * window, which shares most of those taps, then finds them in L1.  A 3x3
 * window of 2048 channels is 72 KiB; walked whole, its taps are gone before
 * the next pixel reads them (AVX-512: Inception's 8x8x2048 average pool 29
 * -> 45 GB/s in chunks).  Measured on an AMD EPYC Zen 4 VM (32 KiB L1d)
 * against 32 KiB, gate A/B: 8x8x1280 0.83x the time with AVX2 and AVX-512,
 * 17x17x768 0.90-0.93x, the rest the same.  Quicker probes there: 8 KiB
 * 0.98-1.26x the time of 32, 12 KiB like 16, 24 KiB between.  On a Zen 5
 * VM (48 KiB L1d) 17x17x768 had been 3% slower split at 16 KiB than whole. */
#define SKB_NHWC_WINDOW_CHUNK_BYTES 16384

/* A table whose vectors are wider than 8 lanes runs NCHW col2im at 8
 * where output rows are narrower than SKB_COL2IM_W8_MAX_OW, or, at stride 2
 * with windows of two or more columns, SKB_COL2IM_W8_MAX_OW_S2; and NCHW
 * im2col where they are wider than SKB_IM2COL_W8_MIN_OW (paths.c,
 * width_path, says what was measured). */
#define SKB_COL2IM_W8_MAX_OW 16
#define SKB_COL2IM_W8_MAX_OW_S2 32
#define SKB_IM2COL_W8_MIN_OW 8

/* ... and global and NHWC pooling of fewer channels than this many of its
 * vectors, not a multiple of one (paths.c, width_path). */
#define SKB_POOL_W8_MAX_VECTORS 2

/* col2im NHWC's segments path (AVX-512): a vector of SKB_SEGMENT_PIXELS
 * whole pixels (8 lanes), a multiple of the stride, adds the runs of up to
 * SKB_SEGMENT_MAX_RUNS output columns that overlap it
 * (kernels/avx512/col2im_segments.c). */
#define SKB_SEGMENT_PIXELS(c, sw) ((8 / (c)) / (sw) * (sw))
#define SKB_SEGMENT_MAX_RUNS 32

/* NCHW max pooling's rolling paths (AVX-512) from this many outputs a row,
 * and for 2x2 windows up to SKB_ROLLING_K2X2_MAX_OW (kernels/paths.c,
 * rolling_path). */
#define SKB_ROLLING_MAX_MIN_OW 4
#define SKB_ROLLING_K2X2_MAX_OW 24

/* ... which read the NaN status flag once per this many outputs of whole
 * planes, not once per walk: on an AMD EPYC Zen 5 (probe, one process,
 * interleaved), 14x14 2x2/2 and 12x12 3x3/2 planes then took 0.78-0.85x
 * the time (a walk down them is a few dozen operations; the read is not
 * much less), 28x28 the same. */
#define SKB_ROLLING_CHECK_OUTPUTS 4096

/* The plane_rows paths of NCHW im2col and col2im (AVX-512) serve planes
 * whose input and output rows are at most SKB_PLANE_ROWS_MAX_W floats wide
 * (a row a vector), with windows at most SKB_PLANE_ROWS_MAX_KW columns wide
 * (a table of their lanes). */
#define SKB_PLANE_ROWS_MAX_W 16
#define SKB_PLANE_ROWS_MAX_KW 16

/* NHWC average pooling with windows 3 columns wide at stride 1 sums four
 * neighbouring windows together (the neighbours_k3 path) from one vector
 * of channels up to this many, by the table's lanes (kernels/paths.c,
 * nhwc_avg_path, says what was measured); the scalar table never. */
static inline size_t skb_neighbours_max_c(size_t lanes)
{
    return lanes == 16 ? 384 : lanes == 8 ? 96 : lanes == 4 ? 192 : 0;
}

/* Whether the segments path serves g: no dilation along x, a stride's
 * worth of pixels fits a vector (C*sw <= 8), and few enough runs overlap
 * one (at most (P + kw - 2) / sw + 1 for P pixels a vector). */
static inline bool skb_segments_serve(const skb_geometry *g)
{
    if (g->dw != 1 || g->c == 0 || g->c * g->sw > 8)
        return false;
    const size_t P = SKB_SEGMENT_PIXELS(g->c, g->sw);
    return (P + g->kw - 2) / g->sw + 1 <= SKB_SEGMENT_MAX_RUNS;
}

/* A plan on a pool takes another thread for each SKB_THREAD_MIN_NS of
 * work, the work estimated from the bytes it moves (input + output) at a
 * speed typical of the op and layout on one core.  Measured on this
 * project's 2-core machine (AVX-512, every benchmark shape): handing work
 * to a pthreadpool and waiting for it costs 2.1-2.5 us a call (2.3 us with
 * the workers sleeping, 2.1 us spinning), so a layer of less than ~5 us is
 * slower on two threads and one of 10 us gains ~1.3-1.6x.  The speeds are
 * near the fast end of each op's shapes (its 75th percentile, rounded up;
 * slower shapes take threads sooner, which only helps them): bytes alone
 * would keep NCHW layers, 2-5x slower per byte than NHWC ones, on one
 * thread at 50 us. */
#define SKB_THREAD_MIN_NS 5000

/* Bytes per nanosecond (GB/s) one core moves, by op, NCHW then NHWC.
 * NCHW max pooling's figure is above its speed (46): its short-row paths
 * gained nothing from a second thread on planes resident in L2 (measured:
 * VGG16's pool5, 490 KiB, 0.78-1.04x on two threads with the tile or the
 * spilling rows, AVX2 or AVX-512; the cause is not found), so such layers
 * stay on one thread. */
static inline size_t skb_typical_gbps(skb_op op, skb_layout layout)
{
    const bool nchw = layout == SKB_LAYOUT_NCHW;
    switch (op) {
    case SKB_OP_MAXPOOL:
        return nchw ? 80 : 120;
    case SKB_OP_AVGPOOL:
        return nchw ? 32 : 48;
    case SKB_OP_IM2COL:
        return nchw ? 64 : 128;
    case SKB_OP_COL2IM:
        return nchw ? 40 : 112;
    default: /* the global pools */
        return nchw ? 96 : 128;
    }
}

/* The threads g's work is worth by that rule (at least 1). */
static inline size_t skb_threads_worth(const skb_geometry *g)
{
    /* Halves of floats, so the sum cannot overflow. */
    const size_t half_floats_per_thread =
        skb_typical_gbps(g->op, g->layout) * SKB_THREAD_MIN_NS / sizeof(float) / 2;
    const size_t worth = (g->src_elems / 2 + g->dst_elems / 2) / half_floats_per_thread;
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
 *   channel tile: rows*cols vectors, then (average pooling) the column
 *                 extents of every output column. */
static inline size_t skb_padded_floats(const skb_geometry *g, size_t lanes, bool column_extents)
{
    size_t plane, total;
    if (__builtin_mul_overflow(skb_span_rows(g), skb_span_cols(g), &plane) ||
        __builtin_add_overflow(plane, SKB_PADDED_SLACK_VECTORS * lanes, &total) ||
        (column_extents && __builtin_add_overflow(total, g->ow + lanes, &total)))
        return 0;
    return total;
}

static inline size_t skb_tile_floats(const skb_geometry *g, size_t lanes, bool column_extents)
{
    size_t plane, total;
    if (__builtin_mul_overflow(skb_span_rows(g), skb_span_cols(g), &plane) ||
        __builtin_mul_overflow(plane, lanes, &total) ||
        (column_extents && __builtin_add_overflow(total, g->ow, &total)))
        return 0;
    return total;
}

/* NHWC col2im sums pixel by pixel (the pixels path) when an image's column
 * matrix is larger than this many floats (64 KiB) or C <= 4; smaller
 * matrices stay in L1 while the direct path adds them in long runs. */
#define SKB_COL2IM_PIXELS_MIN_FLOATS 16384

/* The pixels path of NHWC col2im keeps, per image column, where its
 * entries start, how many there are and whether a block of pixels starts
 * there: 3*W size_t, aligned within the workspace (which is only
 * float-aligned). */
static inline size_t skb_col2im_pixels_floats(const skb_geometry *g)
{
    const size_t per = sizeof(size_t) / sizeof(float);
    if (g->w > (SIZE_MAX / sizeof(float) - per) / (3 * per))
        return 0;
    return 3 * g->w * per + per - 1;
}

static inline size_t *skb_col2im_pixels_table(void *workspace)
{
    const uintptr_t at = (uintptr_t)workspace;
    return (size_t *)(at + (sizeof(size_t) - at % sizeof(size_t)) % sizeof(size_t));
}

#endif
