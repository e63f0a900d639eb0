/* The cost of a pool call and of a cache line's round trip between two
 * cores (thread_floor.h). */
#define _GNU_SOURCE
#include "thread_floor.h"

#include <pthread.h>
#include <pthreadpool.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

#include "cores.h"
#include "gbench.h"

typedef struct pool_call_bench {
    struct pthreadpool *pool;
    size_t threads;
} pool_call_bench;

static void empty_task(void *context, size_t i)
{
    (void)context;
    (void)i;
}

static void run_pool_call(skb_bench_state *s, void *arg)
{
    const pool_call_bench *b = arg;
    cores_use(b->threads);
    skb_bench_set_label(s, "pthreadpool_parallelize_1d, one empty task a thread");
    /* The same flags as skb_execute (kernels/parallel.c). */
    while (skb_bench_keep_running(s))
        pthreadpool_parallelize_1d(b->pool, empty_task, NULL, b->threads,
                                   PTHREADPOOL_FLAG_YIELD_WORKERS);
    skb_bench_set_counter(s, "threads", (double)b->threads, SKB_COUNTER_PLAIN);
}

/* The line both threads spin on: odd values are the first core's serve,
 * even ones the second core's return.  Alone in its cache line. */
typedef struct rally {
    _Alignas(64) atomic_llong ball;
    char pad[64 - sizeof(atomic_llong)];
} rally;

static void pin_to(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set); /* a failure: unpinned */
}

static void *return_serves(void *arg)
{
    rally *r = arg;
    pin_to(cores_nth(1));
    for (;;) {
        long long v;
        while (((v = atomic_load_explicit(&r->ball, memory_order_acquire)) & 1) == 0)
            ;
        if (v < 0)
            return NULL; /* the end of the rally */
        atomic_store_explicit(&r->ball, v + 1, memory_order_release);
    }
}

static void run_round_trip(skb_bench_state *s, void *arg)
{
    (void)arg;
    static rally r;
    atomic_store(&r.ball, 0);
    pthread_t other;
    if (pthread_create(&other, NULL, return_serves, &r) != 0) {
        skb_bench_skip_with_error(s, "could not start the second thread");
        return;
    }
    pin_to(cores_nth(0));
    skb_bench_set_label(s, "one cache line, first core -> second -> first");
    long long v = 0;
    while (skb_bench_keep_running(s)) {
        atomic_store_explicit(&r.ball, v + 1, memory_order_release);
        while (atomic_load_explicit(&r.ball, memory_order_acquire) != v + 2)
            ;
        v += 2;
    }
    atomic_store_explicit(&r.ball, -1, memory_order_release); /* odd and negative */
    pthread_join(other, NULL);
    cores_use(2);
    skb_bench_set_counter(s, "threads", 2, SKB_COUNTER_PLAIN);
}

size_t register_thread_floor_benchmarks(const kernel_bench_options *opt)
{
    size_t registered = 0;
    for (size_t i = 0; i < opt->thread_counts; i++) {
        const size_t t = opt->threads[i];
        if (t < 2 || !opt->pools[i])
            continue;
        pool_call_bench *b = bench_arena_alloc(opt->arena, sizeof *b);
        *b = (pool_call_bench){opt->pools[i], t};
        char name[96];
        snprintf(name, sizeof name, "poolcall/any/pthreadpool/empty/t%zu", t);
        skb_bench_register_real_time(name, run_pool_call, b, 0);
        registered++;
        if (t == 2 && cores_count() >= 2) {
            skb_bench_register_real_time("poolcall/any/cacheline/roundtrip/t2", run_round_trip,
                                         NULL, 0);
            registered++;
        }
    }
    return registered;
}
