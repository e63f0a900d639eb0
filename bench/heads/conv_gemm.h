/* A convolution layer as im2col + sgemm, group by group, as a Caffe-style
 * framework runs it (a depthwise conv is C groups of one channel): what
 * skb-heads times, and what tests/conv_gemm_check.c compares with a direct
 * convolution.  NCHW, one image. */
#ifndef SKB_BENCH_CONV_GEMM_H
#define SKB_BENCH_CONV_GEMM_H

#include "network.h"
#include "skb.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct conv_gemm {
    const layer *l;
    skb_layer_plan im2col, col2im; /* of one group's C/G input planes */
    int rows;                    /* C/G * KH * KW */
    int positions;               /* OH * OW */
    int out_per_group;           /* O/G */
    bool pointwise;              /* 1x1, stride 1, no padding: no im2col */
} conv_gemm;

/* Plans a conv of a network that read (its sizes fit int), im2col and
 * col2im from table k (NULL: the default); false with the planner's
 * message in err otherwise. */
bool conv_gemm_plan(const layer *l, const skb_kernels *k, conv_gemm *c, skb_error *err);

/* Floats of each buffer: the image (C*H*W), one group's columns, the
 * weights (O * C/G * KH * KW, group after group) and the output (O*OH*OW). */
size_t conv_gemm_image_floats(const conv_gemm *c);
size_t conv_gemm_column_floats(const conv_gemm *c);
size_t conv_gemm_weight_floats(const conv_gemm *c);
size_t conv_gemm_output_floats(const conv_gemm *c);

/* out = conv(image, weights), no bias. */
void conv_gemm_forward(const conv_gemm *c, const float *image, const float *weights,
                       float *columns, float *out);
/* dimage = the gradient of the image for the output gradient dout. */
void conv_gemm_backward_data(const conv_gemm *c, float *dimage, const float *weights,
                             float *columns, const float *dout);

#endif
