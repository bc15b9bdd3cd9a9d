// The tunnel's MTU, DF policy and DSCP on the chip's path (issue 19): an
// inner IPv4 packet without DF that does not fit the tunnel MTU is cut into
// fragments before ESP, each fragment its own ESP packet [T]; one with DF,
// or an IPv6 one, is dropped by cause; the outer DF follows `df-bit`; the
// inner DSCP is copied outward on encryption and, with `copy-outer-dscp`,
// the outer DSCP inward on decryption.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>

#include "crypto/esp_format.h"
#include "crypto/esp_inbound.h"
#include "crypto/esp_outbound.h"
#include "harness.h"
#include "one_tunnel.h"
#include "packet/ip_protocol.h"
#include "packet/ipv4.h"

namespace trio6sim::models {
namespace {

using test::Harness;
using test::ip;

using Tunnel = test::OneTunnel;

// The test tunnel (one_tunnel.h); `tune` adjusts the two SAs before they are
// installed.
Tunnel tunnel(Harness& h, const std::function<void(Tunnel&)>& tune = {}) { return test::build_one_tunnel(h, tune); }

// An IPv4 packet into the tunnel whose payload bytes all differ (so that a
// reassembly out of order would show), with DF and DSCP as given.
PacketPtr inner_packet(Harness& h, std::size_t bytes, bool df = false, uint8_t dscp = 0, const char* dst = "10.10.0.5") {
  PacketPtr p = h.ipv4("10.1.1.1", dst, bytes);
  for (std::size_t i = kIpv4HeaderBytes; i < bytes; ++i) p->data()[i] = static_cast<uint8_t>(i * 7 + i / 256);
  Ipv4View v(p->data());
  v.set_df(df);
  v.set_dscp(dscp);
  v.set_identification(0x4242);
  v.update_checksum();
  return p;
}

// What the far end of the tunnel opens: each frame this chip sent, decrypted.
std::vector<std::vector<uint8_t>> open_all(const Harness& h, const crypto::SaConfig& sa) {
  crypto::InboundSa peer(sa);
  std::vector<std::vector<uint8_t>> inner;
  for (const auto& e : h.sent) {
    Packet q;
    EXPECT_TRUE(q.assign(e.bytes));
    EXPECT_TRUE(peer.open(q));
    inner.emplace_back(q.bytes().begin(), q.bytes().end());
  }
  return inner;
}

// RFC 791 reassembly of one datagram's fragments (any order): its payload,
// or empty when a piece is missing or the fragments disagree.
std::vector<uint8_t> reassembled_payload(const std::vector<std::vector<uint8_t>>& fragments) {
  std::map<std::size_t, std::vector<uint8_t>> by_offset;
  std::size_t total = 0;
  for (const auto& f : fragments) {
    Ipv4ConstView v(f.data());
    const std::size_t offset = std::size_t{v.fragment_offset()} * 8;
    const std::size_t data = v.total_length() - v.header_length();
    by_offset[offset].assign(f.begin() + v.header_length(), f.begin() + v.total_length());
    if (!v.mf()) total = offset + data;
  }
  std::vector<uint8_t> payload;
  for (const auto& [offset, data] : by_offset) {
    if (offset != payload.size()) return {};
    payload.insert(payload.end(), data.begin(), data.end());
  }
  return payload.size() == total ? payload : std::vector<uint8_t>{};
}

// Fragments of inner_packet()'s datagram after one hop: each at most
// `max_bytes`, its identification kept, TTL decremented, checksum valid.
void expect_pieces_of_the_datagram(const std::vector<std::vector<uint8_t>>& fragments, std::size_t max_bytes) {
  for (const auto& f : fragments) {
    EXPECT_LE(f.size(), max_bytes);
    Ipv4ConstView v(f.data());
    EXPECT_EQ(v.identification(), 0x4242);
    EXPECT_EQ(v.ttl(), 63);
    EXPECT_TRUE(v.checksum_ok());
  }
}

// One datagram cut into `fragments`, as the chip's IP statistics count it,
// conservation counting the fragments added, nothing left in flight.
void expect_one_datagram_cut(const Harness& h, std::size_t fragments) {
  const TrafficStatistics& s = h.chip->traffic();
  EXPECT_EQ(s.datagrams_fragmented, 1u);
  EXPECT_EQ(s.fragments_created, fragments);
  EXPECT_EQ(s.offered_packets + s.packets_added_by_fragmentation(), s.delivered_packets + s.drops.total());
  EXPECT_EQ(h.chip->packets_in_flight(), 0u);
}

TEST(TunnelMtu, Ipv4WithoutDfIsCutBeforeEspEachFragmentItsOwnEspPacket) {
  Harness h;
  Tunnel t = tunnel(h, [](Tunnel& t) { t.out.tunnel_mtu = 600; });
  PacketPtr p = inner_packet(h, 1400);
  const std::vector<uint8_t> payload(p->data() + kIpv4HeaderBytes, p->data() + 1400);
  h.chip->inject(std::move(p), 12, 0);
  h.run();

  // 1400 B of IP in 600 B ESP packets: at most 546 B of inner IP each (600
  // less 54 B of ESP in IPv4), 520 B of data: three fragments.
  const std::size_t max_inner = crypto::OutboundSa(t.out).max_inner_bytes();
  ASSERT_EQ(h.sent.size(), 3u);
  for (const auto& e : h.sent) {
    EXPECT_LE(e.bytes.size(), 600u);  // no ESP packet above the tunnel MTU
    EXPECT_EQ(e.bytes[9], ipproto::kEsp);
  }
  const auto inner = open_all(h, t.out);
  expect_pieces_of_the_datagram(inner, max_inner);
  EXPECT_EQ(reassembled_payload(inner), payload);

  // Counted as Junos counts them: each fragment an encrypted packet of the
  // SA; st0 output counts the packet routed into it once; the split is in
  // the chip's IP statistics and conservation counts the fragments added.
  EXPECT_EQ(h.chip->ipsec_statistics(0).encrypted_packets, 3u);
  EXPECT_EQ(h.chip->counters(t.st0).output_packets, 1u);
  expect_one_datagram_cut(h, 3);
}

TEST(TunnelMtu, APacketThatFitsGoesWhole) {
  Harness h;
  Tunnel t = tunnel(h, [](Tunnel& t) { t.out.tunnel_mtu = 600; });
  const std::size_t max_inner = crypto::OutboundSa(t.out).max_inner_bytes();
  h.chip->inject(inner_packet(h, max_inner), 12, 0);
  h.chip->inject(inner_packet(h, max_inner + 1), 12, 1'000'000);
  h.run();
  ASSERT_EQ(h.sent.size(), 3u);  // the first whole, the second in two
  EXPECT_EQ(h.sent[0].bytes.size(), 600u);
  EXPECT_EQ(h.chip->traffic().datagrams_fragmented, 1u);
}

TEST(TunnelMtu, DfSetThatDoesNotFitIsDroppedAsFragmentNeeded) {
  Harness h;
  Tunnel t = tunnel(h, [](Tunnel& t) { t.out.tunnel_mtu = 600; });
  h.chip->inject(inner_packet(h, 1400, /*df=*/true), 12, 0);
  h.chip->inject(inner_packet(h, 400, /*df=*/true), 12, 1'000'000);  // fits: goes
  h.run();
  ASSERT_EQ(h.sent.size(), 1u);
  EXPECT_EQ(h.drops(DropCause::kEspFragmentNeeded), 1u);
  EXPECT_EQ(h.chip->ipsec_statistics(0).fragment_needed, 1u);
  EXPECT_EQ(h.chip->ipsec_statistics(0).encrypted_packets, 1u);
  EXPECT_EQ(h.chip->traffic().datagrams_fragmented, 0u);
}

TEST(TunnelMtu, Ipv6LargerThanTheTunnelMtuIsDroppedNotFragmented) {
  Harness h;
  const Tunnel t = tunnel(h, [](Tunnel& t) { t.out.tunnel_mtu = 600; });
  h.chip->add_route(ip("2001:db8:10::"), 48, NextHop::st0(t.st0));
  h.chip->inject(h.ipv6("2001:db8:1::1", "2001:db8:10::5", 1400), 12, 0);
  h.run();
  EXPECT_TRUE(h.sent.empty());
  EXPECT_EQ(h.drops(DropCause::kEspFragmentNeeded), 1u);
}

TEST(TunnelMtu, WithoutATunnelMtuNothingIsCut) {
  Harness h;
  tunnel(h);
  h.chip->inject(inner_packet(h, 8000), 12, 0);
  h.run();
  ASSERT_EQ(h.sent.size(), 1u);
  EXPECT_EQ(h.sent[0].bytes.size(), 8000 + crypto::esp_overhead_bytes(8000, false, false));
}

// The split's cost, ipsec.prefragment_cycles_per_fragment, delays the
// fragments by its cycles for each fragment.
TEST(TunnelMtu, PrefragmentCyclesDelayTheFragments) {
  auto last_bit = [](double cycles) {
    Trio6Params params;
    params.ipsec.prefragment_cycles_per_fragment = cycles;
    Harness h(params);
    tunnel(h, [](Tunnel& t) { t.out.tunnel_mtu = 600; });
    h.chip->inject(inner_packet(h, 1400), 12, 0);
    h.run();
    EXPECT_EQ(h.sent.size(), 3u);
    return h.sent.back().last_bit_ps;
  };
  const uint64_t cheap = last_bit(0), costly = last_bit(1200);
  // 3 fragments x 1,200 cycles at 1.2 GHz = 3 us later.
  EXPECT_EQ(costly - cheap, 3'000'000u);
}

TEST(DfBit, OuterDfFollowsThePolicy) {
  struct Case {
    crypto::DfPolicy policy;
    bool inner_df, outer_df;
  };
  for (const Case c : {Case{crypto::DfPolicy::kClear, true, false}, Case{crypto::DfPolicy::kSet, false, true},
                       Case{crypto::DfPolicy::kCopy, true, true}, Case{crypto::DfPolicy::kCopy, false, false}}) {
    Harness h;
    tunnel(h, [&](Tunnel& t) { t.out.df = c.policy; });
    h.chip->inject(inner_packet(h, 300, c.inner_df), 12, 0);
    h.run();
    ASSERT_EQ(h.sent.size(), 1u);
    EXPECT_EQ(Ipv4ConstView(h.sent[0].bytes.data()).df(), c.outer_df) << static_cast<int>(c.policy);
  }
}

// Pre-fragmented packets leave with the policy's outer DF too: the copy of
// an inner DF clear (fragments never carry DF) is clear.
TEST(DfBit, FragmentsTakeThePolicysOuterDf) {
  Harness h;
  tunnel(h, [](Tunnel& t) {
    t.out.tunnel_mtu = 600;
    t.out.df = crypto::DfPolicy::kSet;
  });
  h.chip->inject(inner_packet(h, 1400), 12, 0);
  h.run();
  ASSERT_EQ(h.sent.size(), 3u);
  for (const auto& e : h.sent) EXPECT_TRUE(Ipv4ConstView(e.bytes.data()).df());
}

TEST(Dscp, InnerDscpIsCopiedToTheOuterHeaderOnEncryption) {
  Harness h;
  tunnel(h, [](Tunnel& t) { t.out.tunnel_mtu = 600; });
  h.chip->inject(inner_packet(h, 300, false, 46), 12, 0);
  h.chip->inject(inner_packet(h, 1400, false, 26), 12, 1'000'000);  // its fragments too
  h.run();
  ASSERT_EQ(h.sent.size(), 4u);
  EXPECT_EQ(Ipv4ConstView(h.sent[0].bytes.data()).dscp(), 46);
  for (std::size_t i = 1; i < 4; ++i) EXPECT_EQ(Ipv4ConstView(h.sent[i].bytes.data()).dscp(), 26);
}

// ESP from the peer whose outer DSCP a core re-marked (10) over an inner
// packet marked 46: copy-outer-dscp gives the inner packet the outer DSCP,
// without it the inner DSCP stays.
TEST(Dscp, CopyOuterDscpCarriesTheOuterDscpInwardOnDecryption) {
  for (const bool copy : {true, false}) {
    Harness h;
    Tunnel t = tunnel(h, [&](Tunnel& t) { t.in.copy_outer_dscp = copy; });
    crypto::SaConfig peer_config = t.in;
    peer_config.outer_dscp = 10;  // what the re-marking core leaves on the outer header
    crypto::OutboundSa peer(peer_config);
    PacketPtr p = inner_packet(h, 300, false, 46, "172.16.0.9");
    ASSERT_TRUE(peer.seal(*p));
    ASSERT_EQ(Ipv4ConstView(p->data()).dscp(), 10);
    h.chip->inject(std::move(p), 12, 0);
    h.run();
    ASSERT_EQ(h.sent.size(), 1u);
    Ipv4ConstView v(h.sent[0].bytes.data());
    EXPECT_EQ(v.dscp(), copy ? 10 : 46);
    EXPECT_TRUE(v.checksum_ok());
  }
}

// The egress MTU (Trio6::set_interface_mtu, Junos `interfaces X mtu`): the
// media MTU less the 14 B header is the largest IP packet that leaves.
TEST(EgressMtu, Ipv4WithoutDfIsCutToTheInterfaceMtu) {
  Harness h;
  tunnel(h);
  const IfIndex wan = *h.chip->find_interface("et-0/0/13");
  h.chip->set_interface_mtu(wan, 1014);  // 1,000 B of IP
  PacketPtr p = inner_packet(h, 2400, false, 0, "172.16.0.9");
  const std::vector<uint8_t> payload(p->data() + kIpv4HeaderBytes, p->data() + 2400);
  h.chip->inject(std::move(p), 12, 0);
  h.run();
  ASSERT_EQ(h.sent.size(), 3u);
  std::vector<std::vector<uint8_t>> fragments;
  for (const auto& e : h.sent) {
    EXPECT_LE(e.bytes.size(), 1000u);
    fragments.push_back(e.bytes);
  }
  EXPECT_EQ(reassembled_payload(fragments), payload);
  expect_one_datagram_cut(h, 3);
}

TEST(EgressMtu, DfSetOrIpv6ThatDoesNotFitIsDroppedAsMtuExceeded) {
  Harness h;
  tunnel(h);
  const IfIndex wan = *h.chip->find_interface("et-0/0/13");
  h.chip->set_interface_mtu(wan, 1014);
  h.chip->add_route(ip("2001:db8:99::"), 48, NextHop::interface(wan));
  h.chip->inject(inner_packet(h, 2400, /*df=*/true, 0, "172.16.0.9"), 12, 0);
  h.chip->inject(h.ipv6("2001:db8:1::1", "2001:db8:99::5", 1400), 12, 1'000'000);
  h.chip->inject(inner_packet(h, 1000, /*df=*/true, 0, "172.16.0.9"), 12, 2'000'000);  // fits exactly
  h.run();
  ASSERT_EQ(h.sent.size(), 1u);
  EXPECT_EQ(h.drops(DropCause::kMtuExceeded), 2u);
}

// The st0 unit's `family inet mtu` (Trio6::set_tunnel_ip_mtu): an IPv4
// packet without DF larger than it is cut by the lookup as it is routed into
// the tunnel, each fragment its own ESP packet; the far end reassembles.
TEST(St0Mtu, Ipv4WithoutDfIsCutBeforeTheTunnelEachFragmentItsOwnEspPacket) {
  Harness h;
  Tunnel t = tunnel(h);
  h.chip->set_tunnel_ip_mtu(t.st0, 1000, 0);
  PacketPtr p = inner_packet(h, 2400);
  const std::vector<uint8_t> payload(p->data() + kIpv4HeaderBytes, p->data() + 2400);
  h.chip->inject(std::move(p), 12, 0);
  h.chip->inject(inner_packet(h, 1000), 12, 1'000'000);  // fits exactly: whole
  h.run();
  ASSERT_EQ(h.sent.size(), 4u);  // 2,400 B in three fragments of at most 1,000 B, then the whole one
  const auto inner = open_all(h, t.out);
  std::vector<std::vector<uint8_t>> fragments(inner.begin(), inner.begin() + 3);
  expect_pieces_of_the_datagram(fragments, 1000);
  EXPECT_EQ(reassembled_payload(fragments), payload);
  EXPECT_EQ(inner[3].size(), 1000u);
  EXPECT_EQ(h.chip->ipsec_statistics(0).encrypted_packets, 4u);
  expect_one_datagram_cut(h, 3);
}

// DF set, or IPv6 above `family inet6 mtu`: dropped as `mtu exceeded`, never
// encrypted; each family has its own MTU, and 0 means no limit.
TEST(St0Mtu, DfSetOrIpv6AboveItsFamilysMtuIsDropped) {
  Harness h;
  Tunnel t = tunnel(h);
  h.chip->add_route(ip("2001:db8:99::"), 48, NextHop::st0(t.st0));
  h.chip->set_tunnel_ip_mtu(t.st0, 1000, 1280);
  h.chip->inject(inner_packet(h, 1400, /*df=*/true), 12, 0);
  h.chip->inject(h.ipv6("2001:db8:1::1", "2001:db8:99::5", 1281), 12, 1'000'000);
  h.chip->inject(h.ipv6("2001:db8:1::1", "2001:db8:99::5", 1280), 12, 2'000'000);  // fits
  h.run();
  EXPECT_EQ(h.drops(DropCause::kMtuExceeded), 2u);
  EXPECT_EQ(h.sent.size(), 1u);
  EXPECT_EQ(h.chip->ipsec_statistics(0).encrypted_packets, 1u);
  // Only IPv6 limited: a 1,400 B IPv4 packet with DF goes whole.
  h.chip->set_tunnel_ip_mtu(t.st0, 0, 1280);
  h.chip->inject(inner_packet(h, 1400, /*df=*/true), 12, 1'000'000'000);
  h.run();
  EXPECT_EQ(h.sent.size(), 2u);
  EXPECT_EQ(h.drops(DropCause::kMtuExceeded), 2u);
}

// Only an st0 unit (or another chip's view of one) has a tunnel IP MTU.
TEST(St0Mtu, OnlySt0UnitsTakeIt) {
  Harness h;
  Tunnel t = tunnel(h);
  EXPECT_THROW(h.chip->set_tunnel_ip_mtu(t.wan_out, 1000, 0), ConfigError);
  EXPECT_THROW(h.chip->set_tunnel_ip_mtu(t.st0, 70000, 0), ConfigError);
  EXPECT_NO_THROW(h.chip->set_tunnel_ip_mtu(t.st0, 1000, 0));
}

// After encryption: an ESP packet larger than the core port's MTU is cut
// when its outer DF is clear (the far end cannot decrypt the pieces), and
// dropped when the policy set it.
TEST(EgressMtu, EspLargerThanTheCorePortIsCutOrDroppedByTheOuterDf) {
  for (const auto policy : {crypto::DfPolicy::kClear, crypto::DfPolicy::kSet}) {
    Harness h;
    tunnel(h, [&](Tunnel& t) { t.out.df = policy; });
    h.chip->set_interface_mtu(*h.chip->find_interface("et-0/0/13"), 1514);
    h.chip->inject(inner_packet(h, 3000), 12, 0);
    h.run();
    EXPECT_EQ(h.chip->ipsec_statistics(0).encrypted_packets, 1u);
    if (policy == crypto::DfPolicy::kClear) {
      ASSERT_EQ(h.sent.size(), 3u);
      for (const auto& e : h.sent) {
        EXPECT_LE(e.bytes.size(), 1500u);
        EXPECT_EQ(e.bytes[9], ipproto::kEsp);
        EXPECT_TRUE(Ipv4ConstView(e.bytes.data()).is_fragment());
      }
    } else {
      EXPECT_TRUE(h.sent.empty());
      EXPECT_EQ(h.drops(DropCause::kMtuExceeded), 1u);
    }
  }
}

// lookup.fragment_cycles_per_fragment holds the routing program's thread
// that much longer per fragment.
TEST(EgressMtu, FragmentCyclesDelayTheFragments) {
  auto last_bit = [](uint32_t cycles) {
    Trio6Params params;
    params.lookup.fragment_cycles_per_fragment = cycles;
    Harness h(params);
    tunnel(h);
    h.chip->set_interface_mtu(*h.chip->find_interface("et-0/0/13"), 1014);
    h.chip->inject(inner_packet(h, 2400, false, 0, "172.16.0.9"), 12, 0);
    h.run();
    EXPECT_EQ(h.sent.size(), 3u);
    return h.sent.front().last_bit_ps;
  };
  // 3 fragments x 1,200 cycles at 1.2 GHz = 3 us later.
  EXPECT_EQ(last_bit(1200) - last_bit(0), 3'000'000u);
}

}  // namespace
}  // namespace trio6sim::models
