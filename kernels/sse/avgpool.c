/* Average pooling, sse variant, both layouts. */
#include "simd/f32_sse.h"

#include "templates/avgpool_nchw.h"
#include "templates/avgpool_nhwc.h"
