/* Registers op x layout x variant x shape benchmarks of the skb kernels,
 * and a memcpy of im2col's output bytes beside each conv shape. */
#ifndef SKB_BENCH_KERNELS_BENCH_H
#define SKB_BENCH_KERNELS_BENCH_H

#include "arena.h"
#include "roofline.h"
#include "shapes.h"

/* One kernel of one table: "op/layout/variant", e.g. maxpool/nhwc/avx2. */
typedef struct kernel_id {
    skb_op op;
    skb_layout layout;
    skb_isa isa;
} kernel_id;

typedef struct kernel_bench_options {
    bool variants[SKB_ISA_COUNT]; /* which variants to register */
    int64_t batch;
    const roofline *roof;
    bench_arena *arena; /* owns what the registered benchmarks point at */
    /* The kernel replaced by a deliberately wrong one (to show that a
     * mismatch is skipped, never timed), if inject_wrong is set. */
    bool inject_wrong;
    kernel_id wrong;
} kernel_bench_options;

typedef struct skb_bench_state skb_bench_state;

/* Parses "op/layout/variant".  On failure writes what is wrong (naming the
 * unknown part) into error and returns false. */
bool kernel_id_parse(const char *text, kernel_id *id, char *error, size_t error_size);

/* Reports `bytes` (read + written) per iteration: bytes/s, the fraction of
 * the copy roof of the cache level they fit, the level and the size. */
void bench_set_throughput(skb_bench_state *s, const roofline *roof, size_t bytes);

/* Registers the benchmarks; returns how many.  Table entries that are NULL
 * (kernels not written yet) are not registered: *missing receives how many
 * there were and missing_names (if not NULL) their ids, comma-separated. */
size_t register_kernel_benchmarks(const shape_list *shapes, const kernel_bench_options *opt,
                                  size_t *missing, char *missing_names, size_t names_size);

#endif
