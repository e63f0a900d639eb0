/* Cache sizes from sysfs or CPUID. */
#include "cpu_caches.h"

#include <cpuid.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "48K", "2048K" or "32M" from index<i> of cpu0; false if absent. */
static bool sysfs_read(int index, const char *file, char *text, size_t size)
{
    char path[128];
    snprintf(path, sizeof path, "/sys/devices/system/cpu/cpu0/cache/index%d/%s", index, file);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    const bool ok = fgets(text, (int)size, f) != NULL;
    fclose(f);
    text[strcspn(text, "\n")] = '\0';
    return ok;
}

void cpu_caches_from_sysfs(cpu_caches *c)
{
    memset(c, 0, sizeof *c);
    c->source = "none";
    for (int index = 0; index < 16; index++) {
        char level[16], type[32], size[32];
        if (!sysfs_read(index, "level", level, sizeof level))
            break;
        if (!sysfs_read(index, "type", type, sizeof type) ||
            !sysfs_read(index, "size", size, sizeof size) || strcmp(type, "Instruction") == 0)
            continue;
        const int l = atoi(level);
        char *end;
        size_t bytes = strtoull(size, &end, 10);
        if (*end == 'K')
            bytes <<= 10;
        else if (*end == 'M')
            bytes <<= 20;
        if (l >= 1 && l <= 3 && bytes) {
            c->bytes[l - 1] = bytes;
            c->source = "sysfs";
        }
    }
}

/* Both leaves describe one cache per subleaf in the same EAX/EBX/ECX layout:
 * type in EAX[4:0] (0 ends the list, 2 is instruction), level in EAX[7:5],
 * line size, partitions and ways in EBX, sets in ECX, each stored minus one. */
static bool cpuid_leaf(unsigned leaf, cpu_caches *c)
{
    if ((unsigned)__get_cpuid_max(leaf & 0x80000000u, NULL) < leaf)
        return false;
    bool found = false;
    for (unsigned sub = 0; sub < 16; sub++) {
        unsigned a, b, cx, d;
        __cpuid_count(leaf, sub, a, b, cx, d);
        const unsigned type = a & 31, level = (a >> 5) & 7;
        if (type == 0)
            break;
        if (type == 2 || level < 1 || level > 3)
            continue;
        const size_t line = (b & 0xFFF) + 1, partitions = ((b >> 12) & 0x3FF) + 1,
                     ways = ((b >> 22) & 0x3FF) + 1, sets = (size_t)cx + 1;
        c->bytes[level - 1] = line * partitions * ways * sets;
        found = true;
    }
    return found;
}

static bool cpu_is_amd_like(void)
{
    unsigned a, b, cx, d;
    __cpuid(0, a, b, cx, d);
    char vendor[13];
    memcpy(vendor, &b, 4);
    memcpy(vendor + 4, &d, 4);
    memcpy(vendor + 8, &cx, 4);
    vendor[12] = '\0';
    return strcmp(vendor, "AuthenticAMD") == 0 || strcmp(vendor, "HygonGenuine") == 0;
}

/* AMD's older leaves, all a VM without the topology extensions may offer:
 * L1d KiB in 0x80000005 ECX[31:24], L2 KiB in 0x80000006 ECX[31:16], L3 in
 * 512 KiB units in 0x80000006 EDX[31:18]. */
static bool amd_legacy_leaves(cpu_caches *c)
{
    if ((unsigned)__get_cpuid_max(0x80000000u, NULL) < 0x80000006u)
        return false;
    unsigned a, b, cx, d;
    __cpuid(0x80000005u, a, b, cx, d);
    c->bytes[0] = (size_t)(cx >> 24) << 10;
    __cpuid(0x80000006u, a, b, cx, d);
    c->bytes[1] = (size_t)(cx >> 16) << 10;
    c->bytes[2] = (size_t)(d >> 18) << 19;
    return c->bytes[0] != 0;
}

void cpu_caches_from_cpuid(cpu_caches *c)
{
    memset(c, 0, sizeof *c);
    c->source = "none";
    /* AMD describes its caches in 0x8000001D (with the topology extensions);
     * its leaf 4 is reserved and reads as zeros. */
    if (cpu_is_amd_like() && cpuid_leaf(0x8000001Du, c))
        c->source = "cpuid leaf 0x8000001d";
    else if (cpu_is_amd_like() && amd_legacy_leaves(c))
        c->source = "cpuid leaf 0x80000005 and 0x80000006";
    else if (cpuid_leaf(4, c))
        c->source = "cpuid leaf 4";
}

void cpu_caches_read(cpu_caches *c)
{
    cpu_caches_from_sysfs(c);
    if (c->bytes[0] == 0)
        cpu_caches_from_cpuid(c);
}
