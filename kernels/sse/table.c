/* The sse table. */
#include "tables.h"

SKB_DEFINE_TABLE(sse, SKB_ISA_SSE, 4)
