#include "inputs.hpp"

#include <cmath>
#include <cstring>
#include <limits>

namespace {

// SplitMix64: small, seedable, and the same on every platform.
struct Rng {
    uint64_t state;
    uint64_t next()
    {
        uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    float uniform() { return static_cast<float>(next() >> 40) / 16777216.0f; } // [0, 1)
};

float from_bits(uint32_t bits)
{
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

float random_value(Rng &rng)
{
    const float sign = (rng.next() & 1) ? -1.0f : 1.0f;
    const int exponent = static_cast<int>(rng.next() % 17) - 8; // 2^-8 .. 2^8
    return sign * std::ldexp(rng.uniform() + 0.5f, exponent);
}

float tie_value(Rng &rng)
{
    static const float values[] = {0.0f, -0.0f, 1.0f, -1.0f, 0.5f, 2.0f, -2.0f, 0.0f, -0.0f};
    return values[rng.next() % (sizeof values / sizeof values[0])];
}

float special_value(Rng &rng)
{
    switch (rng.next() % 12) {
    case 0: return std::numeric_limits<float>::quiet_NaN();
    case 1: return from_bits(0xFFC00000u);                  // negative quiet NaN
    case 2: return from_bits(0x7FC12345u);                  // NaN with a payload
    case 3: return from_bits(0x7F800001u);                  // signalling NaN bits
    case 4: return std::numeric_limits<float>::infinity();
    case 5: return -std::numeric_limits<float>::infinity();
    case 6: return 0.0f;
    case 7: return -0.0f;
    case 8: return std::numeric_limits<float>::denorm_min();
    case 9: return -from_bits(0x00400000u);                 // a negative denormal
    case 10: return 1e30f;
    default: return -1e30f;
    }
}

} // namespace

const char *input_kind_name(InputKind kind)
{
    switch (kind) {
    case InputKind::random: return "random";
    case InputKind::ties: return "ties";
    default: return "special";
    }
}

void fill_input(float *dst, size_t count, InputKind kind, uint64_t seed)
{
    Rng rng{seed * 0x2545F4914F6CDD1Dull + static_cast<uint64_t>(kind)};
    for (size_t i = 0; i < count; i++) {
        switch (kind) {
        case InputKind::random:
            dst[i] = random_value(rng);
            break;
        case InputKind::ties:
            dst[i] = tie_value(rng);
            break;
        case InputKind::special:
            // About one element in eight is special: most windows stay
            // finite, many hold one.
            dst[i] = (rng.next() % 8 == 0) ? special_value(rng) : random_value(rng);
            break;
        }
    }
}
