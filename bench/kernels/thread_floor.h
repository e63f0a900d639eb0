/* What handing work to other threads costs on this machine, whatever the
 * work: the floor under every speedup on several threads.
 *
 *   poolcall/any/pthreadpool/empty/t<t>   one pthreadpool_parallelize_1d of
 *       t empty tasks on a pool of t threads, with the flags skb's plans use:
 *       what an skb_execute on t threads pays before any kernel runs.
 *   poolcall/any/cacheline/roundtrip/t2   one cache line sent from the first
 *       core to the second and back: what any pool, however lean, pays at
 *       least once a call.
 */
#ifndef SKB_BENCH_THREAD_FLOOR_H
#define SKB_BENCH_THREAD_FLOOR_H

#include "kernels_bench.h"

/* Registers them for each thread count past 1 in opt; returns how many. */
size_t register_thread_floor_benchmarks(const kernel_bench_options *opt);

#endif
