#include "ipv6.h"

namespace trio6sim {

void write_ipv6_header(uint8_t* p, const Ipv6Fields& f) {
  store_be32(p, (6u << 28) | (uint32_t{f.traffic_class} << 20) | (f.flow_label & 0xfffff));
  store_be16(p + 4, f.payload_length);
  p[6] = f.next_header;
  p[7] = f.hop_limit;
  std::copy(f.src.begin(), f.src.end(), p + 8);
  std::copy(f.dst.begin(), f.dst.end(), p + 24);
}

namespace {
template <class Byte>
Expected<BasicIpv6View<Byte>, PacketError> parse_ipv6_impl(std::span<Byte> bytes) {
  const auto present = static_cast<uint32_t>(std::min<std::size_t>(bytes.size(), UINT32_MAX));
  if (bytes.size() < kIpv6HeaderBytes)
    return unexpected(PacketError(PacketError::kTruncated, PacketField::kIpv6Header, present, kIpv6HeaderBytes));
  BasicIpv6View<Byte> v(bytes.data());
  if (v.version() != 6) return unexpected(PacketError(PacketError::kBadVersion, PacketField::kIpVersion, v.version(), 6));
  if (kIpv6HeaderBytes + v.payload_length() > bytes.size())
    return unexpected(PacketError(PacketError::kTruncated, PacketField::kIpv6PayloadLength, v.payload_length(),
                                  present - static_cast<uint32_t>(kIpv6HeaderBytes)));
  return v;
}
}  // namespace

Expected<Ipv6View, PacketError> parse_ipv6(std::span<uint8_t> bytes) { return parse_ipv6_impl(bytes); }
Expected<Ipv6ConstView, PacketError> parse_ipv6(std::span<const uint8_t> bytes) { return parse_ipv6_impl(bytes); }

}  // namespace trio6sim
