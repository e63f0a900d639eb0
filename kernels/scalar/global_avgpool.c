/* Global average pooling, scalar variant, both layouts. */
#include "simd/f32_scalar.h"

#include "templates/global_avgpool_nchw.h"
#include "templates/global_avgpool_nhwc.h"
