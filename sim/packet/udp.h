// UDP (RFC 768): header view, builder, parser with length checks, and the
// checksum over the IPv4 (RFC 768) or IPv6 (RFC 8200 section 8.1) pseudo-header.
#pragma once

#include <cstdint>
#include <span>
#include <type_traits>

#include "bytes.h"
#include "expected.h"
#include "packet_error.h"

namespace trio6sim {

inline constexpr std::size_t kUdpHeaderBytes = 8;

template <class Byte>
class BasicUdpView {
 public:
  explicit BasicUdpView(Byte* p) : p_(p) {}
  Byte* data() const { return p_; }

  uint16_t src_port() const { return load_be16(p_); }
  uint16_t dst_port() const { return load_be16(p_ + 2); }
  uint16_t length() const { return load_be16(p_ + 4); }  // header + payload
  uint16_t checksum() const { return load_be16(p_ + 6); }

  void set_src_port(uint16_t v) requires(!std::is_const_v<Byte>) { store_be16(p_, v); }
  void set_dst_port(uint16_t v) requires(!std::is_const_v<Byte>) { store_be16(p_ + 2, v); }
  void set_length(uint16_t v) requires(!std::is_const_v<Byte>) { store_be16(p_ + 4, v); }
  void set_checksum(uint16_t v) requires(!std::is_const_v<Byte>) { store_be16(p_ + 6, v); }

 private:
  Byte* p_;
};

using UdpView = BasicUdpView<uint8_t>;
using UdpConstView = BasicUdpView<const uint8_t>;

// Writes an 8-byte header with a zero checksum; fill the checksum with
// udp_checksum_v4/v6 once the payload is in place.
void write_udp_header(uint8_t* p, uint16_t src_port, uint16_t dst_port, uint16_t length);

// The checksum field value for `datagram` (header + payload, length() bytes),
// computed as if its checksum field were zero. A computed 0 is returned as
// 0xffff, because 0 on the wire means "no checksum" over IPv4 (RFC 768).
// A datagram shorter than the 8-byte header yields 0.
uint16_t udp_checksum_v4(const uint8_t src[4], const uint8_t dst[4], std::span<const uint8_t> datagram);
uint16_t udp_checksum_v6(const uint8_t src[16], const uint8_t dst[16], std::span<const uint8_t> datagram);

// True when the stored checksum verifies. Over IPv4 a zero field means the
// sender computed none, which is valid; over IPv6 a zero checksum is invalid
// (RFC 8200 section 8.1; the RFC 6935 tunnel exception is not modelled).
bool udp_checksum_ok_v4(const uint8_t src[4], const uint8_t dst[4], std::span<const uint8_t> datagram);
bool udp_checksum_ok_v6(const uint8_t src[16], const uint8_t dst[16], std::span<const uint8_t> datagram);

// Needs 8 bytes (kTruncated) and 8 <= length() <= bytes.size() (kBadLength):
// `bytes` is the IP payload, so a UDP length beyond it is inconsistent.
// Bytes past length() are allowed (the caller trims to length()).
Expected<UdpView, PacketError> parse_udp(std::span<uint8_t> bytes);
Expected<UdpConstView, PacketError> parse_udp(std::span<const uint8_t> bytes);

}  // namespace trio6sim
