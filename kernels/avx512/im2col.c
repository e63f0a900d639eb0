/* im2col, avx512 variant, both layouts. */
#include "simd/f32_avx512.h"

#include "templates/im2col_nchw.h"
#include "templates/im2col_nhwc.h"
