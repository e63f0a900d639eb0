// Plans: the path a layer takes is chosen once, can be named and forced, and
// a path that cannot serve the shape is refused with a message naming it.
#include "skb.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

namespace {

skb_window square(int64_t k, int64_t s, int64_t pad, int64_t d = 1)
{
    skb_window w{};
    w.kernel_h = w.kernel_w = k;
    w.stride_h = w.stride_w = s;
    w.dilation_h = w.dilation_w = d;
    w.pad_top = w.pad_left = w.pad_bottom = w.pad_right = pad;
    return w;
}

skb_path natural(const skb_kernels *k, skb_op op, const skb_tensor_desc &t, const skb_window &w)
{
    skb_layer_plan p;
    skb_error err;
    REQUIRE(skb_plan_layer(&p, k, op, &t, &w, SKB_PATH_AUTO, &err) == SKB_OK);
    return p.path;
}

} // namespace

TEST_CASE("every path has a name that reads back", "[plan]")
{
    for (int p = 0; p < SKB_PATH_COUNT; p++) {
        skb_path back = SKB_PATH_COUNT;
        const char *name = skb_path_name(static_cast<skb_path>(p));
        INFO(name);
        REQUIRE(skb_path_from_name(name, &back));
        CHECK(back == p);
    }
    CHECK(std::string(skb_path_name(SKB_PATH_COUNT)) == "unknown");
    CHECK(!skb_path_from_name("tile_k5x5", nullptr));
    CHECK(!skb_path_from_name(nullptr, nullptr));
}

TEST_CASE("the plan picks the path the shape runs best on", "[plan]")
{
    // AVX2 (8 lanes) where the CPU has it, else SSE (4): the sizes below
    // choose the same paths at either width.
    const skb_kernels *k = skb_kernels_for(SKB_ISA_AVX2);
    if (!k)
        k = skb_kernels_for(SKB_ISA_SSE);
    if (!k)
        SUCCEED("no SIMD table on this CPU");
    else {
        const skb_tensor_desc inception = {1, 64, 147, 147, SKB_LAYOUT_NCHW};
        const skb_tensor_desc vgg = {1, 64, 224, 224, SKB_LAYOUT_NCHW};
        const skb_tensor_desc small = {1, 64, 7, 7, SKB_LAYOUT_NCHW};
        const skb_tensor_desc mid = {1, 64, 35, 35, SKB_LAYOUT_NCHW};
        const skb_tensor_desc mid71 = {1, 64, 71, 71, SKB_LAYOUT_NCHW};
        const skb_tensor_desc mid99 = {1, 64, 99, 99, SKB_LAYOUT_NCHW};
        const skb_tensor_desc wide = {1, 2, 5, 1100, SKB_LAYOUT_NCHW};
        const skb_tensor_desc tall_wide = {1, 2, 16, 1100, SKB_LAYOUT_NCHW};
        // Max pooling's stride-2 rows without padding spill past their
        // ends, wide rows (2-column windows with 8 lanes or more) and short
        // ones while a row fills more than half a vector (14 outputs); with
        // padding, 2-column windows read rows.
        CHECK(natural(k, SKB_OP_MAXPOOL, inception, square(3, 2, 0)) ==
              SKB_PATH_ROWS_S2_PAIRS_K3_SPILL);
        CHECK(natural(k, SKB_OP_AVGPOOL, inception, square(3, 2, 0)) == SKB_PATH_ROWS_S2);
        CHECK(natural(k, SKB_OP_MAXPOOL, vgg, square(2, 2, 0)) ==
              (k->lanes >= 8 ? SKB_PATH_ROWS_S2_PAIRS_K2_SPILL : SKB_PATH_ROWS_S2_PAIRS_K2));
        CHECK(natural(k, SKB_OP_MAXPOOL, vgg, square(2, 2, 1)) == SKB_PATH_ROWS_S2_PAIRS_K2);
        CHECK(natural(k, SKB_OP_MAXPOOL, mid71, square(3, 2, 0)) == SKB_PATH_ROWS_S2_PAIRS_K3_SPILL);
        const skb_tensor_desc vgg_pool4 = {1, 64, 28, 28, SKB_LAYOUT_NCHW};
        const skb_tensor_desc cifar = {1, 20, 30, 30, SKB_LAYOUT_NCHW};
        CHECK(natural(k, SKB_OP_MAXPOOL, vgg_pool4, square(2, 2, 0)) ==
              SKB_PATH_ROWS_S2_PAIRS_K2_SPILL);
        CHECK(natural(k, SKB_OP_MAXPOOL, cifar, square(3, 2, 0)) == SKB_PATH_ROWS_S2_PAIRS_K3_SPILL);
        CHECK(natural(k, SKB_OP_MAXPOOL, cifar, square(3, 2, 1)) == SKB_PATH_TILE_K3X3);
        CHECK(natural(k, SKB_OP_MAXPOOL, small, square(3, 1, 1)) == SKB_PATH_TILE_K3X3);
        CHECK(natural(k, SKB_OP_AVGPOOL, small, square(2, 1, 0)) == SKB_PATH_TILE_K2X2);
        CHECK(natural(k, SKB_OP_AVGPOOL, small, square(4, 2, 1)) == SKB_PATH_TILE);
        // At stride 1 the tile wherever it fits, else the padded copy.
        CHECK(natural(k, SKB_OP_AVGPOOL, mid, square(3, 1, 1)) == SKB_PATH_TILE_K3X3);
        CHECK(natural(k, SKB_OP_AVGPOOL, mid99, square(3, 1, 1)) == SKB_PATH_PADDED_S1);
        CHECK(natural(k, SKB_OP_MAXPOOL, mid71, square(3, 2, 1)) == SKB_PATH_PADDED_S2_PAIRS_K3);
        CHECK(natural(k, SKB_OP_MAXPOOL, mid71, square(3, 2, 1, 2)) == SKB_PATH_PADDED_S2);
        // Max pooling copies planes up to 32 KiB (71x71 padded, not 99x99).
        CHECK(natural(k, SKB_OP_MAXPOOL, mid99, square(3, 3, 1)) == SKB_PATH_ROWS_S3);
        CHECK(natural(k, SKB_OP_AVGPOOL, mid99, square(3, 3, 1)) == SKB_PATH_PADDED);
        // Planes wider than 1024 take the padded copy while it fits.
        CHECK(natural(k, SKB_OP_MAXPOOL, wide, square(3, 3, 1)) == SKB_PATH_PADDED);
        CHECK(natural(k, SKB_OP_MAXPOOL, tall_wide, square(3, 3, 1)) == SKB_PATH_ROWS_S3);
        CHECK(natural(k, SKB_OP_AVGPOOL, tall_wide, square(4, 4, 1)) == SKB_PATH_ROWS);
        CHECK(natural(k, SKB_OP_IM2COL, mid, square(3, 1, 1)) == SKB_PATH_SHIFTED);
        CHECK(natural(k, SKB_OP_IM2COL, mid, square(3, 2, 1)) == SKB_PATH_ROWS_S2);
        CHECK(natural(k, SKB_OP_IM2COL, mid, square(3, 3, 1)) == SKB_PATH_ROWS);
        // NCHW col2im: stride-2 rows end in a partial vector pair, the
        // other strides add whole vectors and single pixels.
        CHECK(natural(k, SKB_OP_COL2IM, mid, square(3, 2, 1)) == SKB_PATH_ROWS_S2);
        CHECK(natural(k, SKB_OP_COL2IM, mid, square(3, 1, 1)) == SKB_PATH_DIRECT);
        CHECK(natural(k, SKB_OP_COL2IM, mid, square(3, 3, 1)) == SKB_PATH_DIRECT);
        // NHWC col2im sums pixel by pixel for C <= 4 or a column matrix
        // beyond 64 KiB; a small one is added in runs.
        const skb_tensor_desc rgb = {1, 3, 224, 224, SKB_LAYOUT_NHWC};
        const skb_tensor_desc deep = {1, 64, 56, 56, SKB_LAYOUT_NHWC};
        const skb_tensor_desc tiny = {1, 20, 5, 5, SKB_LAYOUT_NHWC};
        CHECK(natural(k, SKB_OP_COL2IM, rgb, square(3, 1, 1)) == SKB_PATH_PIXELS);
        CHECK(natural(k, SKB_OP_COL2IM, deep, square(3, 1, 1)) == SKB_PATH_PIXELS);
        CHECK(natural(k, SKB_OP_COL2IM, tiny, square(3, 1, 0)) == SKB_PATH_DIRECT);
    }
    const skb_tensor_desc t = {1, 64, 35, 35, SKB_LAYOUT_NCHW};
    CHECK(natural(skb_kernels_for(SKB_ISA_REFERENCE), SKB_OP_MAXPOOL, t, square(3, 2, 1)) ==
          SKB_PATH_DIRECT);
    // The scalar table's stride-2 col2im rows go one pixel at a time (its
    // rows_s2 path, moving two pixels an entry, is slower).
    CHECK(natural(skb_kernels_for(SKB_ISA_SCALAR), SKB_OP_COL2IM, t, square(3, 2, 1)) ==
          SKB_PATH_DIRECT);
}

TEST_CASE("AVX-512's own paths: short NCHW rows at 8 lanes, NHWC col2im segments, rolling "
          "NCHW windows",
          "[plan]")
{
    const skb_kernels *k = skb_kernels_for(SKB_ISA_AVX512);
    const skb_tensor_desc narrow = {1, 64, 14, 14, SKB_LAYOUT_NCHW};
    const skb_tensor_desc mid = {1, 64, 56, 56, SKB_LAYOUT_NCHW};
    const skb_tensor_desc wide = {1, 64, 112, 112, SKB_LAYOUT_NCHW};
    const skb_window pointwise = square(1, 2, 0);
    if (!k)
        SUCCEED("no AVX-512 table on this CPU");
    else {
        // Output rows shorter than a vector (14 < 16) of planes wider than
        // one; at stride 2 with 3 columns, shorter than two (28 < 32); 1x1
        // stride 2 only below one.
        const skb_tensor_desc twenty = {1, 64, 20, 20, SKB_LAYOUT_NCHW};
        CHECK(natural(k, SKB_OP_COL2IM, twenty, square(7, 1, 0)) == SKB_PATH_DIRECT_W8);
        CHECK(natural(k, SKB_OP_COL2IM, mid, square(3, 2, 1)) == SKB_PATH_ROWS_S2_W8);
        CHECK(natural(k, SKB_OP_COL2IM, twenty, pointwise) == SKB_PATH_ROWS_S2_W8);
        // Planes at most 16 wide sum each image row in a register, at any
        // stride; wider ones, or windows wider than 16, cannot.
        const skb_tensor_desc seventeen = {1, 64, 17, 17, SKB_LAYOUT_NCHW};
        CHECK(natural(k, SKB_OP_COL2IM, narrow, square(3, 1, 1)) == SKB_PATH_PLANE_ROWS);
        CHECK(natural(k, SKB_OP_COL2IM, narrow, pointwise) == SKB_PATH_PLANE_ROWS);
        CHECK(natural(k, SKB_OP_COL2IM, narrow, square(3, 2, 1, 2)) == SKB_PATH_PLANE_ROWS);
        CHECK(natural(k, SKB_OP_COL2IM, seventeen, square(3, 1, 1)) != SKB_PATH_PLANE_ROWS);
        {
            skb_layer_plan plan;
            skb_error e{};
            const skb_window w3 = square(3, 1, 1);
            CHECK(skb_plan_layer(&plan, k, SKB_OP_COL2IM, &seventeen, &w3, SKB_PATH_PLANE_ROWS,
                                 &e) == SKB_ERR_PATH);
            CHECK(std::string(e.message).find("plane_rows cannot serve") != std::string::npos);
        }
        CHECK(natural(k, SKB_OP_COL2IM, mid, pointwise) == SKB_PATH_ROWS_S2);
        CHECK(natural(k, SKB_OP_COL2IM, mid, square(3, 1, 1)) == SKB_PATH_DIRECT);
        CHECK(natural(k, SKB_OP_COL2IM, wide, square(3, 2, 1)) == SKB_PATH_ROWS_S2);
        // im2col at 8 lanes wherever output rows are wider than 8.
        const skb_tensor_desc tiny = {1, 64, 7, 7, SKB_LAYOUT_NCHW};
        CHECK(natural(k, SKB_OP_IM2COL, mid, square(3, 1, 1)) == SKB_PATH_SHIFTED_W8);
        CHECK(natural(k, SKB_OP_IM2COL, mid, square(3, 2, 1)) == SKB_PATH_ROWS_S2_W8);
        CHECK(natural(k, SKB_OP_IM2COL, wide, square(3, 3, 1)) == SKB_PATH_ROWS_W8);
        CHECK(natural(k, SKB_OP_IM2COL, tiny, square(3, 1, 1)) == SKB_PATH_SHIFTED);
        const skb_tensor_desc odd17 = {1, 64, 17, 17, SKB_LAYOUT_NCHW};
        CHECK(natural(k, SKB_OP_IM2COL, odd17, square(3, 2, 0)) == SKB_PATH_ROWS_S2);
        // Planes at most 16 wide permute each input row into its output
        // rows, unless a shifted copy serves ("same" padding at stride 1).
        CHECK(natural(k, SKB_OP_IM2COL, narrow, square(3, 2, 1)) == SKB_PATH_PLANE_ROWS);
        CHECK(natural(k, SKB_OP_IM2COL, narrow, pointwise) == SKB_PATH_PLANE_ROWS);
        CHECK(natural(k, SKB_OP_IM2COL, tiny, square(3, 1, 0)) == SKB_PATH_PLANE_ROWS);
        CHECK(natural(k, SKB_OP_IM2COL, narrow, square(3, 1, 1)) == SKB_PATH_SHIFTED_W8);
        // 2x2/2 max pooling walks down the plane from 4 to 24 outputs a
        // row (VGG16's pool5 and pool4), and spills past row ends beyond
        // (its pool3, 28 wide).
        const skb_tensor_desc pool5 = {1, 64, 14, 14, SKB_LAYOUT_NCHW};
        const skb_tensor_desc pool4 = {1, 64, 28, 28, SKB_LAYOUT_NCHW};
        const skb_tensor_desc pool3 = {1, 64, 56, 56, SKB_LAYOUT_NCHW};
        const skb_tensor_desc plane8 = {1, 64, 8, 8, SKB_LAYOUT_NCHW};
        const skb_tensor_desc plane6 = {1, 64, 6, 6, SKB_LAYOUT_NCHW};
        CHECK(natural(k, SKB_OP_MAXPOOL, pool5, square(2, 2, 0)) == SKB_PATH_ROLLING_S2_K2X2);
        CHECK(natural(k, SKB_OP_MAXPOOL, pool4, square(2, 2, 0)) == SKB_PATH_ROLLING_S2_K2X2);
        CHECK(natural(k, SKB_OP_MAXPOOL, plane8, square(2, 2, 0)) == SKB_PATH_ROLLING_S2_K2X2);
        CHECK(natural(k, SKB_OP_MAXPOOL, pool3, square(2, 2, 0)) ==
              SKB_PATH_ROWS_S2_PAIRS_K2_SPILL);
        CHECK(natural(k, SKB_OP_MAXPOOL, plane6, square(2, 2, 0)) == SKB_PATH_TILE_K2X2);
        // Pooling of 20 channels runs at 8 lanes (16 + 4 wastes most of a
        // vector), of 32 at 16.
        const skb_tensor_desc cifar = {1, 20, 12, 12, SKB_LAYOUT_NHWC};
        const skb_tensor_desc cifar_nchw = {1, 20, 3, 3, SKB_LAYOUT_NCHW};
        const skb_tensor_desc c32 = {1, 32, 12, 12, SKB_LAYOUT_NHWC};
        CHECK(natural(k, SKB_OP_MAXPOOL, cifar, square(3, 2, 0)) == SKB_PATH_DIRECT_W8);
        CHECK(natural(k, SKB_OP_AVGPOOL, cifar, square(3, 1, 1)) == SKB_PATH_DIRECT_W8);
        CHECK(natural(k, SKB_OP_GLOBAL_AVGPOOL, cifar_nchw, square(1, 1, 0)) ==
              SKB_PATH_DIRECT_W8);
        CHECK(natural(k, SKB_OP_GLOBAL_MAXPOOL, cifar, square(1, 1, 0)) == SKB_PATH_DIRECT_W8);
        CHECK(natural(k, SKB_OP_MAXPOOL, c32, square(3, 2, 0)) == SKB_PATH_DIRECT);
        // NHWC col2im of 3 channels adds whole kernel rows of a window,
        // unless dilated along x; 5 channels sum pixel by pixel.
        const skb_tensor_desc rgb = {1, 3, 224, 224, SKB_LAYOUT_NHWC};
        const skb_tensor_desc five = {1, 5, 224, 224, SKB_LAYOUT_NHWC};
        CHECK(natural(k, SKB_OP_COL2IM, rgb, square(7, 2, 3)) == SKB_PATH_SEGMENTS);
        CHECK(natural(k, SKB_OP_COL2IM, rgb, square(3, 2, 1, 2)) == SKB_PATH_PIXELS);
        CHECK(natural(k, SKB_OP_COL2IM, five, square(3, 1, 1)) == SKB_PATH_PIXELS);
        skb_layer_plan p;
        skb_error err{};
        const skb_window dilated = square(3, 1, 1, 2);
        CHECK(skb_plan_layer(&p, k, SKB_OP_COL2IM, &rgb, &dilated, SKB_PATH_SEGMENTS, &err) ==
              SKB_ERR_PATH);
        CHECK(std::string(err.message).find("segments cannot serve") != std::string::npos);
        // NCHW 3x3/1 average pooling rolls its windows down the plane, at
        // every plane size; other windows, strides and max pooling do not.
        const skb_tensor_desc inception = {1, 288, 35, 35, SKB_LAYOUT_NCHW};
        const skb_tensor_desc huge = {1, 2, 300, 300, SKB_LAYOUT_NCHW};
        CHECK(natural(k, SKB_OP_AVGPOOL, inception, square(3, 1, 1)) == SKB_PATH_ROLLING_K3X3);
        CHECK(natural(k, SKB_OP_AVGPOOL, huge, square(3, 1, 0)) == SKB_PATH_ROLLING_K3X3);
        CHECK(natural(k, SKB_OP_AVGPOOL, inception, square(3, 2, 1)) != SKB_PATH_ROLLING_K3X3);
        CHECK(natural(k, SKB_OP_MAXPOOL, inception, square(3, 1, 1)) != SKB_PATH_ROLLING_K3X3);
        // NCHW 3x3/2 max pooling likewise, from 4 outputs a row (7x7 with
        // padding, 9x9 without); 5x5 planes keep the channel tile.
        const skb_tensor_desc pool7a = {1, 64, 17, 17, SKB_LAYOUT_NCHW};
        const skb_tensor_desc seven = {1, 64, 7, 7, SKB_LAYOUT_NCHW};
        const skb_tensor_desc plane5 = {1, 64, 5, 5, SKB_LAYOUT_NCHW};
        CHECK(natural(k, SKB_OP_MAXPOOL, pool7a, square(3, 2, 0)) == SKB_PATH_ROLLING_S2_K3X3);
        CHECK(natural(k, SKB_OP_MAXPOOL, wide, square(3, 2, 1)) == SKB_PATH_ROLLING_S2_K3X3);
        CHECK(natural(k, SKB_OP_MAXPOOL, seven, square(3, 2, 1)) == SKB_PATH_ROLLING_S2_K3X3);
        CHECK(natural(k, SKB_OP_MAXPOOL, plane5, square(3, 2, 1)) == SKB_PATH_TILE_K3X3);
        CHECK(natural(k, SKB_OP_MAXPOOL, wide, square(2, 2, 0)) != SKB_PATH_ROLLING_S2_K2X2);
        CHECK(natural(k, SKB_OP_AVGPOOL, wide, square(3, 2, 1)) != SKB_PATH_ROLLING_S2_K3X3);
        const skb_window two = square(2, 1, 0);
        CHECK(skb_plan_layer(&p, k, SKB_OP_AVGPOOL, &inception, &two, SKB_PATH_ROLLING_K3X3,
                             &err) == SKB_ERR_PATH);
        CHECK(std::string(err.message).find("rolling_k3x3 cannot serve") != std::string::npos);
    }
    // Narrower tables have no such paths: forcing one is refused by name.
    const skb_kernels *avx2 = skb_kernels_for(SKB_ISA_AVX2);
    if (avx2) {
        skb_layer_plan p;
        skb_error err{};
        const skb_window w = square(3, 1, 1);
        CHECK(skb_plan_layer(&p, avx2, SKB_OP_COL2IM, &narrow, &w, SKB_PATH_DIRECT_W8, &err) ==
              SKB_ERR_PATH);
        CHECK(std::string(err.message).find("no direct_w8 path") != std::string::npos);
    }
}

TEST_CASE("workspace: what the path copies into, nothing for the others", "[plan]")
{
    const skb_kernels *k = skb_kernels_for(SKB_ISA_SCALAR);
    const skb_tensor_desc t = {2, 5, 9, 11, SKB_LAYOUT_NCHW};
    const skb_window w = square(3, 2, 1);
    skb_layer_plan p;
    REQUIRE(skb_plan_layer(&p, k, SKB_OP_MAXPOOL, &t, &w, SKB_PATH_ROWS, nullptr) == SKB_OK);
    CHECK(p.workspace_bytes == 0);
    // The padded copy spans (5-1)*2+3 = 11 rows and (6-1)*2+3 = 13 columns,
    // plus three vectors (of 1 float) of slack.
    REQUIRE(skb_plan_layer(&p, k, SKB_OP_MAXPOOL, &t, &w, SKB_PATH_PADDED, nullptr) == SKB_OK);
    CHECK(p.workspace_bytes == (11 * 13 + 3) * sizeof(float));
    // Average pooling also keeps the 6 column divisors and one vector.
    REQUIRE(skb_plan_layer(&p, k, SKB_OP_AVGPOOL, &t, &w, SKB_PATH_PADDED, nullptr) == SKB_OK);
    CHECK(p.workspace_bytes == (11 * 13 + 3 + 6 + 1) * sizeof(float));
    // The tile: 11 x 13 vectors (of 1 float); average pooling adds the 6
    // column divisors, max pooling nothing.
    REQUIRE(skb_plan_layer(&p, k, SKB_OP_MAXPOOL, &t, &w, SKB_PATH_TILE, nullptr) == SKB_OK);
    CHECK(p.workspace_bytes == 11 * 13 * sizeof(float));
    REQUIRE(skb_plan_layer(&p, k, SKB_OP_AVGPOOL, &t, &w, SKB_PATH_TILE, nullptr) == SKB_OK);
    CHECK(p.workspace_bytes == (11 * 13 + 6) * sizeof(float));
    CHECK(p.kernels == k);
    CHECK(p.path == SKB_PATH_TILE);
    // NHWC col2im summing pixel by pixel keeps three size_t per image
    // column, aligned inside a float-aligned workspace.
    const skb_tensor_desc nhwc = {2, 5, 9, 11, SKB_LAYOUT_NHWC};
    REQUIRE(skb_plan_layer(&p, k, SKB_OP_COL2IM, &nhwc, &w, SKB_PATH_PIXELS, nullptr) == SKB_OK);
    CHECK(p.workspace_bytes == 3 * 11 * sizeof(size_t) + sizeof(size_t) - sizeof(float));
}

TEST_CASE("a path that cannot serve the shape is refused by name", "[plan]")
{
    const skb_kernels *k = skb_kernels_for(SKB_ISA_SCALAR);
    const skb_tensor_desc t = {1, 3, 9, 9, SKB_LAYOUT_NCHW};
    struct Refusal {
        skb_op op;
        skb_window w;
        skb_path path;
        const char *says;
    };
    const Refusal refusals[] = {
        {SKB_OP_MAXPOOL, square(3, 1, 1), SKB_PATH_ROWS_S2, "rows_s2 cannot serve"},
        {SKB_OP_MAXPOOL, square(2, 2, 0, 2), SKB_PATH_ROWS_S2_PAIRS_K2, "rows_s2_pairs_k2 cannot"},
        {SKB_OP_MAXPOOL, square(2, 2, 0), SKB_PATH_TILE_K3X3, "tile_k3x3 cannot serve"},
        {SKB_OP_MAXPOOL, square(3, 2, 1), SKB_PATH_SHIFTED, "no shifted path for maxpool"},
        {SKB_OP_AVGPOOL, square(3, 3, 1), SKB_PATH_ROWS_S3, "no rows_s3 path for avgpool"},
        {SKB_OP_IM2COL, square(3, 2, 1), SKB_PATH_SHIFTED, "shifted cannot serve"},
        {SKB_OP_COL2IM, square(3, 1, 1), SKB_PATH_TILE, "no tile path for col2im"},
        {SKB_OP_MAXPOOL, square(3, 1, 1), static_cast<skb_path>(SKB_PATH_COUNT), "not a path"},
    };
    for (const Refusal &r : refusals) {
        skb_layer_plan p;
        skb_error err{};
        const skb_status s = skb_plan_layer(&p, k, r.op, &t, &r.w, r.path, &err);
        INFO(skb_op_name(r.op) << " forced " << skb_path_name(r.path) << ": " << err.message);
        CHECK(s == SKB_ERR_PATH);
        CHECK(err.status == SKB_ERR_PATH);
        CHECK(std::string(err.message).find(r.says) != std::string::npos);
    }
    // Validation comes first: a bad shape is reported as such, whatever path.
    skb_window bad = square(3, 1, 1);
    bad.stride_w = 0;
    skb_layer_plan p;
    skb_error err{};
    CHECK(skb_plan_layer(&p, k, SKB_OP_MAXPOOL, &t, &bad, SKB_PATH_TILE, &err) == SKB_ERR_STRIDE);
    CHECK(skb_plan_layer(nullptr, k, SKB_OP_MAXPOOL, &t, &bad, SKB_PATH_TILE, &err) == SKB_ERR_NULL);
}

TEST_CASE("a plan executed many times gives skb_run's bytes", "[plan]")
{
    const skb_tensor_desc t = {2, 19, 23, 29, SKB_LAYOUT_NCHW};
    const skb_window w = square(3, 2, 1);
    for (int isa = 0; isa < SKB_ISA_COUNT; isa++) {
        const skb_kernels *k = skb_kernels_for(static_cast<skb_isa>(isa));
        if (!k)
            continue;
        for (skb_op op : {SKB_OP_MAXPOOL, SKB_OP_AVGPOOL, SKB_OP_IM2COL}) {
            skb_layer_plan p;
            REQUIRE(skb_plan_layer(&p, k, op, &t, &w, SKB_PATH_AUTO, nullptr) == SKB_OK);
            std::vector<float> src(p.geom.src_elems), once(p.geom.dst_elems),
                again(p.geom.dst_elems);
            for (size_t i = 0; i < src.size(); i++)
                src[i] = static_cast<float>((i * 7919) % 1013) - 500.0f;
            REQUIRE(skb_run(k, op, &t, &w, src.data(), once.data(), nullptr) == SKB_OK);
            // Aligned for a float, as skb.h asks, but not to a vector.
            std::vector<unsigned char> workspace(p.workspace_bytes + sizeof(float));
            for (int run = 0; run < 3; run++) {
                std::fill(again.begin(), again.end(), -1.0f);
                skb_execute(&p, src.data(), again.data(), workspace.data() + sizeof(float));
                INFO(k->name << ' ' << skb_op_name(op) << " path " << skb_path_name(p.path));
                CHECK(std::memcmp(once.data(), again.data(), once.size() * sizeof(float)) == 0);
            }
        }
    }
}

TEST_CASE("NHWC 3-column average windows at stride 1 are summed four neighbours at a time",
          "[plan]")
{
    const skb_tensor_desc c192 = {1, 192, 35, 35, SKB_LAYOUT_NHWC};
    const skb_tensor_desc c64 = {1, 64, 17, 17, SKB_LAYOUT_NHWC};
    const skb_tensor_desc c768 = {1, 768, 17, 17, SKB_LAYOUT_NHWC};
    const skb_tensor_desc c2048 = {1, 2048, 8, 8, SKB_LAYOUT_NHWC};
    const skb_window k3s1 = square(3, 1, 1);
    // Up to a number of channels that depends on the vector width; the
    // scalar table never.
    const skb_kernels *scalar = skb_kernels_for(SKB_ISA_SCALAR);
    CHECK(natural(scalar, SKB_OP_AVGPOOL, c64, k3s1) == SKB_PATH_DIRECT);
    if (const skb_kernels *sse = skb_kernels_for(SKB_ISA_SSE)) {
        CHECK(natural(sse, SKB_OP_AVGPOOL, c192, k3s1) == SKB_PATH_NEIGHBOURS_K3);
        CHECK(natural(sse, SKB_OP_AVGPOOL, c768, k3s1) == SKB_PATH_DIRECT);
    }
    if (const skb_kernels *avx2 = skb_kernels_for(SKB_ISA_AVX2)) {
        CHECK(natural(avx2, SKB_OP_AVGPOOL, c64, k3s1) == SKB_PATH_NEIGHBOURS_K3);
        CHECK(natural(avx2, SKB_OP_AVGPOOL, c192, k3s1) == SKB_PATH_DIRECT);
    }
    if (const skb_kernels *avx512 = skb_kernels_for(SKB_ISA_AVX512)) {
        CHECK(natural(avx512, SKB_OP_AVGPOOL, c192, k3s1) == SKB_PATH_NEIGHBOURS_K3);
        CHECK(natural(avx512, SKB_OP_AVGPOOL, c64, square(3, 1, 0)) == SKB_PATH_NEIGHBOURS_K3);
        CHECK(natural(avx512, SKB_OP_AVGPOOL, c768, k3s1) == SKB_PATH_DIRECT);
        CHECK(natural(avx512, SKB_OP_AVGPOOL, c2048, k3s1) == SKB_PATH_DIRECT);
        // Other strides, widths and max pooling keep their paths.
        CHECK(natural(avx512, SKB_OP_AVGPOOL, c192, square(3, 2, 1)) == SKB_PATH_DIRECT);
        CHECK(natural(avx512, SKB_OP_AVGPOOL, c192, square(2, 1, 0)) == SKB_PATH_DIRECT);
        CHECK(natural(avx512, SKB_OP_MAXPOOL, c192, k3s1) == SKB_PATH_DIRECT);
    }
    // Forced where it cannot serve: refused, naming what it needs.
    skb_layer_plan p;
    skb_error err{};
    const skb_window dilated = square(3, 1, 2, 2);
    CHECK(skb_plan_layer(&p, scalar, SKB_OP_AVGPOOL, &c64, &dilated, SKB_PATH_NEIGHBOURS_K3,
                         &err) == SKB_ERR_PATH);
    CHECK(std::string(err.message).find("neighbours_k3 cannot serve") != std::string::npos);
    CHECK(skb_plan_layer(&p, scalar, SKB_OP_AVGPOOL, &c64, &k3s1, SKB_PATH_NEIGHBOURS_K3, &err) ==
          SKB_OK);
}
