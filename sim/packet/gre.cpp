#include "gre.h"

#include "checksum.h"

namespace trio6sim {

Expected<std::size_t, PacketError> write_gre_header(std::span<uint8_t> out, const GreFields& f) {
  const std::size_t len = gre_header_length(f);
  if (out.size() < len) return unexpected(PacketError::kNoRoom);
  uint8_t* p = out.data();
  const uint16_t flags = static_cast<uint16_t>((f.checksum_present ? gre_flag::kChecksum : 0) |
                                               (f.key ? gre_flag::kKey : 0) | (f.sequence ? gre_flag::kSequence : 0));
  store_be16(p, flags);
  store_be16(p + 2, f.protocol);
  std::size_t off = kGreBaseHeaderBytes;
  if (f.checksum_present) {
    store_be32(p + off, 0);  // checksum and Reserved1 are zero while summing
    off += 4;
  }
  if (f.key) {
    store_be32(p + off, *f.key);
    off += 4;
  }
  if (f.sequence) store_be32(p + off, *f.sequence);
  if (f.checksum_present) store_be16(p + kGreBaseHeaderBytes, internet_checksum(out));
  return len;
}

Expected<void, PacketError> push_gre_header(Packet& pkt, const GreFields& f) {
  if (pkt.push_front(gre_header_length(f)) == nullptr) return unexpected(PacketError::kNoRoom);
  auto written = write_gre_header(pkt.bytes(), f);
  if (!written) return unexpected(written.error());
  return {};
}

Expected<GreHeader, PacketError> parse_gre(std::span<const uint8_t> bytes) {
  const auto present = static_cast<uint32_t>(bytes.size());
  if (bytes.size() < kGreBaseHeaderBytes)
    return unexpected(PacketError(PacketError::kTruncated, PacketField::kGreHeader, present, kGreBaseHeaderBytes));
  GreConstView v(bytes.data());
  if (v.version() != 0 || (v.flags() & gre_flag::kMustBeZero) != 0)
    return unexpected(PacketError(PacketError::kUnsupported, PacketField::kGreFlags, v.flags()));
  GreHeader h;
  h.length = v.header_length();
  if (bytes.size() < h.length)
    return unexpected(PacketError(PacketError::kTruncated, PacketField::kGreHeader, present,
                                  static_cast<uint32_t>(h.length)));
  h.fields.protocol = v.protocol();
  h.fields.checksum_present = v.checksum_present();
  std::size_t off = kGreBaseHeaderBytes;
  if (v.checksum_present()) {
    h.checksum = load_be16(bytes.data() + off);
    off += 4;
  }
  if (v.key_present()) {
    h.fields.key = load_be32(bytes.data() + off);
    off += 4;
  }
  if (v.sequence_present()) h.fields.sequence = load_be32(bytes.data() + off);
  return h;
}

bool gre_checksum_ok(std::span<const uint8_t> bytes) {
  if (bytes.size() < kGreBaseHeaderBytes) return false;
  if (!GreConstView(bytes.data()).checksum_present()) return true;
  return internet_checksum(bytes) == 0;
}

}  // namespace trio6sim
