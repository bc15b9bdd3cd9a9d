#include "udp.h"

#include <algorithm>

#include "checksum.h"
#include "ip_protocol.h"

namespace trio6sim {

void write_udp_header(uint8_t* p, uint16_t src_port, uint16_t dst_port, uint16_t length) {
  store_be16(p, src_port);
  store_be16(p + 2, dst_port);
  store_be16(p + 4, length);
  store_be16(p + 6, 0);
}

namespace {
// Sum of the datagram with the checksum field (bytes 6..7) skipped, so the
// stored value does not need to be cleared first. Odd-length padding only
// happens in the last piece, as checksum_add expects.
// Callers have checked d.size() >= 8.
uint32_t datagram_sum_without_checksum(std::span<const uint8_t> d, uint32_t sum) {
  sum = checksum_add(d.first(6), sum);
  return checksum_add(d.subspan(kUdpHeaderBytes), sum);
}

uint16_t nonzero(uint16_t c) { return c == 0 ? 0xffff : c; }

template <class Byte>
Expected<BasicUdpView<Byte>, PacketError> parse_udp_impl(std::span<Byte> bytes) {
  const auto present = static_cast<uint32_t>(std::min<std::size_t>(bytes.size(), UINT32_MAX));
  if (bytes.size() < kUdpHeaderBytes)
    return unexpected(PacketError(PacketError::kTruncated, PacketField::kUdpHeader, present, kUdpHeaderBytes));
  BasicUdpView<Byte> v(bytes.data());
  if (v.length() < kUdpHeaderBytes || v.length() > bytes.size())
    return unexpected(PacketError(PacketError::kBadLength, PacketField::kUdpLength, v.length(), present));
  return v;
}
}  // namespace

uint16_t udp_checksum_v4(const uint8_t src[4], const uint8_t dst[4], std::span<const uint8_t> datagram) {
  if (datagram.size() < kUdpHeaderBytes) return 0;
  const uint32_t pseudo = pseudo_header_sum_v4(src, dst, ipproto::kUdp, static_cast<uint32_t>(datagram.size()));
  return nonzero(checksum_finish(datagram_sum_without_checksum(datagram, pseudo)));
}

uint16_t udp_checksum_v6(const uint8_t src[16], const uint8_t dst[16], std::span<const uint8_t> datagram) {
  if (datagram.size() < kUdpHeaderBytes) return 0;
  const uint32_t pseudo = pseudo_header_sum_v6(src, dst, ipproto::kUdp, static_cast<uint32_t>(datagram.size()));
  return nonzero(checksum_finish(datagram_sum_without_checksum(datagram, pseudo)));
}

bool udp_checksum_ok_v4(const uint8_t src[4], const uint8_t dst[4], std::span<const uint8_t> datagram) {
  if (datagram.size() < kUdpHeaderBytes) return false;
  const uint16_t stored = UdpConstView(datagram.data()).checksum();
  return stored == 0 || stored == udp_checksum_v4(src, dst, datagram);
}

bool udp_checksum_ok_v6(const uint8_t src[16], const uint8_t dst[16], std::span<const uint8_t> datagram) {
  if (datagram.size() < kUdpHeaderBytes) return false;
  const uint16_t stored = UdpConstView(datagram.data()).checksum();
  return stored != 0 && stored == udp_checksum_v6(src, dst, datagram);
}

Expected<UdpView, PacketError> parse_udp(std::span<uint8_t> bytes) { return parse_udp_impl(bytes); }
Expected<UdpConstView, PacketError> parse_udp(std::span<const uint8_t> bytes) { return parse_udp_impl(bytes); }

}  // namespace trio6sim
