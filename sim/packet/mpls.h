// MPLS label stack entries (RFC 3032 section 2.1): a 4-byte view, a bounded
// stack parser and a builder that pushes a stack in front of a packet.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <type_traits>

#include "bytes.h"
#include "expected.h"
#include "packet.h"
#include "packet_error.h"

namespace trio6sim {

inline constexpr std::size_t kMplsLabelBytes = 4;
// Deepest stack the parser walks. Trio parses a bounded number of labels in
// one pass; 8 covers transport + service + entropy label pairs (assumption).
inline constexpr std::size_t kMaxMplsLabels = 8;

// Reserved label values (RFC 3032 section 2.1, RFC 7274).
namespace mpls_label {
inline constexpr uint32_t kIpv4ExplicitNull = 0;
inline constexpr uint32_t kRouterAlert = 1;
inline constexpr uint32_t kIpv6ExplicitNull = 2;
inline constexpr uint32_t kImplicitNull = 3;  // signalled only, never on the wire
inline constexpr uint32_t kEntropyLabelIndicator = 7;  // RFC 6790
}  // namespace mpls_label

// Label (20 bits) | TC (3 bits, RFC 5462) | S (bottom of stack) | TTL (8 bits).
template <class Byte>
class BasicMplsView {
 public:
  explicit BasicMplsView(Byte* p) : p_(p) {}
  Byte* data() const { return p_; }

  uint32_t label() const { return load_be32(p_) >> 12; }
  uint8_t tc() const { return static_cast<uint8_t>((p_[2] >> 1) & 7); }
  bool bottom_of_stack() const { return (p_[2] & 1) != 0; }
  uint8_t ttl() const { return p_[3]; }

  void set_label(uint32_t v) requires(!std::is_const_v<Byte>) {
    store_be32(p_, (load_be32(p_) & 0xfffu) | ((v & 0xfffffu) << 12));
  }
  void set_tc(uint8_t v) requires(!std::is_const_v<Byte>) {
    p_[2] = static_cast<uint8_t>((p_[2] & 0xf1) | ((v & 7) << 1));
  }
  void set_bottom_of_stack(bool v) requires(!std::is_const_v<Byte>) {
    p_[2] = static_cast<uint8_t>(v ? (p_[2] | 1) : (p_[2] & 0xfe));
  }
  void set_ttl(uint8_t v) requires(!std::is_const_v<Byte>) { p_[3] = v; }

 private:
  Byte* p_;
};

using MplsView = BasicMplsView<uint8_t>;
using MplsConstView = BasicMplsView<const uint8_t>;

struct MplsLabel {
  uint32_t label = 0;  // 20 bits; higher bits are dropped when written
  uint8_t tc = 0;
  uint8_t ttl = 64;
  bool operator==(const MplsLabel&) const = default;
};

// A parsed stack, top (outermost) label first. The S bit is implied: it is
// set on the last entry and only there.
struct MplsStack {
  std::array<MplsLabel, kMaxMplsLabels> labels{};
  uint8_t depth = 0;
  std::size_t length() const { return depth * kMplsLabelBytes; }
};

// Walks entries until the one with S set. kTruncated when the bytes end
// first; kUnsupported when more than kMaxMplsLabels entries precede it.
Expected<MplsStack, PacketError> parse_mpls_stack(std::span<const uint8_t> bytes);

// Writes `labels` (top first) at p, with S set on the last one only.
void write_mpls_stack(uint8_t* p, std::span<const MplsLabel> labels);
// Prepends `labels` (top first) to the packet, the last one marked bottom of
// stack. To push labels on top of an existing stack, pass bottom = false so
// that no new entry is marked S. kNoRoom when the
// headroom is too small, kUnsupported for more than kMaxMplsLabels labels.
Expected<void, PacketError> push_mpls_stack(Packet& pkt, std::span<const MplsLabel> labels, bool bottom = true);

}  // namespace trio6sim
