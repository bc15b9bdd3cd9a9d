#include <gtest/gtest.h>

#include "report/expectations.h"
#include "scenario/scenario_loader.h"

namespace trio6sim::report {
namespace {

scenario::ScenarioSpec spec_with(const std::string& expect) {
  const std::string text = "scenario: t\nduration: 10ms\ndevices:\n  PE1: {platform: mx304, config_text: x}\n"
                           "  PE2: {platform: mx304, config_text: x}\nexpect:\n" + expect;
  auto s = scenario::parse_scenario(text, "t.yaml", ".");
  EXPECT_TRUE(s.has_value()) << s.error();
  return *s;
}

std::optional<double> counters(const std::string& device, const std::string& counter, std::optional<uint64_t> at) {
  if (device == "PE1" && counter == "interfaces.st0.1.output_pps") return at ? 9950.0 : 20000.0;
  if (device == "PE1" && counter == "ipsec.encrypted_packets") return 1000.0;
  if (device == "PE2" && counter == "ipsec.decrypted_packets") return 999.0;
  return std::nullopt;
}

TEST(Expectations, ToleranceComparisonsAndTimes) {
  const auto s = spec_with(
      "  - {device: PE1, counter: interfaces.st0.1.output_pps, \"==\": 10000, tolerance: 1%, at: 5ms}\n"
      "  - {device: PE1, counter: interfaces.st0.1.output_pps, \"==\": 10000, tolerance: 1%}\n"
      "  - {device: PE2, counter: ipsec.decrypted_packets, \"==\": \"PE1:ipsec.encrypted_packets\"}\n"
      "  - {device: PE2, counter: ipsec.decrypted_packets, ge: \"PE1:ipsec.encrypted_packets\", tolerance: 0.5%}\n"
      "  - {device: PE2, counter: no.such, \"==\": 0}\n");
  const auto r = check_expectations(s.expectations, counters);
  ASSERT_EQ(r.size(), 5u);
  EXPECT_TRUE(r[0].passed) << r[0].message;   // 9950 within 1% of 10000
  EXPECT_FALSE(r[1].passed) << r[1].message;  // 20000 at the end
  EXPECT_FALSE(r[2].passed) << r[2].message;  // 999 != 1000
  EXPECT_TRUE(r[3].passed) << r[3].message;   // 999 >= 1000 - 0.5%
  EXPECT_FALSE(r[4].passed);
  EXPECT_EQ(r[4].message, "t.yaml:11: PE2 has no counter 'no.such'");
  EXPECT_EQ(r[0].message, "t.yaml:7: PE1 interfaces.st0.1.output_pps at 5ms = 9950, expected == 10000 (+-1%): ok");
  EXPECT_EQ(r[2].message,
            "t.yaml:9: PE2 ipsec.decrypted_packets = 999, expected == PE1:ipsec.encrypted_packets (1000): FAILED");
}

}  // namespace
}  // namespace trio6sim::report
