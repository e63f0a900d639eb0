#!/usr/bin/env bash
# Hides /sys's cache information (as many VMs and CI machines have none) in
# a private mount namespace and checks that skb-bench then reads the cache
# sizes from CPUID and settles all three levels.  Exit 77 (skipped) where a
# mount namespace cannot be made (not root, or no unshare).
#   check_cpuid_caches.sh SKB_BENCH
set -uo pipefail
bench=$1
cache_dir=/sys/devices/system/cpu/cpu0/cache
if ! unshare -m true 2> /dev/null; then
    echo "skipped: cannot make a mount namespace here"
    exit 77
fi
out=$(unshare -m sh -c "{ [ ! -d $cache_dir ] || mount -t tmpfs none $cache_dir; } &&
      exec '$bench' --benchmark_filter='^memcpy/any/libc/cifar_small' --benchmark_min_time=0.001" 2>&1)
echo "$out" | grep "^cache L"
for level in 1 2 3; do
    echo "$out" | grep -Eq "^cache L$level: reported [1-9][0-9]* bytes \(cpuid leaf [0-9a-fx]+( and [0-9a-fx]+)?\).*using [1-9][0-9]* \((confirmed|measured|unconfirmed)\)" ||
        { echo "FAILED: L$level was not read from CPUID"; exit 1; }
done
echo "passed: with /sys hiding its caches, every level came from CPUID"
