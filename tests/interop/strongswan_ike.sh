#!/usr/bin/env bash
# A real IKEv2 peer (docs/interop.md): strongSwan's charon-systemd, in a
# private network namespace, and the simulated MX304 PE1 of
# scenarios/strongswan-peer.yaml negotiate IKEv2 through the simulator's
# host bridge, strongSwan initiating, then (a fresh charon, the same PE1
# with establish-tunnels immediately: strongswan-peer-pe-initiates.yaml)
# PE1 initiating. Each time the IKE_SA must be ESTABLISHED on both sides
# (swanctl --list-sas; the simulator's `show security ike
# security-associations`) and floated to UDP 4500, the CHILD_SA INSTALLED on
# both (ESP in UDP), the IKE and Child SA keys strongSwan logs equal to the
# simulator's (strongswan_keys.py), and the bridge's capture decrypted by
# tshark with the simulator's tables. Then ESP in UDP crosses the bridge
# through PE1's chip both ways: datagrams sent inside the namespace from
# 10.1.0.1 into strongSwan's tunnel (its kernel-libipsec TUN device) reach
# the simulated CE behind PE1, the CE's stream through st0.1 reaches a
# listener on 10.1.0.1, and strongSwan's CHILD_SA counters equal the
# simulator's packet for packet (strongswan_traffic.py).
#
#   tests/interop/strongswan_ike.sh TRIO6SIM
#
# Exits 77 (ctest's SKIP_RETURN_CODE) when strongSwan, root or network
# namespaces are missing. Every process it starts is stopped by its pid, and
# the namespace and scratch folder are removed, whatever happens (the
# folder is kept with KEEP_WORK=1). About 22 s.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
trio6sim=${1:?usage: $0 TRIO6SIM}
scenario=$here/../../scenarios/strongswan-peer.yaml
scenario_pe=$here/../../scenarios/strongswan-peer-pe-initiates.yaml
skip=77

for tool in charon-systemd swanctl ip; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed (scripts/install-deps.sh --interop)"; exit $skip; }
done
[ "$(id -u)" -eq 0 ] || { echo "SKIP: network namespaces need root"; exit $skip; }

ns=trio6sim-strongswan-$$
work=$(mktemp -d /tmp/trio6sim-strongswan.XXXXXX)
charon_pid="" sim_pid="" listener_pid=""
cleanup() {
  local rc=$?
  for pid in $sim_pid $listener_pid $charon_pid; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  # Anything else still in the namespace (none expected), by its pid.
  for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
  ip netns del "$ns" 2>/dev/null || true
  if [ "$rc" -ne 0 ] && [ "$rc" -ne $skip ]; then
    for f in "$work"/load.log "$work"/initiate.log "$work"/list-sas.txt "$work"/list-sas.err "$work"/run.err \
             "$work"/listener.err "$work"/sender.err "$work"/charon.log; do
      [ -f "$f" ] && { echo "--- $f"; tail -n 60 "$f"; }
    done
  fi
  if [ -n "${KEEP_WORK:-}" ]; then echo "kept $work (KEEP_WORK)"; else rm -rf "$work"; fi
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
fail=0

start_charon() {
  rm -f "$work/charon.vici"
  # A simple command, not the in_ns function: $! is then charon's own pid
  # (ip netns exec execs it), not a subshell's.
  STRONGSWAN_CONF=$work/strongswan.conf ip netns exec "$ns" charon-systemd >"$work/charon.out" 2>&1 &
  charon_pid=$!
  for _ in $(seq 100); do [ -S "$work/charon.vici" ] && break; sleep 0.1; done
  [ -S "$work/charon.vici" ] || { echo "FAIL: charon-systemd opened no vici socket in 10 s"; exit 1; }
  in_ns swanctl --load-all --file "$work/swanctl.conf" --uri "$vici" >"$work/load.log" 2>&1
}
stop() {  # stop PID: TERM, then KILL after 5 s
  kill "$1" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# One case: a fresh charon, the scenario paced to the wall clock, and
# `initiator` (strongswan or pe) starting the IKE_SA.
run_case() {
  local scenario=$1 initiator=$2
  echo "=== $(basename "$scenario"): $initiator initiates"
  start_charon
  rm -rf "$work/pcap" && mkdir "$work/pcap"
  # The bridge binds 127.0.0.1:500 and :4500 before it prints its "bridge:" line.
  ip netns exec "$ns" "$trio6sim" run "$scenario" --json "$work/run.json" --pcap "$work/pcap" >"$work/run.txt" 2>"$work/run.err" &
  sim_pid=$!
  for _ in $(seq 300); do grep -q '^bridge:' "$work/run.err" 2>/dev/null && break; sleep 0.1; done
  grep -q '^bridge:' "$work/run.err" || { echo "FAIL: the simulator attached no bridge in 30 s"; exit 1; }

  local start setup_ms how
  start=$(date +%s%N)
  if [ "$initiator" = strongswan ]; then
    in_ns swanctl --initiate --ike pe1 --child net --timeout 10 --uri "$vici" >"$work/initiate.log" 2>&1 || true
    how="swanctl --initiate returned after $((($(date +%s%N) - start) / 1000000)) ms"
  fi
  for _ in $(seq 50); do
    in_ns swanctl --list-sas --uri "$vici" >"$work/list-sas.txt" 2>"$work/list-sas.err"
    grep -q 'net: #[0-9]*, reqid [0-9]*, INSTALLED' "$work/list-sas.txt" && break
    sleep 0.1
  done
  setup_ms=$((($(date +%s%N) - start) / 1000000))
  [ -n "${how:-}" ] || how="seen by swanctl --list-sas $setup_ms ms after the bridge attached"
  cat "$work/list-sas.txt"
  local role='_i\*'; [ "$initiator" = pe ] && role='_r\*'
  if grep -Eq "pe1: #[0-9]+, ESTABLISHED, IKEv2, [0-9a-f]{16}_i\*? [0-9a-f]{16}_r\*?" "$work/list-sas.txt" &&
     grep -q "$role" "$work/list-sas.txt"; then
    echo "strongSwan: IKE_SA pe1 ESTABLISHED as the $([ "$initiator" = pe ] && echo responder || echo initiator) ($how)"
  else
    echo "FAIL: strongSwan has no ESTABLISHED IKE_SA pe1 with itself as the $initiator's peer"
    fail=1
  fi
  if grep -q 'net: #[0-9]*, reqid [0-9]*, INSTALLED, TUNNEL-in-UDP' "$work/list-sas.txt"; then
    echo "strongSwan: CHILD_SA net INSTALLED, ESP in UDP"
  else
    echo "FAIL: strongSwan's CHILD_SA net is not INSTALLED in UDP encapsulation"
    fail=1
  fi

  # Traffic through the tunnel, both ways, while the run lasts (6 s of wall
  # time; the CE's stream runs from 2 s to 3 s). strongSwan installs no
  # routes (install_routes = no): the CE's network goes to kernel-libipsec's
  # TUN device by hand. A listener on 10.1.0.1:9999 counts the CE's stream,
  # decrypted by strongSwan; a sender puts $to_ce datagrams from 10.1.0.1
  # into strongSwan's tunnel toward the CE (10.2.0.2, UDP 7).
  local tun to_ce=5
  tun=$(in_ns ip -o link show | grep -o 'ipsec[0-9]*' | head -n 1 || true)
  if [ -z "$tun" ]; then
    echo "FAIL: kernel-libipsec's TUN device is not in the namespace"
    exit 1
  fi
  in_ns ip route replace 10.2.0.0/24 dev "$tun" src 10.1.0.1
  rm -f "$work/received"
  ip netns exec "$ns" /usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.1.0.1", 9999))
s.settimeout(0.2)
n, end = 0, time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    try:
        s.recv(65535)
        n += 1
    except socket.timeout:
        pass
open(sys.argv[1], "w").write(str(n))
' "$work/received" 8 2>"$work/listener.err" &
  listener_pid=$!
  ip netns exec "$ns" /usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.1.0.1", 0))
for i in range(int(sys.argv[1])):
    s.sendto(bytes(64), ("10.2.0.2", 7))
    time.sleep(0.1)
' "$to_ce" 2>"$work/sender.err" || { echo "FAIL: the sender in the namespace failed"; fail=1; }

  # The run ends at its duration (6 s of wall time), the listener soon after.
  wait "$sim_pid" || { echo "FAIL: trio6sim run exited with $?"; fail=1; }
  sim_pid=""
  wait "$listener_pid" || true
  listener_pid=""
  in_ns swanctl --list-sas --uri "$vici" >"$work/list-sas-after.txt" 2>>"$work/list-sas.err"
  grep -E '^ +(in|out) ' "$work/list-sas-after.txt" || true
  sed -n '/show security ipsec statistics$/,/^$/p' "$work/run.txt"
  /usr/bin/python3 "$here/strongswan_traffic.py" "$work/list-sas-after.txt" "$work/run.json" "$work/pcap" \
    "$to_ce" "$(cat "$work/received" 2>/dev/null || echo 0)" || fail=1
  local ike ipsec
  ike=$(sed -n '/show security ike security-associations$/,/^$/p' "$work/run.txt")
  ipsec=$(sed -n '/show security ipsec security-associations$/,/^$/p' "$work/run.txt")
  echo "$ike"
  echo "$ipsec"
  if grep -Eq '^[0-9]+ +UP +[0-9a-f]{16} +[0-9a-f]{16} +IKEv2 +198\.51\.100\.2' <<<"$ike"; then
    echo "trio6sim: PE1's IKE SA with 198.51.100.2 is UP"
  else
    echo "FAIL: PE1 shows no UP IKE SA with 198.51.100.2"
    fail=1
  fi
  local role_pe=Responder; [ "$initiator" = pe ] && role_pe=Initiator
  if grep -q "Role: $role_pe, State: UP" "$work/run.txt" &&
     grep -q 'Local: 192.0.2.1:4500, Remote: 198.51.100.2:4500' "$work/run.txt"; then
    echo "trio6sim: PE1 is the $role_pe; the IKE SA floated to UDP 4500 (NAT-T)"
  else
    echo "FAIL: PE1's IKE SA is not the $role_pe's on UDP 4500"
    fail=1
  fi
  if grep -Eq '^  >500001 +ESP:aes-gcm-256/aes256-gcm 0x[0-9a-f]{8} .* root 4500 198\.51\.100\.2' <<<"$ipsec"; then
    echo "trio6sim: PE1 holds the Child SA pair (tunnel 500001), ESP in UDP to port 4500"
  else
    echo "FAIL: PE1 shows no Child SA with 198.51.100.2 in UDP 4500"
    fail=1
  fi
  # The keys: strongSwan's (its log at ike = 4, chd = 4) and the simulator's
  # Wireshark tables (--pcap: ikev2_decryption_table, esp_sa).
  /usr/bin/python3 "$here/strongswan_keys.py" "$work/charon.log" "$work/list-sas.txt" "$work/pcap" || fail=1
  # The bridge's capture (what crossed it, as the simulation saw it),
  # decrypted by tshark with the simulator's table (the keys agree, so
  # strongSwan's would do as well): IKE_AUTH both ways, its AUTH payloads
  # in the clear and no decryption failure.
  if command -v tshark >/dev/null; then
    mkdir -p "$work/wireshark" && cp "$work/pcap/ikev2_decryption_table" "$work/wireshark/"
    local auths
    auths=$(WIRESHARK_CONFIG_DIR=$work/wireshark tshark -n -r "$work/pcap/PE1-bridge.pcap" -Y 'isakmp.exchangetype == 35' \
              -T fields -e isakmp.auth.data 2>&1 | grep -c '^[0-9a-f]' || true)
    if [ "$auths" = 2 ] && ! WIRESHARK_CONFIG_DIR=$work/wireshark tshark -n -V -r "$work/pcap/PE1-bridge.pcap" 2>&1 | grep -q 'Decryption failed'; then
      echo "tshark: PE1-bridge.pcap's IKE_AUTH request and response decrypted with the simulator's ikev2_decryption_table"
    else
      echo "FAIL: tshark decrypted $auths IKE_AUTH messages of PE1-bridge.pcap (2 expected)"
      fail=1
    fi
  else
    echo "note: no tshark: the bridge's capture is not decrypted"
  fi
  grep '^bridge ' "$work/run.txt" || true
  stop "$charon_pid"
  charon_pid=""
}

run_case "$scenario" strongswan
run_case "$scenario_pe" pe
exit $fail
