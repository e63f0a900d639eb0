/* Global max pooling, sse variant, both layouts. */
#include "simd/f32_sse.h"

#include "templates/global_maxpool_nchw.h"
#include "templates/global_maxpool_nhwc.h"
