#!/usr/bin/env bash
# Bounded fuzzing, built with AddressSanitizer and UndefinedBehaviorSanitizer
# (leak checks on) in build-sanitize, the configuration tests/sanitize.sh
# uses, so one build serves both:
#   - skb_plan/skb_run on every variant the CPU has (tests/fuzz_kernels.cc):
#     random descriptions, valid and not, and data with NaN, +-Inf, +-0 and
#     denormals; bytes against the reference, nothing written outside dst;
#   - the .net parser and the kernel-suite shapes taken from its networks
#     (tests/fuzz_network.c): random and mutated files, each accepted
#     cleanly or refused with a message naming the file.
# Each runs SECONDS (default 30) from a seed that changes every run; a
# failure prints the seed (and input) that reproduces it.
#
#   bash tests/fuzz.sh [SECONDS]
#   bash tests/fuzz.sh libfuzzer [SECONDS]   clang's libFuzzer, coverage-guided
#                                            over the library (build-libfuzzer/)
set -euo pipefail
cd "$(dirname "$0")/.."

sanitize="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g"
export ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

if [[ ${1:-} == libfuzzer ]]; then
    seconds=${2:-60}
    build=${SKB_LIBFUZZER_BUILD_DIR:-build-libfuzzer}
    # The library is instrumented for coverage, the fuzzer links libFuzzer.
    flags="$sanitize -fsanitize=fuzzer-no-link"
    echo "== building skb-libfuzzer with clang into $build"
    CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release \
        -DSKB_BUILD_BENCH=OFF -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" > /dev/null
    cmake --build "$build" -j "$(nproc)" --target skb-libfuzzer > /dev/null
    echo "== fuzzing for ${seconds} s"
    mkdir -p "$build/corpus"
    cd "$build"
    exec tests/skb-libfuzzer -max_total_time="$seconds" -print_final_stats=1 corpus
fi

seconds=${1:-30}
build=${SKB_SANITIZE_BUILD_DIR:-build-sanitize}
echo "== building the fuzzers with sanitizers into $build"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS="$sanitize" \
    -DCMAKE_CXX_FLAGS="$sanitize -Wno-maybe-uninitialized" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" > /dev/null
cmake --build "$build" -j "$(nproc)" --target skb-fuzz skb-fuzz-network > /dev/null
seed=${SKB_FUZZ_SEED:-$(date +%s)}

echo "== fuzzing skb_plan/skb_run for ${seconds} s (replay: SKB_FUZZ_SEED=$seed)"
"$build/tests/skb-fuzz" --seconds="$seconds" --seed="$seed"

echo "== fuzzing the .net parser for ${seconds} s (replay: SKB_FUZZ_SEED=$seed)"
(cd "$build" && ./tests/skb-fuzz-network --seed="$seed" --runs=100000000 --seconds="$seconds")

# The libFuzzer build of the .net check, where tests/clang.sh made one.
libfuzzer=${SKB_CLANG_BUILD_DIR:-build-clang}/tests/skb-fuzz-network-libfuzzer
if [ -x "$libfuzzer" ]; then
    corpus=$(dirname "$libfuzzer")/network_corpus
    mkdir -p "$corpus"
    echo "== libFuzzer on the .net parser for ${seconds} s"
    log=$(dirname "$libfuzzer")/libfuzzer.log
    if ! "$libfuzzer" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$(dirname "$libfuzzer")/" \
        "$corpus" bench/networks > "$log" 2>&1; then
        tail -40 "$log"
        echo "FAILED: libFuzzer found a failing input (saved beside it as crash-* or timeout-*)"
        exit 1
    fi
    grep -E "^Done|number_of_executed_units" "$log"
fi
echo "== fuzzing: no crash, hang, bad access, leak or wrong result"
