#!/usr/bin/env bash
# Lifecycle and failures against a real IKEv2 peer (docs/interop.md, "Lifecycle
# and failures against strongSwan"): strongSwan's charon-systemd, in a
# private network namespace, and the simulated MX304 PE1 through the
# simulator's host bridge.
#   1. strongSwan rekeys (short rekey_time): its CHILD_SA, then its IKE_SA,
#      under traffic both ways (none lost); both sides hold the new SAs
#      only, every key agrees; then it deletes
#      the CHILD_SA and the IKE_SA (swanctl --terminate) and PE1 shows none,
#      its log saying why (strongswan-peer-rekey.yaml).
#   2. PE1 rekeys its Child SA and its IKE SA under traffic both ways, none
#      lost (strongswan-peer-pe-rekey.yaml).
#   3. charon is killed; PE1's dead peer detection (interval 2, threshold 3)
#      clears the SAs within interval x (threshold + 1) of the last answer
#      (strongswan-peer-dpd.yaml).
#   4. strongSwan initiates with a wrong PSK, other IKE proposals, other ESP
#      proposals, other traffic selectors: PE1 answers AUTHENTICATION_FAILED,
#      NO_PROPOSAL_CHOSEN (twice), TS_UNACCEPTABLE (strongswan-peer-failures.yaml).
#   5. PE1 initiates to a strongSwan with a wrong PSK, other IKE proposals,
#      other traffic selectors (strongswan-peer-pe-failures.yaml, one run each).
# Each time strongSwan's view (swanctl --list-sas, its log) and PE1's (its
# shows, `show log messages`) are checked.
#
#   tests/interop/strongswan_lifecycle.sh TRIO6SIM
#
# Exits 77 (ctest's SKIP_RETURN_CODE) when strongSwan, root or network
# namespaces are missing. Every process it starts is stopped by its pid, and
# the namespace and scratch folder are removed, whatever happens (the
# folder is kept with KEEP_WORK=1). About 70 s.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
trio6sim=${1:?usage: $0 TRIO6SIM}
scenarios=$here/../../scenarios
# shellcheck source=strongswan_common.sh
source "$here/strongswan_common.sh"
ss_require
ss_setup strongswan-life
fail=0
ss_show_on_failure="$work/run.err $work/initiate.log"

check() {  # check DESCRIPTION COMMAND...: prints OK or FAIL, never exits
  local what=$1
  shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}
# The lines of one show in a run's output: show_of FILE 'COMMAND' AT (the
# run prints each as "--- PE1 at 6s", "PE1> COMMAND", its text; the shows
# without `at` come at the end, at the run's duration).
show_of() {
  python3 - "$1" "$2" "$3" <<'EOF'
import re, sys
text, command, at = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
for b in re.split(r"(?m)^--- ", text)[1:]:
    lines = b.split("\n")
    if re.fullmatch(r"\S+ at " + re.escape(at), lines[0]) and re.fullmatch(r"\S+> " + re.escape(command), lines[1]):
        sys.stdout.write("\n".join(lines[1:]))
EOF
}
spis_of() {  # the IKE SPIs and Child SA SPIs of a --list-sas: "ikei ikeR in out"
  python3 - "$1" <<'EOF'
import re, sys
t = open(sys.argv[1]).read()
ike = re.search(r"ESTABLISHED, IKEv2, ([0-9a-f]{16})_i\*? ([0-9a-f]{16})_r", t)
child = re.search(r"INSTALLED.*?\n\s+in\s+([0-9a-f]{8}),.*?\n\s+out\s+([0-9a-f]{8}),", t, re.S)
print(" ".join((ike.groups() if ike else ("-", "-")) + (child.groups() if child else ("-", "-"))))
EOF
}
children_in() { grep -c 'net: #[0-9]*, reqid [0-9]*, INSTALLED' "$1" || true; }
pe_log() { show_of "$1" "show log messages" "$2"; }
# strongSwan's SPIs now ($ike_i0 $ike_r0 $in0 $out0) and at MS after the
# bridge attached ($ike_i1 ...): rekey_snapshots N MS (files sasN-initial.txt,
# sasN-rekeyed.txt).
rekey_snapshots() {
  ss_list_sas "$work/sas$1-initial.txt"
  read -r ike_i0 ike_r0 in0 out0 <<<"$(spis_of "$work/sas$1-initial.txt")"
  ss_sleep_until "$2"
  ss_list_sas "$work/sas$1-rekeyed.txt"
  read -r ike_i1 ike_r1 in1 out1 <<<"$(spis_of "$work/sas$1-rekeyed.txt")"
  echo "strongSwan: IKE_SA $ike_i0/$ike_r0 -> $ike_i1/$ike_r1, CHILD_SA in $in0 out $out0 -> in $in1 out $out1"
}
# PE1 holds no IKE SA and no tunnel at the end (AT, the run's duration) of
# run output $1.
pe_holds_nothing() {
  local ike_end ipsec_end
  ike_end=$(show_of "$1" "show security ike security-associations" "$2")
  ipsec_end=$(show_of "$1" "show security ipsec security-associations" "$2")
  check "PE1 at the end: no IKE SA, no tunnel" \
    bash -c "! grep -q ' UP ' <<<'$ike_end' && grep -q 'Total active tunnels: 0 ' <<<'$ipsec_end'"
}
# PE1's shows at 6 s in run output $1 hold the IKE SA $ike_i1/$ike_r1 and the
# Child SA pair strongSwan lists (its in is PE1's out), and nothing else;
# sets $detail6 (the detail show, for the tunnel events).
pe_holds_at_6s() {
  local ike6 ipsec6
  ike6=$(show_of "$1" "show security ike security-associations" 6s)
  ipsec6=$(show_of "$1" "show security ipsec security-associations" 6s)
  detail6=$(show_of "$1" "show security ipsec security-associations detail" 6s)
  echo "$ike6"; echo "$ipsec6"
  check "PE1 at 6 s: strongSwan's IKE SA $ike_i1/$ike_r1 UP, no other" \
    bash -c "grep -Eq '^[0-9]+ +UP +$ike_i1 +$ike_r1 ' <<<'$ike6' && [ \$(grep -c ' UP ' <<<'$ike6') = 1 ]"
  check "PE1 at 6 s: strongSwan's Child SA pair (PE1's in 0x$out1, out 0x$in1), no other" \
    bash -c "grep -q '<500001 .* 0x$out1 ' <<<'$ipsec6' && grep -q '>500001 .* 0x$in1 ' <<<'$ipsec6' && [ \$(grep -c '^  [<>]500001' <<<'$ipsec6') = 2 ]"
}

# Traffic across the rekeys, both ways: the CE's stream (200 pps, 2.5 s to
# 5.5 s: 600 datagrams) to a listener on 10.1.0.1, and 600 datagrams at the
# same rate and times from 10.1.0.1 into strongSwan's tunnel to the CE.
# traffic_start N starts both sides once strongSwan's CHILD_SA is up;
# traffic_check N RUN_JSON compares what arrived with what was sent.
traffic_start() {
  ss_route_to_tunnel
  ss_start_listener "$work/received$1" 6
  (ss_sleep_until 2500 && ss_send_to_ce 600 200) &
  sender_pid=$!
}
traffic_check() {
  wait "$sender_pid" || { echo "FAIL: the sender in the namespace failed"; fail=1; }
  sender_pid=""
  wait "$listener_pid" || true
  listener_pid=""
  local got sent ce
  got=$(cat "$work/received$1" 2>/dev/null || echo 0)
  read -r sent ce <<<"$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(r["streams"]["ce-to-strongswan"]["tx_packets"], r.get("generators", {}).get("CE1", {}).get("received_not_of_streams", 0))
' "$2")"
  echo "traffic across the rekeys: CE -> strongSwan $sent sent, $got received; strongSwan -> CE 600 sent, $ce received"
  check "no loss across the rekeys, CE -> strongSwan ($sent sent, $got received)" test "$sent" = 600 -a "$got" = 600
  check "no loss across the rekeys, strongSwan -> CE (600 sent, $ce received)" test "$ce" = 600
  # The datagrams crossed the rekeys: ESP under the old and the new SPI each
  # way in the bridge's capture (ESP in UDP: a non-zero first word).
  local spis
  spis=$(python3 "$here/esp_spis.py" "$work/pcap$1/PE1-bridge.pcap" 192.0.2.1)
  echo "ESP packets by SPI in the bridge's capture: $spis"
  check "ESP both ways under two SPIs at least (the old SA's and the new one's)" \
    bash -c "[ \$(grep -o 'from:[^ ]*' <<<'$spis' | tr ',' '\n' | grep -c =) -ge 2 ] &&
             [ \$(grep -o 'to:[^ ]*' <<<'$spis' | tr ',' '\n' | grep -c =) -ge 2 ]"
}

# --- 1. strongSwan rekeys, then deletes -------------------------------------
echo "=== strongswan-peer-rekey.yaml: strongSwan rekeys its CHILD_SA (4 s) and IKE_SA (5 s), then terminates them"
# Explicit hard lifetimes (over_time, life_time) far beyond the rekeys: with
# rand_time 0 strongSwan otherwise lets the SA expire when the rekey is due.
ss_swanctl 's|^    mobike = no|    mobike = no\n    rekey_time = 5s\n    over_time = 20s\n    rand_time = 0s|' \
           's|^        start_action = none|        start_action = none\n        rekey_time = 4s\n        life_time = 20s\n        rand_time = 0s|'
ss_start_charon
rm -rf "$work/pcap1" && mkdir "$work/pcap1"
ss_start_sim "$scenarios/strongswan-peer-rekey.yaml" "$work/run1" --pcap "$work/pcap1" --json "$work/run1.json"
in_ns swanctl --initiate --ike pe1 --child net --timeout 5 --uri "$vici" >"$work/initiate.log" 2>&1 || true
traffic_start 1
rekey_snapshots 1 5800
check "strongSwan established the IKE_SA and the CHILD_SA" test "$ike_i0" != - -a "$in0" != -
check "strongSwan rekeyed its IKE_SA (new SPIs, it the initiator)" \
  bash -c "[ '$ike_i1' != - ] && [ '$ike_i1' != '$ike_i0' ] && grep -Eq '${ike_i1}_i\*' '$work/sas1-rekeyed.txt'"
check "strongSwan rekeyed its CHILD_SA and holds only the new one" \
  bash -c "[ '$in1' != - ] && [ '$in1' != '$in0' ] && [ \$(grep -c 'INSTALLED' '$work/sas1-rekeyed.txt') = 1 ]"
ss_sleep_until 6500
in_ns swanctl --terminate --child net --timeout 3 --uri "$vici" >"$work/terminate-child.log" 2>&1 || true
ss_list_sas "$work/sas1-child-terminated.txt"
check "strongSwan: CHILD_SA terminated, IKE_SA kept" \
  bash -c "! grep -q INSTALLED '$work/sas1-child-terminated.txt' && grep -q ESTABLISHED '$work/sas1-child-terminated.txt'"
ss_sleep_until 7200
in_ns swanctl --terminate --ike pe1 --timeout 3 --uri "$vici" >"$work/terminate-ike.log" 2>&1 || true
ss_list_sas "$work/sas1-ike-terminated.txt"
check "strongSwan: IKE_SA terminated (swanctl --list-sas empty)" bash -c "! grep -q 'pe1:' '$work/sas1-ike-terminated.txt'"
ss_wait_sim
traffic_check 1 "$work/run1.json"
r=$work/run1.txt
pe_holds_at_6s "$r"
check "PE1's tunnel events: the rekey succeeded, the old SA deleted by the peer's DELETE" \
  bash -c "grep -q 'IPsec SA rekey succeeds' <<<'$detail6' && grep -q 'IPSec SA is deleted because received DEL notification from peer' <<<'$detail6'"
pe_holds_nothing "$r" 9s
log1=$(pe_log "$r" 9s)
check "PE1's log: the Child SA and the IKE SA deleted by the peer's DELETE, the VPN down" \
  bash -c "grep -q 'iked\[[0-9]*\]: IPSec SA is deleted because received DEL notification from peer. VPN: vpn_strongswan' <<<'$log1' &&
           grep -q 'IKE SA is deleted because received DEL notification from peer' <<<'$log1' &&
           grep -q 'KMD_VPN_DOWN_ALARM_USER: VPN vpn_strongswan from 198.51.100.2 is down' <<<'$log1'"
grep -E 'DEL notification|DOWN_ALARM' <<<"$log1" | cut -c1-160
check "keys: every IKE SA and ESP SA strongSwan keyed agrees with PE1's (2 IKE SAs, 2 Child SA pairs at least)" \
  /usr/bin/python3 "$here/strongswan_all_keys.py" "$work/charon.log" "$work/pcap1" 2 2
ss_stop "$charon_pid"; charon_pid=""

# --- 2. PE1 rekeys -----------------------------------------------------------
echo "=== strongswan-peer-pe-rekey.yaml: PE1 initiates, rekeys its Child SA (3 s) and IKE SA (4.5 s)"
ss_swanctl
ss_start_charon
rm -rf "$work/pcap2" && mkdir "$work/pcap2"
ss_start_sim "$scenarios/strongswan-peer-pe-rekey.yaml" "$work/run2" --pcap "$work/pcap2" --json "$work/run2.json"
ss_sleep_until 2000
traffic_start 2
rekey_snapshots 2 6000
ss_wait_sim
traffic_check 2 "$work/run2.json"
r=$work/run2.txt
pe_holds_at_6s "$r"
check "strongSwan: the IKE_SA rekeyed by PE1 (new SPIs, strongSwan the responder)" \
  bash -c "[ '$ike_i0' != - ] && [ '$ike_i1' != '$ike_i0' ] && grep -Eq '${ike_r1}_r\*' '$work/sas2-rekeyed.txt'"
check "strongSwan: the CHILD_SA rekeyed by PE1, only the new one left" \
  bash -c "[ '$in0' != - ] && [ '$in1' != - ] && [ '$in1' != '$in0' ] && [ \$(grep -c INSTALLED '$work/sas2-rekeyed.txt') = 1 ]"
check "PE1's tunnel events: rekey initiated by the soft lifetime, succeeded, old SA deleted with a DELETE" \
  bash -c "grep -q 'IPSEC SA rekey initiated because soft life timer expired' <<<'$detail6' &&
           grep -q 'IPsec SA rekey succeeds' <<<'$detail6' && grep -q 'hard life-time expired, sent DEL notification' <<<'$detail6'"
check "strongSwan's log: PE1's DELETEs of the old CHILD_SA and the old IKE_SA received" \
  bash -c "grep -q 'received DELETE for ESP CHILD_SA' '$work/charon.log' && grep -q 'received DELETE for IKE_SA' '$work/charon.log'"
check "keys: every IKE SA and ESP SA strongSwan keyed agrees with PE1's (2 IKE SAs, 2 Child SA pairs at least)" \
  /usr/bin/python3 "$here/strongswan_all_keys.py" "$work/charon.log" "$work/pcap2" 2 2
ss_stop "$charon_pid"; charon_pid=""

# --- 3. Dead peer detection --------------------------------------------------
echo "=== strongswan-peer-dpd.yaml: charon killed; PE1's DPD (always-send, interval 2, threshold 3)"
interval=2 threshold=3
ss_start_charon
rm -rf "$work/pcap3" && mkdir "$work/pcap3"
ss_start_sim "$scenarios/strongswan-peer-dpd.yaml" "$work/run3" --pcap "$work/pcap3" \
  --programming-trace "$work/programming3.jsonl"
in_ns swanctl --initiate --ike pe1 --child net --timeout 5 --uri "$vici" >"$work/initiate.log" 2>&1 || true
ss_list_sas "$work/sas3.txt"
check "strongSwan: IKE_SA and CHILD_SA up before the kill" grep -q 'INSTALLED' "$work/sas3.txt"
ss_sleep_until 3000
kill -9 "$charon_pid"; wait "$charon_pid" 2>/dev/null || true
killed_ms=$((($(date +%s%N) - sim_t0) / 1000000))
charon_pid=""
echo "charon killed (SIGKILL: no DELETE) $killed_ms ms after the bridge attached"
ss_wait_sim
r=$work/run3.txt
timing=$(PYTHONPATH=$here python3 - "$work/pcap3/PE1-bridge.pcap" "$work/programming3.jsonl" <<'EOF'
import json, sys
from pcap_records import ip_packet, read_pcap
# The bridge's capture (simulated time): the peer's last datagram, and PE1's after it.
last_peer, after = None, []
link_type, records = read_pcap(sys.argv[1])
for _number, t, record in records:
    ip = ip_packet(link_type, record)
    if ip is None:
        continue
    src = ".".join(str(b) for b in ip[12:16])
    if src == "198.51.100.2":
        last_peer, after = t, []
    else:
        after.append(t)
# PE1's st0.1 goes down (the trace's st0_down) when its SA pair is cleared.
removed = [json.loads(l)["t_ps"] / 1e12 for l in open(sys.argv[2]) if json.loads(l)["op"] == "st0_down"]
print(f"{last_peer} {len(after)} {min(removed) if removed else -1}")
EOF
)
read -r last_peer probes cleared <<<"$timing"
echo "PE1: strongSwan's last answer at ${last_peer} s, then $probes DPD requests unanswered, SAs removed at ${cleared} s (simulated)"
check "PE1 cleared the SAs within interval x (threshold + 1) = $((interval * (threshold + 1))) s of strongSwan's last answer, not before interval x threshold" \
  python3 -c "import sys; d = $cleared - $last_peer; print(f'  dead after {d:.3f} s'); sys.exit(not ($interval * $threshold <= d <= $interval * ($threshold + 1) + 0.25))"
check "PE1 sent threshold = $threshold DPD requests (the probe and its retransmissions) after the last answer" test "$probes" = "$threshold"
check "PE1 declared the peer dead within interval x (threshold + 1) + 0.25 s of the kill (wall clock ~ simulated time)" \
  python3 -c "import sys; sys.exit(not ($cleared * 1000 - $killed_ms <= ($interval * ($threshold + 1) + 0.25) * 1000))"
pe_holds_nothing "$r" 12s
log3=$(pe_log "$r" 12s)
check "PE1's log: KMD_DPD_PEER_DOWN, the IPsec SA deleted because the peer is dead, the VPN down" \
  bash -c "grep -q 'KMD_DPD_PEER_DOWN: DPD detected peer 198.51.100.2 as dead: 3 DPD requests 2 seconds apart unanswered' <<<'$log3' &&
           grep -q 'IPSec SA is deleted because peer is dead (DPD)' <<<'$log3' && grep -q 'KMD_VPN_DOWN_ALARM_USER' <<<'$log3'"
grep -E 'DPD|DOWN_ALARM' <<<"$log3" | cut -c1-160

# --- 4. Failures, strongSwan initiating -------------------------------------
echo "=== strongswan-peer-failures.yaml: strongSwan initiates with a wrong PSK, IKE proposal, ESP proposal, traffic selectors"
ss_swanctl
ss_start_charon
rm -rf "$work/pcap4" && mkdir "$work/pcap4"
ss_start_sim "$scenarios/strongswan-peer-failures.yaml" "$work/run4" --pcap "$work/pcap4"
# try NAME EXPECTED_LOG_REGEX SED-EXPR...: load a variant, initiate, require
# no CHILD_SA and charon's log to say why.
try() {
  local name=$1 said=$2
  shift 2
  ss_swanctl "$@"
  ss_load
  local mark
  mark=$(wc -l <"$work/charon.log")
  in_ns swanctl --initiate --ike pe1 --child net --timeout 3 --uri "$vici" >"$work/initiate-$name.log" 2>&1 || true
  ss_list_sas "$work/sas4-$name.txt"
  check "$name: strongSwan has no CHILD_SA (swanctl --list-sas)" bash -c "! grep -q INSTALLED '$work/sas4-$name.txt'"
  check "$name: strongSwan's log: $said" bash -c "tail -n +$mark '$work/charon.log' | grep -Eq '$said'"
  # An IKE_SA whose CHILD_SA was refused stays up on both sides: closed before the next case.
  in_ns swanctl --terminate --ike pe1 --timeout 3 --uri "$vici" >/dev/null 2>&1 || true
}
try wrong-psk 'received AUTHENTICATION_FAILED notify error' 's|secret = "trio6sim-interop-psk"|secret = "not-the-psk"|'
try ike-proposal 'received NO_PROPOSAL_CHOSEN notify error' \
  's|proposals = aes256gcm16-prfsha256-ecp256|proposals = aes128gcm16-prfsha256-ecp256|'
try esp-proposal 'received NO_PROPOSAL_CHOSEN notify' 's|esp_proposals = aes256gcm16|esp_proposals = aes128gcm16|'
try traffic-selectors 'received TS_UNACCEPTABLE notify' 's|remote_ts = 10.2.0.0/24|remote_ts = 10.3.0.0/24|'
ss_wait_sim
r=$work/run4.txt
log4=$(pe_log "$r" 7s)
grep -E 'failed with error|TS_MISMATCH' <<<"$log4" | cut -c1-200
ctx='IKE Version: 2, VPN: vpn_strongswan Gateway: gw_strongswan, Local: 192.0.2.1/[0-9]+, Remote: 198.51.100.2/[0-9]+, Local IKE-ID: 192.0.2.1'
check "PE1's log: IKE negotiation failed with error: Authentication failed (as responder)" \
  bash -c "grep -Eq 'IKE negotiation failed with error: Authentication failed. $ctx, Remote IKE-ID: 198.51.100.2, VR-ID: 0, Role: Responder' <<<'$log4'"
check "PE1's log: IKE negotiation failed with error: No proposal chosen, twice (IKE_SA_INIT, then the CHILD_SA in IKE_AUTH)" \
  bash -c "[ \$(grep -Ec 'IKE negotiation failed with error: No proposal chosen. $ctx.*Role: Responder' <<<'$log4') = 2 ]"
check "PE1's log: KMD_VPN_TS_MISMATCH with strongSwan's selectors, and TS unacceptable" \
  bash -c "grep -q 'KMD_VPN_TS_MISMATCH: Traffic-selector mismatch, vpn name: vpn_strongswan, Peer Proposed traffic-selector local-ip: ipv4(10.1.0.1-10.1.0.1), Peer Proposed traffic-selector remote-ip: ipv4(10.3.0.0-10.3.0.255)' <<<'$log4' &&
           grep -Eq 'IKE negotiation failed with error: TS unacceptable. $ctx' <<<'$log4'"
pe_holds_nothing "$r" 7s
if command -v tshark >/dev/null; then
  # The notifies on the wire: the bridge's capture decrypted with PE1's table.
  mkdir -p "$work/wireshark" && cp "$work/pcap4/ikev2_decryption_table" "$work/wireshark/"
  notifies=$(WIRESHARK_CONFIG_DIR=$work/wireshark tshark -n -r "$work/pcap4/PE1-bridge.pcap" -Y 'ip.src == 192.0.2.1' \
               -T fields -e isakmp.notify.msgtype 2>/dev/null | tr ',' '\n' | grep -E '^(14|24|38)$' | sort | uniq -c | tr -s ' ' | paste -sd';')
  echo "tshark: error notifies from PE1 (count type): $notifies"
  check "on the wire from PE1: AUTHENTICATION_FAILED (24) once, NO_PROPOSAL_CHOSEN (14) twice, TS_UNACCEPTABLE (38) once" \
    test "$notifies" = " 2 14; 1 24; 1 38"
else
  echo "note: no tshark: the notifies on the wire are not decoded"
fi

# --- 5. Failures, PE1 initiating --------------------------------------------
echo "=== strongswan-peer-pe-failures.yaml: PE1 initiates to a strongSwan with a wrong PSK, IKE proposal, traffic selectors"
pe_try() {
  local name=$1 error=$2 said=$3
  shift 3
  ss_swanctl "$@"
  ss_load
  local mark
  mark=$(wc -l <"$work/charon.log")
  ss_start_sim "$scenarios/strongswan-peer-pe-failures.yaml" "$work/run5-$name"
  ss_wait_sim
  ss_list_sas "$work/sas5-$name.txt"
  local log5
  log5=$(pe_log "$work/run5-$name.txt" 3s)
  grep -E 'failed with error' <<<"$log5" | cut -c1-200
  check "$name: strongSwan has no CHILD_SA" bash -c "! grep -q INSTALLED '$work/sas5-$name.txt'"
  check "$name: strongSwan's log: $said" bash -c "tail -n +$mark '$work/charon.log' | grep -Eq '$said'"
  check "$name: PE1's log: IKE negotiation failed with error: $error (as initiator)" \
    bash -c "grep -Eq 'IKE negotiation failed with error: $error. IKE Version: 2, VPN: vpn_strongswan .*Role: Initiator' <<<'$log5'"
  in_ns swanctl --terminate --ike pe1 --timeout 3 --uri "$vici" >/dev/null 2>&1 || true
}
pe_try wrong-psk 'Authentication failed' 'generating IKE_AUTH response 1 .*N\(AUTH_FAILED\)' 's|secret = "trio6sim-interop-psk"|secret = "not-the-psk"|'
pe_try ike-proposal 'No proposal chosen' 'generating IKE_SA_INIT response 0 .*N\(NO_PROP\)' \
  's|proposals = aes256gcm16-prfsha256-ecp256|proposals = aes128gcm16-prfsha256-ecp256|'
pe_try traffic-selectors 'TS unacceptable' 'generating IKE_AUTH response 1 .*N\(TS_UNACCEPT\)' 's|remote_ts = 10.2.0.0/24|remote_ts = 10.3.0.0/24|'
ss_stop "$charon_pid"; charon_pid=""

[ "$fail" -eq 0 ] && echo "PASS: strongSwan lifecycle and failures" || echo "FAIL: see above"
exit $fail
