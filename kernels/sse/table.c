/* The sse table. */
#include "tables.h"

/* DEV: rows still NULL are not written yet; when all are, this becomes
 * SKB_DEFINE_TABLE(sse, SKB_ISA_SSE). */
const skb_kernels skb_sse_kernels = {
    .isa = SKB_ISA_SSE,
    .name = "sse",
    .fn = {
        [SKB_OP_IM2COL] = {NULL, NULL},
        [SKB_OP_COL2IM] = {NULL, NULL},
        [SKB_OP_MAXPOOL] = SKB_ROW(maxpool, sse),
        [SKB_OP_AVGPOOL] = SKB_ROW(avgpool, sse),
        [SKB_OP_GLOBAL_AVGPOOL] = {NULL, NULL},
        [SKB_OP_GLOBAL_MAXPOOL] = {NULL, NULL},
    },
};
