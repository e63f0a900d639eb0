#include "grid.hpp"

#include <cstdlib>
#include <cstring>
#include <sstream>

namespace {

struct Pads {
    int64_t top, left, bottom, right;
};

skb_window make_window(int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t d, Pads p,
                       bool ceil_mode, bool include_pad)
{
    skb_window w{};
    w.kernel_h = kh;
    w.kernel_w = kw;
    w.stride_h = sh;
    w.stride_w = sw;
    w.dilation_h = d;
    w.dilation_w = d;
    w.pad_top = p.top;
    w.pad_left = p.left;
    w.pad_bottom = p.bottom;
    w.pad_right = p.right;
    w.ceil_mode = ceil_mode;
    w.count_include_pad = include_pad;
    return w;
}

class GridBuilder {
public:
    GridBuilder(skb_op op, skb_layout layout) : op_(op), layout_(layout) {}

    void add(int64_t n, int64_t c, int64_t h, int64_t w, const skb_window &win)
    {
        Case k{op_, {n, c, h, w, layout_}, win};
        skb_geometry g;
        if (skb_plan(op_, &k.tensor, &k.window, &g, nullptr) == SKB_OK)
            cases_.push_back(k);
    }
    std::vector<Case> take() { return std::move(cases_); }

private:
    skb_op op_;
    skb_layout layout_;
    std::vector<Case> cases_;
};

bool is_global(skb_op op)
{
    return op == SKB_OP_GLOBAL_AVGPOOL || op == SKB_OP_GLOBAL_MAXPOOL;
}

// Counts 1..33 hit every tail of every vector width (4, 8, 16) twice over;
// the large ones hit the main loops and several blocks.
const int64_t kSweep[] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13,
                          14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
                          27, 28, 29, 30, 31, 32, 33, 64, 67, 130};

void global_cases(GridBuilder &b, GridSize size)
{
    const skb_window unused{};
    const int64_t planes[][2] = {{1, 1}, {1, 7}, {7, 1}, {2, 3}, {3, 3}, {4, 5},
                                 {5, 5}, {7, 7}, {8, 8}, {9, 13}, {14, 14}, {17, 3}};
    for (int64_t c : kSweep)
        for (const auto &p : planes)
            for (int64_t n : {1, 2}) {
                if (size == GridSize::small && (n == 2 || (p[0] * p[1]) % 5 == 1))
                    continue;
                b.add(n, c, p[0], p[1], unused);
            }
    if (size == GridSize::full)
        for (int64_t c : {512, 1280, 2048})
            for (const auto &p : {std::pair<int64_t, int64_t>{7, 7}, {8, 8}})
                b.add(1, c, p.first, p.second, unused);
}

void window_cases(GridBuilder &b, skb_op op, GridSize size)
{
    const bool avg = op == SKB_OP_AVGPOOL;
    const bool pool = op == SKB_OP_MAXPOOL || op == SKB_OP_AVGPOOL;
    const Pads none{0, 0, 0, 0}, one{1, 1, 1, 1};

    // Channel sweep: every C tail, a few common windows.
    for (int64_t c : kSweep) {
        b.add(1, c, 5, 5, make_window(3, 3, 1, 1, 1, one, false, true));
        b.add(1, c, 6, 6, make_window(2, 2, 2, 2, 1, none, false, false));
        b.add(1, c, 5, 7, make_window(3, 3, 2, 2, 1, one, true, false));
    }

    // Width sweep: every W tail, every stride, dilation where allowed.
    for (int64_t w : kSweep) {
        for (int64_t c : {1, 3, 17}) {
            if (size == GridSize::small && c == 3)
                continue;
            b.add(1, c, 3, w, make_window(1, 2, 1, 2, 1, none, false, false));
            b.add(1, c, 4, w, make_window(3, 3, 1, 1, 1, one, false, true));
            b.add(1, c, 5, w, make_window(3, 3, 3, 3, 1, {0, 1, 1, 0}, true, false));
            b.add(1, c, 4, w, make_window(2, 3, 2, 2, 2, {0, 1, 0, 1}, true, true));
        }
    }

    // Parameter product on small planes: kernels, strides, dilations,
    // paddings (asymmetric ones too), ceil mode, divisor rule, batch.
    const int64_t kernels[][2] = {{1, 1}, {2, 2}, {3, 3}, {1, 3}, {3, 2}};
    const Pads pads[] = {none, one, {1, 0, 0, 1}, {0, 1, 2, 0}, {2, 2, 2, 2}};
    const int64_t planes[][2] = {{7, 9}, {8, 8}};
    for (const auto &k : kernels)
        for (int64_t s = 1; s <= 3; s++)
            for (int64_t d = 1; d <= 2; d++)
                for (const Pads &p : pads)
                    for (bool ceil_mode : {false, true})
                        for (bool include_pad : {false, true}) {
                            if (!avg && include_pad)
                                continue;
                            for (const auto &hw : planes)
                                for (int64_t n : {1, 2})
                                    for (int64_t c : {5, 16}) {
                                        if (size == GridSize::small &&
                                            (n == 2 || c == 16 || hw[0] == 8))
                                            continue;
                                        b.add(n, c, hw[0], hw[1],
                                              make_window(k[0], k[1], s, s, d, p, ceil_mode,
                                                          include_pad));
                                    }
                        }

    // Planes wider than 1024: short ones fit NCHW pooling's padded copy,
    // tall ones (16 rows: more than the copy holds) read rows from the
    // input, with border windows; strides 1 to 4, dilation with stride 2
    // and 3.  Every variant, every tail.
    for (int64_t w : {1100, 1103}) {
        for (int64_t h : {5, 16}) {
            if (size == GridSize::small && h == 16 && w == 1103)
                continue;
            b.add(1, 3, h, w, make_window(2, 2, 2, 2, 1, none, false, false));
            b.add(1, 2, h, w, make_window(3, 3, 1, 1, 1, one, false, true));
            b.add(1, 2, h, w, make_window(3, 3, 2, 2, 1, {1, 0, 1, 2}, true, false));
            b.add(1, 2, h, w, make_window(3, 2, 3, 3, 2, {0, 1, 2, 1}, true, true));
            b.add(1, 2, h, w, make_window(3, 3, 3, 3, 1, one, false, false));
            b.add(1, 2, h, w, make_window(4, 4, 4, 4, 1, {1, 2, 1, 2}, true, true));
            b.add(1, 2, h, w, make_window(3, 3, 2, 2, 2, {2, 2, 2, 2}, false, false));
            b.add(1, 2, h, w, make_window(2, 3, 4, 4, 3, {0, 1, 1, 0}, true, false));
        }
    }

    // Stride-2 windows neither 2 nor 3 columns wide on rows long enough
    // for vectors: max pooling's padded copy reads their taps in pairs.
    b.add(1, 3, 6, 140, make_window(2, 4, 2, 2, 1, none, false, false));
    b.add(1, 2, 7, 143, make_window(3, 5, 2, 2, 1, {1, 2, 1, 2}, true, true));

    // Inception-v3's first pools: 147x147 planes, 3x3 stride 2, too big for
    // the padded copy (rows with stride-2 pairs of taps for max pooling).
    b.add(1, 3, 147, 147, make_window(3, 3, 2, 2, 1, none, false, false));
    b.add(1, 2, 147, 147, make_window(3, 3, 2, 2, 1, one, true, true));

    // Stride-2 windows inside short planes over more channels than a vector
    // holds, in the small grid too: NCHW max pooling's spill paths, split
    // over channel blocks on threads by every variant.
    b.add(1, 17, 8, 12, make_window(2, 2, 2, 2, 1, none, false, false));
    b.add(1, 17, 9, 13, make_window(3, 3, 2, 2, 1, none, false, false));

    // Windows whose channels outgrow L1 (3x3 of 1000 channels: 35 KiB; 5x5
    // of 520: 51 KiB): NHWC pooling walks such rows a chunk of channels at
    // a time, the last group with the last chunk, in the small grid too.
    b.add(1, 1000, 5, 6, make_window(3, 3, 1, 1, 1, one, false, true));
    b.add(1, 520, 7, 5, make_window(5, 5, 2, 2, 1, {2, 1, 2, 1}, true, false));

    // Windows wider than the real input: all-padding columns for im2col.
    if (!pool) {
        b.add(1, 3, 2, 2, make_window(3, 3, 1, 1, 1, {3, 3, 3, 3}, false, false));
        b.add(2, 5, 3, 4, make_window(2, 2, 2, 2, 2, {4, 0, 1, 5}, true, false));
        // Planes at most 16 wide whose output rows are wider than 16 (heavy
        // padding): AVX-512's plane_rows paths serve neither.
        b.add(1, 3, 5, 15, make_window(3, 3, 1, 1, 1, {1, 4, 1, 1}, false, false));
        b.add(2, 2, 4, 16, make_window(3, 2, 1, 1, 1, {0, 2, 1, 2}, false, false));
        // Dilated windows whose last column starts more than a vector into
        // the row (kx * dw = 18), at strides 1 and 2.
        b.add(1, 2, 20, 45, make_window(3, 3, 1, 1, 9, {1, 0, 1, 0}, false, false));
        b.add(1, 2, 20, 47, make_window(3, 3, 2, 2, 9, {0, 1, 0, 1}, false, false));
    }

    // Ceil mode with a window wider than the padded input (by up to stride
    // - 1): one window along that axis, clipped for the divisor (PyTorch).
    // Along h only too, so that rows still fill vectors.
    for (int64_t c : {1, 5, 17}) {
        b.add(1, c, 3, 3, make_window(4, 4, 2, 2, 1, none, true, false));
        b.add(2, c, 2, 2, make_window(3, 3, 2, 2, 1, none, true, true));
        b.add(1, c, 5, 4, make_window(8, 6, 3, 3, 1, {1, 0, 1, 1}, true, true));
        b.add(1, c, 4, 4, make_window(3, 3, 2, 2, 2, {0, 0, 0, 0}, true, false));
        b.add(1, c, 3, 37, make_window(4, 3, 2, 2, 1, {0, 1, 0, 1}, true, false));
        b.add(1, c, 3, 37, make_window(4, 3, 3, 1, 1, none, true, true));
    }
    b.add(1, 2, 3, 1100, make_window(4, 2, 2, 2, 1, none, true, true));
    b.add(1, 2, 2, 1103, make_window(3, 3, 2, 1, 1, {0, 1, 0, 1}, true, false));

    // A few shapes of real networks.
    if (size == GridSize::full) {
        if (pool) {
            b.add(1, 64, 56, 56, make_window(2, 2, 2, 2, 1, none, false, false));
            b.add(1, 64, 57, 57, make_window(3, 3, 2, 2, 1, one, false, false));
            b.add(1, 40, 35, 35, make_window(3, 3, 1, 1, 1, one, false, false));
            b.add(1, 40, 35, 35, make_window(3, 3, 1, 1, 1, one, false, true));
        } else {
            b.add(1, 3, 56, 56, make_window(7, 7, 2, 2, 1, {3, 3, 3, 3}, false, false));
            b.add(1, 64, 28, 28, make_window(3, 3, 1, 1, 1, one, false, false));
            b.add(1, 32, 15, 15, make_window(3, 3, 2, 2, 1, one, false, false));
        }
    }
}

} // namespace

std::vector<Case> shape_grid(skb_op op, skb_layout layout, GridSize size)
{
    GridBuilder b(op, layout);
    if (is_global(op))
        global_cases(b, size);
    else
        window_cases(b, op, size);
    return b.take();
}

std::string describe(const Case &c)
{
    std::ostringstream s;
    s << skb_op_name(c.op) << ' ' << skb_layout_name(c.tensor.layout) << " n" << c.tensor.n
      << " c" << c.tensor.c << " h" << c.tensor.h << " w" << c.tensor.w;
    if (!is_global(c.op)) {
        const skb_window &w = c.window;
        s << " k" << w.kernel_h << 'x' << w.kernel_w << " s" << w.stride_h << 'x' << w.stride_w
          << " d" << w.dilation_h << 'x' << w.dilation_w << " pad " << w.pad_top << ','
          << w.pad_left << ',' << w.pad_bottom << ',' << w.pad_right
          << (w.ceil_mode ? " ceil" : " floor");
        if (c.op == SKB_OP_AVGPOOL)
            s << (w.count_include_pad ? " include-pad" : " exclude-pad");
    }
    return s.str();
}

GridSize grid_size_from_env()
{
    const char *v = std::getenv("SKB_TEST_GRID");
    return v && std::strcmp(v, "small") == 0 ? GridSize::small : GridSize::full;
}
