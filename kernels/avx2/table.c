/* The avx2 table. */
#include "tables.h"

SKB_DEFINE_TABLE(avx2, SKB_ISA_AVX2, 8)
