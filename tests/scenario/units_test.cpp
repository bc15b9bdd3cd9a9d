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
