/* Which cores the benchmarks run on: one core for a one-thread benchmark (so
 * the scheduler never moves it between caches mid-run), every core the
 * process was given for one on several threads. */
#ifndef SKB_BENCH_CORES_H
#define SKB_BENCH_CORES_H

#include <stddef.h>

/* Notes the cores the process may use; call before creating any thread. */
void cores_remember(void);

/* How many it may use (at least 1). */
size_t cores_count(void);

/* Runs the calling thread on the first of them (threads == 1) or on all. */
void cores_use(size_t threads);

/* The i-th of them (counting from 0) as a CPU number, for pinning one
 * thread to one core; the first if there are not that many. */
int cores_nth(size_t i);

#endif
