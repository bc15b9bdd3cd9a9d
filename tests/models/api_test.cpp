// The programming interface's limits and errors, and the parameters: each
// family of parameters visibly changes a result, and unknown keys are errors.
#include <gtest/gtest.h>

#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>

#include "harness.h"
#include "models/bounds.h"
#include "models/probe.h"
#include "models/units.h"

namespace trio6sim::models {
namespace {

using test::Harness;
using test::ip;

crypto::SaConfig sa(uint32_t spi) {
  crypto::SaConfig c;
  c.spi = 0x1000 + spi;  // SPIs 1..255 are reserved (RFC 4303)
  c.key = std::vector<uint8_t>(32, 7);
  c.source = ip("192.0.2.1");
  c.destination = ip("198.51.100.1");
  return c;
}

// A tunnel is an inbound + outbound SA pair [I]: `count` of them on `pfe`,
// SPIs from `first`.
void add_tunnels(Trio6& chip, int pfe, uint32_t first, uint32_t count) {
  for (uint32_t i = first; i < first + count; ++i) {
    chip.add_sa(sa(2 * i), SaDirection::kOutbound, pfe);
    chip.add_sa(sa(2 * i + 1), SaDirection::kInbound, pfe);
  }
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Api, ThousandTunnelsOnAnEngineAndNotOneMore) {
  Trio6Params p;
  p.ipsec.timing_only = true;  // no cipher contexts: a quick test
  ASSERT_EQ(p.ipsec.max_tunnels, 1000u);  // 1,000 tunnels per PFE [I,T]
  Harness h(p);
  add_tunnels(*h.chip, 0, 0, 1000);
  EXPECT_EQ(h.chip->slice(0).ipsec().tunnel_count(), 1000u);
  EXPECT_EQ(h.chip->sa_count(), 2000u);
  // The 1,001st tunnel: neither of its SAs fits.
  for (auto dir : {SaDirection::kOutbound, SaDirection::kInbound}) {
    const std::string e = error_of([&] { h.chip->add_sa(sa(5000), dir, 0); });
    EXPECT_NE(e.find("PFE 0"), std::string::npos) << e;
    EXPECT_NE(e.find("1000 tunnels (ipsec.max_tunnels)"), std::string::npos) << e;
  }
  // The other engine still has room: 2,000 tunnels on the chip [I,T].
  add_tunnels(*h.chip, 1, 1000, 1000);
  EXPECT_EQ(h.chip->sa_count(), 4000u);
  EXPECT_THROW(h.chip->add_sa(sa(6000), SaDirection::kOutbound, 1), ConfigError);
  // A removed tunnel frees its place.
  h.chip->remove_sa(1);
  EXPECT_NO_THROW(h.chip->add_sa(sa(7000), SaDirection::kOutbound, 0));
}

TEST(Api, ChipLimitCountsTunnels) {
  Trio6Params p;
  p.ipsec.timing_only = true;
  p.max_tunnels_per_chip = 3;
  Harness h(p);
  add_tunnels(*h.chip, 0, 0, 2);
  add_tunnels(*h.chip, 1, 2, 1);  // three tunnels, six SAs
  const std::string e = error_of([&] { h.chip->add_sa(sa(99), SaDirection::kInbound, 1); });
  EXPECT_NE(e.find("chip"), std::string::npos) << e;
  EXPECT_NE(e.find("3 tunnels (max_tunnels_per_chip)"), std::string::npos) << e;
}

TEST(Api, SiUnitsExistOnlyOnTheirSlice) {
  Harness h;
  EXPECT_NO_THROW(h.chip->add_si_unit(0, 1, 0));
  EXPECT_NO_THROW(h.chip->add_si_unit(1, 3, 1));
  EXPECT_THROW(h.chip->add_si_unit(0, 2, 0), ConfigError);  // si-F/P/2 is on PFE 1
  EXPECT_THROW(h.chip->add_si_unit(1, 0, 0), ConfigError);
  EXPECT_THROW(h.chip->add_si_unit(0, 0, 2), ConfigError);  // units .0 and .1 only
  EXPECT_THROW(h.chip->add_si_unit(2, 4, 0), ConfigError);
}

TEST(Api, ServiceSetsAndTunnelsAreChecked) {
  Trio6Params p;
  p.ipsec.timing_only = true;
  Harness h(p);
  const IfIndex in0 = h.chip->add_si_unit(0, 0, 0);
  const IfIndex out0 = h.chip->add_si_unit(0, 0, 1);
  const IfIndex out1 = h.chip->add_si_unit(0, 1, 1);
  EXPECT_THROW(h.chip->add_service_set("bad", in0, out1), ConfigError);  // two si interfaces
  EXPECT_THROW(h.chip->add_service_set("bad", out0, in0), ConfigError);  // swapped units
  const uint32_t ss = h.chip->add_service_set("ss", in0, out0);
  const IfIndex st0 = h.chip->add_st0_unit(1);
  const IfIndex st02 = h.chip->add_st0_unit(2);
  const uint32_t on_pfe1 = h.chip->add_sa(sa(1), SaDirection::kOutbound, 1);
  EXPECT_THROW(h.chip->bind_tunnel(st0, ss, on_pfe1, std::nullopt), ConfigError);  // anchored on PFE 0
  const uint32_t a = h.chip->add_sa(sa(2), SaDirection::kOutbound, 0);
  const uint32_t b = h.chip->add_sa(sa(3), SaDirection::kOutbound, 0);
  h.chip->bind_tunnel(st0, ss, a, std::nullopt);
  h.chip->bind_tunnel(st02, ss, b, std::nullopt);  // many st0 units share one SI
  EXPECT_THROW(h.chip->bind_tunnel(in0, ss, a, std::nullopt), ConfigError);  // not st0
  EXPECT_THROW(h.chip->add_st0_unit(1), ConfigError);                        // duplicate name
}

TEST(Api, RoutesAndInterfacesAreChecked) {
  Harness h;
  const IfIndex et = h.chip->add_physical_interface("et-0/0/12", 12);
  EXPECT_THROW(h.chip->add_physical_interface("et-0/0/12b", 12), ConfigError);
  EXPECT_THROW(h.chip->add_physical_interface("et-0/0/16", 16), ConfigError);
  const IfIndex st0 = h.chip->add_st0_unit(1);
  EXPECT_THROW(h.chip->add_route(ip("10.0.0.0"), 33, NextHop::interface(et)), ConfigError);
  EXPECT_THROW(h.chip->add_route(ip("10.0.0.0"), 8, NextHop::interface(st0)), ConfigError);
  EXPECT_THROW(h.chip->add_route(ip("10.0.0.0"), 8, NextHop::st0(et)), ConfigError);
  EXPECT_THROW(h.chip->add_aggregate_interface("ae0", {st0}), ConfigError);
  h.chip->add_route(ip("10.0.0.0"), 8, NextHop::interface(et));
  EXPECT_TRUE(h.chip->remove_route(ip("10.0.0.0"), 8));
  h.chip->remove_interface(et);
  EXPECT_FALSE(h.chip->find_interface("et-0/0/12"));
  EXPECT_NO_THROW(h.chip->add_physical_interface("et-0/0/12", 12));
  EXPECT_THROW(h.chip->set_inline_services_bandwidth(0, 150), ConfigError);
  EXPECT_NO_THROW(h.chip->set_inline_services_bandwidth(0, 100));
}

TEST(Parameters, SetByPathValidatesAndDumps) {
  Trio6Params p;
  p.set("ipsec.bytes_per_cycle", "16");
  EXPECT_EQ(p.ipsec.bytes_per_cycle, 16);
  EXPECT_NE(p.to_json().find("\"bytes_per_cycle\":16"), std::string::npos);
  EXPECT_THROW(p.set("ipsec.bytes_per_cycel", "16"), ConfigError);
  EXPECT_THROW(p.set("lookup.ppes", "-1"), ConfigError);
  EXPECT_THROW(p.set("lookup.ppes", "many"), ConfigError);
  EXPECT_THROW(p.set("port_group.port_gbps", "[400,400,0,0,0,0,0,0,0,0,0,0,0,0,0,0]"), ConfigError);  // PG over 400G
}

TEST(Parameters, ValuesOutOfTheirRangeNameTheKeyTheValueAndTheRange) {
  Trio6Params p;
  // Today's self-contradictory result: a clock of 1e-300 GHz.
  const std::string e = error_of([&] { p.set("ipsec.clock_ghz", "1e-300"); });
  EXPECT_NE(e.find("'ipsec.clock_ghz' = 1e-300 is out of range, expected 0.1..10 GHz"), std::string::npos) << e;
  EXPECT_EQ(p.ipsec.clock_ghz, 1.2);  // unchanged
  const std::string big = error_of([&] { p.set("lookup.ppes", "99999999999"); });
  EXPECT_NE(big.find("'lookup.ppes' = 99999999999 is out of range, expected 1..1024"), std::string::npos) << big;
  // Programmatic values are checked by validate() with the same table.
  p.fabric.latency_ns = 2000000000;
  const std::string v = error_of([&] { p.validate(); });
  EXPECT_NE(v.find("'fabric.latency_ns' = 2000000000"), std::string::npos) << v;
}

TEST(Parameters, EveryKeyHasARangeAndEveryBoundIsEnforced) {
  const auto table = parameter_table();
  const Trio6Params defaults;
  const YAML::Node dump = YAML::Load(defaults.to_json());
  std::size_t dumped = 0;
  for (const auto& group : dump) dumped += group.second.IsMap() ? group.second.size() : 1;
  EXPECT_EQ(table.size(), dumped);  // one row per dumped key
  for (const auto& row : table) {
    if (row.unit.empty()) continue;  // a flag: true or false
    if (row.key == "port_group.port_gbps") {
      EXPECT_THROW(Trio6Params{}.set(row.key, "[-1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]"), ConfigError);
      continue;
    }
    EXPECT_LE(row.min, row.max) << row.key;
    // Just outside each end is refused with the key named; the defaults are inside.
    for (double outside : {row.min > 0 ? row.min / 2 : -1, row.max * 2 + 2}) {
      Trio6Params p;
      const std::string e = error_of([&] { p.set(row.key, fmt::format("{}", outside)); });
      EXPECT_NE(e.find(row.key), std::string::npos) << row.key << ": " << e;
    }
  }
}

TEST(Parameters, DeprecatedSaKeysCountOneWaySasOfTheTunnelLimit) {
  Trio6Params p;
  const YAML::Node defaults = YAML::Load(p.to_json());
  EXPECT_EQ(defaults["ipsec"]["max_tunnels"].as<int>(), 1000);
  EXPECT_EQ(defaults["ipsec"]["max_sas"].as<int>(), 2000);  // 2 one-way SAs per tunnel
  EXPECT_EQ(defaults["max_tunnels_per_chip"].as<int>(), 2000);
  EXPECT_EQ(defaults["max_sas_per_chip"].as<int>(), 4000);
  p.set("ipsec.max_sas", "500");  // a script's old setting: 500 SAs, 250 tunnels, as before
  EXPECT_EQ(p.ipsec.max_tunnels, 250u);
  p.set("max_sas_per_chip", "600");
  EXPECT_EQ(p.max_tunnels_per_chip, 300u);
  const std::string odd = error_of([&] { p.set("ipsec.max_sas", "501"); });
  EXPECT_NE(odd.find("even"), std::string::npos) << odd;
  EXPECT_EQ(p.ipsec.max_tunnels, 250u);
}

// One probe per parameter family: the result follows the parameter.
ProbeConfig quick(uint32_t frame, ProbeDirection dir, uint64_t duration_us) {
  ProbeConfig c;
  c.frame_bytes = {frame};
  c.offered_gbps = 400;
  c.direction = dir;
  c.duration_ps = duration_us * kPsPerUs;
  c.warmup_ps = c.duration_ps / 3;
  c.timing_only = true;
  return c;
}

TEST(ParameterFamilies, EngineBytesPerCycleBoundsLargeFrames) {
  ProbeConfig c = quick(1500, ProbeDirection::kEncrypt, 120);
  c.params.ipsec.bytes_per_cycle = 16;  // 153.6 Gbps of cleartext
  const ProbeResult r = run_probe(c);
  const BlockBound b = tightest_bound(r.bounds);
  EXPECT_EQ(b.block, "pfe0.ipsec_engine");
  EXPECT_EQ(r.saturated_block, "pfe0.ipsec_engine");
  EXPECT_NEAR(r.delivered_mpps, b.mpps, 0.01 * b.mpps);
  EXPECT_TRUE(r.conserved);
}

TEST(ParameterFamilies, EngineOverheadBoundsSmallFrames) {
  ProbeConfig c = quick(64, ProbeDirection::kEncrypt, 150);
  c.warmup_ps = 50 * kPsPerUs;
  c.params.ipsec.per_packet_overhead_cycles = 10;  // 1.2e9 / 11.5 cycles = 104 Mpps
  const ProbeResult r = run_probe(c);
  const BlockBound b = tightest_bound(r.bounds);
  EXPECT_EQ(b.block, "pfe0.ipsec_engine");
  EXPECT_NEAR(r.delivered_mpps, b.mpps, 0.02 * b.mpps);
  EXPECT_TRUE(r.conserved);
}

TEST(ParameterFamilies, LoopbackRateBoundsLargeFrames) {
  ProbeConfig c = quick(1500, ProbeDirection::kEncrypt, 120);
  c.params.port_group.ipsec_loopback_gbps = 200;
  const ProbeResult r = run_probe(c);
  EXPECT_NEAR(r.delivered_gbps, 200, 2);
  EXPECT_TRUE(r.conserved);
}

TEST(ParameterFamilies, LookupCyclesBoundSmallFrames) {
  ProbeConfig c = quick(64, ProbeDirection::kEncrypt, 150);
  c.warmup_ps = 50 * kPsPerUs;
  c.params.lookup.steer_to_st0_cycles = 7200;
  c.params.lookup.post_encrypt_cycles = 7200;  // 1.92e12 / 14,400 = 133 Mpps
  const ProbeResult r = run_probe(c);
  const BlockBound b = tightest_bound(r.bounds);
  EXPECT_EQ(b.block, "pfe0.lookup.threads");
  EXPECT_NEAR(b.mpps, 1600 * 1.2e3 / 14400, 1e-9);
  EXPECT_NEAR(r.delivered_mpps, b.mpps, 0.02 * b.mpps);
}

TEST(ParameterFamilies, HeadSizeChangesDispatchLoad) {
  auto dispatch = [](uint32_t head) {
    ProbeConfig c = quick(1500, ProbeDirection::kClear, 30);
    c.offered_gbps = 100;
    c.params.lookup.head_bytes = head;
    const ProbeResult r = run_probe(c);
    for (const auto& u : r.utilization)
      if (u.block == "pfe0.lookup.dispatch") return u.fraction;
    return -1.0;
  };
  const double small = dispatch(96), large = dispatch(192);
  EXPECT_NEAR(large / small, 2.0, 0.05);
}

TEST(ParameterFamilies, FabricBandwidthAndLatency) {
  ProbeConfig c = quick(1500, ProbeDirection::kEncrypt, 120);
  c.anchor_slice = 0;
  c.params.fabric.gbps_per_destination = 100;
  c.params.fabric.queue_depth_bytes = 256 * 1024;
  const ProbeResult narrow = run_probe(c);
  EXPECT_GT(narrow.drops.at("fabric queue full"), 0u);
  // Cells of 64 B carry 1,496 B (the L2 frame without FCS) in 24 cells = 1,536 B.
  EXPECT_NEAR(narrow.delivered_gbps, 100.0 * (1500 + 20 + 54) / 1536, 1.5);
  EXPECT_EQ(narrow.saturated_block, "fabric.to_pfe0");
  EXPECT_TRUE(narrow.conserved);
}

TEST(ParameterFamilies, TunnelLimitsBoundTheProbesTunnels) {
  ProbeConfig c = quick(1500, ProbeDirection::kEncrypt, 10);
  c.tunnels = 3;
  c.params.set("ipsec.max_tunnels", "2");
  EXPECT_THROW(run_probe(c), ConfigError);
  c.params.set("ipsec.max_sas", "6");  // the deprecated key moves the same limit
  EXPECT_TRUE(run_probe(c).conserved);
  c.slices = 2;
  c.tunnels = 4;
  c.params.set("max_sas_per_chip", "6");
  EXPECT_EQ(max_probe_tunnels(c), 3u);
  EXPECT_THROW(run_probe(c), ConfigError);
  c.params.set("max_tunnels_per_chip", "4");
  EXPECT_TRUE(run_probe(c).conserved);
}

TEST(ParameterFamilies, PortSpeedBoundsClearTraffic) {
  ProbeConfig c = quick(1500, ProbeDirection::kClear, 60);
  c.offered_gbps = 200;
  const ProbeResult r = run_probe(c);
  EXPECT_NEAR(r.delivered_gbps, 200, 2);
  EXPECT_EQ(r.dropped_packets, 0u);
}

}  // namespace
}  // namespace trio6sim::models

namespace trio6sim::models {
namespace {

TEST(ProbeJson, HasTheFixedKeys) {
  ProbeConfig c = quick(1500, ProbeDirection::kBoth, 30);
  // JSON is YAML 1.2: yaml-cpp reads the document as an independent parser.
  const YAML::Node j = YAML::Load(to_json(run_probe(c)));
  for (const char* key : {"offered_gbps", "delivered_gbps", "offered_mpps", "delivered_mpps", "offered_packets",
                          "delivered_packets", "drops", "latency_ns", "utilization", "saturated_block", "sim_seconds",
                          "wall_seconds", "parameters"})
    EXPECT_TRUE(j[key].IsDefined()) << key;
  for (const char* key : {"p50", "p99", "max"}) EXPECT_TRUE(j["latency_ns"][key].IsDefined()) << key;
  EXPECT_TRUE(j["drops"].IsMap());
  EXPECT_TRUE(j["utilization"].IsMap());
  EXPECT_EQ(j["parameters"]["ipsec"]["bytes_per_cycle"].as<double>(), 31.25);
  EXPECT_EQ(j["parameters"]["port_group"]["port_gbps"].size(), 16u);
  EXPECT_LE(j["latency_ns"]["p50"].as<double>(), j["latency_ns"]["p99"].as<double>());
  EXPECT_LE(j["latency_ns"]["p99"].as<double>(), j["latency_ns"]["max"].as<double>());
}

// A result a program fills in itself has no parameter or configuration text.
TEST(ProbeJson, AResultNotMadeByTheProbeHasNullParametersAndConfig) {
  const YAML::Node j = YAML::Load(to_json(ProbeResult{}));
  EXPECT_TRUE(j["parameters"].IsNull());
  EXPECT_TRUE(j["config"].IsNull());
}

}  // namespace
}  // namespace trio6sim::models
