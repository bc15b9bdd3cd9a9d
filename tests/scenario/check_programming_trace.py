#!/usr/bin/env python3
"""The programming trace of a scenario against its golden file, and the
make-before-break rules checked on the trace itself.

    check_programming_trace.py TRIO6SIM SCENARIO.yaml GOLDEN [--scale-rates X] [--regenerate]

Runs `TRIO6SIM run SCENARIO --quiet --programming-trace FILE` (exit status 0
required) and compares FILE with GOLDEN byte for byte: a firmware change that
reorders, adds or drops an SA install, an ESP steering change, an st0 state
change or a route change, or moves one in simulated time, fails here with a
unified diff of the first differences. With --regenerate the run's trace
becomes the new GOLDEN (review `git diff` before committing it).

Whatever the golden says, the trace must keep these rules (docs/control-plane.md):

  - lines are in simulated-time order;
  - for each SPI, the receiver's install_inbound_sa comes before the sender's
    install_outbound_sa: the new SA is made before traffic uses it, the
    first SA of a tunnel too (the IKE_AUTH responder sends one measured
    round trip after its answer);
  - the sender's unbind_outbound_sa of an SPI comes before the receiver's
    remove_inbound_sa of it by at least the shortest path delay between the
    two devices (the scenario's links): the last packet sent on the old SA
    can still arrive;
  - every removal (remove_inbound_sa, unsteer_esp, unbind_outbound_sa,
    remove_outbound_sa) has an earlier install of that SPI on that device
    (install_inbound_sa, steer_esp, install_outbound_sa), and a
    remove_outbound_sa an earlier unbind_outbound_sa;
  - st0_up only while the device has an outbound SA bound on that st0 unit
    (so after its first install_outbound_sa).
"""
import difflib
import heapq
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml  # python3-yaml (scripts/install-deps.sh)

INSTALL_FOR = {"remove_inbound_sa": "install_inbound_sa", "unsteer_esp": "steer_esp",
               "unbind_outbound_sa": "install_outbound_sa", "remove_outbound_sa": "install_outbound_sa"}
UNITS_PS = {"ps": 1, "ns": 10**3, "us": 10**6, "ms": 10**9, "s": 10**12}
DIFF_LINES = 60


def duration_ps(text):
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(ps|ns|us|ms|s)\s*", str(text))
    if not m:
        raise SystemExit(f"link delay {text!r}: not a duration this check reads")
    return round(float(m.group(1)) * UNITS_PS[m.group(2)])


def path_delays(scenario):
    """{device: {device: shortest sum of link delays}} over the scenario's links (Dijkstra)."""
    with open(scenario) as f:
        doc = yaml.safe_load(f)
    graph = {}
    for link in doc.get("links", []):
        a, b = link["a"].split(":")[0], link["b"].split(":")[0]
        d = duration_ps(link.get("delay", "0ns"))
        graph.setdefault(a, {})[b] = min(d, graph.get(a, {}).get(b, d))
        graph.setdefault(b, {})[a] = min(d, graph.get(b, {}).get(a, d))
    delays = {}
    for source in graph:
        best, queue = {source: 0}, [(0, source)]
        while queue:
            d, node = heapq.heappop(queue)
            if d > best[node]:
                continue
            for nxt, w in graph[node].items():
                if d + w < best.get(nxt, float("inf")):
                    best[nxt] = d + w
                    heapq.heappush(queue, (d + w, nxt))
        delays[source] = best
    return delays


def check_rules(lines, delays):
    """(failures, notes, summary) of the make-before-break rules on the trace."""
    failures, notes = [], []
    events = [json.loads(line) for line in lines]
    first = {}  # (op, device, spi) -> index of its first line
    for i, e in enumerate(events):
        first.setdefault((e["op"], e["device"], e["spi"]), i)
    sender, receiver = {}, {}
    for e in events:
        if e["op"] == "install_outbound_sa":
            sender.setdefault(e["spi"], e["device"])
        elif e["op"] == "install_inbound_sa":
            receiver.setdefault(e["spi"], e["device"])

    def at(i):
        return f"line {i + 1} (t = {events[i]['t_ps']} ps)"

    bound = {}  # (device, st0) -> set of bound outbound SPIs
    switches, margins = 0, []
    for i, e in enumerate(events):
        op, dev, spi, st0 = e["op"], e["device"], e["spi"], e["st0"]
        if i and e["t_ps"] < events[i - 1]["t_ps"]:
            failures.append(f"{at(i)}: earlier than line {i} (t = {events[i - 1]['t_ps']} ps)")
        if op in INSTALL_FOR:
            j = first.get((INSTALL_FOR[op], dev, spi))
            if j is None or j >= i:
                failures.append(f"{at(i)}: {dev} {op} {spi} without an earlier {INSTALL_FOR[op]}")
        if op == "install_outbound_sa":
            peer = receiver.get(spi)
            j = first.get(("install_inbound_sa", peer, spi)) if peer else None
            replaces = bool(bound.get((dev, st0)))
            if peer is None or peer == dev:
                failures.append(f"{at(i)}: {dev} sends on SPI {spi}, which no other device installs inbound")
            elif j is None or j > i or events[j]["t_ps"] >= e["t_ps"]:
                gap = (events[j]["t_ps"] - e["t_ps"]) if j is not None else None
                what = (f"{at(i)}: {dev} install_outbound_sa {spi} before {peer}'s install_inbound_sa of it"
                        + (f" ({gap} ps later, {at(j)})" if gap is not None else " (never)"))
                failures.append(what + (": not make-before-break" if replaces else f": the first SA on {dev} {st0}"))
            if replaces:
                switches += 1
            bound.setdefault((dev, st0), set()).add(spi)
        elif op == "unbind_outbound_sa":
            bound.get((dev, st0), set()).discard(spi)
        elif op == "remove_outbound_sa":
            j = first.get(("unbind_outbound_sa", dev, spi))
            if j is None or j >= i:
                failures.append(f"{at(i)}: {dev} remove_outbound_sa {spi} without an earlier unbind_outbound_sa")
            bound.get((dev, st0), set()).discard(spi)
        elif op == "remove_inbound_sa" and spi in sender and sender[spi] != dev:
            peer = sender[spi]
            j = first.get(("unbind_outbound_sa", peer, spi))
            delay = delays.get(peer, {}).get(dev)
            if delay is None:
                failures.append(f"{at(i)}: no path between {peer} and {dev} in the scenario's links")
            elif j is None or j > i:
                failures.append(f"{at(i)}: {dev} remove_inbound_sa {spi} while {peer} has not unbound it")
            elif e["t_ps"] - events[j]["t_ps"] < delay:
                failures.append(f"{at(i)}: {dev} remove_inbound_sa {spi} {e['t_ps'] - events[j]['t_ps']} ps after "
                                f"{peer}'s unbind_outbound_sa ({at(j)}), less than the path delay {delay} ps")
            else:
                margins.append(e["t_ps"] - events[j]["t_ps"])
        elif op == "st0_up" and not bound.get((dev, st0)):
            failures.append(f"{at(i)}: {dev} st0_up {st0} with no outbound SA bound on it")
    summary = (f"{len(events)} lines; {len(sender)} outbound SPIs, {len(receiver)} inbound; "
               f"{switches} outbound switches to a new SA; {len(margins)} inbound removals after the sender's "
               f"unbind" + (f" (the shortest after {min(margins) / 1e9:.3f} ms)" if margins else ""))
    return failures, notes, summary


def main(argv):
    args = [a for a in argv[1:] if a != "--regenerate"]
    regenerate = "--regenerate" in argv
    scale = []
    if "--scale-rates" in args:
        k = args.index("--scale-rates")
        scale = args[k:k + 2]
        del args[k:k + 2]
    if len(args) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    binary, scenario, golden = args
    with tempfile.TemporaryDirectory(prefix="trio6sim-trace-") as tmp:
        trace = os.path.join(tmp, "programming.jsonl")
        cmd = [binary, "run", scenario, "--quiet", "--no-progress", "--programming-trace", trace] + scale
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            print(f"{' '.join(cmd)}: exit status {r.returncode}\n{r.stdout}{r.stderr}")
            return 1
        with open(trace, "rb") as f:
            data = f.read()
    lines = data.decode().splitlines()
    failures, notes, summary = check_rules(lines, path_delays(scenario))
    if regenerate:
        os.makedirs(os.path.dirname(os.path.abspath(golden)), exist_ok=True)
        with open(golden, "wb") as f:
            f.write(data)
        print(f"wrote {golden}")
    else:
        with open(golden, "rb") as f:
            expected = f.read()
        if expected != data:
            diff = list(difflib.unified_diff(expected.decode().splitlines(), lines, golden, "this run's trace",
                                             lineterm="", n=2))
            print("\n".join(diff[:DIFF_LINES]))
            if len(diff) > DIFF_LINES:
                print(f"... {len(diff) - DIFF_LINES} more diff lines")
            failures.insert(0, f"the trace differs from {golden} ({len(expected.splitlines())} golden lines, "
                               f"{len(lines)} now); to accept the change: {os.path.basename(argv[0])} "
                               f"{' '.join(argv[1:])} --regenerate")
    print(f"programming trace: {summary}")
    for n in notes:
        print("NOTE", n)
    for f in failures:
        print("FAIL", f)
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
