/* col2im, avx512 variant, both layouts. */
#include "simd/f32_avx512.h"

#include "templates/col2im_nchw.h"
#include "templates/col2im_nhwc.h"
