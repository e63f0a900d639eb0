/* Max pooling, avx2 variant, both layouts. */
#include "simd/f32_avx2.h"

#include "templates/maxpool_nchw.h"
#include "templates/maxpool_nhwc.h"
