#!/usr/bin/env bash
# usage: shards_merge_test.sh TRIO6SIM SWEEP.yaml
# A sweep run whole and the same sweep as two shards merged must be
# byte-identical (CSV, JSON and plots), whatever order the shards are named in.
set -euo pipefail
trio6sim=$1
sweep=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$trio6sim" sweep "$sweep" --out "$tmp/single" --jobs 2
"$trio6sim" sweep "$sweep" --out "$tmp/shard0" --shard 0/2 --jobs 1
"$trio6sim" sweep "$sweep" --out "$tmp/shard1" --shard 1/2 --jobs 2
"$trio6sim" sweep --merge "$tmp/shard1" "$tmp/shard0" --out "$tmp/merged"
diff -r "$tmp/single" "$tmp/merged"
ls "$tmp/merged"
echo "shards merged: byte-identical to the single run"
