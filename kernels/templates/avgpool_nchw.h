/* Average pooling, NCHW: vectors across output columns, as in
 * maxpool_nchw.h.  Inside the row every window has KW real columns, so the
 * divisor is constant along it.  Included after an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/channel_tile.h"
#include "templates/padded_plane.h"
#include "templates/pool_one.h"

/* The windows [lo, hi) of output row `out`, all inside the input row, whose
 * real rows are [ky_lo, ky_hi).  Inlined per stride (see maxpool_nchw.h). */
static inline __attribute__((always_inline)) void
avgpool_nchw_inner(const skb_geometry *g, const float *plane, float *out, size_t oy,
                   size_t ky_lo, size_t ky_hi, size_t lo, size_t hi, vf divisor, size_t stride)
{
    for (size_t ox = lo; ox < hi; ox += VF_WIDTH) {
        const size_t lanes = hi - ox < VF_WIDTH ? hi - ox : VF_WIDTH;
        /* While a later window is inside, whole-vector loads of the taps
         * cannot run past the last element it reads. */
        const bool full = ox + VF_WIDTH < hi;
        vf sum = vf_zero();
        for (size_t ky = ky_lo; ky < ky_hi; ky++) {
            const float *row =
                plane + (oy * g->sh + ky * g->dh - g->pad_top) * g->w + ox * stride - g->pad_left;
            for (size_t kx = 0; kx < g->kw; kx++) {
                const float *tap = row + kx * g->dw;
                sum = vf_add(sum, full ? vf_load_strided_full(tap, stride)
                                       : vf_load_strided(tap, stride, lanes));
            }
        }
        vf_store_n(out + ox, vf_canonical(vf_div(sum, divisor)), lanes);
    }
}

/* One plane from its padded copy (padded_plane.h), +0.0f in the padding.
 * The divisor of window (oy, ox) is rows(oy) * columns(ox), an exact float
 * product of small integers. */
static inline __attribute__((always_inline)) void
avgpool_nchw_padded(const skb_geometry *g, const float *buf, size_t cols, const float *columns,
                    float *out_plane, const float *next_plane, size_t stride)
{
    /* Up to four vectors of outputs at once: each sum is a chain of adds
     * that must stay in order, so independent chains are what keeps the
     * adder busy. */
    const size_t step = 4 * VF_WIDTH;
    for (size_t oy = 0; oy < g->oh; oy++) {
        skb_prefetch_next_plane(next_plane, g->h * g->w, oy, g->oh);
        float *out = out_plane + oy * g->ow;
        const vf rows = vf_set1((float)skb_avg_rows(g, oy));
        for (size_t ox = 0; ox < g->ow; ox += step) {
            const size_t left = g->ow - ox < step ? g->ow - ox : step;
            const size_t blocks = (left + VF_WIDTH - 1) / VF_WIDTH;
            size_t lanes[4];
            for (size_t b = 0; b < 4; b++)
                lanes[b] = left > b * VF_WIDTH ? (left - b * VF_WIDTH < VF_WIDTH
                                                      ? left - b * VF_WIDTH
                                                      : VF_WIDTH)
                                               : 0;
            vf s0 = vf_zero(), s1 = s0, s2 = s0, s3 = s0;
            for (size_t ky = 0; ky < g->kh; ky++) {
                const float *row = buf + (oy * g->sh + ky * g->dh) * cols + ox * stride;
                for (size_t kx = 0; kx < g->kw; kx++) {
                    const float *tap = row + kx * g->dw;
                    s0 = vf_add(s0, skb_padded_load(tap, stride, lanes[0]));
                    if (blocks > 1)
                        s1 = vf_add(s1, skb_padded_load(tap + VF_WIDTH * stride, stride, lanes[1]));
                    if (blocks > 2)
                        s2 = vf_add(s2, skb_padded_load(tap + 2 * VF_WIDTH * stride, stride,
                                                        lanes[2]));
                    if (blocks > 3)
                        s3 = vf_add(s3, skb_padded_load(tap + 3 * VF_WIDTH * stride, stride,
                                                        lanes[3]));
                }
            }
            const vf sums[4] = {s0, s1, s2, s3};
            for (size_t b = 0; b < blocks; b++) {
                const size_t first = ox + b * VF_WIDTH;
                const vf divisor = vf_mul(rows, vf_loadu(columns + first));
                vf_store_n(out + first, vf_canonical(vf_div(sums[b], divisor)), lanes[b]);
            }
        }
    }
}

/* The outputs of one channel tile; inlined with constant window sizes for
 * the common 2x2 and 3x3 windows, so the tap loops unroll. */
static inline __attribute__((always_inline)) void
avgpool_nchw_tile_outputs(const skb_geometry *g, const float *tile, size_t cols,
                          skb_tile_writer *out, size_t kh, size_t kw)
{
    for (size_t oy = 0; oy < g->oh; oy++) {
        const size_t window_rows = skb_avg_rows(g, oy);
        for (size_t ox = 0; ox < g->ow; ox++) {
            vf sum = vf_zero();
            for (size_t ky = 0; ky < kh; ky++) {
                const float *tap =
                    tile + ((oy * g->sh + ky * g->dh) * cols + ox * g->sw) * VF_WIDTH;
                for (size_t kx = 0; kx < kw; kx++)
                    sum = vf_add(sum, vf_loadu(tap + kx * g->dw * VF_WIDTH));
            }
            const size_t divisor = window_rows * skb_avg_cols(g, ox);
            skb_tile_put(out, vf_canonical(vf_div(sum, vf_set1((float)divisor))));
        }
    }
}

/* VF_WIDTH channels at once through a channel tile (channel_tile.h). */
static void avgpool_nchw_tiled(const skb_geometry *g, const float *src, float *dst, size_t rows,
                               size_t cols)
{
    float tile[SKB_TILE_FLOATS];
    const size_t plane_size = g->h * g->w, out_size = g->oh * g->ow;
    for (size_t n = 0; n < g->n; n++)
        for (size_t c = 0; c < g->c; c += VF_WIDTH) {
            const size_t channels = g->c - c < VF_WIDTH ? g->c - c : VF_WIDTH;
            skb_fill_channel_tile(tile, rows, cols, src + (n * g->c + c) * plane_size, channels,
                                  g, 0.0f);
            skb_tile_writer out = {.planes = dst + (n * g->c + c) * out_size,
                                   .plane_size = out_size, .channels = channels};
            if (g->kh == 3 && g->kw == 3)
                avgpool_nchw_tile_outputs(g, tile, cols, &out, 3, 3);
            else if (g->kh == 2 && g->kw == 2)
                avgpool_nchw_tile_outputs(g, tile, cols, &out, 2, 2);
            else
                avgpool_nchw_tile_outputs(g, tile, cols, &out, g->kh, g->kw);
            skb_tile_flush(&out);
        }
}

void SKB_VARIANT(skb_avgpool_nchw_f32)(const skb_geometry *g, const float *restrict src,
                                       float *restrict dst)
{
    size_t rows, cols;
    /* Tiles pay off where rows are too short to fill vectors. */
    if (g->ow < 4 * VF_WIDTH && skb_channel_tile_fits(g, &rows, &cols)) {
        avgpool_nchw_tiled(g, src, dst, rows, cols);
        return;
    }
    if (skb_padded_plane_fits(g, &rows, &cols)) {
        float buf[SKB_PADDED_PLANE_FLOATS];
        /* Whole vectors of column extents; lanes past OW are 1 (unused). */
        float columns[SKB_PADDED_MAX_OW + VF_WIDTH];
        for (size_t ox = 0; ox < g->ow + VF_WIDTH; ox++)
            columns[ox] = ox < g->ow ? (float)skb_avg_cols(g, ox) : 1.0f;
        for (size_t plane_index = 0; plane_index < g->n * g->c; plane_index++) {
            skb_fill_padded_plane(buf, rows, cols, src + plane_index * g->h * g->w, g, 0.0f);
            float *out_plane = dst + plane_index * g->oh * g->ow;
            const float *next = plane_index + 1 < g->n * g->c
                                    ? src + (plane_index + 1) * g->h * g->w
                                    : NULL;
            switch (g->sw) {
            case 1:
                avgpool_nchw_padded(g, buf, cols, columns, out_plane, next, 1);
                break;
            case 2:
                avgpool_nchw_padded(g, buf, cols, columns, out_plane, next, 2);
                break;
            default:
                avgpool_nchw_padded(g, buf, cols, columns, out_plane, next, g->sw);
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
                out[ox] = skb_avg_one(plane, g->w, 1, g, oy, ox);
            for (size_t ox = inner_hi; ox < g->ow; ox++)
                out[ox] = skb_avg_one(plane, g->w, 1, g, oy, ox);

            size_t ky_lo, ky_hi;
            skb_real_taps(oy, g->sh, g->pad_top, g->dh, g->kh, g->h, &ky_lo, &ky_hi);
            const size_t rows = skb_avg_rows(g, oy);
            const vf divisor = vf_set1((float)(rows * g->kw));
            switch (g->sw) {
            case 1:
                avgpool_nchw_inner(g, plane, out, oy, ky_lo, ky_hi, inner_lo, inner_hi, divisor, 1);
                break;
            case 2:
                avgpool_nchw_inner(g, plane, out, oy, ky_lo, ky_hi, inner_lo, inner_hi, divisor, 2);
                break;
            default:
                avgpool_nchw_inner(g, plane, out, oy, ky_lo, ky_hi, inner_lo, inner_hi, divisor,
                                   g->sw);
                break;
            }
        }
    }
}
