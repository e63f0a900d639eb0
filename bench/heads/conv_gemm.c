/* im2col + sgemm per group; see conv_gemm.h. */
#include "conv_gemm.h"

#include <cblas.h>
#include <stdio.h>

static skb_window conv_window(const layer *l)
{
    return (skb_window){.kernel_h = l->kh, .kernel_w = l->kw, .stride_h = l->sh,
                        .stride_w = l->sw, .dilation_h = 1, .dilation_w = 1,
                        .pad_top = l->pad_top, .pad_left = l->pad_left,
                        .pad_bottom = l->pad_bottom, .pad_right = l->pad_right};
}

bool conv_gemm_plan(const layer *l, const skb_kernels *k, conv_gemm *c, skb_error *err)
{
    const skb_tensor_desc t = {1, l->c / l->groups, l->h, l->w, SKB_LAYOUT_NCHW};
    const skb_window win = conv_window(l);
    if (skb_plan_layer(&c->im2col, k, SKB_OP_IM2COL, &t, &win, SKB_PATH_AUTO, err) != SKB_OK ||
        skb_plan_layer(&c->col2im, k, SKB_OP_COL2IM, &t, &win, SKB_PATH_AUTO, err) != SKB_OK)
        return false;
    /* The runs below pass no workspace: NCHW im2col and col2im need none. */
    if (c->im2col.workspace_bytes || c->col2im.workspace_bytes) {
        if (err)
            snprintf(err->message, sizeof err->message,
                     "im2col/col2im NCHW asks for a workspace; conv_gemm passes none");
        return false;
    }
    /* network_read bounds each of these by NETWORK_MAX_ELEMS (< INT_MAX). */
    c->l = l;
    c->rows = (int)(t.c * l->kh * l->kw);
    c->positions = (int)(c->im2col.geom.oh * c->im2col.geom.ow);
    c->out_per_group = (int)(l->out / l->groups);
    c->pointwise = layer_is_pointwise(l);
    return true;
}

size_t conv_gemm_image_floats(const conv_gemm *c)
{
    return (size_t)(c->l->c * c->l->h * c->l->w);
}

size_t conv_gemm_column_floats(const conv_gemm *c)
{
    return (size_t)c->rows * (size_t)c->positions;
}

size_t conv_gemm_weight_floats(const conv_gemm *c)
{
    return (size_t)c->l->out * (size_t)c->rows;
}

size_t conv_gemm_output_floats(const conv_gemm *c)
{
    return (size_t)c->l->out * (size_t)c->positions;
}

/* Group i's slices of the image, the weights and the output. */
static size_t image_offset(const conv_gemm *c, int64_t i)
{
    return (size_t)i * (size_t)(c->l->c / c->l->groups * c->l->h * c->l->w);
}

static size_t weight_offset(const conv_gemm *c, int64_t i)
{
    return (size_t)i * (size_t)c->out_per_group * (size_t)c->rows;
}

static size_t output_offset(const conv_gemm *c, int64_t i)
{
    return (size_t)i * (size_t)c->out_per_group * (size_t)c->positions;
}

/* out_g[O/G][P] = W_g[O/G][C/G*KH*KW] x col_g[C/G*KH*KW][P]; a pointwise
 * conv's image is already col_g. */
void conv_gemm_forward(const conv_gemm *c, const float *image, const float *weights,
                       float *columns, float *out)
{
    for (int64_t i = 0; i < c->l->groups; i++) {
        const float *src = image + image_offset(c, i);
        const float *col = src;
        if (!c->pointwise) {
            skb_execute(&c->im2col, src, columns, NULL);
            col = columns;
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, c->out_per_group, c->positions,
                    c->rows, 1.0f, weights + weight_offset(c, i), c->rows, col, c->positions,
                    0.0f, out + output_offset(c, i), c->positions);
    }
}

/* dcol_g = W_g^T x dY_g, then col2im sums dcol_g into dX_g. */
void conv_gemm_backward_data(const conv_gemm *c, float *dimage, const float *weights,
                             float *columns, const float *dout)
{
    for (int64_t i = 0; i < c->l->groups; i++) {
        float *dst = dimage + image_offset(c, i);
        float *col = c->pointwise ? dst : columns;
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, c->rows, c->positions,
                    c->out_per_group, 1.0f, weights + weight_offset(c, i), c->rows,
                    dout + output_offset(c, i), c->positions, 0.0f, col, c->positions);
        if (!c->pointwise)
            skb_execute(&c->col2im, col, dst, NULL);
    }
}
