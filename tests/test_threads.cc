// Plans on threads give the reference's bytes: every variant and path, over
// the shape grid, split into 2, 3, 5 and 8 tasks on a pool of 8 threads
// (more than this machine's cores), on the special input at every count
// and on the random and ties inputs at one count each (rotating; the small
// grid of the emulated CPUs runs one rotating count on the special input
// only); a (variant, layout, path) cell that never ran split fails.  Also the rule
// that decides the threads a plan takes, and skb_run's SKB_THREADS.
#include "tester.hpp"

#include <catch2/catch.hpp>
#include <pthreadpool.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>

namespace {

constexpr size_t kThreadCounts[] = {2, 3, 5, 8};
constexpr size_t kForceEvery = 5, kForceFirst = 6;

struct PoolDeleter {
    void operator()(pthreadpool *p) const { pthreadpool_destroy(p); }
};
using Pool = std::unique_ptr<pthreadpool, PoolDeleter>;

void check_op_on_threads(skb_op op)
{
    const GridSize size = grid_size_from_env();
    const Pool pool(pthreadpool_create(8));
    REQUIRE(pool);
    std::vector<const skb_kernels *> tables;
    for (int isa = SKB_ISA_SCALAR; isa < SKB_ISA_COUNT; isa++)
        if (const skb_kernels *k = skb_kernels_for(static_cast<skb_isa>(isa)))
            tables.push_back(k);
    size_t split_runs[SKB_ISA_COUNT][SKB_LAYOUT_COUNT][SKB_PATH_COUNT] = {};
    for (int layout = 0; layout < SKB_LAYOUT_COUNT; layout++) {
        const auto cases = shape_grid(op, static_cast<skb_layout>(layout), size);
        size_t runs = 0, failures = 0;
        for (size_t i = 0; i < cases.size(); i++) {
            const Case &c = cases[i];
            std::vector<skb_layer_plan> plans;
            for (const skb_kernels *k : tables) {
                skb_layer_plan natural;
                REQUIRE(skb_plan_layer(&natural, k, op, &c.tensor, &c.window, SKB_PATH_AUTO,
                                       nullptr) == SKB_OK);
                plans.push_back(natural);
                for (int path = SKB_PATH_AUTO + 1; path < SKB_PATH_COUNT; path++) {
                    skb_layer_plan p;
                    if (path == natural.path || !k->fn[op][layout][path] ||
                        (split_runs[k->isa][layout][path] >= kForceFirst &&
                         (i + path) % kForceEvery != 0) ||
                        skb_plan_layer(&p, k, op, &c.tensor, &c.window,
                                       static_cast<skb_path>(path), nullptr) != SKB_OK)
                        continue;
                    plans.push_back(p);
                }
            }
            for (InputKind kind : kInputKinds) {
                const CaseTester tester(c, kind, i);
                for (size_t t : kThreadCounts) {
                    const size_t rotating = kThreadCounts[(i + static_cast<size_t>(kind)) % 4];
                    if (size == GridSize::small ? kind != InputKind::special || t != rotating
                                                : kind != InputKind::special && t != rotating)
                        continue;
                    for (skb_layer_plan p : plans) {
                        skb_error err;
                        REQUIRE(skb_plan_threads(&p, pool.get(), t, &err) == SKB_OK);
                        const GuardSide side =
                            (i + runs) % 2 ? GuardSide::before : GuardSide::after;
                        const Comparison r = tester.check(p, side);
                        runs++;
                        if (p.threads > 1 && kind == InputKind::special)
                            split_runs[p.kernels->isa][layout][p.path]++;
                        if (!r.equal && ++failures <= 5)
                            FAIL_CHECK(p.kernels->name << " path " << skb_path_name(p.path)
                                                       << ": " << r.detail);
                    }
                }
            }
        }
        CHECK(failures == 0);
        std::cout << skb_op_name(op) << ' ' << skb_layout_name(static_cast<skb_layout>(layout))
                  << " on 2, 3, 5 and 8 threads: " << cases.size() << " shapes, " << runs
                  << " runs, " << failures << " mismatches\n";
    }
    for (const skb_kernels *k : tables)
        for (int layout = 0; layout < SKB_LAYOUT_COUNT; layout++)
            for (int path = SKB_PATH_AUTO + 1; path < SKB_PATH_COUNT; path++) {
                if (!k->fn[op][layout][path])
                    continue;
                INFO("cell " << skb_op_name(op) << ' '
                             << skb_layout_name(static_cast<skb_layout>(layout)) << ' '
                             << k->name << ' ' << skb_path_name(static_cast<skb_path>(path))
                             << " never ran split");
                CHECK(split_runs[k->isa][layout][path] > 0);
            }
}

skb_layer_plan plan_of(skb_op op, skb_tensor_desc t, const skb_window *win,
                       const skb_kernels *k = nullptr)
{
    skb_layer_plan p;
    REQUIRE(skb_plan_layer(&p, k, op, &t, win, SKB_PATH_AUTO, nullptr) == SKB_OK);
    return p;
}

} // namespace

TEST_CASE("plans on threads match the reference bit for bit: im2col", "[threads]") { check_op_on_threads(SKB_OP_IM2COL); }
TEST_CASE("plans on threads match the reference bit for bit: col2im", "[threads]") { check_op_on_threads(SKB_OP_COL2IM); }
TEST_CASE("plans on threads match the reference bit for bit: maxpool", "[threads]") { check_op_on_threads(SKB_OP_MAXPOOL); }
TEST_CASE("plans on threads match the reference bit for bit: avgpool", "[threads]") { check_op_on_threads(SKB_OP_AVGPOOL); }
TEST_CASE("plans on threads match the reference bit for bit: global_avgpool", "[threads]") { check_op_on_threads(SKB_OP_GLOBAL_AVGPOOL); }
TEST_CASE("plans on threads match the reference bit for bit: global_maxpool", "[threads]") { check_op_on_threads(SKB_OP_GLOBAL_MAXPOOL); }

TEST_CASE("a plan takes the threads its work is worth", "[threads]")
{
    const Pool pool(pthreadpool_create(2));
    REQUIRE(pool);
    skb_window win{};
    win.kernel_h = win.kernel_w = 2;
    win.stride_h = win.stride_w = 2;
    win.dilation_h = win.dilation_w = 1;
    for (skb_layout layout : {SKB_LAYOUT_NCHW, SKB_LAYOUT_NHWC}) {
        INFO(skb_layout_name(layout));
        // A CIFAR-sized pool (32x32x32: 160 KiB in and out) stays on one
        // thread; VGG16's first (64x224x224: 15 MiB) takes both.
        skb_layer_plan small = plan_of(SKB_OP_MAXPOOL, {1, 32, 32, 32, layout}, &win);
        const size_t one_thread_bytes = small.workspace_bytes;
        REQUIRE(skb_plan_threads(&small, pool.get(), 0, nullptr) == SKB_OK);
        CHECK(small.threads == 1);
        CHECK(small.pool == nullptr);
        CHECK(small.workspace_bytes == one_thread_bytes);

        skb_layer_plan big = plan_of(SKB_OP_MAXPOOL, {1, 64, 224, 224, layout}, &win);
        REQUIRE(skb_plan_threads(&big, pool.get(), 0, nullptr) == SKB_OK);
        CHECK(big.threads == 2);
        CHECK(big.pool == pool.get());
        CHECK(big.workspace_bytes == 2 * big.task_workspace_bytes);
        CHECK(big.task_workspace_bytes % 64 == 0);

        // Asked for a count, a plan splits however small the work, into
        // no more tasks than it has units (here 2 output rows, or 3 planes
        // in blocks of a vector's channels: one block, or 3 in scalar).
        skb_layer_plan tiny = plan_of(SKB_OP_MAXPOOL, {1, 3, 4, 4, layout}, &win);
        REQUIRE(skb_plan_threads(&tiny, pool.get(), 8, nullptr) == SKB_OK);
        const size_t lanes = tiny.kernels->lanes;
        CHECK(tiny.threads == (layout == SKB_LAYOUT_NCHW ? (3 + lanes - 1) / lanes : 2u));
        // NCHW im2col splits by kernel row and col2im by image row of a
        // channel: a 3-channel 4x4 first layer (2x2 window) gives 6 and 8
        // tasks.
        if (layout == SKB_LAYOUT_NCHW) {
            for (skb_op op : {SKB_OP_IM2COL, SKB_OP_COL2IM}) {
                INFO(skb_op_name(op));
                skb_layer_plan rgb = plan_of(op, {1, 3, 4, 4, layout}, &win);
                REQUIRE(skb_plan_threads(&rgb, pool.get(), 8, nullptr) == SKB_OK);
                CHECK(rgb.threads == (op == SKB_OP_IM2COL ? 6u : 8u));
            }
        }

        // The rule weighs time, not bytes: Inception's 17x17x192 3x3/2
        // im2col (650 KiB, ~50 us on one core in NCHW, ~4 us in NHWC) takes
        // both threads in NCHW and one in NHWC.
        skb_window s2{};
        s2.kernel_h = s2.kernel_w = 3;
        s2.stride_h = s2.stride_w = 2;
        s2.dilation_h = s2.dilation_w = 1;
        skb_layer_plan mixed = plan_of(SKB_OP_IM2COL, {1, 192, 17, 17, layout}, &s2);
        REQUIRE(skb_plan_threads(&mixed, pool.get(), 0, nullptr) == SKB_OK);
        CHECK(mixed.threads == (layout == SKB_LAYOUT_NCHW ? 2u : 1u));

        // No pool: one thread by the rule; a count still splits, the
        // tasks running one after another in the caller.
        skb_layer_plan alone = plan_of(SKB_OP_MAXPOOL, {1, 64, 224, 224, layout}, &win);
        REQUIRE(skb_plan_threads(&alone, nullptr, 0, nullptr) == SKB_OK);
        CHECK(alone.threads == 1);
        REQUIRE(skb_plan_threads(&alone, nullptr, 4, nullptr) == SKB_OK);
        CHECK(alone.threads == 4);

        // The reference, the oracle, always runs on one thread.
        skb_layer_plan oracle = plan_of(SKB_OP_MAXPOOL, {1, 64, 224, 224, layout}, &win,
                                        skb_kernels_for(SKB_ISA_REFERENCE));
        REQUIRE(skb_plan_threads(&oracle, pool.get(), 2, nullptr) == SKB_OK);
        CHECK(oracle.threads == 1);
    }
    skb_error err;
    CHECK(skb_plan_threads(nullptr, pool.get(), 0, &err) == SKB_ERR_NULL);
    CHECK(std::string(err.message).find("plan") != std::string::npos);
}

TEST_CASE("a plan without a pool runs its tasks in the caller with the same bits", "[threads]")
{
    skb_window win{};
    win.kernel_h = win.kernel_w = 3;
    win.stride_h = win.stride_w = 2;
    win.dilation_h = win.dilation_w = 1;
    win.pad_top = win.pad_left = 1;
    for (skb_layout layout : {SKB_LAYOUT_NCHW, SKB_LAYOUT_NHWC}) {
        const Case c{SKB_OP_AVGPOOL, {2, 67, 23, 21, layout}, win};
        const CaseTester tester(c, InputKind::special, 7);
        skb_layer_plan p = plan_of(c.op, c.tensor, &c.window);
        REQUIRE(skb_plan_threads(&p, nullptr, 5, nullptr) == SKB_OK);
        REQUIRE(p.threads == 5);
        const Comparison r = tester.check(p, GuardSide::after);
        CHECK(r.equal);
        INFO(r.detail);
    }
}

TEST_CASE("skb_run takes its threads from SKB_THREADS", "[threads]")
{
    skb_window win{};
    win.kernel_h = win.kernel_w = 2;
    win.stride_h = win.stride_w = 2;
    win.dilation_h = win.dilation_w = 1;
    // 4 MiB in: worth two threads by the rule.
    const Case c{SKB_OP_MAXPOOL, {1, 16, 256, 256, SKB_LAYOUT_NHWC}, win};
    const CaseTester tester(c, InputKind::special, 3);
    std::vector<float> in(16 * 256 * 256), out(tester.expected().size());
    fill_input(in.data(), in.size(), InputKind::special, 3);
    for (const char *value : {"2", "8", "0", "x", "1"}) {
        INFO("SKB_THREADS=" << value);
        REQUIRE(setenv("SKB_THREADS", value, 1) == 0);
        skb_error err;
        REQUIRE(skb_run(nullptr, c.op, &c.tensor, &c.window, in.data(), out.data(), &err) ==
                SKB_OK);
        CHECK(std::memcmp(out.data(), tester.expected().data(), out.size() * sizeof(float)) == 0);
    }
    unsetenv("SKB_THREADS");
}

// For tests/tsan.sh only (hidden from the default run): a plan whose tasks
// are told to share one workspace, a race ThreadSanitizer must report,
// which proves that the edges kernels/parallel.c declares to it do not
// order one task after another.
TEST_CASE("tasks sharing a workspace race", "[.][tsan_selftest]")
{
    skb_window win{};
    win.kernel_h = win.kernel_w = 3;
    win.stride_h = win.stride_w = 1;
    win.dilation_h = win.dilation_w = 1;
    win.pad_top = win.pad_left = win.pad_bottom = win.pad_right = 1;
    const skb_tensor_desc t{1, 64, 40, 40, SKB_LAYOUT_NCHW};
    skb_layer_plan p;
    REQUIRE(skb_plan_layer(&p, skb_kernels_for(SKB_ISA_SCALAR), SKB_OP_MAXPOOL, &t, &win,
                           SKB_PATH_PADDED_S1, nullptr) == SKB_OK);
    const Pool pool(pthreadpool_create(2));
    REQUIRE(skb_plan_threads(&p, pool.get(), 2, nullptr) == SKB_OK);
    REQUIRE(p.threads == 2);
    std::vector<float> in(64 * 40 * 40, 1.0f), out(64 * 40 * 40), ws(p.workspace_bytes / 4);
    p.task_workspace_bytes = sizeof(float); // both tasks in (nearly) the same bytes
    for (int i = 0; i < 200; i++) // until the worker takes a task (not stolen)
        skb_execute(&p, in.data(), out.data(), ws.data());
}
