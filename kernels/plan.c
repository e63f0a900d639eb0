/* Validation: turns a user's description into a geometry kernels can trust. */
#include "skb.h"

#include <stdarg.h>
#include <stdio.h>

static skb_status fail(skb_error *err, skb_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return status;
}

/* Sizes are capped so that every sum and product below fits in int64_t. */
#define SKB_MAX_DIM (INT64_C(1) << 31)

int64_t skb_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t dilation,
                        int64_t pad_lo, int64_t pad_hi, bool ceil_mode)
{
    if (in < 1 || kernel < 1 || stride < 1 || dilation < 1 || pad_lo < 0 || pad_hi < 0 ||
        in > SKB_MAX_DIM || kernel > SKB_MAX_DIM || stride > SKB_MAX_DIM ||
        dilation > SKB_MAX_DIM || pad_lo > SKB_MAX_DIM || pad_hi > SKB_MAX_DIM)
        return -1;
    const int64_t span = dilation * (kernel - 1) + 1;
    const int64_t room = in + pad_lo + pad_hi - span;
    /* In ceil mode a window up to stride - 1 wider than the padded input is
     * still one window: PyTorch rounds the negative room up to 0. */
    if (room < 0)
        return ceil_mode && room > -stride ? 1 : -1;
    int64_t out = (ceil_mode ? (room + stride - 1) / stride : room / stride) + 1;
    /* The last window must start inside the input or the low padding. */
    if (ceil_mode && (out - 1) * stride >= in + pad_lo)
        out--;
    return out;
}

/* sum over i in [0, n) of floor((a*i + b) / m), modulo 2^64, in O(log m)
 * steps: the quotients a/m and b/m are summed in closed form, then the
 * roles of a and m swap (counting lattice points under a line from the
 * other axis).  Needs a*n + b < 2^64 after the first reduction. */
static uint64_t floor_sum(uint64_t n, uint64_t m, uint64_t a, uint64_t b)
{
    uint64_t sum = 0;
    for (;;) {
        if (a >= m) {
            const uint64_t pairs = n % 2 == 0 ? (n / 2) * (n - 1) : n * ((n - 1) / 2);
            sum += pairs * (a / m);
            a %= m;
        }
        if (b >= m) {
            sum += n * (b / m);
            b %= m;
        }
        const uint64_t top = a * n + b;
        if (top < m)
            return sum;
        n = top / m;
        b = top % m;
        const uint64_t t = m;
        m = a;
        a = t;
    }
}

/* True if every one of the `out` windows along one axis covers at least
 * one real element, in O(log) steps whatever the sizes.  Window o starts at
 * s = o*stride - pad_lo; its taps s + k*dilation (k < kernel) reach [0, in)
 * exactly when (a) its last tap is >= 0, (b) s < in, and (c) some element
 * of s's residue class mod dilation lies in [0, in), i.e. s mod dilation <
 * in.  (a) is weakest at the first window, (b) at the last; (c) always holds
 * when dilation <= in, and otherwise the windows failing it are counted with
 * floor sums: [s mod d < in] = floor(s/d) - floor((s - in)/d). */
static bool every_window_has_real_tap(int64_t in, int64_t out, int64_t kernel, int64_t stride,
                                      int64_t dilation, int64_t pad_lo)
{
    if ((kernel - 1) * dilation - pad_lo < 0)
        return false;
    if ((out - 1) * stride - pad_lo >= in)
        return false;
    if (dilation <= in)
        return true;
    const uint64_t d = (uint64_t)dilation;
    const uint64_t b = (d - (uint64_t)pad_lo % d) % d; /* -pad_lo mod d */
    const uint64_t real_rows = floor_sum((uint64_t)out, d, (uint64_t)stride, b);
    const uint64_t shifted = floor_sum((uint64_t)out, d, (uint64_t)stride, b + d - (uint64_t)in);
    /* shifted - real_rows is the number of windows failing (c). */
    return shifted == real_rows;
}

static bool mul_size(size_t a, size_t b, size_t *out)
{
    return !__builtin_mul_overflow(a, b, out);
}

/* a*b*...*4 bytes must fit size_t; also yields the element count. */
static bool elems_fit(size_t *elems, const size_t *factors, int count)
{
    size_t e = 1;
    for (int i = 0; i < count; i++)
        if (!mul_size(e, factors[i], &e))
            return false;
    size_t bytes;
    if (!mul_size(e, sizeof(float), &bytes))
        return false;
    *elems = e;
    return true;
}

static skb_status check_axis(skb_error *err, const char *axis, int64_t in, int64_t kernel,
                             int64_t stride, int64_t dilation, int64_t pad_lo,
                             const char *pad_lo_name, int64_t pad_hi, const char *pad_hi_name,
                             bool ceil_mode)
{
    if (kernel < 1 || kernel > SKB_MAX_DIM)
        return fail(err, SKB_ERR_KERNEL, "kernel_%s = %lld: must be in 1..2^31", axis,
                    (long long)kernel);
    if (stride < 1 || stride > SKB_MAX_DIM)
        return fail(err, SKB_ERR_STRIDE, "stride_%s = %lld: must be in 1..2^31", axis,
                    (long long)stride);
    if (dilation < 1 || dilation > SKB_MAX_DIM)
        return fail(err, SKB_ERR_DILATION, "dilation_%s = %lld: must be in 1..2^31", axis,
                    (long long)dilation);
    if (pad_lo < 0 || pad_lo > SKB_MAX_DIM)
        return fail(err, SKB_ERR_PADDING, "%s = %lld: must be in 0..2^31", pad_lo_name,
                    (long long)pad_lo);
    if (pad_hi < 0 || pad_hi > SKB_MAX_DIM)
        return fail(err, SKB_ERR_PADDING, "%s = %lld: must be in 0..2^31", pad_hi_name,
                    (long long)pad_hi);
    if (skb_output_size(in, kernel, stride, dilation, pad_lo, pad_hi, ceil_mode) < 1)
        return fail(err, SKB_ERR_KERNEL,
                    "kernel_%s = %lld (dilation %lld) spans more than the padded input "
                    "(%lld + %lld + %lld)%s",
                    axis, (long long)kernel, (long long)dilation, (long long)in,
                    (long long)pad_lo, (long long)pad_hi,
                    ceil_mode ? " plus stride - 1 (ceil mode)" : "");
    return SKB_OK;
}

skb_status skb_plan(skb_op op, const skb_tensor_desc *t, const skb_window *win,
                    skb_geometry *g, skb_error *err)
{
    if (err) {
        err->status = SKB_OK;
        err->message[0] = '\0';
    }
    if (!t)
        return fail(err, SKB_ERR_NULL, "tensor: NULL description");
    if (!g)
        return fail(err, SKB_ERR_NULL, "geometry: NULL output");
    if ((unsigned)op >= SKB_OP_COUNT)
        return fail(err, SKB_ERR_BAD_ENUM, "op = %d: not an skb_op", (int)op);
    if ((unsigned)t->layout >= SKB_LAYOUT_COUNT)
        return fail(err, SKB_ERR_BAD_ENUM, "tensor.layout = %d: not an skb_layout",
                    (int)t->layout);

    const int64_t dims[4] = {t->n, t->c, t->h, t->w};
    static const char *const dim_names[4] = {"n", "c", "h", "w"};
    for (int i = 0; i < 4; i++) {
        if (dims[i] < 1)
            return fail(err, SKB_ERR_SIZE, "tensor.%s = %lld: must be at least 1", dim_names[i],
                        (long long)dims[i]);
        if (dims[i] > SKB_MAX_DIM)
            return fail(err, SKB_ERR_OVERFLOW, "tensor.%s = %lld: larger than 2^31",
                        dim_names[i], (long long)dims[i]);
    }

    const bool global = op == SKB_OP_GLOBAL_AVGPOOL || op == SKB_OP_GLOBAL_MAXPOOL;
    skb_window whole = {
        .kernel_h = t->h, .kernel_w = t->w, .stride_h = 1, .stride_w = 1,
        .dilation_h = 1, .dilation_w = 1,
    };
    if (global)
        win = &whole;
    else if (!win)
        return fail(err, SKB_ERR_NULL, "window: NULL description");

    skb_status s = check_axis(err, "h", t->h, win->kernel_h, win->stride_h, win->dilation_h,
                              win->pad_top, "pad_top", win->pad_bottom, "pad_bottom",
                              win->ceil_mode);
    if (s != SKB_OK)
        return s;
    s = check_axis(err, "w", t->w, win->kernel_w, win->stride_w, win->dilation_w,
                   win->pad_left, "pad_left", win->pad_right, "pad_right", win->ceil_mode);
    if (s != SKB_OK)
        return s;

    const int64_t oh = skb_output_size(t->h, win->kernel_h, win->stride_h, win->dilation_h,
                                       win->pad_top, win->pad_bottom, win->ceil_mode);
    const int64_t ow = skb_output_size(t->w, win->kernel_w, win->stride_w, win->dilation_w,
                                       win->pad_left, win->pad_right, win->ceil_mode);

    /* im2col/col2im accept all-padding windows (their column is zeros, as in
     * PyTorch's unfold); a pooling window needs a real element to be defined. */
    if (op == SKB_OP_MAXPOOL || op == SKB_OP_AVGPOOL) {
        if (!every_window_has_real_tap(t->h, oh, win->kernel_h, win->stride_h,
                                       win->dilation_h, win->pad_top))
            return fail(err, SKB_ERR_PADDING,
                        "pad_top/pad_bottom = %lld/%lld: some window along h has no real "
                        "element",
                        (long long)win->pad_top, (long long)win->pad_bottom);
        if (!every_window_has_real_tap(t->w, ow, win->kernel_w, win->stride_w,
                                       win->dilation_w, win->pad_left))
            return fail(err, SKB_ERR_PADDING,
                        "pad_left/pad_right = %lld/%lld: some window along w has no real "
                        "element",
                        (long long)win->pad_left, (long long)win->pad_right);
    }

    *g = (skb_geometry){
        .op = op, .layout = t->layout,
        .n = (size_t)t->n, .c = (size_t)t->c, .h = (size_t)t->h, .w = (size_t)t->w,
        .oh = global ? 1 : (size_t)oh, .ow = global ? 1 : (size_t)ow,
        .kh = (size_t)win->kernel_h, .kw = (size_t)win->kernel_w,
        .sh = (size_t)win->stride_h, .sw = (size_t)win->stride_w,
        .dh = (size_t)win->dilation_h, .dw = (size_t)win->dilation_w,
        .pad_top = (size_t)win->pad_top, .pad_left = (size_t)win->pad_left,
        .pad_bottom = (size_t)win->pad_bottom, .pad_right = (size_t)win->pad_right,
        .count_include_pad = win->count_include_pad,
        .c_stride = (size_t)t->c,
    };

    const size_t image[4] = {g->n, g->c, g->h, g->w};
    const size_t pooled[4] = {g->n, g->c, g->oh, g->ow};
    const size_t columns[6] = {g->n, g->c, g->kh, g->kw, g->oh, g->ow};
    size_t image_elems, other_elems;
    bool fits = elems_fit(&image_elems, image, 4);
    switch (op) {
    case SKB_OP_IM2COL:
    case SKB_OP_COL2IM:
        fits = fits && elems_fit(&other_elems, columns, 6);
        break;
    case SKB_OP_GLOBAL_AVGPOOL:
    case SKB_OP_GLOBAL_MAXPOOL:
        fits = fits && elems_fit(&other_elems, image, 2);
        break;
    default:
        fits = fits && elems_fit(&other_elems, pooled, 4);
        break;
    }
    if (!fits)
        return fail(err, SKB_ERR_OVERFLOW,
                    "tensor %lldx%lldx%lldx%lld with kernel %lldx%lld: byte count overflows "
                    "size_t",
                    (long long)t->n, (long long)t->c, (long long)t->h, (long long)t->w,
                    (long long)win->kernel_h, (long long)win->kernel_w);
    g->src_elems = op == SKB_OP_COL2IM ? other_elems : image_elems;
    g->dst_elems = op == SKB_OP_COL2IM ? image_elems : other_elems;
    return SKB_OK;
}
