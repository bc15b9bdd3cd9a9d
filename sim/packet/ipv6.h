// IPv6 fixed header (RFC 8200): a view over bounds-checked bytes and a builder.
// Extension headers are not walked here; next_header() is the first one.
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

inline constexpr std::size_t kIpv6HeaderBytes = 40;

template <class Byte>
class BasicIpv6View {
 public:
  explicit BasicIpv6View(Byte* p) : p_(p) {}
  Byte* data() const { return p_; }

  uint8_t version() const { return p_[0] >> 4; }
  uint8_t traffic_class() const { return static_cast<uint8_t>((load_be16(p_) >> 4) & 0xff); }
  uint8_t dscp() const { return traffic_class() >> 2; }
  uint8_t ecn() const { return traffic_class() & 3; }
  uint32_t flow_label() const { return load_be32(p_) & 0xfffff; }
  uint16_t payload_length() const { return load_be16(p_ + 4); }
  uint8_t next_header() const { return p_[6]; }
  uint8_t hop_limit() const { return p_[7]; }
  const uint8_t* src() const { return p_ + 8; }
  const uint8_t* dst() const { return p_ + 24; }

  void set_traffic_class(uint8_t tc) requires(!std::is_const_v<Byte>) {
    store_be32(p_, (load_be32(p_) & 0xf00fffffu) | (uint32_t{tc} << 20));
  }
  void set_dscp(uint8_t d) requires(!std::is_const_v<Byte>) {
    set_traffic_class(static_cast<uint8_t>((d << 2) | ecn()));
  }
  void set_ecn(uint8_t e) requires(!std::is_const_v<Byte>) {
    set_traffic_class(static_cast<uint8_t>((traffic_class() & 0xfc) | (e & 3)));
  }
  void set_flow_label(uint32_t fl) requires(!std::is_const_v<Byte>) {
    store_be32(p_, (load_be32(p_) & 0xfff00000u) | (fl & 0xfffff));
  }
  void set_payload_length(uint16_t v) requires(!std::is_const_v<Byte>) { store_be16(p_ + 4, v); }
  void set_next_header(uint8_t v) requires(!std::is_const_v<Byte>) { p_[6] = v; }
  void set_hop_limit(uint8_t v) requires(!std::is_const_v<Byte>) { p_[7] = v; }

 private:
  Byte* p_;
};

using Ipv6View = BasicIpv6View<uint8_t>;
using Ipv6ConstView = BasicIpv6View<const uint8_t>;

struct Ipv6Fields {
  uint8_t traffic_class = 0;
  uint32_t flow_label = 0;
  uint16_t payload_length = 0;
  uint8_t next_header = 0;
  uint8_t hop_limit = 64;
  std::array<uint8_t, 16> src{};
  std::array<uint8_t, 16> dst{};
};

void write_ipv6_header(uint8_t* p, const Ipv6Fields& f);

// Validates version and payload length against the bytes present (trailing
// bytes beyond 40 + payload_length are allowed, fewer are an error).
Expected<Ipv6View, PacketError> parse_ipv6(std::span<uint8_t> bytes);
Expected<Ipv6ConstView, PacketError> parse_ipv6(std::span<const uint8_t> bytes);

}  // namespace trio6sim
