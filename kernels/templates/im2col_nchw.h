/* im2col, NCHW: each (c, ky, kx, oy) row segment is zeros where the tap is
 * padding and a strided copy of an input row where it is real.  The output
 * is written front to back, so short rows (small planes) are moved in whole
 * vectors whose spill the next segment overwrites.  Included after an
 * f32_<isa>.h vocabulary. */
#include "simd/variant.h"
#include "tables.h"
#include "templates/window.h"
#include "templates/rows.h"

/* The (c, ky, kx) block of a stride-1 layer whose output rows are as wide
 * as the input's ("same" padding): output position p = oy*W + ox reads
 * input position p + dy*W + dx, so the real rows are one contiguous copy of
 * the plane, shifted.  The copy also fills the padding columns, with values
 * wrapped around from the neighbouring rows; those few are zeroed after. */
static inline void SKB_VARIANT(skb_im2col_nchw_shifted_block)(
    const skb_geometry *g, const float *plane, size_t ky, size_t kx, float *out,
    const float *src_end, float *dst_end)
{
    const size_t W = g->w, plane_size = g->h * W, block = g->oh * W;
    const ptrdiff_t dy = (ptrdiff_t)(ky * g->dh) - (ptrdiff_t)g->pad_top;
    const ptrdiff_t dx = (ptrdiff_t)(kx * g->dw) - (ptrdiff_t)g->pad_left;
    size_t oy_lo, oy_hi, ox_lo, ox_hi;
    skb_real_outputs(dy, 1, g->h, g->oh, &oy_lo, &oy_hi);
    skb_real_outputs(dx, 1, W, W, &ox_lo, &ox_hi);
    if (oy_lo == oy_hi || ox_lo == ox_hi) {
        vf_fill_zero_spill(out, block, (size_t)(dst_end - out));
        return;
    }
    vf_fill_zero_spill(out, oy_lo * W, (size_t)(dst_end - out));
    /* Positions whose shifted source falls outside the plane are padding
     * columns of the first or last real row: left to the fix-up below. */
    const ptrdiff_t shift = dy * (ptrdiff_t)W + dx;
    ptrdiff_t first = (ptrdiff_t)(oy_lo * W), end = (ptrdiff_t)(oy_hi * W);
    if (first + shift < 0)
        first = -shift;
    if (end + shift > (ptrdiff_t)plane_size)
        end = (ptrdiff_t)plane_size - shift;
    if (first < end) {
        const float *from = plane + (first + shift);
        vf_copy_strided_spill(out + first, from, 1, (size_t)(end - first),
                              (size_t)(dst_end - (out + first)), (size_t)(src_end - from));
    }
    vf_fill_zero_spill(out + oy_hi * W, block - oy_hi * W, (size_t)(dst_end - (out + oy_hi * W)));
    /* Column by column: each is usually one float per row. */
    for (size_t ox = 0; ox < ox_lo; ox++)
        for (size_t oy = oy_lo; oy < oy_hi; oy++)
            out[oy * W + ox] = 0.0f;
    for (size_t ox = ox_hi; ox < W; ox++)
        for (size_t oy = oy_lo; oy < oy_hi; oy++)
            out[oy * W + ox] = 0.0f;
}

/* One stride-2 row that has no room to spill: its floats one by one.  Out
 * of line, so that the compiler does not prepare it for every block. */
static __attribute__((noinline)) void SKB_VARIANT(skb_im2col_nchw_s2_row_exact)(
    float *out, const float *first, size_t ow, size_t ox_lo, size_t ox_hi)
{
    vf_fill_zero(out, ox_lo);
    vf_copy_strided(out + ox_lo, first, 2, ox_hi - ox_lo);
    vf_fill_zero(out + ox_hi, ow - ox_hi);
}

/* The (c, ky, kx) block of a stride-2 layer: each real row is every other
 * float of an input row, two source vectors deinterleaved into each output
 * vector, between zero vectors over its padding columns.  Each part spills
 * whole vectors that the parts after it overwrite, so a block takes this
 * route while its last real row's spill stays inside both tensors (all but
 * the last few blocks of the output or of the input). */
static inline void SKB_VARIANT(skb_im2col_nchw_s2_block)(
    const skb_geometry *g, const float *plane, size_t ky, size_t kx, float *out,
    const float *src_end, float *dst_end)
{
    const size_t ow = g->ow, oh = g->oh;
    const ptrdiff_t x_offset = (ptrdiff_t)(kx * g->dw) - (ptrdiff_t)g->pad_left;
    const ptrdiff_t y_offset = (ptrdiff_t)(ky * g->dh) - (ptrdiff_t)g->pad_top;
    size_t ox_lo, ox_hi, oy_lo, oy_hi;
    skb_real_outputs(x_offset, 2, g->w, ow, &ox_lo, &ox_hi);
    skb_real_outputs(y_offset, g->sh, g->h, oh, &oy_lo, &oy_hi);
    if (ox_lo == ox_hi)
        oy_lo = oy_hi = oh;
    const size_t count = ox_hi - ox_lo;
    const size_t whole = (count + VF_WIDTH - 1) / VF_WIDTH * VF_WIDTH;
    const size_t right = (ow - ox_hi + VF_WIDTH - 1) / VF_WIDTH * VF_WIDTH;
    /* Floats from the row's start its whole vectors may write. */
    size_t room = (ox_lo + VF_WIDTH - 1) / VF_WIDTH * VF_WIDTH;
    if (ox_lo + whole > room)
        room = ox_lo + whole;
    if (ox_hi + right > room)
        room = ox_hi + right;
    vf_fill_zero_spill(out, oy_lo * ow, (size_t)(dst_end - out));
    const size_t row_step = g->sh * g->w;
    /* The first real row's first real tap (any in-plane address if none). */
    const float *first =
        oy_lo < oy_hi ? plane + (ptrdiff_t)(oy_lo * row_step) + y_offset * (ptrdiff_t)g->w +
                            (ptrdiff_t)(ox_lo * 2) + x_offset
                      : plane;
    float *row = out + oy_lo * ow;
    /* Rows nearer the tensors' ends have less room, so if the last real row
     * may spill, every row may; if it may not, the block goes float by float
     * (the last few blocks of the tensors at most). */
    const size_t real_rows = oy_hi - oy_lo;
    const bool spill = real_rows && (size_t)(dst_end - (row + (real_rows - 1) * ow)) >= room &&
                       (size_t)(src_end - (first + (real_rows - 1) * row_step)) >= 2 * whole;
    for (size_t r = 0; spill && r < real_rows; r++, row += ow) {
        const float *from = first + r * row_step;
#ifdef VF_HAS_HALF
        if (ow < VF_WIDTH) { /* the same, in half vectors */
            for (size_t j = 0; j < ox_lo; j += VF_WIDTH / 2)
                vh_storeu(row + j, vh_zero());
            for (size_t j = 0; j < count; j += VF_WIDTH / 2)
                vh_storeu(row + ox_lo + j, vh_load_even16(from + 2 * j));
            for (size_t j = ox_hi; j < ow; j += VF_WIDTH / 2)
                vh_storeu(row + j, vh_zero());
            continue;
        }
#endif
        for (size_t j = 0; j < ox_lo; j += VF_WIDTH)
            vf_storeu(row + j, vf_zero());
        float *to = row + ox_lo;
        for (size_t j = 0; j < count; j += VF_WIDTH)
            vf_storeu(to + j, vf_deinterleave2(vf_loadu(from + 2 * j),
                                               vf_loadu(from + 2 * j + VF_WIDTH)));
        for (size_t j = ox_hi; j < ow; j += VF_WIDTH)
            vf_storeu(row + j, vf_zero());
    }
    for (size_t r = 0; !spill && r < real_rows; r++, row += ow)
        SKB_VARIANT(skb_im2col_nchw_s2_row_exact)(row, first + r * row_step, ow, ox_lo, ox_hi);
    vf_fill_zero_spill(row, (oh - oy_hi) * ow, (size_t)(dst_end - row));
}

static inline __attribute__((always_inline)) void
im2col_nchw_driver(const skb_geometry *g, const float *restrict src, float *restrict dst,
                   bool shifted, bool stride2)
{
    float *out = dst;
    float *const dst_end = dst + g->dst_elems;
    const float *const src_end = src + g->src_elems;
    for (size_t plane_index = 0; plane_index < g->n * g->c; plane_index++) {
        const float *plane = src + plane_index * g->h * g->w;
        for (size_t ky = 0; ky < g->kh; ky++)
            for (size_t kx = 0; kx < g->kw; kx++) {
                if (shifted) {
                    SKB_VARIANT(skb_im2col_nchw_shifted_block)(g, plane, ky, kx, out, src_end,
                                                               dst_end);
                    out += g->oh * g->ow;
                    continue;
                }
                if (stride2) {
                    SKB_VARIANT(skb_im2col_nchw_s2_block)(g, plane, ky, kx, out, src_end,
                                                          dst_end);
                    out += g->oh * g->ow;
                    continue;
                }
                const ptrdiff_t x_offset = (ptrdiff_t)(kx * g->dw) - (ptrdiff_t)g->pad_left;
                size_t ox_lo, ox_hi;
                skb_real_outputs(x_offset, g->sw, g->w, g->ow, &ox_lo, &ox_hi);
                if (g->sw == 1 && ox_lo == 0 && ox_hi == g->ow) {
                    /* Every column real at stride 1 (no padding on the
                     * left or right for this kx): the real rows are plain
                     * copies, moved in whole vectors when the last one's
                     * spill stays inside both tensors. */
                    const size_t whole = (g->ow + VF_WIDTH - 1) / VF_WIDTH * VF_WIDTH;
                    size_t oy_lo, oy_hi;
                    skb_real_outputs((ptrdiff_t)(ky * g->dh) - (ptrdiff_t)g->pad_top, g->sh,
                                     g->h, g->oh, &oy_lo, &oy_hi);
                    const float *from =
                        oy_lo < oy_hi
                            ? plane + (oy_lo * g->sh + ky * g->dh - g->pad_top) * g->w + x_offset
                            : plane;
                    const size_t last_row = oy_lo < oy_hi ? (oy_hi - 1 - oy_lo) * g->sh * g->w : 0;
                    if (oy_lo < oy_hi && (size_t)(dst_end - (out + (oy_hi - 1) * g->ow)) >= whole &&
                        (size_t)(src_end - from) >= last_row + whole) {
                        vf_fill_zero_spill(out, oy_lo * g->ow, (size_t)(dst_end - out));
                        float *to = out + oy_lo * g->ow;
                        for (size_t oy = oy_lo; oy < oy_hi; oy++, to += g->ow, from += g->sh * g->w)
                            for (size_t j = 0; j < g->ow; j += VF_WIDTH)
                                vf_storeu(to + j, vf_loadu(from + j));
                        vf_fill_zero_spill(to, (g->oh - oy_hi) * g->ow, (size_t)(dst_end - to));
                        out += g->oh * g->ow;
                        continue;
                    }
                }
                for (size_t oy = 0; oy < g->oh; oy++, out += g->ow) {
                    const ptrdiff_t iy = (ptrdiff_t)(oy * g->sh + ky * g->dh) -
                                         (ptrdiff_t)g->pad_top;
                    if (iy < 0 || (size_t)iy >= g->h || ox_lo == ox_hi) {
                        vf_fill_zero_spill(out, g->ow, (size_t)(dst_end - out));
                        continue;
                    }
                    const float *row = plane + (size_t)iy * g->w;
                    const float *first = row + (ptrdiff_t)(ox_lo * g->sw) + x_offset;
                    vf_fill_zero_spill(out, ox_lo, (size_t)(dst_end - out));
                    vf_copy_strided_spill(out + ox_lo, first, g->sw, ox_hi - ox_lo,
                                          (size_t)(dst_end - (out + ox_lo)),
                                          (size_t)(src_end - first));
                    vf_fill_zero_spill(out + ox_hi, g->ow - ox_hi,
                                       (size_t)(dst_end - (out + ox_hi)));
                }
            }
    }
}

/* The three paths: shifted copies (stride 1, output rows as wide as the
 * input's), deinterleaved rows (stride 2) and row segments (any shape). */
void SKB_VARIANT(skb_im2col_nchw_f32_shifted)(const skb_geometry *g, const float *restrict src,
                                              float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    im2col_nchw_driver(g, src, dst, true, false);
}

void SKB_VARIANT(skb_im2col_nchw_f32_rows)(const skb_geometry *g, const float *restrict src,
                                           float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    im2col_nchw_driver(g, src, dst, false, false);
}

void SKB_VARIANT(skb_im2col_nchw_f32_rows_s2)(const skb_geometry *g, const float *restrict src,
                                              float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* this path needs none */
    im2col_nchw_driver(g, src, dst, false, true);
}
