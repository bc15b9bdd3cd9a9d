// Capacity properties of the chip, each derived from the parameters (a bound
// computed from rates and cycle counts), not pasted from a run. Every run
// also checks conservation: offered = delivered + drops by cause, exactly.
#include <gtest/gtest.h>

#include <iostream>

#include "crypto/esp_format.h"
#include "models/bounds.h"
#include "models/probe.h"
#include "models/units.h"

namespace trio6sim::models {
namespace {

constexpr uint64_t kUs = kPsPerUs;

ProbeConfig base(uint32_t frame, double gbps, ProbeDirection dir, uint64_t duration_us, bool timing_only = true) {
  ProbeConfig c;
  c.frame_bytes = {frame};
  c.weights = {1};
  c.offered_gbps = gbps;
  c.direction = dir;
  c.duration_ps = duration_us * kUs;
  c.warmup_ps = duration_us * kUs / 3;
  c.timing_only = timing_only;
  return c;
}

void expect_conserved(const ProbeResult& r) {
  uint64_t drops = 0;
  for (const auto& [cause, n] : r.drops) drops += n;
  EXPECT_TRUE(r.conserved);
  EXPECT_EQ(r.offered_packets, r.delivered_packets + r.delivered_to_host_packets + drops);
  EXPECT_EQ(drops, r.dropped_packets);
}

ProbeResult run(const char* what, const ProbeConfig& c) {
  ProbeResult r = run_probe(c);
  std::cout << "[" << what << "] offered " << r.offered_gbps << " Gbps " << r.offered_mpps << " Mpps, delivered "
            << r.delivered_gbps << " Gbps " << r.delivered_mpps << " Mpps, saturated " << r.saturated_block << ", p50 "
            << r.latency_p50_ns << " ns, wall " << r.wall_seconds << " s\n";
  for (const auto& [cause, n] : r.drops) std::cout << "    drop '" << cause << "': " << n << "\n";
  expect_conserved(r);
  return r;
}

TEST(Throughput, Encrypt1500BytesOneSliceIsTheLoopbackRateWithTheCipher) {
  ProbeConfig c = base(1500, 400, ProbeDirection::kEncrypt, 120, /*timing_only=*/false);
  const ProbeResult r = run("1500B encrypt, 1 slice, cipher", c);
  // The PG0 IPsec loopback carries the ESP packets as L1 bits and the egress
  // port sends the same frames: delivered WAN L1 = the loopback rate.
  const double loopback = c.params.port_group.ipsec_loopback_gbps;
  EXPECT_NEAR(r.delivered_gbps, loopback, 0.01 * loopback);
  // The engine (busy as well) is where packets are lost: "crypto queue full".
  EXPECT_EQ(r.saturated_block, "pfe0.ipsec_engine");
  EXPECT_GT(r.dropped_packets, 0u);
  EXPECT_EQ(r.drops.count("none"), 0u);
  // Every delivered packet was really encrypted.
  EXPECT_GE(r.ipsec.encrypted_packets, r.delivered_packets);
}

TEST(Throughput, Encrypt1500BytesTwoSlicesIsTwiceTheLoopbackRate) {
  ProbeConfig c = base(1500, 800, ProbeDirection::kEncrypt, 120);
  c.slices = 2;
  c.tunnels = 2;
  const ProbeResult r = run("1500B encrypt, 2 slices", c);
  const double chip = 2 * c.params.port_group.ipsec_loopback_gbps;
  EXPECT_NEAR(r.delivered_gbps, chip, 0.01 * chip);
}

TEST(Throughput, EncryptPlusDecryptShareTheHalfDuplexEngine) {
  ProbeConfig c = base(1500, 400, ProbeDirection::kBoth, 120);
  const ProbeResult r = run("1500B 200G encrypt + 200G decrypt", c);
  const double loopback = c.params.port_group.ipsec_loopback_gbps;
  EXPECT_NEAR(r.delivered_gbps, loopback, 0.01 * loopback);
  EXPECT_GT(r.ipsec.encrypted_packets, 0u);
  EXPECT_GT(r.ipsec.decrypted_packets, 0u);
}

TEST(Throughput, DecryptWithTheCipherDeliversTheInnerPackets) {
  ProbeConfig c = base(1500, 100, ProbeDirection::kDecrypt, 60, /*timing_only=*/false);
  const ProbeResult r = run("1500B decrypt 100G, cipher", c);
  EXPECT_EQ(r.dropped_packets, 0u);
  // Offered are ESP frames, delivered the inner ones: smaller by the ESP overhead.
  const double inner = 1500 - 18;
  const double ratio = (1500 + 20) / (1500 + 20 + static_cast<double>(crypto::esp_overhead_bytes(inner, false, false)));
  EXPECT_NEAR(r.delivered_gbps, r.offered_gbps * ratio, 0.01 * r.offered_gbps);
  EXPECT_EQ(r.ipsec.decrypted_packets, r.delivered_packets);
  EXPECT_EQ(r.ipsec.esp_authentication_failures, 0u);
}

TEST(Throughput, SmallFramesSingleTunnelReachThePublishedMpps) {
  ProbeConfig c = base(78, 400, ProbeDirection::kEncrypt, 40);
  const ProbeResult r = run("78B encrypt, 1 tunnel", c);
  EXPECT_GE(r.delivered_mpps, 50.0);  // SRX4700 (Trio 6) single tunnel, one direction [S]
}

TEST(Throughput, SixtyFourByteFramesAreBoundByPacketsPerSecond) {
  // All programs of a pass take the same time, so threads finish in waves
  // (one per program length); the window spans many waves.
  ProbeConfig c = base(64, 400, ProbeDirection::kEncrypt, 150);
  c.warmup_ps = 50 * kUs;
  const ProbeResult r = run("64B encrypt", c);
  const BlockBound bound = tightest_bound(r.bounds);
  std::cout << "    bound " << bound.block << " " << bound.mpps << " Mpps; saturated block " << r.saturated_block << "\n";
  for (const auto& b : r.bounds) std::cout << "      " << b.block << " " << b.mpps << " Mpps\n";
  EXPECT_NEAR(r.delivered_mpps, bound.mpps, 0.02 * bound.mpps);
  EXPECT_EQ(r.saturated_block, bound.block);
  // Two passes through the lookup engine is what limits small packets.
  const auto& lu = c.params.lookup;
  EXPECT_EQ(bound.block, "pfe0.lookup.threads");
  EXPECT_NEAR(bound.mpps, lu.threads() * lu.clock_ghz * 1e3 / (lu.steer_to_st0_cycles + lu.post_encrypt_cycles), 1e-6);
}

TEST(Throughput, InlineServicesBandwidthCapsTheSi) {
  ProbeConfig c = base(1500, 200, ProbeDirection::kEncrypt, 120);
  c.si_bandwidth_gbps = 100;
  const ProbeResult r = run("si bandwidth 100g", c);
  EXPECT_NEAR(r.si_input_gbps, 100, 1.0);
  EXPECT_GT(r.drops.at("si bandwidth exceeded"), 0u);
  EXPECT_EQ(r.saturated_block, "pfe0.si-F/P/0");
}

TEST(Throughput, IngressOnTheOtherSliceCrossesTheFabric) {
  ProbeConfig same = base(1500, 20, ProbeDirection::kEncrypt, 60);
  const ProbeResult local = run("anchored on the ingress slice", same);
  ProbeConfig cross = same;
  cross.anchor_slice = 0;  // traffic enters slice 1, the tunnel lives on slice 0
  const ProbeResult remote = run("anchored on the other slice", cross);
  EXPECT_EQ(local.fabric_packets, 0u);
  EXPECT_EQ(remote.fabric_packets, remote.offered_packets);
  EXPECT_NEAR(remote.delivered_gbps, local.delivered_gbps, 0.01 * local.delivered_gbps);
  // At low load the latency rises by the fabric's latency plus one packet's cells.
  const auto& f = same.params.fabric;
  const double cells = std::ceil((1500.0 - 4) / (f.cell_bytes - f.cell_header_bytes));
  const double crossing_ns = f.latency_ns + cells * f.cell_bytes * 8 / f.gbps_per_destination;
  EXPECT_NEAR(remote.latency_p50_ns - local.latency_p50_ns, crossing_ns, 0.02 * crossing_ns + 10);
}

TEST(Throughput, ClearTrafficOnPg1IsUnaffectedByIpsecOnPg0) {
  ProbeConfig c = base(1500, 400, ProbeDirection::kEncrypt, 120);
  c.clear_pg1_gbps = 400;
  const ProbeResult r = run("IPsec 400G on PG0 + clear 400G on PG1", c);
  EXPECT_NEAR(r.clear_pg1_delivered_gbps, r.clear_pg1_offered_gbps, 0.005 * r.clear_pg1_offered_gbps);
  EXPECT_NEAR(r.clear_pg1_offered_gbps, 400, 4);
  const double loopback = c.params.port_group.ipsec_loopback_gbps;
  EXPECT_NEAR(r.delivered_gbps - r.clear_pg1_delivered_gbps, loopback, 0.01 * loopback);
}

TEST(Throughput, ClearSixtyFourByteFramesAreLineRate) {
  ProbeConfig c = base(64, 400, ProbeDirection::kClear, 30);
  const ProbeResult r = run("64B clear", c);
  EXPECT_EQ(r.dropped_packets, 0u);
  EXPECT_NEAR(r.delivered_gbps, r.offered_gbps, 0.01 * r.offered_gbps);
}

TEST(Throughput, ImixIpv6EncryptConserves) {
  ProbeConfig c = base(78, 300, ProbeDirection::kEncrypt, 40);
  c.frame_bytes = kImixFrameBytes;
  c.weights = kImixWeights;
  c.ipv6 = true;
  c.tunnels = 10;
  const ProbeResult r = run("IMIX IPv6 encrypt, 10 tunnels", c);
  EXPECT_GT(r.delivered_packets, 0u);
}

}  // namespace
}  // namespace trio6sim::models
