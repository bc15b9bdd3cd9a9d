// The IKE/IPsec lifecycle statements the IKEv2 daemon reads are modeled:
// IKE proposal dh-group, encryption-algorithm, authentication-algorithm and
// lifetime-seconds; IKE policy reauth-frequency; gateway dead-peer-detection;
// IPsec proposal lifetime-seconds; IPsec policy perfect-forward-secrecy; every
// establish-tunnels choice. Each is read with its value and line (absent:
// nullopt or ""), is no longer listed as not modeled, and what Junos refuses
// is refused at its FILE:LINE: values out of range, two DPD modes, an
// authentication-algorithm beside AES-GCM in an IKE proposal.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include "junos/commit_check.h"
#include "junos/statement_check.h"
#include "junos_test_util.h"

namespace trio6sim::junos {
namespace {

// A committing inline IPsec configuration (the catalogue's r1.conf) with
// every lifecycle statement set. Line numbers are in the comments.
const std::string kFull =
    "chassis { fpc 0 { pic 1 { inline-services; } } }\n"                                            // 1
    "services {\n"                                                                                   // 2
    "    service-set SS-1 {\n"                                                                       // 3
    "        next-hop-service { inside-service-interface si-0/1/0.0; outside-service-interface si-0/1/0.1; }\n"  // 4
    "        ipsec-vpn vpn1;\n"                                                                      // 5
    "    }\n"                                                                                        // 6
    "}\n"                                                                                            // 7
    "security {\n"                                                                                   // 8
    "    ike {\n"                                                                                    // 9
    "        proposal ike_proposal {\n"                                                              // 10
    "            authentication-method pre-shared-keys;\n"                                          // 11
    "            dh-group group20;\n"                                                                // 12
    "            encryption-algorithm aes-256-cbc;\n"                                                // 13
    "            authentication-algorithm sha-384;\n"                                                // 14
    "            lifetime-seconds 7200;\n"                                                           // 15
    "        }\n"                                                                                    // 16
    "        policy ike_policy {\n"                                                                  // 17
    "            proposals ike_proposal;\n"                                                          // 18
    "            pre-shared-key ascii-text \"secret\";\n"                                            // 19
    "            reauth-frequency 3;\n"                                                              // 20
    "        }\n"                                                                                    // 21
    "        gateway gw {\n"                                                                         // 22
    "            ike-policy ike_policy;\n"                                                           // 23
    "            address 13.10.2.2;\n"                                                               // 24
    "            local-address 13.10.1.1;\n"                                                         // 25
    "            version v2-only;\n"                                                                 // 26
    "            dead-peer-detection {\n"                                                            // 27
    "                probe-idle-tunnel;\n"                                                           // 28
    "                interval 20;\n"                                                                 // 29
    "                threshold 3;\n"                                                                 // 30
    "            }\n"                                                                                // 31
    "        }\n"                                                                                    // 32
    "    }\n"                                                                                        // 33
    "    ipsec {\n"                                                                                  // 34
    "        proposal ipsec_proposal { protocol esp; encryption-algorithm aes-256-gcm; lifetime-seconds 1800; }\n"  // 35
    "        policy ipsec_policy {\n"                                                                // 36
    "            perfect-forward-secrecy {\n"                                                        // 37
    "                keys group19;\n"                                                                // 38
    "            }\n"                                                                                // 39
    "            proposals ipsec_proposal;\n"                                                        // 40
    "        }\n"                                                                                    // 41
    "        vpn vpn1 {\n"                                                                           // 42
    "            bind-interface st0.1;\n"                                                            // 43
    "            ike { gateway gw; ipsec-policy ipsec_policy; }\n"                                   // 44
    "            establish-tunnels responder-only;\n"                                                // 45
    "        }\n"                                                                                    // 46
    "    }\n"                                                                                        // 47
    "}\n"                                                                                            // 48
    "interfaces {\n"                                                                                 // 49
    "    si-0/1/0 { unit 0 { family inet; service-domain inside; } unit 1 { family inet; service-domain outside; } }\n"  // 50
    "    st0 { unit 1 { family inet; } }\n"                                                          // 51
    "    et-0/2/10 { unit 0 { family inet { address 13.10.1.1/24; } } }\n"                           // 52
    "}\n"                                                                                            // 53
    "routing-options { static { route 12.1.1.2/32 next-hop st0.1; } }\n";                            // 54

std::string with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// What `trio6sim check` prints for `text` (the model when it commits).
Expected<DeviceConfig, std::string> commit(const std::string& text) { return commit_config_text(text, "r1.conf"); }

TEST(Lifecycle, EveryStatementIsReadWithItsValueAndLine) {
  const DeviceConfig c = test::load_model_text(kFull, "r1.conf");
  ASSERT_EQ(c.ike_proposals.size(), 1u);
  const IkeProposal& p = c.ike_proposals[0];
  EXPECT_EQ(p.dh_group, "group20");
  EXPECT_EQ(p.dh_group_origin.where, (SourceLocation{"r1.conf", 12}));
  EXPECT_EQ(p.dh_group_origin.edit_path, "security ike proposal ike_proposal");
  EXPECT_EQ(p.dh_group_origin.statement, "dh-group group20");
  EXPECT_EQ(p.encryption_algorithm, "aes-256-cbc");
  EXPECT_EQ(p.encryption_origin.where.line, 13);
  EXPECT_EQ(p.authentication_algorithm, "sha-384");
  EXPECT_EQ(p.authentication_algorithm_origin.where.line, 14);
  EXPECT_EQ(p.lifetime_seconds, 7200u);
  EXPECT_EQ(p.lifetime_origin.where.line, 15);

  const IkePolicy* pol = c.ike_policy("ike_policy");
  ASSERT_NE(pol, nullptr);
  EXPECT_EQ(pol->reauth_frequency, 3u);
  EXPECT_EQ(pol->reauth_origin.where.line, 20);
  EXPECT_EQ(pol->reauth_origin.statement, "reauth-frequency 3");

  const IkeGateway* gw = c.ike_gateway("gw");
  ASSERT_NE(gw, nullptr);
  ASSERT_TRUE(gw->dead_peer_detection.has_value());
  EXPECT_EQ(gw->dead_peer_detection->mode, "probe-idle-tunnel");
  EXPECT_EQ(gw->dead_peer_detection->interval_s, 20u);
  EXPECT_EQ(gw->dead_peer_detection->threshold, 3u);
  EXPECT_EQ(gw->dead_peer_detection->origin.where.line, 27);
  EXPECT_EQ(gw->dead_peer_detection->origin.edit_path, "security ike gateway gw");
  ASSERT_EQ(gw->dead_peer_detection->mode_origins.size(), 1u);
  EXPECT_EQ(gw->dead_peer_detection->mode_origins[0].where.line, 28);

  const IpsecProposal* ip = c.ipsec_proposal("ipsec_proposal");
  ASSERT_NE(ip, nullptr);
  EXPECT_EQ(ip->lifetime_seconds, 1800u);
  EXPECT_EQ(ip->lifetime_origin.where.line, 35);
  EXPECT_EQ(ip->lifetime_origin.statement, "lifetime-seconds 1800");

  const IpsecPolicy* ipol = c.ipsec_policy("ipsec_policy");
  ASSERT_NE(ipol, nullptr);
  EXPECT_EQ(ipol->pfs_group, "group19");
  EXPECT_EQ(ipol->pfs_origin.where.line, 38);
  EXPECT_EQ(ipol->pfs_origin.edit_path, "security ipsec policy ipsec_policy perfect-forward-secrecy");

  ASSERT_NE(c.ipsec_vpn("vpn1"), nullptr);
  EXPECT_EQ(c.ipsec_vpn("vpn1")->establish_tunnels, "responder-only");
}

TEST(Lifecycle, TheStatementsAreModeledAndCommit) {
  auto c = commit(kFull);
  ASSERT_TRUE(c.has_value()) << c.error();
  // None is listed as not modeled any more; what is left is unrelated.
  for (const auto& n : c->not_modeled_statements()) {
    for (const char* kw : {"dh-group", "encryption-algorithm", "authentication-algorithm", "lifetime-seconds",
                           "reauth-frequency", "dead-peer-detection", "perfect-forward-secrecy", "establish-tunnels"})
      EXPECT_EQ(n.statement.find(kw), std::string::npos) << n.statement;
  }
  EXPECT_TRUE(c->not_modeled().empty());  // the policy's proposals too: the IKE daemon reads them
}

TEST(Lifecycle, AbsentStatementsAreNulloptOrEmpty) {
  std::string text = kFull;
  for (const char* line :
       {"            dh-group group20;\n", "            encryption-algorithm aes-256-cbc;\n",
        "            authentication-algorithm sha-384;\n", "            lifetime-seconds 7200;\n",
        "            reauth-frequency 3;\n", "            establish-tunnels responder-only;\n"})
    text = with(text, line, "");
  text = with(text, " lifetime-seconds 1800;", "");
  text = with(text,
              "            dead-peer-detection {\n                probe-idle-tunnel;\n                interval 20;\n"
              "                threshold 3;\n            }\n",
              "");
  text = with(text, "            perfect-forward-secrecy {\n                keys group19;\n            }\n", "");
  auto c = commit(text);
  ASSERT_TRUE(c.has_value()) << c.error();
  const IkeProposal& p = c->ike_proposals.at(0);
  EXPECT_EQ(p.dh_group, "");
  EXPECT_EQ(p.encryption_algorithm, "");
  EXPECT_EQ(p.authentication_algorithm, "");
  EXPECT_EQ(p.lifetime_seconds, std::nullopt);
  EXPECT_EQ(p.lifetime_origin.where.line, 0);
  EXPECT_EQ(c->ike_policy("ike_policy")->reauth_frequency, std::nullopt);
  EXPECT_FALSE(c->ike_gateway("gw")->dead_peer_detection.has_value());
  EXPECT_EQ(c->ipsec_proposal("ipsec_proposal")->lifetime_seconds, std::nullopt);
  EXPECT_EQ(c->ipsec_policy("ipsec_policy")->pfs_group, "");
  EXPECT_EQ(c->ipsec_vpn("vpn1")->establish_tunnels, "");
  // The defaults the consumer applies (docs/trio6-facts.md).
  EXPECT_EQ(kDefaultIpsecLifetimeSeconds, 3600u);
  EXPECT_EQ(kDefaultIkeLifetimeSeconds, 28800u);
}

TEST(Lifecycle, BareDeadPeerDetectionTakesJunosDefaults) {
  const std::string text = with(kFull,
                                "dead-peer-detection {\n                probe-idle-tunnel;\n                interval 20;\n"
                                "                threshold 3;\n            }\n",
                                "dead-peer-detection;\n");
  auto c = commit(text);
  ASSERT_TRUE(c.has_value()) << c.error();
  const auto& dpd = c->ike_gateway("gw")->dead_peer_detection;
  ASSERT_TRUE(dpd.has_value());
  EXPECT_EQ(dpd->mode, "optimized");
  EXPECT_EQ(dpd->interval_s, 10u);
  EXPECT_EQ(dpd->threshold, 5u);
  EXPECT_TRUE(dpd->mode_origins.empty());
  EXPECT_EQ(dpd->origin.where.line, 27);
  // Only the interval: the other two keep their defaults.
  auto only_interval = commit(with(kFull, "                probe-idle-tunnel;\n                interval 20;\n"
                                          "                threshold 3;\n",
                                   "                interval 2;\n"));
  ASSERT_TRUE(only_interval.has_value()) << only_interval.error();
  const auto& d2 = only_interval->ike_gateway("gw")->dead_peer_detection;
  EXPECT_EQ(d2->mode, "optimized");
  EXPECT_EQ(d2->interval_s, 2u);
  EXPECT_EQ(d2->threshold, 5u);
  // An inactive one is not there.
  auto inactive = commit(with(kFull, "            dead-peer-detection {", "            inactive: dead-peer-detection {"));
  ASSERT_TRUE(inactive.has_value()) << inactive.error();
  EXPECT_FALSE(inactive->ike_gateway("gw")->dead_peer_detection.has_value());
}

TEST(Lifecycle, EveryEstablishTunnelsChoiceIsModeled) {
  for (const char* choice : {"immediately", "on-traffic", "responder-only", "responder-only-no-rekey"}) {
    SCOPED_TRACE(choice);
    auto c = commit(with(kFull, "establish-tunnels responder-only;", std::string("establish-tunnels ") + choice + ";"));
    ASSERT_TRUE(c.has_value()) << c.error();
    EXPECT_EQ(c->ipsec_vpn("vpn1")->establish_tunnels, choice);
    for (const auto& n : c->not_modeled()) EXPECT_EQ(n.find("establish-tunnels"), std::string::npos) << n;
  }
}

TEST(Lifecycle, DhGroupsTheDaemonCannotRunAreKeptWithTheirLines) {
  // Junos has them: the schema accepts them and the IKEv2 daemon refuses
  // them later, naming the line kept here.
  for (const char* group : {"group1", "group2", "group5", "group14", "group15", "group16", "group19", "group20",
                            "group21", "group24"}) {
    SCOPED_TRACE(group);
    auto c = commit(with(with(kFull, "dh-group group20;", std::string("dh-group ") + group + ";"), "keys group19;",
                         std::string("keys ") + group + ";"));
    ASSERT_TRUE(c.has_value()) << c.error();
    EXPECT_EQ(c->ike_proposals.at(0).dh_group, group);
    EXPECT_EQ(c->ike_proposals.at(0).dh_group_origin.where, (SourceLocation{"r1.conf", 12}));
    EXPECT_EQ(c->ipsec_policy("ipsec_policy")->pfs_group, group);
    EXPECT_EQ(c->ipsec_policy("ipsec_policy")->pfs_origin.where, (SourceLocation{"r1.conf", 38}));
  }
}

TEST(Lifecycle, TheSetFormMeansTheSame) {
  const std::string set =
      "set chassis fpc 0 pic 1 inline-services\n"
      "set services service-set SS-1 next-hop-service inside-service-interface si-0/1/0.0\n"
      "set services service-set SS-1 next-hop-service outside-service-interface si-0/1/0.1\n"
      "set services service-set SS-1 ipsec-vpn vpn1\n"
      "set security ike proposal ike_proposal authentication-method pre-shared-keys\n"
      "set security ike proposal ike_proposal dh-group group14\n"
      "set security ike proposal ike_proposal dh-group group20\n"  // replaces group14
      "set security ike proposal ike_proposal encryption-algorithm aes-256-cbc\n"
      "set security ike proposal ike_proposal authentication-algorithm sha-384\n"
      "set security ike proposal ike_proposal lifetime-seconds 7200\n"
      "set security ike policy ike_policy proposals ike_proposal\n"
      "set security ike policy ike_policy pre-shared-key ascii-text \"secret\"\n"
      "set security ike policy ike_policy reauth-frequency 3\n"
      "set security ike gateway gw ike-policy ike_policy\n"
      "set security ike gateway gw address 13.10.2.2\n"
      "set security ike gateway gw local-address 13.10.1.1\n"
      "set security ike gateway gw version v2-only\n"
      "set security ike gateway gw dead-peer-detection probe-idle-tunnel\n"
      "set security ike gateway gw dead-peer-detection interval 20\n"
      "set security ike gateway gw dead-peer-detection threshold 3\n"
      "set security ipsec proposal ipsec_proposal protocol esp\n"
      "set security ipsec proposal ipsec_proposal encryption-algorithm aes-256-gcm\n"
      "set security ipsec proposal ipsec_proposal lifetime-seconds 1800\n"
      "set security ipsec policy ipsec_policy perfect-forward-secrecy keys group19\n"
      "set security ipsec policy ipsec_policy proposals ipsec_proposal\n"
      "set security ipsec vpn vpn1 bind-interface st0.1\n"
      "set security ipsec vpn vpn1 ike gateway gw\n"
      "set security ipsec vpn vpn1 ike ipsec-policy ipsec_policy\n"
      "set security ipsec vpn vpn1 establish-tunnels responder-only\n"
      "set interfaces si-0/1/0 unit 0 family inet\n"
      "set interfaces si-0/1/0 unit 0 service-domain inside\n"
      "set interfaces si-0/1/0 unit 1 family inet\n"
      "set interfaces si-0/1/0 unit 1 service-domain outside\n"
      "set interfaces st0 unit 1 family inet\n"
      "set interfaces et-0/2/10 unit 0 family inet address 13.10.1.1/24\n"
      "set routing-options static route 12.1.1.2/32 next-hop st0.1\n";
  auto from_set = commit_config_text(set, "r1.set");
  ASSERT_TRUE(from_set.has_value()) << from_set.error();
  EXPECT_EQ(dump(*from_set), dump(test::load_model_text(kFull, "r1.conf")));
  EXPECT_NE(dump(*from_set).find("  dead-peer-detection probe-idle-tunnel interval 20 threshold 3\n"),
            std::string::npos);
  // The replaced leaf points at the `set` that gave its value.
  EXPECT_EQ(from_set->ike_proposals.at(0).dh_group_origin.where, (SourceLocation{"r1.set", 7}));
}

struct RangeCase {
  const char* from;
  const char* to;
  const char* word;      // the value Junos names
  const char* expected;  // what the message says was expected
  int line;
};

TEST(Lifecycle, ValuesOutOfRangeAreErrorsAtTheirLine) {
  const RangeCase cases[] = {
      {"lifetime-seconds 7200;", "lifetime-seconds 179;", "179", "expected a number from 180 to 86400", 15},
      {"lifetime-seconds 7200;", "lifetime-seconds 86401;", "86401", "expected a number from 180 to 86400", 15},
      {"lifetime-seconds 1800;", "lifetime-seconds 100000;", "100000", "expected a number from 180 to 86400", 35},
      {"reauth-frequency 3;", "reauth-frequency 101;", "101", "expected a number from 0 to 100", 20},
      {"interval 20;", "interval 1;", "1", "expected a number from 2 to 60", 29},
      {"interval 20;", "interval 61;", "61", "expected a number from 2 to 60", 29},
      {"threshold 3;", "threshold 0;", "0", "expected a number from 1 to 5", 30},
      {"threshold 3;", "threshold 6;", "6", "expected a number from 1 to 5", 30},
      {"keys group19;", "keys group3;", "group3", "expected one of group1, group2, group5", 38},
      {"dh-group group20;", "dh-group group22;", "group22", "expected one of group1, group2, group5", 12},
  };
  for (const auto& rc : cases) {
    SCOPED_TRACE(rc.to);
    auto c = commit(with(kFull, rc.from, rc.to));
    ASSERT_FALSE(c.has_value());
    EXPECT_NE(c.error().find(fmt::format("r1.conf:{}:(", rc.line)), std::string::npos) << c.error();
    EXPECT_NE(c.error().find(fmt::format("error: invalid value: {}\n", rc.word)), std::string::npos) << c.error();
    EXPECT_NE(c.error().find(rc.expected), std::string::npos) << c.error();
    EXPECT_TRUE(c.error().ends_with("error: configuration check-out failed\n"));
  }
  // The ends of each range commit.
  for (auto [from, to] : {std::pair{"lifetime-seconds 7200;", "lifetime-seconds 180;"},
                          std::pair{"lifetime-seconds 1800;", "lifetime-seconds 86400;"},
                          std::pair{"reauth-frequency 3;", "reauth-frequency 0;"},
                          std::pair{"reauth-frequency 3;", "reauth-frequency 100;"},
                          std::pair{"interval 20;", "interval 60;"}, std::pair{"threshold 3;", "threshold 1;"},
                          std::pair{"threshold 3;", "threshold 5;"}}) {
    auto c = commit(with(kFull, from, to));
    EXPECT_TRUE(c.has_value()) << to << ": " << c.error();
  }
}

TEST(Lifecycle, DeadPeerDetectionHasOnlyJunosStatements) {
  auto c = commit(with(kFull, "                threshold 3;\n", "                threshold 3;\n                frobnicate;\n"));
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().find("r1.conf:31:(17) syntax error: frobnicate"), std::string::npos) << c.error();
  EXPECT_NE(c.error().find("expected one of: always-send, interval, optimized, probe-idle-tunnel, threshold"),
            std::string::npos)
      << c.error();
}

TEST(Lifecycle, TwoDeadPeerDetectionModesAreACommitErrorAtTheSecond) {
  const std::string text =
      with(kFull, "                probe-idle-tunnel;\n", "                optimized;\n                always-send;\n");
  const auto errors = commit_check(test::load_model_text(text, "r1.conf"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].origin.edit_path, "security ike gateway gw dead-peer-detection");
  EXPECT_EQ(errors[0].origin.statement, "always-send");
  EXPECT_EQ(errors[0].origin.where, (SourceLocation{"r1.conf", 29}));
  EXPECT_EQ(errors[0].message,
            "dead-peer-detection takes one mode, and optimized is already configured at r1.conf:28: use one of "
            "optimized, probe-idle-tunnel or always-send");
  auto report = commit(text);
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error(),
            "[edit security ike gateway gw dead-peer-detection]\n"
            "  'always-send'\n"
            "    error: dead-peer-detection takes one mode, and optimized is already configured at r1.conf:28: use "
            "one of optimized, probe-idle-tunnel or always-send\n"
            "r1.conf:29\n"
            "error: configuration check-out failed\n");
}

TEST(Lifecycle, AesGcmIkeProposalWithAnAuthenticationAlgorithmIsACommitError) {
  for (const char* gcm : {"aes-128-gcm", "aes-256-gcm"}) {
    SCOPED_TRACE(gcm);
    const std::string text = with(kFull, "encryption-algorithm aes-256-cbc;", std::string("encryption-algorithm ") +
                                                                                 gcm + ";");
    const auto errors = commit_check(test::load_model_text(text, "r1.conf"));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].origin.edit_path, "security ike proposal ike_proposal");
    EXPECT_EQ(errors[0].origin.statement, "authentication-algorithm sha-384");
    EXPECT_EQ(errors[0].origin.where, (SourceLocation{"r1.conf", 14}));
    EXPECT_EQ(errors[0].message,
              fmt::format("authentication-algorithm sha-384 cannot be used with encryption-algorithm {}: GCM is "
                          "combined-mode and authenticates by itself (RFC 5282, no integrity transform); remove "
                          "authentication-algorithm",
                          gcm));
    // Without the authentication algorithm it commits.
    auto ok = commit(with(text, "            authentication-algorithm sha-384;\n", ""));
    EXPECT_TRUE(ok.has_value()) << ok.error();
  }
}

TEST(Lifecycle, ResponderOnlyOnOneDeviceCommits) {
  // Both peers responder-only never start a tunnel, but no single device's
  // commit can see that: each commits.
  for (const char* choice : {"responder-only", "responder-only-no-rekey"}) {
    auto c = commit(with(kFull, "establish-tunnels responder-only;", std::string("establish-tunnels ") + choice + ";"));
    EXPECT_TRUE(c.has_value()) << c.error();
  }
}

TEST(Lifecycle, TheSeedsConfigureNoLifetimeNoDpdNoPfsNoReauth) {
  // The blog's PE1 and the TechLibrary's R0 set none of them: their outputs
  // show the defaults ("PFS group: N/A", "Reauth Lifetime: Disabled", IPsec
  // SAs counting down from 3600), which the consumer applies to nullopt / "".
  for (const char* f : {"blog-global-v4v6/PE1.conf", "techlib-p2p/R0.conf"}) {
    SCOPED_TRACE(f);
    const DeviceConfig c = test::load_model_file(test::scenario_path(f));
    ASSERT_FALSE(c.ike_proposals.empty());
    for (const auto& p : c.ike_proposals) {
      EXPECT_EQ(p.lifetime_seconds, std::nullopt);
      EXPECT_EQ(p.dh_group, "");
      EXPECT_EQ(p.authentication_algorithm, "");
    }
    for (const auto& p : c.ike_policies) EXPECT_EQ(p.reauth_frequency, std::nullopt);
    for (const auto& g : c.ike_gateways) EXPECT_FALSE(g.dead_peer_detection.has_value());
    for (const auto& p : c.ipsec_proposals) EXPECT_EQ(p.lifetime_seconds, std::nullopt);
    for (const auto& p : c.ipsec_policies) EXPECT_EQ(p.pfs_group, "");
    for (const auto& v : c.ipsec_vpns) EXPECT_EQ(v.establish_tunnels, "immediately");
  }
}

}  // namespace
}  // namespace trio6sim::junos
