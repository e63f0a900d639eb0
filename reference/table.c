/* The reference table: one layout-generic function per op, its only path. */
#include "tables.h"

#define SKB_REFERENCE_ROW(op) \
    {{[SKB_PATH_DIRECT] = skb_##op##_f32__reference}, {[SKB_PATH_DIRECT] = skb_##op##_f32__reference}}

const skb_kernels skb_reference_kernels = {
    .isa = SKB_ISA_REFERENCE,
    .name = "reference",
    .lanes = 1,
    .fn = {
        [SKB_OP_IM2COL] = SKB_REFERENCE_ROW(im2col),
        [SKB_OP_COL2IM] = SKB_REFERENCE_ROW(col2im),
        [SKB_OP_MAXPOOL] = SKB_REFERENCE_ROW(maxpool),
        [SKB_OP_AVGPOOL] = SKB_REFERENCE_ROW(avgpool),
        [SKB_OP_GLOBAL_AVGPOOL] = SKB_REFERENCE_ROW(global_avgpool),
        [SKB_OP_GLOBAL_MAXPOOL] = SKB_REFERENCE_ROW(global_maxpool),
    },
};
