// Every variant of every op, in both layouts, against the reference, bit for
// bit, over the shape grid (tests/grid.cc) and three kinds of input.  A new
// ISA table is covered as soon as skb_kernels_for() returns it.
#include "tester.hpp"

#include <catch2/catch.hpp>

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

void check_op(skb_op op)
{
    const GridSize size = grid_size_from_env();
    const auto tables = tables_under_test();
    for (int layout = 0; layout < SKB_LAYOUT_COUNT; layout++) {
        const auto cases = shape_grid(op, static_cast<skb_layout>(layout), size);
        REQUIRE(!cases.empty());
        std::string names;
        for (const skb_kernels *k : tables) {
            INFO(k->name << " table, " << skb_op_name(op) << ' '
                         << skb_layout_name(static_cast<skb_layout>(layout)));
            REQUIRE(k->fn[op][layout] != nullptr);
            names += std::string(names.empty() ? "" : ",") + k->name;
        }

        size_t runs = 0, failures = 0;
        for (size_t i = 0; i < cases.size(); i++)
            for (InputKind kind : kInputKinds) {
                const CaseTester tester(cases[i], kind, i);
                for (const skb_kernels *k : tables) {
                    // Alternate the guard side so both ends of every buffer
                    // are fenced across the grid.
                    const GuardSide side = (i + runs) % 2 ? GuardSide::before : GuardSide::after;
                    const Comparison r = tester.check(k->fn[op][layout], side);
                    runs++;
                    if (!r.equal && ++failures <= 5)
                        FAIL_CHECK(k->name << ": " << r.detail);
                }
            }
        CHECK(failures == 0);
        std::cout << skb_op_name(op) << ' ' << skb_layout_name(static_cast<skb_layout>(layout))
                  << ": " << cases.size() << " shapes x 3 inputs x {" << names << "} = " << runs
                  << " runs, " << failures << " mismatches\n";
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
