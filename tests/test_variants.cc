// Every variant of every op, in both layouts, along every path, against the
// reference, bit for bit, over the shape grid (tests/grid.cc) and three kinds
// of input; a (variant, layout, path) cell that no case exercised on every
// kind of input fails the op's test.  A new ISA table is covered as soon as
// skb_kernels_for() returns it, a new path as soon as a table lists it.
#include "tester.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>

namespace {

std::vector<const skb_kernels *> tables_under_test()
{
    std::vector<const skb_kernels *> tables;
    for (int isa = SKB_ISA_SCALAR; isa < SKB_ISA_COUNT; isa++)
        if (const skb_kernels *k = skb_kernels_for(static_cast<skb_isa>(isa)))
            tables.push_back(k);
    return tables;
}

// Which inputs each (variant, layout, path) cell of one op ran on.
struct Coverage {
    unsigned kinds[SKB_ISA_COUNT][SKB_LAYOUT_COUNT][SKB_PATH_COUNT] = {};
    size_t runs[SKB_ISA_COUNT][SKB_LAYOUT_COUNT][SKB_PATH_COUNT] = {};
};

// A path the shape does not choose is forced on every kForceEvery-th case
// it can serve (and on the first kForceFirst it can serve, so that rare
// shapes are not skipped): every path sees every shape class without
// running every path on every case.
constexpr size_t kForceEvery = 5;
constexpr size_t kForceFirst = 6;

// SKB_TEST_FORCE_PATHS=0 runs only the paths the shapes choose: the
// coverage check must then name the cells the grid alone misses (a ctest
// entry proves that it does).
bool forcing_enabled()
{
    const char *v = std::getenv("SKB_TEST_FORCE_PATHS");
    return !(v && std::strcmp(v, "0") == 0);
}

// SKB_TEST_SKIP_PATH=<name> never runs that path, as if the grid had no
// shape for it: the coverage check must then fail and name its cells.
skb_path skipped_path()
{
    skb_path p = SKB_PATH_AUTO;
    const char *v = std::getenv("SKB_TEST_SKIP_PATH");
    return v && skb_path_from_name(v, &p) ? p : SKB_PATH_AUTO;
}

bool force_here(const Coverage &cov, const skb_kernels *k, int layout, int path, size_t i)
{
    static const bool enabled = forcing_enabled();
    return enabled &&
           (cov.runs[k->isa][layout][path] < kForceFirst || (i + path) % kForceEvery == 0);
}

void check_op(skb_op op)
{
    const GridSize size = grid_size_from_env();
    const auto tables = tables_under_test();
    Coverage cov;
    const skb_path skipped = skipped_path();
    for (int layout = 0; layout < SKB_LAYOUT_COUNT; layout++) {
        const auto cases = shape_grid(op, static_cast<skb_layout>(layout), size);
        REQUIRE(!cases.empty());
        std::string names;
        for (const skb_kernels *k : tables)
            names += std::string(names.empty() ? "" : ",") + k->name;

        size_t runs = 0, forced = 0, failures = 0;
        for (size_t i = 0; i < cases.size(); i++) {
            const Case &c = cases[i];
            std::vector<std::pair<const skb_kernels *, skb_layer_plan>> plans;
            for (const skb_kernels *k : tables) {
                // The path the plan picks, then the others it may force.
                skb_layer_plan natural;
                skb_error err;
                REQUIRE(skb_plan_layer(&natural, k, op, &c.tensor, &c.window, SKB_PATH_AUTO,
                                       &err) == SKB_OK);
                plans.emplace_back(k, natural);
                for (int path = SKB_PATH_AUTO + 1; path < SKB_PATH_COUNT; path++) {
                    if (path == natural.path || !k->fn[op][layout][path] ||
                        !force_here(cov, k, layout, path, i))
                        continue;
                    skb_layer_plan p;
                    if (skb_plan_layer(&p, k, op, &c.tensor, &c.window,
                                       static_cast<skb_path>(path), &err) == SKB_OK) {
                        plans.emplace_back(k, p);
                        forced++;
                    } else {
                        CHECK(err.status == SKB_ERR_PATH);
                    }
                }
            }
            plans.erase(std::remove_if(plans.begin(), plans.end(),
                                       [skipped](const auto &kp) {
                                           return kp.second.path == skipped;
                                       }),
                        plans.end());
            for (const auto &kp : plans)
                cov.runs[kp.first->isa][layout][kp.second.path]++;
            for (InputKind kind : kInputKinds) {
                const CaseTester tester(c, kind, i);
                for (const auto &[k, p] : plans) {
                    // Alternate the guard side so both ends of every buffer
                    // are fenced across the grid.
                    const GuardSide side = (i + runs) % 2 ? GuardSide::before : GuardSide::after;
                    const Comparison r = tester.check(p, side);
                    runs++;
                    cov.kinds[k->isa][layout][p.path] |= 1u << static_cast<int>(kind);
                    if (!r.equal && ++failures <= 5)
                        FAIL_CHECK(k->name << " path " << skb_path_name(p.path) << ": "
                                           << r.detail);
                }
            }
        }
        CHECK(failures == 0);
        std::cout << skb_op_name(op) << ' ' << skb_layout_name(static_cast<skb_layout>(layout))
                  << ": " << cases.size() << " shapes x 3 inputs x {" << names << "} = " << runs
                  << " runs (" << forced << " forced paths x 3 inputs), " << failures
                  << " mismatches\n";
    }

    // Every path of every variant ran, on every kind of input.
    unsigned all_kinds = 0;
    for (InputKind kind : kInputKinds)
        all_kinds |= 1u << static_cast<int>(kind);
    for (const skb_kernels *k : tables)
        for (int layout = 0; layout < SKB_LAYOUT_COUNT; layout++)
            for (int path = SKB_PATH_AUTO + 1; path < SKB_PATH_COUNT; path++) {
                if (!k->fn[op][layout][path])
                    continue;
                INFO("cell " << skb_op_name(op) << ' '
                             << skb_layout_name(static_cast<skb_layout>(layout)) << ' '
                             << k->name << ' ' << skb_path_name(static_cast<skb_path>(path))
                             << " ran on " << cov.runs[k->isa][layout][path]
                             << " shapes; inputs seen (bits) " << cov.kinds[k->isa][layout][path]);
                CHECK(cov.kinds[k->isa][layout][path] == all_kinds);
            }
}

} // namespace

TEST_CASE("variants match the reference bit for bit: im2col", "[variants]") { check_op(SKB_OP_IM2COL); }
TEST_CASE("variants match the reference bit for bit: col2im", "[variants]") { check_op(SKB_OP_COL2IM); }
TEST_CASE("variants match the reference bit for bit: maxpool", "[variants]") { check_op(SKB_OP_MAXPOOL); }
TEST_CASE("variants match the reference bit for bit: avgpool", "[variants]") { check_op(SKB_OP_AVGPOOL); }
TEST_CASE("variants match the reference bit for bit: global_avgpool", "[variants]") { check_op(SKB_OP_GLOBAL_AVGPOOL); }
TEST_CASE("variants match the reference bit for bit: global_maxpool", "[variants]") { check_op(SKB_OP_GLOBAL_MAXPOOL); }

TEST_CASE("the tables under test are the ones this CPU offers", "[variants]")
{
    std::ostringstream s;
    for (const skb_kernels *k : tables_under_test())
        s << ' ' << k->name;
    std::cout << "tables tested on this CPU:" << s.str() << '\n';
    // Scalar needs nothing beyond x86-64; it is always there.
    REQUIRE(skb_kernels_for(SKB_ISA_SCALAR) != nullptr);
    REQUIRE(skb_kernels_for(SKB_ISA_REFERENCE) != nullptr);
}

TEST_CASE("shape grid sizes", "[grid]")
{
    const GridSize size = grid_size_from_env();
    size_t total = 0;
    for (int op = 0; op < SKB_OP_COUNT; op++)
        for (int layout = 0; layout < SKB_LAYOUT_COUNT; layout++) {
            const size_t n =
                shape_grid(static_cast<skb_op>(op), static_cast<skb_layout>(layout), size).size();
            REQUIRE(n > 0);
            total += n;
        }
    std::cout << "shape grid (" << (size == GridSize::full ? "full" : "small") << "): " << total
              << " shapes over " << SKB_OP_COUNT << " ops x " << SKB_LAYOUT_COUNT
              << " layouts, each run on 3 inputs\n";
}
