// Why a packet could not be parsed or built. Every parser returns one of
// these as a value (see expected.h) instead of reading out of bounds.
#pragma once

#include <cstdint>
#include <string_view>

namespace trio6sim {

enum class PacketError : uint8_t {
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

constexpr std::string_view to_string(PacketError e) {
  switch (e) {
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

}  // namespace trio6sim
