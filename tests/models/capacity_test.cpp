// Capacity answers: the RFC 2544 throughput search against a bound worked
// out by hand from the parameters, the steady-state check, the limiting
// block (the lowest bound, not where packets drop), and goodput from the
// cleartext bytes actually delivered.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "models/bounds.h"
#include "models/probe.h"
#include "models/throughput_search.h"
#include "models/units.h"

namespace trio6sim::models {
namespace {

ProbeConfig encrypt(std::vector<uint32_t> frames, std::vector<uint32_t> weights) {
  ProbeConfig c;
  c.frame_bytes = std::move(frames);
  c.weights = std::move(weights);
  c.direction = ProbeDirection::kEncrypt;
  c.timing_only = true;
  // Shallower queues than the defaults shorten the trial the search needs
  // (trial_from_buffers); the bounds do not depend on them.
  c.params.port_group.ipsec_loopback_depth_bytes = 64 * 1024;
  c.params.ipsec.input_depth_bytes = 64 * 1024;
  c.params.lookup.dispatch_queue_depth_packets = 256;
  return c;
}

// By hand: every block's bound for one slice's encrypt traffic (bounds.h),
// the lowest of them, as offered L1 Gbps of the cleartext mix.
double hand_bound_gbps(const ProbeConfig& c) {
  Trio6Params p = c.params;
  p.port_group.port_gbps.fill(0);
  p.port_group.port_gbps[12] = 400;  // the probe's PG0 port of slice 0
  const auto bounds = block_bounds(p, TrafficKind::kEncrypt, c.frame_bytes, c.weights, false, 12, 0,
                                   p.si.default_bandwidth_gbps);
  const double mpps = tightest_bound(bounds).mpps;
  double l1 = 0, w = 0;
  for (std::size_t i = 0; i < c.frame_bytes.size(); ++i) {
    l1 += (c.frame_bytes[i] + p.port_group.preamble_bytes + p.port_group.ifg_bytes) * c.weights[i];
    w += c.weights[i];
  }
  return mpps * (l1 / w) * 8 / 1e3;
}

void expect_search_finds_the_bound(std::vector<uint32_t> frames, std::vector<uint32_t> weights) {
  const ProbeConfig c = encrypt(frames, weights);
  ThroughputSearchParams s;
  s.resolution_gbps = 8;
  const ThroughputResult r = find_throughput(c, s);
  const double bound = hand_bound_gbps(c);
  ASSERT_TRUE(r.found);
  EXPECT_NEAR(r.throughput_gbps, bound, s.resolution_gbps) << "frames " << frames[0] << ", trial " << r.trial_basis;
  EXPECT_TRUE(r.at_throughput.loss_free());
  // The search ended where a lossy rate and a loss-free one are within the resolution.
  double lowest_lossy = 1e9;
  for (const auto& t : r.trials)
    if (!t.loss_free) lowest_lossy = std::min(lowest_lossy, t.offered_gbps);
  EXPECT_LE(lowest_lossy - r.throughput_gbps, s.resolution_gbps);
}

TEST(ThroughputSearch, AgreesWithTheHandBoundAt64Bytes) { expect_search_finds_the_bound({64}, {1}); }
TEST(ThroughputSearch, AgreesWithTheHandBoundAt256Bytes) { expect_search_finds_the_bound({256}, {1}); }
TEST(ThroughputSearch, AgreesWithTheHandBoundAt1500Bytes) { expect_search_finds_the_bound({1500}, {1}); }
TEST(ThroughputSearch, AgreesWithTheHandBoundForImix) { expect_search_finds_the_bound(kImixFrameBytes, kImixWeights); }

TEST(ThroughputSearch, TrialIsLongEnoughForTheLimitingQueueToOverflowOneStepUp) {
  const ProbeConfig c = encrypt({1500}, {1});
  std::string basis;
  const uint64_t trial = trial_from_buffers(c, 1, basis);
  // 64 KiB in front of the loopback at 1 Gbps of excess: 524 us to fill,
  // the window twice that, plus a fifth of the trial as warm-up.
  EXPECT_GE(trial, static_cast<uint64_t>(2 * 65536 * 8 / 1e9 * 1e12 * 1.25) - 1);
  EXPECT_NE(basis.find("pfe0.pg0.ipsec_loopback"), std::string::npos) << basis;
}

// --- Steady state.

TEST(SteadyState, AnOverloadTheBuffersStillAbsorbIsNotLossFree) {
  ProbeConfig c = encrypt({1500}, {1});
  c.offered_gbps = 400;  // a third above the loopback's 300 Gbps
  c.duration_ps = 60 * kPsPerUs;
  c.params.port_group.ipsec_loopback_depth_bytes = 64ull << 20;  // deep enough to lose nothing in 60 us
  c.params.ipsec.input_depth_bytes = 64ull << 20;
  const ProbeResult r = run_probe(c);
  EXPECT_EQ(r.dropped_packets, 0u);
  EXPECT_FALSE(r.steady);
  EXPECT_FALSE(r.loss_free());
  EXPECT_GT(r.backlog_end_packets, r.backlog_mid_packets);
}

TEST(SteadyState, BelowTheBoundTheQueuesSettle) {
  ProbeConfig c = encrypt({1500}, {1});
  c.offered_gbps = 200;
  c.duration_ps = 60 * kPsPerUs;
  const ProbeResult r = run_probe(c);
  EXPECT_TRUE(r.steady);
  EXPECT_TRUE(r.loss_free());
}

// --- The limiting block.

TEST(LimitingBlock, IsTheLowestBoundNotWherePacketsDrop) {
  ProbeConfig c = encrypt({256}, {1});
  c.offered_gbps = 400;
  c.duration_ps = 30 * kPsPerUs;
  const ProbeResult r = run_probe(c);
  double lowest = 1e18;
  std::string lowest_block;
  for (const auto& b : r.blocks)
    if (b.offered_mpps < lowest) lowest = b.offered_mpps, lowest_block = b.block;
  EXPECT_EQ(lowest_block, "pfe0.pg0.ipsec_loopback");
  EXPECT_EQ(r.limiting_block, "pfe0.pg0.ipsec_loopback");
  // The excess is shed at the engine's input, before the loopback.
  EXPECT_EQ(r.drop_place, "pfe0.ipsec_engine");
  EXPECT_EQ(r.saturated_block, "pfe0.ipsec_engine");  // kept as it was defined
  EXPECT_NEAR(r.limiting_bound_gbps, hand_bound_gbps(c), 1e-6);
}

TEST(LimitingBlock, BothPfesEquallyLoadedAreNamedTogether) {
  ProbeConfig c = encrypt({256}, {1});
  c.slices = 2;
  c.tunnels = 2;
  const auto limits = probe_block_limits(c);
  EXPECT_EQ(limiting_block(limits), "pfe0.pg0.ipsec_loopback+pfe1.pg0.ipsec_loopback");
  // Each PFE carries half the offered packets: the chip's bound is twice one PFE's.
  const auto one = probe_block_limits(encrypt({256}, {1}));
  EXPECT_NEAR(limiting_offered_mpps(limits), 2 * limiting_offered_mpps(one), 1e-9);
}

// --- Customer-traffic units.

TEST(CustomerUnits, ImixGoodputCountsTheBytesDeliveredNotTheNominalMix) {
  ProbeConfig c = encrypt(kImixFrameBytes, kImixWeights);
  c.duration_ps = 40 * kPsPerUs;
  double nominal = 0, w = 0;
  for (std::size_t i = 0; i < kImixFrameBytes.size(); ++i) {
    nominal += kImixFrameBytes[i] * kImixWeights[i];
    w += kImixWeights[i];
  }
  nominal /= w;
  c.offered_gbps = 400;  // over the bound: the engine's queue drops, large frames more often
  const ProbeResult over = run_probe(c);
  ASSERT_GT(over.dropped_packets, 0u);
  EXPECT_LT(over.delivered_mean_frame_bytes, nominal * 0.995);
  EXPECT_NEAR(over.delivered_cleartext_frame_gbps, over.delivered_mpps * over.delivered_mean_frame_bytes * 8 / 1e3,
              1e-6 * over.delivered_cleartext_frame_gbps);
  EXPECT_LT(over.delivered_cleartext_frame_gbps, over.delivered_mpps * nominal * 8 / 1e3);
}

TEST(CustomerUnits, CleartextIsTheFrameTheCustomerSentWhicheverWayItCrossed) {
  ProbeConfig c = encrypt({1500}, {1});
  c.offered_gbps = 100;
  c.duration_ps = 20 * kPsPerUs;
  const ProbeResult enc = run_probe(c);
  EXPECT_NEAR(enc.delivered_cleartext_frame_gbps, enc.delivered_mpps * 1500 * 8 / 1e3, 1e-9 * 1e3);
  EXPECT_NEAR(enc.offered_cleartext_l1_gbps, enc.offered_gbps, 1e-9);  // cleartext enters
  EXPECT_GT(enc.delivered_gbps, enc.delivered_cleartext_l1_gbps);      // ESP leaves
  c.direction = ProbeDirection::kDecrypt;
  const ProbeResult dec = run_probe(c);
  EXPECT_NEAR(dec.delivered_cleartext_l1_gbps, dec.delivered_gbps, 1e-9);  // cleartext leaves
  EXPECT_LT(dec.offered_cleartext_l1_gbps, dec.offered_gbps);             // ESP enters
}

}  // namespace
}  // namespace trio6sim::models
