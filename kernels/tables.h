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
    void skb_im2col_nchw_f32_rows_s2__##isa SKB_KERNEL_PARAMS;        \
    void skb_im2col_nhwc_f32__##isa SKB_KERNEL_PARAMS;                \
    void skb_col2im_nchw_f32__##isa SKB_KERNEL_PARAMS;                \
    void skb_col2im_nchw_f32_rows_s2__##isa SKB_KERNEL_PARAMS;        \
    void skb_col2im_nhwc_f32__##isa SKB_KERNEL_PARAMS;                \
    void skb_col2im_nhwc_f32_pixels__##isa SKB_KERNEL_PARAMS;         \
    SKB_DECLARE_POOL_NCHW(maxpool, isa)                               \
    void skb_maxpool_nchw_f32_rows_s3__##isa SKB_KERNEL_PARAMS;       \
    void skb_maxpool_nchw_f32_rows_s2_pairs_k2__##isa SKB_KERNEL_PARAMS; \
    void skb_maxpool_nchw_f32_rows_s2_pairs_k3__##isa SKB_KERNEL_PARAMS; \
    void skb_maxpool_nchw_f32_rows_s2_pairs_k2_spill__##isa SKB_KERNEL_PARAMS; \
    void skb_maxpool_nchw_f32_rows_s2_pairs_k3_spill__##isa SKB_KERNEL_PARAMS; \
    void skb_maxpool_nchw_f32_padded_s2_pairs__##isa SKB_KERNEL_PARAMS;  \
    void skb_maxpool_nchw_f32_padded_s2_pairs_k3__##isa SKB_KERNEL_PARAMS; \
    void skb_maxpool_nhwc_f32__##isa SKB_KERNEL_PARAMS;               \
    SKB_DECLARE_POOL_NCHW(avgpool, isa)                               \
    void skb_avgpool_nhwc_f32__##isa SKB_KERNEL_PARAMS;               \
    void skb_avgpool_nhwc_f32_neighbours_k3__##isa SKB_KERNEL_PARAMS; \
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

/* The avx512 variant's paths at 8 lanes: the AVX2 vocabulary under the
 * AVX-512 flags (the files in kernels/avx512/ named *_w8.c). */
void skb_im2col_nchw_f32_shifted__avx512_w8 SKB_KERNEL_PARAMS;
void skb_im2col_nchw_f32_rows__avx512_w8 SKB_KERNEL_PARAMS;
void skb_im2col_nchw_f32_rows_s2__avx512_w8 SKB_KERNEL_PARAMS;
void skb_col2im_nchw_f32__avx512_w8 SKB_KERNEL_PARAMS;
void skb_col2im_nchw_f32_rows_s2__avx512_w8 SKB_KERNEL_PARAMS;
void skb_maxpool_nhwc_f32__avx512_w8 SKB_KERNEL_PARAMS;
void skb_avgpool_nhwc_f32__avx512_w8 SKB_KERNEL_PARAMS;
void skb_global_avgpool_nchw_f32__avx512_w8 SKB_KERNEL_PARAMS;
void skb_global_avgpool_nhwc_f32__avx512_w8 SKB_KERNEL_PARAMS;
void skb_global_maxpool_nchw_f32__avx512_w8 SKB_KERNEL_PARAMS;
void skb_global_maxpool_nhwc_f32__avx512_w8 SKB_KERNEL_PARAMS;

/* The avx512 variant's own paths: kernels/avx512/col2im_segments.c,
 * col2im_plane.c, im2col_plane.c, avgpool_rolling.c and maxpool_rolling.c. */
void skb_col2im_nhwc_f32_segments__avx512 SKB_KERNEL_PARAMS;
void skb_col2im_nchw_f32_plane_rows__avx512 SKB_KERNEL_PARAMS;
void skb_im2col_nchw_f32_plane_rows__avx512 SKB_KERNEL_PARAMS;
void skb_avgpool_nchw_f32_rolling_k3x3__avx512 SKB_KERNEL_PARAMS;
void skb_maxpool_nchw_f32_rolling_s2_k3x3__avx512 SKB_KERNEL_PARAMS;
void skb_maxpool_nchw_f32_rolling_s2_k2x2__avx512 SKB_KERNEL_PARAMS;

/* The reference handles both layouts in one function per op. */
void skb_im2col_f32__reference SKB_KERNEL_PARAMS;
void skb_col2im_f32__reference SKB_KERNEL_PARAMS;
void skb_maxpool_f32__reference SKB_KERNEL_PARAMS;
void skb_avgpool_f32__reference SKB_KERNEL_PARAMS;
void skb_global_avgpool_f32__reference SKB_KERNEL_PARAMS;
void skb_global_maxpool_f32__reference SKB_KERNEL_PARAMS;

/* Every ISA's path functions (the reference's names are declared too,
 * never defined: it has the functions above instead) and its table. */
#define SKB_ISA_ENTRY(id, name, flags, cpu_check) \
    SKB_DECLARE_ISA(name)                                 \
    extern const skb_kernels skb_##name##_kernels;
#include "skb_isas.inc"
#undef SKB_ISA_ENTRY

#endif
