/* Global average pooling, sse variant, both layouts. */
#include "simd/f32_sse.h"

#include "templates/global_avgpool_nchw.h"
#include "templates/global_avgpool_nhwc.h"
