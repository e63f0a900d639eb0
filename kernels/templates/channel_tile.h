/* NCHW pooling of small planes across channels: VF_WIDTH channel planes are
 * transposed in registers into a tile (in the plan's workspace) laid out like NHWC (a vector of
 * channels per pixel, padding written out), pooled there with one vector
 * per window tap, and the results transposed back into the planes.  Each
 * lane still computes its own channel's window in the contract's order;
 * padding taps hold a value that cannot change the result (see
 * padded_plane.h). */
#ifndef SKB_TEMPLATES_CHANNEL_TILE_H
#define SKB_TEMPLATES_CHANNEL_TILE_H

#include "templates/plane_block.h"
#include "templates/window.h"
#include "templates/rows.h"

/* tile[(r*cols + x)*VF_WIDTH + i] = plane i at (r - pad_top, x - pad_left),
 * or pad outside it; `channels` planes of g->h*g->w floats from `planes`. */
static inline void skb_fill_channel_tile(float *tile, size_t rows, size_t cols,
                                         const float *planes, size_t channels,
                                         const skb_geometry *g, float pad)
{
    vf_fill(tile, rows * cols * VF_WIDTH, pad);
    const size_t plane_size = g->h * g->w;
    for (size_t iy = 0; iy < g->h; iy++) {
        if (iy + g->pad_top >= rows)
            break;
        for (size_t ix = 0; ix < g->w; ix += VF_WIDTH) {
            size_t positions = g->w - ix < VF_WIDTH ? g->w - ix : VF_WIDTH;
            if (ix + g->pad_left >= cols)
                break;
            if (ix + g->pad_left + positions > cols)
                positions = cols - ix - g->pad_left;
            vf block[VF_WIDTH];
            skb_load_plane_block(planes + iy * g->w, plane_size, channels, ix, positions, block);
            float *pixel = tile + ((iy + g->pad_top) * cols + ix + g->pad_left) * VF_WIDTH;
            for (size_t j = 0; j < positions; j++)
                vf_storeu(pixel + j * VF_WIDTH, block[j]);
        }
    }
}

/* Collects one vector of channels per output position and writes them,
 * VF_WIDTH positions at a time, transposed back into the channel planes. */
typedef struct skb_tile_writer {
    vf pending[VF_WIDTH];
    size_t count, first;
    float *planes;
    size_t plane_size, channels;
} skb_tile_writer;

static inline void skb_tile_flush(skb_tile_writer *w)
{
    if (!w->count)
        return;
    for (size_t j = w->count; j < VF_WIDTH; j++)
        w->pending[j] = vf_zero();
    vf_transpose(w->pending);
    for (size_t i = 0; i < w->channels; i++)
        vf_store_n(w->planes + i * w->plane_size + w->first, w->pending[i], w->count);
    w->first += w->count;
    w->count = 0;
}

static inline void skb_tile_put(skb_tile_writer *w, vf v)
{
    w->pending[w->count++] = v;
    if (w->count == VF_WIDTH)
        skb_tile_flush(w);
}

#endif
