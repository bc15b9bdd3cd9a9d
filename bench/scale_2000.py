#!/usr/bin/env python3
"""The blog's 2,000-tunnel scale test as a benchmark (issue 10, "Scale figures").

Runs scenarios/blog-scale-2000.yaml and the same test cut down to 2 tunnels
(one per PFE: configs from generate.py --per-pfe 1, the same four streams with
one flow each, so the same 40,000 packets), in turn A B A B ..., with the
cipher and timing-only, and prints in one run:

  - the 2,000-tunnel run's peak memory (whole process, kernel's accounting),
    against the 256 MB target;
  - the cost per simulated packet (the run's wall seconds inside the
    simulation, from its JSON report, over the packets offered) at 2 and at
    2,000 tunnels, the medians and their ratio, against the 1.2 target.

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
    """The scale scenario with 2 tunnels: configs generated beside it, one flow per stream, no expectations."""
    configs = os.path.join(tmp, "configs")
    subprocess.run([sys.executable, GENERATE, "--per-pfe", "1", "--out", configs], check=True, stdout=subprocess.DEVNULL)
    text = open(SCENARIO, encoding="utf-8").read()
    text = text.replace("configs/blog-scale-2000/", "configs/").replace("count: 1000", "count: 1")
    text = text[: text.index("\nshow:")] + "\n"
    path = os.path.join(tmp, "blog-scale-2.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def run(binary, scenario, timing_only, tmp):
    """ns per offered packet inside the simulation, and the child's peak RSS in MB."""
    report = os.path.join(tmp, "report.json")
    args = [binary, "run", scenario, "--json", report, "--quiet", "--no-progress"]
    if timing_only:
        args.append("--timing-only")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(["/usr/bin/time", "-f", "%M"] + args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    peak_kb = int(re.findall(r"^(\d+)$", done.stderr, re.M)[-1])
    r = json.load(open(report, encoding="utf-8"))
    packets = r["conservation"]["offered"]
    return r["wall_seconds"] / packets * 1e9, peak_kb / 1024.0, packets


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
            for _ in range(a.runs):
                for n, scenario in ((2, small), (2000, SCENARIO)):
                    ns, mb, packets = run(a.bin, scenario, timing_only, tmp)
                    cost[n].append(ns)
                    if n == 2000 and not timing_only:
                        peak = max(peak, mb)
            m2, m2000 = statistics.median(cost[2]), statistics.median(cost[2000])
            rows.append(("timing-only" if timing_only else "with the cipher", m2, m2000, packets))
    print(f"blog-scale-2000 ({a.runs} runs each, A B A B): peak memory {peak:.0f} MB "
          f"(target <= 256 MB: {'met' if peak <= 256 else 'NOT MET'})")
    print(f"  cost per simulated packet      2 tunnels   2000 tunnels   ratio   (target <= 1.2)")
    for name, m2, m2000, packets in rows:
        ratio = m2000 / m2
        print(f"  {name:<26} {m2:9.0f} ns   {m2000:9.0f} ns   {ratio:6.3f}   {'met' if ratio <= 1.2 else 'NOT MET'}"
              f"   ({packets} packets)")


if __name__ == "__main__":
    main()
