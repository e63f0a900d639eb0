#!/usr/bin/env bash
# Proof that the gate can fail, and is quiet when nothing changed.
#
#   bash bench/gate/selftest.sh [--kernel=OP/LAYOUT/VARIANT] [--fraction=F]
#       A and B are the same build; B's KERNEL (default maxpool/nhwc/scalar)
#       is slowed by about F (default 0.15) on a subset of the gate's shapes.
#       Passes when the gate fails, naming that kernel in every tier that can
#       run it (the counts tier cannot run AVX-512), and nothing else.
#   bash bench/gate/selftest.sh --false-alarms=N
#       N gate runs with A and B the same code on the whole gate set: how many
#       benchmarks each flagged in its first race and how many runs failed.
#   bash bench/gate/selftest.sh --sensitivity=F1,F2,... [--kernel=...]
#       one run per fraction: which tier caught the slowdown.
set -euo pipefail
cd "$(dirname "$0")/../.."

kernel=maxpool/nhwc/scalar
fraction=0.15
false_alarms=""
sensitivity=""
# Every variant (the gate's builds have no peers): skb's own kernels only.
subset='^[a-z0-9_]+/n[a-z]+/[a-z0-9_]+/(vgg16\.pool4|resnet50\.gap)$'
for arg in "$@"; do
    case "$arg" in
        --kernel=*) kernel=${arg#*=} ;;
        --fraction=*) fraction=${arg#*=} ;;
        --false-alarms=*) false_alarms=${arg#*=} ;;
        --sensitivity=*) sensitivity=${arg#*=} ;;
        *) echo "selftest: unknown option '$arg' (see the top of $0)" >&2; exit 2 ;;
    esac
done
# B's build is the gate's own (build-gate/b); the runs go elsewhere.
work=build-gate/selftest
mkdir -p "$work"

if [ -n "$false_alarms" ]; then
    failed=0
    for i in $(seq 1 "$false_alarms"); do
        log=$work/false-alarm-$i.log
        if bash bench/gate/gate.sh --same --out="$work" > "$log" 2>&1; then verdict=passed
        else verdict=FAILED; failed=$((failed + 1)); fi
        first=$(wc -l < "$work/runs/first-flagged.txt")
        compared=$(grep -o "compared [0-9]* benchmarks" "$work/runs/first-verdicts.txt")
        counted=$(grep -o "compared [0-9]* kernels" "$work/counts/verdicts.txt")
        echo "run $i: $verdict; timing $compared, $first flagged in the first race;" \
             "counts $counted, $(grep -c ' MORE$' "$work/counts/verdicts.txt" || true) more"
    done
    echo "false alarms: $failed of $false_alarms runs failed with A and B the same code"
    exit 0
fi

if [ -n "$sensitivity" ]; then
    for f in ${sensitivity//,/ }; do
        log=$work/sensitivity-$f.log
        bash bench/gate/gate.sh --same --out="$work" --filter="$subset" \
            --inject-slow="$kernel:$f" > "$log" 2>&1 || true
        timing=no counts=no
        grep -q "^gate timing: REGRESSED.* $kernel/" "$log" && timing=yes
        grep -q "^gate timing: REGRESSED in both races:.*$kernel/" "$log" && timing=yes
        grep -q "^gate counts: FAIL $kernel/" "$log" && counts=yes
        first=$(awk -v k="$kernel/" 'index($1, k) == 1 {print $1 " " $2; exit}' \
                "$work/runs/first-verdicts.txt")
        again=$(awk -v k="$kernel/" 'index($1, k) == 1 {print $2; exit}' \
                "$work/runs/again-verdicts.txt" 2> /dev/null || true)
        count_ratio=$(awk -v k="$kernel/" 'index($1, k) == 1 {print $4; exit}' \
                      "$work/counts/verdicts.txt")
        echo "slowed by $f: timing tier failed: $timing (B/A first race: $first;" \
             "second race: ${again:-not run}); counts tier failed: $counts" \
             "(instructions B/A ${count_ratio:-n/a})"
    done
    exit 0
fi

echo "== gate self-test: B's $kernel slowed by about $fraction, A and B otherwise the same"
log=$work/selftest.log
# Twice the gate's rounds: on a VM with busy neighbours, 8 rounds once
# missed the slowdown (B/A 1.160 over the rounds, but too few rounds with B
# slower for the sign test: p 0.36); with 16, the same share of spoiled
# rounds still passes the first race's test.
if bash bench/gate/gate.sh --same --out="$work" --filter="$subset" --rounds=16 \
        --inject-slow="$kernel:$fraction" > "$log" 2>&1; then
    cat "$log"
    echo "selftest: FAILED: the gate passed a deliberately slowed $kernel" >&2
    exit 1
fi
grep -E "FAIL" "$log"; grep -h "compared" "$work/runs/first-verdicts.txt" "$work/counts/verdicts.txt"
tiers=(timing)
[[ "$kernel" == */avx512 ]] || tiers+=(counts)
for tier in "${tiers[@]}"; do
    grep -q "gate $tier: FAIL $kernel/" "$log" ||
        { cat "$log"; echo "selftest: FAILED: the $tier tier did not name $kernel" >&2; exit 1; }
done
# What the gate failed on: the timing tier's second race, when there was one
# (the first race only screens: a benchmark it flags and the second clears
# did not fail the gate), and the counts tier.
verdicts=("$work/counts/verdicts.txt")
if grep -q "^== timing tier: racing the" "$log"; then
    verdicts+=("$work/runs/again-verdicts.txt")
fi
if others=$(grep -h -E "gate (timing|counts): FAIL" "${verdicts[@]}" | grep -v "FAIL $kernel/"); then
    echo "$others"
    echo "selftest: FAILED: the gate also flagged kernels nobody slowed (false alarms)" >&2
    exit 1
fi
echo "selftest: passed: the gate failed on $kernel alone, in the tiers: ${tiers[*]}"
