/* NCHW global pooling reads VF_WIDTH channel planes at once: a block of
 * VF_WIDTH positions from each, transposed in registers, so that row j of
 * the block holds position j of every channel and each lane can fold its
 * own plane in order. */
#ifndef SKB_TEMPLATES_PLANE_BLOCK_H
#define SKB_TEMPLATES_PLANE_BLOCK_H

/* rows[j], j < positions: lane i = planes[i * plane_size + first + j] for
 * i < channels (other lanes zero).  Reads nothing past each plane's
 * `first + positions` element. */
static inline void skb_load_plane_block(const float *planes, size_t plane_size, size_t channels,
                                        size_t first, size_t positions, vf rows[VF_WIDTH])
{
    for (size_t i = 0; i < VF_WIDTH; i++)
        rows[i] = i < channels ? vf_load_n(planes + i * plane_size + first, positions)
                               : vf_zero();
    vf_transpose(rows);
}

#endif
