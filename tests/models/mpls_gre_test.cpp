// MPLS over GRE through the lookup (docs/router.md): routing instances (VRF
// tables chosen by the arrival port or by a VPN label), the VPN route that
// pushes its label and GRE and routes the outer header, the GRE that reaches
// a local tunnel end stripped and its label popped into the VRF, the drops
// by cause, the whole path through the IPsec engine, and the costs.
#include <gtest/gtest.h>

#include "crypto/esp_inbound.h"
#include "crypto/esp_outbound.h"
#include "harness.h"
#include "models/config_error.h"
#include "models/units.h"
#include "packet/bytes.h"
#include "packet/checksum.h"
#include "packet/ip_protocol.h"

namespace trio6sim::models {
namespace {

using test::Harness;
using test::ip;

constexpr uint32_t kVpnLabel = 16;

// A PE: CE port 12 in VRF "A" (10.1.0.0/16 behind it), core port 13; the
// global table sends the far PE's loopback 192.0.2.2 out of port 13; this
// PE's loopback 192.0.2.1 terminates GRE; VRF A's label pops into A.
struct Pe {
  IfIndex ce, core;
  uint16_t vrf;
  uint32_t gre;
};
Pe build_pe(Harness& h) {
  Pe pe;
  pe.ce = h.chip->add_physical_interface("et-0/0/12", 12);
  pe.core = h.chip->add_physical_interface("et-0/0/13", 13);
  pe.vrf = h.chip->add_routing_instance("A");
  h.chip->bind_interface_to_instance(pe.ce, pe.vrf);
  h.chip->add_instance_route(pe.vrf, ip("10.1.0.0"), 16, NextHop::interface(pe.ce));
  pe.gre = h.chip->add_gre_tunnel(ip("192.0.2.1"), ip("192.0.2.2"));
  h.chip->add_instance_route(pe.vrf, ip("10.2.0.0"), 16, NextHop::mpls_gre(pe.gre, 20));
  h.chip->add_route(ip("192.0.2.2"), 32, NextHop::interface(pe.core));
  h.chip->add_route(ip("192.0.2.1"), 32, NextHop::local());
  h.chip->add_gre_endpoint(ip("192.0.2.1"));
  h.chip->add_mpls_label(kVpnLabel, MplsEntry{.pop_and_lookup = true, .instance = pe.vrf});
  return pe;
}

// GRE (no options) carrying one MPLS label over `inner`, from 192.0.2.2 to
// 192.0.2.1, as the far PE sends it.
PacketPtr gre_mpls(Harness& h, PacketPtr inner, uint32_t label, uint16_t gre_flags = 0, uint16_t protocol = 0x8847) {
  const std::size_t options = ((gre_flags & 0x8000u) ? 4 : 0) + ((gre_flags & 0x2000u) ? 4 : 0);
  uint8_t* l = inner->push_front(4);
  store_be32(l, (label << 12) | 0x100u | 63);
  uint8_t* g = inner->push_front(4 + options);
  store_be16(g, gre_flags);
  store_be16(g + 2, protocol);
  std::fill(g + 4, g + 4 + options, uint8_t{0});
  uint8_t* o = inner->push_front(20);
  Ipv4Fields f;
  f.total_length = static_cast<uint16_t>(inner->size());
  f.protocol = ipproto::kGre;
  f.ttl = 64;
  const IpAddress s = ip("192.0.2.2"), d = ip("192.0.2.1");
  std::copy(s.data(), s.data() + 4, f.src.begin());
  std::copy(d.data(), d.data() + 4, f.dst.begin());
  write_ipv4_header(o, f);
  return inner;
}

TEST(RoutingInstance, PortsBoundToAVrfLookUpInItsTable) {
  Harness h;
  Pe pe = build_pe(h);
  const IfIndex other = h.chip->add_physical_interface("et-0/0/14", 14);
  h.chip->add_route(ip("10.1.0.0"), 16, NextHop::interface(other));  // the same prefix, global
  h.chip->inject(h.ipv4("10.9.0.1", "10.1.0.5", 100), 14, 0);     // global port: global table
  h.chip->inject(h.ipv4("10.9.0.1", "10.1.0.6", 100), 13, 0);     // the core port is global too
  h.run();
  ASSERT_EQ(h.sent.size(), 2u);
  EXPECT_EQ(h.sent[0].port, 14);
  EXPECT_EQ(h.sent[1].port, 14);
  // A VRF port sees only the VRF's routes: 10.9.0.0/16 is in no table of A.
  h.chip->inject(h.ipv4("10.1.0.1", "10.9.0.1", 100), 12, h.sent[1].last_bit_ps);
  h.run();
  EXPECT_EQ(h.drops(DropCause::kNoRoute), 1u);
  (void)pe;
}

TEST(MplsOverGre, VpnRoutePushesLabelAndGreAndRoutesTheOuterHeader) {
  Harness h;
  build_pe(h);
  h.chip->inject(h.ipv4("10.1.0.1", "10.2.3.4", 200, 64), 12, 0);
  h.run();
  ASSERT_EQ(h.sent.size(), 1u);
  EXPECT_EQ(h.sent[0].port, 13);
  const std::vector<uint8_t>& b = h.sent[0].bytes;
  ASSERT_EQ(b.size(), 20u + 4 + 4 + 200);
  auto outer = parse_ipv4(std::span<const uint8_t>(b), true);
  ASSERT_TRUE(outer);
  EXPECT_EQ(outer->protocol(), ipproto::kGre);
  EXPECT_EQ(outer->ttl(), 64);  // built here: not decremented
  EXPECT_EQ(outer->total_length(), b.size());
  EXPECT_TRUE(Ipv4ConstView(b.data()).checksum_ok());
  EXPECT_EQ(IpAddress::v4(b.data() + 12), ip("192.0.2.1"));
  EXPECT_EQ(IpAddress::v4(b.data() + 16), ip("192.0.2.2"));
  EXPECT_EQ(load_be16(b.data() + 20), 0u);       // no GRE options, version 0
  EXPECT_EQ(load_be16(b.data() + 22), 0x8847u);  // MPLS unicast
  const uint32_t label = load_be32(b.data() + 24);
  EXPECT_EQ(label >> 12, 20u);
  EXPECT_EQ(label & 0x100u, 0x100u);  // bottom of stack
  EXPECT_EQ(label & 0xffu, 63u);      // the inner packet's TTL after this hop
  Ipv4ConstView inner(b.data() + 28);
  EXPECT_EQ(inner.ttl(), 63);
  EXPECT_TRUE(inner.checksum_ok());
}

TEST(MplsOverGre, GreToTheLocalEndPopsTheLabelIntoTheVrf) {
  Harness h;
  Pe pe = build_pe(h);
  h.chip->inject(gre_mpls(h, h.ipv4("10.2.0.9", "10.1.7.7", 150, 63), kVpnLabel), 13, 0);
  h.run();
  ASSERT_EQ(h.sent.size(), 1u);
  EXPECT_EQ(h.sent[0].port, 12);
  ASSERT_EQ(h.sent[0].bytes.size(), 150u);
  Ipv4ConstView inner(h.sent[0].bytes.data());
  EXPECT_EQ(inner.ttl(), 62);
  EXPECT_TRUE(inner.checksum_ok());
  EXPECT_EQ(h.chip->counters(pe.ce).output_packets, 1u);
  // With the optional checksum and key words (RFC 2784, RFC 2890) too.
  h.chip->inject(gre_mpls(h, h.ipv4("10.2.0.9", "10.1.7.8", 150, 63), kVpnLabel, 0xa000), 13, h.sent[0].last_bit_ps);
  h.run();
  ASSERT_EQ(h.sent.size(), 2u);
  EXPECT_EQ(h.sent[1].bytes.size(), 150u);
}

TEST(MplsOverGre, WhatCannotBeDecapsulatedIsDroppedByCause) {
  Harness h;
  build_pe(h);
  uint64_t t = 0;
  auto inject = [&](PacketPtr p) { h.chip->inject(std::move(p), 13, t += 1'000'000); };
  inject(gre_mpls(h, h.ipv4("10.2.0.9", "10.1.7.7", 150, 63), 999));                  // a label nobody allocated
  inject(gre_mpls(h, h.ipv4("10.2.0.9", "10.1.7.7", 150, 63), kVpnLabel, 0x0001));  // GRE version 1
  inject(gre_mpls(h, h.ipv4("10.2.0.9", "10.1.7.7", 150, 63), kVpnLabel, 0, 0x0800));  // IP in GRE: not terminated
  inject(gre_mpls(h, h.ipv4("10.2.0.9", "10.9.0.1", 150, 63), kVpnLabel));          // no route in the VRF
  h.run();
  EXPECT_TRUE(h.sent.empty());
  EXPECT_EQ(h.drops(DropCause::kNoRoute), 2u);
  EXPECT_EQ(h.drops(DropCause::kMalformed), 2u);
  EXPECT_EQ(h.chip->traffic().drops.total(), 4u);
}

TEST(MplsOverGre, GreToAnAddressThatIsNotATunnelEndGoesToTheHost) {
  Harness h;
  build_pe(h);
  h.chip->add_route(ip("192.0.2.9"), 32, NextHop::local());
  std::size_t delivered = 0;
  h.chip->set_host_observer([&](const Packet&, IfIndex, uint64_t) { ++delivered; });
  PacketPtr p = gre_mpls(h, h.ipv4("10.2.0.9", "10.1.7.7", 150, 63), kVpnLabel);
  const IpAddress to = ip("192.0.2.9");
  std::copy(to.data(), to.data() + 4, p->data() + 16);
  store_be16(p->data() + 10, 0);
  store_be16(p->data() + 10, internet_checksum({p->data(), 20}));
  h.chip->inject(std::move(p), 13, 0);
  h.run();
  EXPECT_EQ(delivered, 1u);
  EXPECT_TRUE(h.sent.empty());
}

TEST(MplsOverGre, ProgrammingErrorsAreRefused) {
  Harness h;
  Pe pe = build_pe(h);
  EXPECT_THROW(h.chip->add_instance_route(9, ip("10.3.0.0"), 16, NextHop::interface(pe.ce)), ConfigError);
  EXPECT_THROW(h.chip->add_instance_route(pe.vrf, ip("10.3.0.0"), 16, NextHop::mpls_gre(7, 20)), ConfigError);
  EXPECT_THROW(h.chip->add_instance_route(pe.vrf, ip("10.3.0.0"), 16, NextHop::mpls_gre(pe.gre, 3)), ConfigError);
  EXPECT_THROW(h.chip->add_gre_tunnel(ip("2001:db8::1"), ip("2001:db8::2")), ConfigError);
  EXPECT_THROW(h.chip->bind_interface_to_instance(pe.ce, 5), ConfigError);
  EXPECT_THROW(h.chip->add_routing_instance("A"), ConfigError);
}

// Each tunnel program costs its parameter: the packet leaves exactly that
// many more cycles later.
TEST(MplsOverGre, EncapsulationAndDecapsulationCostTheirCycles) {
  auto encap_leaves = [](uint32_t cycles) {
    Trio6Params params;
    params.lookup.mpls_gre_encap_cycles = cycles;
    Harness h(params);
    build_pe(h);
    h.chip->inject(h.ipv4("10.1.0.1", "10.2.3.4", 200, 64), 12, 0);
    h.run();
    EXPECT_EQ(h.sent.size(), 1u);
    return h.sent.at(0).last_bit_ps;
  };
  auto decap_leaves = [](uint32_t cycles) {
    Trio6Params params;
    params.lookup.gre_decap_cycles = cycles;
    Harness h(params);
    build_pe(h);
    h.chip->inject(gre_mpls(h, h.ipv4("10.2.0.9", "10.1.7.7", 150, 63), kVpnLabel), 13, 0);
    h.run();
    EXPECT_EQ(h.sent.size(), 1u);
    return h.sent.at(0).last_bit_ps;
  };
  const Trio6Params defaults;
  EXPECT_EQ(encap_leaves(2400) - encap_leaves(0), ps_from_cycles(2400, defaults.lookup.clock_ghz));
  EXPECT_EQ(decap_leaves(2400) - decap_leaves(0), ps_from_cycles(2400, defaults.lookup.clock_ghz));
}

// The whole PE path through the IPsec engine: the VPN route's GRE packet is
// routed into st0 and sealed (the peer opens IP / GRE / MPLS / IP); the
// peer's sealed GRE is opened, decapsulated and leaves the VRF's port.
TEST(MplsOverGre, RidesTheIpsecTunnelBothWays) {
  Harness h;
  Pe pe = build_pe(h);
  const IfIndex wan = h.chip->add_physical_interface("et-0/0/0", 0);
  const IfIndex inside = h.chip->add_si_unit(0, 0, 0);
  const IfIndex outside = h.chip->add_si_unit(0, 0, 1);
  const uint32_t ss = h.chip->add_service_set("ss0", inside, outside);
  const IfIndex st0 = h.chip->add_st0_unit(1);
  crypto::SaConfig out;
  out.spi = 0x101;
  out.key = std::vector<uint8_t>(32, 0x11);
  out.salt = 0x01020304;
  out.source = ip("198.51.100.1");
  out.destination = ip("198.51.100.2");
  crypto::SaConfig in = out;
  in.spi = 0x202;
  in.key = std::vector<uint8_t>(32, 0x22);
  std::swap(in.source, in.destination);
  h.chip->bind_tunnel(st0, ss, h.chip->add_sa(out, SaDirection::kOutbound, 0),
                      h.chip->add_sa(in, SaDirection::kInbound, 0));
  h.chip->remove_route(ip("192.0.2.2"), 32);
  h.chip->add_route(ip("192.0.2.2"), 32, NextHop::st0(st0));
  h.chip->add_route(ip("198.51.100.2"), 32, NextHop::interface(wan));
  h.chip->add_route(ip("198.51.100.1"), 32, NextHop::si_outside(outside));

  h.chip->inject(h.ipv4("10.1.0.1", "10.2.3.4", 200, 64), 12, 0);
  h.run();
  ASSERT_EQ(h.sent.size(), 1u);
  EXPECT_EQ(h.sent[0].port, 0);
  crypto::InboundSa peer_in(out);
  Packet opened;
  ASSERT_TRUE(opened.assign(h.sent[0].bytes));
  ASSERT_TRUE(peer_in.open(opened));
  ASSERT_EQ(opened.size(), 228u);
  EXPECT_EQ(opened.data()[9], ipproto::kGre);
  EXPECT_EQ(load_be16(opened.data() + 22), 0x8847u);
  EXPECT_EQ(load_be32(opened.data() + 24) >> 12, 20u);

  crypto::OutboundSa peer_out(in);
  PacketPtr back = gre_mpls(h, h.ipv4("10.2.3.4", "10.1.0.1", 200, 63), kVpnLabel);
  ASSERT_TRUE(peer_out.seal(*back));
  h.chip->inject(std::move(back), 0, h.sent[0].last_bit_ps);
  h.run();
  ASSERT_EQ(h.sent.size(), 2u);
  EXPECT_EQ(h.sent[1].port, 12);
  EXPECT_EQ(h.sent[1].bytes.size(), 200u);
  EXPECT_EQ(h.chip->counters(pe.ce).output_packets, 1u);
  EXPECT_EQ(h.chip->traffic().drops.total(), 0u);
}

}  // namespace
}  // namespace trio6sim::models
