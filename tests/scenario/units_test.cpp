#include <gtest/gtest.h>

#include "scenario/units.h"

namespace trio6sim::scenario {
namespace {

TEST(Units, Durations) {
  EXPECT_EQ(parse_duration_ps("200us").value(), 200'000'000u);
  EXPECT_EQ(parse_duration_ps("1.5ms").value(), 1'500'000'000u);
  EXPECT_EQ(parse_duration_ps("500ns").value(), 500'000u);
  EXPECT_EQ(parse_duration_ps("2s").value(), 2'000'000'000'000u);
  EXPECT_EQ(parse_duration_ps("7ps").value(), 7u);
  EXPECT_FALSE(parse_duration_ps("200").has_value());
  EXPECT_FALSE(parse_duration_ps("fast").has_value());
  EXPECT_FALSE(parse_duration_ps("-1us").has_value());
  EXPECT_NE(parse_duration_ps("3 weeks").error().find("ps, ns, us, ms, s"), std::string::npos);
  EXPECT_EQ(format_duration(200'000'000), "200us");
  EXPECT_EQ(format_duration(1'500'000'000), "1500us");
  EXPECT_EQ(format_duration(12), "12ps");
}

TEST(Units, DurationsStopAtTheDocumentedMaximum) {
  EXPECT_EQ(parse_duration_ps("1000000s").value(), kMaxDurationPs);
  EXPECT_EQ(parse_duration_ps("1e18ps").value(), kMaxDurationPs);
  EXPECT_EQ(parse_duration_ps("86400s").value(), 86'400'000'000'000'000u);  // a day: the soak
  // 1e9 s is 1e21 ps: past a uint64_t (about 1.8e7 s), never wrapped.
  EXPECT_NE(parse_duration_ps("1e9s").error().find("longer than the maximum of 1000000s"), std::string::npos);
  EXPECT_FALSE(parse_duration_ps("1000000.000000000001s").has_value());
  EXPECT_FALSE(parse_duration_ps("1e300s").has_value());
  EXPECT_FALSE(parse_duration_ps("18446744073709551616ps").has_value());  // 2^64: never wrapped
}

TEST(Units, DurationsAreWholePicoseconds) {
  EXPECT_EQ(parse_duration_ps("0.1us").value(), 100'000u);  // not exact in binary, still 100000 ps
  EXPECT_EQ(parse_duration_ps("0.001ns").value(), 1u);
  EXPECT_NE(parse_duration_ps("1.5ps").error().find("not a whole number of picoseconds"), std::string::npos);
  EXPECT_FALSE(parse_duration_ps("0.0005ns").has_value());
  EXPECT_FALSE(parse_duration_ps("1.0000000000001ms").has_value());
}

TEST(Units, DurationsAreReadExactlyAtAnyLength) {
  // Past 2^53 ps (about 2.5 hours) a double has no picoseconds left: the
  // digits are read as integers instead.
  EXPECT_EQ(parse_duration_ps("86399.999999999999s").value(), 86'399'999'999'999'999u);
  EXPECT_EQ(parse_duration_ps("999999.999999999999s").value(), 999'999'999'999'999'999u);
  EXPECT_NE(parse_duration_ps("86399.9999999999995s").error().find("not a whole number of picoseconds"),
            std::string::npos);
  EXPECT_EQ(parse_duration_ps("145.563s").value(), 145'563'000'000'000u);
  EXPECT_EQ(parse_duration_ps("0.000000000001s").value(), 1u);
  EXPECT_EQ(parse_duration_ps("1.5e3us").value(), 1'500'000'000u);
  EXPECT_EQ(parse_duration_ps("2500e-3ns").value(), 2'500u);
  EXPECT_EQ(parse_duration_ps("0s").value(), 0u);
  EXPECT_EQ(parse_duration_ps(" 7 us ").value(), 7'000'000u);
  for (const char* bad : {".", "e5s", "1e", "1.2.3s", "1es", "+1s", "0x10s", "1e-s"})
    EXPECT_FALSE(parse_duration_ps(bad).has_value()) << bad;
}

TEST(Units, Rates) {
  EXPECT_DOUBLE_EQ(parse_rate("400g").value().bits_per_second, 400e9);
  EXPECT_DOUBLE_EQ(parse_rate("10Gbps").value().bits_per_second, 10e9);
  EXPECT_DOUBLE_EQ(parse_rate("100m").value().bits_per_second, 100e6);
  EXPECT_DOUBLE_EQ(parse_rate("10000pps").value().packets_per_second, 10000);
  EXPECT_DOUBLE_EQ(parse_rate("1.2mpps").value().packets_per_second, 1.2e6);
  EXPECT_EQ(parse_rate("10000pps").value().bits_per_second, 0);
  EXPECT_FALSE(parse_rate("lots").has_value());
  EXPECT_FALSE(parse_rate("5x").has_value());
}

}  // namespace
}  // namespace trio6sim::scenario

namespace trio6sim::scenario {
namespace {

TEST(Units, DecimalsAsTyped) {
  EXPECT_EQ(format_decimal(2), "2");
  EXPECT_EQ(format_decimal(0.5), "0.5");
  EXPECT_EQ(format_decimal(1150), "1150");
  EXPECT_EQ(format_decimal(0.0000001), "0.0000001");
  EXPECT_EQ(format_decimal(1e20), "100000000000000000000");
  EXPECT_EQ(format_decimal(1e-27), "0.000000000000000000000000001");
}

}  // namespace
}  // namespace trio6sim::scenario
