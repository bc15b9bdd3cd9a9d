// The frame walk: offsets and fields for each encapsulation, checked on the
// scapy reference frames and on frames built here.
#include <gtest/gtest.h>

#include <vector>

#include "packet/esp_header.h"
#include "packet/frame_builder.h"
#include "packet/ip_protocol.h"
#include "packet/ipv4.h"
#include "packet/ipv6.h"
#include "packet/parser.h"
#include "packet/udp.h"
#include "packet/vxlan.h"
#include "reference_frames.h"

namespace trio6sim {
namespace {

IpAddress ip(const char* text) { return *IpAddress::parse(text); }

TEST(Parser, UdpOverIpv4) {
  auto r = parse_frame(testdata::kScapyUdpV4);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->l2, 0u);
  EXPECT_EQ(r->ethertype, ethertype::kIpv4);
  EXPECT_EQ(r->outer.family, L3Family::kIpv4);
  EXPECT_EQ(r->outer.l3, 14u);
  EXPECT_EQ(r->outer.l4, 34u);
  EXPECT_EQ(r->outer.payload, 42u);
  EXPECT_EQ(r->outer.end, 60u);
  EXPECT_EQ(r->outer.protocol, ipproto::kUdp);
  EXPECT_EQ(r->outer.ttl, 64);
  EXPECT_TRUE(r->outer.has_ports);
  EXPECT_EQ(r->outer.src_port, 1024);
  EXPECT_EQ(r->outer.dst_port, 1024);
  EXPECT_EQ(r->outer.key.src, ip("192.0.2.1"));
  EXPECT_EQ(r->outer.key.dst, ip("198.51.100.1"));
  EXPECT_EQ(r->tunnel, Tunnel::kNone);
  EXPECT_EQ(r->flow_hash, flow_hash(r->outer.key));
}

TEST(Parser, UdpOverIpv6WithChecksumVerification) {
  ParseOptions opt;
  opt.verify_l4_checksum = true;
  auto r = parse_frame(testdata::kScapyUdpV6, opt);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->outer.family, L3Family::kIpv6);
  EXPECT_EQ(r->outer.l4, 54u);
  EXPECT_EQ(r->outer.payload, 62u);
  EXPECT_EQ(r->outer.key.src, ip("2001:db8::1"));
  std::vector<uint8_t> bad(testdata::kScapyUdpV6.begin(), testdata::kScapyUdpV6.end());
  bad.back() ^= 0xff;
  EXPECT_EQ(parse_frame(bad, opt).error(), PacketError::kBadChecksum);
  EXPECT_TRUE(parse_frame(bad));  // not verified by default
}

TEST(Parser, QinQVlanIds) {
  auto r = parse_frame(testdata::kScapyQinQ);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->vlan_count, 2);
  EXPECT_EQ(r->vlan_ids[0], 100);
  EXPECT_EQ(r->vlan_ids[1], 200);
  EXPECT_EQ(r->outer.l3, 22u);
  EXPECT_EQ(r->outer.src_port, 5000);
  EXPECT_EQ(r->outer.dst_port, 6000);
}

TEST(Parser, VxlanInnerFieldsAndInnerHashOption) {
  auto r = parse_frame(testdata::kScapyVxlan);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->tunnel, Tunnel::kVxlan);
  EXPECT_EQ(r->vxlan_vni, 0x123456u);
  EXPECT_EQ(r->outer.dst_port, kVxlanUdpPort);
  EXPECT_EQ(r->outer.payload, 50u);  // after UDP (42) + VXLAN (8)
  EXPECT_EQ(r->inner_l2, 50u);
  EXPECT_EQ(r->inner.l3, 64u);
  EXPECT_EQ(r->inner.l4, 84u);
  EXPECT_EQ(r->inner.payload, 92u);
  EXPECT_EQ(r->inner.key.src, ip("172.16.0.1"));
  EXPECT_EQ(r->inner.src_port, 1111);
  EXPECT_EQ(r->inner.dst_port, 2222);
  EXPECT_EQ(r->flow_hash, flow_hash(r->outer.key));
  ParseOptions opt;
  opt.hash.inner = true;
  auto inner = parse_frame(testdata::kScapyVxlan, opt);
  ASSERT_TRUE(inner);
  EXPECT_EQ(inner->flow_hash, flow_hash(r->inner.key, opt.hash));
  EXPECT_NE(inner->flow_hash, r->flow_hash);
}

TEST(Parser, GreWithKeyCarryingIpv4) {
  ParseOptions opt;
  opt.verify_l4_checksum = true;  // the GRE checksum, here
  auto r = parse_frame(testdata::kScapyGre, opt);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->tunnel, Tunnel::kGre);
  EXPECT_EQ(r->outer.protocol, ipproto::kGre);
  EXPECT_FALSE(r->outer.has_ports);
  EXPECT_TRUE(r->has_gre_key);
  EXPECT_EQ(r->gre_key, 0xdeadbeefu);
  EXPECT_EQ(r->gre_protocol, ethertype::kIpv4);
  EXPECT_EQ(r->outer.payload, 50u);
  EXPECT_EQ(r->inner.l3, 50u);
  EXPECT_EQ(r->inner.dst_port, 2222);
}

TEST(Parser, EspOverIpv6) {
  auto r = parse_frame(testdata::kScapyEspV6);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->outer.has_esp);
  EXPECT_FALSE(r->outer.esp_in_udp);
  EXPECT_EQ(r->outer.esp_spi, 0x1000u);
  EXPECT_EQ(r->outer.esp_sequence, 5u);
  EXPECT_EQ(r->outer.key.spi, 0x1000u);
  EXPECT_EQ(r->outer.payload, 62u);
}

// Builds a UDP/IPv4 frame on port 4500 whose payload starts with `first_word`.
Packet nat_t_frame(uint32_t first_word) {
  FrameSpec spec;
  spec.src_port = spec.dst_port = kEspInUdpPort;
  spec.frame_bytes = 100;
  Packet pkt;
  EXPECT_TRUE(build_udp_frame(pkt, spec));
  store_be32(pkt.data() + 42, first_word);
  store_be32(pkt.data() + 46, 9);
  return pkt;
}

TEST(Parser, EspInUdpAndIkeNonEspMarker) {
  auto esp = parse_frame(nat_t_frame(0xabcd).bytes());
  ASSERT_TRUE(esp);
  EXPECT_TRUE(esp->outer.has_esp);
  EXPECT_TRUE(esp->outer.esp_in_udp);
  EXPECT_EQ(esp->outer.esp_spi, 0xabcdu);
  EXPECT_EQ(esp->outer.esp_sequence, 9u);
  EXPECT_EQ(esp->outer.payload, 50u);
  auto ike = parse_frame(nat_t_frame(0).bytes());  // RFC 3948 non-ESP marker
  ASSERT_TRUE(ike);
  EXPECT_FALSE(ike->outer.has_esp);
  EXPECT_EQ(ike->outer.payload, 42u);
}

// An Ethernet + MPLS + IP frame from a built IP packet.
Packet mpls_frame(const FrameSpec& inner, std::span<const MplsLabel> labels) {
  FrameSpec spec = inner;
  spec.ethernet = false;
  Packet pkt;
  EXPECT_TRUE(build_udp_frame(pkt, spec));
  EXPECT_TRUE(push_mpls_stack(pkt, labels));
  EthernetFields eth;
  eth.ethertype = ethertype::kMpls;
  EXPECT_TRUE(push_ethernet_header(pkt, eth));
  return pkt;
}

TEST(Parser, MplsStackThenIpByNibbleOrExplicitNull) {
  FrameSpec spec;
  spec.src_ip = ip("2001:db8::1");
  spec.dst_ip = ip("2001:db8::2");
  spec.frame_bytes = 100;
  const std::array<MplsLabel, 3> labels = {MplsLabel{1000}, MplsLabel{2000}, MplsLabel{3000}};
  Packet pkt = mpls_frame(spec, labels);
  auto r = parse_frame(pkt.bytes());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->mpls_depth, 3);
  EXPECT_EQ(r->mpls_labels[0], 1000u);
  EXPECT_EQ(r->mpls_labels[2], 3000u);
  EXPECT_EQ(r->outer.family, L3Family::kIpv6);
  EXPECT_EQ(r->outer.l3, 26u);
  EXPECT_EQ(r->outer.dst_port, 1024);

  FrameSpec v4;
  v4.frame_bytes = 100;
  const std::array<MplsLabel, 1> null = {MplsLabel{mpls_label::kIpv4ExplicitNull}};
  auto n = parse_frame(mpls_frame(v4, null).bytes());
  ASSERT_TRUE(n);
  EXPECT_EQ(n->outer.family, L3Family::kIpv4);
}

TEST(Parser, NonIpFrameHasNoL3) {
  std::array<uint8_t, 60> arp{};
  store_be16(&arp[12], ethertype::kArp);
  auto r = parse_frame(arp);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->outer.l3, kNoOffset);
  EXPECT_EQ(r->outer.payload, 14u);
}

TEST(Parser, ParseL3TakesFamilyFromNibbleOrChecksIt) {
  const std::span<const uint8_t> ip4(testdata::kScapyUdpV4.data() + 14, testdata::kScapyUdpV4.size() - 14);
  auto r = parse_l3(ip4);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->l2, kNoOffset);
  EXPECT_EQ(r->outer.l3, 0u);
  EXPECT_EQ(r->outer.payload, 28u);
  EXPECT_EQ(parse_l3(ip4, L3Family::kIpv6).error(), PacketError::kBadVersion);
  EXPECT_EQ(r->flow_hash, parse_frame(testdata::kScapyUdpV4)->flow_hash);
}

TEST(Parser, Ipv4FragmentsHashPortsOnlyInTheFirst) {
  FrameSpec spec;
  spec.frame_bytes = 200;
  Packet pkt;
  ASSERT_TRUE(build_udp_frame(pkt, spec));
  Ipv4View v(pkt.data() + 14);
  v.set_mf(true);
  v.update_checksum();
  auto first = parse_frame(pkt.bytes());
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->outer.is_fragment);
  EXPECT_TRUE(first->outer.has_ports);  // ports read although the UDP length spans fragments
  v.set_fragment_offset(10);
  v.update_checksum();
  auto later = parse_frame(pkt.bytes());
  ASSERT_TRUE(later);
  EXPECT_FALSE(later->outer.has_ports);
  EXPECT_EQ(later->outer.l4, kNoOffset);
  EXPECT_EQ(later->outer.payload, 34u);
  EXPECT_EQ(later->outer.key.src_port, 0);
}

TEST(Parser, Ipv6ExtensionHeadersAreWalked) {
  // IPv6 + hop-by-hop (8 B) + fragment header (first fragment) + UDP.
  std::vector<uint8_t> p(40 + 8 + 8 + 16, 0);
  Ipv6Fields f;
  f.payload_length = 32;
  f.next_header = 0;  // hop-by-hop
  f.src[15] = 1;
  f.dst[15] = 2;
  write_ipv6_header(p.data(), f);
  p[40] = 44;  // next: fragment
  p[41] = 0;   // (0 + 1) * 8 bytes
  p[48] = ipproto::kUdp;
  store_be16(&p[50], 0x0001);  // offset 0, M = 1
  write_udp_header(&p[56], 7, 8, 16);
  auto r = parse_l3(p);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->outer.protocol, ipproto::kUdp);
  EXPECT_EQ(r->outer.l4, 56u);
  EXPECT_TRUE(r->outer.is_fragment);
  EXPECT_EQ(r->outer.src_port, 7);
  p[41] = 9;  // hop-by-hop longer than the payload
  EXPECT_EQ(parse_l3(p).error(), PacketError::kBadLength);
}

}  // namespace
}  // namespace trio6sim
