/* col2im, sse variant, both layouts. */
#include "simd/f32_sse.h"

#include "templates/col2im_nchw.h"
#include "templates/col2im_nhwc.h"
