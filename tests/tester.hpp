// Runs kernel variants on one case and compares each output, byte for byte,
// with the reference's.
#pragma once

#include "grid.hpp"
#include "guarded_buffer.hpp"
#include "inputs.hpp"

#include <string>
#include <vector>

struct Comparison {
    bool equal = false;
    std::string detail; // on a mismatch: the case, first differing index, both values
};

class CaseTester {
public:
    // Builds the input from (kind, seed) and runs the reference once.
    CaseTester(const Case &c, InputKind kind, uint64_t seed);

    // Runs `variant` with its input, output and workspace (workspace_bytes,
    // filled with NaNs) against PROT_NONE pages (after the end, or before
    // the start, as `side` says), so an over-read or over-write faults, then
    // compares XXH3-64 of the outputs.
    Comparison check(skb_kernel_fn variant, GuardSide side, size_t workspace_bytes = 0) const;

    // The same for a plan of this case, run by skb_execute() (on the
    // plan's threads) with its workspace size.
    Comparison check(const skb_layer_plan &plan, GuardSide side) const;

    const Case &which() const { return case_; }

    const std::vector<float> &expected() const { return expected_; }

private:
    Comparison run_and_compare(skb_kernel_fn variant, const skb_layer_plan *plan,
                               GuardSide side, size_t workspace_bytes) const;

    Case case_;
    InputKind kind_;
    uint64_t seed_;
    skb_geometry geom_;
    std::vector<float> input_, expected_;
};
