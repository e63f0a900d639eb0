/* Max pooling, scalar variant, both layouts. */
#include "simd/f32_scalar.h"

#include "templates/maxpool_nchw.h"
#include "templates/maxpool_nhwc.h"
