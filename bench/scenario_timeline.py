#!/usr/bin/env python3
"""The blog scenario's packet walk over time, from the model: runs
`trio6sim run scenarios/blog-global-v4v6.yaml --vcd`, reads the per-unit output
rates the run samples into the VCD, re-bins them to 2 ms and writes an SVG
timeline (no plotting library needed) and a Markdown table.

usage: bench/scenario_timeline.py TRIO6SIM OUT_DIR
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIO = os.path.join(HERE, "..", "scenarios", "blog-global-v4v6.yaml")
# (VCD signal, label, colour): what the blog's packet walk reads [I].
SERIES = [
    ("PE1.st0_1_output_pps", "PE1 st0.1 output (to encrypt)", "#c0392b"),
    ("PE1.ae0_0_output_pps", "PE1 ae0.0 output (ESP to the core)", "#e67e22"),
    ("PE2.et-0_0_4_0_output_pps", "PE2 et-0/0/4.0 output (decrypted, to CE2)", "#2471a3"),
    ("PE1.et-0_2_10_0_output_pps", "PE1 et-0/2/10.0 output (decrypted, to CE1)", "#27ae60"),
]
BIN_PS = 2_000_000_000  # 2 ms: the phases start and stop on even milliseconds


def read_vcd(path):
    """Returns {dotted signal name: [(time_ps, value), ...]}."""
    codes, scope, series, t = {}, [], {}, 0
    with open(path) as f:
        for line in f:
            w = line.split()
            if not w:
                continue
            if w[0] == "$scope":
                scope.append(w[2])
            elif w[0] == "$upscope":
                scope.pop()
            elif w[0] == "$var":
                codes[w[3]] = ".".join(scope + [w[4]])
            elif w[0].startswith("#"):
                t = int(w[0][1:])
            elif w[0].startswith("r") and len(w) == 2 and w[1] in codes:
                series.setdefault(codes[w[1]], []).append((t, float(w[0][1:])))
    return series


def packets_per_bin(samples, end_ps):
    """Standard VCD reading: a value holds from its time stamp to the next
    change. The run samples every unit's rate over the interval that ends at
    the sample, so the step function lags by one sample interval (120 us in
    a 24 ms run); the packets it integrates to are exact."""
    bins = [0.0] * (end_ps // BIN_PS)
    for k, (t, v) in enumerate(samples):
        lo, hi = t, samples[k + 1][0] if k + 1 < len(samples) else end_ps
        while lo < hi:
            b = lo // BIN_PS
            edge = min(hi, (b + 1) * BIN_PS)
            if b < len(bins):
                bins[b] += v * (edge - lo) * 1e-12
            lo = edge
    return [n / (BIN_PS * 1e-12) for n in bins]


def svg(rates, end_ms, width=760, height=380, left=70, right=20, top=30, bottom=120):
    plot_w, plot_h = width - left - right, height - top - bottom
    top_rate = 25000
    x_of = lambda ms: left + plot_w * ms / end_ms
    y_of = lambda r: top + plot_h * (1 - min(r, top_rate) / top_rate)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{left}" y="18" font-size="14">Blog scenario: packets per second per unit (2 ms bins), from the model</text>']
    for r in range(0, top_rate + 1, 5000):
        parts.append(f'<line x1="{left}" y1="{y_of(r):.1f}" x2="{left + plot_w}" y2="{y_of(r):.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 8}" y="{y_of(r) + 4:.1f}" text-anchor="end">{r}</text>')
    for ms in range(0, end_ms + 1, 2):
        parts.append(f'<text x="{x_of(ms):.1f}" y="{top + plot_h + 16}" text-anchor="middle">{ms}</text>')
    parts.append(f'<text x="{left + plot_w / 2}" y="{top + plot_h + 34}" text-anchor="middle">simulated time (ms)</text>')
    for k, (name, label, colour) in enumerate(SERIES):
        step_ms = BIN_PS / 1e9
        pts = " ".join(f"{x_of((i + 0.5) * step_ms):.1f},{y_of(r):.1f}" for i, r in enumerate(rates[name]))
        dash = ' stroke-dasharray="6,3"' if k % 2 else ""
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2"{dash} points="{pts}"/>')
        y = top + plot_h + 52 + 16 * k
        parts.append(f'<line x1="{left}" y1="{y - 4}" x2="{left + 24}" y2="{y - 4}" stroke="{colour}" stroke-width="2"{dash}/>')
        parts.append(f'<text x="{left + 30}" y="{y}">{label}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    trio6sim, out_dir = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        vcd = os.path.join(tmp, "blog.vcd")
        subprocess.run([trio6sim, "run", SCENARIO, "--quiet", "--vcd", vcd], check=True, capture_output=True)
        series = read_vcd(vcd)
    end_ps = max(t for s in series.values() for t, _ in s)
    bins = round(end_ps / BIN_PS)
    end_ms = bins * BIN_PS // 1_000_000_000
    rates = {name: packets_per_bin(series.get(name, []), bins * BIN_PS) for name, _, _ in SERIES}
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "blog-scenario-timeline.svg"), "w") as f:
        f.write(svg(rates, end_ms))
    print("| ms | " + " | ".join(label for _, label, _ in SERIES) + " |")
    print("| --- |" + " --- |" * len(SERIES))
    step = BIN_PS // 1_000_000_000
    for i in range(bins):
        print(f"| {i * step}-{(i + 1) * step} | " + " | ".join(f"{rates[name][i]:.0f}" for name, _, _ in SERIES) + " |")


if __name__ == "__main__":
    main()
