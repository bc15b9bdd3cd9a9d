// Writes Wireshark's `esp_sa` table (a UAT file in the Wireshark
// configuration folder) so that captures of the core links show the
// decrypted inner packets. Format as Wireshark 4.0 reads it (tested with
// tshark in tests/interop): protocol, source, destination, SPI, encryption
// algorithm, key (with the RFC 4106 salt appended), authentication
// algorithm, authentication key.
#pragma once

#include <string>
#include <vector>

#include "crypto/security_association.h"

namespace trio6sim::report {

std::string esp_sa_line(const crypto::SaConfig& sa);
std::string esp_sa_table(const std::vector<crypto::SaConfig>& sas);

}  // namespace trio6sim::report
