// Ethernet II header (IEEE 802.3 clause 3, "DIX" framing) and 802.1Q /
// 802.1ad VLAN tags: views over bounds-checked bytes, a parser that walks up
// to two tags, and a builder that writes Ethernet + 0..2 tags.
//
// Frames here never include the 4-byte FCS: pcap captures, the chip's packet
// buffer and the builders all carry the frame without it, and code that
// needs wire sizes adds kEthernetFcsBytes explicitly.
#pragma once

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <cstdint>
#include <span>
#include <type_traits>

#include "bytes.h"
#include "expected.h"
#include "ip_protocol.h"
#include "packet.h"
#include "packet_error.h"

namespace trio6sim {

inline constexpr std::size_t kEthernetHeaderBytes = 14;  // dst + src + EtherType
inline constexpr std::size_t kVlanTagBytes = 4;          // TPID + TCI
inline constexpr std::size_t kEthernetFcsBytes = 4;
inline constexpr std::size_t kMaxVlanTags = 2;  // 802.1ad S-tag + 802.1Q C-tag
// 64 B minimum frame on the wire including the FCS (IEEE 802.3 4.4.2).
inline constexpr std::size_t kEthernetMinFrameBytes = 64;

using MacAddress = std::array<uint8_t, 6>;

template <class Byte>
class BasicEthernetView {
 public:
  explicit BasicEthernetView(Byte* p) : p_(p) {}
  Byte* data() const { return p_; }

  const uint8_t* dst() const { return p_; }
  const uint8_t* src() const { return p_ + 6; }
  // The EtherType right after the MAC addresses: the TPID when tagged.
  uint16_t ethertype() const { return load_be16(p_ + 12); }

  void set_dst(const MacAddress& m) requires(!std::is_const_v<Byte>) { std::copy(m.begin(), m.end(), p_); }
  void set_src(const MacAddress& m) requires(!std::is_const_v<Byte>) { std::copy(m.begin(), m.end(), p_ + 6); }
  void set_ethertype(uint16_t v) requires(!std::is_const_v<Byte>) { store_be16(p_ + 12, v); }

 private:
  Byte* p_;
};

using EthernetView = BasicEthernetView<uint8_t>;
using EthernetConstView = BasicEthernetView<const uint8_t>;

// A VLAN tag view points at the TPID (0x8100 for 802.1Q, 0x88a8 for an
// 802.1ad service tag); the EtherType that follows the tag is read through
// inner_ethertype(), which needs the 2 bytes after the tag to be present.
template <class Byte>
class BasicVlanTagView {
 public:
  explicit BasicVlanTagView(Byte* p) : p_(p) {}
  Byte* data() const { return p_; }

  uint16_t tpid() const { return load_be16(p_); }
  uint16_t tci() const { return load_be16(p_ + 2); }
  uint8_t pcp() const { return static_cast<uint8_t>(tci() >> 13); }  // priority code point
  bool dei() const { return (tci() & 0x1000) != 0; }                 // drop eligible indicator
  uint16_t vid() const { return tci() & 0x0fff; }
  uint16_t inner_ethertype() const { return load_be16(p_ + 4); }

  void set_tpid(uint16_t v) requires(!std::is_const_v<Byte>) { store_be16(p_, v); }
  void set_pcp(uint8_t v) requires(!std::is_const_v<Byte>) {
    store_be16(p_ + 2, static_cast<uint16_t>((tci() & 0x1fff) | ((v & 7) << 13)));
  }
  void set_dei(bool v) requires(!std::is_const_v<Byte>) {
    store_be16(p_ + 2, static_cast<uint16_t>(v ? (tci() | 0x1000) : (tci() & ~0x1000)));
  }
  void set_vid(uint16_t v) requires(!std::is_const_v<Byte>) {
    store_be16(p_ + 2, static_cast<uint16_t>((tci() & 0xf000) | (v & 0x0fff)));
  }
  void set_inner_ethertype(uint16_t v) requires(!std::is_const_v<Byte>) { store_be16(p_ + 4, v); }

 private:
  Byte* p_;
};

using VlanTagView = BasicVlanTagView<uint8_t>;
using VlanTagConstView = BasicVlanTagView<const uint8_t>;

struct VlanTag {
  uint16_t tpid = ethertype::kVlan;
  uint8_t pcp = 0;
  bool dei = false;
  uint16_t vid = 0;
  bool operator==(const VlanTag&) const = default;
};

// What the builder writes and what the parser returns, so that
// parse_ethernet(bytes written by write_ethernet_header(f)) == f.
struct EthernetFields {
  MacAddress dst{};
  MacAddress src{};
  std::array<VlanTag, kMaxVlanTags> vlans{};  // outermost first
  uint8_t vlan_count = 0;
  uint16_t ethertype = 0;  // the payload's EtherType, after the tags
  bool operator==(const EthernetFields&) const = default;
};

// 14 + 4 per tag.
inline std::size_t ethernet_header_length(const EthernetFields& f) {
  return kEthernetHeaderBytes + kVlanTagBytes * std::min<std::size_t>(f.vlan_count, kMaxVlanTags);
}

// Writes ethernet_header_length(f) bytes at p (the caller provides the room).
// A vlan_count above kMaxVlanTags is clamped.
void write_ethernet_header(uint8_t* p, const EthernetFields& f);
// Prepends the header into the packet's headroom; kNoRoom when it is too small.
Expected<void, PacketError> push_ethernet_header(Packet& pkt, const EthernetFields& f);

// Reads the MAC addresses and up to two VLAN tags (any TPID 0x8100 or
// 0x88a8). kTruncated when the bytes end inside the header; kUnsupported for
// a third tag or an 802.3 length field (EtherType < 0x0600) instead of Ethernet II.
Expected<EthernetFields, PacketError> parse_ethernet(std::span<const uint8_t> bytes);

// "00:11:01:00:00:01" (six pairs of hex digits separated by colons, either
// case), as Junos prints a MAC; nullopt for anything else.
std::optional<MacAddress> parse_mac(std::string_view text);
// Lower case, colon separated, as Junos prints it.
std::string format_mac(const MacAddress& mac);

}  // namespace trio6sim
