// Dilated average pooling against oneDNN 2.6 (an outside answer), both
// divisor rules, both layouts.  oneDNN's f32 average pooling adds the real
// taps in row-major (kh, kw) order from 0 and divides once, as skb's
// contract does, so the comparison is bit for bit.
#include "inputs.hpp"
#include "skb.h"

#include <catch2/catch.hpp>
#include <iostream>
#include <set>
#include <oneapi/dnnl/dnnl.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace {

// Runs oneDNN's forward-inference pooling on g's shape; false (with why) if
// oneDNN refuses the description.
bool onednn_avgpool(const skb_geometry &g, const float *src, float *dst, std::string &impl)
{
    const dnnl_format_tag_t tag = g.layout == SKB_LAYOUT_NCHW ? dnnl_nchw : dnnl_nhwc;
    const dnnl_dims_t src_dims = {static_cast<dnnl_dim_t>(g.n), static_cast<dnnl_dim_t>(g.c),
                                  static_cast<dnnl_dim_t>(g.h), static_cast<dnnl_dim_t>(g.w)};
    const dnnl_dims_t dst_dims = {static_cast<dnnl_dim_t>(g.n), static_cast<dnnl_dim_t>(g.c),
                                  static_cast<dnnl_dim_t>(g.oh), static_cast<dnnl_dim_t>(g.ow)};
    const dnnl_dims_t strides = {static_cast<dnnl_dim_t>(g.sh), static_cast<dnnl_dim_t>(g.sw)};
    const dnnl_dims_t kernel = {static_cast<dnnl_dim_t>(g.kh), static_cast<dnnl_dim_t>(g.kw)};
    // oneDNN counts dilation from 0.
    const dnnl_dims_t dilation = {static_cast<dnnl_dim_t>(g.dh) - 1,
                                  static_cast<dnnl_dim_t>(g.dw) - 1};
    const dnnl_dims_t pad_l = {static_cast<dnnl_dim_t>(g.pad_top),
                               static_cast<dnnl_dim_t>(g.pad_left)};
    const dnnl_dims_t pad_r = {static_cast<dnnl_dim_t>(g.pad_bottom),
                               static_cast<dnnl_dim_t>(g.pad_right)};
    const dnnl_alg_kind_t alg = g.count_include_pad ? dnnl_pooling_avg_include_padding
                                                    : dnnl_pooling_avg_exclude_padding;
    dnnl_engine_t engine = nullptr;
    dnnl_stream_t stream = nullptr;
    dnnl_primitive_desc_t pd = nullptr;
    dnnl_primitive_t prim = nullptr;
    dnnl_memory_t src_mem = nullptr, dst_mem = nullptr;
    dnnl_memory_desc_t src_md, dst_md;
    dnnl_pooling_v2_desc_t desc;
    const char *name = nullptr;
    bool ok =
        dnnl_engine_create(&engine, dnnl_cpu, 0) == dnnl_success &&
        dnnl_stream_create(&stream, engine, dnnl_stream_default_flags) == dnnl_success &&
        dnnl_memory_desc_init_by_tag(&src_md, 4, src_dims, dnnl_f32, tag) == dnnl_success &&
        dnnl_memory_desc_init_by_tag(&dst_md, 4, dst_dims, dnnl_f32, tag) == dnnl_success &&
        dnnl_pooling_v2_forward_desc_init(&desc, dnnl_forward_inference, alg, &src_md, &dst_md,
                                          strides, kernel, dilation, pad_l, pad_r) ==
            dnnl_success &&
        dnnl_primitive_desc_create(&pd, &desc, nullptr, engine, nullptr) == dnnl_success &&
        dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &name) == dnnl_success &&
        dnnl_primitive_create(&prim, pd) == dnnl_success &&
        dnnl_memory_create(&src_mem, &src_md, engine, const_cast<float *>(src)) ==
            dnnl_success &&
        dnnl_memory_create(&dst_mem, &dst_md, engine, dst) == dnnl_success;
    if (ok) {
        impl = name;
        dnnl_exec_arg_t args[2] = {{DNNL_ARG_SRC, src_mem}, {DNNL_ARG_DST, dst_mem}};
        ok = dnnl_primitive_execute(prim, stream, 2, args) == dnnl_success &&
             dnnl_stream_wait(stream) == dnnl_success;
    }
    if (src_mem)
        dnnl_memory_destroy(src_mem);
    if (dst_mem)
        dnnl_memory_destroy(dst_mem);
    if (prim)
        dnnl_primitive_destroy(prim);
    if (pd)
        dnnl_primitive_desc_destroy(pd);
    if (stream)
        dnnl_stream_destroy(stream);
    if (engine)
        dnnl_engine_destroy(engine);
    return ok;
}

uint32_t bits_of(float f)
{
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
}

struct Shape {
    int64_t n, c, h, w, kh, kw, sh, sw, dh, dw, pt, pl, pb, pr;
};

} // namespace

TEST_CASE("dilated average pooling matches oneDNN 2.6 bit for bit", "[onednn]")
{
    // Windows inside the padded input (oneDNN's output sizes are floor
    // mode), dilation on one or both axes, kernel 1 on a dilated axis too.
    const Shape shapes[] = {
        {1, 16, 10, 10, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2},
        {2, 5, 9, 11, 2, 3, 2, 1, 3, 2, 1, 2, 1, 0},
        {1, 8, 7, 7, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1},
        {1, 3, 12, 5, 3, 1, 1, 1, 4, 3, 3, 0, 2, 0},
        {1, 17, 6, 13, 2, 2, 1, 3, 2, 3, 0, 1, 1, 2},
        {1, 32, 14, 14, 3, 3, 1, 1, 3, 3, 3, 3, 3, 3},
    };
    size_t compared = 0;
    std::set<std::string> impls;
    for (const Shape &s : shapes)
        for (skb_layout layout : {SKB_LAYOUT_NCHW, SKB_LAYOUT_NHWC})
            for (bool include_pad : {false, true}) {
                const skb_tensor_desc t = {s.n, s.c, s.h, s.w, layout};
                skb_window w{};
                w.kernel_h = s.kh;
                w.kernel_w = s.kw;
                w.stride_h = s.sh;
                w.stride_w = s.sw;
                w.dilation_h = s.dh;
                w.dilation_w = s.dw;
                w.pad_top = s.pt;
                w.pad_left = s.pl;
                w.pad_bottom = s.pb;
                w.pad_right = s.pr;
                w.count_include_pad = include_pad;
                skb_geometry g;
                skb_error err{};
                REQUIRE(skb_plan(SKB_OP_AVGPOOL, &t, &w, &g, &err) == SKB_OK);
                std::vector<float> src(g.src_elems), theirs(g.dst_elems), ours(g.dst_elems);
                fill_input(src.data(), src.size(), InputKind::random, compared + 1);
                std::string impl;
                REQUIRE(onednn_avgpool(g, src.data(), theirs.data(), impl));
                impls.insert(impl);
                for (int isa = 0; isa < SKB_ISA_COUNT; isa++) {
                    const skb_kernels *k = skb_kernels_for(static_cast<skb_isa>(isa));
                    if (!k)
                        continue;
                    REQUIRE(skb_run(k, SKB_OP_AVGPOOL, &t, &w, src.data(), ours.data(), &err) ==
                            SKB_OK);
                    size_t differ = 0, first = 0;
                    for (size_t i = 0; i < ours.size(); i++)
                        if (bits_of(ours[i]) != bits_of(theirs[i]) && differ++ == 0)
                            first = i;
                    INFO(k->name << " vs onednn " << impl << ", "
                                 << skb_layout_name(layout)
                                 << (include_pad ? " include" : " exclude") << " padding, n"
                                 << s.n << " c" << s.c << " " << s.h << "x" << s.w << " k"
                                 << s.kh << "x" << s.kw << " d" << s.dh << "x" << s.dw << ": "
                                 << differ << " of " << ours.size()
                                 << " outputs differ, first at " << first << ": skb "
                                 << ours[first] << ", oneDNN " << theirs[first]);
                    CHECK(differ == 0);
                    compared++;
                }
            }
    CHECK(compared > 0);
    std::cout << "dilated avgpool vs oneDNN: " << compared << " comparisons, oneDNN ran";
    for (const std::string &i : impls)
        std::cout << ' ' << i;
    std::cout << '\n';
}
