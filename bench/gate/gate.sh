#!/usr/bin/env bash
# The performance gate: the code under test (B, this working tree) raced
# against the last accepted commit (A, named in bench/gate/accepted-commit),
# both built here, side by side, and measured in the same run.  Nothing
# measured on another machine is stored or compared.
#
#   timing tier  skb-bench runs of A and B alternate (ABBAAB...), pinned to one
#                core where taskset can pin, each with interleaved repetitions;
#                each run gives every benchmark one CPU time (the median of its
#                repetitions), and each round one ratio B/A, which gate.py
#                (Wilcoxon signed-rank test) judges.  A process keeps its own
#                speed, a few percent off the next one's, for its whole life,
#                and the machine changes pace for minutes at a time: the runs,
#                not the repetitions, are the samples, and neighbours in time
#                are compared.  A benchmark flagged slower (sign test over 8
#                rounds, p < 0.15) is raced again on its own over 24 rounds
#                and fails only if flagged again (p < 0.01).
#   counts tier  skb-count runs every kernel of the same shapes under valgrind's
#                callgrind, A and B: instructions per call must not grow by more
#                than 1%.  valgrind cannot run AVX-512, so AVX-512 is judged by
#                the timing tier alone.
#
# Every variant is judged, the reference and scalar ones included: every name
# of the ISA registry (kernels/skb_isas.inc) that A's and B's both hold.  A
# and B each run on their own tree's shapes (A's, of an older layout, may
# come from files B no longer has); what both name is compared.  The gate
# fails when either tier compares nothing, or A or B cannot be built or run.
#
#   bench/gate/gate.sh [--against=COMMIT] [--same] [--inject-slow=OP/LAYOUT/VARIANT:F]
#                      [--rounds=N] [--tiers=timing,counts] [--filter=REGEX] [--work=DIR]
#                      [--out=DIR]
#
#   --against=COMMIT  race against COMMIT instead of the accepted one
#   --same            A is B's own build: the same code on both sides (for
#                     measuring the false-alarm rate)
#   --inject-slow=... slow one kernel of B down by about F (the gate must fail)
#   --filter=REGEX    benchmarks to judge (default: the gate's shapes, every op)
#   --work=DIR        where A and B are built (default build-gate)
#   --out=DIR         where the runs, counts and verdicts go (default: --work)
set -euo pipefail
cd "$(dirname "$0")/../.."

against=""
same=0
inject=""
rounds=8
tiers="timing,counts"
work=build-gate
out=""
shapes='vgg16\.pool4|resnet50\.pool1|resnet50\.gap|inception_v3\.pool_17x17_768|resnet50\.conv3_3x3'
filter=""
for arg in "$@"; do
    case "$arg" in
        --against=*) against=${arg#*=} ;;
        --same) same=1 ;;
        --inject-slow=*) inject=${arg#*=} ;;
        --rounds=*) rounds=${arg#*=} ;;
        --tiers=*) tiers=${arg#*=} ;;
        --filter=*) filter=${arg#*=} ;;
        --work=*) work=${arg#*=} ;;
        --out=*) out=${arg#*=} ;;
        *) echo "gate: unknown option '$arg' (see the top of $0)" >&2; exit 2 ;;
    esac
done
fail() { echo "gate: FAIL: $*" >&2; exit 1; }
out=${out:-$work}
case "$rounds" in ''|*[!0-9]*) fail "--rounds=$rounds: want a whole number >= 2" ;; esac
[ "$rounds" -ge 2 ] || fail "--rounds=$rounds: want a whole number >= 2"

# --- what is compared ---------------------------------------------------------
if [ "$same" = 1 ]; then
    a_label="B's own build (--same)"
else
    if [ -z "$against" ]; then
        against=$(grep -v '^#' bench/gate/accepted-commit | head -n 1 | tr -d '[:space:]')
    fi
    a_commit=$(git rev-parse --verify --quiet "${against}^{commit}") ||
        fail "the accepted commit '$against' is not in this clone (bench/gate/accepted-commit)"
    a_label="accepted commit ${a_commit:0:12}"
fi
b_label="working tree at $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(
    git diff --quiet HEAD 2>/dev/null || echo ', with uncommitted changes')"
echo "== gate: A = $a_label; B = $b_label"

# --- builds -------------------------------------------------------------------
mkdir -p "$work"
build() {  # $1: source dir, $2: build dir, $3: what it is
    if ! { cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=Release -DSKB_BUILD_TESTS=OFF \
               -DSKB_WITH_PEERS=OFF &&
           cmake --build "$2" -j "$(nproc)" --target skb-bench skb-count; } > "$2.log" 2>&1; then
        tail -n 30 "$2.log" >&2
        fail "could not build $3 (log: $2.log)"
    fi
}
echo "== building B into $work/b"
build . "$work/b" "B (the working tree)"
if [ "$same" = 1 ]; then
    a_dir=$work/b
else
    # A's sources come from git itself, so no checkout is disturbed; kept
    # between runs while the accepted commit stays the same.
    a_src=$work/a-src
    if [ "$(cat "$a_src/.commit" 2>/dev/null)" != "$a_commit" ]; then
        rm -rf "$a_src" "$work/a"
        mkdir -p "$a_src"
        git archive --format=tar "$a_commit" | tar -x -C "$a_src"
        echo "$a_commit" > "$a_src/.commit"
    fi
    echo "== building A into $work/a"
    build "$a_src" "$work/a" "A (commit $a_commit)"
    a_dir=$work/a
fi
b_dir=$work/b

# --- the variants judged --------------------------------------------------------
# Names of a tree's ISA registry; with "valgrind", only those valgrind can run
# (no AVX-512 flags).
registry() {  # $1: source tree, $2: all | valgrind
    local file="$1/kernels/skb_isas.inc"
    # A commit older than the registry built the same five variants (reference,
    # scalar, sse, avx2, avx512) that B's registry names.
    [ -f "$file" ] || file=kernels/skb_isas.inc
    sed -n 's/^SKB_ISA_ENTRY([A-Z0-9_]*, *\([a-z0-9_]*\), *"\([^"]*\)".*/\1 \2/p' "$file" |
        while read -r name flags; do
            [ "$2" = valgrind ] && [[ "$flags" == *avx512* ]] && continue
            echo "$name"
        done
}
a_tree=.
[ "$same" = 1 ] || a_tree=$a_src
both() { registry . "$1" | grep -Fx -f <(registry "$a_tree" "$1") | paste -sd, -; }
variants=$(both all)
count_variants=$(both valgrind)
[ -n "$variants" ] || fail "A's and B's ISA registries (kernels/skb_isas.inc) share no name"
filter=${filter:-"^[a-z0-9_]+/n[a-z]+/(${variants//,/|})/($shapes)\$"}
echo "== variants judged (in both registries): $variants"

rm -rf "$out/runs" "$out/counts"
inject_args=()
[ -n "$inject" ] && inject_args=("--inject-slow=$inject") && echo "== B's $inject (deliberately slowed)"
status=0

# --- timing tier --------------------------------------------------------------
pin=()
if taskset -c 0 true 2> /dev/null; then pin=(taskset -c 0); fi
# A build whose skb-bench can skip the roofs (which the gate does not read)
# starts in a tenth of a second instead of five.
no_roofs() {
    local help
    help=$("$1/bench/skb-bench" --help 2> /dev/null || true)
    if [[ "$help" == *--no-roofs* ]]; then echo --no-roofs; fi
}
race() {  # $1: tag, $2: filter, $3: rounds; writes $out/runs/$1-{a,b}-N.json
    local tag=$1 race_filter=$2 n=$3 i side order
    mkdir -p "$out/runs"
    for i in $(seq 1 "$n"); do
        # Alternate which side goes first, so neither always runs warmer.
        if [ $((i % 2)) = 1 ]; then order="a b"; else order="b a"; fi
        for side in $order; do
            local dir=$a_dir extra=()
            if [ "$side" = b ]; then dir=$b_dir; extra=("${inject_args[@]}"); fi
            # shellcheck disable=SC2046  # an empty answer is no argument
            "${pin[@]}" "$dir/bench/skb-bench" "${extra[@]}" $(no_roofs "$dir") \
                --variants="$variants" --benchmark_filter="$race_filter" \
                --benchmark_repetitions=2 --benchmark_enable_random_interleaving=true \
                --benchmark_min_time=0.05 --benchmark_out="$out/runs/$tag-$side-$i.json" \
                --benchmark_out_format=json > "$out/runs/$tag-$side-$i.log" 2>&1 ||
                { tail -n 20 "$out/runs/$tag-$side-$i.log" >&2;
                  fail "skb-bench of $side failed (log: $out/runs/$tag-$side-$i.log)"; }
        done
    done
}
judge() {  # $1: tag, $2: rounds, $3: alpha of the sign test
    # Round by round, in order: gate.py pairs A's run i with B's run i.
    local i a_runs=() b_runs=()
    for i in $(seq 1 "$2"); do
        a_runs+=("$out/runs/$1-a-$i.json")
        b_runs+=("$out/runs/$1-b-$i.json")
    done
    /usr/bin/python3 bench/gate/gate.py timing --a "${a_runs[@]}" --b "${b_runs[@]}" \
        --alpha="$3" --flagged "$out/runs/$1-flagged.txt" > "$out/runs/$1-verdicts.txt"
}
if [[ ",$tiers," == *,timing,* ]]; then
    echo "== timing tier: $rounds alternating rounds of A and B${pin:+, pinned to core 0}"
    # The first race screens (B slower in 6 of 8 rounds is enough to look
    # again); the second, three times as long on what was flagged, judges
    # (B slower in 19 of 24 rounds fails).
    race first "$filter" "$rounds"
    if judge first "$rounds" 0.15; then
        tail -n 1 "$out/runs/first-verdicts.txt"
    else
        grep -E "SLOWER|FAIL" "$out/runs/first-verdicts.txt" || true
        if [ -s "$out/runs/first-flagged.txt" ] && ! grep -q "failed in B\|compared 0\|no benchmark" \
                "$out/runs/first-verdicts.txt"; then
            # A shared machine can slow one benchmark for a while: what was
            # flagged is raced again, on its own, and fails only if flagged again.
            echo "== timing tier: racing the $(wc -l < "$out/runs/first-flagged.txt") flagged benchmark(s) again"
            names=$(sed -e 's/[.]/\\./g' "$out/runs/first-flagged.txt" | paste -sd '|')
            race again "^($names)\$" $((3 * rounds))
            if judge again $((3 * rounds)) 0.01; then
                tail -n 1 "$out/runs/again-verdicts.txt"
                echo "gate timing: not slower on the second race: passed"
            else
                grep -E "SLOWER|FAIL" "$out/runs/again-verdicts.txt" || true
                echo "gate timing: REGRESSED in both races: $(paste -sd ' ' "$out/runs/again-flagged.txt")"
                status=1
            fi
        else
            echo "gate timing: REGRESSED"
            status=1
        fi
    fi
    echo "   (every verdict: $out/runs/*-verdicts.txt)"
fi

# --- counts tier --------------------------------------------------------------
if [[ ",$tiers," == *,counts,* ]]; then
    command -v valgrind > /dev/null ||
        fail "valgrind is not installed (Debian package valgrind): the counts tier cannot run"
    echo "== counts tier: instructions per call under callgrind ($count_variants;"
    echo "   valgrind cannot run AVX-512, which the timing tier alone judges)"
    for side in a b; do
        dir=$a_dir extra=()
        if [ "$side" = b ]; then dir=$b_dir; extra=("${inject_args[@]}"); fi
        dest=$out/counts/$side
        rm -rf "$dest"
        mkdir -p "$dest"
        valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$dest/callgrind.out.%p" \
            "$dir/bench/skb-count" "${extra[@]}" --variants="$count_variants" \
            --filter="$filter" > "$dest/calls.txt" 2> "$dest/valgrind.log" ||
            { tail -n 20 "$dest/valgrind.log" >&2; fail "skb-count of $side failed under valgrind"; }
    done
    if /usr/bin/python3 bench/gate/gate.py counts "$out/counts/a" "$out/counts/b" \
            > "$out/counts/verdicts.txt"; then
        tail -n 1 "$out/counts/verdicts.txt"
    else
        grep -E "MORE|FAIL" "$out/counts/verdicts.txt" || true
        echo "gate counts: REGRESSED"
        status=1
    fi
    echo "   (every count: $out/counts/verdicts.txt)"
fi

if [ "$status" = 0 ]; then
    echo "gate: passed (A = $a_label)"
else
    echo "gate: FAILED: B is slower than A (A = $a_label)"
fi
exit "$status"
