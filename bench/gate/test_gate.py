#!/usr/bin/python3
"""Tests of the gate's verdicts on made-up runs whose answer is known: a
benchmark 15% slower with ordinary spread over ten runs must fail, the same
spread on both sides must pass, repetitions inside one run are one sample,
nothing compared must fail, and instruction counts must fail above 1% and
pass below it."""
import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gate  # noqa: E402

# Ten CPU times (ns) with about 2% spread, as ten runs of one benchmark give
# on a shared machine.
BASE = [1000, 1012, 995, 1020, 1003, 990, 1008, 1015, 998, 1005]


def run_file(directory, tag, times, name="maxpool/nhwc/scalar/vgg16.pool4", error=None):
    benchmarks = [{"name": name, "run_name": name, "run_type": "iteration",
                   "repetitions": len(times), "repetition_index": i, "iterations": 100,
                   "real_time": t, "cpu_time": t, "time_unit": "ns"}
                  for i, t in enumerate(times)]
    if error:
        benchmarks = [{"name": name, "run_name": name, "run_type": "iteration",
                       "error_occurred": True, "error_message": error}]
    path = os.path.join(directory, f"{tag}.json")
    with open(path, "w") as f:
        json.dump({"context": {}, "benchmarks": benchmarks}, f)
    return path


def run_files(directory, tag, times, repetitions=1):
    """One run (file) per time, each with that many repetitions of it."""
    return [run_file(directory, f"{tag}{i}", [t] * repetitions) for i, t in enumerate(times)]


def timing_exit(a_paths, b_paths):
    args = gate.argparse.Namespace(a=a_paths, b=b_paths, threshold=gate.THRESHOLD,
                                   alpha=gate.ALPHA, flagged=None)
    out = io.StringIO()
    with redirect_stdout(out):
        status = gate.timing(args)
    return status, out.getvalue()


class Timing(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.d = self.dir.name

    def tearDown(self):
        self.dir.cleanup()

    def test_fifteen_percent_slower_fails(self):
        a = run_files(self.d, "a", BASE)
        b = run_files(self.d, "b", [t * 1.15 for t in reversed(BASE)])
        status, out = timing_exit(a, b)
        self.assertEqual(status, 1, out)
        self.assertIn("FAIL maxpool/nhwc/scalar/vgg16.pool4: slower than A", out)

    def test_same_distribution_passes(self):
        a = run_files(self.d, "a", BASE)
        b = run_files(self.d, "b", list(reversed(BASE)))
        status, out = timing_exit(a, b)
        self.assertEqual(status, 0, out)
        self.assertIn("compared 1 benchmarks; 0 slower", out)

    def test_faster_passes(self):
        a = run_files(self.d, "a", BASE)
        b = run_files(self.d, "b", [t * 0.8 for t in BASE])
        status, out = timing_exit(a, b)
        self.assertEqual(status, 0, out)
        self.assertIn("1 faster", out)

    def test_slower_median_without_significance_passes(self):
        # Medians 6% apart but the samples overlap heavily: not a verdict.
        a = run_files(self.d, "a", [1000, 1200, 900, 1300, 950, 1250, 980, 1100, 1020, 1150])
        b = run_files(self.d, "b", [1130, 1210, 950, 1320, 1000, 1240, 1090, 1150, 1040, 1190])
        status, out = timing_exit(a, b)
        self.assertEqual(status, 0, out)

    def test_a_run_is_one_sample(self):
        # Eight runs of two repetitions a side: eight samples each, the
        # median of each run's two.
        a = run_files(self.d, "a", BASE[:8], repetitions=2)
        b = run_files(self.d, "b", [t * 1.15 for t in BASE[:8]], repetitions=2)
        status, out = timing_exit(a, b)
        self.assertEqual(status, 1, out)
        self.assertIn("(8 vs 8)", out)

    def test_repetitions_of_one_run_are_not_samples(self):
        # One process each, however many repetitions: one sample a side,
        # which no U test can call different.
        a = run_file(self.d, "a", BASE)
        b = run_file(self.d, "b", [t * 1.15 for t in BASE])
        status, out = timing_exit([a], [b])
        self.assertEqual(status, 0, out)
        self.assertIn("(1 vs 1)", out)

    def test_nothing_compared_fails(self):
        a = run_file(self.d, "a", BASE, name="maxpool/nhwc/scalar/vgg16.pool4")
        b = run_file(self.d, "b", BASE, name="avgpool/nhwc/scalar/vgg16.pool4")
        status, out = timing_exit([a], [b])
        self.assertEqual(status, 1, out)
        self.assertIn("no benchmark was compared", out)

    def test_error_in_b_fails(self):
        a = run_file(self.d, "a", BASE)
        b = run_file(self.d, "b", BASE, error="output hash mismatch")
        status, out = timing_exit([a], [b])
        self.assertEqual(status, 1, out)
        self.assertIn("failed in B: output hash mismatch", out)


def counts_dir(parent, side, counts, calls=1):
    d = os.path.join(parent, side)
    os.makedirs(d)
    with open(os.path.join(d, "calls.txt"), "w") as f:
        f.writelines(f"{name} {calls}\n" for name in counts)
    for i, (name, total) in enumerate(counts.items()):
        with open(os.path.join(d, f"callgrind.out.1.{i + 1}"), "w") as f:
            f.write(f"version: 1\ndesc: Trigger: Client Request: {name}\nevents: Ir\n"
                    f"summary: {total}\ntotals: {total}\n")
    return d


def counts_exit(a, b):
    out = io.StringIO()
    with redirect_stdout(out):
        status = gate.counts(gate.argparse.Namespace(a_dir=a, b_dir=b,
                                                     threshold=gate.COUNT_THRESHOLD))
    return status, out.getvalue()


class Counts(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.d = self.dir.name

    def tearDown(self):
        self.dir.cleanup()

    def test_more_than_one_percent_fails(self):
        a = counts_dir(self.d, "a", {"im2col/nchw/sse/x": 1000000, "im2col/nchw/avx2/x": 500000})
        b = counts_dir(self.d, "b", {"im2col/nchw/sse/x": 1015000, "im2col/nchw/avx2/x": 500000})
        status, out = counts_exit(a, b)
        self.assertEqual(status, 1, out)
        self.assertIn("FAIL im2col/nchw/sse/x: +1.50%", out)

    def test_less_than_one_percent_passes(self):
        a = counts_dir(self.d, "a", {"im2col/nchw/sse/x": 1000000})
        b = counts_dir(self.d, "b", {"im2col/nchw/sse/x": 1005000})
        status, out = counts_exit(a, b)
        self.assertEqual(status, 0, out)
        self.assertIn("compared 1 kernels", out)

    def test_per_call(self):
        a = counts_dir(self.d, "a", {"k/nchw/sse/x": 3000}, calls=3)
        b = counts_dir(self.d, "b", {"k/nchw/sse/x": 1000}, calls=1)
        status, out = counts_exit(a, b)
        self.assertEqual(status, 0, out)

    def test_missing_from_b_fails(self):
        a = counts_dir(self.d, "a", {"k/nchw/sse/x": 1000, "k/nchw/avx2/x": 900})
        b = counts_dir(self.d, "b", {"k/nchw/sse/x": 1000})
        status, out = counts_exit(a, b)
        self.assertEqual(status, 1, out)
        self.assertIn("k/nchw/avx2/x: counted in A but missing from B", out)

    def test_nothing_compared_fails(self):
        status, out = counts_exit(counts_dir(self.d, "a", {}), counts_dir(self.d, "b", {}))
        self.assertEqual(status, 1, out)
        self.assertIn("no kernel was compared", out)


if __name__ == "__main__":
    unittest.main()
