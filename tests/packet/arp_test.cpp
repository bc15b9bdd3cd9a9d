// The generator's ARP frames (RFC 826 for IPv4 over Ethernet): byte-exact
// for a request and a reply behind an 802.1Q tag, padded to the frame's
// size, and refused where ARP cannot be built.
#include <gtest/gtest.h>

#include <vector>

#include "packet/arp.h"

namespace trio6sim {
namespace {

IpAddress ip(const char* text) { return *IpAddress::parse(text); }

FrameSpec host_a() {
  FrameSpec f;
  f.src_mac = {0x00, 0x11, 0x01, 0x00, 0x00, 0x01};
  f.dst_mac = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  f.vlans[0].vid = 10;
  f.vlan_count = 1;
  f.src_ip = ip("13.11.1.11");
  f.dst_ip = ip("13.11.1.254");
  f.frame_bytes = 64;
  return f;
}

// Who has 13.11.1.254? Tell 13.11.1.11 (what scapy builds as
// Ether(dst="ff:ff:ff:ff:ff:ff", src="00:11:01:00:00:01")/Dot1Q(vlan=10)/
// ARP(op=1, hwsrc="00:11:01:00:00:01", psrc="13.11.1.11", pdst="13.11.1.254"),
// padded with zeros to 60 B).
TEST(Arp, ARequestIsRfc826BehindItsTagPaddedToTheFrame) {
  Packet p;
  ASSERT_TRUE(build_arp_frame(p, host_a(), ArpOperation::kRequest));
  std::vector<uint8_t> expected = {
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x11, 0x01, 0x00, 0x00, 0x01,  // to all, from A
      0x81, 0x00, 0x00, 0x0a, 0x08, 0x06,                                      // VLAN 10, ARP
      0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,                          // Ethernet, IPv4, 6, 4, request
      0x00, 0x11, 0x01, 0x00, 0x00, 0x01, 13, 11, 1, 11,                        // sender A, 13.11.1.11
      0, 0, 0, 0, 0, 0, 13, 11, 1, 254};                                        // target unknown, 13.11.1.254
  expected.resize(60, 0);
  EXPECT_EQ(std::vector<uint8_t>(p.bytes().begin(), p.bytes().end()), expected);
  EXPECT_EQ(p.meta.l2_length, 18u);
}

TEST(Arp, AReplyNamesItsTargetsMac) {
  FrameSpec f = host_a();
  f.dst_mac = {0x00, 0x12, 0x01, 0x00, 0x00, 0x01};
  f.vlan_count = 0;
  f.frame_bytes = 128;
  Packet p;
  ASSERT_TRUE(build_arp_frame(p, f, ArpOperation::kReply));
  ASSERT_EQ(p.size(), 124u);
  const uint8_t* a = p.data() + 14;
  EXPECT_EQ(p.data()[12], 0x08);
  EXPECT_EQ(p.data()[13], 0x06);
  EXPECT_EQ(a[7], 2);
  EXPECT_EQ(std::vector<uint8_t>(a + 18, a + 28),
            (std::vector<uint8_t>{0x00, 0x12, 0x01, 0x00, 0x00, 0x01, 13, 11, 1, 254}));
  EXPECT_EQ(p.data()[123], 0);  // padded
}

TEST(Arp, OnlyIpv4OverEthernetOfAtLeast64Bytes) {
  Packet p;
  FrameSpec f = host_a();
  f.frame_bytes = 60;
  EXPECT_FALSE(build_arp_frame(p, f, ArpOperation::kRequest));
  f = host_a();
  f.ethernet = false;
  EXPECT_FALSE(build_arp_frame(p, f, ArpOperation::kRequest));
  f = host_a();
  f.src_ip = ip("2001:db8::1");
  f.dst_ip = ip("2001:db8::2");
  EXPECT_FALSE(build_arp_frame(p, f, ArpOperation::kRequest));
}

}  // namespace
}  // namespace trio6sim
