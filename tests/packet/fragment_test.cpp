// IPv4 fragmentation (RFC 791): offsets in 8-byte units, MF bits, the
// copied-options rule, checksums, DF, and that the pieces reassemble.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <vector>

#include "packet/fragment.h"
#include "packet/frame_builder.h"
#include "packet/ipv4.h"

namespace trio6sim {
namespace {

constexpr std::size_t kL2 = 14;

// An Ethernet + IPv4 + UDP frame whose IP total length is ip_bytes.
Packet frame_with_ip_bytes(std::size_t ip_bytes, bool df = false) {
  FrameSpec spec;
  spec.frame_bytes = ip_bytes + kL2 + kEthernetFcsBytes;
  spec.df = df;
  spec.ip_id = 0x1234;
  spec.pattern = PayloadPattern::kPseudoRandom;
  Packet pkt;
  EXPECT_TRUE(build_udp_frame(pkt, spec));
  return pkt;
}

struct Pool {
  explicit Pool(std::size_t n) : packets(n), pointers(n) {
    for (std::size_t i = 0; i < n; ++i) pointers[i] = &packets[i];
  }
  std::vector<Packet> packets;
  std::vector<Packet*> pointers;
};

// Reassembles by offset (RFC 791 section 3.2) and checks there are no gaps;
// returns the datagram's IP payload.
std::vector<uint8_t> reassemble(std::span<Packet* const> frags) {
  std::map<std::size_t, std::span<const uint8_t>> by_offset;
  bool saw_last = false;
  for (const Packet* f : frags) {
    Ipv4ConstView v(f->data() + kL2);
    EXPECT_TRUE(v.checksum_ok());
    by_offset[v.fragment_offset() * 8u] =
        std::span<const uint8_t>(f->data() + kL2 + v.header_length(), v.total_length() - v.header_length());
    saw_last |= !v.mf();
  }
  EXPECT_TRUE(saw_last);
  std::vector<uint8_t> out;
  for (const auto& [offset, data] : by_offset) {
    EXPECT_EQ(offset, out.size()) << "gap or overlap";
    out.insert(out.end(), data.begin(), data.end());
  }
  return out;
}

TEST(Fragment, SplitsAt576IntoOffsetsOfEightByteUnits) {
  Packet in = frame_with_ip_bytes(1500);
  Pool out(4);
  auto n = fragment_ipv4(in, 576, out.pointers);
  ASSERT_TRUE(n);
  ASSERT_EQ(*n, 3u);  // 1480 data bytes = 552 + 552 + 376
  EXPECT_EQ(*ipv4_fragment_count(in, 576), 3u);
  const std::array<uint16_t, 3> offsets = {0, 69, 138};
  const std::array<uint16_t, 3> lengths = {572, 572, 396};
  for (std::size_t i = 0; i < 3; ++i) {
    const Packet& f = out.packets[i];
    Ipv4ConstView v(f.data() + kL2);
    EXPECT_EQ(v.fragment_offset(), offsets[i]) << i;
    EXPECT_EQ(v.total_length(), lengths[i]) << i;
    EXPECT_EQ(v.mf(), i < 2) << i;
    EXPECT_EQ(v.identification(), 0x1234);
    EXPECT_LE(v.total_length(), 576);
    EXPECT_EQ(f.size(), kL2 + v.total_length());
    EXPECT_TRUE(std::equal(in.data(), in.data() + kL2, f.data())) << "L2 header copied";
    EXPECT_EQ(f.meta.l2_length, kL2);
  }
  const std::vector<uint8_t> data = reassemble(std::span<Packet* const>(out.pointers).first(3));
  EXPECT_TRUE(std::equal(data.begin(), data.end(), in.data() + kL2 + 20, in.data() + in.size()));
}

TEST(Fragment, ReassemblesForManyMtusAndSizes) {
  for (std::size_t size : {100u, 577u, 1500u, 4000u, 9000u}) {
    for (std::size_t mtu : {68u, 69u, 576u, 1280u, 1500u}) {
      Packet in = frame_with_ip_bytes(size);
      Pool out(200);  // 9000 B at MTU 68: 8980 / 48 = 188 fragments
      auto n = fragment_ipv4(in, mtu, out.pointers);
      ASSERT_TRUE(n) << size << "/" << mtu;
      EXPECT_EQ(*n, *ipv4_fragment_count(in, mtu));
      const std::vector<uint8_t> data = reassemble(std::span<Packet* const>(out.pointers).first(*n));
      ASSERT_EQ(data.size(), size - 20);
      EXPECT_TRUE(std::equal(data.begin(), data.end(), in.data() + kL2 + 20)) << size << "/" << mtu;
    }
  }
}

TEST(Fragment, DontFragmentIsRejectedButAFittingPacketIsCopied) {
  Packet in = frame_with_ip_bytes(1500, true);
  Pool out(4);
  EXPECT_EQ(fragment_ipv4(in, 1400, out.pointers).error(), PacketError::kFragmentNeeded);
  auto n = fragment_ipv4(in, 1500, out.pointers);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1u);
  ASSERT_EQ(out.packets[0].size(), in.size());
  EXPECT_TRUE(std::equal(in.bytes().begin(), in.bytes().end(), out.packets[0].data()));
}

TEST(Fragment, ErrorsForTinyMtuAndTooFewOutputs) {
  Packet in = frame_with_ip_bytes(1500);
  Pool out(2);
  EXPECT_EQ(fragment_ipv4(in, 67, out.pointers).error(), PacketError::kUnsupported);
  EXPECT_EQ(fragment_ipv4(in, 576, out.pointers).error(), PacketError::kNoRoom);
  Pool small(3);
  small.packets[1] = Packet(64);
  small.pointers[1] = &small.packets[1];
  EXPECT_EQ(fragment_ipv4(in, 576, small.pointers).error(), PacketError::kNoRoom);
}

TEST(Fragment, OnlyCopiedOptionsGoIntoLaterFragments) {
  // IPv4 header with 12 bytes of options: loose source route (type 0x83,
  // copied flag set, 7 bytes) then record route (type 7, not copied, 3 bytes),
  // then two End of Option List bytes.
  const std::size_t data_bytes = 200;
  std::vector<uint8_t> ip(32 + data_bytes);
  Ipv4Fields f;
  f.total_length = static_cast<uint16_t>(ip.size());
  f.protocol = 253;  // experimental (RFC 3692)
  write_ipv4_header(ip.data(), f);
  const std::array<uint8_t, 12> options = {0x83, 7, 4, 10, 0, 0, 1, 0x07, 3, 4, 0, 0};
  std::copy(options.begin(), options.end(), ip.begin() + 20);
  ip[0] = 0x48;  // IHL 8 words
  for (std::size_t i = 0; i < data_bytes; ++i) ip[32 + i] = static_cast<uint8_t>(i);
  Ipv4View(ip.data()).update_checksum();
  Packet in;
  ASSERT_TRUE(in.assign(ip));
  Pool out(8);
  auto n = fragment_ipv4(in, 96, out.pointers);
  ASSERT_TRUE(n);
  ASSERT_GE(*n, 3u);
  Ipv4ConstView first(out.packets[0].data());
  EXPECT_EQ(first.header_length(), 32u);
  EXPECT_TRUE(std::equal(options.begin(), options.end(), out.packets[0].data() + 20));
  EXPECT_EQ(first.total_length(), 32 + 64);  // (96 - 32) rounded down to 8
  const std::array<uint8_t, 8> copied = {0x83, 7, 4, 10, 0, 0, 1, 0};
  std::size_t offset = 64;
  for (std::size_t i = 1; i < *n; ++i) {
    Ipv4ConstView v(out.packets[i].data());
    EXPECT_EQ(v.header_length(), 28u) << i;
    EXPECT_TRUE(v.checksum_ok());
    EXPECT_TRUE(std::equal(copied.begin(), copied.end(), out.packets[i].data() + 20)) << i;
    EXPECT_EQ(v.fragment_offset() * 8u, offset);
    EXPECT_EQ(out.packets[i].data()[28], static_cast<uint8_t>(offset));  // data continues where it left off
    offset += v.total_length() - 28u;
  }
  EXPECT_EQ(offset, data_bytes);
  // A malformed option length is reported, not walked past.
  ip[21] = 40;
  Ipv4View(ip.data()).update_checksum();
  ASSERT_TRUE(in.assign(ip));
  EXPECT_EQ(fragment_ipv4(in, 96, out.pointers).error(), PacketError::kBadHeaderLength);
}

TEST(Fragment, RefragmentingAMiddleFragmentKeepsMfAndAddsOffsets) {
  Packet in = frame_with_ip_bytes(1500);
  Pool first(4);
  ASSERT_TRUE(fragment_ipv4(in, 1000, first.pointers));  // 976 + 504
  Packet& middle = first.packets[0];                     // offset 0, MF set, 976 data bytes
  Pool second(8);
  auto n = fragment_ipv4(middle, 300, second.pointers);
  ASSERT_TRUE(n);
  for (std::size_t i = 0; i < *n; ++i) EXPECT_TRUE(Ipv4ConstView(second.packets[i].data() + kL2).mf()) << i;
  // Together with the original last fragment, the pieces still reassemble.
  std::vector<Packet*> all(second.pointers.begin(), second.pointers.begin() + static_cast<std::ptrdiff_t>(*n));
  all.push_back(first.pointers[1]);
  const std::vector<uint8_t> data = reassemble(all);
  ASSERT_EQ(data.size(), 1480u);
  EXPECT_TRUE(std::equal(data.begin(), data.end(), in.data() + kL2 + 20));
}

}  // namespace
}  // namespace trio6sim
