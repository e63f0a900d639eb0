#!/usr/bin/python3
"""Turns skb-heads' JSON into HEADS.md: where each network's time goes
(conv, pooling, head), Flatten + FC against GAP + FC and global max + FC,
and what the measurements say about the claims in SEEDS.md.

Every number and every conclusion in the report comes from the JSON: the
sentences are templates, the verdicts are chosen by comparing measurements.

Usage: heads_report.py HEADS.json OUT_DIR
"""
import json
import os
import sys
from collections import OrderedDict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HEAD_NAMES = {"flatten": "Flatten + FC", "gap": "GAP + FC", "gmp": "global max + FC"}
HEAD_ORDER = ("flatten", "gap", "gmp")
ARTICLE_BLOCK4_MACS = 512 * 512 * 3 * 3 * 56 * 56  # the figure SEEDS.md quotes
MS_PER_UNIT = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}
# Networks whose description covers part of the body only.  None: skb-heads
# refuses a .net file whose layers do not chain, and check_whole() refuses a
# run that lacks a layer of a network it times.
PARTIAL = {}
# The two convolutions every share and verdict is computed with: the key of
# their layer lists in load()'s result, and their names in the tables.
CONVS = (("conv", "im2col + sgemm"), ("conv_onednn", "oneDNN"))
# "A compute of 150 becomes 149" predicts the saving from the FC head's share
# of the multiply-adds.  The time is taken to bear it out when the measured
# saving is within this factor of that share.
AGREEMENT_FACTOR = 2.0


def load(path):
    """Per network: conv, conv_backward, conv_onednn and pool layer lists
    (time multiplied by the layer's count) and heads keyed by (kind, batch).
    Uses the median of repetitions where the run has them."""
    with open(path) as f:
        data = json.load(f)
    runs = OrderedDict()
    for b in data["benchmarks"]:
        if b.get("error_occurred"):
            continue
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") != "median":
                continue
            runs[b["run_name"]] = b  # a median replaces a single run
        elif b.get("run_name", b["name"]) not in runs:
            runs[b.get("run_name", b["name"])] = b
    nets = OrderedDict()
    for name, b in runs.items():
        kind, net, a, c = name.split("/")
        n = nets.setdefault(net, {"conv": [], "conv_backward": [], "conv_onednn": [],
                                  "pool": [], "head": {}})
        ms = b["real_time"] * MS_PER_UNIT[b.get("time_unit", "ns")]
        if kind == "head":
            n["head"][(a, int(b["batch"]))] = dict(
                ms=ms, macs=b["macs"], params=b["params"],
                first_fc_params=b["first_fc_params"], weight_bytes=b["weight_bytes"],
                cold=bool(b.get("cold", 0)))
        else:
            count = int(b["count"])
            n[kind].append(dict(stage=a, name=c, ms=ms * count, macs=b["macs"] * count,
                                params=b["params"] * count, count=count,
                                groups=int(b.get("groups", 1))))
    check_whole(data["context"], nets)
    return data["context"], nets


def check_whole(context, nets):
    """Every network in the run must have all its conv and pool layers (the
    counts skb-heads wrote to the context), so that no share is of a part of
    a network.  Where oneDNN failed some of a network's convs, its oneDNN
    columns are left empty for that network (n["onednn_missing"] says why)
    rather than summing part of its body."""
    problems = []
    for name, n in nets.items():
        declared = context.get(f"network/{name}")
        if declared is None:
            problems.append(f"{name}: the run does not say how many layers it has")
            continue
        want = dict(x.split("=") for x in declared.split())
        convs, pools = int(want["convs"]), int(want["pools"])
        if len(n["conv"]) != convs or len(n["pool"]) != pools:
            problems.append(f"{name}: {len(n['conv'])} of {convs} convs and {len(n['pool'])} of "
                            f"{pools} pools timed")
        if n["conv_onednn"] and len(n["conv_onednn"]) != convs:
            timed = {(c["stage"], c["name"]) for c in n["conv_onednn"]}
            n["onednn_missing"] = [f"{c['stage']}/{c['name']}" for c in n["conv"]
                                   if (c["stage"], c["name"]) not in timed]
            n["conv_onednn"] = []
    if problems:
        sys.exit("heads_report.py: partial networks (a filter or a failed benchmark left layers "
                 "out; time whole networks only):\n  " + "\n  ".join(problems))


def has_onednn(n):
    return bool(n["conv_onednn"])


def total(items, key):
    return sum(i[key] for i in items)


def by_stage(items):
    stages = OrderedDict()
    for i in items:
        s = stages.setdefault(i["stage"], dict(ms=0.0, macs=0, params=0))
        for k in ("ms", "macs", "params"):
            s[k] += i[k]
    return stages


def fmt_int(x):
    return f"{int(round(x)):,}"


def fmt_ms(x):
    return f"{x:.3f}" if x >= 0.01 else f"{x:.5f}"


def fmt_ratio(x):
    return f"{x:,.0f}" if x >= 10 else f"{x:.2g}"


def pct(x):
    return f"{100 * x:.2f}%" if x >= 0.001 else f"{100 * x:.4f}%"


class Forward:
    """One forward pass per image: the body's time (timed at batch 1; its
    cost per image does not depend on the batch) plus one head at a batch."""

    def __init__(self, n, kind, batch, conv="conv"):
        self.kind, self.batch = kind, batch
        h = n["head"][(kind, batch)]
        # conv: "conv" (im2col + sgemm) or "conv_onednn", whose convs time the body.
        self.conv, self.pool = total(n[conv], "ms"), total(n["pool"], "ms")
        self.head = h["ms"] / batch
        self.total = self.conv + self.pool + self.head
        self.body_macs = total(n["conv"], "macs")
        self.head_macs = h["macs"] / batch
        self.head_params, self.cold = h["params"], h["cold"]
        self.weight_bytes = h["weight_bytes"]
        self.body_params = total(n["conv"], "params")

    @property
    def head_share(self):
        return self.head / self.total

    @property
    def macs_share(self):
        return self.head_macs / (self.body_macs + self.head_macs)

    def gmacs(self):
        return self.head_macs / (self.head * 1e6)

    def weight_gbs(self):
        # Weight bytes read per pass, over the time of one pass of `batch` images.
        return self.weight_bytes / (self.head * self.batch * 1e6)


def forwards(n, batch):
    return [Forward(n, kind, b) for b in (1, batch) for kind in HEAD_ORDER
            if (kind, b) in n["head"]]


def plot_network(name, n, batch, out_dir):
    """Left: conv, pooling and head stacked per image, on a linear axis (the
    head's share as it is).  Right: the head alone on a log axis, next to the
    rest of the network, so a head of 0.03% is still a bar one can read."""
    fw = forwards(n, batch)
    if not fw:
        return None
    labels = [f"{HEAD_NAMES[f.kind]}\nbatch {f.batch}" for f in fw]
    convs, pools, heads = [f.conv for f in fw], [f.pool for f in fw], [f.head for f in fw]
    fig, (ax, ax_head) = plt.subplots(1, 2, figsize=(max(12, 3.0 * len(labels)), 4.8),
                                      gridspec_kw={"width_ratios": [1.15, 1]})
    xs = list(range(len(labels)))
    ax.bar(xs, convs, label="conv (im2col + sgemm)", color="#4c72b0")
    ax.bar(xs, pools, bottom=convs, label="pooling", color="#55a868")
    ax.bar(xs, heads, bottom=[c + p for c, p in zip(convs, pools)], label="head",
           color="#c44e52")
    for x, f in zip(xs, fw):
        ax.annotate(f"head {pct(f.head_share)}", (x, f.total), xytext=(0, 3),
                    textcoords="offset points", ha="center", fontsize="small")
    ax.set_ylabel("ms per image, forward, one thread")
    ax.set_ylim(0, max(f.total for f in fw) * 1.12)
    ax.set_title("all layers, linear scale", fontsize="medium")
    ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3)

    # The head alone, log scale, against the rest of the network per image.
    def duration(ms):
        return f"{ms:.3g} ms" if ms >= 0.1 else f"{1000 * ms:.3g} us"

    rest = fw[0].conv + fw[0].pool
    ax_head.bar(xs, heads, color="#c44e52", label="head")
    ax_head.axhline(rest, color="#4c72b0", linestyle="--", linewidth=1.2,
                    label=f"conv + pooling ({duration(rest)})")
    for x, f in zip(xs, fw):
        ax_head.annotate(f"{duration(f.head)}\n{pct(f.head_share)}", (x, f.head),
                         xytext=(0, 3), textcoords="offset points", ha="center",
                         fontsize="small")
    ax_head.set_yscale("log")
    ax_head.yaxis.set_major_formatter(plt.FuncFormatter(lambda t, _: f"{t:g}"))
    ax_head.set_ylim(min(heads) / 3, max(heads + [rest]) * 4)
    ax_head.set_ylabel("ms per image (log scale)")
    ax_head.set_title("the head alone, log scale", fontsize="medium")
    ax_head.legend(fontsize="small", loc="upper right")

    for a in (ax, ax_head):
        if len({f.batch for f in fw}) > 1:
            split = sum(1 for f in fw if f.batch == 1) - 0.5
            a.axvline(split, color="grey", linewidth=0.8, linestyle="--")
        a.set_xticks(xs)
        a.set_xticklabels(labels, fontsize="small")
        a.grid(axis="y", alpha=0.3)
    title = f"{name}: conv, pooling and head time per image"
    if name in PARTIAL:
        title += " (stem and last conv only)"
    fig.suptitle(title, fontsize="medium")
    fig.tight_layout()
    file = f"heads_{name}.png"
    fig.savefig(os.path.join(out_dir, file), dpi=90)
    plt.close(fig)
    return file


def network_section(name, n, batch, plots_dir):
    md = [f"## {name}", ""]
    conv, pool = total(n["conv"], "ms"), total(n["pool"], "ms")
    back = total(n["conv_backward"], "ms")
    direct = total(n["conv_onednn"], "ms")
    body_params, body_macs = total(n["conv"], "params"), total(n["conv"], "macs")
    if name in PARTIAL:
        md += [f"Note: {PARTIAL[name]}.", ""]
    if n.get("onednn_missing"):
        missing = n["onednn_missing"]
        md += [f"Note: oneDNN did not run {len(missing)} of this network's convs "
               f"({', '.join(missing[:5])}{', ...' if len(missing) > 5 else ''}), so its "
               f"oneDNN columns are left empty rather than summing part of the body.", ""]
    plot = plot_network(name, n, batch, plots_dir)
    if plot:
        md += [f"![{name}](plots/{plot})", ""]
    text = (f"Body: {fmt_int(body_params)} parameters, {fmt_int(body_macs)} multiply-adds per "
            f"image. Forward: convolution {conv:.3f} ms "
            f"({body_macs / (conv * 1e6):.1f} GMAC/s), pooling {pool:.3f} ms per image; "
            f"backward-data pass of the convs (sgemm + col2im) {back:.3f} ms.")
    if direct:
        text += (f" oneDNN's own convolutions take {direct:.3f} ms "
                 f"({conv / direct:.1f}x faster than im2col + sgemm).")
    grouped = [c for c in n["conv"] if c["groups"] > 1]
    if grouped:
        names = {(c["stage"], c["name"]) for c in grouped}
        g_ms, g_macs = total(grouped, "ms"), total(grouped, "macs")
        g_direct = total([c for c in n["conv_onednn"] if (c["stage"], c["name"]) in names], "ms")
        text += (f" Its grouped (depthwise) convs do {pct(g_macs / body_macs)} of the "
                 f"multiply-adds and take {g_ms:.3f} ms as im2col + sgemm per group "
                 f"({pct(g_ms / conv)} of the convolution time)"
                 + (f", {g_direct:.3f} ms with oneDNN ({pct(g_direct / direct)} of its time, "
                    f"{g_ms / g_direct:.0f}x faster)" if g_direct else "") + ".")
    md += [text, ""]
    md += ["Per stage (times per image, batch 1; a stage's share is of the body's forward "
           "time, conv + pooling, with the convs as im2col + sgemm or as oneDNN's):", "",
           "| stage | conv ms (im2col + sgemm) | share | oneDNN conv ms | share | "
           "conv backward ms | pool ms | share | share (oneDNN body) | params | MACs |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    conv_st, back_st = by_stage(n["conv"]), by_stage(n["conv_backward"])
    pool_st, direct_st = by_stage(n["pool"]), by_stage(n["conv_onednn"])
    zero = dict(ms=0.0, macs=0, params=0)
    body, direct_body = conv + pool, direct + pool
    for stage in OrderedDict.fromkeys(list(conv_st) + list(pool_st)):
        c, p = conv_st.get(stage, zero), pool_st.get(stage, zero)
        d = direct_st.get(stage, zero if direct_st else None)
        md.append(f"| {stage} | {fmt_ms(c['ms'])} | {pct(c['ms'] / body)} | "
                  + (f"{fmt_ms(d['ms'])} | {pct(d['ms'] / direct_body)} | " if d else "- | - | ")
                  + f"{fmt_ms(back_st.get(stage, zero)['ms'])} | "
                  + (f"{fmt_ms(p['ms'])} | {pct(p['ms'] / body)} | "
                     + (f"{pct(p['ms'] / direct_body)} | " if direct_st else "- | ")
                     if stage in pool_st else "- | - | - | ")
                  + f"{fmt_int(c['params'])} | {fmt_int(c['macs'])} |")
    md.append("")
    onednn = has_onednn(n)
    md += ["Forward pass per image with each head (the body is timed at batch 1 and costs the "
           f"same per image at batch {batch}; the head is timed at its batch). Head weights "
           "are read cold (from DRAM) where a forward pass moves more bytes than the "
           "last-level cache holds, warm otherwise. Shares are given twice: with the convs "
           "as im2col + sgemm and"
           + (" as oneDNN's convolution." if onednn else
              " as oneDNN's convolution (not available for this network)."), "",
           "| head | batch | weights | conv ms, im2col + sgemm / oneDNN | pool ms | head ms | "
           "conv share | pool share | head share, im2col + sgemm | head share, oneDNN | "
           "head share of MACs | head params | network params | conv time / head time, "
           "im2col + sgemm / oneDNN |",
           "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | "
           "---: | ---: |"]
    for f in forwards(n, batch):
        d = Forward(n, f.kind, f.batch, "conv_onednn") if onednn else None
        md.append(f"| {HEAD_NAMES[f.kind]} | {f.batch} | {'cold' if f.cold else 'warm'} | "
                  f"{f.conv:.3f} / {f'{d.conv:.3f}' if d else '-'} | {f.pool:.3f} | "
                  f"{fmt_ms(f.head)} | {pct(f.conv / f.total)} | {pct(f.pool / f.total)} | "
                  f"{pct(f.head_share)} | {pct(d.head_share) if d else '-'} | "
                  f"{pct(f.macs_share)} | {fmt_int(f.head_params)} | "
                  f"{fmt_int(f.body_params + f.head_params)} | {fmt_ratio(f.conv / f.head)} / "
                  f"{fmt_ratio(d.conv / d.head) if d else '-'} |")
    md.append("")
    return md


def one_in(x):
    """A share as "N becomes N - 1"."""
    return f"{1 / x:,.0f} becomes {1 / x - 1:,.0f}" if x > 0 else "no change"


def fmt_bytes(x):
    return f"{x / 1e6:.0f} MB" if x >= 1e6 else f"{x / 1e3:.0f} kB"


class Swap:
    """Replacing the Flatten + FC head by GAP + FC at one batch: the saving
    the multiply-add count predicts against the saving in time."""

    def __init__(self, n, batch, dram_gbs, conv="conv"):
        self.batch = batch
        self.fc = Forward(n, "flatten", batch, conv)
        self.gap = Forward(n, "gap", batch, conv)
        fc, gap = self.fc, self.gap
        self.predicted = (fc.head_macs - gap.head_macs) / (fc.body_macs + fc.head_macs)
        self.saving = (fc.head - gap.head) / fc.total
        self.factor = self.saving / self.predicted
        self.holds = self.factor <= AGREEMENT_FACTOR
        self.body_gmacs = fc.body_macs / (fc.conv * 1e6)
        self.dram_share = fc.weight_gbs() / dram_gbs if dram_gbs and fc.cold else None

    def verdict(self):
        return "holds" if self.holds else "understates"

    def row(self, name, other=None):
        """A table row; `other` is the same swap with oneDNN's convs, or None."""
        fc = self.fc
        roof = f" ({100 * self.dram_share:.0f}% of DRAM)" if self.dram_share else ""
        if other:
            changed = "**changes**" if other.holds != self.holds else "same"
            direct = (f"{fmt_ms(other.fc.head)} of {other.fc.total:.3f} | {pct(other.saving)} "
                      f"(\"{one_in(other.saving)}\") | {other.factor:.1f}x | "
                      f"{other.verdict()} | {changed} |")
        else:
            direct = "- | - | - | - | - |"
        return (f"| {name} | {self.batch} | {pct(self.predicted)} | \"{one_in(self.predicted)}\" | "
                f"{fmt_ms(fc.head)} of {fc.total:.3f} | {pct(self.saving)} "
                f"(\"{one_in(self.saving)}\") | {self.factor:.1f}x | {self.verdict()} | "
                + direct
                + f" {fc.gmacs():.1f} / {self.body_gmacs:.1f}"
                + (f" / {other.body_gmacs:.1f}" if other else "")
                + f" | {fmt_bytes(fc.weight_bytes)} "
                f"{'cold' if fc.cold else 'warm'}, {fc.weight_gbs():.1f} GB/s{roof} |")

    def sentence(self):
        fc = self.fc
        verdict = ("holds in time" if self.holds else
                   f"understates the saving {self.factor:.1f}-fold")
        s = (f"at batch {self.batch} the swap saves {pct(self.saving)} of the time against the "
             f"{pct(self.predicted)} the count predicts, so the claim **{verdict}**: ")
        if self.batch == 1:
            s += (f"with one image each weight is used once, so the head reads "
                  f"{fmt_bytes(fc.weight_bytes)} of weights "
                  f"{'from DRAM' if fc.cold else 'from cache'} at {fc.weight_gbs():.1f} GB/s")
            if self.dram_share is not None:
                s += f", {100 * self.dram_share:.0f}% of the DRAM read bandwidth"
            s += (f", and does {fc.gmacs():.1f} GMAC/s where the convolutions do "
                  f"{self.body_gmacs:.1f}")
            if self.dram_share is not None and self.dram_share > 0.5:
                s += ": it is memory-bound"
        else:
            s += (f"each weight read serves {self.batch} images "
                  f"({fmt_bytes(fc.weight_bytes / self.batch)} of weights per image), and the "
                  f"head does {fc.gmacs():.1f} GMAC/s where the convolutions do "
                  f"{self.body_gmacs:.1f}")
            if not self.holds:
                s += (f"; at {100 * fc.gmacs() / self.body_gmacs:.0f}% of the convolutions' "
                      f"rate its share of the time still exceeds its share of the work")
        return s


def claim_150(nets, batch, context):
    """Does replacing the Flatten + FC head by GAP + FC save what the FLOP
    count says, at batch 1 and at the large batch?  Each verdict twice: with
    the body's convs as im2col + sgemm and as oneDNN's convolution."""
    dram = float(context.get("dram_read_gbs", 0) or 0)
    swaps = OrderedDict()
    for name, n in nets.items():
        if name in PARTIAL:
            continue
        for b in (1, batch):
            if ("flatten", b) in n["head"] and ("gap", b) in n["head"] and n["conv"]:
                other = Swap(n, b, dram, "conv_onednn") if has_onednn(n) else None
                swaps.setdefault(name, []).append((Swap(n, b, dram), other))
    if not swaps:
        return []
    md = ["**\"A compute of 150 becomes 149\"**: the articles' argument counts multiply-adds: "
          "the FC head is a small share of them, so dropping it for GAP + FC should save about "
          "that share. Per whole network, the saving the count predicts against the saving "
          "measured in time, per image (body time + head time), with the body's convs as "
          "im2col + sgemm and as oneDNN's convolution (a faster body makes the same head a "
          "larger share):", "",
          "| network | batch | predicted saving | as \"N becomes N-1\" | Flatten head ms of "
          "forward ms, im2col + sgemm | measured saving | measured / predicted | verdict | "
          "Flatten head ms of forward ms, oneDNN | measured saving | measured / predicted | "
          "verdict | verdict with oneDNN | GMAC/s head / convs (im2col + sgemm / oneDNN) | "
          "head weights read |",
          "| --- | ---: | ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- | --- | "
          "---: | --- |"]
    for name, sw in swaps.items():
        md += [x.row(name, d) for x, d in sw]
    md.append("")
    for name, sw in swaps.items():
        md.append(f"- {name}: " + "; ".join(x.sentence() for x, _ in sw) + ".")
    md.append("")
    changes = [f"{name} at batch {x.batch} ({x.verdict()} with im2col + sgemm, {d.verdict()} "
               f"with oneDNN: measured/predicted {x.factor:.1f}x against {d.factor:.1f}x)"
               for name, sw in swaps.items() for x, d in sw if d and d.holds != x.holds]
    compared = sum(1 for sw in swaps.values() for _, d in sw if d)
    if not compared:
        md.append("oneDNN's convolution is not in this run: each verdict is given with "
                  "im2col + sgemm only.")
    elif changes:
        md.append("**Where the convolution changes the verdict**: " + "; ".join(changes) + ".")
    else:
        md.append(f"**The convolution changes no verdict**: all {compared} hold or fail alike "
                  f"with im2col + sgemm and with oneDNN's convolution.")
    md.append("")
    md.append(f"(\"Holds\" means the measured saving is within {AGREEMENT_FACTOR:g}x of the "
              f"predicted one.)")
    md.append("")
    return md


def claim_gap_cheap(nets, batch):
    """The GAP + FC head as a share of the convolution time, under 1% for
    every network?  With each convolution, and where the verdict differs."""
    verdicts, md = {}, []
    for conv, conv_name in CONVS:
        rows, cheap = [], True
        for name, n in nets.items():
            if ("gap", 1) not in n["head"] or not n[conv] or name in PARTIAL:
                continue
            g1 = Forward(n, "gap", 1, conv)
            gb = Forward(n, "gap", batch, conv) if ("gap", batch) in n["head"] else None
            cheap = cheap and g1.head / g1.conv < 0.01
            rows.append(f"{name} {pct(g1.head / g1.conv)} at batch 1"
                        + (f", {pct(gb.head / gb.conv)} at batch {batch}" if gb else ""))
        if rows:
            verdicts[conv_name] = cheap
            md.append(f"- with {conv_name}: " + "; ".join(rows) + ". "
                      + ("For every network it is under 1%: the claim holds." if cheap else
                         "For at least one network it is 1% or more: the claim does not hold "
                         "everywhere."))
    if not md:
        return []
    if len(verdicts) == 2:
        same = len(set(verdicts.values())) == 1
        md.append("- " + ("The verdict is the same with both convolutions." if same else
                          "**The verdict changes with the convolution**: the faster body "
                          "makes the same head a larger share."))
    return (["**\"GAP costs almost nothing next to the convolutions\"**: the whole GAP + FC "
             "head, as a share of the convolution time:", ""] + md + [""])


def claims(nets, batch, context):
    md = ["## The claims of SEEDS.md, measured", ""]
    vgg, keras = nets.get("vgg16"), nets.get("keras150")
    if vgg and ("flatten", 1) in vgg["head"]:
        fl = vgg["head"][("flatten", 1)]
        fc6 = fl["first_fc_params"]
        gap = vgg["head"].get(("gap", 1))
        md.append(f"**VGG16's first FC layer: {fmt_int(fc6)} parameters** "
                  f"({'the same as' if int(fc6) == 102764544 else 'unlike'} the article's "
                  f"102,764,544), {fc6 * 4 / 1e6:.0f} MB of fp32; the whole Flatten head has "
                  f"{fmt_int(fl['params'])} ({fl['weight_bytes'] / 1e6:.0f} MB of weights). "
                  f"GAP itself has no weights (512 values out); the FC1000 behind it has "
                  f"{fmt_int(gap['params']) if gap else '?'} parameters.")
        md.append("")
        b3 = next((c for c in vgg["conv"] if c["name"] == "conv3_x"), None)
        b4 = next((c for c in vgg["conv"] if c["name"] == "conv4_x"), None)
        if b3 and b4:
            per3, per4 = b3["macs"] / b3["count"], b4["macs"] / b4["count"]
            ms3, ms4 = b3["ms"] / b3["count"], b4["ms"] / b4["count"]
            rate = per4 / (ms4 * 1e6)
            md.append(f"**A VGG16 3x3 conv in block3 (56x56, 256->256) costs {fmt_int(per3)} "
                      f"multiply-adds; one in block4 (28x28, 512->512) {fmt_int(per4)}**, "
                      f"not the article's {ARTICLE_BLOCK4_MACS:,}: that figure puts block4's 512 "
                      f"channels at block3's 56x56 size, {ARTICLE_BLOCK4_MACS / per4:.0f}x too "
                      f"many. Measured: one block3 conv takes {ms3:.1f} ms, one block4 conv "
                      f"{ms4:.1f} ms (im2col + sgemm, {rate:.1f} GMAC/s); the article's layer "
                      f"would take about {ARTICLE_BLOCK4_MACS / (rate * 1e6):.0f} ms at that "
                      f"rate.")
            md.append("")
    md += claim_150(nets, batch, context)
    if keras and ("flatten", 1) in keras["head"] and ("gap", 1) in keras["head"]:
        body = total(keras["conv"], "params")
        fl = body + keras["head"][("flatten", 1)]["params"]
        gp = body + keras["head"][("gap", 1)]["params"]
        same = fl == 6811969 and gp == 520513
        md.append(f"**The 150x150x3 Keras network has {fmt_int(fl)} parameters with Flatten and "
                  f"{fmt_int(gp)} with GAP** ({'as' if same else 'unlike'} the article: "
                  f"6,811,969 and 520,513), {100 * (1 - gp / fl):.1f}% fewer.")
        md.append("")
    md += claim_gap_cheap(nets, batch)
    cifar = nets.get("cifar_small")
    if cifar and ("flatten", 1) in cifar["head"] and ("gap", 1) in cifar["head"]:
        fl, gp = Forward(cifar, "flatten", 1), Forward(cifar, "gap", 1)
        direct = (f", {pct(Forward(cifar, 'flatten', 1, 'conv_onednn').head_share)} with "
                  f"oneDNN's convolution" if has_onednn(cifar) else "")
        md.append(f"**The small CIFAR-10 network** (accuracy is out of scope): FC120-FC84-FC2 "
                  f"has {fmt_int(fl.head_params)} parameters and takes {fmt_ms(fl.head)} ms "
                  f"({pct(fl.head_share)} of its forward pass with im2col + sgemm{direct}); "
                  f"GAP-FC2 has "
                  f"{fmt_int(gp.head_params)} and takes {fmt_ms(gp.head)} ms; the Flatten "
                  f"head's weights are read {'cold' if fl.cold else 'warm'} ("
                  + ("a forward pass moves more than" if fl.cold
                     else "the whole forward pass fits in")
                  + " the last-level cache).")
        md.append("")
    return md


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: heads_report.py HEADS.json OUT_DIR")
    context, nets = load(sys.argv[1])
    out_dir = sys.argv[2]
    plots_dir = os.path.join(out_dir, "plots")
    os.makedirs(plots_dir, exist_ok=True)
    batch = int(context.get("heads_large_batch", "32"))
    variant = context.get("skb_variant", "?")
    md = ["# Convolution cost against pooling heads", ""]
    md.append(f"Run {context.get('date', '?')} on `{context.get('host_name', '?')}`, one thread; "
              f"medians of the repetitions where there are several. Convolution = im2col (skb, "
              f"{variant}, NCHW) + {context.get('blas', 'BLAS')}; 1x1 stride-1 convs are a "
              f"plain sgemm; grouped and depthwise convs (MobileNetV2) run im2col + sgemm once "
              f"per group, as a Caffe-style framework does. oneDNN's own convolution "
              f"(depthwise included) is timed beside it where oneDNN is built in, and every "
              f"head share and verdict is given with both. Every network is whole: skb-heads "
              f"refuses a description whose layer shapes do not chain, and this report a run "
              f"that lacks any of a network's layers. Backward data = sgemm (W^T x dY) + "
              f"col2im (skb, {variant}). "
              f"Pooling and global pooling: skb's {variant} variant, NCHW. Bias, ReLU, ReLU6 and "
              f"batch norm are left out (elementwise passes, small next to the layers timed); "
              f"residual adds and concatenations are not timed. "
              f"The body (convs and pools) is timed at batch 1; its cost per image does not "
              f"depend on the batch, so batch {batch} rows use the same per-image body time. "
              f"Heads are timed at batch 1 (FC as sgemv) and at batch {batch} (sgemm, the FC "
              f"weights read once for {batch} images); a head's weights are read cold when a "
              f"forward pass moves more than the last-level cache "
              f"({int(context.get('llc_bytes', 0)) >> 20} MiB) holds. DRAM read bandwidth "
              f"measured in the same run: {context.get('dram_read_gbs', '?')} GB/s.")
    md.append("")
    md += claims(nets, batch, context)
    for name, n in nets.items():
        md += network_section(name, n, batch, plots_dir)
    with open(os.path.join(out_dir, "HEADS.md"), "w") as f:
        f.write("\n".join(md))
    print(f"heads report: wrote {os.path.join(out_dir, 'HEADS.md')}")


if __name__ == "__main__":
    main()
