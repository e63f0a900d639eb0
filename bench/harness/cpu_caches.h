/* The data cache sizes the CPU reports: from Linux's sysfs where it lists
 * them, else from CPUID itself (leaf 4 on Intel, 0x8000001D on AMD), since
 * many VMs and CI machines expose no cache information in sysfs. */
#ifndef SKB_BENCH_CPU_CACHES_H
#define SKB_BENCH_CPU_CACHES_H

#include <stddef.h>

typedef struct cpu_caches {
    size_t bytes[3];    /* L1d, L2, L3 data or unified; 0 where not reported */
    const char *source; /* "sysfs", "cpuid leaf 4", "cpuid leaf 0x8000001d" or "none" */
} cpu_caches;

void cpu_caches_from_sysfs(cpu_caches *c);
void cpu_caches_from_cpuid(cpu_caches *c);

/* sysfs if it lists an L1d, else CPUID. */
void cpu_caches_read(cpu_caches *c);

#endif
