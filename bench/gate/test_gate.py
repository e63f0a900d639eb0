#!/usr/bin/python3
"""Tests of the gate's verdicts on made-up runs whose answer is known: a
benchmark 15% slower with ordinary spread over ten rounds must fail, also
while the machine runs at half pace for some rounds; the same spread on both
sides must pass, and so must one round that the machine slowed on one side
only, while such a round must not hide a regression; repetitions inside one run are one sample, nothing compared must fail,
and instruction counts must fail above 1% and pass below it."""
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
# The machine at half pace for rounds 6 to 8 of 10, both sides alike, as
# measured here during a gate run.
PACE = [1, 1, 1, 1, 1, 2, 2, 2, 1, 1]


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


def timing_exit(a_paths, b_paths, alpha=gate.ALPHA):
    args = gate.argparse.Namespace(a=a_paths, b=b_paths, threshold=gate.THRESHOLD,
                                   alpha=alpha, flagged=None)
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
        # Median ratio 1.07, but B is faster in four of the ten rounds: not a
        # verdict, not even for the screen.
        ratios = [1.3, 0.9, 1.25, 0.92, 1.2, 0.95, 1.1, 1.08, 0.97, 1.06]
        a = run_files(self.d, "a", BASE)
        b = run_files(self.d, "b", [t * r for t, r in zip(BASE, ratios)])
        status, out = timing_exit(a, b, alpha=0.15)
        self.assertEqual(status, 0, out)
        self.assertIn(" 1.070 ", out)

    def test_change_of_pace_does_not_hide_a_regression(self):
        # Pooled, A's and B's samples overlap (a U test finds p ~ 0.03);
        # round by round B is 15% slower every time.
        a = run_files(self.d, "a", [t * k for t, k in zip(BASE, PACE)])
        b = run_files(self.d, "b", [t * k * 1.15 for t, k in zip(reversed(BASE), PACE)])
        status, out = timing_exit(a, b)
        self.assertEqual(status, 1, out)
        self.assertIn("FAIL maxpool/nhwc/scalar/vgg16.pool4: slower than A", out)

    def test_bursts_on_a_do_not_hide_a_regression(self):
        # One run of A in 8 caught by a burst (1.9x, as measured here): the
        # screen (alpha 0.15) flags B; over 24 rounds with three such bursts
        # the verdict (alpha 0.01) fails it.
        burst = [1.9 if i == 0 else 1 for i in range(8)]
        a = run_files(self.d, "a", [t * k for t, k in zip(BASE[:8], burst)])
        b = run_files(self.d, "b", [t * 1.15 for t in reversed(BASE[:8])])
        status, out = timing_exit(a, b, alpha=0.15)
        self.assertEqual(status, 1, out)
        longer = BASE + BASE + BASE[:4]
        burst = [1.9 if i in (2, 11, 19) else 1 for i in range(24)]
        a = run_files(self.d, "a", [t * k for t, k in zip(longer, burst)])
        b = run_files(self.d, "b", [t * 1.15 for t in reversed(longer)])
        status, out = timing_exit(a, b)
        self.assertEqual(status, 1, out)
        self.assertIn("FAIL maxpool/nhwc/scalar/vgg16.pool4: slower than A", out)

    def test_change_of_pace_alone_passes(self):
        a = run_files(self.d, "a", [t * k for t, k in zip(BASE, PACE)])
        b = run_files(self.d, "b", [t * k for t, k in zip(reversed(BASE), PACE)])
        status, out = timing_exit(a, b)
        self.assertEqual(status, 0, out)
        self.assertIn("0 slower, 0 faster", out)

    def test_one_round_slowed_on_one_side_passes(self):
        a = run_files(self.d, "a", BASE)
        b = run_files(self.d, "b", [t * (2 if i == 3 else 1) for i, t in enumerate(reversed(BASE))])
        status, out = timing_exit(a, b)
        self.assertEqual(status, 0, out)

    def test_a_run_is_one_sample(self):
        # Eight rounds of two repetitions a side: eight ratios, each of the
        # medians of a run's two.
        a = run_files(self.d, "a", BASE[:8], repetitions=2)
        b = run_files(self.d, "b", [t * 1.15 for t in BASE[:8]], repetitions=2)
        status, out = timing_exit(a, b)
        self.assertEqual(status, 1, out)
        self.assertIn("(8 rounds)", out)

    def test_repetitions_of_one_run_are_not_samples(self):
        # One process each, however many repetitions: one round, one ratio,
        # which no test can call a regression.
        a = run_file(self.d, "a", BASE)
        b = run_file(self.d, "b", [t * 1.15 for t in BASE])
        status, out = timing_exit([a], [b])
        self.assertEqual(status, 0, out)
        self.assertIn("(1 round)", out)

    def test_unpaired_runs_are_refused(self):
        a = run_files(self.d, "a", BASE)
        b = run_files(self.d, "b", BASE[:9])
        with self.assertRaises(SystemExit) as e:
            timing_exit(a, b)
        self.assertIn("10 runs of A but 9 of B", str(e.exception.code))

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
