#!/usr/bin/env bash
# A real IKEv2 peer (docs/interop.md): strongSwan's charon-systemd, in a
# private network namespace, initiates IKEv2 to the simulated MX304 PE1 of
# scenarios/strongswan-peer.yaml through the simulator's host bridge; the
# IKE_SA must be ESTABLISHED on both sides (swanctl --list-sas; the
# simulator's `show security ike security-associations`), floated to UDP
# 4500, and the IKE and Child SA keys strongSwan logs must equal the
# simulator's (strongswan_keys.py).
#
#   tests/interop/strongswan_ike.sh TRIO6SIM [SCENARIO]
#
# Exits 77 (ctest's SKIP_RETURN_CODE) when strongSwan, root or network
# namespaces are missing. Every process it starts is stopped by its pid, and
# the namespace and scratch folder are removed, whatever happens. About 20 s.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
trio6sim=${1:?usage: $0 TRIO6SIM [SCENARIO]}
scenario=${2:-$here/../../scenarios/strongswan-peer.yaml}
skip=77

for tool in charon-systemd swanctl ip; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed (scripts/install-deps.sh --interop)"; exit $skip; }
done
[ "$(id -u)" -eq 0 ] || { echo "SKIP: network namespaces need root"; exit $skip; }

ns=trio6sim-strongswan-$$
work=$(mktemp -d /tmp/trio6sim-strongswan.XXXXXX)
charon_pid="" sim_pid=""
cleanup() {
  local rc=$?
  for pid in $sim_pid $charon_pid; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  ip netns del "$ns" 2>/dev/null || true
  if [ "$rc" -ne 0 ] && [ "$rc" -ne $skip ]; then
    for f in "$work"/initiate.log "$work"/list-sas.txt "$work"/run.err "$work"/charon.log; do
      [ -f "$f" ] && { echo "--- $f"; tail -n 60 "$f"; }
    done
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

if ! ip netns add "$ns" 2>/dev/null; then echo "SKIP: cannot create a network namespace"; exit $skip; fi
ip -n "$ns" link set lo up
# kernel-libipsec wants a local address inside the child's local_ts.
ip -n "$ns" addr add 10.1.0.1/32 dev lo
in_ns() { ip netns exec "$ns" "$@"; }

for f in strongswan.conf swanctl.conf; do sed "s|@WORK@|$work|g" "$here/strongswan/$f" >"$work/$f"; done
vici="unix://$work/charon.vici"

STRONGSWAN_CONF=$work/strongswan.conf in_ns charon-systemd >"$work/charon.out" 2>&1 &
charon_pid=$!
for _ in $(seq 100); do [ -S "$work/charon.vici" ] && break; sleep 0.1; done
[ -S "$work/charon.vici" ] || { echo "FAIL: charon-systemd opened no vici socket in 10 s"; exit 1; }
in_ns swanctl --load-all --file "$work/swanctl.conf" --uri "$vici" >"$work/load.log" 2>&1

# The simulation, paced to the wall clock; its bridge binds 127.0.0.1:500
# and :4500 before it prints its "bridge:" line.
mkdir "$work/pcap"
in_ns "$trio6sim" run "$scenario" --json "$work/run.json" --pcap "$work/pcap" >"$work/run.txt" 2>"$work/run.err" &
sim_pid=$!
for _ in $(seq 300); do grep -q '^bridge:' "$work/run.err" 2>/dev/null && break; sleep 0.1; done
grep -q '^bridge:' "$work/run.err" || { echo "FAIL: the simulator attached no bridge in 30 s"; exit 1; }

start=$(date +%s%N)
in_ns swanctl --initiate --ike pe1 --child net --timeout 10 --uri "$vici" >"$work/initiate.log" 2>&1 || true
setup_ms=$((($(date +%s%N) - start) / 1000000))
in_ns swanctl --list-sas --uri "$vici" >"$work/list-sas.txt" 2>"$work/list-sas.err"
cat "$work/list-sas.txt"

fail=0
if grep -q 'pe1: #[0-9]*, ESTABLISHED, IKEv2' "$work/list-sas.txt"; then
  echo "strongSwan: IKE_SA pe1 ESTABLISHED (swanctl --initiate returned after $setup_ms ms)"
else
  echo "FAIL: strongSwan has no ESTABLISHED IKE_SA pe1"
  fail=1
fi
if grep -q 'net: #[0-9]*, reqid [0-9]*, INSTALLED' "$work/list-sas.txt"; then
  echo "strongSwan: CHILD_SA net INSTALLED (userspace ESP in UDP; the simulated PE's ESP-in-UDP data path is not bridged yet)"
else
  echo "note: strongSwan's CHILD_SA net is not INSTALLED"
fi

# The run ends at its duration (12 s of wall time).
wait "$sim_pid" || { echo "FAIL: trio6sim run exited with $?"; fail=1; }
sim_pid=""
sed -n '/show security ike security-associations$/,/^$/p' "$work/run.txt"
if sed -n '/show security ike security-associations$/,/^$/p' "$work/run.txt" | grep -Eq '^[0-9]+ +UP +[0-9a-f]{16} +[0-9a-f]{16} +IKEv2 +198\.51\.100\.2'; then
  echo "trio6sim: PE1's IKE SA with 198.51.100.2 is UP"
else
  echo "FAIL: PE1 shows no UP IKE SA with 198.51.100.2"
  fail=1
fi
if grep -q 'Local: 192.0.2.1:4500, Remote: 198.51.100.2:4500' "$work/run.txt"; then
  echo "trio6sim: the IKE SA floated to UDP 4500 (NAT-T)"
else
  echo "FAIL: PE1's IKE SA did not float to UDP 4500"
  fail=1
fi
sed -n '/show security ipsec security-associations$/,/^$/p' "$work/run.txt"
if sed -n '/show security ipsec security-associations$/,/^$/p' "$work/run.txt" | grep -Eq '^  >500001 +ESP:aes-gcm-256/aes256-gcm 0x[0-9a-f]{8} .* root 4500 198\.51\.100\.2'; then
  echo "trio6sim: PE1 holds the Child SA pair (tunnel 500001), ESP in UDP to port 4500"
else
  echo "FAIL: PE1 shows no Child SA with 198.51.100.2 in UDP 4500"
  fail=1
fi
# The keys: strongSwan's (its log at ike = 4, chd = 4) and the simulator's
# Wireshark tables (--pcap: ikev2_decryption_table, esp_sa).
/usr/bin/python3 "$here/strongswan_keys.py" "$work/charon.log" "$work/list-sas.txt" "$work/pcap" || fail=1
grep '^bridge ' "$work/run.txt" || true
exit $fail
