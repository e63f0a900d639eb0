"""The scaling section of REPORT.md: GB/s against threads per op, beside the
copy roof of the same number of threads, and the efficiency.

skb-bench --threads=1,2,... names runs past one thread
op/layout/variant/net.layer/t<count>/real_time (the default variant and the
peers; Google Benchmark adds /real_time: they are timed by the wall clock);
one-thread runs keep their usual names and CPU-time timing.
"""
import json
import os
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

LEVELS = ["L1", "L2", "L3", "DRAM"]


def level_of(entry):
    """The memory level of a benchmark's working set: "memory_level" counts
    from 1 (L1) to 4 (DRAM); runs before it wrote "roof_level", from 0."""
    if "memory_level" in entry:
        return LEVELS[int(entry["memory_level"]) - 1]
    return LEVELS[int(entry.get("roof_level", 3))]
PEER_COLORS = {"onednn": "#1e88e5", "xnnpack": "#43a047"}
SKB_COLOR = "#e53935"


def load_threaded(path):
    """(op, layout, variant, shape) -> {threads: median entry} for names
    ending in /t<count>, and their cv."""
    with open(path) as f:
        data = json.load(f)
    runs = {}
    for b in data["benchmarks"]:
        name = b.get("run_name", b["name"])
        parts = name.split("/")
        if parts[-1] == "real_time":  # Google Benchmark's mark of wall-clock timing
            parts = parts[:-1]
        if len(parts) != 5 or not re.fullmatch(r"t\d+", parts[4]) or b.get("error_occurred"):
            continue
        kind = b.get("aggregate_name", "iteration")
        if kind not in ("median", "iteration", "cv"):
            continue
        slot = runs.setdefault(tuple(parts[:4]), {}).setdefault(int(parts[4][1:]), {})
        slot["median" if kind == "iteration" else kind] = b
    return runs


def roof(context, level, threads):
    key = (f"roof_{level}_copy_gbs" if threads == 1
           else f"roof_{level}_copy_gbs_t{threads}")
    value = context.get(key)
    return float(value) if value else None


def threads_used(entry):
    """The threads skb's plan took, from its label (", 2 threads")."""
    m = re.search(r", (\d+) threads?$", entry.get("label", ""))
    return int(m.group(1)) if m else None


SECONDS_PER_UNIT = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def wall_gbs(entry):
    """Bytes read + written per second of wall-clock time: the one-thread
    runs' bytes_per_second counts CPU time, so all counts are put on the
    same clock here."""
    seconds = entry["real_time"] * SECONDS_PER_UNIT[entry.get("time_unit", "ns")]
    return float(entry["working_set_bytes"]) / seconds / 1e9


def series_for(runs, threaded, op, shape, layout, variant):
    """{threads: (GB/s, cv, entry)} with the one-thread run included."""
    out = {}
    one = runs.get((op, layout, variant, shape), {})
    if one.get("median"):
        cv = one.get("cv")
        out[1] = (wall_gbs(one["median"]), cv["real_time"] if cv else None, one["median"])
    for t, slot in threaded.get((op, layout, variant, shape), {}).items():
        if slot.get("median"):
            cv = slot.get("cv")
            out[t] = (wall_gbs(slot["median"]), cv["real_time"] if cv else None, slot["median"])
    return out


def plot_op(runs, threaded, context, op, shape, variants, path):
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for ax, layout in zip(axes, ["nchw", "nhwc"]):
        counts, level = set(), None
        for variant in variants:
            s = series_for(runs, threaded, op, shape, layout, variant)
            if len(s) < 2:
                continue
            ts = sorted(s)
            counts.update(ts)
            level = level_of(s[ts[0]][2])
            color = PEER_COLORS.get(variant, SKB_COLOR)
            label = f"skb {variant}" if variant not in PEER_COLORS else variant
            ax.plot(ts, [s[t][0] for t in ts], marker="o", color=color, label=label)
            if 1 in s:  # each point past one thread: its efficiency
                for t in ts[1:]:
                    ax.annotate(f"{s[t][0] / (t * s[1][0]):.0%}", (t, s[t][0]), fontsize="small",
                                color=color, textcoords="offset points", xytext=(4, 4))
        if level and counts:
            ts = sorted(counts)
            roofs = [roof(context, level, t) or 0 for t in ts]
            ax.plot(ts, roofs, linestyle="--", color="black", label=f"{level} copy roof")
            ax.set_xticks(ts)
        ax.set_xlabel("threads")
        ax.set_ylabel("GB/s (read + written)")
        ax.set_title(f"{op} {layout.upper()} {shape} (labels: efficiency)")
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


FLOOR_KEYS = {"pool": ("poolcall", "any", "pthreadpool", "empty"),
              "round_trip": ("poolcall", "any", "cacheline", "roundtrip")}
TARGET_SPEEDUP = 1.8  # the suite's target for L2-resident shapes on 2 threads


def seconds(entry):
    return entry["real_time"] * SECONDS_PER_UNIT[entry.get("time_unit", "ns")]


def floor_section(runs, threaded, context, ops):
    """The cost of a call on several threads with nothing to do (bench/
    kernels/thread_floor.c), and which L2-resident layers it keeps from the
    target speedup: split into t equal parts, a layer that takes T alone
    takes at least T/t + c, so s x needs T >= c / (1/s - 1/t)."""
    pool = threaded.get(FLOOR_KEYS["pool"], {})
    trip = threaded.get(FLOOR_KEYS["round_trip"], {}).get(2, {}).get("median")
    counts = sorted(t for t in pool if pool[t].get("median"))
    if not counts:
        return []

    def cv_text(slot):
        cv = slot.get("cv")
        return f" (cv {cv['real_time']:.1%})" if cv else ""

    md = ["### What a call on several threads costs", "",
          "`poolcall/any/pthreadpool/empty/t<t>`: one `pthreadpool_parallelize_1d` of t empty "
          "tasks, with the flags skb's plans use (workers sleep between calls), the price of "
          "every `skb_execute` on t threads before any kernel runs. "
          "`poolcall/any/cacheline/roundtrip/t2`: one cache line sent from the first core to "
          "the second and back, the least any pool pays a call.", "",
          "| threads | pool call, nothing to do | cache line round trip |",
          "| ---: | ---: | ---: |"]
    for t in counts:
        trip_text = (f"{seconds(trip) * 1e6:.2f} us" if trip and t == 2 else "-")
        md.append(f"| {t} | {seconds(pool[t]['median']) * 1e6:.2f} us{cv_text(pool[t])} "
                  f"| {trip_text} |")
    md.append("")
    default = context.get("skb_default_variant")
    if 2 not in counts or not default:
        return md
    call = seconds(pool[2]["median"])
    need = call / (1 / TARGET_SPEEDUP - 1 / 2)
    one = [seconds(slot["median"]) for key, slot in runs.items()
           if key[0] in ops and key[2] == default and key in threaded and
           slot.get("median") and level_of(slot["median"]) == "L2"]
    short = sum(t < need for t in one)
    md += [f"A layer split into t equal parts takes at least T/t + c (T: alone, c: the call), "
           f"so it reaches s x its one-thread speed only if T >= c / (1/s - 1/t): "
           f"{TARGET_SPEEDUP}x on 2 threads needs T >= {need * 1e6:.1f} us here. "
           f"{short} of the {len(one)} L2-resident layers of skb's default variant "
           f"({default}) take less than that alone."]
    if trip:
        lean = seconds(trip) / (1 / TARGET_SPEEDUP - 1 / 2)
        md[-1] += (f" A pool costing one round trip a call would need T >= {lean * 1e6:.1f} us "
                   f"({sum(t < lean for t in one)} of them take less).")
    md.append("")
    return md


def thread_targets(runs, threaded, context, ops):
    """The thread targets at the largest count: L2-resident layers 1.8x their
    one-thread speed; L3- and DRAM-resident ones 90% of that many threads'
    copy roof or the best peer's speed on as many threads; cifar_small's
    layers not slower (below 0.95x, the noise allowed)."""
    default = context.get("skb_default_variant")
    rows = []
    for key in threaded:
        op, layout, variant, shape = key
        if op not in ops or variant != default:
            continue
        s = series_for(runs, threaded, op, shape, layout, variant)
        if len(s) < 2 or 1 not in s:
            continue
        top = max(s)
        peers = [series_for(runs, threaded, op, shape, layout, p).get(top) for p in PEER_COLORS]
        best_peer = max((p[0] for p in peers if p), default=None)
        rows.append(dict(shape=shape, level=level_of(s[top][2]), speedup=s[top][0] / s[1][0],
                         gbs=s[top][0], roof=roof(context, level_of(s[top][2]), top),
                         peer=best_peer, threads=top, used=threads_used(s[top][2])))
    if not rows:
        return []
    top = rows[0]["threads"]
    l2 = [r for r in rows if r["level"] == "L2"]
    far = [r for r in rows if r["level"] in ("L3", "DRAM")]
    ok_far = [r for r in far if (r["roof"] and r["gbs"] >= 0.9 * r["roof"]) or
              (r["peer"] and r["gbs"] >= r["peer"])]
    small = [r for r in rows if r["shape"].startswith("cifar_small.")]
    slower = [r for r in small if r["speedup"] < 0.95]
    md = [f"Targets on {top} threads (skb's {default}):", "",
          "| target | measured |", "| --- | --- |",
          f"| L2-resident layers >= {TARGET_SPEEDUP}x | "
          f"{sum(r['speedup'] >= TARGET_SPEEDUP for r in l2)} of {len(l2)} |",
          f"| L3- and DRAM-resident layers >= 90% of the {top}-thread copy roof or >= the best "
          f"peer on {top} threads | {len(ok_far)} of {len(far)} "
          f"({sum(1 for r in far if r['peer'] is not None)} have a peer) |",
          f"| cifar_small's layers not slower (>= 0.95x) | {len(small) - len(slower)} of "
          f"{len(small)} (the plan kept {sum(r['used'] == 1 for r in small)} on one thread) |",
          ""]
    return md


def scaling_section(json_path, runs, context, plots_dir, ops):
    threaded = load_threaded(json_path)
    if not threaded:
        return []
    counts = sorted({t for slots in threaded.values() for t in slots})
    md = ["## Scaling with threads", "",
          f"`skb-bench --threads=1,{','.join(map(str, counts))}`: skb's default variant "
          "(its plan taking as many of the pool's threads as the work is worth: a thread "
          "per 5 us of work, estimated from the bytes at the op's typical one-core speed, "
          "so small shapes stay on one) and the peers (oneDNN on "
          "OpenMP, `omp_set_num_threads`; XNNPACK on a pthreadpool) at each count. GB/s is "
          "the median, here for every count by the wall clock (input + output bytes over "
          "real time; the one-thread tables above use CPU time). Efficiency = GB/s on t threads / (t x GB/s on one). The roof is the "
          "copy roof of t threads copying at once (`bench/roofline.c`: private L1/L2 sets per "
          "thread, shared L3/DRAM sets split), for the level of the shape's working set.", "",
          "| threads | " + " | ".join(LEVELS) + " |",
          "| ---: | " + " | ".join("---:" for _ in LEVELS) + " |"]
    for t in [1] + counts:
        md.append(f"| {t} | " + " | ".join(
            f"{roof(context, level, t):.1f}" if roof(context, level, t) else "-"
            for level in LEVELS) + " GB/s |")
    md.append("")
    md += floor_section(runs, threaded, context, ops)
    md += thread_targets(runs, threaded, context, ops)
    for op in ops:
        keys = [k for k in threaded if k[0] == op]
        if not keys:
            continue
        variants = sorted({k[2] for k in keys}, key=lambda v: (v in PEER_COLORS, v))
        shapes = []
        for k in keys:
            if k[3] not in shapes:
                shapes.append(k[3])
        # The plot: the shape with the largest working set.
        def size(shape):
            for k in keys:
                s = series_for(runs, threaded, op, shape, k[1], k[2])
                if s:
                    return float(next(iter(s.values()))[2].get("working_set_bytes", 0))
            return 0.0
        biggest = max(shapes, key=size)
        path = os.path.join(plots_dir, f"{op}_scaling.png")
        plot_op(runs, threaded, context, op, biggest, variants, path)
        md += [f"### {op}", "", f"![{op} scaling](plots/{op}_scaling.png)", "",
               "| shape | layout | variant | level | " +
               " | ".join(f"{t} thr GB/s" for t in [1] + counts) +
               " | speedup | efficiency | roof fraction | plan's threads |",
               "| --- | --- | --- | --- | " + " | ".join("---:" for _ in [1] + counts) +
               " | ---: | ---: | ---: | ---: |"]
        for shape in shapes:
            for layout in ["nchw", "nhwc"]:
                for variant in variants:
                    s = series_for(runs, threaded, op, shape, layout, variant)
                    if len(s) < 2 or 1 not in s:
                        continue
                    top = max(s)
                    level = level_of(s[top][2])
                    cells = [(f"{s[t][0]:.1f}" + ("~" if s[t][1] and s[t][1] > 0.05 else ""))
                             if t in s else "-" for t in [1] + counts]
                    speedup = s[top][0] / s[1][0]
                    r = roof(context, level, top)
                    used = threads_used(s[top][2]) if variant not in PEER_COLORS else top
                    md.append(f"| {shape} | {layout} | {variant} | {level} | " +
                              " | ".join(cells) +
                              f" | {speedup:.2f}x | {speedup / top:.0%} | " +
                              (f"{s[top][0] / r:.0%}" if r else "-") +
                              f" | {used if used else '-'} |")
        md.append("")
    md += ["Speedup, efficiency and roof fraction are those of the largest thread count. "
           "A `~` marks a cv above 5%.", ""]
    return md
