/* skb-heads: what a network's time goes to.  For each network of
 * bench/networks, times every conv (im2col with skb's best variant +
 * OpenBLAS sgemm, one thread), its backward-data pass (sgemm + col2im),
 * every pooling layer, and each head (Flatten + FC, GAP + FC, global max +
 * FC) at batch 1 and at a larger batch, through the Google Benchmark shim.
 * Bias, ReLU and batch norm are left out: they are elementwise passes,
 * small next to the layers timed.  A head's FC weights are read cold (from
 * DRAM) when a forward pass moves more bytes than the last-level cache
 * holds, as it then would in a real network; warm otherwise.
 *
 * Where oneDNN is installed, each conv is also timed as oneDNN's own
 * convolution (conv_onednn/NET/STAGE/LAYER).
 *
 * Benchmark names: conv/NET/STAGE/LAYER, conv_backward/NET/STAGE/LAYER,
 * pool/NET/STAGE/LAYER (batch 1) and head/NET/KIND/bBATCH.  Counters carry
 * the layer's multiply-adds, parameters, and how many identical layers the
 * line stands for, so the report can add stages up.
 *
 * The context lists each network's conv and pool lines (network/NAME), so
 * the report can tell a whole network from a filtered one.  A grouped conv
 * (depthwise included) runs im2col + sgemm once per group.
 *
 * Flags: --networks=DIR, --batch=N (the large batch, 2 to 4096, default 32), and
 * Google Benchmark's own. */
#define _POSIX_C_SOURCE 200809L
#include "conv_gemm.h"
#include "gbench.h"
#include "network.h"
#include "roofline.h"
#include "skb.h"
#include "verify.h"
#include "whole_number.h"
#ifdef SKB_HAVE_ONEDNN
#include "onednn_conv.h"
#endif

#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SKB_NETWORKS_DIR
#define SKB_NETWORKS_DIR "bench/networks"
#endif

/* A layer's buffers are made on its benchmark's first call and kept for the
 * repetitions that follow. */
typedef struct buffers {
    float *a, *b, *c, *d;
} buffers;

static float *filled(size_t count, uint64_t seed)
{
    float *p = bench_alloc_floats(count);
    if (p)
        bench_fill_input(p, count, seed);
    return p;
}

typedef struct layer_bench {
    const layer *l;
    bool backward;
    buffers buf;
    bool ready;
} layer_bench;

static skb_window conv_window(const layer *l)
{
    return (skb_window){.kernel_h = l->kh, .kernel_w = l->kw, .stride_h = l->sh,
                        .stride_w = l->sw, .dilation_h = 1, .dilation_w = 1,
                        .pad_top = l->pad_top, .pad_left = l->pad_left,
                        .pad_bottom = l->pad_bottom, .pad_right = l->pad_right};
}

static void set_layer_counters(skb_bench_state *s, const layer *l)
{
    skb_bench_set_counter(s, "macs", (double)layer_macs(l) / (double)l->count, SKB_COUNTER_PLAIN);
    skb_bench_set_counter(s, "params", (double)layer_params(l) / (double)l->count,
                          SKB_COUNTER_PLAIN);
    skb_bench_set_counter(s, "count", (double)l->count, SKB_COUNTER_PLAIN);
    if (l->groups > 1)
        skb_bench_set_counter(s, "groups", (double)l->groups, SKB_COUNTER_PLAIN);
}

/* A conv as im2col + sgemm, group by group (conv_gemm.c); backward data as
 * sgemm + col2im. */
static void run_conv(skb_bench_state *s, void *arg)
{
    layer_bench *b = arg;
    const layer *l = b->l;
    conv_gemm c;
    skb_error err;
    if (!conv_gemm_plan(l, NULL, &c, &err)) {
        skb_bench_skip_with_error(s, err.message);
        return;
    }
    if (!b->ready) {
        b->buf.a = filled(conv_gemm_image_floats(&c), 1);  /* image or dX */
        b->buf.b = filled(conv_gemm_column_floats(&c), 2); /* one group's columns */
        b->buf.c = filled(conv_gemm_weight_floats(&c), 3); /* weights */
        b->buf.d = filled(conv_gemm_output_floats(&c), 4); /* output or dY */
        b->ready = true;
    }
    if (!b->buf.a || !b->buf.b || !b->buf.c || !b->buf.d) {
        skb_bench_skip_with_error(s, "out of memory");
        return;
    }
    while (skb_bench_keep_running(s)) {
        if (!b->backward)
            conv_gemm_forward(&c, b->buf.a, b->buf.c, b->buf.b, b->buf.d);
        else
            conv_gemm_backward_data(&c, b->buf.a, b->buf.c, b->buf.b, b->buf.d);
        skb_bench_do_not_optimize(b->buf.a);
    }
    set_layer_counters(s, l);
    char label[64];
    snprintf(label, sizeof label, "%s%s", c.pointwise ? "sgemm (1x1)" : c.im2col.kernels->name,
             l->groups > 1 ? ", per group" : "");
    skb_bench_set_label(s, label);
}

#ifdef SKB_HAVE_ONEDNN
/* The same conv by oneDNN, for a user choosing between im2col + GEMM and a
 * direct convolution. */
static void run_onednn_conv(skb_bench_state *s, void *arg)
{
    const layer *l = arg;
    char label[160] = "", why[160] = "";
    onednn_conv *c = onednn_conv_create(l, label, sizeof label, why, sizeof why);
    if (!c) {
        skb_bench_skip_with_error(s, why);
        return;
    }
    while (skb_bench_keep_running(s))
        onednn_conv_run(c);
    onednn_conv_destroy(c);
    set_layer_counters(s, l);
    skb_bench_set_label(s, label);
}
#endif

static void run_pool(skb_bench_state *s, void *arg)
{
    layer_bench *b = arg;
    const layer *l = b->l;
    const skb_tensor_desc t = {1, l->c, l->h, l->w, SKB_LAYOUT_NCHW};
    const skb_window win = conv_window(l);
    const skb_op op = l->kind == LAYER_MAXPOOL ? SKB_OP_MAXPOOL : SKB_OP_AVGPOOL;
    skb_geometry g;
    skb_error err;
    if (skb_plan(op, &t, &win, &g, &err) != SKB_OK) {
        skb_bench_skip_with_error(s, err.message);
        return;
    }
    if (!b->ready) {
        b->buf.a = filled(g.src_elems, 5);
        b->buf.b = filled(g.dst_elems, 6);
        b->ready = true;
    }
    skb_layer_plan plan;
    skb_plan_layer(&plan, NULL, op, &t, &win, SKB_PATH_AUTO, NULL);
    void *workspace = plan.workspace_bytes ? malloc(plan.workspace_bytes) : NULL;
    if (plan.workspace_bytes && !workspace) {
        skb_bench_skip_with_error(s, "out of memory");
        return;
    }
    while (skb_bench_keep_running(s))
        skb_execute(&plan, b->buf.a, b->buf.b, workspace);
    free(workspace);
    set_layer_counters(s, l);
    skb_bench_set_label(s, plan.kernels->name);
}

/* FC weights of every head live in one arena, filled once.  A head whose
 * weights would not stay cached across a forward pass reads a different copy
 * of them on each pass, rotating through the whole arena (at least twice the
 * last-level cache), so every pass finds them cold as it would after the
 * body has run.  Sharing the arena also keeps VGG16's 495 MB of Flatten
 * weights allocated once, not once per batch size. */
static float *g_arena;
static size_t g_arena_floats;

static bool arena_ready(void)
{
    if (!g_arena)
        g_arena = filled(g_arena_floats, 11);
    return g_arena != NULL;
}

typedef struct head_bench {
    const head *h;
    int64_t batch;
    bool cold;                 /* rotate the weights through the arena */
    float *features;           /* batch x C x H x W */
    float *act[2];             /* ping-pong activations, batch x widest */
    float *pooled;             /* batch x C */
    bool ready;
} head_bench;

/* A head's FC weights: each FC's bounded by NETWORK_MAX_ELEMS, at most
 * NETWORK_MAX_FC of them, so the sum fits. */
static size_t head_weight_floats(const head *h)
{
    size_t floats = 0;
    for (size_t i = 0; i < h->fc_count; i++)
        floats += (size_t)(h->fc[i].c * h->fc[i].out);
    return floats;
}

/* a * b, or SIZE_MAX where it does not fit: a byte count that large is
 * "more than any cache" to the caller, which is all it needs. */
static size_t mul_saturated(size_t a, size_t b)
{
    size_t r;
    return __builtin_mul_overflow(a, b, &r) ? SIZE_MAX : r;
}

static size_t add_saturated(size_t a, size_t b)
{
    size_t r;
    return __builtin_add_overflow(a, b, &r) ? SIZE_MAX : r;
}

/* Bytes a forward pass of the body touches for `batch` images: weights once,
 * and each layer's input, im2col columns (one group's at a time) and output
 * per image.  Each term is bounded by network_read; the sums and the
 * products with batch and count saturate. */
static size_t body_bytes(const network *net, int64_t batch)
{
    size_t bytes = 0;
    for (size_t i = 0; i < net->layer_count; i++) {
        const layer *l = &net->layers[i];
        const size_t in = (size_t)(l->c * l->h * l->w);
        const size_t out_plane = (size_t)(layer_out_h(l) * layer_out_w(l));
        size_t per_image = in + (size_t)l->out * out_plane;
        size_t weights = 0;
        if (l->kind == LAYER_CONV) {
            const size_t taps = (size_t)(l->c / l->groups * l->kh * l->kw);
            weights = (size_t)l->out * taps;
            if (!layer_is_pointwise(l))
                per_image += taps * out_plane;
        }
        const size_t one = add_saturated(weights, mul_saturated((size_t)batch, per_image));
        bytes = add_saturated(bytes, mul_saturated(mul_saturated((size_t)l->count, one),
                                                   sizeof(float)));
    }
    return bytes;
}

/* Buffers of batch x features; a product that does not fit size_t (a huge
 * --batch) fails as out of memory instead of wrapping to a small buffer. */
static void head_prepare(head_bench *b)
{
    const head *h = b->h;
    const size_t features = (size_t)(h->c * h->h * h->w); /* bounded by network_read */
    size_t widest = features;
    for (size_t i = 0; i < h->fc_count; i++)
        if ((size_t)h->fc[i].out > widest)
            widest = (size_t)h->fc[i].out;
    size_t all, pooled, acts;
    b->ready = true; /* tried once; run_head checks the buffers */
    if (__builtin_mul_overflow((size_t)b->batch, features, &all) ||
        __builtin_mul_overflow((size_t)b->batch, (size_t)h->c, &pooled) ||
        __builtin_mul_overflow((size_t)b->batch, widest, &acts) ||
        __builtin_mul_overflow(all, sizeof(float), &all) ||
        __builtin_mul_overflow(acts, sizeof(float), &acts))
        return;
    b->features = filled(all / sizeof(float), 7);
    b->pooled = filled(pooled, 8);
    b->act[0] = filled(acts / sizeof(float), 9);
    b->act[1] = filled(acts / sizeof(float), 10);
    arena_ready();
}

/* The head: pool (GAP or global max, skb's best variant; Flatten is a view)
 * then the FC chain, y = x W^T: sgemv at batch 1, sgemm above. */
static void run_head(skb_bench_state *s, void *arg)
{
    head_bench *b = arg;
    const head *h = b->h;
    if (!b->ready)
        head_prepare(b);
    if (!b->features || !b->pooled || !b->act[0] || !b->act[1] || !g_arena) {
        skb_bench_skip_with_error(s, "out of memory");
        return;
    }
    const skb_tensor_desc t = {b->batch, h->c, h->h, h->w, SKB_LAYOUT_NCHW};
    const skb_op op = h->kind == HEAD_GAP ? SKB_OP_GLOBAL_AVGPOOL : SKB_OP_GLOBAL_MAXPOOL;
    skb_layer_plan plan; /* global pools need no workspace */
    skb_plan_layer(&plan, NULL, op, &t, NULL, SKB_PATH_AUTO, NULL);
    const int batch = (int)b->batch;
    const size_t per_copy = head_weight_floats(h);
    const size_t copies = b->cold ? g_arena_floats / per_copy : 1;
    size_t copy = 0;
    while (skb_bench_keep_running(s)) {
        const float *x = b->features;
        if (h->kind != HEAD_FLATTEN) {
            skb_execute(&plan, b->features, b->pooled, NULL);
            x = b->pooled;
        }
        const float *w = g_arena + copy * per_copy;
        copy = copy + 1 == copies ? 0 : copy + 1;
        for (size_t i = 0; i < h->fc_count; i++) {
            const int in = (int)h->fc[i].c, out = (int)h->fc[i].out;
            float *y = b->act[i % 2];
            if (batch == 1)
                cblas_sgemv(CblasRowMajor, CblasNoTrans, out, in, 1.0f, w, in, x, 1, 0.0f, y, 1);
            else
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, batch, out, in, 1.0f, x, in,
                            w, in, 0.0f, y, out);
            w += (size_t)in * (size_t)out;
            x = y;
        }
        skb_bench_do_not_optimize(b->act[0]);
    }
    skb_bench_set_counter(s, "macs", (double)head_macs(h) * (double)b->batch, SKB_COUNTER_PLAIN);
    skb_bench_set_counter(s, "params", (double)head_params(h), SKB_COUNTER_PLAIN);
    skb_bench_set_counter(s, "batch", (double)b->batch, SKB_COUNTER_PLAIN);
    skb_bench_set_counter(s, "first_fc_params", (double)layer_params(&h->fc[0]),
                          SKB_COUNTER_PLAIN);
    /* Bytes of FC weights the head reads per pass, and whether from DRAM. */
    skb_bench_set_counter(s, "weight_bytes", (double)per_copy * sizeof(float), SKB_COUNTER_PLAIN);
    skb_bench_set_counter(s, "cold", b->cold ? 1.0 : 0.0, SKB_COUNTER_PLAIN);
    char label[64];
    snprintf(label, sizeof label, "%s, weights %s",
             h->kind == HEAD_FLATTEN ? "sgemv/sgemm" : plan.kernels->name, b->cold ? "cold" : "warm");
    skb_bench_set_label(s, label);
}

/* Whether a forward pass at this batch moves more than the last-level cache
 * holds, so the head's weights have been evicted when it runs. */
static bool head_is_cold(const network *net, const head *h, int64_t batch, size_t llc_bytes)
{
    return body_bytes(net, batch) + head_weight_floats(h) * sizeof(float) > llc_bytes;
}

static void register_network(const network *net, int64_t large_batch, size_t llc_bytes)
{
    char name[192];
    /* The report checks that it has every layer of a network before it
     * adds a network's time up: a filtered or failed layer makes it partial. */
    size_t convs = 0;
    for (size_t i = 0; i < net->layer_count; i++)
        convs += net->layers[i].kind == LAYER_CONV;
    char key[64], value[64];
    snprintf(key, sizeof key, "network/%s", net->name);
    snprintf(value, sizeof value, "convs=%zu pools=%zu", convs, net->layer_count - convs);
    skb_bench_add_context(key, value);
    for (size_t i = 0; i < net->layer_count; i++) {
        const layer *l = &net->layers[i];
        const int passes = l->kind == LAYER_CONV ? 2 : 1; /* forward, backward data */
        for (int backward = 0; backward < passes; backward++) {
            layer_bench *b = calloc(1, sizeof *b);
            if (!b)
                continue; /* not registered: the report then refuses the network */
            b->l = l;
            b->backward = backward;
            snprintf(name, sizeof name, "%s/%s/%s/%s",
                     l->kind != LAYER_CONV ? "pool" : backward ? "conv_backward" : "conv",
                     net->name, l->stage, l->name);
            skb_bench_register(name, l->kind == LAYER_CONV ? run_conv : run_pool, b, 0);
        }
#ifdef SKB_HAVE_ONEDNN
        if (l->kind == LAYER_CONV) {
            snprintf(name, sizeof name, "conv_onednn/%s/%s/%s", net->name, l->stage, l->name);
            skb_bench_register(name, run_onednn_conv, (void *)l, 0);
        }
#endif
    }
    for (size_t i = 0; i < net->head_count; i++) {
        const size_t weights = head_weight_floats(&net->heads[i]);
        if (weights > g_arena_floats)
            g_arena_floats = weights;
        for (int which = 0; which < 2; which++) {
            head_bench *b = calloc(1, sizeof *b);
            if (!b)
                continue;
            b->h = &net->heads[i];
            b->batch = which == 0 ? 1 : large_batch;
            b->cold = head_is_cold(net, b->h, b->batch, llc_bytes);
            snprintf(name, sizeof name, "head/%s/%s/b%lld", net->name,
                     head_kind_name(net->heads[i].kind), (long long)b->batch);
            skb_bench_register(name, run_head, b, 0);
        }
    }
}

int main(int argc, char **argv)
{
    const char *dir = SKB_NETWORKS_DIR;
    int64_t large_batch = 32;
    int kept = 1;
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--networks=", 11) == 0) {
            dir = argv[i] + 11;
        } else if (strncmp(argv[i], "--batch=", 8) == 0) {
            if (!parse_whole_number(argv[i] + 8, 2, 4096, &large_batch)) {
                fprintf(stderr, "skb-heads: --batch=%s: want a whole number from 2 to 4096\n",
                        argv[i] + 8);
                return 2;
            }
        } else {
            argv[kept++] = argv[i];
        }
    }
    argc = kept;
    skb_bench_initialize(&argc, argv);
    if (argc > 1) {
        fprintf(stderr, "skb-heads: unknown argument '%s'\n", argv[1]);
        return 2;
    }
    openblas_set_num_threads(1);

    /* Every file is read (and a bad one reported) before anything is
     * measured. */
    network *nets;
    size_t count;
    char error[512];
    if (!networks_read_dir(dir, &nets, &count, error, sizeof error)) {
        fprintf(stderr, "skb-heads: %s\n", error);
        return 2;
    }
    /* The cache sizes decide which heads read cold weights; the DRAM read
     * roof is what a head streaming its weights is held against. */
    roofline roof;
    roofline_measure(&roof);
    const size_t llc_bytes = roof.cache_bytes[2];
    for (size_t i = 0; i < count; i++)
        register_network(&nets[i], large_batch, llc_bytes);
    if (g_arena_floats < 2 * llc_bytes / sizeof(float))
        g_arena_floats = 2 * llc_bytes / sizeof(float);
    char value[32];
    snprintf(value, sizeof value, "%lld", (long long)large_batch);
    skb_bench_add_context("heads_large_batch", value);
    snprintf(value, sizeof value, "%zu", llc_bytes);
    skb_bench_add_context("llc_bytes", value);
    snprintf(value, sizeof value, "%.2f", roof.read_gbs[ROOF_DRAM]);
    skb_bench_add_context("dram_read_gbs", value);
    snprintf(value, sizeof value, "%.2f", roof.read_gbs[ROOF_L3]);
    skb_bench_add_context("l3_read_gbs", value);
    skb_bench_add_context("skb_variant", skb_default_kernels()->name);
    skb_bench_add_context("blas", "OpenBLAS sgemm/sgemv, 1 thread");
    const size_t ran = skb_bench_run();
    skb_bench_shutdown();
    if (ran == 0) {
        fprintf(stderr, "skb-heads: no benchmark matches the filter\n");
        return 1;
    }
    return 0;
}
