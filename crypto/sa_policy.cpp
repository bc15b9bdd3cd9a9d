#include "sa_policy.h"

#include <algorithm>
#include <array>

namespace trio6sim::crypto {

Expected<EspCipher, std::string> parse_esp_cipher(std::string_view name) {
  if (name == "aes-128-gcm" || name == "aes-gcm-128" || name == "aes-128-gcm-16") return EspCipher::kAes128Gcm;
  if (name == "aes-256-gcm" || name == "aes-gcm-256" || name == "aes-256-gcm-16") return EspCipher::kAes256Gcm;
  if (name == "null" || name.find("gmac") != std::string_view::npos)
    return unexpected(std::string("NULL encryption (RFC 4543) is not supported by inline IPsec: use aes-128-gcm or aes-256-gcm"));
  if (name == "aes-192-gcm")
    return unexpected(std::string("aes-192-gcm is not supported by inline IPsec: use aes-128-gcm or aes-256-gcm"));
  static constexpr std::array<std::string_view, 7> kNonGcm = {"aes-128-cbc", "aes-192-cbc", "aes-256-cbc", "3des-cbc",
                                                              "des-cbc",     "aes-128-ctr", "aes-256-ctr"};
  if (std::find(kNonGcm.begin(), kNonGcm.end(), name) != kNonGcm.end())
    return unexpected("encryption algorithm " + std::string(name) +
                      " is not supported by inline IPsec: only aes-128-gcm and aes-256-gcm");
  return unexpected("unknown encryption algorithm '" + std::string(name) + "': expected aes-128-gcm or aes-256-gcm");
}

std::string_view to_string(EspCipher c) { return c == EspCipher::kAes128Gcm ? "aes-128-gcm" : "aes-256-gcm"; }

Expected<void, std::string> check_protocol(std::string_view protocol) {
  if (protocol == "esp") return {};
  if (protocol == "ah") return unexpected(std::string("AH is not supported by inline IPsec: use protocol esp"));
  return unexpected("unknown IPsec protocol '" + std::string(protocol) + "': expected esp");
}

Expected<void, std::string> check_mode(std::string_view mode) {
  if (mode == "tunnel") return {};
  if (mode == "transport")
    return unexpected(std::string("transport mode is not supported by inline IPsec: only tunnel mode"));
  return unexpected("unknown IPsec mode '" + std::string(mode) + "': expected tunnel");
}

}  // namespace trio6sim::crypto
