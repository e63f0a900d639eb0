#!/usr/bin/env bash
# A bounded fuzzing run for CI: the .shapes parser fuzzer (tests/fuzz_shapes.c)
# built with AddressSanitizer and UndefinedBehaviorSanitizer (the build
# directory of tests/sanitize.sh), run for a fixed time from a seed that
# changes every run; a failure prints the input and the seed to replay it.
#   bash tests/fuzz.sh [SECONDS]      (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
build=${SKB_SANITIZE_BUILD_DIR:-build-sanitize}
jobs=${SKB_JOBS:-$(nproc)}
# The same configuration as tests/sanitize.sh, so one build serves both.
flags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g"
cxx_quiet=-Wno-maybe-uninitialized
echo "== building the fuzzer with ${flags} into $build"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS="$flags" \
    -DCMAKE_CXX_FLAGS="$flags $cxx_quiet" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" > /dev/null
cmake --build "$build" -j "$jobs" --target skb-fuzz-shapes

export ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
seed=${SKB_FUZZ_SEED:-$(date +%s)}
echo "== fuzzing the .shapes parser for ${seconds} s (replay: SKB_FUZZ_SEED=$seed)"
"$build/tests/skb-fuzz-shapes" --seed="$seed" --seconds="$seconds" --shapes=bench/shapes

# The libFuzzer build of the same check, where tests/clang.sh made one.
libfuzzer=${SKB_CLANG_BUILD_DIR:-build-clang}/tests/skb-fuzz-shapes-libfuzzer
if [ -x "$libfuzzer" ]; then
    corpus=$(dirname "$libfuzzer")/shapes_corpus
    mkdir -p "$corpus"
    echo "== libFuzzer on the .shapes parser for ${seconds} s"
    log=$(dirname "$libfuzzer")/libfuzzer.log
    if ! "$libfuzzer" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$(dirname "$libfuzzer")/" \
        "$corpus" bench/shapes > "$log" 2>&1; then
        tail -40 "$log"
        echo "FAILED: libFuzzer found a failing input (saved beside it as crash-* or timeout-*)"
        exit 1
    fi
    grep -E "^Done|number_of_executed_units" "$log"
fi
echo "== fuzzing: no crash, hang, bad access or unclean result"
