/* The kernel benchmarks: each run plans its shape, makes a seeded input,
 * checks the variant's output hash against the reference's, and only then
 * enters the timing loop. */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include "kernels_bench.h"

#include "cores.h"
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
    const char *label; /* the variant that runs */
    const skb_kernels *kernels;
    bool wrong, slow; /* wrapped by deliberately_wrong or deliberately_slow */
    int64_t batch;
    const roofline *roof;
    reference_hash *reference;
    size_t threads; /* the pool's; the plan takes what its work is worth */
    struct pthreadpool *pool;
} kernel_bench;

/* The kernel the wrong variant wraps: it runs, then one output bit flips.
 * Set once, at registration (a kernel takes no context pointer). */
static skb_kernel_fn g_wrapped_kernel;

static void deliberately_wrong(const skb_geometry *g, const float *restrict src,
                               float *restrict dst, void *restrict workspace)
{
    g_wrapped_kernel(g, src, dst, workspace);
    uint32_t bits;
    memcpy(&bits, &dst[g->dst_elems - 1], sizeof bits);
    bits ^= 1;
    memcpy(&dst[g->dst_elems - 1], &bits, sizeof bits);
}

/* The slowed kernel, the share of its channels it runs again, and the
 * scratch output of that second run. */
static skb_kernel_fn g_slowed_kernel;
static double g_slow_fraction;
static float *g_slow_scratch;
static size_t g_slow_scratch_elems;

/* Runs the kernel, then again on the first round(fraction * C) channels into
 * scratch: every op's work and bytes grow linearly with C, so this repeats
 * about that fraction of the call's work on the same data. */
static void deliberately_slow(const skb_geometry *g, const float *restrict src,
                              float *restrict dst, void *restrict workspace)
{
    g_slowed_kernel(g, src, dst, workspace);
    const size_t c = (size_t)(g_slow_fraction * (double)g->c + 0.5);
    if (c == 0)
        return;
    skb_geometry part = *g;
    part.c = c;
    part.src_elems = g->src_elems / g->c * c;
    part.dst_elems = g->dst_elems / g->c * c;
    if (part.dst_elems > g_slow_scratch_elems) {
        free(g_slow_scratch);
        g_slow_scratch = bench_alloc_floats(part.dst_elems);
        g_slow_scratch_elems = g_slow_scratch ? part.dst_elems : 0;
        if (!g_slow_scratch)
            return;
    }
    /* Fewer channels need no more workspace than all of them. */
    g_slowed_kernel(&part, src, g_slow_scratch, workspace);
}

void add_variant_context(void)
{
    char names[256] = "";
    for (int isa = 0; isa < SKB_ISA_COUNT; isa++) {
        const size_t used = strlen(names);
        snprintf(names + used, sizeof names - used, "%s%s", isa ? "," : "",
                 skb_isa_name((skb_isa)isa));
    }
    skb_bench_add_context("skb_variants", names);
}

bool kernel_has_paths(const skb_kernels *k, skb_op op, skb_layout layout)
{
    for (int path = 0; path < SKB_PATH_COUNT; path++)
        if (k->fn[op][layout][path])
            return true;
    return false;
}

skb_kernel_fn kernel_slowed(skb_kernel_fn kernel, double fraction)
{
    g_slowed_kernel = kernel;
    g_slow_fraction = fraction;
    return deliberately_slow;
}

bool kernel_slowdown_parse(const char *text, kernel_id *id, double *fraction, char *error,
                           size_t error_size)
{
    const char *colon = strrchr(text, ':');
    char *end = NULL;
    const double f = colon ? strtod(colon + 1, &end) : 0;
    if (!colon || end == colon + 1 || *end || !(f > 0 && f <= 1)) {
        snprintf(error, error_size,
                 "'%s': expected op/layout/variant:fraction with fraction in (0, 1], e.g. "
                 "maxpool/nhwc/avx2:0.15",
                 text);
        return false;
    }
    char id_text[128];
    const size_t len = (size_t)(colon - text);
    if (len >= sizeof id_text) {
        snprintf(error, error_size, "'%s': kernel name too long", text);
        return false;
    }
    memcpy(id_text, text, len);
    id_text[len] = '\0';
    *fraction = f;
    return kernel_id_parse(id_text, id, error, error_size);
}

bool kernel_id_parse(const char *text, kernel_id *id, char *error, size_t error_size)
{
    char copy[128], *save = NULL;
    snprintf(copy, sizeof copy, "%s", text);
    const char *op = strtok_r(copy, "/", &save);
    const char *layout = strtok_r(NULL, "/", &save);
    const char *variant = strtok_r(NULL, "/", &save);
    if (!variant || strtok_r(NULL, "/", &save)) {
        snprintf(error, error_size, "'%s': expected op/layout/variant, e.g. maxpool/nhwc/avx2",
                 text);
        return false;
    }
    int o = 0;
    while (o < SKB_OP_COUNT && strcmp(op, skb_op_name((skb_op)o)) != 0)
        o++;
    if (o == SKB_OP_COUNT) {
        snprintf(error, error_size,
                 "unknown op '%s' (known: im2col, col2im, maxpool, avgpool, global_avgpool, "
                 "global_maxpool)",
                 op);
        return false;
    }
    int l = 0;
    while (l < SKB_LAYOUT_COUNT && strcmp(layout, skb_layout_name((skb_layout)l)) != 0)
        l++;
    if (l == SKB_LAYOUT_COUNT) {
        snprintf(error, error_size, "unknown layout '%s' (known: nchw, nhwc)", layout);
        return false;
    }
    if (!skb_isa_from_name(variant, &id->isa)) {
        char known[256] = "";
        for (int isa = 0; isa < SKB_ISA_COUNT; isa++) {
            const size_t used = strlen(known);
            snprintf(known + used, sizeof known - used, "%s%s", isa ? ", " : "",
                     skb_isa_name((skb_isa)isa));
        }
        snprintf(error, error_size, "unknown variant '%s' (known: %s)", variant, known);
        return false;
    }
    id->op = (skb_op)o;
    id->layout = (skb_layout)l;
    return true;
}

void bench_set_throughput(skb_bench_state *s, const roofline *roof, size_t bytes)
{
    bench_set_throughput_threads(s, roof, bytes, 1);
}

void bench_set_throughput_threads(skb_bench_state *s, const roofline *roof, size_t bytes,
                                  size_t threads)
{
    const int64_t iterations = skb_bench_iterations(s);
    skb_bench_set_bytes_processed(s, (int64_t)bytes * iterations);
    const int level = roofline_level(roof, bytes);
    const double roof_gbs = roofline_copy_gbs(roof, level, threads);
    /* A rate counter is divided by the elapsed time, so this is (bytes/s) /
     * (roof bytes/s): a plain fraction, though the console prints "/s". */
    if (roof_gbs > 0)
        skb_bench_set_counter(s, "roof_fraction",
                              (double)bytes * (double)iterations / (roof_gbs * 1e9),
                              SKB_COUNTER_RATE);
    /* Counted from 1 (1-3 the caches, 4 DRAM): every counter also gets a cv
     * aggregate, stddev / mean, which a level of 0 would make NaN, and NaN
     * is not JSON. */
    skb_bench_set_counter(s, "memory_level", level + 1, SKB_COUNTER_PLAIN);
    skb_bench_set_counter(s, "working_set_bytes", (double)bytes, SKB_COUNTER_PLAIN);
    if (threads > 1)
        skb_bench_set_counter(s, "threads", (double)threads, SKB_COUNTER_PLAIN);
}

static void run_kernel(skb_bench_state *s, void *arg)
{
    kernel_bench *b = arg;
    const skb_tensor_desc t = {b->batch, b->shape->c, b->shape->h, b->shape->w, b->layout};
    skb_layer_plan plan;
    skb_error err;
    skb_bench_set_label(s, b->label);
    /* Planned once, outside the timing loop, as a caller would. */
    if (skb_plan_layer(&plan, b->kernels, b->op, &t, &b->shape->window, SKB_PATH_AUTO, &err) !=
        SKB_OK) {
        skb_bench_skip_with_error(s, err.message);
        return;
    }
    if (b->threads > 1 && skb_plan_threads(&plan, b->pool, 0, &err) != SKB_OK) {
        skb_bench_skip_with_error(s, err.message);
        return;
    }
    /* On the cores the plan takes: a plan that keeps one thread runs pinned
     * like a one-thread benchmark, so the scheduler cannot move it onto a
     * busier core mid-run. */
    cores_use(plan.threads);
    /* The label names the path that ran: "avx2, path padded_s1", and the
     * threads the plan took: "avx2, path padded_s1, 2 threads". */
    char label[160];
    snprintf(label, sizeof label, "%s, path %s", b->label, skb_path_name(plan.path));
    if (b->threads > 1) {
        const size_t used = strlen(label);
        snprintf(label + used, sizeof label - used, ", %zu thread%s", plan.threads,
                 plan.threads == 1 ? "" : "s");
    }
    skb_bench_set_label(s, label);
    if (b->wrong) {
        g_wrapped_kernel = plan.fn;
        plan.fn = deliberately_wrong;
    }
    if (b->slow)
        plan.fn = kernel_slowed(plan.fn, g_slow_fraction);
    const skb_geometry g = plan.geom;
    bool workspace_ok;
    void *workspace = bench_alloc_workspace(&plan, &workspace_ok);
    float *src = bench_alloc_floats(g.src_elems);
    float *dst = bench_alloc_floats(g.dst_elems);
    if (!src || !dst || !workspace_ok) {
        free(src);
        free(dst);
        free(workspace);
        skb_bench_skip_with_error(s, "out of memory");
        return;
    }
    bench_fill_input(src, g.src_elems, 42);
    if (!b->reference->known) {
        bench_poison(dst, g.dst_elems);
        bench_run_reference(&g, src, dst);
        b->reference->value = bench_hash(dst, g.dst_elems);
        b->reference->known = true;
    }
    /* Every run (Google Benchmark makes several per repetition) is checked;
     * the check also brings dst into memory before the clock starts. */
    char mismatch[320];
    if (!bench_verify(&plan, src, dst, workspace, b->reference->value, mismatch,
                      sizeof mismatch)) {
        skb_bench_skip_with_error(s, mismatch);
    } else {
        while (skb_bench_keep_running(s))
            skb_execute(&plan, src, dst, workspace);
        bench_set_throughput_threads(s, b->roof, (g.src_elems + g.dst_elems) * sizeof(float),
                                     b->threads);
        /* The report's targets single out few-channel shapes. */
        skb_bench_set_counter(s, "channels", (double)b->shape->c, SKB_COUNTER_PLAIN);
    }
    free(src);
    free(dst);
    free(workspace);
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
    skb_bench_set_label(s, "libc memcpy");
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
    memset(to, 2, bytes); /* fault the pages in before the clock starts */
    while (skb_bench_keep_running(s)) {
        memcpy(to, from, bytes);
        skb_bench_do_not_optimize(to);
    }
    bench_set_throughput(s, b->roof, 2 * bytes);
    free(from);
    free(to);
}

void bench_thread_name(char *name, size_t size, const char *op, const char *layout,
                       const char *variant, const char *shape, size_t threads)
{
    if (threads > 1)
        snprintf(name, size, "%s/%s/%s/%s/t%zu", op, layout, variant, shape, threads);
    else
        snprintf(name, size, "%s/%s/%s/%s", op, layout, variant, shape);
}

/* Appends ", id" to a bounded list (ending in "..." once full). */
static void append_name(char *list, size_t size, const char *id)
{
    const size_t used = strlen(list);
    if (used + strlen(id) + 6 < size)
        snprintf(list + used, size - used, "%s%s", used ? ", " : "", id);
    else if (used + 4 < size && strcmp(list + used - 3, "...") != 0)
        snprintf(list + used, size - used, "...");
}

size_t register_kernel_benchmarks(const shape_list *shapes, const kernel_bench_options *opt,
                                  size_t *missing, char *missing_names, size_t names_size)
{
    size_t registered = 0;
    *missing = 0;
    if (missing_names && names_size)
        missing_names[0] = '\0';
    /* Kernels without a path, counted once per op/layout/variant (not per
     * shape). */
    for (int op = 0; op < SKB_OP_COUNT; op++)
        for (int layout = 0; layout < SKB_LAYOUT_COUNT; layout++)
            for (int isa = 0; isa < SKB_ISA_COUNT; isa++) {
                const skb_kernels *k = skb_kernels_for((skb_isa)isa);
                if (k && opt->variants[isa] && !kernel_has_paths(k, (skb_op)op, (skb_layout)layout)) {
                    char id[64];
                    snprintf(id, sizeof id, "%s/%s/%s", skb_op_name((skb_op)op),
                             skb_layout_name((skb_layout)layout), k->name);
                    ++*missing;
                    if (missing_names)
                        append_name(missing_names, names_size, id);
                }
            }
    for (int op = 0; op < SKB_OP_COUNT; op++)
        for (size_t i = 0; i < shapes->count; i++) {
            const shape *sh = &shapes->items[i];
            if (!shape_runs_op(sh->kind, (skb_op)op))
                continue;
            char name[160];
            if (op == SKB_OP_IM2COL) {
                copy_bench *c = bench_arena_alloc(opt->arena, sizeof *c);
                *c = (copy_bench){sh, opt->batch, opt->roof};
                snprintf(name, sizeof name, "memcpy/any/libc/%s", sh->name);
                skb_bench_register(name, run_copy, c, 0);
                registered++;
            }
            for (int layout = 0; layout < SKB_LAYOUT_COUNT; layout++) {
                reference_hash *ref = bench_arena_alloc(opt->arena, sizeof *ref);
                for (int isa = 0; isa < SKB_ISA_COUNT; isa++) {
                    const skb_kernels *k = skb_kernels_for((skb_isa)isa);
                    if (!k || !opt->variants[isa] ||
                        !kernel_has_paths(k, (skb_op)op, (skb_layout)layout))
                        continue;
                    kernel_bench *b = bench_arena_alloc(opt->arena, sizeof *b);
                    *b = (kernel_bench){.shape = sh, .op = (skb_op)op,
                                        .layout = (skb_layout)layout, .label = k->name,
                                        .kernels = k, .batch = opt->batch,
                                        .roof = opt->roof, .reference = ref};
                    if (opt->inject_wrong && (int)opt->wrong.op == op &&
                        (int)opt->wrong.layout == layout && (int)opt->wrong.isa == isa) {
                        b->wrong = true;
                        char *label = bench_arena_alloc(opt->arena, 96);
                        snprintf(label, 96, "%s, deliberately wrong (--inject-wrong)", k->name);
                        b->label = label;
                    }
                    if (opt->inject_slow && (int)opt->slow.op == op &&
                        (int)opt->slow.layout == layout && (int)opt->slow.isa == isa) {
                        b->slow = true;
                        g_slow_fraction = opt->slow_fraction;
                        char *label = bench_arena_alloc(opt->arena, 96);
                        snprintf(label, 96, "%s, deliberately %.0f%% slower (--inject-slow)",
                                 k->name, 100 * opt->slow_fraction);
                        b->label = label;
                    }
                    for (size_t ti = 0; ti < opt->thread_counts; ti++) {
                        /* On several threads: the default variant only. */
                        const size_t t = opt->threads[ti];
                        if (t > 1 && (k != skb_default_kernels() || b->wrong || b->slow))
                            continue;
                        kernel_bench *bt = b;
                        if (t > 1) {
                            bt = bench_arena_alloc(opt->arena, sizeof *bt);
                            *bt = *b;
                        }
                        bt->threads = t;
                        bt->pool = opt->pools[ti];
                        bench_thread_name(name, sizeof name, skb_op_name((skb_op)op),
                                          skb_layout_name((skb_layout)layout), k->name,
                                          sh->name, t);
                        if (t > 1)
                            skb_bench_register_real_time(name, run_kernel, bt, 0);
                        else
                            skb_bench_register(name, run_kernel, bt, 0);
                        registered++;
                    }
                }
            }
        }
    return registered;
}
