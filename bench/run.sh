#!/usr/bin/env bash
# The main command: installs what it needs (Debian 12, as root), builds,
# runs every kernel x layout x variant on the shapes of the real networks of
# bench/networks (bench/kernels: skb-bench), and writes
# results/<cpu>/kernels.json and REPORT.md; then times those networks'
# convolutions, pools and heads whole (bench/heads: skb-heads) and writes
# results/<cpu>/heads.json and HEADS.md (reports: bench/reports).
#
#   bash bench/run.sh            the default suite (a few minutes): every op x
#                                layout x variant on every shape, 3 repetitions
#                                of at least 0.05 s each, median and cv reported
#   bash bench/run.sh --quick    a small subset, once each (under a minute), for
#                                CI smoke runs; results go to build-release/quick-results
#   bash bench/run.sh --gate     the CI performance gate (bench/gate/gate.sh):
#                                this tree raced against the last accepted
#                                commit, built side by side, timed and counted
#                                in the same run; -- ARGS go to gate.sh
#   bash bench/run.sh -- ARGS    extra skb-bench arguments, e.g.
#                                -- --batch=8 --variants=scalar,avx512
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
gate=
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=1 ;;
        --gate) gate=1 ;;
        --) shift; extra=("$@"); break ;;
        *) echo "bench/run.sh: unknown option '$1' (--quick, --gate, -- ARGS)" >&2
           exit 2 ;;
    esac
    shift
done

packages=(cmake make g++ git libbenchmark-dev libxxhash-dev catch2
          libopenblas-dev libdnnl-dev libxnnpack-dev libpthreadpool-dev python3
          python3-matplotlib python3-scipy valgrind)
if ! dpkg -s "${packages[@]}" > /dev/null 2>&1; then
    if [ "$(id -u)" != 0 ]; then
        echo "bench/run.sh: missing Debian packages; as root, run:" >&2
        echo "  apt-get update && apt-get install -y ${packages[*]}" >&2
        exit 1
    fi
    echo "== installing ${packages[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" > /dev/null
fi

if [ -n "$gate" ]; then
    export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
    exec bash bench/gate/gate.sh "${extra[@]}"
fi

build=${SKB_BENCH_BUILD_DIR:-build-release}
echo "== building into $build"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DSKB_BUILD_TESTS=OFF > /dev/null
cmake --build "$build" -j "$(nproc)" > /dev/null

cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1 |
      tr '[:upper:]' '[:lower:]' | sed -e 's/[^a-z0-9]\{1,\}/-/g' -e 's/^-//' -e 's/-$//')
# A VM may name only the brand ("AMD EPYC" for Zen 4 and Zen 5 alike): the
# CPU family and model keep two generations' runs apart.
family=$(sed -n 's/^cpu family[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1)
model=$(sed -n 's/^model[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1)
if [ -n "$cpu" ] && [ -n "$family" ] && [ -n "$model" ]; then
    cpu="$cpu-family-$family-model-$model"
fi
out=${SKB_RESULTS_DIR:-results/${cpu:-unknown-cpu}}
# One thread for everyone unless a benchmark says otherwise (skb-bench's
# /t<count> runs set oneDNN's OpenMP threads themselves; skb-heads, OpenBLAS
# included, stays on one thread).  Every other timed process is pinned to
# core 0 where taskset can pin, so the scheduler never moves a benchmark
# between cores (and caches) mid-run.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
pin=()
if taskset -c 0 true 2> /dev/null; then pin=(taskset -c 0); fi

if [ "$quick" = 1 ]; then
    out=${SKB_RESULTS_DIR:-$build/quick-results}
    args=(--benchmark_filter='/(vgg16\.pool4|resnet50\.gap|resnet50\.conv4_3x3|inception_v3\.pool_17x17_768)(/t[0-9]+/real_time)?$'
          --benchmark_min_time=0.01)
else
    # Medians of 3 repetitions, with their cv; at least 0.05 s each (the
    # reference on the largest shapes runs a few iterations of ~60 ms).  The
    # repetitions of all benchmarks are interleaved in random order, so a
    # moment of noise on a shared machine spreads over many benchmarks
    # instead of spoiling every repetition of one.
    args=(--benchmark_repetitions=3 --benchmark_report_aggregates_only=true
          --benchmark_enable_random_interleaving=true --benchmark_min_time=0.05)
fi
mkdir -p "$out"
echo "== running skb-bench: measuring bandwidth roofs, then every benchmark, each checked"
echo "   against the reference before it is timed (JSON: $out/kernels.json)"
# skb-bench pins itself (bench/harness/cores.c): each one-thread benchmark to the
# first core, each benchmark on several threads (--threads, default 1 and
# every core) to all of them (to the first where skb's plan keeps one thread),
# so it is not pinned from outside.
"$build/bench/skb-bench" "${args[@]}" "${extra[@]}" \
    --benchmark_out="$out/kernels.json" --benchmark_out_format=json
# PyTorch beside oneDNN and XNNPACK where Debian's python3-torch is installed
# (this command does not install it: apt-get install python3-torch); same
# shapes, batch and filter as skb-bench, one thread, checked before timed.
rm -f "$out/torch.json"
if /usr/bin/python3 -c 'import torch' 2> /dev/null; then
    torch_args=(--repetitions 3 --min-time 0.05)
    [ "$quick" = 1 ] && torch_args=(--repetitions 1 --min-time 0.01
                                    --filter "${args[0]#--benchmark_filter=}")
    for arg in "${extra[@]}"; do
        case "$arg" in
            --batch=*) torch_args+=(--batch "${arg#--batch=}") ;;
            --networks=*) torch_args+=(--networks "${arg#--networks=}") ;;
            --benchmark_filter=*) torch_args+=(--filter "${arg#--benchmark_filter=}") ;;
        esac
    done
    echo "== timing PyTorch on the same shapes (bench/kernels/peer_torch.py; JSON: $out/torch.json)"
    "${pin[@]}" /usr/bin/python3 bench/kernels/peer_torch.py --lib "$build/libskb.so" \
        --bench "$build/bench/skb-bench" "${torch_args[@]}" \
        --out "$out/torch.json" > "$build/peer_torch.txt" 2>&1 ||
        { cat "$build/peer_torch.txt"; exit 1; }
    tail -n 1 "$build/peer_torch.txt"
else
    echo "== PyTorch not timed: python3-torch is not installed (apt-get install python3-torch)"
fi
echo "== writing the report: median GB/s, speedups over scalar and reference, roof fractions"
/usr/bin/python3 bench/reports/report.py "$out/kernels.json" "$out" "$out/torch.json"

echo "== running skb-heads: convolution (im2col + OpenBLAS sgemm) against pooling heads"
if [ "$quick" = 1 ]; then
    heads_args=(--benchmark_filter='cifar_small|keras150' --benchmark_min_time=0.01)
else
    heads_args=(--benchmark_min_time=0.05 --benchmark_repetitions=5
                --benchmark_report_aggregates_only=true)
fi
"${pin[@]}" "$build/bench/skb-heads" "${heads_args[@]}" \
    --benchmark_out="$out/heads.json" --benchmark_out_format=json
/usr/bin/python3 bench/reports/heads_report.py "$out/heads.json" "$out"
echo "== done:"
echo "   kernels: $out/REPORT.md (from $out/kernels.json)"
echo "   heads:   $out/HEADS.md (from $out/heads.json)"
echo "   plots:   $out/plots/"
