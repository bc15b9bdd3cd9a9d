// Two IKEv2 daemons joined by a wire with a delay (and, where a test says
// so, a filter that loses datagrams): establishment, failures found on the
// wire, make-before-break rekeys of Child and IKE SAs, DELETE, dead peer
// detection, retransmission, and what the data plane is told to program.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "control/ike_daemon.h"
#include "crypto/ikev2/ike_message.h"
#include "ike_pair.h"
#include "make_before_break.h"

namespace trio6sim::control {
namespace {

using namespace ike_pair;

TEST(IkeDaemon, EstablishesOneTunnelWithMatchingKeys) {
  Pair p;
  p.start();
  p.run_until(1 * kS);
  ASSERT_TRUE(p.status(0).up) << p.status(0).down_reason;
  ASSERT_TRUE(p.status(1).up) << p.status(1).down_reason;
  // Both initiated at once; one IKE SA survives (the lower address's).
  ASSERT_TRUE(p.status(0).ike && p.status(1).ike);
  EXPECT_TRUE(p.status(0).ike->initiator);
  EXPECT_FALSE(p.status(1).ike->initiator);
  EXPECT_EQ(p.status(0).ike->spi_i, p.status(1).ike->spi_i);
  EXPECT_EQ(p.status(0).ike->keys.sk_d, p.status(1).ike->keys.sk_d);
  // Each side's outbound SA is the other's inbound, key and salt included.
  std::map<uint32_t, crypto::SaConfig> in[2], out[2];
  for (const auto& e : p.programming) {
    if (e.p.kind == SaProgramming::Kind::kInstallInbound) in[e.side][e.p.sa.spi] = e.p.sa;
    if (e.p.kind == SaProgramming::Kind::kInstallOutbound) out[e.side][e.p.sa.spi] = e.p.sa;
  }
  ASSERT_EQ(out[0].size(), 1u);
  ASSERT_EQ(out[1].size(), 1u);
  for (int s = 0; s < 2; ++s) {
    const auto& o = out[s].begin()->second;
    ASSERT_TRUE(in[1 - s].contains(o.spi));
    const auto& i = in[1 - s].at(o.spi);
    EXPECT_EQ(o.key, i.key);
    EXPECT_EQ(o.salt, i.salt);
    EXPECT_EQ(o.key.size(), 32u);
    EXPECT_TRUE(o.esn);
    EXPECT_EQ(i.replay_window, 4096u);
    EXPECT_EQ(o.source, *IpAddress::parse(s ? "13.10.2.2" : "13.10.1.1"));
  }
  EXPECT_NE(out[0].begin()->second.key, out[1].begin()->second.key);
  expect_make_before_break(p);
  EXPECT_EQ(p.status(0).events.count(tunnel_event::kNegotiationSucceeds), 1u);
}

TEST(IkeDaemon, MessagesAreRealIkev2WithExpectedSizes) {
  Pair p;
  p.start();
  p.run_until(1 * kS);
  // PE1's first message: IKE_SA_INIT (SA, KE of DH 19, nonce, two NAT notifies).
  auto h = crypto::ikev2::peek_header(p.sent[0].front());
  ASSERT_TRUE(h);
  EXPECT_EQ(h->exchange, crypto::ikev2::ExchangeType::kIkeSaInit);
  EXPECT_NEAR(static_cast<double>(p.sent[0].front().size()), 232, 16);  // trio6-facts.md: ~232 B with DH 19
  // IKE_AUTH (SK-protected): about 193 B.
  bool auth = false;
  for (const auto& b : p.sent[0]) {
    auto hh = crypto::ikev2::peek_header(b);
    if (hh && hh->exchange == crypto::ikev2::ExchangeType::kIkeAuth && !hh->response) {
      auth = true;
      EXPECT_NEAR(static_cast<double>(b.size()), 193, 24);
    }
  }
  EXPECT_TRUE(auth);
}

TEST(IkeDaemon, SameSeedSameBytes) {
  Pair a, b;
  a.start();
  b.start();
  a.run_until(2 * kS);
  b.run_until(2 * kS);
  EXPECT_EQ(a.sent[0], b.sent[0]);
  EXPECT_EQ(a.sent[1], b.sent[1]);
}

TEST(IkeDaemon, DifferentPreSharedKeysFailAuth) {
  VpnSettings b = vpn("13.10.2.2", "13.10.1.1");
  b.psk = "something else";
  Pair p(vpn("13.10.1.1", "13.10.2.2"), b);
  p.start();
  p.run_until(1 * kS);
  EXPECT_FALSE(p.status(0).up);
  EXPECT_FALSE(p.status(1).up);
  EXPECT_EQ(p.status(1).down_reason, "pre-shared keys differ (IKE AUTH fails)");
  EXPECT_EQ(p.status(0).down_reason, "pre-shared keys differ (IKE AUTH fails)");
  EXPECT_TRUE(p.programming.empty());
}

TEST(IkeDaemon, DifferentEspCiphersRefuseTheChildSa) {
  VpnSettings b = vpn("13.10.2.2", "13.10.1.1");
  b.esp_cipher = crypto::EspCipher::kAes128Gcm;
  Pair p(vpn("13.10.1.1", "13.10.2.2"), b);
  p.start();
  p.run_until(1 * kS);
  EXPECT_FALSE(p.status(0).up);
  EXPECT_EQ(p.status(0).down_reason, "IPsec proposals differ (NO_PROPOSAL_CHOSEN)");
  EXPECT_TRUE(p.status(0).ike.has_value());  // the IKE SA itself is up
}

TEST(IkeDaemon, DifferentIkeProposalsRefuseIkeSaInit) {
  VpnSettings b = vpn("13.10.2.2", "13.10.1.1");
  b.ike_suite.dh_group = 20;
  Pair p(vpn("13.10.1.1", "13.10.2.2"), b);
  p.start();
  p.run_until(1 * kS);
  EXPECT_FALSE(p.status(0).up);
  EXPECT_FALSE(p.status(0).ike.has_value());
  EXPECT_NE(p.status(0).down_reason.find("NO_PROPOSAL_CHOSEN"), std::string::npos) << p.status(0).down_reason;
}

TEST(IkeDaemon, MismatchedTrafficSelectorsAreUnacceptable) {
  VpnSettings a = vpn("13.10.1.1", "13.10.2.2"), b = vpn("13.10.2.2", "13.10.1.1");
  a.selectors[0] = {"ts1", *junos::IpPrefix::parse("50.1.0.0/24"), *junos::IpPrefix::parse("60.1.0.0/24")};
  b.selectors[0] = {"ts1", *junos::IpPrefix::parse("60.1.0.0/24"), *junos::IpPrefix::parse("50.9.0.0/24")};
  Pair p(a, b);
  p.start();
  p.run_until(1 * kS);
  EXPECT_FALSE(p.status(0).up);
  EXPECT_EQ(p.status(0).down_reason, "traffic selectors do not match (TS_UNACCEPTABLE)");
}

TEST(IkeDaemon, SeveralVpnsOnOneGatewayPairTellApartByTheirSelectors) {
  // Traffic-selector mode: two VPNs between the same two addresses, each its
  // own IKE SA; the responder learns which VPN an IKE SA is for from IKE_AUTH.
  auto two = [](const char* local, const char* peer, bool mirrored) {
    std::vector<VpnSettings> v(2, vpn(local, peer));
    const char* a[2][2] = {{"50.1.0.0/24", "60.1.0.0/24"}, {"50.2.0.0/24", "60.2.0.0/24"}};
    for (int i = 0; i < 2; ++i) {
      v[i].name = i ? "vpn_b" : "vpn_a";
      v[i].st0_unit = i ? "st0.2" : "st0.1";
      v[i].traffic_selector_mode = true;
      v[i].selectors[0] = {"ts", *junos::IpPrefix::parse(a[i][mirrored ? 1 : 0]), *junos::IpPrefix::parse(a[i][mirrored ? 0 : 1])};
    }
    return v;
  };
  Pair p(vpn("13.10.1.1", "13.10.2.2"), vpn("13.10.2.2", "13.10.1.1"));
  // Replace each side's single VPN by the two (the harness' constructor made one each).
  for (int side = 0; side < 2; ++side) {
    IkeDaemon::Hooks h;
    h.send = [&p, side](IkeDatagram dg) {
      p.sent[side].push_back(dg.payload);
      p.wire.insert({p.now + p.latency, {1 - side, std::move(dg)}});
    };
    h.program = [&p, side](const SaProgramming& pr) { p.programming.push_back({p.now, side, pr}); };
    p.daemons[side] = std::make_unique<IkeDaemon>(side ? "PE2" : "PE1",
                                                  side ? two("13.10.2.2", "13.10.1.1", true) : two("13.10.1.1", "13.10.2.2", false),
                                                  IkeTimers{}, 11 + side, h);
  }
  p.start();
  p.run_until(5 * kS);
  for (int side = 0; side < 2; ++side)
    for (std::size_t v = 0; v < 2; ++v) {
      EXPECT_TRUE(p.daemons[side]->status(v).up) << side << " " << v << ": " << p.daemons[side]->status(v).down_reason;
      EXPECT_EQ(p.daemons[side]->status(v).children.size(), 1u);
    }
  EXPECT_NE(p.daemons[1]->status(0).ike->spi_i, p.daemons[1]->status(1).ike->spi_i);
  // Each VPN's outbound SA at one side is the inbound SA of the same VPN at the other.
  EXPECT_EQ(p.daemons[0]->status(1).children[0].outbound_spi, p.daemons[1]->status(1).children[0].inbound_spi);
  EXPECT_EQ(p.daemons[0]->status(0).children[0].outbound_spi, p.daemons[1]->status(0).children[0].inbound_spi);
  expect_make_before_break(p);
}

TEST(IkeDaemon, UnansweredInitiatorRetransmitsThenFails) {
  VpnSettings b = vpn("13.10.2.2", "13.10.1.1");
  b.establish = Establish::kResponderOnly;
  Pair p(vpn("13.10.1.1", "13.10.2.2"), b);
  p.lose = [](int side, const IkeDatagram&) { return side == 1; };  // PE2's answers are lost
  p.start();
  p.run_until(160 * kS);
  EXPECT_EQ(p.status(0).down_reason, "");  // still trying: 4 s x 1.8^n, five retransmissions, 165 s
  p.run_until(170 * kS);
  EXPECT_EQ(p.status(0).down_reason, "peer did not answer IKE_SA_INIT (5 retransmissions)");
  EXPECT_EQ(p.sent[0].size(), 6u);
  EXPECT_EQ(p.daemons[0]->counters().retransmitted, 6u);
}

TEST(IkeDaemon, ChildSasRekeyMakeBeforeBreakFromEitherSide) {
  VpnSettings a = vpn("13.10.1.1", "13.10.2.2"), b = vpn("13.10.2.2", "13.10.1.1");
  a.ipsec_lifetime_s = b.ipsec_lifetime_s = 180;
  Pair p(a, b);
  p.start();
  p.run_until(1000 * kS);  // five and a half lifetimes
  ASSERT_TRUE(p.status(0).up);
  ASSERT_TRUE(p.status(1).up);
  // Every lifetime is rekeyed once, by whichever side's soft timer fires first.
  const uint32_t rekeys = p.status(0).child_rekeys;
  EXPECT_EQ(rekeys, p.status(1).child_rekeys);
  EXPECT_GE(rekeys, 5u);
  EXPECT_LE(rekeys, 7u);
  EXPECT_GT(p.status(0).rekeys.request_out + p.status(1).rekeys.request_out, 0u);
  // Make-before-break, checked on every programming step.
  expect_make_before_break(p);
  // One pair active per side at the end, plus at most one lingering.
  int active = 0;
  for (const auto& c : p.status(0).children) active += c.outbound_active ? 1 : 0;
  EXPECT_EQ(active, 1);
  // The initiator's events read as the blog's.
  const auto& ev = p.status(0).rekeys.request_out > 0 ? p.status(0).events : p.status(1).events;
  EXPECT_GT(ev.count(tunnel_event::kRekeyInitiated), 0u);
  EXPECT_EQ(ev.count(tunnel_event::kRekeyInitiated), ev.count(tunnel_event::kDeletedHardLifetime));
}

TEST(IkeDaemon, SimultaneousRekeysLeaveOnePairAndNoGap) {
  Pair p;
  p.start();
  p.run_until(1 * kS);
  p.daemons[0]->force_rekey(0, p.now);
  p.daemons[1]->force_rekey(0, p.now);
  p.run_until(10 * kS);
  EXPECT_TRUE(p.status(0).up);
  EXPECT_EQ(p.status(0).rekeys.collisions + p.status(1).rekeys.collisions, 2u);
  EXPECT_EQ(p.status(0).child_rekeys, 1u);
  EXPECT_EQ(p.status(1).child_rekeys, 1u);
  expect_make_before_break(p);
}

TEST(IkeDaemon, IkeSaRekeyKeepsTheChildSas) {
  VpnSettings a = vpn("13.10.1.1", "13.10.2.2"), b = vpn("13.10.2.2", "13.10.1.1");
  a.ike_lifetime_s = b.ike_lifetime_s = 180;
  Pair p(a, b);
  p.start();
  p.run_until(400 * kS);
  EXPECT_TRUE(p.status(0).up);
  EXPECT_GE(p.status(0).ike_rekeys, 2u);
  EXPECT_EQ(p.status(0).ike_rekeys, p.status(1).ike_rekeys);
  EXPECT_EQ(p.status(0).ike->spi_i, p.status(1).ike->spi_i);
  EXPECT_EQ(p.status(0).ike->keys.sk_ei, p.status(1).ike->keys.sk_ei);
  // Every IKE SA is in the history (Wireshark's table), rekeyed ones too.
  EXPECT_EQ(p.daemons[0]->ike_sa_history().size(), 1 + p.status(0).ike_rekeys);
  // Children were never touched.
  for (const auto& e : p.programming) EXPECT_NE(e.p.kind, SaProgramming::Kind::kRemoveInbound);
  EXPECT_EQ(p.daemons[0]->counters().bad_icv + p.daemons[1]->counters().bad_icv, 0u);
}

TEST(IkeDaemon, DeadPeerDetectedThenTunnelComesBack) {
  VpnSettings a = vpn("13.10.1.1", "13.10.2.2");
  a.dpd = DpdSettings{DpdMode::kAlwaysSend, 10, 5};
  Pair p(a, vpn("13.10.2.2", "13.10.1.1"));
  p.start();
  p.run_until(5 * kS);
  ASSERT_TRUE(p.status(0).up);
  bool cut = true;
  p.lose = [&cut](int, const IkeDatagram&) { return cut; };  // the path fails both ways
  const uint64_t failed_at = p.now;
  p.run_until(failed_at + 40 * kS);
  EXPECT_TRUE(p.status(0).up);  // fewer than threshold probes unanswered yet
  p.run_until(failed_at + 70 * kS);
  EXPECT_FALSE(p.status(0).up);
  EXPECT_EQ(p.status(0).down_reason, "peer is dead (DPD)");
  EXPECT_EQ(p.status(0).dpd_dead, 1u);
  EXPECT_TRUE(p.status(0).children.empty());
  cut = false;
  p.run_until(failed_at + 300 * kS);
  EXPECT_TRUE(p.status(0).up);
  ASSERT_EQ(p.status(0).outages_ps.size(), 1u);
  EXPECT_GT(p.status(0).outages_ps[0], 0u);
}

TEST(IkeDaemon, OptimizedDpdProbesOnlyWhenTrafficGoesOutAndNothingComesBack) {
  VpnSettings a = vpn("13.10.1.1", "13.10.2.2");
  a.dpd = DpdSettings{};
  Pair p(a, vpn("13.10.2.2", "13.10.1.1"));
  p.start();
  p.run_until(5 * kS);
  const std::size_t before = p.sent[0].size();
  p.run_until(100 * kS);  // idle: no probes
  EXPECT_EQ(p.sent[0].size(), before);
  for (uint64_t t = 100; t < 200; t += 5) {  // traffic out and in: no probes
    p.traffic[0].first += 10;
    p.traffic[0].second += 10;
    p.run_until(t * kS);
  }
  EXPECT_EQ(p.sent[0].size(), before);
  for (uint64_t t = 200; t < 230; t += 5) {  // out only: probes
    p.traffic[0].second += 10;
    p.run_until(t * kS);
  }
  EXPECT_GT(p.sent[0].size(), before);
  EXPECT_TRUE(p.status(0).up);  // the peer answers them
}

TEST(IkeDaemon, AGarbledMessageIsCountedAndChangesNothing) {
  Pair p;
  p.start();
  p.run_until(1 * kS);
  ASSERT_TRUE(p.status(1).up);
  auto copy = p.sent[0].back();
  copy[copy.size() - 3] ^= 0x01;  // inside the ICV
  IkeDatagram dg{*IpAddress::parse("13.10.1.1"), *IpAddress::parse("13.10.2.2"), 500, 500, copy};
  p.daemons[1]->receive(dg, p.now);
  EXPECT_EQ(p.daemons[1]->counters().bad_icv, 1u);
  dg.payload.resize(10);
  p.daemons[1]->receive(dg, p.now);
  EXPECT_EQ(p.daemons[1]->counters().malformed, 1u);
  p.run_until(2 * kS);
  EXPECT_TRUE(p.status(1).up);
}

TEST(IkeDaemon, RestartedPeerIsReplacedThroughInitialContact) {
  Pair p;
  p.start();
  p.run_until(1 * kS);
  p.daemons[0]->restart(p.now);
  p.run_until(2 * kS);
  EXPECT_TRUE(p.status(0).up);
  EXPECT_TRUE(p.status(1).up);
  int active = 0;
  for (const auto& c : p.status(1).children) active += c.outbound_active ? 1 : 0;
  EXPECT_EQ(active, 1);
}

}  // namespace
}  // namespace trio6sim::control
