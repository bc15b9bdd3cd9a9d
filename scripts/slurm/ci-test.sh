#!/usr/bin/env bash
# The sweep's cluster contract against a real Slurm on this one machine:
# starts munged, slurmctld and slurmd (a private configuration, key and
# ports in a temporary folder; nothing of the system's is touched), then
#  1. submits a sweep as a job array of shards plus a merge job
#     (submit-sweep.sh) and compares the merge with the single-process run
#     byte for byte; when TRIO6SIM sits in a CMake build tree, the array runs
#     from a prefix installed from it (cmake --install), as a cluster whose
#     nodes share an installed prefix would;
#  2. corrupts one shard, resubmits that array task alone (--tasks 1), checks
#     the other shards were not touched and the merge is byte-identical again;
#  3. runs the merge job with a Python that has no matplotlib: it must exit 0
#     with the results and tables of the single run, and no plots;
# and stops the daemons whatever happens. Needs root and Debian's slurm-wlm
# and munge (scripts/install-deps.sh). About 40 s.
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
# sbatch --wait polls every 2 s while that is below MinJobAge/2, else 2, 8,
# 32 s; ended jobs kept 4 s keep its polls at 2 s.
MinJobAge=4
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
echo "slurm ci-test: node $node idle after $SECONDS s"

start=$(date +%s)
elapsed() { echo "$(($(date +%s) - start)) s"; }
"$trio6sim" sweep "$sweep" --out "$tmp/single"
echo "slurm ci-test: single run ($(elapsed))"

# 1. The array, from an installed prefix when there is a build tree to install.
build=$(dirname "$(dirname "$trio6sim")")
runner=$trio6sim
if [ -f "$build/CMakeCache.txt" ]; then
  cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
  runner=$tmp/prefix/bin/trio6sim
  echo "slurm ci-test: installed into $tmp/prefix ($(elapsed))"
fi
"$here/submit-sweep.sh" --wait "$sweep" "$tmp/out" "$shards" "$runner"
diff -r "$tmp/single" "$tmp/out/merged"
echo "slurm ci-test: $shards shards from $runner merged byte-identical to the single run ($(elapsed))"

# 2. One task resubmitted over a corrupt shard: it alone reruns.
bad=1
others() { for i in $(seq 0 $((shards - 1))); do [ "$i" -eq "$bad" ] || find "$tmp/out/shard-$i" -type f -exec sha1sum {} + ; done | sort; }
before=$(others)
touch -d @0 "$tmp"/out/shard-*/*
echo "corrupt" > "$tmp/out/shard-$bad/results.json"
rm -rf "$tmp/out/merged"
"$here/submit-sweep.sh" --wait --tasks "$bad" "$sweep" "$tmp/out" "$shards" "$runner"
[ "$(others)" = "$before" ] || { echo "slurm ci-test: resubmitting task $bad changed another shard"; exit 1; }
touched=$(find "$tmp"/out/shard-* -type f -newermt @1 | grep -v "/shard-$bad/" || true)
[ -z "$touched" ] || { echo "slurm ci-test: resubmitting task $bad wrote $touched"; exit 1; }
diff -r "$tmp/single" "$tmp/out/merged"
echo "slurm ci-test: task $bad resubmitted alone over a corrupt shard; merge byte-identical again ($(elapsed))"

# 3. A merge node without matplotlib: results and tables, exit 0, plots left for later.
cat > "$tmp/python-without-matplotlib" <<'PY'
#!/bin/sh
exec /usr/bin/python3 -c 'import runpy, sys; sys.modules["matplotlib"] = None; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name="__main__")' "$@"
PY
chmod +x "$tmp/python-without-matplotlib"
rm -rf "$tmp/out/merged"
TRIO6SIM_PYTHON=$tmp/python-without-matplotlib sbatch --wait --quiet --output="$tmp/out/slurm-nompl.out" \
  "$here/merge-sweep.sh" "$tmp/out" "$shards" "$runner"
grep -q "no matplotlib" "$tmp/out/slurm-nompl.out" || { cat "$tmp/out/slurm-nompl.out"; exit 1; }
diff -r -x '*.svg' -x '*.png' "$tmp/single" "$tmp/out/merged"
! ls "$tmp"/out/merged/*.svg "$tmp"/out/merged/*.png 2>/dev/null || { echo "slurm ci-test: plots without matplotlib?"; exit 1; }
echo "slurm ci-test: a merge without matplotlib exits 0 with the results and tables ($(elapsed))"
echo "1 passed, 0 failed"
