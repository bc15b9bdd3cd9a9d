// The RFC 4106 transform itself, on an ESP packet laid out in memory as
//   SPI(4) | Seq(4) | IV(8) | plaintext (inner + padding + pad length + next header) | ICV(16)
// OutboundSa and InboundSa wrap it with the tunnel headers, the trailer and
// the replay window; known-answer tests call it directly on published packets.
#pragma once

#include <cstddef>
#include <cstdint>

#include "aes_gcm.h"

namespace trio6sim::crypto {

struct EspTransformInput {
  uint32_t spi;
  uint64_t sequence;  // full 64-bit value; the packet carries the low 32 bits
  bool esn;           // AAD with the high 32 bits (RFC 4106 section 5)
  uint32_t salt;      // nonce = salt || IV (RFC 4106 section 4)
};

// Writes SPI and low sequence bits at esp[0..8), leaves the IV at esp[8..16)
// as the caller wrote it, encrypts the `sealed_bytes` after it in place and
// writes the ICV behind them. Returns false only on an OpenSSL error.
// `lane`: the sealing context to use (AesGcm::ensure_lanes), one per thread.
bool esp_encrypt(AesGcm& gcm, const EspTransformInput& in, uint8_t* esp, std::size_t sealed_bytes,
                 std::size_t lane = 0);

// Verifies the ICV and decrypts the `sealed_bytes` after the IV in place.
// False when the ICV does not verify.
bool esp_decrypt(AesGcm& gcm, const EspTransformInput& in, uint8_t* esp, std::size_t sealed_bytes);

// The same, writing the plaintext to `out` (sealed_bytes long) and leaving
// the packet as it was: for a receiver that tries several sequence numbers.
bool esp_decrypt_to(AesGcm& gcm, const EspTransformInput& in, const uint8_t* esp, std::size_t sealed_bytes,
                    uint8_t* out);

}  // namespace trio6sim::crypto
