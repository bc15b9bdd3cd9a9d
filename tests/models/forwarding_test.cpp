// Functional behavior of the chip on single packets: routes, next hops,
// TTL, aggregates, MPLS, local delivery, the IPsec paths with real bytes,
// and a drop cause for every discarded packet.
#include <gtest/gtest.h>

#include "crypto/esp_format.h"
#include "crypto/esp_inbound.h"
#include "crypto/esp_outbound.h"
#include "harness.h"
#include "one_tunnel.h"
#include "models/forwarding_table.h"
#include "models/units.h"
#include "packet/ip_protocol.h"
#include "packet/ipv6.h"
#include "packet/udp.h"

namespace trio6sim::models {
namespace {

using test::Harness;
using test::ip;

TEST(RouteTable, LongestPrefixWins) {
  RouteTable t(32);
  t.add(ip("10.0.0.0").data(), 8, NextHop::discard());
  t.add(ip("10.1.0.0").data(), 16, NextHop::local());
  t.add(ip("0.0.0.0").data(), 0, NextHop::interface(7));
  EXPECT_EQ(t.lookup(ip("10.1.2.3").data())->kind, NextHopKind::kLocal);
  EXPECT_EQ(t.lookup(ip("10.2.2.3").data())->kind, NextHopKind::kDiscard);
  EXPECT_EQ(t.lookup(ip("11.0.0.1").data())->ifl, 7u);
  EXPECT_TRUE(t.remove(ip("10.1.0.0").data(), 16));
  EXPECT_FALSE(t.remove(ip("10.1.0.0").data(), 16));
  EXPECT_EQ(t.lookup(ip("10.1.2.3").data())->kind, NextHopKind::kDiscard);
  RouteTable t6(128);
  t6.add(ip("2001:db8::").data(), 32, NextHop::local());
  t6.add(ip("2001:db8:1::").data(), 48, NextHop::discard());
  EXPECT_EQ(t6.lookup(ip("2001:db8:1::5").data())->kind, NextHopKind::kDiscard);
  EXPECT_EQ(t6.lookup(ip("2001:db8:2::5").data())->kind, NextHopKind::kLocal);
  EXPECT_EQ(t6.lookup(ip("2001:db9::1").data()), nullptr);
}

TEST(Forwarding, ClearPacketLeavesTheRoutedPortWithTtlDecremented) {
  Harness h;
  const IfIndex in = h.chip->add_physical_interface("et-0/0/12", 12);
  const IfIndex out = h.chip->add_physical_interface("et-0/0/0", 0);  // other slice: crosses the fabric
  h.chip->add_route(ip("192.168.0.0"), 16, NextHop::interface(out));
  h.chip->inject(h.ipv4("10.0.0.1", "192.168.1.1", 200, 64), 12, 0);
  h.run();
  ASSERT_EQ(h.sent.size(), 1u);
  EXPECT_EQ(h.sent[0].port, 0);
  EXPECT_EQ(Ipv4ConstView(h.sent[0].bytes.data()).ttl(), 63);
  EXPECT_TRUE(Ipv4ConstView(h.sent[0].bytes.data()).checksum_ok());
  EXPECT_EQ(h.chip->counters(in).input_packets, 1u);
  EXPECT_EQ(h.chip->counters(in).input_bytes, 200u + 18);
  EXPECT_EQ(h.chip->counters(out).output_packets, 1u);
  EXPECT_EQ(h.chip->fabric().counters(1).packets, 1u);
  EXPECT_EQ(h.chip->fabric().counters(1).cells, (200u + 14 + 63) / 64);
}

TEST(Forwarding, RoutesToARemovedInterfaceAreInterfaceDown) {
  Harness h;
  h.chip->add_physical_interface("et-0/0/12", 12);
  const IfIndex gone = h.chip->add_physical_interface("et-0/0/13", 13);
  const IfIndex member = h.chip->add_physical_interface("et-0/0/14", 14);
  const IfIndex ae = h.chip->add_aggregate_interface("ae9", {member});
  h.chip->add_route(ip("10.1.0.0"), 16, NextHop::interface(gone));
  h.chip->add_route(ip("10.2.0.0"), 16, NextHop::interface(ae));
  h.chip->remove_interface(gone);
  h.chip->remove_interface(member);  // the bundle's only link
  h.chip->inject(h.ipv4("1.1.1.1", "10.1.0.1"), 12, 0);
  h.chip->inject(h.ipv4("1.1.1.1", "10.2.0.1"), 12, 1000);
  h.run();
  EXPECT_EQ(h.drops(DropCause::kInterfaceDown), 2u);
  EXPECT_EQ(h.drops(DropCause::kNoRoute), 0u);
}

TEST(Forwarding, EveryDiscardHasItsCause) {
  Harness h;
  h.chip->add_physical_interface("et-0/0/12", 12);
  h.chip->add_route(ip("10.9.0.0"), 16, NextHop::discard());
  h.chip->add_route(ip("10.8.0.0"), 16, NextHop::local());
  const IfIndex st0 = h.chip->add_st0_unit(5);
  h.chip->add_route(ip("10.7.0.0"), 16, NextHop::st0(st0));  // no tunnel bound
  const IfIndex si_out = h.chip->add_si_unit(0, 0, 1);
  h.chip->add_route(ip("192.0.2.1"), 32, NextHop::si_outside(si_out));
  h.chip->inject(h.ipv4("1.1.1.1", "172.16.0.1"), 12, 0);          // no route
  h.chip->inject(h.ipv4("1.1.1.1", "10.9.0.1"), 12, 1000);         // discard
  h.chip->inject(h.ipv4("1.1.1.1", "10.8.0.1"), 12, 2000);         // local
  h.chip->inject(h.ipv4("1.1.1.1", "10.9.0.1", 100, 1), 12, 3000); // ttl
  h.chip->inject(h.ipv4("1.1.1.1", "10.7.0.1"), 12, 4000);         // tunnel down
  h.chip->inject(h.ipv4("198.51.100.1", "192.0.2.1", 120), 12, 5000);  // not ESP, to the gateway
  PacketPtr junk = h.chip->pool().acquire();
  junk->push_back(60)[0] = 0x70;  // IP version 7
  h.chip->inject(std::move(junk), 12, 6000);
  h.run();
  EXPECT_EQ(h.drops(DropCause::kNoRoute), 1u);
  EXPECT_EQ(h.drops(DropCause::kDiscardRoute), 1u);
  EXPECT_EQ(h.chip->traffic().delivered_to_host_packets, 1u);
  EXPECT_EQ(h.drops(DropCause::kTtlExpired), 1u);
  EXPECT_EQ(h.drops(DropCause::kTunnelDown), 1u);
  EXPECT_EQ(h.drops(DropCause::kEspBadHeader) + h.drops(DropCause::kEspNoSa), 1u);
  EXPECT_EQ(h.drops(DropCause::kMalformed), 1u);
  const auto& t = h.chip->traffic();
  EXPECT_EQ(t.offered_packets, t.delivered_packets + t.delivered_to_host_packets + t.drops.total());
  EXPECT_EQ(h.chip->packets_in_flight(), 0u);
}

TEST(Forwarding, AggregateHashesFlowsOverMembersAndKeepsEachFlowOnOneLink) {
  Harness h;
  h.chip->add_physical_interface("et-0/0/12", 12);
  const IfIndex m0 = h.chip->add_physical_interface("et-0/0/13", 13);
  const IfIndex m1 = h.chip->add_physical_interface("et-0/0/14", 14);
  const IfIndex ae = h.chip->add_aggregate_interface("ae0", {m0, m1});
  h.chip->add_route(ip("10.0.0.0"), 8, NextHop::interface(ae));
  for (uint32_t i = 0; i < 64; ++i) h.chip->inject(h.ipv4("1.1.1.1", "10.0.0.1", 100, 64, i % 8), 12, i * 10000);
  h.run();
  ASSERT_EQ(h.sent.size(), 64u);
  EXPECT_GT(h.chip->counters(m0).output_packets, 0u);
  EXPECT_GT(h.chip->counters(m1).output_packets, 0u);
  EXPECT_EQ(h.chip->counters(ae).output_packets, 64u);
  EXPECT_EQ(h.chip->counters(m0).output_packets + h.chip->counters(m1).output_packets, 64u);
}

TEST(Forwarding, AggregateHashesOverTheMembersThatAreUp) {
  Harness h;
  h.chip->add_physical_interface("et-0/0/12", 12);
  const IfIndex m0 = h.chip->add_physical_interface("et-0/0/13", 13);
  const IfIndex m1 = h.chip->add_physical_interface("et-0/0/14", 14);
  const IfIndex ae = h.chip->add_aggregate_interface("ae0", {m0, m1});
  h.chip->add_route(ip("10.0.0.0"), 8, NextHop::interface(ae));
  h.chip->add_route(ip("20.0.0.0"), 8, NextHop::interface(m0));
  h.chip->set_link_up(m0, false);
  for (uint32_t i = 0; i < 32; ++i) h.chip->inject(h.ipv4("1.1.1.1", "10.0.0.1", 100, 64, i % 8), 12, i * 10000);
  h.chip->inject(h.ipv4("1.1.1.1", "20.0.0.1", 100), 12, 400000);  // straight out of the down port
  h.run();
  EXPECT_EQ(h.chip->counters(m0).output_packets, 0u);
  EXPECT_EQ(h.chip->counters(m1).output_packets, 32u);
  EXPECT_EQ(h.chip->traffic().drops[DropCause::kInterfaceDown], 1u);
  // Both down: the aggregate has no link.
  h.chip->set_link_up(m1, false);
  h.chip->inject(h.ipv4("1.1.1.1", "10.0.0.1", 100), 12, now_ps() + 1000000);
  h.run();
  EXPECT_EQ(h.chip->traffic().drops[DropCause::kInterfaceDown], 2u);
  EXPECT_THROW(h.chip->set_link_up(ae, false), ConfigError);  // only ports have a link
}

TEST(Forwarding, MplsPushAddsOneLabel) {
  Harness h;
  h.chip->add_physical_interface("et-0/0/12", 12);
  const IfIndex out = h.chip->add_physical_interface("et-0/0/13", 13);
  h.chip->add_route(ip("10.0.0.0"), 8, NextHop::mpls_push(16001, out));
  h.chip->inject(h.ipv4("1.1.1.1", "10.0.0.1", 100), 12, 0);
  h.run();
  ASSERT_EQ(h.sent.size(), 1u);
  ASSERT_EQ(h.sent[0].bytes.size(), 104u);
  EXPECT_EQ(load_be32(h.sent[0].bytes.data()) >> 12, 16001u);
  EXPECT_EQ(h.sent[0].bytes[2] & 1, 1);  // bottom of stack
}

TEST(Forwarding, Ipv6FollowsItsOwnTable) {
  Harness h;
  h.chip->add_physical_interface("et-0/0/12", 12);
  const IfIndex out = h.chip->add_physical_interface("et-0/0/13", 13);
  h.chip->add_route(ip("2001:db8::"), 32, NextHop::interface(out));
  h.chip->inject(h.ipv6("2001:db8:1::1", "2001:db8:2::2", 120), 12, 0);
  h.run();
  ASSERT_EQ(h.sent.size(), 1u);
  EXPECT_EQ(Ipv6ConstView(h.sent[0].bytes.data()).hop_limit(), 63);
}

using TunnelSetup = test::OneTunnel;

// The test tunnel (one_tunnel.h) with a salt; `udp`: both SAs carry ESP in
// UDP 4500 <-> 4500 (RFC 3948, as after NAT-T).
TunnelSetup build_tunnel(Harness& h, bool udp = false) {
  return test::build_one_tunnel(h, [udp](TunnelSetup& t) {
    t.out.salt = t.in.salt = 0x01020304;
    if (udp) t.out.udp_encap = t.in.udp_encap = crypto::UdpEncapsulation{4500, 4500};
  });
}

TEST(Ipsec, EncryptedPacketOpensWithThePeersSa) {
  Harness h;
  TunnelSetup t = build_tunnel(h);
  PacketPtr p = h.ipv4("10.1.1.1", "10.10.0.5", 300);
  h.chip->inject(std::move(p), 12, 0);
  h.run();
  ASSERT_EQ(h.sent.size(), 1u);
  EXPECT_EQ(h.sent[0].port, 13);
  EXPECT_EQ(h.sent[0].bytes.size(), 300 + crypto::esp_overhead_bytes(300, false, false));
  // The peer opens it with the same SA: the inner packet is back, TTL 63.
  crypto::InboundSa peer(t.out);
  Packet q;
  ASSERT_TRUE(q.assign(h.sent[0].bytes));
  ASSERT_TRUE(peer.open(q));
  ASSERT_EQ(q.size(), 300u);
  EXPECT_EQ(Ipv4ConstView(q.data()).ttl(), 63);
  EXPECT_EQ(h.chip->ipsec_statistics(0).encrypted_packets, 1u);
  EXPECT_EQ(h.chip->counters(t.st0).output_packets, 1u);
}

TEST(Ipsec, DecryptsThePeersPacketsAndCountsForgeries) {
  Harness h;
  TunnelSetup t = build_tunnel(h);
  crypto::OutboundSa peer(t.in);
  for (int i = 0; i < 3; ++i) {
    Packet inner;
    PacketPtr p = h.ipv4("10.99.0.1", "172.16.0.9", 200);
    ASSERT_TRUE(peer.seal(*p));
    if (i == 2) p->data()[p->size() - 1] ^= 1;  // corrupt the ICV
    h.chip->inject(std::move(p), 12, static_cast<uint64_t>(i) * 100000);
  }
  h.run();
  ASSERT_EQ(h.sent.size(), 2u);
  EXPECT_EQ(h.sent[0].bytes.size(), 200u);
  EXPECT_EQ(Ipv4ConstView(h.sent[0].bytes.data()).ttl(), 63);
  EXPECT_EQ(h.drops(DropCause::kEspAuthenticationFailure), 1u);
  const auto s = h.chip->ipsec_statistics(0);
  EXPECT_EQ(s.decrypted_packets, 2u);
  EXPECT_EQ(s.esp_authentication_failures, 1u);
  EXPECT_EQ(h.chip->counters(t.st0).input_packets, 2u);
}

// UDP from `src` to `dst` (IPv4, or IPv6 when the addresses are), to
// `dst_port`, whose payload starts with `first_word`.
PacketPtr udp_packet(Harness& h, const char* src, const char* dst, uint16_t dst_port, uint32_t first_word,
                     std::size_t l3_bytes = 200) {
  const IpAddress s = ip(src), d = ip(dst);
  PacketPtr p = h.chip->pool().acquire();
  uint8_t* b = p->push_back(l3_bytes);
  std::fill(b, b + l3_bytes, uint8_t{0x5a});
  std::size_t l4 = kIpv4HeaderBytes;
  if (s.is_v6()) {
    Ipv6Fields f;
    f.payload_length = static_cast<uint16_t>(l3_bytes - kIpv6HeaderBytes);
    f.next_header = ipproto::kUdp;
    std::copy(s.data(), s.data() + 16, f.src.begin());
    std::copy(d.data(), d.data() + 16, f.dst.begin());
    write_ipv6_header(b, f);
    l4 = kIpv6HeaderBytes;
  } else {
    Ipv4Fields f;
    f.total_length = static_cast<uint16_t>(l3_bytes);
    f.protocol = ipproto::kUdp;
    f.ttl = 64;
    std::copy(s.data(), s.data() + 4, f.src.begin());
    std::copy(d.data(), d.data() + 4, f.dst.begin());
    write_ipv4_header(b, f);
  }
  write_udp_header(b + l4, 500, dst_port, static_cast<uint16_t>(l3_bytes - l4));
  store_be32(b + l4 + kUdpHeaderBytes, first_word);
  return p;
}

// The IKE gateway's local address is routed to the outside si unit (ESP to
// it is decrypted), yet IKE to it is the routing engine's: UDP 500, and UDP
// 4500 with the non-ESP marker (RFC 3948 2.2), reach the host, over IPv4 and
// IPv6; ESP to the same address, in IP or in UDP to 4500, still goes to the si
// unit, and the peer's ESP still decrypts.
TEST(Ipsec, IkeToTheGatewayAddressReachesTheHostAndEspStillDecrypts) {
  Harness h;
  TunnelSetup t = build_tunnel(h);  // 192.0.2.1/32 to si-F/P/0.1
  const IfIndex outside6 = h.chip->add_si_unit(0, 0, 3, true);
  h.chip->add_route(ip("2001:db8::1"), 128, NextHop::si_outside(outside6));
  std::vector<std::vector<uint8_t>> host;
  h.chip->set_host_observer([&](const Packet& p, IfIndex arrival, uint64_t) {
    EXPECT_EQ(arrival, t.wan_in);
    host.emplace_back(p.bytes().begin(), p.bytes().end());
  });
  std::vector<std::vector<uint8_t>> ike;
  auto send = [&](PacketPtr p, uint64_t at, bool is_ike) {
    if (is_ike) ike.emplace_back(p->bytes().begin(), p->bytes().end());
    h.chip->inject(std::move(p), 12, at);
  };
  send(udp_packet(h, "198.51.100.1", "192.0.2.1", 500, 0x12345678), 0, true);           // IKE_SA_INIT
  send(udp_packet(h, "198.51.100.1", "192.0.2.1", 4500, 0), 100'000, true);             // IKE after NAT-T
  send(udp_packet(h, "2001:db8::2", "2001:db8::1", 500, 0x12345678), 200'000, true);    // IKE over IPv6
  send(udp_packet(h, "2001:db8::2", "2001:db8::1", 4500, 0), 300'000, true);
  send(udp_packet(h, "198.51.100.1", "192.0.2.1", 4500, 0x202), 400'000, false);        // ESP in UDP: the SA has no UDP encapsulation
  crypto::OutboundSa peer(t.in);
  PacketPtr esp = h.ipv4("10.99.0.1", "172.16.0.9", 200);
  ASSERT_TRUE(peer.seal(*esp));
  send(std::move(esp), 500'000, false);
  h.run();
  EXPECT_EQ(host, ike);
  EXPECT_EQ(h.chip->traffic().delivered_to_host_packets, 4u);
  EXPECT_EQ(h.drops(DropCause::kEspBadHeader), 1u);  // ESP in UDP for an SA without UDP encapsulation
  EXPECT_EQ(h.chip->ipsec_statistics(0).decrypted_packets, 1u);
  ASSERT_EQ(h.sent.size(), 1u);
  EXPECT_EQ(h.sent[0].bytes.size(), 200u);
  const auto& tr = h.chip->traffic();
  EXPECT_EQ(tr.offered_packets, tr.delivered_packets + tr.delivered_to_host_packets + tr.drops.total());
}

// IKE to the gateway address costs what delivery to any local address costs:
// it reaches the host at the same time as the same packet to a local /32.
TEST(Ipsec, IkeToTheGatewayAddressRunsTheHostProgram) {
  auto arrival = [](bool gateway) {
    Harness h;
    build_tunnel(h);
    if (!gateway) h.chip->add_route(ip("192.0.2.77"), 32, NextHop::local());
    uint64_t at = 0;
    h.chip->set_host_observer([&](const Packet&, IfIndex, uint64_t at_ps) { at = at_ps; });
    h.chip->inject(udp_packet(h, "198.51.100.1", gateway ? "192.0.2.1" : "192.0.2.77", 500, 1), 12, 0);
    h.run();
    EXPECT_EQ(h.chip->traffic().delivered_to_host_packets, 1u);
    return at;
  };
  const uint64_t local = arrival(false);
  EXPECT_GT(local, 0u);
  EXPECT_EQ(arrival(true), local);
}

// An SA with UDP encapsulation (after NAT-T) seals ESP in UDP 4500 <-> 4500:
// the frame is 8 bytes longer than plain ESP, leaves later by those bytes'
// time, and the peer's SA opens it.
TEST(Ipsec, UdpEncapsulatedSaSealsEspInUdp) {
  auto sent = [](bool udp) {
    Harness h;
    TunnelSetup t = build_tunnel(h, udp);
    h.chip->inject(h.ipv4("10.1.1.1", "10.10.0.5", 300), 12, 0);
    h.run();
    EXPECT_EQ(h.sent.size(), 1u);
    crypto::InboundSa peer(t.out);
    Packet q;
    EXPECT_TRUE(q.assign(h.sent.at(0).bytes));
    EXPECT_TRUE(peer.open(q));
    EXPECT_EQ(q.size(), 300u);
    EXPECT_EQ(h.chip->ipsec_statistics(0).encrypted_packets, 1u);
    return h.sent.at(0);
  };
  const test::Egress plain = sent(false), udp = sent(true);
  EXPECT_EQ(udp.bytes.size(), 300 + crypto::esp_overhead_bytes(300, false, true));
  EXPECT_EQ(udp.bytes.size(), plain.bytes.size() + kUdpHeaderBytes);
  EXPECT_EQ(udp.bytes[9], ipproto::kUdp);
  EXPECT_EQ(load_be16(udp.bytes.data() + 20 + 2), 4500);  // destination port
  EXPECT_EQ(load_be16(udp.bytes.data() + 20), 4500);      // source port: the SA's
  EXPECT_GT(udp.last_bit_ps, plain.last_bit_ps);
}

// Inbound ESP in UDP to the gateway's 4500 (non-zero first word: not the
// non-ESP marker) is steered by its SPI to the outside si unit and opened.
// With UDP encapsulation on, a packet without the UDP header or to another
// port is dropped as the TechLibrary lists ("udp-encapsulation is enabled
// and ... does not have UDP header", "... destination port is not same as
// configured"): kEspUdpHeaderMissing and kEspUdpEncapMismatch, counted by the SA. A NAT keepalive
// (RFC 3948 2.3) goes to the routing engine, as IKE does. Every packet is
// accounted for.
TEST(Ipsec, EspInUdpIsSteeredOpenedAndDroppedByNamedCause) {
  Harness h;
  TunnelSetup t = build_tunnel(h, true);
  auto sealed = [&](std::optional<crypto::UdpEncapsulation> udp) {
    crypto::SaConfig c = t.in;
    c.udp_encap = udp;
    crypto::OutboundSa peer(c);
    PacketPtr p = h.ipv4("10.99.0.1", "172.16.0.9", 200);
    EXPECT_TRUE(peer.seal(*p));
    return p;
  };
  h.chip->inject(sealed(crypto::UdpEncapsulation{4500, 4500}), 12, 0);
  h.chip->inject(sealed(std::nullopt), 12, 100'000);                         // no UDP header
  h.chip->inject(sealed(crypto::UdpEncapsulation{4500, 4501}), 12, 200'000);  // another port
  // A NAT keepalive: one byte, 0xff, to 4500.
  PacketPtr keepalive = udp_packet(h, "198.51.100.1", "192.0.2.1", 4500, 0xff000000, 32);
  (void)keepalive->trim_back(3);
  store_be16(keepalive->data() + 2, 29);
  store_be16(keepalive->data() + 20 + 4, 9);
  parse_ipv4(keepalive->bytes(), false)->update_checksum();
  h.chip->inject(std::move(keepalive), 12, 300'000);
  h.run();
  ASSERT_EQ(h.sent.size(), 1u);
  EXPECT_EQ(h.sent[0].port, 13);
  EXPECT_EQ(h.sent[0].bytes.size(), 200u);
  const auto s = h.chip->ipsec_statistics(0);
  EXPECT_EQ(s.decrypted_packets, 1u);
  EXPECT_EQ(s.udp_encap_mismatches, 2u);
  EXPECT_EQ(h.drops(DropCause::kEspUdpHeaderMissing), 1u);
  EXPECT_EQ(h.drops(DropCause::kEspUdpEncapMismatch), 1u);
  EXPECT_EQ(h.chip->counters(t.st0).input_packets, 1u);
  const auto& tr = h.chip->traffic();
  EXPECT_EQ(tr.delivered_to_host_packets, 1u);  // the keepalive
  EXPECT_EQ(tr.offered_packets, tr.delivered_packets + tr.delivered_to_host_packets + tr.drops.total());
}

// Steering ESP in UDP costs lookup.esp_in_udp_extra_cycles more than ESP:
// the decrypted packet leaves exactly that many cycles later.
TEST(Ipsec, EspInUdpSteeringCostsItsExtraCycles) {
  auto leaves = [](uint32_t extra) {
    Trio6Params params;
    params.lookup.esp_in_udp_extra_cycles = extra;
    Harness h(params);
    TunnelSetup t = build_tunnel(h, true);
    crypto::OutboundSa peer(t.in);
    PacketPtr p = h.ipv4("10.99.0.1", "172.16.0.9", 200);
    EXPECT_TRUE(peer.seal(*p));
    h.chip->inject(std::move(p), 12, 0);
    h.run();
    EXPECT_EQ(h.sent.size(), 1u);
    return h.sent.at(0).last_bit_ps;
  };
  const Trio6Params defaults;
  EXPECT_EQ(leaves(1200) - leaves(0), ps_from_cycles(1200, defaults.lookup.clock_ghz));
}

// One si interface carries many service sets, each with its own pair of
// units (the blog's scale test: 2,000 units on si-2/1/0): packets count on
// their own service set's units, whatever the unit numbers.
TEST(Ipsec, ServiceSetsShareAnSiInterfaceWithTheirOwnUnits) {
  Harness h;
  TunnelSetup t = build_tunnel(h);  // ss0: si-F/P/0.0 and .1
  const IfIndex inside = h.chip->add_si_unit(0, 0, 1998, false);
  const IfIndex outside = h.chip->add_si_unit(0, 0, 1999, true);
  EXPECT_THROW(h.chip->add_service_set("swapped", outside, inside), ConfigError);
  EXPECT_THROW(h.chip->add_si_unit(0, 0, 7), ConfigError);  // no domain: units 0 and 1 only
  const uint32_t ss = h.chip->add_service_set("ss999", inside, outside);
  const IfIndex st0 = h.chip->add_st0_unit(1000);
  crypto::SaConfig out = t.out, in = t.in;
  out.spi = 0x303;
  in.spi = 0x404;
  out.source = in.destination = ip("192.0.2.99");
  const uint32_t o = h.chip->add_sa(out, SaDirection::kOutbound, 0);
  const uint32_t i = h.chip->add_sa(in, SaDirection::kInbound, 0);
  h.chip->bind_tunnel(st0, ss, o, i);
  h.chip->add_route(ip("10.20.0.0"), 16, NextHop::st0(st0));
  h.chip->add_route(ip("192.0.2.99"), 32, NextHop::si_outside(outside));
  // Two packets into the new tunnel, one from its peer.
  h.chip->inject(h.ipv4("10.1.1.1", "10.20.0.5", 300), 12, 0);
  h.chip->inject(h.ipv4("10.1.1.1", "10.20.0.6", 300), 12, 100000);
  crypto::OutboundSa peer(in);
  PacketPtr p = h.ipv4("10.99.0.1", "172.16.0.9", 200);
  ASSERT_TRUE(peer.seal(*p));
  h.chip->inject(std::move(p), 12, 200000);
  h.run();
  ASSERT_EQ(h.sent.size(), 3u);
  EXPECT_EQ(h.chip->counters(inside).input_packets, 2u);   // to encrypt
  EXPECT_EQ(h.chip->counters(outside).input_packets, 3u);  // 2 ESP re-entering + 1 ESP to decrypt
  EXPECT_EQ(h.chip->counters(st0).output_packets, 2u);
  EXPECT_EQ(h.chip->counters(st0).input_packets, 1u);
  // ss0's units saw nothing.
  EXPECT_EQ(h.chip->counters(h.chip->si_unit_interface(0, 0)).input_packets, 0u);
  EXPECT_EQ(h.chip->counters(h.chip->si_unit_interface(0, 1)).input_packets, 0u);
}

// Tunnels on both PFEs may share one local gateway address; its route names
// one outside unit, and ESP goes by its SPI to the SA's own service set.
TEST(Ipsec, EspIsSteeredBySpiWhenPfesShareALocalAddress) {
  Harness h;
  TunnelSetup t = build_tunnel(h);  // PFE 0; ESP to 192.0.2.1 routed to si-F/P/0.1
  const IfIndex inside = h.chip->add_si_unit(1, 2, 0, false);
  const IfIndex outside = h.chip->add_si_unit(1, 2, 1, true);
  const uint32_t ss = h.chip->add_service_set("ss-pfe1", inside, outside);
  const IfIndex st0 = h.chip->add_st0_unit(2);
  crypto::SaConfig in = t.in;  // the same local address, another SPI
  in.spi = 0x505;
  const uint32_t o = h.chip->add_sa(t.out, SaDirection::kOutbound, 1);
  const uint32_t i = h.chip->add_sa(in, SaDirection::kInbound, 1);
  h.chip->bind_tunnel(st0, ss, o, i);
  crypto::OutboundSa peer(in);
  auto esp = [&] {
    PacketPtr p = h.ipv4("10.99.0.1", "172.16.0.9", 200);
    EXPECT_TRUE(peer.seal(*p));
    return p;
  };
  h.chip->inject(esp(), 12, 0);  // not steered: the route's unit, PFE 0, has no such SA
  h.run();
  EXPECT_EQ(h.drops(DropCause::kEspNoSa), 1u);
  h.chip->steer_esp(0x505, outside);
  EXPECT_THROW(h.chip->steer_esp(0x606, inside), ConfigError);  // an inside unit is no place for ESP
  h.chip->inject(esp(), 12, 1'000'000);
  h.run();
  ASSERT_EQ(h.sent.size(), 1u);
  EXPECT_EQ(h.chip->ipsec_statistics(1).decrypted_packets, 1u);
  EXPECT_EQ(h.chip->counters(outside).input_packets, 1u);
  EXPECT_EQ(h.chip->counters(st0).input_packets, 1u);
  EXPECT_EQ(h.chip->counters(t.st0).input_packets, 0u);
}

TEST(Ipsec, TimingOnlyKeepsSizesAndTimes) {
  auto run = [](bool timing_only) {
    Trio6Params p;
    p.ipsec.timing_only = timing_only;
    Harness h(p);
    build_tunnel(h);
    for (int i = 0; i < 20; ++i) h.chip->inject(h.ipv4("10.1.1.1", "10.10.0.5", 100 + 37 * i), 12, i * 1000);
    h.run();
    std::vector<std::pair<std::size_t, uint64_t>> out;
    for (const auto& e : h.sent) out.emplace_back(e.bytes.size(), e.last_bit_ps);
    return out;
  };
  const auto real = run(false);
  const auto timing = run(true);
  ASSERT_EQ(real.size(), 20u);
  EXPECT_EQ(real, timing);
}

TEST(Ipsec, UnknownSpiIsNoSa) {
  Harness h;
  TunnelSetup t = build_tunnel(h);
  crypto::SaConfig stranger = t.in;
  stranger.spi = 0x999;
  crypto::OutboundSa peer(stranger);
  PacketPtr p = h.ipv4("10.99.0.1", "172.16.0.9", 200);
  ASSERT_TRUE(peer.seal(*p));
  h.chip->inject(std::move(p), 12, 0);
  h.run();
  EXPECT_EQ(h.drops(DropCause::kEspNoSa), 1u);
  EXPECT_EQ(h.chip->ipsec_statistics(0).no_sa, 1u);
}

TEST(Buffers, EgressOverloadTailDropsAgainstTheSliceBuffer) {
  Trio6Params p;
  p.slice.buffer_bytes = 64 * 1024;
  Harness h(p);
  h.chip->add_physical_interface("et-0/0/12", 12);
  h.chip->add_physical_interface("et-0/0/14", 14);
  const IfIndex out = h.chip->add_physical_interface("et-0/0/13", 13);
  h.chip->add_route(ip("10.0.0.0"), 8, NextHop::interface(out));
  // Two 100G ports into one: half the packets cannot leave.
  const uint64_t gap = ps_for_bytes(1520, 100);
  for (int i = 0; i < 2000; ++i) {
    h.chip->inject(h.ipv4("1.1.1.1", "10.0.0.1", 1482), 12, i * gap);
    h.chip->inject(h.ipv4("1.1.1.2", "10.0.0.1", 1482), 14, i * gap);
  }
  h.run();
  EXPECT_GT(h.drops(DropCause::kBufferFull), 800u);
  EXPECT_EQ(h.chip->traffic().offered_packets, h.sent.size() + h.drops(DropCause::kBufferFull));
}

}  // namespace
}  // namespace trio6sim::models

namespace trio6sim::models {
namespace {

TEST(Counters, QueueOccupancyShowsTheBacklogWhileTrafficWaits) {
  Trio6Params p;
  Harness h(p);
  h.chip->add_physical_interface("et-0/0/12", 12);
  h.chip->add_physical_interface("et-0/0/14", 14);
  const IfIndex out = h.chip->add_physical_interface("et-0/0/13", 13);
  h.chip->add_route(test::ip("10.0.0.0"), 8, NextHop::interface(out));
  const uint64_t gap = ps_for_bytes(1520, 100);
  for (int i = 0; i < 200; ++i) {
    h.chip->inject(h.ipv4("1.1.1.1", "10.0.0.1", 1482), 12, i * gap);
    h.chip->inject(h.ipv4("1.1.1.2", "10.0.0.1", 1482), 14, i * gap);
  }
  sc_core::sc_start(sc_core::sc_time(10, sc_core::SC_US));
  double buffer = -1;
  for (const auto& q : h.chip->queue_occupancy())
    if (q.queue == "pfe0.packet_buffer") buffer = q.bytes;
  EXPECT_GT(buffer, 100 * 1500.0 * 0.5);  // two ports into one: about half of what arrived waits
  h.run();
  // Departures are arithmetic (no event at the last bit), so let time pass them.
  sc_core::sc_start(sc_core::sc_time(1, sc_core::SC_MS));
  for (const auto& q : h.chip->queue_occupancy()) EXPECT_EQ(q.bytes + q.packets, 0) << q.queue;
}

}  // namespace
}  // namespace trio6sim::models

#include <algorithm>
#include <random>

namespace trio6sim::models {
namespace {

// Thousands of random prefixes (and removals) against a brute-force
// longest-prefix match.
TEST(RouteTable, MatchesBruteForceOnRandomPrefixes) {
  std::mt19937_64 rng(11);
  RouteTable t(32);
  struct Route {
    uint32_t prefix;
    int length;
    uint32_t ifl;
  };
  std::vector<Route> routes;
  auto mask = [](int len) { return len == 0 ? 0u : ~0u << (32 - len); };
  for (uint32_t i = 0; i < 5000; ++i) {
    const int len = static_cast<int>(rng() % 33);
    const uint32_t p = static_cast<uint32_t>(rng()) & mask(len) & 0xff0fffffu;  // some overlap
    uint8_t b[4];
    store_be32(b, p);
    t.add(b, len, NextHop::interface(i + 1));
    std::erase_if(routes, [&](const Route& r) { return r.prefix == p && r.length == len; });
    routes.push_back({p, len, i + 1});
  }
  for (int i = 0; i < 500; ++i) {  // remove some
    const Route r = routes[rng() % routes.size()];
    uint8_t b[4];
    store_be32(b, r.prefix);
    EXPECT_TRUE(t.remove(b, r.length));
    std::erase_if(routes, [&](const Route& x) { return x.prefix == r.prefix && x.length == r.length; });
  }
  EXPECT_EQ(t.size(), routes.size());
  for (int i = 0; i < 20000; ++i) {
    const uint32_t a = static_cast<uint32_t>(rng()) & 0xff0fffffu;
    const Route* best = nullptr;
    for (const Route& r : routes)
      if ((a & mask(r.length)) == r.prefix && (!best || r.length > best->length)) best = &r;
    uint8_t b[4];
    store_be32(b, a);
    const NextHop* nh = t.lookup(b);
    ASSERT_EQ(nh == nullptr, best == nullptr);
    if (best) {
      ASSERT_EQ(nh->ifl, best->ifl);
    }
  }
}

}  // namespace
}  // namespace trio6sim::models

namespace trio6sim::models {
namespace {

// Two programs of different lengths in one flow: the shorter one would
// overtake, the reorder block keeps the flow's order.
TEST(Lookup, PerFlowOrderIsRestoredOnExit) {
  Harness h;
  h.chip->add_physical_interface("et-0/0/12", 12);
  const IfIndex out = h.chip->add_physical_interface("et-0/0/13", 13);
  h.chip->add_route(test::ip("10.1.0.0"), 16, NextHop::mpls_push(100, out));  // 1,800 cycles
  h.chip->add_route(test::ip("10.2.0.0"), 16, NextHop::interface(out));       // 1,500 cycles
  std::vector<uint64_t> ids;
  h.chip->set_egress_observer([&](const Packet& p, int, uint64_t) { ids.push_back(p.meta.id); });
  for (uint64_t i = 0; i < 100; ++i) {
    PacketPtr p = h.ipv4("1.1.1.1", i % 2 ? "10.2.0.1" : "10.1.0.1", 100, 64, /*flow=*/42);
    p->meta.id = i;
    h.chip->inject(std::move(p), 12, i * 10000);  // 10 ns apart: well inside one program's time
  }
  h.run();
  ASSERT_EQ(ids.size(), 100u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
}

TEST(Counters, InterfaceRatesFollowTheCounters) {
  Harness h;
  const IfIndex in = h.chip->add_physical_interface("et-0/0/12", 12);
  const IfIndex out = h.chip->add_physical_interface("et-0/0/13", 13);
  h.chip->add_route(test::ip("10.0.0.0"), 8, NextHop::interface(out));
  const IflCounters before = h.chip->counters(in);
  for (int i = 0; i < 1000; ++i) h.chip->inject(h.ipv4("1.1.1.1", "10.0.0.1", 482), 12, i * 100000);  // 10 Mpps
  h.run();
  const IflRates r = rates_between(before, h.chip->counters(in), 100e-6);
  EXPECT_NEAR(r.input_pps, 10e6, 1);
  EXPECT_NEAR(r.input_bps, 10e6 * 500 * 8, 1);
  EXPECT_EQ(h.chip->counters(out).output_packets, 1000u);
}

}  // namespace
}  // namespace trio6sim::models
