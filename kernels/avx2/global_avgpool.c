/* Global average pooling, avx2 variant, both layouts. */
#include "simd/f32_avx2.h"

#include "templates/global_avgpool_nchw.h"
#include "templates/global_avgpool_nhwc.h"
