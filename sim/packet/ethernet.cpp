#include "ethernet.h"

namespace trio6sim {

namespace {
constexpr bool is_vlan_tpid(uint16_t t) { return t == ethertype::kVlan || t == ethertype::kQinQ; }
// EtherType values below 0x0600 are 802.3 length fields (IEEE 802.3 3.2.6).
constexpr uint16_t kMinEthertype = 0x0600;
}  // namespace

void write_ethernet_header(uint8_t* p, const EthernetFields& f) {
  EthernetView eth(p);
  eth.set_dst(f.dst);
  eth.set_src(f.src);
  const std::size_t tags = std::min<std::size_t>(f.vlan_count, kMaxVlanTags);
  // Each tag's TPID sits where the previous EtherType would be.
  uint8_t* q = p + 12;
  for (std::size_t i = 0; i < tags; ++i, q += kVlanTagBytes) {
    const VlanTag& t = f.vlans[i];
    store_be16(q, t.tpid);
    store_be16(q + 2, static_cast<uint16_t>(((t.pcp & 7) << 13) | (t.dei ? 0x1000 : 0) | (t.vid & 0x0fff)));
  }
  store_be16(q, f.ethertype);
}

Expected<void, PacketError> push_ethernet_header(Packet& pkt, const EthernetFields& f) {
  uint8_t* p = pkt.push_front(ethernet_header_length(f));
  if (p == nullptr) return unexpected(PacketError::kNoRoom);
  write_ethernet_header(p, f);
  return {};
}

Expected<EthernetFields, PacketError> parse_ethernet(std::span<const uint8_t> bytes) {
  const auto present = static_cast<uint32_t>(std::min<std::size_t>(bytes.size(), UINT32_MAX));
  if (bytes.size() < kEthernetHeaderBytes)
    return unexpected(PacketError(PacketError::kTruncated, PacketField::kEthernetHeader, present, kEthernetHeaderBytes));
  EthernetFields f;
  std::copy_n(bytes.data(), 6, f.dst.begin());
  std::copy_n(bytes.data() + 6, 6, f.src.begin());
  std::size_t type_at = 12;  // offset of the current EtherType/TPID
  uint16_t type = load_be16(bytes.data() + type_at);
  while (is_vlan_tpid(type)) {
    if (f.vlan_count == kMaxVlanTags)
      return unexpected(PacketError(PacketError::kUnsupported, PacketField::kVlanTags, f.vlan_count + 1, kMaxVlanTags));
    if (bytes.size() < type_at + kVlanTagBytes + 2)
      return unexpected(PacketError(PacketError::kTruncated, PacketField::kEthernetHeader, present,
                                    static_cast<uint32_t>(type_at + kVlanTagBytes + 2)));
    VlanTagConstView tag(bytes.data() + type_at);
    f.vlans[f.vlan_count++] = VlanTag{tag.tpid(), tag.pcp(), tag.dei(), tag.vid()};
    type_at += kVlanTagBytes;
    type = tag.inner_ethertype();
  }
  if (type < kMinEthertype) return unexpected(PacketError(PacketError::kUnsupported, PacketField::kEthertype, type));
  f.ethertype = type;
  return f;
}

std::optional<MacAddress> parse_mac(std::string_view text) {
  if (text.size() != 17) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  MacAddress mac{};
  for (std::size_t i = 0; i < 6; ++i) {
    const int hi = nibble(text[3 * i]), lo = nibble(text[3 * i + 1]);
    if (hi < 0 || lo < 0 || (i < 5 && text[3 * i + 2] != ':')) return std::nullopt;
    mac[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return mac;
}

std::string format_mac(const MacAddress& mac) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < 6; ++i) {
    if (i) s += ':';
    s += kHex[mac[i] >> 4];
    s += kHex[mac[i] & 15];
  }
  return s;
}

}  // namespace trio6sim
