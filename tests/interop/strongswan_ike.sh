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
# shellcheck source=strongswan_common.sh
source "$here/strongswan_common.sh"
ss_require
ss_setup strongswan
ss_swanctl
ss_show_on_failure="$work/load.log $work/initiate.log $work/list-sas.txt $work/list-sas.err $work/run.err
                    $work/listener.err $work/sender.err"
fail=0

# One case: a fresh charon, the scenario paced to the wall clock, and
# `initiator` (strongswan or pe) starting the IKE_SA.
run_case() {
  local scenario=$1 initiator=$2
  echo "=== $(basename "$scenario"): $initiator initiates"
  ss_start_charon
  rm -rf "$work/pcap" && mkdir "$work/pcap"
  ss_start_sim "$scenario" "$work/run" --json "$work/run.json" --pcap "$work/pcap"

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
  local to_ce=5
  ss_route_to_tunnel
  ss_start_listener "$work/received" 8
  ss_send_to_ce "$to_ce" 10 || { echo "FAIL: the sender in the namespace failed"; fail=1; }

  # The run ends at its duration (6 s of wall time), the listener soon after.
  ss_wait_sim
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
  ss_stop "$charon_pid"
  charon_pid=""
}

run_case "$scenario" strongswan
run_case "$scenario_pe" pe
exit $fail
