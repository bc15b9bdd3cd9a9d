// Many simulations in one process: what each costs in memory. SystemC 2.3
// cannot tear a simulation context down, so a fresh one per run
// (fresh_simulation_context, which run_probe calls) leaks the old one. This
// program runs the same small probe N times in one process and prints the
// resident memory it grew per run between run 20 and run N (the first runs
// also grow the allocator's pools and are left out), and the wall time per
// run, so a study that loops over parameters in one process knows its bound.
//
//   runs_per_process [N]    (default 200)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "models/probe.h"

namespace {

double resident_kib() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return static_cast<double>(pages_resident) * 4.0;  // 4 KiB pages
}

trio6sim::models::ProbeConfig small_probe() {
  trio6sim::models::ProbeConfig c;
  c.duration_ps = 20'000'000;  // 20 us of 1,500 B at 100 Gbps: a few hundred packets
  c.frame_bytes = {1500};
  c.offered_gbps = 100;
  c.timing_only = true;
  return c;
}

}  // namespace

extern "C" int sc_main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 200;
  const int settle = 20;
  if (runs <= settle) {
    std::fprintf(stderr, "runs_per_process: N must exceed %d\n", settle);
    return 2;
  }
  double at_settle = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 1; i <= runs; ++i) {
    if (!trio6sim::models::run_probe(small_probe()).conserved) return 1;
    if (i == settle) at_settle = resident_kib();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double grown = resident_kib() - at_settle;
  std::printf("runs_per_process: %d probe runs in one process, %.1f ms each; resident memory grew %.1f KiB per run "
              "(runs %d-%d)\n",
              runs, 1000 * seconds / runs, grown / (runs - settle), settle, runs);
  return 0;
}
