// The IKE daemon's system log (`show log messages`, docs/interop.md
// "Lifecycle and failures against strongSwan"): each outcome a peer can
// bring about leaves the line Junos' iked would write, with the VPN, the
// gateway, the addresses and ports and this side's role; and the forced IKE
// SA rekey (the scenario's `rekey: VPN, sa: ike`) runs the soft-lifetime
// rekey.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "control/ike_daemon.h"
#include "control/operational.h"
#include "ike_pair.h"

namespace trio6sim::control {
namespace {

using namespace ike_pair;

// How many of a daemon's log lines hold `text`.
int lines_with(const IkeDaemon& d, const std::string& text) {
  int n = 0;
  for (const auto& l : d.log()) n += l.text.find(text) != std::string::npos;
  return n;
}

VpnSettings named(VpnSettings v) {
  v.gateway = "gw1";
  return v;
}

TEST(IkeLog, EstablishmentLogsCompletionTheChildSasAndTheVpnUp) {
  Pair p(named(vpn("13.10.1.1", "13.10.2.2")), named(vpn("13.10.2.2", "13.10.1.1")));
  p.start();
  p.run_until(1 * kS);
  ASSERT_TRUE(p.status(0).up);
  const IkeDaemon& a = *p.daemons[0];
  const IkeDaemon& b = *p.daemons[1];
  EXPECT_EQ(lines_with(a, "IKE negotiation successfully completed. IKE Version: 2, VPN: ipsec_vpn Gateway: gw1, "
                          "Local: 13.10.1.1/500, Remote: 13.10.2.2/500, Local IKE-ID: 13.10.1.1, Remote IKE-ID: "
                          "13.10.2.2, VR-ID: 0, Role: Initiator"),
            1);
  EXPECT_EQ(lines_with(b, "Role: Responder"), 1);
  EXPECT_EQ(lines_with(a, "KMD_PM_SA_ESTABLISHED: Local gateway: 13.10.1.1, Remote gateway: 13.10.2.2"), 2);
  EXPECT_EQ(lines_with(a, "KMD_VPN_UP_ALARM_USER: VPN ipsec_vpn from 13.10.2.2 is up. Local-ip: 13.10.1.1"), 1);
  EXPECT_EQ(lines_with(a, "failed"), 0);
  // The show: one line each, in a log file's layout, none later than now.
  const std::string shown = show_log_messages(&a, "PE1", p.now);
  EXPECT_NE(shown.find("Jan  1 00:00:00  PE1 iked[4242]: IKE negotiation successfully completed."), std::string::npos)
      << shown;
  EXPECT_EQ(std::count(shown.begin(), shown.end(), '\n'), static_cast<long>(a.log().size()));
  ASSERT_GT(a.log().front().at_ps, 0u);
  EXPECT_EQ(show_log_messages(&a, "PE1", a.log().front().at_ps - 1), "");  // nothing yet before the first line
  EXPECT_EQ(show_log_messages(nullptr, "PE1", p.now), "");
}

TEST(IkeLog, WrongPskIsAuthenticationFailedOnBothSides) {
  VpnSettings b = named(vpn("13.10.2.2", "13.10.1.1"));
  b.psk = "something else";
  Pair p(named(vpn("13.10.1.1", "13.10.2.2")), b);
  p.start();
  p.run_until(1 * kS);
  EXPECT_EQ(lines_with(*p.daemons[1], "IKE negotiation failed with error: Authentication failed. IKE Version: 2, "
                                      "VPN: ipsec_vpn Gateway: gw1"),
            1);
  EXPECT_EQ(lines_with(*p.daemons[1], "Role: Responder"), 1);
  EXPECT_EQ(lines_with(*p.daemons[0], "IKE negotiation failed with error: Authentication failed."), 1);
  EXPECT_EQ(lines_with(*p.daemons[0], "KMD_VPN_UP_ALARM_USER"), 0);
}

TEST(IkeLog, ProposalAndSelectorMismatchesSayWhich) {
  {
    VpnSettings b = named(vpn("13.10.2.2", "13.10.1.1"));
    b.ike_suite.dh_group = 20;
    Pair p(named(vpn("13.10.1.1", "13.10.2.2")), b);
    p.start();
    p.run_until(1 * kS);
    EXPECT_EQ(lines_with(*p.daemons[1], "IKE negotiation failed with error: No proposal chosen."), 1);
    EXPECT_EQ(lines_with(*p.daemons[1], "Remote IKE-ID: Not-Available, VR-ID: 0, Role: Responder"), 1);
    EXPECT_EQ(lines_with(*p.daemons[0], "IKE negotiation failed with error: No proposal chosen."), 1);
  }
  {
    VpnSettings a = named(vpn("13.10.1.1", "13.10.2.2")), b = named(vpn("13.10.2.2", "13.10.1.1"));
    a.selectors[0] = {"ts1", *junos::IpPrefix::parse("50.1.0.0/24"), *junos::IpPrefix::parse("60.1.0.0/24")};
    b.selectors[0] = {"ts1", *junos::IpPrefix::parse("60.1.0.0/24"), *junos::IpPrefix::parse("50.9.0.0/24")};
    Pair p(a, b);
    p.start();
    p.run_until(1 * kS);
    EXPECT_EQ(lines_with(*p.daemons[1], "KMD_VPN_TS_MISMATCH: Traffic-selector mismatch, vpn name: ipsec_vpn, Peer "
                                        "Proposed traffic-selector local-ip: ipv4(50.1.0.0-50.1.0.255), Peer "
                                        "Proposed traffic-selector remote-ip: ipv4(60.1.0.0-60.1.0.255)"),
              1);
    EXPECT_EQ(lines_with(*p.daemons[1], "IKE negotiation failed with error: TS unacceptable."), 1);
    EXPECT_EQ(lines_with(*p.daemons[0], "IKE negotiation failed with error: TS unacceptable."), 1);
  }
}

TEST(IkeLog, DeadPeerSaysWhyTheVpnWentDown) {
  VpnSettings a = named(vpn("13.10.1.1", "13.10.2.2"));
  a.dpd = DpdSettings{DpdMode::kAlwaysSend, 2, 3};
  Pair p(a, named(vpn("13.10.2.2", "13.10.1.1")));
  p.start();
  p.run_until(3 * kS);
  ASSERT_TRUE(p.status(0).up);
  p.lose = [](int, const IkeDatagram&) { return true; };
  p.run_until(13 * kS);
  ASSERT_FALSE(p.status(0).up);
  const IkeDaemon& d = *p.daemons[0];
  EXPECT_EQ(lines_with(d, "KMD_DPD_PEER_DOWN: DPD detected peer 13.10.2.2 as dead: 3 DPD requests 2 seconds apart "
                          "unanswered."),
            1);
  EXPECT_EQ(lines_with(d, "IPSec SA is deleted because peer is dead (DPD), no DEL notification. VPN: ipsec_vpn"), 1);
  EXPECT_EQ(lines_with(d, "KMD_VPN_DOWN_ALARM_USER: VPN ipsec_vpn from 13.10.2.2 is down."), 1);
}

TEST(IkeLog, ForcedIkeRekeyRunsTheSoftLifetimeRekey) {
  Pair p;
  p.start();
  p.run_until(1 * kS);
  ASSERT_TRUE(p.status(0).ike.has_value());
  const uint64_t before = p.status(0).ike->spi_i;
  p.daemons[1]->force_ike_rekey(0, p.now);
  p.run_until(2 * kS);
  EXPECT_EQ(p.status(1).ike_rekeys, 1u);
  EXPECT_EQ(p.status(0).ike_rekeys, 1u);
  ASSERT_TRUE(p.status(0).ike.has_value());
  EXPECT_NE(p.status(0).ike->spi_i, before);
  EXPECT_FALSE(p.status(0).ike->initiator);  // the rekey's initiator (PE2) initiates the new IKE SA
  EXPECT_EQ(p.status(0).ike->spi_i, p.status(1).ike->spi_i);
  EXPECT_TRUE(p.status(0).up);
}

}  // namespace
}  // namespace trio6sim::control
