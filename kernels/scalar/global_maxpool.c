/* Global max pooling, scalar variant, both layouts. */
#include "simd/f32_scalar.h"

#include "templates/global_maxpool_nchw.h"
#include "templates/global_maxpool_nhwc.h"
