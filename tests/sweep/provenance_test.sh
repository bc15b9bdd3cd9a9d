#!/usr/bin/env bash
# usage: provenance_test.sh TRIO6SIM SWEEP.yaml
# results.json, results.csv and `probe --json` record how they were made:
# the simulator's version, the sweep file's SHA-256, the command (without
# --out, --shard, --jobs, --no-plots for a sweep), seed, window and the
# parameters that differ from their defaults.
set -euo pipefail
trio6sim=$1
sweep=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$trio6sim" sweep "$sweep" --out "$tmp/out" --jobs 1 --no-plots >/dev/null
"$trio6sim" probe --frame-size 256 --offered 10g --duration 20us --timing-only --seed 1 \
  --set ipsec.bytes_per_cycle=16 --json >"$tmp/probe.json"
version=$("$trio6sim" --version)
python3 - "$tmp" "$sweep" "${version#trio6sim }" <<'PY'
import hashlib, json, sys

tmp, sweep, version = sys.argv[1:]
failures = []


def check(what, got, expected):
    if got != expected:
        failures.append(f"{what}: got {got!r}, expected {expected!r}")


sha = hashlib.sha256(open(sweep, "rb").read()).hexdigest()
p = json.load(open(f"{tmp}/out/results.json"))["provenance"]
expected = {"simulator": version, "sweep_file_sha256": sha, "command": f"trio6sim sweep {sweep}", "seed": 1,
            "duration_ps": 20000000, "warmup_ps": 4000000,
            "parameters": {"flows": 64, "ipsec.bytes_per_cycle": "16, 31.25"}}
check("results.json provenance", p, expected)

lines = open(f"{tmp}/out/results.csv").read().splitlines()
comments = [l for l in lines if l.startswith("#")]
check("results.csv comment lines first", lines[:len(comments)], comments)
check("results.csv header after them", lines[len(comments)].split(",")[0], "point")
check("results.csv provenance", comments, [
    f"# simulator: {version}", f"# sweep_file_sha256: {sha}", f"# command: trio6sim sweep {sweep}", "# seed: 1",
    "# duration_ps: 20000000", "# warmup_ps: 4000000", "# parameters.flows: 64",
    "# parameters.ipsec.bytes_per_cycle: 16, 31.25"])

q = json.load(open(f"{tmp}/probe.json"))["provenance"]
check("probe --json provenance", q, {
    "simulator": version,
    "command": "trio6sim probe --frame-size 256 --offered 10g --duration 20us --timing-only --seed 1 "
               "--set ipsec.bytes_per_cycle=16 --json",
    "seed": 1, "duration_ps": 20000000, "warmup_ps": 4000000,
    "parameters": {"duration": "20us", "frame-size": "256", "offered": "10g", "timing-only": "true",
                   "ipsec.bytes_per_cycle": "16"}})
for f in failures:
    print(f)
if failures:
    sys.exit(1)
print("provenance: recorded in results.json, results.csv and probe --json")
PY
