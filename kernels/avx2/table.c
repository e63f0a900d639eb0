/* The avx2 table. */
#include "tables.h"

/* DEV: rows still NULL are not written yet; when all are, this becomes
 * SKB_DEFINE_TABLE(avx2, SKB_ISA_AVX2). */
const skb_kernels skb_avx2_kernels = {
    .isa = SKB_ISA_AVX2,
    .name = "avx2",
    .fn = {
        [SKB_OP_IM2COL] = {NULL, NULL},
        [SKB_OP_COL2IM] = {NULL, NULL},
        [SKB_OP_MAXPOOL] = SKB_ROW(maxpool, avx2),
        [SKB_OP_AVGPOOL] = SKB_ROW(avgpool, avx2),
        [SKB_OP_GLOBAL_AVGPOOL] = {NULL, NULL},
        [SKB_OP_GLOBAL_MAXPOOL] = {NULL, NULL},
    },
};
