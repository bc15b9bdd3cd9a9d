#include "esp_header.h"

namespace trio6sim {

void write_esp_header(uint8_t* p, uint32_t spi, uint32_t sequence) {
  store_be32(p, spi);
  store_be32(p + 4, sequence);
}

namespace {
template <class Byte>
Expected<BasicEspHeaderView<Byte>, PacketError> parse_esp_impl(std::span<Byte> bytes) {
  if (bytes.size() < kEspHeaderBytes)
    return unexpected(PacketError(PacketError::kTruncated, PacketField::kEspHeader,
                                  static_cast<uint32_t>(bytes.size()), kEspHeaderBytes));
  BasicEspHeaderView<Byte> v(bytes.data());
  if (v.spi() == 0) return unexpected(PacketError(PacketError::kUnsupported, PacketField::kEspSpi));
  return v;
}
}  // namespace

Expected<EspHeaderView, PacketError> parse_esp_header(std::span<uint8_t> bytes) { return parse_esp_impl(bytes); }
Expected<EspHeaderConstView, PacketError> parse_esp_header(std::span<const uint8_t> bytes) {
  return parse_esp_impl(bytes);
}

}  // namespace trio6sim
