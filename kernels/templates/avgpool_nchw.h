/* Average pooling, NCHW: the paths of pool_nchw.h with the sum reducer.
 * Included after an f32_<isa>.h vocabulary. */
#include "templates/pool_nchw.h"

SKB_POOL_NCHW_PATH(avgpool, rows)
{
    (void)workspace;
    pool_nchw_rows(g, src, dst, g->sw, 0, false);
}
SKB_POOL_NCHW_PATH(avgpool, rows_s1)
{
    (void)workspace;
    pool_nchw_rows(g, src, dst, 1, 0, false);
}
SKB_POOL_NCHW_PATH(avgpool, rows_s2)
{
    (void)workspace;
    pool_nchw_rows(g, src, dst, 2, 0, false);
}
SKB_POOL_NCHW_PATH(avgpool, padded)
{
    pool_nchw_padded(g, src, dst, workspace, g->sw, false, g->kw, false);
}
SKB_POOL_NCHW_PATH(avgpool, padded_s1)
{
    pool_nchw_padded(g, src, dst, workspace, 1, false, g->kw, false);
}
SKB_POOL_NCHW_PATH(avgpool, padded_s2)
{
    pool_nchw_padded(g, src, dst, workspace, 2, false, g->kw, false);
}
SKB_POOL_NCHW_PATH(avgpool, tile)
{
    pool_nchw_tiled(g, src, dst, workspace, g->kh, g->kw, false);
}
SKB_POOL_NCHW_PATH(avgpool, tile_k2x2)
{
    pool_nchw_tiled(g, src, dst, workspace, 2, 2, false);
}
SKB_POOL_NCHW_PATH(avgpool, tile_k3x3)
{
    pool_nchw_tiled(g, src, dst, workspace, 3, 3, false);
}
