/* Max pooling NCHW, avx512 variant, at 8 lanes (its _w8 paths). */
#include "simd/f32_avx512_w8.h"

#include "templates/maxpool_nchw.h"
