// Every show command a scenario may ask for parses to what the runner
// answers; anything else is an error listing the supported commands.
#include <gtest/gtest.h>

#include "run/show_command.h"

namespace trio6sim::run {
namespace {

ShowCommand parse(const std::string& text) {
  auto c = parse_show_command(text);
  EXPECT_TRUE(c.has_value()) << text << ": " << (c ? "" : c.error());
  return c ? *c : ShowCommand{};
}

TEST(ShowCommand, SecurityAssociations) {
  EXPECT_EQ(parse("show security ike security-associations").kind, ShowKind::kIkeSas);
  auto c = parse("show security ipsec security-associations");
  EXPECT_EQ(c.kind, ShowKind::kIpsecSas);
  EXPECT_FALSE(c.detail);
  c = parse("show security ipsec security-associations detail");
  EXPECT_EQ(c.kind, ShowKind::kIpsecSas);
  EXPECT_TRUE(c.detail);
}

TEST(ShowCommand, IpsecStatistics) {
  auto c = parse("show security ipsec statistics");
  EXPECT_EQ(c.kind, ShowKind::kIpsecStatistics);
  EXPECT_EQ(c.argument, "");
  c = parse("show security ipsec statistics index 500001");
  EXPECT_EQ(c.kind, ShowKind::kIpsecStatistics);
  EXPECT_EQ(c.argument, "500001");
  auto bad = parse_show_command("show security ipsec statistics index st0.1");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().find("tunnel ID"), std::string::npos) << bad.error();
}

TEST(ShowCommand, InterfacePpsEitherOrder) {
  for (const char* text : {"show interfaces extensive et-0/2/10.0 | match pps",
                           "show interfaces et-0/2/10.0 extensive |match pps",
                           "show interfaces extensive et-0/2/10.0|match pps",
                           "show interfaces et-0/2/10.0 extensive | match pps"}) {
    auto c = parse(text);
    EXPECT_EQ(c.kind, ShowKind::kInterfacePps) << text;
    EXPECT_EQ(c.argument, "et-0/2/10.0") << text;
  }
  EXPECT_EQ(parse("show interfaces extensive ae0 | match pps").argument, "ae0");
  EXPECT_EQ(parse("show interfaces st0.1 extensive |match pps").argument, "st0.1");
  // Without the interface it names nothing.
  EXPECT_FALSE(parse_show_command("show interfaces extensive | match pps").has_value());
}

TEST(ShowCommand, InterfacesTerse) { EXPECT_EQ(parse("show interfaces terse").kind, ShowKind::kInterfacesTerse); }

TEST(ShowCommand, Route) {
  auto c = parse("show route 60.1.2.0");
  EXPECT_EQ(c.kind, ShowKind::kRoute);
  EXPECT_EQ(c.argument, "60.1.2.0");
  c = parse("show route 60.1.2.0 extensive");
  EXPECT_EQ(c.kind, ShowKind::kRoute);
  EXPECT_EQ(c.argument, "60.1.2.0 extensive");
  c = parse("show route 3000:60:1:1::1 extensive");
  EXPECT_EQ(c.argument, "3000:60:1:1::1 extensive");
}

TEST(ShowCommand, UnsupportedListsTheSupportedOnes) {
  for (const char* text : {"show version", "show security ipsec sa", "show route 60.1.2.0 detail",
                           "show interfaces extensive ae0", "show interfaces extensive ae0 | match bps", "",
                           "show security ike security-associations detail"}) {
    auto c = parse_show_command(text);
    ASSERT_FALSE(c.has_value()) << text;
    EXPECT_NE(c.error().find("unsupported show command"), std::string::npos) << c.error();
    for (const char* supported :
         {"show security ike security-associations", "show security ipsec security-associations [detail]",
          "show security ipsec statistics [index N]", "show interfaces extensive IFL | match pps",
          "show interfaces terse", "show route ADDRESS [extensive]"})
      EXPECT_NE(c.error().find(supported), std::string::npos) << text << " -> " << c.error();
  }
}

}  // namespace
}  // namespace trio6sim::run
