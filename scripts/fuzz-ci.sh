#!/usr/bin/env bash
# The fuzzing step of CI (docs/fuzzing.md): builds the libFuzzer targets with
# clang (ASan + UBSan, build-fuzz), replays every seed and every saved finding
# (tests/fuzz/corpus, tests/fuzz/regressions), then fuzzes each target for a
# bounded time. Any crash, sanitizer report, property violation, timeout or
# out-of-memory fails the script; the input is kept under
# build-fuzz/fuzz-findings/<target>/ and named in the output.
#   FUZZ_SECONDS   seconds of fuzzing per target (default 45)
#   FUZZ_TARGETS   space-separated subset (default: all)
#   BUILD_DIR      build folder (default build-fuzz)
#   FUZZ_SEED      libFuzzer seed (default 1: CI explores the same inputs each run)
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-2}
SECONDS_EACH=${FUZZ_SECONDS:-45}
BUILD_DIR=${BUILD_DIR:-build-fuzz}
TARGETS=${FUZZ_TARGETS:-"frame_parser esp_open esp_roundtrip sa_json junos_config scenario show_pipes"}

echo "== fuzz build (clang, libFuzzer, ASan + UBSan): $BUILD_DIR"
CC=clang CXX=clang++ cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRIO6SIM_FUZZ=ON \
  -DTRIO6SIM_BUILD_MODELS=OFF -DTRIO6SIM_BUILD_BENCH=OFF >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS" --target $(for t in $TARGETS; do echo "fuzz_$t"; done)

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

failed=()
echo "== replay: seed corpora and saved findings"
scripts/fuzz-regressions.sh "$BUILD_DIR" $TARGETS || failed+=("replay")

# One target's bounded run; its verdict goes to its log's .status file. The
# targets run $JOBS at a time (each libFuzzer process is single-threaded), so
# every target gets its full time in about half the wall time on two cores.
fuzz_one() {
  local t=$1
  local work="$BUILD_DIR/fuzz-work/$t"          # the corpus libFuzzer grows: outside the repository
  local findings="$BUILD_DIR/fuzz-findings/$t"
  local log="$BUILD_DIR/fuzz-work/$t.log"
  mkdir -p "$work" "$findings"
  if "$BUILD_DIR/tests/fuzz/fuzz_$t" -seed="${FUZZ_SEED:-1}" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$findings/" "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1; then
    echo ok >"$log.status"
  else
    echo finding >"$log.status"
  fi
}

echo "== fuzz each target for ${SECONDS_EACH}s, $JOBS at a time: $TARGETS"
running=0
for t in $TARGETS; do
  mkdir -p "$BUILD_DIR/fuzz-work"
  rm -f "$BUILD_DIR/fuzz-work/$t.log.status"
  fuzz_one "$t" &
  running=$((running + 1))
  if ((running >= JOBS)); then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true
# Reported in the targets' order, whatever order they finished in.
for t in $TARGETS; do
  log="$BUILD_DIR/fuzz-work/$t.log"
  if [[ "$(cat "$log.status" 2>/dev/null)" == ok ]]; then
    grep -E '^stat::number_of_executed_units' "$log" | sed "s/^/  $t: /"
  else
    echo "  $t: FINDING (log $log):"
    grep -E 'ERROR|SUMMARY|fuzz property|^    #[0-3] ' "$log" | head -12 | sed 's/^/    /'
    ls "$BUILD_DIR/fuzz-findings/$t" | sed "s|^|    input: $BUILD_DIR/fuzz-findings/$t/|"
    failed+=("$t")
  fi
done
if ((${#failed[@]})); then
  echo "fuzz-ci: findings in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz-ci: no finding in $TARGETS"
