/* Measures the bandwidth roofs (read: memchr, write: memset, copy: memcpy),
 * best of several timed passes. */
#define _POSIX_C_SOURCE 200809L
#include "roofline.h"

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

/* Size of cache index `index` of cpu0 ("48K", "1024K", "32M"), or 0. */
static size_t sysfs_cache_bytes(int index)
{
    char path[128], text[32] = {0};
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/size", index);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    const bool ok = fgets(text, sizeof text, f) != NULL;
    fclose(f);
    if (!ok)
        return 0;
    char *end;
    size_t v = strtoull(text, &end, 10);
    if (*end == 'K')
        v <<= 10;
    else if (*end == 'M')
        v <<= 20;
    return v;
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

void roofline_measure(roofline *r)
{
    memset(r, 0, sizeof *r);
    const size_t defaults[3] = {32u << 10, 512u << 10, 16u << 20};
    for (int i = 0; i < 3; i++) {
        /* index0 is L1d, index1 L1i, index2 L2, index3 L3. */
        const size_t v = sysfs_cache_bytes(i == 0 ? 0 : i + 1);
        r->cache_bytes[i] = v ? v : defaults[i];
    }
    /* Half of each cache, so the set stays resident beside everything else;
     * DRAM: eight times the L3. */
    r->working_set[ROOF_L1] = r->cache_bytes[0] / 2;
    r->working_set[ROOF_L2] = r->cache_bytes[1] / 2;
    r->working_set[ROOF_L3] = r->cache_bytes[2] / 2;
    r->working_set[ROOF_DRAM] = r->cache_bytes[2] * 8 < (256u << 20) ? 256u << 20
                                                                      : r->cache_bytes[2] * 8;
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
