/* Max pooling NCHW, avx512 variant: the rolling_s2_k3x3 and rolling_s2_k2x2
 * paths, for 3x3 and 2x2 windows at stride 2 without dilation (the stride-2
 * max pools of Inception, ResNet-50, VGG16 and the small nets).
 *
 * A vector of 8 output columns walks down its plane.  Each input row it
 * meets is reduced once across the window's columns: a pair of masked
 * loads (columns 2x - pad_left + 0..15) split into even and odd columns
 * gives the taps kx = 0 and 1 of all 8 windows; tap kx = 2 of a window is
 * tap kx = 0 of the next, so the even columns one lane down with column
 * 16 on top (VALIGND) are tap 2, and max(max(kx 0, kx 1), kx 2) is the
 * row's max.  (Tap 2 from a second pair of loads and its own split took
 * 1.1-1.4x the time on an AMD EPYC Zen 5.)  A window's max is then
 * max(max(row 0, row 1), row 2) of those (without row 2 for 2x2), and a
 * 3x3 window's last row is the next one's first, so each of its output
 * rows costs two input rows.  The max keeps
 * the first of equal values (x > m ? x : m), so this order gives the bits
 * of the contract's row-major scan: the first row holding the maximum
 * wins, and within it the first column.  Columns outside the plane load
 * as -Inf, which never wins.
 *
 * NaN is left to the status flag (templates/nan_watch.h): a group of
 * planes whose max operations raised it walks again tracking NaN lane by
 * lane.  When the
 * plan takes these paths: kernels/paths.c, rolling_path. */
#include "simd/f32_avx512_w8.h"

#include "path_policy.h"
#include "tables.h"
#include "avx512/lane_masks.h"
#include "templates/nan_watch.h"

#include <immintrin.h>
#include <math.h>
#include <stdint.h>

/* One vector of 8 output columns from x0 on, in a plane: the loads of each
 * input row and which of their lanes lie inside the row and the windows. */
typedef struct skb_rolling_max {
    uintptr_t first;    /* column 2*x0 - pad_left of input row 0 (may lie before the plane) */
    float *out;         /* lane 0 in output row 0 */
    __mmask8 reads[2];  /* lanes of the loads from columns first + 0 and 8 */
    bool column16;      /* column first + 16 is read (inside the row and the windows) */
    __mmask8 outputs;   /* lanes that are outputs */
} skb_rolling_max;

static inline skb_rolling_max skb_rolling_max_at(const skb_geometry *g, const float *plane,
                                                 float *out_plane, size_t x0, size_t k)
{
    const size_t outputs = g->ow - x0 < 8 ? g->ow - x0 : 8;
    const ptrdiff_t left = (ptrdiff_t)(2 * x0) - (ptrdiff_t)g->pad_left;
    /* Columns read: [left, left + 2 * (outputs - 1) + k), inside [0, w). */
    const ptrdiff_t lo = left < 0 ? 0 : left;
    const ptrdiff_t hi_window = left + 2 * ((ptrdiff_t)outputs - 1) + (ptrdiff_t)k;
    const ptrdiff_t hi = hi_window < (ptrdiff_t)g->w ? hi_window : (ptrdiff_t)g->w;
    skb_rolling_max v;
    v.first = (uintptr_t)plane + (uintptr_t)left * sizeof(float);
    v.out = out_plane + x0;
    v.reads[0] = lanes_between(lo - left, hi - left);
    v.reads[1] = lanes_between(lo - (left + 8), hi - (left + 8));
    v.column16 = left + 16 >= lo && left + 16 < hi;
    v.outputs = lanes_between(0, (ptrdiff_t)outputs);
    return v;
}

/* Row q's max over each window's k columns (2 or 3); with `tracked`, *nan
 * gets the lanes whose taps hold a NaN. */
static inline __attribute__((always_inline)) __m256
skb_rolling_row_max(const skb_rolling_max *v, size_t q, size_t row_floats, size_t k,
                    __mmask8 *nan, bool tracked)
{
    const __m256 none = _mm256_set1_ps(-INFINITY);
    const __m256i even = _mm256_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14);
    const __m256i odd = _mm256_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15);
    const float *row = (const float *)(v->first + q * row_floats * sizeof(float));
    const __m256 a = _mm256_mask_loadu_ps(none, v->reads[0], row);
    const __m256 b = _mm256_mask_loadu_ps(none, v->reads[1], row + 8);
    const __m256 tap0 = _mm256_permutex2var_ps(a, even, b);
    const __m256 tap1 = _mm256_permutex2var_ps(a, odd, b);
    if (tracked)
        *nan |= _mm256_cmp_ps_mask(tap0, tap1, _CMP_UNORD_Q);
    /* x > m ? x : m, the first of equal values kept (vf_max_first). */
    const __m256 max = _mm256_max_ps(tap1, tap0);
    if (k == 2)
        return max;
    /* Tap kx = 2 of window x is tap kx = 0 of window x + 1: the even
     * columns one lane down, column 16 in the top lane. */
    const __m256 c = _mm256_castps128_ps256(_mm_set_ss(v->column16 ? row[16] : -INFINITY));
    const __m256 tap2 = _mm256_castsi256_ps(
        _mm256_alignr_epi32(_mm256_castps_si256(c), _mm256_castps_si256(tap0), 1));
    if (tracked)
        *nan |= _mm256_cmp_ps_mask(tap2, tap2, _CMP_UNORD_Q);
    return _mm256_max_ps(tap2, max);
}

/* The vector v down its plane, k x k windows (2 or 3): untracked, NaN is
 * the status flag's to report (the caller reads it); tracked, NaN lanes are
 * the canonical NaN. */
static inline __attribute__((always_inline)) void skb_rolling_max_walk(const skb_geometry *g,
                                                                       const skb_rolling_max *v,
                                                                       size_t k, bool tracked)
{
    const size_t h = g->h, oh = g->oh, ow = g->ow, row_floats = g->w;
    const ptrdiff_t pad_top = (ptrdiff_t)g->pad_top;
    const __m256 none = _mm256_set1_ps(-INFINITY);
    const __m256 canonical = _mm256_castsi256_ps(_mm256_set1_epi32(0x7FC00000));
    /* Output row o's rows are 2o - pad_top (`first`, for 3x3 windows the
     * previous one's `last`), + 1 (`middle`) and, for 3x3, + 2 (`last`). */
    __mmask8 nan_first = 0;
    __m256 first = none;
    if (k == 3 && pad_top == 0)
        first = skb_rolling_row_max(v, 0, row_floats, k, &nan_first, tracked);
    for (size_t o = 0; o < oh; o++) {
        const ptrdiff_t q = (ptrdiff_t)(2 * o) - pad_top;
        if (k == 2) {
            nan_first = 0;
            first = none;
            if (q >= 0 && q < (ptrdiff_t)h)
                first = skb_rolling_row_max(v, (size_t)q, row_floats, k, &nan_first, tracked);
        }
        __mmask8 nan_middle = 0, nan_last = 0;
        __m256 middle = none, last = none;
        if (q + 1 >= 0 && q + 1 < (ptrdiff_t)h)
            middle = skb_rolling_row_max(v, (size_t)(q + 1), row_floats, k, &nan_middle, tracked);
        if (k == 3 && q + 2 >= 0 && q + 2 < (ptrdiff_t)h)
            last = skb_rolling_row_max(v, (size_t)(q + 2), row_floats, k, &nan_last, tracked);
        __m256 max = _mm256_max_ps(middle, first);
        if (k == 3)
            max = _mm256_max_ps(last, max);
        if (tracked)
            max = _mm256_mask_mov_ps(max, nan_first | nan_middle | nan_last, canonical);
        _mm256_mask_storeu_ps(v->out + o * ow, v->outputs, max);
        first = last;
        nan_first = nan_last;
    }
}

/* Planes [first, last), 8 output columns at a time, k x k windows. */
static inline __attribute__((always_inline)) void
skb_rolling_max_walk_planes(const skb_geometry *g, const float *restrict src, float *restrict dst,
                            size_t first, size_t last, size_t k, bool tracked)
{
    for (size_t plane = first; plane < last; plane++)
        for (size_t x0 = 0; x0 < g->ow; x0 += 8) {
            const skb_rolling_max v = skb_rolling_max_at(g, src + plane * g->h * g->w,
                                                         dst + plane * g->oh * g->ow, x0, k);
            skb_rolling_max_walk(g, &v, k, tracked);
        }
}

/* Every plane, k x k windows: untracked, a group of planes of at least
 * SKB_ROLLING_CHECK_OUTPUTS outputs at a time (or one plane), then the
 * status flag read once for the group; a group that raised it walks again
 * tracked. */
static inline __attribute__((always_inline)) void
skb_rolling_max_planes(const skb_geometry *g, const float *restrict src, float *restrict dst, size_t k)
{
    skb_nan_watch watch;
    const bool watched = skb_nan_watch_begin(&watch, g->src_elems);
    const size_t planes = g->n * g->c, plane_outputs = g->oh * g->ow;
    const size_t group = watched && plane_outputs < SKB_ROLLING_CHECK_OUTPUTS
                             ? SKB_ROLLING_CHECK_OUTPUTS / plane_outputs
                             : 1;
    for (size_t first = 0; first < planes; first += group) {
        const size_t last = planes - first < group ? planes : first + group;
        if (watched) {
            skb_rolling_max_walk_planes(g, src, dst, first, last, k, false);
            if (!skb_nan_watch_raised(&watch))
                continue;
        }
        skb_rolling_max_walk_planes(g, src, dst, first, last, k, true);
    }
    skb_nan_watch_end(&watch);
}

void skb_maxpool_nchw_f32_rolling_s2_k3x3__avx512(const skb_geometry *g,
                                                  const float *restrict src,
                                                  float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* these paths need none */
    skb_rolling_max_planes(g, src, dst, 3);
}

void skb_maxpool_nchw_f32_rolling_s2_k2x2__avx512(const skb_geometry *g,
                                                  const float *restrict src,
                                                  float *restrict dst, void *restrict workspace)
{
    (void)workspace;
    skb_rolling_max_planes(g, src, dst, 2);
}
