/* oneDNN (2.6 C API) pooling, forward inference, as a peer: max, average
 * (the skb window's divisor rule), and global average pooling as a pool
 * whose kernel is the whole plane.  Threads: Debian's oneDNN runs on OpenMP
 * (libgomp); each benchmark sets its count with omp_set_num_threads. */
#include "peers.h"

#include <oneapi/dnnl/dnnl.h>
#include <stdio.h>
#include <stdlib.h>

/* OpenMP's C API (declared here: clang's packages may lack omp.h). */
void omp_set_num_threads(int threads);

typedef struct onednn_op {
    dnnl_engine_t engine;
    dnnl_stream_t stream;
    dnnl_primitive_t primitive;
    dnnl_memory_t src, dst;
} onednn_op;

static void onednn_release(void *p)
{
    onednn_op *o = p;
    if (o->src)
        dnnl_memory_destroy(o->src);
    if (o->dst)
        dnnl_memory_destroy(o->dst);
    if (o->primitive)
        dnnl_primitive_destroy(o->primitive);
    if (o->stream)
        dnnl_stream_destroy(o->stream);
    if (o->engine)
        dnnl_engine_destroy(o->engine);
    free(o);
}

static bool onednn_prepare(void **out, const skb_geometry *g, const float *src, float *dst,
                           char *label, size_t label_size, char *why, size_t why_size)
{
    onednn_op *o = calloc(1, sizeof *o);
    if (!o) {
        snprintf(why, why_size, "out of memory");
        return false;
    }
    *out = o;
    const dnnl_format_tag_t tag = g->layout == SKB_LAYOUT_NCHW ? dnnl_nchw : dnnl_nhwc;
    const dnnl_dims_t src_dims = {(dnnl_dim_t)g->n, (dnnl_dim_t)g->c, (dnnl_dim_t)g->h,
                                  (dnnl_dim_t)g->w};
    const dnnl_dims_t dst_dims = {(dnnl_dim_t)g->n, (dnnl_dim_t)g->c, (dnnl_dim_t)g->oh,
                                  (dnnl_dim_t)g->ow};
    /* oneDNN counts dilation from 0. */
    const dnnl_dims_t strides = {(dnnl_dim_t)g->sh, (dnnl_dim_t)g->sw};
    const dnnl_dims_t kernel = {(dnnl_dim_t)g->kh, (dnnl_dim_t)g->kw};
    const dnnl_dims_t dilation = {(dnnl_dim_t)g->dh - 1, (dnnl_dim_t)g->dw - 1};
    const dnnl_dims_t pad_l = {(dnnl_dim_t)g->pad_top, (dnnl_dim_t)g->pad_left};
    const dnnl_dims_t pad_r = {(dnnl_dim_t)g->pad_bottom, (dnnl_dim_t)g->pad_right};
    dnnl_alg_kind_t alg = dnnl_pooling_max;
    if (g->op == SKB_OP_AVGPOOL)
        alg = g->count_include_pad ? dnnl_pooling_avg_include_padding
                                   : dnnl_pooling_avg_exclude_padding;
    else if (g->op == SKB_OP_GLOBAL_AVGPOOL)
        alg = dnnl_pooling_avg_exclude_padding;
    else if (g->op != SKB_OP_MAXPOOL) {
        snprintf(why, why_size, "not a pooling op");
        return false;
    }
    dnnl_memory_desc_t src_md, dst_md;
    dnnl_pooling_v2_desc_t desc;
    dnnl_primitive_desc_t pd = NULL;
    const char *impl = NULL;
    const bool ok =
        dnnl_engine_create(&o->engine, dnnl_cpu, 0) == dnnl_success &&
        dnnl_stream_create(&o->stream, o->engine, dnnl_stream_default_flags) == dnnl_success &&
        dnnl_memory_desc_init_by_tag(&src_md, 4, src_dims, dnnl_f32, tag) == dnnl_success &&
        dnnl_memory_desc_init_by_tag(&dst_md, 4, dst_dims, dnnl_f32, tag) == dnnl_success &&
        dnnl_pooling_v2_forward_desc_init(&desc, dnnl_forward_inference, alg, &src_md, &dst_md,
                                          strides, kernel, dilation, pad_l, pad_r) ==
            dnnl_success &&
        dnnl_primitive_desc_create(&pd, &desc, NULL, o->engine, NULL) == dnnl_success &&
        dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &impl) == dnnl_success &&
        dnnl_primitive_create(&o->primitive, pd) == dnnl_success &&
        dnnl_memory_create(&o->src, &src_md, o->engine, (void *)src) == dnnl_success &&
        dnnl_memory_create(&o->dst, &dst_md, o->engine, dst) == dnnl_success;
    if (ok)
        snprintf(label, label_size, "onednn:%s", impl);
    else
        snprintf(why, why_size, "oneDNN could not make this pooling primitive");
    if (pd)
        dnnl_primitive_desc_destroy(pd);
    return ok;
}

static void onednn_run(void *p)
{
    onednn_op *o = p;
    dnnl_exec_arg_t args[2] = {{DNNL_ARG_SRC, o->src}, {DNNL_ARG_DST, o->dst}};
    dnnl_primitive_execute(o->primitive, o->stream, 2, args);
    dnnl_stream_wait(o->stream);
}

/* Before prepare: oneDNN sizes its work for omp_get_max_threads(). */
static void onednn_set_threads(size_t threads)
{
    omp_set_num_threads((int)threads);
}

const peer peer_onednn = {"onednn", false, onednn_prepare, onednn_run, onednn_release,
                          onednn_set_threads};
