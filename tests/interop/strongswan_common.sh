# Sourced by the strongSwan interop tests (docs/interop.md): strongSwan's
# charon-systemd in a private network namespace, the simulator's host bridge
# on the namespace's loopback. What every such test needs:
#
#   ss_require                 exit 77 (ctest's skip) without strongSwan, root or netns
#   ss_setup NAME              the namespace and the scratch folder ($ns, $work, $vici),
#                              removed with every process started here on exit
#   ss_swanctl [SED-EXPR...]   $work/swanctl.conf: tests/interop/strongswan/swanctl.conf,
#                              each sed expression applied and required to change it
#   ss_start_charon / ss_load  charon started in the namespace ($charon_pid), the config loaded
#   ss_start_sim SCENARIO ...  trio6sim run in the namespace ($sim_pid), returns once its
#                              bridge is attached ($sim_t0: that wall time, in ns)
#   ss_stop PID                TERM, then KILL after 5 s
#   in_ns CMD...               CMD in the namespace
#   ss_list_sas FILE           swanctl --list-sas into FILE
#   ss_sleep_until MS          sleep until $sim_t0 + MS milliseconds (wall clock)
#   ss_route_to_tunnel         the CE's network (10.2.0.0/24) to kernel-libipsec's TUN device
#   ss_start_listener FILE S   counts datagrams to 10.1.0.1:9999 for S seconds into FILE
#                              (in the namespace; $listener_pid)
#   ss_send_to_ce N PPS        N datagrams from 10.1.0.1 into strongSwan's tunnel toward
#                              the CE (10.2.0.2, UDP 7), PPS a second on a fixed schedule
#
# Set ss_show_on_failure to the files to print when the test fails.

ss_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
skip=77

ss_require() {
  for tool in charon-systemd swanctl ip; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed (scripts/install-deps.sh --interop)"; exit $skip; }
  done
  [ "$(id -u)" -eq 0 ] || { echo "SKIP: network namespaces need root"; exit $skip; }
}

ss_cleanup() {
  local rc=$?
  for pid in $sim_pid ${listener_pid:-} ${sender_pid:-} $charon_pid; do
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
    for f in ${ss_show_on_failure:-} "$work"/charon.log; do
      [ -f "$f" ] && { echo "--- $f"; tail -n 60 "$f"; }
    done
  fi
  if [ -n "${KEEP_WORK:-}" ]; then echo "kept $work (KEEP_WORK)"; else rm -rf "$work"; fi
  exit "$rc"
}

ss_setup() {
  ns=trio6sim-$1-$$
  work=$(mktemp -d "/tmp/trio6sim-$1.XXXXXX")
  charon_pid="" sim_pid="" sim_t0=0 listener_pid="" sender_pid=""
  trap ss_cleanup EXIT
  trap 'exit 1' INT TERM
  if ! ip netns add "$ns" 2>/dev/null; then echo "SKIP: cannot create a network namespace"; exit $skip; fi
  ip -n "$ns" link set lo up
  # kernel-libipsec wants a local address inside the child's local_ts.
  ip -n "$ns" addr add 10.1.0.1/32 dev lo
  sed "s|@WORK@|$work|g" "$ss_here/strongswan/strongswan.conf" >"$work/strongswan.conf"
  vici="unix://$work/charon.vici"
}

in_ns() { ip netns exec "$ns" "$@"; }

ss_swanctl() {
  sed "s|@WORK@|$work|g" "$ss_here/strongswan/swanctl.conf" >"$work/swanctl.conf"
  local expr
  for expr in "$@"; do
    cp "$work/swanctl.conf" "$work/swanctl.before"
    sed -i "$expr" "$work/swanctl.conf"
    if cmp -s "$work/swanctl.conf" "$work/swanctl.before"; then
      echo "FAIL: '$expr' changed nothing in swanctl.conf"
      exit 1
    fi
  done
}

ss_load() {
  in_ns swanctl --load-all --file "$work/swanctl.conf" --uri "$vici" >"$work/load.log" 2>&1 ||
    { echo "FAIL: swanctl --load-all"; cat "$work/load.log"; exit 1; }
}

ss_start_charon() {
  rm -f "$work/charon.vici"
  # A simple command, not the in_ns function: $! is then charon's own pid
  # (ip netns exec execs it), not a subshell's.
  STRONGSWAN_CONF=$work/strongswan.conf ip netns exec "$ns" charon-systemd >"$work/charon.out" 2>&1 &
  charon_pid=$!
  for _ in $(seq 100); do [ -S "$work/charon.vici" ] && break; sleep 0.1; done
  [ -S "$work/charon.vici" ] || { echo "FAIL: charon-systemd opened no vici socket in 10 s"; exit 1; }
  ss_load
}

ss_stop() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# ss_start_sim SCENARIO OUT_PREFIX [trio6sim run options]: OUT_PREFIX.txt
# (the report and shows), OUT_PREFIX.err.
ss_start_sim() {
  local scenario=$1 out=$2
  shift 2
  # The bridge binds 127.0.0.1:500 and :4500 before it prints its "bridge:" line.
  ip netns exec "$ns" "$trio6sim" run "$scenario" "$@" >"$out.txt" 2>"$out.err" &
  sim_pid=$!
  for _ in $(seq 300); do grep -q '^bridge:' "$out.err" 2>/dev/null && break; sleep 0.05; done
  grep -q '^bridge:' "$out.err" || { echo "FAIL: the simulator attached no bridge in 15 s"; cat "$out.err"; exit 1; }
  sim_t0=$(date +%s%N)
}

ss_wait_sim() {
  local rc=0
  wait "$sim_pid" || rc=$?
  sim_pid=""
  [ "$rc" -eq 0 ] || { echo "FAIL: trio6sim run exited with $rc"; fail=1; }
}

ss_list_sas() { in_ns swanctl --list-sas --uri "$vici" >"$1" 2>&1 || true; }

ss_sleep_until() {
  local left_ms=$(((sim_t0 + $1 * 1000000 - $(date +%s%N)) / 1000000))
  [ "$left_ms" -gt 0 ] && sleep "$(printf '%d.%03d' $((left_ms / 1000)) $((left_ms % 1000)))"
  return 0
}

# strongSwan installs no routes (install_routes = no): the CE's network goes
# to kernel-libipsec's TUN device by hand, from the address inside local_ts.
ss_route_to_tunnel() {
  local tun
  tun=$(in_ns ip -o link show | grep -o 'ipsec[0-9]*' | head -n 1 || true)
  [ -n "$tun" ] || { echo "FAIL: kernel-libipsec's TUN device is not in the namespace"; exit 1; }
  in_ns ip route replace 10.2.0.0/24 dev "$tun" src 10.1.0.1
}

ss_start_listener() {
  rm -f "$1"
  # A simple command, so that $! is the listener's own pid.
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
' "$1" "$2" 2>"$work/listener.err" &
  listener_pid=$!
}

ss_send_to_ce() {
  in_ns /usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.1.0.1", 0))
n, pps = int(sys.argv[1]), float(sys.argv[2])
start = time.monotonic()
for i in range(n):
    time.sleep(max(0.0, start + i / pps - time.monotonic()))
    s.sendto(bytes(64), ("10.2.0.2", 7))
' "$1" "$2" 2>"$work/sender.err"
}
