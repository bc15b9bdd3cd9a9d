#!/usr/bin/python3
"""The shape of `trio6sim run --json` (docs/scenarios.md) and its
reproducibility: runs the blog scenario twice with the same seed, checks the
fixed keys of the first report and that the two reports are byte-identical
except for wall_seconds.

usage: check_report_json.py TRIO6SIM SCENARIO.yaml [SEED]"""

import json
import os
import re
import subprocess
import sys
import tempfile

IFL_KEYS = ["input_packets", "output_packets", "input_bytes", "output_bytes", "input_pps", "output_pps"]
IPSEC_KEYS = ["encrypted_packets", "decrypted_packets", "encrypted_bytes", "decrypted_bytes",
              "esp_authentication_failures", "replay_errors", "esp_decryption_failures", "bad_headers",
              "bad_trailers"]
PE1_IFLS = ["st0.1", "si-0/1/0.0", "ae0.0", "et-0/2/10.0"]
STREAM_KEYS = ["tx_packets", "rx_packets", "lost"]
LATENCY_KEYS = ["p50", "p99", "max"]
CONSERVATION_KEYS = ["offered", "delivered", "dropped", "from_host", "injected_on_links", "unaccounted"]

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
    return cond


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def run(trio6sim, scenario, seed, path):
    cmd = [trio6sim, "run", scenario, "--quiet", "--seed", str(seed), "--json", path]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sys.stdout.write(p.stdout)
    sys.stderr.write(p.stderr)
    if p.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {p.returncode}")
    with open(path, "rb") as f:
        return f.read()


def check_shape(r):
    devices = r.get("devices")
    if not check(isinstance(devices, dict) and devices, "devices: an object with devices"):
        return
    for name, d in devices.items():
        check(isinstance(d.get("interfaces"), dict), f"devices.{name}.interfaces: object")
        check(isinstance(d.get("ipsec"), dict), f"devices.{name}.ipsec: object")
        check(isinstance(d.get("drops"), dict), f"devices.{name}.drops: object")
        for cause, n in (d.get("drops") or {}).items():
            check(is_number(n), f"devices.{name}.drops.{cause}: number")
        # The load keys (added by issue 11): objects of numbers, a list.
        for key in ["utilization", "peak_utilization"]:
            u = d.get(key)
            if check(isinstance(u, dict) and u, f"devices.{name}.{key}: a non-empty object"):
                check(all(is_number(v) and 0 <= v <= 1 for v in u.values()), f"devices.{name}.{key}: fractions")
        check(isinstance(d.get("saturated"), list), f"devices.{name}.saturated: list")
        check(isinstance(d.get("drops_by_place"), dict), f"devices.{name}.drops_by_place: object")
        # The routing engine's packets (the host path).
        host = d.get("host")
        if check(isinstance(host, dict), f"devices.{name}.host: object"):
            for key in ["sent", "received"]:
                check(is_number(host.get(key)), f"devices.{name}.host.{key}: number")
    for dev in ["PE1", "PE2"]:
        if not check(dev in devices, f"devices.{dev}"):
            continue
        for key in IPSEC_KEYS:
            check(is_number(devices[dev]["ipsec"].get(key)), f"devices.{dev}.ipsec.{key}: number")
    pe1 = devices.get("PE1", {})
    for ifl in PE1_IFLS:
        c = pe1.get("interfaces", {}).get(ifl)
        if not check(isinstance(c, dict), f"devices.PE1.interfaces.{ifl}: object"):
            continue
        for key in IFL_KEYS:
            check(is_number(c.get(key)), f"devices.PE1.interfaces.{ifl}.{key}: number")

    streams = r.get("streams")
    if check(isinstance(streams, dict) and streams, "streams: an object with streams"):
        for name, s in streams.items():
            for key in STREAM_KEYS:
                check(is_number(s.get(key)), f"streams.{name}.{key}: number")
            lat = s.get("latency_ns")
            if check(isinstance(lat, dict), f"streams.{name}.latency_ns: object"):
                for key in LATENCY_KEYS:
                    check(is_number(lat.get(key)), f"streams.{name}.latency_ns.{key}: number")

    cons = r.get("conservation")
    if check(isinstance(cons, dict), "conservation: object"):
        for key in CONSERVATION_KEYS:
            check(is_number(cons.get(key)), f"conservation.{key}: number")
        check(cons.get("unaccounted") == 0, f"conservation.unaccounted == 0 (is {cons.get('unaccounted')})")
        check(cons.get("offered", -1) > 0, "conservation.offered > 0")

    try:
        enc = devices["PE1"]["ipsec"]["encrypted_packets"]
        dec = devices["PE2"]["ipsec"]["decrypted_packets"]
    except (KeyError, TypeError):
        return
    check(enc > 0, f"PE1 encrypted_packets > 0 (is {enc})")
    check(dec > 0, f"PE2 decrypted_packets > 0 (is {dec})")
    check(enc == dec, f"PE1 encrypted_packets ({enc}) == PE2 decrypted_packets ({dec})")


WALL = re.compile(rb'("wall_seconds"\s*:\s*)[-+0-9.eE]+')


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    trio6sim, scenario = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) == 4 else 1
    with tempfile.TemporaryDirectory(prefix="trio6sim-json-") as tmp:
        first = run(trio6sim, scenario, seed, os.path.join(tmp, "a.json"))
        second = run(trio6sim, scenario, seed, os.path.join(tmp, "b.json"))
    try:
        report = json.loads(first)
    except json.JSONDecodeError as e:
        sys.exit(f"FAIL: the report is not JSON: {e}")
    check(isinstance(report.get("wall_seconds"), (int, float)), "wall_seconds: number")
    check(report.get("seed") == seed, f"seed == {seed}")
    check_shape(report)
    check(len(WALL.findall(first)) == 1, "wall_seconds appears once")
    a, b = WALL.sub(rb"\1X", first), WALL.sub(rb"\1X", second)
    if not check(a == b, "two runs with the same seed: byte-identical JSON except wall_seconds"):
        for i, (la, lb) in enumerate(zip(a.splitlines(), b.splitlines())):
            if la != lb:
                print(f"first difference at line {i + 1}:\n  {la!r}\n  {lb!r}")
                break
    if failures:
        for f in failures:
            print("FAIL:", f)
        sys.exit(1)
    print(f"report JSON: shape ok, reproducible (seed {seed})")


if __name__ == "__main__":
    main()
