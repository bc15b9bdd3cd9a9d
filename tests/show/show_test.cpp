// The Junos formatters against the blog's own output (golden.h), line for
// line. Lines are compared without trailing spaces: the web copy of the blog
// keeps some and drops others.
#include <gtest/gtest.h>

#include <sstream>

#include "golden.h"
#include "show/show_interfaces.h"
#include "show/show_ipsec.h"
#include "show/show_route.h"

namespace trio6sim::show {
namespace {

std::vector<std::string> trimmed_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out.push_back(line);
  }
  return out;
}

void expect_same(const std::string& got, const char* golden) {
  EXPECT_EQ(trimmed_lines(got), trimmed_lines(golden)) << "got:\n" << got << "expected:\n" << golden;
}

TEST(ShowIpsec, StatisticsMatchTheBlogPe1) {
  crypto::IpsecStatistics s;
  s.encrypted_bytes = 19718998;
  s.encrypted_packets = 39917;
  expect_same(ipsec_statistics(s), golden::kPe1IpsecStatistics);
}

TEST(ShowIpsec, ErrorCountersAppearInTheirPlaces) {
  crypto::IpsecStatistics s;
  s.replay_errors = 1;
  s.esp_authentication_failures = 2;
  s.esp_decryption_failures = 3;
  s.bad_headers = 4;
  s.bad_trailers = 5;
  const std::string out = ipsec_statistics(s);
  EXPECT_NE(out.find("  AH authentication failures: 0, Replay errors: 1\n"), std::string::npos);
  EXPECT_NE(out.find("  ESP authentication failures: 2, ESP decryption failures: 3\n"), std::string::npos);
  EXPECT_NE(out.find("  Bad headers: 4, Bad trailers: 5\n"), std::string::npos);
}

TEST(ShowIpsec, IkeSecurityAssociationsMatchTheBlog) {
  expect_same(ike_security_associations({{75, true, 0xe0b71d9e1c29c324ull, 0x1ace68c4dcfa427bull, "13.10.2.2"}}),
              golden::kPe1IkeSas);
}

IpsecTunnelView blog_tunnel() {
  IpsecTunnelView t;
  t.id = 500011;
  t.vpn_name = "ipsec_vpn";
  t.local_gateway = "13.10.1.1";
  t.remote_gateway = "13.10.2.2";
  t.key_bits = 256;
  t.copy_outer_dscp = true;
  t.bind_interface = "st0.1";
  t.policy_name = "ipsec_policy";
  t.fpc = 0;
  t.pic = 1;
  t.distribution_profile = "si-0/1/0";
  t.replay_window = 4096;
  t.esn = true;
  t.ike_sa_index = 75;
  t.inbound = {0x6d0c6331, 1222, 12};
  t.outbound = {0xe1ed7345, 1222, 12};
  return t;
}

TEST(ShowIpsec, IpsecSecurityAssociationsMatchTheBlog) {
  expect_same(ipsec_security_associations({blog_tunnel()}), golden::kPe1IpsecSas);
}

TEST(ShowIpsec, DetailMatchesTheBlogsShape) {
  auto t = blog_tunnel();
  t.inbound = {0x3160cdce, 715, 12};
  const auto got = trimmed_lines(ipsec_security_associations_detail({t}));
  const auto head = trimmed_lines(golden::kPe1DetailHead);
  ASSERT_GE(got.size(), head.size());
  // The head, up to the tunnel events (whose history the simulation has its own of).
  for (std::size_t i = 0; i < head.size() && head[i] != "  Tunnel events:"; ++i) EXPECT_EQ(got[i], head[i]);
  const auto inbound = trimmed_lines(golden::kPe1DetailInbound);
  auto at = std::find(got.begin(), got.end(), inbound.front());
  ASSERT_NE(at, got.end());
  for (std::size_t i = 0; i < inbound.size(); ++i) EXPECT_EQ(*(at + static_cast<long>(i)), inbound[i]);
}

TEST(ShowInterfaces, LogicalUnitsMatchTheBlog) {
  expect_same(extensive_pps_logical({160002, 0, 10000, 0}, {160002, 0, 10000, 0}, false), golden::kPe1Et0210);
  expect_same(extensive_pps_logical({4900014, 0, 10004, 0}, {4900014, 0, 10004, 0}, true), golden::kPe1Si0);
  expect_same(extensive_pps_logical({264495210, 1955, 10005, 0}, {264495210, 1955, 10005, 0}, true), golden::kPe2St0);
}

TEST(ShowInterfaces, AggregateMatchesTheBlog) {
  expect_same(extensive_pps_physical({1530, 5421597, 2, 10006}), golden::kPe1Ae0);
}

TEST(ShowInterfaces, TerseMatchesTheBlogsSiAndSt0Lines) {
  const std::string out = interfaces_terse({{"st0", true, true, {}}, {"st0.1", true, true, {{"inet", {}}}}});
  EXPECT_EQ(trimmed_lines(out),
            (std::vector<std::string>{"Interface               Admin Link Proto    Local                 Remote",
                                      "st0                     up    up", "st0.1                   up    up   inet"}));
  const std::string lo = interfaces_terse({{"lo0.0", true, true, {{"inet", {"12.1.1.1"}}, {"inet6", {"2002:12:1:1::1"}}}}});
  EXPECT_NE(lo.find("lo0.0                   up    up   inet     12.1.1.1\n"), std::string::npos);
  EXPECT_NE(lo.find("\n                                   inet6    2002:12:1:1::1\n"), std::string::npos);
}

}  // namespace
}  // namespace trio6sim::show

namespace trio6sim::show {
namespace {

TEST(ShowRoute, StaticOverIsisMatchesTheBlog) {
  RouteView r{"12.1.1.2/32",
              {{"Static", 5, true, 2 * 3600 + 29 * 60 + 23, std::nullopt, std::nullopt, "", "", {"via st0.1"}},
               {"IS-IS", 18, false, 2 * 3600 + 29 * 60 + 26, 20, std::nullopt, "", "", {"to 13.10.1.2 via ae0.0"}}}};
  expect_same(route({"inet.0", 227, 228, 227}, {r}), golden::kPe1Route12);
}

TEST(ShowRoute, BgpRoutesMatchTheBlog) {
  RouteView v4{"60.1.1.0/24", {{"BGP", 170, true, 2 * 3600 + 28 * 60 + 19, std::nullopt, 100, "12.1.1.2", "20002 I", {"via st0.1"}}}};
  expect_same(route({"inet.0", 227, 228, 227}, {v4}), golden::kPe1Route60);
  RouteView v6{"3000:60:1:1::/64",
               {{"BGP", 170, true, 3 * 86400 + 16 * 3600 + 31 * 60 + 6, std::nullopt, 100, "12.1.1.2", "20002 I",
                 {"via st0.1, Push 17"}}}};
  expect_same(route({"inet6.0", 209, 209, 209}, {v6}), golden::kPe1Route3000);
}

}  // namespace
}  // namespace trio6sim::show
