/* Global average and max pooling, avx512 variant, at 8 lanes (their
 * direct_w8 paths). */
#include "simd/f32_avx512_w8.h"

#include "templates/global_avgpool_nchw.h"
#include "templates/global_avgpool_nhwc.h"
#include "templates/global_maxpool_nchw.h"
#include "templates/global_maxpool_nhwc.h"
