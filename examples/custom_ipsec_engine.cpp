// A user-written IPsec engine substituted for the library's. This one has
// two cipher lanes instead of one wide datapath (half the bytes per cycle
// each) and pays a context switch whenever a lane takes a packet of another
// SA than its previous one (key schedule and counters reloaded). It is built
// through the chip's BlockFactory, speaks the same sockets, and both engines
// run the same traffic: 1,500 B encrypt at 400 Gbps into one slice, over 1
// and over 64 tunnels.
//
//   custom_ipsec_engine [--quick]
#include <array>
#include <cstdio>
#include <cstring>

#include "models/ipsec_engine.h"
#include "models/probe.h"
#include "models/trio6.h"
#include "models/units.h"

using namespace trio6sim::models;

class TwoLaneEngine : public IpsecEngine {
 public:
  static constexpr double kContextSwitchCycles = 40;  // the study's assumption

  TwoLaneEngine(const sc_core::sc_module_name& name, ChipServices& chip, int slice) : IpsecEngine(name, chip, slice) {
    meter_ = BusyMeter(2);  // two servers: utilization is busy time / (window x 2)
  }

  bool busy(uint64_t t) const override { return lanes_[0].busy_ps > t || lanes_[1].busy_ps > t; }
  double backlog_bytes(uint64_t t) const override {
    double bytes = 0;
    for (const Lane& l : lanes_)
      if (l.busy_ps > t) bytes += cycles_from_ps(static_cast<double>(l.busy_ps - t), params_.clock_ghz) * lane_bytes_per_cycle();
    return bytes;
  }

 protected:
  uint64_t cipher_done_ps(const Job& job, std::size_t inner_bytes, uint64_t now) override {
    // The lane that frees first takes the packet (packets of one SA keep
    // their order: the ESP sequence numbers were given at seal time).
    Lane& lane = lanes_[0].busy_ps <= lanes_[1].busy_ps ? lanes_[0] : lanes_[1];
    double cycles = static_cast<double>(inner_bytes) / lane_bytes_per_cycle() + params_.per_packet_overhead_cycles;
    if (lane.sa_id != job.chip.sa_id) cycles += kContextSwitchCycles;
    lane.sa_id = job.chip.sa_id;
    const uint64_t start = std::max(now, lane.busy_ps);
    const uint64_t done = start + ps_from_cycles(cycles, params_.clock_ghz);
    lane.busy_ps = done;
    meter_.add(start, done, window_);
    return done;
  }

 private:
  struct Lane {
    uint64_t busy_ps = 0;
    uint32_t sa_id = 0;
  };
  double lane_bytes_per_cycle() const { return params_.bytes_per_cycle / 2; }
  std::array<Lane, 2> lanes_{};
};

namespace {

ProbeResult run(bool custom, uint32_t tunnels, bool quick) {
  ProbeConfig c;
  c.frame_bytes = {1500};
  c.offered_gbps = 400;
  c.direction = ProbeDirection::kEncrypt;
  c.tunnels = tunnels;
  c.timing_only = true;  // same sizes and times as with the cipher, faster
  c.duration_ps = (quick ? 40 : 150) * kPsPerUs;
  if (custom)
    c.blocks.ipsec_engine = [](const char* name, ChipServices& chip, int slice) -> std::unique_ptr<IpsecEngineBlock> {
      return std::make_unique<TwoLaneEngine>(name, chip, slice);
    };
  return run_probe(c);
}

}  // namespace

extern "C" int sc_main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  std::printf("%-22s %8s %12s %10s %10s %10s  %s\n", "engine", "tunnels", "Gbps (L1)", "p50 ns", "p99 ns",
              "util", "saturated block");
  bool ok = true;
  for (uint32_t tunnels : {1u, 64u}) {
    for (bool custom : {false, true}) {
      const ProbeResult r = run(custom, tunnels, quick);
      double engine_util = 0;
      for (const auto& u : r.utilization)
        if (u.block == "pfe0.ipsec_engine") engine_util = u.fraction;
      std::printf("%-22s %8u %12.1f %10.0f %10.0f %10.3f  %s\n", custom ? "two lanes (user's)" : "library (one lane)",
                  tunnels, r.delivered_gbps, r.latency_p50_ns, r.latency_p99_ns, engine_util, r.saturated_block.c_str());
      ok = ok && r.conserved;
    }
  }
  return ok ? 0 : 1;
}
