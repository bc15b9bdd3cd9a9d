#include "crypto/ikev2/ike_algorithms.h"

namespace trio6sim::crypto::ikev2 {

std::size_t encr_key_bytes(EncrId id, uint16_t key_bits) {
  switch (id) {
    case EncrId::k3desCbc: return 24;
    case EncrId::kAesCbc:
    case EncrId::kAesGcm16: return key_bits / 8;
  }
  return 0;
}

std::size_t encr_salt_bytes(EncrId id) { return id == EncrId::kAesGcm16 ? 4 : 0; }

std::size_t encr_block_bytes(EncrId id) {
  switch (id) {
    case EncrId::k3desCbc: return 8;
    case EncrId::kAesCbc: return 16;
    case EncrId::kAesGcm16: return 1;
  }
  return 1;
}

std::size_t encr_iv_bytes(EncrId id) {
  switch (id) {
    case EncrId::k3desCbc: return 8;
    case EncrId::kAesCbc: return 16;
    case EncrId::kAesGcm16: return 8;  // RFC 5282 sec. 3.1
  }
  return 0;
}

std::size_t encr_icv_bytes(EncrId id) { return id == EncrId::kAesGcm16 ? 16 : 0; }

bool is_aead(EncrId id) { return id == EncrId::kAesGcm16; }

std::size_t integ_key_bytes(IntegId id) {
  switch (id) {
    case IntegId::kNone: return 0;
    case IntegId::kHmacSha1_96: return 20;  // RFC 2404
    case IntegId::kHmacSha256_128: return 32;  // RFC 4868 sec. 2.1.1
    case IntegId::kHmacSha384_192: return 48;
    case IntegId::kHmacSha512_256: return 64;
  }
  return 0;
}

std::size_t integ_icv_bytes(IntegId id) {
  switch (id) {
    case IntegId::kNone: return 0;
    case IntegId::kHmacSha1_96: return 12;
    case IntegId::kHmacSha256_128: return 16;
    case IntegId::kHmacSha384_192: return 24;
    case IntegId::kHmacSha512_256: return 32;
  }
  return 0;
}

std::size_t prf_bytes(PrfId id) {
  switch (id) {
    case PrfId::kHmacSha1: return 20;
    case PrfId::kHmacSha256: return 32;
    case PrfId::kHmacSha384: return 48;
    case PrfId::kHmacSha512: return 64;
  }
  return 0;
}

bool dh_group_supported(uint16_t group) { return dh_public_bytes(group) != 0; }

std::size_t dh_public_bytes(uint16_t group) {
  switch (group) {
    case 2: return 128;   // 1024-bit MODP, RFC 2409 sec. 6.2
    case 5: return 192;   // 1536-bit MODP, RFC 3526 sec. 2
    case 14: return 256;  // 2048-bit MODP, RFC 3526 sec. 3
    case 15: return 384;
    case 16: return 512;
    case 19: return 64;   // P-256, RFC 5903
    case 20: return 96;   // P-384
    case 21: return 132;  // P-521
    default: return 0;
  }
}

}  // namespace trio6sim::crypto::ikev2
