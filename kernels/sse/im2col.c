/* im2col, sse variant, both layouts. */
#include "simd/f32_sse.h"

#include "templates/im2col_nchw.h"
#include "templates/im2col_nhwc.h"
