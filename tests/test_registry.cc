// The registries (kernels/skb_isas.inc, skb_ops.inc, skb_paths.inc) and the
// per-ISA tables written out by hand agree: every table is the ISA it says,
// and every SIMD table lists the same paths as the scalar one, so a path
// left out of one ISA's table is caught here.
#include "skb.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>

TEST_CASE("every table is the ISA the registry names", "[registry]")
{
    std::set<std::string> names;
    for (int i = 0; i < SKB_ISA_COUNT; i++) {
        const auto isa = static_cast<skb_isa>(i);
        names.insert(skb_isa_name(isa));
        const skb_kernels *k = skb_kernels_for(isa);
        if (!k)
            continue; // not on this CPU
        INFO(skb_isa_name(isa));
        CHECK(k->isa == isa);
        CHECK(std::string(k->name) == skb_isa_name(isa));
        CHECK(k->lanes >= 1);
        CHECK((k->lanes & (k->lanes - 1)) == 0);
        for (int op = 0; op < SKB_OP_COUNT; op++)
            for (int layout = 0; layout < SKB_LAYOUT_COUNT; layout++) {
                INFO(skb_op_name(static_cast<skb_op>(op))
                     << ' ' << skb_layout_name(static_cast<skb_layout>(layout)));
                CHECK(k->fn[op][layout][SKB_PATH_AUTO] == nullptr); // a request, not a path
                int paths = 0;
                for (int p = 0; p < SKB_PATH_COUNT; p++)
                    paths += k->fn[op][layout][p] != nullptr;
                CHECK(paths >= 1);
            }
    }
    CHECK(names.size() == SKB_ISA_COUNT);
    CHECK(names.count("unknown") == 0);
    std::set<std::string> ops;
    for (int op = 0; op < SKB_OP_COUNT; op++)
        ops.insert(skb_op_name(static_cast<skb_op>(op)));
    CHECK(ops.size() == SKB_OP_COUNT);
    CHECK(ops.count("unknown") == 0);
}

TEST_CASE("every SIMD table lists the scalar table's paths", "[registry]")
{
    const skb_kernels *scalar = skb_kernels_for(SKB_ISA_SCALAR);
    REQUIRE(scalar != nullptr);
    for (int i = SKB_ISA_SCALAR + 1; i < SKB_ISA_COUNT; i++) {
        const skb_kernels *k = skb_kernels_for(static_cast<skb_isa>(i));
        if (!k)
            continue;
        for (int op = 0; op < SKB_OP_COUNT; op++)
            for (int layout = 0; layout < SKB_LAYOUT_COUNT; layout++)
                for (int p = 0; p < SKB_PATH_COUNT; p++) {
                    INFO(k->name << ' ' << skb_op_name(static_cast<skb_op>(op)) << ' '
                                 << skb_layout_name(static_cast<skb_layout>(layout)) << ' '
                                 << skb_path_name(static_cast<skb_path>(p)));
                    // A path at 8 lanes (name ending "_w8") belongs to a
                    // wider table, beside the path it narrows.
                    const std::string name = skb_path_name(static_cast<skb_path>(p));
                    const size_t suffix = name.size() > 3 ? name.size() - 3 : 0;
                    skb_path full = static_cast<skb_path>(p);
                    if (name.compare(suffix, 3, "_w8") == 0) {
                        REQUIRE(skb_path_from_name(name.substr(0, suffix).c_str(), &full));
                        if (k->fn[op][layout][p]) {
                            CHECK(k->lanes > 8);
                            CHECK(k->fn[op][layout][full] != nullptr);
                        }
                    } else if (scalar->fn[op][layout][p])
                        CHECK(k->fn[op][layout][p] != nullptr);
                    // (A table may have paths of its own: AVX-512's segments and
                    // rolling_k3x3.)
                    // Each entry is that ISA's own function.
                    if (k->fn[op][layout][p])
                        CHECK(k->fn[op][layout][p] != scalar->fn[op][layout][p]);
                }
    }
}
