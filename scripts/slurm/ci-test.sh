#!/usr/bin/env bash
# The sweep's cluster contract against a real Slurm on this one machine:
# starts munged, slurmctld and slurmd (a private configuration, key and
# ports in a temporary folder; nothing of the system's is touched), submits
# a sweep as a job array of shards plus a merge job (submit-sweep.sh),
# compares the merged output with the single-process run byte for byte, and
# stops the daemons whatever happens. Needs root and Debian's slurm-wlm and
# munge (scripts/install-deps.sh). About 30 s.
#
#   scripts/slurm/ci-test.sh [TRIO6SIM] [SWEEP.yaml] [SHARDS]
set -euo pipefail
here=$(dirname "$(realpath "$0")")
repo=$(realpath "$here/../..")
trio6sim=$(realpath "${1:-$repo/build/tools/trio6sim}")
sweep=$(realpath "${2:-$repo/tests/sweep/small.yaml}")
shards=${3:-3}

[ "$(id -u)" -eq 0 ] || { echo "slurm ci-test: needs root (it starts slurmd)"; exit 2; }
for tool in munged mungekey slurmctld slurmd sbatch sinfo; do
  command -v "$tool" >/dev/null || { echo "slurm ci-test: $tool missing (scripts/install-deps.sh)"; exit 2; }
done

tmp=$(mktemp -d /tmp/trio6sim-slurm.XXXXXX)
chmod 755 "$tmp"
stop() {
  status=$?
  for daemon in slurmd slurmctld munged; do
    if [ -s "$tmp/$daemon.pid" ]; then
      pid=$(cat "$tmp/$daemon.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  done
  if [ "$status" -ne 0 ]; then
    for log in "$tmp"/*.log "$tmp"/out/slurm-*.out; do
      [ -f "$log" ] && { echo "--- $log"; tail -n 20 "$log"; }
    done
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap stop EXIT

# munge: its own key and socket.
mungekey --create --keyfile="$tmp/munge.key"
chmod 600 "$tmp/munge.key"
mkdir -m 755 "$tmp/munge"
munged --force --key-file="$tmp/munge.key" --socket="$tmp/munge/munge.socket" --pid-file="$tmp/munged.pid" \
  --log-file="$tmp/munged.log" --seed-file="$tmp/munged.seed"

# Slurm: one node, this machine, as it describes itself (slurmd -C).
node=$(hostname -s)
hardware=$(slurmd -C | head -n 1 | sed -e "s/^NodeName=[^ ]*//" -e "s/ UpTime=.*//")
mkdir -p "$tmp/state" "$tmp/spool"
cat > "$tmp/slurm.conf" <<CONF
ClusterName=trio6sim-ci
SlurmctldHost=$node
SlurmUser=root
SlurmctldPort=46817
SlurmdPort=46818
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 $hardware State=UNKNOWN
PartitionName=ci Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$tmp/slurm.conf
slurmctld -c
slurmd
for _ in $(seq 100); do
  state=$(sinfo -h -n "$node" -o %T 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.3
done
[ "$state" = idle ] || { echo "slurm ci-test: node $node is '$state', not idle"; exit 1; }

start=$(date +%s)
"$trio6sim" sweep "$sweep" --out "$tmp/single"
"$here/submit-sweep.sh" --wait "$sweep" "$tmp/out" "$shards" "$trio6sim"
diff -r "$tmp/single" "$tmp/out/merged"
echo "slurm ci-test: $shards shards on Slurm merged byte-identical to the single run ($(($(date +%s) - start)) s)"
echo "1 passed, 0 failed"
