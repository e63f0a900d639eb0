/* sched_getaffinity/sched_setaffinity of the calling thread (Linux). */
#define _GNU_SOURCE
#include "cores.h"

#include <sched.h>

static cpu_set_t g_given;
static size_t g_count = 1;

void cores_remember(void)
{
    CPU_ZERO(&g_given);
    if (sched_getaffinity(0, sizeof g_given, &g_given) == 0 && CPU_COUNT(&g_given) > 0)
        g_count = (size_t)CPU_COUNT(&g_given);
    else
        g_count = 1;
}

size_t cores_count(void)
{
    return g_count;
}

void cores_use(size_t threads)
{
    if (g_count <= 1)
        return;
    cpu_set_t set = g_given;
    if (threads <= 1) {
        CPU_ZERO(&set);
        for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
            if (CPU_ISSET(cpu, &g_given)) {
                CPU_SET(cpu, &set);
                break;
            }
    }
    sched_setaffinity(0, sizeof set, &set); /* a failure leaves the scheduler to choose */
}

int cores_nth(size_t i)
{
    int first = -1;
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
        if (CPU_ISSET(cpu, &g_given)) {
            if (first < 0)
                first = cpu;
            if (i-- == 0)
                return cpu;
        }
    return first < 0 ? 0 : first;
}
