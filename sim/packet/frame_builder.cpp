#include "frame_builder.h"

#include <algorithm>

#include "ip_protocol.h"
#include "ipv4.h"
#include "ipv6.h"
#include "udp.h"

namespace trio6sim {

namespace {

EthernetFields ethernet_fields(const FrameSpec& spec) {
  EthernetFields f;
  f.dst = spec.dst_mac;
  f.src = spec.src_mac;
  f.vlans = spec.vlans;
  f.vlan_count = static_cast<uint8_t>(std::min<std::size_t>(spec.vlan_count, kMaxVlanTags));
  f.ethertype = spec.src_ip.is_v4() ? ethertype::kIpv4 : ethertype::kIpv6;
  return f;
}

void fill_payload(std::span<uint8_t> payload, const FrameSpec& spec) {
  switch (spec.pattern) {
    case PayloadPattern::kIncrementing:
      for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<uint8_t>(spec.pattern_byte + i);
      break;
    case PayloadPattern::kFixed:
      std::fill(payload.begin(), payload.end(), spec.pattern_byte);
      break;
    case PayloadPattern::kPseudoRandom: {
      // Marsaglia's xorshift32 (13, 17, 5): tiny, fast and deterministic.
      uint32_t x = spec.pattern_seed == 0 ? 1 : spec.pattern_seed;
      for (uint8_t& b : payload) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        b = static_cast<uint8_t>(x);
      }
      break;
    }
  }
}

}  // namespace

std::size_t frame_header_bytes(const FrameSpec& spec) {
  const std::size_t l2 = spec.ethernet ? ethernet_header_length(ethernet_fields(spec)) : 0;
  const std::size_t l3 = spec.src_ip.is_v4() ? kIpv4HeaderBytes : kIpv6HeaderBytes;
  return l2 + l3 + kUdpHeaderBytes;
}

Expected<void, PacketError> build_udp_frame(Packet& out, const FrameSpec& spec) {
  if (spec.src_ip.family() != spec.dst_ip.family()) return unexpected(PacketError::kUnsupported);
  const EthernetFields eth = ethernet_fields(spec);
  const std::size_t l2 = spec.ethernet ? ethernet_header_length(eth) : 0;
  const std::size_t built = spec.ethernet ? spec.frame_bytes - std::min(spec.frame_bytes, kEthernetFcsBytes)
                                          : spec.frame_bytes;
  if (spec.ethernet && spec.frame_bytes < kEthernetMinFrameBytes) return unexpected(PacketError::kBadLength);
  if (built < frame_header_bytes(spec) || built - l2 > 0xffff) return unexpected(PacketError::kBadLength);

  out.reset();
  uint8_t* p = out.push_back(built);
  if (p == nullptr) return unexpected(PacketError::kNoRoom);
  out.meta.l2_length = static_cast<uint32_t>(l2);
  if (spec.ethernet) write_ethernet_header(p, eth);

  uint8_t* ip = p + l2;
  const std::size_t ip_total = built - l2;
  const bool v4 = spec.src_ip.is_v4();
  const std::size_t l3 = v4 ? kIpv4HeaderBytes : kIpv6HeaderBytes;
  uint8_t* udp = ip + l3;
  const std::size_t udp_length = ip_total - l3;
  if (v4) {
    Ipv4Fields f;
    f.tos = spec.tos;
    f.total_length = static_cast<uint16_t>(ip_total);
    f.identification = spec.ip_id;
    f.df = spec.df;
    f.ttl = spec.ttl;
    f.protocol = ipproto::kUdp;
    std::copy_n(spec.src_ip.data(), 4, f.src.begin());
    std::copy_n(spec.dst_ip.data(), 4, f.dst.begin());
    write_ipv4_header(ip, f);
  } else {
    Ipv6Fields f;
    f.traffic_class = spec.tos;
    f.flow_label = spec.flow_label;
    f.payload_length = static_cast<uint16_t>(udp_length);
    f.next_header = ipproto::kUdp;
    f.hop_limit = spec.ttl;
    std::copy_n(spec.src_ip.data(), 16, f.src.begin());
    std::copy_n(spec.dst_ip.data(), 16, f.dst.begin());
    write_ipv6_header(ip, f);
  }
  write_udp_header(udp, spec.src_port, spec.dst_port, static_cast<uint16_t>(udp_length));
  fill_payload({udp + kUdpHeaderBytes, udp_length - kUdpHeaderBytes}, spec);
  const std::span<const uint8_t> datagram(udp, udp_length);
  if (!v4) {
    UdpView(udp).set_checksum(udp_checksum_v6(spec.src_ip.data(), spec.dst_ip.data(), datagram));
  } else if (spec.udp_checksum) {
    UdpView(udp).set_checksum(udp_checksum_v4(spec.src_ip.data(), spec.dst_ip.data(), datagram));
  }
  return {};
}

}  // namespace trio6sim
