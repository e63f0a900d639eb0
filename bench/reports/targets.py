"""The speed targets section of REPORT.md: where skb stands against its
peers, its own NHWC kernels, the copy roof and a memcpy, computed from one
run's one-thread medians (GB/s of bytes read + written, CPU time).

  1. NHWC pooling: skb's fastest variant at least the best peer (oneDNN or
     XNNPACK) on every shape, and 1.15x on the median shape.
  2. NCHW pooling: at least 2x oneDNN's NCHW, and 75% of skb's own NHWC.
  3. A wider variant never more than 3% slower than a narrower one.
  4. Beyond L2: 70% of the copy roof in L3, 85% in DRAM.
  5. col2im NHWC with C <= 4: SIMD 3x scalar; im2col within 2x of a
     memcpy of its output where that is 64 KiB or more.

runs maps (op, layout, variant, shape) to {"median": entry, "cv": entry}
(report.load).
"""
import statistics

SKB = ["scalar", "sse", "avx2", "avx512"]  # narrowest first
PEERS = ["onednn", "xnnpack"]
POOLS = ["maxpool", "avgpool", "global_avgpool", "global_maxpool"]
LEVEL_ROOF = {3: ("L3", 0.70), 4: ("DRAM", 0.85)}


def median(runs, key):
    return runs.get(key, {}).get("median")


def gbs(entry):
    return entry["bytes_per_second"] / 1e9


def cv(runs, key):
    c = runs.get(key, {}).get("cv")
    return c["cpu_time"] if c else 0.0


def fastest(runs, op, layout, shape, variants=SKB):
    """(GB/s, variant) of the fastest of variants on the shape, or None."""
    found = [(gbs(m), v) for v in variants for m in [median(runs, (op, layout, v, shape))] if m]
    return max(found) if found else None


def shapes(runs, op, layout):
    return sorted({k[3] for k in runs if k[0] == op and k[1] == layout and median(runs, k)})


def verdict(ok):
    return "met" if ok else "**not met**"


def peer_rows(runs):
    """Target 1: (op, shape, skb GB/s, its variant, best peer GB/s, peer)."""
    rows = []
    for op in POOLS:
        for shape in shapes(runs, op, "nhwc"):
            skb, peer = fastest(runs, op, "nhwc", shape), fastest(runs, op, "nhwc", shape, PEERS)
            if skb and peer:
                rows.append((op, shape, skb[0], skb[1], peer[0], peer[1]))
    return rows


def nchw_rows(runs):
    """Target 2: (op, shape, skb NCHW GB/s, x oneDNN NCHW or None, / skb NHWC or None)."""
    rows = []
    for op in POOLS:
        for shape in shapes(runs, op, "nchw"):
            skb = fastest(runs, op, "nchw", shape)
            if not skb:
                continue
            onednn = median(runs, (op, "nchw", "onednn", shape))
            nhwc = fastest(runs, op, "nhwc", shape)
            rows.append((op, shape, skb[0], skb[0] / gbs(onednn) if onednn else None,
                         skb[0] / nhwc[0] if nhwc else None))
    return rows


def wider_slower(runs):
    """Target 3: (op, layout, shape, wider, narrower, time ratio, beyond noise)
    for every pair where the wider variant took more than 3% longer.  Beyond
    noise: the gap is also larger than the two cvs together."""
    pairs = []
    for op, layout, shape in sorted({(k[0], k[1], k[3]) for k in runs if k[2] in SKB}):
        for i, narrow in enumerate(SKB):
            n = median(runs, (op, layout, narrow, shape))
            for wide in SKB[i + 1:]:
                w = median(runs, (op, layout, wide, shape))
                if not n or not w:
                    continue
                ratio = w["cpu_time"] / n["cpu_time"]
                if ratio > 1.03:
                    spread = (cv(runs, (op, layout, wide, shape)) +
                              cv(runs, (op, layout, narrow, shape)))
                    pairs.append((op, layout, shape, wide, narrow, ratio, ratio - 1 > spread))
    return pairs


def roof_rows(runs):
    """Target 4: (level name, needed, op/layout/shape, roof fraction) of the
    fastest variant of every shape beyond L2."""
    rows = []
    for op, layout, shape in sorted({(k[0], k[1], k[3]) for k in runs if k[2] in SKB}):
        best = fastest(runs, op, layout, shape)
        if not best:
            continue
        m = median(runs, (op, layout, best[1], shape))
        level = int(m.get("memory_level", 0))
        if level in LEVEL_ROOF and "roof_fraction" in m:
            name, need = LEVEL_ROOF[level]
            rows.append((name, need, f"{op}/{layout}/{shape}", m["roof_fraction"]))
    return rows


def col2im_few_channels(runs):
    """Target 5a: (shape, C, SIMD time / scalar time as a speedup, variant)."""
    rows = []
    for shape in shapes(runs, "col2im", "nhwc"):
        scalar = median(runs, ("col2im", "nhwc", "scalar", shape))
        simd = fastest(runs, "col2im", "nhwc", shape, SKB[1:])
        if not scalar or not simd or scalar.get("channels", 5) > 4:
            continue
        rows.append((shape, int(scalar["channels"]), simd[0] / gbs(scalar), simd[1]))
    return rows


def im2col_vs_copy(runs):
    """Target 5b: (layout/shape, im2col time / memcpy time) where the output
    is 64 KiB or more."""
    rows = []
    for shape in sorted({k[3] for k in runs if k[0] == "memcpy"}):
        copy = median(runs, ("memcpy", "any", "libc", shape))
        if not copy or copy["working_set_bytes"] / 2 < 65536:
            continue
        for layout in ["nchw", "nhwc"]:
            best = fastest(runs, "im2col", layout, shape)
            if best:
                m = median(runs, ("im2col", layout, best[1], shape))
                rows.append((f"{layout}/{shape}", m["cpu_time"] / copy["cpu_time"]))
    return rows


def worst(items, count=6):
    return "; ".join(items[:count]) + (" ..." if len(items) > count else "")


def targets_section(runs):
    md = ["## Speed targets", "",
          "From this run's one-thread medians: skb's fastest variant per shape against the "
          "peers, its own other layout, the copy roof and a memcpy; the misses are listed "
          "worst first.", "",
          "| target | measured | |", "| --- | --- | --- |"]
    misses = []
    rows = peer_rows(runs)
    for op in POOLS:
        ratios = sorted((r[2] / r[4], r[1]) for r in rows if r[0] == op)
        if not ratios:
            continue
        behind = [f"{shape} {ratio:.2f}" for ratio, shape in ratios if ratio < 1]
        mid = statistics.median(r for r, _ in ratios)
        md.append(f"| 1. {op} NHWC >= best peer on every shape, median >= 1.15x | "
                  f"{len(ratios) - len(behind)} of {len(ratios)}, median {mid:.2f}x | "
                  f"{verdict(not behind and mid >= 1.15)} |")
        if behind:
            misses.append(f"- 1. {op} NHWC behind the best peer: {worst(behind)}")
    rows = nchw_rows(runs)
    if rows:
        twice = [r for r in rows if r[3] is None or r[3] >= 2]
        near = [r for r in rows if r[4] is not None and r[4] >= 0.75]
        md.append(f"| 2. NCHW pooling >= 2x oneDNN's NCHW | {len(twice)} of {len(rows)} | "
                  f"{verdict(len(twice) == len(rows))} |")
        md.append(f"| 2. NCHW pooling >= 75% of skb's NHWC | {len(near)} of {len(rows)} | "
                  f"{verdict(len(near) == len(rows))} |")
        short = sorted((r[3], r) for r in rows if r[3] is not None and r[3] < 2)
        far = sorted((r[4], r) for r in rows if r[4] is not None and r[4] < 0.75)
        if short:
            misses.append("- 2. NCHW under 2x oneDNN: " +
                          worst([f"{r[0]} {r[1]} {x:.2f}x" for x, r in short]))
        if far:
            misses.append("- 2. NCHW under 75% of NHWC: " +
                          worst([f"{r[0]} {r[1]} {x:.0%}" for x, r in far]))
    pairs = sorted(wider_slower(runs), key=lambda p: -p[5])
    beyond = [p for p in pairs if p[6]]
    md.append(f"| 3. no wider variant > 3% slower than a narrower one | {len(pairs)} pairs "
              f"({len(beyond)} beyond their cvs) | {verdict(not pairs)} |")
    if beyond:
        misses.append("- 3. wider slower, beyond the cvs: " + worst(
            [f"{p[0]}/{p[1]}/{p[2]} {p[3]} {p[5]:.2f}x {p[4]}'s time" for p in beyond], 10))
    rows = roof_rows(runs)
    for name, need in LEVEL_ROOF.values():
        level = sorted((r[3], r[2]) for r in rows if r[0] == name)
        if not level:
            continue
        low = [f"{what} {f:.0%}" for f, what in level if f < need]
        md.append(f"| 4. {name}-resident shapes >= {need:.0%} of the copy roof | "
                  f"{len(level) - len(low)} of {len(level)} | {verdict(not low)} |")
        if low:
            misses.append(f"- 4. {name} under {need:.0%} of the roof: {worst(low)}")
    rows = col2im_few_channels(runs)
    if rows:
        slow = sorted((x, f"{shape} (C={c}) {x:.2f}x") for shape, c, x, _ in rows if x < 3)
        md.append(f"| 5. col2im NHWC, C <= 4: SIMD >= 3x scalar | {len(rows) - len(slow)} of "
                  f"{len(rows)} ({min(r[2] for r in rows):.2f}-{max(r[2] for r in rows):.2f}x) | "
                  f"{verdict(not slow)} |")
        if slow:
            misses.append("- 5. col2im NHWC C <= 4 under 3x scalar: " + worst([s for _, s in slow]))
    rows = im2col_vs_copy(runs)
    if rows:
        over = sorted(((x, what) for what, x in rows if x > 2), reverse=True)
        md.append(f"| 5. im2col within 2x of a memcpy of its output (>= 64 KiB) | "
                  f"{len(rows) - len(over)} of {len(rows)} | {verdict(not over)} |")
        if over:
            misses.append("- 5. im2col over 2x the memcpy: " +
                          worst([f"{what} {x:.2f}x" for x, what in over]))
    md.append("")
    if misses:
        md += ["Misses:", ""] + misses + [""]
    return md
