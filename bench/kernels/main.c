/* skb-bench: every kernel x layout x variant over real-network shapes,
 * verified against the reference before it is timed, with bandwidth roofs.
 *
 * Suite flags (Google Benchmark's own --benchmark_* flags work as usual):
 *   --variants=LIST      comma-separated names of the ISA registry
 *                        (kernels/skb_isas.inc; default: all this CPU offers)
 *   --batch=N            batch size (default 1)
 *   --threads=LIST       thread counts, e.g. 1,2 (default: 1 and every core the
 *                        process may use); past 1, the default variant and
 *                        the peers, named .../t<count>/real_time
 *   --networks=DIR       directory of *.net files the shapes come from
 *                        (default: the source tree's bench/networks)
 *   --list-shapes        print the shapes, one JSON object a line, and exit
 *   --inject-wrong=OP/LAYOUT/VARIANT
 *                        replace one kernel by a deliberately wrong one
 *   --inject-slow=OP/LAYOUT/VARIANT:FRACTION
 *                        slow one kernel down by FRACTION (for the gate's tests) */
#include "cores.h"
#include "gbench.h"
#include "kernels_bench.h"
#include "peers.h"
#include "thread_floor.h"
#include "variants.h"
#include "whole_number.h"

#include <pthreadpool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SKB_NETWORKS_DIR
#define SKB_NETWORKS_DIR "bench/networks"
#endif

/* The variant names come from the registry, between the two parts. */
static const char suite_usage_head[] =
    "skb-bench: every skb kernel x layout x variant on real-network shapes, each variant\n"
    "checked against the reference (XXH3-64 of its output) before it is timed.\n"
    "Benchmark names: op/layout/variant/net.layer, e.g. maxpool/nhwc/avx2/vgg16.pool1.\n"
    "Suite flags:\n"
    "  --variants=LIST       comma-separated, of: ";
static const char suite_usage_tail[] =
    "\n"
    "                        (default: all the CPU has)\n"
    "  --batch=N             batch size (default 1)\n"
    "  --threads=LIST        thread counts, e.g. 1,2 (default: 1 and every core the process\n"
    "                        may use); past 1 the default variant and the peers run, named\n"
    "                        op/layout/variant/net.layer/t<count>/real_time (timed by the\n"
    "                        wall clock), with that many threads' copy roof\n"
    "  --networks=DIR        directory of *.net files the shapes come from\n"
    "                        (default: " SKB_NETWORKS_DIR ")\n"
    "  --list-shapes         print the shapes, one JSON object a line, and exit\n"
    "  --no-roofs            skip the bandwidth roofs (about 5 s at start-up); the\n"
    "                        benchmarks then carry no roof_fraction (the gate's runs)\n"
    "  --inject-wrong=OP/LAYOUT/VARIANT\n"
    "                        replace that kernel by a deliberately wrong one (it must be\n"
    "                        reported as a mismatch, never timed)\n"
    "  --inject-slow=OP/LAYOUT/VARIANT:FRACTION\n"
    "                        slow that kernel down by about FRACTION (each call repeats\n"
    "                        that share of its channels), to show that the performance\n"
    "                        gate notices\n"
    "Google Benchmark's flags:\n";

/* The kernel --inject-wrong names must exist and be registered, or the
 * flag would silently show nothing. */
static bool parse_inject_wrong(const char *text, kernel_bench_options *opt)
{
    char error[256];
    if (!kernel_id_parse(text, &opt->wrong, error, sizeof error)) {
        fprintf(stderr, "skb-bench: --inject-wrong: %s\n", error);
        return false;
    }
    const skb_kernels *k = skb_kernels_for(opt->wrong.isa);
    if (!k || !kernel_has_paths(k, opt->wrong.op, opt->wrong.layout)) {
        fprintf(stderr, "skb-bench: --inject-wrong: %s: this kernel is not available here\n",
                text);
        return false;
    }
    opt->inject_wrong = true;
    return true;
}

/* Like --inject-wrong: the kernel must exist, and the fraction be sane. */
static bool parse_inject_slow(const char *text, kernel_bench_options *opt)
{
    char error[256];
    if (!kernel_slowdown_parse(text, &opt->slow, &opt->slow_fraction, error, sizeof error)) {
        fprintf(stderr, "skb-bench: --inject-slow: %s\n", error);
        return false;
    }
    const skb_kernels *k = skb_kernels_for(opt->slow.isa);
    if (!k || !kernel_has_paths(k, opt->slow.op, opt->slow.layout)) {
        fprintf(stderr, "skb-bench: --inject-slow: %s: this kernel is not available here\n",
                text);
        return false;
    }
    opt->inject_slow = true;
    return true;
}

static bool parse_batch(const char *text, int64_t *batch)
{
    if (!parse_whole_number(text, 1, 4096, batch)) {
        fprintf(stderr, "skb-bench: --batch=%s: want a whole number from 1 to 4096\n", text);
        return false;
    }
    return true;
}

/* A comma-separated list of counts from 1 to ROOF_MAX_THREADS, each once. */
static bool parse_threads(const char *list, kernel_bench_options *opt)
{
    opt->thread_counts = 0;
    for (const char *p = list;; p++) {
        const size_t len = strcspn(p, ",");
        char word[16] = "";
        int64_t t = 0;
        if (len < sizeof word) {
            memcpy(word, p, len);
            word[len] = '\0';
        }
        if (len >= sizeof word || !parse_whole_number(word, 1, ROOF_MAX_THREADS, &t)) {
            fprintf(stderr, "skb-bench: --threads=%s: '%.*s' is not a count from 1 to %d\n",
                    list, (int)len, p, ROOF_MAX_THREADS);
            return false;
        }
        bool seen = false;
        for (size_t i = 0; i < opt->thread_counts; i++)
            seen = seen || opt->threads[i] == (size_t)t;
        if (!seen) {
            if (opt->thread_counts == BENCH_MAX_THREAD_COUNTS) {
                fprintf(stderr, "skb-bench: --threads=%s: at most %d counts\n", list,
                        BENCH_MAX_THREAD_COUNTS);
                return false;
            }
            opt->threads[opt->thread_counts++] = (size_t)t;
        }
        p += len;
        if (!*p)
            return true;
    }
}

/* The copy roof of each thread count past 1, in the context as
 * roof_<level>_copy_gbs_t<count> for the report's scaling section. */
static void add_thread_roof_context(const roofline *r, const kernel_bench_options *opt)
{
    for (size_t i = 0; i < opt->thread_counts; i++) {
        const size_t t = opt->threads[i];
        if (t < 2)
            continue;
        for (int level = 0; level < ROOF_LEVELS; level++) {
            char key[64], value[32];
            snprintf(key, sizeof key, "roof_%s_copy_gbs_t%zu", roofline_level_name(level), t);
            snprintf(value, sizeof value, "%.2f", roofline_copy_gbs(r, level, t));
            skb_bench_add_context(key, value);
            fprintf(stderr, "roof %-4s on %zu threads: copy %6.1f GB/s\n",
                    roofline_level_name(level), t, roofline_copy_gbs(r, level, t));
        }
    }
}

/* The roofs go into the JSON context twice: a sentence per level for
 * people, and one number per level and kind for the report generator. */
static void add_roof_context(const roofline *r)
{
    static const char *const kinds[3] = {"read", "write", "copy"};
    char key[64], value[160];
    for (int level = 0; level < ROOF_LEVELS; level++) {
        const char *name = roofline_level_name(level);
        snprintf(key, sizeof key, "roof_%s", name);
        snprintf(value, sizeof value,
                 "working set %zu bytes: read %.1f GB/s, write %.1f GB/s, copy %.1f GB/s",
                 r->working_set[level], r->read_gbs[level], r->write_gbs[level],
                 r->copy_gbs[level]);
        skb_bench_add_context(key, value);
        const double gbs[3] = {r->read_gbs[level], r->write_gbs[level], r->copy_gbs[level]};
        for (int k = 0; k < 3; k++) {
            snprintf(key, sizeof key, "roof_%s_%s_gbs", name, kinds[k]);
            snprintf(value, sizeof value, "%.2f", gbs[k]);
            skb_bench_add_context(key, value);
        }
        snprintf(key, sizeof key, "roof_%s_working_set_bytes", name);
        snprintf(value, sizeof value, "%zu", r->working_set[level]);
        skb_bench_add_context(key, value);
        fprintf(stderr, "roof %-4s (%9zu bytes): read %6.1f  write %6.1f  copy %6.1f GB/s\n",
                name, r->working_set[level], r->read_gbs[level], r->write_gbs[level],
                r->copy_gbs[level]);
    }
    /* Each level's size as the roofs use it, as reported (sysfs or CPUID),
     * and how the read-bandwidth sweep settled it. */
    for (int i = 0; i < 3; i++) {
        snprintf(key, sizeof key, "cache_L%d_bytes", i + 1);
        snprintf(value, sizeof value, "%zu", r->cache_bytes[i]);
        skb_bench_add_context(key, value);
        snprintf(key, sizeof key, "cache_L%d_reported_bytes", i + 1);
        snprintf(value, sizeof value, "%zu", r->reported_bytes[i]);
        skb_bench_add_context(key, value);
        snprintf(key, sizeof key, "cache_L%d_verdict", i + 1);
        skb_bench_add_context(key, cache_verdict_name(r->verdict[i]));
        fprintf(stderr, "cache L%d: reported %zu bytes (%s), sweep edge %zu, using %zu (%s)\n",
                i + 1, r->reported_bytes[i], r->reported_source, r->level_edge[i],
                r->cache_bytes[i], cache_verdict_name(r->verdict[i]));
    }
    skb_bench_add_context("cache_reported_source", r->reported_source);
    char sweep[ROOF_SWEEP_POINTS * 32] = "";
    for (int i = 0; i < ROOF_SWEEP_POINTS; i++) {
        const size_t used = strlen(sweep);
        snprintf(sweep + used, sizeof sweep - used, "%s%zu:%.2f", i ? "," : "",
                 r->sweep.bytes[i], r->sweep.read_gbs[i]);
    }
    skb_bench_add_context("cache_sweep_read_gbs", sweep);
    char edges[96];
    snprintf(edges, sizeof edges, "%zu,%zu,%zu", r->level_edge[0], r->level_edge[1],
             r->level_edge[2]);
    skb_bench_add_context("cache_sweep_edges_bytes", edges);
    skb_bench_add_context("roof_method",
                          "best of timed passes of glibc memchr (read), memset (write), memcpy "
                          "(copy, bytes read + written) over half of each cache; DRAM: "
                          "8 x L3, within 256 MiB..1 GiB; cache sizes as reported by sysfs "
                          "or CPUID, checked against a read-bandwidth sweep");
}

/* The shapes as JSON lines, for programs that time other libraries on the
 * same shapes (bench/kernels/peer_torch.py). */
static void print_shapes(const shape_list *shapes)
{
    for (size_t i = 0; i < shapes->count; i++) {
        const shape *s = &shapes->items[i];
        const skb_window *w = &s->window;
        printf("{\"name\": \"%s\", \"kind\": \"%s\", \"c\": %lld, \"h\": %lld, \"w\": %lld, "
               "\"kernel\": [%lld, %lld], \"stride\": [%lld, %lld], \"dilation\": [%lld, %lld], "
               "\"padding\": [%lld, %lld, %lld, %lld], \"ceil_mode\": %s, "
               "\"count_include_pad\": %s}\n",
               s->name, shape_kind_name(s->kind), (long long)s->c, (long long)s->h,
               (long long)s->w, (long long)w->kernel_h, (long long)w->kernel_w,
               (long long)w->stride_h, (long long)w->stride_w, (long long)w->dilation_h,
               (long long)w->dilation_w, (long long)w->pad_top, (long long)w->pad_left,
               (long long)w->pad_bottom, (long long)w->pad_right,
               w->ceil_mode ? "true" : "false", w->count_include_pad ? "true" : "false");
    }
}

/* "model name" of /proc/cpuinfo, for the report (Google Benchmark's context
 * lacks it). */
static void add_cpu_model_context(void)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[256];
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "model name", 10) == 0 && strchr(line, ':')) {
            char *model = strchr(line, ':') + 1;
            model += strspn(model, " \t");
            model[strcspn(model, "\n")] = '\0';
            skb_bench_add_context("cpu_model", model);
            break;
        }
    if (f)
        fclose(f);
}

int main(int argc, char **argv)
{
    cores_remember(); /* before any thread exists */
    kernel_bench_options opt = {.batch = 1, .threads = {1}, .thread_counts = 1};
    if (cores_count() > 1 && cores_count() <= ROOF_MAX_THREADS)
        opt.threads[opt.thread_counts++] = cores_count();
    for (int isa = 0; isa < SKB_ISA_COUNT; isa++)
        opt.variants[isa] = true;
    const char *networks_dir = SKB_NETWORKS_DIR;
    bool list_shapes = false;
    bool measure_roofs = true;

    /* The whole command line, so a JSON file says how it was made. */
    char command_line[1024] = "";
    for (int i = 0; i < argc; i++) {
        const size_t used = strlen(command_line);
        snprintf(command_line + used, sizeof command_line - used, "%s%s", i ? " " : "",
                 argv[i]);
    }

    /* Take our flags out; Google Benchmark parses the rest. */
    int kept = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--variants=", 11) == 0) {
            if (!variants_parse("skb-bench", a + 11, opt.variants))
                return 2;
        } else if (strncmp(a, "--batch=", 8) == 0) {
            if (!parse_batch(a + 8, &opt.batch))
                return 2;
        } else if (strncmp(a, "--threads=", 10) == 0) {
            if (!parse_threads(a + 10, &opt))
                return 2;
        } else if (strncmp(a, "--networks=", 11) == 0) {
            networks_dir = a + 11;
        } else if (strcmp(a, "--list-shapes") == 0) {
            list_shapes = true;
        } else if (strcmp(a, "--no-roofs") == 0) {
            measure_roofs = false;
        } else if (strncmp(a, "--inject-wrong=", 15) == 0) {
            if (!parse_inject_wrong(a + 15, &opt))
                return 2;
        } else if (strncmp(a, "--inject-slow=", 14) == 0) {
            if (!parse_inject_slow(a + 14, &opt))
                return 2;
        } else {
            argv[kept++] = argv[i];
        }
    }
    argc = kept;
    if (opt.inject_wrong && !opt.variants[opt.wrong.isa]) {
        fprintf(stderr, "skb-bench: --inject-wrong: variant %s is not among --variants\n",
                skb_isa_name(opt.wrong.isa));
        return 2;
    }
    if (opt.inject_slow && !opt.variants[opt.slow.isa]) {
        fprintf(stderr, "skb-bench: --inject-slow: variant %s is not among --variants\n",
                skb_isa_name(opt.slow.isa));
        return 2;
    }
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0) { /* Google Benchmark then prints its own */
            char known[160];
            variants_known(known, sizeof known, ",");
            printf("%s%s%s", suite_usage_head, known, suite_usage_tail);
        }
    skb_bench_initialize(&argc, argv);
    if (argc > 1) {
        fprintf(stderr, "skb-bench: unknown argument '%s'\n", argv[1]);
        return 2;
    }

    shape_list shapes = {0};
    char error[512];
    if (!shapes_read_dir(networks_dir, &shapes, error, sizeof error)) {
        fprintf(stderr, "skb-bench: %s\n", error);
        shapes_free(&shapes);
        return 2;
    }
    if (list_shapes) {
        print_shapes(&shapes);
        shapes_free(&shapes);
        return 0;
    }

    roofline roof;
    if (measure_roofs) {
        fprintf(stderr, "measuring the bandwidth roofs...\n");
        roofline_measure(&roof);
        add_roof_context(&roof);
    } else {
        roofline_reported(&roof);
        skb_bench_add_context("roof_method", "not measured (--no-roofs)");
    }
    /* One pool per thread count past 1, kept for the whole run; the roofs
     * of that many threads measured beside the one-thread ones. */
    char counts[128] = "";
    for (size_t i = 0; i < opt.thread_counts; i++) {
        const size_t used = strlen(counts);
        snprintf(counts + used, sizeof counts - used, "%s%zu", i ? "," : "", opt.threads[i]);
        if (opt.threads[i] > 1) {
            if (measure_roofs)
                roofline_measure_threads(&roof, opt.threads[i]);
            opt.pools[i] = pthreadpool_create(opt.threads[i]);
            if (!opt.pools[i]) {
                fprintf(stderr, "skb-bench: could not create a pool of %zu threads\n",
                        opt.threads[i]);
                return 1;
            }
        }
    }
    if (measure_roofs)
        add_thread_roof_context(&roof, &opt);
    skb_bench_add_context("skb_threads", counts);
    opt.roof = &roof;
    bench_arena registrations = {0};
    opt.arena = &registrations;
    add_cpu_model_context();
    skb_bench_add_context("skb_command_line", command_line);
    add_variant_context();
    skb_bench_add_context("skb_default_variant", skb_default_kernels()->name);
    char batch[32];
    snprintf(batch, sizeof batch, "%lld", (long long)opt.batch);
    skb_bench_add_context("skb_batch", batch);

    size_t missing = 0;
    char missing_names[1024];
    register_kernel_benchmarks(&shapes, &opt, &missing, missing_names, sizeof missing_names);
    if (missing) {
        /* Kernels still being written: their table entries are NULL. */
        fprintf(stderr, "skb-bench: %zu kernels not available yet (not benchmarked): %s\n",
                missing, missing_names);
        skb_bench_add_context("skb_kernels_not_available", missing_names);
    }
    register_peer_benchmarks(&shapes, &opt);
    register_thread_floor_benchmarks(&opt);
    const size_t ran = skb_bench_run();
    skb_bench_shutdown();
    bench_arena_free(&registrations);
    shapes_free(&shapes);
    for (size_t i = 0; i < opt.thread_counts; i++)
        if (opt.pools[i])
            pthreadpool_destroy(opt.pools[i]);
    if (ran == 0) {
        fprintf(stderr, "skb-bench: no benchmark matches the filter\n");
        return 1;
    }
    return 0;
}
