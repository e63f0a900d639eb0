/* Registers op x layout x variant x shape benchmarks of the skb kernels,
 * and a memcpy of im2col's output bytes beside each conv shape. */
#ifndef SKB_BENCH_KERNELS_BENCH_H
#define SKB_BENCH_KERNELS_BENCH_H

#include "roofline.h"
#include "shapes.h"

typedef struct kernel_bench_options {
    bool variants[SKB_ISA_COUNT]; /* which variants to register */
    int64_t batch;
    const roofline *roof;
    /* op/layout/variant whose kernel is replaced by a deliberately wrong one
     * (to show that a mismatch is skipped, never timed); NULL for none. */
    const char *inject_wrong;
} kernel_bench_options;

typedef struct skb_bench_state skb_bench_state;

/* Reports `bytes` (read + written) per iteration: bytes/s, the fraction of
 * the copy roof of the cache level they fit, the level and the size. */
void bench_set_throughput(skb_bench_state *s, const roofline *roof, size_t bytes);

/* Returns the number of benchmarks registered. */
size_t register_kernel_benchmarks(const shape_list *shapes, const kernel_bench_options *opt);

#endif
