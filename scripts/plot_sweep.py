#!/usr/bin/env python3
"""Plots of a `trio6sim sweep` output folder, and its summary tables.

usage: scripts/plot_sweep.py DIR [--units cleartext|wire]

Reads DIR/results.json and writes, for the axes that vary in the sweep:
  summary.md                    one Markdown table row per point
  by-frame-size.md              when frame sizes vary: a row per size, a column per line
  capacity.md                   `load: throughput` sweeps: loss-free capacity per point
  throughput-vs-frame-size.svg  delivered Gbps (L1) against frame size
  latency-vs-load.svg           p50 and p99 latency against offered load
  throughput-vs-tunnels.svg     delivered Gbps (L1) against the tunnel count
  scenario-vs-load.svg          a scenario sweep (plot_scenario_sweep.py): lost share and
                                p99 latency per stream, busiest block per device
each plot also as a .png beside its .svg. Rates are the customer's cleartext
(frames as the customer sent them, plus preamble and gap) unless
`--units wire` asks for what the ports carry (ESP frames where encrypted).
One varying axis is the x axis, the next makes the lines, and every further
varying axis makes small multiples: a panel per combination of its values
(at most 24 panels; beyond that the plot is not drawn and the message names
the axes to fix). Each plot is titled with what was held fixed. The
published 300 Gbps per PFE and 600 Gbps per chip [I,T] is, as far as the
model can tell, the PG0 IPsec loopback's rate (docs/probe.md), which carries
ESP frames when encrypting: a horizontal line on the wire axis, and on the
cleartext axis the cleartext that fills the loopback at each point's frame
size (a dashed curve).

`trio6sim sweep` runs it after a single run or a merge. Outputs are
byte-identical for identical results (fixed SVG hash salt, no date or
version in the files), so a merge draws the same files as a single run.
The tables need only Python; the plots need python3-matplotlib (Debian).
Without matplotlib the tables are written and the exit status is 3.
"""
import json
import math
import os
import sys

# plot_scenario_sweep.py is beside this script (installed beside it too);
# merge-sweep.sh runs this file through runpy, which does not put its
# folder on the path.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot_scenario_sweep  # noqa: E402

AXES = ["frame_size", "family", "direction", "slices", "tunnels", "load_gbps"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "<", ">", "h", "*", "p"]
PUBLISHED = {1: (300, "300 Gbps per PFE"), 2: (600, "600 Gbps per chip")}
MAX_PANELS = 24
PLOTS = ["throughput-vs-frame-size", "latency-vs-load", "throughput-vs-tunnels", "scenario-vs-load"]
TABLES = ["by-frame-size.md", "capacity.md"]
NO_MATPLOTLIB = 3


def load(folder):
    with open(f"{folder}/results.json") as f:
        data = json.load(f)
    names = [c["name"] for c in data["columns"]]
    if plot_scenario_sweep.is_scenario_sweep(data):
        return data, []
    # Chip parameters by --set key sit between the fixed axes and the measurements.
    params = names[names.index("load_gbps") + 1:names.index("offered_l1_gbps")] if names else []
    return data, params


def throughput_sweep(rows):
    return "throughput_gbps" in rows[0]


def varying(rows, axes):
    return [a for a in axes if len({str(r[a]) for r in rows}) > 1]


def value_label(axis, v):
    if axis == "frame_size":
        return f"{v} B" if str(v).isdigit() else str(v).upper()
    if axis == "family":
        return {"ipv4": "IPv4", "ipv6": "IPv6"}.get(v, str(v))
    if axis == "slices":
        return f"{v} slice" + ("s" if v != 1 else "")
    if axis == "tunnels":
        return f"{v} tunnel" + ("s" if v != 1 else "")
    if axis == "load_gbps":
        return f"{v:g}G offered"
    if "." in axis:  # a chip parameter by its --set key
        return f"{axis}={v}"
    return str(v)


def label_of(row, axes):
    return ", ".join(value_label(a, row[a]) for a in axes) or "all points"


def groups(rows, axes):
    """Rows by their values of `axes`, in the order the sweep first meets each."""
    out = {}
    for r in rows:
        out.setdefault(tuple(str(r[a]) for a in axes), []).append(r)
    return out


class Units:
    """The rates a plot shows: the customer's cleartext (default) or the wire's."""

    def __init__(self, rows, wanted):
        # Results from before the cleartext columns can only be shown as the wire's.
        self.cleartext = wanted == "cleartext" and "delivered_cleartext_l1_gbps" in rows[0]
        self.name = "customer cleartext" if self.cleartext else "wire"

    def delivered(self, r):
        return r["delivered_cleartext_l1_gbps"] if self.cleartext else r["delivered_l1_gbps"]

    def offered(self, r):
        return r["offered_cleartext_l1_gbps"] if self.cleartext else r["offered_l1_gbps"]

    def axis_label(self, what):
        if self.cleartext:
            return f"{what} Gbps, customer cleartext (L1)"
        return f"{what} Gbps, wire (L1; ESP where encrypted)"


def esp_share(r):
    """The customer's cleartext L1 over what the PG0 IPsec loopback carries for
    this point's packets: the ESP frames of what is encrypted, the decrypted
    frames of what is decrypted (a decrypt at 1,500 B delivers 295 Gbps of
    cleartext, more than 300 Gbps of its ESP frames would carry). None for
    clear traffic."""
    if r["direction"] == "clear" or "delivered_cleartext_l1_gbps" not in r:
        return None
    oc, dc, ow, dw = (r["offered_cleartext_l1_gbps"], r["delivered_cleartext_l1_gbps"], r["offered_l1_gbps"],
                      r["delivered_l1_gbps"])
    if r["direction"] == "encrypt":
        return dc / dw if dw > 0 else None  # the same packets: cleartext in, ESP out
    if r["direction"] == "decrypt":
        return 1.0
    # Both ways, half each: the ports see as much ESP as cleartext beyond the customer's.
    clear, esp = (oc + dc) / 2, ow + dw - (oc + dc) / 2
    return 2 * clear / (esp + clear) if esp + clear > 0 else None


def published(panel, rows, units, x_of, line_axes, colors, vertical=False):
    """The published figure for the slices these rows use, on the axis it belongs to."""
    drawn = False
    for slices in sorted({r["slices"] for r in rows if r["direction"] != "clear"}):
        if slices not in PUBLISHED:
            continue
        gbps, text = PUBLISHED[slices]
        label = f"published {text} [I,T]: the loopback's ESP wire L1"
        if not units.cleartext:
            if vertical:
                panel.axvline(gbps, color="black", linestyle=":", linewidth=0.8)
            else:
                panel.axhline(gbps, color="black", linestyle="--", linewidth=0.8)
                panel.text(0.01, gbps, label, va="bottom", fontsize=7, transform=panel.get_yaxis_transform())
            drawn = True
            continue
        # On the cleartext axis the published wire rate is the cleartext that fills it at each point.
        curves = {}
        for key, g in groups([r for r in rows if r["slices"] == slices], line_axes).items():
            pts = sorted((x_of(r), gbps * esp_share(r)) for r in g
                         if esp_share(r) is not None and str(r["frame_size"]).isdigit())
            if pts:
                curves.setdefault(tuple(round(y, 1) for _, y in pts), (key, pts))
        for key, pts in curves.values():
            color = colors.get(key, "black") if len(curves) > 1 else "black"
            if vertical:  # one frame size per line: one rate
                panel.axvline(sum(y for _, y in pts) / len(pts), color=color, linestyle=":", linewidth=0.8)
            else:
                panel.plot([x for x, _ in pts], [y for _, y in pts], color=color, linestyle="--", linewidth=0.8)
        if curves and not vertical:
            x, y = max(next(iter(curves.values()))[1])
            panel.annotate(f"published {text} [I,T] as cleartext", (x, y), textcoords="offset points",
                           xytext=(-4, 3), ha="right", va="bottom", fontsize=7)
        drawn = drawn or bool(curves)
    return drawn


class Layout:
    """x axis, line axis and panel axes of a plot, and what stayed fixed."""

    def __init__(self, rows, params, x_axis, line_order, name):
        self.skip_load = throughput_sweep(rows)  # there the load is what the search found, not an axis
        axes = [a for a in AXES + params if a != x_axis and not (self.skip_load and a == "load_gbps")]
        vary = varying(rows, axes)
        self.lines = [a for a in line_order + params if a in vary][:1]
        self.panel_axes = [a for a in vary if a not in self.lines]
        self.fixed = [a for a in axes if a not in vary]
        self.panels = groups(rows, self.panel_axes)
        self.too_many = len(self.panels) > MAX_PANELS
        if self.too_many:
            counts = ", ".join(f"{a} ({len({str(r[a]) for r in rows})} values)" for a in self.panel_axes)
            print(f"plot_sweep.py: {name} not drawn: {len(self.panels)} panels, one per combination of {counts}; "
                  f"fix some of these axes (one value each in the sweep file) to draw it", file=sys.stderr)

    def title(self, rows, what, units):
        held = [value_label(a, rows[0][a]) for a in self.fixed]
        if self.skip_load:
            held.append("each point at its loss-free throughput")
        sweep = rows[0].get("_sweep", "")
        return (f"{sweep}: {what} ({units.name})\n" if sweep else f"{what} ({units.name})\n") + \
            "held fixed: " + (", ".join(held) if held else "nothing")

    def colors(self, plt, rows):
        """A color per line, the same in every panel."""
        cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        return {key: cycle[i % len(cycle)] for i, key in enumerate(groups(rows, self.lines))}

    def figure(self, plt, width=5.2, height=3.8):
        n = len(self.panels)
        cols = min(n, 3)
        rows = math.ceil(n / cols)
        fig, grid = plt.subplots(rows, cols, figsize=(width * cols + 1.8, height * rows + 0.7), squeeze=False,
                                 sharey=True, layout="constrained")
        panels = [p for row in grid for p in row]
        for extra in panels[n:]:
            extra.remove()
        return fig, list(zip(panels, self.panels.values()))


def finish(fig, panels, layout, handles, extra_handles=None, extra_title=None):
    for i, (panel, g) in enumerate(panels):
        if i % 3:  # the y axis is shared: its label once a row
            panel.set_ylabel("")
        if layout.panel_axes:
            panel.set_title(label_of(g[0], layout.panel_axes), fontsize=9)
        panel.grid(True, which="both", alpha=0.3)
    # One legend for all panels, beside them, so it covers no data.
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7,
                        title=" / ".join(a.replace("_", " ") for a in layout.lines) or None)
    if extra_handles:  # a figure keeps every legend it is given
        fig.legend(handles=extra_handles, loc="lower left", bbox_to_anchor=(1.0, 0.0), fontsize=7, title=extra_title)


# The run conditions of the results (results.json's "provenance", absent
# from results written before it): one line under every plot and in
# summary.md, so a figure carries what produced it.
PROVENANCE = {}


def provenance_line():
    p = PROVENANCE
    if not p:
        return ""
    parts = [f"trio6sim {p.get('simulator', '?')}", f"sweep file sha256 {str(p.get('sweep_file_sha256', ''))[:12]}"]
    if p.get("scenario"):
        parts.append(f"scenario {p['scenario']} sha256 {str(p.get('scenario_sha256', ''))[:12]}")
    parts += [f"seed {p.get('seed', '?')}", f"duration {p.get('duration_ps', 0) / 1e6:g} us",
              f"warm-up {p.get('warmup_ps', 0) / 1e6:g} us"]
    parts += [f"{k} {v}" for k, v in sorted((p.get("parameters") or {}).items())]
    return " · ".join(parts)


def save(plt, fig, folder, stem):
    if PROVENANCE:
        fig.text(0.0, 0.0, provenance_line(), fontsize=6, color="0.35", ha="left", va="top",
                 transform=fig.transFigure)
    fig.savefig(f"{folder}/{stem}.svg", format="svg", metadata={"Date": None}, bbox_inches="tight")
    fig.savefig(f"{folder}/{stem}.png", format="png", dpi=110, metadata={"Software": None}, bbox_inches="tight")
    plt.close(fig)
    return stem


def throughput_vs_frame_size(plt, rows, params, folder, units):
    sized = [r for r in rows if str(r["frame_size"]).isdigit()]
    if len({r["frame_size"] for r in sized}) < 2:
        return None
    layout = Layout(rows, params, "frame_size", ["direction", "family", "slices", "tunnels", "load_gbps"],
                    "throughput-vs-frame-size")
    if layout.too_many:
        return None
    block_of = "limiting_block" if "limiting_block" in rows[0] else "saturated_block"
    blocks = sorted({r[block_of] for r in rows})
    marker = {b: MARKERS[i % len(MARKERS)] for i, b in enumerate(blocks)}
    fig, panels = layout.figure(plt)
    colors = layout.colors(plt, rows)
    handles = {}
    top = max(max(units.offered(r), units.delivered(r)) for r in rows)
    sizes = sorted({int(r["frame_size"]) for r in sized})
    shown = []  # from the largest down: sizes within 12% of a labelled one stay unlabelled
    for size in reversed(sizes):
        if not shown or size * 1.12 < shown[-1]:
            shown.append(size)
    shown.reverse()
    for panel, mine in panels:
        for key, g in groups(mine, layout.lines).items():
            line = sorted((r for r in g if str(r["frame_size"]).isdigit()), key=lambda r: r["mean_frame_bytes"])
            handle, = panel.plot([r["mean_frame_bytes"] for r in line], [units.delivered(r) for r in line],
                                 color=colors[key], label=label_of(g[0], layout.lines), linewidth=1.5)
            handles.setdefault(key, handle)
            for r in g:
                imix = not str(r["frame_size"]).isdigit()
                panel.plot(r["mean_frame_bytes"], units.delivered(r), marker="*" if imix else marker[r[block_of]],
                           markersize=11 if imix else 6, color=colors[key], linestyle="none")
                if imix:
                    panel.annotate(str(r["frame_size"]).upper(), (r["mean_frame_bytes"], units.delivered(r)),
                                   textcoords="offset points", xytext=(4, -11), fontsize=7)
        published(panel, mine, units, lambda r: r["mean_frame_bytes"], layout.lines, colors)
        panel.set_xscale("log", base=2)
        panel.set_xticks(shown)
        panel.set_xticklabels([str(s) for s in shown], rotation=45)
        panel.minorticks_off()
        panel.set_ylim(0, top * 1.08)
        panel.set_xlabel("cleartext frame size (bytes; IMIX at its mean)")
        panel.set_ylabel(units.axis_label("delivered"))
    shapes = [plt.Line2D([], [], marker=marker[b], color="grey", linestyle="none", label=b.replace("+", " + "))
              for b in blocks]
    finish(fig, panels, layout, list(handles.values()), shapes,
           "limited by" if block_of == "limiting_block" else "saturated block")
    fig.suptitle(layout.title(rows, "delivered throughput against frame size", units), fontsize=10)
    return save(plt, fig, folder, "throughput-vs-frame-size")


def latency_vs_load(plt, rows, params, folder, units):
    if throughput_sweep(rows) or len({r["load_gbps"] for r in rows}) < 2:
        return None
    layout = Layout(rows, params, "load_gbps", ["frame_size", "direction", "family", "slices", "tunnels"],
                    "latency-vs-load")
    if layout.too_many:
        return None
    fig, panels = layout.figure(plt)
    colors = layout.colors(plt, rows)
    handles = []
    for panel, mine in panels:
        for key, g in groups(mine, layout.lines).items():
            g = sorted(g, key=lambda r: r["load_gbps"])
            x = [units.offered(r) for r in g]
            name = label_of(g[0], layout.lines)
            h50, = panel.plot(x, [r["latency_p50_ns"] / 1000 for r in g], marker="o", markersize=3,
                              color=colors[key], label=f"{name} p50")
            h99, = panel.plot(x, [r["latency_p99_ns"] / 1000 for r in g], marker="^", markersize=3, linestyle="--",
                              color=colors[key], label=f"{name} p99")
            if panel is panels[0][0]:
                handles += [h50, h99]
        if published(panel, mine, units, lambda r: r["load_gbps"], layout.lines, colors, vertical=True):
            panel.text(0.99, 0.02, "dotted: published per-PFE rate [I,T]" +
                       (" as cleartext" if units.cleartext else ""), ha="right", fontsize=7,
                       transform=panel.transAxes)
        panel.set_xlabel(units.axis_label("offered"))
        panel.set_ylabel("latency (µs)")
        panel.set_ylim(0, max(r["latency_p99_ns"] for r in rows) / 1000 * 1.1)
    finish(fig, panels, layout, handles)
    fig.suptitle(layout.title(rows, "latency against offered load", units), fontsize=10)
    return save(plt, fig, folder, "latency-vs-load")


def throughput_vs_tunnels(plt, rows, params, folder, units):
    tunnel_counts = {r["tunnels"] for r in rows}
    if len(tunnel_counts) < 2:
        return None
    if len(groups(rows, ["tunnels", "slices"])) == len(tunnel_counts) == len({r["slices"] for r in rows}):
        return None  # a tunnel per slice: the slices' plot, not the tunnels'
    layout = Layout(rows, params, "tunnels", ["frame_size", "direction", "family", "slices", "load_gbps"],
                    "throughput-vs-tunnels")
    if layout.too_many:
        return None
    fig, panels = layout.figure(plt)
    colors = layout.colors(plt, rows)
    handles = {}
    counts = sorted({r["tunnels"] for r in rows})
    for panel, mine in panels:
        for key, g in groups(mine, layout.lines).items():
            g = sorted(g, key=lambda r: r["tunnels"])
            handles.setdefault(key, panel.plot([r["tunnels"] for r in g], [units.delivered(r) for r in g],
                                               marker="o", markersize=4, color=colors[key],
                                               label=label_of(g[0], layout.lines))[0])
        published(panel, mine, units, lambda r: r["tunnels"], layout.lines, colors)
        panel.set_xscale("log", base=2)
        panel.set_xticks(counts)
        panel.set_xticklabels([str(c) for c in counts], rotation=45)
        panel.minorticks_off()
        panel.set_xlabel("tunnels")
        panel.set_ylabel(units.axis_label("delivered"))
        panel.set_ylim(0, max(max(units.offered(r), units.delivered(r)) for r in rows) * 1.08)
    finish(fig, panels, layout, list(handles.values()))
    fig.suptitle(layout.title(rows, "delivered throughput against tunnel count", units), fontsize=10)
    return save(plt, fig, folder, "throughput-vs-tunnels")


def markdown(head, lines):
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(cells) + " |" for cells in lines]
    return "\n".join(out) + "\n"


def cleartext(r, key, wire_key):
    """A cleartext column, or the wire's for results from before it existed."""
    return r.get(key, r[wire_key])


def summary(rows, params, folder):
    axes = varying(rows, AXES + params) or ["frame_size"]
    head = [a.replace("_", " ") for a in axes] + [
        "offered cleartext Gbps L1", "delivered cleartext Gbps L1", "delivered cleartext frames Gbps",
        "delivered wire Gbps L1", "delivered Mpps", "p50 µs", "p99 µs", "dropped", "limited by", "dropped at"]
    lines = []
    for r in rows:
        lines.append([str(r[a]) for a in axes] + [
            f"{cleartext(r, 'offered_cleartext_l1_gbps', 'offered_l1_gbps'):.1f}",
            f"{cleartext(r, 'delivered_cleartext_l1_gbps', 'delivered_l1_gbps'):.1f}",
            f"{r['delivered_goodput_gbps']:.1f}", f"{r['delivered_l1_gbps']:.1f}", f"{r['delivered_mpps']:.1f}",
            f"{r['latency_p50_ns'] / 1000:.1f}", f"{r['latency_p99_ns'] / 1000:.1f}", str(r["dropped_packets"]),
            r.get("limiting_block", r["saturated_block"]).replace("+", " + "), r.get("drop_place", "")])
    with open(f"{folder}/summary.md", "w") as f:
        f.write(markdown(head, lines) + provenance_note())


def by_frame_size(rows, params, folder):
    """A pivot for docs: a row per frame size, a column per line of the frame-size plot."""
    if len({r["frame_size"] for r in rows}) < 2:
        return None
    others = varying(rows, ["family", "direction", "slices", "tunnels"] +
                     ([] if throughput_sweep(rows) else ["load_gbps"]) + params)
    columns = groups(rows, others)
    sizes = sorted({(r["mean_frame_bytes"], r["frame_size"]) for r in rows})
    head = ["frame B"] + [label_of(g[0], others) for g in columns.values()]
    lines = []
    for mean, size in sizes:
        cells = [size if size.isdigit() else f"{size.upper()} ({mean:.0f} B mean)"]
        for g in columns.values():
            hit = [r for r in g if r["frame_size"] == size]
            if not hit:
                cells.append("")
                continue
            r = hit[0]
            cells.append(f"{cleartext(r, 'delivered_cleartext_l1_gbps', 'delivered_l1_gbps'):.1f} "
                         f"({r['delivered_l1_gbps']:.1f} wire) Gbps, {r['delivered_mpps']:.1f} Mpps, "
                         + r.get("limiting_block", r["saturated_block"]).replace("+", " + "))
        lines.append(cells)
    with open(f"{folder}/by-frame-size.md", "w") as f:
        f.write(markdown(head, lines))
    return "by-frame-size.md"


def capacity(rows, params, folder):
    """For `load: throughput` sweeps: a planner's table of loss-free throughput in customer units."""
    if not throughput_sweep(rows):
        return None
    axes = varying(rows, [a for a in AXES if a != "load_gbps"] + params) or ["frame_size"]
    head = [a.replace("_", " ") for a in axes] + [
        "loss-free, customer cleartext Gbps L1", "cleartext frames Gbps", "Mpps", "wire Gbps L1 offered",
        "limited by", "bound Gbps (wire L1)", "trial µs"]
    lines = []
    for r in rows:
        lines.append([str(r[a]) for a in axes] + [
            f"{r['throughput_cleartext_l1_gbps']:.1f}", f"{r['throughput_cleartext_frame_gbps']:.1f}",
            f"{r['throughput_mpps']:.1f}", f"{r['throughput_gbps']:.1f}", r["limiting_block"].replace("+", " + "),
            f"{r['limiting_bound_gbps']:.1f}", f"{r['trial_us']:.0f}"])
    with open(f"{folder}/capacity.md", "w") as f:
        f.write(markdown(head, lines))
    return "capacity.md"


def remove_stale(folder, keep):
    # A file this sweep has no axis for must not survive from an earlier sweep into the same folder.
    for name in TABLES + [f"{p}.{ext}" for p in PLOTS for ext in ("svg", "png")]:
        if name not in keep and os.path.exists(f"{folder}/{name}"):
            os.remove(f"{folder}/{name}")


def main():
    args = sys.argv[1:]
    wanted = "cleartext"
    if "--units" in args:
        i = args.index("--units")
        wanted = args[i + 1] if i + 1 < len(args) else ""
        del args[i:i + 2]
        if wanted not in ("cleartext", "wire"):
            sys.exit("plot_sweep.py: --units takes cleartext or wire")
    if len(args) != 1:
        sys.exit(__doc__)
    folder = args[0]
    data, params = load(folder)
    PROVENANCE.update(data.get("provenance") or {})
    rows = data["rows"]
    if not rows:
        sys.exit(f"{folder}/results.json: no rows to plot")
    for r in rows:
        r["_sweep"] = data.get("sweep", "")
    if plot_scenario_sweep.is_scenario_sweep(data):
        sys.exit(scenario_main(data, folder))
    kept = {table(rows, params, folder) for table in (by_frame_size, capacity)}
    summary(rows, params, folder)
    try:
        import matplotlib
    except ImportError:
        remove_stale(folder, kept | {f"{p}.{ext}" for p in PLOTS for ext in ("svg", "png")})
        print(f"plot_sweep.py: {folder}: tables written; the plots need matplotlib, which {sys.executable} lacks "
              "(Debian: python3-matplotlib)", file=sys.stderr)
        sys.exit(NO_MATPLOTLIB)
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.rcParams["svg.hashsalt"] = "trio6sim"  # element ids from this, not from a random source
    plt.rcParams["svg.fonttype"] = "none"      # text as text: smaller and independent of the fonts installed
    plt.rcParams["font.size"] = 9
    units = Units(rows, wanted)
    for draw in (throughput_vs_frame_size, latency_vs_load, throughput_vs_tunnels):
        stem = draw(plt, rows, params, folder, units)
        if stem:
            kept |= {f"{stem}.svg", f"{stem}.png"}
    remove_stale(folder, kept)


def provenance_note():
    return f"\nRun conditions: {provenance_line()}; command: `{PROVENANCE.get('command', '')}`\n" if PROVENANCE else ""


def scenario_main(data, folder):
    """A scenario sweep: its own table and plot (plot_scenario_sweep.py); the exit status."""
    try:
        import matplotlib
    except ImportError:
        matplotlib = None
    plt = None
    if matplotlib:
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        plt.rcParams["svg.hashsalt"] = "trio6sim"
        plt.rcParams["svg.fonttype"] = "none"
        plt.rcParams["font.size"] = 9
    kept = plot_scenario_sweep.main_scenario(data, folder, plt, markdown, provenance_note(), save)
    remove_stale(folder, kept)
    if not matplotlib:
        print(f"plot_sweep.py: {folder}: tables written; the plots need matplotlib, which {sys.executable} lacks "
              "(Debian: python3-matplotlib)", file=sys.stderr)
        return NO_MATPLOTLIB
    return 0


if __name__ == "__main__":
    main()
