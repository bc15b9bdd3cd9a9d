// VXLAN (RFC 7348 section 5): an 8-byte header after UDP carrying a 24-bit
// VXLAN Network Identifier, followed by the inner Ethernet frame.
//
//   |R|R|R|R|I|R|R|R|            Reserved                    |
//   |     VXLAN Network Identifier (VNI)       |   Reserved   |
#pragma once

#include <cstdint>
#include <span>
#include <type_traits>

#include "bytes.h"
#include "expected.h"
#include "packet_error.h"

namespace trio6sim {

inline constexpr std::size_t kVxlanHeaderBytes = 8;
inline constexpr uint16_t kVxlanUdpPort = 4789;  // IANA, RFC 7348 section 5
inline constexpr uint8_t kVxlanFlagI = 0x08;     // "VNI is valid"

template <class Byte>
class BasicVxlanView {
 public:
  explicit BasicVxlanView(Byte* p) : p_(p) {}
  Byte* data() const { return p_; }

  uint8_t flags() const { return p_[0]; }
  bool vni_valid() const { return (p_[0] & kVxlanFlagI) != 0; }
  uint32_t vni() const { return load_be32(p_ + 4) >> 8; }

  void set_vni(uint32_t v) requires(!std::is_const_v<Byte>) {
    store_be32(p_ + 4, ((v & 0xffffffu) << 8) | p_[7]);
  }

 private:
  Byte* p_;
};

using VxlanView = BasicVxlanView<uint8_t>;
using VxlanConstView = BasicVxlanView<const uint8_t>;

// Writes the header with I set, reserved fields zero and the low 24 bits of vni.
void write_vxlan_header(uint8_t* p, uint32_t vni);

// kTruncated under 8 bytes; kUnsupported when I is clear, since RFC 7348
// requires I = 1 and gives no meaning to a header without a valid VNI.
// Reserved bits are ignored on receipt, as the RFC asks.
Expected<VxlanView, PacketError> parse_vxlan(std::span<uint8_t> bytes);
Expected<VxlanConstView, PacketError> parse_vxlan(std::span<const uint8_t> bytes);

}  // namespace trio6sim
