#!/usr/bin/env bash
# Installs every build, test and interop dependency of trio6sim from Debian's
# packages. Idempotent: when every package is already installed it does nothing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libsystemc-dev            # SystemC 2.3.4 with TLM-2.0
  libboost-dev libboost-program-options-dev
  libssl-dev                # OpenSSL 3: AES-GCM through EVP
  libfmt-dev
  libgtest-dev libgmock-dev
  libbenchmark-dev
  libpcap-dev
  libyaml-cpp-dev           # scenario files and SA.json (JSON is YAML)
  nlohmann-json3-dev        # JSON output: probe --json, run --json, sweep results.json
  python3 python3-scapy python3-cryptography   # independent ESP peer
  python3-yaml              # the bad-input catalogue's case tables
  clang libclang-rt-dev     # libFuzzer: the fuzz targets (scripts/fuzz-ci.sh)
  gtkwave                   # vcd2fst: the traced VCD opens in GTKWave (examples/trace_queues)
  python3-matplotlib        # trio6sim sweep's plots (scripts/plot_sweep.py)
  slurm-wlm munge           # the sweep's Slurm job-array test (scripts/slurm/ci-test.sh)
  tshark                    # independent ESP peer (esp_sa table)
)

# Optional (--interop): a real IKEv2 peer for tests/interop/strongswan_ike.sh
# (docs/interop.md). The daemon without systemd as PID 1, its vici control
# tool, the openssl and gcm plugins (ECP groups, AES-GCM: a Recommends, so
# named) and kernel-libipsec (userspace ESP: this kernel kind holds no ESP SA).
# --no-install-recommends below keeps systemd and udev out.
INTEROP_PACKAGES=(
  charon-systemd strongswan-swanctl libstrongswan-standard-plugins libcharon-extra-plugins
)
# Optional (--bench): ns-3, the speed peer bench/speed_targets.py measures the
# blog chain against (bench/ns3/ns3_chain.cc, built when present).
BENCH_PACKAGES=(libns3-dev)
for option in "$@"; do
  case "$option" in
    --interop) PACKAGES+=("${INTEROP_PACKAGES[@]}") ;;
    --bench) PACKAGES+=("${BENCH_PACKAGES[@]}") ;;
    *) echo "usage: $0 [--interop] [--bench]" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer once, non-interactively.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
