#!/usr/bin/python3
"""The performance gate's verdicts: the code under test (B) against the last
accepted commit (A), measured on the same machine in the same run.

  gate.py timing --a A_RUNS... --b B_RUNS...
                                           Google Benchmark JSON files of
                                           interleaved runs of A and B
  gate.py counts A_DIR B_DIR               callgrind dumps of skb-count

timing: each benchmark's CPU time in each run of A and of B (the median of
that run's repetitions: one value per process) goes to Google Benchmark's
own comparison (gbench.report, the library behind its compare.py), which
runs the Mann-Whitney U test over the runs.  A benchmark regressed when
B's median is more than THRESHOLD slower than A's and the U test says the
two samples differ (p < ALPHA).  Exit status 1 on a regression; the names of
the regressed benchmarks are written to --flagged=FILE (for a second race).

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

GBENCH_TOOLS = "/usr/share/benchmark"  # Debian's libbenchmark-tools
THRESHOLD = 0.05        # B may be up to 5% slower by median before the U test is asked
ALPHA = 0.01            # and the U test must be this sure the samples differ
COUNT_THRESHOLD = 0.01  # instructions per call may grow by 1%


def load_gbench_report():
    sys.path.insert(0, GBENCH_TOOLS)
    try:
        from gbench import report  # noqa: E402
    except ImportError as e:
        sys.exit(f"gate: cannot import Google Benchmark's comparison tools from {GBENCH_TOOLS} "
                 f"({e}); install Debian's libbenchmark-tools and python3-scipy")
    return report


def merge_runs(paths):
    """One JSON with one entry per benchmark per run (process): the median
    of that run's repetitions.  A process keeps its own speed for its whole
    life (on this kind of machine, a few percent from one process to the
    next, whatever the code), so repetitions inside one run are not
    independent samples; the U test is asked about runs.  Errors kept apart."""
    merged, errors = None, {}
    for path in paths:
        with open(path) as f:
            run = json.load(f)
        if merged is None:
            merged = {"context": run.get("context", {}), "benchmarks": []}
        repetitions = {}
        for b in run.get("benchmarks", []):
            if b.get("run_type") == "aggregate":
                continue
            if b.get("error_occurred"):
                errors[b["name"]] = b.get("error_message", "error")
                continue
            repetitions.setdefault(b["name"], []).append(b)
        for name, reps in repetitions.items():
            entry = dict(reps[0])
            for key in ("cpu_time", "real_time"):
                entry[key] = statistics.median(r[key] for r in reps)
            merged["benchmarks"].append(entry)
    return merged or {"context": {}, "benchmarks": []}, errors


def timing_verdicts(a, b, threshold=THRESHOLD, alpha=ALPHA, report=None):
    """[(name, ratio of medians B/A, p-value, verdict)] for every benchmark in
    both; verdict is "slower", "faster" or "same"."""
    report = report or load_gbench_report()
    out = []
    for entry in report.get_difference_report(a, b, utest=True):
        if entry.get("run_type") == "aggregate":  # the overall geomean line
            continue
        m = entry["measurements"]
        a_times = [x["cpu_time"] for x in a["benchmarks"] if x["name"] == entry["name"]]
        b_times = [x["cpu_time"] for x in b["benchmarks"] if x["name"] == entry["name"]]
        if not m or not a_times or not b_times:
            continue
        ratio = statistics.median(b_times) / statistics.median(a_times)
        p = entry["utest"].get("cpu_pvalue") if entry["utest"] else None
        verdict = "same"
        if p is not None and p < alpha:
            if ratio > 1 + threshold:
                verdict = "slower"
            elif ratio < 1 - threshold:
                verdict = "faster"
        out.append((entry["name"], ratio, p, verdict, len(a_times), len(b_times)))
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
    a, a_errors = merge_runs(args.a)
    b, b_errors = merge_runs(args.b)
    verdicts = timing_verdicts(a, b, args.threshold, args.alpha)
    print(f"{'benchmark':60} {'B/A':>7} {'p':>8}  verdict (CPU time, medians of "
          f"A's and B's runs; n = runs)")
    for name, ratio, p, verdict, na, nb in verdicts:
        pval = "   n/a" if p is None else f"{p:8.1e}"
        mark = {"slower": "SLOWER", "faster": "faster", "same": "same"}[verdict]
        print(f"{name:60} {ratio:7.3f} {pval}  {mark} ({na} vs {nb})")
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
          f"U test p < {args.alpha})")
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
    t.add_argument("--a", nargs="+", required=True, help="runs of the accepted commit")
    t.add_argument("--b", nargs="+", required=True, help="runs of the code under test")
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
