// The ESP header (RFC 4303 section 2): SPI and 32-bit sequence number, the 8
// bytes in front of the IV. Only the header: payload, padding, trailer and
// ICV belong to the ESP engine, which knows the SA's cipher.
#pragma once

#include <cstdint>
#include <span>
#include <type_traits>

#include "bytes.h"
#include "expected.h"
#include "packet_error.h"

namespace trio6sim {

inline constexpr std::size_t kEspHeaderBytes = 8;
// NAT traversal: ESP in UDP on port 4500 (RFC 3948 section 2.1); a zero
// first word there is the non-ESP marker of IKE (RFC 3948 section 2.2).
inline constexpr uint16_t kEspInUdpPort = 4500;

template <class Byte>
class BasicEspHeaderView {
 public:
  explicit BasicEspHeaderView(Byte* p) : p_(p) {}
  Byte* data() const { return p_; }

  uint32_t spi() const { return load_be32(p_); }
  uint32_t sequence() const { return load_be32(p_ + 4); }  // low 32 bits when ESN is used

  void set_spi(uint32_t v) requires(!std::is_const_v<Byte>) { store_be32(p_, v); }
  void set_sequence(uint32_t v) requires(!std::is_const_v<Byte>) { store_be32(p_ + 4, v); }

 private:
  Byte* p_;
};

using EspHeaderView = BasicEspHeaderView<uint8_t>;
using EspHeaderConstView = BasicEspHeaderView<const uint8_t>;

void write_esp_header(uint8_t* p, uint32_t spi, uint32_t sequence);

// kTruncated under 8 bytes; kUnsupported for SPI 0, which RFC 4303 section
// 2.1 reserves for local use and forbids on the wire.
Expected<EspHeaderView, PacketError> parse_esp_header(std::span<uint8_t> bytes);
Expected<EspHeaderConstView, PacketError> parse_esp_header(std::span<const uint8_t> bytes);

}  // namespace trio6sim
