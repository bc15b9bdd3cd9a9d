// GRE (RFC 2784) with the key and sequence number extensions (RFC 2890):
// a view of the fixed 4 bytes, a parser that locates the optional fields,
// and a builder.
//
//   |C| |K|S| Reserved0 | Ver |  Protocol Type  |
//   | Checksum (if C)         |  Reserved1      |
//   | Key (if K)                                |
//   | Sequence Number (if S)                    |
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <type_traits>

#include "bytes.h"
#include "expected.h"
#include "packet.h"
#include "packet_error.h"

namespace trio6sim {

inline constexpr std::size_t kGreBaseHeaderBytes = 4;
inline constexpr std::size_t kGreMaxHeaderBytes = 16;

namespace gre_flag {
inline constexpr uint16_t kChecksum = 0x8000;  // C, RFC 2784
inline constexpr uint16_t kRouting = 0x4000;   // R, RFC 1701 only: rejected
inline constexpr uint16_t kKey = 0x2000;       // K, RFC 2890
inline constexpr uint16_t kSequence = 0x1000;  // S, RFC 2890
inline constexpr uint16_t kStrictRoute = 0x0800;  // s, RFC 1701 only: rejected
inline constexpr uint16_t kVersionMask = 0x0007;
// RFC 2784 section 2.5.1: a receiver not implementing RFC 1701 discards
// packets with any of bits 1-5 set; RFC 2890 gives bits 2 and 3 meaning,
// leaving bits 1, 4 and 5 to reject.
inline constexpr uint16_t kMustBeZero = 0x4000 | 0x0800 | 0x0400;
}  // namespace gre_flag

template <class Byte>
class BasicGreView {
 public:
  explicit BasicGreView(Byte* p) : p_(p) {}
  Byte* data() const { return p_; }

  uint16_t flags() const { return load_be16(p_); }
  bool checksum_present() const { return flags() & gre_flag::kChecksum; }
  bool key_present() const { return flags() & gre_flag::kKey; }
  bool sequence_present() const { return flags() & gre_flag::kSequence; }
  uint8_t version() const { return static_cast<uint8_t>(flags() & gre_flag::kVersionMask); }
  uint16_t protocol() const { return load_be16(p_ + 2); }
  // 4 + 4 for each of C, K, S.
  std::size_t header_length() const {
    return kGreBaseHeaderBytes + 4 * (checksum_present() + key_present() + sequence_present());
  }

  void set_protocol(uint16_t v) requires(!std::is_const_v<Byte>) { store_be16(p_ + 2, v); }

 private:
  Byte* p_;
};

using GreView = BasicGreView<uint8_t>;
using GreConstView = BasicGreView<const uint8_t>;

struct GreFields {
  uint16_t protocol = 0;          // EtherType of the payload
  bool checksum_present = false;  // builder computes it over header + payload
  std::optional<uint32_t> key;
  std::optional<uint32_t> sequence;
  bool operator==(const GreFields&) const = default;
};

struct GreHeader {
  GreFields fields;
  uint16_t checksum = 0;      // as stored; meaningful when fields.checksum_present
  std::size_t length = 0;     // header bytes; the payload starts here
};

inline std::size_t gre_header_length(const GreFields& f) {
  return kGreBaseHeaderBytes + 4 * (std::size_t{f.checksum_present} + f.key.has_value() + f.sequence.has_value());
}

// Writes the header into the front of `header_and_payload` (the payload must
// already follow it) and, when C is set, the checksum over all of it (RFC 2784
// section 2.5). kNoRoom when the span is shorter than the header.
Expected<std::size_t, PacketError> write_gre_header(std::span<uint8_t> header_and_payload, const GreFields& f);
// Prepends a GRE header to a packet holding the payload.
Expected<void, PacketError> push_gre_header(Packet& pkt, const GreFields& f);

// kTruncated when the bytes end inside the header; kUnsupported for a
// version other than 0 (1 is PPTP's enhanced GRE) or RFC 1701 routing bits.
Expected<GreHeader, PacketError> parse_gre(std::span<const uint8_t> bytes);
// Verifies the checksum over header + payload (true when C is clear).
bool gre_checksum_ok(std::span<const uint8_t> header_and_payload);

}  // namespace trio6sim
