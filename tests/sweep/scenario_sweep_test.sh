#!/usr/bin/env bash
# usage: scenario_sweep_test.sh TRIO6SIM SWEEP.yaml
# A scenario sweep (the blog's P2P replay over its load scale, with the
# engine as built and slowed): run whole and as two shards merged gives the
# same bytes; each point's row says what the scenario run says (its own
# `trio6sim run --json` at the same scale and parameter), the slowed engine
# drops at PE1's IPsec engine and is named PE1's limiting block, the point at
# scale 1 is loss-free, and the provenance names the scenario.
set -euo pipefail
trio6sim=$1
sweep=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$trio6sim" sweep "$sweep" --list | tee "$tmp/list"
grep -q "4 of 4 points" "$tmp/list"
grep -q "scale_rates=300 ipsec.bytes_per_cycle=2" "$tmp/list"
"$trio6sim" sweep "$sweep" --out "$tmp/single" --jobs 2 --no-plots
"$trio6sim" sweep "$sweep" --out "$tmp/shard0" --shard 0/2 --jobs 1
"$trio6sim" sweep "$sweep" --out "$tmp/shard1" --shard 1/2 --jobs 1
"$trio6sim" sweep --merge "$tmp/shard1" "$tmp/shard0" --out "$tmp/merged" --no-plots
diff -r "$tmp/single" "$tmp/merged"
# The same point run by hand: `trio6sim run` agrees with the sweep's row.
scenarios=$(cd "$(dirname "$sweep")/../../scenarios" && pwd)
sed -e "s|config: configs/|config: $scenarios/configs/|" "$scenarios/blog-global-v4v6.yaml" >"$tmp/slowed.yaml"
printf 'parameters:\n  ipsec.bytes_per_cycle: 2\n' >>"$tmp/slowed.yaml"
"$trio6sim" run "$tmp/slowed.yaml" --duration 14ms --scale-rates 300 --timing-only --quiet --json "$tmp/by-hand.json" || true
python3 - "$tmp/single/results.json" "$tmp/by-hand.json" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
by_hand = json.load(open(sys.argv[2]))
rows = {(r["scale_rates"], r["ipsec.bytes_per_cycle"]): r for r in data["rows"]}
assert len(rows) == 4, rows.keys()
names = [c["name"] for c in data["columns"]]
for r in data["rows"]:
    assert r["conserved"] == "yes", r
    assert r["offered_packets"] == r["delivered_packets"] + r["dropped_packets"] + r["in_flight_on_links"], r
    assert set(r) == set(names), "every row has every column"
calm = rows[(1, "31.25")]
assert calm["loss_free"] == "yes" and calm["dropped_packets"] == 0 and calm["expectations_failed"] == 0, calm
slow = rows[(300, "2")]
assert slow["loss_free"] == "no" and slow["dropped_packets"] > 0, slow
assert "ipsec_engine" in slow["device.PE1.limiting_block"], slow["device.PE1.limiting_block"]
drops = {n: slow[n] for n in names if n.startswith("drops.") and slow[n]}
assert drops and sum(drops.values()) == slow["dropped_packets"], drops
assert any(".PE1." in n and "ipsec_engine" in n for n in drops), drops
for n in drops:  # a sparse column: 0 where the point did not drop there
    assert calm[n] == 0, (n, calm[n])
# The row is the run's: the same counts as `trio6sim run --json` of the point.
c = by_hand["conservation"]
assert slow["delivered_packets"] == c["delivered"] and slow["dropped_packets"] == c["dropped"], (slow, c)
for name, s in by_hand["streams"].items():
    assert slow[f"stream.{name}.rx_packets"] == s["rx_packets"], name
p = data["provenance"]
assert p["scenario"] == "../../scenarios/blog-global-v4v6.yaml" and len(p["scenario_sha256"]) == 64, p
assert p["duration_ps"] == 14_000_000_000 and p["seed"] == 1, p
print("scenario sweep: rows agree with the runs;", len(drops), "drop columns at the slowed engine")
PY
# The throughput search: the scale found loses nothing when run by hand,
# 2% more (the resolution) loses, and the engine is named as the limit.
throughput=$(dirname "$sweep")/scenario-throughput.yaml
"$trio6sim" sweep "$throughput" --out "$tmp/throughput" --jobs 2 --no-plots
python3 - "$tmp/throughput/results.json" >"$tmp/scales" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["rows"]:
    assert r["throughput_found"] == "yes" and r["loss_free"] == "yes", r
    assert "ipsec_engine" in r["throughput_limited_by"], r["throughput_limited_by"]
    assert r["trials"] > 3, r
    print(r["stream.ce1-ce2-ipv4.frame_size"], r["throughput_scale"])
PY
cat "$tmp/scales"
while read -r frame scale; do
  sed -e "/ce1-ce2-ipv4:/,/rate:/ s/frame_size: 512/frame_size: $frame/" "$tmp/slowed.yaml" >"$tmp/slowed-$frame.yaml"
  for x in "$scale" "$(python3 -c "print($scale * 1.02)")"; do
    "$trio6sim" run "$tmp/slowed-$frame.yaml" --duration 14ms --scale-rates "$x" --timing-only --quiet \
      --json "$tmp/at.json" >/dev/null || true
    python3 -c "import json,sys; d=json.load(open('$tmp/at.json')); lost=sum(s['lost'] for s in d['streams'].values()); \
print('frame $frame scale $x: lost', lost); sys.exit(0 if (lost == 0) == ('$x' == '$scale') else 1)"
  done
done <"$tmp/scales"

# Plots, when matplotlib is here: the scenario's table and plot.
if /usr/bin/python3 -c "import matplotlib" 2>/dev/null; then
  "$trio6sim" sweep --merge "$tmp/shard0" "$tmp/shard1" --out "$tmp/plotted"
  test -s "$tmp/plotted/scenario-vs-load.png" && test -s "$tmp/plotted/scenario-vs-load.svg"
  grep -q "limited by" "$tmp/plotted/summary.md"
fi
echo "scenario sweep: shards merged byte-identically, rows checked"
