// ISA names both ways, NULL arguments included.
#include "skb.h"

#include <catch2/catch.hpp>

#include <string>

TEST_CASE("skb_isa_from_name round-trips every ISA and takes a NULL result pointer", "[dispatch]")
{
    for (int i = 0; i < SKB_ISA_COUNT; i++) {
        const auto isa = static_cast<skb_isa>(i);
        skb_isa back = SKB_ISA_COUNT;
        CHECK(skb_isa_from_name(skb_isa_name(isa), &back));
        CHECK(back == isa);
        // Only asks whether the name is known.
        CHECK(skb_isa_from_name(skb_isa_name(isa), nullptr));
    }
    skb_isa untouched = SKB_ISA_SSE;
    CHECK_FALSE(skb_isa_from_name("avx9", &untouched));
    CHECK(untouched == SKB_ISA_SSE);
    CHECK_FALSE(skb_isa_from_name("avx9", nullptr));
    CHECK_FALSE(skb_isa_from_name(nullptr, nullptr));
    CHECK_FALSE(skb_isa_from_name("", &untouched));
    CHECK(std::string(skb_isa_name(static_cast<skb_isa>(42))) == "unknown");
}
