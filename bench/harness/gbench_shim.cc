// The C++ side of gbench.h: each C call forwards to benchmark::State.
#include "gbench.h"

#include <benchmark/benchmark.h>

struct skb_bench_state {
    benchmark::State &state;
};

extern "C" {

static benchmark::internal::Benchmark *register_one(const char *name, skb_bench_fn fn,
                                                     void *arg, double min_time_s)
{
    benchmark::internal::Benchmark *b =
        benchmark::RegisterBenchmark(name, [fn, arg](benchmark::State &st) {
            skb_bench_state s{st};
            fn(&s, arg);
        });
    b->Unit(benchmark::kMicrosecond);
    if (min_time_s > 0)
        b->MinTime(min_time_s);
    return b;
}

void skb_bench_register(const char *name, skb_bench_fn fn, void *arg, double min_time_s)
{
    register_one(name, fn, arg, min_time_s);
}

void skb_bench_register_real_time(const char *name, skb_bench_fn fn, void *arg,
                                  double min_time_s)
{
    register_one(name, fn, arg, min_time_s)->UseRealTime();
}

bool skb_bench_keep_running(skb_bench_state *s) { return s->state.KeepRunning(); }
int64_t skb_bench_iterations(const skb_bench_state *s) { return s->state.iterations(); }
void skb_bench_pause_timing(skb_bench_state *s) { s->state.PauseTiming(); }
void skb_bench_resume_timing(skb_bench_state *s) { s->state.ResumeTiming(); }

void skb_bench_do_not_optimize(void *p)
{
    benchmark::DoNotOptimize(p);
    benchmark::ClobberMemory();
}

void skb_bench_set_bytes_processed(skb_bench_state *s, int64_t bytes)
{
    s->state.SetBytesProcessed(bytes);
}

void skb_bench_set_items_processed(skb_bench_state *s, int64_t items)
{
    s->state.SetItemsProcessed(items);
}

void skb_bench_set_counter(skb_bench_state *s, const char *name, double value,
                           skb_counter_kind kind)
{
    benchmark::Counter::Flags flags = benchmark::Counter::kDefaults;
    if (kind == SKB_COUNTER_RATE)
        flags = benchmark::Counter::kIsRate;
    else if (kind == SKB_COUNTER_AVERAGE_PER_ITERATION)
        flags = benchmark::Counter::kAvgIterations;
    s->state.counters[name] = benchmark::Counter(value, flags);
}

void skb_bench_set_label(skb_bench_state *s, const char *label) { s->state.SetLabel(label); }

void skb_bench_skip_with_error(skb_bench_state *s, const char *message)
{
    s->state.SkipWithError(message);
}

void skb_bench_add_context(const char *key, const char *value)
{
    benchmark::AddCustomContext(key, value);
}

void skb_bench_initialize(int *argc, char **argv) { benchmark::Initialize(argc, argv); }
size_t skb_bench_run(void) { return benchmark::RunSpecifiedBenchmarks(); }
void skb_bench_shutdown(void) { benchmark::Shutdown(); }

} // extern "C"
