// Sizes of an RFC 4106 AES-GCM ESP packet in tunnel mode:
//   outer IP | [UDP, RFC 3948] | SPI(4) Seq(4) | IV(8) | inner | pad | padlen | next | ICV(16)
// with the padded inner + 2 trailer bytes a multiple of 4 (RFC 4303 2.4; GCM
// needs no block alignment, RFC 4106 section 3.2).
#pragma once

#include <cstddef>
#include <cstdint>

#include "packet/ipv4.h"
#include "packet/ipv6.h"

namespace trio6sim::crypto {

inline constexpr std::size_t kEspHeaderBytes = 8;
inline constexpr std::size_t kEspIvBytes = 8;
inline constexpr std::size_t kEspIcvBytes = 16;
inline constexpr std::size_t kEspTrailerBytes = 2;
inline constexpr std::size_t kUdpHeaderBytes = 8;

constexpr std::size_t esp_pad_bytes(std::size_t inner_bytes) {
  return (4 - (inner_bytes + kEspTrailerBytes) % 4) % 4;
}

// Bytes added around an inner packet of `inner_bytes` (outer headers included).
constexpr std::size_t esp_overhead_bytes(std::size_t inner_bytes, bool outer_v6, bool udp_encap) {
  return (outer_v6 ? kIpv6HeaderBytes : kIpv4HeaderBytes) + (udp_encap ? kUdpHeaderBytes : 0) + kEspHeaderBytes +
         kEspIvBytes + esp_pad_bytes(inner_bytes) + kEspTrailerBytes + kEspIcvBytes;
}

}  // namespace trio6sim::crypto
