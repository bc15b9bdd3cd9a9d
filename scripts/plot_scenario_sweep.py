"""A scenario sweep's table and plot, for plot_sweep.py (results.json whose
provenance names a scenario; docs/sweep.md, "Scenario sweeps").

  summary.md               a row per point: its knobs, delivered of offered, lost,
                           loss-free, each device's limiting block and its utilization
  scenario-vs-load.svg     against the first varying knob (the load scale when it
                           varies): each stream's lost share and p99 latency, each
                           device's busiest block's utilization; a line per
                           combination of the other varying knobs (and .png).
                           A `load: throughput` sweep: the loss-free scale found.
"""
import math

STEM = "scenario-vs-load"
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "<", ">", "h", "*", "p"]
STYLES = ["-", "--", ":", "-."]
COLORS = ["C0", "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9"]


def knobs(names):
    """The point's knobs and chip parameters: the columns between 'point' and the measurements."""
    return names[names.index("point") + 1:names.index("offered_packets")]


def varying(rows, columns):
    return [c for c in columns if len({str(r[c]) for r in rows}) > 1]


def prefixed(names, prefix, suffix):
    return [n[len(prefix):-len(suffix)] for n in names if n.startswith(prefix) and n.endswith(suffix)]


def numeric(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def table(rows, names, markdown, provenance_note):
    axes = varying(rows, knobs(names)) or knobs(names)[:1]
    devices = prefixed(names, "device.", ".limiting_block")
    search = "throughput_scale" in names
    head = [a for a in axes] + (["loss-free scale", "lost beyond it at"] if search else []) + \
        ["delivered / offered", "lost", "dropped", "loss-free"] + [f"{d}: limited by (utilization)" for d in devices]
    lines = []
    for r in rows:
        found = ([f"{r['throughput_scale']:g}" + ("" if r["throughput_found"] == "yes" else " (not found)"),
                  r["throughput_limited_by"]] if search else [])
        lines.append([str(r[a]) for a in axes] + found + [
            f"{r['delivered_packets']} / {r['offered_packets']}", str(r["lost_packets"]), str(r["dropped_packets"]),
            r["loss_free"]] + [f"{r[f'device.{d}.limiting_block']} ({r[f'device.{d}.limiting_utilization']:.3f})"
                               for d in devices])
    return markdown(head, lines) + provenance_note


def plot(plt, rows, names, folder, save, sweep):
    """Draws the plot; returns its stem, or None when no knob varies."""
    axes = varying(rows, knobs(names))
    if not axes:
        return None
    x_axis = axes[0]
    lines_axes = axes[1:]
    xs = [numeric(r[x_axis]) for r in rows]
    categorical = any(x is None for x in xs)
    categories = list(dict.fromkeys(str(r[x_axis]) for r in rows))
    x_of = (lambda r: categories.index(str(r[x_axis]))) if categorical else (lambda r: float(r[x_axis]))
    streams = prefixed(names, "stream.", ".tx_packets")
    devices = prefixed(names, "device.", ".limiting_block")
    groups = {}
    for r in rows:
        groups.setdefault(tuple(str(r[a]) for a in lines_axes), []).append(r)

    if "throughput_scale" in names:
        return plot_search(plt, rows, folder, save, sweep, x_axis, x_of, groups, lines_axes, categorical, categories,
                           held=[f"{a}={rows[0][a]}" for a in knobs(names) if a not in axes])
    fig, panels = plt.subplots(1, 3, figsize=(15.5, 4.2), layout="constrained")
    what = [("lost (% of sent)", lambda r, s: 100.0 * r[f"stream.{s}.lost_packets"] / max(r[f"stream.{s}.tx_packets"], 1), streams),
            ("p99 latency (µs)", lambda r, s: r[f"stream.{s}.latency_p99_ns"] / 1000.0, streams),
            ("busiest block's utilization", lambda r, d: r[f"device.{d}.limiting_utilization"], devices)]
    handles = []
    for panel, (label, value, series) in zip(panels, what):
        for gi, (key, members) in enumerate(sorted(groups.items())):
            members = sorted(members, key=x_of)
            for si, s in enumerate(series):
                name = s + (" · " + ", ".join(f"{a}={v}" for a, v in zip(lines_axes, key)) if lines_axes else "")
                # A stream's (device's) colour, a combination's line style.
                h, = panel.plot([x_of(r) for r in members], [value(r, s) for r in members],
                                color=COLORS[si % len(COLORS)], linestyle=STYLES[gi % len(STYLES)],
                                marker=MARKERS[gi % len(MARKERS)], markersize=4, linewidth=1, label=name)
                if panel is panels[0] or panel is panels[2]:
                    handles.append(h)
        panel.set_xlabel(x_axis.replace("_", " "))
        panel.set_ylabel(label)
        panel.grid(True, alpha=0.3)
        if categorical:
            panel.set_xticks(range(len(categories)), categories, rotation=20, fontsize=7)
    panels[2].set_ylim(0, 1.05)
    held = [f"{a}={rows[0][a]}" for a in knobs(names) if a not in axes]
    fig.suptitle(f"{sweep}: the scenario against {x_axis.replace('_', ' ')}\nheld fixed: "
                 f"{', '.join(held) if held else 'nothing'}", fontsize=9)
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
    return save(plt, fig, folder, STEM)


def plot_search(plt, rows, folder, save, sweep, x_axis, x_of, groups, lines_axes, categorical, categories, held):
    """A throughput search's answer: the highest loss-free scale against the first varying knob."""
    fig, panel = plt.subplots(figsize=(6.5, 4.2), layout="constrained")
    for gi, (key, members) in enumerate(sorted(groups.items())):
        members = sorted(members, key=x_of)
        label = ", ".join(f"{a}={v}" for a, v in zip(lines_axes, key)) or None
        panel.plot([x_of(r) for r in members], [r["throughput_scale"] for r in members], color=COLORS[gi % len(COLORS)],
                   marker=MARKERS[gi % len(MARKERS)], markersize=4, linewidth=1, label=label)
    panel.set_xlabel(x_axis.replace("_", " "))
    panel.set_ylabel("highest loss-free scale_rates")
    panel.set_ylim(bottom=0)
    panel.grid(True, alpha=0.3)
    if categorical:
        panel.set_xticks(range(len(categories)), categories, rotation=20, fontsize=7)
    if lines_axes:
        panel.legend(fontsize=7)
    fig.suptitle(f"{sweep}: loss-free load scale in the scenario's window\nheld fixed: "
                 f"{', '.join(held) if held else 'nothing'}", fontsize=9)
    return save(plt, fig, folder, STEM)


def is_scenario_sweep(data):
    return bool((data.get("provenance") or {}).get("scenario"))


def main_scenario(data, folder, plt_or_none, markdown, provenance_note, save):
    """Writes summary.md and, with matplotlib, the plot; returns the file names written."""
    names = [c["name"] for c in data["columns"]]
    rows = data["rows"]
    with open(f"{folder}/summary.md", "w") as f:
        f.write(table(rows, names, markdown, provenance_note))
    kept = {"summary.md"}
    if plt_or_none is not None:
        stem = plot(plt_or_none, rows, names, folder, save, data.get("sweep", ""))
        if stem:
            kept |= {f"{stem}.svg", f"{stem}.png"}
    return kept
