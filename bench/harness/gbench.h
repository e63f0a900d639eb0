/* A C interface to Google Benchmark (which has none): registration, the
 * timing loop, throughput and user counters, labels, skipping with an
 * error, and the run itself.  Implemented in gbench_shim.cc. */
#ifndef SKB_BENCH_GBENCH_H
#define SKB_BENCH_GBENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct skb_bench_state skb_bench_state; /* one benchmark run */
typedef void (*skb_bench_fn)(skb_bench_state *state, void *arg);

typedef enum skb_counter_kind {
    SKB_COUNTER_PLAIN, /* reported as given */
    SKB_COUNTER_RATE,  /* divided by the elapsed time: per second */
    SKB_COUNTER_AVERAGE_PER_ITERATION
} skb_counter_kind;

/* Registers `fn(state, arg)` under `name`; arg must outlive the run.
 * min_time_s > 0 overrides the default minimum time for this benchmark. */
void skb_bench_register(const char *name, skb_bench_fn fn, void *arg, double min_time_s);

/* The same, timed by the wall clock instead of the calling thread's CPU
 * time: for work that other threads do. */
void skb_bench_register_real_time(const char *name, skb_bench_fn fn, void *arg,
                                  double min_time_s);

/* The timing loop: while (skb_bench_keep_running(s)) { work(); } */
bool skb_bench_keep_running(skb_bench_state *s);
int64_t skb_bench_iterations(const skb_bench_state *s);
void skb_bench_pause_timing(skb_bench_state *s);
void skb_bench_resume_timing(skb_bench_state *s);

/* Makes the compiler assume the memory at p is read and written here, so
 * work whose result is unused is not optimized away. */
void skb_bench_do_not_optimize(void *p);

void skb_bench_set_bytes_processed(skb_bench_state *s, int64_t bytes);
void skb_bench_set_items_processed(skb_bench_state *s, int64_t items);
void skb_bench_set_counter(skb_bench_state *s, const char *name, double value,
                           skb_counter_kind kind);
void skb_bench_set_label(skb_bench_state *s, const char *label);
/* Marks the run as failed; no time is reported for it.  Call before the
 * timing loop, and then do not enter it. */
void skb_bench_skip_with_error(skb_bench_state *s, const char *message);

/* Adds key: value to the "context" of the JSON and console output. */
void skb_bench_add_context(const char *key, const char *value);

/* Parses and removes Google Benchmark's own flags (--benchmark_*). */
void skb_bench_initialize(int *argc, char **argv);
/* Runs the benchmarks that match --benchmark_filter; returns how many. */
size_t skb_bench_run(void);
void skb_bench_shutdown(void);

#ifdef __cplusplus
}
#endif
#endif
