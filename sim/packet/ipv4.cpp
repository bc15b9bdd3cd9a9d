#include "ipv4.h"

#include <cstring>

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

template class BasicIpv4View<uint8_t>;
template class BasicIpv4View<const uint8_t>;

void write_ipv4_header(uint8_t* p, const Ipv4Fields& f) {
  p[0] = 0x45;
  p[1] = f.tos;
  store_be16(p + 2, f.total_length);
  store_be16(p + 4, f.identification);
  const auto flags_fragment =
      static_cast<uint16_t>((f.df ? 0x4000 : 0) | (f.mf ? 0x2000 : 0) | (f.fragment_offset & 0x1fff));
  store_be16(p + 6, flags_fragment);
  p[8] = f.ttl;
  p[9] = f.protocol;
  // memcpy of a constant size compiles to one move; this std::copy was a libc call.
  std::memcpy(p + 12, f.src.data(), 4);
  std::memcpy(p + 16, f.dst.data(), 4);
  // The checksum from the fields, not by reading back the bytes just stored
  // one by one (wide loads of fresh narrow stores stall store forwarding):
  // the same exact sum of the ten header words, the checksum word as zero.
  auto word = [](uint8_t hi, uint8_t lo) { return (uint32_t{hi} << 8) | lo; };
  const uint32_t sum = word(0x45, f.tos) + f.total_length + f.identification + flags_fragment + word(f.ttl, f.protocol) +
                       word(f.src[0], f.src[1]) + word(f.src[2], f.src[3]) + word(f.dst[0], f.dst[1]) +
                       word(f.dst[2], f.dst[3]);
  store_be16(p + 10, checksum_finish(sum));
}

}  // namespace trio6sim
