// IPv4 header (RFC 791): a view over bytes already bounds-checked by
// parse_ipv4(), and a builder for 20-byte headers without options.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <type_traits>

#include "bytes.h"
#include "expected.h"
#include "packet_error.h"

namespace trio6sim {

inline constexpr std::size_t kIpv4HeaderBytes = 20;

template <class Byte>
class BasicIpv4View {
 public:
  explicit BasicIpv4View(Byte* p) : p_(p) {}
  Byte* data() const { return p_; }

  uint8_t version() const { return p_[0] >> 4; }
  std::size_t header_length() const { return std::size_t{p_[0] & 0x0fu} * 4; }
  uint8_t tos() const { return p_[1]; }
  uint8_t dscp() const { return p_[1] >> 2; }
  uint8_t ecn() const { return p_[1] & 0x3; }
  uint16_t total_length() const { return load_be16(p_ + 2); }
  uint16_t identification() const { return load_be16(p_ + 4); }
  bool df() const { return p_[6] & 0x40; }
  bool mf() const { return p_[6] & 0x20; }
  // In 8-byte units, as on the wire.
  uint16_t fragment_offset() const { return load_be16(p_ + 6) & 0x1fff; }
  bool is_fragment() const { return mf() || fragment_offset() != 0; }
  uint8_t ttl() const { return p_[8]; }
  uint8_t protocol() const { return p_[9]; }
  uint16_t checksum() const { return load_be16(p_ + 10); }
  const uint8_t* src() const { return p_ + 12; }
  const uint8_t* dst() const { return p_ + 16; }
  bool checksum_ok() const;

  void set_tos(uint8_t v) requires(!std::is_const_v<Byte>) { p_[1] = v; }
  void set_dscp(uint8_t v) requires(!std::is_const_v<Byte>) { p_[1] = static_cast<uint8_t>((v << 2) | ecn()); }
  void set_ecn(uint8_t v) requires(!std::is_const_v<Byte>) { p_[1] = static_cast<uint8_t>((p_[1] & 0xfc) | (v & 3)); }
  void set_total_length(uint16_t v) requires(!std::is_const_v<Byte>) { store_be16(p_ + 2, v); }
  void set_identification(uint16_t v) requires(!std::is_const_v<Byte>) { store_be16(p_ + 4, v); }
  void set_df(bool v) requires(!std::is_const_v<Byte>) { p_[6] = static_cast<uint8_t>(v ? (p_[6] | 0x40) : (p_[6] & ~0x40)); }
  void set_mf(bool v) requires(!std::is_const_v<Byte>) { p_[6] = static_cast<uint8_t>(v ? (p_[6] | 0x20) : (p_[6] & ~0x20)); }
  void set_fragment_offset(uint16_t v) requires(!std::is_const_v<Byte>) {
    store_be16(p_ + 6, static_cast<uint16_t>((load_be16(p_ + 6) & 0xe000) | (v & 0x1fff)));
  }
  void set_ttl(uint8_t v) requires(!std::is_const_v<Byte>) { p_[8] = v; }
  void set_protocol(uint8_t v) requires(!std::is_const_v<Byte>) { p_[9] = v; }
  void set_src(const uint8_t a[4]) requires(!std::is_const_v<Byte>) { std::copy(a, a + 4, p_ + 12); }
  void set_dst(const uint8_t a[4]) requires(!std::is_const_v<Byte>) { std::copy(a, a + 4, p_ + 16); }
  // Recomputes the header checksum over header_length() bytes.
  void update_checksum() requires(!std::is_const_v<Byte>);

 private:
  Byte* p_;
};

using Ipv4View = BasicIpv4View<uint8_t>;
using Ipv4ConstView = BasicIpv4View<const uint8_t>;

struct Ipv4Fields {
  uint8_t tos = 0;
  uint16_t total_length = kIpv4HeaderBytes;
  uint16_t identification = 0;
  bool df = false;
  bool mf = false;
  uint16_t fragment_offset = 0;  // 8-byte units
  uint8_t ttl = 64;
  uint8_t protocol = 0;
  std::array<uint8_t, 4> src{};
  std::array<uint8_t, 4> dst{};
};

// Writes a 20-byte header with a valid checksum at p.
void write_ipv4_header(uint8_t* p, const Ipv4Fields& f);

namespace detail {
template <class Byte>
Expected<BasicIpv4View<Byte>, PacketError> parse_ipv4(std::span<Byte> bytes, bool verify_checksum) {
  const auto present = static_cast<uint32_t>(std::min<std::size_t>(bytes.size(), UINT32_MAX));
  if (bytes.size() < kIpv4HeaderBytes)
    return unexpected(PacketError(PacketError::kTruncated, PacketField::kIpv4Header, present, kIpv4HeaderBytes));
  BasicIpv4View<Byte> v(bytes.data());
  if (v.version() != 4) return unexpected(PacketError(PacketError::kBadVersion, PacketField::kIpVersion, v.version(), 4));
  const auto ihl = static_cast<uint32_t>(v.header_length() / 4);
  if (v.header_length() < kIpv4HeaderBytes || v.header_length() > bytes.size())
    return unexpected(PacketError(PacketError::kBadHeaderLength, PacketField::kIpv4Ihl, ihl, present));
  if (v.total_length() < v.header_length())
    return unexpected(PacketError(PacketError::kBadTotalLength, PacketField::kIpv4TotalLength, v.total_length(),
                                  static_cast<uint32_t>(v.header_length())));
  if (v.total_length() > bytes.size())
    return unexpected(PacketError(PacketError::kTruncated, PacketField::kIpv4TotalLength, v.total_length(), present));
  if (verify_checksum && !v.checksum_ok())
    return unexpected(PacketError(PacketError::kBadChecksum, PacketField::kIpv4Checksum, v.checksum()));
  return v;
}
}  // namespace detail

// Validates version, IHL, total length against the bytes present and, when
// asked, the header checksum. Bytes past total_length (Ethernet padding) are
// allowed; fewer are an error. Inline: the chip model parses every packet's
// header several times, and the checks are a few compares.
inline Expected<Ipv4View, PacketError> parse_ipv4(std::span<uint8_t> bytes, bool verify_checksum = true) {
  return detail::parse_ipv4(bytes, verify_checksum);
}
inline Expected<Ipv4ConstView, PacketError> parse_ipv4(std::span<const uint8_t> bytes, bool verify_checksum = true) {
  return detail::parse_ipv4(bytes, verify_checksum);
}

}  // namespace trio6sim
