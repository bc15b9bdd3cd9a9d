#include "checksum.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace trio6sim {

namespace {
// Eight bytes as a big-endian 64-bit word.
uint64_t load_be64(const uint8_t* p) {
  uint64_t x;
  std::memcpy(&x, p, sizeof x);
  if constexpr (std::endian::native == std::endian::little) x = __builtin_bswap64(x);
  return x;
}
}  // namespace

uint32_t checksum_add(std::span<const uint8_t> bytes, uint32_t sum) {
  // The exact sum of the 16-bit big-endian words (RFC 1071), eight bytes per
  // step: the four words of a 64-bit load are added pairwise into two 32-bit
  // lanes (each lane gains at most 2 * 0xffff per step, so 16,384 steps
  // cannot overflow it) and the lanes are folded into the total per block.
  uint64_t acc = sum;
  std::size_t i = 0;
  const std::size_t n = bytes.size();
  const uint8_t* b = bytes.data();
  constexpr uint64_t kLow16 = 0x0000ffff0000ffffull;
  constexpr std::size_t kBlock = 8 * 16384;
  while (n - i >= 8) {
    const std::size_t end = i + std::min(kBlock, (n - i) & ~std::size_t{7});
    uint64_t lanes = 0;
    for (; i < end; i += 8) {
      const uint64_t x = load_be64(b + i);
      lanes += (x & kLow16) + ((x >> 16) & kLow16);
    }
    acc += (lanes & 0xffffffffu) + (lanes >> 32);
  }
  for (; i + 1 < n; i += 2) acc += (uint32_t{b[i]} << 8) | b[i + 1];
  if (i < n) acc += uint32_t{b[i]} << 8;  // odd length: pad with a zero byte
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
