#!/usr/bin/python3
"""The performance gate's verdicts: the code under test (B) against the last
accepted commit (A), measured on the same machine in the same run.

  gate.py timing --a A_RUNS... --b B_RUNS...
                                           Google Benchmark JSON files of
                                           interleaved runs of A and B
  gate.py counts A_DIR B_DIR               callgrind dumps of skb-count

timing: the runs of A and B alternate (A B, B A, ...), so round i's two
runs are neighbours in time: each benchmark gets one ratio per round, B's
CPU time over A's (each the median of its run's repetitions: one value per
process).  A shared machine changes pace for minutes at a time (measured
here: every benchmark twice as slow for three rounds running, A and B
alike), which a comparison of the two samples as wholes mistakes for spread;
the ratio of neighbours cancels it.  What it does not cancel is a burst that
catches one run of a round (measured here: one run of A 1.9x slow), so the
direction is judged by a sign test (scipy's binomtest: in how many rounds
was B slower?), which such a round moves by one, not by its size.  A
benchmark regressed when the median of its ratios is more than THRESHOLD
above 1 and the one-sided sign test gives p < ALPHA (--alpha).  The gate
screens with a loose alpha over few rounds, then races what was flagged
again over more rounds and judges it with a strict one.  Exit status 1 on a
regression; the names of the regressed benchmarks are written to
--flagged=FILE.

counts: instructions per call of every kernel, from callgrind's dumps; a
kernel regressed when B executes more than COUNT_THRESHOLD more instructions
per call than A.  The counts are exact and repeat from run to run, so the
threshold can be tight.

Both print how many benchmarks they compared and fail when that is zero."""
import argparse
import glob
import json
import os
import re
import statistics
import sys

THRESHOLD = 0.05        # B may be up to 5% slower by median ratio before the test is asked
ALPHA = 0.01            # and the sign test must be this sure B is slower
COUNT_THRESHOLD = 0.01  # instructions per call may grow by 1%


def load_binomtest():
    try:
        from scipy.stats import binomtest
    except ImportError as e:
        sys.exit(f"gate: cannot import scipy.stats.binomtest ({e}); install Debian's python3-scipy")
    return binomtest


def read_run(path):
    """One run (process): {benchmark: CPU time}, the median of its
    repetitions, and {benchmark: error message} for those that failed.  A
    process keeps its own speed for its whole life (a few percent from one
    process to the next, whatever the code), so its repetitions are one
    sample, not several."""
    with open(path) as f:
        run = json.load(f)
    repetitions, errors = {}, {}
    for b in run.get("benchmarks", []):
        if b.get("run_type") == "aggregate":
            continue
        if b.get("error_occurred"):
            errors[b["name"]] = b.get("error_message", "error")
            continue
        repetitions.setdefault(b["name"], []).append(b["cpu_time"])
    return {name: statistics.median(t) for name, t in repetitions.items()}, errors


def timing_verdicts(a_runs, b_runs, threshold=THRESHOLD, alpha=ALPHA):
    """[(name, median ratio B/A over the rounds, p-value, verdict, rounds)]
    for every benchmark that A and B both ran in some round; a_runs[i] and
    b_runs[i] are round i's runs ({name: time}).  verdict is "slower",
    "faster" or "same"."""
    binomtest = load_binomtest()
    names = sorted({n for run in a_runs for n in run} & {n for run in b_runs for n in run})
    out = []
    for name in names:
        ratios = [b[name] / a[name] for a, b in zip(a_runs, b_runs)
                  if name in a and name in b and a[name] > 0]
        if not ratios:
            continue
        ratio = statistics.median(ratios)
        # Rounds with B slower (faster, when the median says B is faster);
        # a round with both the same counts for neither.
        leaning = sum(r > 1 for r in ratios) if ratio >= 1 else sum(r < 1 for r in ratios)
        decided = sum(r != 1 for r in ratios)
        p = binomtest(leaning, decided, 0.5, alternative="greater").pvalue if decided else None
        verdict = "same"
        if p is not None and p < alpha:
            if ratio > 1 + threshold:
                verdict = "slower"
            elif ratio < 1 - threshold:
                verdict = "faster"
        out.append((name, ratio, p, verdict, len(ratios)))
    return out


def tier_result(tier, compared, what, failures):
    """Prints the tier's failures, one comparing nothing among them; the
    exit status: 1 on any failure."""
    if compared == 0:
        failures = failures + [f"no {what} was compared"]
    for f in failures:
        print(f"gate {tier}: FAIL {f}")
    return 1 if failures else 0


def timing(args):
    if len(args.a) != len(args.b):
        sys.exit(f"gate: {len(args.a)} runs of A but {len(args.b)} of B: want one of each per round")
    a_runs, a_errors, b_runs, b_errors = [], {}, [], {}
    for path in args.a:
        times, errors = read_run(path)
        a_runs.append(times)
        a_errors.update(errors)
    for path in args.b:
        times, errors = read_run(path)
        b_runs.append(times)
        b_errors.update(errors)
    verdicts = timing_verdicts(a_runs, b_runs, args.threshold, args.alpha)
    print(f"{'benchmark':60} {'B/A':>7} {'p':>8}  verdict (CPU time: the median over the "
          f"rounds of B's run over A's; n = rounds)")
    for name, ratio, p, verdict, n in verdicts:
        pval = "   n/a" if p is None else f"{p:8.1e}"
        mark = {"slower": "SLOWER", "faster": "faster", "same": "same"}[verdict]
        print(f"{name:60} {ratio:7.3f} {pval}  {mark} ({n} round{'' if n == 1 else 's'})")
    failures = []
    for name, message in sorted(b_errors.items()):
        failures.append(f"{name}: failed in B: {message}")
    for name, message in sorted(a_errors.items()):
        print(f"note: {name} failed in A (not compared): {message}")
    slower = [v[0] for v in verdicts if v[3] == "slower"]
    faster = [v[0] for v in verdicts if v[3] == "faster"]
    failures += [f"{n}: slower than A" for n in slower]
    if args.flagged:
        with open(args.flagged, "w") as f:
            f.write("".join(n + "\n" for n in slower))
    print(f"gate timing: compared {len(verdicts)} benchmarks; {len(slower)} slower, "
          f"{len(faster)} faster (more than {100 * args.threshold:.0f}% by median, "
          f"sign test over the rounds p < {args.alpha})")
    return tier_result("timing", len(verdicts), "benchmark", failures)


CLIENT_REQUEST = re.compile(r"^desc: Trigger: Client Request: (\S+)")


def read_counts(directory):
    """kernel name -> instructions per call, from skb-count's dumps (one
    callgrind.out file per kernel) and its list of calls."""
    calls = {}
    with open(os.path.join(directory, "calls.txt")) as f:
        for line in f:
            name, n = line.split()
            calls[name] = int(n)
    counts = {}
    for path in glob.glob(os.path.join(directory, "callgrind.out.*")):
        name, total = None, None
        with open(path) as f:
            for line in f:
                m = CLIENT_REQUEST.match(line)
                if m:
                    name = m.group(1)
                elif line.startswith("totals:"):
                    total = int(line.split()[1])
        if name in calls and total is not None:
            counts[name] = total / calls[name]
    return counts


def count_verdicts(a, b, threshold=COUNT_THRESHOLD):
    out = []
    for name in sorted(set(a) & set(b)):
        ratio = b[name] / a[name] if a[name] else float("inf")
        verdict = "more" if ratio > 1 + threshold else "fewer" if ratio < 1 - threshold else "same"
        out.append((name, a[name], b[name], ratio, verdict))
    return out


def counts(args):
    a, b = read_counts(args.a_dir), read_counts(args.b_dir)
    verdicts = count_verdicts(a, b, args.threshold)
    print(f"{'kernel':60} {'A instr/call':>14} {'B instr/call':>14} {'B/A':>7}")
    for name, ia, ib, ratio, verdict in verdicts:
        mark = {"more": "MORE", "fewer": "fewer", "same": "same"}[verdict]
        print(f"{name:60} {ia:14.0f} {ib:14.0f} {ratio:7.4f}  {mark}")
    failures = [f"{v[0]}: {100 * (v[3] - 1):+.2f}% instructions per call" for v in verdicts
                if v[4] == "more"]
    for name in sorted(set(b) - set(a)):
        print(f"note: {name} is new in B (not compared)")
    for name in sorted(set(a) - set(b)):
        failures.append(f"{name}: counted in A but missing from B")
    print(f"gate counts: compared {len(verdicts)} kernels; "
          f"{sum(v[4] == 'more' for v in verdicts)} execute more than "
          f"{100 * args.threshold:g}% more instructions per call, "
          f"{sum(v[4] == 'fewer' for v in verdicts)} fewer")
    return tier_result("counts", len(verdicts), "kernel", failures)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="tier", required=True)
    t = sub.add_parser("timing")
    t.add_argument("--a", nargs="+", required=True,
                   help="runs of the accepted commit, one per round, in round order")
    t.add_argument("--b", nargs="+", required=True,
                   help="runs of the code under test, in the same round order")
    t.add_argument("--threshold", type=float, default=THRESHOLD)
    t.add_argument("--alpha", type=float, default=ALPHA)
    t.add_argument("--flagged", help="write the regressed benchmarks' names here")
    c = sub.add_parser("counts")
    c.add_argument("a_dir")
    c.add_argument("b_dir")
    c.add_argument("--threshold", type=float, default=COUNT_THRESHOLD)
    args = parser.parse_args(argv)
    return timing(args) if args.tier == "timing" else counts(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
