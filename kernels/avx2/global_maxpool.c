/* Global max pooling, avx2 variant, both layouts. */
#include "simd/f32_avx2.h"

#include "templates/global_maxpool_nchw.h"
#include "templates/global_maxpool_nhwc.h"
