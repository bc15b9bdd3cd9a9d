// Traffic selectors: modeled (no "not modeled" warning), and the commit
// refuses what Junos refuses or the model cannot do, naming the statement
// and its line: a selector without local-ip or remote-ip, mixed address
// families, remote-ip 0.0.0.0/0, two VPNs on one st0 unit, one remote-ip in
// two VPNs, more than 200 selectors in a VPN.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include "junos/commit_check.h"
#include "junos/statement_check.h"
#include "junos_test_util.h"

namespace trio6sim::junos {
namespace {

const std::string kR0 = test::scenario_path("ts-mode/R0.conf");

std::string with(const std::string& from, const std::string& to) {
  std::string text = test::read_text(kR0);
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// The line of `needle` in `text` (1-based), 0 if absent.
int line_in(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  if (at == std::string::npos) return 0;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

std::vector<CommitError> errors_of(const std::string& text) { return commit_check(test::load_model_text(text)); }

TEST(TrafficSelectorCheck, TheScenarioConfigCommitsWithSelectorsModeled) {
  const DeviceConfig c = test::load_model_file(kR0);
  EXPECT_TRUE(commit_check(c).empty());
  for (const auto& s : c.not_modeled()) EXPECT_EQ(s.find("traffic-selector"), std::string::npos) << s;
  ASSERT_TRUE(c.ipsec_vpn("ipsec_vpn_v6_srv6"));
  EXPECT_EQ(c.ipsec_vpn("ipsec_vpn_v6_srv6")->traffic_selectors.at(0).local_ip, IpPrefix::parse("3000:50:1::/48"));
}

struct Case {
  const char* name;
  const char* from;
  const char* to;
  const char* statement;   // the statement the error names
  const char* message;     // a part of its message
  const char* line_text;   // the error's line holds this (after the change)
};

const Case kCases[] = {
    {"no remote-ip", "                remote-ip 60.1.0.0/16;\n", "", "traffic-selector ts1",
     "traffic-selector ts1: remote-ip is mandatory", "traffic-selector ts1 {"},
    {"no local-ip", "                local-ip 3000:50:1::/48;\n", "", "traffic-selector ts2",
     "traffic-selector ts2: local-ip is mandatory", "traffic-selector ts2 {"},
    {"mixed families", "remote-ip 60.1.0.0/16;", "remote-ip 3000:60:1::/48;", "remote-ip 3000:60:1::/48",
     "local-ip 50.1.0.0/16 and remote-ip 3000:60:1::/48 are of different address families",
     "remote-ip 3000:60:1::/48;\n            }\n            establish"},
    {"default remote", "remote-ip 60.1.0.0/16;", "remote-ip 0.0.0.0/0;", "remote-ip 0.0.0.0/0",
     "remote-ip 0.0.0.0/0 is not supported for a site-to-site VPN", "remote-ip 0.0.0.0/0;"},
    {"same remote twice", "local-ip 3000:50:1::/48;\n                remote-ip 3000:60:1::/48;",
     "local-ip 50.2.0.0/16;\n                remote-ip 60.1.0.0/16;", "remote-ip 60.1.0.0/16",
     "remote-ip 60.1.0.0/16 is also vpn ipsec_vpn_v4_srv6 traffic-selector ts1's", "local-ip 50.2.0.0/16;"},
    {"shared st0 unit", "bind-interface st0.2;", "bind-interface st0.1;", "bind-interface st0.1",
     "st0.1 is bound by 2 VPNs: a VPN with traffic selectors needs an st0 unit of its own", "bind-interface st0.1;"},
};

TEST(TrafficSelectorCheck, RefusalsNameTheStatementAndLine) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.name);
    const std::string text = with(c.from, c.to);
    const auto errors = errors_of(text);
    ASSERT_EQ(errors.size(), 1u) << (errors.empty() ? "" : errors[0].message);
    EXPECT_EQ(errors[0].origin.statement, c.statement);
    EXPECT_NE(errors[0].message.find(c.message), std::string::npos) << errors[0].message;
    int line = line_in(text, c.line_text);
    if (std::string(c.name) == "same remote twice") line += 1;  // the line after ts2's local-ip
    EXPECT_EQ(errors[0].origin.where.line, line);
  }
}

TEST(TrafficSelectorCheck, AtMost200SelectorsPerVpn) {
  std::string many;
  for (int i = 0; i < 201; ++i)
    many += fmt::format("            traffic-selector t{} {{\n                local-ip 50.{}.0.0/16;\n"
                        "                remote-ip 61.{}.0.0/16;\n            }}\n",
                        i, i % 256, i % 256 + (i / 256));
  const auto errors = errors_of(with("            traffic-selector ts1 {", many + "            traffic-selector ts1 {"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].origin.statement, "traffic-selector t200");
  EXPECT_NE(errors[0].message.find("has 202 traffic selectors: at most 200 per VPN"), std::string::npos)
      << errors[0].message;
}

}  // namespace
}  // namespace trio6sim::junos
