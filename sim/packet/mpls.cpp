#include "mpls.h"

namespace trio6sim {

Expected<MplsStack, PacketError> parse_mpls_stack(std::span<const uint8_t> bytes) {
  MplsStack stack;
  for (std::size_t off = 0;; off += kMplsLabelBytes) {
    if (stack.depth == kMaxMplsLabels)
      return unexpected(PacketError(PacketError::kUnsupported, PacketField::kMplsStack, stack.depth, kMaxMplsLabels));
    if (bytes.size() < off + kMplsLabelBytes)
      return unexpected(PacketError(PacketError::kTruncated, PacketField::kMplsLabel, static_cast<uint32_t>(bytes.size()),
                                    static_cast<uint32_t>(off + kMplsLabelBytes)));
    MplsConstView e(bytes.data() + off);
    stack.labels[stack.depth++] = MplsLabel{e.label(), e.tc(), e.ttl()};
    if (e.bottom_of_stack()) return stack;
  }
}

namespace {
void write_entries(uint8_t* p, std::span<const MplsLabel> labels, bool bottom) {
  for (std::size_t i = 0; i < labels.size(); ++i, p += kMplsLabelBytes) {
    const MplsLabel& l = labels[i];
    const bool s = bottom && i + 1 == labels.size();
    store_be32(p, ((l.label & 0xfffffu) << 12) | (uint32_t{l.tc & 7u} << 9) | (s ? 0x100u : 0u) | l.ttl);
  }
}
}  // namespace

void write_mpls_stack(uint8_t* p, std::span<const MplsLabel> labels) { write_entries(p, labels, true); }

Expected<void, PacketError> push_mpls_stack(Packet& pkt, std::span<const MplsLabel> labels, bool bottom) {
  if (labels.size() > kMaxMplsLabels) return unexpected(PacketError::kUnsupported);
  uint8_t* p = pkt.push_front(labels.size() * kMplsLabelBytes);
  if (p == nullptr) return unexpected(PacketError::kNoRoom);
  write_entries(p, labels, bottom);
  return {};
}

}  // namespace trio6sim
