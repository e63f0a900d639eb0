/* Global max pooling, avx512 variant, both layouts. */
#include "simd/f32_avx512.h"

#include "templates/global_maxpool_nchw.h"
#include "templates/global_maxpool_nhwc.h"
