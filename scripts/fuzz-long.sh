#!/usr/bin/env bash
# Long offline fuzzing (docs/fuzzing.md): runs each target in turn for
# FUZZ_SECONDS (default 3600) in one process on one core, and prints the
# executions each reached and the findings it saved. After a finding the
# target is restarted on its grown corpus until its time is up (libFuzzer's
# fork mode would keep going by itself, but re-reads the corpus for every
# job and ran 30x slower here). The corpora and findings stay in
# $OUT/<target>/ (default build-fuzz/fuzz-long), outside the repository;
# copy a finding to tests/fuzz/regressions/<target>/ to keep it.
#   FUZZ_SECONDS, BUILD_DIR (default build-fuzz), OUT, NICE (default 10)
# Usage: scripts/fuzz-long.sh [TARGET ...]   (build first: scripts/fuzz-ci.sh or cmake --build build-fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-3600}
BUILD_DIR=${BUILD_DIR:-build-fuzz}
OUT=${OUT:-$BUILD_DIR/fuzz-long}
TARGETS=${*:-"frame_parser esp_open esp_roundtrip sa_json junos_config scenario show_pipes"}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
REPO=$(pwd)
BIN=$(realpath "$BUILD_DIR")/tests/fuzz

for t in $TARGETS; do
  dir="$OUT/$t"
  mkdir -p "$dir/corpus" "$dir/findings"
  : >"$dir/log"
  end=$((SECONDS + SECONDS_EACH))
  execs=0
  runs=0
  while ((SECONDS < end - 1)); do
    runs=$((runs + 1))
    (cd "$dir" && nice -n "${NICE:-10}" "$BIN/fuzz_$t" -max_total_time=$((end - SECONDS)) -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=findings/ corpus "$REPO/tests/fuzz/corpus/$t" \
        >run.log 2>&1) || true
    cat "$dir/run.log" >>"$dir/log"
    # Executions of this run: the final statistics, or the last progress line
    # ("#<executions> ...") when the run ended on a finding.
    n=$(grep -E '^stat::number_of_executed_units' "$dir/run.log" | tail -1 | awk '{print $2}')
    [[ -z "$n" ]] && n=$(grep -oE '^#[0-9]+' "$dir/run.log" | tail -1 | tr -d '#')
    execs=$((execs + ${n:-0}))
  done
  echo "$t: $execs executions in ${SECONDS_EACH}s ($runs runs); $(ls "$dir/findings" | wc -l) findings in $dir/findings"
done
