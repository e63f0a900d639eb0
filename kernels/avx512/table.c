/* The avx512 table. */
#include "tables.h"

/* DEV: rows still NULL are not written yet; when all are, this becomes
 * SKB_DEFINE_TABLE(avx512, SKB_ISA_AVX512). */
const skb_kernels skb_avx512_kernels = {
    .isa = SKB_ISA_AVX512,
    .name = "avx512",
    .fn = {
        [SKB_OP_IM2COL] = {NULL, NULL},
        [SKB_OP_COL2IM] = {NULL, NULL},
        [SKB_OP_MAXPOOL] = SKB_ROW(maxpool, avx512),
        [SKB_OP_AVGPOOL] = SKB_ROW(avgpool, avx512),
        [SKB_OP_GLOBAL_AVGPOOL] = {NULL, NULL},
        [SKB_OP_GLOBAL_MAXPOOL] = {NULL, NULL},
    },
};
