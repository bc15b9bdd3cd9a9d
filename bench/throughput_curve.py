#!/usr/bin/env python3
"""Throughput against frame size from the chip model itself: runs
`trio6sim probe --json` for each frame size and direction, then writes an SVG
chart and a Markdown table (no plotting library needed).

usage: bench/throughput_curve.py TRIO6SIM OUT_DIR [--duration 200us]
"""
import json
import subprocess
import sys

SIZES = [64, 78, 128, 256, 512, 570, 1024, 1450, 1500]
DIRECTIONS = ["encrypt", "decrypt", "clear"]
COLOURS = {"encrypt": "#c0392b", "decrypt": "#2471a3", "clear": "#7f8c8d"}


def probe(trio6sim, size, direction, duration):
    out = subprocess.run([trio6sim, "probe", "--frame-size", str(size), "--family", "ipv4", "--offered", "400g",
                          "--direction", direction, "--tunnels", "1", "--slices", "1", "--duration", duration,
                          "--timing-only", "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def svg(results, width=720, height=420, left=60, bottom=50, top=30, right=150):
    plot_w, plot_h = width - left - right, height - top - bottom
    x_of = lambda i: left + plot_w * i / (len(SIZES) - 1)
    y_of = lambda g: top + plot_h * (1 - g / 400.0)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{left}" y="18" font-size="14">Delivered throughput (L1 Gbps), 400 Gbps offered into one slice, one tunnel</text>']
    for g in range(0, 401, 100):
        y = y_of(g)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{g}</text>')
    for i, s in enumerate(SIZES):
        parts.append(f'<text x="{x_of(i):.1f}" y="{top + plot_h + 18}" text-anchor="middle">{s}</text>')
    parts.append(f'<text x="{left + plot_w / 2}" y="{height - 10}" text-anchor="middle">frame size (bytes)</text>')
    for k, d in enumerate(DIRECTIONS):
        pts = " ".join(f"{x_of(i):.1f},{y_of(results[d][s]['delivered_gbps']):.1f}" for i, s in enumerate(SIZES))
        parts.append(f'<polyline fill="none" stroke="{COLOURS[d]}" stroke-width="2" points="{pts}"/>')
        for i, s in enumerate(SIZES):
            parts.append(f'<circle cx="{x_of(i):.1f}" cy="{y_of(results[d][s]["delivered_gbps"]):.1f}" r="3" fill="{COLOURS[d]}"/>')
        ly = top + 20 + 20 * k
        parts.append(f'<line x1="{left + plot_w + 15}" y1="{ly}" x2="{left + plot_w + 40}" y2="{ly}" stroke="{COLOURS[d]}" stroke-width="2"/>')
        parts.append(f'<text x="{left + plot_w + 45}" y="{ly + 4}">{d}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    trio6sim, out_dir = sys.argv[1], sys.argv[2]
    duration = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--duration" else "200us"
    results = {d: {s: probe(trio6sim, s, d, duration) for s in SIZES} for d in DIRECTIONS}
    with open(f"{out_dir}/throughput-vs-frame-size.svg", "w") as f:
        f.write(svg(results))
    lines = ["| frame B | " + " | ".join(f"{d} Gbps | {d} Mpps | {d} bound by" for d in DIRECTIONS) + " |",
             "|" + "---|" * (1 + 3 * len(DIRECTIONS))]
    for s in SIZES:
        cells = []
        for d in DIRECTIONS:
            r = results[d][s]
            cells += [f"{r['delivered_gbps']:.1f}", f"{r['delivered_mpps']:.1f}", r["saturated_block"]]
        lines.append(f"| {s} | " + " | ".join(cells) + " |")
    with open(f"{out_dir}/throughput-vs-frame-size.md", "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
