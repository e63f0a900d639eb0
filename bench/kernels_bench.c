/* The kernel benchmarks: each run plans its shape, makes a seeded input,
 * checks the variant's output hash against the reference's, and only then
 * enters the timing loop. */
#include "kernels_bench.h"

#include "gbench.h"
#include "verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The reference output hash of one (op, layout, shape), shared by its variants. */
typedef struct reference_hash {
    bool known;
    uint64_t value;
} reference_hash;

typedef struct kernel_bench {
    const shape *shape;
    skb_op op;
    skb_layout layout;
    const char *variant;
    skb_kernel_fn fn;
    int64_t batch;
    const roofline *roof;
    reference_hash *reference;
    bool checked, mismatch;
    char error[320];
} kernel_bench;

/* The kernel the wrong variant wraps: it runs, then one output bit flips. */
static skb_kernel_fn g_wrapped_kernel;

static void deliberately_wrong(const skb_geometry *g, const float *restrict src,
                               float *restrict dst)
{
    g_wrapped_kernel(g, src, dst);
    uint32_t bits;
    memcpy(&bits, &dst[g->dst_elems - 1], sizeof bits);
    bits ^= 1;
    memcpy(&dst[g->dst_elems - 1], &bits, sizeof bits);
}

void bench_set_throughput(skb_bench_state *s, const roofline *roof, size_t bytes)
{
    const int64_t iterations = skb_bench_iterations(s);
    skb_bench_set_bytes_processed(s, (int64_t)bytes * iterations);
    const int level = roofline_level(roof, bytes);
    /* A rate counter divides by the time: bytes/s over the roof's bytes/s. */
    skb_bench_set_counter(s, "roof_fraction",
                          (double)bytes * (double)iterations / (roof->copy_gbs[level] * 1e9),
                          SKB_COUNTER_RATE);
    skb_bench_set_counter(s, "roof_level", level, SKB_COUNTER_PLAIN);
    skb_bench_set_counter(s, "working_set_bytes", (double)bytes, SKB_COUNTER_PLAIN);
}

static void run_kernel(skb_bench_state *s, void *arg)
{
    kernel_bench *b = arg;
    const skb_tensor_desc t = {b->batch, b->shape->c, b->shape->h, b->shape->w, b->layout};
    skb_geometry g;
    skb_error err;
    if (skb_plan(b->op, &t, &b->shape->window, &g, &err) != SKB_OK) {
        skb_bench_skip_with_error(s, err.message);
        return;
    }
    float *src = bench_alloc_floats(g.src_elems);
    float *dst = bench_alloc_floats(g.dst_elems);
    if (!src || !dst) {
        free(src);
        free(dst);
        skb_bench_skip_with_error(s, "out of memory");
        return;
    }
    bench_fill_input(src, g.src_elems, 42);
    if (!b->reference->known) {
        skb_kernels_for(SKB_ISA_REFERENCE)->fn[b->op][b->layout](&g, src, dst);
        b->reference->value = bench_hash(dst, g.dst_elems);
        b->reference->known = true;
    }
    if (!b->checked) {
        b->mismatch = !bench_verify(b->fn, &g, src, dst, b->reference->value, b->error,
                                    sizeof b->error);
        b->checked = true;
    }
    skb_bench_set_label(s, b->variant);
    if (b->mismatch) {
        skb_bench_skip_with_error(s, b->error);
    } else {
        while (skb_bench_keep_running(s))
            b->fn(&g, src, dst);
        bench_set_throughput(s, b->roof, (g.src_elems + g.dst_elems) * sizeof(float));
    }
    free(src);
    free(dst);
}

/* memcpy of as many bytes as im2col writes: the floor im2col is held to. */
typedef struct copy_bench {
    const shape *shape;
    int64_t batch;
    const roofline *roof;
} copy_bench;

static void run_copy(skb_bench_state *s, void *arg)
{
    const copy_bench *b = arg;
    const skb_tensor_desc t = {b->batch, b->shape->c, b->shape->h, b->shape->w,
                               SKB_LAYOUT_NCHW};
    skb_geometry g;
    skb_error err;
    if (skb_plan(SKB_OP_IM2COL, &t, &b->shape->window, &g, &err) != SKB_OK) {
        skb_bench_skip_with_error(s, err.message);
        return;
    }
    const size_t bytes = g.dst_elems * sizeof(float);
    unsigned char *from = (unsigned char *)bench_alloc_floats(g.dst_elems);
    unsigned char *to = (unsigned char *)bench_alloc_floats(g.dst_elems);
    if (!from || !to) {
        free(from);
        free(to);
        skb_bench_skip_with_error(s, "out of memory");
        return;
    }
    memset(from, 1, bytes);
    skb_bench_set_label(s, "libc");
    while (skb_bench_keep_running(s)) {
        memcpy(to, from, bytes);
        skb_bench_do_not_optimize(to);
    }
    bench_set_throughput(s, b->roof, 2 * bytes);
    free(from);
    free(to);
}

/* Conv shapes are benchmarked as im2col and col2im, global ones as both
 * global pools. */
static bool shape_has_op(shape_kind kind, skb_op op)
{
    switch (kind) {
    case SHAPE_CONV:
        return op == SKB_OP_IM2COL || op == SKB_OP_COL2IM;
    case SHAPE_MAXPOOL:
        return op == SKB_OP_MAXPOOL;
    case SHAPE_AVGPOOL:
        return op == SKB_OP_AVGPOOL;
    case SHAPE_GLOBAL:
        return op == SKB_OP_GLOBAL_AVGPOOL || op == SKB_OP_GLOBAL_MAXPOOL;
    }
    return false;
}

size_t register_kernel_benchmarks(const shape_list *shapes, const kernel_bench_options *opt)
{
    size_t registered = 0;
    for (int op = 0; op < SKB_OP_COUNT; op++)
        for (size_t i = 0; i < shapes->count; i++) {
            const shape *sh = &shapes->items[i];
            if (!shape_has_op(sh->kind, (skb_op)op))
                continue;
            if (op == SKB_OP_IM2COL) {
                copy_bench *c = malloc(sizeof *c);
                *c = (copy_bench){sh, opt->batch, opt->roof};
                char name[160];
                snprintf(name, sizeof name, "memcpy/any/libc/%s", sh->name);
                skb_bench_register(name, run_copy, c, 0);
                registered++;
            }
            for (int layout = 0; layout < SKB_LAYOUT_COUNT; layout++) {
                reference_hash *ref = calloc(1, sizeof *ref);
                for (int isa = 0; isa < SKB_ISA_COUNT; isa++) {
                    const skb_kernels *k = skb_kernels_for((skb_isa)isa);
                    if (!k || !opt->variants[isa])
                        continue;
                    kernel_bench *b = calloc(1, sizeof *b);
                    *b = (kernel_bench){.shape = sh, .op = (skb_op)op,
                                        .layout = (skb_layout)layout, .variant = k->name,
                                        .fn = k->fn[op][layout], .batch = opt->batch,
                                        .roof = opt->roof, .reference = ref};
                    char id[64], name[160];
                    snprintf(id, sizeof id, "%s/%s/%s", skb_op_name((skb_op)op),
                             skb_layout_name((skb_layout)layout), k->name);
                    snprintf(name, sizeof name, "%s/%s", id, sh->name);
                    if (opt->inject_wrong && strcmp(opt->inject_wrong, id) == 0) {
                        g_wrapped_kernel = b->fn;
                        b->fn = deliberately_wrong;
                    }
                    skb_bench_register(name, run_kernel, b, 0);
                    registered++;
                }
            }
        }
    return registered;
}
