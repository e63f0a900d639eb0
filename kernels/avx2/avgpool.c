/* Average pooling, avx2 variant, both layouts. */
#include "simd/f32_avx2.h"

#include "templates/avgpool_nchw.h"
#include "templates/avgpool_nhwc.h"
