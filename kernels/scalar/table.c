/* The scalar table. */
#include "tables.h"

/* DEV: rows still NULL are not written yet; when all are, this becomes
 * SKB_DEFINE_TABLE(scalar, SKB_ISA_SCALAR). */
const skb_kernels skb_scalar_kernels = {
    .isa = SKB_ISA_SCALAR,
    .name = "scalar",
    .fn = {
        [SKB_OP_IM2COL] = {NULL, NULL},
        [SKB_OP_COL2IM] = {NULL, NULL},
        [SKB_OP_MAXPOOL] = SKB_ROW(maxpool, scalar),
        [SKB_OP_AVGPOOL] = SKB_ROW(avgpool, scalar),
        [SKB_OP_GLOBAL_AVGPOOL] = {NULL, NULL},
        [SKB_OP_GLOBAL_MAXPOOL] = {NULL, NULL},
    },
};
