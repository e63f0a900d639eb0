#!/usr/bin/env bash
# Fuzzes skb_plan/skb_run for a bounded time (default 60 s; FUZZ_SECONDS
# overrides), built with AddressSanitizer and UndefinedBehaviorSanitizer so
# that an overflow in validation or a stray access fails too.
#
#   bash tests/fuzz.sh             seeded loop (GCC or clang), fresh seed
#                                  (FUZZ_SEED overrides); a failure prints
#                                  the command that reproduces it
#   bash tests/fuzz.sh libfuzzer   clang's libFuzzer, coverage-guided over
#                                  the library; crash inputs go to build-libfuzzer/
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
sanitize="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1

if [[ ${1:-} == libfuzzer ]]; then
    build=${SKB_FUZZ_BUILD_DIR:-build-libfuzzer}
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

build=${SKB_FUZZ_BUILD_DIR:-build-fuzz}
seed=${FUZZ_SEED:-$(date +%s)}
echo "== building skb-fuzz with sanitizers into $build"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DSKB_BUILD_BENCH=OFF \
      -DCMAKE_C_FLAGS="$sanitize" -DCMAKE_CXX_FLAGS="$sanitize" > /dev/null
cmake --build "$build" -j "$(nproc)" --target skb-fuzz > /dev/null
echo "== fuzzing for ${seconds} s, seed $seed"
"$build/tests/skb-fuzz" --seconds="$seconds" --seed="$seed"
