/* The peer benchmarks: plan with skb, make the peer's operator, check its
 * output against skb's reference (max pooling bit for bit; averages within
 * a relative 1e-5, since peers sum in other orders), then time it. */
#include "peers.h"

#include "cores.h"
#include "gbench.h"
#include "verify.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct peer_bench {
    const peer *p;
    const shape *shape;
    skb_op op;
    skb_layout layout;
    int64_t batch;
    const roofline *roof;
    size_t threads;
} peer_bench;

/* Empty when the outputs agree, else what differs. */
static void compare(skb_op op, const float *expected, const float *got, size_t count,
                    char *message, size_t size)
{
    message[0] = '\0';
    const bool exact = op == SKB_OP_MAXPOOL || op == SKB_OP_GLOBAL_MAXPOOL;
    for (size_t i = 0; i < count; i++) {
        const bool same = exact ? memcmp(&expected[i], &got[i], sizeof(float)) == 0
                                : fabsf(expected[i] - got[i]) <= 1e-5f * (1.0f + fabsf(expected[i]));
        if (!same) {
            snprintf(message, size,
                     "output differs from skb's reference (%s) at element %zu: %.9g, "
                     "reference %.9g",
                     exact ? "bit for bit" : "relative 1e-5", i, (double)got[i],
                     (double)expected[i]);
            return;
        }
    }
}

static void run_peer(skb_bench_state *s, void *arg)
{
    const peer_bench *b = arg;
    const skb_tensor_desc t = {b->batch, b->shape->c, b->shape->h, b->shape->w, b->layout};
    skb_geometry g;
    skb_error err;
    if (skb_plan(b->op, &t, &b->shape->window, &g, &err) != SKB_OK) {
        skb_bench_skip_with_error(s, err.message);
        return;
    }
    float *src = bench_alloc_floats(g.src_elems);
    float *dst = bench_alloc_floats(g.dst_elems);
    float *expected = bench_alloc_floats(g.dst_elems);
    void *op = NULL;
    char label[128] = "", why[320] = "";
    cores_use(b->threads);
    b->p->set_threads(b->threads);
    if (!src || !dst || !expected) {
        snprintf(why, sizeof why, "out of memory");
    } else {
        bench_fill_input(src, g.src_elems, 42);
        bench_run_reference(&g, src, expected);
        if (b->p->prepare(&op, &g, src, dst, label, sizeof label, why, sizeof why)) {
            b->p->run(op);
            compare(b->op, expected, dst, g.dst_elems, why, sizeof why);
        }
    }
    skb_bench_set_label(s, label[0] ? label : b->p->name);
    if (why[0]) {
        skb_bench_skip_with_error(s, why);
    } else {
        while (skb_bench_keep_running(s))
            b->p->run(op);
        bench_set_throughput_threads(s, b->roof, (g.src_elems + g.dst_elems) * sizeof(float),
                                     b->threads);
    }
    if (op)
        b->p->release(op);
    free(src);
    free(dst);
    free(expected);
}

size_t register_peer_benchmarks(const shape_list *shapes, const kernel_bench_options *opt)
{
    const peer *peers[2];
    size_t peer_count = 0;
#ifdef SKB_HAVE_ONEDNN
    peers[peer_count++] = &peer_onednn;
#endif
#ifdef SKB_HAVE_XNNPACK
    peers[peer_count++] = &peer_xnnpack;
#endif
    size_t registered = 0;
    for (size_t i = 0; i < shapes->count; i++) {
        const shape *sh = &shapes->items[i];
        skb_op ops[2];
        size_t op_count = 0;
        if (sh->kind == SHAPE_MAXPOOL)
            ops[op_count++] = SKB_OP_MAXPOOL;
        else if (sh->kind == SHAPE_AVGPOOL)
            ops[op_count++] = SKB_OP_AVGPOOL;
        else if (sh->kind == SHAPE_GLOBAL)
            ops[op_count++] = SKB_OP_GLOBAL_AVGPOOL;
        for (size_t o = 0; o < op_count; o++)
            for (int layout = 0; layout < SKB_LAYOUT_COUNT; layout++)
                for (size_t p = 0; p < peer_count; p++) {
                    if (peers[p]->nhwc_only && layout != SKB_LAYOUT_NHWC)
                        continue;
                    for (size_t ti = 0; ti < opt->thread_counts; ti++) {
                        peer_bench *b = bench_arena_alloc(opt->arena, sizeof *b);
                        *b = (peer_bench){peers[p], sh, ops[o], (skb_layout)layout,
                                          opt->batch, opt->roof, opt->threads[ti]};
                        char name[160];
                        bench_thread_name(name, sizeof name, skb_op_name(ops[o]),
                                          skb_layout_name((skb_layout)layout), peers[p]->name,
                                          sh->name, opt->threads[ti]);
                        if (opt->threads[ti] > 1)
                            skb_bench_register_real_time(name, run_peer, b, 0);
                        else
                            skb_bench_register(name, run_peer, b, 0);
                        registered++;
                    }
                }
    }
    return registered;
}
