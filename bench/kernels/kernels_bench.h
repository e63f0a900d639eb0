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

#define BENCH_MAX_THREAD_COUNTS 8

struct pthreadpool;

typedef struct kernel_bench_options {
    bool variants[SKB_ISA_COUNT]; /* which variants to register */
    /* Thread counts to time (--threads); 1 registers the usual names, t > 1
     * names ending in /t<t> for the default variant and the peers, run on
     * pools[i] (pthreadpool_create(t)), plans taking the threads their work
     * is worth. */
    size_t threads[BENCH_MAX_THREAD_COUNTS];
    struct pthreadpool *pools[BENCH_MAX_THREAD_COUNTS];
    size_t thread_counts;
    int64_t batch;
    const roofline *roof;
    bench_arena *arena; /* owns what the registered benchmarks point at */
    /* The kernel replaced by a deliberately wrong one (to show that a
     * mismatch is skipped, never timed), if inject_wrong is set. */
    bool inject_wrong;
    kernel_id wrong;
    /* The kernel slowed down by about a fraction (to show that the
     * performance gate catches it), if inject_slow is set. */
    bool inject_slow;
    kernel_id slow;
    double slow_fraction;
} kernel_bench_options;

typedef struct skb_bench_state skb_bench_state;

/* Parses "op/layout/variant".  On failure writes what is wrong (naming the
 * unknown part) into error and returns false. */
bool kernel_id_parse(const char *text, kernel_id *id, char *error, size_t error_size);

/* Parses "op/layout/variant:fraction", fraction in (0, 1]. */
bool kernel_slowdown_parse(const char *text, kernel_id *id, double *fraction, char *error,
                           size_t error_size);

/* Wraps `kernel` so that each call also repeats about `fraction` of its
 * work (the first round(fraction * C) channels again, into a scratch
 * buffer).  One kernel at a time can be slowed. */
skb_kernel_fn kernel_slowed(skb_kernel_fn kernel, double fraction);

/* Writes every variant skb knows, slowest first, comma-separated, into the
 * JSON context as skb_variants: the reports read the list from there. */
void add_variant_context(void);

/* Whether table k has any path for (op, layout). */
bool kernel_has_paths(const skb_kernels *k, skb_op op, skb_layout layout);

/* Reports `bytes` (read + written) per iteration: bytes/s, the fraction of
 * the copy roof of the cache level they fit, the level and the size. */
void bench_set_throughput(skb_bench_state *s, const roofline *roof, size_t bytes);

/* The same, for a run on `threads` threads: the fraction of that many
 * threads' copy roof, and the count as a counter. */
void bench_set_throughput_threads(skb_bench_state *s, const roofline *roof, size_t bytes,
                                  size_t threads);

/* "op/layout/variant/shape", with "/t<threads>" for more than one thread. */
void bench_thread_name(char *name, size_t size, const char *op, const char *layout,
                       const char *variant, const char *shape, size_t threads);

/* Registers the benchmarks; returns how many.  Table entries that are NULL
 * (kernels not written yet) are not registered: *missing receives how many
 * there were and missing_names (if not NULL) their ids, comma-separated. */
size_t register_kernel_benchmarks(const shape_list *shapes, const kernel_bench_options *opt,
                                  size_t *missing, char *missing_names, size_t names_size);

#endif
