// Capacity properties of the chip, each derived from the parameters (a bound
// computed from rates and cycle counts), not pasted from a run.
#include <gtest/gtest.h>

#include <iostream>

#include "models/bounds.h"
#include "models/probe.h"
#include "models/units.h"

namespace trio6sim::models {
namespace {

constexpr uint64_t kUs = kPsPerUs;

ProbeConfig base(uint32_t frame, double gbps, ProbeDirection dir, uint64_t duration_us) {
  ProbeConfig c;
  c.frame_bytes = {frame};
  c.weights = {1};
  c.offered_gbps = gbps;
  c.direction = dir;
  c.duration_ps = duration_us * kUs;
  c.warmup_ps = duration_us * kUs / 3;
  return c;
}

void expect_conserved(const ProbeResult& r) {
  uint64_t drops = 0;
  for (const auto& [cause, n] : r.drops) drops += n;
  EXPECT_TRUE(r.conserved);
  EXPECT_EQ(r.offered_packets, r.delivered_packets + r.delivered_to_host_packets + drops);
}

void print(const char* what, const ProbeResult& r) {
  std::cout << "[" << what << "] offered " << r.offered_gbps << " Gbps " << r.offered_mpps << " Mpps, delivered "
            << r.delivered_gbps << " Gbps " << r.delivered_mpps << " Mpps, saturated " << r.saturated_block
            << ", p50 " << r.latency_p50_ns << " ns, wall " << r.wall_seconds << " s\n";
  for (const auto& [cause, n] : r.drops) std::cout << "    drop " << cause << ": " << n << "\n";
}

TEST(Throughput, Encrypt1500BytesOneSliceIsTheLoopbackRate) {
  ProbeConfig c = base(1500, 400, ProbeDirection::kEncrypt, 120);
  c.timing_only = true;
  const ProbeResult r = run_probe(c);
  print("1500B encrypt 1 slice", r);
  // The PG0 IPsec loopback carries the ESP packets as L1 bits, and the egress
  // port sends the same frames: delivered WAN L1 = the loopback rate.
  EXPECT_NEAR(r.delivered_gbps, c.params.port_group.ipsec_loopback_gbps, 0.01 * c.params.port_group.ipsec_loopback_gbps);
  EXPECT_EQ(r.saturated_block, "pfe0.pg0.ipsec_loopback");
  EXPECT_GT(r.drops.count("ipsec loopback overrun") + r.drops.count("crypto queue full"), 0u);
  expect_conserved(r);
}

}  // namespace
}  // namespace trio6sim::models
