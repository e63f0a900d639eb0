// Hand-computed answers: they check the reference itself, and through it the
// contract of kernels/skb.h.  Every table the CPU offers must give them too.
#include "skb.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace {

uint32_t bits_of(float f)
{
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
}

float from_bits(uint32_t u)
{
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}

skb_window window(int64_t k, int64_t s, int64_t pad = 0)
{
    skb_window w{};
    w.kernel_h = w.kernel_w = k;
    w.stride_h = w.stride_w = s;
    w.dilation_h = w.dilation_w = 1;
    w.pad_top = w.pad_left = w.pad_bottom = w.pad_right = pad;
    return w;
}

// Runs op on every table this CPU offers; each must give `expected`, bit for bit.
void expect_everywhere(skb_op op, const skb_tensor_desc &t, const skb_window &w,
                       const std::vector<float> &input, const std::vector<float> &expected)
{
    for (int isa = 0; isa < SKB_ISA_COUNT; isa++) {
        const skb_kernels *k = skb_kernels_for(static_cast<skb_isa>(isa));
        if (!k)
            continue;
        std::vector<float> out(expected.size(), -12345.0f);
        skb_error err;
        REQUIRE(skb_run(k, op, &t, &w, input.data(), out.data(), &err) == SKB_OK);
        for (size_t i = 0; i < expected.size(); i++) {
            INFO(k->name << ' ' << skb_op_name(op) << ' ' << skb_layout_name(t.layout)
                         << " output " << i << ": got " << out[i] << ", want " << expected[i]);
            CHECK(bits_of(out[i]) == bits_of(expected[i]));
        }
    }
}

// NCHW data of a single-channel image is also its NHWC data.
skb_tensor_desc plane(int64_t h, int64_t w, skb_layout layout = SKB_LAYOUT_NCHW)
{
    return {1, 1, h, w, layout};
}

} // namespace

TEST_CASE("max pool 2x2/2 on the 4x4 example of SEEDS.md", "[known]")
{
    const std::vector<float> in = {
        0.48292004f, 0.50898482f, 0.25630539f, 0.33505258f,
        0.34845638f, 0.68695185f, 0.88556479f, 0.89610986f,
        0.37071103f, 0.84248171f, 0.18418369f, 0.74160331f,
        0.59484312f, 0.51291107f, 0.14409389f, 0.68989917f};
    const std::vector<float> out = {0.68695185f, 0.89610986f, 0.84248171f, 0.74160331f};
    for (skb_layout l : {SKB_LAYOUT_NCHW, SKB_LAYOUT_NHWC})
        expect_everywhere(SKB_OP_MAXPOOL, plane(4, 4, l), window(2, 2), in, out);
}

TEST_CASE("max pool: first of equal zeros wins, NaN is canonical, padding never wins", "[known]")
{
    const float nan_payload = from_bits(0x7FC12345u), neg_nan = from_bits(0xFFC00000u);
    const float canonical = from_bits(SKB_CANONICAL_NAN_BITS);
    // 1x4 plane, windows 1x2 stride 2: (-0, +0) -> -0, (+0, -0) -> +0.
    skb_window w = window(1, 1);
    w.kernel_w = 2;
    w.stride_w = 2;
    expect_everywhere(SKB_OP_MAXPOOL, plane(1, 4), w, {-0.0f, 0.0f, 0.0f, -0.0f}, {-0.0f, 0.0f});
    expect_everywhere(SKB_OP_MAXPOOL, plane(1, 4), w, {1.0f, nan_payload, neg_nan, -5.0f},
                      {canonical, canonical});
    const float inf = std::numeric_limits<float>::infinity();
    expect_everywhere(SKB_OP_MAXPOOL, plane(1, 4), w, {-inf, -inf, -inf, 3.0f}, {-inf, 3.0f});
    // 2x2 all-negative plane, 3x3 windows with padding 1: padding (which
    // would read as 0) must not win.
    expect_everywhere(SKB_OP_MAXPOOL, plane(2, 2), window(3, 1, 1), {-4.0f, -3.0f, -2.0f, -1.0f},
                      {-1.0f, -1.0f, -1.0f, -1.0f});
}

TEST_CASE("avg pool: sums and both divisor rules", "[known]")
{
    // 3x3 plane 1..9, 2x2 stride 1: means of each 2x2 block.
    expect_everywhere(SKB_OP_AVGPOOL, plane(3, 3), window(2, 1),
                      {1, 2, 3, 4, 5, 6, 7, 8, 9}, {3.0f, 4.0f, 6.0f, 7.0f});
    // 2x2 plane 1..4, 3x3 windows, padding 1: every window holds all four
    // values (sum 10) and five padding taps.
    skb_window w = window(3, 1, 1);
    w.count_include_pad = true;
    expect_everywhere(SKB_OP_AVGPOOL, plane(2, 2), w, {1, 2, 3, 4},
                      std::vector<float>(4, 10.0f / 9.0f));
    w.count_include_pad = false;
    expect_everywhere(SKB_OP_AVGPOOL, plane(2, 2), w, {1, 2, 3, 4}, std::vector<float>(4, 2.5f));
    // ceil mode: 3x3 plane, 2x2 stride 2, last window hangs off the edge.
    // Its divisor is clipped to the input (no padding to include).
    skb_window c = window(2, 2);
    c.ceil_mode = true;
    c.count_include_pad = true;
    expect_everywhere(SKB_OP_AVGPOOL, plane(3, 3), c, {1, 2, 3, 4, 5, 6, 7, 8, 9},
                      {3.0f, 4.5f, 7.5f, 9.0f});
}

TEST_CASE("ceil mode: a window wider than the padded input is one window, as in PyTorch",
          "[known]")
{
    // PyTorch 1.13, ceil_mode=True: 3x3 input 1..9, kernel 4, stride 2, no
    // padding gives 1x1: max 9, average 5.0 with count_include_pad either
    // way (the divisor counts the 9 positions inside input + padding, never
    // the overhang).
    const std::vector<float> nine = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    skb_window w = window(4, 2);
    w.ceil_mode = true;
    CHECK(skb_output_size(3, 4, 2, 1, 0, 0, true) == 1);
    for (skb_layout l : {SKB_LAYOUT_NCHW, SKB_LAYOUT_NHWC}) {
        expect_everywhere(SKB_OP_MAXPOOL, plane(3, 3, l), w, nine, {9.0f});
        for (bool include_pad : {false, true}) {
            w.count_include_pad = include_pad;
            expect_everywhere(SKB_OP_AVGPOOL, plane(3, 3, l), w, nine, {5.0f});
        }
    }
    // 2x2 input 1..4, kernel 3, stride 2: 10 / 4 = 2.5 either way.
    skb_window small = window(3, 2);
    small.ceil_mode = true;
    for (bool include_pad : {false, true}) {
        small.count_include_pad = include_pad;
        expect_everywhere(SKB_OP_AVGPOOL, plane(2, 2), small, {1, 2, 3, 4}, {2.5f});
    }
    // With padding: a 5x1 column 1..5, kernel 8x1, stride 3, padding 1
    // above and below: the window covers rows -1..6; the padded input ends
    // at row 5, so it counts 7 rows with padding, the 5 real ones without.
    skb_window padded = window(1, 1);
    padded.kernel_h = 8;
    padded.stride_h = 3;
    padded.pad_top = padded.pad_bottom = 1;
    padded.ceil_mode = true;
    padded.count_include_pad = true;
    expect_everywhere(SKB_OP_AVGPOOL, plane(5, 1), padded, {1, 2, 3, 4, 5}, {15.0f / 7.0f});
    padded.count_include_pad = false;
    expect_everywhere(SKB_OP_AVGPOOL, plane(5, 1), padded, {1, 2, 3, 4, 5}, {3.0f});
    expect_everywhere(SKB_OP_MAXPOOL, plane(5, 1), padded, {1, 2, 3, 4, 5}, {5.0f});
    // im2col of the overhanging window: taps past the input hold +0.0.
    expect_everywhere(SKB_OP_IM2COL, plane(2, 2), small, {1, 2, 3, 4},
                      {1, 2, 0, 3, 4, 0, 0, 0, 0});
    // PyTorch refuses a window stride or more wider (its output size would be
    // 0), and floor mode never accepts a wider window.
    CHECK(skb_output_size(1, 4, 2, 1, 0, 0, true) == -1);
    CHECK(skb_output_size(3, 5, 2, 1, 0, 0, true) == -1);
    CHECK(skb_output_size(3, 4, 2, 1, 0, 0, false) == -1);
}

TEST_CASE("avg pool with dilation: taps summed, taps counted (oneDNN's divisors)", "[known]")
{
    // 3x3 plane 1..9, 2x2 window, dilation 2: the corners, (1+3+7+9)/4.
    skb_window corners = window(2, 1);
    corners.dilation_h = corners.dilation_w = 2;
    for (bool include_pad : {false, true}) {
        corners.count_include_pad = include_pad;
        expect_everywhere(SKB_OP_AVGPOOL, plane(3, 3), corners, {1, 2, 3, 4, 5, 6, 7, 8, 9},
                          {5.0f});
    }
    // Row 1..4, 1x3 window, dilation 2, stride 3, padding 2 left and right
    // (padded row -2..5).  Window 0 taps -2, 0, 2: real 1 and 3; window 1
    // taps 1, 3, 5: real 2 and 4.  All three taps lie in the padded row, so
    // with padding the divisor is 3, without it 2.
    skb_window w = window(1, 1);
    w.kernel_w = 3;
    w.dilation_w = 2;
    w.stride_w = 3;
    w.pad_left = w.pad_right = 2;
    w.count_include_pad = true;
    expect_everywhere(SKB_OP_AVGPOOL, plane(1, 4), w, {1, 2, 3, 4}, {4.0f / 3.0f, 2.0f});
    w.count_include_pad = false;
    expect_everywhere(SKB_OP_AVGPOOL, plane(1, 4), w, {1, 2, 3, 4}, {2.0f, 3.0f});
    // Ceil mode, 1x2 window, dilation 3, stride 2 over the row 2, 4, 6:
    // one window, taps 0 and 3; tap 3 is past the input and its padding, so
    // neither rule counts it: 2 / 1.
    skb_window over = window(1, 1);
    over.kernel_w = 2;
    over.dilation_w = 3;
    over.stride_w = 2;
    over.ceil_mode = true;
    for (bool include_pad : {false, true}) {
        over.count_include_pad = include_pad;
        expect_everywhere(SKB_OP_AVGPOOL, plane(1, 3), over, {2, 4, 6}, {2.0f});
    }
}

TEST_CASE("im2col: NCHW rows of taps, NHWC rows of positions", "[known]")
{
    // 3x3 plane 1..9, 2x2 stride 1: 4 taps x 4 positions.
    expect_everywhere(SKB_OP_IM2COL, plane(3, 3), window(2, 1), {1, 2, 3, 4, 5, 6, 7, 8, 9},
                      {1, 2, 4, 5,    // tap (0,0) at the 4 positions
                       2, 3, 5, 6,    // tap (0,1)
                       4, 5, 7, 8,    // tap (1,0)
                       5, 6, 8, 9});  // tap (1,1)
    // NHWC, C = 2, 2x2 image, 1x2 windows with padding 1 on the left only.
    skb_window w = window(1, 1);
    w.kernel_w = 2;
    w.pad_left = 1;
    const skb_tensor_desc t = {1, 2, 2, 2, SKB_LAYOUT_NHWC};
    // pixels (y,x): (0,0)=(1,-1) (0,1)=(2,-2) (1,0)=(3,-3) (1,1)=(4,-4)
    expect_everywhere(SKB_OP_IM2COL, t, w, {1, -1, 2, -2, 3, -3, 4, -4},
                      {0, 0, 1, -1,     // position (0,0): padding, pixel (0,0)
                       1, -1, 2, -2,    // position (0,1)
                       0, 0, 3, -3,     // position (1,0)
                       3, -3, 4, -4});  // position (1,1)
}

TEST_CASE("col2im: overlaps add up, in ascending (ky, kx) order, from +0.0", "[known]")
{
    // 3x3 image, 2x2 stride 1, all-ones columns: each pixel counts its windows.
    expect_everywhere(SKB_OP_COL2IM, plane(3, 3), window(2, 1), std::vector<float>(16, 1.0f),
                      {1, 2, 1, 2, 4, 2, 1, 2, 1});
    // 1x3 image, 1x3 windows with padding 1: pixel 1 gets tap kx=0 from
    // position 2, kx=1 from position 1, kx=2 from position 0.  Columns are
    // [kx][position].  In ascending kx order: (0 + 1) + 1e8 rounds to 1e8,
    // then + -1e8 gives 0; any other order that puts -1e8 before 1 gives 1.
    skb_window w = window(1, 1);
    w.kernel_w = 3;
    w.pad_left = w.pad_right = 1;
    const std::vector<float> columns = {
        0, 0, 1,          // kx = 0 at positions 0, 1, 2
        0, 1e8f, 0,       // kx = 1
        -1e8f, 0, 0};     // kx = 2
    // Pixels 0 and 2 receive only zeros.
    expect_everywhere(SKB_OP_COL2IM, plane(1, 3), w, columns, {0.0f, 0.0f, 0.0f});
    // A lone -0.0 contribution: +0.0 + -0.0 is +0.0.
    expect_everywhere(SKB_OP_COL2IM, plane(1, 1), window(1, 1), {-0.0f}, {0.0f});
}

TEST_CASE("global pools: sums in order, first zero wins, NaN canonical", "[known]")
{
    const skb_window none{};
    const skb_tensor_desc nchw = {1, 2, 2, 2, SKB_LAYOUT_NCHW};
    expect_everywhere(SKB_OP_GLOBAL_AVGPOOL, nchw, none, {1, 2, 3, 4, -1, -2, -3, -5},
                      {2.5f, -2.75f});
    const skb_tensor_desc nhwc = {1, 2, 2, 2, SKB_LAYOUT_NHWC};
    expect_everywhere(SKB_OP_GLOBAL_AVGPOOL, nhwc, none, {1, -1, 2, -2, 3, -3, 4, -5},
                      {2.5f, -2.75f});
    expect_everywhere(SKB_OP_GLOBAL_MAXPOOL, nchw, none,
                      {-0.0f, 0.0f, -1.0f, -0.0f, 0.0f, -0.0f, -3.0f, from_bits(0xFFF00001u)},
                      {-0.0f, from_bits(SKB_CANONICAL_NAN_BITS)});
}

TEST_CASE("global average pool is close to a float64 sum", "[known]")
{
    // An outside answer: the float32 sum in order may round, but stays within
    // a few ulps times the plane size of the exact mean.
    const int64_t c = 37, h = 14, w = 14;
    std::vector<float> in(static_cast<size_t>(c * h * w));
    for (size_t i = 0; i < in.size(); i++)
        in[i] = static_cast<float>(std::sin(static_cast<double>(i) * 0.37) * 3.0 + 1.0);
    const skb_tensor_desc t = {1, c, h, w, SKB_LAYOUT_NCHW};
    std::vector<float> out(static_cast<size_t>(c));
    REQUIRE(skb_run(nullptr, SKB_OP_GLOBAL_AVGPOOL, &t, nullptr, in.data(), out.data(),
                    nullptr) == SKB_OK);
    for (int64_t ch = 0; ch < c; ch++) {
        double sum = 0.0;
        for (int64_t i = 0; i < h * w; i++)
            sum += in[static_cast<size_t>(ch * h * w + i)];
        const double mean = sum / static_cast<double>(h * w);
        CHECK(std::fabs(out[static_cast<size_t>(ch)] - mean) <= 1e-5 * (1.0 + std::fabs(mean)));
    }
}

TEST_CASE("output sizes follow the floor, ceil and last-window rules", "[known]")
{
    CHECK(skb_output_size(224, 2, 2, 1, 0, 0, false) == 112);
    CHECK(skb_output_size(112, 3, 2, 1, 1, 1, false) == 56);  // ResNet-50 stem pool
    CHECK(skb_output_size(5, 2, 2, 1, 0, 0, false) == 2);
    CHECK(skb_output_size(5, 2, 2, 1, 0, 0, true) == 3);
    CHECK(skb_output_size(7, 3, 1, 2, 0, 0, false) == 3);     // dilated span 5
    // ceil would give 4 windows, but the 4th would start at 6 = in + pad_lo:
    // inside the high padding only, so it is dropped.
    CHECK(skb_output_size(5, 2, 2, 1, 1, 1, true) == 3);
    CHECK(skb_output_size(2, 3, 1, 1, 0, 0, false) == -1);    // window wider than input
}
