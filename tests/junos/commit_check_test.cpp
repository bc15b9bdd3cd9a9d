// Every commit check: the configuration in scenarios/configs/errors/ that
// triggers it gives exactly that error, with its hierarchy, statement,
// message and line.
#include "junos/commit_check.h"

#include <fmt/core.h>
#include <gtest/gtest.h>

#include "junos_test_util.h"

namespace trio6sim::junos {
namespace {

struct Case {
  const char* file;
  const char* edit_path;
  const char* statement;
  const char* message;
  const char* line_text;  // the line the error must point at contains this
};

const Case kCases[] = {
    {"ah", "security ipsec proposal ipsec_proposal", "protocol ah",
     "AH is not supported by inline IPsec: use protocol esp", "protocol ah;"},
    {"transport-mode", "security ipsec security-association ospf3-sa", "mode transport",
     "transport mode is not supported by inline IPsec: only tunnel mode", "mode transport;"},
    {"ikev1", "security ike gateway ike_gw", "version v1-only",
     "IKEv1 is not supported by inline IPsec: use version v2-only, not v1-only", "version v1-only;"},
    {"ikev1-default", "security ike", "gateway ike_gw",
     "IKEv1 is not supported by inline IPsec: the gateway has no 'version' statement and the default is v1-only; "
     "add 'version v2-only'",
     "gateway ike_gw {"},
    {"null-encryption", "security ipsec proposal ipsec_proposal", "encryption-algorithm null",
     "NULL encryption (RFC 4543) is not supported by inline IPsec: use aes-128-gcm or aes-256-gcm",
     "encryption-algorithm null;"},
    {"non-gcm", "security ipsec proposal ipsec_proposal", "encryption-algorithm aes-256-cbc",
     "encryption algorithm aes-256-cbc is not supported by inline IPsec: only aes-128-gcm and aes-256-gcm",
     "encryption-algorithm aes-256-cbc;"},
    {"anti-replay", "security ipsec vpn ipsec_vpn ike", "anti-replay-window-size 8192",
     "anti-replay-window-size 8192 is above the inline IPsec maximum of 4096", "anti-replay-window-size 8192;"},
    {"too-many-tunnels", "security ipsec vpn v1001", "bind-interface st0.1001",
     "more than 1000 inline IPsec tunnels on PFE 0 of FPC 0 PIC 1 (service sets anchored on si-0/1/0): 1001 "
     "configured",
     "vpn v1001 bind-interface"},
    {"too-many-sa-pairs", "security ipsec vpn v6", "traffic-selector t6-0",
     "vpn v6 takes PFE 0 of FPC 0 PIC 1 (service sets anchored on si-0/1/0) past 1000 IPsec SA pairs: 1200 "
     "configured in 6 VPNs (one pair per traffic selector, one per VPN without)",
     "traffic-selector t6-0 {"},
    {"si-interface-missing", "services service-set SS-1 next-hop-service", "outside-service-interface si-0/1/2.1",
     "interface si-0/1/2 is not configured", "si-0/1/2.1"},
    {"si-unit-missing", "services service-set SS-1 next-hop-service", "inside-service-interface si-0/1/0.5",
     "unit 5 of si-0/1/0 is not configured", "si-0/1/0.5"},
    {"no-inline-services", "interfaces", "si-0/1/0",
     "si-0/1/0 requires 'chassis fpc 0 pic 1 inline-services': without it the PFE creates no si interfaces",
     "si-0/1/0 {"},
    {"st0-unit-missing", "security ipsec vpn ipsec_vpn", "bind-interface st0.2",
     "st0.2 is not configured: [edit interfaces st0] has no unit 2", "bind-interface st0.2;"},
};

TEST(CommitCheck, TheBaseOfTheErrorConfigsPasses) {
  EXPECT_TRUE(commit_check(test::load_model_file(test::scenario_path("errors/base.conf"))).empty());
}

TEST(CommitCheck, EachErrorConfigGivesExactlyItsError) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.file);
    const std::string path = test::scenario_path(std::string("errors/") + c.file + ".conf");
    const auto errors = commit_check(test::load_model_file(path));
    ASSERT_EQ(errors.size(), 1u);
    const CommitError& e = errors[0];
    EXPECT_EQ(e.origin.edit_path, c.edit_path);
    EXPECT_EQ(e.origin.statement, c.statement);
    EXPECT_EQ(e.message, c.message);
    EXPECT_EQ(e.origin.where.file, path);
    const int line = test::line_of(path, c.line_text);
    ASSERT_GT(line, 0);
    EXPECT_EQ(e.origin.where.line, line);
  }
}

TEST(CommitCheck, FormatsErrorsLikeJunos) {
  CommitError e{{"security ipsec proposal P1", "protocol ah", {"FILE.conf", 123}},
                "AH is not supported by inline IPsec: use protocol esp"};
  EXPECT_EQ(format_commit_error(e),
            "[edit security ipsec proposal P1]\n"
            "  'protocol ah'\n"
            "    error: AH is not supported by inline IPsec: use protocol esp\n"
            "FILE.conf:123\n");
  e.origin.edit_path.clear();
  EXPECT_EQ(format_commit_error(e).substr(0, 7), "[edit]\n");
}

// VPNs in service sets anchored on si-0/1/0 and si-0/1/1 count against PFE
// 0, on si-0/1/2 and si-0/1/3 against PFE 1.
std::string tunnels(int on_pfe0, int on_pfe1) {
  std::string t =
      "set chassis fpc 0 pic 1 inline-services\n"
      "set security ike gateway gw address 13.10.2.2\n"
      "set security ike gateway gw local-address 13.10.1.1\n"
      "set security ike gateway gw version v2-only\n";
  for (int si : {0, 2})
    t += fmt::format(
        "set interfaces si-0/1/{0} unit 0 service-domain inside\n"
        "set interfaces si-0/1/{0} unit 1 service-domain outside\n"
        "set services service-set ss{0} next-hop-service inside-service-interface si-0/1/{0}.0\n"
        "set services service-set ss{0} next-hop-service outside-service-interface si-0/1/{0}.1\n",
        si);
  for (int n = 1; n <= on_pfe0 + on_pfe1; ++n)
    t += fmt::format(
        "set interfaces st0 unit {0} family inet\n"
        "set security ipsec vpn v{0} bind-interface st0.{0}\n"
        "set security ipsec vpn v{0} ike gateway gw\n"
        "set services service-set ss{1} ipsec-vpn v{0}\n",
        n, n <= on_pfe0 ? 0 : 2);
  return t;
}

TEST(CommitCheck, TunnelLimitIsPerPfe) {
  EXPECT_EQ(si_pfe(0), 0);
  EXPECT_EQ(si_pfe(1), 0);
  EXPECT_EQ(si_pfe(2), 1);
  EXPECT_EQ(si_pfe(3), 1);
  // 2,000 per chip, 1,000 on each PFE: accepted.
  EXPECT_TRUE(commit_check(test::load_model_text(tunnels(1000, 1000), "t.set")).empty());
  // The limit is a parameter; with 3 per PFE, 4 on PFE 1 is one too many.
  const auto errors =
      commit_check(test::load_model_text(tunnels(3, 4), "t.set"), CommitCheckParams{.tunnels_per_pfe = 3});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(
      errors[0].message,
      "more than 3 inline IPsec tunnels on PFE 1 of FPC 0 PIC 1 (service sets anchored on si-0/1/2): 4 configured");
  EXPECT_EQ(errors[0].origin.statement, "bind-interface st0.7");
}

TEST(CommitCheck, AntiReplayLimitIsAParameter) {
  const auto model = test::load_model_file(test::scenario_path("errors/base.conf"));
  EXPECT_EQ(commit_check(model, CommitCheckParams{.max_anti_replay_window = 1024}).size(), 1u);
}

TEST(CommitCheck, SiPortsPerPicIsAParameter) {
  const auto model =
      test::load_model_text("chassis { fpc 0 { pic 1 { inline-services; } } }\ninterfaces { si-0/1/2 { unit 0; } }\n");
  EXPECT_TRUE(commit_check(model).empty());
  const auto errors = commit_check(model, CommitCheckParams{.si_ports_per_pic = 2});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, "si-0/1/2 does not exist: inline services create si-0/1/0 to si-0/1/1");
}

TEST(CommitCheck, ReferencesAndDomainsAreChecked) {
  const auto model = test::load_model_text(
      "chassis { fpc 0 { pic 1 { inline-services { bandwidth 15g; } } } }\n"
      "interfaces { si-0/1/0 { unit 0 { service-domain outside; } unit 1 { service-domain outside; } } si-0/1/4; }\n"
      "services { service-set s { next-hop-service { inside-service-interface si-0/1/0.0; "
      "outside-service-interface si-0/1/0.1; } ipsec-vpn nope; } }\n"
      "security { ike { gateway g { ike-policy missing; version v2-only; } }\n"
      "  ipsec { vpn v { bind-interface ae0.0; ike { gateway other; } } vpn w; } }\n");
  std::vector<std::string> messages;
  for (const auto& e : commit_check(model)) messages.push_back(e.message);
  EXPECT_EQ(messages, (std::vector<std::string>{
                          "inline-services bandwidth 15g is not supported: use one of 1g, 10g, 20g ... 90g, 100g, "
                          "200g, 300g, 400g, 800g",
                          "si-0/1/4 does not exist: inline services create si-0/1/0 to si-0/1/3",
                          "si-0/1/0.0 must be 'service-domain inside' to be the inside-service-interface",
                          "ipsec vpn nope is not configured",
                          "ike policy missing is not configured",
                          "ae0.0 is not an st0 unit: bind-interface takes st0.N",
                          "ike gateway other is not configured",
                          "vpn w has no bind-interface: inline IPsec needs an st0 unit per tunnel",
                          "vpn w has no 'ike gateway': inline IPsec tunnels are keyed by IKE (manual keys are not "
                          "modeled)",
                      }));
}

TEST(CommitCheck, ValuesOfTheWrongKindAreModelErrors) {
  auto tree = load_config_text("interfaces {\n  st0 {\n    mtu big;\n  }\n}\n", "m.conf");
  ASSERT_TRUE(tree);
  auto model = build_device_config(*tree);
  ASSERT_FALSE(model);
  EXPECT_EQ(model.error().message, "expected an MTU in bytes in 'mtu big', found 'big'");
  EXPECT_EQ(model.error().origin.edit_path, "interfaces st0");
  EXPECT_EQ(model.error().origin.where.line, 3);
}

}  // namespace
}  // namespace trio6sim::junos

namespace trio6sim::junos {
namespace {

// A configuration with an error never yields a model to run.
TEST(CommitConfigFile, ReturnsTheModelOnlyWhenTheConfigurationCommits) {
  auto ok = commit_config_file(test::scenario_path("blog-global-v4v6/PE1.conf"));
  ASSERT_TRUE(ok) << ok.error();
  EXPECT_NE(ok->ipsec_vpn("ipsec_vpn"), nullptr);

  const std::string path = test::scenario_path("errors/st0-unit-missing.conf");
  auto bad = commit_config_file(path);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(),
            "[edit security ipsec vpn ipsec_vpn]\n"
            "  'bind-interface st0.2'\n"
            "    error: st0.2 is not configured: [edit interfaces st0] has no unit 2\n" +
                path + ":" + std::to_string(test::line_of(path, "bind-interface st0.2;")) +
                "\nerror: configuration check-out failed\n");

  auto unparsable = commit_config_file(test::scenario_path("errors/parse-unbalanced.conf"));
  ASSERT_FALSE(unparsable);
  EXPECT_TRUE(unparsable.error().ends_with("error: configuration check-out failed\n"));
}

}  // namespace
}  // namespace trio6sim::junos
