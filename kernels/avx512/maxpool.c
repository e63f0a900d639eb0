/* Max pooling, avx512 variant, both layouts. */
#include "simd/f32_avx512.h"

#include "templates/maxpool_nchw.h"
#include "templates/maxpool_nhwc.h"
