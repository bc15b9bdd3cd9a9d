// The published tunnel limits on a chip of an MX10000 line card (FPC 2, the
// blog's scale-test chip [I]): 1,000 per PFE, 2,000 per Trio 6 and 2,000 per
// chassis [I, T]. Each over-limit tunnel is refused with its own message, the
// statement (`bind-interface st0.N`) and FILE:LINE.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "junos/commit_check.h"

namespace trio6sim::junos {
namespace {

struct Anchor {
  std::string si;  // "si-2/1/0"
  int count;       // VPNs anchored there
};

constexpr int kHeaderLines = 3;  // the gateway
constexpr int kLinesPerAnchor = 5;
constexpr int kLinesPerVpn = 4;

// One service set per si interface, each with its VPNs (st0 units numbered
// on across the anchors). Line numbers follow from the layout above.
std::string vpns_on(const std::vector<Anchor>& anchors) {
  std::string t =
      "set security ike gateway gw address 13.10.2.2\n"
      "set security ike gateway gw local-address 13.10.1.1\n"
      "set security ike gateway gw version v2-only\n";
  int n = 0;
  for (std::size_t a = 0; a < anchors.size(); ++a) {
    const std::string& si = anchors[a].si;
    const auto slash = si.find('/');
    t += fmt::format(
        "set chassis fpc {1} pic {2} inline-services\n"
        "set interfaces {0} unit 0 service-domain inside\n"
        "set interfaces {0} unit 1 service-domain outside\n"
        "set services service-set ss{3} next-hop-service inside-service-interface {0}.0\n"
        "set services service-set ss{3} next-hop-service outside-service-interface {0}.1\n",
        si, si.substr(3, slash - 3), si.substr(slash + 1, 1), a);
    for (int k = 0; k < anchors[a].count; ++k) {
      ++n;
      t += fmt::format(
          "set interfaces st0 unit {0} family inet\n"
          "set security ipsec vpn v{0} bind-interface st0.{0}\n"
          "set security ipsec vpn v{0} ike gateway gw\n"
          "set services service-set ss{1} ipsec-vpn v{0}\n",
          n, a);
    }
  }
  return t;
}

// The line of the n-th VPN's bind-interface (all anchors before it full).
int bind_line(const std::vector<Anchor>& anchors, int n) {
  int line = kHeaderLines, seen = 0;
  for (const auto& a : anchors) {
    line += kLinesPerAnchor;
    if (n <= seen + a.count) return line + kLinesPerVpn * (n - seen - 1) + 2;
    line += kLinesPerVpn * a.count;
    seen += a.count;
  }
  return -1;
}

std::string refusal(int vpn, const std::string& message, int line) {
  return fmt::format("[edit security ipsec vpn v{0}]\n  'bind-interface st0.{0}'\n    error: {1}\nt.set:{2}\n", vpn,
                     message, line);
}

TEST(ChassisTunnelLimits, AThousandAndFirstTunnelOnOnePfeOfAnFpc2ChipIsRefused) {
  const std::vector<Anchor> ok{{"si-2/1/0", 1000}}, over{{"si-2/1/0", 1001}};
  EXPECT_TRUE(commit_config_text(vpns_on(ok), "t.set").has_value());
  auto r = commit_config_text(vpns_on(over), "t.set");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().find(refusal(1001,
                                   "more than 1000 inline IPsec tunnels on PFE 0 of FPC 2 PIC 1 (service sets "
                                   "anchored on si-2/1/0): 1001 configured",
                                   bind_line(over, 1001))),
            std::string::npos)
      << r.error();
  EXPECT_EQ(r.error().find("on the Trio 6"), std::string::npos) << r.error();
}

TEST(ChassisTunnelLimits, TwoThousandAndFirstTunnelOnAnFpc2ChipIsRefused) {
  // 1,000 on each PFE is the chip's 2,000 [I]; one more on si-2/1/2 passes
  // the PFE, the chip and the chassis limit, each named.
  const std::vector<Anchor> ok{{"si-2/1/0", 1000}, {"si-2/1/2", 1000}};
  const std::vector<Anchor> over{{"si-2/1/0", 1000}, {"si-2/1/2", 1001}};
  EXPECT_TRUE(commit_config_text(vpns_on(ok), "t.set").has_value());
  auto r = commit_config_text(vpns_on(over), "t.set");
  ASSERT_FALSE(r.has_value());
  const int line = bind_line(over, 2001);
  EXPECT_NE(r.error().find(refusal(
                2001, "more than 2000 inline IPsec tunnels on the Trio 6 of FPC 2 PIC 1: 2001 configured", line)),
            std::string::npos)
      << r.error();
  EXPECT_NE(r.error().find("more than 2000 inline IPsec tunnels on the chassis (all chips together): 2001 configured"),
            std::string::npos);
  EXPECT_NE(r.error().find("more than 1000 inline IPsec tunnels on PFE 1 of FPC 2 PIC 1"), std::string::npos);
}

TEST(ChassisTunnelLimits, TwoThousandAndFirstTunnelOnAnotherChipPassesOnlyTheChassisLimit) {
  // [I]: "2,000 Inline IPSec Tunnels per chassis": a second chip does not add
  // room.
  const std::vector<Anchor> over{{"si-2/1/0", 1000}, {"si-2/1/2", 1000}, {"si-2/2/0", 1}};
  auto r = commit_config_text(vpns_on(over), "t.set");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().find(refusal(
                2001, "more than 2000 inline IPsec tunnels on the chassis (all chips together): 2001 configured",
                bind_line(over, 2001))),
            std::string::npos)
      << r.error();
  EXPECT_EQ(r.error().find("on the Trio 6"), std::string::npos);
  EXPECT_EQ(r.error().find("on PFE"), std::string::npos);
}

// A PFE's IPsec engine holds SA pairs: one per traffic selector in TS mode,
// one per P2P VPN. Six VPNs of 200 selectors are 1,200 pairs on the PFE
// (errors/too-many-sa-pairs.conf in commit_check_test.cpp); here the same
// count with a limit of 10, on configurations that show where it crosses.
std::string selector_vpns(const std::vector<std::pair<std::string, int>>& vpns_on_si) {
  std::string t =
      "set security ike gateway gw address 13.10.2.2\n"
      "set security ike gateway gw version v2-only\n"
      "set chassis fpc 2 pic 1 inline-services\n";
  std::set<std::string> anchors;
  int n = 0;
  for (const auto& [si, selectors] : vpns_on_si) {
    if (anchors.insert(si).second)
      t += fmt::format(
          "set interfaces {0} unit 0 service-domain inside\n"
          "set interfaces {0} unit 1 service-domain outside\n"
          "set services service-set ss-{0} next-hop-service inside-service-interface {0}.0\n"
          "set services service-set ss-{0} next-hop-service outside-service-interface {0}.1\n",
          si);
    ++n;
    t += fmt::format(
        "set interfaces st0 unit {0} family inet\n"
        "set security ipsec vpn v{0} bind-interface st0.{0}\n"
        "set security ipsec vpn v{0} ike gateway gw\n"
        "set services service-set ss-{1} ipsec-vpn v{0}\n",
        n, si);
    for (int k = 0; k < selectors; ++k)
      t += fmt::format(
          "set security ipsec vpn v{0} traffic-selector t{1} local-ip 10.{0}.{1}.0/24\n"
          "set security ipsec vpn v{0} traffic-selector t{1} remote-ip 20.{0}.{1}.0/24\n",
          n, k);
  }
  return t;
}

TEST(ChassisTunnelLimits, SaPairsPerPfeCountEveryTrafficSelector) {
  const CommitCheckParams ten{.tunnels_per_pfe = 10};
  // 4 + 4 + 4 selectors: pair 11 is v3's third selector, t2.
  auto config = commit_config_text(selector_vpns({{"si-2/1/0", 4}, {"si-2/1/0", 4}, {"si-2/1/1", 4}}), "t.set");
  ASSERT_TRUE(config.has_value()) << config.error();
  auto errors = commit_check(*config, ten);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].origin.edit_path, "security ipsec vpn v3");
  EXPECT_EQ(errors[0].origin.statement, "traffic-selector t2");
  EXPECT_EQ(errors[0].message,
            "vpn v3 takes PFE 0 of FPC 2 PIC 1 (service sets anchored on si-2/1/0) past 10 IPsec SA pairs: 12 "
            "configured in 3 VPNs (one pair per traffic selector, one per VPN without)");
  EXPECT_EQ(errors[0].origin.where.file, "t.set");
  EXPECT_GT(errors[0].origin.where.line, 0);

  // A P2P VPN is one pair, named at its bind-interface.
  config = commit_config_text(selector_vpns({{"si-2/1/0", 5}, {"si-2/1/0", 5}, {"si-2/1/0", 0}}), "t.set");
  ASSERT_TRUE(config.has_value()) << config.error();
  errors = commit_check(*config, ten);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].origin.statement, "bind-interface st0.3");
  EXPECT_NE(errors[0].message.find("past 10 IPsec SA pairs: 11 configured in 3 VPNs"), std::string::npos)
      << errors[0].message;

  // The other PFE of the chip (si-2/1/2) has an engine of its own.
  config = commit_config_text(selector_vpns({{"si-2/1/0", 6}, {"si-2/1/2", 6}}), "t.set");
  ASSERT_TRUE(config.has_value()) << config.error();
  EXPECT_TRUE(commit_check(*config, ten).empty());
}

TEST(ChassisTunnelLimits, APfePastItsVpnsIsRefusedOnceByTheVpnCount) {
  // P2P VPNs past the PFE's limit: pairs and VPNs cross at the same VPN, and
  // the VPN count's message (unchanged) is the one given.
  auto config = commit_config_text(selector_vpns(std::vector<std::pair<std::string, int>>(11, {"si-2/1/0", 0})), "t.set");
  ASSERT_TRUE(config.has_value()) << config.error();
  const auto errors = commit_check(*config, CommitCheckParams{.tunnels_per_pfe = 10});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message,
            "more than 10 inline IPsec tunnels on PFE 0 of FPC 2 PIC 1 (service sets anchored on si-2/1/0): 11 "
            "configured");
}

TEST(ChassisTunnelLimits, TheChassisLimitIsAParameter) {
  const auto config = commit_config_text(vpns_on({{"si-2/1/0", 2}, {"si-2/2/0", 1}}), "t.set");
  ASSERT_TRUE(config.has_value());
  EXPECT_TRUE(commit_check(*config, CommitCheckParams{.tunnels_per_chassis = 3}).empty());
  const auto errors = commit_check(*config, CommitCheckParams{.tunnels_per_chassis = 2});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].origin.statement, "bind-interface st0.3");
}

}  // namespace
}  // namespace trio6sim::junos
