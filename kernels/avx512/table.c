/* The avx512 table. */
#include "tables.h"

SKB_DEFINE_TABLE(avx512, SKB_ISA_AVX512, 16)
