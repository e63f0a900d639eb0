/* col2im, NHWC: zero the image, then for each (ky, kx) in ascending order
 * add every window's C entries into its pixel, vectors across channels.
 * (Looping over windows first would add a pixel's entries in descending ky
 * order.)  Included after an f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/window.h"
#include "templates/rows.h"

void SKB_VARIANT(skb_col2im_nhwc_f32)(const skb_geometry *g, const float *restrict src,
                                      float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    const size_t C = g->c, row_step = g->w * C, window_size = g->kh * g->kw * C;
    for (size_t n = 0; n < g->n; n++) {
        float *image = dst + n * g->h * row_step;
        const float *columns = src + n * g->oh * g->ow * window_size;
        vf_fill_zero(image, g->h * row_step);
        for (size_t ky = 0; ky < g->kh; ky++) {
            size_t oy_lo, oy_hi;
            skb_real_outputs((ptrdiff_t)(ky * g->dh) - (ptrdiff_t)g->pad_top, g->sh, g->h, g->oh,
                             &oy_lo, &oy_hi);
            for (size_t kx = 0; kx < g->kw; kx++) {
                size_t ox_lo, ox_hi;
                skb_real_outputs((ptrdiff_t)(kx * g->dw) - (ptrdiff_t)g->pad_left, g->sw, g->w,
                                 g->ow, &ox_lo, &ox_hi);
                for (size_t oy = oy_lo; oy < oy_hi; oy++) {
                    float *row = image + (oy * g->sh + ky * g->dh - g->pad_top) * row_step;
                    for (size_t ox = ox_lo; ox < ox_hi; ox++)
                        vf_accumulate(row + (ox * g->sw + kx * g->dw - g->pad_left) * C,
                                      columns + (oy * g->ow + ox) * window_size +
                                          (ky * g->kw + kx) * C,
                                      C);
                }
            }
        }
        vf_canonicalize(image, g->h * row_step);
    }
}

/* The pixels path: each image pixel sums all its entries in registers, in
 * ascending (ky, kx) order, and is written once, image row after image row.
 * The direct path above walks the whole column matrix once per (ky, kx), so
 * a matrix larger than the caches is read KH*KW times from memory; here the
 * KH column rows an image row reads stay cached while they are needed, and
 * small C (first layers: C = 3) gets whole pixels per vector instead of
 * per-float sums. */
#include "path_policy.h"

#include "templates/col2im_axis.h"

/* One block of `vectors` (1..4) vectors of channels of one pixel: the sum
 * of its ny*nx entries, at offsets at + i*dy + j*dx of cols (unsigned
 * arithmetic: the deltas wrap).  The last vector holds `lanes` channels;
 * where the tensors have room it is moved whole (the extra lanes read the
 * next entry and spill into the next pixel, written after this one). */
static inline __attribute__((always_inline)) void SKB_VARIANT(skb_col2im_pixel_block)(
    float *out, const float *cols, size_t at, size_t ny, size_t nx, size_t dy, size_t dx,
    size_t vectors, size_t lanes, size_t src_elems, bool dst_room)
{
    vf acc[4] = {vf_zero(), vf_zero(), vf_zero(), vf_zero()};
    const size_t tail = (vectors - 1) * VF_WIDTH;
    for (size_t i = 0; i < ny; i++, at += dy) {
        size_t o = at;
        for (size_t j = 0; j < nx; j++, o += dx) {
            for (size_t v = 0; v + 1 < vectors; v++)
                acc[v] = vf_add(acc[v], vf_loadu(cols + o + v * VF_WIDTH));
            const float *p = cols + o + tail;
            const vf last = lanes == VF_WIDTH || o + tail + VF_WIDTH <= src_elems
                                ? vf_loadu(p)
                                : vf_load_n(p, lanes);
            acc[vectors - 1] = vf_add(acc[vectors - 1], last);
        }
    }
    for (size_t v = 0; v + 1 < vectors; v++)
        vf_storeu(out + v * VF_WIDTH, vf_canonical(acc[v]));
    if (lanes == VF_WIDTH || dst_room)
        vf_storeu(out + tail, vf_canonical(acc[vectors - 1]));
    else
        vf_store_n(out + tail, vf_canonical(acc[vectors - 1]), lanes);
}

#if VF_WIDTH >= 4
#include "simd/sse_tail.h"
/* C <= 4: one 128-bit vector per pixel (a wider load of 3 floats would
 * straddle cache lines most of the time).  Lanes past C read the next entry
 * and spill into the next pixel, written after this one. */
static inline __m128 skb_col2im_canonical4(__m128 v)
{
    return _mm_blendv_ps(v, _mm_castsi128_ps(_mm_set1_epi32(0x7FC00000)), _mm_cmpunord_ps(v, v));
}

static inline void skb_col2im_pixel_x4(float *out, const float *cols, size_t at, size_t ny,
                                       size_t nx, size_t dy, size_t dx, size_t C,
                                       size_t src_elems, bool dst_room)
{
    __m128 acc = _mm_setzero_ps();
    for (size_t i = 0; i < ny; i++, at += dy) {
        size_t o = at;
        for (size_t j = 0; j < nx; j++, o += dx)
            acc = _mm_add_ps(acc, o + 4 <= src_elems ? _mm_loadu_ps(cols + o)
                                                     : skb_sse_load_tail(cols + o, C));
    }
    acc = skb_col2im_canonical4(acc);
    if (dst_room || C == 4)
        _mm_storeu_ps(out, acc);
    else
        skb_sse_store_tail(out, acc, C);
}

/* Blocks of 4*P pixels from `out` (P = the period of the taps along a
 * row, stride/gcd(stride, dilation)): in each block, for each of the P
 * phases, four pixels P apart have the same taps, so four independent sums
 * share one walk over them.  Every load has room for a whole vector (the row was
 * checked); pixels are stored whole in ascending order at P = 1 (each
 * spill overwritten by the next pixel), exactly otherwise.  Kept out of
 * line: the walk needs every register. */
static __attribute__((noinline)) void
skb_col2im_pixel_blocks_x4(float *out, const float *cols, const size_t *at, const size_t *taps,
                           size_t blocks, size_t P, size_t ny, ptrdiff_t dy, ptrdiff_t dx,
                           size_t C)
{
    for (size_t q = 0; q < blocks * P; q++, out += (q % P ? 1 : 3 * P + 1) * C) {
        const size_t r = q % P + q / P * 4 * P; /* the phase's first pixel */
        __m128 a0 = _mm_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        const float *c0 = cols + at[r], *c1 = cols + at[r + P], *c2 = cols + at[r + 2 * P],
                    *c3 = cols + at[r + 3 * P];
        const ptrdiff_t nx = (ptrdiff_t)taps[r];
        for (ptrdiff_t i = 0, row = 0; i < (ptrdiff_t)ny; i++, row += dy)
            for (ptrdiff_t j = 0, o = row; j < nx; j++, o += dx) {
                a0 = _mm_add_ps(a0, _mm_loadu_ps(c0 + o));
                a1 = _mm_add_ps(a1, _mm_loadu_ps(c1 + o));
                a2 = _mm_add_ps(a2, _mm_loadu_ps(c2 + o));
                a3 = _mm_add_ps(a3, _mm_loadu_ps(c3 + o));
            }
        float *px = out;
        a0 = skb_col2im_canonical4(a0);
        a1 = skb_col2im_canonical4(a1);
        a2 = skb_col2im_canonical4(a2);
        a3 = skb_col2im_canonical4(a3);
        if (P == 1 || C == 4) {
            _mm_storeu_ps(px, a0);
            _mm_storeu_ps(px + P * C, a1);
            _mm_storeu_ps(px + 2 * P * C, a2);
            _mm_storeu_ps(px + 3 * P * C, a3);
        } else {
            skb_sse_store_tail(px, a0, C);
            skb_sse_store_tail(px + P * C, a1, C);
            skb_sse_store_tail(px + 2 * P * C, a2, C);
            skb_sse_store_tail(px + 3 * P * C, a3, C);
        }
    }
}
#endif

void SKB_VARIANT(skb_col2im_nhwc_f32_pixels)(const skb_geometry *g, const float *restrict src,
                                             float *restrict dst, void *restrict workspace)
{
    const size_t C = g->c, W = g->w, window = g->kh * g->kw * C;
    /* Per image column x: the offset of its first entry within a column
     * row block and how many kx reach it, the same for every row. */
    size_t *x_at = skb_col2im_pixels_table(workspace), *x_taps = x_at + W, *x_block = x_taps + W;
    const size_t gx = skb_col2im_gcd(g->sw, g->dw), gy = skb_col2im_gcd(g->sh, g->dh);
    const size_t dx = (g->sw / gx) * C - (g->dw / gx) * window;
    const size_t dy = (g->sh / gy) * g->kw * C - (g->dh / gy) * g->ow * window;
    for (size_t x = 0; x < W; x++) {
        size_t kx, ox;
        skb_col2im_axis_taps(x, g->pad_left, g->sw, g->dw, g->kw, g->ow, &kx, &x_taps[x], &ox);
        x_at[x] = ox * window + kx * C;
    }
    /* Whether the 4*P pixels from x make a block of four pixels per phase
     * with the same taps (used for C <= 4), and the farthest first entry. */
    const size_t P = g->sw / gx;
    size_t x_at_max = 0;
    for (size_t x = 0; x < W; x++) {
        x_at_max = x_at[x] > x_at_max ? x_at[x] : x_at_max;
        bool same = x + 4 * P <= W;
        for (size_t r = 0; same && r < P; r++)
            same = x_taps[x + r] && x_taps[x + r + P] == x_taps[x + r] &&
                   x_taps[x + r + 2 * P] == x_taps[x + r] && x_taps[x + r + 3 * P] == x_taps[x + r];
        x_block[x] = same;
    }
    /* Then how many blocks follow one another from x. */
    for (size_t x = W; x-- > 0;)
        if (x_block[x] && x + 4 * P < W)
            x_block[x] += x_block[x + 4 * P];
#if VF_WIDTH >= 4
    /* How far past its first entry a pixel may read: the deltas are
     * negative unless the stride outruns the window. */
    const size_t reach = (g->sh / gy * g->kw * C > g->dh / gy * g->ow * window
                              ? (g->kh - 1) * dy
                              : 0) +
                         (g->sw / gx * C > g->dw / gx * window ? (g->kw - 1) * dx : 0);
#endif
    const size_t full = C / VF_WIDTH / 4, rest = C - full * 4 * VF_WIDTH;
    const size_t rest_vectors = (rest + VF_WIDTH - 1) / VF_WIDTH;
    const size_t rest_lanes = rest - (rest_vectors ? rest_vectors - 1 : 0) * VF_WIDTH;
    const size_t rest_whole = rest_vectors * VF_WIDTH;
    for (size_t n = 0; n < g->n; n++) {
        const size_t cols_at = n * g->oh * g->ow * window;
        for (size_t y = 0; y < g->h; y++) {
            size_t ky, ny, oy;
            skb_col2im_axis_taps(y, g->pad_top, g->sh, g->dh, g->kh, g->oh, &ky, &ny, &oy);
            const size_t row_at = cols_at + oy * g->ow * window + ky * g->kw * C;
            float *out = dst + (n * g->h + y) * W * C;
#if VF_WIDTH >= 4
            const bool row_safe = row_at + x_at_max + reach + 4 <= g->src_elems;
#endif
            for (size_t x = 0; x < W; x++, out += C) {
                const size_t at = row_at + x_at[x], nx = x_taps[x];
                const size_t room = (size_t)(dst + g->dst_elems - out);
#if VF_WIDTH >= 4
                if (C <= 4) {
                    /* Whole blocks where every load of the row has room
                     * for a vector and the block's last store too. */
                    size_t blocks = ny && row_safe ? x_block[x] : 0;
                    if (blocks && room < (4 * P * blocks - 1) * C + 4)
                        blocks--;
                    if (blocks) {
                        skb_col2im_pixel_blocks_x4(out, src + row_at, x_at + x, x_taps + x,
                                                   blocks, P, ny, (ptrdiff_t)dy, (ptrdiff_t)dx,
                                                   C);
                        x += 4 * P * blocks - 1;
                        out += (4 * P * blocks - 1) * C;
                        continue;
                    }
                    skb_col2im_pixel_x4(out, src, at, ny, nx, dy, dx, C, g->src_elems,
                                        room >= 4);
                    continue;
                }
#endif
                for (size_t b = 0; b < full; b++)
                    SKB_VARIANT(skb_col2im_pixel_block)(out + b * 4 * VF_WIDTH, src,
                                                        at + b * 4 * VF_WIDTH, ny, nx, dy, dx, 4,
                                                        VF_WIDTH, g->src_elems, true);
                float *rest_out = out + full * 4 * VF_WIDTH;
                const size_t rest_at = at + full * 4 * VF_WIDTH;
                const bool rest_room = room - full * 4 * VF_WIDTH >= rest_whole;
                switch (rest_vectors) {
                case 1:
                    SKB_VARIANT(skb_col2im_pixel_block)(rest_out, src, rest_at, ny, nx, dy, dx, 1,
                                                        rest_lanes, g->src_elems, rest_room);
                    break;
                case 2:
                    SKB_VARIANT(skb_col2im_pixel_block)(rest_out, src, rest_at, ny, nx, dy, dx, 2,
                                                        rest_lanes, g->src_elems, rest_room);
                    break;
                case 3:
                    SKB_VARIANT(skb_col2im_pixel_block)(rest_out, src, rest_at, ny, nx, dy, dx, 3,
                                                        rest_lanes, g->src_elems, rest_room);
                    break;
                case 4:
                    SKB_VARIANT(skb_col2im_pixel_block)(rest_out, src, rest_at, ny, nx, dy, dx, 4,
                                                        rest_lanes, g->src_elems, rest_room);
                    break;
                default:
                    break;
                }
            }
        }
    }
}
