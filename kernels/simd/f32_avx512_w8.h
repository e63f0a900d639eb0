/* The avx512 variant's vocabulary at 8 lanes: AVX2's, compiled with the
 * AVX-512 flags and named after its own tag, for the paths where 16 lanes
 * lose (kernels/paths.c, width_path). */
#ifndef SKB_SIMD_F32_AVX512_W8_H
#define SKB_SIMD_F32_AVX512_W8_H

#include "f32_avx2.h"

#undef SKB_ISA_TAG
#define SKB_ISA_TAG avx512_w8

#endif
