// The statement schema: statements Junos does not have are syntax errors at
// their FILE:LINE:(COLUMN), values are checked as Junos checks them, and the
// statements Junos has but the model does not apply are listed with their
// lines, never taken as applied.
#include "junos/statement_check.h"

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "junos/commit_check.h"
#include "junos/statement_schema.h"
#include "junos_test_util.h"

namespace trio6sim::junos {
namespace {

StatementCheck check_text(const std::string& text, const std::string& file = "r1.conf") {
  auto tree = load_config_text(text, file);
  EXPECT_TRUE(tree.has_value()) << (tree ? "" : tree.error().to_string());
  return tree ? check_statements(*tree) : StatementCheck{};
}

// base.conf (the blog PE1's IPsec statements, which commit) with `from` replaced.
std::string base_with(const std::string& from, const std::string& to) {
  std::string text = test::read_text(test::scenario_path("errors/base.conf"));
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// The statements listed as not modeled, in order.
std::vector<std::string> listed(const StatementCheck& c) {
  std::vector<std::string> out;
  for (const auto& n : c.not_modeled) out.push_back(n.statement);
  return out;
}

std::string all_errors(const StatementCheck& c) {
  std::string out;
  for (const auto& e : c.errors) out += format_statement_error(e);
  return out;
}

TEST(StatementSchema, EveryRowHangsUnderARow) {
  for (const auto& row : schema_rows()) {
    const auto space = row.path.rfind(' ');
    if (space == std::string_view::npos) {
      // policy-options and routing-instances are walked in part (exported policies, VRFs).
      EXPECT_TRUE(is_checked_hierarchy(row.path) || row.path == "policy-options" || row.path == "routing-instances")
          << row.path;
      continue;
    }
    const SchemaRow* parent = find_schema_row(row.path.substr(0, space));
    ASSERT_NE(parent, nullptr) << row.path;
    EXPECT_FALSE(parent->open) << row.path << ": the children of an open row are not checked";
    EXPECT_EQ(find_schema_row(row.path), &row) << row.path << " appears twice";
  }
}

TEST(StatementSchema, UnknownStatementsUnderAVpnAreSyntaxErrorsAsJunosPrintsThem) {
  const std::string text = base_with("            establish-tunnels immediately;\n",
                                     "            establish-tunnels immediately;\n"
                                     "            frobnicate 7;\n"
                                     "            mode transport;\n");
  const auto c = check_text(text);
  ASSERT_EQ(c.errors.size(), 2u) << all_errors(c);
  const int line = test::line_of(test::scenario_path("errors/base.conf"), "establish-tunnels immediately;") + 1;
  EXPECT_EQ(c.errors[0].where.line, line);
  EXPECT_EQ(c.errors[0].column, 13);
  EXPECT_TRUE(format_statement_error(c.errors[0])
                  .starts_with(fmt::format("r1.conf:{}:(13) syntax error: frobnicate\n"
                                           "  [edit security ipsec vpn ipsec_vpn]\n"
                                           "    'frobnicate 7;'\n"
                                           "      syntax error: expected one of: bind-interface, copy-outer-dscp, ",
                                           line)))
      << format_statement_error(c.errors[0]);
  EXPECT_TRUE(c.errors[0].syntax);
  EXPECT_EQ(c.errors[1].where.line, line + 1);
  EXPECT_EQ(c.errors[1].word, "mode");
  // The whole file is refused, with every error and Junos' closing line.
  auto committed = commit_config_text(text, "r1.conf");
  ASSERT_FALSE(committed.has_value());
  EXPECT_NE(committed.error().find(fmt::format("r1.conf:{}:(13) syntax error: mode\n", line + 1)), std::string::npos);
  EXPECT_TRUE(committed.error().ends_with("error: configuration check-out failed\n"));
}

TEST(StatementSchema, SetFormGivesTheSameErrorsWithTheColumnOfTheWord) {
  const auto c = check_text(
      "set security ipsec vpn v bind-interface st0.1\n"
      "set security ipsec vpn v frobnicate 7\n",
      "r1.set");
  ASSERT_EQ(c.errors.size(), 1u) << all_errors(c);
  EXPECT_EQ(c.errors[0].where.line, 2);
  EXPECT_EQ(c.errors[0].column, 26);
  EXPECT_EQ(c.errors[0].edit_path, "security ipsec vpn v");
}

TEST(StatementSchema, AStatementInAGroupIsReportedWhereTheGroupSaysIt) {
  const auto c = check_text(
      "groups {\n"
      "    G {\n"
      "        interfaces { et-0/0/0 { unit 0 { family inet { adress 1.1.1.1/24; } } } }\n"
      "    }\n"
      "}\n"
      "apply-groups G;\n");
  ASSERT_EQ(c.errors.size(), 1u) << all_errors(c);
  EXPECT_EQ(c.errors[0].where.line, 3);
  EXPECT_EQ(c.errors[0].word, "adress");
}

// A mac-vrf instance is walked row by row (docs/bridging.md): its bridge
// domains, VNIs, VTEP source and VXLAN encapsulation apply; the EVPN protocol's other statements, the
// irb's routing interface and the route distinguisher are listed one by one;
// a statement Junos does not have is a syntax error at its line.
TEST(StatementSchema, AMacVrfIsWalkedRowByRow) {
  const auto c = check_text(
      "routing-instances {\n"
      "    m {\n"
      "        instance-type mac-vrf;\n"
      "        protocols { evpn { encapsulation vxlan; default-gateway no-gateway-community; } }\n"
      "        vtep-source-interface lo0.0;\n"
      "        bridge-domains {\n"
      "            V_10 { vlan-id 10; interface et-0/0/1.10; routing-interface irb.10; vxlan { vni 10010; } }\n"
      "        }\n"
      "        route-distinguisher 1.1.1.1:1;\n"
      "    }\n"
      "    v { instance-type vrf; protocols { bgp { group g; } } }\n"
      "}\n");
  EXPECT_TRUE(c.errors.empty()) << all_errors(c);
  EXPECT_EQ(listed(c), (std::vector<std::string>{"routing-instances m protocols evpn default-gateway no-gateway-community",
                                              "routing-instances m route-distinguisher 1.1.1.1:1",
                                              "routing-instances v protocols"}));
  const auto bad = check_text(
      "routing-instances {\n"
      "    m {\n"
      "        instance-type mac-vrf;\n"
      "        bridge-domains { V_10 { vlan-id 10; frobnicate; vxlan { vni 16777215; } } }\n"
      "    }\n"
      "}\n");
  ASSERT_EQ(bad.errors.size(), 2u) << all_errors(bad);
  EXPECT_EQ(bad.errors[0].where.line, 4);
  EXPECT_EQ(bad.errors[0].word, "frobnicate");
  EXPECT_EQ(bad.errors[1].word, "16777215");
}

TEST(StatementSchema, UnknownTopLevelHierarchyIsASyntaxError) {
  const auto c = check_text("frobnicate { x; }\nsystem { host-name r1; }\n");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].word, "frobnicate");
  ASSERT_EQ(c.not_modeled.size(), 1u);
  EXPECT_EQ(c.not_modeled[0].statement, "system");
}

TEST(StatementSchema, WrongNumberOfWordsIsASyntaxError) {
  EXPECT_EQ(check_text("chassis { fpc 0 { pic 1 { inline-services 5; } } }\n").errors.at(0).word, "5");
  EXPECT_EQ(check_text("interfaces { st0 { unit; } }\n").errors.at(0).word, "unit");
  EXPECT_EQ(check_text("security { ipsec { vpn v { bind-interface st0.1 st0.2; } } }\n").errors.at(0).word, "st0.2");
}

struct ValueCase {
  const char* name;
  const char* text;
  const char* word;      // the value named
  const char* expected;  // part of what was expected
};

const ValueCase kValueCases[] = {
    {"octet", "interfaces { et-0/0/0 { unit 0 { family inet { address 13.10.1.300/24; } } } }", "13.10.1.300/24",
     "expected an IPv4 address with a prefix length"},
    {"v4 length", "interfaces { et-0/0/0 { unit 0 { family inet { address 13.10.1.1/33; } } } }", "13.10.1.1/33",
     "expected 1 to 32"},
    {"v4 length 0", "interfaces { et-0/0/0 { unit 0 { family inet { address 13.10.1.1/0; } } } }", "13.10.1.1/0",
     "expected 1 to 32"},
    {"v6 length", "interfaces { et-0/0/0 { unit 0 { family inet6 { address 2002::1/129; } } } }", "2002::1/129",
     "expected 1 to 128"},
    {"v6 in inet", "interfaces { et-0/0/0 { unit 0 { family inet { address 2002::1/64; } } } }", "2002::1/64",
     "expected an IPv4 address"},
    {"v4 in inet6", "interfaces { et-0/0/0 { unit 0 { family inet6 { address 1.1.1.1/24; } } } }", "1.1.1.1/24",
     "expected an IPv6 address"},
    {"no length", "interfaces { et-0/0/0 { unit 0 { family inet { address 1.1.1.1; } } } }", "1.1.1.1",
     "expected a prefix length"},
    {"mpls address", "interfaces { ae0 { unit 0 { family mpls { address 1.1.1.1/24; } } } }", "1.1.1.1/24",
     "family mpls takes no address"},
    {"family", "interfaces { ae0 { unit 0 { family inet4; } } }", "inet4", "expected one of inet, inet6"},
    {"fpc", "interfaces { et-99/1/8 { unit 0; } }", "et-99/1/8", "not an interface of an MX304"},
    {"port", "interfaces { et-0/0/16 { unit 0; } }", "et-0/0/16", "PORT 0-15"},
    {"xe", "interfaces { xe-0/0/1 { unit 0; } }", "xe-0/0/1", "not an interface of an MX304"},
    {"si port", "interfaces { si-0/1/4 { unit 0; } }", "si-0/1/4", "si-0/PIC/0..3"},
    {"unit", "interfaces { et-0/0/0 { unit -1; } }", "-1", "expected a logical unit number from 0 to 16384"},
    {"unit big", "interfaces { st0 { unit 16385; } }", "16385", "from 0 to 16384"},
    {"chassis fpc", "chassis { fpc 8 { pic 0 { inline-services; } } }", "8", "expected a number from 0 to 7"},
    {"chassis pic", "chassis { fpc 0 { pic 6 { inline-services; } } }", "6", "expected a number from 0 to 5"},
    {"gateway address", "security { ike { gateway g { address 16.1.1.300; } } }", "16.1.1.300",
     "expected an IP address"},
    {"local address", "security { ike { gateway g { local-address 16.1.1; } } }", "16.1.1", "expected an IP address"},
    {"gateway version", "security { ike { gateway g { version v3-only; } } }", "v3-only",
     "expected one of v1-only, v2-only"},
    {"secret9", "security { ike { policy p { pre-shared-key ascii-text \"$9$zz\"; } } }", "$9$zz",
     "is not a valid $9$ string"},
    {"hex odd", "security { ike { policy p { pre-shared-key hexadecimal abc; } } }", "abc",
     "odd number of hexadecimal digits (3)"},
    {"hex digit", "security { ike { policy p { pre-shared-key hexadecimal 0g; } } }", "0g",
     "expected hexadecimal digits"},
    {"bind", "security { ipsec { vpn v { bind-interface st0; } } }", "st0", "expected an interface unit"},
    {"inside", "services { service-set s { next-hop-service { inside-service-interface si-0/9/0.0; } } }",
     "si-0/9/0.0", "not an interface of an MX304"},
    {"window", "security { ipsec { vpn v { ike { anti-replay-window-size big; } } } }", "big",
     "expected a number from 64 to 65536"},
    {"encryption", "security { ipsec { proposal p { encryption-algorithm aes-257-gcm; } } }", "aes-257-gcm",
     "expected one of 3des-cbc"},
    {"route", "routing-options { static { route 12.1.1.300/32 next-hop st0.1; } }", "12.1.1.300/32",
     "expected an IPv4 address"},
    {"route v6 in inet.0", "routing-options { static { route 2002::/64 next-hop st0.1; } }", "2002::/64",
     "expected an IPv4 address"},
    {"route v4 in inet6.0", "routing-options { rib inet6.0 { static { route 1.1.1.0/24 next-hop st0.1; } } }",
     "1.1.1.0/24", "expected an IPv6 address"},
    {"next hop", "routing-options { static { route 12.1.1.0/24 next-hop [ st0.1 13.10.1.300 ]; } }", "13.10.1.300",
     "expected a next hop: an IPv4 address or an interface unit"},
    {"next hop word", "routing-options { static { route 12.1.1.0/24 next-hop nowhere; } }", "nowhere",
     "expected a next hop"},
    {"next hop v6 in inet.0", "routing-options { static { route 12.1.1.0/24 next-hop 2002::1; } }", "2002::1",
     "expected an IPv4 address"},
    {"second gateway address", "security { ike { gateway g { address [ 1.1.1.1 1.1.1.256 ]; } } }", "1.1.1.256",
     "expected an IP address"},
    {"router id", "routing-options { router-id 2002::1; }", "2002::1", "expected an IPv4 address"},
    {"rib", "routing-options { rib inet7.0 { static { route 1.1.1.0/24 next-hop st0.1; } } }", "inet7.0",
     "expected one of inet.0, inet6.0"},
    {"traffic selector", "security { ipsec { vpn v { traffic-selector t { local-ip 10.0.0.0/33; } } } }",
     "10.0.0.0/33", "expected 0 to 32"},
    {"load balance",
     "routing-options { forwarding-table { export p; } } "
     "policy-options { policy-statement p { term t { then { load-balance per-fow; } } } }",
     "per-fow", "expected one of per-flow"},
};

TEST(StatementValues, EachWrongValueIsAnErrorNamingTheValueAndWhatWasExpected) {
  for (const auto& v : kValueCases) {
    const auto c = check_text(std::string(v.text) + "\n");
    ASSERT_EQ(c.errors.size(), 1u) << v.name << "\n" << all_errors(c);
    const auto& e = c.errors[0];
    EXPECT_FALSE(e.syntax) << v.name;
    EXPECT_EQ(e.word, v.word) << v.name;
    EXPECT_NE(e.message.find(v.expected), std::string::npos) << v.name << ": " << e.message;
    EXPECT_EQ(e.where, (SourceLocation{"r1.conf", 1})) << v.name;
  }
}

TEST(StatementValues, GoodValuesPass) {
  const auto c = check_text(
      "interfaces { et-0/2/15 { unit 16384 { family inet { address 1.1.1.1/32; } family inet6 { address ::1/128; } "
      "family iso { address 49.0001.00; } } } ae12 { unit 0; } si-0/2/3 { unit 0; } lo0; st0 { unit 0; } fxp0; }\n"
      "security { ike { policy p { pre-shared-key hexadecimal \"0a0B\"; } gateway g { address [ 1.1.1.1 2002::2 ]; "
      "local-address 2002::1; } } }\n"
      "routing-options { rib inet6.0 { static { route ::/0 next-hop [ 2002::9 st0.1 ]; } } }\n");
  EXPECT_TRUE(c.errors.empty()) << all_errors(c);
  // A gateway's list of addresses stays one statement in both forms.
  auto model = test::load_model_text(
      "security { ike { gateway g { address [ 1.1.1.1 2002::2 ]; } } }\n"
      "routing-options { static { route 0.0.0.0/0 next-hop [ 1.1.1.2 st0.1 ]; } }\n");
  EXPECT_EQ(model.ike_gateways.at(0).addresses, (std::vector<std::string>{"1.1.1.1", "2002::2"}));
  EXPECT_EQ(model.static_routes.at(0).next_hops, (std::vector<std::string>{"1.1.1.2", "st0.1"}));
}

TEST(NotModeled, StatementsJunosHasAndTheModelDoesNotApplyAreListedWithTheirLines) {
  const std::string text =
      "security {\n"                                                     // 1
      "    ike {\n"                                                      // 2
      "        respond-bad-spi 5;\n"                                     // 3
      "        proposal p { lifetime-seconds 3600; }\n"                  // 4
      "        gateway g {\n"                                            // 5
      "            dead-peer-detection { interval 10; threshold 3; }\n"  // 6
      "        }\n"                                                      // 7
      "    }\n"                                                          // 8
      "    ipsec {\n"                                                    // 9
      "        vpn v {\n"                                                // 10
      "            traffic-selector ts1 { local-ip 50.1.0.0/16; remote-ip 60.1.0.0/16; }\n"  // 11 (modeled)
      "            vpn-monitor;\n"                                       // 12
      "            df-bit clear;\n"                                      // 13
      "            establish-tunnels on-traffic;\n"                      // 14
      "            inactive: tunnel-mtu 1400;\n"                         // 15
      "        }\n"                                                      // 16
      "    }\n"                                                          // 17
      "}\n"                                                              // 18
      "interfaces { st0 { unit 1 { family inet { mtu 9192; } } } lo0 { unit 0 { family inet { mtu 1500; } } } }\n"  // 19
      "protocols { bgp { group g; } }\n";                                // 20
  const auto c = check_text(text);
  EXPECT_TRUE(c.errors.empty()) << all_errors(c);
  const std::vector<NotModeledStatement> expected = {
      // lifetime-seconds (4), dead-peer-detection (6) and establish-tunnels
      // (14) are modeled (lifecycle_test.cpp), df-bit (13) too (issue 19),
      // and an st0 unit's family mtu (the tunnel's IP MTU), not lo0's.
      {"security ike respond-bad-spi 5", {"r1.conf", 3}},
      {"security ipsec vpn v vpn-monitor", {"r1.conf", 12}},
      {"interfaces lo0 unit 0 family inet mtu 1500", {"r1.conf", 19}},
      {"protocols bgp", {"r1.conf", 20}},
  };
  EXPECT_EQ(c.not_modeled, expected);
  // The model lists them too.
  const DeviceConfig model = test::load_model_text(text, "r1.conf");
  EXPECT_EQ(model.not_modeled_statements(), expected);
  EXPECT_EQ(model.not_modeled().front(), "security ike respond-bad-spi 5");
  EXPECT_EQ(model.not_modeled_protocols(), std::vector<std::string>{"bgp"});
}

TEST(NotModeled, ApplyMacroIsListedAnywhere) {
  const auto c = check_text("interfaces { et-0/0/0 { apply-macro params { speed 100g; } unit 0; } }\n");
  EXPECT_TRUE(c.errors.empty()) << all_errors(c);
  ASSERT_EQ(c.not_modeled.size(), 1u);
  EXPECT_EQ(c.not_modeled[0].statement, "interfaces et-0/0/0 apply-macro params");
}

TEST(NotModeled, ModeledStatementsAreNotListed) {
  const auto c = check_text(test::read_text(test::scenario_path("errors/base.conf")));
  EXPECT_TRUE(c.errors.empty());
  // base.conf is the blog's inline IPsec: only these three are not applied.
  EXPECT_EQ(listed(c), (std::vector<std::string>{"security ike policy ike_policy mode main",
                                              "security ike gateway ike_gw external-interface ae0"}));
}

TEST(NotModeled, ExportedPoliciesAreCheckedOthersListed) {
  const auto c = check_text(
      "routing-options { forwarding-table { export pplb; } }\n"
      "policy-options {\n"
      "    policy-statement pplb { term t { from protocol bgp; then { load-balance consistent-hash; } } }\n"
      "    policy-statement nhs { term t { then { frobnicate; } } }\n"
      "    prefix-list pl { 1.1.1.0/24; }\n"
      "}\n");
  EXPECT_TRUE(c.errors.empty()) << all_errors(c);
  EXPECT_EQ(listed(c), (std::vector<std::string>{"policy-options policy-statement pplb term t from protocol bgp",
                                              "policy-options policy-statement pplb term t then load-balance "
                                              "consistent-hash",
                                              "policy-options policy-statement nhs",
                                              "policy-options prefix-list pl"}));
}

TEST(NotModeled, EveryScenarioConfigurationListsItsProtocols) {
  for (const char* f : {"blog-global-v4v6/PE1.conf", "blog-evpn-vxlan/PE1.conf", "blog-mismatched-keys/P1.conf"}) {
    const DeviceConfig c = test::load_model_file(test::scenario_path(f));
    for (const auto& p : c.not_modeled_protocols()) {
      const auto& nm = c.not_modeled();
      const bool listed = std::any_of(nm.begin(), nm.end(), [&](const std::string& s) {
        return s == "protocols " + p || s.starts_with("routing-instances ");
      });
      EXPECT_TRUE(listed) << f << ": " << p;
    }
  }
}

std::string nested(int depth) {
  std::string t;
  for (int k = 0; k < depth; ++k) t += "protocols {\n";
  for (int k = 0; k < depth; ++k) t += "}\n";
  return t;
}

TEST(Depth, NestingIsLimitedTo64LevelsWithAClearError) {
  EXPECT_TRUE(load_config_text(nested(64), "deep.conf").has_value());
  auto too_deep = load_config_text(nested(65), "deep.conf");
  ASSERT_FALSE(too_deep.has_value());
  EXPECT_EQ(too_deep.error().where.line, 65);
  EXPECT_NE(too_deep.error().message.find("deeper than 64 levels"), std::string::npos);
  // 10,000 levels used to overflow the stack.
  auto very_deep = load_config_text(nested(10000), "deep.conf");
  ASSERT_FALSE(very_deep.has_value());
  EXPECT_EQ(very_deep.error().where.line, 65);
  // One long set line of nested names is limited the same way.
  std::string set = "set";
  for (int k = 0; k < 200; ++k) set += " interfaces x";
  auto long_set = load_config_text(set + "\n", "deep.set");
  ASSERT_FALSE(long_set.has_value());
  EXPECT_NE(long_set.error().message.find("deeper than 64 levels"), std::string::npos);
}

// VPNs each bound to its own st0 unit, in a service set anchored on si-0/1/0 (PFE 0).
std::string vpns_on_pfe0(int count) {
  std::string t =
      "set chassis fpc 0 pic 1 inline-services\n"
      "set interfaces si-0/1/0 unit 0 service-domain inside\n"
      "set interfaces si-0/1/0 unit 1 service-domain outside\n"
      "set services service-set ss next-hop-service inside-service-interface si-0/1/0.0\n"
      "set services service-set ss next-hop-service outside-service-interface si-0/1/0.1\n"
      "set security ike gateway gw address 13.10.2.2\n"
      "set security ike gateway gw local-address 13.10.1.1\n"
      "set security ike gateway gw version v2-only\n";
  for (int n = 1; n <= count; ++n)
    t += fmt::format(
        "set interfaces st0 unit {0} family inet\n"
        "set security ipsec vpn v{0} bind-interface st0.{0}\n"
        "set security ipsec vpn v{0} ike gateway gw\n"
        "set services service-set ss ipsec-vpn v{0}\n",
        n);
  return t;
}

TEST(TunnelLimits, OneThousandTunnelsOnOnePfeCommitOneMoreDoesNot) {
  // A tunnel is a VPN (an inbound and an outbound SA): 1,000 per PFE [I].
  EXPECT_TRUE(commit_config_text(vpns_on_pfe0(1000), "t.set").has_value());
  auto over = commit_config_text(vpns_on_pfe0(1001), "t.set");
  ASSERT_FALSE(over.has_value());
  // The 1,001st VPN's bind-interface, 8 header lines + 4 lines per VPN.
  const int line = 8 + 4 * 1000 + 2;
  EXPECT_NE(over.error().find("[edit security ipsec vpn v1001]\n  'bind-interface st0.1001'\n    error: more than "
                              "1000 inline IPsec tunnels on PFE 0 of FPC 0 PIC 1 (service sets anchored on "
                              "si-0/1/0): 1001 configured\nt.set:" +
                              std::to_string(line) + "\n"),
            std::string::npos)
      << over.error();
}

TEST(TunnelLimits, TheChipLimitIsAParameter) {
  const auto model = test::load_model_text(vpns_on_pfe0(5), "t.set");
  EXPECT_TRUE(commit_check(model, CommitCheckParams{.tunnels_per_chip = 5}).empty());
  const auto errors = commit_check(model, CommitCheckParams{.tunnels_per_chip = 4});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, "more than 4 inline IPsec tunnels on the Trio 6 of FPC 0 PIC 1: 5 configured");
  EXPECT_EQ(errors[0].origin.statement, "bind-interface st0.5");
}

TEST(CommitCheck, AProposalWithoutEncryptionAndAVpnWithoutGatewayAreErrors) {
  auto no_cipher = commit_config_text(base_with("            encryption-algorithm aes-256-gcm;\n", ""), "r1.conf");
  ASSERT_FALSE(no_cipher.has_value());
  EXPECT_NE(no_cipher.error().find("ipsec proposal ipsec_proposal has no encryption-algorithm"), std::string::npos);
  auto no_gateway = commit_config_text(base_with("                gateway ike_gw;\n", ""), "r1.conf");
  ASSERT_FALSE(no_gateway.has_value());
  EXPECT_NE(no_gateway.error().find("vpn ipsec_vpn has no 'ike gateway'"), std::string::npos);
  auto no_policy = commit_config_text(base_with("ipsec-policy ipsec_policy;", "ipsec-policy other;"), "r1.conf");
  ASSERT_FALSE(no_policy.has_value());
  EXPECT_NE(no_policy.error().find("ipsec policy other is not configured"), std::string::npos);
}

}  // namespace
}  // namespace trio6sim::junos
