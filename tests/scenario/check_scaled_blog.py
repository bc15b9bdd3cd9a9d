#!/usr/bin/python3
"""The blog scenario under more load (run --scale-rates, docs/scenarios.md):
at 2x nothing saturates and every expectation (rates scaled) holds; at 1150x
(just under CE1's 100G line with both streams on) the one ESP flow per
direction fills one member of P1's bundles, and the report names it; with a
4 MB packet buffer the same load drops there, and the report says where; at
10000x the line-rate check refuses and names the option.

usage: check_scaled_blog.py TRIO6SIM SCENARIO.yaml"""

import json
import os
import subprocess
import sys
import tempfile

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def run(trio6sim, scenario, scale, json_path=None):
    args = [trio6sim, "run", scenario, "--scale-rates", scale, "--no-progress"]
    if json_path:
        args += ["--json", json_path]
    r = subprocess.run(args, capture_output=True, text=True, timeout=600)
    return r.returncode, r.stdout + r.stderr


def main():
    trio6sim, scenario = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        # 2x: 20 kpps per stream, far from anything full.
        rc, out = run(trio6sim, scenario, "2")
        check(rc == 0, f"--scale-rates 2: exit {rc}")
        check(out.count("  saturated: nothing\n") == 3, "--scale-rates 2: not 'saturated: nothing' for the 3 routers")
        check("expectations: 22 passed, 0 failed" in out, "--scale-rates 2: expectations")

        # 1150x: 11.5 Mpps per stream. ESP adds some 74 B to each 512 B frame: the two
        # streams of one direction are 108 Gbps in one tunnel, one flow, which
        # the bundle hashes onto one 100G member.
        report = os.path.join(tmp, "r.json")
        rc, out = run(trio6sim, scenario, "1150", report)
        check(rc == 0, f"--scale-rates 1150: exit {rc}")
        check("  saturated first: et-0/2/2 egress (member of ae1): busy " in out,
              "--scale-rates 1150: text does not name P1's et-0/2/2 (member of ae1) first")
        r = json.load(open(report))
        check(r.get("scale_rates") == 1150, "scale_rates key")
        p1 = r["devices"]["P1"]
        sat = p1["saturated"]
        check(len(sat) >= 1 and sat[0]["place"] == "et-0/2/2 egress" and sat[0].get("member_of") == "ae1",
              f"P1 saturated: {sat}")
        check(len(sat) >= 1 and sat[0]["peak_utilization"] >= 0.97, f"P1 peak: {sat}")
        check(p1["peak_utilization"].get("et-0/2/2 egress", 0) >= 0.97, "P1 peak_utilization of et-0/2/2 egress")
        check(p1["drops_by_place"] == {}, f"P1 drops at 1150x with the 32 MB buffer: {p1['drops_by_place']}")
        for dev in ("PE1", "PE2"):
            check(r["devices"][dev]["saturated"] == [], f"{dev} saturated: {r['devices'][dev]['saturated']}")

        # The same load with a 4 MB packet buffer per slice: the queue before
        # the full member overflows, and the report says where.
        text = open(scenario).read()
        folder = os.path.dirname(os.path.abspath(scenario))
        text = text.replace("config: configs/", f"config: {folder}/configs/")
        text = text.replace("ike_negotiation: 1ms", "ike_negotiation: 1ms\nparameters: {slice.buffer_bytes: 4000000}", 1)
        small = os.path.join(tmp, "small-buffer.yaml")
        open(small, "w").write(text)
        rc, out = run(trio6sim, small, "1150", report)
        check(rc == 1, f"small buffer: exit {rc} (the drops fail the scenario's drops.total == 0)")
        r = json.load(open(report))
        p1 = r["devices"]["P1"]
        placed = p1["drops_by_place"].get("et-0/2/2 egress", {}).get("buffer full", 0)
        check(placed > 0, f"small buffer: P1 drops by place {p1['drops_by_place']}")
        check(f"  drop at et-0/2/2 egress: buffer full {placed}\n" in out, "small buffer: text 'drop at'")
        check(p1["saturated"] and p1["saturated"][0]["overflow_drops"] > 0, f"small buffer: {p1['saturated']}")
        for dev, d in r["devices"].items():
            by_cause = {}
            for causes in d["drops_by_place"].values():
                for cause, n in causes.items():
                    by_cause[cause] = by_cause.get(cause, 0) + n
            check(by_cause == d["drops"], f"{dev}: drops by place {by_cause} do not sum to drops {d['drops']}")

        # 10000x: above CE1's line; refused before anything runs.
        rc, out = run(trio6sim, scenario, "10000")
        check(rc == 2, f"--scale-rates 10000: exit {rc}")
        check("above its line rate of 100 Gbps" in out and "--scale-rates 10000 put them there" in out,
              f"--scale-rates 10000: {out[:400]}")

    for f in failures:
        print("FAILED:", f)
    print("ok" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
