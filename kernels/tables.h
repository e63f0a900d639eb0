/* Internal: the per-ISA tables and the names of every variant's paths. */
#ifndef SKB_TABLES_H
#define SKB_TABLES_H

#include "skb.h"

#define SKB_KERNEL_PARAMS                                                            \
    (const skb_geometry *g, const float *restrict src, float *restrict dst,         \
     void *restrict workspace)

/* Declares every path of every op of one ISA:
 *   skb_<op>_<layout>_f32__<isa>          ops with one path
 *   skb_<op>_<layout>_f32_<path>__<isa>   ops with several */
#define SKB_DECLARE_ISA(isa)                                          \
    void skb_im2col_nchw_f32_shifted__##isa SKB_KERNEL_PARAMS;        \
    void skb_im2col_nchw_f32_rows__##isa SKB_KERNEL_PARAMS;           \
    void skb_im2col_nhwc_f32__##isa SKB_KERNEL_PARAMS;                \
    void skb_col2im_nchw_f32__##isa SKB_KERNEL_PARAMS;                \
    void skb_col2im_nhwc_f32__##isa SKB_KERNEL_PARAMS;                \
    SKB_DECLARE_POOL_NCHW(maxpool, isa)                               \
    void skb_maxpool_nchw_f32_rows_s3__##isa SKB_KERNEL_PARAMS;       \
    void skb_maxpool_nchw_f32_rows_s2_pairs_k2__##isa SKB_KERNEL_PARAMS; \
    void skb_maxpool_nchw_f32_rows_s2_pairs_k3__##isa SKB_KERNEL_PARAMS; \
    void skb_maxpool_nchw_f32_padded_s2_pairs__##isa SKB_KERNEL_PARAMS;  \
    void skb_maxpool_nchw_f32_padded_s2_pairs_k3__##isa SKB_KERNEL_PARAMS; \
    void skb_maxpool_nhwc_f32__##isa SKB_KERNEL_PARAMS;               \
    SKB_DECLARE_POOL_NCHW(avgpool, isa)                               \
    void skb_avgpool_nhwc_f32__##isa SKB_KERNEL_PARAMS;               \
    void skb_global_avgpool_nchw_f32__##isa SKB_KERNEL_PARAMS;        \
    void skb_global_avgpool_nhwc_f32__##isa SKB_KERNEL_PARAMS;        \
    void skb_global_maxpool_nchw_f32__##isa SKB_KERNEL_PARAMS;        \
    void skb_global_maxpool_nhwc_f32__##isa SKB_KERNEL_PARAMS;

/* The paths max and average pooling NCHW share. */
#define SKB_DECLARE_POOL_NCHW(op, isa)                           \
    void skb_##op##_nchw_f32_rows__##isa SKB_KERNEL_PARAMS;      \
    void skb_##op##_nchw_f32_rows_s1__##isa SKB_KERNEL_PARAMS;   \
    void skb_##op##_nchw_f32_rows_s2__##isa SKB_KERNEL_PARAMS;   \
    void skb_##op##_nchw_f32_padded__##isa SKB_KERNEL_PARAMS;    \
    void skb_##op##_nchw_f32_padded_s1__##isa SKB_KERNEL_PARAMS; \
    void skb_##op##_nchw_f32_padded_s2__##isa SKB_KERNEL_PARAMS; \
    void skb_##op##_nchw_f32_tile__##isa SKB_KERNEL_PARAMS;      \
    void skb_##op##_nchw_f32_tile_k2x2__##isa SKB_KERNEL_PARAMS; \
    void skb_##op##_nchw_f32_tile_k3x3__##isa SKB_KERNEL_PARAMS;

#define SKB_POOL_NCHW_PATHS(op, tag)                                  \
    [SKB_PATH_ROWS] = skb_##op##_nchw_f32_rows__##tag,                \
    [SKB_PATH_ROWS_S1] = skb_##op##_nchw_f32_rows_s1__##tag,          \
    [SKB_PATH_ROWS_S2] = skb_##op##_nchw_f32_rows_s2__##tag,          \
    [SKB_PATH_PADDED] = skb_##op##_nchw_f32_padded__##tag,            \
    [SKB_PATH_PADDED_S1] = skb_##op##_nchw_f32_padded_s1__##tag,      \
    [SKB_PATH_PADDED_S2] = skb_##op##_nchw_f32_padded_s2__##tag,      \
    [SKB_PATH_TILE] = skb_##op##_nchw_f32_tile__##tag,                \
    [SKB_PATH_TILE_K2X2] = skb_##op##_nchw_f32_tile_k2x2__##tag,      \
    [SKB_PATH_TILE_K3X3] = skb_##op##_nchw_f32_tile_k3x3__##tag

/* The table of an ISA whose vectors hold `lanes` floats. */
#define SKB_DEFINE_TABLE(tag, ISA_ENUM, LANES)                                              \
    const skb_kernels skb_##tag##_kernels = {                                              \
        .isa = ISA_ENUM,                                                                   \
        .name = #tag,                                                                      \
        .lanes = LANES,                                                                    \
        .fn = {                                                                            \
            [SKB_OP_IM2COL] = {{[SKB_PATH_SHIFTED] = skb_im2col_nchw_f32_shifted__##tag,   \
                                [SKB_PATH_ROWS] = skb_im2col_nchw_f32_rows__##tag},        \
                               {[SKB_PATH_DIRECT] = skb_im2col_nhwc_f32__##tag}},          \
            [SKB_OP_COL2IM] = {{[SKB_PATH_DIRECT] = skb_col2im_nchw_f32__##tag},           \
                               {[SKB_PATH_DIRECT] = skb_col2im_nhwc_f32__##tag}},          \
            [SKB_OP_MAXPOOL] =                                                             \
                {{SKB_POOL_NCHW_PATHS(maxpool, tag),                                       \
                  [SKB_PATH_ROWS_S3] = skb_maxpool_nchw_f32_rows_s3__##tag,                \
                  [SKB_PATH_ROWS_S2_PAIRS_K2] = skb_maxpool_nchw_f32_rows_s2_pairs_k2__##tag, \
                  [SKB_PATH_ROWS_S2_PAIRS_K3] = skb_maxpool_nchw_f32_rows_s2_pairs_k3__##tag, \
                  [SKB_PATH_PADDED_S2_PAIRS] = skb_maxpool_nchw_f32_padded_s2_pairs__##tag, \
                  [SKB_PATH_PADDED_S2_PAIRS_K3] =                                          \
                      skb_maxpool_nchw_f32_padded_s2_pairs_k3__##tag},                     \
                 {[SKB_PATH_DIRECT] = skb_maxpool_nhwc_f32__##tag}},                       \
            [SKB_OP_AVGPOOL] = {{SKB_POOL_NCHW_PATHS(avgpool, tag)},                       \
                                {[SKB_PATH_DIRECT] = skb_avgpool_nhwc_f32__##tag}},        \
            [SKB_OP_GLOBAL_AVGPOOL] = {{[SKB_PATH_DIRECT] = skb_global_avgpool_nchw_f32__##tag}, \
                                       {[SKB_PATH_DIRECT] = skb_global_avgpool_nhwc_f32__##tag}}, \
            [SKB_OP_GLOBAL_MAXPOOL] = {{[SKB_PATH_DIRECT] = skb_global_maxpool_nchw_f32__##tag}, \
                                       {[SKB_PATH_DIRECT] = skb_global_maxpool_nhwc_f32__##tag}}, \
        },                                                                                 \
    };

/* The reference handles both layouts in one function per op. */
void skb_im2col_f32__reference SKB_KERNEL_PARAMS;
void skb_col2im_f32__reference SKB_KERNEL_PARAMS;
void skb_maxpool_f32__reference SKB_KERNEL_PARAMS;
void skb_avgpool_f32__reference SKB_KERNEL_PARAMS;
void skb_global_avgpool_f32__reference SKB_KERNEL_PARAMS;
void skb_global_maxpool_f32__reference SKB_KERNEL_PARAMS;

SKB_DECLARE_ISA(scalar)
SKB_DECLARE_ISA(sse)
SKB_DECLARE_ISA(avx2)
SKB_DECLARE_ISA(avx512)

extern const skb_kernels skb_reference_kernels;
extern const skb_kernels skb_scalar_kernels;
extern const skb_kernels skb_sse_kernels;
extern const skb_kernels skb_avx2_kernels;
extern const skb_kernels skb_avx512_kernels;

#endif
