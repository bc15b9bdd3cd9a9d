// Why a packet could not be parsed or built. Every parser returns one of
// these as a value (see expected.h) instead of reading out of bounds. Beside
// the kind of error it carries, where the parser knows them, the header field
// at fault, the value the field held and the bound it broke, so that a
// message can name the field and what was expected (describe()).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace trio6sim {

// The header field a PacketError is about.
enum class PacketField : uint8_t {
  kNone,
  kEthernetHeader,     // the 14-byte header (and VLAN tags) itself
  kEthertype,          // value: the EtherType (or 802.3 length)
  kVlanTags,           // value: tags seen; limit: the most the parser walks
  kMplsStack,          // value: labels seen; limit: the most the parser walks
  kMplsLabel,          // value: bytes present; limit: bytes the next label needs
  kMplsPayload,        // nothing after the bottom of the stack
  kIpVersion,          // value: the version nibble; limit: the version expected (0: 4 or 6)
  kIpv4Header,         // value: bytes present; limit: 20
  kIpv4Ihl,            // value: IHL (32-bit words); limit: bytes present
  kIpv4TotalLength,    // value: total length; limit: bytes present or the header length
  kIpv4Checksum,       // value: the checksum field
  kIpv6Header,         // value: bytes present; limit: 40
  kIpv6PayloadLength,  // value: payload length; limit: bytes present after the 40-byte header
  kIpv6ExtensionHeader,  // value: its length in bytes; limit: bytes left in the packet
  kIpv6ExtensionChain,   // value: headers walked; limit: kMaxIpv6ExtensionHeaders
  kUdpHeader,          // value: bytes present; limit: 8
  kUdpLength,          // value: UDP length; limit: bytes present
  kUdpChecksum,        // value: the checksum field
  kTcpDataOffset,      // value: data offset in bytes; limit: bytes present
  kTcpHeader,          // value: bytes present; limit: 20
  kEspHeader,          // value: bytes present; limit: 8
  kEspSpi,             // value: the SPI (0 is reserved, RFC 4303 2.1)
  kGreHeader,          // value: bytes present; limit: the header length its flags imply
  kGreFlags,           // value: the flags and version word
  kGreChecksum,        // the GRE checksum does not verify
  kVxlanHeader,        // value: bytes present; limit: 8
  kVxlanFlags,         // value: the flags byte
};

struct PacketError {
  // Unscoped inside the struct so that PacketError::kTruncated names a kind,
  // and a kind converts to a PacketError without field detail.
  enum Kind : uint8_t {
    kTruncated,          // fewer bytes than the header (or its declared length) needs
    kBadVersion,         // IP version nibble not the one expected
    kBadHeaderLength,    // IPv4 IHL < 5 or larger than the bytes present
    kBadTotalLength,     // IPv4 total length / IPv6 payload length inconsistent with the bytes
    kBadChecksum,        // IPv4 header or UDP checksum does not verify
    kBadLength,          // a length field (UDP, GRE, ...) inconsistent with the bytes
    kBadFragment,        // fragment offset/length inconsistent
    kFragmentNeeded,     // larger than the MTU with DF set
    kUnsupported,        // a header or option the library does not handle
    kNoRoom,             // headroom or tailroom too small for the requested push
  };

  Kind kind = kTruncated;
  PacketField field = PacketField::kNone;
  uint32_t value = 0;  // what the field held (see PacketField)
  uint32_t limit = 0;  // the bound it broke (see PacketField)

  constexpr PacketError() = default;
  constexpr PacketError(Kind k) : kind(k) {}  // NOLINT: implicit by design
  constexpr PacketError(Kind k, PacketField f, uint32_t v = 0, uint32_t l = 0) : kind(k), field(f), value(v), limit(l) {}

  // Errors compare by kind: the detail is for messages.
  friend constexpr bool operator==(const PacketError& a, const PacketError& b) { return a.kind == b.kind; }
  friend constexpr bool operator==(const PacketError& a, Kind k) { return a.kind == k; }
};

constexpr std::string_view to_string(PacketError::Kind k) {
  switch (k) {
    case PacketError::kTruncated: return "truncated";
    case PacketError::kBadVersion: return "bad version";
    case PacketError::kBadHeaderLength: return "bad header length";
    case PacketError::kBadTotalLength: return "bad total length";
    case PacketError::kBadChecksum: return "bad checksum";
    case PacketError::kBadLength: return "bad length";
    case PacketError::kBadFragment: return "bad fragment";
    case PacketError::kFragmentNeeded: return "fragmentation needed and DF set";
    case PacketError::kUnsupported: return "unsupported";
    case PacketError::kNoRoom: return "no room";
  }
  return "unknown";
}
constexpr std::string_view to_string(const PacketError& e) { return to_string(e.kind); }

// One line naming the field, what it held and what was expected, e.g.
// "IPv4 IHL is 15 (60 bytes): expected 5 to 11 for the 44 bytes present".
// Errors without field detail read as the kind ("truncated").
std::string describe(const PacketError& e);

}  // namespace trio6sim
