// Malformed input for every parser: each truncation of a valid header or
// packet must be an error value, targeted corruptions of length, IHL and
// version fields must be the documented errors, and every single-byte
// corruption must either fail or yield offsets inside the input. Run under
// ASan/UBSan (-DTRIO6SIM_SANITIZE=ON), this also proves no out-of-bounds read.
#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "packet/esp_header.h"
#include "packet/ethernet.h"
#include "packet/fragment.h"
#include "packet/frame_builder.h"
#include "packet/gre.h"
#include "packet/ipv4.h"
#include "packet/ipv6.h"
#include "packet/mpls.h"
#include "packet/parser.h"
#include "packet/udp.h"
#include "packet/vxlan.h"
#include "reference_frames.h"

namespace trio6sim {
namespace {

using Bytes = std::span<const uint8_t>;
// True when the parser accepted the bytes.
using Parser = std::function<bool(Bytes)>;

// Copies each prefix into its own exactly-sized vector, so that ASan sees a
// read one past the prefix as a heap overflow.
void expect_every_truncation_fails(const Parser& parse, Bytes valid, const char* what) {
  ASSERT_TRUE(parse(valid)) << what << ": the untruncated input must parse";
  for (std::size_t n = 0; n < valid.size(); ++n) {
    const std::vector<uint8_t> prefix(valid.begin(), valid.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(parse(prefix)) << what << ": truncated to " << n << " of " << valid.size() << " bytes";
  }
}

std::vector<uint8_t> with_byte(Bytes valid, std::size_t at, uint8_t value) {
  std::vector<uint8_t> v(valid.begin(), valid.end());
  v[at] = value;
  return v;
}

Parser frame_parser(ParseOptions options = {}) {
  return [options](Bytes b) { return parse_frame(b, options).has_value(); };
}

// Frames covering every branch of the walk.
std::vector<std::vector<uint8_t>> sample_frames() {
  std::vector<std::vector<uint8_t>> frames = {
      {testdata::kScapyUdpV4.begin(), testdata::kScapyUdpV4.end()},
      {testdata::kScapyUdpV6.begin(), testdata::kScapyUdpV6.end()},
      {testdata::kScapyQinQ.begin(), testdata::kScapyQinQ.end()},
      {testdata::kScapyVxlan.begin(), testdata::kScapyVxlan.end()},
      {testdata::kScapyGre.begin(), testdata::kScapyGre.end()},
      {testdata::kScapyEspV6.begin(), testdata::kScapyEspV6.end()},
  };
  // MPLS (two labels) over IPv4.
  FrameSpec spec;
  spec.ethernet = false;
  spec.frame_bytes = 80;
  Packet pkt;
  EXPECT_TRUE(build_udp_frame(pkt, spec));
  const std::array<MplsLabel, 2> labels = {MplsLabel{100}, MplsLabel{200}};
  EXPECT_TRUE(push_mpls_stack(pkt, labels));
  EthernetFields eth;
  eth.ethertype = ethertype::kMpls;
  EXPECT_TRUE(push_ethernet_header(pkt, eth));
  frames.emplace_back(pkt.bytes().begin(), pkt.bytes().end());
  // TCP over IPv4 with a 24-byte TCP header (data offset 6).
  std::vector<uint8_t> tcp(14 + 20 + 24 + 4, 0);
  store_be16(&tcp[12], ethertype::kIpv4);
  Ipv4Fields ip;
  ip.total_length = 48;
  ip.protocol = ipproto::kTcp;
  write_ipv4_header(&tcp[14], ip);
  store_be16(&tcp[34], 80);
  store_be16(&tcp[36], 443);
  tcp[46] = 0x60;
  frames.push_back(tcp);
  // IPv6 with a destination options header, then ESP in UDP (NAT-T).
  std::vector<uint8_t> v6(14 + 40 + 8 + 8 + 16, 0);
  store_be16(&v6[12], ethertype::kIpv6);
  Ipv6Fields f6;
  f6.payload_length = 32;
  f6.next_header = 60;
  write_ipv6_header(&v6[14], f6);
  v6[54] = ipproto::kUdp;
  write_udp_header(&v6[62], 4500, 4500, 24);
  store_be32(&v6[70], 0x1234);
  UdpView(&v6[62]).set_checksum(udp_checksum_v6(&v6[22], &v6[38], Bytes(v6).subspan(62)));
  frames.push_back(v6);
  return frames;
}

TEST(Malformed, SampleFramesCoverEveryBranchOfTheWalk) {
  bool vxlan = false, gre = false, esp = false, esp_in_udp = false, mpls = false, tcp = false, vlans = false,
       ipv6_ext = false;
  for (const auto& frame : sample_frames()) {
    auto r = parse_frame(frame);
    ASSERT_TRUE(r);
    vxlan |= r->tunnel == Tunnel::kVxlan && r->inner.l4 != kNoOffset;
    gre |= r->tunnel == Tunnel::kGre && r->inner.l4 != kNoOffset;
    esp |= r->outer.has_esp && !r->outer.esp_in_udp;
    esp_in_udp |= r->outer.esp_in_udp;
    mpls |= r->mpls_depth == 2;
    tcp |= r->outer.protocol == ipproto::kTcp && r->outer.payload == r->outer.l4 + 24;
    vlans |= r->vlan_count == 2;
    ipv6_ext |= r->outer.family == L3Family::kIpv6 && r->outer.l4 > r->outer.l3 + 40;
  }
  EXPECT_TRUE(vxlan && gre && esp && esp_in_udp && mpls && tcp && vlans && ipv6_ext);
}

TEST(Malformed, EveryTruncationOfEveryFrameFails) {
  ParseOptions verify_all;
  verify_all.verify_l4_checksum = true;
  for (const auto& frame : sample_frames()) {
    SCOPED_TRACE(::testing::Message() << "frame of " << frame.size() << " bytes");
    expect_every_truncation_fails(frame_parser(), frame, "parse_frame");
    expect_every_truncation_fails(frame_parser(verify_all), frame, "parse_frame (checksums)");
  }
}

TEST(Malformed, EveryTruncationOfL3PacketsFails) {
  auto l3 = [](Bytes b) { return parse_l3(b).has_value(); };
  expect_every_truncation_fails(l3, Bytes(testdata::kScapyUdpV4).subspan(14), "parse_l3 v4");
  expect_every_truncation_fails(l3, Bytes(testdata::kScapyUdpV6).subspan(14), "parse_l3 v6");
  expect_every_truncation_fails(l3, Bytes(testdata::kScapyGre).subspan(14), "parse_l3 gre");
}

TEST(Malformed, EveryTruncationOfEachHeaderFails) {
  expect_every_truncation_fails([](Bytes b) { return parse_ethernet(b).has_value(); },
                                Bytes(testdata::kScapyQinQ).first(22), "parse_ethernet");
  std::array<uint8_t, 12> stack{};
  const std::array<MplsLabel, 3> labels = {MplsLabel{1}, MplsLabel{2}, MplsLabel{3}};
  write_mpls_stack(stack.data(), labels);
  expect_every_truncation_fails([](Bytes b) { return parse_mpls_stack(b).has_value(); }, stack, "parse_mpls_stack");
  expect_every_truncation_fails([](Bytes b) { return parse_udp(b).has_value(); },
                                Bytes(testdata::kScapyUdpV4).subspan(34), "parse_udp");
  expect_every_truncation_fails([](Bytes b) { return parse_gre(b).has_value(); },
                                Bytes(testdata::kScapyGre).subspan(34, 16), "parse_gre");
  expect_every_truncation_fails([](Bytes b) { return parse_vxlan(b).has_value(); },
                                Bytes(testdata::kScapyVxlan).subspan(42, 8), "parse_vxlan");
  expect_every_truncation_fails([](Bytes b) { return parse_esp_header(b).has_value(); },
                                Bytes(testdata::kScapyEspV6).subspan(54, 8), "parse_esp_header");
}

TEST(Malformed, EveryTruncationOfAFragmentationInputFails) {
  auto fragment = [](Bytes b) {
    Packet in;
    if (!in.assign(b)) return false;
    in.meta.l2_length = 14;
    std::array<Packet, 4> out;
    std::array<Packet*, 4> ptrs = {&out[0], &out[1], &out[2], &out[3]};
    return fragment_ipv4(in, 68, ptrs).has_value();
  };
  expect_every_truncation_fails(fragment, testdata::kScapyUdpV4, "fragment_ipv4");
}

TEST(Malformed, TargetedFieldCorruptionsGiveTheDocumentedError) {
  const Bytes v4 = testdata::kScapyUdpV4;  // IPv4 at 14, UDP at 34
  const Bytes v6 = testdata::kScapyUdpV6;  // IPv6 at 14, UDP at 54
  ParseOptions no_csum;
  no_csum.verify_ipv4_checksum = false;
  struct Case {
    const char* what;
    std::vector<uint8_t> frame;
    PacketError expected;
  };
  const std::vector<Case> cases = {
      {"IPv4 version 6", with_byte(v4, 14, 0x65), PacketError::kBadVersion},
      {"IPv4 IHL 4", with_byte(v4, 14, 0x44), PacketError::kBadHeaderLength},
      {"IPv4 IHL 15", with_byte(v4, 14, 0x4f), PacketError::kBadHeaderLength},
      {"IPv4 total length 19", with_byte(v4, 17, 19), PacketError::kBadTotalLength},
      {"IPv4 total length +1", with_byte(v4, 17, 47), PacketError::kTruncated},
      {"IPv4 total length 0x102e", with_byte(v4, 16, 0x10), PacketError::kTruncated},
      {"UDP length 7", with_byte(v4, 39, 7), PacketError::kBadLength},
      {"UDP length +1", with_byte(v4, 39, 27), PacketError::kBadLength},
      {"UDP length 0x101a", with_byte(v4, 38, 0x10), PacketError::kBadLength},
      {"IPv6 version 4", with_byte(v6, 14, 0x40), PacketError::kBadVersion},
      {"IPv6 payload length +1", with_byte(v6, 19, 23), PacketError::kTruncated},
      {"IPv6 UDP length 7", with_byte(v6, 59, 7), PacketError::kBadLength},
      {"VLAN TPID with nothing after", with_byte(v4, 12, 0x81), PacketError::kUnsupported},  // 0x8100 then MACs' bytes: 802.3 length
      {"VXLAN I flag clear", with_byte(testdata::kScapyVxlan, 42, 0x00), PacketError::kUnsupported},
      {"GRE version 1", with_byte(testdata::kScapyGre, 35, 0x01), PacketError::kUnsupported},
      {"ESP SPI 0", with_byte(with_byte(testdata::kScapyEspV6, 56, 0), 57, 0), PacketError::kUnsupported},
      {"inner IPv4 IHL 4 behind VXLAN", with_byte(testdata::kScapyVxlan, 64, 0x44), PacketError::kBadHeaderLength},
      {"inner IPv4 total length +1 behind GRE", with_byte(testdata::kScapyGre, 53, 0x21), PacketError::kTruncated},
  };
  for (const Case& c : cases) {
    auto r = parse_frame(c.frame, no_csum);
    ASSERT_FALSE(r) << c.what;
    EXPECT_EQ(r.error(), c.expected) << c.what << ": got " << to_string(r.error());
  }
  // With checksum verification on (the default), a corrupted IPv4 header
  // that is otherwise consistent is a checksum error.
  EXPECT_EQ(parse_frame(with_byte(v4, 22, 1)).error(), PacketError::kBadChecksum);  // TTL
}

// Offsets a successful parse reports must lie inside the input and in order.
void expect_offsets_inside(const ParsedFrame& r, std::size_t size, const std::string& what) {
  for (const IpLayer* layer : {&r.outer, &r.inner}) {
    if (layer->l3 == kNoOffset) continue;
    EXPECT_LE(layer->end, size) << what;
    EXPECT_LE(layer->l3, layer->end) << what;
    if (layer->l4 != kNoOffset) {
      EXPECT_LE(layer->l4, layer->payload) << what;
    }
    EXPECT_LE(layer->payload, layer->end) << what;
  }
  if (r.inner.l3 != kNoOffset) {
    EXPECT_LE(r.inner.end, r.outer.end) << what;
  }
}

TEST(Malformed, EverySingleByteCorruptionFailsOrStaysInBounds) {
  ParseOptions lax;
  lax.verify_ipv4_checksum = false;  // reach the deeper layers with corrupted IPv4 headers
  ParseOptions strict;
  strict.verify_l4_checksum = true;
  int failures = 0;
  int successes = 0;
  for (const auto& frame : sample_frames()) {
    for (std::size_t at = 0; at < frame.size(); ++at) {
      for (uint8_t value : {uint8_t{0x00}, uint8_t{0xff}, static_cast<uint8_t>(frame[at] ^ 0x01),
                            static_cast<uint8_t>(frame[at] ^ 0x80), static_cast<uint8_t>(frame[at] + 1)}) {
        const std::vector<uint8_t> bad = with_byte(frame, at, value);
        for (const ParseOptions& opt : {lax, strict}) {
          auto r = parse_frame(bad, opt);
          if (r) {
            ++successes;
            expect_offsets_inside(*r, bad.size(), "byte " + std::to_string(at) + " = " + std::to_string(value));
          } else {
            ++failures;
          }
        }
      }
    }
  }
  // Both outcomes occur: the sweep is not trivially all-accept or all-reject.
  EXPECT_GT(failures, 0);
  EXPECT_GT(successes, 0);
}

TEST(Malformed, SeededMultiByteCorruptionsNeverEscapeTheInput) {
  // Deterministic (fixed seed, xorshift32): 1 to 4 random bytes changed and
  // a random length, on every sample frame.
  uint32_t x = 0x2545f491;
  auto next = [&x] {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
  };
  ParseOptions lax;
  lax.verify_ipv4_checksum = false;
  lax.hash.inner = true;
  const auto frames = sample_frames();
  for (int i = 0; i < 20000; ++i) {
    std::vector<uint8_t> bad = frames[next() % frames.size()];
    const uint32_t changes = 1 + next() % 4;
    for (uint32_t c = 0; c < changes; ++c) bad[next() % bad.size()] = static_cast<uint8_t>(next());
    bad.erase(bad.end() - static_cast<std::ptrdiff_t>(next() % 4), bad.end());
    auto r = parse_frame(bad, lax);
    if (r) expect_offsets_inside(*r, bad.size(), "iteration " + std::to_string(i));
  }
}

}  // namespace
}  // namespace trio6sim
