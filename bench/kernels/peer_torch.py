#!/usr/bin/python3
"""Times PyTorch's CPU pooling, unfold and fold on skb-bench's shapes, one
thread, after checking each output against skb's reference on the same input.

Usage: /usr/bin/python3 bench/kernels/peer_torch.py --lib build-release/libskb.so
           --bench build-release/bench/skb-bench [--networks DIR] [--batch N]
           [--filter REGEX] [--repetitions R] [--min-time SECONDS]
           [--inject-wrong OP/LAYOUT] --out TORCH.json

The shapes are skb-bench's own, as `skb-bench --list-shapes` prints them
(taken from the networks of bench/networks, or of --networks DIR).

Benchmarks are named like skb-bench's, op/layout/torch/net.layer, and the
JSON has Google Benchmark's form (medians and cv of the repetitions), so
bench/reports/report.py adds them to the peers table as one more column.

  maxpool         F.max_pool2d             global_avgpool  F.adaptive_avg_pool2d(x, 1)
  avgpool         F.avg_pool2d             global_maxpool  F.adaptive_max_pool2d(x, 1)
  im2col          F.unfold                 col2im          F.fold (NCHW only: its input
                                                           is a matrix, its output NCHW)

nchw is a contiguous tensor, nhwc the same values in channels_last.  F.unfold
has one output order, (C*KH*KW, L); for nhwc it unfolds the channels_last
tensor and its output is compared with skb's NHWC matrix after a transpose
(outside the timing).  skb's reference (libskb.so through ctypes, table
SKB_ISA_REFERENCE) computes the expected output: max pooling, global max
pooling and im2col must match bit for bit, sums (average pooling, global
average pooling, col2im) within a relative 1e-5, since PyTorch may sum in
another order; whether a sum was bit-identical is recorded in the label.
A mismatch is recorded as an error and that benchmark is not timed.

Timing: a warm-up of at least a tenth of --min-time, then --repetitions
repetitions of at least --min-time each (the iteration count is fixed from
the warm-up); the median per-call time is reported, and the cv of the
repetitions.  Each call allocates its output, as F.* calls do.
"""
import argparse
import ctypes
import json
import re
import statistics
import subprocess
import sys
import time

import torch
import torch.nn.functional as F

OPS = {"im2col": 0, "col2im": 1, "maxpool": 2, "avgpool": 3, "global_avgpool": 4,
       "global_maxpool": 5}
LAYOUTS = {"nchw": 0, "nhwc": 1}
EXACT = {"maxpool", "global_maxpool", "im2col"}
RELATIVE_TOLERANCE = 1e-5
SKB_ISA_REFERENCE = 0
SKB_OK = 0


# --- skb's reference through ctypes (the structs of kernels/skb.h) ----------

class TensorDesc(ctypes.Structure):
    _fields_ = [("n", ctypes.c_int64), ("c", ctypes.c_int64), ("h", ctypes.c_int64),
                ("w", ctypes.c_int64), ("layout", ctypes.c_int)]


class Window(ctypes.Structure):
    _fields_ = [(f, ctypes.c_int64) for f in
                ("kernel_h", "kernel_w", "stride_h", "stride_w", "dilation_h", "dilation_w",
                 "pad_top", "pad_left", "pad_bottom", "pad_right")] + \
               [("ceil_mode", ctypes.c_bool), ("count_include_pad", ctypes.c_bool)]


class Error(ctypes.Structure):
    _fields_ = [("status", ctypes.c_int), ("message", ctypes.c_char * 192)]


class Geometry(ctypes.Structure):
    _fields_ = [("op", ctypes.c_int), ("layout", ctypes.c_int)] + \
               [(f, ctypes.c_size_t) for f in
                ("n", "c", "h", "w", "oh", "ow", "kh", "kw", "sh", "sw", "dh", "dw",
                 "pad_top", "pad_left", "pad_bottom", "pad_right")] + \
               [("count_include_pad", ctypes.c_bool), ("src_elems", ctypes.c_size_t),
                ("dst_elems", ctypes.c_size_t), ("c_stride", ctypes.c_size_t)]


class Skb:
    def __init__(self, path):
        self.lib = ctypes.CDLL(path)
        self.lib.skb_plan.restype = ctypes.c_int
        self.lib.skb_plan.argtypes = [ctypes.c_int, ctypes.POINTER(TensorDesc),
                                      ctypes.POINTER(Window), ctypes.POINTER(Geometry),
                                      ctypes.POINTER(Error)]
        self.lib.skb_kernels_for.restype = ctypes.c_void_p
        self.lib.skb_kernels_for.argtypes = [ctypes.c_int]
        self.lib.skb_run.restype = ctypes.c_int
        self.lib.skb_run.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(TensorDesc),
                                     ctypes.POINTER(Window), ctypes.c_void_p, ctypes.c_void_p,
                                     ctypes.POINTER(Error)]
        self.reference = self.lib.skb_kernels_for(SKB_ISA_REFERENCE)

    def plan(self, op, tensor, window):
        g, err = Geometry(), Error()
        if self.lib.skb_plan(OPS[op], ctypes.byref(tensor), ctypes.byref(window),
                             ctypes.byref(g), ctypes.byref(err)) != SKB_OK:
            raise ValueError(err.message.decode())
        return g

    def run_reference(self, op, tensor, window, src):
        """skb's reference output for src (a contiguous float32 tensor in
        skb's layout), as a flat tensor."""
        g = self.plan(op, tensor, window)
        assert src.is_contiguous() and src.dtype == torch.float32 and src.numel() == g.src_elems
        dst = torch.empty(g.dst_elems, dtype=torch.float32)
        err = Error()
        if self.lib.skb_run(self.reference, OPS[op], ctypes.byref(tensor), ctypes.byref(window),
                            src.data_ptr(), dst.data_ptr(), ctypes.byref(err)) != SKB_OK:
            raise ValueError(err.message.decode())
        return g, dst


# --- skb-bench's shapes -------------------------------------------------------

def read_shapes(bench, networks):
    """(name, kind, c, h, w, Window) for every shape of skb-bench's suite."""
    command = [bench, "--list-shapes"] + ([f"--networks={networks}"] if networks else [])
    listed = subprocess.run(command, capture_output=True, text=True)
    if listed.returncode != 0:
        sys.exit(f"peer_torch: {' '.join(command)} failed: {listed.stderr.strip()}")
    shapes = []
    for line in listed.stdout.splitlines():
        s = json.loads(line)
        win = Window(kernel_h=s["kernel"][0], kernel_w=s["kernel"][1],
                     stride_h=s["stride"][0], stride_w=s["stride"][1],
                     dilation_h=s["dilation"][0], dilation_w=s["dilation"][1],
                     pad_top=s["padding"][0], pad_left=s["padding"][1],
                     pad_bottom=s["padding"][2], pad_right=s["padding"][3],
                     ceil_mode=s["ceil_mode"], count_include_pad=s["count_include_pad"])
        shapes.append((s["name"], s["kind"], s["c"], s["h"], s["w"], win))
    return shapes


def ops_of(kind):
    return {"conv": ["im2col", "col2im"], "maxpool": ["maxpool"], "avgpool": ["avgpool"],
            "global": ["global_avgpool", "global_maxpool"]}[kind]


# --- one benchmark: inputs, the PyTorch call, the check ------------------------

def symmetric_padding(win):
    """PyTorch's pooling, unfold and fold pad symmetrically."""
    if win.pad_top != win.pad_bottom or win.pad_left != win.pad_right:
        raise NotImplementedError(
            f"PyTorch takes symmetric padding only (p={win.pad_top},{win.pad_left},"
            f"{win.pad_bottom},{win.pad_right})")
    return (win.pad_top, win.pad_left)


def prepare(skb, op, layout, n, c, h, w, win, generator):
    """(call, expected flat output, how to flatten the call's output into
    skb's order, geometry) for one benchmark."""
    tensor = TensorDesc(n=n, c=c, h=h, w=w, layout=LAYOUTS[layout])
    kernel = (win.kernel_h, win.kernel_w)
    stride = (win.stride_h, win.stride_w)
    dilation = (win.dilation_h, win.dilation_w)
    g = skb.plan(op, tensor, win)

    def in_skb_order(t):  # an N x C x H x W tensor as skb's flat buffer
        return (t.permute(0, 2, 3, 1) if layout == "nhwc" else t).contiguous().reshape(-1)

    if op == "col2im":
        padding = symmetric_padding(win)
        cols = torch.rand(n, c * g.kh * g.kw, g.oh * g.ow, generator=generator) * 2 - 1
        _, expected = skb.run_reference(op, tensor, win, cols.reshape(-1))

        def call():
            return F.fold(cols, (h, w), kernel, dilation=dilation, padding=padding,
                          stride=stride)
        return call, expected, lambda y: y.contiguous().reshape(-1), g

    x = torch.rand(n, c, h, w, generator=generator) * 2 - 1
    _, expected = skb.run_reference(op, tensor, win, in_skb_order(x))
    if layout == "nhwc":
        x = x.contiguous(memory_format=torch.channels_last)
    flatten = in_skb_order
    if op == "maxpool":
        padding = symmetric_padding(win)

        def call():
            return F.max_pool2d(x, kernel, stride, padding, dilation, ceil_mode=win.ceil_mode)
    elif op == "avgpool":
        padding = symmetric_padding(win)

        def call():
            return F.avg_pool2d(x, kernel, stride, padding, ceil_mode=win.ceil_mode,
                                count_include_pad=win.count_include_pad)
    elif op == "global_avgpool":
        def call():
            return F.adaptive_avg_pool2d(x, 1)
        flatten = lambda y: y.reshape(-1)  # noqa: E731  N x C x 1 x 1: one order
    elif op == "global_maxpool":
        def call():
            return F.adaptive_max_pool2d(x, 1)
        flatten = lambda y: y.reshape(-1)  # noqa: E731
    else:  # im2col
        padding = symmetric_padding(win)

        def call():
            return F.unfold(x, kernel, dilation=dilation, padding=padding, stride=stride)
        kh, kw, length = g.kh, g.kw, g.oh * g.ow
        if layout == "nchw":
            flatten = lambda y: y.contiguous().reshape(-1)  # noqa: E731
        else:  # (N, C*KH*KW, L) -> skb's NHWC matrix (N, L, KH*KW*C)
            flatten = lambda y: (y.reshape(n, c, kh, kw, length)  # noqa: E731
                                 .permute(0, 4, 2, 3, 1).contiguous().reshape(-1))
    return call, expected, flatten, g


def compare(op, expected, got):
    """None when got matches expected (bit for bit, or within the tolerance
    for sums), else what differs; and whether the bits were identical."""
    if got.numel() != expected.numel():
        return f"{got.numel()} output elements, skb's reference has {expected.numel()}", False
    same_bits = torch.equal(got.view(torch.int32), expected.view(torch.int32))
    if same_bits:
        return None, True
    if op in EXACT:
        bad = (got.view(torch.int32) != expected.view(torch.int32)).nonzero()[0].item()
    else:
        off = (got - expected).abs() > RELATIVE_TOLERANCE * (1 + expected.abs())
        off |= got.isnan() != expected.isnan()
        if not off.any():
            return None, False
        bad = off.nonzero()[0].item()
    rule = "bit for bit" if op in EXACT else f"relative {RELATIVE_TOLERANCE:g}"
    return (f"output differs from skb's reference ({rule}) at element {bad}: "
            f"{got[bad].item():.9g}, reference {expected[bad].item():.9g}"), False


def inject_wrong(op, got):
    """Changes one element just past what the check allows: one ulp where
    the bits must match, 1e-3 relative where sums may differ by 1e-5."""
    i = got.numel() // 2
    if op in EXACT:
        got[i] = torch.nextafter(got[i], torch.tensor(float("inf")))
    else:
        got[i] = got[i] * (1 + 1e-3) + 1e-3


def time_call(call, min_time, repetitions):
    """Per-call seconds of each repetition, after a warm-up that also fixes
    the iteration count."""
    iterations, start = 0, time.perf_counter()
    while True:
        call()
        iterations += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_time / 10 and iterations >= 2:
            break
    per_call = elapsed / iterations
    count = max(1, int(min_time / per_call) + 1)
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        for _ in range(count):
            call()
        times.append((time.perf_counter() - start) / count)
    return times, count


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lib", required=True, help="libskb.so (its reference is the oracle)")
    parser.add_argument("--bench", required=True, help="skb-bench (it lists the shapes)")
    parser.add_argument("--networks", default="",
                        help="directory of .net files (default: skb-bench's)")
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--filter", default="", help="regular expression on the names")
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--min-time", type=float, default=0.05,
                        help="seconds per repetition, at least")
    parser.add_argument("--inject-wrong", default="", metavar="OP/LAYOUT",
                        help="change one output element of OP/LAYOUT before the check "
                             "(one ulp, or 1e-3 for sums), to show that a mismatch is "
                             "reported and not timed")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    skb = Skb(args.lib)
    generator = torch.Generator().manual_seed(42)
    pattern = re.compile(args.filter)
    benchmarks, errors, timed = [], 0, 0
    for name, kind, c, h, w, win in read_shapes(args.bench, args.networks):
        for op in ops_of(kind):
            for layout in LAYOUTS:
                bench = f"{op}/{layout}/torch/{name}"
                if not pattern.search(bench) or (op, layout) == ("col2im", "nhwc"):
                    continue  # F.fold has no channels_last form
                try:
                    with torch.inference_mode():
                        call, expected, flatten, g = prepare(skb, op, layout, args.batch, c, h,
                                                             w, win, generator)
                        got = flatten(call())
                        if args.inject_wrong == f"{op}/{layout}":
                            inject_wrong(op, got)
                        problem, same_bits = compare(op, expected, got)
                except NotImplementedError as e:
                    problem = f"not timed: {e}"
                if problem:
                    print(f"peer_torch: {bench}: {problem}")
                    benchmarks.append({"name": bench, "run_name": bench, "run_type": "iteration",
                                       "error_occurred": True, "error_message": problem})
                    errors += 1
                    continue
                with torch.inference_mode():
                    times, iterations = time_call(call, args.min_time, args.repetitions)
                median = statistics.median(times)
                cv = statistics.stdev(times) / statistics.mean(times) if len(times) > 1 else 0.0
                moved = (g.src_elems + g.dst_elems) * 4
                check = "bit-identical" if same_bits else f"within {RELATIVE_TOLERANCE:g}"
                label = f"torch {torch.__version__} {'channels_last' if layout == 'nhwc' else 'contiguous'}, {check}"
                common = {"run_name": bench, "run_type": "aggregate", "repetitions": len(times),
                          "threads": 1, "iterations": iterations, "time_unit": "us",
                          "label": label}
                benchmarks.append(dict(common, name=bench + "_median", aggregate_name="median",
                                       aggregate_unit="time", real_time=median * 1e6,
                                       cpu_time=median * 1e6, bytes_per_second=moved / median,
                                       working_set_bytes=moved))
                benchmarks.append(dict(common, name=bench + "_cv", aggregate_name="cv",
                                       aggregate_unit="percentage", real_time=cv, cpu_time=cv))
                timed += 1
                print(f"peer_torch: {bench}: {median * 1e6:.1f} us, "
                      f"{moved / median / 1e9:.1f} GB/s (cv {100 * cv:.1f}%), {check}")
    capability = re.search(r"CPU capability usage: (\S+)", torch.__config__.show())
    context = {"torch_version": torch.__version__, "torch_threads": torch.get_num_threads(),
               "torch_cpu_capability": capability.group(1) if capability else "?",
               "batch": args.batch, "repetitions": args.repetitions,
               "min_time_s": args.min_time,
               "command_line": " ".join(["bench/kernels/peer_torch.py"] + sys.argv[1:])}
    with open(args.out, "w") as f:
        json.dump({"context": context, "benchmarks": benchmarks}, f, indent=1)
    print(f"peer_torch: wrote {args.out}: {timed} timed, {errors} not timed")
    if not timed and not errors:
        sys.exit(f"peer_torch: no benchmark matches '{args.filter}'")


if __name__ == "__main__":
    main()
