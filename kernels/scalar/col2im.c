/* col2im, scalar variant, both layouts. */
#include "simd/f32_scalar.h"

#include "templates/col2im_nchw.h"
#include "templates/col2im_nhwc.h"
