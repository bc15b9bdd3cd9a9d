#!/usr/bin/env python3
"""plot_sweep.py on a small made-up results.json whose frame-size plot has
more than two varying axes: frame size (x), direction (lines), and family and
tunnels (a panel per combination, 4 panels). Checks the panels, the PNG
beside the SVG, the title naming what was held fixed, the cleartext axis,
and that a sweep needing more than 24 panels is refused by axis name.

usage: plot_sweep_test.py PLOT_SWEEP.py    (exit 77, skipped, without matplotlib)
"""
import json
import os
import re
import subprocess
import sys
import tempfile

script = sys.argv[1]
python = os.environ.get("TRIO6SIM_PYTHON", "/usr/bin/python3")
if subprocess.run([python, "-c", "import matplotlib"], capture_output=True).returncode != 0:
    print(f"skipped: {python} has no matplotlib")
    sys.exit(77)

COLUMNS = ["point", "frame_size", "mean_frame_bytes", "family", "direction", "slices", "tunnels", "load_gbps",
           "offered_l1_gbps", "delivered_l1_gbps", "offered_goodput_gbps", "delivered_goodput_gbps",
           "offered_mpps", "delivered_mpps", "latency_p50_ns", "latency_p99_ns", "latency_max_ns",
           "offered_packets", "delivered_packets", "dropped_packets", "saturated_block", "conserved",
           "offered_cleartext_l1_gbps", "delivered_cleartext_l1_gbps", "delivered_mean_frame_bytes", "steady",
           "loss_free", "limiting_block", "limiting_bound_gbps", "limiting_bound_cleartext_l1_gbps", "drop_place"]


def row(i, size, family, direction, tunnels):
    esp = size + (58 if family == "ipv4" else 78)  # ESP frame of a cleartext frame (made up, the shape matters)
    mpps = min(200.0, 300e3 / ((esp + 20) * 8))    # the loopback's 300 Gbps of ESP L1
    clear_l1, esp_l1 = mpps * (size + 20) * 8 / 1e3, mpps * (esp + 20) * 8 / 1e3
    off, dlv = (clear_l1, esp_l1) if direction == "encrypt" else (esp_l1, clear_l1)
    return {"point": i, "frame_size": str(size), "mean_frame_bytes": float(size), "family": family,
            "direction": direction, "slices": 1, "tunnels": tunnels, "load_gbps": 400.0, "offered_l1_gbps": off,
            "delivered_l1_gbps": dlv, "offered_goodput_gbps": mpps * size * 8 / 1e3,
            "delivered_goodput_gbps": mpps * size * 8 / 1e3, "offered_mpps": mpps, "delivered_mpps": mpps,
            "latency_p50_ns": 8600.0, "latency_p99_ns": 8700.0, "latency_max_ns": 8800.0, "offered_packets": 100,
            "delivered_packets": 100, "dropped_packets": 0, "saturated_block": "pfe0.pg0.ipsec_loopback",
            "conserved": "yes", "offered_cleartext_l1_gbps": clear_l1, "delivered_cleartext_l1_gbps": clear_l1,
            "delivered_mean_frame_bytes": float(size), "steady": "yes", "loss_free": "yes",
            "limiting_block": "pfe0.pg0.ipsec_loopback", "limiting_bound_gbps": off,
            "limiting_bound_cleartext_l1_gbps": clear_l1, "drop_place": "none"}


def results(folder, tunnel_counts):
    rows = [row(0, s, f, d, t) for f in ("ipv4", "ipv6") for t in tunnel_counts for d in ("encrypt", "decrypt")
            for s in (128, 512, 1500)]
    for i, r in enumerate(rows):
        r["point"] = i
    os.makedirs(folder)
    with open(f"{folder}/results.json", "w") as f:
        json.dump({"sweep": "small-multiples", "digest": "0", "seed": 1, "points": len(rows),
                   "provenance": {"simulator": "v0.test-3-gabc", "sweep_file_sha256": "ab" * 32,
                                  "command": "trio6sim sweep s.yaml", "seed": 1, "duration_ps": 200000000,
                                  "warmup_ps": 40000000, "parameters": {"ipsec.bytes_per_cycle": "16, 31.25"}},
                   "columns": [{"name": c, "kind": "text"} for c in COLUMNS], "rows": rows}, f)


failures = []


def check(ok, what):
    print(("ok:   " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


with tempfile.TemporaryDirectory() as tmp:
    folder = f"{tmp}/three-axes"
    results(folder, [1, 8])
    run = subprocess.run([python, script, folder], capture_output=True, text=True)
    check(run.returncode == 0, f"plot_sweep.py exits 0 ({run.returncode}: {run.stderr.strip()})")
    svg_path = f"{folder}/throughput-vs-frame-size.svg"
    png_path = f"{folder}/throughput-vs-frame-size.png"
    check(os.path.exists(svg_path), "SVG written")
    check(os.path.exists(png_path) and open(png_path, "rb").read(8) == b"\x89PNG\r\n\x1a\n", "PNG beside the SVG")
    svg = open(svg_path).read() if os.path.exists(svg_path) else ""
    panels = set(re.findall(r'<g id="(axes_\d+)">', svg))
    check(len(panels) == 4, f"4 panels, one per family and tunnel count ({len(panels)})")
    for title in ("IPv4, 1 tunnel", "IPv4, 8 tunnels", "IPv6, 1 tunnel", "IPv6, 8 tunnels"):
        check(f">{title}<" in svg, f"panel titled '{title}'")
    check("held fixed: 1 slice, 400G offered" in svg, "title names what was held fixed")
    check("small-multiples: delivered throughput against frame size (customer cleartext)" in svg,
          "title names the sweep and the units")
    check("customer cleartext (L1)" in svg, "y axis in customer cleartext")
    check("published 300 Gbps per PFE [I,T] as cleartext" in svg, "published figure drawn as cleartext")
    check(svg.count(">encrypt<") == 1 and svg.count(">decrypt<") == 1, "one legend for all panels")
    for table in ("summary.md", "by-frame-size.md"):
        check(os.path.exists(f"{folder}/{table}"), f"{table} written")
    conditions = "trio6sim v0.test-3-gabc · sweep file sha256 abababababab · seed 1 · duration 200 us · warm-up 40 us"
    check(conditions in svg, "the plot carries the run conditions (provenance)")
    check(conditions in open(f"{folder}/summary.md").read() and "ipsec.bytes_per_cycle 16, 31.25" in svg,
          "summary.md and the plot carry the run conditions and the parameters")

    again = f"{tmp}/again"
    results(again, [1, 8])
    subprocess.run([python, script, again], check=True, capture_output=True)
    check(all(open(f"{folder}/{n}", "rb").read() == open(f"{again}/{n}", "rb").read()
              for n in ("throughput-vs-frame-size.svg", "throughput-vs-frame-size.png")),
          "same results, same SVG and PNG bytes")

    wide = f"{tmp}/too-many-panels"
    results(wide, list(range(1, 14)))  # 2 families x 13 tunnel counts = 26 panels
    run = subprocess.run([python, script, wide], capture_output=True, text=True)
    check(run.returncode == 0 and not os.path.exists(f"{wide}/throughput-vs-frame-size.svg"),
          "26 panels: the frame-size plot is not drawn")
    check("fix some of these axes" in run.stderr and "family (2 values)" in run.stderr
          and "tunnels (13 values)" in run.stderr, f"the message names the axes to fix ({run.stderr.strip()})")

print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
