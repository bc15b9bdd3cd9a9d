// The header walk the lookup engine's parser does on arrival:
//   Ethernet -> 0..2 VLAN tags -> MPLS stack -> IPv4 | IPv6 (+ extension
//   headers) -> UDP | TCP | GRE | ESP, then VXLAN on UDP 4789, ESP in UDP on
//   4500, and one level of inner headers behind VXLAN, GRE or IP-in-IP.
// It returns offsets, the fields the lookup and the ESP engine need, and the
// flow hash. Every read is bounds-checked; malformed input is an error value.
// Frames are passed without the FCS.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <span>

#include "ethernet.h"
#include "expected.h"
#include "flow_hash.h"
#include "mpls.h"
#include "packet_error.h"

namespace trio6sim {

inline constexpr uint32_t kNoOffset = std::numeric_limits<uint32_t>::max();
// IPv6 extension headers walked before giving up with kUnsupported: a bound
// so that a crafted chain cannot make the parse unbounded (assumption).
inline constexpr std::size_t kMaxIpv6ExtensionHeaders = 8;

enum class L3Family : uint8_t { kUnknown = 0, kIpv4 = 4, kIpv6 = 6 };
enum class Tunnel : uint8_t { kNone, kVxlan, kGre, kIpInIp };

struct ParseOptions {
  bool verify_ipv4_checksum = true;
  // UDP checksums (and the GRE checksum when present) cost a pass over the
  // payload; the chip does not check them on transit traffic, so off by default.
  bool verify_l4_checksum = false;
  FlowHashOptions hash;
};

// One IP header and what follows it. Offsets count from the start of the span
// given to the parser; kNoOffset when the header is absent.
struct IpLayer {
  uint32_t l3 = kNoOffset;
  uint32_t l4 = kNoOffset;       // after IPv6 extension headers; absent for non-first fragments
  uint32_t payload = kNoOffset;  // after the last header parsed (UDP, TCP, GRE, VXLAN, ESP)
  uint32_t end = kNoOffset;      // one past the IP packet (Ethernet padding excluded)
  L3Family family = L3Family::kUnknown;
  uint8_t protocol = 0;  // upper-layer protocol (for IPv6, after extension headers)
  uint8_t ttl = 0;       // TTL or hop limit
  bool is_fragment = false;
  uint16_t fragment_offset = 0;  // 8-byte units
  bool more_fragments = false;
  bool has_ports = false;
  uint16_t src_port = 0;
  uint16_t dst_port = 0;
  bool has_esp = false;
  bool esp_in_udp = false;  // RFC 3948 NAT-T encapsulation on UDP 4500
  uint32_t esp_spi = 0;
  uint32_t esp_sequence = 0;
  FlowKey key;
};

struct ParsedFrame {
  uint32_t l2 = kNoOffset;  // 0 for parse_frame, kNoOffset for parse_l3
  uint16_t ethertype = 0;   // after the VLAN tags
  uint8_t vlan_count = 0;
  std::array<uint16_t, kMaxVlanTags> vlan_ids{};  // outermost first
  uint8_t mpls_depth = 0;
  std::array<uint32_t, kMaxMplsLabels> mpls_labels{};  // top first
  IpLayer outer;

  Tunnel tunnel = Tunnel::kNone;
  uint32_t vxlan_vni = 0;
  bool has_gre_key = false;
  uint32_t gre_key = 0;
  uint16_t gre_protocol = 0;
  uint32_t inner_l2 = kNoOffset;  // inner Ethernet behind VXLAN or GRE 0x6558
  IpLayer inner;                  // inner.l3 == kNoOffset when there is no inner IP

  // flow_hash(outer.key), or of inner.key when options.hash.inner and an
  // inner IP header was found.
  uint32_t flow_hash = 0;
};

// Starts at an Ethernet header (no FCS). A frame whose EtherType is not IP
// or MPLS parses successfully with no L3 (outer.l3 == kNoOffset); its flow
// hash is then that of an empty key, the same for every such frame.
Expected<ParsedFrame, PacketError> parse_frame(std::span<const uint8_t> frame, const ParseOptions& options = {});

// Starts at an IP header: for LINKTYPE_RAW captures, the ESP engine's inner
// packets, and MPLS payloads whose family the label implies. kUnknown takes
// the family from the version nibble; an explicit family that disagrees
// with it is kBadVersion.
Expected<ParsedFrame, PacketError> parse_l3(std::span<const uint8_t> packet, L3Family family = L3Family::kUnknown,
                                            const ParseOptions& options = {});

}  // namespace trio6sim
