// What the runner refuses before simulating (each an error naming the
// scenario's lines) and how it accounts for what a run leaves behind:
// offered load above a port's line rate, links between ports of two speeds,
// two devices on one IKE gateway address, learned routes whose next hop
// nothing reaches, frames still on a link at the end, and a model's
// exception during the run.
#include <gtest/gtest.h>

#include "inline_scenario.h"
#include "report/run_report.h"

namespace trio6sim::run {
namespace {

// One MX304 (LMIC 0): a generator into et-0/0/0, whose traffic to 10.0.1.0/24
// leaves et-0/0/4 into a second generator (the sink).
std::string plain(const std::string& streams, const std::string& parameters = "") {
  return "scenario: plain\n"
         "duration: 100us\n" +
         (parameters.empty() ? "" : "parameters: {port_group.port_gbps: \"" + parameters + "\"}\n") +
         kOneRouterIn +
         streams +
         "  Out:\n"
         "    attach: R1:et-0/0/4\n"
         "    streams: {}\n";
}

std::string stream(const std::string& name, const std::string& rest) {
  return "      " + name + ": {family: ipv4, source: 10.0.0.2, destination: 10.0.1.5, " + rest + "}\n";
}

// Port 0 at 400G (its port group's whole 400G), the others at 100G.
const std::string k400gOnPort0 = "[400, 0, 0, 0, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100]";

TEST(RunChecks, StreamsAboveTheLineRateOfTheirPortAreAnError) {
  const std::string t = plain(stream("a", "frame_size: 1500, rate: 90g") + stream("b", "frame_size: 1500, rate: 90g"));
  const std::string e = run_error(t);
  EXPECT_NE(e.find(where(t, "attach: R1:et-0/0/0") + ": generator In: a (" + where(t, "a: {") + ": 90 Gbps) + b (" +
                   where(t, "b: {") + ": 90 Gbps) offer 180 Gbps into R1:et-0/0/0"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("above its line rate of 100 Gbps"), std::string::npos) << e;
}

TEST(RunChecks, LineRateComesFromThePortTable) {
  const std::string t = plain(stream("fast", "frame_size: 1500, rate: 2tbps"), k400gOnPort0);
  const std::string e = run_error(t);
  EXPECT_NE(e.find("fast (" + where(t, "fast: {") + ": 2000 Gbps) offer 2000 Gbps"), std::string::npos) << e;
  EXPECT_NE(e.find("above its line rate of 400 Gbps"), std::string::npos) << e;
  // 300g fits the 400G port.
  EXPECT_TRUE(run_scenario(parse(plain(stream("fast", "frame_size: 1500, rate: 300g"), k400gOnPort0)), {}).has_value());
}

TEST(RunChecks, PacketRatesCountL1BytesOfTheFrameMix) {
  // IMIX 78/570/1450 B in 7:4:1: a mean of 376.33 B of L1 (preamble and gap
  // included), so a 100G port takes 33.2 Mpps of it.
  const std::string over = plain(stream("mix", "frame_size: imix, rate: 34mpps"));
  EXPECT_NE(run_error(over).find("above its line rate of 100 Gbps"), std::string::npos);
  EXPECT_TRUE(run_scenario(parse(plain(stream("mix", "frame_size: imix, rate: 33mpps"))), {}).has_value());
  // 64 B frames: 84 B of L1, 148.8 Mpps at 100G.
  EXPECT_NE(run_error(plain(stream("small", "frame_size: 64, rate: 150mpps"))).find("above its line rate"),
            std::string::npos);
}

TEST(RunChecks, StreamsThatDoNotOverlapInTimeAreCountedApart) {
  const std::string apart = plain(stream("a", "frame_size: 1500, rate: 90g, stop: 50us") +
                                  stream("b", "frame_size: 1500, rate: 90g, start: 50us"));
  EXPECT_TRUE(run_scenario(parse(apart), {}).has_value());
  const std::string overlapping = plain(stream("a", "frame_size: 1500, rate: 90g, stop: 51us") +
                                        stream("b", "frame_size: 1500, rate: 90g, start: 50us"));
  EXPECT_NE(run_error(overlapping).find("from 50us, above its line rate"), std::string::npos);
}

TEST(RunChecks, ExactlyLineRateRunsWithoutLoss) {
  const auto r = run_ok(parse(plain(stream("full", "frame_size: 1500, rate: 100g"))));
  const auto& s = r.report.streams.at("full");
  EXPECT_GT(s.tx_packets, 800u);  // 100 us at 8.2 Mpps
  EXPECT_EQ(s.rx_packets, s.tx_packets);
  EXPECT_EQ(r.report.conservation.dropped, 0u);
  EXPECT_TRUE(r.conserved);
}

// R1's et-0/0/4 (100G) linked to R2's port `r2_port` (et-0/0/0 at 400G, or
// et-0/0/4 at 100G); R1's generator sends into its 400G et-0/0/0.
std::string linked(const std::string& r2_port) {
  return "scenario: linked\n"
         "duration: 100us\n"
         "parameters: {port_group.port_gbps: \"" + k400gOnPort0 + "\"}\n"
         "devices:\n"
         "  R1: {platform: mx304, lmics: [0], config_text: \"set interfaces et-0/0/0 unit 0 family inet address "
         "10.0.0.1/24\\nset interfaces et-0/0/4 unit 0 family inet address 10.0.1.1/24\"}\n"
         "  R2: {platform: mx304, lmics: [0], config_text: \"set interfaces " + r2_port +
         " unit 0 family inet address 10.0.1.2/24\"}\n"
         "links:\n"
         "  - {a: R1:et-0/0/4, b: R2:" + r2_port + "}\n"
         "generators:\n"
         "  In:\n"
         "    attach: R1:et-0/0/0\n"
         "    streams:\n" +
         stream("a", "frame_size: 1500, rate: 1g");
}

TEST(RunChecks, WarmupKeepsEarlyPacketsOutOfTheLatency) {
  const std::string t = plain(stream("a", "frame_size: 1500, rate: 10g, stop: 50us"));
  const auto measured = run_ok(parse(t));
  std::string warm = t;
  warm.replace(warm.find("duration: 100us"), 15, "duration: 100us\nwarmup: 60us");
  const auto warmed = run_ok(parse(warm));
  // The same packets arrive; only those sent from the warm-up on are measured.
  EXPECT_EQ(warmed.report.streams.at("a").rx_packets, measured.report.streams.at("a").rx_packets);
  EXPECT_GT(measured.report.streams.at("a").latency_ns.max, 0);
  EXPECT_EQ(warmed.report.streams.at("a").latency_ns.max, 0);
}

TEST(RunChecks, AParameterErrorNamesItsLine) {
  std::string t = plain(stream("a", "frame_size: 1500, rate: 1g"));
  t.replace(t.find("devices:"), 0, "parameters:\n  ipsec.clock_ghz: \"fast\"\n");
  EXPECT_NE(run_error(t).find(where(t, "ipsec.clock_ghz") + ": parameters: "), std::string::npos) << run_error(t);
}

TEST(RunChecks, LinkEndsRunAtOneSpeed) {
  EXPECT_TRUE(run_scenario(parse(linked("et-0/0/4")), {}).has_value());
  const std::string t = linked("et-0/0/0");
  const std::string e = run_error(t);
  EXPECT_NE(e.find(where(t, "- {a: R1:et-0/0/4") +
                   ": link R1:et-0/0/4 - R2:et-0/0/0: the ends run at 100 Gbps and 400 Gbps"),
            std::string::npos)
      << e;
}

TEST(RunChecks, TwoDevicesOnOneIkeGatewayAddressAreAnError) {
  // R2 is R0 again: both claim 16.1.1.2, which R1's gateway points at.
  std::string t = header() + links() + generators();
  t.replace(t.find("links:"), 0, "  R2: {platform: mx304, lmics: [0, 1, 2], config: " + kConfigs + "R0.conf}\n");
  const std::string e = run_error(t);
  EXPECT_NE(e.find(where(t, "  R2: {") + ": device R2: IKE gateway ike_gw (" + kConfigs +
                   "R0.conf:14) has local-address 16.1.1.2, which device R0 claims too (IKE gateway ike_gw at " +
                   kConfigs + "R0.conf:14)"),
            std::string::npos)
      << e;
}

TEST(RunChecks, LearnedRoutesNeedANextHopTheDeviceReaches) {
  const std::string base = header() + links() + generators() + "learned_routes:\n";
  const std::string direct = base + "  - {device: R0, protocol: isis, prefixes: 9.9.9.0/24, next_hop: 99.9.9.9}\n";
  EXPECT_NE(run_error(direct).find(where(direct, "next_hop: 99.9.9.9") +
                                   ": learned route 9.9.9.0/24: next_hop 99.9.9.9 is on no subnet of R0's interfaces"),
            std::string::npos);
  const std::string bgp =
      base + "  - {device: R1, protocol: bgp, prefixes: 9.9.8.0/24, protocol_next_hop: 98.9.9.9}\n";
  EXPECT_NE(run_error(bgp).find(where(bgp, "98.9.9.9") +
                                ": learned route 9.9.8.0/24: protocol_next_hop 98.9.9.9 resolves through no route of R1"),
            std::string::npos);
  // Through the static route to st0.1 (2.2.2.0/24 on R0) and on R0's et-0/2/10 subnet: both fine.
  const std::string good = base +
                           "  - {device: R0, protocol: bgp, prefixes: 9.9.8.0/24, protocol_next_hop: 2.2.2.9}\n"
                           "  - {device: R0, protocol: isis, prefixes: 9.9.9.0/24, next_hop: 16.1.1.1}\n";
  EXPECT_TRUE(run_scenario(parse(good), {}).has_value());
}

TEST(RunChecks, FramesStillOnALinkAtTheEndAreInFlightNotUnaccounted) {
  std::string t = header() + links() + generators();
  t.replace(t.find("delay: 1us"), 10, "delay: 1000s");
  const auto r = run_ok(parse(t));
  const auto& c = r.report.conservation;
  EXPECT_EQ(c.offered, 60u);
  // Each host's packets were encrypted and sent on the cable; none arrived.
  EXPECT_EQ(c.in_flight_on_links, 60u);
  EXPECT_EQ(c.delivered + c.dropped, 0u);
  EXPECT_EQ(c.unaccounted(), 0);
  EXPECT_TRUE(r.conserved);
  EXPECT_EQ(exit_status(r), 0);
  EXPECT_NE(report::to_json(r.report).find("\"in_flight_on_links\": 60"), std::string::npos);
  EXPECT_NE(report::to_text(r.report).find("+ in flight on links 60 (exact)"), std::string::npos);
}

TEST(RunChecks, NoInFlightKeyWhenNothingIsOnALink) {
  const auto r = run_ok(parse(header() + links() + generators()));
  EXPECT_EQ(r.report.conservation.in_flight_on_links, 0u);
  EXPECT_EQ(report::to_json(r.report).find("in_flight"), std::string::npos);
}

TEST(RunChecks, AModelExceptionDuringTheRunIsOneCleanError) {
  // One SA per IPsec engine: installing the tunnel's two SAs when IKE
  // completes (1 ms, in the run clock's process) throws past the limit. A
  // check before the run may refuse it first; either way one clean error,
  // never SystemC's E549 or an abort.
  std::string t = header() + links() + generators();
  t.replace(t.find("devices:"), 0, "parameters: {ipsec.max_sas: 1}\n");
  const std::string e = run_error(t);
  EXPECT_NE(e.find("inline.yaml"), std::string::npos) << e;
  EXPECT_EQ(e.find("E549"), std::string::npos) << e;
  EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 0) << e;
  if (e.find("the run stopped") != std::string::npos) {
    EXPECT_NE(e.find("inline.yaml: the run stopped at 1ms in run_clock: "), std::string::npos) << e;
  }
  // The next run in the same process starts afresh.
  EXPECT_TRUE(run_scenario(parse(header() + links() + generators()), {}).has_value());
}

TEST(RunChecks, AGeneratorThatCannotBuildItsFrameStopsTheRun) {
  // A frame the builder cannot make (the loader refuses it; set here behind
  // its back): the generator's process stops the run with the stream's line.
  auto spec = parse(header() + links() + generators());
  spec.generators[0].streams[0].frame_bytes = 20;
  const auto r = run_scenario(spec, {});
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().find("inline.yaml: the run stopped at 1500us in generator_Host1: "), std::string::npos)
      << r.error();
  EXPECT_NE(r.error().find("a 20 B frame cannot be built"), std::string::npos) << r.error();
  EXPECT_EQ(r.error().find("E549"), std::string::npos) << r.error();
  // The next run in the same process starts afresh.
  EXPECT_TRUE(run_scenario(parse(header() + links() + generators()), {}).has_value());
}

}  // namespace
}  // namespace trio6sim::run
