#!/usr/bin/env bash
# Submits a trio6sim sweep to Slurm as N shards (a job array) and a merge job
# that runs when every shard has succeeded; prints the two job ids.
#
#   scripts/slurm/submit-sweep.sh [--wait] [--cpus C] [--tasks LIST] SWEEP.yaml OUT N [TRIO6SIM]
#
# The merged results land in OUT/merged (results.csv, results.json, tables
# and plots), byte-identical to `trio6sim sweep SWEEP.yaml --out DIR` on one
# machine; the merge job (merge-sweep.sh) needs no matplotlib: without it
# the plots are left to a later step and the job still succeeds.
# --wait returns when the merge job has ended, with its exit status.
# --tasks LIST resubmits only those shards (sbatch's --array syntax: 2, or
# 1,4-5) and a merge of all N: shard I is always array task I, so the other
# shards' folders are neither rerun nor touched.
# Extra sbatch options (partition, account, time) come from SBATCH_* variables
# (SBATCH_PARTITION, SBATCH_ACCOUNT, SBATCH_TIMELIMIT), which sbatch reads.
set -euo pipefail
wait_flag=()
cpus=1
tasks=
while [ $# -gt 0 ]; do
  case $1 in
    --wait) wait_flag=(--wait); shift ;;
    --cpus) cpus=$2; shift 2 ;;
    --tasks) tasks=$2; shift 2 ;;
    *) break ;;
  esac
done
if [ $# -lt 3 ]; then
  echo "usage: $0 [--wait] [--cpus C] [--tasks LIST] SWEEP.yaml OUT N [TRIO6SIM]" >&2
  exit 2
fi
sweep=$(realpath "$1")
out=$(realpath -m "$2")
shards=$3
trio6sim=$(command -v "${4:-trio6sim}" || true)
[ -n "$trio6sim" ] || { echo "$0: trio6sim not found (give its path as the 4th argument)" >&2; exit 2; }
trio6sim=$(realpath "$trio6sim")
here=$(dirname "$(realpath "$0")")
tasks=${tasks:-0-$((shards - 1))}
mkdir -p "$out"
array=$(sbatch --parsable --array="$tasks" --cpus-per-task="$cpus" \
  --output="$out/slurm-%A_%a.out" "$here/sweep-array.sbatch" "$sweep" "$out" "$trio6sim" "$shards")
array=${array%%;*}
merge=$(sbatch --parsable "${wait_flag[@]}" --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
  --job-name=trio6sim-sweep-merge --output="$out/slurm-%j-merge.out" \
  "$here/merge-sweep.sh" "$out" "$shards" "$trio6sim")
echo "shards: job $array (array $tasks of 0-$((shards - 1))), merge: job ${merge%%;*}, results: $out/merged"
