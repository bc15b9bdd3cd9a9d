#!/usr/bin/env bash
# The merge step of a sharded sweep (submit-sweep.sh runs it as the job that
# follows the array): merges OUT/shard-0 .. OUT/shard-(N-1) into OUT/merged,
# then draws the plots if this node can.
#
#   scripts/slurm/merge-sweep.sh OUT N [TRIO6SIM]
#
# The merge itself needs no Python. The tables and plots come from
# plot_sweep.py, found as trio6sim finds it (TRIO6SIM_PLOT_SCRIPT, else
# PREFIX/share/trio6sim/plot_sweep.py beside PREFIX/bin/trio6sim, else this
# repository's scripts/plot_sweep.py) and run by the same interpreter
# (TRIO6SIM_PYTHON, else /usr/bin/python3), so they are the bytes a single run
# draws. On a node without matplotlib the results and tables are still
# written and the step exits 0, saying how to draw the plots elsewhere:
#
#   /usr/bin/python3 scripts/plot_sweep.py OUT/merged
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 OUT N [TRIO6SIM]" >&2
  exit 2
fi
out=$1
shards=$2
trio6sim=${3:-trio6sim}
here=$(dirname "$(realpath "$0")")
dirs=()
for i in $(seq 0 $((shards - 1))); do dirs+=("$out/shard-$i"); done
"$trio6sim" sweep --merge "${dirs[@]}" --out "$out/merged" --no-plots

python=${TRIO6SIM_PYTHON:-/usr/bin/python3}
[ -x "$python" ] || python=python3
script=${TRIO6SIM_PLOT_SCRIPT:-}
if [ -z "$script" ]; then
  exe=$(realpath "$(command -v "$trio6sim")")
  script=$(dirname "$(dirname "$exe")")/share/trio6sim/plot_sweep.py
  [ -f "$script" ] || script=$(realpath "$here/../plot_sweep.py")
fi
status=0
"$python" "$script" "$out/merged" || status=$?
case $status in
  0) echo "merge-sweep: $out/merged: results, tables and plots" ;;
  3) echo "merge-sweep: $out/merged: results and tables written; no matplotlib for $python on $(hostname -s)," \
          "draw the plots where there is: $python $script $out/merged" ;;
  *) echo "merge-sweep: $script failed ($status); $out/merged has the results" >&2; exit "$status" ;;
esac
