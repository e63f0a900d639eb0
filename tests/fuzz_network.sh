#!/usr/bin/env bash
# The .net parser fuzzed for a bounded time under AddressSanitizer and
# UndefinedBehaviorSanitizer (GCC): random and mutated network files must be
# refused with a file:line message or read as networks whose counts agree
# with a 128-bit recount.  Any sanitizer report fails the run.
#   bash tests/fuzz_network.sh [SECONDS]      (default 60; seeds 1, 2, ...)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
build=${SKB_FUZZ_BUILD_DIR:-build-fuzz}
echo "== building the parser fuzzer with -fsanitize=address,undefined into $build"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DSKB_BUILD_BENCH=OFF \
    -DCMAKE_C_FLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" > /dev/null
cmake --build "$build" -j "$(nproc)" --target skb-fuzz-network > /dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
# Rounds of at most 10 s on successive seeds until the time is used.
end=$((SECONDS + seconds))
seed=1
while [ $SECONDS -lt $end ]; do
    left=$((end - SECONDS))
    (cd "$build" && ./tests/skb-fuzz-network --seed=$seed --runs=100000000 \
        --seconds=$((left < 10 ? left : 10)))
    seed=$((seed + 1))
done
echo "== fuzz-network: $((seed - 1)) seeds in ${seconds} s, no failure"
