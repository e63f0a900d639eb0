#!/usr/bin/python3
"""Turns skb-bench's Google Benchmark JSON into REPORT.md with plots.

Usage: report.py RESULTS.json OUT_DIR

Benchmarks are named op/layout/variant/net.layer.  With repetitions, the
median is reported and the coefficient of variation (cv) flags noisy rows.
"""
import json
import os
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

VARIANTS = ["reference", "scalar", "sse", "avx2", "avx512"]
PEERS = ["onednn", "xnnpack"]
OPS = ["maxpool", "avgpool", "global_avgpool", "global_maxpool", "im2col", "col2im"]
NOISY_CV = 0.05


def load(path):
    with open(path) as f:
        data = json.load(f)
    runs = defaultdict(dict)  # (op, layout, variant, shape) -> fields
    errors = []
    for b in data["benchmarks"]:
        name = b.get("run_name", b["name"])
        parts = name.split("/")
        if len(parts) != 4:
            continue
        key = tuple(parts)
        if b.get("error_occurred"):
            errors.append((name, b.get("error_message", "")))
            continue
        kind = b.get("aggregate_name", "iteration")
        if kind == "iteration":  # single runs: treat as the median
            kind = "median"
        runs[key][kind] = b
    return data["context"], runs, errors


def gbs(entry):
    return entry["bytes_per_second"] / 1e9


def median_cv(run):
    med = run.get("median")
    if med is None:
        return None, None
    cv = run.get("cv")
    # Google Benchmark reports the cv aggregate of each counter; real_time's
    # is the one for the timing itself.
    return med, (cv["real_time"] if cv else None)


def fmt_gbs(med, cv):
    text = f"{gbs(med):.1f}"
    if cv is not None and cv > NOISY_CV:
        text += "~"
    return text


def shapes_of(runs, op):
    seen = []
    for (o, _, _, shape) in runs:
        if o == op and shape not in seen:
            seen.append(shape)
    return seen


def plot_op(runs, op, out_dir):
    shapes = shapes_of(runs, op)
    if not shapes:
        return None
    fig, axes = plt.subplots(2, 1, figsize=(max(8, 0.9 * len(shapes) + 3), 7), sharex=True)
    width = 0.16
    for ax, layout in zip(axes, ["nchw", "nhwc"]):
        for i, variant in enumerate(VARIANTS):
            values = []
            for shape in shapes:
                med, _ = median_cv(runs.get((op, layout, variant, shape), {}))
                values.append(gbs(med) if med else 0.0)
            xs = [j + (i - 2) * width for j in range(len(shapes))]
            ax.bar(xs, values, width, label=variant)
        ax.set_ylabel("GB/s (read + written)")
        ax.set_title(f"{op} {layout.upper()}")
        ax.grid(axis="y", alpha=0.3)
    axes[0].legend(ncol=5, fontsize="small")
    axes[1].set_xticks(range(len(shapes)))
    axes[1].set_xticklabels(shapes, rotation=35, ha="right", fontsize="small")
    fig.tight_layout()
    name = f"{op}.png"
    fig.savefig(os.path.join(out_dir, name), dpi=90)
    plt.close(fig)
    return name


def op_table(runs, op):
    lines = [
        "| shape | layout | " + " | ".join(VARIANTS) + " | best | x scalar | x reference | roof |",
        "| --- | --- |" + " ---: |" * (len(VARIANTS) + 4),
    ]
    for shape in shapes_of(runs, op):
        for layout in ["nchw", "nhwc"]:
            cells, best = [], None
            for variant in VARIANTS:
                med, cv = median_cv(runs.get((op, layout, variant, shape), {}))
                if med is None:
                    cells.append("-")
                    continue
                cells.append(fmt_gbs(med, cv))
                if variant != "reference" and (best is None or med["real_time"] < best[1]["real_time"]):
                    best = (variant, med)
            if best is None:
                continue
            scalar, _ = median_cv(runs.get((op, layout, "scalar", shape), {}))
            ref, _ = median_cv(runs.get((op, layout, "reference", shape), {}))
            x_scalar = f"{scalar['real_time'] / best[1]['real_time']:.1f}" if scalar else "-"
            x_ref = f"{ref['real_time'] / best[1]['real_time']:.1f}" if ref else "-"
            level = ["L1", "L2", "L3", "DRAM"][int(best[1].get("roof_level", 3))]
            roof = f"{100 * best[1].get('roof_fraction', 0):.0f}% of {level}"
            lines.append(f"| {shape} | {layout} | " + " | ".join(cells) +
                         f" | {best[0]} | {x_scalar} | {x_ref} | {roof} |")
    return lines


def best_skb(runs, op, layout, shape):
    best = None
    for variant in VARIANTS[1:]:
        med, _ = median_cv(runs.get((op, layout, variant, shape), {}))
        if med and (best is None or med["real_time"] < best[1]["real_time"]):
            best = (variant, med)
    return best


def peer_rows(runs):
    rows = []
    for op in OPS:
        for shape in shapes_of(runs, op):
            for layout in ["nchw", "nhwc"]:
                peers = {p: median_cv(runs.get((op, layout, p, shape), {}))[0] for p in PEERS}
                skb = best_skb(runs, op, layout, shape)
                if skb and any(peers.values()):
                    rows.append((op, layout, shape, skb, peers))
    return rows


def peers_section(runs, errors, out_dir):
    rows = peer_rows(runs)
    if not rows:
        return []
    md = ["## skb against oneDNN and XNNPACK (same process, same shapes, one thread)", "",
          "GB/s of the same bytes. `skb / best peer` above 1 means skb is faster. The "
          "peer's implementation (oneDNN's impl string) is in parentheses. Peers were "
          "checked against skb's reference first: max pooling bit for bit, averages within "
          "a relative 1e-5 (they sum in other orders); XNNPACK pools NHWC only and excludes "
          "padding from the average's divisor; oneDNN and XNNPACK keep a NaN's payload where "
          "skb returns the canonical NaN.", "",
          "| op | layout | shape | skb best | oneDNN | XNNPACK | skb / best peer |",
          "| --- | --- | --- | ---: | ---: | ---: | ---: |"]
    labels, skb_v, dnnl_v, xnn_v = [], [], [], []
    for op, layout, shape, skb, peers in rows:
        cells = []
        for p in PEERS:
            med = peers[p]
            if med:
                impl = med.get("label", p).split(":", 1)[-1]
                cells.append(f"{gbs(med):.1f} ({impl})" if p == "onednn" else f"{gbs(med):.1f}")
            else:
                cells.append("-")
        best_peer = min((m["real_time"] for m in peers.values() if m), default=None)
        ratio = best_peer / skb[1]["real_time"] if best_peer else float("nan")
        md.append(f"| {op} | {layout} | {shape} | {gbs(skb[1]):.1f} ({skb[0]}) | {cells[0]} | "
                  f"{cells[1]} | {ratio:.2f} |")
        labels.append(f"{op} {layout}\n{shape}")
        skb_v.append(gbs(skb[1]))
        dnnl_v.append(gbs(peers["onednn"]) if peers["onednn"] else 0)
        xnn_v.append(gbs(peers["xnnpack"]) if peers["xnnpack"] else 0)
    md.append("")
    fig, ax = plt.subplots(figsize=(max(8, 0.7 * len(labels) + 2), 5))
    xs = range(len(labels))
    w = 0.27
    ax.bar([x - w for x in xs], skb_v, w, label="skb (best variant)")
    ax.bar(list(xs), dnnl_v, w, label="oneDNN")
    ax.bar([x + w for x in xs], xnn_v, w, label="XNNPACK")
    ax.set_xticks(list(xs))
    ax.set_xticklabels(labels, rotation=60, ha="right", fontsize="x-small")
    ax.set_ylabel("GB/s (read + written)")
    ax.set_title("skb against its peers")
    ax.legend(fontsize="small")
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(os.path.join(out_dir, "plots", "peers.png"), dpi=90)
    plt.close(fig)
    md += ["![peers](plots/peers.png)", ""]
    return md


def im2col_vs_memcpy(runs):
    lines = ["| shape | layout | best im2col (us) | memcpy of its output (us) | ratio |",
             "| --- | --- | ---: | ---: | ---: |"]
    for shape in shapes_of(runs, "im2col"):
        copy, _ = median_cv(runs.get(("memcpy", "any", "libc", shape), {}))
        if not copy:
            continue
        for layout in ["nchw", "nhwc"]:
            times = []
            for variant in VARIANTS[1:]:
                med, _ = median_cv(runs.get(("im2col", layout, variant, shape), {}))
                if med:
                    times.append(med["real_time"])
            if times:
                best = min(times)
                lines.append(f"| {shape} | {layout} | {best:.1f} | {copy['real_time']:.1f} | "
                             f"{best / copy['real_time']:.2f} |")
    return lines


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: report.py RESULTS.json OUT_DIR")
    json_path, out_dir = sys.argv[1], sys.argv[2]
    context, runs, errors = load(json_path)
    plots_dir = os.path.join(out_dir, "plots")
    os.makedirs(plots_dir, exist_ok=True)

    md = ["# skb benchmark report", ""]
    md.append(f"Run {context.get('date', '?')} on `{context.get('host_name', '?')}`: "
              f"{context.get('num_cpus', '?')} CPUs at {context.get('mhz_per_cpu', '?')} MHz, "
              f"batch {context.get('skb_batch', '1')}, Google Benchmark library build "
              f"{context.get('library_build_type', '?')}. Default variant on this CPU: "
              f"**{context.get('skb_default_variant', '?')}**.")
    md.append("")
    scaling = context.get("cpu_scaling_enabled")
    md.append(f"CPU frequency scaling: **{'on' if scaling else 'off'}**"
              + (" (numbers may drift with the clock)." if scaling else "."))
    md.append("")
    md.append("Each number is the median of the repetitions, in GB/s of bytes read plus "
              "bytes written (input + output tensors). `~` marks a benchmark whose "
              f"coefficient of variation exceeded {NOISY_CV:.0%}: doubt it. Every variant's "
              "output was checked against the reference (XXH3-64) before it was timed. "
              "`roof` is the best variant's share of the copy bandwidth this process "
              "measured for a working set of the same cache level.")
    md.append("")
    md.append("## Bandwidth roofs (measured at start-up)")
    md.append("")
    for level in ["L1", "L2", "L3", "DRAM"]:
        if f"roof_{level}" in context:
            md.append(f"- {level}: {context[f'roof_{level}']}")
    md.append("")

    noisy = [k for k, r in runs.items() if (median_cv(r)[1] or 0) > NOISY_CV]
    md.append(f"{len(runs)} benchmarks timed, {len(noisy)} flagged noisy, "
              f"{len(errors)} skipped with an error.")
    md.append("")
    for op in OPS:
        if not shapes_of(runs, op):
            continue
        md.append(f"## {op}")
        md.append("")
        plot = plot_op(runs, op, plots_dir)
        if plot:
            md.append(f"![{op}](plots/{plot})")
            md.append("")
        md.extend(op_table(runs, op))
        md.append("")
        if op == "im2col":
            md.append("### im2col against a memcpy of the same output bytes")
            md.append("")
            md.extend(im2col_vs_memcpy(runs))
            md.append("")
    md.extend(peers_section(runs, errors, out_dir))
    if errors:
        md.append("## Skipped with an error")
        md.append("")
        for name, message in errors:
            md.append(f"- `{name}`: {message}")
        md.append("")
    if noisy:
        md.append("## Noisy benchmarks (cv > 5%)")
        md.append("")
        md.append(", ".join(f"`{'/'.join(k)}`" for k in sorted(noisy)))
        md.append("")
    with open(os.path.join(out_dir, "REPORT.md"), "w") as f:
        f.write("\n".join(md))
    print(f"report: wrote {os.path.join(out_dir, 'REPORT.md')} and {plots_dir}/")


if __name__ == "__main__":
    main()
