#!/usr/bin/env python3
"""Same seed, same bytes, whoever watches: runs a scenario three ways (plain;
with --vcd; with --vcd and the progress line on a terminal, which adds the
run clock's observer wake-ups) and compares every output byte for byte: the
JSON report (wall time removed), every pcap, the esp_sa table and stdout;
with IKE on the wire (`ike: wire`) also the ikev2_decryption_table, the
--programming-trace and the --ike-key-log.

Usage: check_determinism.py TRIO6SIM SCENARIO.yaml [--seed N]
"""
import json
import os
import pty
import re
import subprocess
import sys
import tempfile
import threading


def read_until_closed(fd):
    try:
        while os.read(fd, 65536):
            pass
    except OSError:  # EIO once the last writer has closed the terminal
        pass


# The files a run writes beside the captures: the ESP SA table, and with IKE
# on the wire the IKEv2 table, the programming trace and the DH key log.
TABLES = ("esp_sa", "ikev2_decryption_table", "programming.jsonl", "ike_keys.jsonl")


def ike_on_the_wire(scenario):
    with open(scenario) as f:
        return any(re.match(r"ike:\s*wire\b", line) for line in f)


def run(binary, scenario, out_dir, extra, on_terminal):
    os.makedirs(out_dir)
    args = [binary, "run", scenario, "--json", f"{out_dir}/report.json", "--pcap", out_dir] + extra
    if ike_on_the_wire(scenario):
        args += ["--programming-trace", f"{out_dir}/programming.jsonl", "--ike-key-log", f"{out_dir}/ike_keys.jsonl"]
    if on_terminal:
        # The progress line is drawn only when stderr is a terminal: give it one.
        # The terminal is read while the run writes: a pty's buffer holds a
        # few KB, and a writer whose terminal nobody reads blocks for good.
        master, slave = pty.openpty()
        drain = threading.Thread(target=read_until_closed, args=(master,), daemon=True)
        drain.start()
        proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=slave)
        os.close(slave)
        drain.join(timeout=10)
        os.close(master)
    else:
        proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(args)}: exit status {proc.returncode}")
    with open(f"{out_dir}/report.json") as f:
        report = json.load(f)
    report.pop("wall_seconds", None)
    outputs = {"report.json (without wall time)": json.dumps(report, sort_keys=True).encode(),
               "stdout": b"\n".join(l for l in proc.stdout.splitlines() if b"wall" not in l)}
    for name in sorted(os.listdir(out_dir)):
        if name.endswith(".pcap") or name in TABLES:
            with open(f"{out_dir}/{name}", "rb") as f:
                outputs[name] = f.read()
    return outputs


def main():
    binary, scenario = sys.argv[1], sys.argv[2]
    seed = sys.argv[sys.argv.index("--seed") + 1] if "--seed" in sys.argv else "1"
    with tempfile.TemporaryDirectory() as tmp:
        plain = run(binary, scenario, f"{tmp}/plain", ["--seed", seed, "--quiet"], False)
        vcd = run(binary, scenario, f"{tmp}/vcd", ["--seed", seed, "--quiet", "--vcd", f"{tmp}/run.vcd"], False)
        tty = run(binary, scenario, f"{tmp}/tty", ["--seed", seed, "--vcd", f"{tmp}/run2.vcd"], True)
        with open(f"{tmp}/run.vcd", "rb") as a, open(f"{tmp}/run2.vcd", "rb") as b:
            vcds_equal = a.read() == b.read()
    failures = []
    pcaps = [n for n in plain if n.endswith(".pcap")]
    if not pcaps:
        failures.append("no capture written")
    for name, data in plain.items():
        for label, other in (("--vcd", vcd), ("--vcd with progress", tty)):
            if name == "stdout" and label == "--vcd with progress":
                continue  # not --quiet there: the report text is printed
            if other.get(name) != data:
                failures.append(f"{name} differs with {label}")
    if not vcds_equal:
        failures.append("the VCD differs with the progress line on")
    for f in failures:
        print("FAIL", f)
    tables = [n for n in TABLES if n in plain]
    if ike_on_the_wire(scenario) and len(tables) != len(TABLES):
        failures.append(f"IKE on the wire, but only {', '.join(tables)} written")
    print(f"{len(plain)} outputs compared over 3 runs ({len(pcaps)} captures; {', '.join(tables)})")
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
