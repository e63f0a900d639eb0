#!/usr/bin/env bash
# Fuzzes skb_plan/skb_run for a bounded time (default 60 s; FUZZ_SECONDS
# overrides) with a fresh seed (FUZZ_SEED overrides), built with
# AddressSanitizer and UndefinedBehaviorSanitizer so that an overflow in
# validation or a stray access fails too.  A failure prints the
# description and the command that reproduces it.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${SKB_FUZZ_BUILD_DIR:-build-fuzz}
seconds=${FUZZ_SECONDS:-60}
seed=${FUZZ_SEED:-$(date +%s)}
sanitize="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"

echo "== building skb-fuzz with sanitizers into $build"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DSKB_BUILD_BENCH=OFF \
      -DCMAKE_C_FLAGS="$sanitize" -DCMAKE_CXX_FLAGS="$sanitize" > /dev/null
cmake --build "$build" -j "$(nproc)" --target skb-fuzz > /dev/null

echo "== fuzzing for ${seconds} s, seed $seed"
# Leaks are checked too; the guard pages are the fuzzer's own mappings.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
    "$build/tests/skb-fuzz" --seconds="$seconds" --seed="$seed"
