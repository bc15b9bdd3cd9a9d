#include "checksum.h"

namespace trio6sim {

uint32_t checksum_add(std::span<const uint8_t> bytes, uint32_t sum) {
  uint64_t acc = sum;
  std::size_t i = 0;
  const std::size_t n = bytes.size();
  for (; i + 1 < n; i += 2) acc += (uint32_t{bytes[i]} << 8) | bytes[i + 1];
  if (i < n) acc += uint32_t{bytes[i]} << 8;  // odd length: pad with a zero byte
  while (acc >> 32) acc = (acc & 0xffffffffu) + (acc >> 32);
  return static_cast<uint32_t>(acc);
}

uint16_t checksum_finish(uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffffu) + (sum >> 16);
  return static_cast<uint16_t>(~sum & 0xffffu);
}

uint32_t pseudo_header_sum_v4(const uint8_t src[4], const uint8_t dst[4], uint8_t proto, uint32_t length) {
  uint32_t s = checksum_add({src, 4});
  s = checksum_add({dst, 4}, s);
  return s + proto + length;
}

uint32_t pseudo_header_sum_v6(const uint8_t src[16], const uint8_t dst[16], uint8_t proto, uint32_t length) {
  uint32_t s = checksum_add({src, 16});
  s = checksum_add({dst, 16}, s);
  return s + (length >> 16) + (length & 0xffffu) + proto;
}

}  // namespace trio6sim
