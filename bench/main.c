/* skb-bench: every kernel x layout x variant over real-network shapes,
 * verified against the reference before it is timed, with bandwidth roofs.
 *
 * Suite flags (Google Benchmark's own --benchmark_* flags work as usual):
 *   --variants=LIST      comma-separated: reference,scalar,sse,avx2,avx512
 *                        (default: all this CPU offers)
 *   --batch=N            batch size (default 1)
 *   --shapes=DIR         directory of *.shapes files (default: the source tree's)
 *   --inject-wrong=OP/LAYOUT/VARIANT
 *                        replace one kernel by a deliberately wrong one */
#include "gbench.h"
#include "kernels_bench.h"
#include "peers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SKB_SHAPES_DIR
#define SKB_SHAPES_DIR "bench/shapes"
#endif

static bool parse_variants(const char *list, bool variants[SKB_ISA_COUNT])
{
    char copy[256];
    snprintf(copy, sizeof copy, "%s", list);
    memset(variants, 0, SKB_ISA_COUNT * sizeof variants[0]);
    for (char *name = strtok(copy, ","); name; name = strtok(NULL, ",")) {
        skb_isa isa;
        if (!skb_isa_from_name(name, &isa)) {
            fprintf(stderr,
                    "skb-bench: --variants: unknown variant '%s' (known: reference, scalar, "
                    "sse, avx2, avx512)\n",
                    name);
            return false;
        }
        if (!skb_kernels_for(isa))
            fprintf(stderr, "skb-bench: --variants: %s is not available on this CPU; skipped\n",
                    name);
        variants[isa] = true;
    }
    return true;
}

static void add_roof_context(const roofline *r)
{
    char key[64], value[160];
    for (int level = 0; level < ROOF_LEVELS; level++) {
        snprintf(key, sizeof key, "roof_%s", roofline_level_name(level));
        snprintf(value, sizeof value,
                 "working set %zu bytes: read %.1f GB/s, write %.1f GB/s, copy %.1f GB/s",
                 r->working_set[level], r->read_gbs[level], r->write_gbs[level],
                 r->copy_gbs[level]);
        skb_bench_add_context(key, value);
        fprintf(stderr, "roof %-4s (%9zu bytes): read %6.1f  write %6.1f  copy %6.1f GB/s\n",
                roofline_level_name(level), r->working_set[level], r->read_gbs[level],
                r->write_gbs[level], r->copy_gbs[level]);
    }
    for (int i = 0; i < 3; i++) {
        snprintf(key, sizeof key, "cache_L%d_bytes", i + 1);
        snprintf(value, sizeof value, "%zu", r->cache_bytes[i]);
        skb_bench_add_context(key, value);
    }
}

int main(int argc, char **argv)
{
    kernel_bench_options opt = {.batch = 1};
    for (int isa = 0; isa < SKB_ISA_COUNT; isa++)
        opt.variants[isa] = true;
    const char *shapes_dir = SKB_SHAPES_DIR;

    /* Take our flags out; Google Benchmark parses the rest. */
    int kept = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--variants=", 11) == 0) {
            if (!parse_variants(a + 11, opt.variants))
                return 2;
        } else if (strncmp(a, "--batch=", 8) == 0) {
            opt.batch = strtoll(a + 8, NULL, 10);
            if (opt.batch < 1) {
                fprintf(stderr, "skb-bench: --batch=%s: must be a whole number >= 1\n", a + 8);
                return 2;
            }
        } else if (strncmp(a, "--shapes=", 9) == 0) {
            shapes_dir = a + 9;
        } else if (strncmp(a, "--inject-wrong=", 15) == 0) {
            opt.inject_wrong = a + 15;
        } else {
            argv[kept++] = argv[i];
        }
    }
    argc = kept;
    skb_bench_initialize(&argc, argv);
    if (argc > 1) {
        fprintf(stderr, "skb-bench: unknown argument '%s'\n", argv[1]);
        return 2;
    }

    shape_list shapes = {0};
    char error[512];
    if (!shapes_read_dir(shapes_dir, &shapes, error, sizeof error)) {
        fprintf(stderr, "skb-bench: %s\n", error);
        return 2;
    }

    roofline roof;
    fprintf(stderr, "measuring the bandwidth roofs...\n");
    roofline_measure(&roof);
    add_roof_context(&roof);
    opt.roof = &roof;
    skb_bench_add_context("skb_default_variant", skb_default_kernels()->name);
    char batch[32];
    snprintf(batch, sizeof batch, "%lld", (long long)opt.batch);
    skb_bench_add_context("skb_batch", batch);

    register_kernel_benchmarks(&shapes, &opt);
    register_peer_benchmarks(&shapes, &opt);
    const size_t ran = skb_bench_run();
    skb_bench_shutdown();
    shapes_free(&shapes);
    if (ran == 0) {
        fprintf(stderr, "skb-bench: no benchmark matches the filter\n");
        return 1;
    }
    return 0;
}
