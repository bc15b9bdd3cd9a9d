// run_scenario on scenarios written inline: name errors found before
// anything runs (with FILE:LINE), same-seed reproducibility, the
// timing-only run counting as the cipher run, conservation, and rates read
// exactly over their window.
#include <gtest/gtest.h>

#include <sstream>

#include "inline_scenario.h"
#include "report/run_report.h"

namespace trio6sim::run {
namespace {

const std::string kShows =
    "show:\n"
    "  - {device: R0, command: show security ipsec security-associations, at: 3ms}\n"
    "  - {device: R0, command: show interfaces et-0/1/8.0 extensive |match pps, at: 3ms}\n"
    "  - {device: R0, command: show security ipsec statistics index 500001}\n";

const std::string kExpect =
    "expect:\n"
    "  - {device: R0, counter: interfaces.et-0/1/8.0.input_pps, \"==\": 10000, tolerance: 0, at: 3ms}\n"
    "  - {device: R1, counter: interfaces.et-0/1/8.0.output_pps, \"==\": 10000, tolerance: 0, at: 4ms}\n"
    "  - {device: R1, counter: ipsec.decrypted_packets, \"==\": \"R0:ipsec.encrypted_packets\"}\n"
    "  - {device: R0, counter: ipsec.encrypted_packets, \"==\": 30, tolerance: 0, at: 4500us}\n"
    "  - {device: R0, counter: drops.total, \"==\": 0}\n";

std::string good() { return header() + links() + generators() + kShows + kExpect; }

std::string json_without_wall(RunResult r) {
  r.report.wall_seconds = 0;
  return report::to_json(r.report);
}

std::string show_text(const RunResult& r, const std::string& command) {
  for (const auto& s : r.shows)
    if (s.command == command) return s.text;
  ADD_FAILURE() << "no show output for " << command;
  return {};
}

TEST(RunScenario, UnknownShowCommandIsAnErrorWithItsLine) {
  const std::string t = header() + links() + generators() +
                        "show:\n  - {device: R0, command: show security ipsec statistics}\n"
                        "  - {device: R1, command: show version, at: 2ms}\n" + kExpect;
  const std::string e = run_error(t);
  EXPECT_NE(e.find(where(t, "show version") + ":"), std::string::npos) << e;
  EXPECT_NE(e.find("unsupported show command 'show version'"), std::string::npos) << e;
  EXPECT_NE(e.find("show interfaces extensive INTERFACE"), std::string::npos) << e;
}

TEST(RunScenario, ShowOfAMissingInterfaceIsAnError) {
  const std::string t = header() + links() + generators() +
                        "show:\n  - {device: R0, command: show interfaces extensive et-0/0/9.0 | match pps, at: 2ms}\n" +
                        kExpect;
  const std::string e = run_error(t);
  EXPECT_NE(e.find(where(t, "et-0/0/9.0") + ":"), std::string::npos) << e;
  EXPECT_NE(e.find("R0 has no interface et-0/0/9.0"), std::string::npos) << e;
}

TEST(RunScenario, TypoInAnExpectationCounterIsAnError) {
  const std::string t = header() + links() + generators() + kShows + kExpect +
                        "  - {device: R1, counter: ipsec.encrypted_packet, \">\": 0}\n"
                        "  - {device: R1, counter: interfaces.et-0/1/8.0.input_ppps, \">\": 0}\n";
  const std::string e = run_error(t);
  EXPECT_NE(e.find(where(t, "ipsec.encrypted_packet,") + ": expect: R1 has no counter 'ipsec.encrypted_packet'"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find(where(t, "input_ppps") + ": expect: R1 has no counter 'interfaces.et-0/1/8.0.input_ppps'"),
            std::string::npos)
      << e;
}

TEST(RunScenario, LinkToAnUnconfiguredPortIsAnError) {
  const std::string t = header() + links("et-0/2/11") + generators() + kShows + kExpect;
  const std::string e = run_error(t);
  EXPECT_NE(e.find(where(t, "et-0/2/11") + ":"), std::string::npos) << e;
  EXPECT_NE(e.find("R0 has no configured port et-0/2/11"), std::string::npos) << e;
}

TEST(RunScenario, GeneratorAttachedTwiceIsAnError) {
  const std::string t = header() + links() + generators("R0:et-0/1/8") + kShows + kExpect;
  const std::string e = run_error(t);
  EXPECT_NE(e.find("inline.yaml:"), std::string::npos) << e;
  EXPECT_NE(e.find("R0:et-0/1/8"), std::string::npos) << e;
  EXPECT_NE(e.find("already connected"), std::string::npos) << e;
  // The second generator's line.
  const auto second = t.find("attach: R0:et-0/1/8", t.find("Host2"));
  const std::string line = "inline.yaml:" + std::to_string(1 + std::count(t.begin(), t.begin() + second, '\n'));
  const std::string host2 = "inline.yaml:" + std::to_string(std::count(t.begin(), t.begin() + t.find("Host2"), '\n') + 1);
  EXPECT_TRUE(e.find(line) != std::string::npos || e.find(host2) != std::string::npos) << e;
}

TEST(RunScenario, GoodScenarioPassesAndConserves) {
  const auto spec = parse(good());
  const auto r = run_ok(spec);
  ASSERT_EQ(r.expectations.size(), 5u);
  for (const auto& e : r.expectations) EXPECT_TRUE(e.passed) << e.message;
  EXPECT_TRUE(r.conserved);
  const auto& c = r.report.conservation;
  EXPECT_EQ(c.offered, 60u);  // 30 packets each way (1.5 ms to 4.5 ms at 10,000 pps)
  EXPECT_EQ(c.unaccounted(), 0);
  EXPECT_EQ(c.delivered, 60u);
  EXPECT_EQ(c.dropped, 0u);
  EXPECT_EQ(exit_status(r), 0);
  EXPECT_EQ(r.report.streams.at("host1-host2").rx_packets, 30u);
  EXPECT_EQ(r.report.streams.at("host2-host1").rx_packets, 30u);
}

TEST(RunScenario, RatesAreExactInsideAStream) {
  const auto spec = parse(good());
  const auto r = run_ok(spec);
  ASSERT_GE(r.expectations.size(), 2u);
  // 1 ms windows ending at 3 ms and 4 ms, inside the 1.5..4.5 ms stream.
  EXPECT_EQ(r.expectations[0].actual, 10000.0) << r.expectations[0].message;
  EXPECT_TRUE(r.expectations[0].passed) << r.expectations[0].message;
  EXPECT_EQ(r.expectations[1].actual, 10000.0) << r.expectations[1].message;
  EXPECT_TRUE(r.expectations[1].passed) << r.expectations[1].message;
  // The show at 3 ms reads the same window.
  const std::string pps = show_text(r, "show interfaces et-0/1/8.0 extensive |match pps");
  EXPECT_NE(pps.find("10000 pps"), std::string::npos) << pps;
}

TEST(RunScenario, SameSeedSameReportOtherSeedOtherSpis) {
  const auto spec = parse(good());
  const auto a = run_ok(spec);
  const auto b = run_ok(spec);
  EXPECT_EQ(json_without_wall(a), json_without_wall(b));
  ASSERT_EQ(a.shows.size(), b.shows.size());
  for (std::size_t i = 0; i < a.shows.size(); ++i) EXPECT_EQ(a.shows[i].text, b.shows[i].text) << a.shows[i].command;
  RunOptions other;
  other.seed = 2;
  const auto c = run_ok(spec, other);
  const std::string sas_a = show_text(a, "show security ipsec security-associations");
  const std::string sas_c = show_text(c, "show security ipsec security-associations");
  EXPECT_FALSE(sas_a.empty());
  EXPECT_NE(sas_a, sas_c);
  EXPECT_EQ(c.report.seed, 2u);
  // The traffic does not depend on the SPIs.
  EXPECT_EQ(c.report.conservation.delivered, a.report.conservation.delivered);
}

TEST(RunScenario, TimingOnlyCountsAsTheCipherRun) {
  const auto spec = parse(good());
  const auto cipher = run_ok(spec);
  RunOptions timing;
  timing.timing_only = true;
  const auto t = run_ok(spec, timing);
  EXPECT_EQ(json_without_wall(cipher), json_without_wall(t));
  ASSERT_EQ(cipher.expectations.size(), t.expectations.size());
  for (std::size_t i = 0; i < t.expectations.size(); ++i) {
    EXPECT_EQ(cipher.expectations[i].actual, t.expectations[i].actual) << t.expectations[i].message;
    EXPECT_TRUE(t.expectations[i].passed) << t.expectations[i].message;
  }
  EXPECT_EQ(show_text(cipher, "show security ipsec statistics index 500001"),
            show_text(t, "show security ipsec statistics index 500001"));
}

// A rate is the packets counted in the window before the reading over its
// length: exact inside a stream, whatever the reading's alignment to the
// generator's batches; a window the stream only half covers reads half.
TEST(RunScenario, RateWindows) {
  const std::string gen =
      "generators:\n"
      "  Host1:\n"
      "    attach: R0:et-0/1/8\n"
      "    streams:\n"
      "      a: {family: ipv4, source: 1.1.1.2, destination: 2.2.2.2, frame_size: 512, rate: 10000pps,\n"
      "          start: 1550us, stop: 5ms}\n"
      "  Host2:\n"
      "    attach: R1:et-0/1/8\n"
      "    streams:\n"
      "      b: {family: ipv4, source: 2.2.2.2, destination: 1.1.1.2, frame_size: 512, rate: 10000pps,\n"
      "          start: 1ms, stop: 5ms}\n";
  const std::string ex =
      "expect:\n"
      "  - {device: R0, counter: interfaces.et-0/1/8.0.input_pps, \"==\": 10000, tolerance: 0, at: 3250us}\n"
      "  - {device: R0, counter: interfaces.et-0/1/8.0.input_pps, \"==\": 5000, tolerance: 0, at: 2ms}\n"
      "  - {device: R0, counter: interfaces.et-0/1/8.0.input_pps, \"==\": 10000, tolerance: 0}\n"
      "  - {device: R1, counter: interfaces.et-0/1/8.0.input_pps, \"==\": 10000, tolerance: 0, at: 1999999ns}\n"
      "  - {device: R1, counter: interfaces.et-0/1/8.0.input_pps, \"==\": 10000, tolerance: 0}\n"
      "  - {device: R0, counter: interfaces.et-0/1/8.0.output_pps, \"==\": 10000, tolerance: 0, at: 3ms}\n"
      "  - {device: R0, counter: interfaces.et-0/1/8.0.output_pps, \"==\": 10000, tolerance: 0}\n";
  const auto spec = parse(header() + links() + gen + ex);
  const auto r = run_ok(spec);
  ASSERT_EQ(r.expectations.size(), 7u);
  for (const auto& e : r.expectations) EXPECT_TRUE(e.passed) << e.message;
  EXPECT_EQ(r.expectations[1].actual, 5000.0);
  EXPECT_TRUE(r.conserved);
  EXPECT_EQ(r.report.conservation.offered, 75u);  // 35 + 40
}

TEST(RunScenario, IpsecStatisticsByTunnelIndex) {
  const auto spec = parse(good());
  const auto r = run_ok(spec);
  const std::string s = show_text(r, "show security ipsec statistics index 500001");
  EXPECT_EQ(s.find("no tunnel"), std::string::npos) << s;
  // 30 packets each way through the one tunnel.
  EXPECT_NE(s.find("Encrypted packets:             30\n"), std::string::npos) << s;
  EXPECT_NE(s.find("Decrypted packets:             30\n"), std::string::npos) << s;
}

// --duration shorter than a show's time: an error before the run, as for an
// expectation (the show's output would silently be missing otherwise).
TEST(RunScenario, ShowAfterAShortenedRunIsSkippedWithANote) {
  const std::string t = header() + links() + generators() + kShows;
  const auto spec = parse(t);
  RunOptions shorter;
  shorter.duration_ps = 2'000'000'000;  // 2 ms; the shows are at 3 ms
  const auto r = run_scenario(spec, shorter);
  ASSERT_TRUE(r.has_value()) << r.error();
  // Never silently: each one skipped is a note naming its line.
  bool noted = false;
  for (const auto& n : r->notes)
    noted = noted || n.find(where(t, "show security ipsec security-associations, at: 3ms") +
                            ": show at 3ms is after the end of the run (2ms): skipped") != std::string::npos;
  EXPECT_TRUE(noted);
  for (const auto& s : r->shows) EXPECT_LE(s.at_ps, 2'000'000'000u) << s.command;
  // Without the override the shows run.
  const auto full = run_scenario(spec, RunOptions{});
  ASSERT_TRUE(full.has_value());
  EXPECT_TRUE(full->notes.empty());
  EXPECT_FALSE(full->shows.empty());
}

// A show at the end of the run prints the final packet counts (after the
// drain) but the rate over the run's last window, as the report does: the
// packets still inside the routers at the end are not in that window.
TEST(RunScenario, EndOfRunShowRateIsTheReportsRate) {
  const std::string gen =
      "generators:\n"
      "  Host1:\n"
      "    attach: R0:et-0/1/8\n"
      "    streams:\n"
      "      a: {family: ipv4, source: 1.1.1.2, destination: 2.2.2.2, frame_size: 512, rate: 1mpps,\n"
      "          start: 1500us, stop: 5ms}\n"
      "  Host2:\n"
      "    attach: R1:et-0/1/8\n"
      "    streams:\n"
      "      b: {family: ipv4, source: 2.2.2.2, destination: 1.1.1.2, frame_size: 512, rate: 10000pps,\n"
      "          start: 1500us, stop: 4ms}\n";
  const std::string shows =
      "show:\n"
      "  - {device: R1, command: show interfaces extensive et-0/1/8.0 | match pps}\n"
      "  - {device: R1, command: show interfaces extensive st0.1 | match pps}\n";
  const std::string ex =
      "expect:\n"
      "  - {device: R1, counter: interfaces.et-0/1/8.0.output_pps, \"==\": 1000000, tolerance: 0}\n"
      "  - {device: R1, counter: interfaces.st0.1.input_pps, \"==\": 1000000, tolerance: 0}\n";
  const auto spec = parse(header() + links() + gen + shows + ex);
  const auto r = run_ok(spec);
  for (const auto& e : r.expectations) EXPECT_TRUE(e.passed) << e.message;
  EXPECT_TRUE(r.conserved);
  EXPECT_EQ(r.report.streams.at("a").rx_packets, 3500u);  // all delivered, the drain's too
  const std::string ce = show_text(r, "show interfaces extensive et-0/1/8.0 | match pps");
  EXPECT_NE(ce.find("Output packets:                 3500              1000000 pps"), std::string::npos) << ce;
  const std::string st0 = show_text(r, "show interfaces extensive st0.1 | match pps");
  EXPECT_NE(st0.find("Input  packets:                 3500              1000000 pps"), std::string::npos) << st0;
}

}  // namespace
TEST(RunScenario, TunnelTalliesCountTunnelsThatCarriedTraffic) {
  // Host1's stream only: R0 encrypts and R1 decrypts on the one tunnel, never
  // the other way round.
  std::string text = header() + links() + generators();
  text.erase(text.find("  Host2:"));
  text += "expect:\n"
          "  - {device: R0, counter: tunnels.up, \"==\": 1}\n"
          "  - {device: R0, counter: tunnels.with_encrypted, \"==\": 1}\n"
          "  - {device: R0, counter: tunnels.with_decrypted, \"==\": 0}\n"
          "  - {device: R1, counter: tunnels.with_encrypted, \"==\": 0}\n"
          "  - {device: R1, counter: tunnels.with_decrypted, \"==\": 1}\n"
          "  - {device: R1, counter: tunnels.up, \"==\": 0, at: 500us}\n";
  const auto r = run_ok(parse(text));
  ASSERT_EQ(r.expectations.size(), 6u);
  for (const auto& e : r.expectations) EXPECT_TRUE(e.passed) << e.message;
  EXPECT_NE(run_error(header() + links() + "expect:\n  - {device: R0, counter: tunnels.down, \"==\": 0}\n")
                .find("no counter 'tunnels.down'"),
            std::string::npos);
}

}  // namespace trio6sim::run
