// Bad input gets a status and a message naming the bad field, and no kernel
// runs: the spy table below records any call.
#include "skb.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace {

int g_spy_calls = 0;
void spy_kernel(const skb_geometry *, const float *, float *, void *) { g_spy_calls++; }

skb_kernels spy_table()
{
    skb_kernels k{};
    k.isa = SKB_ISA_SCALAR;
    k.name = "spy";
    k.lanes = 1;
    for (auto &op_paths : k.fn)
        for (auto &layout_paths : op_paths)
            for (auto &f : layout_paths)
                f = spy_kernel;
    return k;
}

skb_tensor_desc good_tensor() { return {1, 3, 8, 8, SKB_LAYOUT_NCHW}; }

skb_window good_window()
{
    skb_window w{};
    w.kernel_h = w.kernel_w = 2;
    w.stride_h = w.stride_w = 2;
    w.dilation_h = w.dilation_w = 1;
    return w;
}

// Expects `status` with `field` named in the message, and no kernel call.
void expect_rejected(skb_op op, const skb_tensor_desc &t, const skb_window &w, skb_status status,
                     const std::string &field)
{
    const skb_kernels spy = spy_table();
    std::vector<float> src(4096, 1.0f), dst(4096, 7.0f);
    skb_error err{};
    g_spy_calls = 0;
    const skb_status got = skb_run(&spy, op, &t, &w, src.data(), dst.data(), &err);
    INFO(skb_op_name(op) << ": message \"" << err.message << "\"");
    CHECK(got == status);
    CHECK(err.status == status);
    CHECK(std::string(err.message).find(field) != std::string::npos);
    CHECK(g_spy_calls == 0);
    CHECK(dst[0] == 7.0f);
}

} // namespace

TEST_CASE("a good description passes and runs the kernel once", "[validation]")
{
    const skb_kernels spy = spy_table();
    const skb_tensor_desc t = good_tensor();
    const skb_window w = good_window();
    std::vector<float> src(4096), dst(4096);
    for (int op = 0; op < SKB_OP_COUNT; op++) {
        g_spy_calls = 0;
        skb_error err{};
        CHECK(skb_run(&spy, static_cast<skb_op>(op), &t, &w, src.data(), dst.data(), &err) ==
              SKB_OK);
        CHECK(g_spy_calls == 1);
        CHECK(err.message[0] == '\0');
    }
}

TEST_CASE("zero or negative sizes are rejected", "[validation]")
{
    for (int op = 0; op < SKB_OP_COUNT; op++) {
        const auto o = static_cast<skb_op>(op);
        skb_tensor_desc t = good_tensor();
        t.n = 0;
        expect_rejected(o, t, good_window(), SKB_ERR_SIZE, "tensor.n");
        t = good_tensor();
        t.c = -3;
        expect_rejected(o, t, good_window(), SKB_ERR_SIZE, "tensor.c");
        t = good_tensor();
        t.h = 0;
        expect_rejected(o, t, good_window(), SKB_ERR_SIZE, "tensor.h");
        t = good_tensor();
        t.w = -1;
        expect_rejected(o, t, good_window(), SKB_ERR_SIZE, "tensor.w");
    }
}

TEST_CASE("bad kernel, stride, dilation and padding are rejected", "[validation]")
{
    const skb_tensor_desc t = good_tensor();
    for (skb_op op : {SKB_OP_IM2COL, SKB_OP_COL2IM, SKB_OP_MAXPOOL, SKB_OP_AVGPOOL}) {
        skb_window w = good_window();
        w.kernel_h = 0;
        expect_rejected(op, t, w, SKB_ERR_KERNEL, "kernel_h");
        w = good_window();
        w.kernel_w = 9; // wider than the 8-wide input
        expect_rejected(op, t, w, SKB_ERR_KERNEL, "kernel_w");
        w = good_window();
        w.stride_h = 0;
        expect_rejected(op, t, w, SKB_ERR_STRIDE, "stride_h");
        w = good_window();
        w.stride_w = -2;
        expect_rejected(op, t, w, SKB_ERR_STRIDE, "stride_w");
        w = good_window();
        w.dilation_w = 0;
        expect_rejected(op, t, w, SKB_ERR_DILATION, "dilation_w");
        w = good_window();
        w.pad_left = -1;
        expect_rejected(op, t, w, SKB_ERR_PADDING, "pad_left");
        w = good_window();
        w.pad_bottom = -4;
        expect_rejected(op, t, w, SKB_ERR_PADDING, "pad_bottom");
    }
}

TEST_CASE("a pooling window with no real element is rejected", "[validation]")
{
    const skb_tensor_desc t = good_tensor();
    for (skb_op op : {SKB_OP_MAXPOOL, SKB_OP_AVGPOOL}) {
        skb_window w = good_window();
        w.pad_top = 2; // the first 2x2 window lies wholly in the padding
        expect_rejected(op, t, w, SKB_ERR_PADDING, "pad_top");
        w = good_window();
        w.pad_right = 3;
        w.stride_w = 1;
        expect_rejected(op, t, w, SKB_ERR_PADDING, "pad_right");
    }
    // Dilation can step over the whole input: taps at -2 and +3 of a 3-wide
    // row miss every real column.
    skb_tensor_desc narrow = {1, 1, 3, 3, SKB_LAYOUT_NHWC};
    skb_window w = good_window();
    w.dilation_w = 5;
    w.pad_left = 2;
    w.pad_right = 1;
    w.kernel_h = 1;
    expect_rejected(SKB_OP_MAXPOOL, narrow, w, SKB_ERR_PADDING, "pad_left");
}

TEST_CASE("byte counts that overflow size_t are rejected", "[validation]")
{
    const skb_tensor_desc huge = {INT64_C(1) << 30, INT64_C(1) << 30, INT64_C(1) << 30, 8,
                                  SKB_LAYOUT_NHWC};
    for (int op = 0; op < SKB_OP_COUNT; op++)
        expect_rejected(static_cast<skb_op>(op), huge, good_window(), SKB_ERR_OVERFLOW, "overflow");
    // Fits as an image, but not once im2col copies each pixel 9x.
    const skb_tensor_desc big = {INT64_C(1) << 20, INT64_C(1) << 20, 2048, 1024,
                                 SKB_LAYOUT_NCHW};
    skb_window w = good_window();
    w.kernel_h = w.kernel_w = 3;
    w.stride_h = w.stride_w = 1;
    expect_rejected(SKB_OP_IM2COL, big, w, SKB_ERR_OVERFLOW, "overflow");
    const skb_tensor_desc too_wide = {1, 1, 1, INT64_C(1) << 40, SKB_LAYOUT_NCHW};
    expect_rejected(SKB_OP_GLOBAL_MAXPOOL, too_wide, w, SKB_ERR_OVERFLOW, "tensor.w");
}

TEST_CASE("NULL pointers and bad enums are rejected", "[validation]")
{
    const skb_kernels spy = spy_table();
    const skb_tensor_desc t = good_tensor();
    const skb_window w = good_window();
    std::vector<float> buf(4096);
    skb_error err{};
    g_spy_calls = 0;
    CHECK(skb_run(&spy, SKB_OP_MAXPOOL, nullptr, &w, buf.data(), buf.data(), &err) == SKB_ERR_NULL);
    CHECK(std::string(err.message).find("tensor") != std::string::npos);
    CHECK(skb_run(&spy, SKB_OP_MAXPOOL, &t, nullptr, buf.data(), buf.data(), &err) == SKB_ERR_NULL);
    CHECK(std::string(err.message).find("window") != std::string::npos);
    CHECK(skb_run(&spy, SKB_OP_MAXPOOL, &t, &w, nullptr, buf.data(), &err) == SKB_ERR_NULL);
    CHECK(std::string(err.message).find("src") != std::string::npos);
    CHECK(skb_run(&spy, SKB_OP_MAXPOOL, &t, &w, buf.data(), nullptr, &err) == SKB_ERR_NULL);
    CHECK(std::string(err.message).find("dst") != std::string::npos);
    skb_tensor_desc bad_layout = t;
    bad_layout.layout = static_cast<skb_layout>(7);
    CHECK(skb_run(&spy, SKB_OP_MAXPOOL, &bad_layout, &w, buf.data(), buf.data(), &err) ==
          SKB_ERR_BAD_ENUM);
    CHECK(std::string(err.message).find("layout") != std::string::npos);
    CHECK(skb_run(&spy, static_cast<skb_op>(99), &t, &w, buf.data(), buf.data(), &err) ==
          SKB_ERR_BAD_ENUM);
    CHECK(g_spy_calls == 0);
    // The global pools need no window.
    std::vector<float> out(4096);
    CHECK(skb_run(&spy, SKB_OP_GLOBAL_AVGPOOL, &t, nullptr, buf.data(), out.data(), &err) ==
          SKB_OK);
}
