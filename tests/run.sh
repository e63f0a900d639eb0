#!/usr/bin/env bash
# The test command: installs what it needs (Debian 12, as root), builds, runs
# every test natively, then runs the test binary again under emulated CPUs
# that lack SSE4.1, AVX2 and AVX-512 to prove the dispatch never reaches an
# instruction the CPU does not have.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake make g++ catch2 libxxhash-dev libbenchmark-dev libopenblas-dev
          libdnnl-dev libxnnpack-dev libpthreadpool-dev qemu-user python3 python3-matplotlib
          python3-scipy pkg-config)
if ! dpkg -s "${packages[@]}" > /dev/null 2>&1; then
    echo "== installing ${packages[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" > /dev/null
fi

build=${SKB_TEST_BUILD_DIR:-build-test}
echo "== building into $build"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build "$build" -j "$(nproc)"

echo "== native run"
"$build/tests/skb-isa-probe"
"$build/tests/skb-tests" "[grid]" | grep "shape grid"
(cd "$build" && ctest --output-on-failure -j "$(nproc)")

# Each emulated CPU must offer exactly these tables; the small grid keeps
# every op x layout and every tail class.
declare -A expected=(
    [qemu64]="reference scalar"
    [Nehalem]="reference scalar sse"
    [Haswell]="reference scalar sse avx2"
)
for cpu in qemu64 Nehalem Haswell; do
    echo "== emulated CPU: $cpu"
    probe=$(qemu-x86_64 -cpu "$cpu" "$build/tests/skb-isa-probe" 2> /dev/null)
    echo "$probe"
    if ! grep -qx "available: ${expected[$cpu]}" <<< "$probe"; then
        echo "FAILED: $cpu should offer exactly: ${expected[$cpu]}" >&2
        exit 1
    fi
    # qemu reports the guard-page self-test's deliberate faults (in child
    # processes) and the host features it cannot emulate on stderr: dropped.
    SKB_TEST_GRID=small qemu-x86_64 -cpu "$cpu" "$build/tests/skb-tests" --reporter compact \
        2> /dev/null | grep -E "runs|tables tested|Passed|passed|failed|FAILED|error"
done
echo "== all tests passed, natively and on the three emulated CPUs"
