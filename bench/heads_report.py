#!/usr/bin/python3
"""Turns skb-heads' JSON into HEADS.md: where each network's time goes
(conv, pooling, head), Flatten + FC against GAP + FC and global max + FC,
and what the measurements say about the claims in SEEDS.md.

Usage: heads_report.py HEADS.json OUT_DIR
"""
import json
import os
import sys
from collections import OrderedDict, defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HEAD_NAMES = {"flatten": "Flatten + FC", "gap": "GAP + FC", "gmp": "global max + FC"}
ARTICLE_BLOCK4_MACS = 512 * 512 * 3 * 3 * 56 * 56  # the figure SEEDS.md quotes


def load(path):
    with open(path) as f:
        data = json.load(f)
    nets = OrderedDict()
    for b in data["benchmarks"]:
        if b.get("error_occurred") or b.get("run_type") == "aggregate":
            continue
        kind, net, a, c = b["name"].split("/")
        n = nets.setdefault(net, {"conv": [], "conv_backward": [], "conv_onednn": [], "pool": [],
                                  "head": {}})
        ms = b["real_time"] / 1000.0 if b.get("time_unit") == "us" else b["real_time"] / 1e6
        if kind == "head":
            n["head"][(a, int(b["batch"]))] = dict(ms=ms, macs=b["macs"], params=b["params"],
                                                   first_fc_params=b["first_fc_params"],
                                                   weight_bytes=b["weight_bytes"])
        else:
            count = int(b["count"])
            n[kind].append(dict(stage=a, name=c, ms=ms * count, macs=b["macs"] * count,
                                params=b["params"] * count, count=count))
    return data["context"], nets


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


def plot_network(name, n, batch, out_dir):
    conv, pool = total(n["conv"], "ms"), total(n["pool"], "ms")
    labels, convs, pools, heads = [], [], [], []
    for b in (1, batch):
        for kind in ("flatten", "gap", "gmp"):
            h = n["head"].get((kind, b))
            if not h:
                continue
            labels.append(f"{HEAD_NAMES[kind]}\nbatch {b}")
            convs.append(conv)
            pools.append(pool)
            heads.append(h["ms"] / b)  # per image
    if not labels:
        return None
    fig, ax = plt.subplots(figsize=(max(6, 1.5 * len(labels)), 4.5))
    xs = range(len(labels))
    ax.bar(xs, convs, label="conv (im2col + sgemm)", color="#4c72b0")
    ax.bar(xs, pools, bottom=convs, label="pooling", color="#55a868")
    ax.bar(xs, heads, bottom=[c + p for c, p in zip(convs, pools)], label="head",
           color="#c44e52")
    ax.set_xticks(list(xs))
    ax.set_xticklabels(labels, fontsize="small")
    ax.set_ylabel("ms per image (forward)")
    ax.set_title(f"{name}: where a forward pass goes")
    ax.legend(fontsize="small")
    ax.grid(axis="y", alpha=0.3)
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
    plot = plot_network(name, n, batch, plots_dir)
    if plot:
        md += [f"![{name}](plots/{plot})", ""]
    md.append(f"Body: {fmt_int(body_params)} parameters, {fmt_int(body_macs)} multiply-adds "
              f"per image; convolution {conv:.3f} ms, pooling {pool:.3f} ms per image "
              f"(forward); backward-data pass of the convs (sgemm + col2im) {back:.3f} ms."
              + (f" oneDNN's own convolutions take {direct:.3f} ms "
                 f"({conv / direct:.1f}x faster than im2col + sgemm)." if direct else ""))
    md.append("")
    md += ["| stage | conv ms (im2col + sgemm) | oneDNN conv ms | conv backward ms | pool ms | "
           "params | MACs |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    conv_st, back_st, pool_st = by_stage(n["conv"]), by_stage(n["conv_backward"]), by_stage(n["pool"])
    direct_st = by_stage(n["conv_onednn"])
    for stage in OrderedDict.fromkeys(list(conv_st) + list(pool_st)):
        c = conv_st.get(stage, dict(ms=0, macs=0, params=0))
        d = direct_st.get(stage)
        md.append(f"| {stage} | {c['ms']:.3f} | {d['ms']:.3f} | " if d else
                  f"| {stage} | {c['ms']:.3f} | - | ")
        md[-1] += (f"{back_st.get(stage, dict(ms=0))['ms']:.3f} | "
                   f"{pool_st.get(stage, dict(ms=0))['ms']:.3f} | {fmt_int(c['params'])} | "
                   f"{fmt_int(c['macs'])} |")
    md.append("")
    md += ["| head | batch | head ms per image | share of forward time | share of MACs | "
           "head params | conv time / head time |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for b in (1, batch):
        for kind in ("flatten", "gap", "gmp"):
            h = n["head"].get((kind, b))
            if not h:
                continue
            per_image = h["ms"] / b
            share_t = per_image / (conv + pool + per_image)
            head_macs = h["macs"] / b
            share_m = head_macs / (body_macs + head_macs)
            md.append(f"| {HEAD_NAMES[kind]} | {b} | {per_image:.4f} | {100 * share_t:.2f}% | "
                      f"{100 * share_m:.3f}% | {fmt_int(h['params'])} | "
                      f"{conv / per_image:,.0f} |" if conv >= 10 * per_image else
                      f"{conv / per_image:.2g} |")
    md.append("")
    return md


def claims(nets, batch):
    md = ["## The claims of SEEDS.md, measured", ""]
    vgg, keras = nets.get("vgg16"), nets.get("keras150")
    if vgg and ("flatten", 1) in vgg["head"]:
        fc6 = vgg["head"][("flatten", 1)]["first_fc_params"]
        gap = vgg["head"].get(("gap", 1))
        md.append(f"**VGG16's first FC layer holds {fmt_int(fc6)} parameters** "
                  f"({'matching' if int(fc6) == 102764544 else 'unlike'} the article's 102,764,544). "
                  f"A GAP head has no weights of its own; its classifier has "
                  f"{fmt_int(gap['params']) if gap else '?'} parameters where the Flatten head "
                  f"has {fmt_int(vgg['head'][('flatten', 1)]['params'])}.")
        md.append("")
        b3 = next((c for c in vgg["conv"] if c["name"] == "conv3_x"), None)
        b4 = next((c for c in vgg["conv"] if c["name"] == "conv4_x"), None)
        if b3 and b4:
            per3, per4 = b3["macs"] / b3["count"], b4["macs"] / b4["count"]
            md.append(f"**A VGG16 block3 3x3 conv costs {fmt_int(per3)} multiply-adds, a block4 "
                      f"one {fmt_int(per4)}**, not the article's {ARTICLE_BLOCK4_MACS:,}: that "
                      f"figure puts block4's 512 channels at block3's 56x56 size, "
                      f"{ARTICLE_BLOCK4_MACS / per4:.0f}x too many. Measured here, one block3 "
                      f"conv takes {b3['ms'] / b3['count']:.1f} ms and one block4 conv "
                      f"{b4['ms'] / b4['count']:.1f} ms (im2col + sgemm).")
            md.append("")
    for name in ("vgg16", "keras150"):
        n = nets.get(name)
        if not n or ("flatten", 1) not in n["head"] or ("gap", 1) not in n["head"]:
            continue
        conv, pool = total(n["conv"], "ms"), total(n["pool"], "ms")
        body_macs = total(n["conv"], "macs")
        parts = []
        for b in (1, batch):
            fc, gap = n["head"].get(("flatten", b)), n["head"].get(("gap", b))
            if not fc or not gap:
                continue
            fc_ms, gap_ms = fc["ms"] / b, gap["ms"] / b
            fc_macs = fc["macs"] / b
            flop_share = fc_macs / (body_macs + fc_macs)
            time_share = fc_ms / (conv + pool + fc_ms)
            saving = (fc_ms - gap_ms) / (conv + pool + fc_ms)
            # "150 becomes 149" says the head is under 1% of the work and
            # that replacing it saves about that much.
            holds = time_share < 0.02
            parts.append(
                f"at batch {b} the Flatten + FC head takes {fc_ms:.3f} ms per image, "
                f"{100 * time_share:.1f}% of the forward time for {100 * flop_share:.2f}% of "
                f"the multiply-adds; GAP + FC takes {gap_ms:.4f} ms, so the swap saves "
                f"{100 * saving:.1f}% of the time: the claim "
                f"{'holds' if holds else 'does not hold'} in time"
                + ("" if holds else
                   f" (the head streams {fc['weight_bytes'] / 1e6:.0f} MB of weights"
                   + (" from memory for a single image" if b == 1 else "") + ")"))
        if parts:
            md.append(f"**\"A compute of 150 becomes 149\", {name}:** " + "; ".join(parts) + ". "
                      "(The claim puts the head at under 1 part in 150 of the work; it is "
                      "taken to hold in time where the Flatten + FC head is under 2% of the "
                      "forward time.)")
            md.append("")
    if keras and ("flatten", 1) in keras["head"] and ("gap", 1) in keras["head"]:
        body = total(keras["conv"], "params")
        fl = body + keras["head"][("flatten", 1)]["params"]
        gp = body + keras["head"][("gap", 1)]["params"]
        md.append(f"**The 150x150x3 Keras network has {fmt_int(fl)} parameters with Flatten and "
                  f"{fmt_int(gp)} with GAP** (the article: 6,811,969 and 520,513), "
                  f"{100 * (1 - gp / fl):.1f}% fewer.")
        md.append("")
    gaps = []
    for name, n in nets.items():
        g = n["head"].get(("gap", 1))
        conv = total(n["conv"], "ms")
        if g and conv > 0:
            gaps.append(f"{name} {100 * g['ms'] / conv:.3f}%")
    if gaps:
        md.append("**\"GAP costs almost nothing next to the convolutions\"**: the GAP + FC head "
                  "at batch 1, as a share of the convolution time: " + ", ".join(gaps) + ".")
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
    md = ["# Convolution cost against pooling heads", ""]
    md.append(f"Run {context.get('date', '?')} on `{context.get('host_name', '?')}`, one thread. "
              f"Convolution = im2col (skb, {context.get('skb_variant', '?')}) + "
              f"{context.get('blas', 'BLAS')}; 1x1 stride-1 convs are a plain sgemm. "
              f"Pooling and global pooling: skb's {context.get('skb_variant', '?')} variant, "
              "NCHW. Bias, ReLU and batch norm are left out. The body (convs and pools) is "
              f"timed at batch 1; its cost per image does not depend on the batch, so batch "
              f"{batch} figures use the same per-image body time. Heads are timed at batch 1 "
              f"and at batch {batch}, where the FC weights are read once for {batch} images.")
    md.append("")
    md += claims(nets, batch)
    for name, n in nets.items():
        md += network_section(name, n, batch, plots_dir)
    with open(os.path.join(out_dir, "HEADS.md"), "w") as f:
        f.write("\n".join(md))
    print(f"heads report: wrote {os.path.join(out_dir, 'HEADS.md')}")


if __name__ == "__main__":
    main()
