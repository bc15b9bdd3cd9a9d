// IKE on the wire in the runner (ike: wire): the TechLibrary's two routers
// negotiate IKEv2 over their own data planes, carry traffic through the SAs
// they derived, and rekey make-before-break under load without losing a
// packet; the programming trace shows the order firmware relies on.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "inline_scenario.h"

namespace trio6sim::run {
namespace {

std::string wire_scenario(const std::string& duration, const std::string& streams, const std::string& events) {
  std::string s = header();
  s.replace(s.find("duration: 5ms"), 13, "duration: " + duration);
  s += "ike: wire\n" + links() +
       "generators:\n"
       "  Host1:\n"
       "    attach: R0:et-0/1/8\n"
       "    streams:\n" +
       streams +
       "  Host2:\n"
       "    attach: R1:et-0/1/8\n"
       "    streams: {}\n" +
       events;
  return s;
}

double counter(const RunResult& r, const std::string& device, const std::string& what) {
  const auto& d = r.report.devices.at(device);
  if (what == "drops") {
    double n = 0;
    for (const auto& [cause, count] : d.drops) n += static_cast<double>(count);
    return n;
  }
  if (what == "encrypted") return static_cast<double>(d.ipsec.encrypted_packets);
  if (what == "decrypted") return static_cast<double>(d.ipsec.decrypted_packets);
  return -1;
}

// The scenario `text` with the techlib configuration of each of `devices`
// edited by `edit` and written to the test's temporary folder (file names
// tagged `tag`); the scenario points at the edited copies.
std::string with_edited_configs(std::string text, std::initializer_list<const char*> devices, const std::string& tag,
                                const std::function<void(std::string& conf)>& edit) {
  for (const char* dev : devices) {
    std::ifstream in(kConfigs + dev + ".conf");
    std::string conf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    edit(conf);
    const std::string path = ::testing::TempDir() + "/" + dev + "-" + tag + ".conf";
    std::ofstream(path) << conf;
    text.replace(text.find(kConfigs + dev + ".conf"), (kConfigs + dev + ".conf").size(), path);
  }
  return text;
}

// `conf` with its first `from` replaced by `to`; a failure when it has none.
void replace_in(std::string& conf, const std::string& from, const std::string& to) {
  const auto at = conf.find(from);
  if (at == std::string::npos) {
    ADD_FAILURE() << "the configuration has no '" << from << "'";
    return;
  }
  conf.replace(at, from.size(), to);
}

// A run that switched SAs under load lost nothing: every packet of
// `streams` delivered, R1 decrypted what R0 encrypted, no drop on either, no
// replay or authentication error, and all `expectations` of the scenario met.
void expect_nothing_lost(const RunResult& r, std::initializer_list<const char*> streams, std::size_t expectations) {
  EXPECT_TRUE(r.conserved);
  for (const char* s : streams)
    EXPECT_EQ(r.report.streams.at(s).rx_packets, r.report.streams.at(s).tx_packets) << s;
  EXPECT_EQ(counter(r, "R1", "decrypted"), counter(r, "R0", "encrypted"));
  EXPECT_EQ(counter(r, "R0", "drops"), 0);
  EXPECT_EQ(counter(r, "R1", "drops"), 0);
  EXPECT_EQ(r.report.devices.at("R1").ipsec.replay_errors, 0u);
  EXPECT_EQ(r.report.devices.at("R1").ipsec.esp_authentication_failures, 0u);
  ASSERT_EQ(r.expectations.size(), expectations);
  for (const auto& e : r.expectations) EXPECT_TRUE(e.passed) << e.message;
}

TEST(IkeWire, TheTunnelComesUpOnTheWireAndCarriesTraffic) {
  const auto spec = parse(wire_scenario(
      "5ms",
      "      h1: {family: ipv4, source: 1.1.1.2, destination: 2.2.2.2, frame_size: 512, rate: 10000pps, start: 2ms, "
      "stop: 4ms}\n",
      ""));
  RunOptions o;
  const std::string trace = ::testing::TempDir() + "/ike_wire_trace.jsonl";
  o.programming_trace_path = trace;
  const RunResult r = run_ok(spec, o);
  EXPECT_TRUE(r.conserved);
  EXPECT_EQ(r.report.streams.at("h1").rx_packets, r.report.streams.at("h1").tx_packets);
  EXPECT_EQ(r.report.streams.at("h1").tx_packets, 20u);
  EXPECT_EQ(counter(r, "R1", "decrypted"), counter(r, "R0", "encrypted"));
  EXPECT_EQ(counter(r, "R0", "drops"), 0);
  EXPECT_EQ(counter(r, "R1", "drops"), 0);
  // The exchanges crossed the data planes: each router's host sent and received.
  EXPECT_GE(r.report.devices.at("R0").host_sent, 2u);
  EXPECT_GE(r.report.devices.at("R0").host_received, 2u);
  // Each side installed its inbound SA before its outbound one, and st0 came up after both.
  std::ifstream in(trace);
  std::string line, ops;
  while (std::getline(in, line))
    if (line.find("\"device\": \"R0\"") != std::string::npos) ops += line.substr(line.find("\"op\": \"") + 7, 14) + ";";
  EXPECT_LT(ops.find("install_inboun"), ops.find("install_outbou")) << ops;
  EXPECT_LT(ops.find("install_outbou"), ops.find("st0_up")) << ops;
}

TEST(IkeWire, RekeysUnderLoadLoseNothing) {
  // 8 Mpps of 1,400 B frames (about 90 Gbps) across three forced rekeys, one
  // a collision of both sides; 10 kpps on to 1.2 s, past every DELETE.
  const auto spec = parse(wire_scenario(
      "1300ms",
      "      busy: {family: ipv4, source: 1.1.1.2, destination: 2.2.2.2, frame_size: 1400, rate: 8000000pps, start: "
      "2ms, stop: 5ms}\n"
      "      slow: {family: ipv4, source: 1.1.1.3, destination: 2.2.2.2, frame_size: 512, rate: 10000pps, start: 2ms, "
      "stop: 1200ms}\n",
      "events:\n"
      "  - {at: 2500us, device: R0, rekey: ipsec_vpn}\n"
      "  - {at: 3500us, device: R1, rekey: ipsec_vpn}\n"
      "  - {at: 4500us, device: R0, rekey: ipsec_vpn}\n"
      "  - {at: 4500us, device: R1, rekey: ipsec_vpn}\n"
      "expect:\n"
      "  - {device: R0, counter: ike.child_rekeys, \"==\": 3}\n"
      "  - {device: R1, counter: ike.child_rekeys, \"==\": 3}\n"
      "  - {device: R0, counter: ike.tunnels_up, \"==\": 1}\n"));
  RunOptions o;
  o.timing_only = false;
  expect_nothing_lost(run_ok(spec, o), {"busy", "slow"}, 3);
}

TEST(IkeWire, OperatorClearsAndADaemonRestartRenegotiate) {
  // clear security ipsec security-associations index 500001, then clear
  // security ike security-associations, then R1's iked stopped and started:
  // each time the tunnel is negotiated again and carries the traffic after.
  const auto spec = parse(wire_scenario(
      "12ms",
      "      h1: {family: ipv4, source: 1.1.1.2, destination: 2.2.2.2, frame_size: 512, rate: 100000pps, start: 2ms, "
      "stop: 11ms}\n",
      "events:\n"
      "  - {at: 3ms, device: R0, clear: ipsec, index: 500001}\n"
      "  - {at: 5ms, device: R0, clear: ike}\n"
      "  - {at: 7ms, device: R1, ike: stop}\n"
      "  - {at: 8ms, device: R1, ike: start}\n"
      "expect:\n"
      "  - {device: R0, counter: ike.tunnels_up, \"==\": 1, at: 4ms}\n"
      "  - {device: R0, counter: ike.tunnels_up, \"==\": 1, at: 6ms}\n"
      "  - {device: R0, counter: ike.tunnels_up, \"==\": 1}\n"
      "  - {device: R1, counter: ike.tunnels_up, \"==\": 1}\n"));
  const RunResult r = run_ok(spec);
  EXPECT_TRUE(r.conserved);
  for (const auto& e : r.expectations) EXPECT_TRUE(e.passed) << e.message;
  // Traffic flows again after every event: the last millisecond arrives whole.
  EXPECT_GT(r.report.streams.at("h1").rx_packets, r.report.streams.at("h1").tx_packets * 8 / 10);
  // What a clear or a restart loses is lost by name: ESP in flight to an SA
  // the receiver no longer has ("no SA"), traffic at an st0 unit without one
  // ("tunnel down"), or routed nowhere while it is down ("no route").
  for (const char* dev : {"R0", "R1"})
    for (const auto& [cause, n] : r.report.devices.at(dev).drops)
      EXPECT_TRUE(cause == "no SA" || cause == "tunnel down" || cause == "no route") << dev << ": " << cause << " " << n;
  EXPECT_EQ(r.report.devices.at("R1").ipsec.esp_authentication_failures, 0u);
  EXPECT_EQ(r.report.devices.at("R1").ipsec.replay_errors, 0u);
}

TEST(IkeWire, DifferentKeysFailOnTheWireWithTheReason) {
  // R1's configuration with another pre-shared key: R0's IKE_AUTH does not
  // verify at R1, which answers AUTHENTICATION_FAILED; no SA is ever programmed.
  const std::string text = with_edited_configs(
      wire_scenario("5ms",
                    "      h1: {family: ipv4, source: 1.1.1.2, destination: 2.2.2.2, frame_size: 512, rate: 10000pps, "
                    "start: 2ms, stop: 4ms}\n",
                    ""),
      {"R1"}, "other-key", [](std::string& conf) { replace_in(conf, "\"test123\"", "\"other12\""); });
  const RunResult r = run_ok(parse(text));
  EXPECT_TRUE(r.conserved);
  EXPECT_EQ(r.report.streams.at("h1").rx_packets, 0u);
  for (const char* dev : {"R0", "R1"}) {
    const auto& down = r.report.devices.at(dev).tunnels_down;
    ASSERT_EQ(down.size(), 1u) << dev;
    EXPECT_NE(down[0].find("pre-shared keys differ (IKE AUTH fails)"), std::string::npos) << down[0];
  }
  EXPECT_EQ(r.report.devices.at("R0").ipsec.encrypted_packets, 0u);
}

TEST(IkeWire, OnTrafficTheFirstPacketsTriggerTheNegotiation) {
  // Both routers with establish-tunnels on-traffic: nothing is negotiated
  // until the stream starts (2 ms); its first packets meet st0.0 without
  // SAs (dropped, "tunnel down") and make R0's key manager initiate; once
  // the SAs are in, the rest is encrypted and delivered.
  const std::string text = with_edited_configs(
      wire_scenario("5ms",
                    "      h1: {family: ipv4, source: 1.1.1.2, destination: 2.2.2.2, frame_size: 512, rate: 100000pps, "
                    "start: 2ms, stop: 4ms}\n",
                    ""),
      {"R0", "R1"}, "on-traffic",
      [](std::string& conf) { replace_in(conf, "establish-tunnels immediately", "establish-tunnels on-traffic"); });
  RunOptions o;
  const std::string trace = ::testing::TempDir() + "/ike_wire_on_traffic.jsonl";
  o.programming_trace_path = trace;
  const RunResult r = run_ok(parse(text), o);
  EXPECT_TRUE(r.conserved);
  const auto& h1 = r.report.streams.at("h1");
  EXPECT_EQ(h1.tx_packets, 200u);
  EXPECT_GT(h1.rx_packets, 100u);  // the negotiation takes well under 1 ms
  EXPECT_LT(h1.rx_packets, h1.tx_packets);
  const auto& drops = r.report.devices.at("R0").drops;
  ASSERT_TRUE(drops.count("tunnel down"));
  EXPECT_EQ(drops.at("tunnel down"), h1.tx_packets - h1.rx_packets);  // every lost packet by its cause
  EXPECT_EQ(counter(r, "R1", "decrypted"), counter(r, "R0", "encrypted"));
  // Nothing was programmed before the first packet reached st0.0.
  std::ifstream in(trace);
  std::string line;
  uint64_t first_install = 0;
  while (std::getline(in, line))
    if (line.find("install_inbound_sa") != std::string::npos) {
      first_install = std::stoull(line.substr(line.find("\"t_ps\": ") + 8));
      break;
    }
  EXPECT_GT(first_install, 2'000'000'000u);
  EXPECT_LT(first_install, 3'000'000'000u);
}

TEST(IkeWire, ReauthenticationUnderLoadLosesNothing) {
  // 180 s IKE lifetimes with reauth-frequency 1: at each IKE SA's soft
  // lifetime (144-153 s) a new IKE_SA_INIT and IKE_AUTH, new Child SAs, then
  // the old IKE SA's DELETE. 20 kpps through the whole window where the
  // first reauthentication can fall, 1 kpps elsewhere: nothing lost.
  const std::string text = with_edited_configs(
      wire_scenario(
          "330s",
          "      slow: {family: ipv4, source: 1.1.1.3, destination: 2.2.2.2, frame_size: 512, rate: 1000pps, start: "
          "2ms, stop: 329s}\n"
          "      busy: {family: ipv4, source: 1.1.1.2, destination: 2.2.2.2, frame_size: 1400, rate: 20000pps, start: "
          "143s, stop: 154s}\n",
          "expect:\n"
          "  - {device: R0, counter: ike.reauths, \">=\": 2}\n"
          "  - {device: R1, counter: ike.reauths, \"==\": \"R0:ike.reauths\"}\n"
          "  - {device: R0, counter: ike.ike_rekeys, \"==\": 0}\n"
          "  - {device: R0, counter: ike.reauth_failures, \"==\": 0}\n"
          "  - {device: R0, counter: ike.tunnels_up, \"==\": 1}\n"),
      {"R0", "R1"}, "reauth",
      [](std::string& conf) {
        conf += "set security ike proposal ike_prop lifetime-seconds 180\n"
                "set security ike policy ike_policy reauth-frequency 1\n";
      });
  RunOptions o;
  o.timing_only = false;
  expect_nothing_lost(run_ok(parse(text), o), {"busy", "slow"}, 5);
}

}  // namespace
}  // namespace trio6sim::run
