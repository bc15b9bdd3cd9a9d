// run --scale-rates (run/rate_scale.h) and the load part of the report
// (run/load_report.h): what scales and what does not, the line-rate check
// naming the option, and a port that saturates named with its drops where
// they happened.
#include <gtest/gtest.h>

#include <fmt/core.h>
#include <numeric>
#include <set>

#include "inline_scenario.h"
#include "models/drop_place.h"
#include "report/run_report.h"
#include "run/rate_scale.h"

namespace trio6sim::run {
namespace {

// One MX304 (LMIC 0): a generator into et-0/0/0 (400G here), traffic to
// 10.0.1.0/24 out of et-0/0/4 (100G) into a sink, unless `sink` is false
// (then et-0/0/4's cable goes nowhere).
std::string one_router(const std::string& streams, const std::string& extra = "", bool sink = true) {
  return "scenario: load\n"
         "duration: 200us\n"
         "warmup: 20us\n"
         "rate_window: 50us\n"
         "parameters: {port_group.port_gbps: \"[400, 0, 0, 0, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, "
         "100]\", slice.buffer_bytes: 200000}\n" +
         kOneRouterIn +
         "      a: {family: ipv4, source: 10.0.0.2, destination: 10.0.1.5, " +
         streams + "}\n" + (sink ? "  Out:\n    attach: R1:et-0/0/4\n    streams: {}\n" : "") + extra;
}

RunOptions scaled(double x) {
  RunOptions o;
  o.scale_rates = x;
  return o;
}

TEST(ScaleRates, PlainDecimalsAboveZeroOnly) {
  EXPECT_EQ(parse_scale("2"), 2.0);
  EXPECT_EQ(parse_scale("0.5"), 0.5);
  EXPECT_EQ(parse_scale("10000"), 10000.0);
  EXPECT_EQ(parse_scale(".25"), 0.25);
  for (const char* bad : {"", "0", "0.0", "-1", "+2", "1e3", "inf", "nan", "0x10", "2x", "1.2.3", ".", " 2"})
    EXPECT_FALSE(parse_scale(bad).has_value()) << bad;
}

TEST(ScaleRates, RatesAndTrafficScaleFaultsStayFixed) {
  for (const char* c : {"interfaces.st0.1.output_pps", "interfaces.et-0/0/0.0.input_packets",
                        "interfaces.ae0.output_bytes", "ipsec.encrypted_packets", "ipsec.decrypted_bytes",
                        "chassis_fabric.total"})
    EXPECT_TRUE(scales_by_default(c)) << c;
  for (const char* c : {"drops.total", "drops.buffer full", "ipsec.replay_errors", "ipsec.esp_authentication_failures",
                        "ipsec.bad_headers"})
    EXPECT_FALSE(scales_by_default(c)) << c;
}

TEST(ScaleRates, StreamsAndScalingExpectationsAreMultiplied) {
  const auto spec = parse(one_router("frame_size: 512, rate: 1mpps", R"(  More:
    attach: R1:et-0/0/5
    streams:
      b: {family: ipv4, source: 10.0.0.2, destination: 10.0.1.5, frame_size: imix, rate: 2g}
expect:
  - {device: R1, counter: interfaces.et-0/0/0.0.input_pps, "==": 1000000}
  - {device: R1, counter: interfaces.et-0/0/0.0.input_pps, "==": 7, scales: false}
  - {device: R1, counter: drops.total, "==": 3}
  - {device: R1, counter: drops.total, "==": 3, scales: true}
  - {device: R1, counter: interfaces.et-0/0/4.0.output_packets, "==": "R1:interfaces.et-0/0/0.0.input_packets"}
)"));
  ASSERT_EQ(spec.generators.size(), 3u);
  const auto scaled = scale_rates(spec, 2.5);
  ASSERT_TRUE(scaled.has_value()) << scaled.error();
  const auto& s = *scaled;
  EXPECT_EQ(s.generators[0].streams[0].rate.packets_per_second, 2.5e6);
  EXPECT_EQ(s.generators[2].streams[0].rate.bits_per_second, 5e9);  // IMIX at a bit rate
  ASSERT_EQ(s.expectations.size(), 5u);
  EXPECT_EQ(*s.expectations[0].value, 2.5e6);
  EXPECT_EQ(s.expectations[0].scaled_by, 2.5);
  EXPECT_EQ(s.expectations[0].value_as_written, 1e6);
  EXPECT_EQ(*s.expectations[1].value, 7);
  EXPECT_EQ(*s.expectations[2].value, 3);
  EXPECT_EQ(s.expectations[2].scaled_by, 1);
  EXPECT_EQ(*s.expectations[3].value, 7.5);
  EXPECT_FALSE(s.expectations[4].value.has_value());
  EXPECT_EQ(s.expectations[4].scaled_by, 1);
}

TEST(ScaleRates, RatesAGeneratorCannotSendAreRefused) {
  const std::string text = one_router("frame_size: 512, rate: 1mpps");
  auto r = run_scenario(parse(text), scaled(0.0000001));  // 0.1 pps
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().find("--scale-rates 0.0000001: stream a (" + where(text, "a: {") +
                           ") would send 0.1 pps, outside the rates a generator can send, 1 pps to 100 gpps"),
            std::string::npos)
      << r.error();
  EXPECT_TRUE(run_scenario(parse(text), scaled(0.000001)).has_value());  // 1 pps
}

TEST(ScaleRates, TheLineRateCheckSaysTheOptionPutThemThere) {
  const std::string text = one_router("frame_size: 1500, rate: 60g");
  // 60g fits et-0/0/0's 400G; times 8 it does not.
  auto r = run_scenario(parse(text), scaled(8));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().find(where(text, "attach: R1:et-0/0/0") + ": generator In: a (" + where(text, "a: {") +
                           ": 480 Gbps) offer 480 Gbps into R1:et-0/0/0"),
            std::string::npos)
      << r.error();
  EXPECT_NE(r.error().find("above its line rate of 400 Gbps"), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("--scale-rates 8 put them there (the file's rates offer 60 Gbps, at most about "
                           "--scale-rates 6.66"),
            std::string::npos)
      << r.error();
}

TEST(ScaleRates, ExpectationsFollowAndSaySo) {
  // 200 us at 1 Mpps from 0: 200 packets in; times 2, 400.
  const auto spec = parse(one_router("frame_size: 512, rate: 1mpps", R"(expect:
  - {device: R1, counter: interfaces.et-0/0/0.0.input_packets, "==": 200, tolerance: 1%}
  - {device: R1, counter: drops.total, "==": 0}
)"));
  const auto r = run_ok(spec, scaled(2));
  ASSERT_EQ(r.expectations.size(), 2u);
  EXPECT_TRUE(r.expectations[0].passed) << r.expectations[0].message;
  EXPECT_NE(r.expectations[0].message.find("expected == 400 (200 x --scale-rates 2)"), std::string::npos)
      << r.expectations[0].message;
  EXPECT_TRUE(r.expectations[1].passed) << r.expectations[1].message;
  EXPECT_EQ(r.report.scale_rates, 2);
  EXPECT_NE(report::to_json(r.report).find("\"scale_rates\": 2"), std::string::npos);
  EXPECT_EQ(report::to_json(run_ok(spec).report).find("scale_rates"), std::string::npos);  // 1: not written
}

TEST(LoadReport, NothingSaturatedAtLowLoad) {
  const auto r = run_ok(parse(one_router("frame_size: 512, rate: 1mpps")));
  const auto& d = r.report.devices.at("R1");
  EXPECT_TRUE(d.saturated.empty());
  EXPECT_TRUE(d.drops_by_place.empty());
  // 1 Mpps of 512 B frames (532 B of L1) is 4.3 Gbps: 4.3% of the 100G port.
  EXPECT_NEAR(d.utilization.at("et-0/0/4 egress"), 0.0426, 0.003);
  EXPECT_NEAR(d.peak_utilization.at("et-0/0/4 egress"), 0.0426, 0.003);
  EXPECT_TRUE(d.utilization.contains("lmic0.pfe0.lookup.threads"));
  EXPECT_NE(report::to_text(r.report).find("  saturated: nothing\n"), std::string::npos);
}

TEST(LoadReport, AnOverloadedPortIsNamedWithItsDrops) {
  // 300G of 1500 B frames into a 100G port: the egress line runs full and
  // the slice's (small, 200 kB) buffer overflows there.
  const auto r = run_ok(parse(one_router("frame_size: 1500, rate: 300g")));
  const auto& d = r.report.devices.at("R1");
  ASSERT_FALSE(d.saturated.empty());
  EXPECT_EQ(d.saturated[0].place, "et-0/0/4 egress");
  EXPECT_GT(d.saturated[0].utilization, 0.95);
  EXPECT_GT(d.saturated[0].peak_utilization, 0.97);
  const uint64_t buffer_full = d.drops.at("buffer full");
  EXPECT_GT(buffer_full, 0u);
  EXPECT_EQ(d.saturated[0].overflow_drops, buffer_full);
  EXPECT_EQ(d.drops_by_place.at("et-0/0/4 egress").at("buffer full"), buffer_full);
  // Every drop has a place: by place they sum to the drops by cause.
  std::map<std::string, uint64_t> by_cause;
  for (const auto& [place, causes] : d.drops_by_place)
    for (const auto& [cause, n] : causes) by_cause[cause] += n;
  EXPECT_EQ(by_cause, d.drops);
  const std::string text = report::to_text(r.report);
  EXPECT_NE(text.find("  saturated first: et-0/0/4 egress: busy "), std::string::npos) << text;
  EXPECT_NE(text.find("dropped as its queue overflowed"), std::string::npos) << text;
  EXPECT_NE(text.find(fmt::format("  drop at et-0/0/4 egress: buffer full {}\n", buffer_full)), std::string::npos)
      << text;
  const std::string json = report::to_json(r.report);
  for (const char* key : {"\"utilization\"", "\"peak_utilization\"", "\"saturated\"", "\"drops_by_place\"",
                          "\"overflow_drops\"", "\"et-0/0/4 egress\""})
    EXPECT_NE(json.find(key), std::string::npos) << key;
}

TEST(LoadReport, APortWithoutACableDropsAtThatPort) {
  const auto r = run_ok(parse(one_router("frame_size: 512, rate: 1mpps", "", false)));
  const auto& d = r.report.devices.at("R1");
  EXPECT_EQ(d.drops_by_place.at("et-0/0/4 egress").at("port not connected"), d.drops.at("port not connected"));
  EXPECT_TRUE(d.saturated.empty());  // a cable going nowhere is not a full queue
}

TEST(DropPlace, EveryPlaceHasItsOwnNameMatchingTheUtilizationNames) {
  using models::DropPlace;
  EXPECT_EQ(DropPlace::name(DropPlace::port_ingress(3).id()), "port3.ingress");
  EXPECT_EQ(DropPlace::name(DropPlace::port_egress(15).id()), "port15.egress");
  EXPECT_EQ(DropPlace::name(DropPlace::lookup(1).id()), "pfe1.lookup");
  EXPECT_EQ(DropPlace::name(DropPlace::lookup_queue(0).id()), "pfe0.lookup.threads");
  EXPECT_EQ(DropPlace::name(DropPlace::mqss(1).id()), "pfe1.mqss");
  EXPECT_EQ(DropPlace::name(DropPlace::ipsec_engine(1).id()), "pfe1.ipsec_engine");
  EXPECT_EQ(DropPlace::name(DropPlace::ipsec_loopback(0).id()), "pfe0.pg0.ipsec_loopback");
  EXPECT_EQ(DropPlace::name(DropPlace::si(0).id()), "pfe0.si-F/P/0");
  EXPECT_EQ(DropPlace::name(DropPlace::si(3).id()), "pfe1.si-F/P/3");
  EXPECT_EQ(DropPlace::name(DropPlace::fabric(1).id()), "fabric.to_pfe1");
  EXPECT_EQ(DropPlace::name(DropPlace::unnamed().id()), "chip");
  std::set<std::string> names;
  for (std::size_t id = 0; id < DropPlace::kCount; ++id) names.insert(DropPlace::name(id));
  EXPECT_EQ(names.size(), DropPlace::kCount);
}

}  // namespace
}  // namespace trio6sim::run
