#!/usr/bin/env bash
# usage: scenario_tunnels_test.sh TRIO6SIM REPO
# A scenario sweep over a generated configuration's tunnel count (issue 16):
# the blog's scale test (scenarios/blog-scale-2000.yaml) with 1 and 8
# tunnels per PFE, configurations generated beforehand by its generate.py
# and named by the `config` knob, each stream walking as many flows as there
# are tunnels (the `flows` knob). Both are loss-free; 8 tunnels with 16 flows
# a stream lose the flows beyond the eighth (half of each stream).
set -euo pipefail
trio6sim=$1
repo=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for n in 1 8; do
  python3 "$repo/scenarios/configs/blog-scale-2000/generate.py" --per-pfe "$n" --out "$tmp/t$n" >/dev/null
done
point() {  # tunnels per PFE, flows per stream
  printf '  - {config: {ce1: t%s/ce1.conf, ce2: t%s/ce2.conf}, stream: {ce1-v4: {flows: %s}, ce1-v6: {flows: %s}, ce2-v4: {flows: %s}, ce2-v6: {flows: %s}}}\n' \
    "$1" "$1" "$2" "$2" "$2" "$2"
}
{
  echo "name: scale-tunnels"
  echo "scenario: $repo/scenarios/blog-scale-2000.yaml"
  echo "points:"
  point 1 1
  point 8 8
  point 8 16
} >"$tmp/tunnels.yaml"
"$trio6sim" sweep "$tmp/tunnels.yaml" --out "$tmp/out" --jobs 2 --no-plots
python3 - "$tmp/out/results.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["rows"]
assert [r["config.ce1"] for r in rows] == ["t1/ce1.conf", "t8/ce1.conf", "t8/ce1.conf"], rows
for r in rows:
    assert r["conserved"] == "yes", r
    sent = sum(r[f"stream.{s}.tx_packets"] for s in ("ce1-v4", "ce1-v6", "ce2-v4", "ce2-v6"))
    assert sent > 30000, sent  # 1 Mpps a stream for 10 ms
one, eight, short = rows
assert one["loss_free"] == "yes" and eight["loss_free"] == "yes", (one["lost_packets"], eight["lost_packets"])
# 16 flows over 8 tunnels: flows 9 to 16 have none, half of each stream.
for s in ("ce1-v4", "ce1-v6", "ce2-v4", "ce2-v6"):
    tx, lost = short[f"stream.{s}.tx_packets"], short[f"stream.{s}.lost_packets"]
    assert abs(lost - tx / 2) <= 1, (s, tx, lost)
print("tunnel count swept: 1 and 8 tunnels per PFE loss-free, 16 flows over 8 tunnels lose half")
PY
