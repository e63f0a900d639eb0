// skb_run refuses src and dst that share memory (in-place or partly
// overlapping) with SKB_ERR_OVERLAP and no kernel call, for every op, and
// still accepts buffers that only touch.
#include "skb.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

namespace {

int g_calls = 0;
void counting_kernel(const skb_geometry *, const float *, float *, void *) { g_calls++; }

skb_kernels counting_table()
{
    skb_kernels k{};
    k.isa = SKB_ISA_SCALAR;
    k.name = "counting";
    k.lanes = 1;
    for (auto &op_paths : k.fn)
        for (auto &layout_paths : op_paths)
            for (auto &f : layout_paths)
                f = counting_kernel;
    return k;
}

// A window every op takes on a 2x3x6x5 tensor; src and dst sizes differ per op.
const skb_tensor_desc kTensor = {2, 3, 6, 5, SKB_LAYOUT_NHWC};

skb_window kWindow()
{
    skb_window w{};
    w.kernel_h = w.kernel_w = 3;
    w.stride_h = w.stride_w = 2;
    w.dilation_h = w.dilation_w = 1;
    w.pad_top = w.pad_left = w.pad_bottom = w.pad_right = 1;
    return w;
}

skb_status run_at(skb_op op, const skb_kernels *k, const float *src, float *dst, skb_error *err)
{
    const skb_window w = kWindow();
    return skb_run(k, op, &kTensor, &w, src, dst, err);
}

} // namespace

TEST_CASE("overlapping src and dst are refused for every op", "[validation][overlap]")
{
    const skb_kernels spy = counting_table();
    const skb_window w = kWindow();
    for (int o = 0; o < SKB_OP_COUNT; o++) {
        const auto op = static_cast<skb_op>(o);
        skb_geometry g;
        REQUIRE(skb_plan(op, &kTensor, &w, &g, nullptr) == SKB_OK);
        const size_t in = g.src_elems, out = g.dst_elems;
        std::vector<float> buf(2 * (in + out) + 8, 1.0f);
        float *base = buf.data() + in + out; // room on both sides
        struct Placement {
            const char *name;
            const float *src;
            float *dst;
        };
        const Placement overlapping[] = {
            {"in place", base, base},
            {"dst one float into src", base, base + 1},
            {"dst starts at src's last float", base, base + in - 1},
            {"src starts at dst's last float", base + out - 1, base},
            {"dst inside src or src inside dst", base, base + (in > out ? in - out : 0)},
            {"src one float into dst", base + 1, base},
        };
        for (const Placement &p : overlapping) {
            INFO(skb_op_name(op) << ", " << p.name << " (src " << in << " floats, dst " << out
                                 << ")");
            skb_error err{};
            g_calls = 0;
            CHECK(run_at(op, &spy, p.src, p.dst, &err) == SKB_ERR_OVERLAP);
            CHECK(err.status == SKB_ERR_OVERLAP);
            CHECK(std::string(err.message).find("overlap") != std::string::npos);
            CHECK(g_calls == 0);
            // The default table is refused just the same.
            CHECK(run_at(op, nullptr, p.src, p.dst, &err) == SKB_ERR_OVERLAP);
        }
        const Placement touching[] = {
            {"dst right after src", base, base + in},
            {"src right after dst", base + out, base},
        };
        for (const Placement &p : touching) {
            INFO(skb_op_name(op) << ", " << p.name);
            skb_error err{};
            g_calls = 0;
            CHECK(run_at(op, &spy, p.src, p.dst, &err) == SKB_OK);
            CHECK(g_calls == 1);
        }
    }
}

TEST_CASE("buffers that only touch give the same answer as separate ones", "[overlap]")
{
    const skb_window w = kWindow();
    for (int o = 0; o < SKB_OP_COUNT; o++) {
        const auto op = static_cast<skb_op>(o);
        skb_geometry g;
        REQUIRE(skb_plan(op, &kTensor, &w, &g, nullptr) == SKB_OK);
        std::vector<float> src(g.src_elems), expected(g.dst_elems);
        for (size_t i = 0; i < src.size(); i++)
            src[i] = static_cast<float>((i * 37) % 101) - 50.0f;
        REQUIRE(run_at(op, skb_kernels_for(SKB_ISA_REFERENCE), src.data(), expected.data(),
                       nullptr) == SKB_OK);
        // One allocation: [dst][src], then [src][dst].
        std::vector<float> joint(g.src_elems + g.dst_elems);
        for (bool dst_first : {true, false}) {
            float *dst = joint.data() + (dst_first ? 0 : g.src_elems);
            float *in = joint.data() + (dst_first ? g.dst_elems : 0);
            std::memcpy(in, src.data(), g.src_elems * sizeof(float));
            INFO(skb_op_name(op) << (dst_first ? ", dst then src" : ", src then dst"));
            REQUIRE(run_at(op, nullptr, in, dst, nullptr) == SKB_OK);
            CHECK(std::memcmp(dst, expected.data(), g.dst_elems * sizeof(float)) == 0);
            CHECK(std::memcmp(in, src.data(), g.src_elems * sizeof(float)) == 0);
        }
    }
}
