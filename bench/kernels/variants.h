/* The --variants=LIST flag of skb-bench and skb-count: comma-separated
 * names from the ISA registry (kernels/skb_isas.inc). */
#ifndef SKB_BENCH_VARIANTS_H
#define SKB_BENCH_VARIANTS_H

#include "skb.h"

#include <stdbool.h>
#include <stddef.h>

/* Sets variants[isa] for each name of the list, and clears the others.
 * Every name is checked, however long the list, and every unknown or
 * empty one is reported (on stderr, after "program: ") before false is
 * returned; a known variant the CPU lacks is reported and kept (it is
 * then skipped). */
bool variants_parse(const char *program, const char *list, bool variants[SKB_ISA_COUNT]);

/* Every variant skb knows, slowest first, joined by `separator`. */
void variants_known(char *out, size_t size, const char *separator);

#endif
