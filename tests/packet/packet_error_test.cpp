// Every parser error names the header field at fault and what was expected
// (describe()), so that a caller such as `trio6sim esp seal` can refuse a
// packet with more than "malformed". Errors still compare by kind.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "packet/ipv4.h"
#include "packet/ipv6.h"
#include "packet/parser.h"
#include "reference_frames.h"

namespace trio6sim {
namespace {

using Bytes = std::span<const uint8_t>;

std::vector<uint8_t> with_byte(Bytes valid, std::size_t at, uint8_t value) {
  std::vector<uint8_t> v(valid.begin(), valid.end());
  v[at] = value;
  return v;
}

std::string described_frame_error(const std::vector<uint8_t>& frame, bool verify_checksum = false) {
  ParseOptions options;
  options.verify_ipv4_checksum = verify_checksum;
  auto r = parse_frame(frame, options);
  return r ? "parsed" : describe(r.error());
}

TEST(PacketError, ComparesByKindAndCarriesTheField) {
  const PacketError e(PacketError::kBadHeaderLength, PacketField::kIpv4Ihl, 15, 44);
  EXPECT_EQ(e, PacketError::kBadHeaderLength);
  EXPECT_EQ(e, PacketError(PacketError::kBadHeaderLength));
  EXPECT_EQ(to_string(e), "bad header length");
  EXPECT_EQ(describe(e), "IPv4 IHL is 15 (60 bytes): expected 5 to 11 for the 44 bytes present");
  EXPECT_EQ(describe(PacketError::kNoRoom), "no room") << "without a field, the kind";
}

TEST(PacketError, Ipv4FieldsNamedWithWhatWasExpected) {
  const Bytes v4 = testdata::kScapyUdpV4;  // IPv4 at 14 (46 bytes), UDP at 34
  EXPECT_EQ(described_frame_error(with_byte(v4, 14, 0x4f)),
            "IPv4 IHL is 15 (60 bytes): expected 5 to 11 for the 46 bytes present");
  EXPECT_EQ(described_frame_error(with_byte(v4, 14, 0x44)), "IPv4 IHL is 4 (16 bytes): expected at least 5 (20 bytes)");
  EXPECT_EQ(described_frame_error(with_byte(v4, 14, 0x65)), "IP version is 6: expected 4");
  EXPECT_EQ(described_frame_error(with_byte(v4, 17, 19)), "IPv4 total length is 19: expected at least the header length, 20");
  EXPECT_EQ(described_frame_error(with_byte(v4, 17, 47)), "IPv4 total length is 47: expected at most the 46 bytes present");
  EXPECT_EQ(described_frame_error(with_byte(v4, 22, 1), true), "IPv4 header checksum 0x8e89 does not verify");
  const std::vector<uint8_t> short_header(v4.begin(), v4.begin() + 14 + 12);
  EXPECT_EQ(described_frame_error(short_header), "IPv4 header: 12 bytes, expected at least 20");
}

TEST(PacketError, Ipv6UdpAndEthernetFieldsNamed) {
  const Bytes v6 = testdata::kScapyUdpV6;  // IPv6 at 14 (62 bytes), UDP at 54
  EXPECT_EQ(described_frame_error(with_byte(v6, 19, 23)),
            "IPv6 payload length is 23: expected at most the 22 bytes present after the 40-byte header");
  EXPECT_EQ(described_frame_error(with_byte(v6, 59, 7)), "UDP length is 7: expected at least 8");
  EXPECT_EQ(described_frame_error(with_byte(testdata::kScapyUdpV4, 39, 27)),
            "UDP length is 27: expected at most the 26 bytes present");
  EXPECT_EQ(described_frame_error(std::vector<uint8_t>(v6.begin(), v6.begin() + 10)),
            "Ethernet header: 10 bytes, expected at least 14");
  EXPECT_EQ(described_frame_error(with_byte(testdata::kScapyVxlan, 42, 0x00)),
            "VXLAN flags 0x0000: expected the I flag (0x08) set (RFC 7348)");
}

// Every truncation and every single-byte corruption of the reference frames
// that the parser refuses is described by a field, never by a bare kind.
TEST(PacketError, EveryRefusalOfTheReferenceFramesNamesAField) {
  const std::vector<Bytes> frames = {testdata::kScapyUdpV4, testdata::kScapyUdpV6, testdata::kScapyQinQ,
                                     testdata::kScapyVxlan, testdata::kScapyGre,   testdata::kScapyEspV6};
  ParseOptions strict;
  strict.verify_l4_checksum = true;
  for (Bytes frame : frames) {
    std::vector<std::vector<uint8_t>> inputs;
    for (std::size_t n = 0; n < frame.size(); ++n) inputs.emplace_back(frame.begin(), frame.begin() + n);
    for (std::size_t at = 0; at < frame.size(); ++at)
      for (uint8_t v : {uint8_t{0x00}, uint8_t{0xff}, uint8_t{0x4f}}) inputs.push_back(with_byte(frame, at, v));
    for (const auto& in : inputs) {
      for (const ParseOptions& options : {ParseOptions{}, strict}) {
        auto r = parse_frame(in, options);
        if (r) continue;
        EXPECT_NE(r.error().field, PacketField::kNone) << "kind " << to_string(r.error()) << ", " << in.size() << " bytes";
        EXPECT_NE(describe(r.error()), to_string(r.error()));
      }
    }
  }
}

}  // namespace
}  // namespace trio6sim
