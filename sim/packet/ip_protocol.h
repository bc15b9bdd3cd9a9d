// IANA protocol numbers and EtherTypes the library understands.
#pragma once

#include <cstdint>

namespace trio6sim {

namespace ipproto {
inline constexpr uint8_t kIcmp = 1;
inline constexpr uint8_t kIpv4 = 4;     // IP-in-IP; also ESP next header for an IPv4 inner packet
inline constexpr uint8_t kTcp = 6;
inline constexpr uint8_t kUdp = 17;
inline constexpr uint8_t kIpv6 = 41;    // ESP next header for an IPv6 inner packet
inline constexpr uint8_t kGre = 47;
inline constexpr uint8_t kEsp = 50;
inline constexpr uint8_t kAh = 51;
inline constexpr uint8_t kIcmpv6 = 58;
inline constexpr uint8_t kNoNext = 59;  // IPv6 "no next header", also the ESP dummy-packet marker
inline constexpr uint8_t kMpls = 137;   // MPLS-in-IP (RFC 4023); ESP next header for MPLS
}  // namespace ipproto

namespace ethertype {
inline constexpr uint16_t kIpv4 = 0x0800;
inline constexpr uint16_t kArp = 0x0806;
inline constexpr uint16_t kVlan = 0x8100;
inline constexpr uint16_t kQinQ = 0x88a8;
inline constexpr uint16_t kIpv6 = 0x86dd;
inline constexpr uint16_t kMpls = 0x8847;
inline constexpr uint16_t kTransparentEthernet = 0x6558;  // GRE carrying Ethernet
}  // namespace ethertype

}  // namespace trio6sim
