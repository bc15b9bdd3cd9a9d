// The SAs the ESP fuzz targets use, picked by one input byte so that the
// fuzzer explores every shape of SA: outer IPv4 or IPv6, UDP encapsulation
// or not, ESN or not, anti-replay on (64) or off (0), AES-128 or AES-256.
#pragma once

#include <cstdint>

#include "crypto/security_association.h"

namespace trio6sim::fuzz {

struct SaChoice {
  crypto::SaConfig sa;
  crypto::CipherMode mode = crypto::CipherMode::kAesGcm;
};

inline SaChoice sa_from_byte(uint8_t choice) {
  SaChoice c;
  crypto::SaConfig& sa = c.sa;
  const bool v6 = choice & 0x01;
  sa.spi = 0x6d0c6331;
  sa.cipher = (choice & 0x20) ? crypto::EspCipher::kAes128Gcm : crypto::EspCipher::kAes256Gcm;
  sa.key.resize(crypto::key_bytes(sa.cipher));
  for (std::size_t i = 0; i < sa.key.size(); ++i) sa.key[i] = static_cast<uint8_t>(i * 7 + 1);
  sa.salt = 0xcafebabe;
  sa.esn = choice & 0x04;
  sa.replay_window = (choice & 0x08) ? 0 : 64;
  sa.source = *IpAddress::parse(v6 ? "2001:db8:13:10::1" : "13.10.1.1");
  sa.destination = *IpAddress::parse(v6 ? "2001:db8:13:10::2" : "13.10.2.2");
  if (choice & 0x02) sa.udp_encap = crypto::UdpEncapsulation{};  // source port from the flow hash, to 4500
  sa.df = crypto::DfPolicy::kCopy;
  // Framing only: every check but the cipher, so random bytes reach the
  // trailer checks that an ICV would otherwise stop.
  if (choice & 0x10) c.mode = crypto::CipherMode::kFramingOnly;
  return c;
}

}  // namespace trio6sim::fuzz
