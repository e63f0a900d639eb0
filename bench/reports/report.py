#!/usr/bin/python3
"""Turns skb-bench's Google Benchmark JSON into REPORT.md with plots.

Usage: /usr/bin/python3 bench/reports/report.py RESULTS.json OUT_DIR [TORCH.json]

TORCH.json (bench/kernels/peer_torch.py's output, same format) adds PyTorch to the
peers table; without it the report says PyTorch was not timed.

Benchmarks are named op/layout/variant/net.layer.  With repetitions, the
median is reported and the coefficient of variation (cv) of the time flags
noisy rows.  Run it with Debian's /usr/bin/python3, which has matplotlib
(python3-matplotlib); json is the standard library's.
"""
import json
import os
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scaling import level_of, scaling_section  # noqa: E402
from targets import targets_section  # noqa: E402

# The variants, slowest first: skb-bench writes them into the JSON context
# (skb_variants); this list stands in for JSON written before it did.
VARIANTS = ["reference", "scalar", "sse", "avx2", "avx512"]
SIMD = VARIANTS[2:]
PEERS = ["onednn", "xnnpack", "torch"]
PEER_NAMES = {"onednn": "oneDNN", "xnnpack": "XNNPACK", "torch": "PyTorch"}
PEER_NOTES = {"torch": "PyTorch (`bench/kernels/peer_torch.py`, `torch.set_num_threads(1)`): "
              "`F.max_pool2d`, `F.avg_pool2d`, `F.adaptive_avg_pool2d` and "
              "`F.adaptive_max_pool2d` to 1x1, `F.unfold` (im2col) and `F.fold` (col2im) on a "
              "contiguous tensor (nchw) and the same values in channels_last (nhwc). "
              "`F.unfold` has one output order, (C*KH*KW, L), also for a channels_last input; "
              "`F.fold` takes that matrix and writes NCHW, so col2im is timed nchw only. Each "
              "call allocates its output, as `F.*` calls do, and includes the Python call's "
              "overhead, which counts on the smallest shapes. Checked like the other "
              "peers, against skb's reference through `libskb.so`; im2col and max pooling "
              "bit for bit."}
OPS = ["maxpool", "avgpool", "global_avgpool", "global_maxpool", "im2col", "col2im"]
LAYOUTS = ["nchw", "nhwc"]
LEVELS = ["L1", "L2", "L3", "DRAM"]
NOISY_CV = 0.05
LOG_TICKS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
COLORS = {"reference": "#9e9e9e", "scalar": "#6d4c41", "sse": "#1e88e5", "avx2": "#43a047",
          "avx512": "#e53935"}
SPARE_COLORS = ["#8e24aa", "#00897b", "#fb8c00", "#3949ab"]


def use_variants(context):
    """Takes the variant list from the JSON context, if it has one."""
    global VARIANTS, SIMD
    listed = [v for v in context.get("skb_variants", "").split(",") if v]
    if listed:
        VARIANTS = listed
        SIMD = listed[2:]  # after reference and scalar
    for i, v in enumerate(v for v in VARIANTS if v not in COLORS):
        COLORS[v] = SPARE_COLORS[i % len(SPARE_COLORS)]


def path_of(entry):
    """The kernel path a run took, from its label ("avx2, path padded_s1")."""
    label = entry.get("label", "")
    return label.split(", path ", 1)[1].split(",")[0] if ", path " in label else "-"
SECONDS_PER_UNIT = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def load(path, runs=None, errors=None, time_unit=None):
    """Reads one benchmark JSON into runs and errors (new ones if None).
    Times are converted to time_unit (default: the first benchmark's)."""
    with open(path) as f:
        data = json.load(f)
    runs = defaultdict(dict) if runs is None else runs  # (op, layout, variant, shape) -> {aggregate: entry}
    errors = {} if errors is None else errors  # name -> message, once per benchmark
    for b in data["benchmarks"]:
        unit = b.get("time_unit", "ns")
        time_unit = time_unit or unit
        # Errors carry no time; a cv is a fraction, in no unit.
        if unit != time_unit and "real_time" in b and b.get("aggregate_unit") != "percentage":
            scale = SECONDS_PER_UNIT[unit] / SECONDS_PER_UNIT[time_unit]
            b = dict(b, time_unit=time_unit, real_time=b["real_time"] * scale,
                     cpu_time=b.get("cpu_time", 0) * scale)
        name = b.get("run_name", b["name"])
        parts = name.split("/")
        if len(parts) != 4:  # runs on several threads (/t<count>): bench/reports/scaling.py
            continue
        if b.get("error_occurred"):
            errors.setdefault(name, b.get("error_message", ""))
            continue
        kind = b.get("aggregate_name", "iteration")
        if kind == "iteration":  # a single run (no repetitions) stands for the median
            kind = "median"
        runs[tuple(parts)][kind] = b
    return data["context"], runs, errors, time_unit


def median_cv(runs, key):
    run = runs.get(key, {})
    med = run.get("median")
    if med is None:
        return None, None
    cv = run.get("cv")
    return med, (cv["real_time"] if cv else None)


def gbs(entry):
    return entry["bytes_per_second"] / 1e9


def noisy(cv):
    return cv is not None and cv > NOISY_CV


def shapes_of(runs, op):
    seen = []
    for (o, _, _, shape) in runs:
        if o == op and shape not in seen:
            seen.append(shape)
    return seen


def roof_gbs(context, level):
    value = context.get(f"roof_{level}_copy_gbs")
    return float(value) if value else None


def fastest(runs, op, layout, shape, variants):
    best = None
    for variant in variants:
        med, _ = median_cv(runs, (op, layout, variant, shape))
        if med and (best is None or med["real_time"] < best[1]["real_time"]):
            best = (variant, med)
    return best


def speedup(runs, op, layout, shape, variant, base):
    med, _ = median_cv(runs, (op, layout, variant, shape))
    ref, _ = median_cv(runs, (op, layout, base, shape))
    if not med or not ref:
        return None
    return ref["real_time"] / med["real_time"]


# --- plots -------------------------------------------------------------------

def bars(ax, shapes, series, width=0.16):
    """series: [(label, values, color)]; draws grouped bars."""
    n = len(series)
    for i, (label, values, color) in enumerate(series):
        xs = [j + (i - (n - 1) / 2) * width for j in range(len(shapes))]
        ax.bar(xs, values, width, label=label, color=color)


def plot_gbs(runs, context, op, shapes, path):
    fig, axes = plt.subplots(2, 1, figsize=(max(8, 0.9 * len(shapes) + 3), 7.5), sharex=True)
    for ax, layout in zip(axes, LAYOUTS):
        series = []
        for variant in VARIANTS:
            values = [gbs(m) if m else 0.0
                      for m in (median_cv(runs, (op, layout, variant, s))[0] for s in shapes)]
            series.append((variant, values, COLORS[variant]))
        bars(ax, shapes, series)
        # The copy roof of each shape's working-set level, as a black tick.
        top = max([v for _, values, _ in series for v in values] + [1.0])
        for j, shape in enumerate(shapes):
            any_run = fastest(runs, op, layout, shape, VARIANTS)
            roof = roof_gbs(context, level_of(any_run[1])) if any_run else None
            if roof:
                ax.plot([j - 0.45, j + 0.45], [roof, roof], color="black", linewidth=1.5,
                        label="copy roof of the level" if j == 0 else None)
                top = max(top, roof)
        ax.set_ylim(0, top * 1.25)  # room for the legend above the bars
        ax.set_ylabel("GB/s (read + written)")
        ax.set_title(f"{op} {layout.upper()}: median GB/s per variant")
        ax.grid(axis="y", alpha=0.3)
    axes[0].legend(ncol=6, fontsize="small", loc="upper left")
    axes[1].set_xticks(range(len(shapes)))
    axes[1].set_xticklabels(shapes, rotation=35, ha="right", fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def plot_speedup(runs, op, shapes, path):
    fig, axes = plt.subplots(2, 1, figsize=(max(8, 0.9 * len(shapes) + 3), 7), sharex=True)
    for ax, layout in zip(axes, LAYOUTS):
        series = []
        for variant in ["reference"] + SIMD:
            values = [speedup(runs, op, layout, s, variant, "scalar") or 0.0 for s in shapes]
            series.append((variant, values, COLORS[variant]))
        bars(ax, shapes, series, width=0.2)
        ax.axhline(1.0, color="black", linewidth=1)
        ax.set_ylim(0, max([v for _, values, _ in series for v in values] + [1.0]) * 1.25)
        ax.set_ylabel("speedup over scalar (x)")
        ax.set_title(f"{op} {layout.upper()}: time of scalar / time of the variant")
        ax.grid(axis="y", alpha=0.3)
    axes[0].legend(ncol=4, fontsize="small", loc="upper left")
    axes[1].set_xticks(range(len(shapes)))
    axes[1].set_xticklabels(shapes, rotation=35, ha="right", fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


# --- tables ------------------------------------------------------------------

def gbs_table(runs, op, shapes):
    lines = ["| shape | layout | working set | " + " | ".join(VARIANTS) +
             " | fastest | its path | its roof fraction |",
             "| --- | --- | ---: |" + " ---: |" * len(VARIANTS) + " --- | --- | ---: |"]
    for shape in shapes:
        for layout in LAYOUTS:
            cells = []
            for variant in VARIANTS:
                med, cv = median_cv(runs, (op, layout, variant, shape))
                cell = "-" if med is None else f"{gbs(med):.1f}" + (" ~" if noisy(cv) else "")
                cells.append(cell)
            best = fastest(runs, op, layout, shape, VARIANTS[1:]) or \
                fastest(runs, op, layout, shape, VARIANTS)
            if best is None:
                continue
            entry = best[1]
            ws = entry.get("working_set_bytes", 0) / 1e6
            lines.append(f"| {shape} | {layout} | {ws:.2f} MB ({level_of(entry)}) | " +
                         " | ".join(cells) +
                         f" | {best[0]} | {path_of(entry)} | "
                         f"{100 * entry.get('roof_fraction', 0):.0f}% |")
    return lines


def speedup_table(runs, op, shapes):
    cols = ["scalar"] + SIMD
    lines = ["| shape | layout | " + " | ".join(f"{v} x scalar / x ref" for v in cols) + " |",
             "| --- | --- |" + " ---: |" * len(cols)]
    for shape in shapes:
        for layout in LAYOUTS:
            cells = []
            for variant in cols:
                xs = speedup(runs, op, layout, shape, variant, "scalar")
                xr = speedup(runs, op, layout, shape, variant, "reference")
                if xs is None and xr is None:
                    cells.append("-")
                else:
                    cells.append(f"{xs:.2f}" if xs is not None else "-")
                    cells[-1] += " / " + (f"{xr:.1f}" if xr is not None else "-")
            if any(c != "-" for c in cells):
                lines.append(f"| {shape} | {layout} | " + " | ".join(cells) + " |")
    return lines


def im2col_vs_memcpy(runs):
    lines = ["| shape | layout | fastest im2col (us) | memcpy of its output (us) | "
             "im2col / memcpy |",
             "| --- | --- | ---: | ---: | ---: |"]
    for shape in shapes_of(runs, "im2col"):
        copy, _ = median_cv(runs, ("memcpy", "any", "libc", shape))
        if not copy:
            continue
        for layout in LAYOUTS:
            best = fastest(runs, "im2col", layout, shape, VARIANTS[1:])
            if best:
                t = best[1]["real_time"]
                lines.append(f"| {shape} | {layout} | {t:.1f} ({best[0]}) | "
                             f"{copy['real_time']:.1f} | {t / copy['real_time']:.2f} |")
    return lines


def largest_shapes_summary(runs):
    """Per op and layout: the fastest variant on the shape moving the most bytes."""
    lines = ["| op | layout | largest shape | working set | fastest | GB/s | roof fraction |",
             "| --- | --- | --- | ---: | --- | ---: | ---: |"]
    for op in OPS:
        for layout in LAYOUTS:
            best_shape = None
            for shape in shapes_of(runs, op):
                hit = fastest(runs, op, layout, shape, VARIANTS)
                if hit and (best_shape is None or hit[1].get("working_set_bytes", 0) >
                            best_shape[1][1].get("working_set_bytes", 0)):
                    best_shape = (shape, hit)
            if not best_shape:
                continue
            shape = best_shape[0]
            best = fastest(runs, op, layout, shape, VARIANTS[1:]) or best_shape[1]
            e = best[1]
            lines.append(f"| {op} | {layout} | {shape} | "
                         f"{e.get('working_set_bytes', 0) / 1e6:.1f} MB ({level_of(e)}) | "
                         f"{best[0]} | {gbs(e):.1f} | {100 * e.get('roof_fraction', 0):.0f}% |")
    return lines


def peer_rows(runs):
    """(op, layout, shape, skb's fastest (variant, entry), {peer: entry or None})
    for every shape some peer was timed on."""
    rows = []
    for op in OPS:
        for shape in shapes_of(runs, op):
            for layout in LAYOUTS:
                peers = {p: median_cv(runs, (op, layout, p, shape))[0] for p in PEERS}
                skb = fastest(runs, op, layout, shape, VARIANTS[1:])
                if skb and any(peers.values()):
                    rows.append((op, layout, shape, skb, peers))
    return rows


def best_peer(peers):
    """(peer, entry) of the fastest peer timed."""
    return min(((p, m) for p, m in peers.items() if m), key=lambda pm: pm[1]["real_time"])


def plot_peers(rows, path):
    """One panel per op and layout (ops down, NCHW left, NHWC right): skb's
    time advantage over the fastest peer on each shape, sorted, as a bar
    from 1.0 on a log axis."""
    panels = {}
    for op, layout, shape, skb, peers in rows:
        peer, entry = best_peer(peers)
        panels.setdefault((op, layout), []).append(
            (entry["real_time"] / skb[1]["real_time"], shape, peer))
    ops = [op for op in OPS if any((op, layout) in panels for layout in LAYOUTS)]
    heights = [max(len(panels.get((op, layout), [])) for layout in LAYOUTS) + 2 for op in ops]
    fig, axes = plt.subplots(len(ops), len(LAYOUTS), figsize=(15, 0.24 * sum(heights) + 1.0),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    for row, op in zip(axes, ops):
        for ax, layout in zip(row, LAYOUTS):
            items = sorted(panels.get((op, layout), []))
            if not items:
                ax.axis("off")
                ax.text(0.5, 0.5, f"{op} {layout.upper()}: no peer timed", ha="center",
                        va="center", transform=ax.transAxes, fontsize="small")
                continue
            ys = range(len(items))
            ratio = [r for r, _, _ in items]
            # Each panel its own range, at least 0.5 to 3, with room on the
            # right of the longest bar for its label.
            low, high = min(0.5, min(ratio) / 1.4), max(3.0, max(ratio) * 4)
            ax.barh(ys, [r - 1 for r in ratio], left=1, height=0.7,
                    color=["#43a047" if r >= 1 else "#e53935" for r in ratio])
            # Each bar's value right of its end, or right of the 1.0 line for
            # bars that end left of it.
            for y, (r, _, peer) in zip(ys, items):
                ax.annotate(f"{r:.2f} vs {PEER_NAMES[peer]}", (max(r, 1.0), y),
                            xytext=(4, 0), textcoords="offset points", ha="left",
                            va="center", fontsize="x-small")
            ax.axvline(1.0, color="black", linewidth=1.2)
            ax.set_xscale("log")
            ax.set_xlim(low, high)
            ax.set_xticks([t for t in LOG_TICKS if low <= t <= high])
            ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda t, _: f"{t:g}"))
            ax.xaxis.set_minor_formatter(plt.NullFormatter())
            ax.set_yticks(list(ys))
            ax.set_yticklabels([shape for _, shape, _ in items], fontsize="small")
            ax.set_ylim(-0.7, len(items) - 0.3)
            ax.set_title(f"{op} {layout.upper()}", fontsize="medium", loc="left")
            ax.grid(axis="x", which="both", alpha=0.3)
    for ax in axes[-1]:
        ax.set_xlabel("skb / best peer: the fastest peer's time over skb's (> 1: skb is faster)")
    fig.suptitle("skb's fastest variant against the fastest peer, per shape (log scale)",
                 fontsize="medium")
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.45 / fig.get_figheight()))
    fig.savefig(path, dpi=90)
    plt.close(fig)


def peers_section(runs, plots_dir, torch_note):
    rows = peer_rows(runs)
    md = []
    if rows:
        timed = [p for p in PEERS if any(peers[p] for *_, peers in rows)]
        names = [PEER_NAMES[p] for p in timed]
        md += [f"## skb against {', '.join(names[:-1])} and {names[-1]}" if len(names) > 1
               else f"## skb against {names[0]}", "",
               "(Same shapes, one thread; oneDNN and XNNPACK in the same process as skb" +
               (", PyTorch in a Python process of its own" if "torch" in timed else "") +
               ".) GB/s of the same bytes. "
               "`skb / best peer` above 1 means skb is faster. The peer's implementation "
               "(oneDNN's impl string) is in parentheses. Peers were checked against skb's "
               "reference first: max pooling and im2col bit for bit, sums within a relative "
               "1e-5 (they sum in other orders); XNNPACK pools NHWC only.", ""]
        if "torch" in timed:
            md += [PEER_NOTES["torch"], ""]
        md += ["| op | layout | shape | skb fastest | " + " | ".join(names) +
               " | skb / best peer |" + (" skb / PyTorch |" if "torch" in timed else ""),
               "| --- | --- | --- | ---: |" + " ---: |" * (len(timed) + 1) +
               (" ---: |" if "torch" in timed else "")]
        for op, layout, shape, skb, peers in rows:
            cells = []
            for p in timed:
                med = peers[p]
                if med and p == "onednn":
                    cells.append(f"{gbs(med):.1f} ({med.get('label', p).split(':', 1)[-1]})")
                else:
                    cells.append(f"{gbs(med):.1f}" if med else "-")
            ratio = best_peer(peers)[1]["real_time"] / skb[1]["real_time"]
            line = (f"| {op} | {layout} | {shape} | {gbs(skb[1]):.1f} ({skb[0]}) | " +
                    " | ".join(cells) + f" | {ratio:.2f} |")
            if "torch" in timed:
                torch = peers["torch"]
                line += f" {torch['real_time'] / skb[1]['real_time']:.2f} |" if torch else " - |"
            md.append(line)
        md.append("")
        plot_peers(rows, os.path.join(plots_dir, "peers.png"))
        md += ["![skb / best peer](plots/peers.png)", ""]
    if torch_note:
        md += [torch_note, ""]
    return md


# --- the report --------------------------------------------------------------

def machine_section(context):
    caches = ", ".join(f"L{c['level']} {c['type'].lower()} {c['size'] // 1024} KiB"
                       + (f" (x{c['num_sharing']} sharing)" if c.get("num_sharing", 0) > 1 else "")
                       for c in context.get("caches", []))
    scaling = context.get("cpu_scaling_enabled")
    scaling_text = "on: numbers may drift with the clock" if scaling else "off"
    load = ", ".join(f"{x:.2f}" for x in context.get("load_avg", [])) or "?"
    md = ["## Machine and run", "",
          "| | |", "| --- | --- |",
          f"| CPU | {context.get('cpu_model', '?')}, {context.get('num_cpus', '?')} CPUs at "
          f"{context.get('mhz_per_cpu', '?')} MHz |",
          f"| caches (as the OS lists them) | {caches or 'none listed in /sys'} |",
          f"| CPU frequency scaling | **{scaling_text}** |",
          f"| load average at start | {load} (other processes share the cores) |",
          f"| host, date | `{context.get('host_name', '?')}`, {context.get('date', '?')} |",
          f"| batch | {context.get('skb_batch', '1')} |",
          f"| default (fastest) variant | **{context.get('skb_default_variant', '?')}** |",
          f"| command | `{context.get('skb_command_line', '?')}` |",
          f"| Google Benchmark library build | {context.get('library_build_type', '?')} "
          "(Debian's package; it times the caller's code, which is built Release) |"]
    if context.get("skb_kernels_not_available"):
        md.append(f"| kernels not available yet (not timed) | "
                  f"{context['skb_kernels_not_available']} |")
    md.append("")
    return md


def size_text(n):
    n = int(n)
    if n >= 1 << 20 and n % (1 << 20) == 0:
        return f"{n >> 20} MiB"
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MiB"
    return f"{n / 1024:.0f} KiB" if n else "-"


def caches_section(context):
    """The cache sizes the roofs use: reported (sysfs or CPUID) and checked
    against the read-bandwidth sweep, with the sweep itself."""
    if "cache_L1_verdict" not in context:
        return []
    source = context.get("cache_reported_source", "?")
    edges = [int(x) for x in context.get("cache_sweep_edges_bytes", "0,0,0").split(",")]
    meaning = {
        "confirmed": "reported, and the sweep drops within a factor 2 of it",
        "measured": "**the sweep disagrees with the report: the measured plateau is used**",
        "unconfirmed": "reported; the sweep shows no drop near it (used as reported)",
        "default": "neither reported nor seen in the sweep: a typical size",
    }
    md = ["## Cache sizes (reported, checked by a read-bandwidth sweep)", "",
          f"Reported by: {source}. The sweep reads working sets from 16 KiB to 512 MiB in "
          "steps of sqrt(2); a drop of at least 15% across one doubling marks the end of a "
          "cache.", "",
          "| level | reported | sweep drop near | used by the roofs | verdict |",
          "| --- | ---: | ---: | ---: | --- |"]
    disagree = []
    for i in (1, 2, 3):
        verdict = context.get(f"cache_L{i}_verdict", "?")
        reported = context.get(f"cache_L{i}_reported_bytes", "0")
        used = context.get(f"cache_L{i}_bytes", "0")
        md.append(f"| L{i} | {size_text(reported)} | {size_text(edges[i - 1])} | "
                  f"{size_text(used)} | {meaning.get(verdict, verdict)} |")
        if verdict == "measured":
            disagree.append(f"L{i} is reported as {size_text(reported)} but the bandwidth "
                            f"drops near {size_text(used)}")
    if disagree:
        md += ["", "Where report and measurement disagree (a VM often reports its host's "
               "caches): " + "; ".join(disagree) + ". The roof levels use the measured size.", ""]
    sweep = context.get("cache_sweep_read_gbs", "")
    if sweep:
        points = [p.split(":") for p in sweep.split(",")]
        md += ["", "<details><summary>the sweep (read GB/s by working set)</summary>", "",
               "| working set | read GB/s |", "| ---: | ---: |"]
        md += [f"| {size_text(b)} | {g} |" for b, g in points]
        md += ["", "</details>"]
    md.append("")
    return md


def roofs_section(context):
    md = ["## Bandwidth roofs (measured by the same process at start-up)", "",
          "| level | working set | read GB/s | write GB/s | copy GB/s (read + written) |",
          "| --- | ---: | ---: | ---: | ---: |"]
    for level in LEVELS:
        ws = context.get(f"roof_{level}_working_set_bytes")
        if ws is None:
            continue
        md.append(f"| {level} | {int(ws) / 1e6:.3f} MB | {context[f'roof_{level}_read_gbs']} | "
                  f"{context[f'roof_{level}_write_gbs']} | {context[f'roof_{level}_copy_gbs']} |")
    md += ["", f"Method: {context.get('roof_method', '?')}. A benchmark's roof fraction is its "
           "GB/s over the copy roof of the smallest cache its input + output bytes fit in "
           "with room to spare (at most 3/4 of its size; DRAM if none). A fraction above 100% means the working set sits at a level's "
           "lower edge and partly hits the cache below (e.g. 1-2 MB against a 1 MiB L2), or "
           "that the kernel reads more than it writes (reads are cheaper than copies in L3 and "
           "DRAM here).", ""]
    return md


def torch_note(torch_path):
    """What the report says about PyTorch: its version when it was timed,
    else that it was not and how to add it."""
    if torch_path and os.path.exists(torch_path):
        with open(torch_path) as f:
            context = json.load(f)["context"]
        return (f"PyTorch {context.get('torch_version', '?')} (its kernels built for "
                f"{context.get('torch_cpu_capability', '?')}), "
                f"{context.get('torch_threads', '?')} thread, batch {context.get('batch', '?')}: "
                f"median of {context.get('repetitions', '?')} repetitions of at least "
                f"{context.get('min_time_s', '?')} s each, after a warm-up "
                f"(`{context.get('command_line', 'bench/kernels/peer_torch.py')}`).")
    return ("PyTorch was not timed: Debian's `python3-torch` is not installed. "
            "`apt-get install python3-torch`, then `bash bench/run.sh` again, adds a "
            "PyTorch column to the peers table (`bench/kernels/peer_torch.py`).")


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: report.py RESULTS.json OUT_DIR [TORCH.json]")
    json_path, out_dir = sys.argv[1], sys.argv[2]
    torch_path = sys.argv[3] if len(sys.argv) == 4 else None
    print(f"report: reading {json_path}")
    context, runs, errors, unit = load(json_path)
    use_variants(context)
    if torch_path and os.path.exists(torch_path):
        print(f"report: reading {torch_path}")
        load(torch_path, runs, errors, unit)
    plots_dir = os.path.join(out_dir, "plots")
    os.makedirs(plots_dir, exist_ok=True)

    noisy_keys = sorted(k for k in runs if noisy(median_cv(runs, k)[1]))
    ref_times = [(m["real_time"], "/".join(k)) for k in runs if k[2] == "reference"
                 for m in [median_cv(runs, k)[0]] if m]
    md = ["# skb benchmark report", ""]
    md.append("Every number is the **median** of the repetitions, in GB/s of bytes read plus "
              "bytes written (input + output tensors), one thread. A `~` marks a benchmark "
              f"whose time had a coefficient of variation above {NOISY_CV:.0%} across "
              "repetitions: doubt it. Before it was timed, every variant's output on a seeded "
              "random input was compared (XXH3-64, bit for bit) with the reference's; a "
              "mismatch is listed under *Skipped with an error* and never timed. Each row is "
              "labelled in the JSON with the variant that ran.")
    md.append("")
    if ref_times:
        slowest = max(ref_times)
        md.append("The reference (plain C, the oracle) is timed like the other variants, with "
                  "the same minimum time per repetition; on large shapes that means only a few "
                  f"iterations (its slowest call here: {slowest[0] / 1000:.1f} ms, "
                  f"`{slowest[1]}`). Its numbers are a baseline for the speedups, not a "
                  "tuned kernel.")
        md.append("")
    md.extend(machine_section(context))
    md.extend(caches_section(context))
    md.extend(roofs_section(context))
    md.append(f"{len(runs)} benchmarks timed, {len(noisy_keys)} flagged noisy (cv > 5%), "
              f"{len(errors)} skipped with an error.")
    md.append("")
    md.append("## Summary: the largest shape of each op")
    md.append("")
    md.extend(largest_shapes_summary(runs))
    md.append("")
    md.extend(targets_section(runs))

    for op in OPS:
        shapes = shapes_of(runs, op)
        if not shapes:
            continue
        print(f"report: {op}: tables and plots for {len(shapes)} shapes")
        md += [f"## {op}", ""]
        plot_gbs(runs, context, op, shapes, os.path.join(plots_dir, f"{op}.png"))
        md += [f"![{op} GB/s](plots/{op}.png)", ""]
        md += ["GB/s per variant; the fastest non-reference variant, the path it took "
               "through the data (`kernels/paths.c` chooses it per shape: `tile_*` a channel "
               "tile, `padded_*` a padded copy of each plane, `rows_*` rows read from the "
               "input, `direct` an op's only path) and its share of the copy roof.", ""]
        md.extend(gbs_table(runs, op, shapes))
        md.append("")
        md += [f"### {op}: speedups on the same shape", "",
               "Each cell: time of scalar / time of the variant, then time of the reference / "
               "time of the variant.", ""]
        plot_speedup(runs, op, shapes, os.path.join(plots_dir, f"{op}_speedup.png"))
        md += [f"![{op} speedup](plots/{op}_speedup.png)", ""]
        md.extend(speedup_table(runs, op, shapes))
        md.append("")
        if op == "im2col":
            md += ["### im2col against a memcpy of the same output bytes", "",
                   "`memcpy/any/libc/<shape>` copies as many bytes as im2col writes: the "
                   "floor a data-movement kernel is held to.", ""]
            md.extend(im2col_vs_memcpy(runs))
            md.append("")
    md.extend(peers_section(runs, plots_dir, torch_note(torch_path)))
    md.extend(scaling_section(json_path, runs, context, plots_dir, OPS))
    if errors:
        md += ["## Skipped with an error", ""]
        md += [f"- `{name}`: {message}" for name, message in sorted(errors.items())]
        md.append("")
    if noisy_keys:
        md += ["## Noisy benchmarks (cv > 5%)", ""]
        md.append(", ".join(f"`{'/'.join(k)}` ({100 * median_cv(runs, k)[1]:.0f}%)"
                            for k in noisy_keys))
        md.append("")
    report = os.path.join(out_dir, "REPORT.md")
    with open(report, "w") as f:
        f.write("\n".join(md))
    print(f"report: wrote {report} and {plots_dir}/ ({len(runs)} benchmarks timed, "
          f"{len(noisy_keys)} noisy, {len(errors)} skipped with an error)")
    for name, message in sorted(errors.items()):
        print(f"report: SKIPPED {name}: {message}")


if __name__ == "__main__":
    main()
