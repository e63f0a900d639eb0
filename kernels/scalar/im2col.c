/* im2col, scalar variant, both layouts. */
#include "simd/f32_scalar.h"

#include "templates/im2col_nchw.h"
#include "templates/im2col_nhwc.h"
