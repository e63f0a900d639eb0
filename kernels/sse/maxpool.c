/* Max pooling, sse variant, both layouts. */
#include "simd/f32_sse.h"

#include "templates/maxpool_nchw.h"
#include "templates/maxpool_nhwc.h"
