#include "vxlan.h"

namespace trio6sim {

void write_vxlan_header(uint8_t* p, uint32_t vni) {
  store_be32(p, uint32_t{kVxlanFlagI} << 24);
  store_be32(p + 4, (vni & 0xffffffu) << 8);
}

namespace {
template <class Byte>
Expected<BasicVxlanView<Byte>, PacketError> parse_vxlan_impl(std::span<Byte> bytes) {
  if (bytes.size() < kVxlanHeaderBytes)
    return unexpected(PacketError(PacketError::kTruncated, PacketField::kVxlanHeader,
                                  static_cast<uint32_t>(bytes.size()), kVxlanHeaderBytes));
  BasicVxlanView<Byte> v(bytes.data());
  if (!v.vni_valid()) return unexpected(PacketError(PacketError::kUnsupported, PacketField::kVxlanFlags, v.flags()));
  return v;
}
}  // namespace

Expected<VxlanView, PacketError> parse_vxlan(std::span<uint8_t> bytes) { return parse_vxlan_impl(bytes); }
Expected<VxlanConstView, PacketError> parse_vxlan(std::span<const uint8_t> bytes) { return parse_vxlan_impl(bytes); }

}  // namespace trio6sim
