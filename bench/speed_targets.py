#!/usr/bin/env python3
"""Issue 20's speed targets, each printed as a ratio measured in one run.

The blog chain (bench/blog-chain-64b.yaml: CE1-PE1-P1-PE2-CE2, one IPv4
stream of 64 B frames at 10 Mpps for 4 ms through PE1's st0.1 tunnel) is
timed in trio6sim, timing-only and with the cipher, and in ns-3 on the same
five-node chain doing plain IPv4 forwarding (bench/ns3/ns3_chain.cc, built
when Debian's libns3-dev is installed: `scripts/install-deps.sh --bench`).
Each round runs the three programs back to back; with --rounds N the
figures are the medians over N rounds, so a busy moment of a shared machine
moves one round, not the result. Then chip_bench's own ratios (the cipher
against raw AES-256-GCM in the same binary, the cost per packet from 2 to
2,000 tunnels) with the issue's targets.

Wall time is the whole trio6sim process (reading the configurations,
building the routers, the IKE exchange and the run) against ns-3's
Simulator::Run alone: the comparison favours ns-3.

The full chassis (bench/mx10008-full.yaml: an MX10008 with 48 Trio 6
holding 2,000 tunnels over its 96 PFEs, traffic on every PFE, against one
Trio 6 peer) is run timing-only and, with --chassis-cipher, with the cipher:
peak memory is the child's maximum resident set (getrusage through wait4,
the whole process: both routers, every packet), the rate is delivered
packets over the whole process's wall time, and the build time is that wall
time less the report's `wall_seconds` (the simulation alone): reading the
configurations, the IKE model and building the 49 chips.

Usage: bench/speed_targets.py [--build build] [--rounds 3] [--skip-chip-bench]
                              [--skip-chain] [--skip-chassis] [--chassis-cipher]
                              [--chassis-rounds 1]
Exit status 0 when every measured target is met, 1 when one is not, 2 when a
program is missing or fails.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CHAIN = os.path.join(HERE, "blog-chain-64b.yaml")
CHASSIS = os.path.join(HERE, "mx10008-full.yaml")

# The targets.
CHAIN_TIMING_ONLY_VS_NS3 = 15.0
CHAIN_CIPHER_VS_NS3 = 10.0
CHAIN_PACKETS_PER_WALL_S = 1e6
CIPHER_VS_RAW_AES = 1.3
TUNNEL_COST_RATIO = 1.2  # cost per packet at 2,000 tunnels over 2 tunnels
CHASSIS_PEAK_MB = 512
CHASSIS_PACKETS_PER_WALL_S = 0.3e6


def fail(message):
    print(f"speed_targets: {message}", file=sys.stderr)
    sys.exit(2)


def trio6sim_chain(binary, timing_only):
    """Delivered packets per wall second of the whole trio6sim process."""
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "chain.json")
        command = [binary, "run", CHAIN, "--json", report, "--quiet"]
        if timing_only:
            command.append("--timing-only")
        start = time.monotonic()
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wall = time.monotonic() - start
        if done.returncode != 0:
            fail(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()[-400:]}")
        with open(report) as f:
            conservation = json.load(f)["conservation"]
    if conservation["delivered"] != conservation["offered"]:
        fail(f"the chain lost packets: {conservation}")
    return conservation["delivered"] / wall


def trio6sim_chassis(binary, timing_only):
    """(peak RSS in MB, delivered per wall second, build seconds, delivered per
    simulation wall second, delivered) of one run."""
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "chassis.json")
        command = [binary, "run", CHASSIS, "--json", report, "--quiet", "--no-progress"]
        if timing_only:
            command.append("--timing-only")
        with open(os.path.join(tmp, "out"), "w+") as out, open(os.path.join(tmp, "err"), "w+") as err:
            start = time.monotonic()
            child = subprocess.Popen(command, stdout=out, stderr=err)
            _, status, usage = os.wait4(child.pid, 0)
            wall = time.monotonic() - start
            child.returncode = os.waitstatus_to_exitcode(status)
            err.seek(0)
            if child.returncode != 0:
                fail(f"{' '.join(command)} exited {child.returncode}: {err.read().strip()[-400:]}")
        with open(report) as f:
            j = json.load(f)
    conservation = j["conservation"]
    if conservation["delivered"] != conservation["offered"]:
        fail(f"the full chassis lost packets: {conservation}")
    # ru_maxrss is in KiB on Linux.
    delivered = conservation["delivered"]
    return usage.ru_maxrss / 1024.0, delivered / wall, wall - j["wall_seconds"], delivered / j["wall_seconds"], delivered


def ns3_chain(binary):
    done = subprocess.run([binary], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    m = re.search(r"delivered (\d+) wall_s ([0-9.]+)", done.stdout)
    if done.returncode != 0 or not m:
        fail(f"{binary} exited {done.returncode}: {done.stdout.strip()} {done.stderr.strip()[-400:]}")
    return int(m.group(1)) / float(m.group(2))


def chip_bench_ratios(binary):
    """chip_bench's cipher and tunnel-scaling ratios (its own printout)."""
    command = [binary, "--benchmark_filter=ipsec_1420_cipher/|RawAesGcm|tunnels_2/|tunnels_2000",
               "--benchmark_repetitions=3", "--benchmark_enable_random_interleaving",
               "--benchmark_report_aggregates_only"]
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        fail(f"{' '.join(command)} exited {done.returncode}")
    ratios = {}
    for label, key in (("IPsec 1420 B with cipher / raw AES-GCM", "cipher"),
                       ("cost per packet, 2000 / 2 tunnels", "tunnels_cipher"),
                       ("same without the cipher (timing-only)", "tunnels_timing_only")):
        found = [float(m.group(1)) for m in re.finditer(re.escape(label) + r"\s+([0-9.]+)", done.stdout)]
        if found:
            ratios[key] = found[-1]  # the 2000-tunnel line comes after the 1000-tunnel one
    return ratios


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build", help="the build directory (default: build)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the chain measurement (medians)")
    parser.add_argument("--skip-chip-bench", action="store_true", help="not chip_bench's ratios (chip_bench need not be built)")
    parser.add_argument("--skip-chain", action="store_true", help="not the blog chain (ns-3 is then not needed)")
    parser.add_argument("--skip-chassis", action="store_true", help="not the full MX10008 chassis")
    parser.add_argument("--chassis-cipher", action="store_true",
                        help="run the full chassis with the cipher too (timing-only always)")
    parser.add_argument("--chassis-rounds", type=int, default=1, help="rounds of the full chassis (medians)")
    args = parser.parse_args()
    trio6sim = os.path.join(args.build, "tools", "trio6sim")
    ns3 = os.path.join(args.build, "bench", "ns3_chain")
    chip_bench = os.path.join(args.build, "bench", "chip_bench")
    for p in [trio6sim] + ([] if args.skip_chip_bench else [chip_bench]):
        if not os.access(p, os.X_OK):
            fail(f"{p} is not built")
    if not args.skip_chain and not os.access(ns3, os.X_OK):
        fail(f"{ns3} is not built: install ns-3 (scripts/install-deps.sh --bench) and re-run cmake")

    rows = []
    def row(name, value, target, met, fmt="{:12.2f}"):
        rows.append(met)
        print(f"  {name:<52} {fmt.format(value)}  target {target:<10} {'met' if met else 'NOT MET'}")

    if not args.skip_chain:
        rounds = {"timing_only": [], "cipher": [], "ns3": []}
        for _ in range(max(1, args.rounds)):
            rounds["timing_only"].append(trio6sim_chain(trio6sim, True))
            rounds["cipher"].append(trio6sim_chain(trio6sim, False))
            rounds["ns3"].append(ns3_chain(ns3))
        # Ratios within each round (the three ran back to back), then medians.
        timing_ratio = statistics.median(t / n for t, n in zip(rounds["timing_only"], rounds["ns3"]))
        cipher_ratio = statistics.median(c / n for c, n in zip(rounds["cipher"], rounds["ns3"]))
        timing_pps = statistics.median(rounds["timing_only"])

        print(f"speed targets (issue 20), medians of {len(rounds['ns3'])} rounds:")
        print(f"  {'ns-3 chain, plain IPv4, packets per wall second':<52} {statistics.median(rounds['ns3']):12.0f}")
        row("blog chain 64 B timing-only: packets per wall second", timing_pps, ">= 1e6",
            timing_pps >= CHAIN_PACKETS_PER_WALL_S, "{:12.0f}")
        row("blog chain 64 B timing-only / ns-3", timing_ratio, f">= {CHAIN_TIMING_ONLY_VS_NS3:g}",
            timing_ratio >= CHAIN_TIMING_ONLY_VS_NS3)
        row("blog chain 64 B with the cipher / ns-3", cipher_ratio, f">= {CHAIN_CIPHER_VS_NS3:g}",
            cipher_ratio >= CHAIN_CIPHER_VS_NS3)
    if not args.skip_chassis:
        modes = [("timing-only", True)] + ([("with the cipher", False)] if args.chassis_cipher else [])
        n = max(1, args.chassis_rounds)
        print(f"full chassis (bench/mx10008-full.yaml: 48 Trio 6 + a 1-chip peer, 2,000 tunnels), medians of {n}:")
        for label, timing_only in modes:
            runs = [trio6sim_chassis(trio6sim, timing_only) for _ in range(n)]
            peak, pps, build, sim_pps = (statistics.median(r[i] for r in runs) for i in range(4))
            print(f"  {f'MX10008 {label}: build seconds':<52} {build:12.2f}  ({runs[0][4]} packets delivered)")
            print(f"  {f'MX10008 {label}: packets per sim wall second':<52} {sim_pps:12.0f}  (sc_start alone)")
            row(f"MX10008 {label}: peak memory, MB", peak, f"<= {CHASSIS_PEAK_MB}",
                peak <= CHASSIS_PEAK_MB, "{:12.0f}")
            row(f"MX10008 {label}: packets per wall second", pps, ">= 3e5",
                pps >= CHASSIS_PACKETS_PER_WALL_S, "{:12.0f}")
    if not args.skip_chip_bench:
        r = chip_bench_ratios(chip_bench)
        if "cipher" in r:
            row("one chip, 1420 B with the cipher / raw AES-256-GCM", r["cipher"], f">= {CIPHER_VS_RAW_AES:g}",
                r["cipher"] >= CIPHER_VS_RAW_AES, "{:12.3f}")
        # chip_bench prints throughput(2)/throughput(2000): the cost per packet
        # at 2,000 tunnels relative to 2.
        for key, name in (("tunnels_cipher", "one chip, cost per packet 2000 / 2 tunnels, cipher"),
                          ("tunnels_timing_only", "one chip, cost per packet 2000 / 2 tunnels, timing")):
            if key in r:
                row(name, r[key], f"<= {TUNNEL_COST_RATIO:g}", r[key] <= TUNNEL_COST_RATIO, "{:12.3f}")
    return 0 if all(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
