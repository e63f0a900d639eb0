/* Average pooling, scalar variant, both layouts. */
#include "simd/f32_scalar.h"

#include "templates/avgpool_nchw.h"
#include "templates/avgpool_nhwc.h"
