// skb_plan decides "every pooling window has a real element" by arithmetic,
// not by walking taps: the answer matches a tap-by-tap walk on every small
// description, and huge descriptions are answered at once.
#include "skb.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace {

// The obvious answer, tap by tap: does every window along one axis reach
// [0, in)?
bool walk_every_window(int64_t in, int64_t out, int64_t kernel, int64_t stride,
                       int64_t dilation, int64_t pad_lo)
{
    for (int64_t o = 0; o < out; o++) {
        bool found = false;
        for (int64_t k = 0; k < kernel && !found; k++) {
            const int64_t i = o * stride - pad_lo + k * dilation;
            found = i >= 0 && i < in;
        }
        if (!found)
            return false;
    }
    return true;
}

skb_window axis_window(int64_t kernel, int64_t stride, int64_t dilation, int64_t pad_lo,
                       int64_t pad_hi, bool ceil_mode)
{
    skb_window w{};
    w.kernel_h = kernel;
    w.stride_h = stride;
    w.dilation_h = dilation;
    w.pad_top = pad_lo;
    w.pad_bottom = pad_hi;
    w.kernel_w = w.stride_w = w.dilation_w = 1;
    w.ceil_mode = ceil_mode;
    return w;
}

double seconds_since(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

TEST_CASE("the real-element check agrees with a tap-by-tap walk", "[validation]")
{
    size_t accepted = 0, rejected = 0;
    for (int64_t in = 1; in <= 6; in++)
        for (int64_t kernel = 1; kernel <= 5; kernel++)
            for (int64_t stride = 1; stride <= 4; stride++)
                for (int64_t dilation = 1; dilation <= 8; dilation++)
                    for (int64_t pad_lo = 0; pad_lo <= 9; pad_lo++)
                        for (int64_t pad_hi = 0; pad_hi <= 9; pad_hi++)
                            for (bool ceil_mode : {false, true}) {
                                const int64_t out = skb_output_size(
                                    in, kernel, stride, dilation, pad_lo, pad_hi, ceil_mode);
                                if (out < 1)
                                    continue;
                                const bool expect_ok = walk_every_window(in, out, kernel, stride,
                                                                         dilation, pad_lo);
                                const skb_tensor_desc t = {1, 1, in, 1, SKB_LAYOUT_NCHW};
                                const skb_window w = axis_window(kernel, stride, dilation, pad_lo,
                                                                 pad_hi, ceil_mode);
                                for (skb_op op : {SKB_OP_MAXPOOL, SKB_OP_AVGPOOL}) {
                                    skb_geometry g;
                                    skb_error err{};
                                    const skb_status s = skb_plan(op, &t, &w, &g, &err);
                                    INFO(skb_op_name(op) << " in " << in << " k " << kernel << " s "
                                                         << stride << " d " << dilation << " pad "
                                                         << pad_lo << ',' << pad_hi
                                                         << (ceil_mode ? " ceil" : " floor")
                                                         << ": " << err.message);
                                    if (expect_ok) {
                                        REQUIRE(s == SKB_OK);
                                        accepted++;
                                    } else {
                                        REQUIRE(s == SKB_ERR_PADDING);
                                        REQUIRE(std::string(err.message).find("pad_top") !=
                                                std::string::npos);
                                        rejected++;
                                    }
                                }
                            }
    // Both verdicts occur often enough to mean something.
    CHECK(accepted > 10000);
    CHECK(rejected > 10000);
}

TEST_CASE("huge pooling windows are validated at once", "[validation]")
{
    // A 1x1 image, kernel K, padding K-1 on both sides: K windows, each of
    // which reaches the one real element.  A tap-by-tap walk takes about K^2
    // steps (2^62 for K = 2^31).
    for (int shift : {16, 18, 31}) {
        const int64_t k = INT64_C(1) << shift;
        const skb_tensor_desc t = {1, 1, 1, 1, SKB_LAYOUT_NCHW};
        for (skb_op op : {SKB_OP_MAXPOOL, SKB_OP_AVGPOOL}) {
            INFO(skb_op_name(op) << " K = 2^" << shift);
            skb_geometry g;
            skb_error err{};
            const auto start = std::chrono::steady_clock::now();
            const skb_window fits = axis_window(k, 1, 1, k - 1, k - 1, false);
            // One more row of padding below: the last window sees padding only.
            const skb_window overhangs = axis_window(k, 1, 1, k - 1, k, false);
            const skb_status ok = skb_plan(op, &t, &fits, &g, &err);
            const int64_t windows = static_cast<int64_t>(g.oh);
            const skb_status bad = skb_plan(op, &t, &overhangs, &g, &err);
            const double took = seconds_since(start);
            CHECK(ok == SKB_OK);
            CHECK(windows == k);
            CHECK(bad == SKB_ERR_PADDING);
            // Generous: microseconds are expected, even under emulation.
            CHECK(took < 0.5);
        }
    }
    // Dilation wider than the input, with 2^30 windows: only every 2^30-th
    // window start reaches the element, so the check must count residues.
    const int64_t d = INT64_C(1) << 30;
    const skb_tensor_desc t = {1, 1, 1, 1, SKB_LAYOUT_NCHW};
    skb_geometry g;
    const auto start = std::chrono::steady_clock::now();
    const skb_window every_start = axis_window(2, 1, d, d, d, false);
    const skb_window every_2_30th = axis_window(2, d, d, d, d, false);
    CHECK(skb_plan(SKB_OP_MAXPOOL, &t, &every_start, &g, nullptr) == SKB_ERR_PADDING);
    CHECK(skb_plan(SKB_OP_MAXPOOL, &t, &every_2_30th, &g, nullptr) == SKB_OK);
    CHECK(g.oh == 2);
    CHECK(seconds_since(start) < 0.5);
}
