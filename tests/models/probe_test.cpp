// The probe's limits, labels and inputs: the tunnel limits it runs at, the
// block it names as saturated, the bounds it prints for a frame mix, and the
// configurations it refuses.
#include <gtest/gtest.h>

#include <string>

#include "models/bounds.h"
#include "models/probe.h"
#include "models/units.h"

namespace trio6sim::models {
namespace {

ProbeConfig probe(uint32_t frame, double gbps, ProbeDirection dir, uint64_t duration_us) {
  ProbeConfig c;
  c.frame_bytes = {frame};
  c.weights = {1};
  c.offered_gbps = gbps;
  c.direction = dir;
  c.duration_ps = duration_us * kPsPerUs;
  c.warmup_ps = c.duration_ps / 3;
  c.timing_only = true;
  return c;
}

double bound_of(const std::vector<BlockBound>& bounds, const std::string& block) {
  for (const auto& b : bounds)
    if (b.block == block) return b.mpps;
  ADD_FAILURE() << "no bound for " << block;
  return 0;
}

// --- Tunnels: 1,000 per PFE, 2,000 per chip [I,T], a tunnel being an SA pair.

TEST(ProbeTunnels, ThousandTunnelsOnOneSliceRunAndTheNextIsRefused) {
  ProbeConfig c = probe(1500, 100, ProbeDirection::kEncrypt, 10);
  c.tunnels = 1000;
  EXPECT_EQ(max_probe_tunnels(c), 1000u);
  const ProbeResult r = run_probe(c);
  EXPECT_TRUE(r.conserved);
  EXPECT_EQ(r.drops.count("no SA"), 0u);
  EXPECT_EQ(r.drops.count("tunnel down"), 0u);
  c.tunnels = 1001;
  try {
    run_probe(c);
    FAIL() << "1,001 tunnels on one engine were accepted";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("--tunnels must be 1..1000"), std::string::npos) << e.what();
  }
}

TEST(ProbeTunnels, TwoThousandTunnelsOnTwoSlices) {
  ProbeConfig c = probe(1500, 100, ProbeDirection::kBoth, 10);
  c.slices = 2;
  c.tunnels = 2000;
  const ProbeResult r = run_probe(c);
  EXPECT_TRUE(r.conserved);
  EXPECT_EQ(r.drops.count("no SA"), 0u);
  c.tunnels = 2001;
  EXPECT_THROW(run_probe(c), ConfigError);
  // Anchored on one slice, both slices' traffic shares one engine's 1,000.
  c.anchor_slice = 0;
  EXPECT_EQ(max_probe_tunnels(c), 1000u);
}

// --- Bounds of a frame mix.

TEST(ProbeBounds, ImixBoundsAreTheMeanCostPerPacketOverTheMix) {
  const Trio6Params p;
  const auto mix = block_bounds(p, TrafficKind::kEncrypt, kImixFrameBytes, kImixWeights, false, 12, 0, 800);
  double weights = 0;
  std::vector<double> us_per_packet(mix.size(), 0);
  for (std::size_t i = 0; i < kImixFrameBytes.size(); ++i) {
    const auto one = block_bounds(p, TrafficKind::kEncrypt, kImixFrameBytes[i], false, 12, 0, 800);
    for (std::size_t b = 0; b < one.size(); ++b) us_per_packet[b] += kImixWeights[i] / one[b].mpps;
    weights += kImixWeights[i];
  }
  for (std::size_t b = 0; b < mix.size(); ++b)
    EXPECT_NEAR(mix[b].mpps, weights / us_per_packet[b], 1e-9 * mix[b].mpps) << mix[b].block;
  // The port's bound is its rate over the mean L1 frame (frame + 20 B):
  // (7 x 98 + 4 x 590 + 1470) / 12 B, not the 78 B frame's.
  const double mean_l1 = (7.0 * 98 + 4 * 590 + 1 * 1470) / 12;
  const double port_mpps = p.port_group.port_gbps[12] * 1e3 / (mean_l1 * 8);
  EXPECT_NEAR(bound_of(mix, "port12.ingress"), port_mpps, 1e-9 * port_mpps);
}

TEST(ProbeBounds, ImixProbeOffersWhatThePortBoundSays) {
  ProbeConfig c = probe(78, 400, ProbeDirection::kEncrypt, 60);
  c.frame_bytes = kImixFrameBytes;
  c.weights = kImixWeights;
  const ProbeResult r = run_probe(c);
  // A full 400G port of IMIX frames: offered packets are the port's bound (within sampling of the mix).
  EXPECT_NEAR(r.offered_mpps, bound_of(r.bounds, "port12.ingress"), 0.01 * r.offered_mpps);
  EXPECT_TRUE(r.conserved);
}

// --- The saturated block: the one whose queue drops.

TEST(ProbeSaturation, At400gTheEngineThatDropsIsNamedNotTheLoopbackBehindIt) {
  ProbeConfig c = probe(1500, 400, ProbeDirection::kEncrypt, 90);
  const ProbeResult r = run_probe(c);
  // Both blocks are busy all the window; the engine's queue is where packets are lost.
  for (const auto& u : r.utilization)
    if (u.block == "pfe0.ipsec_engine" || u.block == "pfe0.pg0.ipsec_loopback") {
      EXPECT_GE(u.fraction, 0.97) << u.block;
    }
  ASSERT_GT(r.drops.count("crypto queue full"), 0u);
  EXPECT_EQ(r.saturated_block, "pfe0.ipsec_engine");
}

TEST(ProbeSaturation, MostDropsByCauseWinAndTheBusiestInstanceIsNamed) {
  const std::vector<BlockUtilization> u{{"pfe0.lookup.threads", 0.5},  {"pfe0.si-F/P/0", 1.0},
                                        {"pfe0.ipsec_engine", 0.99},   {"pfe0.pg0.ipsec_loopback", 1.0},
                                        {"pfe1.ipsec_engine", 0.40},   {"pfe1.pg0.ipsec_loopback", 0.2},
                                        {"fabric.to_pfe0", 0.1},       {"port12.egress", 1.0}};
  DropCounters drops;
  EXPECT_EQ(saturated_block(u, drops), "port12.egress");  // no drop: the last block busy >= 97%
  drops.count(DropCause::kIpsecLoopbackOverrun, 10);
  EXPECT_EQ(saturated_block(u, drops), "pfe0.pg0.ipsec_loopback");
  drops.count(DropCause::kCryptoQueueFull, 11);
  EXPECT_EQ(saturated_block(u, drops), "pfe0.ipsec_engine");  // the busier of the two engines
  drops.count(DropCause::kNoRoute, 1000);                     // not a block's capacity
  EXPECT_EQ(saturated_block(u, drops), "pfe0.ipsec_engine");
  EXPECT_EQ(saturated_block({{"pfe0.lookup.threads", 0.5}}, DropCounters{}), "none");
}

// --- Configurations the probe refuses.

TEST(ProbeInputs, FramesRatesAndTunnelsOutsideWhatTheChipTakesAreErrors) {
  ProbeConfig c = probe(63, 10, ProbeDirection::kEncrypt, 10);
  EXPECT_THROW(run_probe(c), ConfigError);
  c.frame_bytes = {9217};
  EXPECT_THROW(run_probe(c), ConfigError);
  c.frame_bytes = {1500};
  c.clear_pg1_gbps = 500;
  EXPECT_THROW(run_probe(c), ConfigError);
  c.clear_pg1_gbps = 0;
  c.params.ipsec.clock_ghz = 1e-300;
  EXPECT_THROW(run_probe(c), ConfigError);
}

}  // namespace
}  // namespace trio6sim::models
