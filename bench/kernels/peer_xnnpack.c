/* XNNPACK operators as a peer: NHWC max pooling, average pooling (which
 * excludes padding from the divisor) and global average pooling, on one
 * thread (no pool) or a pthreadpool of the benchmark's threads. */
#include "peers.h"

#include <math.h>
#include <pthreadpool.h>
#include <stdio.h>
#include <stdlib.h>
#include <xnnpack.h>

static void xnnpack_release(void *op)
{
    xnn_delete_operator(op);
}

static bool xnnpack_prepare(void **out, const skb_geometry *g, const float *src, float *dst,
                            char *label, size_t label_size, char *why, size_t why_size)
{
    static bool initialized;
    if (!initialized && xnn_initialize(NULL) != xnn_status_success) {
        snprintf(why, why_size, "xnn_initialize failed");
        return false;
    }
    initialized = true;
    if (g->layout != SKB_LAYOUT_NHWC) {
        snprintf(why, why_size, "XNNPACK pools NHWC tensors only");
        return false;
    }
    xnn_operator_t op = NULL;
    enum xnn_status status = xnn_status_unsupported_parameter;
    const uint32_t pt = (uint32_t)g->pad_top, pr = (uint32_t)g->pad_right;
    const uint32_t pb = (uint32_t)g->pad_bottom, pl = (uint32_t)g->pad_left;
    switch (g->op) {
    case SKB_OP_MAXPOOL:
        status = xnn_create_max_pooling2d_nhwc_f32(
            pt, pr, pb, pl, (uint32_t)g->kh, (uint32_t)g->kw, (uint32_t)g->sh, (uint32_t)g->sw,
            (uint32_t)g->dh, (uint32_t)g->dw, g->c, g->c, g->c, -INFINITY, INFINITY, 0, &op);
        if (status == xnn_status_success)
            status = xnn_setup_max_pooling2d_nhwc_f32(op, g->n, g->h, g->w, src, dst, NULL);
        break;
    case SKB_OP_AVGPOOL:
        if (g->count_include_pad && (pt || pr || pb || pl)) {
            snprintf(why, why_size, "XNNPACK averages exclude padding from the divisor");
            return false;
        }
        status = xnn_create_average_pooling2d_nhwc_f32(
            pt, pr, pb, pl, (uint32_t)g->kh, (uint32_t)g->kw, (uint32_t)g->sh, (uint32_t)g->sw,
            g->c, g->c, g->c, -INFINITY, INFINITY, 0, &op);
        if (status == xnn_status_success)
            status = xnn_setup_average_pooling2d_nhwc_f32(op, g->n, g->h, g->w, src, dst, NULL);
        break;
    case SKB_OP_GLOBAL_AVGPOOL:
        status = xnn_create_global_average_pooling_nwc_f32(g->c, g->c, g->c, -INFINITY,
                                                           INFINITY, 0, &op);
        if (status == xnn_status_success)
            status = xnn_setup_global_average_pooling_nwc_f32(op, g->n, g->h * g->w, src, dst,
                                                              NULL);
        break;
    default:
        break;
    }
    *out = op;
    if (status != xnn_status_success) {
        snprintf(why, why_size, "XNNPACK could not make this operator (status %d)", (int)status);
        return false;
    }
    snprintf(label, label_size, "xnnpack");
    return true;
}

/* The pool runs use: NULL for one thread; one pool per count, kept for the
 * process (benchmarks run one at a time). */
static pthreadpool_t g_pool;

static void xnnpack_set_threads(size_t threads)
{
    static pthreadpool_t pools[65];
    if (threads > 1 && threads < 65 && !pools[threads])
        pools[threads] = pthreadpool_create(threads);
    g_pool = threads > 1 && threads < 65 ? pools[threads] : NULL;
}

static void xnnpack_run(void *op)
{
    xnn_run_operator(op, g_pool);
}

const peer peer_xnnpack = {"xnnpack", true, xnnpack_prepare, xnnpack_run, xnnpack_release,
                           xnnpack_set_threads};
