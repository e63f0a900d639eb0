/* The bandwidth roof: this process's own read, write and copy bandwidth for
 * working sets that fit L1, L2, L3 and only DRAM, measured at start-up. */
#ifndef SKB_BENCH_ROOFLINE_H
#define SKB_BENCH_ROOFLINE_H

#include <stddef.h>

enum { ROOF_L1, ROOF_L2, ROOF_L3, ROOF_DRAM, ROOF_LEVELS };

/* The read-bandwidth sweep: the plateaus of a read pass over growing working
 * sets show where each cache ends, whatever the OS or CPUID report. */
#define ROOF_SWEEP_POINTS 31 /* 16 KiB to 512 MiB in steps of sqrt(2) */

/* Drops the sweep keeps, in size order: more than the three levels, since
 * a noisy point can read as a drop below a real edge. */
#define ROOF_SWEEP_EDGES 8

typedef struct roof_sweep {
    size_t bytes[ROOF_SWEEP_POINTS];
    double read_gbs[ROOF_SWEEP_POINTS];
    size_t edge[ROOF_SWEEP_EDGES]; /* where each bandwidth drop lies, 0 after the last */
} roof_sweep;

/* How one cache level's size was settled. */
typedef enum cache_verdict {
    CACHE_CONFIRMED,     /* reported, and the sweep drops within a factor 2 of it */
    CACHE_MEASURED,      /* the sweep's plateau, where it disagrees with the report */
    CACHE_UNCONFIRMED,   /* reported, but the sweep shows no drop near it */
    CACHE_DEFAULT        /* neither reported nor seen: a typical size */
} cache_verdict;

#define ROOF_MAX_THREADS 64

typedef struct roofline {
    size_t cache_bytes[3];           /* L1d, L2, L3 sizes the roofs use */
    size_t reported_bytes[3];        /* what sysfs or CPUID said, 0 if nothing */
    const char *reported_source;     /* "sysfs", "cpuid leaf 4", ... */
    cache_verdict verdict[3];
    size_t level_edge[3];            /* the sweep's edge that settled each level, 0 if none */
    roof_sweep sweep;
    size_t working_set[ROOF_LEVELS]; /* bytes touched by each measurement */
    double read_gbs[ROOF_LEVELS];
    double write_gbs[ROOF_LEVELS];
    double copy_gbs[ROOF_LEVELS];    /* (bytes read + bytes written) / s */
    /* The copy roof on t threads at once, t = 2..ROOF_MAX_THREADS (0 where
     * not measured; [1] is copy_gbs). */
    double copy_gbs_threads[ROOF_MAX_THREADS + 1][ROOF_LEVELS];
} roofline;

/* Reads the reported caches, sweeps, settles the sizes, then measures the
 * roofs; takes about two seconds. */
void roofline_measure(roofline *r);

/* Only the cache sizes, as reported (or typical), and no roofs: every
 * roofline_copy_gbs is 0. */
void roofline_reported(roofline *r);

/* The smallest level whose cache holds `bytes` with room to spare (at most
 * three quarters of its size); ROOF_DRAM if none does. */
int roofline_level(const roofline *r, size_t bytes);

/* The copy roof on `threads` threads, measured as the one-thread roof but
 * with every thread copying at once on a pthreadpool (as skb's plans run):
 * each its own half of L1 or L2 (private caches), or its share of the L3 and
 * DRAM working sets (shared); the best of timed passes.  After
 * roofline_measure(). */
void roofline_measure_threads(roofline *r, size_t threads);

/* copy_gbs on that many threads (1: the one-thread roof); 0 if not measured. */
double roofline_copy_gbs(const roofline *r, int level, size_t threads);

const char *roofline_level_name(int level);
const char *cache_verdict_name(cache_verdict v); /* "confirmed", "measured", ... */

#endif
