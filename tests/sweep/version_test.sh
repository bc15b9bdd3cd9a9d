#!/usr/bin/env bash
# usage: version_test.sh TRIO6SIM SOURCE_DIR PROJECT_VERSION
# `trio6sim --version` must be what `git describe --always --dirty` says of
# the source tree now (PROJECT_VERSION outside a git checkout): a program
# built before the last commit or edit, or one whose version was not taken
# at build time, fails.
set -euo pipefail
trio6sim=$1
src=$2
fallback=$3
expected=$(git -C "$src" describe --always --dirty 2>/dev/null || echo "$fallback")
got=$("$trio6sim" --version)
if [ "$got" != "trio6sim $expected" ]; then
  echo "trio6sim --version says '$got'; git describe --always --dirty says '$expected' (rebuild?)"
  exit 1
fi
echo "$got: as git describe"
