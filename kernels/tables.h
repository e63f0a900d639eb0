/* Internal: the per-ISA tables and the names of every variant. */
#ifndef SKB_TABLES_H
#define SKB_TABLES_H

#include "skb.h"

/* Declares skb_<op>_<layout>_f32__<isa> for every op and layout. */
#define SKB_DECLARE_KERNEL(op, layout, isa) \
    void skb_##op##_##layout##_f32__##isa(const skb_geometry *g, const float *restrict src, \
                                          float *restrict dst);
#define SKB_DECLARE_ISA(isa)                      \
    SKB_DECLARE_KERNEL(im2col, nchw, isa)         \
    SKB_DECLARE_KERNEL(im2col, nhwc, isa)         \
    SKB_DECLARE_KERNEL(col2im, nchw, isa)         \
    SKB_DECLARE_KERNEL(col2im, nhwc, isa)         \
    SKB_DECLARE_KERNEL(maxpool, nchw, isa)        \
    SKB_DECLARE_KERNEL(maxpool, nhwc, isa)        \
    SKB_DECLARE_KERNEL(avgpool, nchw, isa)        \
    SKB_DECLARE_KERNEL(avgpool, nhwc, isa)        \
    SKB_DECLARE_KERNEL(global_avgpool, nchw, isa) \
    SKB_DECLARE_KERNEL(global_avgpool, nhwc, isa) \
    SKB_DECLARE_KERNEL(global_maxpool, nchw, isa) \
    SKB_DECLARE_KERNEL(global_maxpool, nhwc, isa)

/* The table of an ISA: fn[op][layout] = skb_<op>_<layout>_f32__<isa>. */
#define SKB_ROW(op, tag) {skb_##op##_nchw_f32__##tag, skb_##op##_nhwc_f32__##tag}
#define SKB_DEFINE_TABLE(tag, ISA_ENUM)                                              \
    const skb_kernels skb_##tag##_kernels = {                                        \
        .isa = ISA_ENUM,                                                             \
        .name = #tag,                                                                \
        .fn = {                                                                      \
            [SKB_OP_IM2COL] = SKB_ROW(im2col, tag),                                  \
            [SKB_OP_COL2IM] = SKB_ROW(col2im, tag),                                  \
            [SKB_OP_MAXPOOL] = SKB_ROW(maxpool, tag),                                \
            [SKB_OP_AVGPOOL] = SKB_ROW(avgpool, tag),                                \
            [SKB_OP_GLOBAL_AVGPOOL] = SKB_ROW(global_avgpool, tag),                  \
            [SKB_OP_GLOBAL_MAXPOOL] = SKB_ROW(global_maxpool, tag),                  \
        },                                                                           \
    };

/* The reference handles both layouts in one function per op. */
#define SKB_DECLARE_REFERENCE(op)                                                        \
    void skb_##op##_f32__reference(const skb_geometry *g, const float *restrict src, \
                                   float *restrict dst);
SKB_DECLARE_REFERENCE(im2col)
SKB_DECLARE_REFERENCE(col2im)
SKB_DECLARE_REFERENCE(maxpool)
SKB_DECLARE_REFERENCE(avgpool)
SKB_DECLARE_REFERENCE(global_avgpool)
SKB_DECLARE_REFERENCE(global_maxpool)

SKB_DECLARE_ISA(scalar)
SKB_DECLARE_ISA(sse)
SKB_DECLARE_ISA(avx2)
SKB_DECLARE_ISA(avx512)

extern const skb_kernels skb_reference_kernels;
extern const skb_kernels skb_scalar_kernels;
extern const skb_kernels skb_sse_kernels;
extern const skb_kernels skb_avx2_kernels;
extern const skb_kernels skb_avx512_kernels;

#endif
