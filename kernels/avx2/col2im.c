/* col2im, avx2 variant, both layouts. */
#include "simd/f32_avx2.h"

#include "templates/col2im_nchw.h"
#include "templates/col2im_nhwc.h"
