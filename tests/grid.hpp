// The shapes every variant is checked on.
#pragma once

#include "skb.h"

#include <string>
#include <vector>

struct Case {
    skb_op op;
    skb_tensor_desc tensor;
    skb_window window;
};

enum class GridSize {
    full,  // every tail class and parameter combination (native runs)
    small  // every tail class, fewer combinations (emulated CPUs)
};

// Valid cases only: each passed skb_plan().
std::vector<Case> shape_grid(skb_op op, skb_layout layout, GridSize size);

// "maxpool nhwc n2 c17 h7 w9 k3x3 s2x2 d1x1 pad 1,0,0,1 ceil cip"
std::string describe(const Case &c);

// SKB_TEST_GRID=small selects the small grid.
GridSize grid_size_from_env();
