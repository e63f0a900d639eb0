/* Max pooling, NCHW: the paths of pool_nchw.h with the max reducer.  Each
 * call runs first without NaN tracking; if it read a NaN
 * (templates/nan_watch.h) it runs again, tracked.  Included after an
 * f32_<isa>.h vocabulary. */
#include "templates/nan_watch.h"
#include "templates/pool_nchw.h"

/* Runs `call`, a path driver given the reducer `max`, watched, and again
 * tracked unless the watch ran and saw no NaN.  Each run sees a constant
 * reducer, so each keeps only its own operations. */
#define SKB_MAX_WATCHED(call)                                                         \
    do {                                                                              \
        skb_nan_watch watch;                                                          \
        pool_reducer max = POOL_MAX_WATCHED;                                          \
        if (skb_nan_watch_begin(&watch, g->src_elems)) {                                            \
            call;                                                                     \
            if (!skb_nan_watch_raised(&watch)) {                                      \
                skb_nan_watch_end(&watch);                                            \
                break;                                                                \
            }                                                                         \
        }                                                                             \
        max = POOL_MAX_TRACKED;                                                       \
        call;                                                                         \
        skb_nan_watch_end(&watch);                                                    \
    } while (0)

SKB_POOL_NCHW_PATH(maxpool, rows)
{
    (void)workspace;
    SKB_MAX_WATCHED(pool_nchw_rows(g, src, dst, g->sw, 0, max));
}
SKB_POOL_NCHW_PATH(maxpool, rows_s1)
{
    (void)workspace;
    SKB_MAX_WATCHED(pool_nchw_rows(g, src, dst, 1, 0, max));
}
SKB_POOL_NCHW_PATH(maxpool, rows_s2)
{
    (void)workspace;
    SKB_MAX_WATCHED(pool_nchw_rows(g, src, dst, 2, 0, max));
}
SKB_POOL_NCHW_PATH(maxpool, rows_s3)
{
    (void)workspace;
    SKB_MAX_WATCHED(pool_nchw_rows(g, src, dst, 3, 0, max));
}
SKB_POOL_NCHW_PATH(maxpool, rows_s2_pairs_k2)
{
    (void)workspace;
    SKB_MAX_WATCHED(pool_nchw_rows(g, src, dst, 2, 2, max));
}
SKB_POOL_NCHW_PATH(maxpool, rows_s2_pairs_k3)
{
    (void)workspace;
    SKB_MAX_WATCHED(pool_nchw_rows(g, src, dst, 2, 3, max));
}
SKB_POOL_NCHW_PATH(maxpool, rows_s2_pairs_k2_spill)
{
    (void)workspace;
    SKB_MAX_WATCHED(pool_nchw_s2_pairs_spill(g, src, dst, 2, max));
}
SKB_POOL_NCHW_PATH(maxpool, rows_s2_pairs_k3_spill)
{
    (void)workspace;
    SKB_MAX_WATCHED(pool_nchw_s2_pairs_spill(g, src, dst, 3, max));
}
SKB_POOL_NCHW_PATH(maxpool, padded)
{
    SKB_MAX_WATCHED(pool_nchw_padded(g, src, dst, workspace, g->sw, false, g->kw, max));
}
SKB_POOL_NCHW_PATH(maxpool, padded_s1)
{
    SKB_MAX_WATCHED(pool_nchw_padded(g, src, dst, workspace, 1, false, g->kw, max));
}
SKB_POOL_NCHW_PATH(maxpool, padded_s2)
{
    SKB_MAX_WATCHED(pool_nchw_padded(g, src, dst, workspace, 2, false, g->kw, max));
}
SKB_POOL_NCHW_PATH(maxpool, padded_s2_pairs)
{
    SKB_MAX_WATCHED(pool_nchw_padded(g, src, dst, workspace, 2, true, g->kw, max));
}
SKB_POOL_NCHW_PATH(maxpool, padded_s2_pairs_k3)
{
    SKB_MAX_WATCHED(pool_nchw_padded(g, src, dst, workspace, 2, true, 3, max));
}
SKB_POOL_NCHW_PATH(maxpool, tile)
{
    SKB_MAX_WATCHED(pool_nchw_tiled(g, src, dst, workspace, g->kh, g->kw, max));
}
SKB_POOL_NCHW_PATH(maxpool, tile_k2x2)
{
    SKB_MAX_WATCHED(pool_nchw_tiled(g, src, dst, workspace, 2, 2, max));
}
SKB_POOL_NCHW_PATH(maxpool, tile_k3x3)
{
    SKB_MAX_WATCHED(pool_nchw_tiled(g, src, dst, workspace, 3, 3, max));
}
