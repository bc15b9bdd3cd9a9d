// The generator's frame builder: byte-exact against scapy, sizes on the wire
// including the FCS, checksums, and no allocation beyond the Packet.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

#include "packet/frame_builder.h"
#include "packet/ipv4.h"
#include "packet/parser.h"
#include "packet/udp.h"
#include "reference_frames.h"

// Counts heap allocations made while `counting` is set, to check that the
// per-packet paths (build, parse) allocate nothing. Replacing the global
// operator new is allowed (and works under ASan, which intercepts malloc).
namespace {
thread_local bool counting = false;
thread_local std::size_t allocations = 0;
}  // namespace

void* operator new(std::size_t n) {
  if (counting) ++allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace trio6sim {
namespace {

IpAddress ip(const char* text) { return *IpAddress::parse(text); }

TEST(FrameBuilder, Ipv4SixtyFourByteFrameMatchesScapy) {
  Packet pkt;
  ASSERT_TRUE(build_udp_frame(pkt, FrameSpec{}));
  // 64 B on the wire = 60 B built + 4 B FCS.
  ASSERT_EQ(pkt.size(), 60u);
  EXPECT_TRUE(std::equal(testdata::kScapyUdpV4.begin(), testdata::kScapyUdpV4.end(), pkt.data()));
  EXPECT_EQ(pkt.meta.l2_length, 14u);
  EXPECT_EQ(pkt.headroom(), Packet::kDefaultHeadroom);  // encapsulation can be pushed in front
}

TEST(FrameBuilder, Ipv6EightyByteFrameMatchesScapy) {
  FrameSpec spec;
  spec.src_ip = ip("2001:db8::1");
  spec.dst_ip = ip("2001:db8::2");
  spec.frame_bytes = 80;
  Packet pkt;
  ASSERT_TRUE(build_udp_frame(pkt, spec));
  ASSERT_EQ(pkt.size(), testdata::kScapyUdpV6.size());
  EXPECT_TRUE(std::equal(testdata::kScapyUdpV6.begin(), testdata::kScapyUdpV6.end(), pkt.data()));
}

TEST(FrameBuilder, SizesVlansAndChecksumsAcrossTheRange) {
  ParseOptions verify;
  verify.verify_l4_checksum = true;
  for (bool v6 : {false, true}) {
    for (uint8_t tags = 0; tags <= 2; ++tags) {
      for (std::size_t size : {64u, 65u, 128u, 1518u, 9000u}) {
        FrameSpec spec;
        if (v6) {
          spec.src_ip = ip("2001:db8::a");
          spec.dst_ip = ip("2001:db8::b");
        }
        spec.vlan_count = tags;
        spec.vlans[0] = VlanTag{ethertype::kQinQ, 1, false, 10};
        spec.vlans[1] = VlanTag{ethertype::kVlan, 2, false, 20};
        spec.frame_bytes = size;
        spec.pattern = PayloadPattern::kPseudoRandom;
        spec.pattern_seed = static_cast<uint32_t>(size);
        Packet pkt;
        auto built = build_udp_frame(pkt, spec);
        if (size + 0 < frame_header_bytes(spec) + kEthernetFcsBytes) {
          EXPECT_EQ(built.error(), PacketError::kBadLength) << v6 << " " << int{tags} << " " << size;
          continue;
        }
        ASSERT_TRUE(built) << v6 << " " << int{tags} << " " << size;
        EXPECT_EQ(pkt.size() + kEthernetFcsBytes, size);
        auto r = parse_frame(pkt.bytes(), verify);
        ASSERT_TRUE(r) << to_string(r.error());
        EXPECT_EQ(r->vlan_count, tags);
        EXPECT_EQ(r->outer.end, pkt.size());
      }
    }
  }
}

TEST(FrameBuilder, PatternsAreDeterministic) {
  FrameSpec spec;
  spec.frame_bytes = 128;
  spec.pattern = PayloadPattern::kPseudoRandom;
  spec.pattern_seed = 42;
  Packet a, b;
  ASSERT_TRUE(build_udp_frame(a, spec));
  ASSERT_TRUE(build_udp_frame(b, spec));
  EXPECT_TRUE(std::equal(a.bytes().begin(), a.bytes().end(), b.bytes().begin()));
  spec.pattern_seed = 43;
  ASSERT_TRUE(build_udp_frame(b, spec));
  EXPECT_FALSE(std::equal(a.bytes().begin(), a.bytes().end(), b.bytes().begin()));
  spec.pattern = PayloadPattern::kFixed;
  spec.pattern_byte = 0xa5;
  ASSERT_TRUE(build_udp_frame(b, spec));
  EXPECT_EQ(b.bytes().back(), 0xa5);
}

TEST(FrameBuilder, WithoutEthernetSizeIsTheIpTotalLength) {
  FrameSpec spec;
  spec.ethernet = false;
  spec.frame_bytes = 1400;
  spec.df = true;
  spec.udp_checksum = false;
  Packet pkt;
  ASSERT_TRUE(build_udp_frame(pkt, spec));
  ASSERT_EQ(pkt.size(), 1400u);
  EXPECT_EQ(pkt.meta.l2_length, 0u);
  Ipv4ConstView v(pkt.data());
  EXPECT_EQ(v.total_length(), 1400);
  EXPECT_TRUE(v.df());
  EXPECT_TRUE(v.checksum_ok());
  EXPECT_EQ(UdpConstView(pkt.data() + 20).checksum(), 0);  // "no checksum" over IPv4
}

TEST(FrameBuilder, RejectsRuntsMixedFamiliesAndOversize) {
  Packet pkt;
  FrameSpec spec;
  spec.frame_bytes = 63;
  EXPECT_EQ(build_udp_frame(pkt, spec).error(), PacketError::kBadLength);
  spec.frame_bytes = 64;
  spec.src_ip = ip("2001:db8::1");
  EXPECT_EQ(build_udp_frame(pkt, spec).error(), PacketError::kUnsupported);
  spec.dst_ip = ip("2001:db8::2");
  EXPECT_EQ(build_udp_frame(pkt, spec).error(), PacketError::kBadLength);  // IPv6 + UDP needs 66 B
  FrameSpec big;
  big.frame_bytes = Packet::kDefaultCapacity;
  EXPECT_EQ(build_udp_frame(pkt, big).error(), PacketError::kNoRoom);
  big.frame_bytes = 70000;
  EXPECT_EQ(build_udp_frame(pkt, big).error(), PacketError::kBadLength);
}

TEST(FrameBuilder, BuildingAndParsingAllocateNothing) {
  Packet pkt;  // allocated once, as a pool would
  FrameSpec spec;
  spec.vlan_count = 2;
  spec.frame_bytes = 1518;
  spec.pattern = PayloadPattern::kPseudoRandom;
  counting = true;
  allocations = 0;
  for (int i = 0; i < 100; ++i) {
    spec.src_port = static_cast<uint16_t>(i);
    const bool built = build_udp_frame(pkt, spec).has_value();
    const bool parsed = parse_frame(pkt.bytes()).has_value();
    if (!built || !parsed) break;
  }
  counting = false;
  EXPECT_EQ(allocations, 0u);
  EXPECT_TRUE(parse_frame(pkt.bytes()));
}

}  // namespace
}  // namespace trio6sim
