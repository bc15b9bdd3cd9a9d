#!/usr/bin/python3
"""UDP encapsulation spreads one tunnel over P1's bundle (the TechLibrary's
point, "Inline IPsec Multipath Forwarding with UDP Encapsulation"): the same
load, some 108 Gbps of ESP in one tunnel from PE1 to PE2, run twice with a
1 MB packet buffer per slice so that an overloaded member loses packets
within the run:
- with `packet-encapsulation` (scenarios/blog-udp-encap.yaml as committed):
  P1 hashes the outer UDP source port, which PE1 derives from each inner
  flow, so both members of ae1 carry about half and nothing is lost;
- without it (the blog's own PE configurations): plain ESP, one SPI between
  two fixed addresses, is one flow to P1's hash, so one member carries every
  packet and, above its 100G, drops them ("buffer full" at that member's
  egress), while the other member stays idle.

usage: check_udp_encap.py TRIO6SIM SCENARIO.yaml"""

import json
import os
import subprocess
import sys
import tempfile

failures = []
MEMBERS = ("et-0/0/0", "et-0/2/2")


def check(cond, what):
    if not cond:
        failures.append(what)


def run(trio6sim, scenario, json_path):
    r = subprocess.run([trio6sim, "run", scenario, "--no-progress", "--json", json_path], capture_output=True,
                       text=True, timeout=600)
    return r.returncode, r.stdout + r.stderr, json.load(open(json_path))


def variant(scenario, tmp, name, encapsulated):
    text = open(scenario).read()
    folder = os.path.dirname(os.path.abspath(scenario))
    text = text.replace("config: configs/", f"config: {folder}/configs/")
    if not encapsulated:  # the blog's PE configurations: no packet-encapsulation
        text = text.replace("configs/blog-udp-encap/", "configs/blog-global-v4v6/")
    text = text.replace("ike_negotiation: 1ms", "ike_negotiation: 1ms\nparameters: {slice.buffer_bytes: 1000000}", 1)
    path = os.path.join(tmp, name + ".yaml")
    open(path, "w").write(text)
    return path


def esp_out(r):
    p1 = r["devices"]["P1"]["interfaces"]
    return {m: p1[m]["output_packets"] for m in MEMBERS}


def main():
    trio6sim, scenario = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "r.json")
        rc, out, r = run(trio6sim, variant(scenario, tmp, "with", True), report)
        check(rc == 0, f"with UDP encapsulation: exit {rc}\n{out[-2000:]}")
        members = esp_out(r)
        total = sum(members.values())
        check(total > 40000, f"with: P1 ae1 members carried {members}")
        check(min(members.values()) > 0.4 * total, f"with: P1 ae1 members not shared: {members}")
        check(r["devices"]["P1"]["drops"].get("total", 0) == 0, f"with: P1 drops {r['devices']['P1']['drops']}")
        check(r["streams"]["ce1-ce2-ipv4"]["lost"] == 0, "with: ce1-ce2-ipv4 lost packets")
        with_rx = sum(s["rx_packets"] for s in r["streams"].values())

        rc, out, r = run(trio6sim, variant(scenario, tmp, "without", False), report)
        check(rc == 1, f"without UDP encapsulation: exit {rc} (its lost packets fail the expectations)")
        members = esp_out(r)
        busy = max(members, key=members.get)
        idle = min(members, key=members.get)
        # The other member carries only what is not the tunnel's ESP toward PE2 (none here).
        check(members[idle] == 0, f"without: P1 ae1 members {members}: the tunnel should take one")
        drops = r["devices"]["P1"]["drops_by_place"].get(f"{busy} egress", {}).get("buffer full", 0)
        check(drops > 0, f"without: no buffer-full drops at P1 {busy} egress: {r['devices']['P1']['drops_by_place']}")
        lost = sum(s["lost"] for s in r["streams"].values())
        check(lost >= drops, f"without: streams lost {lost} < P1's drops {drops}")
        without_rx = sum(s["rx_packets"] for s in r["streams"].values())
        check(without_rx < with_rx, f"without: delivered {without_rx}, not fewer than with ({with_rx})")
    for f in failures:
        print("FAILED:", f)
    print("ok" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
