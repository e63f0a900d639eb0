#!/usr/bin/python3
"""Compares two results folders (two CPUs, or two commits on one CPU), as
bench/run.sh writes them: for every benchmark both ran, the median time of
each and their ratio, then the geometric mean of the ratios per op, layout
and variant.  Matching by name is Google Benchmark's own (gbench.report, the
library behind its compare.py, from Debian's libbenchmark-tools).

  bench/reports/compare_runs.py RESULTS_A RESULTS_B [--file=kernels.json] [--filter=REGEX]

A ratio B/A above 1 means B took longer.  Times measured on two machines
compare the machines; on one machine, two runs' noise is part of the ratio
(for a verdict on a change, use the gate, which races both in one run)."""
import argparse
import math
import os
import re
import sys
from collections import defaultdict

sys.path.insert(0, "/usr/share/benchmark")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--file", default="kernels.json")
    parser.add_argument("--filter", default="")
    args = parser.parse_args()
    try:
        from gbench import report, util
    except ImportError as e:
        sys.exit(f"compare_runs: {e}: install Debian's libbenchmark-tools and python3-scipy")
    runs = []
    for folder in (args.a, args.b):
        path = os.path.join(folder, args.file) if os.path.isdir(folder) else folder
        if not os.path.exists(path):
            sys.exit(f"compare_runs: {path} does not exist")
        run = util.load_benchmark_results(path)
        # The medians of repetitions where there are any, else single runs.
        medians = [b for b in run["benchmarks"] if b.get("aggregate_name") == "median"]
        singles = [b for b in run["benchmarks"] if b.get("run_type") != "aggregate"
                   and not b.get("error_occurred")]
        chosen = medians or singles
        for b in chosen:
            b["name"] = b.get("run_name", b["name"])
            b["run_type"] = "iteration"
        runs.append({"context": run.get("context", {}), "benchmarks": chosen})
    pattern = re.compile(args.filter)
    rows = [e for e in report.get_difference_report(runs[0], runs[1])
            if e.get("run_type") != "aggregate" and pattern.search(e["name"])]
    if not rows:
        sys.exit("compare_runs: no benchmark in both runs (check --file and --filter)")
    for label, run in zip("AB", runs):
        ctx = run["context"]
        print(f"{label}: {ctx.get('cpu_model', '?')}, {ctx.get('date', '?')}, "
              f"{ctx.get('skb_command_line', '')}")
    width = max(len(e["name"]) for e in rows)
    print(f"{'benchmark':{width}} {'A time':>12} {'B time':>12} {'B/A':>7}")
    groups = defaultdict(list)
    for e in rows:
        m = e["measurements"][0]
        ratio = m["real_time_other"] / m["real_time"] if m["real_time"] else float("inf")
        unit = e["time_unit"]
        print(f"{e['name']:{width}} {m['real_time']:9.1f} {unit:2} "
              f"{m['real_time_other']:9.1f} {unit:2} {ratio:7.3f}")
        parts = e["name"].split("/")
        if len(parts) == 4 and math.isfinite(ratio) and ratio > 0:
            groups["/".join(parts[:3])].append(ratio)
    print(f"\ngeometric mean of B/A per op/layout/variant ({len(rows)} benchmarks in both):")
    for key in sorted(groups):
        r = groups[key]
        print(f"  {key:32} {math.exp(sum(map(math.log, r)) / len(r)):7.3f}  ({len(r)} shapes)")


if __name__ == "__main__":
    main()
