/* The bandwidth roof: this process's own read, write and copy bandwidth for
 * working sets that fit L1, L2, L3 and only DRAM, measured at start-up. */
#ifndef SKB_BENCH_ROOFLINE_H
#define SKB_BENCH_ROOFLINE_H

#include <stddef.h>

enum { ROOF_L1, ROOF_L2, ROOF_L3, ROOF_DRAM, ROOF_LEVELS };

typedef struct roofline {
    size_t cache_bytes[3];           /* L1d, L2, L3 sizes (sysfs, or defaults) */
    size_t working_set[ROOF_LEVELS]; /* bytes touched by each measurement */
    double read_gbs[ROOF_LEVELS];
    double write_gbs[ROOF_LEVELS];
    double copy_gbs[ROOF_LEVELS];    /* (bytes read + bytes written) / s */
} roofline;

/* Measures the roofs; takes about a second. */
void roofline_measure(roofline *r);

/* The smallest level whose cache holds `bytes` with room to spare (at most
 * three quarters of its size); ROOF_DRAM if none does. */
int roofline_level(const roofline *r, size_t bytes);

const char *roofline_level_name(int level);

#endif
