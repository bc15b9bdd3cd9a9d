#!/usr/bin/env bash
# Replays the seed corpora and every saved finding (tests/fuzz/regressions/
# <target>/*) through the fuzz targets once each; fails on the first target
# that crashes, reports a sanitizer error or breaks a property.
# Usage: scripts/fuzz-regressions.sh [BUILD_DIR] [TARGET ...]
# BUILD_DIR is a TRIO6SIM_FUZZ build (libFuzzer) or any other build: there the
# targets link a replay main and run the same inputs (ctest fuzz.replay.*).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build-fuzz}
shift || true
TARGETS=${*:-"frame_parser esp_open esp_roundtrip sa_json junos_config scenario"}
status=0
for t in $TARGETS; do
  bin="$BUILD_DIR/tests/fuzz/fuzz_$t"
  inputs=("tests/fuzz/corpus/$t")
  [[ -d "tests/fuzz/regressions/$t" ]] && inputs+=("tests/fuzz/regressions/$t")
  # libFuzzer copies a crashing input to -artifact_prefix: the build folder, not the repository.
  if "$bin" -runs=0 -artifact_prefix="$BUILD_DIR/fuzz-replay-$t-" "${inputs[@]}" >"$BUILD_DIR/fuzz-replay-$t.log" 2>&1; then
    echo "  replay $t: ok ($(find "${inputs[@]}" -type f | wc -l) inputs)"
  else
    echo "  replay $t: FAILED (log $BUILD_DIR/fuzz-replay-$t.log)"
    grep -E 'ERROR|SUMMARY|fuzz property|Running: |^    #[0-3] ' "$BUILD_DIR/fuzz-replay-$t.log" | tail -8 | sed 's/^/    /'
    status=1
  fi
done
exit $status
