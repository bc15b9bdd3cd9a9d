// Writes Wireshark's `ikev2_decryption_table` (a UAT file in the Wireshark
// configuration folder) so that captures of IKEv2 exchanges show the
// decrypted SK payloads. One line per IKE SA (rekeyed ones too): initiator
// SPI, responder SPI, SK_ei, SK_er, "encryption name", SK_ai, SK_ar,
// "integrity name", as Wireshark's epan/dissectors/packet-isakmp.c reads it
// (tested with tshark in tests/interop/test_tshark_ikev2.py).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "crypto/ikev2/ike_algorithms.h"
#include "crypto/ikev2/key_derivation.h"

namespace trio6sim::report {

struct Ikev2TableEntry {
  uint64_t spi_i, spi_r;
  crypto::ikev2::IkeSuite suite;
  crypto::ikev2::IkeSaKeys keys;
};

// Wireshark's names for the suite's encryption and integrity algorithms
// (packet-isakmp.c's ikev2_encr_algs / ikev2_auth_algs tables).
std::string ikev2_encryption_name(const crypto::ikev2::IkeSuite&);
std::string ikev2_integrity_name(const crypto::ikev2::IkeSuite&);
std::string ikev2_decryption_line(const Ikev2TableEntry&);
std::string ikev2_decryption_table(const std::vector<Ikev2TableEntry>&);

}  // namespace trio6sim::report
