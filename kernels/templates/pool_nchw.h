/* Max and average pooling, NCHW: one driver per path, with the reducer (a
 * max, or a sum then a division) chosen by the constant `max`, so that each
 * instantiation keeps only its own operations.  The paths (which one runs
 * is the plan's choice, kernels/paths.c):
 *   rows     vectors across output columns, read straight from the input;
 *            windows wholly inside the row VF_WIDTH at a time, each tap
 *            loaded with the window stride, border windows tap by tap;
 *   padded   each plane first copied into the workspace with its padding
 *            written out (padded_plane.h): one uniform loop, no borders;
 *   tile     VF_WIDTH channels transposed into a tile in the workspace
 *            (channel_tile.h), one vector per window tap.
 * Included after an f32_<isa>.h vocabulary, by maxpool_nchw.h and
 * avgpool_nchw.h. */
#ifndef SKB_TEMPLATES_POOL_NCHW_H
#define SKB_TEMPLATES_POOL_NCHW_H

#include "path_policy.h"
#include "simd/variant.h"
#include "tables.h"
#include "templates/channel_tile.h"
#include "templates/padded_plane.h"
#include "templates/pool_one.h"

#include <math.h>

#define SKB_ALWAYS_INLINE static inline __attribute__((always_inline))

/* A window's running reduction: the max and the lanes that saw a NaN, or
 * the sum (nan unused). */
typedef struct pool_acc {
    vf v;
    vmask nan;
} pool_acc;

SKB_ALWAYS_INLINE pool_acc pool_start(bool max)
{
    const pool_acc a = {max ? vf_set1(-INFINITY) : vf_zero(), vm_none()};
    return a;
}

SKB_ALWAYS_INLINE pool_acc pool_take(pool_acc a, vf x, bool max)
{
    if (max) {
        a.nan = vm_or_nan(a.nan, x);
        a.v = vf_max_first(a.v, x);
    } else {
        a.v = vf_add(a.v, x);
    }
    return a;
}

/* The output: the max (NaN canonical), or the sum over `divisor`. */
SKB_ALWAYS_INLINE vf pool_result(pool_acc a, vf divisor, bool max)
{
    return max ? vf_canonical_nan(a.v, a.nan) : vf_canonical(vf_div(a.v, divisor));
}

/* Asks for the input that an output row starting at src[row_start] reads
 * (`floats` of it), SKB_PREFETCH_FLOATS ahead (across planes), so that
 * enough loads are in flight to read planes from DRAM at speed. */
SKB_ALWAYS_INLINE void pool_prefetch_ahead(const float *src, size_t src_elems, size_t row_start,
                                           size_t floats)
{
    const size_t first = row_start + SKB_PREFETCH_FLOATS;
    const size_t end = first + floats < src_elems ? first + floats : src_elems;
    for (size_t at = first; at < end; at += 16)
        __builtin_prefetch(src + at);
}

/* --- rows ------------------------------------------------------------- */

/* The windows [lo, hi) of output row `out`, all inside the input row, whose
 * real rows are [ky_lo, ky_hi); inside the row every window has KW real
 * columns, so the divisor is constant along it. */
SKB_ALWAYS_INLINE void pool_nchw_inner(const skb_geometry *g, const float *plane, float *out,
                                       size_t oy, size_t ky_lo, size_t ky_hi, size_t lo,
                                       size_t hi, vf divisor, size_t stride, bool max)
{
    /* The geometry in locals: stores of outputs (some through may-alias
     * vector types) would otherwise make the compiler reload it. */
    const size_t kw = g->kw, dw = g->dw, row_step = g->dh * g->w;
    const float *first_row = plane + (oy * g->sh + ky_lo * g->dh - g->pad_top) * g->w - g->pad_left;
    for (size_t ox = lo; ox < hi; ox += VF_WIDTH) {
        const size_t lanes = hi - ox < VF_WIDTH ? hi - ox : VF_WIDTH;
        /* While a later window is inside, whole-vector loads of the taps
         * cannot run past the last element it reads. */
        const bool full = ox + VF_WIDTH < hi;
        pool_acc acc = pool_start(max);
        const float *row = first_row + ox * stride;
        for (size_t ky = ky_lo; ky < ky_hi; ky++, row += row_step) {
            for (size_t kx = 0; kx < kw; kx++) {
                const float *tap = row + kx * dw;
                acc = pool_take(acc,
                                full ? vf_load_strided_full(tap, stride)
                                     : vf_load_strided(tap, stride, lanes),
                                max);
            }
        }
        vf_store_n(out + ox, pool_result(acc, divisor, max), lanes);
    }
}

/* One vector of stride-2 windows, rows x kw taps from `row` on (rows
 * row_step floats apart), the taps in pairs from one pair of loads; whole
 * loads when `whole`, else exactly the 2 * lanes (- 1) columns read. */
SKB_ALWAYS_INLINE pool_acc pool_s2_pairs_window(pool_acc acc, const float *row, size_t rows,
                                                size_t row_step, size_t kw, size_t lanes,
                                                bool whole, bool max)
{
    for (size_t r = 0; r < rows; r++, row += row_step) {
        for (size_t kx = 0; kx < kw; kx += 2) {
            const bool pair = kx + 1 < kw;
            const size_t span = 2 * lanes - (pair ? 0 : 1);
            const vf a = whole ? vf_loadu(row + kx) : vf_load_span_part(row + kx, span, 0);
            const vf b = whole ? vf_loadu(row + kx + VF_WIDTH)
                               : vf_load_span_part(row + kx, span, 1);
            acc = pool_take(acc, vf_deinterleave2(a, b), max);
            if (pair)
                acc = pool_take(acc, vf_deinterleave2_odd(a, b), max);
        }
    }
    return acc;
}

/* As pool_nchw_inner for stride 2 and no dilation (VGG's 2x2/2, ResNet's
 * 3x3/2): the taps kx and kx + 1 of a vector of windows come from the same
 * two loads, split into even and odd columns in registers.  The windows
 * have `rows` real rows from ky_lo. */
SKB_ALWAYS_INLINE void pool_nchw_s2_pairs_rows(const skb_geometry *g, const float *plane,
                                               float *out, size_t oy, size_t ky_lo, size_t rows,
                                               size_t lo, size_t hi, vf divisor, size_t kw,
                                               bool max)
{
    const size_t row_step = g->dh * g->w; /* in a local: see pool_nchw_inner */
    const float *first_row = plane + (oy * g->sh + ky_lo * g->dh - g->pad_top) * g->w - g->pad_left;
    for (size_t ox = lo; ox < hi; ox += VF_WIDTH) {
        const size_t lanes = hi - ox < VF_WIDTH ? hi - ox : VF_WIDTH;
        /* Whole vectors read up to one column past the last tap of these
         * windows when kw is odd: safe while a later window is inside. */
        const bool full = kw % 2 == 0 ? lanes == VF_WIDTH : ox + VF_WIDTH < hi;
        const pool_acc acc = pool_s2_pairs_window(pool_start(max), first_row + ox * 2, rows,
                                                  row_step, kw, lanes, full, max);
        vf_store_n(out + ox, pool_result(acc, divisor, max), lanes);
    }
}

/* A square window with all its rows real (most output rows) is inlined
 * with a constant row count, so that the row loop unrolls: no loop branch
 * per output vector, whose exit a short count makes hard to predict. */
SKB_ALWAYS_INLINE void pool_nchw_inner_s2_pairs(const skb_geometry *g, const float *plane,
                                                float *out, size_t oy, size_t ky_lo,
                                                size_t ky_hi, size_t lo, size_t hi, vf divisor,
                                                size_t kw, bool max)
{
    if (ky_hi - ky_lo == kw)
        pool_nchw_s2_pairs_rows(g, plane, out, oy, ky_lo, kw, lo, hi, divisor, kw, max);
    else
        pool_nchw_s2_pairs_rows(g, plane, out, oy, ky_lo, ky_hi - ky_lo, lo, hi, divisor, kw,
                                max);
}

/* Every plane, row by row from the input: stride `stride` (a constant in
 * the specialised paths), or stride-2 pairs of taps if pairs_kw is 2 or 3. */
SKB_ALWAYS_INLINE void pool_nchw_rows(const skb_geometry *g, const float *restrict src,
                                      float *restrict dst, size_t stride, size_t pairs_kw,
                                      bool max)
{
    size_t inner_lo, inner_hi;
    skb_full_windows(g->sw, g->pad_left, g->dw, g->kw, g->w, g->ow, &inner_lo, &inner_hi);
    const bool stream = max && g->src_elems >= SKB_PREFETCH_MIN_FLOATS;
    for (size_t plane_index = 0; plane_index < g->n * g->c; plane_index++) {
        const float *plane = src + plane_index * g->h * g->w;
        float *out_plane = dst + plane_index * g->oh * g->ow;
        for (size_t oy = 0; oy < g->oh; oy++) {
            float *out = out_plane + oy * g->ow;
            for (size_t ox = 0; ox < inner_lo; ox++)
                out[ox] = max ? skb_max_one(plane, g->w, 1, g, oy, ox)
                              : skb_avg_one(plane, g->w, 1, g, oy, ox);
            for (size_t ox = inner_hi; ox < g->ow; ox++)
                out[ox] = max ? skb_max_one(plane, g->w, 1, g, oy, ox)
                              : skb_avg_one(plane, g->w, 1, g, oy, ox);

            size_t ky_lo, ky_hi;
            skb_real_taps(oy, g->sh, g->pad_top, g->dh, g->kh, g->h, &ky_lo, &ky_hi);
            if (stream)
                pool_prefetch_ahead(src, g->src_elems,
                                    plane_index * g->h * g->w + oy * g->sh * g->w, g->sh * g->w);
            const vf divisor = max ? vf_set1(1.0f) : vf_set1((float)(skb_avg_rows(g, oy) * g->kw));
            if (pairs_kw)
                pool_nchw_inner_s2_pairs(g, plane, out, oy, ky_lo, ky_hi, inner_lo, inner_hi,
                                         divisor, pairs_kw, max);
            else
                pool_nchw_inner(g, plane, out, oy, ky_lo, ky_hi, inner_lo, inner_hi, divisor,
                                stride, max);
        }
    }
}

/* --- rows that spill -------------------------------------------------- */

/* As pool_nchw_s2_pairs_rows, for rows whose windows are all inside the
 * row (no left padding): whole-vector loads and stores even where a row
 * ends inside the vector.  A load past the row reads the next rows (of
 * this plane or the next), lanes whose results are never kept; a store past
 * the output row writes lanes that the next output row overwrites, since
 * rows are computed in ascending order.  Only at the end of the input or
 * output do the loads and stores stop at the last element.  Short rows
 * (ResNet's and VGG's small planes) then take no partial loads or stores. */
SKB_ALWAYS_INLINE void pool_nchw_s2_pairs_spill_row(const skb_geometry *g, const float *src,
                                                    size_t src_floats, float *dst,
                                                    size_t dst_floats, size_t first_row,
                                                    size_t rows, size_t out, size_t kw,
                                                    bool max)
{
    const size_t row_step = g->dh * g->w, ow = g->ow; /* in locals: see pool_nchw_inner */
    const size_t last_row = first_row + (rows - 1) * row_step;
    const vf one = vf_set1(1.0f);
    for (size_t ox = 0; ox < ow; ox += VF_WIDTH) {
        const size_t lanes = ow - ox < VF_WIDTH ? ow - ox : VF_WIDTH;
        /* Whole loads of the last pair of taps (kx = 0 or 2) read 2 *
         * VF_WIDTH floats from column kx; the last row reads furthest. */
        const bool whole = last_row + 2 * ox + 2 * ((kw - 1) / 2) + 2 * VF_WIDTH <= src_floats;
        const pool_acc acc = pool_s2_pairs_window(pool_start(max), src + first_row + ox * 2, rows,
                                                  row_step, kw, lanes, whole, max);
        const vf v = pool_result(acc, one, max);
        if (out + ox + VF_WIDTH <= dst_floats)
            vf_storeu(dst + out + ox, v);
        else
            vf_store_n(dst + out + ox, v, lanes);
    }
}

/* Every plane, row by row, through pool_nchw_s2_pairs_spill_row, asking
 * for the input ahead if `stream`; the plan gives this path only shapes
 * without padding whose windows are all inside the plane
 * (kernels/paths.c).  Square windows get a constant row count (see
 * pool_nchw_inner_s2_pairs). */
SKB_ALWAYS_INLINE void pool_nchw_s2_pairs_spill_planes(const skb_geometry *g,
                                                       const float *restrict src,
                                                       float *restrict dst, size_t kw, bool max,
                                                       bool stream)
{
    const size_t planes = g->n * g->c, plane_size = g->h * g->w, oh = g->oh, kh = g->kh;
    const size_t src_floats = planes * plane_size, dst_floats = planes * oh * g->ow;
    for (size_t plane_index = 0; plane_index < planes; plane_index++) {
        for (size_t oy = 0; oy < oh; oy++) {
            const size_t first_row = plane_index * plane_size + oy * g->sh * g->w;
            const size_t out = (plane_index * oh + oy) * g->ow;
            if (stream)
                pool_prefetch_ahead(src, src_floats, first_row, g->sh * g->w);
            if (kh == kw)
                pool_nchw_s2_pairs_spill_row(g, src, src_floats, dst, dst_floats, first_row, kw,
                                             out, kw, max);
            else
                pool_nchw_s2_pairs_spill_row(g, src, src_floats, dst, dst_floats, first_row, kh,
                                             out, kw, max);
        }
    }
}

/* The loop above with and without the requests, so that short rows (a
 * vector or two) pay no test for them. */
SKB_ALWAYS_INLINE void pool_nchw_s2_pairs_spill(const skb_geometry *g, const float *restrict src,
                                                float *restrict dst, size_t kw, bool max)
{
    if (max && g->n * g->c * g->h * g->w >= SKB_PREFETCH_MIN_FLOATS)
        pool_nchw_s2_pairs_spill_planes(g, src, dst, kw, max, true);
    else
        pool_nchw_s2_pairs_spill_planes(g, src, dst, kw, max, false);
}

/* --- padded ----------------------------------------------------------- */

/* One plane from its padded copy.  The divisor of window (oy, ox) is
 * rows(oy) * columns(ox), an exact float product of small integers.  Sums
 * keep up to four vectors of outputs in flight: each is a chain of adds
 * that must stay in order, so independent chains are what keeps the adder
 * busy; a max keeps one. */
SKB_ALWAYS_INLINE void pool_nchw_padded_plane(const skb_geometry *g, const float *buf,
                                              size_t cols, const float *columns,
                                              float *out_plane, const float *next_plane,
                                              size_t stride, bool max)
{
    const size_t chains = max ? 1 : 4;
    const size_t step = chains * VF_WIDTH;
    /* The geometry in locals (see pool_nchw_inner). */
    const size_t oh = g->oh, ow = g->ow, kh = g->kh, kw = g->kw, dw = g->dw;
    const size_t row_step = g->dh * cols, plane_size = g->h * g->w;
    for (size_t oy = 0; oy < oh; oy++) {
        skb_prefetch_next_plane(next_plane, plane_size, oy, oh);
        float *out = out_plane + oy * ow;
        const vf rows = max ? vf_set1(1.0f) : vf_set1((float)skb_avg_rows(g, oy));
        const float *first_row = buf + oy * g->sh * cols;
        for (size_t ox = 0; ox < ow; ox += step) {
            const size_t left = ow - ox < step ? ow - ox : step;
            const size_t blocks = chains == 1 ? 1 : (left + VF_WIDTH - 1) / VF_WIDTH;
            size_t lanes[4];
            for (size_t b = 0; b < chains; b++)
                lanes[b] = left > b * VF_WIDTH ? (left - b * VF_WIDTH < VF_WIDTH
                                                      ? left - b * VF_WIDTH
                                                      : VF_WIDTH)
                                               : 0;
            pool_acc a0 = pool_start(max), a1 = a0, a2 = a0, a3 = a0;
            const float *row = first_row + ox * stride;
            for (size_t ky = 0; ky < kh; ky++, row += row_step) {
                for (size_t kx = 0; kx < kw; kx++) {
                    const float *tap = row + kx * dw;
                    a0 = pool_take(a0, skb_padded_load(tap, stride, lanes[0]), max);
                    if (chains > 1 && blocks > 1)
                        a1 = pool_take(a1, skb_padded_load(tap + VF_WIDTH * stride, stride,
                                                           lanes[1]),
                                       max);
                    if (chains > 2 && blocks > 2)
                        a2 = pool_take(a2, skb_padded_load(tap + 2 * VF_WIDTH * stride, stride,
                                                           lanes[2]),
                                       max);
                    if (chains > 3 && blocks > 3)
                        a3 = pool_take(a3, skb_padded_load(tap + 3 * VF_WIDTH * stride, stride,
                                                           lanes[3]),
                                       max);
                }
            }
            const pool_acc accs[4] = {a0, a1, a2, a3};
            for (size_t b = 0; b < blocks; b++) {
                const size_t first = ox + b * VF_WIDTH;
                const vf divisor = max ? rows : vf_mul(rows, vf_loadu(columns + first));
                vf_store_n(out + first, pool_result(accs[b], divisor, max), lanes[b]);
            }
        }
    }
}

/* As pool_nchw_padded_plane for stride 2, no dilation and a window kw
 * columns wide: a pair of taps (kx, kx + 1) comes from the same two loads,
 * split into even and odd columns in registers. */
SKB_ALWAYS_INLINE void pool_nchw_padded_plane_s2_pairs(const skb_geometry *g, const float *buf,
                                                       size_t cols, const float *columns,
                                                       float *out_plane,
                                                       const float *next_plane, size_t kh,
                                                       size_t kw, bool max)
{
    /* The geometry in locals (see pool_nchw_inner). */
    const size_t oh = g->oh, ow = g->ow;
    const size_t row_step = g->dh * cols, plane_size = g->h * g->w;
    for (size_t oy = 0; oy < oh; oy++) {
        skb_prefetch_next_plane(next_plane, plane_size, oy, oh);
        float *out = out_plane + oy * ow;
        const vf rows = max ? vf_set1(1.0f) : vf_set1((float)skb_avg_rows(g, oy));
        const float *first_row = buf + oy * g->sh * cols;
        for (size_t ox = 0; ox < ow; ox += VF_WIDTH) {
            const size_t lanes = ow - ox < VF_WIDTH ? ow - ox : VF_WIDTH;
            /* The slack covers whole-vector loads. */
            const pool_acc acc = pool_s2_pairs_window(pool_start(max), first_row + ox * 2, kh,
                                                      row_step, kw, lanes, true, max);
            const vf divisor = max ? rows : vf_mul(rows, vf_loadu(columns + ox));
            vf_store_n(out + ox, pool_result(acc, divisor, max), lanes);
        }
    }
}

/* Every plane through its padded copy in the workspace (layout in
 * path_policy.h): stride `stride`, or pairs of taps of a kw-wide window at
 * stride 2 if `pairs`. */
SKB_ALWAYS_INLINE void pool_nchw_padded(const skb_geometry *g, const float *restrict src,
                                        float *restrict dst, float *restrict workspace,
                                        size_t stride, bool pairs, size_t kw, bool max)
{
    const size_t rows = skb_span_rows(g), cols = skb_span_cols(g);
    float *buf = workspace;
    /* Whole vectors of column extents; lanes past OW are 1 (unused). */
    float *columns = workspace + rows * cols + SKB_PADDED_SLACK;
    if (!max)
        for (size_t ox = 0; ox < g->ow + VF_WIDTH; ox++)
            columns[ox] = ox < g->ow ? (float)skb_avg_cols(g, ox) : 1.0f;
    for (size_t plane_index = 0; plane_index < g->n * g->c; plane_index++) {
        skb_fill_padded_plane(buf, rows, cols, src + plane_index * g->h * g->w, g,
                              max ? -INFINITY : 0.0f);
        float *out_plane = dst + plane_index * g->oh * g->ow;
        const float *next =
            plane_index + 1 < g->n * g->c ? src + (plane_index + 1) * g->h * g->w : NULL;
        /* A square window inlined with a constant row count: see
         * pool_nchw_inner_s2_pairs. */
        if (pairs && g->kh == kw)
            pool_nchw_padded_plane_s2_pairs(g, buf, cols, columns, out_plane, next, kw, kw, max);
        else if (pairs)
            pool_nchw_padded_plane_s2_pairs(g, buf, cols, columns, out_plane, next, g->kh, kw,
                                            max);
        else
            pool_nchw_padded_plane(g, buf, cols, columns, out_plane, next, stride, max);
    }
}

/* --- tile ------------------------------------------------------------- */

/* The outputs of one channel tile; kh and kw are constants in the 2x2 and
 * 3x3 paths, so the tap loops unroll.  The divisor of window (oy, ox) is
 * rows(oy) * columns[ox], as in the padded path. */
SKB_ALWAYS_INLINE void pool_nchw_tile_outputs(const skb_geometry *g, const float *tile,
                                              size_t cols, const float *columns,
                                              skb_tile_writer *out, size_t kh, size_t kw,
                                              bool max)
{
    /* The geometry in locals (see pool_nchw_inner). */
    const size_t oh = g->oh, ow = g->ow;
    const size_t row_step = g->dh * cols * VF_WIDTH, tap_step = g->dw * VF_WIDTH;
    const size_t window_step = g->sw * VF_WIDTH;
    for (size_t oy = 0; oy < oh; oy++) {
        const float window_rows = max ? 1.0f : (float)skb_avg_rows(g, oy);
        const float *window = tile + oy * g->sh * cols * VF_WIDTH;
        for (size_t ox = 0; ox < ow; ox++, window += window_step) {
            pool_acc acc = pool_start(max);
            const float *row = window;
            for (size_t ky = 0; ky < kh; ky++, row += row_step)
                for (size_t kx = 0; kx < kw; kx++)
                    acc = pool_take(acc, vf_loadu(row + kx * tap_step), max);
            const vf divisor = max ? vf_set1(1.0f) : vf_set1(window_rows * columns[ox]);
            skb_tile_put(out, pool_result(acc, divisor, max));
        }
    }
}

/* VF_WIDTH channels at once through a channel tile in the workspace
 * (layout in path_policy.h). */
SKB_ALWAYS_INLINE void pool_nchw_tiled(const skb_geometry *g, const float *restrict src,
                                       float *restrict dst, float *restrict workspace, size_t kh,
                                       size_t kw, bool max)
{
    const size_t rows = skb_span_rows(g), cols = skb_span_cols(g);
    const size_t plane_size = g->h * g->w, out_size = g->oh * g->ow;
    float *tile = workspace;
    float *columns = workspace + rows * cols * VF_WIDTH;
    if (!max)
        for (size_t ox = 0; ox < g->ow; ox++)
            columns[ox] = (float)skb_avg_cols(g, ox);
    for (size_t n = 0; n < g->n; n++)
        for (size_t c = 0; c < g->c; c += VF_WIDTH) {
            const size_t channels = g->c - c < VF_WIDTH ? g->c - c : VF_WIDTH;
            skb_fill_channel_tile(tile, rows, cols, src + (n * g->c + c) * plane_size, channels,
                                  g, max ? -INFINITY : 0.0f);
            skb_tile_writer out = {.planes = dst + (n * g->c + c) * out_size,
                                   .plane_size = out_size, .channels = channels};
            pool_nchw_tile_outputs(g, tile, cols, columns, &out, kh, kw, max);
            skb_tile_flush(&out);
        }
}

/* One path function: skb_<op>_nchw_f32_<path>__<isa>. */
#define SKB_POOL_NCHW_PATH(op, path)                                                   \
    void SKB_VARIANT(skb_##op##_nchw_f32_##path)(const skb_geometry *g,                \
                                                 const float *restrict src,           \
                                                 float *restrict dst,                 \
                                                 void *restrict workspace)

#endif
