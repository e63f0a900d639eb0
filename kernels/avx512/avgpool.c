/* Average pooling, avx512 variant, both layouts. */
#include "simd/f32_avx512.h"

#include "templates/avgpool_nchw.h"
#include "templates/avgpool_nhwc.h"
