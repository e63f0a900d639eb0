#include "tester.hpp"

#include <xxhash.h>

#include <cstdio>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace {

uint32_t bits_of(float f)
{
    uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
}

std::string show(float f)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.9g (0x%08X)", static_cast<double>(f), bits_of(f));
    return text;
}

} // namespace

CaseTester::CaseTester(const Case &c, InputKind kind, uint64_t seed)
    : case_(c), kind_(kind), seed_(seed)
{
    skb_error err;
    if (skb_plan(c.op, &c.tensor, &c.window, &geom_, &err) != SKB_OK)
        throw std::invalid_argument(describe(c) + ": not a valid case: " + err.message);
    input_.resize(geom_.src_elems);
    expected_.resize(geom_.dst_elems);
    fill_input(input_.data(), input_.size(), kind, seed);
    skb_kernels_for(SKB_ISA_REFERENCE)->fn[c.op][geom_.layout][SKB_PATH_DIRECT](
        &geom_, input_.data(), expected_.data(), nullptr);
}

Comparison CaseTester::check(const skb_layer_plan &plan, GuardSide side) const
{
    return run_and_compare(nullptr, &plan, side, plan.workspace_bytes);
}

Comparison CaseTester::check(skb_kernel_fn variant, GuardSide side, size_t workspace_bytes) const
{
    return run_and_compare(variant, nullptr, side, workspace_bytes);
}

Comparison CaseTester::run_and_compare(skb_kernel_fn variant, const skb_layer_plan *plan,
                                       GuardSide side, size_t workspace_bytes) const
{
    GuardedBuffer src(geom_.src_elems, side), dst(geom_.dst_elems, side);
    // The workspace starts as garbage: a path must not rely on its content.
    const size_t workspace_floats = workspace_bytes / sizeof(float);
    GuardedBuffer workspace(workspace_floats, side);
    std::memset(workspace.data(), 0xFF, workspace_floats * sizeof(float));
    const size_t in_bytes = geom_.src_elems * sizeof(float);
    const size_t out_bytes = geom_.dst_elems * sizeof(float);
    std::memcpy(src.data(), input_.data(), in_bytes);
    // All-ones bytes: a NaN no kernel produces, so an unwritten element shows.
    std::memset(dst.data(), 0xFF, out_bytes);
    void *ws = workspace_floats ? workspace.data() : nullptr;
    if (plan)
        skb_execute(plan, src.data(), dst.data(), ws); // on the plan's threads
    else
        variant(&geom_, src.data(), dst.data(), ws);

    Comparison result;
    const bool input_intact = std::memcmp(src.data(), input_.data(), in_bytes) == 0;
    result.equal = input_intact &&
                   XXH3_64bits(expected_.data(), out_bytes) == XXH3_64bits(dst.data(), out_bytes);
    if (result.equal)
        return result;

    std::ostringstream s;
    s << describe(case_) << ", input " << input_kind_name(kind_) << " seed " << seed_ << ": ";
    if (plan && plan->threads > 1)
        s << "on " << plan->threads << " threads: ";
    if (!input_intact)
        s << "the kernel modified its input";
    for (size_t i = 0; input_intact && i < geom_.dst_elems; i++)
        if (bits_of(expected_[i]) != bits_of(dst.data()[i])) {
            s << "first difference at output index " << i << " of " << geom_.dst_elems
              << ": reference " << show(expected_[i]) << ", variant " << show(dst.data()[i]);
            break;
        }
    result.detail = s.str();
    return result;
}
