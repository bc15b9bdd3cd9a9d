// An expectation's `scales: true|false` (docs/scenarios.md, Expectations):
// read as given, absent when not written, and refused with its line when it
// is not a boolean or when the comparison is with another counter.
#include <gtest/gtest.h>

#include "scenario/scenario_loader.h"

namespace trio6sim::scenario {
namespace {

const std::string kScenario = R"(scenario: tiny
duration: 1ms
devices:
  R1: {platform: mx304, lmics: [0], config_text: "system { host-name R1; }"}
generators:
  G:
    attach: R1:et-0/0/1
    streams:
      s1: {family: ipv4, source: 10.0.0.1, destination: 20.0.0.1, frame_size: 64, rate: 1mpps}
expect:
)";

Expected<ScenarioSpec, std::string> with_expectations(const std::string& lines) {
  return parse_scenario(kScenario + lines, "t.yaml", ".");
}

TEST(ExpectationScales, ReadAsWrittenAndAbsentByDefault) {
  auto s = with_expectations("  - {device: R1, counter: interfaces.et-0/0/1.0.input_pps, \"==\": 10}\n"
                             "  - {device: R1, counter: interfaces.et-0/0/1.0.input_pps, \"==\": 10, scales: false}\n"
                             "  - {device: R1, counter: drops.total, \"==\": 0, scales: true}\n");
  ASSERT_TRUE(s.has_value()) << s.error();
  ASSERT_EQ(s->expectations.size(), 3u);
  EXPECT_FALSE(s->expectations[0].scales.has_value());
  EXPECT_EQ(s->expectations[1].scales, std::optional<bool>(false));
  EXPECT_EQ(s->expectations[2].scales, std::optional<bool>(true));
  EXPECT_EQ(s->expectations[0].scaled_by, 1);  // only run --scale-rates changes it
}

TEST(ExpectationScales, NotABooleanIsAnErrorWithItsLine) {
  auto s = with_expectations("  - {device: R1, counter: drops.total, \"==\": 0, scales: yes please}\n");
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().find("t.yaml:11"), std::string::npos) << s.error();
  EXPECT_NE(s.error().find("scales"), std::string::npos) << s.error();
  EXPECT_NE(s.error().find("expected true or false"), std::string::npos) << s.error();
}

TEST(ExpectationScales, AgainstAnotherCounterIsAnError) {
  auto s = with_expectations("  - {device: R1, counter: ipsec.decrypted_packets, \"==\": \"R1:ipsec.encrypted_packets\", "
                             "scales: true}\n");
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().find("t.yaml:11"), std::string::npos) << s.error();
  EXPECT_NE(s.error().find("applies to a number, not to DEVICE:COUNTER (R1:ipsec.encrypted_packets)"), std::string::npos)
      << s.error();
}

}  // namespace
}  // namespace trio6sim::scenario
