// Seeded test inputs.
#pragma once

#include <cstddef>
#include <cstdint>

enum class InputKind {
    random,   // uniform values over many magnitudes, both signs
    ties,     // few distinct values, +0.0 and -0.0 among them: exercises first-wins
    special   // random, with NaNs (several payloads), +-Inf, +-0.0, denormals, +-1e30
};

constexpr InputKind kInputKinds[] = {InputKind::random, InputKind::ties, InputKind::special};

const char *input_kind_name(InputKind kind);
void fill_input(float *dst, size_t count, InputKind kind, uint64_t seed);
