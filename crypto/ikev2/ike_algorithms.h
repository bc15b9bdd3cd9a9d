// IKEv2 transform identifiers (IANA "IKEv2 Parameters", RFC 7296 sec. 3.3.2,
// RFC 5282 for AES-GCM in the SK payload, RFC 5903 for the ECP groups) and
// the key and output sizes each one implies. No OpenSSL, no SystemC.
#pragma once

#include <cstddef>
#include <cstdint>

namespace trio6sim::crypto::ikev2 {

enum class EncrId : uint16_t { k3desCbc = 3, kAesCbc = 12, kAesGcm16 = 20 };
enum class PrfId : uint16_t { kHmacSha1 = 2, kHmacSha256 = 5, kHmacSha384 = 6, kHmacSha512 = 7 };
enum class IntegId : uint16_t {
  kNone = 0,
  kHmacSha1_96 = 2,
  kHmacSha256_128 = 12,
  kHmacSha384_192 = 13,
  kHmacSha512_256 = 14,
};

// The algorithms of one IKE SA. The default is what Junos' inline IPsec
// examples negotiate: AES-256-GCM-16, PRF HMAC-SHA256, DH group 19.
struct IkeSuite {
  EncrId encr = EncrId::kAesGcm16;
  uint16_t encr_key_bits = 256;
  PrfId prf = PrfId::kHmacSha256;
  IntegId integ = IntegId::kNone;
  uint16_t dh_group = 19;
};

// Key bytes of the cipher proper: 24 for 3DES, key_bits / 8 for AES.
std::size_t encr_key_bytes(EncrId, uint16_t key_bits);
// Bytes appended to SK_e: 4 for AES-GCM (RFC 5282 sec. 7.1: the salt), else 0.
std::size_t encr_salt_bytes(EncrId);
// Cipher block size (padding unit, CBC IV size): 8 for 3DES, 16 for AES-CBC, 1 for GCM.
std::size_t encr_block_bytes(EncrId);
// Explicit IV carried in the SK payload: 8 for 3DES-CBC and AES-GCM, 16 for AES-CBC.
std::size_t encr_iv_bytes(EncrId);
// Authentication tag appended to the SK payload by the cipher itself (16 for GCM-16, else 0).
std::size_t encr_icv_bytes(EncrId);
bool is_aead(EncrId);
std::size_t integ_key_bytes(IntegId);
std::size_t integ_icv_bytes(IntegId);
std::size_t prf_bytes(PrfId);
// The MODP groups 2, 5, 14, 15, 16 (RFC 2409, RFC 3526) and ECP groups 19,
// 20, 21 (RFC 5903).
bool dh_group_supported(uint16_t group);
// The KE payload's data length for a supported group (len(p), or 2 x coordinate length).
std::size_t dh_public_bytes(uint16_t group);

}  // namespace trio6sim::crypto::ikev2
