#include "esp_transform.h"

#include <array>
#include <cstring>

#include "esp_format.h"
#include "packet/bytes.h"

namespace trio6sim::crypto {

namespace {

struct AadNonce {
  uint8_t aad[12];
  std::size_t aad_bytes;
  std::array<uint8_t, kGcmNonceBytes> nonce;
};

AadNonce make_aad_nonce(const EspTransformInput& in, const uint8_t* iv) {
  AadNonce a;
  store_be32(a.aad, in.spi);
  if (in.esn) {
    store_be32(a.aad + 4, static_cast<uint32_t>(in.sequence >> 32));
    store_be32(a.aad + 8, static_cast<uint32_t>(in.sequence));
    a.aad_bytes = 12;
  } else {
    store_be32(a.aad + 4, static_cast<uint32_t>(in.sequence));
    a.aad_bytes = 8;
  }
  store_be32(a.nonce.data(), in.salt);
  std::memcpy(a.nonce.data() + 4, iv, kEspIvBytes);
  return a;
}

}  // namespace

bool esp_encrypt(AesGcm& gcm, const EspTransformInput& in, uint8_t* esp, std::size_t sealed_bytes, std::size_t lane) {
  store_be32(esp, in.spi);
  store_be32(esp + 4, static_cast<uint32_t>(in.sequence));
  const uint8_t* iv = esp + kEspHeaderBytes;
  const AadNonce a = make_aad_nonce(in, iv);
  uint8_t* payload = esp + kEspHeaderBytes + kEspIvBytes;
  return gcm.seal(a.nonce, {a.aad, a.aad_bytes}, {payload, sealed_bytes}, payload,
                  std::span<uint8_t, kGcmTagBytes>(payload + sealed_bytes, kGcmTagBytes), lane);
}

bool esp_decrypt(AesGcm& gcm, const EspTransformInput& in, uint8_t* esp, std::size_t sealed_bytes) {
  const uint8_t* iv = esp + kEspHeaderBytes;
  const AadNonce a = make_aad_nonce(in, iv);
  uint8_t* payload = esp + kEspHeaderBytes + kEspIvBytes;
  return gcm.open(a.nonce, {a.aad, a.aad_bytes}, {payload, sealed_bytes}, payload,
                  std::span<const uint8_t, kGcmTagBytes>(payload + sealed_bytes, kGcmTagBytes));
}

bool esp_decrypt_to(AesGcm& gcm, const EspTransformInput& in, const uint8_t* esp, std::size_t sealed_bytes,
                    uint8_t* out) {
  const AadNonce a = make_aad_nonce(in, esp + kEspHeaderBytes);
  const uint8_t* payload = esp + kEspHeaderBytes + kEspIvBytes;
  return gcm.open(a.nonce, {a.aad, a.aad_bytes}, {payload, sealed_bytes}, out,
                  std::span<const uint8_t, kGcmTagBytes>(payload + sealed_bytes, kGcmTagBytes));
}

}  // namespace trio6sim::crypto
