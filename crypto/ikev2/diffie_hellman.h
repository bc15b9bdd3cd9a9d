// Diffie-Hellman for IKEv2 key exchange (RFC 7296 sec. 2.14, 3.4): the MODP
// groups of RFC 2409 / RFC 3526 and the ECP groups of RFC 5903, over OpenSSL
// 3's EVP_PKEY. Private values are never drawn from OpenSSL's random
// generator: they derive from bytes the caller takes from the simulation's
// seeded generator, so a run's seed fixes every key (docs/ikev2.md).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "packet/expected.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace trio6sim::crypto::ikev2 {

class DhKeyPair {  // movable, not copyable
 public:
  // The private value derives deterministically from `private_seed` (>= 64
  // bytes from the simulation's seeded generator): never from OpenSSL's RNG,
  // so a seed always gives the same bytes. An error text for an unsupported
  // group or a short seed.
  static Expected<DhKeyPair, std::string> generate(uint16_t group, std::span<const uint8_t> private_seed);
  // A key pair from a given private value (big-endian; for known-answer tests
  // such as RFC 5903 sec. 8). Must lie in [1, order - 1] (ECP) or [2, p - 2] (MODP).
  static Expected<DhKeyPair, std::string> from_private(uint16_t group, std::span<const uint8_t> private_value);

  DhKeyPair(DhKeyPair&&) noexcept;
  DhKeyPair& operator=(DhKeyPair&&) noexcept;
  DhKeyPair(const DhKeyPair&) = delete;
  DhKeyPair& operator=(const DhKeyPair&) = delete;
  ~DhKeyPair();

  uint16_t group() const { return group_; }
  // The KE payload's data: MODP g^x mod p left-padded to len(p); ECP x || y
  // (RFC 5903 sec. 7), each coordinate padded to the field size.
  const std::vector<uint8_t>& public_value() const { return public_; }
  // The private value, big-endian, padded to the order's (ECP) or p's (MODP) size.
  const std::vector<uint8_t>& private_value() const { return private_; }
  // g^ir: MODP padded to len(p); ECP the x coordinate (RFC 5903 sec. 7).
  // Refuses invalid peer values: a wrong length, off-curve points, 0, 1 and
  // p - 1 (and anything >= p) for MODP.
  Expected<std::vector<uint8_t>, std::string> shared_secret(std::span<const uint8_t> peer_public) const;

 private:
  struct PkeyFree {
    void operator()(evp_pkey_st*) const;
  };
  DhKeyPair() = default;

  uint16_t group_ = 0;
  std::vector<uint8_t> public_;
  std::vector<uint8_t> private_;
  std::unique_ptr<evp_pkey_st, PkeyFree> pkey_;
};

}  // namespace trio6sim::crypto::ikev2
