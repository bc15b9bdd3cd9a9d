#!/usr/bin/env python3
"""The cipher on worker threads changes nothing (issue 20): runs a scenario
with --cipher-threads 1 (the synchronous cipher), 2 and 4 and compares every
output byte for byte, as check_determinism.py does (the JSON report without
wall time, every pcap, the esp_sa table and the IKE tables, stdout).

Usage: check_cipher_threads.py TRIO6SIM SCENARIO.yaml [trio6sim run options...]
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_determinism import run  # noqa: E402


def main():
    binary, scenario, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
    with tempfile.TemporaryDirectory() as tmp:
        runs = {n: run(binary, scenario, f"{tmp}/threads{n}", ["--quiet", "--cipher-threads", str(n)] + extra, False)
                for n in (1, 2, 4)}
    failures = []
    if not any(name.endswith(".pcap") for name in runs[1]):
        failures.append("no capture written")
    for n in (2, 4):
        for name, data in runs[1].items():
            if runs[n].get(name) != data:
                failures.append(f"{name} differs with --cipher-threads {n}")
        for name in runs[n].keys() - runs[1].keys():
            failures.append(f"{name} written only with --cipher-threads {n}")
    for f in failures:
        print("FAIL", f)
    print(f"{len(runs[1])} outputs compared with 1, 2 and 4 cipher threads")
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
