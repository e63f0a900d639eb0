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
 * Flags: --networks=DIR, --batch=N (the large batch, default 32), and
 * Google Benchmark's own. */
#define _POSIX_C_SOURCE 200809L
#include "gbench.h"
#include "network.h"
#include "roofline.h"
#include "skb.h"
#include "verify.h"
#ifdef SKB_HAVE_ONEDNN
#include "onednn_conv.h"
#endif

#include <cblas.h>
#include <dirent.h>
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
    return (skb_window){.kernel_h = l->k, .kernel_w = l->k, .stride_h = l->s, .stride_w = l->s,
                        .dilation_h = 1, .dilation_w = 1, .pad_top = l->pad,
                        .pad_left = l->pad, .pad_bottom = l->pad, .pad_right = l->pad};
}

static void set_layer_counters(skb_bench_state *s, const layer *l)
{
    skb_bench_set_counter(s, "macs", (double)layer_macs(l) / (double)l->count, SKB_COUNTER_PLAIN);
    skb_bench_set_counter(s, "params", (double)layer_params(l) / (double)l->count,
                          SKB_COUNTER_PLAIN);
    skb_bench_set_counter(s, "count", (double)l->count, SKB_COUNTER_PLAIN);
}

/* A conv as im2col + sgemm: out[out][P] = W[out][C*K*K] x col[C*K*K][P].
 * A 1x1 stride-1 conv needs no im2col: the image is already the matrix.
 * Backward data: dcol = W^T x dY, then col2im sums dcol into dX. */
static void run_conv(skb_bench_state *s, void *arg)
{
    layer_bench *b = arg;
    const layer *l = b->l;
    const skb_tensor_desc t = {1, l->c, l->h, l->w, SKB_LAYOUT_NCHW};
    const skb_window win = conv_window(l);
    skb_geometry g;
    skb_error err;
    if (skb_plan(SKB_OP_IM2COL, &t, &win, &g, &err) != SKB_OK) {
        skb_bench_skip_with_error(s, err.message);
        return;
    }
    const bool direct = l->k == 1 && l->s == 1 && l->pad == 0;
    const int rows = (int)(l->c * l->k * l->k), positions = (int)(g.oh * g.ow);
    const int out = (int)l->out;
    if (!b->ready) {
        b->buf.a = filled(g.src_elems, 1);                       /* image or dX */
        b->buf.b = filled((size_t)rows * (size_t)positions, 2); /* columns */
        b->buf.c = filled((size_t)out * (size_t)rows, 3);       /* weights */
        b->buf.d = filled((size_t)out * (size_t)positions, 4);  /* output or dY */
        b->ready = true;
    }
    if (!b->buf.a || !b->buf.b || !b->buf.c || !b->buf.d) {
        skb_bench_skip_with_error(s, "out of memory");
        return;
    }
    /* im2col and col2im NCHW need no workspace on any path. */
    skb_layer_plan forward, back; /* back: the columns summed into dX */
    skb_plan_layer(&forward, NULL, SKB_OP_IM2COL, &t, &win, SKB_PATH_AUTO, NULL);
    skb_plan_layer(&back, NULL, SKB_OP_COL2IM, &t, &win, SKB_PATH_AUTO, NULL);
    const skb_kernels *k = forward.kernels;
    float *columns = direct ? b->buf.a : b->buf.b;
    while (skb_bench_keep_running(s)) {
        if (!b->backward) {
            if (!direct)
                skb_execute(&forward, b->buf.a, b->buf.b, NULL);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, out, positions, rows, 1.0f,
                        b->buf.c, rows, columns, positions, 0.0f, b->buf.d, positions);
        } else {
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, rows, positions, out, 1.0f,
                        b->buf.c, rows, b->buf.d, positions, 0.0f, columns, positions);
            if (!direct)
                skb_execute(&back, b->buf.b, b->buf.a, NULL);
        }
        skb_bench_do_not_optimize(b->buf.a);
    }
    set_layer_counters(s, l);
    skb_bench_set_label(s, direct ? "sgemm (1x1)" : k->name);
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

static size_t head_weight_floats(const head *h)
{
    size_t floats = 0;
    for (size_t i = 0; i < h->fc_count; i++)
        floats += (size_t)(h->fc[i].c * h->fc[i].out);
    return floats;
}

/* Bytes a forward pass of the body touches for `batch` images: weights once,
 * and each layer's input, im2col columns and output per image. */
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
            weights = (size_t)(l->out * l->c * l->k * l->k);
            if (!(l->k == 1 && l->s == 1 && l->pad == 0))
                per_image += (size_t)(l->c * l->k * l->k) * out_plane;
        }
        bytes += (size_t)l->count * (weights + (size_t)batch * per_image) * sizeof(float);
    }
    return bytes;
}

static bool head_prepare(head_bench *b)
{
    const head *h = b->h;
    size_t widest = (size_t)(h->c * h->h * h->w);
    for (size_t i = 0; i < h->fc_count; i++)
        if ((size_t)h->fc[i].out > widest)
            widest = (size_t)h->fc[i].out;
    b->features = filled((size_t)b->batch * (size_t)(h->c * h->h * h->w), 7);
    b->pooled = filled((size_t)b->batch * (size_t)h->c, 8);
    b->act[0] = filled((size_t)b->batch * widest, 9);
    b->act[1] = filled((size_t)b->batch * widest, 10);
    b->ready = true;
    return b->features && b->pooled && b->act[0] && b->act[1] && arena_ready();
}

/* The head: pool (GAP or global max, skb's best variant; Flatten is a view)
 * then the FC chain, y = x W^T: sgemv at batch 1, sgemm above. */
static void run_head(skb_bench_state *s, void *arg)
{
    head_bench *b = arg;
    const head *h = b->h;
    if (!b->ready && !head_prepare(b)) {
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
    for (size_t i = 0; i < net->layer_count; i++) {
        const layer *l = &net->layers[i];
        const int passes = l->kind == LAYER_CONV ? 2 : 1; /* forward, backward data */
        for (int backward = 0; backward < passes; backward++) {
            layer_bench *b = calloc(1, sizeof *b);
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
            b->h = &net->heads[i];
            b->batch = which == 0 ? 1 : large_batch;
            b->cold = head_is_cold(net, b->h, b->batch, llc_bytes);
            snprintf(name, sizeof name, "head/%s/%s/b%lld", net->name,
                     head_kind_name(net->heads[i].kind), (long long)b->batch);
            skb_bench_register(name, run_head, b, 0);
        }
    }
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
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
            large_batch = strtoll(argv[i] + 8, NULL, 10);
            if (large_batch < 2) {
                fprintf(stderr, "skb-heads: --batch=%s: must be a whole number >= 2\n",
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
    /* The cache sizes decide which heads read cold weights; the DRAM read
     * roof is what a head streaming its weights is held against. */
    roofline roof;
    roofline_measure(&roof);
    const size_t llc_bytes = roof.cache_bytes[2];

    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "skb-heads: cannot open %s\n", dir);
        return 2;
    }
    char *files[32] = {0};
    size_t count = 0;
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        const size_t len = strlen(e->d_name);
        if (len <= 4 || strcmp(e->d_name + len - 4, ".net") != 0)
            continue;
        if (count == 32) {
            fprintf(stderr, "skb-heads: more than 32 .net files in %s\n", dir);
            return 2;
        }
        files[count++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(files, count, sizeof files[0], compare_names);
    network *nets = calloc(count ? count : 1, sizeof *nets);
    for (size_t i = 0; i < count; i++) {
        char path[1024], error[512];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        if (!network_read(path, &nets[i], error, sizeof error)) {
            fprintf(stderr, "skb-heads: %s\n", error);
            return 2;
        }
        register_network(&nets[i], large_batch, llc_bytes);
        free(files[i]);
    }
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
