/* im2col, avx2 variant, both layouts. */
#include "simd/f32_avx2.h"

#include "templates/im2col_nchw.h"
#include "templates/im2col_nhwc.h"
