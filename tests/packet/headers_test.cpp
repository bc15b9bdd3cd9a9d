// Header views, parsers and builders against known answers: RFC examples and
// the scapy-generated frames in reference_frames.h.
#include <gtest/gtest.h>

#include <vector>

#include "packet/checksum.h"
#include "packet/esp_header.h"
#include "packet/ethernet.h"
#include "packet/gre.h"
#include "packet/ipv4.h"
#include "packet/mpls.h"
#include "packet/udp.h"
#include "packet/vxlan.h"
#include "reference_frames.h"

namespace trio6sim {
namespace {

using testdata::kScapyGre;
using testdata::kScapyQinQ;
using testdata::kScapyUdpV4;
using testdata::kScapyUdpV6;
using testdata::kScapyVxlan;

TEST(Ethernet, ParsesUntaggedFrame) {
  auto eth = parse_ethernet(kScapyUdpV4);
  ASSERT_TRUE(eth);
  EXPECT_EQ(eth->dst, (MacAddress{2, 0, 0, 0, 0, 2}));
  EXPECT_EQ(eth->src, (MacAddress{2, 0, 0, 0, 0, 1}));
  EXPECT_EQ(eth->vlan_count, 0);
  EXPECT_EQ(eth->ethertype, ethertype::kIpv4);
  EXPECT_EQ(ethernet_header_length(*eth), 14u);
}

TEST(Ethernet, ParsesQinQTagsLikeScapy) {
  auto eth = parse_ethernet(kScapyQinQ);
  ASSERT_TRUE(eth);
  ASSERT_EQ(eth->vlan_count, 2);
  EXPECT_EQ(eth->vlans[0], (VlanTag{ethertype::kQinQ, 5, true, 100}));
  EXPECT_EQ(eth->vlans[1], (VlanTag{ethertype::kVlan, 0, false, 200}));
  EXPECT_EQ(eth->ethertype, ethertype::kIpv4);
  EXPECT_EQ(ethernet_header_length(*eth), 22u);
}

TEST(Ethernet, BuilderWritesTheSameBytesAsScapy) {
  EthernetFields f;
  f.dst = {2, 0, 0, 0, 0, 2};
  f.src = {2, 0, 0, 0, 0, 1};
  f.vlans = {VlanTag{ethertype::kQinQ, 5, true, 100}, VlanTag{ethertype::kVlan, 0, false, 200}};
  f.vlan_count = 2;
  f.ethertype = ethertype::kIpv4;
  std::array<uint8_t, 22> out{};
  write_ethernet_header(out.data(), f);
  EXPECT_TRUE(std::equal(out.begin(), out.end(), kScapyQinQ.begin()));
  auto back = parse_ethernet(out);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, f);
}

TEST(Ethernet, VlanViewSettersTouchOnlyTheirBits) {
  std::array<uint8_t, 6> tag = {0x81, 0x00, 0xff, 0xff, 0x08, 0x00};
  VlanTagView v(tag.data());
  v.set_vid(0x123);
  EXPECT_EQ(v.pcp(), 7);
  EXPECT_TRUE(v.dei());
  EXPECT_EQ(v.vid(), 0x123);
  v.set_pcp(2);
  v.set_dei(false);
  EXPECT_EQ(v.tci(), (2 << 13) | 0x123);
  EXPECT_EQ(v.inner_ethertype(), ethertype::kIpv4);
}

TEST(Ethernet, RejectsThirdTagAnd8023LengthField) {
  std::array<uint8_t, 30> three{};
  store_be16(&three[12], ethertype::kQinQ);
  store_be16(&three[16], ethertype::kVlan);
  store_be16(&three[20], ethertype::kVlan);
  store_be16(&three[24], ethertype::kIpv4);
  EXPECT_EQ(parse_ethernet(three).error(), PacketError::kUnsupported);
  std::array<uint8_t, 14> llc{};
  store_be16(&llc[12], 0x05dc);  // 1500: an 802.3 length, not an EtherType
  EXPECT_EQ(parse_ethernet(llc).error(), PacketError::kUnsupported);
}

TEST(Ethernet, PushUsesHeadroomAndReportsNoRoom) {
  Packet pkt(256, 20);
  EthernetFields f;
  f.vlan_count = 1;
  f.ethertype = ethertype::kIpv6;
  ASSERT_TRUE(push_ethernet_header(pkt, f));
  EXPECT_EQ(pkt.size(), 18u);
  EXPECT_EQ(push_ethernet_header(pkt, f).error(), PacketError::kNoRoom);
  EXPECT_EQ(pkt.size(), 18u);
}

TEST(Mpls, EntryFieldsMatchRfc3032Layout) {
  // Label 16 (first unreserved), TC 5, S=1, TTL 255: 0x00010 | 101 | 1 | 0xff.
  const std::array<uint8_t, 4> entry = {0x00, 0x01, 0x0b, 0xff};
  MplsConstView v(entry.data());
  EXPECT_EQ(v.label(), 16u);
  EXPECT_EQ(v.tc(), 5);
  EXPECT_TRUE(v.bottom_of_stack());
  EXPECT_EQ(v.ttl(), 255);
}

TEST(Mpls, PushThenParseRoundTripsAndSetsSOnlyAtBottom) {
  Packet pkt;
  const std::array<MplsLabel, 3> labels = {MplsLabel{0xfffff, 7, 1}, MplsLabel{299776, 0, 64}, MplsLabel{16, 3, 255}};
  ASSERT_TRUE(push_mpls_stack(pkt, labels));
  ASSERT_EQ(pkt.size(), 12u);
  EXPECT_FALSE(MplsConstView(pkt.data()).bottom_of_stack());
  EXPECT_FALSE(MplsConstView(pkt.data() + 4).bottom_of_stack());
  EXPECT_TRUE(MplsConstView(pkt.data() + 8).bottom_of_stack());
  auto stack = parse_mpls_stack(pkt.bytes());
  ASSERT_TRUE(stack);
  ASSERT_EQ(stack->depth, 3);
  for (std::size_t i = 0; i < labels.size(); ++i) EXPECT_EQ(stack->labels[i], labels[i]) << i;
  // Labels pushed on top of an existing stack must not set S again.
  const std::array<MplsLabel, 1> top = {MplsLabel{100, 0, 64}};
  ASSERT_TRUE(push_mpls_stack(pkt, top, false));
  auto deeper = parse_mpls_stack(pkt.bytes());
  ASSERT_TRUE(deeper);
  EXPECT_EQ(deeper->depth, 4);
}

TEST(Mpls, StackDeeperThanTheBoundIsUnsupported) {
  std::vector<uint8_t> bytes((kMaxMplsLabels + 1) * 4, 0);
  bytes.back() = 0;
  bytes[bytes.size() - 2] = 0x01;  // S on the ninth entry
  EXPECT_EQ(parse_mpls_stack(bytes).error(), PacketError::kUnsupported);
  std::array<MplsLabel, kMaxMplsLabels + 1> too_many{};
  Packet pkt;
  EXPECT_EQ(push_mpls_stack(pkt, too_many).error(), PacketError::kUnsupported);
}

TEST(Udp, ChecksumOverIpv4MatchesScapy) {
  std::span<const uint8_t> ip(kScapyUdpV4.data() + 14, kScapyUdpV4.size() - 14);
  auto udp = parse_udp(ip.subspan(20));
  ASSERT_TRUE(udp);
  EXPECT_EQ(udp->checksum(), 0xc332);
  const std::span<const uint8_t> datagram = ip.subspan(20, udp->length());
  EXPECT_EQ(udp_checksum_v4(ip.data() + 12, ip.data() + 16, datagram), 0xc332);
  EXPECT_TRUE(udp_checksum_ok_v4(ip.data() + 12, ip.data() + 16, datagram));
  std::vector<uint8_t> bad(datagram.begin(), datagram.end());
  bad.back() ^= 1;
  EXPECT_FALSE(udp_checksum_ok_v4(ip.data() + 12, ip.data() + 16, bad));
  // Zero means "no checksum" over IPv4 (RFC 768)...
  UdpView(bad.data()).set_checksum(0);
  EXPECT_TRUE(udp_checksum_ok_v4(ip.data() + 12, ip.data() + 16, bad));
}

TEST(Udp, ChecksumOverIpv6MatchesScapyAndZeroIsInvalid) {
  std::span<const uint8_t> ip(kScapyUdpV6.data() + 14, kScapyUdpV6.size() - 14);
  auto udp = parse_udp(ip.subspan(40));
  ASSERT_TRUE(udp);
  EXPECT_EQ(udp->length(), 22);
  const std::span<const uint8_t> datagram = ip.subspan(40, udp->length());
  EXPECT_EQ(udp_checksum_v6(ip.data() + 8, ip.data() + 24, datagram), 0x721c);
  EXPECT_TRUE(udp_checksum_ok_v6(ip.data() + 8, ip.data() + 24, datagram));
  std::vector<uint8_t> zero(datagram.begin(), datagram.end());
  UdpView(zero.data()).set_checksum(0);
  // ...but not over IPv6 (RFC 8200 section 8.1).
  EXPECT_FALSE(udp_checksum_ok_v6(ip.data() + 8, ip.data() + 24, zero));
}

TEST(Udp, ComputedZeroIsSentAsAllOnes) {
  // Choose a payload word that makes the one's-complement sum 0xffff, so the
  // checksum computes to 0 and must go out as 0xffff (RFC 768).
  const uint8_t src[4] = {0, 0, 0, 0};
  const uint8_t dst[4] = {0, 0, 0, 0};
  std::array<uint8_t, 10> d{};
  write_udp_header(d.data(), 0, 0, 10);
  // Sum without the last word: proto 17 + length 10 (pseudo) + length 10 = 37.
  store_be16(&d[8], static_cast<uint16_t>(0xffff - 37));
  EXPECT_EQ(udp_checksum_v4(src, dst, d), 0xffff);
  UdpView(d.data()).set_checksum(0xffff);
  EXPECT_TRUE(udp_checksum_ok_v4(src, dst, d));
}

TEST(Udp, ParseChecksLengthAgainstBytes) {
  std::array<uint8_t, 12> d{};
  write_udp_header(d.data(), 1, 2, 12);
  EXPECT_TRUE(parse_udp(std::span<const uint8_t>(d)));
  UdpView(d.data()).set_length(13);
  EXPECT_EQ(parse_udp(std::span<const uint8_t>(d)).error(), PacketError::kBadLength);
  UdpView(d.data()).set_length(7);
  EXPECT_EQ(parse_udp(std::span<const uint8_t>(d)).error(), PacketError::kBadLength);
  EXPECT_EQ(parse_udp(std::span<const uint8_t>(d).first(7)).error(), PacketError::kTruncated);
}

TEST(Gre, ParsesScapyHeaderWithChecksumKeyAndSequence) {
  const std::span<const uint8_t> gre(kScapyGre.data() + 34, kScapyGre.size() - 34);
  auto h = parse_gre(gre);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->length, 16u);
  EXPECT_EQ(h->fields.protocol, ethertype::kIpv4);
  EXPECT_TRUE(h->fields.checksum_present);
  EXPECT_EQ(h->checksum, 0x029c);
  EXPECT_EQ(h->fields.key, 0xdeadbeefu);
  EXPECT_EQ(h->fields.sequence, 7u);
  EXPECT_TRUE(gre_checksum_ok(gre));
}

TEST(Gre, BuilderMatchesScapyIncludingChecksum) {
  const std::span<const uint8_t> gre(kScapyGre.data() + 34, kScapyGre.size() - 34);
  Packet pkt;
  ASSERT_TRUE(pkt.assign(gre.subspan(16)));  // the inner IPv4 packet
  GreFields f{ethertype::kIpv4, true, 0xdeadbeefu, 7u};
  ASSERT_TRUE(push_gre_header(pkt, f));
  ASSERT_EQ(pkt.size(), gre.size());
  EXPECT_TRUE(std::equal(gre.begin(), gre.end(), pkt.data()));
}

TEST(Gre, MinimalHeaderAndRejectedVariants) {
  std::array<uint8_t, 4> h = {0x00, 0x00, 0x86, 0xdd};
  auto g = parse_gre(h);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->length, 4u);
  EXPECT_EQ(g->fields.protocol, ethertype::kIpv6);
  EXPECT_FALSE(g->fields.key);
  h[1] = 0x01;  // version 1: PPTP enhanced GRE
  EXPECT_EQ(parse_gre(h).error(), PacketError::kUnsupported);
  h[1] = 0x00;
  h[0] = 0x40;  // R: RFC 1701 routing
  EXPECT_EQ(parse_gre(h).error(), PacketError::kUnsupported);
  h[0] = 0x20;  // K without the key bytes
  EXPECT_EQ(parse_gre(h).error(), PacketError::kTruncated);
}

TEST(Vxlan, ParsesScapyHeaderAndBuildsTheSameBytes) {
  const std::span<const uint8_t> vx(kScapyVxlan.data() + 42, 8);
  auto v = parse_vxlan(vx);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->vni(), 0x123456u);
  std::array<uint8_t, 8> out{};
  write_vxlan_header(out.data(), 0x123456);
  EXPECT_TRUE(std::equal(out.begin(), out.end(), vx.begin()));
  VxlanView(out.data()).set_vni(0xabcdef);
  EXPECT_EQ(VxlanConstView(out.data()).vni(), 0xabcdefu);
  EXPECT_TRUE(VxlanConstView(out.data()).vni_valid());
  out[0] = 0;  // I clear
  EXPECT_EQ(parse_vxlan(std::span<const uint8_t>(out)).error(), PacketError::kUnsupported);
}

TEST(EspHeader, ParsesSpiAndSequenceAndRejectsSpiZero) {
  std::array<uint8_t, 8> h{};
  write_esp_header(h.data(), 0x1000, 5);
  EXPECT_TRUE(std::equal(h.begin(), h.end(), testdata::kScapyEspV6.begin() + 54));
  auto e = parse_esp_header(std::span<const uint8_t>(h));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->spi(), 0x1000u);
  EXPECT_EQ(e->sequence(), 5u);
  EspHeaderView(h.data()).set_sequence(0xffffffff);
  EXPECT_EQ(EspHeaderConstView(h.data()).sequence(), 0xffffffffu);
  EspHeaderView(h.data()).set_spi(0);
  EXPECT_EQ(parse_esp_header(std::span<const uint8_t>(h)).error(), PacketError::kUnsupported);
  EXPECT_EQ(parse_esp_header(std::span<const uint8_t>(h).first(7)).error(), PacketError::kTruncated);
}

TEST(Ipv4, WellKnownHeaderChecksumVerifies) {
  // The worked example of the IPv4 header checksum (Wikipedia, "Internet
  // checksum"; a captured 192.168.0.1 -> 192.168.0.199 UDP header): 0xb861.
  std::array<uint8_t, 20> h = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
                               0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
  EXPECT_EQ(internet_checksum(h), 0);
  h[10] = h[11] = 0;
  EXPECT_EQ(internet_checksum(h), 0xb861);
}

}  // namespace
}  // namespace trio6sim
