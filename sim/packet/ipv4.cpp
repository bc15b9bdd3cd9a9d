#include "ipv4.h"

#include <cstring>

#include "bytes.h"
#include "checksum.h"

namespace trio6sim {

template <class Byte>
bool BasicIpv4View<Byte>::checksum_ok() const {
  return internet_checksum({p_, header_length()}) == 0;
}

template <class Byte>
void BasicIpv4View<Byte>::update_checksum() requires(!std::is_const_v<Byte>) {
  store_be16(p_ + 10, 0);
  store_be16(p_ + 10, internet_checksum({p_, header_length()}));
}

// The out-of-line members, instantiated one by one: clang 14 instantiates
// every member of an explicitly instantiated class, the setters constrained
// to mutable bytes included, and fails on the const view.
template bool BasicIpv4View<uint8_t>::checksum_ok() const;
template bool BasicIpv4View<const uint8_t>::checksum_ok() const;
template void BasicIpv4View<uint8_t>::update_checksum();

void write_ipv4_header(uint8_t* p, const Ipv4Fields& f) {
  const auto flags_fragment =
      static_cast<uint16_t>((f.df ? 0x4000 : 0) | (f.mf ? 0x2000 : 0) | (f.fragment_offset & 0x1fff));
  const uint32_t ttl_protocol = (uint32_t{f.ttl} << 8) | f.protocol;
  const uint32_t src = load_be32(f.src.data());
  const uint32_t dst = load_be32(f.dst.data());
  // Each 32-bit word stored once, in network order (one move each).
  store_be32(p, (0x4500u | f.tos) << 16 | f.total_length);
  store_be32(p + 4, uint32_t{f.identification} << 16 | flags_fragment);
  store_be32(p + 12, src);
  store_be32(p + 16, dst);
  // The checksum from the fields, not by reading back the bytes just stored
  // (wide loads of fresh narrow stores stall store forwarding): the same
  // exact sum of the ten header words, the checksum word as zero. Ten
  // 16-bit words sum below 2^20, so two folds leave 16 bits.
  uint32_t sum = (0x4500u | f.tos) + f.total_length + f.identification + flags_fragment + ttl_protocol + (src >> 16) +
                 (src & 0xffff) + (dst >> 16) + (dst & 0xffff);
  sum = (sum & 0xffff) + (sum >> 16);
  sum = (sum & 0xffff) + (sum >> 16);
  store_be32(p + 8, ttl_protocol << 16 | (~sum & 0xffff));
}

}  // namespace trio6sim
