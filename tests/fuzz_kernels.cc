// A seeded fuzzer for skb_plan and skb_run: random descriptions, valid and
// hostile (zero, negative and huge fields, bad enums, NULL windows), and
// random data with NaN, +-Inf, +-0 and denormals.  Every refused
// description must come back with a status and a message and leave dst
// alone; every accepted one small enough to run is run with every table
// this CPU offers, and each output must equal the reference's byte for
// byte, with the input unchanged and nothing written outside dst (guard
// pages on either side, or canary floats around dst).
//
//   skb-fuzz [--seconds=S] [--iterations=N] [--seed=X] [--only=I]
//            [--inject=wrong-bits|overwrite]
//
// Stops at whichever of S seconds (default 5) or N descriptions comes
// first.  Description i of seed X is reproduced by --seed=X --only=I.
// --inject adds a deliberately broken table, to show that the checks fire.
#include "guarded_buffer.hpp"
#include "inputs.hpp"
#include "skb.h"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

namespace {

// SplitMix64, or, under libFuzzer, the fuzzer's bytes first (so that its
// mutations steer the fields), then SplitMix64 once they run out.
struct Rng {
    uint64_t state;
    const uint8_t *bytes = nullptr;
    size_t left = 0;
    uint64_t next()
    {
        if (left > 0) {
            uint64_t v = 0;
            const size_t take = left < 8 ? left : 8;
            std::memcpy(&v, bytes, take);
            bytes += take;
            left -= take;
            return v;
        }
        uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    int64_t between(int64_t lo, int64_t hi)
    {
        return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1));
    }
    bool one_in(uint64_t n) { return next() % n == 0; }
};

// Values that have broken validation code somewhere.
int64_t hostile(Rng &rng)
{
    static const int64_t values[] = {0,
                                     -1,
                                     -7,
                                     INT64_C(1) << 16,
                                     INT64_C(1) << 18,
                                     (INT64_C(1) << 31) - 1,
                                     INT64_C(1) << 31,
                                     (INT64_C(1) << 31) + 1,
                                     INT64_C(1) << 32,
                                     INT64_C(1) << 40,
                                     INT64_C(1) << 62,
                                     INT64_MAX,
                                     INT64_MIN,
                                     -(INT64_C(1) << 31)};
    return values[rng.next() % (sizeof values / sizeof values[0])];
}

struct Description {
    skb_op op;
    skb_tensor_desc tensor;
    skb_window window;
    bool null_window;
};

Description random_description(Rng &rng)
{
    Description d{};
    // Bad enums stay inside the enums' value ranges (0..7 and 0..3): a value
    // outside them cannot even be formed in C++ without undefined behaviour.
    d.op = static_cast<skb_op>(rng.one_in(50) ? rng.between(SKB_OP_COUNT, 7)
                                              : rng.between(0, SKB_OP_COUNT - 1));
    d.tensor.layout = static_cast<skb_layout>(rng.one_in(50) ? rng.between(SKB_LAYOUT_COUNT, 3)
                                                             : rng.between(0, 1));
    d.tensor.n = rng.one_in(4) ? 2 : 1;
    d.tensor.c = rng.one_in(3) ? rng.between(1, 40) : rng.between(1, 9);
    if (rng.one_in(12)) { // wide rows: the kernels' general (unpadded) paths
        d.tensor.h = rng.between(1, 4);
        d.tensor.w = rng.between(1000, 1300);
        d.tensor.c = rng.between(1, 3);
    } else {
        d.tensor.h = rng.between(1, 24);
        d.tensor.w = rng.between(1, 40);
    }
    skb_window &w = d.window;
    w.kernel_h = rng.between(1, 5);
    w.kernel_w = rng.between(1, 5);
    w.stride_h = rng.between(1, 4);
    w.stride_w = rng.between(1, 4);
    w.dilation_h = rng.one_in(3) ? rng.between(2, 4) : 1;
    w.dilation_w = rng.one_in(3) ? rng.between(2, 4) : 1;
    w.pad_top = rng.one_in(2) ? rng.between(0, 3) : 0;
    w.pad_left = rng.one_in(2) ? rng.between(0, 3) : 0;
    w.pad_bottom = rng.one_in(2) ? rng.between(0, 3) : 0;
    w.pad_right = rng.one_in(2) ? rng.between(0, 3) : 0;
    w.ceil_mode = rng.one_in(2);
    w.count_include_pad = rng.one_in(2);
    // One in four descriptions gets one or two hostile fields.
    if (rng.one_in(4))
        for (int fields = static_cast<int>(rng.between(1, 2)); fields > 0; fields--) {
            int64_t *targets[] = {&d.tensor.n,   &d.tensor.c,   &d.tensor.h,    &d.tensor.w,
                                  &w.kernel_h,   &w.kernel_w,   &w.stride_h,    &w.stride_w,
                                  &w.dilation_h, &w.dilation_w, &w.pad_top,     &w.pad_left,
                                  &w.pad_bottom, &w.pad_right};
            *targets[rng.next() % (sizeof targets / sizeof targets[0])] = hostile(rng);
        }
    // Kernels as wide as a (possibly hostile) input with matching padding:
    // the shapes whose validation once walked every tap.
    // (Unsigned arithmetic: h may be hostile already.)
    if (rng.one_in(40)) {
        const uint64_t k = static_cast<uint64_t>(d.tensor.h) + rng.next() % 4 +
                           (rng.one_in(2) ? static_cast<uint64_t>(hostile(rng)) & 0xFFFFFFF : 0);
        w.kernel_h = static_cast<int64_t>(k);
        w.pad_top = w.pad_bottom = static_cast<int64_t>(k - 1);
    }
    d.null_window = rng.one_in(40);
    return d;
}

std::string describe(const Description &d)
{
    std::ostringstream s;
    const skb_window &w = d.window;
    s << "op " << static_cast<int>(d.op) << " (" << skb_op_name(d.op) << ") layout "
      << static_cast<int>(d.tensor.layout) << " n" << d.tensor.n << " c" << d.tensor.c << " h"
      << d.tensor.h << " w" << d.tensor.w;
    if (d.null_window)
        s << " window NULL";
    else
        s << " k" << w.kernel_h << 'x' << w.kernel_w << " s" << w.stride_h << 'x' << w.stride_w
          << " d" << w.dilation_h << 'x' << w.dilation_w << " pad " << w.pad_top << ','
          << w.pad_left << ',' << w.pad_bottom << ',' << w.pad_right
          << (w.ceil_mode ? " ceil" : " floor") << (w.count_include_pad ? " include-pad" : "");
    return s.str();
}

// Broken tables for --inject: the checks below must report them.
const skb_kernels *g_reference = nullptr;
[[maybe_unused]] void wrong_bits(const skb_geometry *g, const float *src, float *dst, void *)
{
    g_reference->fn[g->op][g->layout][SKB_PATH_DIRECT](g, src, dst, nullptr);
    uint32_t bits;
    std::memcpy(&bits, &dst[g->dst_elems - 1], sizeof bits);
    bits ^= 1; // one ulp, or another NaN payload
    std::memcpy(&dst[g->dst_elems - 1], &bits, sizeof bits);
}
[[maybe_unused]] void overwrite(const skb_geometry *g, const float *src, float *dst, void *)
{
    g_reference->fn[g->op][g->layout][SKB_PATH_DIRECT](g, src, dst, nullptr);
    dst[g->dst_elems] = 0.0f; // one float past the end
}

[[maybe_unused]] skb_kernels broken_table(skb_kernel_fn fn)
{
    skb_kernels k{};
    k.isa = SKB_ISA_SCALAR;
    k.name = "injected";
    k.lanes = 1;
    for (auto &op_paths : k.fn)
        for (auto &layout_paths : op_paths)
            for (auto &f : layout_paths)
                f = fn;
    return k;
}

// What is running, for the report of a fault on a guard page.
char g_running[512] = "nothing";

extern "C" void on_fault(int)
{
    static const char head[] = "FAILED: touched a guard page (read or wrote outside its buffers): ";
    ssize_t ignored = write(STDOUT_FILENO, head, sizeof head - 1);
    ignored = write(STDOUT_FILENO, g_running, std::strlen(g_running));
    ignored = write(STDOUT_FILENO, "\n", 1);
    (void)ignored;
    _exit(1);
}

enum class Fence { guard_after, guard_before, canaries };
constexpr size_t kCanaryFloats = 16;
constexpr unsigned char kCanaryByte = 0xA5;

struct Options {
    double seconds = 5.0;
    uint64_t iterations = UINT64_MAX;
    uint64_t seed = 1;
    bool only = false;
    uint64_t only_index = 0;
    std::string inject;
};

[[maybe_unused]] bool parse(int argc, char **argv, Options &o)
{
    for (int i = 1; i < argc; i++) {
        const std::string a = argv[i];
        auto value = [&](const char *prefix, std::string &out) {
            const size_t len = std::strlen(prefix);
            if (a.compare(0, len, prefix) != 0)
                return false;
            out = a.substr(len);
            return true;
        };
        std::string v;
        char *end = nullptr;
        if (value("--seconds=", v))
            o.seconds = std::strtod(v.c_str(), &end);
        else if (value("--iterations=", v))
            o.iterations = std::strtoull(v.c_str(), &end, 10);
        else if (value("--seed=", v))
            o.seed = std::strtoull(v.c_str(), &end, 10);
        else if (value("--only=", v)) {
            o.only = true;
            o.only_index = std::strtoull(v.c_str(), &end, 10);
        } else if (value("--inject=", v) && (v == "wrong-bits" || v == "overwrite")) {
            o.inject = v;
            continue;
        } else {
            std::fprintf(stderr, "skb-fuzz: unknown argument '%s'\n", argv[i]);
            return false;
        }
        if (v.empty() || !end || *end != '\0') {
            std::fprintf(stderr, "skb-fuzz: bad number in '%s'\n", argv[i]);
            return false;
        }
    }
    return true;
}

struct Fuzzer {
    Options opt;
    std::vector<const skb_kernels *> tables;
    uint64_t descriptions = 0, refused = 0, too_big = 0, runs = 0, failures = 0;
    double slowest_plan = 0.0;
    uint64_t slowest_index = 0;
    bool from_bytes = false; // libFuzzer: its crash file reproduces, not a seed

    void report(uint64_t index, const Description &d, const std::string &what)
    {
        failures++;
        if (from_bytes)
            std::printf("FAILED: %s: %s\n", describe(d).c_str(), what.c_str());
        else if (failures <= 10)
            std::printf("FAILED: description %llu of seed %llu (%s): %s\n  reproduce: skb-fuzz "
                        "--seed=%llu --only=%llu\n",
                        static_cast<unsigned long long>(index),
                        static_cast<unsigned long long>(opt.seed), describe(d).c_str(),
                        what.c_str(), static_cast<unsigned long long>(opt.seed),
                        static_cast<unsigned long long>(index));
    }

    // A refused description: skb_run must refuse it the same way and write
    // nothing.
    void check_refusal(uint64_t index, const Description &d, const skb_window *win,
                       skb_status status, const skb_error &err)
    {
        refused++;
        if (err.status != status || err.message[0] == '\0' || status <= SKB_OK ||
            status > SKB_ERR_OVERLAP)
            report(index, d, "refused with status " + std::to_string(status) +
                                 " but message \"" + err.message + "\"");
        std::vector<float> src(64, 1.0f), dst(64, 3.0f);
        for (const skb_kernels *k : tables) {
            skb_error run_err{};
            const skb_status s =
                skb_run(k, d.op, &d.tensor, win, src.data(), dst.data(), &run_err);
            if (s != status)
                report(index, d, std::string(k->name) + ": skb_run returned " +
                                     std::to_string(s) + ", skb_plan " + std::to_string(status));
        }
        for (float v : dst)
            if (v != 3.0f) {
                report(index, d, "a refused description wrote to dst");
                break;
            }
    }

    void run_one(uint64_t index, const Description &d, const skb_window *win,
                 const skb_geometry &g, Rng &rng)
    {
        // Bounded work per description: buffers, and taps visited (a huge
        // window over a tiny padded input is cheap to plan, not to run).
        size_t taps = 0;
        const bool few_taps = !__builtin_mul_overflow(g.dst_elems > g.src_elems ? g.dst_elems
                                                                                : g.src_elems,
                                                      g.kh * g.kw, &taps) &&
                              taps <= (1u << 22);
        if (g.src_elems > (1u << 18) || g.dst_elems > (1u << 18) || !few_taps) {
            too_big++;
            return;
        }
        std::vector<float> input(g.src_elems), expected(g.dst_elems);
        fill_input(input.data(), input.size(), kInputKinds[rng.next() % 3], rng.next());
        if (skb_run(g_reference, d.op, &d.tensor, win, input.data(), expected.data(), nullptr) !=
            SKB_OK) {
            report(index, d, "the reference table refused a planned description");
            return;
        }
        const size_t in_bytes = g.src_elems * sizeof(float), out_bytes = g.dst_elems * sizeof(float);
        for (const skb_kernels *k : tables) {
            const Fence fence = static_cast<Fence>(rng.next() % 3);
            const GuardSide side = fence == Fence::guard_before ? GuardSide::before : GuardSide::after;
            GuardedBuffer src(g.src_elems, rng.one_in(2) ? GuardSide::before : GuardSide::after);
            std::memcpy(src.data(), input.data(), in_bytes);
            const size_t slack = fence == Fence::canaries ? kCanaryFloats : 0;
            GuardedBuffer out(g.dst_elems + 2 * slack, side);
            std::memset(out.data(), kCanaryByte, (g.dst_elems + 2 * slack) * sizeof(float));
            float *dst = out.data() + slack;
            std::memset(dst, 0xFF, out_bytes); // a NaN no kernel writes
            skb_error err{};
            std::snprintf(g_running, sizeof g_running,
                          "%s on description %llu of seed %llu (%s)\n  reproduce: skb-fuzz "
                          "--seed=%llu --only=%llu",
                          k->name, static_cast<unsigned long long>(index),
                          static_cast<unsigned long long>(opt.seed), describe(d).c_str(),
                          static_cast<unsigned long long>(opt.seed),
                          static_cast<unsigned long long>(index));
            runs++;
            if (skb_run(k, d.op, &d.tensor, win, src.data(), dst, &err) != SKB_OK) {
                report(index, d, std::string(k->name) + " refused a planned description: " +
                                     err.message);
                continue;
            }
            if (std::memcmp(src.data(), input.data(), in_bytes) != 0)
                report(index, d, std::string(k->name) + " modified its input");
            for (size_t i = 0; i < slack * sizeof(float); i++) {
                const auto *before = reinterpret_cast<const unsigned char *>(out.data());
                const auto *after = reinterpret_cast<const unsigned char *>(dst + g.dst_elems);
                if (before[i] != kCanaryByte || after[i] != kCanaryByte) {
                    report(index, d, std::string(k->name) + " wrote outside dst (" +
                                         (before[i] != kCanaryByte ? "before" : "after") + " it)");
                    break;
                }
            }
            if (std::memcmp(dst, expected.data(), out_bytes) != 0) {
                size_t i = 0;
                while (std::memcmp(&dst[i], &expected[i], sizeof(float)) == 0)
                    i++;
                uint32_t got, want;
                std::memcpy(&got, &dst[i], 4);
                std::memcpy(&want, &expected[i], 4);
                char text[160];
                std::snprintf(text, sizeof text,
                              "%s differs from the reference at output %zu of %zu: 0x%08X, "
                              "reference 0x%08X",
                              k->name, i, g.dst_elems, got, want);
                report(index, d, text);
            }
        }
    }

    void one(uint64_t index)
    {
        Rng rng{opt.seed * 0xD1B54A32D192ED03ull ^ (index * 0x9E3779B97F4A7C15ull + 1)};
        one_from(index, rng);
    }

    void one_from(uint64_t index, Rng &rng)
    {
        const Description d = random_description(rng);
        const skb_window *win = d.null_window ? nullptr : &d.window;
        descriptions++;
        skb_geometry g;
        skb_error err{};
        const auto start = std::chrono::steady_clock::now();
        const skb_status s = skb_plan(d.op, &d.tensor, win, &g, &err);
        const double took =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (took > slowest_plan) {
            slowest_plan = took;
            slowest_index = index;
        }
        if (took > 0.1)
            report(index, d, "skb_plan took " + std::to_string(took) + " s");
        if (s != SKB_OK)
            check_refusal(index, d, win, s, err);
        else
            run_one(index, d, win, g, rng);
    }
};

} // namespace

static void add_tables(Fuzzer &f)
{
    g_reference = skb_kernels_for(SKB_ISA_REFERENCE);
    for (int isa = 0; isa < SKB_ISA_COUNT; isa++)
        if (const skb_kernels *k = skb_kernels_for(static_cast<skb_isa>(isa)))
            f.tables.push_back(k);
}

#ifdef SKB_LIBFUZZER
// libFuzzer's entry (clang -fsanitize=fuzzer): one description per input,
// drawn from its bytes; any failure aborts, which libFuzzer records.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static Fuzzer f;
    if (f.tables.empty()) {
        add_tables(f);
        f.from_bytes = true;
    }
    Rng rng{size};
    rng.bytes = data;
    rng.left = size;
    f.one_from(0, rng);
    if (f.failures)
        std::abort();
    return 0;
}
#else
int main(int argc, char **argv)
{
    Fuzzer f;
    if (!parse(argc, argv, f.opt))
        return 2;
    std::signal(SIGSEGV, on_fault);
    std::signal(SIGBUS, on_fault);
    add_tables(f);
    static skb_kernels injected;
    if (!f.opt.inject.empty()) {
        injected = broken_table(f.opt.inject == "overwrite" ? overwrite : wrong_bits);
        f.tables.push_back(&injected);
    }
    std::string names;
    for (const skb_kernels *k : f.tables)
        names += std::string(names.empty() ? "" : ",") + k->name;

    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    if (f.opt.only)
        f.one(f.opt.only_index);
    else
        for (uint64_t i = 0; i < f.opt.iterations && elapsed() < f.opt.seconds; i++)
            f.one(i);
    std::printf("skb-fuzz seed %llu: %llu descriptions (%llu refused, %llu too big to run), "
                "%llu runs of {%s}, slowest plan %.1f us (--only=%llu), %.1f s: %llu failures\n",
                static_cast<unsigned long long>(f.opt.seed),
                static_cast<unsigned long long>(f.descriptions),
                static_cast<unsigned long long>(f.refused),
                static_cast<unsigned long long>(f.too_big),
                static_cast<unsigned long long>(f.runs), names.c_str(), f.slowest_plan * 1e6,
                static_cast<unsigned long long>(f.slowest_index),
                elapsed(), static_cast<unsigned long long>(f.failures));
    return f.failures == 0 ? 0 : 1;
}
#endif
