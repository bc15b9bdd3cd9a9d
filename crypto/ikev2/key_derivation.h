// IKEv2 key derivation (RFC 7296 sec. 2.13-2.18) over OpenSSL 3's EVP_MAC:
// prf, prf+, SKEYSEED and the seven SK_* keys, the rekeyed IKE SA's keys, the
// pre-shared-key AUTH value and Child SA keying material.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "crypto/ikev2/ike_algorithms.h"

namespace trio6sim::crypto::ikev2 {

// prf(key, data): HMAC with the PRF's hash (RFC 2104; RFC 4868 for SHA-2).
std::vector<uint8_t> prf(PrfId, std::span<const uint8_t> key, std::span<const uint8_t> data);
// prf+ (sec. 2.13): T1 | T2 | ... truncated to `length`; T_n = prf(K, T_{n-1} | S | n).
// Throws std::invalid_argument when `length` needs more than 255 blocks.
std::vector<uint8_t> prf_plus(PrfId, std::span<const uint8_t> key, std::span<const uint8_t> seed,
                              std::size_t length);

struct IkeSaKeys {
  std::vector<uint8_t> skeyseed, sk_d, sk_ai, sk_ar, sk_ei, sk_er, sk_pi, sk_pr;
};

// SKEYSEED = prf(Ni | Nr, g^ir); {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi |
// SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr) (sec. 2.14). For AES-GCM SK_e
// includes the 4-byte salt (RFC 5282) and SK_a is empty. SK_d, SK_pi and SK_pr
// are prf_bytes(prf) long. (For the HMAC prfs of this library the key is used
// whole, as RFC 7296 says for prfs that take variable-length keys.)
IkeSaKeys derive_ike_sa_keys(const IkeSuite&, std::span<const uint8_t> ni, std::span<const uint8_t> nr,
                             std::span<const uint8_t> g_ir, uint64_t spi_i, uint64_t spi_r);
// A rekeyed IKE SA (sec. 2.18): SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr)
// with the old SA's prf, then the new suite's keys from prf+(SKEYSEED, Ni | Nr |
// SPIi | SPIr) with the new prf and the new SPIs.
IkeSaKeys derive_rekeyed_ike_sa_keys(const IkeSuite& new_suite, PrfId old_prf, std::span<const uint8_t> old_sk_d,
                                     std::span<const uint8_t> g_ir, std::span<const uint8_t> ni,
                                     std::span<const uint8_t> nr, uint64_t spi_i, uint64_t spi_r);
// Pre-shared-key AUTH (sec. 2.15): prf(prf(PSK, "Key Pad for IKEv2"),
// <SignedOctets>), SignedOctets = the sender's first message (its IKE_SA_INIT
// as sent) | the peer's nonce data | prf(SK_p of the sender, ID payload body
// (ID type, 3 reserved bytes, data)).
std::vector<uint8_t> psk_auth(PrfId, std::span<const uint8_t> psk, std::span<const uint8_t> first_message,
                              std::span<const uint8_t> peer_nonce, std::span<const uint8_t> sk_p,
                              std::span<const uint8_t> id_body);

// Child SA keying material (sec. 2.17): KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr);
// the initiator-to-responder key first, then responder-to-initiator, each
// `key_bytes` long (AES-GCM ESP: key || 4-byte salt, RFC 4106 sec. 8.1).
struct ChildSaKeys {
  std::vector<uint8_t> initiator_to_responder, responder_to_initiator;
};
ChildSaKeys derive_child_sa_keys(PrfId, std::span<const uint8_t> sk_d, std::span<const uint8_t> g_ir_or_empty,
                                 std::span<const uint8_t> ni, std::span<const uint8_t> nr, std::size_t key_bytes);

}  // namespace trio6sim::crypto::ikev2
