// Builds the frames traffic generators send and tests feed the parser:
// Ethernet (+ 0..2 VLAN tags) + IPv4 or IPv6 + UDP + a payload pattern, with
// valid IPv4 header and UDP checksums, at an exact frame size.
//
// Size convention: as on traffic generators (and RFC 2544), frame_bytes is
// the size on the wire including the 4-byte FCS, so a "64 B frame" yields 60
// bytes in the Packet; the FCS itself is never materialised (it is accounted
// for in lengths, as in pcap captures). Without Ethernet, frame_bytes is the
// IP total length. Preamble, SFD and inter-frame gap (20 B) are the port
// model's business, not this one's.
//
// The builder writes into the Packet it is given and allocates nothing, so a
// generator can call it per packet on a pooled Packet.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "ethernet.h"
#include "expected.h"
#include "ip_address.h"
#include "packet.h"
#include "packet_error.h"

namespace trio6sim {

enum class PayloadPattern : uint8_t {
  kIncrementing,  // byte i = (pattern_byte + i) mod 256
  kFixed,         // every byte = pattern_byte
  kPseudoRandom,  // xorshift32 stream from pattern_seed: reproducible by seed
};

struct FrameSpec {
  bool ethernet = true;  // false: the packet starts at the IP header
  MacAddress dst_mac{0x02, 0x00, 0x00, 0x00, 0x00, 0x02};  // locally administered
  MacAddress src_mac{0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
  std::array<VlanTag, kMaxVlanTags> vlans{};
  uint8_t vlan_count = 0;
  // The family comes from src_ip; dst_ip must match. Defaults are the RFC
  // 5737 documentation prefixes 192.0.2.0/24 and 198.51.100.0/24.
  IpAddress src_ip = IpAddress::v4(0xc0000201u);
  IpAddress dst_ip = IpAddress::v4(0xc6336401u);
  uint8_t tos = 0;  // IPv4 TOS or IPv6 traffic class (DSCP << 2 | ECN)
  uint8_t ttl = 64;
  uint16_t ip_id = 0;  // IPv4 identification
  bool df = false;
  uint32_t flow_label = 0;  // IPv6
  uint16_t src_port = 1024;
  uint16_t dst_port = 1024;
  std::size_t frame_bytes = 64;
  PayloadPattern pattern = PayloadPattern::kIncrementing;
  uint8_t pattern_byte = 0;
  uint32_t pattern_seed = 1;  // 0 is replaced by 1 (xorshift has no zero state)
  bool udp_checksum = true;   // false sends 0 over IPv4; IPv6 always computes it
};

// Bytes before the UDP payload: L2 + IP + UDP.
std::size_t frame_header_bytes(const FrameSpec& spec);

// Resets `out` (default headroom, so encapsulation can be pushed in front
// later) and fills it with the frame (frame_bytes - 4 bytes with Ethernet).
// out.meta.l2_length is set; other meta fields are left to the caller.
// Errors: kBadLength when frame_bytes is below 64 with Ethernet or below the
// headers (a 64 B frame cannot hold Ethernet + IPv6 + UDP: the smallest is
// 66 B), or the IP total length would pass 65,535; kUnsupported when the
// addresses' families differ; kNoRoom when the packet's capacity is too small.
Expected<void, PacketError> build_udp_frame(Packet& out, const FrameSpec& spec);

}  // namespace trio6sim
