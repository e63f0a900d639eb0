/* Names a function after the ISA whose vocabulary was included:
 * SKB_VARIANT(skb_maxpool_nhwc_f32) is skb_maxpool_nhwc_f32__avx2 in a file
 * that included f32_avx2.h. */
#ifndef SKB_SIMD_VARIANT_H
#define SKB_SIMD_VARIANT_H

#define SKB_VARIANT_CAT_(name, isa) name##__##isa
#define SKB_VARIANT_CAT(name, isa) SKB_VARIANT_CAT_(name, isa)
#define SKB_VARIANT(name) SKB_VARIANT_CAT(name, SKB_ISA_TAG)

#endif
