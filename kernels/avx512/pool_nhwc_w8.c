/* Max and average pooling NHWC, avx512 variant, at 8 lanes (their
 * direct_w8 paths). */
#include "simd/f32_avx512_w8.h"

#include "templates/avgpool_nhwc.h"
#include "templates/maxpool_nhwc.h"
