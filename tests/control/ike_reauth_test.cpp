// IKE SA reauthentication (`reauth-frequency N` under `security ike policy`;
// Junos CLI help: "re-authenticate after that many IKE hard lifetimes";
// RFC 7296 2.8.3: a new IKE SA from scratch, new Child SAs, then the old IKE
// SA deleted) between two daemons joined back to back (ike_pair.h): when it
// happens, what changes, that the peers never lack an SA for traffic, and
// what a peer that stops answering leaves.
#include <gtest/gtest.h>

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <set>

#include "control/ike_daemon.h"
#include "control/operational.h"
#include "crypto/ikev2/ike_message.h"
#include "ike_pair.h"
#include "junos/device_config.h"
#include "make_before_break.h"

namespace trio6sim::control {
namespace {

using namespace ike_pair;
namespace ik = crypto::ikev2;

constexpr uint32_t kIkeLifetimeS = 180;  // Junos' minimum: many lifetimes in a short run
constexpr uint16_t kInitialContact = 16384;

// PE1 and PE2 with short IKE lifetimes and `reauth-frequency` set. Child SAs
// live long (3600 s) unless a test says otherwise, so that every Child SA
// change in the run is a reauthentication's.
Pair reauth_pair(uint32_t frequency, uint32_t ipsec_lifetime_s = 3600) {
  VpnSettings a = vpn("13.10.1.1", "13.10.2.2"), b = vpn("13.10.2.2", "13.10.1.1");
  for (VpnSettings* v : {&a, &b}) {
    v->ike_lifetime_s = kIkeLifetimeS;
    v->ipsec_lifetime_s = ipsec_lifetime_s;
    v->reauth_frequency = frequency;
  }
  return Pair(a, b);
}

// The IKE SAs of a side's history that an IKE_AUTH authenticated (not rekeyed).
std::vector<IkeSaView> authenticated(const IkeDaemon& d) {
  std::vector<IkeSaView> out;
  for (const auto& sa : d.ike_sa_history())
    if (sa.rekeys_since_auth == 0) out.push_back(sa);
  return out;
}

// The first request sent on IKE SA `sa` of this exchange type at or after `from`.
const Pair::Sent* first_request(const Pair& p, const IkeSaView& sa, ik::ExchangeType ex, uint64_t from = 0) {
  for (const auto& s : p.log) {
    auto h = ik::peek_header(s.datagram.payload);
    if (h && !h->response && h->exchange == ex && h->spi_i == sa.spi_i && h->spi_r == sa.spi_r && s.at >= from)
      return &s;
  }
  return nullptr;
}

// Replays the programming per side and selector: once a selector first has
// an outbound SA it never is without one (a switch installs the new SA
// before it removes the old), nor without an inbound SA (zero loss).
void expect_never_without_sa(const Pair& p) {
  struct Sas {
    std::set<uint32_t> in, out;
    bool sent = false;
  };
  std::map<std::pair<int, std::size_t>, Sas> at;
  for (const auto& e : p.programming) {
    Sas& s = at[{e.side, e.p.selector}];
    const uint32_t spi = e.p.sa.spi;
    switch (e.p.kind) {
      case SaProgramming::Kind::kInstallInbound: s.in.insert(spi); break;
      case SaProgramming::Kind::kInstallOutbound:
        s.out.insert(spi);
        s.sent = true;
        break;
      case SaProgramming::Kind::kRemoveOutbound: s.out.erase(spi); break;
      case SaProgramming::Kind::kRemoveInbound: s.in.erase(spi); break;
    }
    if (s.sent) {
      EXPECT_FALSE(s.out.empty()) << "side " << e.side << " selector " << e.p.selector << ": no outbound SA at " << e.at;
      EXPECT_FALSE(s.in.empty()) << "side " << e.side << " selector " << e.p.selector << ": no inbound SA at " << e.at;
    }
  }
}

TEST(IkeReauth, EverySecondLifetimeANewIkeSaWithNewSpisAndChildKeys) {
  constexpr uint32_t kFrequency = 2;
  constexpr uint64_t kRun = 1000 * kS;
  Pair p = reauth_pair(kFrequency);
  p.start();
  p.run_until(kRun);
  ASSERT_TRUE(p.status(0).up) << p.status(0).down_reason;
  ASSERT_TRUE(p.status(1).up) << p.status(1).down_reason;
  // A line of IKE SAs lasts N soft lifetimes (each 80-85% of the hard one,
  // IkeTimers): reauthentications every 288-306 s, rekeys between them.
  const IkeTimers timers;
  const double shortest = kFrequency * timers.soft_low * kIkeLifetimeS * kS;
  const double longest = kFrequency * timers.soft_high * kIkeLifetimeS * kS + 1 * kS;
  const auto lines0 = authenticated(*p.daemons[0]);
  const uint64_t expected = static_cast<uint64_t>(kRun / longest);
  ASSERT_EQ(static_cast<uint64_t>(kRun / shortest), expected) << "the run's length must leave one count possible";
  EXPECT_EQ(p.daemons[0]->counters().reauths, expected);
  EXPECT_EQ(p.daemons[1]->counters().reauths, expected);
  ASSERT_EQ(lines0.size(), 1 + expected);
  EXPECT_EQ(p.status(0).ike_rekeys, expected);  // one rekey in each line of two
  // Both histories hold the same IKE SAs in the same order: auth, rekey, auth, ...
  const auto& h0 = p.daemons[0]->ike_sa_history();
  const auto& h1 = p.daemons[1]->ike_sa_history();
  ASSERT_EQ(h0.size(), 1 + 2 * expected);
  ASSERT_EQ(h1.size(), h0.size());
  for (std::size_t i = 0; i < h0.size(); ++i) {
    EXPECT_EQ(h0[i].rekeys_since_auth, i % kFrequency) << i;
    EXPECT_EQ(h0[i].spi_i, h1[i].spi_i) << i;
    EXPECT_EQ(h0[i].keys.sk_d, h1[i].keys.sk_d) << i;
  }
  // Each reauthentication starts at the soft lifetime of the line's last SA,
  // whichever side's comes first, and takes a few round trips.
  for (std::size_t i = kFrequency; i < h0.size(); i += kFrequency) {
    const uint64_t soft = std::min(h0[i - 1].soft_ps, h1[i - 1].soft_ps);
    EXPECT_GE(h0[i].created_ps, soft) << i;
    EXPECT_LT(h0[i].created_ps, soft + 10 * kMs) << i;
    const uint64_t gap = h0[i].authenticated_ps - h0[i - kFrequency].authenticated_ps;
    EXPECT_GE(gap, shortest) << i;
    EXPECT_LE(gap, longest) << i;
  }
  // New SPIs every time (no IKE SA is ever reused), new keys.
  std::set<uint64_t> spis_i, spis_r;
  std::set<std::vector<uint8_t>> sk_d;
  for (const auto& sa : h0) {
    spis_i.insert(sa.spi_i);
    spis_r.insert(sa.spi_r);
    sk_d.insert(sa.keys.sk_d);
  }
  EXPECT_EQ(spis_i.size(), h0.size());
  EXPECT_EQ(spis_r.size(), h0.size());
  EXPECT_EQ(sk_d.size(), h0.size());
  // The Child SAs are new with every reauthentication (and only then: they
  // outlive the run): new SPIs and keys on both sides.
  for (int side = 0; side < 2; ++side) {
    std::set<uint32_t> spis;
    std::set<std::vector<uint8_t>> keys;
    for (const auto& e : p.programming)
      if (e.side == side && e.p.kind == SaProgramming::Kind::kInstallInbound) {
        spis.insert(e.p.sa.spi);
        keys.insert(e.p.sa.key);
      }
    EXPECT_EQ(spis.size(), 1 + expected) << side;
    EXPECT_EQ(keys.size(), 1 + expected) << side;
    int active = 0;
    for (const auto& c : p.status(side).children) active += c.outbound_active ? 1 : 0;
    EXPECT_EQ(active, 1) << side;
  }
  expect_make_before_break(p);
  expect_never_without_sa(p);
  // The tunnel events: each reauthentication initiated once, by one side; a
  // new Child SA and an old one deleted on each side.
  uint64_t initiated = 0;
  for (int side = 0; side < 2; ++side) {
    const auto& ev = p.status(side).events;
    initiated += ev.count(tunnel_event::kReauthInitiated);
    EXPECT_EQ(ev.count(tunnel_event::kReauthSucceeds), expected) << side;
    EXPECT_EQ(ev.count(tunnel_event::kDeletedReauthenticated) + ev.count(tunnel_event::kDeletedReauthenticatedByPeer),
              expected)
        << side;
    EXPECT_EQ(ev.count(tunnel_event::kReauthInitiated), ev.count(tunnel_event::kDeletedReauthenticated)) << side;
    EXPECT_EQ(ev.count(tunnel_event::kNegotiationSucceeds), 1u) << side;  // never down
  }
  EXPECT_EQ(initiated, expected);
  for (int side = 0; side < 2; ++side) {
    EXPECT_EQ(p.daemons[side]->counters().bad_icv, 0u);
    EXPECT_EQ(p.daemons[side]->counters().unknown_spi, 0u);
    EXPECT_EQ(p.daemons[side]->counters().reauth_failures, 0u);
  }
  // The current IKE SA: the newest line's, its reauthentication due N
  // lifetimes after its IKE_AUTH.
  const IkeSaView& now_sa = *p.status(0).ike;
  EXPECT_EQ(now_sa.authenticated_ps, lines0.back().created_ps);
  EXPECT_EQ(now_sa.reauth_ps, now_sa.authenticated_ps + kFrequency * kIkeLifetimeS * kS);
}

TEST(IkeReauth, OldChildSasLeaveOnlyAfterTheOldIkeSasDelete) {
  Pair p = reauth_pair(2);
  p.start();
  p.run_until(1000 * kS);
  const auto& h = p.daemons[0]->ike_sa_history();
  ASSERT_GE(h.size(), 5u);
  const IkeTimers timers;
  for (std::size_t i = 2; i < h.size(); i += 2) {
    const IkeSaView& fresh = h[i];
    const IkeSaView& old = h[i - 1];
    // The old IKE SA's only request after the new one is up is its DELETE.
    const Pair::Sent* del = first_request(p, old, ik::ExchangeType::kInformational, fresh.created_ps);
    ASSERT_NE(del, nullptr) << i;
    const uint64_t next = i + 2 < h.size() ? h[i + 2].created_ps : UINT64_MAX;
    for (int side = 0; side < 2; ++side) {
      // This reauthentication's programming: a new inbound SA first, then
      // the old inbound SA after the DELETE reached this side and lingered.
      std::vector<const Programmed*> steps;
      for (const auto& e : p.programming)
        if (e.side == side && e.at >= fresh.created_ps - 10 * kMs && e.at < next) steps.push_back(&e);
      ASSERT_FALSE(steps.empty());
      EXPECT_EQ(steps.front()->p.kind, SaProgramming::Kind::kInstallInbound) << i << " side " << side;
      int removed_inbound = 0;
      for (const Programmed* e : steps) {
        if (e->p.kind != SaProgramming::Kind::kRemoveInbound) continue;
        ++removed_inbound;
        EXPECT_GE(e->at, del->at + p.latency + timers.inbound_linger_ps) << i << " side " << side;
      }
      EXPECT_EQ(removed_inbound, 1) << i << " side " << side;
    }
  }
}

TEST(IkeReauth, TwoSelectorsGetNewChildSasBeforeTheOldIkeSaIsDeleted) {
  // Traffic-selector mode with two selectors: IKE_AUTH carries the first
  // Child SA, CREATE_CHILD_SA the second; the old IKE SA's DELETE waits for both.
  auto two = [](const char* local, const char* peer, bool mirrored) {
    VpnSettings v = vpn(local, peer);
    v.traffic_selector_mode = true;
    v.ike_lifetime_s = kIkeLifetimeS;
    v.reauth_frequency = 2;
    const char* nets[2][2] = {{"50.1.0.0/24", "60.1.0.0/24"}, {"50.2.0.0/24", "60.2.0.0/24"}};
    v.selectors.clear();
    for (auto& n : nets)
      v.selectors.push_back({"ts", *junos::IpPrefix::parse(n[mirrored ? 1 : 0]), *junos::IpPrefix::parse(n[mirrored ? 0 : 1])});
    return v;
  };
  Pair p(two("13.10.1.1", "13.10.2.2", false), two("13.10.2.2", "13.10.1.1", true));
  p.start();
  p.run_until(700 * kS);
  ASSERT_TRUE(p.status(0).up) << p.status(0).down_reason;
  const auto& h = p.daemons[0]->ike_sa_history();
  ASSERT_GE(h.size(), 5u);
  EXPECT_EQ(p.daemons[0]->counters().reauths, 2u);
  for (std::size_t i = 2; i < h.size(); i += 2) {
    const Pair::Sent* del = first_request(p, h[i - 1], ik::ExchangeType::kInformational, h[i].created_ps);
    ASSERT_NE(del, nullptr) << i;
    for (int side = 0; side < 2; ++side) {
      std::set<std::size_t> renewed;
      for (const auto& e : p.programming)
        if (e.side == side && e.p.kind == SaProgramming::Kind::kInstallInbound && e.at >= h[i].created_ps - 10 * kMs &&
            e.at <= del->at)
          renewed.insert(e.p.selector);
      EXPECT_EQ(renewed.size(), 2u) << i << " side " << side;
    }
  }
  for (int side = 0; side < 2; ++side) {
    int active = 0;
    for (const auto& c : p.status(side).children) active += c.outbound_active ? 1 : 0;
    EXPECT_EQ(active, 2) << side;
  }
  expect_make_before_break(p);
  expect_never_without_sa(p);
}

TEST(IkeReauth, OnlyTheFirstIkeAuthCarriesInitialContact) {
  Pair p = reauth_pair(2);
  p.start();
  p.run_until(700 * kS);
  const auto lines = authenticated(*p.daemons[0]);
  ASSERT_GE(lines.size(), 3u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Pair::Sent* auth = first_request(p, lines[i], ik::ExchangeType::kIkeAuth);
    ASSERT_NE(auth, nullptr) << i;
    const ik::SkKeys keys{lines[i].suite, lines[i].keys.sk_ei, lines[i].keys.sk_ai};
    auto m = ik::decode(auth->datagram.payload, &keys);
    ASSERT_TRUE(m) << i;
    bool initial_contact = false;
    for (const auto& pl : m->payloads)
      if (const auto* n = std::get_if<ik::NotifyPayload>(&pl.body); n && n->type == kInitialContact) initial_contact = true;
    EXPECT_EQ(initial_contact, i == 0) << "IKE_AUTH of authentication " << i;
    EXPECT_NE(ik::find_payload<ik::AuthPayload>(*m, ik::PayloadType::kAuth), nullptr) << i;  // PSK AUTH every time
  }
}

TEST(IkeReauth, FrequencyZeroNeverReauthenticatesOneAlwaysDoes) {
  for (uint32_t frequency : {0u, 1u}) {
    Pair p = reauth_pair(frequency);
    p.start();
    p.run_until(1000 * kS);
    ASSERT_TRUE(p.status(0).up);
    const auto& h = p.daemons[0]->ike_sa_history();
    ASSERT_GE(h.size(), 6u) << frequency;
    for (std::size_t i = 0; i < h.size(); ++i)
      EXPECT_EQ(h[i].rekeys_since_auth, frequency ? 0 : i) << frequency << " " << i;
    const uint64_t reauths = p.daemons[0]->counters().reauths;
    EXPECT_EQ(reauths, frequency ? h.size() - 1 : 0u);
    EXPECT_EQ(p.status(0).ike_rekeys, frequency ? 0u : h.size() - 1);
    EXPECT_EQ(p.status(0).ike->reauth_ps, frequency ? p.status(0).ike->created_ps + kIkeLifetimeS * kS : 0u);
    std::size_t installs = 0;
    for (const auto& e : p.programming) installs += e.p.kind == SaProgramming::Kind::kInstallInbound ? 1 : 0;
    EXPECT_EQ(installs, 2 * (1 + reauths)) << frequency;
    expect_make_before_break(p);
    expect_never_without_sa(p);
  }
}

TEST(IkeReauth, TheShowGivesTheReauthLifetime) {
  for (uint32_t frequency : {0u, 2u}) {
    Pair p = reauth_pair(frequency);
    p.start();
    p.run_until(100 * kS);
    const IkeSaView& sa = *p.status(0).ike;
    const std::string show = show_ike_security_associations(*p.daemons[0], junos::DeviceConfig{}, std::nullopt, true, p.now);
    const std::string want = frequency ? fmt::format("  Reauth Lifetime: Expires in {} seconds\n",
                                                     (sa.authenticated_ps + 2 * kIkeLifetimeS * kS - p.now) / kS)
                                       : std::string("  Reauth Lifetime: Disabled\n");
    EXPECT_NE(show.find(want), std::string::npos) << show;
  }
}

TEST(IkeReauth, AnUnansweredReauthRetransmitsAndKeepsTheOldSasUntilTheyExpire) {
  // Child SAs of 600 s: soft at 480-510 s, after the reauthentication's
  // retransmissions (from 288-306 s, 165 s in all) have run out.
  Pair p = reauth_pair(2, 600);
  p.start();
  p.run_until(200 * kS);
  ASSERT_EQ(p.status(0).ike_rekeys, 1u);  // the next soft lifetime reauthenticates
  p.daemons[1]->stop(p.now);              // PE2's iked dies: its SAs stay programmed, it answers nothing
  const IkeSaView old = *p.status(0).ike;
  const uint64_t start = old.soft_ps;
  ASSERT_FALSE(p.status(0).children.empty());
  const uint64_t child_hard = p.status(0).children.front().hard_ps;
  const std::size_t programmed = p.programming.size();
  auto inits = [&](uint64_t until) {
    std::vector<Pair::Sent> out;
    for (const auto& s : p.log) {
      auto h = ik::peek_header(s.datagram.payload);
      if (s.side == 0 && s.at >= start && s.at < until && h && h->exchange == ik::ExchangeType::kIkeSaInit) out.push_back(s);
    }
    return out;
  };
  const IkeTimers timers;
  p.run_until(start + 160 * kS);
  // IKE_SA_INIT and its five retransmissions (4 s x 1.8^n), all for one new IKE SA.
  const auto tries = inits(p.now);
  ASSERT_EQ(tries.size(), 1 + timers.retransmit_tries);
  EXPECT_EQ(tries.front().at, start);
  for (std::size_t i = 1; i < tries.size(); ++i) {
    EXPECT_EQ(ik::peek_header(tries[i].datagram.payload)->spi_i, ik::peek_header(tries[0].datagram.payload)->spi_i);
    EXPECT_GT(tries[i].at - tries[i - 1].at, i > 1 ? tries[i - 1].at - tries[i - 2].at : 0);
  }
  EXPECT_EQ(p.daemons[0]->counters().reauth_failures, 0u);
  p.run_until(start + 170 * kS);
  EXPECT_EQ(p.daemons[0]->counters().reauth_failures, 1u);
  EXPECT_EQ(p.daemons[0]->counters().reauths, 0u);
  // The old IKE SA and its Child SAs stay: the tunnel is up, nothing was
  // removed from the data plane.
  EXPECT_TRUE(p.status(0).up);
  EXPECT_EQ(p.status(0).ike->spi_i, old.spi_i);
  EXPECT_EQ(p.programming.size(), programmed);
  EXPECT_EQ(p.status(0).events.count(tunnel_event::kReauthFailed), 1u);
  // It tries again (a new IKE SA) while the old SAs last.
  p.run_until(start + 185 * kS);
  EXPECT_GT(inits(p.now).size(), tries.size());
  // The old Child SA leaves at its hard lifetime, not before.
  p.run_until(child_hard + 1 * kS);
  ASSERT_GT(p.programming.size(), programmed);
  EXPECT_EQ(p.programming[programmed].side, 0);
  EXPECT_EQ(p.programming[programmed].p.kind, SaProgramming::Kind::kRemoveOutbound);
  EXPECT_EQ(p.programming[programmed].at, child_hard);
  EXPECT_FALSE(p.status(0).up);
  EXPECT_EQ(p.status(0).down_reason, "no IPsec SA (expired)");
}

}  // namespace
}  // namespace trio6sim::control
