/* Max pooling, NCHW: the paths of pool_nchw.h with the max reducer.
 * Included after an f32_<isa>.h vocabulary. */
#include "templates/pool_nchw.h"

SKB_POOL_NCHW_PATH(maxpool, rows)
{
    (void)workspace;
    pool_nchw_rows(g, src, dst, g->sw, 0, true);
}
SKB_POOL_NCHW_PATH(maxpool, rows_s1)
{
    (void)workspace;
    pool_nchw_rows(g, src, dst, 1, 0, true);
}
SKB_POOL_NCHW_PATH(maxpool, rows_s2)
{
    (void)workspace;
    pool_nchw_rows(g, src, dst, 2, 0, true);
}
SKB_POOL_NCHW_PATH(maxpool, rows_s3)
{
    (void)workspace;
    pool_nchw_rows(g, src, dst, 3, 0, true);
}
SKB_POOL_NCHW_PATH(maxpool, rows_s2_pairs_k2)
{
    (void)workspace;
    pool_nchw_rows(g, src, dst, 2, 2, true);
}
SKB_POOL_NCHW_PATH(maxpool, rows_s2_pairs_k3)
{
    (void)workspace;
    pool_nchw_rows(g, src, dst, 2, 3, true);
}
SKB_POOL_NCHW_PATH(maxpool, rows_s2_pairs_k2_spill)
{
    (void)workspace;
    pool_nchw_s2_pairs_spill(g, src, dst, 2, true);
}
SKB_POOL_NCHW_PATH(maxpool, rows_s2_pairs_k3_spill)
{
    (void)workspace;
    pool_nchw_s2_pairs_spill(g, src, dst, 3, true);
}
SKB_POOL_NCHW_PATH(maxpool, padded)
{
    pool_nchw_padded(g, src, dst, workspace, g->sw, false, g->kw, true);
}
SKB_POOL_NCHW_PATH(maxpool, padded_s1)
{
    pool_nchw_padded(g, src, dst, workspace, 1, false, g->kw, true);
}
SKB_POOL_NCHW_PATH(maxpool, padded_s2)
{
    pool_nchw_padded(g, src, dst, workspace, 2, false, g->kw, true);
}
SKB_POOL_NCHW_PATH(maxpool, padded_s2_pairs)
{
    pool_nchw_padded(g, src, dst, workspace, 2, true, g->kw, true);
}
SKB_POOL_NCHW_PATH(maxpool, padded_s2_pairs_k3)
{
    pool_nchw_padded(g, src, dst, workspace, 2, true, 3, true);
}
SKB_POOL_NCHW_PATH(maxpool, tile)
{
    pool_nchw_tiled(g, src, dst, workspace, g->kh, g->kw, true);
}
SKB_POOL_NCHW_PATH(maxpool, tile_k2x2)
{
    pool_nchw_tiled(g, src, dst, workspace, 2, 2, true);
}
SKB_POOL_NCHW_PATH(maxpool, tile_k3x3)
{
    pool_nchw_tiled(g, src, dst, workspace, 3, 3, true);
}
