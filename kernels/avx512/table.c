/* The avx512 table: every path of every op, by name.  The vector width
 * comes from the vocabulary the kernels were written against. */
#include "simd/f32_avx512.h"
#include "tables.h"

const skb_kernels skb_avx512_kernels = {
    .isa = SKB_ISA_AVX512,
    .name = "avx512",
    .lanes = VF_WIDTH,
    .fn =
        {
            [SKB_OP_IM2COL] =
                {
                    [SKB_LAYOUT_NCHW] =
                        {
                            [SKB_PATH_SHIFTED] = skb_im2col_nchw_f32_shifted__avx512,
                            [SKB_PATH_ROWS] = skb_im2col_nchw_f32_rows__avx512,
                            [SKB_PATH_ROWS_S2] = skb_im2col_nchw_f32_rows_s2__avx512,
                            [SKB_PATH_SHIFTED_W8] = skb_im2col_nchw_f32_shifted__avx512_w8,
                            [SKB_PATH_ROWS_W8] = skb_im2col_nchw_f32_rows__avx512_w8,
                            [SKB_PATH_ROWS_S2_W8] = skb_im2col_nchw_f32_rows_s2__avx512_w8,
                            [SKB_PATH_PLANE_ROWS] = skb_im2col_nchw_f32_plane_rows__avx512,
                        },
                    [SKB_LAYOUT_NHWC] =
                        {
                            [SKB_PATH_DIRECT] = skb_im2col_nhwc_f32__avx512,
                        },
                },
            [SKB_OP_COL2IM] =
                {
                    [SKB_LAYOUT_NCHW] =
                        {
                            [SKB_PATH_DIRECT] = skb_col2im_nchw_f32__avx512,
                            [SKB_PATH_ROWS_S2] = skb_col2im_nchw_f32_rows_s2__avx512,
                            [SKB_PATH_DIRECT_W8] = skb_col2im_nchw_f32__avx512_w8,
                            [SKB_PATH_ROWS_S2_W8] = skb_col2im_nchw_f32_rows_s2__avx512_w8,
                            [SKB_PATH_PLANE_ROWS] = skb_col2im_nchw_f32_plane_rows__avx512,
                        },
                    [SKB_LAYOUT_NHWC] =
                        {
                            [SKB_PATH_DIRECT] = skb_col2im_nhwc_f32__avx512,
                            [SKB_PATH_PIXELS] = skb_col2im_nhwc_f32_pixels__avx512,
                            [SKB_PATH_SEGMENTS] = skb_col2im_nhwc_f32_segments__avx512,
                        },
                },
            [SKB_OP_MAXPOOL] =
                {
                    [SKB_LAYOUT_NCHW] =
                        {
                            [SKB_PATH_ROWS] = skb_maxpool_nchw_f32_rows__avx512,
                            [SKB_PATH_ROWS_S1] = skb_maxpool_nchw_f32_rows_s1__avx512,
                            [SKB_PATH_ROWS_S2] = skb_maxpool_nchw_f32_rows_s2__avx512,
                            [SKB_PATH_ROWS_S3] = skb_maxpool_nchw_f32_rows_s3__avx512,
                            [SKB_PATH_ROWS_S2_PAIRS_K2] = skb_maxpool_nchw_f32_rows_s2_pairs_k2__avx512,
                            [SKB_PATH_ROWS_S2_PAIRS_K3] = skb_maxpool_nchw_f32_rows_s2_pairs_k3__avx512,
                            [SKB_PATH_ROWS_S2_PAIRS_K2_SPILL] = skb_maxpool_nchw_f32_rows_s2_pairs_k2_spill__avx512,
                            [SKB_PATH_ROWS_S2_PAIRS_K3_SPILL] = skb_maxpool_nchw_f32_rows_s2_pairs_k3_spill__avx512,
                            [SKB_PATH_PADDED] = skb_maxpool_nchw_f32_padded__avx512,
                            [SKB_PATH_PADDED_S1] = skb_maxpool_nchw_f32_padded_s1__avx512,
                            [SKB_PATH_PADDED_S2] = skb_maxpool_nchw_f32_padded_s2__avx512,
                            [SKB_PATH_PADDED_S2_PAIRS] = skb_maxpool_nchw_f32_padded_s2_pairs__avx512,
                            [SKB_PATH_PADDED_S2_PAIRS_K3] = skb_maxpool_nchw_f32_padded_s2_pairs_k3__avx512,
                            [SKB_PATH_TILE] = skb_maxpool_nchw_f32_tile__avx512,
                            [SKB_PATH_TILE_K2X2] = skb_maxpool_nchw_f32_tile_k2x2__avx512,
                            [SKB_PATH_TILE_K3X3] = skb_maxpool_nchw_f32_tile_k3x3__avx512,
                            [SKB_PATH_ROLLING_S2_K3X3] = skb_maxpool_nchw_f32_rolling_s2_k3x3__avx512,
                            [SKB_PATH_ROLLING_S2_K2X2] = skb_maxpool_nchw_f32_rolling_s2_k2x2__avx512,
                        },
                    [SKB_LAYOUT_NHWC] =
                        {
                            [SKB_PATH_DIRECT] = skb_maxpool_nhwc_f32__avx512,
                            [SKB_PATH_DIRECT_W8] = skb_maxpool_nhwc_f32__avx512_w8,
                        },
                },
            [SKB_OP_AVGPOOL] =
                {
                    [SKB_LAYOUT_NCHW] =
                        {
                            [SKB_PATH_ROWS] = skb_avgpool_nchw_f32_rows__avx512,
                            [SKB_PATH_ROWS_S1] = skb_avgpool_nchw_f32_rows_s1__avx512,
                            [SKB_PATH_ROWS_S2] = skb_avgpool_nchw_f32_rows_s2__avx512,
                            [SKB_PATH_PADDED] = skb_avgpool_nchw_f32_padded__avx512,
                            [SKB_PATH_PADDED_S1] = skb_avgpool_nchw_f32_padded_s1__avx512,
                            [SKB_PATH_PADDED_S2] = skb_avgpool_nchw_f32_padded_s2__avx512,
                            [SKB_PATH_TILE] = skb_avgpool_nchw_f32_tile__avx512,
                            [SKB_PATH_TILE_K2X2] = skb_avgpool_nchw_f32_tile_k2x2__avx512,
                            [SKB_PATH_TILE_K3X3] = skb_avgpool_nchw_f32_tile_k3x3__avx512,
                            [SKB_PATH_ROLLING_K3X3] = skb_avgpool_nchw_f32_rolling_k3x3__avx512,
                        },
                    [SKB_LAYOUT_NHWC] =
                        {
                            [SKB_PATH_DIRECT] = skb_avgpool_nhwc_f32__avx512,
                            [SKB_PATH_NEIGHBOURS_K3] = skb_avgpool_nhwc_f32_neighbours_k3__avx512,
                            [SKB_PATH_DIRECT_W8] = skb_avgpool_nhwc_f32__avx512_w8,
                        },
                },
            [SKB_OP_GLOBAL_AVGPOOL] =
                {
                    [SKB_LAYOUT_NCHW] =
                        {
                            [SKB_PATH_DIRECT] = skb_global_avgpool_nchw_f32__avx512,
                            [SKB_PATH_DIRECT_W8] = skb_global_avgpool_nchw_f32__avx512_w8,
                        },
                    [SKB_LAYOUT_NHWC] =
                        {
                            [SKB_PATH_DIRECT] = skb_global_avgpool_nhwc_f32__avx512,
                            [SKB_PATH_DIRECT_W8] = skb_global_avgpool_nhwc_f32__avx512_w8,
                        },
                },
            [SKB_OP_GLOBAL_MAXPOOL] =
                {
                    [SKB_LAYOUT_NCHW] =
                        {
                            [SKB_PATH_DIRECT] = skb_global_maxpool_nchw_f32__avx512,
                            [SKB_PATH_DIRECT_W8] = skb_global_maxpool_nchw_f32__avx512_w8,
                        },
                    [SKB_LAYOUT_NHWC] =
                        {
                            [SKB_PATH_DIRECT] = skb_global_maxpool_nhwc_f32__avx512,
                            [SKB_PATH_DIRECT_W8] = skb_global_maxpool_nhwc_f32__avx512_w8,
                        },
                },
        },
};
