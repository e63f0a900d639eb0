/* col2im NHWC, avx512 variant: the segments path, for pixels of few
 * channels (C times the stride at most 8) and no dilation along x.
 *
 * Without dilation, a window's kernel row ky is one run of kw*C entries
 * that lands on one run of image floats: tap kx of output column ox on
 * pixel ox*sw - pad_left + kx.  A vector holds P whole pixels (P*C <= 8
 * floats, P a multiple of the stride) and adds, kernel row by kernel row in
 * ascending order, the runs that overlap it, from the last output column
 * to the first: for each pixel, descending ox is ascending kx, the
 * contract's order.  Each run is one masked load-and-add (AVX-512VL); its
 * lanes outside the run add nothing.  (A sum starts at +0.0f and so is
 * never -0.0f: adding a masked lane's +0.0f would change nothing either.)
 * Since P is a multiple of the stride, every vector sees the runs at the
 * same lane offsets: the masks are worked out once.
 *
 * Away from the row ends, four neighbouring vectors of three image rows
 * are summed at once: twelve independent sums (one alone waits on each
 * add), and the three rows read kernel rows 0..kh-1 of the same output rows
 * while those lines are in L1.  Measured on an AMD EPYC Zen 4 (probes, a
 * process per build): 8-lane vectors 0.76-0.84x the time of 16-lane ones
 * on VGG16's and the 150-pixel net's stride-1 first layers (fewer lanes
 * past the runs, and a Zen 4 splits a 16-lane load in two), the three rows
 * 0.78-0.80x one. */
#include "path_policy.h"
#include "tables.h"
#include "avx512/lane_masks.h"
#include "templates/col2im_axis.h"

#include <immintrin.h>
#include <stdint.h>

/* NaN lanes as 0x7FC00000, the contract's NaN. */
static inline __m256 skb_runs_canonical(__m256 v)
{
    return _mm256_mask_mov_ps(v, _mm256_cmp_ps_mask(v, v, _CMP_UNORD_Q),
                              _mm256_castsi256_ps(_mm256_set1_epi32(0x7FC00000)));
}

/* The lanes m of the 8 floats from address p: p is held as an integer
 * because lane 0 may lie before the column matrix (only lanes in m are
 * read, and they lie inside it). */
static inline __m256 skb_runs_load(__mmask8 m, uintptr_t p)
{
    return _mm256_maskz_loadu_ps(m, (const void *)p);
}

/* a / b rounded up, b > 0, a of either sign. */
static inline ptrdiff_t ceil_div(ptrdiff_t a, ptrdiff_t b)
{
    return a >= 0 ? (a + b - 1) / b : -(-a / b);
}

/* Image rows summed at once (above). */
#define SKB_RUN_ROWS 3

/* The runs every vector of pixels meets, worked out once per call. */
typedef struct skb_runs {
    __mmask8 mask[SKB_SEGMENT_MAX_RUNS]; /* run j's lanes in a vector */
    ptrdiff_t at[SKB_SEGMENT_MAX_RUNS];   /* the lane of run j's entry 0 */
    size_t count;                         /* runs a vector away from the ends meets */
    uintptr_t step;                       /* bytes from run j-1's lane 0 back to run j's */
    uintptr_t block;                      /* bytes from a vector's runs to the next one's */
    size_t window, run, ow;
} skb_runs;

/* The kernel rows of the column matrix that land on one image row. */
typedef struct skb_row_taps {
    size_t ky0, ny, oy0;
} skb_row_taps;

/* Lane 0's address for run 0 of kernel row i of t, output column
 * ox_hi: entry 0 of kernel row ky of output (oy, ox) sits at
 * (oy*OW + ox)*window + ky*kw*C, and lane 0 reads at[0] entries before it. */
static inline uintptr_t skb_runs_row(const skb_runs *r, const float *cols, const skb_row_taps *t,
                                     size_t i, size_t ky_step, size_t oy_step, size_t ox_hi)
{
    const size_t oy = t->oy0 - i * oy_step, ky = t->ky0 + i * ky_step;
    return (uintptr_t)(cols + oy * r->ow * r->window + ky * r->run) +
           (uintptr_t)((ptrdiff_t)(ox_hi * r->window) - r->at[0]) * sizeof(float);
}

/* The runs of one image row's kernel rows into four neighbouring vectors'
 * sums, a[0..3]. */
static inline __attribute__((always_inline)) void
skb_runs_add4(const skb_runs *r, const float *cols, const skb_row_taps *t, size_t ky_step,
              size_t oy_step, size_t ox_hi, size_t count, __m256 *a)
{
    __m256 a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
    for (size_t i = 0; i < t->ny; i++) {
        uintptr_t p = skb_runs_row(r, cols, t, i, ky_step, oy_step, ox_hi);
        for (size_t j = 0; j < count; j++, p -= r->step) {
            const __mmask8 m = r->mask[j];
            a0 = _mm256_mask_add_ps(a0, m, a0, skb_runs_load(m, p));
            a1 = _mm256_mask_add_ps(a1, m, a1, skb_runs_load(m, p + r->block));
            a2 = _mm256_mask_add_ps(a2, m, a2, skb_runs_load(m, p + 2 * r->block));
            a3 = _mm256_mask_add_ps(a3, m, a3, skb_runs_load(m, p + 3 * r->block));
        }
    }
    a[0] = a0;
    a[1] = a1;
    a[2] = a2;
    a[3] = a3;
}

static inline __attribute__((always_inline)) void skb_runs_store4(float *out, const __m256 *a,
                                                                  size_t lanes, __mmask8 whole)
{
    for (size_t b = 0; b < 4; b++)
        _mm256_mask_storeu_ps(out + b * lanes, whole, skb_runs_canonical(a[b]));
}

/* Four neighbouring vectors of `rows` image rows from pixel x0 (x0C
 * floats in), each meeting all `count` runs. */
static inline __attribute__((always_inline)) void
skb_runs_group(const skb_runs *r, const float *cols, float *const *out, const skb_row_taps *taps,
               size_t rows, size_t ky_step, size_t oy_step, size_t ox_hi, size_t count,
               size_t x0C, size_t lanes, __mmask8 whole)
{
    __m256 a[4 * SKB_RUN_ROWS];
    for (size_t b = 0; b < 4 * SKB_RUN_ROWS; b++)
        a[b] = _mm256_setzero_ps();
    skb_runs_add4(r, cols, &taps[0], ky_step, oy_step, ox_hi, count, a);
    if (rows == SKB_RUN_ROWS)
        for (size_t k = 1; k < SKB_RUN_ROWS; k++)
            skb_runs_add4(r, cols, &taps[k], ky_step, oy_step, ox_hi, count, a + 4 * k);
    for (size_t k = 0; k < rows; k++)
        skb_runs_store4(out[k] + x0C, a + 4 * k, lanes, whole);
}

void skb_col2im_nhwc_f32_segments__avx512(const skb_geometry *g, const float *restrict src,
                                          float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    const size_t C = g->c, W = g->w, OW = g->ow, sw = g->sw;
    const size_t P = SKB_SEGMENT_PIXELS(C, sw), lanes = P * C;
    const ptrdiff_t pad = (ptrdiff_t)g->pad_left, kw = (ptrdiff_t)g->kw;
    skb_runs r;
    r.window = g->kh * g->kw * C;
    r.run = g->kw * C;
    r.ow = OW;
    /* The vector of pixels [x0, x0 + P), x0 a multiple of P, meets the
     * runs of output columns ox_hi(x0) - j, j < count (fewer near the row
     * ends); run j's entry 0 lands on lane at[j] (negative: before lane 0),
     * whatever x0. */
    const ptrdiff_t last = (ptrdiff_t)P - 1 + pad; /* ox_hi(x0) = (x0 + last) / sw */
    r.count = (size_t)(last / (ptrdiff_t)sw - ceil_div(1 - kw + pad, (ptrdiff_t)sw) + 1);
    for (size_t j = 0; j < r.count; j++) {
        const ptrdiff_t ox = last / (ptrdiff_t)sw - (ptrdiff_t)j; /* for x0 = 0 */
        r.at[j] = (ox * (ptrdiff_t)sw - pad) * (ptrdiff_t)C;
        const ptrdiff_t lo = r.at[j] > 0 ? r.at[j] : 0;
        const ptrdiff_t hi = r.at[j] + (ptrdiff_t)r.run < (ptrdiff_t)lanes
                                 ? r.at[j] + (ptrdiff_t)r.run
                                 : (ptrdiff_t)lanes;
        r.mask[j] = lo < hi ? lanes_between(lo, hi) : 0;
    }
    r.step = (r.window - sw * C) * sizeof(float);
    r.block = P / sw * r.window * sizeof(float);
    const __mmask8 whole = lanes_between(0, (ptrdiff_t)lanes);
    const size_t gy = skb_col2im_gcd(g->sh, g->dh);
    const size_t ky_step = g->sh / gy, oy_step = g->dh / gy;
    for (size_t n = 0; n < g->n; n++) {
        const float *cols = src + n * g->oh * OW * r.window;
        for (size_t y = 0; y < g->h;) {
            const size_t rows = g->h - y >= SKB_RUN_ROWS ? SKB_RUN_ROWS : 1;
            skb_row_taps taps[SKB_RUN_ROWS];
            float *out[SKB_RUN_ROWS];
            for (size_t k = 0; k < rows; k++) {
                skb_col2im_axis_taps(y + k, g->pad_top, g->sh, g->dh, g->kh, g->oh, &taps[k].ky0,
                                     &taps[k].ny, &taps[k].oy0);
                out[k] = dst + (n * g->h + y + k) * W * C;
            }
            for (size_t x0 = 0; x0 < W;) {
                const ptrdiff_t ox_hi = ((ptrdiff_t)x0 + last) / (ptrdiff_t)sw;
                if (x0 + 4 * P <= W && ox_hi + 1 >= (ptrdiff_t)r.count &&
                    ox_hi + 3 * (ptrdiff_t)(P / sw) < (ptrdiff_t)OW) {
                    /* The common 3-column windows' 4 (stride 1) and 2 (stride 2)
                     * runs a vector with their loop unrolled. */
                    if (r.count == 4)
                        skb_runs_group(&r, cols, out, taps, rows, ky_step, oy_step,
                                       (size_t)ox_hi, 4, x0 * C, lanes, whole);
                    else if (r.count == 2)
                        skb_runs_group(&r, cols, out, taps, rows, ky_step, oy_step,
                                       (size_t)ox_hi, 2, x0 * C, lanes, whole);
                    else
                        skb_runs_group(&r, cols, out, taps, rows, ky_step, oy_step,
                                       (size_t)ox_hi, r.count, x0 * C, lanes, whole);
                    x0 += 4 * P;
                    continue;
                }
                /* One vector near a row end: the runs of columns past the
                 * last output or before the first do not exist. */
                const size_t j_lo =
                    ox_hi >= (ptrdiff_t)OW ? (size_t)(ox_hi - (ptrdiff_t)OW + 1) : 0;
                const size_t j_hi = (size_t)ox_hi + 1 < r.count ? (size_t)ox_hi + 1 : r.count;
                const size_t pixels = W - x0 < P ? W - x0 : P;
                for (size_t k = 0; k < rows; k++) {
                    __m256 acc = _mm256_setzero_ps();
                    for (size_t i = 0; j_lo < j_hi && i < taps[k].ny; i++) {
                        uintptr_t p = skb_runs_row(&r, cols, &taps[k], i, ky_step, oy_step,
                                                   (size_t)ox_hi) -
                                      j_lo * r.step;
                        for (size_t j = j_lo; j < j_hi; j++, p -= r.step)
                            acc = _mm256_mask_add_ps(acc, r.mask[j], acc,
                                                     skb_runs_load(r.mask[j], p));
                    }
                    _mm256_mask_storeu_ps(out[k] + x0 * C,
                                          lanes_between(0, (ptrdiff_t)(pixels * C)),
                                          skb_runs_canonical(acc));
                }
                x0 += P;
            }
            y += rows;
        }
    }
}
