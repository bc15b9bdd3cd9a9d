// Traffic selectors on the chip: a tunnel with selectors seals each packet
// with the SA of the first selector that holds it and drops what none holds
// ("outside traffic selectors"); after decryption, an inner packet outside
// the inbound SA's selector is dropped ("inbound selector mismatch"). Every
// packet is delivered or dropped by cause.
#include <gtest/gtest.h>

#include "crypto/esp_inbound.h"
#include "crypto/esp_outbound.h"
#include "harness.h"

namespace trio6sim::models {
namespace {

using test::Harness;
using test::ip;

crypto::SaConfig sa(uint32_t spi, uint8_t key, const char* from, const char* to) {
  crypto::SaConfig c;
  c.spi = spi;
  c.key = std::vector<uint8_t>(32, key);
  c.salt = 0x01020304;
  c.source = ip(from);
  c.destination = ip(to);
  return c;
}

// st0.1 on PFE 0 with two selectors: 50.1/16 <-> 60.1/16 (SAs 0x101 out,
// 0x201 in) and 3000:50:1::/48 <-> 3000:60:1::/48 (0x102, 0x202); routes to
// both remote networks and to 70.0.0.0/8 through st0.1.
struct SelectorTunnel {
  crypto::SaConfig out1, in1, out2, in2;
  IfIndex st0 = 0;
  uint32_t out1_id = 0, out2_id = 0;
};

SelectorTunnel build(Harness& h) {
  SelectorTunnel s;
  h.chip->add_physical_interface("et-0/0/12", 12);
  const IfIndex wan = h.chip->add_physical_interface("et-0/0/13", 13);
  const IfIndex inside = h.chip->add_si_unit(0, 0, 0);
  const IfIndex outside = h.chip->add_si_unit(0, 0, 1);
  const uint32_t ss = h.chip->add_service_set("ss0", inside, outside);
  s.st0 = h.chip->add_st0_unit(1);
  s.out1 = sa(0x101, 0x11, "192.0.2.1", "198.51.100.1");
  s.in1 = sa(0x201, 0x21, "198.51.100.1", "192.0.2.1");
  s.out2 = sa(0x102, 0x12, "192.0.2.1", "198.51.100.1");
  s.in2 = sa(0x202, 0x22, "198.51.100.1", "192.0.2.1");
  TrafficSelector v4{ip("50.1.0.0"), ip("60.1.0.0"), 16, 16, 0, 0};
  TrafficSelector v6{ip("3000:50:1::"), ip("3000:60:1::"), 48, 48, 0, 0};
  v4.outbound_sa = s.out1_id = h.chip->add_sa(s.out1, SaDirection::kOutbound, 0);
  v4.inbound_sa = h.chip->add_sa(s.in1, SaDirection::kInbound, 0);
  v6.outbound_sa = s.out2_id = h.chip->add_sa(s.out2, SaDirection::kOutbound, 0);
  v6.inbound_sa = h.chip->add_sa(s.in2, SaDirection::kInbound, 0);
  h.chip->bind_tunnel(s.st0, ss, v4.outbound_sa, v4.inbound_sa);
  h.chip->set_tunnel_selectors(s.st0, {v4, v6});
  h.chip->add_route(ip("60.1.0.0"), 16, NextHop::st0(s.st0));
  h.chip->add_route(ip("70.0.0.0"), 8, NextHop::st0(s.st0));
  h.chip->add_route(ip("3000:60:1::"), 48, NextHop::st0(s.st0));
  h.chip->add_route(ip("198.51.100.1"), 32, NextHop::interface(wan));
  h.chip->add_route(ip("192.0.2.1"), 32, NextHop::si_outside(outside));
  h.chip->add_route(ip("50.1.0.0"), 16, NextHop::interface(wan));
  h.chip->add_route(ip("3000:50:1::"), 48, NextHop::interface(wan));
  h.chip->add_route(ip("172.16.0.0"), 12, NextHop::interface(wan));
  return s;
}

uint32_t spi_of(const std::vector<uint8_t>& esp_packet) {
  const uint8_t* esp = esp_packet.data() + ((esp_packet[0] >> 4) == 4 ? 20 : 40);
  return uint32_t{esp[0]} << 24 | uint32_t{esp[1]} << 16 | uint32_t{esp[2]} << 8 | esp[3];
}

TEST(TrafficSelectors, OutboundPicksTheSelectorsSaAndDropsWhatNoneHolds) {
  Harness h;
  build(h);
  h.chip->inject(h.ipv4("50.1.2.3", "60.1.0.5", 200), 12, 0);           // selector 1
  h.chip->inject(h.ipv6("3000:50:1::9", "3000:60:1::5", 200), 12, 100000);  // selector 2
  h.chip->inject(h.ipv4("1.1.1.2", "60.1.0.5", 200), 12, 200000);         // source outside
  h.chip->inject(h.ipv4("50.1.2.3", "70.1.0.5", 200), 12, 300000);        // routed in, destination outside
  h.run();
  ASSERT_EQ(h.sent.size(), 2u);
  EXPECT_EQ(spi_of(h.sent[0].bytes), 0x101u);
  EXPECT_EQ(spi_of(h.sent[1].bytes), 0x102u);
  EXPECT_EQ(h.drops(DropCause::kOutsideTrafficSelectors), 2u);
  EXPECT_EQ(h.chip->ipsec_statistics(0).encrypted_packets, 2u);
  const auto& t = h.chip->traffic();
  EXPECT_EQ(t.offered_packets, h.sent.size() + t.drops.total());
}

TEST(TrafficSelectors, InboundInnerPacketOutsideItsSasSelectorIsDropped) {
  Harness h;
  SelectorTunnel s = build(h);
  // The peer seals with SA 0x201 (selector 60.1/16 -> 50.1/16): one inner
  // packet inside it, one from outside 60.1/16, and one IPv6 packet of the
  // other selector sealed with the IPv4 selector's SA.
  crypto::OutboundSa peer1(s.in1);
  PacketPtr inside = h.ipv4("60.1.0.9", "50.1.2.3", 200);
  PacketPtr stranger = h.ipv4("172.16.0.9", "50.1.2.3", 200);
  PacketPtr wrong_sa = h.ipv6("3000:60:1::5", "3000:50:1::9", 200);
  for (PacketPtr* p : {&inside, &stranger, &wrong_sa}) ASSERT_TRUE(peer1.seal(**p));
  h.chip->inject(std::move(inside), 12, 0);
  h.chip->inject(std::move(stranger), 12, 100000);
  h.chip->inject(std::move(wrong_sa), 12, 200000);
  // The IPv6 packet with its own selector's SA passes.
  crypto::OutboundSa peer2(s.in2);
  PacketPtr v6 = h.ipv6("3000:60:1::5", "3000:50:1::9", 200);
  ASSERT_TRUE(peer2.seal(*v6));
  h.chip->inject(std::move(v6), 12, 300000);
  h.run();
  ASSERT_EQ(h.sent.size(), 2u);
  EXPECT_EQ(h.drops(DropCause::kInboundSelectorMismatch), 2u);
  EXPECT_EQ(h.chip->ipsec_statistics(0).decrypted_packets, 4u);  // decrypted, then refused
  EXPECT_EQ(h.chip->counters(s.st0).input_packets, 4u);
  const auto& t = h.chip->traffic();
  EXPECT_EQ(t.offered_packets, h.sent.size() + t.drops.total());
}

TEST(TrafficSelectors, SelectorSasMustBeOnTheTunnelsPfe) {
  Harness h;
  SelectorTunnel s = build(h);
  TrafficSelector other{ip("50.2.0.0"), ip("60.2.0.0"), 16, 16, 0, 0};
  other.outbound_sa = h.chip->add_sa(sa(0x103, 0x13, "192.0.2.1", "198.51.100.1"), SaDirection::kOutbound, 1);
  other.inbound_sa = h.chip->add_sa(sa(0x203, 0x23, "198.51.100.1", "192.0.2.1"), SaDirection::kInbound, 1);
  EXPECT_THROW(h.chip->set_tunnel_selectors(s.st0, {other}), ConfigError);
}

TEST(TrafficSelectors, PrefixHoldsComparesOnlyThePrefixBits) {
  const IpAddress net = ip("10.128.0.0");
  const IpAddress in = ip("10.191.255.255"), out = ip("10.64.0.1");
  EXPECT_TRUE(TrafficSelector::prefix_holds(net, 10, in.data()));
  EXPECT_FALSE(TrafficSelector::prefix_holds(net, 10, out.data()));
  EXPECT_TRUE(TrafficSelector::prefix_holds(net, 0, out.data()));
  EXPECT_TRUE(TrafficSelector::prefix_holds(ip("10.64.0.1"), 32, out.data()));
}

}  // namespace
}  // namespace trio6sim::models
