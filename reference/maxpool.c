/* Reference max pooling and global max pooling. */
#include "index.h"
#include "tables.h"

#include <math.h>

static float canonical_nan(void)
{
    return ref_canonical(NAN);
}

void skb_maxpool_f32__reference(const skb_geometry *g, const float *restrict src,
                                float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* the reference needs none */
    for (size_t n = 0; n < g->n; n++)
        for (size_t c = 0; c < g->c; c++)
            for (size_t oy = 0; oy < g->oh; oy++)
                for (size_t ox = 0; ox < g->ow; ox++) {
                    float m = -INFINITY;
                    int saw_nan = 0;
                    for (size_t ky = 0; ky < g->kh; ky++)
                        for (size_t kx = 0; kx < g->kw; kx++) {
                            const ptrdiff_t iy = ref_tap(oy, g->sh, ky, g->dh, g->pad_top);
                            const ptrdiff_t ix = ref_tap(ox, g->sw, kx, g->dw, g->pad_left);
                            if (!ref_inside(iy, g->h) || !ref_inside(ix, g->w))
                                continue;
                            const float x = src[ref_index(g->layout, g->c, g->h, g->w, n, c,
                                                          (size_t)iy, (size_t)ix)];
                            saw_nan |= isnan(x);
                            m = x > m ? x : m;
                        }
                    dst[ref_index(g->layout, g->c, g->oh, g->ow, n, c, oy, ox)] =
                        saw_nan ? canonical_nan() : m;
                }
}

void skb_global_maxpool_f32__reference(const skb_geometry *g, const float *restrict src,
                                       float *restrict dst, void *restrict workspace)
{
    (void)workspace; /* the reference needs none */
    for (size_t n = 0; n < g->n; n++)
        for (size_t c = 0; c < g->c; c++) {
            float m = -INFINITY;
            int saw_nan = 0;
            for (size_t y = 0; y < g->h; y++)
                for (size_t x = 0; x < g->w; x++) {
                    const float v = src[ref_index(g->layout, g->c, g->h, g->w, n, c, y, x)];
                    saw_nan |= isnan(v);
                    m = v > m ? v : m;
                }
            dst[n * g->c + c] = saw_nan ? canonical_nan() : m;
        }
}
