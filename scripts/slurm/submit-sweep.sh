#!/usr/bin/env bash
# Submits a trio6sim sweep to Slurm as N shards (a job array) and a merge job
# that runs when every shard has succeeded; prints the two job ids.
#
#   scripts/slurm/submit-sweep.sh [--wait] [--cpus C] SWEEP.yaml OUT N [TRIO6SIM]
#
# The merged results land in OUT/merged (results.csv, results.json, plots),
# byte-identical to `trio6sim sweep SWEEP.yaml --out DIR` on one machine.
# --wait returns when the merge job has ended, with its exit status.
# Extra sbatch options (partition, account, time) come from SBATCH_* variables
# (SBATCH_PARTITION, SBATCH_ACCOUNT, SBATCH_TIMELIMIT), which sbatch reads.
set -euo pipefail
wait_flag=()
cpus=1
while [ $# -gt 0 ]; do
  case $1 in
    --wait) wait_flag=(--wait); shift ;;
    --cpus) cpus=$2; shift 2 ;;
    *) break ;;
  esac
done
if [ $# -lt 3 ]; then
  echo "usage: $0 [--wait] [--cpus C] SWEEP.yaml OUT N [TRIO6SIM]" >&2
  exit 2
fi
sweep=$(realpath "$1")
out=$(realpath -m "$2")
shards=$3
trio6sim=$(command -v "${4:-trio6sim}" || true)
[ -n "$trio6sim" ] || { echo "$0: trio6sim not found (give its path as the 4th argument)" >&2; exit 2; }
trio6sim=$(realpath "$trio6sim")
here=$(dirname "$(realpath "$0")")
mkdir -p "$out"
array=$(sbatch --parsable --array=0-$((shards - 1)) --cpus-per-task="$cpus" \
  --output="$out/slurm-%A_%a.out" "$here/sweep-array.sbatch" "$sweep" "$out" "$trio6sim")
array=${array%%;*}
merge=$(sbatch --parsable "${wait_flag[@]}" --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
  --job-name=trio6sim-sweep-merge --output="$out/slurm-%j-merge.out" \
  --wrap="'$trio6sim' sweep --merge $(for i in $(seq 0 $((shards - 1))); do printf "'%s' " "$out/shard-$i"; done)--out '$out/merged'")
echo "shards: job $array (array 0-$((shards - 1))), merge: job ${merge%%;*}, results: $out/merged"
