/* Global average pooling, avx512 variant, both layouts. */
#include "simd/f32_avx512.h"

#include "templates/global_avgpool_nchw.h"
#include "templates/global_avgpool_nhwc.h"
