/* skb-count: runs each selected kernel a fixed number of times on its
 * real-network shape, for valgrind's callgrind to count the instructions of
 * exactly those calls.  The performance gate's deterministic tier: unlike
 * time, an instruction count is the same on every run of the same binary,
 * whatever else the machine is doing.
 *
 *   valgrind --tool=callgrind --instr-atstart=no skb-count --filter=REGEX
 *
 * Every kernel is first checked against the reference (XXH3-64 of its
 * output); then its calls run between CALLGRIND_ZERO_STATS and
 * CALLGRIND_DUMP_STATS_AT("op/layout/variant/net.layer"), so each dump holds
 * one kernel's calls and nothing else.  Run natively, the client requests do
 * nothing and the program only checks and runs the kernels. */
#include "kernels_bench.h"
#include "variants.h"
#include "verify.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/callgrind.h>

#ifndef SKB_NETWORKS_DIR
#define SKB_NETWORKS_DIR "bench/networks"
#endif

static const char usage[] =
    "usage: skb-count [--filter=REGEX] [--variants=LIST] [--calls=N] [--networks=DIR]\n"
    "                 [--inject-slow=OP/LAYOUT/VARIANT:FRACTION]\n"
    "Runs every kernel whose name (op/layout/variant/net.layer, as in skb-bench) matches\n"
    "REGEX (POSIX extended) N times (default 1) after checking it against the reference,\n"
    "one callgrind dump per kernel.  Prints one line per kernel: its name and calls.\n";

typedef struct count_options {
    regex_t filter;
    bool variants[SKB_ISA_COUNT];
    long calls;
    const char *networks_dir;
    bool inject_slow;
    kernel_id slow;
    double slow_fraction;
} count_options;

/* Plans, checks and counts one kernel on one shape; false on a mismatch or
 * an error (reported). */
static bool count_one(const char *name, const shape *sh, skb_op op, skb_layout layout,
                      const skb_kernels *k, bool slow, const count_options *opt)
{
    const skb_tensor_desc t = {1, sh->c, sh->h, sh->w, layout};
    skb_layer_plan plan;
    skb_error err;
    /* Planned once; only the executions below are counted. */
    if (skb_plan_layer(&plan, k, op, &t, &sh->window, SKB_PATH_AUTO, &err) != SKB_OK) {
        fprintf(stderr, "skb-count: %s: %s\n", name, err.message);
        return false;
    }
    if (slow)
        plan.fn = kernel_slowed(plan.fn, opt->slow_fraction);
    const skb_geometry g = plan.geom;
    bool workspace_ok;
    void *workspace = bench_alloc_workspace(&plan, &workspace_ok);
    float *src = bench_alloc_floats(g.src_elems), *dst = bench_alloc_floats(g.dst_elems);
    bool ok = src && dst && workspace_ok;
    if (!ok)
        fprintf(stderr, "skb-count: %s: out of memory\n", name);
    if (ok) {
        bench_fill_input(src, g.src_elems, 42);
        bench_poison(dst, g.dst_elems);
        bench_run_reference(&g, src, dst);
        const uint64_t expected = bench_hash(dst, g.dst_elems);
        char mismatch[320];
        ok = bench_verify(&plan, src, dst, workspace, expected, mismatch, sizeof mismatch);
        if (!ok)
            fprintf(stderr, "skb-count: %s: %s\n", name, mismatch);
    }
    if (ok) {
        CALLGRIND_START_INSTRUMENTATION;
        CALLGRIND_ZERO_STATS;
        for (long i = 0; i < opt->calls; i++)
            skb_execute(&plan, src, dst, workspace);
        CALLGRIND_DUMP_STATS_AT(name);
        CALLGRIND_STOP_INSTRUMENTATION;
        printf("%s %ld\n", name, opt->calls);
    }
    free(src);
    free(dst);
    free(workspace);
    return ok;
}

static bool parse_args(int argc, char **argv, count_options *opt)
{
    const char *filter = ".";
    for (int isa = 0; isa < SKB_ISA_COUNT; isa++)
        opt->variants[isa] = true;
    opt->calls = 1;
    opt->networks_dir = SKB_NETWORKS_DIR;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        char error[256];
        if (strncmp(a, "--filter=", 9) == 0) {
            filter = a + 9;
        } else if (strncmp(a, "--networks=", 11) == 0) {
            opt->networks_dir = a + 11;
        } else if (strncmp(a, "--calls=", 8) == 0) {
            char *end;
            opt->calls = strtol(a + 8, &end, 10);
            if (end == a + 8 || *end || opt->calls < 1 || opt->calls > 1000000) {
                fprintf(stderr, "skb-count: --calls=%s: want a whole number from 1 to 1000000\n",
                        a + 8);
                return false;
            }
        } else if (strncmp(a, "--variants=", 11) == 0) {
            if (!variants_parse("skb-count", a + 11, opt->variants))
                return false;
        } else if (strncmp(a, "--inject-slow=", 14) == 0) {
            if (!kernel_slowdown_parse(a + 14, &opt->slow, &opt->slow_fraction, error,
                                       sizeof error)) {
                fprintf(stderr, "skb-count: --inject-slow: %s\n", error);
                return false;
            }
            opt->inject_slow = true;
        } else {
            fprintf(stderr, "skb-count: unknown argument '%s'\n%s", a, usage);
            return false;
        }
    }
    const int rc = regcomp(&opt->filter, filter, REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
        char error[256];
        regerror(rc, &opt->filter, error, sizeof error);
        fprintf(stderr, "skb-count: --filter=%s: %s\n", filter, error);
        return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    count_options opt = {0};
    if (!parse_args(argc, argv, &opt))
        return 2;
    shape_list shapes = {0};
    char error[512];
    if (!shapes_read_dir(opt.networks_dir, &shapes, error, sizeof error)) {
        fprintf(stderr, "skb-count: %s\n", error);
        regfree(&opt.filter);
        return 2;
    }
    size_t counted = 0, failed = 0;
    for (int op = 0; op < SKB_OP_COUNT; op++)
        for (size_t i = 0; i < shapes.count; i++) {
            const shape *sh = &shapes.items[i];
            if (!shape_runs_op(sh->kind, (skb_op)op))
                continue;
            for (int layout = 0; layout < SKB_LAYOUT_COUNT; layout++)
                for (int isa = 0; isa < SKB_ISA_COUNT; isa++) {
                    const skb_kernels *k = skb_kernels_for((skb_isa)isa);
                    if (!k || !opt.variants[isa] ||
                        !kernel_has_paths(k, (skb_op)op, (skb_layout)layout))
                        continue;
                    char name[160];
                    snprintf(name, sizeof name, "%s/%s/%s/%s", skb_op_name((skb_op)op),
                             skb_layout_name((skb_layout)layout), k->name, sh->name);
                    if (regexec(&opt.filter, name, 0, NULL, 0) != 0)
                        continue;
                    const bool slow = opt.inject_slow && (int)opt.slow.op == op &&
                                      (int)opt.slow.layout == layout && (int)opt.slow.isa == isa;
                    if (count_one(name, sh, (skb_op)op, (skb_layout)layout, k, slow, &opt))
                        counted++;
                    else
                        failed++;
                }
        }
    shapes_free(&shapes);
    regfree(&opt.filter);
    if (counted + failed == 0) {
        fprintf(stderr, "skb-count: no kernel matches the filter\n");
        return 1;
    }
    return failed ? 1 : 0;
}
