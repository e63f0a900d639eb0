#!/usr/bin/env bash
# The clang build: the whole project built with clang and clang++ (Debian
# clang 14), warnings as errors, into its own build directory; then every
# test once, the full bit-exact shape grid among them (every variant against
# the reference, by XXH3 of the output bytes).  CMakeLists.txt picks the
# kernel flags per compiler; the build.kernel_objects_as_promised test checks
# the resulting objects (scalar is scalar, no memcpy/memset calls from loops).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v clang > /dev/null || ! command -v clang++ > /dev/null; then
    echo "== installing clang"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang > /dev/null
fi

build=${SKB_CLANG_BUILD_DIR:-build-clang}
jobs=${SKB_JOBS:-$(nproc)}
echo "== building with $(clang --version | head -1) into $build"
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_FLAGS=-Werror -DCMAKE_CXX_FLAGS=-Werror -DSKB_LIBFUZZER=ON > /dev/null
cmake --build "$build" -j "$jobs"

# ctest runs every Catch2 test case (the full grid included) once.
echo "== the full shape grid and every test"
"$build/tests/skb-isa-probe"
"$build/tests/skb-tests" "[grid]" | grep "shape grid"
# Each skb-bench run measures its bandwidth roofs over a DRAM working set of
# 8 x L3: the bench tests run one at a time so they cannot exhaust memory.
(cd "$build" && ctest --output-on-failure -j "$jobs" -E '^bench[.]' &&
    ctest --output-on-failure -R '^bench[.]')
echo "== clang build: all tests passed"
