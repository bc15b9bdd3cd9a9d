#!/usr/bin/env python3
"""The rekey scenario as a soak (issue 15): a day of 180 s lifetimes.

Runs scenarios/blog-rekey.yaml's three routers (PE1, P1, PE2, IKEv2 on the
simulated wire, 180 s IPsec and IKE lifetimes) for one simulated hour and
for 24 simulated hours, with the scenario's four steady streams (IPv4 and
IPv6, both ways) at a low rate through every rekey (the scenario's bursts sit
at the switch times of its first 480 s and are left out), and prints in one
run:

  - per run: simulated time, Child and IKE SA rekeys on each PE, packets
    offered, delivered and dropped, ESP errors, wall seconds, peak memory
    (whole process, the kernel's accounting, os.wait4);
  - the 24-hour run's peak memory over the one-hour run's, against the 1.05
    target, and whether both ran with zero loss and zero errors.

Every expectation of the generated scenario must hold (exit 0 of trio6sim):
decrypted = encrypted on both PEs, no drop anywhere, no replay or
authentication error, the tunnel up at the end.

usage: bench/soak_rekey.py [--bin build/tools/trio6sim] [--hours 24] [--pps 50]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCENARIO = os.path.join(REPO, "scenarios", "blog-rekey.yaml")
STEADY = ("ce1-ce2-ipv4", "ce1-ce2-ipv6", "ce2-ce1-ipv4", "ce2-ce1-ipv6")
LIFETIME_S = 180  # the scenario's configured IPsec lifetime-seconds


def soak_scenario(seconds, pps, out_dir):
    """blog-rekey.yaml run for `seconds` with only its steady streams at `pps` each."""
    with open(SCENARIO, encoding="utf-8") as f:
        s = yaml.safe_load(f)
    s["scenario"] = f"blog-rekey-soak-{seconds}s"
    s["duration"] = f"{seconds}s"
    for d in s["devices"].values():
        d["config"] = os.path.join(REPO, "scenarios", d["config"])
    for g in s["generators"].values():
        g["streams"] = {name: st for name, st in g["streams"].items() if name in STEADY}
        for st in g["streams"].values():
            st["rate"] = f"{pps}pps"
            st["stop"] = f"{seconds - 1}s"
    # A rekey at least every lifetime on each PE (the soft lifetime fires at
    # 80-85% of it): at least seconds / 180 - 1 Child SA rekeys.
    min_rekeys = seconds // LIFETIME_S - 1
    s["show"] = [{"device": d, "command": "show security ipsec security-associations detail"} for d in ("PE1", "PE2")]
    s["expect"] = [e for e in s["expect"] if e["counter"] != "ike.child_rekeys" or "==" in e]
    s["expect"].append({"device": "PE1", "counter": "ike.child_rekeys", ">=": min_rekeys})
    path = os.path.join(out_dir, f"soak-{seconds}s.yaml")
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(s, f, sort_keys=False)
    return path


def run_measured(binary, scenario):
    """Runs trio6sim and returns (exit status, stdout, stderr, wall s, peak RSS KiB, report)."""
    report = scenario + ".json"
    out_path, err_path = scenario + ".out", scenario + ".err"
    start = time.monotonic()
    with open(out_path, "w") as out, open(err_path, "w") as err:
        pid = os.posix_spawn(binary, [binary, "run", scenario, "--json", report, "--no-progress"], os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, out.fileno(), 1),
                                           (os.POSIX_SPAWN_DUP2, err.fileno(), 2)])
        _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - start
    with open(out_path) as f:
        stdout = f.read()
    with open(err_path) as f:
        stderr = f.read()
    return os.waitstatus_to_exitcode(status), stdout, stderr, wall, usage.ru_maxrss, report


def rekeys_in_events(stdout):
    """Each PE's "IPsec SA rekey succeeds" events, summed over the folded "(N times)" lines of its detail show."""
    out, device = {}, None
    for l in stdout.splitlines():
        m = re.match(r"--- (\S+) at ", l)
        if m:
            device = m.group(1)
        m = re.search(r"IPsec SA rekey succeeds \((\d+) times\)", l)
        if m and device:
            out[device] = out.get(device, 0) + int(m.group(1))
    return out


def summarize(label, code, stdout, stderr, wall, rss_kib, report_path):
    r = json.load(open(report_path, encoding="utf-8")) if os.path.exists(report_path) else {}
    c = r.get("conservation", {})
    line = [f"{label}: exit {code}", f"sim {r.get('sim_seconds', 0):.0f} s", f"wall {wall:.1f} s",
            f"peak memory {rss_kib / 1024:.1f} MiB"]
    for device, rekeys in rekeys_in_events(stdout).items():
        line.append(f"{device} Child SA rekeys {rekeys}")
    if c:
        offered = c.get("offered", 0) + c.get("from_host", 0) + c.get("injected_on_links", 0)
        line.append(f"offered {offered} (IKE {c.get('from_host', 0)}) delivered {c.get('delivered', 0)} "
                    f"dropped {c.get('dropped', 0)}")
    print("; ".join(line))
    for l in stdout.splitlines():
        if l.startswith(("expectations:", "FAILED")):
            print("  " + l)
    if code != 0:
        print(stderr[-2000:], file=sys.stderr)
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(REPO, "build", "tools", "trio6sim"))
    ap.add_argument("--hours", type=int, default=24)
    ap.add_argument("--pps", type=int, default=50, help="rate of each of the four steady streams")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for label, seconds in (("1 hour", 3600), (f"{a.hours} hours", a.hours * 3600)):
            scenario = soak_scenario(seconds, a.pps, tmp)
            code, out, err, wall, rss, report = run_measured(a.bin, scenario)
            summarize(label, code, out, err, wall, rss, report)
            results[label] = (code, rss)
        (c1, m1), (c24, m24) = results.values()
        ratio = m24 / m1
        print(f"peak memory {a.hours} h / 1 h: {ratio:.3f} (target <= 1.05)")
        ok = c1 == 0 and c24 == 0 and ratio <= 1.05
        print("soak:", "PASS" if ok else "FAIL")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
