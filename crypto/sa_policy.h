// Names of IPsec algorithms, protocols and modes as operators write them, and
// the refusals inline IPsec on Trio 6 gives for what it does not support [T]:
// AH, transport mode, NULL encryption (RFC 4543 ENCR_NULL_AUTH_AES_GMAC) and
// any ESP cipher other than AES-GCM.
#pragma once

#include <string>
#include <string_view>

#include "packet/expected.h"
#include "security_association.h"

namespace trio6sim::crypto {

// "aes-128-gcm" / "aes-256-gcm" (Junos spelling). Anything else is an error
// that says why, e.g. "NULL encryption (RFC 4543) is not supported by inline IPsec".
Expected<EspCipher, std::string> parse_esp_cipher(std::string_view name);
std::string_view to_string(EspCipher c);

// "esp" is accepted; "ah" is refused with a message.
Expected<void, std::string> check_protocol(std::string_view protocol);
// "tunnel" is accepted; "transport" is refused with a message.
Expected<void, std::string> check_mode(std::string_view mode);

}  // namespace trio6sim::crypto
