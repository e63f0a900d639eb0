#!/usr/bin/python3
"""The CI performance gate.

CI machines are shared and noisy, so absolute times are not compared across
runs.  Within one run, each SIMD variant's speedup over the scalar variant
and over the reference on the same shape is measured; the gate fails when a
speedup falls below its stored baseline by more than the tolerance.

Usage:
  gate.py check BASELINE.json RUN.json     exit 1 on a regression
  gate.py update BASELINE.json RUN.json...  write the baseline from runs:
                                            the lowest speedup each showed
"""
import json
import sys

SIMD = ("sse", "avx2", "avx512")
TOLERANCE = 0.4  # a speedup may fall to 60% of its baseline before failing


def medians(run):
    """(op, layout, variant, shape) -> median real time."""
    times = {}
    for b in run["benchmarks"]:
        if b.get("error_occurred"):
            continue
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        parts = b.get("run_name", b["name"]).split("/")
        if len(parts) == 4:
            times[tuple(parts)] = b["real_time"]
    return times


def speedups(run):
    """name -> {"vs_scalar": x, "vs_reference": y} for every SIMD variant."""
    times = medians(run)
    out = {}
    for (op, layout, variant, shape), t in times.items():
        if variant not in SIMD or t <= 0:
            continue
        entry = {}
        for base in ("scalar", "reference"):
            b = times.get((op, layout, base, shape))
            if b:
                entry[f"vs_{base}"] = b / t
        if entry:
            out[f"{op}/{layout}/{variant}/{shape}"] = entry
    return out


def check(run, baseline, tolerance=TOLERANCE):
    """Returns (lines to print, list of regressions)."""
    current = speedups(run)
    offered = {variant for (_, _, variant, _) in medians(run)}
    regressions, lines = [], []
    for name, base in sorted(baseline["speedups"].items()):
        now = current.get(name)
        if now is None:
            if name.split("/")[2] not in offered:
                lines.append(f"skipped   {name}: this CPU does not offer the variant")
            else:
                regressions.append(f"{name}: missing from this run (failed or not run)")
            continue
        for key, ref in base.items():
            value = now.get(key)
            if value is None:
                continue
            floor = ref * (1 - tolerance)
            status = "ok" if value >= floor else "REGRESSED"
            lines.append(f"{status:9} {name} {key}: {value:6.2f}x (baseline {ref:6.2f}x, "
                         f"floor {floor:6.2f}x)")
            if value < floor:
                regressions.append(f"{name} {key}: {value:.2f}x, baseline {ref:.2f}x")
    return lines, regressions


def machine(run):
    """What must match for speedups to be comparable: the cache hierarchy
    (Google Benchmark's context) and the variants the CPU offered."""
    caches = sorted((c["level"], c["type"], c["size"]) for c in run["context"].get("caches", []))
    offered = sorted({variant for (_, _, variant, _) in medians(run)})
    return {"caches": [list(c) for c in caches], "variants": offered}


def lowest(runs):
    """The lowest speedup of each benchmark over several runs: a baseline that
    one unlucky run cannot set too high."""
    merged = {}
    for run in runs:
        for name, entry in speedups(run).items():
            for key, value in entry.items():
                slot = merged.setdefault(name, {})
                slot[key] = min(value, slot.get(key, value))
    return merged


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("check", "update"):
        sys.exit(__doc__)
    mode, baseline_path, run_paths = sys.argv[1], sys.argv[2], sys.argv[3:]
    runs = []
    for path in run_paths:
        with open(path) as f:
            runs.append(json.load(f))
    if mode == "update":
        baseline = {"date": runs[0]["context"].get("date", "?"), "runs": len(runs),
                    "machine": machine(runs[0]), "tolerance": TOLERANCE,
                    "speedups": lowest(runs)}
        with open(baseline_path, "w") as f:
            json.dump(baseline, f, indent=1, sort_keys=True)
        print(f"gate: wrote {len(baseline['speedups'])} baselines to {baseline_path}")
        return
    if len(runs) != 1:
        sys.exit("gate: check takes one run")
    run = runs[0]
    with open(baseline_path) as f:
        baseline = json.load(f)
    if baseline.get("machine") and baseline["machine"] != machine(run):
        print(f"gate: {baseline_path} was measured on another CPU ({baseline['machine']}; "
              f"this one: {machine(run)}); nothing to compare")
        return
    lines, regressions = check(run, baseline, baseline.get("tolerance", TOLERANCE))
    print("\n".join(lines))
    if regressions:
        print(f"gate: {len(regressions)} regression(s):")
        for r in regressions:
            print(f"  {r}")
        sys.exit(1)
    print(f"gate: {len(lines)} speedups at or above their floors")


if __name__ == "__main__":
    main()
