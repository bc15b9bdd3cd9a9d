// The Internet checksum (RFC 1071) and the pseudo-header sums that UDP uses
// over IPv4 (RFC 768) and IPv6 (RFC 8200 section 8.1).
#pragma once

#include <cstdint>
#include <span>

namespace trio6sim {

// One's-complement sum of 16-bit big-endian words, not folded or inverted, so
// that partial sums over several pieces can be added before finishing.
uint32_t checksum_add(std::span<const uint8_t> bytes, uint32_t sum = 0);
// Folds the carries and inverts: the value to store in a checksum field.
uint16_t checksum_finish(uint32_t sum);
inline uint16_t internet_checksum(std::span<const uint8_t> bytes) {
  return checksum_finish(checksum_add(bytes));
}

// Pseudo-header sums for an upper-layer protocol `proto` carrying `length` bytes.
uint32_t pseudo_header_sum_v4(const uint8_t src[4], const uint8_t dst[4], uint8_t proto, uint32_t length);
uint32_t pseudo_header_sum_v6(const uint8_t src[16], const uint8_t dst[16], uint8_t proto, uint32_t length);

}  // namespace trio6sim
