#!/usr/bin/env bash
# The thread tests under ThreadSanitizer: every plan split into 2, 3, 5 and
# 8 tasks on a pool of 8 threads, over the small shape grid, with every
# variant and path; any data race (two tasks touching one byte, a task
# reading what another writes) ends the run and fails it.  Built into its
# own directory (default build-tsan).
#
# pthreadpool comes from Debian, built without ThreadSanitizer, so the
# hand-over of a job to its workers and back (atomics and futexes inside the
# library) is invisible to it; kernels/parallel.c declares those two edges
# to ThreadSanitizer in this build only (tsan_acquire and tsan_release there).
set -euo pipefail
cd "$(dirname "$0")/.."

build=${SKB_TSAN_BUILD_DIR:-build-tsan}
jobs=${SKB_JOBS:-$(nproc)}
flags="-fsanitize=thread -fno-omit-frame-pointer -g"
echo "== building with ${flags} into $build"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS="$flags" \
    -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" \
    -DSKB_BUILD_BENCH=OFF > /dev/null
cmake --build "$build" -j "$jobs" --target skb-tests

export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
echo "== the thread tests (small grid) under ThreadSanitizer"
log=$build/tsan.log
if ! SKB_TEST_GRID=small "$build/tests/skb-tests" "[threads]" > "$log" 2>&1; then
    head -n 80 "$log"
    echo "FAILED: ThreadSanitizer reported a race, or a thread test failed (log: $log)" >&2
    exit 1
fi
grep -E "threads:|All tests passed" "$log"
echo "== ThreadSanitizer: no race reported"

# And it does report one: tasks made to share a workspace.
if "$build/tests/skb-tests" "[tsan_selftest]" > "$log" 2>&1 ||
    ! grep -q "ThreadSanitizer: data race" "$log"; then
    echo "FAILED: ThreadSanitizer did not report the race of tasks sharing a workspace" >&2
    exit 1
fi
echo "== ThreadSanitizer reports the race of tasks made to share a workspace, as it must"
