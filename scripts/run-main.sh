#!/usr/bin/env bash
# Sets up a fresh machine, builds trio6sim and runs the main job: the blog's
# PE1/P1/PE2 inline IPsec scenario. Arguments go to `trio6sim run`; a first
# argument ending in .yaml replaces the scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-2}

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$JOBS" --target trio6sim
scenario=scenarios/blog-global-v4v6.yaml
if [[ $# -gt 0 && $1 == *.yaml ]]; then
  scenario=$1
  shift
fi
exec build/tools/trio6sim run "$scenario" "$@"
