#!/usr/bin/env python3
"""Plots of a `trio6sim sweep` output folder, and its summary table.

usage: scripts/plot_sweep.py DIR

Reads DIR/results.json and writes, for the axes that vary in the sweep:
  throughput-vs-frame-size.svg  delivered L1 Gbps against frame size, one panel
                                per family, one line per direction (and other
                                varying axes); the marker names the saturated
                                block; the published 300 Gbps per PFE and
                                600 Gbps per chip [I,T] drawn as lines
  latency-vs-load.svg           p50 and p99 latency against offered load
  throughput-vs-tunnels.svg     delivered L1 Gbps against the tunnel count
  summary.md                    one Markdown table row per point
  by-frame-size.md              when frame sizes vary: a row per size, a column per line
`trio6sim sweep` runs it after a single run or a merge. The SVGs are
byte-identical for identical results (fixed hash salt, no date), so a merge
draws the same files as a single run. Needs python3-matplotlib (Debian).
"""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

plt.rcParams["svg.hashsalt"] = "trio6sim"  # element ids from this, not from a random source
plt.rcParams["svg.fonttype"] = "none"      # text as text: smaller and independent of the fonts installed
plt.rcParams["font.size"] = 9

PUBLISHED = {1: (300, "published: 300 Gbps per PFE [I,T]"), 2: (600, "published: 600 Gbps per chip [I,T]")}
AXES = ["frame_size", "family", "direction", "slices", "tunnels", "load_gbps"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "<", ">", "h", "*", "p"]


def load(folder):
    with open(f"{folder}/results.json") as f:
        data = json.load(f)
    names = [c["name"] for c in data["columns"]]
    # Chip parameters by --set key sit between the fixed axes and the measurements.
    params = names[names.index("load_gbps") + 1:names.index("offered_l1_gbps")] if names else []
    return data, params


def varying(rows, axes):
    return [a for a in axes if len({str(r[a]) for r in rows}) > 1]


def label_of(row, axes):
    parts = []
    for a in axes:
        v = row[a]
        if a == "frame_size":
            parts.append(f"{v} B" if str(v).isdigit() else str(v).upper())
        elif a == "slices":
            parts.append(f"{v} slice(s)")
        elif a == "tunnels":
            parts.append(f"{v} tunnel(s)")
        elif a == "load_gbps":
            parts.append(f"{v:g}G offered")
        elif "." in a:  # a chip parameter by its --set key
            parts.append(f"{a}={v}")
        else:
            parts.append(str(v))
    return ", ".join(parts) or "all points"


def groups(rows, axes):
    out = {}
    for r in rows:
        out.setdefault(tuple(str(r[a]) for a in axes), []).append(r)
    return out


def save(fig, path):
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)


def throughput_vs_frame_size(rows, params, folder):
    sized = [r for r in rows if r["frame_size"].isdigit()]
    if len({r["frame_size"] for r in sized}) < 2:
        return None
    families = sorted({r["family"] for r in rows})
    others = varying(rows, ["direction", "slices", "tunnels", "load_gbps"] + params)
    blocks = sorted({r["saturated_block"] for r in rows})
    marker = {b: MARKERS[i % len(MARKERS)] for i, b in enumerate(blocks)}
    fig, panels = plt.subplots(1, len(families), figsize=(6.4 * len(families), 4.6), squeeze=False, sharey=True,
                               layout="constrained")
    top = max(max(r["offered_l1_gbps"] for r in rows), 1)
    for panel, family in zip(panels[0], families):
        mine = [r for r in rows if r["family"] == family]
        for key, g in groups(mine, others).items():
            line = sorted((r for r in g if r["frame_size"].isdigit()), key=lambda r: r["mean_frame_bytes"])
            handle, = panel.plot([r["mean_frame_bytes"] for r in line], [r["delivered_l1_gbps"] for r in line],
                                 label=label_of(g[0], others), linewidth=1.5)
            for r in g:
                imix = not r["frame_size"].isdigit()
                panel.plot(r["mean_frame_bytes"], r["delivered_l1_gbps"], marker="*" if imix else marker[r["saturated_block"]],
                           markersize=11 if imix else 6, color=handle.get_color(), linestyle="none")
                if imix:
                    panel.annotate(r["frame_size"].upper(), (r["mean_frame_bytes"], r["delivered_l1_gbps"]),
                                   textcoords="offset points", xytext=(4, -11), fontsize=7)
        for slices in sorted({r["slices"] for r in mine}):
            if slices in PUBLISHED:
                gbps, text = PUBLISHED[slices]
                panel.axhline(gbps, color="black", linestyle="--", linewidth=0.8)
                panel.text(0.01, gbps, text, va="bottom", fontsize=7, transform=panel.get_yaxis_transform())
        panel.set_xscale("log", base=2)
        sizes = sorted({int(r["frame_size"]) for r in sized})
        shown = []  # from the largest down: sizes within 12% of a labelled one stay unlabelled
        for size in reversed(sizes):
            if not shown or size * 1.12 < shown[-1]:
                shown.append(size)
        shown.reverse()
        panel.set_xticks(shown)
        panel.set_xticklabels([str(s) for s in shown], rotation=45)
        panel.minorticks_off()
        panel.set_ylim(0, top * 1.08)
        panel.set_xlabel("cleartext frame size (bytes; IMIX at its mean)")
        panel.set_title({"ipv4": "IPv4", "ipv6": "IPv6"}.get(family, family) + " throughput")
        panel.grid(True, alpha=0.3)
        first = panel.legend(loc="lower right", fontsize=7, title="line")
        panel.add_artist(first)
        shapes = [plt.Line2D([], [], marker=marker[b], color="grey", linestyle="none", label=b) for b in blocks]
        panel.legend(handles=shapes, loc="lower center", fontsize=7, title="saturated block", ncol=1,
                     bbox_to_anchor=(0.45, 0.0))
    panels[0][0].set_ylabel("delivered Gbps (L1)")
    save(fig, f"{folder}/throughput-vs-frame-size.svg")
    return "throughput-vs-frame-size.svg"


def latency_vs_load(rows, params, folder):
    if len({r["load_gbps"] for r in rows}) < 2:
        return None
    others = varying(rows, ["frame_size", "family", "direction", "slices", "tunnels"] + params)
    fig, ax = plt.subplots(figsize=(7.2, 4.4), layout="constrained")
    for key, g in groups(rows, others).items():
        g = sorted(g, key=lambda r: r["load_gbps"])
        x = [r["load_gbps"] for r in g]
        handle, = ax.plot(x, [r["latency_p50_ns"] / 1000 for r in g], marker="o", markersize=3,
                          label=f"{label_of(g[0], others)} p50")
        ax.plot(x, [r["latency_p99_ns"] / 1000 for r in g], marker="^", markersize=3, linestyle="--",
                color=handle.get_color(), label=f"{label_of(g[0], others)} p99")
    ax.set_xlabel("offered load (Gbps, L1)")
    ax.set_ylabel("latency (µs)")
    ax.set_ylim(0, max(r["latency_p99_ns"] for r in rows) / 1000 * 1.1)
    ax.set_title("Latency against offered load")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    save(fig, f"{folder}/latency-vs-load.svg")
    return "latency-vs-load.svg"


def throughput_vs_tunnels(rows, params, folder):
    if len({r["tunnels"] for r in rows}) < 2:
        return None
    others = varying(rows, ["frame_size", "family", "direction", "slices", "load_gbps"] + params)
    fig, ax = plt.subplots(figsize=(7.2, 4.4), layout="constrained")
    for key, g in groups(rows, others).items():
        g = sorted(g, key=lambda r: r["tunnels"])
        ax.plot([r["tunnels"] for r in g], [r["delivered_l1_gbps"] for r in g], marker="o", markersize=4,
                label=label_of(g[0], others))
    for slices in sorted({r["slices"] for r in rows}):
        if slices in PUBLISHED:
            ax.axhline(PUBLISHED[slices][0], color="black", linestyle="--", linewidth=0.8)
            ax.text(0.01, PUBLISHED[slices][0], PUBLISHED[slices][1], va="bottom", fontsize=7,
                    transform=ax.get_yaxis_transform())
    ax.set_xscale("log", base=2)
    counts = sorted({r["tunnels"] for r in rows})
    ax.set_xticks(counts)
    ax.set_xticklabels([str(c) for c in counts])
    ax.minorticks_off()
    ax.set_xlabel("tunnels")
    ax.set_ylabel("delivered Gbps (L1)")
    ax.set_ylim(0, max(r["offered_l1_gbps"] for r in rows) * 1.08)
    ax.set_title("Throughput against tunnel count")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    save(fig, f"{folder}/throughput-vs-tunnels.svg")
    return "throughput-vs-tunnels.svg"


def summary(rows, params, folder):
    axes = varying(rows, AXES + params) or ["frame_size"]
    head = axes + ["offered Gbps L1", "delivered Gbps L1", "delivered goodput Gbps", "delivered Mpps",
                   "p50 µs", "p99 µs", "dropped", "saturated block"]
    lines = ["| " + " | ".join(h.replace("_", " ") for h in head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [str(r[a]) for a in axes] + [f"{r['offered_l1_gbps']:.1f}", f"{r['delivered_l1_gbps']:.1f}",
                                             f"{r['delivered_goodput_gbps']:.1f}", f"{r['delivered_mpps']:.1f}",
                                             f"{r['latency_p50_ns'] / 1000:.1f}", f"{r['latency_p99_ns'] / 1000:.1f}",
                                             str(r["dropped_packets"]), r["saturated_block"]]
        lines.append("| " + " | ".join(cells) + " |")
    with open(f"{folder}/summary.md", "w") as f:
        f.write("\n".join(lines) + "\n")


def by_frame_size(rows, params, folder):
    """A pivot for docs: a row per frame size, a column per line of the frame-size plot."""
    if len({r["frame_size"] for r in rows}) < 2:
        return None
    others = varying(rows, ["family", "direction", "slices", "tunnels", "load_gbps"] + params)
    columns = groups(rows, others)
    sizes = sorted({(r["mean_frame_bytes"], r["frame_size"]) for r in rows})
    head = ["frame B"] + [label_of(g[0], others) for g in columns.values()]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for _, size in sizes:
        cells = [size if size.isdigit() else f"{size.upper()} ({_:.0f} B mean)"]
        for g in columns.values():
            hit = [r for r in g if r["frame_size"] == size]
            cells.append(f"{hit[0]['delivered_l1_gbps']:.1f} Gbps, {hit[0]['delivered_mpps']:.1f} Mpps, "
                         f"{hit[0]['saturated_block']}" if hit else "")
        lines.append("| " + " | ".join(cells) + " |")
    with open(f"{folder}/by-frame-size.md", "w") as f:
        f.write("\n".join(lines) + "\n")
    return "by-frame-size.md"


def capacity(rows, params, folder):
    """For `load: throughput` sweeps: a planner's table of loss-free throughput in customer units."""
    if "throughput_gbps" not in rows[0]:
        return None
    axes = varying(rows, [a for a in AXES if a != "load_gbps"] + params) or ["frame_size"]
    head = axes + ["loss-free, customer cleartext Gbps L1", "cleartext frames Gbps", "Mpps",
                   "wire Gbps L1 offered", "limited by", "bound Gbps (wire L1)", "trial µs"]
    lines = ["| " + " | ".join(h.replace("_", " ") for h in head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [str(r[a]) for a in axes] + [f"{r['throughput_cleartext_l1_gbps']:.1f}",
                                             f"{r['throughput_cleartext_frame_gbps']:.1f}", f"{r['throughput_mpps']:.1f}",
                                             f"{r['throughput_gbps']:.1f}", r["limiting_block"].replace("+", " + "),
                                             f"{r['limiting_bound_gbps']:.1f}", f"{r['trial_us']:.0f}"]
        lines.append("| " + " | ".join(cells) + " |")
    with open(f"{folder}/capacity.md", "w") as f:
        f.write("\n".join(lines) + "\n")
    return "capacity.md"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    folder = sys.argv[1]
    data, params = load(folder)
    rows = data["rows"]
    if not rows:
        sys.exit(f"{folder}/results.json: no rows to plot")
    drawn = {draw(rows, params, folder)
             for draw in (throughput_vs_frame_size, latency_vs_load, throughput_vs_tunnels, by_frame_size, capacity)}
    # A plot this sweep has no axis for must not survive from an earlier sweep into the same folder.
    for stale in {"throughput-vs-frame-size.svg", "latency-vs-load.svg", "throughput-vs-tunnels.svg",
                  "by-frame-size.md", "capacity.md"} - drawn:
        if os.path.exists(f"{folder}/{stale}"):
            os.remove(f"{folder}/{stale}")
    summary(rows, params, folder)


if __name__ == "__main__":
    main()
