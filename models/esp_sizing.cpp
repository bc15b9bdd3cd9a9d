#include "esp_sizing.h"

#include <algorithm>

#include "crypto/esp_format.h"
#include "packet/bytes.h"
#include "packet/ip_protocol.h"
#include "packet/ipv4.h"
#include "packet/ipv6.h"

namespace trio6sim::models {

using namespace trio6sim::crypto;

Expected<void, DropCause> seal_without_cipher(Packet& p, const SaConfig& sa, uint64_t seq) {
  if (p.empty()) return unexpected(DropCause::kMalformed);
  const uint8_t version = p.data()[0] >> 4;
  if (version != 4 && version != 6) return unexpected(DropCause::kMalformed);
  const bool v6 = sa.destination.is_v6();
  const bool udp = sa.udp_encap.has_value();
  const std::size_t inner = p.size();
  const std::size_t pad = esp_pad_bytes(inner);
  const std::size_t outer_ip = v6 ? kIpv6HeaderBytes : kIpv4HeaderBytes;
  const std::size_t front = outer_ip + (udp ? kUdpHeaderBytes : 0) + kEspHeaderBytes + kEspIvBytes;
  uint8_t* trailer = p.push_back(pad + kEspTrailerBytes + kEspIcvBytes);
  if (!trailer) return unexpected(DropCause::kBufferFull);
  for (std::size_t i = 0; i < pad; ++i) trailer[i] = static_cast<uint8_t>(i + 1);
  trailer[pad] = static_cast<uint8_t>(pad);
  trailer[pad + 1] = version == 4 ? 4 : 41;
  std::fill(trailer + pad + 2, trailer + pad + 2 + kEspIcvBytes, uint8_t{0});
  uint8_t* outer = p.push_front(front);
  if (!outer) return unexpected(DropCause::kBufferFull);
  const std::size_t total = p.size();
  const uint8_t l4 = udp ? ipproto::kUdp : ipproto::kEsp;
  if (v6) {
    Ipv6Fields f;
    f.flow_label = p.meta.flow_hash & 0xfffff;
    f.payload_length = static_cast<uint16_t>(total - kIpv6HeaderBytes);
    f.next_header = l4;
    f.hop_limit = sa.outer_ttl;
    std::copy(sa.source.data(), sa.source.data() + 16, f.src.begin());
    std::copy(sa.destination.data(), sa.destination.data() + 16, f.dst.begin());
    write_ipv6_header(outer, f);
  } else {
    Ipv4Fields f;
    f.total_length = static_cast<uint16_t>(total);
    f.identification = static_cast<uint16_t>(seq);
    f.ttl = sa.outer_ttl;
    f.protocol = l4;
    std::copy(sa.source.data(), sa.source.data() + 4, f.src.begin());
    std::copy(sa.destination.data(), sa.destination.data() + 4, f.dst.begin());
    write_ipv4_header(outer, f);
  }
  uint8_t* esp = outer + outer_ip;
  if (udp) {
    store_be16(esp, sa.udp_encap->source_port ? sa.udp_encap->source_port
                                              : static_cast<uint16_t>(49152 + p.meta.flow_hash % 16384));
    store_be16(esp + 2, sa.udp_encap->destination_port);
    store_be16(esp + 4, static_cast<uint16_t>(total - outer_ip));
    store_be16(esp + 6, 0);
    esp += kUdpHeaderBytes;
  }
  store_be32(esp, sa.spi);
  store_be32(esp + 4, static_cast<uint32_t>(seq));
  store_be64(esp + 8, seq);
  return {};
}

Expected<void, DropCause> open_without_cipher(Packet& p, const EspLocation& where) {
  constexpr std::size_t fixed = kEspHeaderBytes + kEspIvBytes + kEspTrailerBytes + kEspIcvBytes;
  if (where.esp_bytes < fixed || where.esp_offset + where.esp_bytes > p.size())
    return unexpected(DropCause::kEspBadTrailer);
  const std::size_t pad = p.data()[where.esp_offset + where.esp_bytes - kEspIcvBytes - kEspTrailerBytes];
  if (where.esp_bytes < fixed + pad) return unexpected(DropCause::kEspBadTrailer);
  const std::size_t inner = where.esp_bytes - fixed - pad;
  if (!p.pull_front(where.esp_offset + kEspHeaderBytes + kEspIvBytes)) return unexpected(DropCause::kEspBadTrailer);
  if (!p.trim_back(p.size() - inner)) return unexpected(DropCause::kEspBadTrailer);
  return {};
}

}  // namespace trio6sim::models
