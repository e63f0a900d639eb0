#!/usr/bin/env bash
# The test suite under AddressSanitizer and UndefinedBehaviorSanitizer, with
# leak checking on: any out-of-bounds access, use after free, leak or
# undefined behaviour ends the process that did it and fails its test.
# Built into its own directory (default build-sanitize).
#   bash tests/sanitize.sh            the shape grid as SKB_TEST_GRID says (default: full)
#
# The guard-page self-test faults on purpose, in child processes that put
# back the default SIGSEGV action first; the sanitizers honour that (their
# allow_user_segv_handler default), so those children die of the signal as
# the test expects and nothing is reported.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${SKB_SANITIZE_BUILD_DIR:-build-sanitize}
jobs=${SKB_JOBS:-$(nproc)}
flags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g"
# GCC 12 sees std::regex (inside Catch2) as maybe uninitialized once the
# sanitizers instrument it: a false alarm in a system header, silenced here only.
cxx_quiet=-Wno-maybe-uninitialized
echo "== building with ${flags} into $build"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS="$flags" \
    -DCMAKE_CXX_FLAGS="$flags $cxx_quiet" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" > /dev/null
cmake --build "$build" -j "$jobs"

export ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
echo "== the shape grid (${SKB_TEST_GRID:-full}) and every other test"
"$build/tests/skb-tests" "[grid]" --reporter compact 2>&1 | grep "shape grid"
# Each skb-bench run measures its bandwidth roofs over a DRAM working set of
# 8 x L3: the bench tests run one at a time so they cannot exhaust memory.
# The check of the kernel objects is left out: AddressSanitizer's own code
# (16-byte stores to its shadow memory) is in them here; tests/run.sh and
# tests/clang.sh check the objects as they ship.  The install test is left
# out too: its consumer programs are built as users build them, without the
# sanitizers, and cannot link the sanitized library; so are the PyTorch
# checks, where python3 loads the sanitized libskb.so.
(cd "$build" && ctest --output-on-failure -j "$jobs" -E '^bench[.]|^build[.]kernel_objects|^install[.]' &&
    ctest --output-on-failure -R '^bench[.]' -E '^bench[.]torch_')
echo "== sanitizer build: all tests passed, no leak or undefined behaviour reported"
