#!/usr/bin/env bash
# Regenerates the figures and tables of docs/results.md from the sweep files
# in bench/sweeps/: each runs through `trio6sim sweep` into
# docs/img/sweeps/NAME/ (results.csv, results.json, plots, tables), then every
# table between `<!-- sweep:NAME/FILE.md -->` and `<!-- /sweep -->` in
# docs/results.md is replaced by that file. The text around them stays.
# About 10 minutes on two cores (the throughput searches, ipsec-capacity and blog-capacity, are most of it). Needs python3-matplotlib (scripts/install-deps.sh).
#
# usage: scripts/regen-results.sh [TRIO6SIM]    (default: build/tools/trio6sim)
set -euo pipefail
cd "$(dirname "$0")/.."
trio6sim=$(realpath "${1:-build/tools/trio6sim}")

for sweep in bench/sweeps/*.yaml; do
  name=$(basename "$sweep" .yaml)
  out=docs/img/sweeps/$name
  rm -rf "$out"
  "$trio6sim" sweep "$sweep" --out "$out"
done

/usr/bin/python3 - docs/results.md <<'PY'
import re
import sys

path = sys.argv[1]
text = open(path).read()
marker = re.compile(r"(<!-- sweep:([\w.-]+/[\w.-]+) -->\n).*?(<!-- /sweep -->)", re.S)


def table(m):
    with open(f"docs/img/sweeps/{m.group(2)}") as f:
        return m.group(1) + f.read() + m.group(3)


new, count = marker.subn(table, text)
if count == 0:
    sys.exit(f"{path}: no <!-- sweep:NAME/FILE.md --> markers")
open(path, "w").write(new)
print(f"{path}: {count} tables regenerated")
PY
