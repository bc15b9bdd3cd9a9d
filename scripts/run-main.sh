#!/usr/bin/env bash
# Sets up a fresh machine, builds trio6sim and runs the main job. Until the
# scenario layer lands this is the ESP self-check: AES-GCM known answers and
# seal/open round trips over every SA variant.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-2}

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$JOBS" --target trio6sim
exec build/tools/trio6sim esp selfcheck "$@"
