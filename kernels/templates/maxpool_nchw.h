/* Max pooling, NCHW: vectors across output columns.  Windows wholly inside
 * the row are computed VF_WIDTH outputs at a time, each tap loaded with the
 * window stride (deinterleaved in registers; with stride 2, two taps per
 * pair of loads); border windows tap by tap.  Included after an
 * f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/channel_tile.h"
#include "templates/padded_plane.h"
#include "templates/pool_one.h"

#ifndef SKB_PREFETCH_FLOATS
#define SKB_PREFETCH_FLOATS 8192 /* 32 KiB */
#endif

/* The windows [lo, hi) of output row `out`, all inside the input row, whose
 * real rows are [ky_lo, ky_hi).  Inlined per stride so that the strided
 * loads of the common strides compile to fixed shuffles. */
static inline __attribute__((always_inline)) void
maxpool_nchw_inner(const skb_geometry *g, const float *plane, float *out, size_t oy,
                   size_t ky_lo, size_t ky_hi, size_t lo, size_t hi, size_t stride)
{
    for (size_t ox = lo; ox < hi; ox += VF_WIDTH) {
        const size_t lanes = hi - ox < VF_WIDTH ? hi - ox : VF_WIDTH;
        /* While a later window is inside, whole-vector loads of the taps
         * cannot run past the last element it reads. */
        const bool full = ox + VF_WIDTH < hi;
        vf m = vf_set1(-INFINITY);
        vmask nan = vm_none();
        for (size_t ky = ky_lo; ky < ky_hi; ky++) {
            const float *row =
                plane + (oy * g->sh + ky * g->dh - g->pad_top) * g->w + ox * stride - g->pad_left;
            for (size_t kx = 0; kx < g->kw; kx++) {
                const float *tap = row + kx * g->dw;
                const vf x = full ? vf_load_strided_full(tap, stride)
                                  : vf_load_strided(tap, stride, lanes);
                nan = vm_or_nan(nan, x);
                m = vf_max_first(m, x);
            }
        }
        vf_store_n(out + ox, vf_canonical_nan(m, nan), lanes);
    }
}

/* As maxpool_nchw_inner for stride 2 and no dilation (VGG's 2x2/2,
 * ResNet's 3x3/2): the taps kx and kx + 1 of a vector of windows come from
 * the same two loads, split into even and odd columns in registers. */
static inline __attribute__((always_inline)) void
maxpool_nchw_inner_s2(const skb_geometry *g, const float *plane, float *out, size_t oy,
                      size_t ky_lo, size_t ky_hi, size_t lo, size_t hi, size_t kw)
{
    for (size_t ox = lo; ox < hi; ox += VF_WIDTH) {
        const size_t lanes = hi - ox < VF_WIDTH ? hi - ox : VF_WIDTH;
        /* Whole vectors read up to one column past the last tap of these
         * windows when kw is odd: safe while a later window is inside. */
        const bool full = kw % 2 == 0 ? lanes == VF_WIDTH : ox + VF_WIDTH < hi;
        vf m = vf_set1(-INFINITY);
        vmask nan = vm_none();
        for (size_t ky = ky_lo; ky < ky_hi; ky++) {
            const float *row =
                plane + (oy * g->sh + ky * g->dh - g->pad_top) * g->w + ox * 2 - g->pad_left;
            for (size_t kx = 0; kx < kw; kx += 2) {
                const bool pair = kx + 1 < kw;
                /* Otherwise exactly the columns the taps read. */
                const size_t span = 2 * lanes - (pair ? 0 : 1);
                const vf a = full ? vf_loadu(row + kx) : vf_load_span_part(row + kx, span, 0);
                const vf b = full ? vf_loadu(row + kx + VF_WIDTH)
                                  : vf_load_span_part(row + kx, span, 1);
                const vf left = vf_deinterleave2(a, b);
                nan = vm_or_nan(nan, left);
                m = vf_max_first(m, left);
                if (pair) {
                    const vf right = vf_deinterleave2_odd(a, b);
                    nan = vm_or_nan(nan, right);
                    m = vf_max_first(m, right);
                }
            }
        }
        vf_store_n(out + ox, vf_canonical_nan(m, nan), lanes);
    }
}

/* One plane from its padded copy (padded_plane.h), -inf in the padding. */
static inline __attribute__((always_inline)) void
maxpool_nchw_padded(const skb_geometry *g, const float *buf, size_t cols, float *out_plane,
                    const float *next_plane, size_t stride)
{
    for (size_t oy = 0; oy < g->oh; oy++) {
        skb_prefetch_next_plane(next_plane, g->h * g->w, oy, g->oh);
        float *out = out_plane + oy * g->ow;
        for (size_t ox = 0; ox < g->ow; ox += VF_WIDTH) {
            const size_t lanes = g->ow - ox < VF_WIDTH ? g->ow - ox : VF_WIDTH;
            vf m = vf_set1(-INFINITY);
            vmask nan = vm_none();
            for (size_t ky = 0; ky < g->kh; ky++) {
                const float *row = buf + (oy * g->sh + ky * g->dh) * cols + ox * stride;
                for (size_t kx = 0; kx < g->kw; kx++) {
                    const vf x = skb_padded_load(row + kx * g->dw, stride, lanes);
                    nan = vm_or_nan(nan, x);
                    m = vf_max_first(m, x);
                }
            }
            vf_store_n(out + ox, vf_canonical_nan(m, nan), lanes);
        }
    }
}

/* As maxpool_nchw_padded for stride 2, no dilation and a window kw columns
 * wide: a pair of taps (kx, kx + 1) comes from the same two loads, split
 * into even and odd columns in registers. */
static inline __attribute__((always_inline)) void
maxpool_nchw_padded_s2(const skb_geometry *g, const float *buf, size_t cols, float *out_plane,
                       const float *next_plane, size_t kw)
{
    for (size_t oy = 0; oy < g->oh; oy++) {
        skb_prefetch_next_plane(next_plane, g->h * g->w, oy, g->oh);
        float *out = out_plane + oy * g->ow;
        for (size_t ox = 0; ox < g->ow; ox += VF_WIDTH) {
            const size_t lanes = g->ow - ox < VF_WIDTH ? g->ow - ox : VF_WIDTH;
            vf m = vf_set1(-INFINITY);
            vmask nan = vm_none();
            for (size_t ky = 0; ky < g->kh; ky++) {
                const float *row = buf + (oy * g->sh + ky * g->dh) * cols + ox * 2;
                for (size_t kx = 0; kx < kw; kx += 2) {
                    /* The slack covers these whole-vector loads. */
                    const vf a = vf_loadu(row + kx), b = vf_loadu(row + kx + VF_WIDTH);
                    const vf left = vf_deinterleave2(a, b);
                    nan = vm_or_nan(nan, left);
                    m = vf_max_first(m, left);
                    if (kx + 1 < kw) {
                        const vf right = vf_deinterleave2_odd(a, b);
                        nan = vm_or_nan(nan, right);
                        m = vf_max_first(m, right);
                    }
                }
            }
            vf_store_n(out + ox, vf_canonical_nan(m, nan), lanes);
        }
    }
}

/* The outputs of one channel tile; inlined with constant window sizes for
 * the common 2x2 and 3x3 windows, so the tap loops unroll. */
static inline __attribute__((always_inline)) void
maxpool_nchw_tile_outputs(const skb_geometry *g, const float *tile, size_t cols,
                          skb_tile_writer *out, size_t kh, size_t kw)
{
    for (size_t oy = 0; oy < g->oh; oy++)
        for (size_t ox = 0; ox < g->ow; ox++) {
            vf m = vf_set1(-INFINITY);
            vmask nan = vm_none();
            for (size_t ky = 0; ky < kh; ky++) {
                const float *tap =
                    tile + ((oy * g->sh + ky * g->dh) * cols + ox * g->sw) * VF_WIDTH;
                for (size_t kx = 0; kx < kw; kx++) {
                    const vf x = vf_loadu(tap + kx * g->dw * VF_WIDTH);
                    nan = vm_or_nan(nan, x);
                    m = vf_max_first(m, x);
                }
            }
            skb_tile_put(out, vf_canonical_nan(m, nan));
        }
}

/* VF_WIDTH channels at once through a channel tile (channel_tile.h). */
static void maxpool_nchw_tiled(const skb_geometry *g, const float *src, float *dst, size_t rows,
                               size_t cols)
{
    float tile[SKB_TILE_FLOATS];
    const size_t plane_size = g->h * g->w, out_size = g->oh * g->ow;
    for (size_t n = 0; n < g->n; n++)
        for (size_t c = 0; c < g->c; c += VF_WIDTH) {
            const size_t channels = g->c - c < VF_WIDTH ? g->c - c : VF_WIDTH;
            skb_fill_channel_tile(tile, rows, cols, src + (n * g->c + c) * plane_size, channels,
                                  g, -INFINITY);
            skb_tile_writer out = {.planes = dst + (n * g->c + c) * out_size,
                                   .plane_size = out_size, .channels = channels};
            if (g->kh == 3 && g->kw == 3)
                maxpool_nchw_tile_outputs(g, tile, cols, &out, 3, 3);
            else if (g->kh == 2 && g->kw == 2)
                maxpool_nchw_tile_outputs(g, tile, cols, &out, 2, 2);
            else
                maxpool_nchw_tile_outputs(g, tile, cols, &out, g->kh, g->kw);
            skb_tile_flush(&out);
        }
}

void SKB_VARIANT(skb_maxpool_nchw_f32)(const skb_geometry *g, const float *restrict src,
                                       float *restrict dst)
{
    size_t rows, cols;
    /* Windows two columns wide with stride 2 read their rows straight from
     * the input once a row fills a vector: faster than a copy or a tile.
     * (Wider windows with padding gain less than their border windows
     * cost, so they keep the padded copy.) */
    const bool s2 = g->sw == 2 && g->dw == 1;
    const bool direct = s2 && g->kw == 2 && g->ow >= VF_WIDTH;
    /* Tiles pay off where rows are too short to fill vectors. */
    if (!direct && g->ow < 4 * VF_WIDTH && skb_channel_tile_fits(g, &rows, &cols)) {
        maxpool_nchw_tiled(g, src, dst, rows, cols);
        return;
    }
    if (!direct && skb_padded_plane_fits(g, &rows, &cols)) {
        float buf[SKB_PADDED_PLANE_FLOATS];
        for (size_t plane_index = 0; plane_index < g->n * g->c; plane_index++) {
            skb_fill_padded_plane(buf, rows, cols, src + plane_index * g->h * g->w, g,
                                  -INFINITY);
            float *out_plane = dst + plane_index * g->oh * g->ow;
            const float *next = plane_index + 1 < g->n * g->c
                                    ? src + (plane_index + 1) * g->h * g->w
                                    : NULL;
            switch (g->sw) {
            case 1:
                maxpool_nchw_padded(g, buf, cols, out_plane, next, 1);
                break;
            case 2:
                if (g->dw == 1 && g->kw == 3)
                    maxpool_nchw_padded_s2(g, buf, cols, out_plane, next, 3);
                else if (g->dw == 1)
                    maxpool_nchw_padded_s2(g, buf, cols, out_plane, next, g->kw);
                else
                    maxpool_nchw_padded(g, buf, cols, out_plane, next, 2);
                break;
            default:
                maxpool_nchw_padded(g, buf, cols, out_plane, next, g->sw);
                break;
            }
        }
        return;
    }
    size_t inner_lo, inner_hi;
    skb_full_windows(g->sw, g->pad_left, g->dw, g->kw, g->w, g->ow, &inner_lo, &inner_hi);
    for (size_t plane_index = 0; plane_index < g->n * g->c; plane_index++) {
        const float *plane = src + plane_index * g->h * g->w;
        float *out_plane = dst + plane_index * g->oh * g->ow;
        for (size_t oy = 0; oy < g->oh; oy++) {
            float *out = out_plane + oy * g->ow;
            for (size_t ox = 0; ox < inner_lo; ox++)
                out[ox] = skb_max_one(plane, g->w, 1, g, oy, ox);
            for (size_t ox = inner_hi; ox < g->ow; ox++)
                out[ox] = skb_max_one(plane, g->w, 1, g, oy, ox);

            size_t ky_lo, ky_hi;
            skb_real_taps(oy, g->sh, g->pad_top, g->dh, g->kh, g->h, &ky_lo, &ky_hi);
            /* Stream ahead: ask for the input an output row consumes,
             * SKB_PREFETCH_FLOATS ahead of it (across planes), so enough
             * loads are in flight to read planes from DRAM at speed. */
            const size_t row_start = plane_index * g->h * g->w + oy * g->sh * g->w;
            for (size_t x = 0; x < g->sh * g->w; x += 16) {
                const size_t at = row_start + SKB_PREFETCH_FLOATS + x;
                if (at >= g->src_elems)
                    break;
                __builtin_prefetch(src + at);
            }
            if (s2 && g->kw == 2) {
                maxpool_nchw_inner_s2(g, plane, out, oy, ky_lo, ky_hi, inner_lo, inner_hi, 2);
                continue;
            }
            if (s2 && g->kw == 3) {
                maxpool_nchw_inner_s2(g, plane, out, oy, ky_lo, ky_hi, inner_lo, inner_hi, 3);
                continue;
            }
            switch (g->sw) {
            case 1:
                maxpool_nchw_inner(g, plane, out, oy, ky_lo, ky_hi, inner_lo, inner_hi, 1);
                break;
            case 2:
                maxpool_nchw_inner(g, plane, out, oy, ky_lo, ky_hi, inner_lo, inner_hi, 2);
                break;
            case 3:
                maxpool_nchw_inner(g, plane, out, oy, ky_lo, ky_hi, inner_lo, inner_hi, 3);
                break;
            default:
                maxpool_nchw_inner(g, plane, out, oy, ky_lo, ky_hi, inner_lo, inner_hi, g->sw);
                break;
            }
        }
    }
}
