/* Measures the bandwidth roofs (read: memchr, write: memset, copy: memcpy),
 * best of several timed passes. */
#define _POSIX_C_SOURCE 200809L
#include "roofline.h"

#include "cpu_caches.h"

#include <math.h>
#include <pthreadpool.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* glibc's memchr, memset and memcpy use the widest vectors the CPU has, so
 * the roofs are what this machine can move, not what a baseline x86-64
 * loop can.  memchr looks for a byte the buffer does not hold: it reads it
 * all. */
static const void *volatile g_sink;

static void read_pass(const void *buf, size_t bytes)
{
    g_sink = memchr(buf, 0xAB, bytes);
}

typedef enum { PASS_READ, PASS_WRITE, PASS_COPY } pass_kind;

/* Best bandwidth (bytes moved / s) over passes of one kind on `bytes` of
 * working set, for at least `min_s` seconds. */
static double measure(pass_kind kind, unsigned char *a, unsigned char *b, size_t bytes,
                      double min_s)
{
    double best = 0;
    const double until = now_s() + min_s;
    int passes = 0;
    do {
        const double t0 = now_s();
        size_t moved = 0;
        /* Enough repetitions per timing that clock overhead vanishes. */
        const size_t reps = bytes < (1u << 20) ? (1u << 20) / bytes * 8 : 1;
        for (size_t r = 0; r < reps; r++) {
            switch (kind) {
            case PASS_READ:
                read_pass(a, bytes);
                moved += bytes;
                break;
            case PASS_WRITE:
                memset(a, (int)(r & 0x7F), bytes);
                moved += bytes;
                break;
            case PASS_COPY:
                memcpy(b, a, bytes / 2);
                moved += bytes; /* half read, half written */
                break;
            }
        }
        const double gbs = (double)moved / (now_s() - t0) / 1e9;
        if (gbs > best)
            best = gbs;
        passes++;
    } while (now_s() < until || passes < 3);
    return best;
}

/* Read bandwidth over working sets from 16 KiB to 512 MiB, each the best of
 * passes for a short while; `buf` holds the largest. */
static void sweep_read(roof_sweep *s, unsigned char *buf)
{
    for (int i = 0; i < ROOF_SWEEP_POINTS; i++) {
        /* 16 KiB * 2^(i/2), rounded to whole cache lines. */
        const double bytes = 16384.0 * pow(2.0, i / 2.0);
        s->bytes[i] = (size_t)bytes / 64 * 64;
        s->read_gbs[i] = measure(PASS_READ, buf, NULL, s->bytes[i], 0.02);
    }
    /* An edge is a drop of at least 15% across one doubling (points i and
     * i + 2) that is the largest among its neighbours and lasts; near point
     * i + 1.  Kept in size order; settle_caches picks the levels' among
     * them (measured: one noisy dip at 256 KiB took the third place and
     * hid this VM's L3 edge at 22 MiB, when only three were kept). */
    int found = 0;
    for (int i = 0; i + 2 < ROOF_SWEEP_POINTS && found < ROOF_SWEEP_EDGES; i++) {
        const double drop = s->read_gbs[i] / s->read_gbs[i + 2];
        const double before = i > 0 ? s->read_gbs[i - 1] / s->read_gbs[i + 1] : 0;
        const double after =
            i + 3 < ROOF_SWEEP_POINTS ? s->read_gbs[i + 1] / s->read_gbs[i + 3] : 0;
        /* ... and after which the bandwidth stays down: a dip that
         * recovers within two more points is noise. */
        double later = s->read_gbs[i + 2];
        for (int k = i + 3; k < ROOF_SWEEP_POINTS && k <= i + 4; k++)
            if (s->read_gbs[k] > later)
                later = s->read_gbs[k];
        if (drop >= 1.15 && drop >= before && drop > after && s->read_gbs[i] >= 1.15 * later)
            s->edge[found++] = s->bytes[i + 1];
    }
}

/* Settles each level's size from the report and the sweep: the level's
 * edge is the first measured edge above the level below; a reported size
 * with that edge within a factor 2 is confirmed; otherwise the edge wins (a
 * VM that reports its host's L3, say); a level neither reported nor seen
 * gets a typical size. */
static void settle_caches(roofline *r)
{
    static const size_t typical[3] = {32u << 10, 512u << 10, 16u << 20};
    size_t below = 0;
    for (int level = 0; level < 3; level++) {
        const size_t reported = r->reported_bytes[level];
        size_t next_edge = 0;
        for (int e = 0; e < ROOF_SWEEP_EDGES && r->sweep.edge[e] && !next_edge; e++)
            if (r->sweep.edge[e] > below + below / 2)
                next_edge = r->sweep.edge[e];
        /* Only the level's own edge, the first above the level below, can
         * confirm it: a later one belongs to a level above (or to DRAM's
         * own slow decline, which once "confirmed" this VM's reported
         * 508 MiB L3 by a drop near 256 MiB). */
        const size_t near_edge =
            reported && next_edge >= reported / 2 && next_edge <= reported * 2 ? next_edge : 0;
        r->level_edge[level] = near_edge ? near_edge : next_edge;
        if (reported && near_edge) {
            r->cache_bytes[level] = reported;
            r->verdict[level] = CACHE_CONFIRMED;
        } else if (next_edge) {
            r->cache_bytes[level] = next_edge;
            r->verdict[level] = CACHE_MEASURED;
        } else if (reported) {
            r->cache_bytes[level] = reported;
            r->verdict[level] = CACHE_UNCONFIRMED;
        } else {
            r->cache_bytes[level] = typical[level] > below ? typical[level] : 4 * below;
            r->verdict[level] = CACHE_DEFAULT;
        }
        below = r->cache_bytes[level];
    }
}

static void read_reported(roofline *r)
{
    memset(r, 0, sizeof *r);
    cpu_caches reported;
    cpu_caches_read(&reported);
    for (int i = 0; i < 3; i++)
        r->reported_bytes[i] = reported.bytes[i];
    r->reported_source = reported.source;
}

void roofline_reported(roofline *r)
{
    read_reported(r);
    settle_caches(r); /* with no sweep: the reported sizes, or typical ones */
}

void roofline_measure(roofline *r)
{
    read_reported(r);

    const size_t sweep_bytes = (size_t)512 << 20;
    unsigned char *s = malloc(sweep_bytes);
    if (s) {
        memset(s, 1, sweep_bytes);
        sweep_read(&r->sweep, s);
        free(s);
    }
    settle_caches(r);

    /* Half of each cache, so the set stays resident beside everything else;
     * DRAM: eight times the L3, at least 256 MiB and at most 1 GiB. */
    r->working_set[ROOF_L1] = r->cache_bytes[0] / 2;
    r->working_set[ROOF_L2] = r->cache_bytes[1] / 2;
    r->working_set[ROOF_L3] = r->cache_bytes[2] / 2;
    size_t dram = r->cache_bytes[2] * 8;
    dram = dram < ((size_t)256 << 20) ? (size_t)256 << 20 : dram;
    dram = dram > ((size_t)1 << 30) ? (size_t)1 << 30 : dram;
    r->working_set[ROOF_DRAM] = dram;
    const size_t biggest = r->working_set[ROOF_DRAM];
    unsigned char *a = malloc(biggest), *b = malloc(biggest);
    if (!a || !b) {
        free(a);
        free(b);
        return;
    }
    memset(a, 1, biggest);
    memset(b, 2, biggest);
    for (int level = 0; level < ROOF_LEVELS; level++) {
        const size_t bytes = r->working_set[level];
        const double min_s = level == ROOF_DRAM ? 0.3 : 0.1;
        r->read_gbs[level] = measure(PASS_READ, a, b, bytes, min_s);
        r->write_gbs[level] = measure(PASS_WRITE, a, b, bytes, min_s);
        r->copy_gbs[level] = measure(PASS_COPY, a, b, bytes, min_s);
    }
    free(a);
    free(b);
}

typedef struct copy_job {
    unsigned char *a, *b;
    size_t stride, bytes, reps; /* each task: its own region, `bytes` moved per rep */
} copy_job;

static void copy_task(void *context, size_t i)
{
    const copy_job *j = context;
    for (size_t r = 0; r < j->reps; r++)
        memcpy(j->b + i * j->stride, j->a + i * j->stride, j->bytes / 2);
}

void roofline_measure_threads(roofline *r, size_t threads)
{
    if (threads < 2 || threads > ROOF_MAX_THREADS)
        return;
    pthreadpool_t pool = pthreadpool_create(threads);
    if (!pool)
        return;
    size_t per_thread[ROOF_LEVELS], largest = 0;
    for (int level = 0; level < ROOF_LEVELS; level++) {
        const bool shared = level >= ROOF_L3;
        per_thread[level] = shared ? r->working_set[level] / threads : r->working_set[level];
        per_thread[level] = (per_thread[level] + 63) / 64 * 64;
        largest = per_thread[level] > largest ? per_thread[level] : largest;
    }
    unsigned char *a = malloc(largest * threads), *b = malloc(largest * threads);
    if (a && b) {
        memset(a, 1, largest * threads);
        memset(b, 2, largest * threads);
        for (int level = 0; level < ROOF_LEVELS; level++) {
            const size_t bytes = per_thread[level];
            copy_job j = {a, b, largest, bytes,
                          bytes < (1u << 20) ? (1u << 20) / bytes * 8 : 1};
            const double min_s = level == ROOF_DRAM ? 0.3 : 0.1;
            const double until = now_s() + min_s;
            double best = 0;
            int passes = 0;
            do {
                const double t0 = now_s();
                pthreadpool_parallelize_1d(pool, copy_task, &j, threads,
                                           PTHREADPOOL_FLAG_YIELD_WORKERS);
                const double gbs =
                    (double)(bytes * j.reps * threads) / (now_s() - t0) / 1e9;
                best = gbs > best ? gbs : best;
                passes++;
            } while (now_s() < until || passes < 3);
            r->copy_gbs_threads[threads][level] = best;
        }
    }
    free(a);
    free(b);
    pthreadpool_destroy(pool);
}

double roofline_copy_gbs(const roofline *r, int level, size_t threads)
{
    if (level < 0 || level >= ROOF_LEVELS || threads < 1 || threads > ROOF_MAX_THREADS)
        return 0;
    return threads == 1 ? r->copy_gbs[level] : r->copy_gbs_threads[threads][level];
}

int roofline_level(const roofline *r, size_t bytes)
{
    /* Three quarters: a set as large as the whole cache does not stay in it
     * beside the stack, the code and (for a shared L3) the other cores. */
    for (int level = 0; level < 3; level++)
        if (bytes <= r->cache_bytes[level] / 4 * 3)
            return level;
    return ROOF_DRAM;
}

const char *roofline_level_name(int level)
{
    static const char *const names[ROOF_LEVELS] = {"L1", "L2", "L3", "DRAM"};
    return level >= 0 && level < ROOF_LEVELS ? names[level] : "?";
}

const char *cache_verdict_name(cache_verdict v)
{
    switch (v) {
    case CACHE_CONFIRMED:
        return "confirmed";
    case CACHE_MEASURED:
        return "measured";
    case CACHE_UNCONFIRMED:
        return "unconfirmed";
    case CACHE_DEFAULT:
        return "default";
    }
    return "?";
}
