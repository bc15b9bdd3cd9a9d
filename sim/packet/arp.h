// ARP (RFC 826) for IPv4 over Ethernet, as a generator's stream sends it
// (docs/scenarios.md, `family: arp`): the frame's Ethernet header (and its
// 802.1Q tag) from a FrameSpec, then the 28-byte ARP packet, padded with
// zeros to the frame's size. Writes into the Packet it is given.
#pragma once

#include <cstddef>
#include <cstdint>

#include "expected.h"
#include "frame_builder.h"
#include "packet.h"
#include "packet_error.h"

namespace trio6sim {

inline constexpr std::size_t kArpPacketBytes = 28;  // Ethernet/IPv4: 8 + 2 x (6 + 4)

enum class ArpOperation : uint16_t { kRequest = 1, kReply = 2 };

// The frame from spec.src_mac to spec.dst_mac (spec.vlans as for UDP): the
// sender is (spec.src_mac, spec.src_ip), the target spec.dst_ip at
// spec.dst_mac for a reply and at 00:00:00:00:00:00 (unknown) for a
// request. spec.frame_bytes counts the FCS, as for build_udp_frame, and the
// result has frame_bytes - 4 bytes. Errors: kUnsupported without Ethernet
// or without IPv4 addresses; kBadLength below 64 B; kNoRoom as for UDP.
Expected<void, PacketError> build_arp_frame(Packet& out, const FrameSpec& spec, ArpOperation operation);

}  // namespace trio6sim
