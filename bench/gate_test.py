#!/usr/bin/python3
"""Checks that the performance gate passes a run like its baseline and fails
one where a variant lost its speedup: the gate must be able to fail."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gate  # noqa: E402


def run(times):
    return {"context": {}, "benchmarks": [
        {"name": f"{n}_median", "run_name": n, "run_type": "aggregate",
         "aggregate_name": "median", "real_time": t} for n, t in times.items()]}


def main():
    base_times = {"maxpool/nhwc/reference/x": 300.0, "maxpool/nhwc/scalar/x": 100.0,
                  "maxpool/nhwc/avx512/x": 10.0}
    baseline = {"speedups": gate.speedups(run(base_times)), "tolerance": 0.4}
    assert abs(baseline["speedups"]["maxpool/nhwc/avx512/x"]["vs_scalar"] - 10.0) < 1e-9
    # Same speed, and 30% slower (within tolerance): pass.
    for t in (10.0, 13.0):
        _, regressions = gate.check(run(dict(base_times, **{"maxpool/nhwc/avx512/x": t})),
                                    baseline)
        assert not regressions, regressions
    # Twice as slow: the speedup over scalar falls from 10x to 5x: fail.
    _, regressions = gate.check(run(dict(base_times, **{"maxpool/nhwc/avx512/x": 20.0})),
                                baseline)
    assert len(regressions) == 2, regressions  # vs scalar and vs reference
    # A variant the CPU offers but whose benchmark is gone (e.g. failed its
    # check): fail.  One the CPU does not offer: skipped.
    gone = {k: v for k, v in base_times.items() if "avx512" not in k}
    gone["maxpool/nhwc/avx512/other"] = 5.0
    _, regressions = gate.check(run(gone), baseline)
    assert regressions and "missing" in regressions[0], regressions
    no_avx512 = {k: v for k, v in base_times.items() if "avx512" not in k}
    lines, regressions = gate.check(run(no_avx512), baseline)
    assert not regressions and "skipped" in lines[0], (lines, regressions)
    print("gate self-test: 5 cases passed")


if __name__ == "__main__":
    main()
