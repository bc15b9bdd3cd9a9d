// Design study: how wide must the IPsec engine's datapath be? Sweeps the
// engine's bytes per cycle against the frame size and prints the delivered
// IPsec throughput of one slice (400 Gbps of cleartext offered, encrypt) and
// the block that saturates. It links trio6sim::models from its own sc_main,
// as an architect's study would; each point is one probe run on a fresh chip.
//
//   design_study            the full sweep
//   design_study --quick    two points (the ctest smoke run)
#include <cstdio>
#include <cstring>
#include <vector>

#include "models/probe.h"
#include "models/units.h"

using namespace trio6sim::models;

extern "C" int sc_main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const std::vector<double> widths = quick ? std::vector<double>{16, 31.25} : std::vector<double>{8, 16, 24, 31.25, 48};
  const std::vector<uint32_t> frames =
      quick ? std::vector<uint32_t>{1500} : std::vector<uint32_t>{64, 128, 256, 512, 1024, 1500};
  std::printf("%10s %8s %12s %12s  %s\n", "B/cycle", "frame B", "Gbps (L1)", "Mpps", "saturated block");
  for (double width : widths) {
    for (uint32_t frame : frames) {
      ProbeConfig c;
      c.frame_bytes = {frame};
      c.offered_gbps = 400;
      c.direction = ProbeDirection::kEncrypt;
      c.timing_only = true;  // same sizes and times as the cipher, faster
      c.duration_ps = (frame < 256 ? 150 : 100) * kPsPerUs;
      c.warmup_ps = c.duration_ps / 3;
      c.params.ipsec.bytes_per_cycle = width;
      const ProbeResult r = run_probe(c);
      std::printf("%10.2f %8u %12.1f %12.2f  %s\n", width, frame, r.delivered_gbps, r.delivered_mpps,
                  r.saturated_block.c_str());
      if (!r.conserved) {
        std::fprintf(stderr, "conservation violated\n");
        return 1;
      }
    }
  }
  return 0;
}
