#include "arp.h"

#include <algorithm>

#include "bytes.h"
#include "ethernet.h"
#include "ip_protocol.h"

namespace trio6sim {

Expected<void, PacketError> build_arp_frame(Packet& out, const FrameSpec& spec, ArpOperation operation) {
  if (!spec.ethernet || !spec.src_ip.is_v4() || !spec.dst_ip.is_v4()) return unexpected(PacketError::kUnsupported);
  EthernetFields eth;
  eth.dst = spec.dst_mac;
  eth.src = spec.src_mac;
  eth.vlans = spec.vlans;
  eth.vlan_count = static_cast<uint8_t>(std::min<std::size_t>(spec.vlan_count, kMaxVlanTags));
  eth.ethertype = ethertype::kArp;
  const std::size_t l2 = ethernet_header_length(eth);
  if (spec.frame_bytes < kEthernetMinFrameBytes || spec.frame_bytes - kEthernetFcsBytes < l2 + kArpPacketBytes)
    return unexpected(PacketError::kBadLength);
  out.reset();
  uint8_t* p = out.push_back(spec.frame_bytes - kEthernetFcsBytes);
  if (p == nullptr) return unexpected(PacketError::kNoRoom);
  std::fill(p, p + out.size(), uint8_t{0});  // the pad
  out.meta.l2_length = static_cast<uint32_t>(l2);
  write_ethernet_header(p, eth);
  uint8_t* a = p + l2;
  store_be16(a, 1);  // hardware: Ethernet
  store_be16(a + 2, ethertype::kIpv4);
  a[4] = 6;
  a[5] = 4;
  store_be16(a + 6, static_cast<uint16_t>(operation));
  std::copy(spec.src_mac.begin(), spec.src_mac.end(), a + 8);
  std::copy_n(spec.src_ip.data(), 4, a + 14);
  if (operation == ArpOperation::kReply) std::copy(spec.dst_mac.begin(), spec.dst_mac.end(), a + 18);
  std::copy_n(spec.dst_ip.data(), 4, a + 24);
  return {};
}

}  // namespace trio6sim
