/* Average pooling NCHW, avx512 variant: the rolling path, for 3x3 windows
 * at stride 1 without dilation (Inception's 3x3/1 average pools).
 *
 * A vector of 8 output columns walks down its plane.  Each input row is
 * loaded once, as three masked vectors a column apart (the taps kx = 0, 1,
 * 2; lanes whose column is padding or past the row read nothing and hold
 * +0.0f), and added to the three windows that hold it: the oldest window
 * takes it as its last row and is divided and stored, the next as its
 * middle row, a new one as its first.  Every sum so adds its taps in
 * ascending (ky, kx), the contract's order, and a masked lane's +0.0f
 * changes nothing (a sum starts at +0.0f and so is never -0.0f).  Three
 * loads serve nine adds, where a window read on its own (the channel
 * tile) loads each tap.
 *
 * Two vectors walk together, the next column block of the plane or the
 * first of the next plane: six independent sums, where three would wait
 * on each other's adds.  Measured on an AMD EPYC Zen 4 (probe, one
 * process, interleaved): Inception's 35x35, 17x17 and 8x8 pools
 * 0.46-0.59x the channel tile's time; three vectors at once the same. */
#include "path_policy.h"
#include "tables.h"
#include "avx512/lane_masks.h"
#include "templates/window.h"

#include <immintrin.h>
#include <stdint.h>

/* Vectors walking a plane together (above). */
#define SKB_ROLLING_VECTORS 2

/* The lanes of column block b (output columns 8b .. 8b + 7), a byte each:
 * those tap kx = 0, 1, 2 reads (inside the row), then those that are
 * outputs. */
static inline uint32_t skb_rolling_lanes(const skb_geometry *g, size_t b)
{
    const ptrdiff_t left = (ptrdiff_t)(8 * b) - (ptrdiff_t)g->pad_left;
    const uint32_t outputs = lanes_between(0, (ptrdiff_t)(g->ow - 8 * b));
    uint32_t lanes = outputs << 24;
    for (ptrdiff_t kx = 0; kx < 3; kx++)
        lanes |= (uint32_t)(lanes_between(-(left + kx), (ptrdiff_t)g->w - (left + kx)) & outputs)
                 << (8 * kx);
    return lanes;
}

/* Tap kx of input row q for vector i. */
#define SKB_ROLLING_LOAD(i, q, kx)                                                         \
    _mm256_maskz_loadu_ps(taps[i][kx],                                                     \
                          (const void *)(row0[i] + ((q) * row_floats + (kx)) * sizeof(float)))

/* `count` vectors down their planes, vector i column block block[i] of
 * plane plane[i]: output row o's sum is `oldest` when input row
 * o - pad_top + 2 arrives. */
static inline __attribute__((always_inline)) void
skb_rolling_walk(const skb_geometry *g, const float *src, float *dst, const float *columns_of,
                 const float *rows_of, const uint32_t *lanes, const size_t *plane,
                 const size_t *block, size_t count)
{
    const size_t h = g->h, oh = g->oh, ow = g->ow, row_floats = g->w;
    const ptrdiff_t pad_top = (ptrdiff_t)g->pad_top;
    const __m256 nan = _mm256_castsi256_ps(_mm256_set1_epi32(0x7FC00000));
    /* A sum's fix-up (VFIXUPIMMPS, by the class of each lane): a NaN
     * becomes the contract's 0x7FC00000 (the first operand), -0.0f +0.0f,
     * anything else stays.  The contract's sum starts at +0.0f, so it is
     * never -0.0f and its NaN leaves the division as it came. */
    const __m256i fix_up = _mm256_set1_epi32(0x11111800);
    uintptr_t row0[SKB_ROLLING_VECTORS]; /* tap 0 of lane 0 in row 0: may lie before the plane */
    float *out[SKB_ROLLING_VECTORS];     /* lane 0 in output row 0 */
    __mmask8 taps[SKB_ROLLING_VECTORS][3], outputs[SKB_ROLLING_VECTORS];
    __m256 columns[SKB_ROLLING_VECTORS];
    __m256 oldest[SKB_ROLLING_VECTORS], middle[SKB_ROLLING_VECTORS], newest[SKB_ROLLING_VECTORS];
    for (size_t i = 0; i < count; i++) {
        const size_t x0 = 8 * block[i];
        row0[i] = (uintptr_t)(src + plane[i] * h * row_floats) +
                  (uintptr_t)((ptrdiff_t)x0 - (ptrdiff_t)g->pad_left) * sizeof(float);
        out[i] = dst + plane[i] * oh * ow + x0;
        for (size_t kx = 0; kx < 3; kx++)
            taps[i][kx] = (__mmask8)(lanes[block[i]] >> (8 * kx));
        outputs[i] = (__mmask8)(lanes[block[i]] >> 24);
        columns[i] = _mm256_loadu_ps(columns_of + x0);
        oldest[i] = middle[i] = _mm256_setzero_ps();
    }
    /* Rows -pad_top and 1 - pad_top: output row 0's first two, row 1's
     * first (those inside the plane). */
    for (ptrdiff_t q = -pad_top; q <= 1 - pad_top; q++) {
        if (q < 0 || q >= (ptrdiff_t)h)
            continue;
        for (size_t i = 0; i < count; i++)
            for (size_t kx = 0; kx < 3; kx++) {
                const __m256 tap = SKB_ROLLING_LOAD(i, (size_t)q, kx);
                oldest[i] = _mm256_add_ps(oldest[i], tap);
                if (q == 1 - pad_top)
                    middle[i] = _mm256_add_ps(middle[i], tap);
            }
    }
    for (size_t o = 0; o < oh; o++) {
        const ptrdiff_t q = (ptrdiff_t)o - pad_top + 2;
        for (size_t i = 0; i < count; i++)
            newest[i] = _mm256_setzero_ps();
        if (q >= 0 && q < (ptrdiff_t)h)
            for (size_t i = 0; i < count; i++)
                for (size_t kx = 0; kx < 3; kx++) {
                    const __m256 tap = SKB_ROLLING_LOAD(i, (size_t)q, kx);
                    oldest[i] = _mm256_add_ps(oldest[i], tap);
                    middle[i] = _mm256_add_ps(middle[i], tap);
                    /* 0 + tap skipped: it differs from tap only on -0.0 and
                     * NaN, which the fix-up below puts right. */
                    newest[i] = kx == 0 ? tap : _mm256_add_ps(newest[i], tap);
                }
        const __m256 window_rows = _mm256_set1_ps(rows_of[o]);
        for (size_t i = 0; i < count; i++) {
            const __m256 sum = _mm256_fixupimm_ps(nan, oldest[i], fix_up, 0);
            const __m256 mean = _mm256_div_ps(sum, _mm256_mul_ps(window_rows, columns[i]));
            _mm256_mask_storeu_ps(out[i] + o * ow, outputs[i], mean);
            oldest[i] = middle[i];
            middle[i] = newest[i];
        }
    }
}

/* The workspace (kernels/paths.c): each output column's count of window
 * columns (whole vectors of them, 1 past the row), each output row's count
 * of window rows, then each column block's lanes. */
void skb_avgpool_nchw_f32_rolling_k3x3__avx512(const skb_geometry *g, const float *restrict src,
                                               float *restrict dst, void *restrict workspace)
{
    const size_t blocks = (g->ow + 7) / 8;
    float *columns_of = workspace, *rows_of = columns_of + blocks * 8;
    uint32_t *lanes = (uint32_t *)(rows_of + g->oh);
    for (size_t ox = 0; ox < blocks * 8; ox++)
        columns_of[ox] = ox < g->ow ? (float)skb_avg_cols(g, ox) : 1.0f;
    for (size_t oy = 0; oy < g->oh; oy++)
        rows_of[oy] = (float)skb_avg_rows(g, oy);
    for (size_t b = 0; b < blocks; b++)
        lanes[b] = skb_rolling_lanes(g, b);
    /* The column blocks of plane 0, then of plane 1, ..., in pairs. */
    size_t plane[SKB_ROLLING_VECTORS], block[SKB_ROLLING_VECTORS], ready = 0;
    for (size_t p = 0; p < g->n * g->c; p++)
        for (size_t b = 0; b < blocks; b++) {
            plane[ready] = p;
            block[ready++] = b;
            if (ready == SKB_ROLLING_VECTORS) {
                skb_rolling_walk(g, src, dst, columns_of, rows_of, lanes, plane, block,
                                 SKB_ROLLING_VECTORS);
                ready = 0;
            }
        }
    for (size_t i = 0; i < ready; i++)
        skb_rolling_walk(g, src, dst, columns_of, rows_of, lanes, &plane[i], &block[i], 1);
}
