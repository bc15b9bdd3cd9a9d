#!/usr/bin/env bash
# The installed library as an architect meets it: installs a build tree into a
# fresh prefix, builds examples/ as an outside project against it with
# find_package(trio6sim), runs the examples' tests, and compiles and links one
# program through the pkg-config file alone.
# Usage: scripts/test-installed.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
JOBS=${JOBS:-2}
WORK=$(mktemp -d /tmp/trio6sim-installed.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

cmake --install "$BUILD" --prefix "$WORK/prefix" >/dev/null
echo "installed: $(find "$WORK/prefix/include" -name '*.h' | wc -l) headers, $(ls "$WORK/prefix/lib"/*.a | wc -l) libraries"
export PKG_CONFIG_PATH="$WORK/prefix/lib/pkgconfig"

# The installed headers are closed under #include: each compiles alone
# against the prefix (a public header that includes a private one fails here).
(cd "$WORK/prefix/include/trio6sim" && find . -name '*.h' | sed 's|^\./||' | sort) > "$WORK/headers.txt"
# shellcheck disable=SC2046
xargs -P "$JOBS" -I{} sh -c 'echo "#include \"{}\"" | c++ -fsyntax-only -x c++ - $0' "$(pkg-config --cflags trio6sim)" \
  < "$WORK/headers.txt"
echo "each of $(wc -l < "$WORK/headers.txt") installed headers compiles alone"

cmake -S examples -B "$WORK/examples" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_PREFIX_PATH="$WORK/prefix" ${CMAKE_CXX_COMPILER_LAUNCHER:+-DCMAKE_CXX_COMPILER_LAUNCHER=$CMAKE_CXX_COMPILER_LAUNCHER} >/dev/null
cmake --build "$WORK/examples" -j "$JOBS"
ctest --test-dir "$WORK/examples" --output-on-failure --no-tests=error

# pkg-config only: one translation unit using the chip and the ESP engine.
cat > "$WORK/pc_main.cpp" <<'CPP'
#include "crypto/esp_outbound.h"
#include "models/probe.h"
extern "C" int sc_main(int, char**) {
  trio6sim::models::ProbeConfig c;
  c.duration_ps = 2'000'000;
  c.frame_bytes = {1500};
  return trio6sim::models::run_probe(c).conserved ? 0 : 1;
}
CPP
# shellcheck disable=SC2046
c++ "$WORK/pc_main.cpp" -o "$WORK/pc_main" $(pkg-config --cflags --libs trio6sim)
"$WORK/pc_main"
echo "pkg-config build: ok"
