/* oneDNN convolution for skb-heads: memory formats are left to oneDNN
 * (format_tag_any) and the tensors are made in them, so what is timed is
 * its best direct convolution, without reorders. */
#include "onednn_conv.h"

#include <oneapi/dnnl/dnnl.h>
#include <stdio.h>
#include <stdlib.h>

struct onednn_conv {
    dnnl_engine_t engine;
    dnnl_stream_t stream;
    dnnl_primitive_t primitive;
    dnnl_memory_t src, weights, dst;
};

void onednn_conv_destroy(onednn_conv *c)
{
    if (!c)
        return;
    if (c->src)
        dnnl_memory_destroy(c->src);
    if (c->weights)
        dnnl_memory_destroy(c->weights);
    if (c->dst)
        dnnl_memory_destroy(c->dst);
    if (c->primitive)
        dnnl_primitive_destroy(c->primitive);
    if (c->stream)
        dnnl_stream_destroy(c->stream);
    if (c->engine)
        dnnl_engine_destroy(c->engine);
    free(c);
}

onednn_conv *onednn_conv_create(const layer *l, char *label, size_t label_size, char *why,
                                size_t why_size)
{
    onednn_conv *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(why, why_size, "out of memory");
        return NULL;
    }
    const dnnl_dims_t src_dims = {1, l->c, l->h, l->w};
    /* Grouped (and depthwise) weights are 5-D: groups, out/g, in/g, kh, kw. */
    const int64_t g = l->groups;
    const dnnl_dims_t weights_dims = {l->out, l->c, l->kh, l->kw};
    const dnnl_dims_t group_weights_dims = {g, l->out / g, l->c / g, l->kh, l->kw};
    const dnnl_dims_t dst_dims = {1, l->out, layer_out_h(l), layer_out_w(l)};
    const dnnl_dims_t strides = {l->sh, l->sw};
    const dnnl_dims_t pad_l = {l->pad_top, l->pad_left}, pad_r = {l->pad_bottom, l->pad_right};
    dnnl_memory_desc_t src_md, weights_md, dst_md;
    dnnl_convolution_desc_t desc;
    dnnl_primitive_desc_t pd = NULL;
    const char *impl = NULL;
    bool ok =
        dnnl_engine_create(&c->engine, dnnl_cpu, 0) == dnnl_success &&
        dnnl_stream_create(&c->stream, c->engine, dnnl_stream_default_flags) == dnnl_success &&
        dnnl_memory_desc_init_by_tag(&src_md, 4, src_dims, dnnl_f32, dnnl_format_tag_any) ==
            dnnl_success &&
        dnnl_memory_desc_init_by_tag(&weights_md, g > 1 ? 5 : 4,
                                     g > 1 ? group_weights_dims : weights_dims, dnnl_f32,
                                     dnnl_format_tag_any) == dnnl_success &&
        dnnl_memory_desc_init_by_tag(&dst_md, 4, dst_dims, dnnl_f32, dnnl_format_tag_any) ==
            dnnl_success &&
        dnnl_convolution_forward_desc_init(&desc, dnnl_forward_inference,
                                           dnnl_convolution_direct, &src_md, &weights_md, NULL,
                                           &dst_md, strides, pad_l, pad_r) == dnnl_success &&
        dnnl_primitive_desc_create(&pd, &desc, NULL, c->engine, NULL) == dnnl_success &&
        dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &impl) == dnnl_success &&
        dnnl_primitive_create(&c->primitive, pd) == dnnl_success &&
        dnnl_memory_create(&c->src, dnnl_primitive_desc_query_md(pd, dnnl_query_src_md, 0),
                           c->engine, DNNL_MEMORY_ALLOCATE) == dnnl_success &&
        dnnl_memory_create(&c->weights,
                           dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0),
                           c->engine, DNNL_MEMORY_ALLOCATE) == dnnl_success &&
        dnnl_memory_create(&c->dst, dnnl_primitive_desc_query_md(pd, dnnl_query_dst_md, 0),
                           c->engine, DNNL_MEMORY_ALLOCATE) == dnnl_success;
    if (ok) {
        snprintf(label, label_size, "onednn:%s", impl);
    } else {
        snprintf(why, why_size, "oneDNN could not make this convolution");
        onednn_conv_destroy(c);
        c = NULL;
    }
    if (pd)
        dnnl_primitive_desc_destroy(pd);
    return c;
}

void onednn_conv_run(onednn_conv *c)
{
    dnnl_exec_arg_t args[3] = {
        {DNNL_ARG_SRC, c->src}, {DNNL_ARG_WEIGHTS, c->weights}, {DNNL_ARG_DST, c->dst}};
    dnnl_primitive_execute(c->primitive, c->stream, 3, args);
    dnnl_stream_wait(c->stream);
}
