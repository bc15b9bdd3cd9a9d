#!/usr/bin/env python3
"""The blog's 2,000-tunnel scale test as a benchmark (issue 10, "Scale figures").

Runs scenarios/blog-scale-2000.yaml and the same test cut down to 2 tunnels
(one per PFE, whose selectors hold all of its family's flows: configs from
generate.py --per-pfe 1 --wide; the same four streams of 1,000 flows, so the
same packets), in turn A B A B ..., with the cipher and timing-only, and
prints in one run:

  - the 2,000-tunnel run's peak memory (whole process, kernel's accounting),
    against the 256 MB target;
  - the cost per simulated packet at 2 and at 2,000 tunnels, the medians and
    their ratio, against the 1.2 target. The cost per packet is marginal: the
    simulation's wall seconds (from the JSON report) at --scale-rates 4 minus
    at 1, over the packets that adds, so the per-tunnel work that does not
    grow with traffic (SAs installed when IKE completes, counter snapshots of
    thousands of units) is not spread over the packets; that part is printed
    beside it, as the whole run's seconds at 1x.

usage: bench/scale_2000.py [--bin build/tools/trio6sim] [--runs N]
"""
import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCENARIO = os.path.join(REPO, "scenarios", "blog-scale-2000.yaml")
GENERATE = os.path.join(REPO, "scenarios", "configs", "blog-scale-2000", "generate.py")


def two_tunnel_variant(tmp):
    """The scale scenario with 2 tunnels carrying the same flows: configs generated beside it, no expectations."""
    configs = os.path.join(tmp, "configs")
    subprocess.run([sys.executable, GENERATE, "--per-pfe", "1", "--out", configs, "--wide"], check=True,
                   stdout=subprocess.DEVNULL)
    text = open(SCENARIO, encoding="utf-8").read()
    text = text.replace("configs/blog-scale-2000/", "configs/")
    text = text[: text.index("\nshow:")] + "\n"
    path = os.path.join(tmp, "blog-scale-2.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def run(binary, scenario, timing_only, tmp, scale=1):
    """(simulation wall seconds, the child's peak RSS in MB, packets offered)."""
    report = os.path.join(tmp, "report.json")
    args = [binary, "run", scenario, "--json", report, "--quiet", "--no-progress", "--scale-rates", str(scale)]
    if timing_only:
        args.append("--timing-only")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(["/usr/bin/time", "-f", "%M"] + args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    peak_kb = int(re.findall(r"^(\d+)$", done.stderr, re.M)[-1])
    r = json.load(open(report, encoding="utf-8"))
    return r["wall_seconds"], peak_kb / 1024.0, r["conservation"]["offered"]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin", default=os.path.join(REPO, "build", "tools", "trio6sim"))
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args()
    if not 1 <= a.runs <= 50:
        sys.exit("--runs: 1 to 50")
    with tempfile.TemporaryDirectory() as tmp:
        small = two_tunnel_variant(tmp)
        rows = []
        peak = 0.0
        for timing_only in (False, True):
            cost = {2: [], 2000: []}
            whole = {2: [], 2000: []}
            for _ in range(a.runs):
                for n, scenario in ((2, small), (2000, SCENARIO)):
                    wall1, mb, packets1 = run(a.bin, scenario, timing_only, tmp, 1)
                    wall4, _, packets4 = run(a.bin, scenario, timing_only, tmp, 4)
                    cost[n].append((wall4 - wall1) / (packets4 - packets1) * 1e9)
                    whole[n].append(wall1)
                    if n == 2000 and not timing_only:
                        peak = max(peak, mb)
            rows.append(("timing-only" if timing_only else "with the cipher", statistics.median(cost[2]),
                         statistics.median(cost[2000]), statistics.median(whole[2]), statistics.median(whole[2000]),
                         packets4 - packets1))
    print(f"blog-scale-2000 ({a.runs} runs each, A B A B): peak memory {peak:.0f} MB "
          f"(target <= 256 MB: {'met' if peak <= 256 else 'NOT MET'})")
    print("  cost per simulated packet      2 tunnels   2000 tunnels   ratio   (target <= 1.2)"
          "   whole run at 1x: 2 / 2000 tunnels")
    for name, m2, m2000, w2, w2000, extra in rows:
        ratio = m2000 / m2
        print(f"  {name:<26} {m2:9.0f} ns   {m2000:9.0f} ns   {ratio:6.3f}   {'met' if ratio <= 1.2 else 'NOT MET':<7}"
              f"          {w2:.3f} s / {w2000:.3f} s")
    print(f"  (marginal: the {rows[0][5]} packets that --scale-rates 4 adds to the 1x run's)")


if __name__ == "__main__":
    main()
